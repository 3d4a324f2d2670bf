//! 成员账户 statement: one household's lines on its per-member accounts
//! (成员往来, 应付盈余返还, 股金 …) with running balances, and its
//! transaction volumes with the co-op lot by lot.

use crate::account::{AccountCode, MemberNo};
use crate::books::Books;
use crate::error::{self, Result};
use crate::lot::{Lot, LotId, LotStep};
use chrono::NaiveDate;
use cunwu_core::money::{Fen, Grams};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One line on a member account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberStatementRow {
    /// Date.
    pub date: NaiveDate,
    /// Voucher label.
    pub voucher: String,
    /// Account.
    pub account: AccountCode,
    /// Account name of the parent (成员往来 …).
    pub account_name: String,
    /// Summary.
    pub summary: String,
    /// Debit.
    pub debit: Fen,
    /// Credit.
    pub credit: Fen,
    /// That account's running balance, credit − debit (what the co-op owes
    /// the member when positive).
    pub balance: Fen,
}

/// The member's deliveries to one lot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberVolumeRow {
    /// Lot.
    pub lot: LotId,
    /// Lot name.
    pub lot_name: String,
    /// Head.
    pub head: u32,
    /// Weight.
    pub weight: Grams,
    /// Amount.
    pub amount: Fen,
}

/// A member's statement for `[from, to]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberStatement {
    /// Member.
    pub member: MemberNo,
    /// Opening balance per account (credit − debit).
    pub opening: BTreeMap<AccountCode, Fen>,
    /// Lines in date order.
    pub rows: Vec<MemberStatementRow>,
    /// Closing balance per account (credit − debit).
    pub closing: BTreeMap<AccountCode, Fen>,
    /// Transaction volumes, lot by lot (live deliveries dated in the range).
    pub volumes: Vec<MemberVolumeRow>,
    /// Σ weight delivered.
    pub total_weight: Grams,
    /// Σ amount delivered.
    pub total_amount: Fen,
}

/// Build a member's statement.
pub fn member_statement(
    books: &Books,
    lots: &[Lot],
    member: &MemberNo,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<MemberStatement> {
    let chart = books.chart();
    let accounts: Vec<&AccountCode> = chart
        .accounts()
        .filter(|a| a.member.as_ref() == Some(member))
        .map(|a| &a.code)
        .collect();
    let mut vouchers: Vec<_> = books
        .vouchers()
        .iter()
        .filter(|v| v.body.date <= to)
        .collect();
    vouchers.sort_by(|a, b| {
        (a.body.date, &a.series, a.number).cmp(&(b.body.date, &b.series, b.number))
    });
    let mut balances: BTreeMap<AccountCode, Fen> =
        accounts.iter().map(|c| ((*c).clone(), Fen::ZERO)).collect();
    let mut opening = BTreeMap::new();
    let mut rows = Vec::new();
    let mut opened = false;
    for v in vouchers {
        if !opened && v.body.date >= from {
            opening = balances.clone();
            opened = true;
        }
        for l in v
            .body
            .lines
            .iter()
            .filter(|l| accounts.contains(&&l.account))
        {
            let b = balances.entry(l.account.clone()).or_default();
            *b = error::sub(*b, l.net()?)?;
            if v.body.date >= from {
                rows.push(MemberStatementRow {
                    date: v.body.date,
                    voucher: v.label(),
                    account: l.account.clone(),
                    account_name: chart
                        .top(&l.account)
                        .map(|a| a.name.clone())
                        .unwrap_or_default(),
                    summary: v.body.summary.clone(),
                    debit: l.debit,
                    credit: l.credit,
                    balance: *b,
                });
            }
        }
    }
    if !opened {
        opening = balances.clone();
    }
    let mut volumes = Vec::new();
    let (mut total_weight, mut total_amount) = (Grams(0), Fen::ZERO);
    for lot in lots {
        let mut row = MemberVolumeRow {
            lot: lot.id.clone(),
            lot_name: lot.name.clone(),
            head: 0,
            weight: Grams(0),
            amount: Fen::ZERO,
        };
        for e in lot
            .live_events(books)
            .filter(|e| e.date >= from && e.date <= to)
        {
            if let LotStep::Intake { lines } = &e.step {
                for l in lines.iter().filter(|l| l.member == *member) {
                    row.head = row.head.saturating_add(l.head);
                    row.weight = row
                        .weight
                        .checked_add(l.weight)
                        .map_err(|_| error::LedgerError::Overflow)?;
                    row.amount = error::add(row.amount, l.amount)?;
                }
            }
        }
        if row.weight.0 != 0 || row.amount.0 != 0 {
            total_weight = total_weight
                .checked_add(row.weight)
                .map_err(|_| error::LedgerError::Overflow)?;
            total_amount = error::add(total_amount, row.amount)?;
            volumes.push(row);
        }
    }
    Ok(MemberStatement {
        member: member.clone(),
        opening,
        rows,
        closing: balances,
        volumes,
        total_weight,
        total_amount,
    })
}
