//! The books (账簿): the chart, the posted vouchers and the running totals
//! of every account, folded from [`LedgerFact`]s. Posting rules live in
//! [`crate::posting`]; reports read the books in [`crate::report`].
//!
//! Totals are kept for every account on a line's path (the leaf and each
//! ancestor), so [`Books::check`] can compare each control account with the
//! sum of its sub-accounts the way an auditor ties the general ledger to
//! the subsidiary ledgers.

use crate::account::{Account, AccountCode, Side};
use crate::chart::Chart;
use crate::error::{self, LedgerError, Result};
use crate::fact::LedgerFact;
use crate::lot::LotId;
use crate::period::Period;
use crate::settings::LedgerSettings;
use crate::voucher::{Voucher, VoucherId, VoucherSource};
use chrono::NaiveDate;
use cunwu_core::money::Fen;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Debit and credit turnover of an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Totals {
    /// Σ debit.
    pub debit: Fen,
    /// Σ credit.
    pub credit: Fen,
}

impl Totals {
    /// `debit - credit`.
    pub fn net(self) -> Result<Fen> {
        error::sub(self.debit, self.credit)
    }
    /// The balance in the account's normal direction (positive when the
    /// balance is on its normal side).
    pub fn balance(self, side: Side) -> Result<Fen> {
        match side {
            Side::Debit => error::sub(self.debit, self.credit),
            Side::Credit => error::sub(self.credit, self.debit),
        }
    }
    /// Both columns added, checked.
    pub fn plus(self, other: Totals) -> Result<Totals> {
        Ok(Totals {
            debit: error::add(self.debit, other.debit)?,
            credit: error::add(self.credit, other.credit)?,
        })
    }
}

/// A broken invariant found by [`Books::check`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum InvariantBreak {
    /// Σ debit ≠ Σ credit over all top-level accounts.
    TrialBalance {
        /// Σ debit.
        debit: Fen,
        /// Σ credit.
        credit: Fen,
    },
    /// A control account's totals differ from the sum of its sub-accounts.
    Control {
        /// The control account.
        code: AccountCode,
        /// Its own totals.
        control: Totals,
        /// Σ of its sub-accounts.
        children: Totals,
    },
    /// Arithmetic overflowed while checking.
    Overflow,
}

/// The books of one organisation.
#[derive(Debug, Clone)]
pub struct Books {
    pub(crate) chart: Chart,
    pub(crate) settings: LedgerSettings,
    pub(crate) closed: BTreeSet<Period>,
    pub(crate) vouchers: Vec<Voucher>,
    pub(crate) by_id: BTreeMap<VoucherId, usize>,
    pub(crate) reversed_by: BTreeMap<VoucherId, VoucherId>,
    /// device → (last seq, last chain hash).
    pub(crate) heads: BTreeMap<String, (u64, String)>,
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
    pub fn head(&self, device: &str) -> Option<(u64, &str)> {
        self.heads.get(device).map(|(s, h)| (*s, h.as_str()))
    }
    /// Numbers used in (series, period).
    pub fn numbers(&self, series: &str, period: Period) -> Vec<u32> {
        self.numbers
            .get(&(series.to_string(), period))
            .map(|s| s.iter().copied().collect())
            .unwrap_or_default()
    }

    /// All-time totals of an account (a control account includes its
    /// sub-accounts).
    pub fn totals(&self, code: &AccountCode) -> Totals {
        self.totals.get(code).copied().unwrap_or_default()
    }

    /// All-time balance in the account's normal direction.
    pub fn balance(&self, code: &AccountCode) -> Result<Fen> {
        let a = self.chart.require(code)?;
        self.totals(code).balance(a.side)
    }

