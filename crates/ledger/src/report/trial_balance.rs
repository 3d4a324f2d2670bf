//! 试算平衡表: per account, the opening balance, the period's debit and
//! credit turnover and the closing balance; totals over the top-level
//! accounts, whose debit and credit columns must be equal.

use crate::account::AccountCode;
use crate::balance::Totals;
use crate::books::Books;
use crate::chart::Chart;
use crate::error::{self, Result};
use chrono::NaiveDate;
use cunwu_core::money::Fen;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A pair of debit and credit columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Columns {
    /// 借方.
    pub debit: Fen,
    /// 贷方.
    pub credit: Fen,
}

impl Columns {
    /// A balance (debit − credit) placed in the debit or credit column.
    pub fn balance(net: Fen) -> Result<Columns> {
        Ok(if net.0 >= 0 {
            Columns {
                debit: net,
                credit: Fen::ZERO,
            }
        } else {
            Columns {
                debit: Fen::ZERO,
                credit: error::neg(net)?,
            }
        })
    }
    fn plus(self, o: Columns) -> Result<Columns> {
        Ok(Columns {
            debit: error::add(self.debit, o.debit)?,
            credit: error::add(self.credit, o.credit)?,
        })
    }
}

/// One account's row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrialBalanceRow {
    /// Code.
    pub code: AccountCode,
    /// Name.
    pub name: String,
    /// Tree depth (1 = top level).
    pub level: usize,
    /// 期初余额.
    pub opening: Columns,
    /// 本期发生额.
    pub period: Columns,
    /// 期末余额.
    pub closing: Columns,
}

/// The trial balance for `[from, to]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrialBalance {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Rows in code order: top-level accounts and every account with a
    /// balance or turnover.
    pub rows: Vec<TrialBalanceRow>,
    /// 合计 (top-level rows only).
    pub total: TrialBalanceRow,
}

impl TrialBalance {
    /// True when each pair of total columns is equal.
    pub fn is_balanced(&self) -> bool {
        let t = &self.total;
        t.opening.debit == t.opening.credit
            && t.period.debit == t.period.credit
            && t.closing.debit == t.closing.credit
    }
}

/// Build the trial balance.
pub fn trial_balance(books: &Books, from: NaiveDate, to: NaiveDate) -> Result<TrialBalance> {
    let before = match from.pred_opt() {
        Some(day) => books.rolled_totals(None, Some(day), |_| true)?,
        None => BTreeMap::new(),
    };
    let during = books.rolled_totals(Some(from), Some(to), |_| true)?;
    build(books.chart(), from, to, &before, &during)
}

/// Roll leaf-account totals up the chart: each account's totals include
/// its sub-accounts'. Codes not in the chart are refused.
pub fn roll_up<I>(chart: &Chart, leaves: I) -> Result<BTreeMap<AccountCode, Totals>>
where
    I: IntoIterator<Item = (AccountCode, Totals)>,
{
    let mut rolled: BTreeMap<AccountCode, Totals> = BTreeMap::new();
    for (code, t) in leaves {
        chart.require(&code)?;
        for c in chart.path(&code) {
            let e = rolled.entry(c).or_default();
            *e = e.plus(t)?;
        }
    }
    Ok(rolled)
}

/// The trial balance from leaf-account totals computed elsewhere (the
/// store sums its materialized voucher lines in SQL): `before` are the
/// totals of vouchers dated before `from`, `during` those dated in
/// `[from, to]`. Same rows and totals as [`trial_balance`] over the books.
pub fn trial_balance_from_leaves<B, D>(
    chart: &Chart,
    from: NaiveDate,
    to: NaiveDate,
    before: B,
    during: D,
) -> Result<TrialBalance>
where
    B: IntoIterator<Item = (AccountCode, Totals)>,
    D: IntoIterator<Item = (AccountCode, Totals)>,
{
    let before = roll_up(chart, before)?;
    let during = roll_up(chart, during)?;
    build(chart, from, to, &before, &during)
}

fn build(
    chart: &Chart,
    from: NaiveDate,
    to: NaiveDate,
    before: &BTreeMap<AccountCode, Totals>,
    during: &BTreeMap<AccountCode, Totals>,
) -> Result<TrialBalance> {
    let mut rows = Vec::new();
    let mut total = TrialBalanceRow {
        code: AccountCode::new(""),
        name: "合计".into(),
        level: 0,
        opening: Columns::default(),
        period: Columns::default(),
        closing: Columns::default(),
    };
    for a in chart.accounts() {
        let open = before.get(&a.code).copied().unwrap_or_default();
        let period = during.get(&a.code).copied().unwrap_or_default();
        if a.parent.is_some() && !before.contains_key(&a.code) && !during.contains_key(&a.code) {
            continue;
        }
        let opening = Columns::balance(open.net()?)?;
        let closing = Columns::balance(open.plus(period)?.net()?)?;
        let period = Columns {
            debit: period.debit,
            credit: period.credit,
        };
        if a.parent.is_none() {
            total.opening = total.opening.plus(opening)?;
            total.period = total.period.plus(period)?;
            total.closing = total.closing.plus(closing)?;
        }
        rows.push(TrialBalanceRow {
            code: a.code.clone(),
            name: a.name.clone(),
            level: chart.level(&a.code),
            opening,
            period,
            closing,
        });
    }
    Ok(TrialBalance {
        from,
        to,
        rows,
        total,
    })
}
