//! `cunwu changes`: the change log, for inspection.

use super::Ctx;
use crate::output;
use clap::Args;

/// Arguments of `cunwu changes`.
#[derive(Args)]
pub struct ChangesArgs {
    /// 只列出计数器大于此值的变更。
    #[arg(long, default_value_t = 0)]
    since: u64,
    /// 哪台设备的变更（默认本机）。
    #[arg(long)]
    device: Option<String>,
    /// 最多列出多少条。
    #[arg(long, default_value_t = 1000)]
    limit: usize,
}

/// Print changes.
pub fn run(ctx: &Ctx, a: ChangesArgs) -> anyhow::Result<()> {
    let s = ctx.open()?;
    let device = a.device.unwrap_or_else(|| s.device_id().to_string());
    let changes = s.changes_by_device(&device, a.since, a.limit)?;
    if ctx.json {
        return output::json(&changes);
    }
    for c in &changes {
        println!(
            "{} {} {} {}/{} {} = {}",
            c.id,
            c.hlc,
            c.author,
            c.entity,
            c.entity_id,
            c.field.as_deref().unwrap_or("(记录)"),
            c.value
        );
    }
    println!("共 {} 条", changes.len());
    Ok(())
}
