//! The invariants of the books, checked on demand: the trial balance is
//! zero and every control account equals the sum of its sub-accounts (so
//! member sub-ledgers always sum to 成员往来 and 应付盈余返还).

use crate::account::AccountCode;
use crate::balance::Totals;
use crate::books::Books;
use cunwu_core::money::Fen;
use serde::{Deserialize, Serialize};

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

impl Books {
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
}
