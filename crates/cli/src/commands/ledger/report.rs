//! What `cunwu ledger journal|trial-balance|book|statement` print: the
//! journal, the trial balance (试算平衡表), one account's general ledger and
//! a member's account statement, as text, JSON or a file.

use super::Range;
use crate::commands::coop::written;
use crate::commands::Ctx;
use crate::output::{self, pad};
use cunwu_app::coop::ledger::report::{direction, JournalEntry};
use cunwu_app::coop::*;
use cunwu_store::Store;
use std::path::PathBuf;

/// `cunwu ledger journal`.
pub fn journal(ctx: &Ctx, s: &Store, coop: &mut Coop, r: &Range) -> anyhow::Result<()> {
    let (from, to) = range(s, r.from.as_deref(), r.to.as_deref())?;
    let list = coop.journal(s, from, to)?;
    if ctx.json {
        return output::json(&list);
    }
    print_journal(&list);
    Ok(())
}

/// `cunwu ledger trial-balance`.
pub fn trial_balance(ctx: &Ctx, s: &Store, coop: &mut Coop, r: &Range) -> anyhow::Result<()> {
    let (from, to) = range(s, r.from.as_deref(), r.to.as_deref())?;
    let tb = coop.trial_balance(s, from, to)?;
    if ctx.json {
        return output::json(&tb);
    }
    println!("试算平衡表  {from} 至 {to}");
    println!(
        "{}{}{}{}期末余额",
        pad("科目", 34),
        pad("期初余额", 19),
        pad("本期借方", 16),
        pad("本期贷方", 16),
    );
    let zero = |c: ledger::report::Columns| c.debit.0 == 0 && c.credit.0 == 0;
    let rows = tb
        .rows
        .iter()
        .filter(|r| !(zero(r.opening) && zero(r.period) && zero(r.closing)));
    for r in rows.chain(std::iter::once(&tb.total)) {
        let name = format!(
            "{}{} {}",
            "  ".repeat(r.level.saturating_sub(1)),
            r.code,
            r.name
        );
        println!(
            "{}{}{}{}{}",
            pad(&name, 34),
            col(r.opening),
            pad(&r.period.debit.to_string(), 16),
            pad(&r.period.credit.to_string(), 16),
            col(r.closing)
        );
    }
    println!(
        "{}",
        if tb.is_balanced() {
            "试算平衡。"
        } else {
            "试算不平衡！请运行 cunwu ledger verify 查找原因。"
        }
    );
    Ok(())
}

/// `cunwu ledger book`: one account's general ledger.
pub fn book(ctx: &Ctx, s: &Store, coop: &mut Coop, account: &str, r: &Range) -> anyhow::Result<()> {
    let (from, to) = range(s, r.from.as_deref(), r.to.as_deref())?;
    let gl = coop.general_ledger(s, account, from, to)?;
    if ctx.json {
        return output::json(&gl);
    }
    let (d, a) = direction(gl.opening);
    println!(
        "明细账 {} {}  {from} 至 {to}  期初 {d} {a}",
        gl.code, gl.name
    );
    for r in &gl.rows {
        let (d, a) = direction(r.balance);
        println!(
            "{}  {}  {}借 {}  贷 {}  余额 {d} {a}",
            r.date,
            r.voucher,
            pad(&r.summary, 36),
            pad(&r.debit.to_string(), 14),
            pad(&r.credit.to_string(), 14)
        );
    }
    let (d, a) = direction(gl.closing);
    println!(
        "本期借方 {}  本期贷方 {}  期末 {d} {a}",
        gl.period.debit, gl.period.credit
    );
    Ok(())
}

/// `cunwu ledger statement`: a member's account (成员账户).
pub fn statement(
    ctx: &Ctx,
    s: &Store,
    coop: &mut Coop,
    household: &str,
    r: &Range,
    out: Option<PathBuf>,
) -> anyhow::Result<()> {
    let (from, to) = range(s, r.from.as_deref(), r.to.as_deref())?;
    if let Some(out) = out {
        let html = out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
        if html {
            let page = coop.statement_html(s, household, from, to)?;
            cunwu_app::coop::print::write(&out, &page)?;
        } else {
            coop.export(
                s,
                &ExportKind::Statement {
                    household: household.to_string(),
                },
                from,
                to,
                &out,
            )?;
        }
        return written(ctx, &out);
    }
    let v = coop.member_statement(s, household, from, to)?;
    if ctx.json {
        return output::json(&v);
    }
    println!("成员账户 {} {}  {from} 至 {to}", v.member, v.name);
    for r in &v.statement.rows {
        println!(
            "{}  {}  {}  {}借 {}  贷 {}  余额 {}",
            r.date,
            r.voucher,
            pad(&r.account_name, 14),
            pad(&r.summary, 36),
            pad(&r.debit.to_string(), 12),
            pad(&r.credit.to_string(), 12),
            r.balance
        );
    }
    for r in &v.statement.volumes {
        println!(
            "交售 {}：{} 头 {} {}",
            r.lot_name,
            r.head,
            r.weight.format(cunwu_core::money::WeightUnit::Kg),
            r.amount
        );
    }
    Ok(())
}

fn print_journal(list: &[JournalEntry]) {
    for j in list {
        let mark = if j.reversal {
            "（红字冲销）"
        } else if j.reversed {
            "（已被冲销）"
        } else {
            ""
        };
        println!("{}  {}  {}{}", j.date, j.label, j.summary, mark);
        for (l, name) in &j.lines {
            let who = format!("{} {}", l.account, name);
            if l.debit.0 != 0 {
                println!("    借 {}{}", pad(&who, 30), l.debit);
            } else {
                println!("    贷 {}{}{}", pad(&who, 30), " ".repeat(16), l.credit);
            }
        }
    }
}

fn col(c: cunwu_app::coop::ledger::report::Columns) -> String {
    let net = cunwu_core::money::Fen(c.debit.0.saturating_sub(c.credit.0));
    let (d, a) = direction(net);
    format!("{d} {}", pad(&a.to_string(), 15))
}