    /// Totals of `code` (and its sub-accounts) over vouchers dated in
    /// `[from, to]` (either bound open when `None`).
    pub fn totals_between(
        &self,
        code: &AccountCode,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Totals> {
        let mut t = Totals::default();
        for v in &self.vouchers {
            if from.is_some_and(|f| v.body.date < f) || to.is_some_and(|t| v.body.date > t) {
                continue;
            }
            for l in &v.body.lines {
                if l.account == *code || self.chart.path(&l.account).contains(code) {
                    t = t.plus(Totals {
                        debit: l.debit,
                        credit: l.credit,
                    })?;
                }
            }
        }
        Ok(t)
    }

    /// Totals of every account (control accounts include their
    /// sub-accounts) over vouchers dated in `[from, to]` that `keep`
    /// accepts: one pass over the vouchers, then a roll-up.
    pub fn rolled_totals(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        keep: impl Fn(&Voucher) -> bool,
    ) -> Result<BTreeMap<AccountCode, Totals>> {
        let mut leaves: BTreeMap<&AccountCode, Totals> = BTreeMap::new();
        for v in &self.vouchers {
            if from.is_some_and(|f| v.body.date < f)
                || to.is_some_and(|t| v.body.date > t)
                || !keep(v)
            {
                continue;
            }
            for l in &v.body.lines {
                let t = leaves.entry(&l.account).or_default();
                *t = t.plus(Totals {
                    debit: l.debit,
                    credit: l.credit,
                })?;
            }
        }
        let mut rolled: BTreeMap<AccountCode, Totals> = BTreeMap::new();
        for (code, t) in leaves {
            for c in self.chart.path(code) {
                let e = rolled.entry(c).or_default();
                *e = e.plus(t)?;
            }
        }
        Ok(rolled)
    }

    /// Balance (normal direction) at the end of `date`.
    pub fn balance_on(&self, code: &AccountCode, date: NaiveDate) -> Result<Fen> {
        let a = self.chart.require(code)?;
        self.totals_between(code, None, Some(date))?.balance(a.side)
    }

    /// The vouchers a lot generated, with their reversals, in order applied.
    pub fn lot_vouchers<'a>(&'a self, lot: &LotId) -> impl Iterator<Item = &'a Voucher> + 'a {
        self.by_lot
            .get(lot)
            .into_iter()
            .flatten()
            .filter_map(move |&i| self.vouchers.get(i))
    }

    /// Totals of a leaf account over one lot's vouchers (reversals included).
    pub fn lot_totals(&self, lot: &LotId, code: &AccountCode) -> Result<Totals> {
        let mut t = Totals::default();
        for v in self.lot_vouchers(lot) {
            for l in v.body.lines.iter().filter(|l| l.account == *code) {
                t = t.plus(Totals {
                    debit: l.debit,
                    credit: l.credit,
                })?;
            }
        }
        Ok(t)
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

    /// Check the invariants: the trial balance is zero and every control
    /// account equals the sum of its sub-accounts. Empty when all hold.
    pub fn check(&self) -> Vec<InvariantBreak> {
        let mut out = Vec::new();
        let mut all = Totals::default();
        for a in self.chart.accounts() {
            let t = self.totals(&a.code);
            if a.parent.is_none() {
                match all.plus(t) {
                    Ok(s) => all = s,
                    Err(_) => return vec![InvariantBreak::Overflow],
                }
            }
            if a.leaf {
                continue;
            }
            let children = self
                .chart
                .children(&a.code)
                .try_fold(Totals::default(), |acc, c| acc.plus(self.totals(&c.code)));
            match children {
                Ok(c) if c != t => out.push(InvariantBreak::Control {
                    code: a.code.clone(),
                    control: t,
                    children: c,
                }),
                Ok(_) => {}
                Err(_) => out.push(InvariantBreak::Overflow),
            }
        }
        if all.debit != all.credit {
            out.insert(
                0,
                InvariantBreak::TrialBalance {
                    debit: all.debit,
                    credit: all.credit,
                },
            );
        }
        out
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
                (v.id.seq, crate::chain::voucher_hash(v)),
            );
        }
        self.numbers
            .entry((v.series.clone(), v.period()))
            .or_default()
            .insert(v.number);
        self.quarantine.push((v.clone(), e));
    }

    /// Add `v` to the books (already validated): totals along each line's
    /// path, indexes, series numbers, chain head. Totals are computed in
    /// full before anything changes, so an overflow leaves the books as
    /// they were.
    pub(crate) fn insert(&mut self, v: Voucher, hash: String) -> Result<()> {
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
            self.heads.insert(v.id.device.clone(), (v.id.seq, hash));
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
            self.heads
                .insert(v.id.device.clone(), (v.id.seq - 1, v.prev_hash.clone()));
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
