//! `cunwu init` and `cunwu user use`.

use super::Ctx;
use crate::output;
use clap::{Args, Subcommand};

/// Arguments of `cunwu init`.
#[derive(Args)]
pub struct InitArgs {
    /// 村名。
    #[arg(long)]
    village: String,
    /// 乡镇名。
    #[arg(long)]
    township: Option<String>,
    /// 当前用户姓名（每项修改都记在此人名下）。
    #[arg(long)]
    user: String,
}

/// `cunwu user …`.
#[derive(Subcommand)]
pub enum UserCommand {
    /// 切换当前用户。
    Use {
        /// 姓名。
        name: String,
    },
}

/// Set up the village.
pub fn init(ctx: &Ctx, a: InitArgs) -> anyhow::Result<()> {
    let mut s = ctx.open()?;
    let p = s.init(&a.village, a.township.as_deref(), &a.user)?;
    if ctx.json {
        return output::json(&cunwu_app::view::app_info(&s)?);
    }
    println!(
        "已初始化：{}（{}），当前用户 {}",
        p.village,
        p.township.as_deref().unwrap_or("未填乡镇"),
        p.user
    );
    println!("数据库：{}", ctx.db.display());
    Ok(())
}

/// Switch the current user.
pub fn user(ctx: &Ctx, c: UserCommand) -> anyhow::Result<()> {
    let UserCommand::Use { name } = c;
    let mut s = ctx.open_village()?;
    let p = s.use_user(&name)?;
    if ctx.json {
        return output::json(&p);
    }
    println!("当前用户：{}", p.user);
    Ok(())
}
