//! What a lot shows: phase, stock, each household's delivery and what it is
//! still owed, P&L, and whether it may close. Computed from the lot's
//! events and its vouchers in the books; an event whose vouchers have all
//! been reversed no longer counts.

use crate::account::{AccountCode, MemberNo, Role};
use crate::books::Books;
use crate::error::{self, Result};
use crate::lot::{Lot, LotEvent, LotStep, PayoutKind};
use crate::voucher::VoucherId;
use cunwu_core::money::{Fen, Grams};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where a lot stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LotPhase {
    /// 收购中: taking deliveries; raw stock may be sold as is.
    Collecting,
    /// 加工中: raw stock is in production cost.
    Processing,
    /// 已完工: finished goods in stock, being sold.
    Finished,
    /// 已结束.
    Closed,
}

/// Stock of one product within a lot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stock {
    /// Stock account.
    pub account: AccountCode,
    /// Quantity on hand.
    pub quantity: Grams,
    /// Cost on hand (from the lot's vouchers).
    pub cost: Fen,
}

/// One household in a lot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct MemberPosition {
    /// Name on the intake lines.
    pub name: String,
    /// Head delivered.
    pub head: u32,
    /// Weight delivered.
    pub weight: Grams,
    /// Purchase amount.
    pub amount: Fen,
    /// Paid so far (live payouts).
    pub paid: Fen,
    /// Still owed by the co-op (its member account within this lot:
    /// credit − debit); negative when overpaid.
    pub owed: Fen,
    /// Live payouts: kind, amount, voucher.
    pub payouts: Vec<(PayoutKind, Fen, VoucherId)>,
}

/// The lot's profit and loss.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct LotPnl {
    /// Sales revenue (经营收入).
    pub revenue: Fen,
    /// Cost of goods sold.
    pub cost_of_sales: Fen,
    /// Costs charged directly to 经营支出 (paid outside processing).
    pub expenses: Fen,
    /// revenue − cost of sales − expenses.
    pub margin: Fen,
}

/// A lot as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotState {
    /// Phase.
    pub phase: LotPhase,
    /// Households by member number.
    pub members: BTreeMap<MemberNo, MemberPosition>,
    /// Raw stock.
    pub raw: Stock,
    /// Production cost in process.
    pub wip: Fen,
    /// Finished stock, once finished.
    pub finished: Option<Stock>,
    /// Processing costs charged to production.
    pub processing_costs: Fen,
    /// P&L.
    pub pnl: LotPnl,
}

impl Lot {
    /// True when an event still counts: it generated no vouchers, or at
    /// least one of them is on the books (not quarantined) and not reversed.
    pub fn is_live(e: &LotEvent, books: &Books) -> bool {
        e.vouchers.is_empty()
            || e.vouchers
                .iter()
                .any(|v| books.voucher(v).is_some() && !books.is_reversed(v))
    }

