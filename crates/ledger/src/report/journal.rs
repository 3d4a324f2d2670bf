//! 序时账 (journal: vouchers in date order) and 明细账 (general ledger of
//! one account with its running balance).

use crate::account::AccountCode;
use crate::books::{Books, Totals};
use crate::error::{self, Result};
use crate::voucher::{Line, Voucher, VoucherId};
use chrono::NaiveDate;
use cunwu_core::money::Fen;
use serde::{Deserialize, Serialize};

/// One voucher in the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// Voucher id.
    pub id: VoucherId,
    /// `2026-11 A-0003`.
    pub label: String,
    /// Date.
    pub date: NaiveDate,
    /// Summary.
    pub summary: String,
    /// Lines with account names: (line, account name).
    pub lines: Vec<(Line, String)>,
    /// True for a red-ink reversal.
    pub reversal: bool,
    /// True when a later voucher reversed this one.
    pub reversed: bool,
}

fn in_range(v: &Voucher, from: NaiveDate, to: NaiveDate) -> bool {
    v.body.date >= from && v.body.date <= to
}

fn sorted(books: &Books, from: NaiveDate, to: NaiveDate) -> Vec<&Voucher> {
    let mut list: Vec<&Voucher> = books
        .vouchers()
        .iter()
        .filter(|v| in_range(v, from, to))
        .collect();
    list.sort_by(|a, b| {
        (a.body.date, &a.series, a.number).cmp(&(b.body.date, &b.series, b.number))
    });
    list
}

/// Vouchers dated in `[from, to]`, by date, series and number.
pub fn journal(books: &Books, from: NaiveDate, to: NaiveDate) -> Vec<JournalEntry> {
    sorted(books, from, to)
        .into_iter()
        .map(|v| JournalEntry {
            id: v.id.clone(),
            label: v.label(),
            date: v.body.date,
            summary: v.body.summary.clone(),
            lines: v
                .body
                .lines
                .iter()
                .map(|l| {
                    (
                        l.clone(),
                        books
                            .chart()
                            .get(&l.account)
                            .map(|a| a.name.clone())
                            .unwrap_or_default(),
                    )
                })
                .collect(),
            reversal: v.is_reversal(),
            reversed: books.is_reversed(&v.id),
        })
        .collect()
}

/// One row of an account's ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerRow {
    /// Date.
    pub date: NaiveDate,
    /// Voucher label.
    pub voucher: String,
    /// Line memo, or the voucher summary.
    pub summary: String,
    /// Debit.
    pub debit: Fen,
    /// Credit.
    pub credit: Fen,
    /// Running balance, debit − credit.
    pub balance: Fen,
}

/// An account's ledger for `[from, to]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneralLedger {
    /// Account.
    pub code: AccountCode,
    /// Name.
    pub name: String,
    /// Balance before `from`, debit − credit.
    pub opening: Fen,
    /// Rows.
    pub rows: Vec<LedgerRow>,
    /// Period turnover.
    pub period: Totals,
    /// Balance at `to`, debit − credit.
    pub closing: Fen,
}

/// The ledger of `code` (a control account includes its sub-accounts).
pub fn general_ledger(
    books: &Books,
    code: &AccountCode,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<GeneralLedger> {
    let account = books.chart().require(code)?;
    let covers = |c: &AccountCode| c == code || books.chart().path(c).contains(code);
    let opening = match from.pred_opt() {
        Some(day) => books.totals_between(code, None, Some(day))?.net()?,
        None => Fen::ZERO,
    };
    let mut balance = opening;
    let mut period = Totals::default();
    let mut rows = Vec::new();
    for v in sorted(books, from, to) {
        for l in v.body.lines.iter().filter(|l| covers(&l.account)) {
            balance = error::add(balance, l.net()?)?;
            period = period.plus(Totals {
                debit: l.debit,
                credit: l.credit,
            })?;
            rows.push(LedgerRow {
                date: v.body.date,
                voucher: v.label(),
                summary: if l.memo.is_empty() {
                    v.body.summary.clone()
                } else {
                    l.memo.clone()
                },
                debit: l.debit,
                credit: l.credit,
                balance,
            });
        }
    }
    Ok(GeneralLedger {
        code: code.clone(),
        name: account.name.clone(),
        opening,
        rows,
        period,
        closing: balance,
    })
}
