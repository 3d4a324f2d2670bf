//! Vouchers for other crates' tests (feature `test-support`, enabled only
//! as a dev-dependency): the same fixture wherever a test posts vouchers
//! and sends them through sync, so the hub's chain check and the desktop's
//! chain alarms are tested on one voucher shape.

use crate::{Line, Signers, VoucherBody, VoucherSource};
use chrono::NaiveDate;
use cunwu_core::money::Fen;

/// A 现金收入 voucher dated 2026-11-`day`: `fen` debited to 101 (cash) and
/// credited to 502, signed by four different people, one attachment.
///
/// # Panics
///
/// When `day` is not a day of November (a mistake in the test itself).
pub fn cash_in(day: u32, fen: i64) -> VoucherBody {
    VoucherBody {
        date: NaiveDate::from_ymd_opt(2026, 11, day).expect("a day of November 2026"),
        summary: "现金收入".into(),
        lines: vec![Line::debit("101", Fen(fen)), Line::credit("502", Fen(fen))],
        signers: Signers {
            handler: "王芳".into(),
            approver: "李书记".into(),
            accountant: "刘会计".into(),
            cashier: "赵出纳".into(),
        },
        attachments: 1,
        reverses: None,
        source: VoucherSource::Manual,
    }
}
