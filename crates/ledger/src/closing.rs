//! Year-end closing (结转本年盈余): the year's surplus from the income
//! accounts, the voucher that empties them into 本年盈余, and the transfer
//! of 本年盈余 into 盈余分配 where the surplus return draws from.

use crate::account::Role;
use crate::books::Books;
use crate::error::{self, Result};
use crate::voucher::{Line, Signers, VoucherBody, VoucherSource};
use chrono::{Datelike, NaiveDate};
use cunwu_core::money::Fen;
use std::collections::BTreeMap;

/// The year's surplus: revenue minus expense over the income (损益)
/// accounts, vouchers dated in `year`, closing vouchers excluded.
pub fn year_surplus(books: &Books, year: i32) -> Result<Fen> {
    let mut net = Fen::ZERO;
    for (_, n) in income_nets(books, year)? {
        net = error::sub(net, n)?;
    }
    Ok(net)
}

fn income_nets(books: &Books, year: i32) -> Result<BTreeMap<crate::account::AccountCode, Fen>> {
    let chart = books.chart();
    let mut nets = BTreeMap::new();
    for v in books
        .vouchers()
        .iter()
        .filter(|v| v.body.date.year() == year)
    {
        if matches!(v.body.source, VoucherSource::Closing { .. }) {
            continue;
        }
        for l in &v.body.lines {
            if chart.get(&l.account).map(|a| a.kind)
                == Some(crate::account::AccountKind::ProfitLoss)
            {
                let e = nets.entry(l.account.clone()).or_insert(Fen::ZERO);
                *e = error::add(*e, l.net()?)?;
            }
        }
    }
    nets.retain(|_, n| n.0 != 0);
    Ok(nets)
}

/// Year-end closing (结转本年盈余), dated `date`: one voucher emptying
/// every income account into 本年盈余, one moving 本年盈余 to 盈余分配.
/// Empty when the income accounts are already empty.
pub fn year_end_closing(
    books: &Books,
    year: i32,
    date: NaiveDate,
    signers: &Signers,
) -> Result<Vec<VoucherBody>> {
    let nets = income_nets(books, year)?;
    if nets.is_empty() {
        return Ok(Vec::new());
    }
    let chart = books.chart();
    let current = chart.by_role(Role::CurrentYearSurplus)?.code.clone();
    let dist = chart.by_role(Role::SurplusDistribution)?.code.clone();
    let mut lines = Vec::new();
    let mut surplus = Fen::ZERO;
    for (code, n) in &nets {
        surplus = error::sub(surplus, *n)?;
        lines.push(if n.0 < 0 {
            Line::debit(code.clone(), error::neg(*n)?)
        } else {
            Line::credit(code.clone(), *n)
        });
    }
    let body = |summary: String, lines: Vec<Line>| VoucherBody {
        date,
        summary,
        lines,
        signers: signers.clone(),
        attachments: 0,
        reverses: None,
        source: VoucherSource::Closing { year },
    };
    let mut out = Vec::new();
    let (to_current, transfer) = if surplus.0 >= 0 {
        (
            Line::credit(current.clone(), surplus),
            vec![Line::debit(current, surplus), Line::credit(dist, surplus)],
        )
    } else {
        let loss = error::neg(surplus)?;
        (
            Line::debit(current.clone(), loss),
            vec![Line::debit(dist, loss), Line::credit(current, loss)],
        )
    };
    if surplus.0 != 0 {
        lines.push(to_current);
    }
    out.push(body(format!("结转{year}年度损益"), lines));
    if surplus.0 != 0 {
        out.push(body(format!("{year}年度本年盈余转入盈余分配"), transfer));
    }
    Ok(out)
}
