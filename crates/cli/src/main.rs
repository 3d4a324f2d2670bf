//! `cunwu`: the village work team's command line. Every command is a thin
//! layer over the same façade the desktop app uses.

mod commands;
mod output;

/// mimalloc instead of the C library's allocator: syncing and merging build
/// and drop millions of small strings and JSON maps, and glibc's free-list
/// upkeep was a tenth of the hub's and the laptop's CPU time
/// (docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};
use commands::Ctx;
use std::path::PathBuf;
use std::process::ExitCode;

/// 村务 Cunwu: household register, visit log, co-op books — offline first.
#[derive(Parser)]
#[command(
    name = "cunwu",
    version,
    about = "村务：农户台账、走访记录、合作社账务（离线优先）"
)]
struct Cli {
    /// Village database file (default: the per-user data directory shared with the desktop app).
    #[arg(long, global = true, env = "CUNWU_DB")]
    db: Option<PathBuf>,
    /// Machine-readable JSON output.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 初始化村庄：设置村名、乡镇和当前用户。
    Init(commands::init::InitArgs),
    /// 切换当前用户（之后的修改记在此人名下）。
    #[command(subcommand)]
    User(commands::init::UserCommand),
    /// 农户台账。
    #[command(subcommand)]
    Household(commands::household::HouseholdCommand),
    /// 家庭成员。
    #[command(subcommand)]
    Member(commands::member::MemberCommand),
    /// 走访记录。
    #[command(subcommand)]
    Visit(commands::visit::VisitCommand),
    /// 诉求 / 微心愿：记录、登记、领办、落实、回访、销号，查询码查询。
    #[command(subcommand)]
    Need(commands::need::NeedCommand),
    /// 人员：工作队员、村两委、党员。
    #[command(subcommand)]
    Person(commands::person::PersonCommand),
    /// 生成演示村（中文姓名、村民小组、户属性、一年的走访）；demo leave 离开示范村，建立本村。
    Demo(commands::demo::DemoArgs),
    /// 查看变更日志。
    Changes(commands::changes::ChangesArgs),
    /// 乡镇服务器：启动、生成登记码、设备列表、撤销设备。
    #[command(subcommand)]
    Hub(commands::hub::HubCommand),
    /// 与乡镇服务器同步：登记、立即同步、同步状态。
    #[command(subcommand)]
    Sync(commands::sync::SyncCommand),
    /// U盘数据包：导出、导入。
    #[command(subcommand)]
    Bundle(commands::bundle::BundleCommand),
    /// 修改冲突：查看、解决。
    #[command(subcommand)]
    Conflicts(commands::conflicts::ConflictsCommand),
    /// 合作社：统一收购销售批次、盈余返还、重复付款。
    #[command(subcommand)]
    Coop(commands::coop::CoopCommand),
    /// 合作社账簿：凭证、序时账、试算平衡表、明细账、成员账户、核对。
    #[command(subcommand)]
    Ledger(commands::ledger::LedgerCommand),
    /// 备份村庄数据库（可以备份到U盘）。
    Backup(commands::backup::BackupArgs),
    /// 从备份文件恢复村庄数据库（现在的数据库先另存一份）。
    Restore(commands::backup::RestoreArgs),
    /// 性能测试（输出 JSON；只在用 --features bench 编译时有）。
    #[cfg(feature = "bench")]
    #[command(subcommand)]
    Bench(cunwu_bench::BenchCommand),
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let ctx = Ctx::new(cli.db, cli.json);
    match cli.command {
        Command::Init(a) => commands::init::init(&ctx, a),
        Command::User(c) => commands::init::user(&ctx, c),
        Command::Household(c) => commands::household::run(&ctx, c),
        Command::Member(c) => commands::member::run(&ctx, c),
        Command::Visit(c) => commands::visit::run(&ctx, c),
        Command::Need(c) => commands::need::run(&ctx, c),
        Command::Person(c) => commands::person::run(&ctx, c),
        Command::Demo(a) => commands::demo::run(&ctx, a),
        Command::Changes(a) => commands::changes::run(&ctx, a),
        Command::Hub(c) => commands::hub::run(&ctx, c),
        Command::Sync(c) => commands::sync::run(&ctx, c),
        Command::Bundle(c) => commands::bundle::run(&ctx, c),
        Command::Conflicts(c) => commands::conflicts::run(&ctx, c),
        Command::Coop(c) => commands::coop::run(&ctx, c),
        Command::Ledger(c) => commands::ledger::run(&ctx, c),
        Command::Backup(a) => commands::backup::backup(&ctx, a),
        Command::Restore(a) => commands::backup::restore(&ctx, a),
        #[cfg(feature = "bench")]
        Command::Bench(c) => cunwu_bench::run(c),
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e)
            if matches!(
                e.kind(),
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion
            ) =>
        {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("命令写法有误，请按下面的提示改正（用 cunwu --help 查看全部用法）：\n{e}");
            return ExitCode::from(2);
        }
    };
    let json = cli.json;
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            output::error(&e, json);
            ExitCode::FAILURE
        }
    }
}
