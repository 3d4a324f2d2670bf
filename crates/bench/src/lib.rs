//! Benchmarks kept out of the production crates: the local store
//! ([`store`]: import, search, visits logged, beside plain SQLite at the same
//! durability) and sync ([`sync`]: local writes, hub merge, wire bytes, a
//! fresh township laptop, beside plain SQLite and a zstd TSV). The `cunwu`
//! binary runs them as `cunwu bench store|sync` when built with its `bench`
//! feature (README, docs/benchmarks.md).

pub mod store;
pub mod sync;

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

/// `cunwu bench …`.
#[derive(clap::Subcommand)]
pub enum BenchCommand {
    /// 本地数据库：导入、查询、记录走访，与纯 SQLite 对比。
    Store(BenchStoreArgs),
    /// 同步：本地写入、服务器合并、传输字节、乡镇电脑首次同步、内存峰值，与纯 SQLite / zstd TSV 对比。
    Sync(sync::BenchSyncArgs),
}

/// Run a benchmark and print its JSON report.
pub fn run(c: BenchCommand) -> anyhow::Result<()> {
    let report = match c {
        BenchCommand::Store(a) => {
            let dir = a
                .dir
                .unwrap_or_else(|| std::env::temp_dir().join("cunwu-bench-store"));
            serde_json::to_value(store::run(&dir, a.households, a.visits, a.searches)?)?
        }
        BenchCommand::Sync(a) => serde_json::to_value(sync::run(a)?)?,
    };
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}
