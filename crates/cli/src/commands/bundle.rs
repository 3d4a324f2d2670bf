//! `cunwu bundle …`: USB-stick bundles, on a laptop or (with `--hub-data`)
//! on the hub. Importing checks the whole file before anything is written.

use super::Ctx;
use crate::commands::hub::open_hub;
use crate::output;
use cunwu_sync::device_bundle::{self, ExportFor};
use std::path::{Path, PathBuf};

/// `cunwu bundle …`.
#[derive(clap::Subcommand)]
pub enum BundleCommand {
    /// 导出数据包到文件（拷到U盘带走）。
    Export {
        /// 输出文件，例如 E:\东村-1130.cunwu。
        #[arg(long)]
        out: PathBuf,
        /// 给乡镇服务器（默认）。
        #[arg(long, conflicts_with = "for_device")]
        for_hub: bool,
        /// 给某台电脑（设备编号）。
        #[arg(long)]
        for_device: Option<String>,
        /// 在服务器上导出：服务器数据目录（需同时给 --for-device）。
        #[arg(long, requires = "for_device")]
        hub_data: Option<PathBuf>,
    },
    /// 导入数据包（重复导入、乱序导入都安全）。
    Import {
        /// 数据包文件。
        file: PathBuf,
        /// 在服务器上导入：服务器数据目录。
        #[arg(long)]
        hub_data: Option<PathBuf>,
    },
}

/// Write through a temporary file so a pulled stick never holds half a bundle.
fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let tmp = path.with_extension("part");
    std::fs::write(&tmp, bytes).map_err(|e| {
        anyhow::anyhow!(
            "写入 {} 失败：{e}。请检查U盘是否插好、空间是否足够",
            tmp.display()
        )
    })?;
    std::fs::rename(&tmp, path)
        .map_err(|e| anyhow::anyhow!("保存 {} 失败：{e}", path.display()))?;
    Ok(())
}

/// Run a bundle command.
pub fn run(ctx: &Ctx, c: BundleCommand) -> anyhow::Result<()> {
    match c {
        BundleCommand::Export {
            out,
            for_hub: _,
            for_device,
            hub_data,
        } => {
            let (bytes, n) = match (&hub_data, &for_device) {
                (Some(dir), Some(id)) => open_hub(dir)?.export_bundle(id)?,
                (_, Some(id)) => {
                    device_bundle::export(&ctx.open_village()?, &ExportFor::Device(id.clone()))?
                }
                (_, None) => device_bundle::export(&ctx.open_village()?, &ExportFor::Hub)?,
            };
            write_file(&out, &bytes)?;
            if ctx.json {
                return output::json(
                    &serde_json::json!({ "file": out, "changes": n, "bytes": bytes.len() }),
                );
            }
            println!(
                "已导出 {n} 条修改到 {}（{} KB）。",
                out.display(),
                bytes.len() / 1024 + 1
            );
            Ok(())
        }
        BundleCommand::Import { file, hub_data } => {
            let bytes = std::fs::read(&file).map_err(|e| {
                anyhow::anyhow!("读取 {} 失败：{e}。请确认文件路径和U盘", file.display())
            })?;
            if let Some(dir) = hub_data {
                let ack = open_hub(&dir)?.import_bundle(&bytes)?;
                if ctx.json {
                    return output::json(&ack);
                }
                println!(
                    "服务器已导入：新 {} 条，已有 {} 条。",
                    ack.accepted, ack.duplicates
                );
                if !ack.quarantined.is_empty() {
                    println!(
                        "{} 条修改的时间比服务器快 24 小时以上，已暂存、暂不转发。",
                        ack.quarantined.len()
                    );
                }
                cunwu_app::sync_desk::refused::exchange_lines(&ack.refused)
                    .iter()
                    .for_each(|l| println!("{l}"));
                return Ok(());
            }
            let mut store = ctx.open()?;
            let r = device_bundle::import(&mut store, &bytes)?;
            if ctx.json {
                return output::json(&r);
            }
            println!(
                "已导入：新 {} 条，已有 {} 条（重复导入不会重复记账）。",
                r.applied, r.duplicates
            );
            for (id, why) in &r.refused {
                println!("未导入 {id}：{why}");
            }
            Ok(())
        }
    }
}
