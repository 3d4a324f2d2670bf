//! `cunwu hub …`: run the township hub and administer it (enrollment codes,
//! device list, revocation, voucher chains checked on receipt). Admin commands open the hub's data directory
//! directly and work while the server runs (SQLite WAL).

use super::Ctx;
use crate::output;
use cunwu_core::clock::{local_date, SystemClock};
use cunwu_hub::Hub;
use cunwu_sync::protocol::{Role, Scope};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// `cunwu hub …`.
#[derive(clap::Subcommand)]
pub enum HubCommand {
    /// 启动乡镇服务器（Ctrl-C 或 SIGTERM 安全停止）。
    Serve {
        /// 服务器数据目录。
        #[arg(long)]
        data: PathBuf,
        /// 监听地址，例如 0.0.0.0:7700。
        #[arg(long, default_value = "0.0.0.0:7700")]
        listen: String,
    },
    /// 生成一次性登记码（7 天内有效）。
    Enroll {
        /// 服务器数据目录。
        #[arg(long)]
        data: PathBuf,
        /// 村名（村里的电脑）。
        #[arg(long, required_unless_present = "township")]
        village: Option<String>,
        /// 乡镇名（乡镇的电脑；与 --village 同用时表示该村属于这个乡镇）。
        #[arg(long)]
        township: Option<String>,
        /// 角色：member（工作队员）、clerk（会计/出纳）、leader（队长）、township（乡镇，只读）。
        #[arg(long)]
        role: String,
    },
    /// 列出已登记的设备。
    Devices {
        /// 服务器数据目录。
        #[arg(long)]
        data: PathBuf,
    },
    /// 各设备凭证链（防篡改哈希链）的核查结果：服务器收到凭证时逐张核对。
    Chains {
        /// 服务器数据目录。
        #[arg(long)]
        data: PathBuf,
    },
    /// 列出上传中有修改被拒收的设备（拒收原因；同一批的其他修改照常保存）。
    Refused {
        /// 服务器数据目录。
        #[arg(long)]
        data: PathBuf,
    },
    /// 立即撤销一台设备的登记。
    Revoke {
        /// 服务器数据目录。
        #[arg(long)]
        data: PathBuf,
        /// 设备编号（见 cunwu hub devices）。
        device: String,
    },
}

/// Open a hub's data directory for an admin command.
pub fn open_hub(data: &Path) -> anyhow::Result<Hub> {
    Ok(Hub::open(data, Arc::new(SystemClock))?)
}

fn date(ms: Option<i64>) -> String {
    ms.map(|m| local_date(m).to_string())
        .unwrap_or_else(|| "—".into())
}

/// Run a hub command.
pub fn run(ctx: &Ctx, c: HubCommand) -> anyhow::Result<()> {
    match c {
        HubCommand::Serve { data, listen } => {
            cunwu_hub::server::serve(&data, &listen, |addr, hub| {
                println!("村务乡镇服务器已启动：http://{addr}（数据目录 {}，服务器编号 {}）。按 Ctrl-C 停止。", data.display(), hub.hub_id());
                let _ = std::io::stdout().flush();
            })?;
            Ok(())
        }
        HubCommand::Enroll {
            data,
            village,
            township,
            role,
        } => {
            let role = Role::parse(role.trim()).ok_or_else(|| {
                anyhow::anyhow!("角色“{role}”不对，只能是 member、clerk、leader 或 township")
            })?;
            let hub = open_hub(&data)?;
            let (scope, in_township) = match (village, township) {
                (Some(v), t) => (Scope::Village(v.trim().to_string()), t),
                (None, Some(t)) => (Scope::Township(t.trim().to_string()), None),
                (None, None) => {
                    anyhow::bail!("请用 --village 村名 或 --township 乡镇名 指明登记码给谁用")
                }
            };
            let code = hub.create_code(&scope, role, in_township.as_deref())?;
            if ctx.json {
                output::json(&serde_json::json!({ "code": code, "scope": scope, "role": role }))
            } else {
                println!("登记码：{code}");
                println!(
                    "适用：{scope}，角色：{}。7 天内有效，只能用一次。",
                    role.label()
                );
                println!("在那台电脑上运行：cunwu sync enroll --hub http://服务器地址:端口 --code {code}");
                Ok(())
            }
        }
        HubCommand::Devices { data } => {
            let devices = open_hub(&data)?.devices()?;
            if ctx.json {
                return output::json(&devices);
            }
            if devices.is_empty() {
                println!("还没有登记任何设备。用 cunwu hub enroll 生成登记码。");
            }
            for d in devices {
                let state = if d.revoked_ms.is_some() {
                    "已撤销"
                } else {
                    "正常"
                };
                println!(
                    "{}  {}  {}  登记于 {}  最近同步 {}  {state}",
                    d.device_id,
                    output::pad(&d.scope.to_string(), 18),
                    output::pad(d.role.label(), 10),
                    date(Some(d.enrolled_ms)),
                    date(d.last_seen_ms)
                );
            }
            Ok(())
        }
        HubCommand::Refused { data } => super::hub_refused::run(ctx, &data),
        HubCommand::Chains { data } => {
            let chains = open_hub(&data)?.voucher_chains()?;
            if ctx.json {
                return output::json(&chains);
            }
            if chains.is_empty() {
                println!("服务器还没有收到任何凭证。");
            }
            for c in chains {
                match &c.first_break {
                    Some(b) => println!(
                        "{}  断开（{} 发现）：{b}。已收到 {} 张凭证，前 {} 张核对无误",
                        c.device,
                        date(c.break_ms),
                        c.received,
                        c.verified
                    ),
                    None => println!(
                        "{}  完好：已收到 {} 张凭证，前 {} 张已核对{}",
                        c.device,
                        c.received,
                        c.verified,
                        if c.received > c.verified {
                            "（其余等待缺少的凭证上传后再核对）"
                        } else {
                            ""
                        }
                    ),
                }
            }
            Ok(())
        }
        HubCommand::Revoke { data, device } => {
            open_hub(&data)?.revoke(&device)?;
            if ctx.json {
                output::json(&serde_json::json!({ "revoked": device }))
            } else {
                println!("已撤销设备 {device}：它从现在起不能再同步。");
                Ok(())
            }
        }
    }
}
