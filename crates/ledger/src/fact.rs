//! The ledger's facts: what the store appends to the change log (as JSON)
//! and folds back into [`crate::Books`] with [`crate::Books::apply`]. Facts
//! are never edited or deleted; applying one twice is a no-op.

use crate::account::{AccountCode, NewAccount};
use crate::period::Period;
use crate::voucher::Voucher;
use serde::{Deserialize, Serialize};

/// One append-only ledger fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "fact", rename_all = "snake_case")]
pub enum LedgerFact {
    /// A sub-account was opened (a member's 114/221 account, a product under 121).
    AccountOpened {
        /// The account.
        account: NewAccount,
    },
    /// An account was closed (停用); it must have a zero balance.
    AccountClosed {
        /// Its code.
        code: AccountCode,
    },
    /// A month was closed (结账): no more postings dated in it.
    PeriodClosed {
        /// The month.
        period: Period,
    },
    /// A voucher was posted.
    VoucherPosted {
        /// The voucher.
        voucher: Voucher,
    },
}

impl LedgerFact {
    /// A stable id for the change log's `entity_id`: `voucher:A-dev#3`,
    /// `account:114.H01`, `account_closed:114.H01`, `period:2026-11`.
    pub fn entity_id(&self) -> String {
        match self {
            LedgerFact::AccountOpened { account } => format!("account:{}", account.code),
            LedgerFact::AccountClosed { code } => format!("account_closed:{code}"),
            LedgerFact::PeriodClosed { period } => format!("period:{period}"),
            LedgerFact::VoucherPosted { voucher } => format!("voucher:{}", voucher.id),
        }
    }
}
