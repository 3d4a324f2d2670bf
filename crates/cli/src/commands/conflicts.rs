//! `cunwu conflicts …`: fields edited concurrently on two laptops keep every
//! value; list them, and settle one with a value (a change that syncs).

use super::Ctx;
use crate::output;
use cunwu_app::china_offset;

/// `cunwu conflicts …`.
#[derive(clap::Subcommand)]
pub enum ConflictsCommand {
    /// 列出有冲突的字段及各方的值（电话、身份证号、银行账号默认打码）。
    List {
        /// 显示完整的电话、身份证号、银行账号。
        #[arg(long)]
        reveal: bool,
    },
    /// 选定一个值解决冲突（会同步到其他电脑）。
    Resolve {
        /// 记录类型，例如 household。
        entity: String,
        /// 记录编号。
        id: String,
        /// 字段，例如 phone 或 联系电话。
        field: String,
        /// 采用的值。
        value: String,
    },
}

fn when(ms: i64) -> String {
    chrono::DateTime::<chrono::Utc>::from_timestamp_millis(ms)
        .map(|t| {
            t.with_timezone(&china_offset())
                .format("%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

/// Run a conflicts command.
pub fn run(ctx: &Ctx, c: ConflictsCommand) -> anyhow::Result<()> {
    match c {
        ConflictsCommand::List { reveal } => {
            let store = ctx.open_village()?;
            let conflicts = cunwu_app::conflicts::list_shown(&store, reveal)?;
            if ctx.json {
                return output::json(&conflicts);
            }
            if conflicts.is_empty() {
                println!("没有冲突。");
            }
            for c in &conflicts {
                println!(
                    "{} {} 的“{}”有 {} 个不同的值：",
                    c.entity_label,
                    c.record,
                    c.field_label,
                    c.values.len()
                );
                for v in &c.values {
                    let shown = if v.shown { "（当前显示）" } else { "" };
                    println!("  {}  —— {}，{}{shown}", v.value, v.author, when(v.at_ms));
                }
                println!(
                    "  解决：cunwu conflicts resolve {} {} {} 采用的值",
                    c.entity, c.entity_id, c.field
                );
            }
            Ok(())
        }
        ConflictsCommand::Resolve {
            entity,
            id,
            field,
            value,
        } => {
            let mut store = ctx.open_village()?;
            let change =
                cunwu_app::conflicts::resolve_typed(&mut store, &entity, &id, &field, &value)?;
            if ctx.json {
                return output::json(&change);
            }
            println!("已采用“{value}”。下次同步时会发到其他电脑。");
            Ok(())
        }
    }
}
