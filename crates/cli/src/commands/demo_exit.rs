//! `cunwu demo leave`: 离开示范村，建立本村 from the command line, through the
//! same use case as the desktop's link (`cunwu_app::demo_exit::leave`): the
//! demo's database is kept under a dated name beside it and an empty
//! database takes its place; a real village is refused untouched.

use super::Ctx;
use crate::output;
use cunwu_core::clock::SystemClock;
use std::sync::Arc;

/// Leave the demo village at `ctx.db`.
pub fn leave(ctx: &Ctx) -> anyhow::Result<()> {
    // Opening a missing file would create an empty database: say so instead.
    if !ctx.db.is_file() {
        anyhow::bail!(cunwu_core::Error::Rule(format!(
            "没有找到数据库 {}，没有示范村可以离开。请用 --db 指定示范村的数据库文件",
            ctx.db.display()
        )));
    }
    let mut slot = None;
    let exit = cunwu_app::demo_exit::leave(&mut slot, &ctx.db, Arc::new(SystemClock))?;
    if ctx.json {
        return output::json(&exit);
    }
    println!("已离开示范村。示范村的数据保留在：{}", exit.kept_as);
    println!(
        "{} 现在是空的数据库，请建立本村：cunwu --db {} init --village 村名 --township 乡镇 --user 您的姓名",
        ctx.db.display(),
        ctx.db.display()
    );
    Ok(())
}