    /// The events that still count.
    pub fn live_events<'a>(&'a self, books: &'a Books) -> impl Iterator<Item = &'a LotEvent> + 'a {
        self.events.iter().filter(move |e| Lot::is_live(e, books))
    }

    /// Compute the lot's state.
    pub fn state(&self, books: &Books) -> Result<LotState> {
        let mut phase = LotPhase::Collecting;
        let mut members: BTreeMap<MemberNo, MemberPosition> = BTreeMap::new();
        let mut raw_qty = Grams(0);
        let mut finished: Option<(AccountCode, Grams)> = None;
        let (mut processing_costs, mut expenses, mut cost_of_sales) =
            (Fen::ZERO, Fen::ZERO, Fen::ZERO);
        let less = |a: Grams, b: Grams| {
            a.0.checked_sub(b.0)
                .map(Grams)
                .ok_or(error::LedgerError::Overflow)
        };
        let g = |a: Grams, b: i64| {
            a.0.checked_add(b)
                .map(Grams)
                .ok_or(error::LedgerError::Overflow)
        };
        for e in self.live_events(books) {
            match &e.step {
                LotStep::Opened { .. } => {}
                LotStep::Intake { lines } => {
                    for l in lines {
                        let m = members.entry(l.member.clone()).or_default();
                        m.name.clone_from(&l.name);
                        m.head = m
                            .head
                            .checked_add(l.head)
                            .ok_or(error::LedgerError::Overflow)?;
                        m.weight = g(m.weight, l.weight.0)?;
                        m.amount = error::add(m.amount, l.amount)?;
                        raw_qty = g(raw_qty, l.weight.0)?;
                    }
                }
                LotStep::Processing { quantity, .. } => {
                    phase = LotPhase::Processing;
                    raw_qty = less(raw_qty, *quantity)?;
                }
                LotStep::Cost {
                    items, capitalised, ..
                } => {
                    let total = error::sum(items.iter().map(|i| i.amount))?;
                    if *capitalised {
                        processing_costs = error::add(processing_costs, total)?;
                    } else {
                        expenses = error::add(expenses, total)?;
                    }
                }
                LotStep::Finished {
                    account, output, ..
                } => {
                    phase = LotPhase::Finished;
                    let prev = finished.as_ref().map(|(_, q)| *q).unwrap_or_default();
                    finished = Some((account.clone(), g(prev, output.0)?));
                }
                LotStep::Sale {
                    quantity,
                    cost,
                    from_account,
                    ..
                } => {
                    cost_of_sales = error::add(cost_of_sales, *cost)?;
                    if *from_account == self.raw_account {
                        raw_qty = less(raw_qty, *quantity)?;
                    } else if let Some((_, q)) = finished.as_mut() {
                        *q = less(*q, *quantity)?;
                    }
                }
                LotStep::Payout { payouts, .. } => {
                    let vid = e.vouchers.first().cloned().unwrap_or(VoucherId {
                        device: e.device.clone(),
                        seq: 0,
                    });
                    for p in payouts {
                        let m = members.entry(p.member.clone()).or_default();
                        m.paid = error::add(m.paid, p.amount)?;
                        m.payouts.push((p.kind, p.amount, vid.clone()));
                    }
                }
                LotStep::Closed => phase = LotPhase::Closed,
            }
        }
        let member_role = books.chart().by_role(Role::MemberCurrent)?.code.clone();
        for (no, m) in members.iter_mut() {
            let t = books.lot_totals(&self.id, &member_role.member_child(no))?;
            m.owed = error::sub(t.credit, t.debit)?;
        }
        let net = |code: &AccountCode| books.lot_totals(&self.id, code).and_then(|t| t.net());
        let production = books.chart().by_role(Role::ProductionCost)?.code.clone();
        let revenue_code = books.chart().by_role(Role::OperatingRevenue)?.code.clone();
        let revenue = error::neg(net(&revenue_code)?)?;
        let margin = error::sub(error::sub(revenue, cost_of_sales)?, expenses)?;
        let finished = match finished {
            Some((account, quantity)) => Some(Stock {
                cost: net(&account)?,
                account,
                quantity,
            }),
            None => None,
        };
        Ok(LotState {
            phase,
            members,
            raw: Stock {
                account: self.raw_account.clone(),
                quantity: raw_qty,
                cost: net(&self.raw_account)?,
            },
            wip: net(&production)?,
            finished,
            processing_costs,
            pnl: LotPnl {
                revenue,
                cost_of_sales,
                expenses,
                margin,
            },
        })
    }

    /// Why the lot cannot close yet (empty when it can): every household
    /// paid exactly what it is owed, no duplicate payout waiting, nothing
    /// in process or in stock.
    pub fn unsettled(&self, books: &Books) -> Result<Vec<String>> {
        let s = self.state(books)?;
        let mut out = Vec::new();
        if s.phase == LotPhase::Closed {
            out.push("批次已经结束".to_string());
        }
        if s.phase == LotPhase::Processing || s.wip.0 != 0 {
            out.push(format!("还有加工中的生产成本 {}，请先登记完工入库", s.wip));
        }
        if s.raw.quantity.0 != 0 || s.raw.cost.0 != 0 {
            out.push(format!(
                "{}还有库存 {}（成本 {}）未售出",
                self.raw_product,
                s.raw.quantity.format(cunwu_core::money::WeightUnit::Kg),
                s.raw.cost
            ));
        }
        if let Some(f) = &s.finished {
            if f.quantity.0 != 0 || f.cost.0 != 0 {
                out.push(format!(
                    "成品还有库存 {}（成本 {}）未售出",
                    f.quantity.format(cunwu_core::money::WeightUnit::Kg),
                    f.cost
                ));
            }
        }
        for (no, m) in &s.members {
            if m.owed.0 > 0 {
                out.push(format!("农户 {no}（{}）还未付清：尚欠 {}", m.name, m.owed));
            } else if m.owed.0 < 0 {
                out.push(format!(
                    "农户 {no}（{}）多付了 {}，请核实并冲销重复的付款",
                    m.name,
                    Fen(m.owed.0.saturating_neg())
                ));
            }
        }
        for d in crate::payout::find_duplicate_payouts(&crate::payout::payout_records(self, books))
        {
            out.push(format!(
                "农户 {} 的{}重复支付，请先处理",
                d.key.member,
                d.key.kind.label()
            ));
        }
        Ok(out)
    }
}
