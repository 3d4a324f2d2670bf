//! `cunwu sync …`: enroll this laptop with the township hub, run one full
//! exchange, and show where syncing stands (clock offset, last sync,
//! pending changes).

use super::Ctx;
use crate::output;
use cunwu_core::clock::china_offset;
use cunwu_sync::enrollment;
use cunwu_sync::http::HttpTransport;

/// `cunwu sync …`.
#[derive(clap::Subcommand)]
pub enum SyncCommand {
    /// 用登记码把这台电脑登记到乡镇服务器。
    Enroll {
        /// 服务器地址，例如 http://192.168.1.10:7700。
        #[arg(long)]
        hub: String,
        /// 管理员给的登记码。
        #[arg(long)]
        code: String,
    },
    /// 立即与乡镇服务器同步一次（上传、下载）。
    Now {
        /// 临时改用这个服务器地址（默认用登记时的地址）。
        #[arg(long)]
        hub: Option<String>,
    },
    /// 同步状态：上次同步、待上传的修改、与服务器的时钟差。
    Status,
}

fn when(ms: i64) -> String {
    chrono::DateTime::<chrono::Utc>::from_timestamp_millis(ms)
        .map(|t| {
            t.with_timezone(&china_offset())
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

/// Human wording of a clock offset (hub minus device).
pub fn offset_text(ms: i64) -> String {
    let secs = ms.unsigned_abs() / 1000;
    let amount = if secs >= 86_400 {
        format!("{} 天", secs / 86_400)
    } else if secs >= 3600 {
        format!("{} 小时", secs / 3600)
    } else if secs >= 60 {
        format!("{} 分钟", secs / 60)
    } else {
        format!("{secs} 秒")
    };
    match ms {
        m if m.abs() < 60_000 => format!("与服务器时钟一致（相差 {amount}）"),
        m if m < 0 => format!("本机时钟比服务器快 {amount}，请校正电脑时间"),
        _ => format!("本机时钟比服务器慢 {amount}，请校正电脑时间"),
    }
}

/// Run a sync command.
pub fn run(ctx: &Ctx, c: SyncCommand) -> anyhow::Result<()> {
    match c {
        SyncCommand::Enroll { hub, code } => {
            let store = ctx.open()?;
            let e = enrollment::enroll(&store, &HttpTransport::new(&hub, None), &hub, &code)?;
            if ctx.json {
                return output::json(&e);
            }
            println!(
                "登记成功：{}，角色 {}。设备编号 {}。",
                e.scope,
                e.role.label(),
                e.device_id
            );
            println!("之后运行 cunwu sync now 同步。");
            Ok(())
        }
        SyncCommand::Now { hub } => {
            let store = std::sync::Mutex::new(ctx.open()?);
            let gate = cunwu_app::sync_desk::SyncGate::default();
            let r = cunwu_app::sync_desk::sync_via(&store, &gate, hub.as_deref(), || {})?;
            if ctx.json {
                return output::json(&r);
            }
            println!(
                "同步完成：上传 {} 条新修改（服务器已有 {} 条），下载 {} 条{}。传输 {} KB。",
                r.pushed,
                r.push_duplicates,
                r.pulled,
                if r.snapshot {
                    "（首次同步，使用快照）"
                } else {
                    ""
                },
                r.bytes / 1024
            );
            println!("{}", offset_text(r.clock_offset_ms));
            if let Some(notice) = &r.restored_notice {
                println!("注意：{notice}");
            }
            if r.reissued > 0 {
                println!("已用新编号重新记入 {} 条修改。", r.reissued);
            }
            if r.quarantined > 0 {
                println!(
                    "注意：{} 条修改的时间比服务器快 24 小时以上，服务器已暂存、暂不转发给其他电脑。请把这台电脑的时间校正过来。",
                    r.quarantined
                );
            }
            cunwu_app::sync_desk::refused::exchange_lines(&r.refused_changes)
                .iter()
                .for_each(|l| println!("{l}"));
            for why in &r.relay_refused {
                println!("注意：{why}");
            }
            for b in &r.open_chain_alarms {
                println!(
                    "警告：服务器核对凭证链时发现断开（设备 {}，第 {} 张）：{}。请会计运行 cunwu ledger verify 核查账簿。",
                    b.device, b.seq, b.message
                );
            }
            Ok(())
        }
        SyncCommand::Status => {
            let store = ctx.open()?;
            let s = cunwu_sync::status(&store)?;
            if ctx.json {
                return output::json(&s);
            }
            match &s.enrollment {
                Some(e) => println!(
                    "已登记：{}（{}），服务器 {}",
                    e.scope,
                    e.role.label(),
                    e.hub_url
                ),
                None => {
                    println!("尚未登记到乡镇服务器（cunwu sync enroll --hub 地址 --code 登记码）")
                }
            }
            println!("设备编号：{}", s.device_id);
            println!(
                "上次同步：{}",
                s.last_sync_ms
                    .map(when)
                    .unwrap_or_else(|| "从未同步".into())
            );
            println!("待上传的修改：{} 条", s.pending_changes);
            if let Some(o) = s.clock_offset_ms {
                println!("时钟：{}", offset_text(o));
            }
            if !s.quarantined.is_empty() {
                println!("被服务器暂存（时间超前）的修改：{} 条", s.quarantined.len());
            }
            cunwu_app::sync_desk::refused::status_lines(&s.refused)
                .iter()
                .for_each(|l| println!("{l}"));
            Ok(())
        }
    }
}
