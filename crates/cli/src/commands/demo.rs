//! `cunwu demo`: fill a new village with realistic demo data; `cunwu demo
//! leave` sets the demo aside again (see `demo_exit`).

use super::Ctx;
use crate::output;
use clap::{Args, Subcommand};
use cunwu_store::HouseholdFilter;

/// Arguments of `cunwu demo`.
#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct DemoArgs {
    // `cunwu demo leave` instead of creating a village.
    #[command(subcommand)]
    action: Option<DemoAction>,
    /// 农户数。
    #[arg(long, default_value_t = 300)]
    households: usize,
    /// 村名（数据库尚未初始化时使用）。
    #[arg(long, default_value = "网周村")]
    village: String,
    /// 乡镇名。
    #[arg(long, default_value = "草沟镇")]
    township: String,
    /// 当前用户。
    #[arg(long, default_value = "程鹏")]
    user: String,
    /// 随机种子（同一种子生成同样的村）。
    #[arg(long, default_value_t = 2021)]
    seed: u64,
}

/// What `cunwu demo` does instead of creating a village.
#[derive(Subcommand)]
pub enum DemoAction {
    /// 离开示范村，建立本村：示范村的数据另存为带日期的文件（放在原文件旁边），原位置换成空的数据库，之后用 cunwu init 建立本村。真实村庄的数据不会被移动。
    Leave,
}

/// Create the demo village, or leave it.
pub fn run(ctx: &Ctx, a: DemoArgs) -> anyhow::Result<()> {
    if let Some(DemoAction::Leave) = a.action {
        return super::demo_exit::leave(ctx);
    }
    let mut s = ctx.open()?;
    if s.profile()?.is_none() {
        s.init(&a.village, Some(&a.township), &a.user)?;
    }
    let existing = s.list_households(&HouseholdFilter {
        limit: Some(1),
        ..Default::default()
    })?;
    if !existing.is_empty() {
        anyhow::bail!(cunwu_core::Error::Rule(format!(
            "数据库 {} 里已经有农户，演示数据只能放进空的村。请用 --db 指定一个新文件，例如 --db 演示村.db",
            ctx.db.display()
        )));
    }
    let summary = cunwu_app::demo::create(&mut s, a.households, a.seed)?;
    if ctx.json {
        return output::json(&summary);
    }
    let p = s.require_profile()?;
    println!(
        "已生成演示村 {}：{} 户，{} 名家庭成员，{} 条走访记录",
        p.village, summary.households, summary.members, summary.visits
    );
    println!("数据库：{}", ctx.db.display());
    println!("试试：cunwu --db {} household search jjl", ctx.db.display());
    Ok(())
}
