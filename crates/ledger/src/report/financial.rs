//! 资产负债表 and 盈余及盈余分配表 (income statement) as data rows, one row
//! per top-level account.

use crate::account::{AccountCode, AccountKind};
use crate::books::Books;
use crate::error::{self, Result};
use crate::voucher::VoucherSource;
use chrono::NaiveDate;
use cunwu_core::money::Fen;
use serde::{Deserialize, Serialize};

/// One row: an account and its amount in the statement's direction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementRow {
    /// Code (empty for a computed row).
    pub code: AccountCode,
    /// Name.
    pub name: String,
    /// Amount.
    pub amount: Fen,
}

/// The balance sheet at a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BalanceSheet {
    /// Date.
    pub date: NaiveDate,
    /// Assets (with 成本类 balances, i.e. work in process), debit − credit.
    pub assets: Vec<StatementRow>,
    /// Liabilities, credit − debit.
    pub liabilities: Vec<StatementRow>,
    /// Equity, credit − debit, plus 未结转本年盈余 while income accounts are open.
    pub equity: Vec<StatementRow>,
    /// 资产合计.
    pub total_assets: Fen,
    /// 负债和所有者权益合计.
    pub total_liabilities_and_equity: Fen,
}

impl BalanceSheet {
    /// True when both sides agree.
    pub fn balances(&self) -> bool {
        self.total_assets == self.total_liabilities_and_equity
    }
}

/// Build the balance sheet at the end of `date`.
pub fn balance_sheet(books: &Books, date: NaiveDate) -> Result<BalanceSheet> {
    let mut sheet = BalanceSheet {
        date,
        assets: Vec::new(),
        liabilities: Vec::new(),
        equity: Vec::new(),
        total_assets: Fen::ZERO,
        total_liabilities_and_equity: Fen::ZERO,
    };
    let mut unclosed = Fen::ZERO;
    let totals = books.rolled_totals(None, Some(date), |_| true)?;
    for a in books.chart().accounts().filter(|a| a.parent.is_none()) {
        let net = totals.get(&a.code).copied().unwrap_or_default().net()?;
        let row = |amount| StatementRow {
            code: a.code.clone(),
            name: a.name.clone(),
            amount,
        };
        match a.kind {
            AccountKind::Asset | AccountKind::Cost => {
                sheet.total_assets = error::add(sheet.total_assets, net)?;
                sheet.assets.push(row(net));
            }
            AccountKind::Liability | AccountKind::Equity => {
                let amount = error::neg(net)?;
                sheet.total_liabilities_and_equity =
                    error::add(sheet.total_liabilities_and_equity, amount)?;
                if a.kind == AccountKind::Liability {
                    sheet.liabilities.push(row(amount));
                } else {
                    sheet.equity.push(row(amount));
                }
            }
            AccountKind::ProfitLoss => unclosed = error::sub(unclosed, net)?,
        }
    }
    if unclosed.0 != 0 {
        sheet.total_liabilities_and_equity =
            error::add(sheet.total_liabilities_and_equity, unclosed)?;
        sheet.equity.push(StatementRow {
            code: AccountCode::new(""),
            name: "未结转本年盈余".into(),
            amount: unclosed,
        });
    }
    Ok(sheet)
}

/// The income statement for `[from, to]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomeStatement {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Income accounts with a credit normal side (收入), credit − debit.
    pub revenue: Vec<StatementRow>,
    /// Income accounts with a debit normal side (支出、费用), debit − credit.
    pub expenses: Vec<StatementRow>,
    /// Σ revenue − Σ expenses (本年盈余).
    pub surplus: Fen,
}

/// Build the income statement; year-end closing vouchers are left out so
/// the figures are the year's activity.
pub fn income_statement(books: &Books, from: NaiveDate, to: NaiveDate) -> Result<IncomeStatement> {
    let chart = books.chart();
    let mut st = IncomeStatement {
        from,
        to,
        revenue: Vec::new(),
        expenses: Vec::new(),
        surplus: Fen::ZERO,
    };
    let totals = books.rolled_totals(Some(from), Some(to), |v| {
        !matches!(v.body.source, VoucherSource::Closing { .. })
    })?;
    for a in chart
        .accounts()
        .filter(|a| a.parent.is_none() && a.kind == AccountKind::ProfitLoss)
    {
        let net = totals.get(&a.code).copied().unwrap_or_default().net()?;
        let row = |amount| StatementRow {
            code: a.code.clone(),
            name: a.name.clone(),
            amount,
        };
        if a.side == crate::account::Side::Credit {
            let amount = error::neg(net)?;
            st.surplus = error::add(st.surplus, amount)?;
            st.revenue.push(row(amount));
        } else {
            st.surplus = error::sub(st.surplus, net)?;
            st.expenses.push(row(net));
        }
    }
    Ok(st)
}
