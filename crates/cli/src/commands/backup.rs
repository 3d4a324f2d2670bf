//! `cunwu backup [--to DIR]` and `cunwu restore FILE`: thin over
//! `cunwu_app::backup`.

use super::Ctx;
use crate::output;
use std::path::PathBuf;

/// `cunwu backup`.
#[derive(clap::Args)]
pub struct BackupArgs {
    /// 备份到这个文件夹（例如U盘）；默认是数据库旁边的“备份”文件夹。
    #[arg(long)]
    to: Option<PathBuf>,
}

/// `cunwu restore`.
#[derive(clap::Args)]
pub struct RestoreArgs {
    /// 用来恢复的备份文件（.db）。
    file: PathBuf,
    /// 现在的数据库先另存到这个文件夹；默认是数据库旁边的“备份”文件夹。
    #[arg(long)]
    keep_in: Option<PathBuf>,
}

fn size(bytes: u64) -> String {
    format!("{} KB", bytes.div_ceil(1024))
}

/// Make a backup now.
pub fn backup(ctx: &Ctx, a: BackupArgs) -> anyhow::Result<()> {
    let store = ctx.open_village()?;
    let info = cunwu_app::backup::backup_to(&store, a.to.as_deref())?;
    if ctx.json {
        return output::json(&info);
    }
    println!(
        "已备份到 {}（{}）。恢复时运行 cunwu restore 这个文件。",
        info.path.display(),
        size(info.bytes)
    );
    Ok(())
}

/// Restore from a backup file.
pub fn restore(ctx: &Ctx, a: RestoreArgs) -> anyhow::Result<()> {
    let mut store = ctx.open()?;
    let r = cunwu_app::backup::restore(&mut store, &a.file, a.keep_in.as_deref())?;
    if ctx.json {
        return output::json(&r);
    }
    println!("已从 {} 恢复。", r.restored_from.display());
    println!(
        "恢复前的数据库已另存为 {}，需要时可以再用它恢复。",
        r.kept_aside.path.display()
    );
    println!(
        "为了不和备份之后记下的修改重号，这台电脑已改用新的设备编号 {}。下次同步时会从乡镇服务器取回备份之后已同步的修改。",
        &r.new_device[..8.min(r.new_device.len())]
    );
    Ok(())
}
