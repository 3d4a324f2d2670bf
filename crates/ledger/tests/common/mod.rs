//! Shared set-up for the ledger's integration tests: the co-op chart, the
//! people who sign, the ten households of DOMAIN.md's worked example.
#![allow(dead_code)]

use chrono::NaiveDate;
use cunwu_core::hlc::Hlc;
use cunwu_core::money::{Fen, Grams};
use cunwu_ledger::*;

/// A date, for tests.
pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

/// The signers of every test voucher: 会计 and 出纳 are different people.
pub fn signers() -> Signers {
    Signers {
        handler: "王芳".into(),
        approver: "李书记".into(),
        accountant: "刘会计".into(),
        cashier: "赵出纳".into(),
    }
}

/// Fresh co-op books.
pub fn coop_books() -> Books {
    Books::new(
        Chart::from_template(ChartTemplate::Coop2008).expect("coop chart"),
        LedgerSettings::default(),
    )
}

/// A device and its series.
pub fn device(id: &str, series: &str) -> DeviceSeries {
    DeviceSeries::new(id, series).expect("device")
}

/// A lot context on `dev` at `date`, HLC `ms`.
pub fn ctx(dev: &DeviceSeries, date: NaiveDate, ms: i64) -> LotContext {
    LotContext {
        device: dev.clone(),
        hlc: Hlc { ms, counter: 0 },
        date,
        signers: signers(),
    }
}

/// A manual voucher.
pub fn manual(date: NaiveDate, summary: &str, lines: Vec<Line>) -> VoucherBody {
    VoucherBody {
        date,
        summary: summary.into(),
        lines,
        signers: signers(),
        attachments: 1,
        reverses: None,
        source: VoucherSource::Manual,
    }
}

/// Member number.
pub fn m(no: &str) -> MemberNo {
    MemberNo::parse(no).expect("member number")
}

/// The ten households of the worked example: (number, name, head, weight in
/// units of 0.1 kg). Total 480 kg.
pub const HOUSEHOLDS: [(&str, &str, u32, i64); 10] = [
    ("H01", "张德明", 3, 540),
    ("H02", "李桂兰", 3, 516),
    ("H03", "王建国", 3, 554),
    ("H04", "赵春生", 2, 442),
    ("H05", "刘玉珍", 3, 505),
    ("H06", "陈永福", 2, 447),
    ("H07", "杨秀英", 2, 380),
    ("H08", "黄志强", 3, 496),
    ("H09", "周丽华", 2, 397),
    ("H10", "吴大山", 3, 523),
];

/// Intake rows at 2,800 fen/kg (odd-numbered households quoted 1,400 fen/斤,
/// the same price).
pub fn intake_inputs() -> Vec<IntakeInput> {
    HOUSEHOLDS
        .iter()
        .enumerate()
        .map(|(i, (no, name, head, dkg))| IntakeInput {
            member: m(no),
            name: (*name).into(),
            head: *head,
            weight: Grams(dkg * 100),
            grade: if i % 3 == 0 {
                "一等".into()
            } else {
                "二等".into()
            },
            price: if i % 2 == 0 {
                UnitPrice::per_jin(1_400)
            } else {
                UnitPrice::per_kg(2_800)
            },
        })
        .collect()
}

/// The lines of a voucher as (account, debit, credit) for compact asserts.
pub fn lines(v: &Voucher) -> Vec<(String, i64, i64)> {
    v.body
        .lines
        .iter()
        .map(|l| (l.account.0.clone(), l.debit.0, l.credit.0))
        .collect()
}

/// The vouchers among `facts`.
pub fn vouchers(facts: &[LedgerFact]) -> Vec<Voucher> {
    facts
        .iter()
        .filter_map(|f| match f {
            LedgerFact::VoucherPosted { voucher } => Some(voucher.clone()),
            _ => None,
        })
        .collect()
}

/// Balance of `code` in its normal direction.
pub fn bal(books: &Books, code: &str) -> i64 {
    books.balance(&AccountCode::new(code)).expect("balance").0
}

/// Fen shorthand.
pub fn fen(v: i64) -> Fen {
    Fen(v)
}
