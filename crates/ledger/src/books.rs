//! The books (账簿): the chart, the posted vouchers and the running totals
//! of every account, folded from [`LedgerFact`]s. Posting rules live in
//! [`crate::posting`]; reports read the books in [`crate::report`].
//!
//! Totals are kept for every account on a line's path (the leaf and each
//! ancestor), so [`Books::check`] can compare each control account with the
//! sum of its sub-accounts the way an auditor ties the general ledger to
//! the subsidiary ledgers.

use crate::account::{Account, AccountCode};
pub use crate::balance::Totals;
use crate::chart::Chart;
use crate::error::{LedgerError, Result};
use crate::fact::LedgerFact;
pub use crate::invariant::InvariantBreak;
use crate::lot::LotId;
use crate::period::Period;
use crate::settings::LedgerSettings;
use crate::voucher::{Voucher, VoucherId, VoucherSource};
use cunwu_core::money::Fen;
use std::collections::{BTreeMap, BTreeSet};

/// The books of one organisation.
#[derive(Debug, Clone)]
pub struct Books {
    pub(crate) chart: Chart,
    pub(crate) settings: LedgerSettings,
    pub(crate) closed: BTreeSet<Period>,
    pub(crate) vouchers: Vec<Voucher>,
    pub(crate) by_id: BTreeMap<VoucherId, usize>,
    pub(crate) reversed_by: BTreeMap<VoucherId, VoucherId>,
    /// device → (last seq, its chain hash). `None`: the hash of that
    /// voucher in the books, computed only when asked for, so folding
    /// thousands of vouchers does not hash each one.
    pub(crate) heads: BTreeMap<String, (u64, Option<String>)>,
    /// series → device.
    pub(crate) series_owner: BTreeMap<String, String>,
    pub(crate) numbers: BTreeMap<(String, Period), BTreeSet<u32>>,
    pub(crate) totals: BTreeMap<AccountCode, Totals>,
    pub(crate) by_lot: BTreeMap<LotId, Vec<usize>>,
    /// Vouchers from other devices that the rules refused, with the reason.
    pub(crate) quarantine: Vec<(Voucher, LedgerError)>,
}

impl Books {
    /// Empty books on `chart`.
    pub fn new(chart: Chart, settings: LedgerSettings) -> Books {
        Books {
            chart,
            settings,
            closed: BTreeSet::new(),
            vouchers: Vec::new(),
            by_id: BTreeMap::new(),
            reversed_by: BTreeMap::new(),
            heads: BTreeMap::new(),
            series_owner: BTreeMap::new(),
            numbers: BTreeMap::new(),
            totals: BTreeMap::new(),
            by_lot: BTreeMap::new(),
            quarantine: Vec::new(),
        }
    }

    /// The chart, with every sub-account opened so far.
    pub fn chart(&self) -> &Chart {
        &self.chart
    }
    /// The settings in force.
    pub fn settings(&self) -> &LedgerSettings {
        &self.settings
    }
    /// Replace the settings (they are an editable record, not a fact).
    pub fn set_settings(&mut self, settings: LedgerSettings) {
        self.settings = settings;
    }
    /// True when `period` is closed.
    pub fn is_closed(&self, period: Period) -> bool {
        self.closed.contains(&period)
    }
    /// Every posted voucher, in the order applied.
    pub fn vouchers(&self) -> &[Voucher] {
        &self.vouchers
    }
    /// A voucher by id.
    pub fn voucher(&self, id: &VoucherId) -> Option<&Voucher> {
        self.by_id.get(id).and_then(|&i| self.vouchers.get(i))
    }
    /// The reversal of `id`, if it has been reversed.
    pub fn reversed_by(&self, id: &VoucherId) -> Option<&VoucherId> {
        self.reversed_by.get(id)
    }
    /// True when `id` has been reversed.
    pub fn is_reversed(&self, id: &VoucherId) -> bool {
        self.reversed_by.contains_key(id)
    }
    /// The last sequence number and chain hash of a device.
    pub fn head(&self, device: &str) -> Option<(u64, String)> {
        let (seq, hash) = self.heads.get(device)?;
        let hash = match hash {
            Some(h) => h.clone(),
            None => self
                .voucher(&VoucherId {
                    device: device.to_string(),
                    seq: *seq,
                })
                .map(crate::chain::voucher_hash)
                .unwrap_or_default(),
        };
        Some((*seq, hash))
    }
    /// The set of numbers used in (series, period).
    pub(crate) fn number_set(&self, series: &str, period: Period) -> Option<&BTreeSet<u32>> {
        self.numbers.get(&(series.to_string(), period))
    }
    /// Numbers used in (series, period).
    pub fn numbers(&self, series: &str, period: Period) -> Vec<u32> {
        self.numbers
            .get(&(series.to_string(), period))
            .map(|s| s.iter().copied().collect())
            .unwrap_or_default()
    }

    /// Apply a fact (local or from another device). Integrity rules are
    /// enforced; the same fact twice is a no-op.
    pub fn apply(&mut self, fact: &LedgerFact) -> Result<()> {
        match fact {
            LedgerFact::AccountOpened { account } => self.open_account(account).map(|_| ()),
            LedgerFact::AccountClosed { code } => self.close_account(code),
            LedgerFact::PeriodClosed { period } => {
                self.closed.insert(*period);
                Ok(())
            }
            LedgerFact::VoucherPosted { voucher } => self.apply_voucher(voucher, true).map(|_| ()),
        }
    }

