//! Double payouts made offline on two devices: after sync both devices
//! flag the same payout (the later by HLC, device, voucher), it is never
//! silently counted (the household shows overpaid, the lot cannot close),
//! and one action settles it: a red-ink reversal of the duplicate's
//! voucher, with the other households that voucher paid paid again.

use super::error::{CoopError, CoopResult};
use super::input::{self, SignForm};
use super::view::Posted;
use super::Coop;
use cunwu_ledger::payout::{find_duplicate_payouts, payout_records, PayoutRecord};
use cunwu_ledger::PayoutKind;
use cunwu_store::Store;
use serde::Serialize;

/// A household paid twice for the same thing in one lot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DuplicateView {
    /// Lot id.
    pub lot: String,
    /// Lot name.
    pub lot_name: String,
    /// Member number.
    pub member: String,
    /// Household head's name.
    pub name: String,
    /// What was paid twice.
    pub kind: PayoutKind,
    /// The payout that stands.
    pub kept: PayoutRecord,
    /// The payouts flagged for a person.
    pub duplicates: Vec<PayoutRecord>,
    /// Labels of the flagged payouts' vouchers.
    pub duplicate_vouchers: Vec<String>,
}

impl Coop {
    /// Every flagged duplicate payout, lot by lot.
    pub fn duplicates(&mut self, store: &Store) -> CoopResult<Vec<DuplicateView>> {
        self.ledger.refresh(store)?;
        let books = self.ledger.books();
        let mut out = Vec::new();
        for lot in self.ledger.lots().values() {
            for d in find_duplicate_payouts(&payout_records(lot, books)) {
                let name = self
                    .ledger
                    .members()
                    .get(&d.key.member)
                    .map(|m| m.name.clone())
                    .unwrap_or_default();
                out.push(DuplicateView {
                    lot: lot.id.0.clone(),
                    lot_name: lot.name.clone(),
                    member: d.key.member.0.clone(),
                    name,
                    kind: d.key.kind,
                    duplicate_vouchers: d
                        .duplicates
                        .iter()
                        .map(|r| {
                            books
                                .voucher(&r.voucher)
                                .map(|v| v.label())
                                .unwrap_or_else(|| r.voucher.to_string())
                        })
                        .collect(),
                    kept: d.kept,
                    duplicates: d.duplicates,
                });
            }
        }
        Ok(out)
    }

    /// The one action that settles a flagged duplicate payout of `household`
    /// in `lot` (the first flagged one, or the one paid by `voucher`).
    pub fn fix_duplicate(
        &mut self,
        store: &mut Store,
        lot: &str,
        household: &str,
        voucher: Option<&str>,
        date: Option<&str>,
        sign: &SignForm,
    ) -> CoopResult<Posted> {
        self.ledger.refresh(store)?;
        let member = input::existing_member(store, &self.ledger, household)?;
        let flagged: Vec<PayoutRecord> = self
            .duplicates(store)?
            .into_iter()
            .filter(|d| d.lot == lot.trim() && d.member == member.member.0)
            .flat_map(|d| d.duplicates)
            .collect();
        let books = self.ledger.books();
        let target = flagged
            .into_iter()
            .find(|r| match voucher {
                None => true,
                Some(v) => {
                    r.voucher.to_string() == v.trim()
                        || books
                            .voucher(&r.voucher)
                            .is_some_and(|x| x.label() == v.trim())
                }
            })
            .ok_or_else(|| {
                CoopError::rule(format!(
                    "批次“{lot}”中农户 {}（{}）没有被标记为重复的付款，不需要处理",
                    member.member, member.name
                ))
            })?;
        let date = input::date_or_today(store, date)?;
        let signers = sign.signers(store, &self.ledger)?;
        let ctx = self.ledger.context(store, date, signers)?;
        let rec = self
            .ledger
            .record_step(store, lot, Vec::new(), &ctx, |l, b, c| {
                l.plan_duplicate_fix(b, c, &target)
            })?;
        let vouchers: Vec<_> = rec
            .facts
            .iter()
            .filter_map(|f| match f {
                cunwu_ledger::LedgerFact::VoucherPosted { voucher } => Some(voucher.clone()),
                _ => None,
            })
            .collect();
        Ok(Posted::new(Some(lot.trim().to_string()), &vouchers))
    }
}
