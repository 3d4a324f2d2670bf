//! `cunwu changes`: the change log, for inspection. Sensitive values
//! (phone, ID number, bank account) are masked unless `--reveal`.

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
    /// 显示完整的电话、身份证号、银行账号（默认打码）。
    #[arg(long)]
    reveal: bool,
}

/// Print changes.
pub fn run(ctx: &Ctx, a: ChangesArgs) -> anyhow::Result<()> {
    let s = ctx.open()?;
    let changes = cunwu_app::changes::list(&s, a.device.as_deref(), a.since, a.limit, a.reveal)?;
    if ctx.json {
        return output::json(&changes);
    }
    for c in &changes {
        let field = c.field.as_deref().map_or_else(
            || "(记录)".to_string(),
            |f| cunwu_app::masking::field_label(&c.entity, f),
        );
        println!(
            "{} {} {} {}/{} {} = {}",
            c.id,
            c.hlc,
            c.author,
            cunwu_app::masking::entity_label(&c.entity),
            c.entity_id,
            field,
            c.value
        );
    }
    println!("共 {} 条", changes.len());
    Ok(())
}
