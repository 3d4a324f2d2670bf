//! Each step of a lot as a plan: the event to record, the sub-accounts to
//! open and the vouchers to post, exactly as DOMAIN.md's worked example
//! (V1 收购 … V6 付款到户). [`record`] carries a plan out in one
//! all-or-nothing [`Books::commit`].

use crate::account::{AccountCode, MemberNo, NewAccount, Role};
use crate::books::Books;
use crate::error::{LedgerError, Result};
use crate::fact::LedgerFact;
use crate::lot::{Lot, LotEvent, LotId, LotStep};
use crate::lot_state::LotPhase;
use crate::price::UnitPrice;
use crate::series::DeviceSeries;
use crate::voucher::{Line, Signers, VoucherBody, VoucherSource};
use chrono::NaiveDate;
use cunwu_core::hlc::Hlc;
use cunwu_core::money::{Fen, Grams, WeightUnit};

/// Who records a step, where and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LotContext {
    /// Device and its voucher series.
    pub device: DeviceSeries,
    /// HLC stamp for the event.
    pub hlc: Hlc,
    /// Business date.
    pub date: NaiveDate,
    /// People signing the vouchers.
    pub signers: Signers,
}

/// A step ready to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LotPlan {
    /// Sub-accounts to open first.
    pub accounts: Vec<NewAccount>,
    /// Vouchers posted before the event's own (e.g. a reversal).
    pub pre: Vec<VoucherBody>,
    /// The event's vouchers.
    pub bodies: Vec<VoucherBody>,
    /// The event (its `vouchers` are filled in by [`record`]).
    pub event: Option<LotEvent>,
}

/// What [`record`] produced, for the store to keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// Ledger facts (accounts opened, vouchers posted), in order.
    pub facts: Vec<LedgerFact>,
    /// The lot event, with its voucher ids.
    pub event: Option<LotEvent>,
}

/// One delivery as entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntakeInput {
    /// Member number.
    pub member: MemberNo,
    /// Household head's name.
    pub name: String,
    /// Head count.
    pub head: u32,
    /// Live weight.
    pub weight: Grams,
    /// Grade.
    pub grade: String,
    /// Agreed price.
    pub price: UnitPrice,
}

/// One household to pay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayoutRequest {
    /// Member.
    pub member: MemberNo,
    /// What for.
    pub kind: crate::lot::PayoutKind,
    /// Amount; `None` pays everything still owed.
    pub amount: Option<Fen>,
}

pub(crate) fn body(
    ctx: &LotContext,
    lot: &LotId,
    summary: String,
    lines: Vec<Line>,
) -> VoucherBody {
    VoucherBody {
        date: ctx.date,
        summary,
        lines,
        signers: ctx.signers.clone(),
        attachments: 0,
        reverses: None,
        source: VoucherSource::Lot { lot: lot.clone() },
    }
}

pub(crate) fn event(ctx: &LotContext, lot: &LotId, step: LotStep) -> LotEvent {
    LotEvent {
        lot: lot.clone(),
        date: ctx.date,
        device: ctx.device.device.clone(),
        hlc: ctx.hlc,
        vouchers: Vec::new(),
        step,
    }
}

pub(crate) fn role_code(books: &Books, role: Role) -> Result<AccountCode> {
    Ok(books.chart().by_role(role)?.code.clone())
}

pub(crate) fn kg(g: Grams) -> String {
    g.format(WeightUnit::Kg)
}

/// Open a lot on `ctx.device`, opening the raw product's stock account if
/// needed. Returns the lot and what to store.
pub fn open_lot(
    books: &mut Books,
    id: LotId,
    name: &str,
    raw_product: &str,
    ctx: &LotContext,
) -> Result<(Lot, Recorded)> {
    if id.0.trim().is_empty() || name.trim().is_empty() {
        return Err(LedgerError::invalid("批次", "请填写批次编号和名称"));
    }
    let (raw_account, new) = books.chart().product_account(raw_product)?;
    let e = event(
        ctx,
        &id,
        LotStep::Opened {
            name: name.trim().to_string(),
            raw_product: raw_product.trim().to_string(),
            raw_account,
        },
    );
    let lot = Lot::from_opened(&e)?;
    let facts = books.commit(
        &new.into_iter().collect::<Vec<_>>(),
        Vec::new(),
        &ctx.device,
    )?;
    Ok((
        lot,
        Recorded {
            facts,
            event: Some(e),
        },
    ))
}

/// Carry out a plan: commit its accounts and vouchers, fill the event's
/// voucher ids and add it to the lot. Nothing changes on refusal.
pub fn record(
    books: &mut Books,
    lot: &mut Lot,
    plan: LotPlan,
    dev: &DeviceSeries,
) -> Result<Recorded> {
    let n_pre = plan.pre.len();
    let mut bodies = plan.pre;
    bodies.extend(plan.bodies);
    let facts = books.commit(&plan.accounts, bodies, dev)?;
    let ids: Vec<_> = facts
        .iter()
        .filter_map(|f| match f {
            LedgerFact::VoucherPosted { voucher } => Some(voucher.id.clone()),
            _ => None,
        })
        .skip(n_pre)
        .collect();
    let event = plan.event.map(|mut e| {
        e.vouchers = ids;
        e
    });
    if let Some(e) = &event {
        lot.apply(e)?;
    }
    Ok(Recorded { facts, event })
}

impl Lot {
    pub(crate) fn open_phase(&self, books: &Books) -> Result<LotPhase> {
        let phase = self.state(books)?.phase;
        if phase == LotPhase::Closed {
            return Err(LedgerError::Lot(format!(
                "批次“{}”已经结束，不能再办理",
                self.name
            )));
        }
        Ok(phase)
    }
}
