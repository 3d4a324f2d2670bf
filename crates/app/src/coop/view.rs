//! What the co-op use cases return, shaped for the UI and `--json`
//! (camelCase), with the figures a person reads: lot summaries and pages,
//! accounts with balances, posted vouchers, checked assertions.

use cunwu_core::money::{Fen, Grams};
use cunwu_ledger::assertion::AssertionResult;
use cunwu_ledger::payout::DuplicatePayout;
use cunwu_ledger::report::{JournalEntry, MemberStatement};
use cunwu_ledger::{Books, Lot, LotPhase, LotState, LotStep, Voucher};
use serde::Serialize;

/// Vouchers one action posted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Posted {
    /// The lot concerned, if any.
    pub lot: Option<String>,
    /// Each voucher: id, label (`2026-11 A-0003`), summary, amount.
    pub vouchers: Vec<PostedVoucher>,
}

/// One posted voucher.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PostedVoucher {
    /// `device#seq`.
    pub id: String,
    /// `2026-11 A-0003`.
    pub label: String,
    /// 摘要.
    pub summary: String,
    /// Σ debit.
    pub amount: Fen,
}

impl Posted {
    /// From posted vouchers.
    pub fn new(lot: Option<String>, vouchers: &[Voucher]) -> Posted {
        Posted {
            lot,
            vouchers: vouchers
                .iter()
                .map(|v| PostedVoucher {
                    id: v.id.to_string(),
                    label: v.label(),
                    summary: v.body.summary.clone(),
                    amount: Fen(v
                        .body
                        .lines
                        .iter()
                        .map(|l| l.debit.0)
                        .fold(0i64, i64::saturating_add)),
                })
                .collect(),
        }
    }
}

/// Chinese label of a lot phase.
pub fn phase_label(p: LotPhase) -> &'static str {
    match p {
        LotPhase::Collecting => "收购中",
        LotPhase::Processing => "加工中",
        LotPhase::Finished => "已完工",
        LotPhase::Closed => "已结束",
    }
}

/// A lot in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LotSummary {
    /// Id, e.g. `A-2026-001`.
    pub id: String,
    /// Name.
    pub name: String,
    /// Owning device.
    pub owner: String,
    /// True when this device owns it (intake, costs, sales, closing here).
    pub owned_here: bool,
    /// Date opened.
    pub opened_on: String,
    /// What members deliver.
    pub raw_product: String,
    /// Phase.
    pub phase: LotPhase,
    /// Phase in Chinese.
    pub phase_label: &'static str,
    /// Households delivering.
    pub households: usize,
    /// Σ weight delivered.
    pub weight: Grams,
    /// Σ purchase amount.
    pub purchase: Fen,
    /// Σ paid to households.
    pub paid: Fen,
    /// Σ still owed to households (negative when overpaid).
    pub owed: Fen,
    /// Sales revenue.
    pub revenue: Fen,
    /// Margin.
    pub margin: Fen,
    /// Payouts flagged as duplicates.
    pub duplicates: usize,
}

impl LotSummary {
    /// Summarise a lot from its state.
    pub fn new(lot: &Lot, s: &LotState, device: &str, duplicates: usize) -> LotSummary {
        let sum = |f: fn(&cunwu_ledger::MemberPosition) -> i64| {
            s.members.values().map(f).fold(0i64, i64::saturating_add)
        };
        LotSummary {
            id: lot.id.0.clone(),
            name: lot.name.clone(),
            owner: lot.owner.clone(),
            owned_here: lot.owner == device,
            opened_on: lot.opened_on.to_string(),
            raw_product: lot.raw_product.clone(),
            phase: s.phase,
            phase_label: phase_label(s.phase),
            households: s.members.len(),
            weight: Grams(sum(|m| m.weight.0)),
            purchase: Fen(sum(|m| m.amount.0)),
            paid: Fen(sum(|m| m.paid.0)),
            owed: Fen(sum(|m| m.owed.0)),
            revenue: s.pnl.revenue,
            margin: s.pnl.margin,
            duplicates,
        }
    }
}

/// One event of a lot, as shown on its page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventView {
    /// Business date.
    pub date: String,
    /// Device that recorded it.
    pub device: String,
    /// What happened.
    pub step: LotStep,
    /// Its vouchers' labels.
    pub vouchers: Vec<String>,
    /// False when all its vouchers were reversed (it no longer counts).
    pub live: bool,
}

/// A lot's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LotView {
    /// Summary.
    pub summary: LotSummary,
    /// Stock, members, P&L.
    pub state: LotState,
    /// Why it cannot close yet (empty when it can).
    pub unsettled: Vec<String>,
    /// Events in order.
    pub events: Vec<EventView>,
    /// Its vouchers, with reversals.
    pub vouchers: Vec<JournalEntry>,
    /// Duplicate payouts waiting for a person.
    pub duplicates: Vec<DuplicatePayout>,
}

impl EventView {
    /// From an event.
    pub fn new(e: &cunwu_ledger::LotEvent, books: &Books) -> EventView {
        EventView {
            date: e.date.to_string(),
            device: e.device.clone(),
            step: e.step.clone(),
            vouchers: e
                .vouchers
                .iter()
                .map(|id| {
                    books
                        .voucher(id)
                        .map(Voucher::label)
                        .unwrap_or_else(|| id.to_string())
                })
                .collect(),
            live: Lot::is_live(e, books),
        }
    }
}

/// An account of the chart with its balance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountRow {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// 资产 / 负债 / …
    pub kind: &'static str,
    /// 借 / 贷.
    pub side: &'static str,
    /// Depth, 1 = top level.
    pub level: usize,
    /// Takes postings.
    pub leaf: bool,
    /// The member it belongs to.
    pub member: Option<String>,
    /// Closed (停用).
    pub closed: bool,
    /// Balance in its normal direction.
    pub balance: Fen,
}

/// A cash count or bank statement checked against the books.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AssertionView {
    /// The check.
    pub result: AssertionResult,
    /// True when counted and book agree.
    pub matches: bool,
    /// Chinese description.
    pub message: String,
}

impl From<AssertionResult> for AssertionView {
    fn from(r: AssertionResult) -> Self {
        AssertionView {
            matches: r.matches(),
            message: r.message(),
            result: r,
        }
    }
}

/// A member account statement with the household it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberStatementView {
    /// Member number.
    pub member: String,
    /// Household head's name.
    pub name: String,
    /// The register's household id.
    pub household_id: String,
    /// The statement.
    pub statement: MemberStatement,
}
