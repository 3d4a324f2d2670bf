//! Balance assertions: a cash count (现金盘点) or a bank statement balance
//! (银行对账单余额) on a date, checked against the books.

use crate::account::AccountCode;
use crate::books::Books;
use crate::error::{self, Result};
use chrono::NaiveDate;
use cunwu_core::money::Fen;
use serde::{Deserialize, Serialize};

/// What was counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssertionKind {
    /// 现金盘点.
    CashCount,
    /// 银行对账单余额.
    BankStatement,
}

impl AssertionKind {
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            AssertionKind::CashCount => "现金盘点",
            AssertionKind::BankStatement => "银行对账单",
        }
    }
}

/// A balance someone observed (a fact).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BalanceAssertion {
    /// Account (a control account covers its sub-accounts).
    pub account: AccountCode,
    /// At the end of this date.
    pub date: NaiveDate,
    /// The amount counted or stated.
    pub amount: Fen,
    /// What kind of count.
    pub kind: AssertionKind,
    /// Who counted.
    pub by: String,
}

/// An assertion checked against the books.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssertionResult {
    /// The assertion.
    pub assertion: BalanceAssertion,
    /// Book balance at the end of the date.
    pub book: Fen,
    /// counted − book (negative: 短款, positive: 长款).
    pub difference: Fen,
}

impl AssertionResult {
    /// True when counted and book agree.
    pub fn matches(&self) -> bool {
        self.difference.0 == 0
    }

    /// Chinese description for the mismatch report.
    pub fn message(&self) -> String {
        let a = &self.assertion;
        let head = format!(
            "{} {}（{}）{}，账面 {}",
            a.date,
            a.kind.label(),
            a.account,
            a.amount,
            self.book
        );
        match self.difference.0 {
            0 => format!("{head}，相符"),
            d if d < 0 => format!("{head}，短款 {}，请查明原因", Fen(d.saturating_neg())),
            _ => format!("{head}，长款 {}，请查明原因", self.difference),
        }
    }
}

/// Check one assertion.
pub fn check_assertion(books: &Books, a: &BalanceAssertion) -> Result<AssertionResult> {
    let book = books.balance_on(&a.account, a.date)?;
    Ok(AssertionResult {
        assertion: a.clone(),
        book,
        difference: error::sub(a.amount, book)?,
    })
}

/// The mismatch report: every assertion that disagrees with the books.
pub fn mismatches(books: &Books, assertions: &[BalanceAssertion]) -> Result<Vec<AssertionResult>> {
    let mut out = Vec::new();
    for a in assertions {
        let r = check_assertion(books, a)?;
        if !r.matches() {
            out.push(r);
        }
    }
    Ok(out)
}
