//! `cunwu bench store`: local store benchmark with plain-SQLite baselines.

use super::Ctx;
use crate::output;
use clap::Args;
use std::path::PathBuf;

/// Arguments of `cunwu bench store`.
#[derive(Args)]
pub struct BenchStoreArgs {
    /// 农户数。
    #[arg(long, default_value_t = 3000)]
    households: usize,
    /// 记录多少次走访（默认 20000：两边都经过几次 WAL 检查点，比的是持续的速率）。
    #[arg(long, default_value_t = 20_000)]
    visits: usize,
    /// 查询多少次。
    #[arg(long, default_value_t = 400)]
    searches: usize,
    /// 放测速文件的目录（默认系统临时目录）。
    #[arg(long)]
    dir: Option<PathBuf>,
}

/// Run and print JSON.
pub fn run(_ctx: &Ctx, a: BenchStoreArgs) -> anyhow::Result<()> {
    let dir = a
        .dir
        .unwrap_or_else(|| std::env::temp_dir().join("cunwu-bench-store"));
    let report = cunwu_app::bench::run(&dir, a.households, a.visits, a.searches)?;
    output::json(&report)
}
