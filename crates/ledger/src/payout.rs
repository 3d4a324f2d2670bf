//! Paying households (V6 付款到户), closing a lot, and catching a double
//! payment made on two devices while offline.
//!
//! A payout's natural key is (lot, household, kind). A device refuses to
//! pay a key it already sees paid. Two devices that cannot see each other
//! may both pay; after sync, [`find_duplicate_payouts`] orders the payouts
//! of each key by HLC, then device, then voucher id (the same order on every
//! replica), keeps the first and flags the rest. A flagged payout is never
//! silently counted: the household shows as overpaid and the lot cannot
//! close until a person acts. [`Lot::plan_duplicate_fix`] is that one
//! action: a red-ink reversal of the duplicate's voucher and, when that
//! voucher also paid other households, their payouts posted again.

use crate::account::{MemberNo, Role};
use crate::books::Books;
use crate::error::{self, LedgerError, Result};
use crate::lot::{Lot, LotId, LotStep, PayFrom, Payout, PayoutKind};
use crate::lot_plan::{body, event, LotContext, LotPlan, PayoutRequest};
use crate::voucher::{Line, VoucherBody, VoucherId};
use chrono::NaiveDate;
use cunwu_core::hlc::Hlc;
use cunwu_core::money::Fen;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A payout's natural key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PayoutKey {
    /// Lot.
    pub lot: LotId,
    /// Household.
    pub member: MemberNo,
    /// What for.
    pub kind: PayoutKind,
}

/// One live payout, as [`find_duplicate_payouts`] sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutRecord {
    /// Natural key.
    pub key: PayoutKey,
    /// Amount.
    pub amount: Fen,
    /// Business date.
    pub date: NaiveDate,
    /// Device that recorded it.
    pub device: String,
    /// Its HLC stamp.
    pub hlc: Hlc,
    /// The voucher that paid it.
    pub voucher: VoucherId,
}

/// A key paid more than once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicatePayout {
    /// The key.
    pub key: PayoutKey,
    /// The payout that stands (first by HLC, device, voucher).
    pub kept: PayoutRecord,
    /// The later ones, flagged for a person.
    pub duplicates: Vec<PayoutRecord>,
}

/// The live payouts of a lot (payouts whose voucher is not reversed).
pub fn payout_records(lot: &Lot, books: &Books) -> Vec<PayoutRecord> {
    let mut out = Vec::new();
    for e in lot.live_events(books) {
        if let (LotStep::Payout { payouts, .. }, Some(v)) = (&e.step, e.vouchers.first()) {
            for p in payouts {
                out.push(PayoutRecord {
                    key: PayoutKey {
                        lot: lot.id.clone(),
                        member: p.member.clone(),
                        kind: p.kind,
                    },
                    amount: p.amount,
                    date: e.date,
                    device: e.device.clone(),
                    hlc: e.hlc,
                    voucher: v.clone(),
                });
            }
        }
    }
    out
}

/// Keys paid more than once, in key order; within each, the first by
/// (HLC, device, voucher) is kept and the rest are flagged.
pub fn find_duplicate_payouts(records: &[PayoutRecord]) -> Vec<DuplicatePayout> {
    let mut by_key: BTreeMap<&PayoutKey, Vec<&PayoutRecord>> = BTreeMap::new();
    for r in records {
        by_key.entry(&r.key).or_default().push(r);
    }
    by_key
        .into_iter()
        .filter(|(_, list)| list.len() > 1)
        .map(|(key, mut list)| {
            list.sort_by(|a, b| {
                (a.hlc, &a.device, &a.voucher).cmp(&(b.hlc, &b.device, &b.voucher))
            });
            DuplicatePayout {
                key: key.clone(),
                kept: list[0].clone(),
                duplicates: list[1..].iter().map(|r| (*r).clone()).collect(),
            }
        })
        .collect()
}

impl Lot {
    /// V6 付款到户: Dr each household's member account / Cr cash or bank.
    /// Any device may pay; a key already paid here is refused.
    pub fn plan_payout(
        &self,
        books: &Books,
        ctx: &LotContext,
        requests: Vec<PayoutRequest>,
        paid_from: PayFrom,
    ) -> Result<LotPlan> {
        let s = self.state(books)?;
        if s.phase == crate::lot_state::LotPhase::Closed {
            return Err(LedgerError::Lot(format!(
                "批次“{}”已经结束，不能再付款",
                self.name
            )));
        }
        if requests.is_empty() {
            return Err(LedgerError::invalid("付款", "请选择要付款的农户"));
        }
        let paid: BTreeSet<PayoutKey> = payout_records(self, books)
            .into_iter()
            .map(|r| r.key)
            .collect();
        let member_parent = books.chart().by_role(Role::MemberCurrent)?.code.clone();
        let mut seen = BTreeSet::new();
        let mut payouts = Vec::new();
        let mut lines = Vec::new();
        for r in requests {
            let key = PayoutKey {
                lot: self.id.clone(),
                member: r.member.clone(),
                kind: r.kind,
            };
            let m = s.members.get(&r.member).ok_or_else(|| {
                LedgerError::Lot(format!("农户 {} 没有向本批次交售，不能付款", r.member))
            })?;
            if paid.contains(&key) || !seen.insert(key) {
                return Err(LedgerError::Lot(format!(
                    "农户 {}（{}）本批次的{}已经支付过，不能重复支付",
                    r.member,
                    m.name,
                    r.kind.label()
                )));
            }
            let amount = r.amount.unwrap_or(m.owed);
            if amount.0 <= 0 {
                return Err(LedgerError::Lot(format!(
                    "农户 {}（{}）没有待付的款项",
                    r.member, m.name
                )));
            }
            if amount > m.owed {
                return Err(LedgerError::Lot(format!(
                    "农户 {}（{}）只应付 {}，不能付 {}",
                    r.member, m.name, m.owed, amount
                )));
            }
            lines.push(
                Line::debit(member_parent.member_child(&r.member), amount)
                    .member(r.member.clone())
                    .memo(format!("{} {}", m.name, r.kind.label())),
            );
            payouts.push(Payout {
                member: r.member,
                kind: r.kind,
                amount,
            });
        }
        let total = error::sum(payouts.iter().map(|p| p.amount))?;
        lines.push(Line::credit(
            books.chart().by_role(paid_from.role())?.code.clone(),
            total,
        ));
        let summary = format!("{} 付款到户 {}户", self.name, payouts.len());
        Ok(LotPlan {
            accounts: Vec::new(),
            pre: Vec::new(),
            bodies: vec![body(ctx, &self.id, summary, lines)],
            event: Some(event(ctx, &self.id, LotStep::Payout { payouts, paid_from })),
        })
    }