    /// Fold facts into fresh books. Facts the rules refuse (for example a
    /// voucher another device posted into a month already closed, or a
    /// second device's reversal of an original already reversed) are
    /// returned with their index and reason, for a person to see; refused
    /// vouchers stay in [`Books::quarantined`].
    ///
    /// Which of two conflicting facts is refused depends on their order, so
    /// every replica must fold in the same order: the change log's (HLC,
    /// then device, then counter). After a sync that brings facts older
    /// than local ones, rebuild with `replay` rather than applying them on
    /// top, and every replica accepts and refuses the same facts.
    pub fn replay<'a, I>(
        chart: Chart,
        settings: LedgerSettings,
        facts: I,
    ) -> (Books, Vec<(usize, LedgerError)>)
    where
        I: IntoIterator<Item = &'a LedgerFact>,
    {
        let mut books = Books::new(chart, settings);
        let mut refused = Vec::new();
        for (i, f) in facts.into_iter().enumerate() {
            if let Err(e) = books.apply(f) {
                refused.push((i, e));
            }
        }
        (books, refused)
    }

    /// Vouchers recorded on other devices that the rules refused here, with
    /// the reason: shown to a person, never counted in the balances.
    pub fn quarantined(&self) -> &[(Voucher, LedgerError)] {
        &self.quarantine
    }

    /// Every voucher this replica holds, counted or quarantined: what the
    /// hash chains are verified over.
    pub fn all_vouchers(&self) -> Vec<Voucher> {
        self.vouchers
            .iter()
            .chain(self.quarantine.iter().map(|(v, _)| v))
            .cloned()
            .collect()
    }

    /// Keep a refused voucher: its sequence number, chain link and voucher
    /// number stay taken.
    pub(crate) fn quarantine_voucher(&mut self, v: &Voucher, e: LedgerError) {
        if self
            .heads
            .get(&v.id.device)
            .is_none_or(|(s, _)| *s < v.id.seq)
        {
            self.heads.insert(
                v.id.device.clone(),
                (v.id.seq, Some(crate::chain::voucher_hash(v))),
            );
        }
        self.numbers
            .entry((v.series.clone(), v.period()))
            .or_default()
            .insert(v.number);
        self.quarantine.push((v.clone(), e));
    }

    /// Add `v` to the books (already validated): totals along each line's
    /// path, indexes, series numbers, chain head (its hash computed lazily,
    /// see [`Books::head`]). Totals are computed in full before anything
    /// changes, so an overflow leaves the books as they were.
    pub(crate) fn insert(&mut self, v: Voucher) -> Result<()> {
        let mut updated: BTreeMap<AccountCode, Totals> = BTreeMap::new();
        for l in &v.body.lines {
            for code in self.chart.path(&l.account) {
                let cur = updated
                    .get(&code)
                    .copied()
                    .unwrap_or_else(|| self.totals(&code));
                let next = cur.plus(Totals {
                    debit: l.debit,
                    credit: l.credit,
                })?;
                updated.insert(code, next);
            }
        }
        self.totals.extend(updated);
        let idx = self.vouchers.len();
        self.by_id.insert(v.id.clone(), idx);
        if let Some(orig) = &v.body.reverses {
            self.reversed_by.insert(orig.clone(), v.id.clone());
        }
        if self
            .heads
            .get(&v.id.device)
            .is_none_or(|(s, _)| *s < v.id.seq)
        {
            self.heads.insert(v.id.device.clone(), (v.id.seq, None));
        }
        self.series_owner
            .entry(v.series.clone())
            .or_insert_with(|| v.id.device.clone());
        self.numbers
            .entry((v.series.clone(), v.period()))
            .or_default()
            .insert(v.number);
        if let VoucherSource::Lot { lot } = &v.body.source {
            self.by_lot.entry(lot.clone()).or_default().push(idx);
        }
        self.vouchers.push(v);
        Ok(())
    }

    /// Take back the last inserted voucher (rolling back a refused user
    /// action). Totals return exactly to their earlier values.
    pub(crate) fn undo_last(&mut self) {
        let Some(v) = self.vouchers.pop() else { return };
        let idx = self.vouchers.len();
        for l in &v.body.lines {
            for code in self.chart.path(&l.account) {
                if let Some(t) = self.totals.get_mut(&code) {
                    t.debit = Fen(t.debit.0.wrapping_sub(l.debit.0));
                    t.credit = Fen(t.credit.0.wrapping_sub(l.credit.0));
                }
            }
        }
        self.by_id.remove(&v.id);
        if let Some(orig) = &v.body.reverses {
            self.reversed_by.remove(orig);
        }
        if v.id.seq <= 1 {
            self.heads.remove(&v.id.device);
        } else {
            self.heads.insert(
                v.id.device.clone(),
                (v.id.seq - 1, Some(v.prev_hash.clone())),
            );
        }
        if let Some(set) = self.numbers.get_mut(&(v.series.clone(), v.period())) {
            set.remove(&v.number);
        }
        if let VoucherSource::Lot { lot } = &v.body.source {
            if let Some(list) = self.by_lot.get_mut(lot) {
                list.retain(|&i| i != idx);
            }
        }
    }

    /// The account for a line, checked postable (leaf, open).
    pub(crate) fn postable(&self, code: &AccountCode) -> Result<&Account> {
        let a = self.chart.require(code)?;
        if !a.leaf {
            return Err(LedgerError::NotLeaf {
                code: a.code.0.clone(),
                name: a.name.clone(),
            });
        }
        if a.closed {
            return Err(LedgerError::AccountClosed {
                code: a.code.0.clone(),
                name: a.name.clone(),
            });
        }
        Ok(a)
    }
}
