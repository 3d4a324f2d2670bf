//! `cunwu coop lot|surplus|duplicates`: pooled lots (统一收购、统一销售),
//! the year-end surplus return and double payouts made offline, over the
//! co-op façade. Weights in 斤 or kg (`108斤`, `54kg`, or a bare number in
//! `--unit`), money in yuan, prices per kg or per 斤 (`28/kg`, `14/斤`).

mod duplicates;
mod intake;
mod lot;
mod lot_view;
mod sign;
mod surplus;

pub use duplicates::DuplicatesArgs;
pub use lot::LotCommand;
pub use sign::{SignArgs, StepArgs};
pub use surplus::SurplusCommand;

use super::Ctx;
use crate::output;
use clap::Subcommand;
use cunwu_app::coop::*;

/// `cunwu coop …`.
#[derive(Subcommand)]
pub enum CoopCommand {
    /// 统一收购、统一销售批次。
    #[command(subcommand)]
    Lot(LotCommand),
    /// 年终盈余返还（按交易量）。
    #[command(subcommand)]
    Surplus(SurplusCommand),
    /// 列出离线时在两台电脑上重复支付的款项；加 --fix 一键红字冲销。
    Duplicates(DuplicatesArgs),
}

fn open(ctx: &Ctx) -> anyhow::Result<(cunwu_store::Store, Coop)> {
    let store = ctx.open_village()?;
    let coop = Coop::open(&store)?;
    Ok((store, coop))
}

/// Print what an action posted.
pub fn print_posted(ctx: &Ctx, p: &Posted) -> anyhow::Result<()> {
    if ctx.json {
        return output::json(p);
    }
    for v in &p.vouchers {
        println!("已记账：{}  {}  {}", v.label, v.summary, v.amount);
    }
    Ok(())
}

/// Hand a façade error to `main`'s printer with its own code: database and
/// spreadsheet errors pass on as themselves; with `--json`, a ledger rule's
/// `{code, message}` (e.g. `unbalanced`, `period_closed`) is printed here,
/// since the shared printer does not know the ledger's codes.
pub fn finish(ctx: &Ctx, r: anyhow::Result<()>) -> anyhow::Result<()> {
    let Err(e) = r else { return Ok(()) };
    match e.downcast::<CoopError>() {
        Ok(CoopError::Store(s)) => Err(s.into()),
        Ok(CoopError::Sheet(s)) => Err(s.into()),
        Ok(other) if ctx.json => {
            let wire = other.to_wire();
            eprintln!("{}", serde_json::to_string(&wire).unwrap_or(wire.message));
            std::process::exit(1);
        }
        Ok(other) => Err(other.into()),
        Err(e) => Err(e),
    }
}

/// Run `cunwu coop …`.
pub fn run(ctx: &Ctx, c: CoopCommand) -> anyhow::Result<()> {
    finish(ctx, run_command(ctx, c))
}

fn run_command(ctx: &Ctx, c: CoopCommand) -> anyhow::Result<()> {
    let (mut store, mut coop) = open(ctx)?;
    let s = &mut store;
    match c {
        CoopCommand::Lot(l) => lot::run(ctx, s, &mut coop, l),
        CoopCommand::Surplus(c) => surplus::run(ctx, s, &mut coop, c),
        CoopCommand::Duplicates(a) => duplicates::run(ctx, s, &mut coop, a),
    }
}

pub fn written(ctx: &Ctx, out: &std::path::Path) -> anyhow::Result<()> {
    if ctx.json {
        return output::json(&serde_json::json!({ "path": out }));
    }
    println!("已生成：{}（用浏览器打开后打印，纸张 A4）", out.display());
    Ok(())
}