    /// Close the lot (owner only), when [`Lot::unsettled`] finds nothing.
    pub fn plan_close(&self, books: &Books, ctx: &LotContext) -> Result<LotPlan> {
        self.require_owner(&ctx.device.device, "结束批次")?;
        let reasons = self.unsettled(books)?;
        if !reasons.is_empty() {
            return Err(LedgerError::Lot(format!(
                "批次“{}”还不能结束：{}",
                self.name,
                reasons.join("；")
            )));
        }
        Ok(LotPlan {
            accounts: Vec::new(),
            pre: Vec::new(),
            bodies: Vec::new(),
            event: Some(event(ctx, &self.id, LotStep::Closed)),
        })
    }

    /// The one action that settles a flagged duplicate: reverse the voucher
    /// that carried `duplicate` (red ink) and post again the other payouts
    /// that voucher carried, except any that are themselves flagged.
    pub fn plan_duplicate_fix(
        &self,
        books: &Books,
        ctx: &LotContext,
        duplicate: &PayoutRecord,
    ) -> Result<LotPlan> {
        let records = payout_records(self, books);
        let flagged: BTreeSet<(PayoutKey, VoucherId)> = find_duplicate_payouts(&records)
            .into_iter()
            .flat_map(|d| d.duplicates.into_iter().map(|r| (r.key, r.voucher)))
            .collect();
        if !flagged.contains(&(duplicate.key.clone(), duplicate.voucher.clone())) {
            return Err(LedgerError::Lot(
                "这笔付款没有被标记为重复，不需要冲销".into(),
            ));
        }
        let e = self
            .live_events(books)
            .find(|e| e.vouchers.first() == Some(&duplicate.voucher))
            .ok_or_else(|| LedgerError::UnknownVoucher {
                id: duplicate.voucher.to_string(),
            })?;
        let (payouts, paid_from) = match &e.step {
            LotStep::Payout { payouts, paid_from } => (payouts.clone(), *paid_from),
            _ => return Err(LedgerError::Lot("这张凭证不是付款凭证".into())),
        };
        let mut reversal = books.reversal(&duplicate.voucher, ctx.date, ctx.signers.clone())?;
        reversal.summary = format!("重复付款冲销：{}", reversal.summary);
        let keep: Vec<Payout> = payouts
            .into_iter()
            .filter(|p| {
                let key = PayoutKey {
                    lot: self.id.clone(),
                    member: p.member.clone(),
                    kind: p.kind,
                };
                !flagged.contains(&(key, duplicate.voucher.clone()))
            })
            .collect();
        let (bodies, event) = if keep.is_empty() {
            (Vec::new(), None)
        } else {
            let (b, e) = self.reentry(books, ctx, keep, paid_from)?;
            (vec![b], Some(e))
        };
        Ok(LotPlan {
            accounts: Vec::new(),
            pre: vec![reversal],
            bodies,
            event,
        })
    }

    fn reentry(
        &self,
        books: &Books,
        ctx: &LotContext,
        payouts: Vec<Payout>,
        paid_from: PayFrom,
    ) -> Result<(VoucherBody, crate::lot::LotEvent)> {
        let member_parent = books.chart().by_role(Role::MemberCurrent)?.code.clone();
        let mut lines: Vec<Line> = payouts
            .iter()
            .map(|p| {
                Line::debit(member_parent.member_child(&p.member), p.amount)
                    .member(p.member.clone())
                    .memo(p.kind.label())
            })
            .collect();
        let total = error::sum(payouts.iter().map(|p| p.amount))?;
        lines.push(Line::credit(
            books.chart().by_role(paid_from.role())?.code.clone(),
            total,
        ));
        let summary = format!("{} 重新登记未重复的付款 {}户", self.name, payouts.len());
        Ok((
            body(ctx, &self.id, summary, lines),
            event(ctx, &self.id, LotStep::Payout { payouts, paid_from }),
        ))
    }
}
