//! Reports as data rows (the CLI prints them, the UI shows them, the
//! exporter writes them to .xlsx): journal, general ledger, trial balance,
//! balance sheet, income statement, member statement.

mod financial;
mod journal;
mod member;
mod trial_balance;

pub use financial::{balance_sheet, income_statement, BalanceSheet, IncomeStatement, StatementRow};
pub use journal::{general_ledger, journal, GeneralLedger, JournalEntry, LedgerRow};
pub use member::{member_statement, MemberStatement, MemberStatementRow, MemberVolumeRow};
pub use trial_balance::{
    roll_up, trial_balance, trial_balance_from_leaves, Columns, TrialBalance, TrialBalanceRow,
};

use crate::account::Side;
use cunwu_core::money::Fen;

/// A signed net (debit − credit) as 借/贷/平 and a non-negative amount.
pub fn direction(net: Fen) -> (&'static str, Fen) {
    match net.0 {
        0 => ("平", Fen::ZERO),
        n if n > 0 => (Side::Debit.label(), net),
        n => (Side::Credit.label(), Fen(n.saturating_neg())),
    }
}
