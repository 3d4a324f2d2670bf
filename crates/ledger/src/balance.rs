//! Balances: debit and credit turnover ([`Totals`]) and the queries that
//! read them from the books: all-time, as of a date, over a date range
//! (rolled up through the chart), and within one lot.

use crate::account::{AccountCode, Side};
use crate::books::Books;
use crate::error::{self, Result};
use crate::lot::LotId;
use crate::voucher::Voucher;
use chrono::NaiveDate;
use cunwu_core::money::Fen;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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

impl Books {
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
}
