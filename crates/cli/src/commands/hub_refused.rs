//! `cunwu hub refused`: the devices whose pushes held changes the hub
//! refused (the rest of each batch was stored), with how many and the last
//! reason; works while the server runs.

use super::Ctx;
use crate::output;
use std::path::Path;

/// List the devices with refused changes.
pub fn run(ctx: &Ctx, data: &Path) -> anyhow::Result<()> {
    let rows = super::hub::open_hub(data)?.refused_by_device()?;
    if ctx.json {
        return output::json(&rows);
    }
    if rows.is_empty() {
        println!("服务器没有拒收过任何修改。");
    }
    for r in rows {
        println!(
            "{}  被拒 {} 条，最近一次 {}（变更 {}）：{}",
            r.pushed_by,
            r.changes,
            cunwu_app::local_date(r.last_ms),
            r.last_id,
            r.last_reason
        );
    }
    Ok(())
}
