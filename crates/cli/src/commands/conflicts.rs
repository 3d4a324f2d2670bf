//! `cunwu conflicts …`: fields edited concurrently on two laptops keep every
//! value; list them, and settle one with a value (a change that syncs).

use super::Ctx;
use crate::output;
use cunwu_core::clock::china_offset;

/// `cunwu conflicts …`.
#[derive(clap::Subcommand)]
pub enum ConflictsCommand {
    /// 列出有冲突的字段及各方的值。
    List,
    /// 选定一个值解决冲突（会同步到其他电脑）。
    Resolve {
        /// 记录类型，例如 household。
        entity: String,
        /// 记录编号。
        id: String,
        /// 字段，例如 phone。
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

fn text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Run a conflicts command.
pub fn run(ctx: &Ctx, c: ConflictsCommand) -> anyhow::Result<()> {
    match c {
        ConflictsCommand::List => {
            let store = ctx.open_village()?;
            let conflicts = store.conflicts()?;
            if ctx.json {
                return output::json(&conflicts);
            }
            if conflicts.is_empty() {
                println!("没有冲突。");
            }
            for c in &conflicts {
                println!(
                    "{} {} 的“{}”有 {} 个不同的值：",
                    c.entity,
                    c.entity_id,
                    c.field,
                    c.values.len()
                );
                for (i, v) in c.values.iter().enumerate() {
                    let shown = if i == 0 { "（当前显示）" } else { "" };
                    println!(
                        "  {}  —— {}，{}{shown}",
                        text(&v.value),
                        v.author,
                        when(v.hlc.ms)
                    );
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
            let change = store.resolve_conflict(&entity, &id, &field, &value)?;
            if ctx.json {
                return output::json(&change);
            }
            println!("已采用“{value}”。下次同步时会发到其他电脑。");
            Ok(())
        }
    }
}
