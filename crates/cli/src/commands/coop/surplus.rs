//! `cunwu coop surplus …`: the year-end surplus return by transaction
//! volume (盈余返还): plan, distribute, pay.

use super::{print_posted, StepArgs};
use crate::commands::Ctx;
use crate::output::{self, pad};
use clap::{Args, Subcommand};
use cunwu_app::coop::*;
use cunwu_core::money::WeightUnit;

/// `cunwu coop surplus …`.
#[derive(Subcommand)]
pub enum SurplusCommand {
    /// 试算盈余返还方案（不记账）。
    Plan(SurplusArgs),
    /// 年终结转损益并按方案分配盈余（提取公积金、按交易量返还到各成员）。
    Distribute {
        #[command(flatten)]
        terms: SurplusArgs,
        #[command(flatten)]
        step: StepArgs,
    },
    /// 支付各成员应得的盈余返还。
    Pay {
        /// 年度。
        #[arg(long)]
        year: i32,
        /// 付款方式：现金 或 银行。
        #[arg(long, default_value = "银行")]
        from: String,
        #[command(flatten)]
        step: StepArgs,
    },
}

/// Terms of the surplus return.
#[derive(Args)]
pub struct SurplusArgs {
    /// 年度。
    #[arg(long)]
    year: i32,
    /// 提取公积金比例（%）。
    #[arg(long, default_value = "10")]
    reserve: String,
    /// 按交易量返还比例（%，不得低于60）。
    #[arg(long = "return", default_value = "60")]
    ret: String,
}

/// Run `cunwu coop surplus …`.
pub fn run(
    ctx: &Ctx,
    s: &mut cunwu_store::Store,
    coop: &mut Coop,
    c: SurplusCommand,
) -> anyhow::Result<()> {
    match c {
        SurplusCommand::Plan(a) => {
            let plan = coop.surplus_preview(s, a.year, &a.reserve, &a.ret)?;
            print_plan(ctx, &plan)
        }
        SurplusCommand::Distribute { terms: a, step } => {
            let (plan, posted) = coop.surplus_distribute(
                s,
                a.year,
                &a.reserve,
                &a.ret,
                step.date.as_deref(),
                &step.sign.form(),
            )?;
            if ctx.json {
                return output::json(&serde_json::json!({ "plan": plan, "posted": posted }));
            }
            print_plan(ctx, &plan)?;
            print_posted(ctx, &posted)
        }
        SurplusCommand::Pay { year, from, step } => {
            let p = coop.surplus_pay(s, year, &from, step.date.as_deref(), &step.sign.form())?;
            print_posted(ctx, &p)
        }
    }
}

fn print_plan(ctx: &Ctx, p: &ledger::surplus::SurplusPlan) -> anyhow::Result<()> {
    if ctx.json {
        return output::json(p);
    }
    println!(
        "{}年度 本年盈余 {}：提取公积金 {}，可分配盈余 {}，按交易量返还 {}（取整合计 {}，余 {} 分按尾差最大依次补足）",
        p.year, p.terms.surplus, p.reserve, p.distributable, p.returned, p.floor_total, p.leftover
    );
    for sh in &p.shares {
        println!(
            "  {} {} 交易量 {}  返还 {}{}",
            pad(&sh.member.0, 10),
            pad(&sh.name, 8),
            cunwu_core::money::Grams(sh.volume).format(WeightUnit::Kg),
            sh.amount,
            if sh.extra { "（+1分）" } else { "" }
        );
    }
    Ok(())
}
