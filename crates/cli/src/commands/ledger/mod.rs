//! `cunwu ledger …`: the co-op's books over the façade — chart and
//! balances, hand-written vouchers and red-ink reversals, journal, trial
//! balance, an account's ledger, member statements, Excel export, month
//! closing, cash counts and bank statements, settings and `verify`.

use super::coop::{print_posted, SignArgs, StepArgs};
use super::Ctx;
use crate::output::{self, pad};
use clap::Subcommand;
use cunwu_app::coop::*;
use std::path::PathBuf;

mod check;
mod report;

/// `cunwu ledger …`.
#[derive(Subcommand)]
pub enum LedgerCommand {
    /// 科目表及余额。
    Accounts {
        /// 也列出余额为零的明细科目。
        #[arg(long)]
        all: bool,
    },
    /// 填制凭证：--summary 摘要 --debit 科目=金额 --credit 科目=金额（可写多次）。
    Post {
        /// 摘要。
        #[arg(long)]
        summary: String,
        /// 借方：科目编码=金额（元）。
        #[arg(long = "debit")]
        debits: Vec<String>,
        /// 贷方：科目编码=金额（元）。
        #[arg(long = "credit")]
        credits: Vec<String>,
        /// 附单据张数。
        #[arg(long, default_value_t = 0)]
        attachments: u32,
        #[command(flatten)]
        step: StepArgs,
    },
    /// 红字冲销一张凭证（凭证号如 "2026-11 A-0003"）。
    Reverse {
        /// 凭证号。
        voucher: String,
        #[command(flatten)]
        step: StepArgs,
    },
    /// 序时账。
    Journal(Range),
    /// 试算平衡表（在数据库中汇总）。
    TrialBalance(Range),
    /// 明细账：一个科目（总账科目含其明细）。
    Book {
        /// 科目编码。
        account: String,
        #[command(flatten)]
        range: Range,
    },
    /// 成员账户对账单；--out 文件.html 可打印，.xlsx 导出。
    Statement {
        /// 户编号。
        household: String,
        #[command(flatten)]
        range: Range,
        /// 输出文件（.html 打印版，或 .xlsx/.csv）。
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// 核对账簿：凭证链（防篡改）、账簿表与变更日志、凭证号、试算平衡。
    Verify,
    /// 导出到 Excel：journal（序时账）、trial-balance（试算平衡表）、ledger（明细账）、statement（成员账户）。
    Export {
        /// journal | trial-balance | ledger | statement。
        what: String,
        /// 明细账的科目编码。
        #[arg(long)]
        account: Option<String>,
        /// 成员账户的户编号。
        #[arg(long)]
        household: Option<String>,
        #[command(flatten)]
        range: Range,
        /// 输出文件（.xlsx 或 .csv）。
        #[arg(long)]
        out: PathBuf,
    },
    /// 现金盘点或银行对账单余额，与账面核对：cunwu ledger assert 现金 --amount 200.00。
    Assert {
        /// 现金 或 银行。
        kind: String,
        /// 盘点或对账单金额（元）。
        #[arg(long)]
        amount: String,
        /// 日期（默认今天）。
        #[arg(long)]
        date: Option<String>,
        /// 盘点人。
        #[arg(long)]
        by: Option<String>,
    },
    /// 列出全部盘点与对账记录及核对结果。
    Checks,
    /// 结账：该月不再记账，如 2026-11。
    ClosePeriod {
        /// 月份。
        period: String,
    },
    /// 账务设置：单位名称、默认审批人/会计/出纳、本机凭证字、会计出纳是否分设。
    Settings {
        /// 单位名称（报表抬头）。
        #[arg(long)]
        org: Option<String>,
        /// 本机凭证字，如 A（每台电脑不同）。
        #[arg(long)]
        series: Option<String>,
        /// 会计与出纳必须为不同的人：是 或 否。
        #[arg(long)]
        separate_cashier: Option<String>,
        #[command(flatten)]
        sign: SignArgs,
    },
}

/// A date range.
#[derive(clap::Args)]
pub struct Range {
    /// 开始日期（默认今年1月1日）。
    #[arg(long)]
    from: Option<String>,
    /// 结束日期（默认今天）。
    #[arg(long)]
    to: Option<String>,
}

fn lines(debits: &[String], credits: &[String]) -> anyhow::Result<Vec<LineForm>> {
    let mut out = Vec::new();
    for (list, debit) in [(debits, true), (credits, false)] {
        for d in list {
            let (acc, amt) = d.split_once(['=', '＝']).ok_or_else(|| {
                cunwu_core::Error::invalid(
                    "分录",
                    format!("“{d}”应写成 科目编码=金额，如 101=500.00"),
                )
            })?;
            let amt = Some(amt.trim().to_string());
            out.push(LineForm {
                account: acc.trim().into(),
                debit: if debit { amt.clone() } else { None },
                credit: if debit { None } else { amt },
                memo: String::new(),
            });
        }
    }
    Ok(out)
}

/// Run `cunwu ledger …`.
pub fn run(ctx: &Ctx, c: LedgerCommand) -> anyhow::Result<()> {
    super::coop::finish(ctx, run_command(ctx, c))
}

fn run_command(ctx: &Ctx, c: LedgerCommand) -> anyhow::Result<()> {
    let mut store = ctx.open_village()?;
    let mut coop = Coop::open(&store)?;
    let s = &mut store;
    match c {
        LedgerCommand::Accounts { all } => {
            let list: Vec<AccountRow> = coop
                .accounts(s)?
                .into_iter()
                .filter(|a| all || a.level == 1 || a.balance.0 != 0)
                .collect();
            if ctx.json {
                return output::json(&list);
            }
            for a in &list {
                let indent = "  ".repeat(a.level.saturating_sub(1));
                println!(
                    "{}{}{}{}  {}",
                    indent,
                    pad(&a.code, 12),
                    pad(&a.name, 20),
                    pad(a.side, 3),
                    a.balance
                );
            }
            Ok(())
        }
        LedgerCommand::Post {
            summary,
            debits,
            credits,
            attachments,
            step,
        } => {
            let form = PostForm {
                date: step.form().date,
                summary,
                lines: lines(&debits, &credits)?,
                attachments,
                sign: step.form().sign,
            };
            print_posted(ctx, &coop.post(s, &form)?)
        }
        LedgerCommand::Reverse { voucher, step } => print_posted(
            ctx,
            &coop.reverse(s, &voucher, step.form().date.as_deref(), &step.form().sign)?,
        ),
        LedgerCommand::Journal(r) => report::journal(ctx, s, &mut coop, &r),
        LedgerCommand::TrialBalance(r) => report::trial_balance(ctx, s, &mut coop, &r),
        LedgerCommand::Book { account, range: r } => report::book(ctx, s, &mut coop, &account, &r),
        LedgerCommand::Statement {
            household,
            range: r,
            out,
        } => report::statement(ctx, s, &mut coop, &household, &r, out),
        LedgerCommand::Verify => check::verify(ctx, s, &mut coop),
        LedgerCommand::Export {
            what,
            account,
            household,
            range: r,
            out,
        } => {
            let (from, to) = range(s, r.from.as_deref(), r.to.as_deref())?;
            let kind = ExportKind::parse(&what, account.as_deref(), household.as_deref())?;
            let n = coop.export(s, &kind, from, to, &out)?;
            if ctx.json {
                return output::json(&serde_json::json!({ "path": out, "rows": n }));
            }
            println!("已导出 {n} 行：{}", out.display());
            Ok(())
        }
        LedgerCommand::Assert {
            kind,
            amount,
            date,
            by,
        } => check::assert(ctx, s, &mut coop, &kind, &amount, date, by),
        LedgerCommand::Checks => check::list(ctx, s, &mut coop),
        LedgerCommand::ClosePeriod { period } => {
            coop.close_period(s, &period)?;
            if !ctx.json {
                println!("{period} 已结账，之后不能再记入这个月。");
            }
            Ok(())
        }
        LedgerCommand::Settings {
            org,
            series,
            separate_cashier,
            sign,
        } => {
            let mut set = s.books_settings()?;
            let take = |v: Option<String>, into: &mut String| {
                if let Some(v) = v {
                    *into = v.trim().to_string();
                }
            };
            take(org, &mut set.org_name);
            take(sign.form().approver, &mut set.approver);
            take(sign.form().accountant, &mut set.accountant);
            take(sign.form().cashier, &mut set.cashier);
            if let Some(v) = separate_cashier {
                set.separate_cashier = match v.trim() {
                    "是" | "yes" | "true" => true,
                    "否" | "no" | "false" => false,
                    other => anyhow::bail!(cunwu_core::Error::invalid(
                        "会计出纳分设",
                        format!("“{other}”请写 是 或 否")
                    )),
                };
            }
            let set = s.set_books_settings(&set)?;
            let series = match series {
                Some(x) => s.set_voucher_series(&x)?,
                None => s.voucher_series()?,
            };
            if ctx.json {
                return output::json(&serde_json::json!({ "settings": set, "series": series }));
            }
            println!(
                "单位：{}  审批人：{}  会计：{}  出纳：{}  会计出纳分设：{}  本机凭证字：{series}",
                set.org_name,
                set.approver,
                set.accountant,
                set.cashier,
                if set.separate_cashier { "是" } else { "否" }
            );
            Ok(())
        }
    }
}
