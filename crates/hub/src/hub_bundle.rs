//! USB bundles at the hub: import a device's bundle through the same checks
//! as a network push (after verifying it is whole, addressed to a hub, and
//! signed by an enrolled, unrevoked device), and export for one device the
//! changes of its scope after the cursor it last reported.

use crate::error::{HubError, Result};
use crate::hub::{log_line, short, Hub, MAX_PAGE};
use cunwu_sync::bundle::{self, Bundle, Origin, Target};
use cunwu_sync::protocol::{PushAck, PushBatch, Scope};
use cunwu_sync::SyncError;

fn refuse(msg: String) -> HubError {
    HubError::Sync(SyncError::Bundle(format!("{msg}。没有导入任何数据")))
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .filter_map(|i| {
            s.get(2 * i..2 * i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        })
        .collect()
}

impl Hub {
    /// Import a bundle file's bytes written by a device `--for-hub`.
    pub fn import_bundle(&self, bytes: &[u8]) -> Result<PushAck> {
        let opened = bundle::open(bytes)?;
        let b = &opened.bundle;
        if let Target::Device(id) = &b.target {
            return Err(refuse(format!(
                "这个数据包是给设备 {id} 的，请在那台电脑上导入"
            )));
        }
        let (device_id, hub_id) = match &b.origin {
            Origin::Device {
                device_id, hub_id, ..
            } => (device_id, hub_id),
            Origin::Hub { .. } => {
                return Err(refuse(
                    "这是服务器导出的数据包，应在村里的电脑上导入".into(),
                ))
            }
        };
        if hub_id.as_deref().is_some_and(|h| h != self.hub_id()) {
            return Err(refuse("这个数据包来自登记在另一个乡镇服务器的电脑".into()));
        }
        let Some((dev, token_hash)) = self.store().device(device_id)? else {
            return Err(refuse(format!(
                "数据包来自没有在本服务器登记的电脑（{device_id}）"
            )));
        };
        if dev.revoked_ms.is_some() {
            return Err(refuse(format!(
                "数据包来自已被撤销登记的电脑（{device_id}）"
            )));
        }
        if !opened.mac_matches(&unhex(&token_hash)) {
            return Err(refuse(
                "数据包的签名不对，可能被改动过或不是这台电脑导出的".into(),
            ));
        }
        let ack = self.push(
            &dev,
            &PushBatch {
                sent_ms: b.created_ms,
                changes: b.changes.clone(),
                seals: b.seals.clone(),
                public_key: b.public_key.clone(),
            },
        )?;
        log_line(
            self.now_ms(),
            &format!(
                "导入设备 {} 的数据包：新 {} 条，重复 {} 条",
                short(device_id),
                ack.accepted,
                ack.duplicates
            ),
        );
        Ok(ack)
    }

    /// Bundle bytes for one device: its scope's changes after the cursor it
    /// last reported, signed for it. Returns the bytes and the change count.
    pub fn export_bundle(&self, device_id: &str) -> Result<(Vec<u8>, usize)> {
        let Some((dev, token_hash)) = self.store().device(device_id.trim())? else {
            return Err(HubError::NotFound(format!(
                "没有编号为 {device_id} 的设备。请用 cunwu hub devices 查看设备列表"
            )));
        };
        if dev.revoked_ms.is_some() {
            return Err(HubError::Forbidden(format!(
                "设备 {device_id} 已被撤销，不能给它导出数据"
            )));
        }
        let villages = match &dev.scope {
            Scope::Village(v) => vec![v.clone()],
            Scope::Township(t) => self.store().villages_of(t)?,
        };
        let from = dev.last_pull_cursor;
        let mut cursor = from;
        let mut changes = Vec::new();
        loop {
            let page = self
                .store()
                .pull(&villages, &dev.device_id, cursor, MAX_PAGE)?;
            changes.extend(page.changes);
            cursor = page.next;
            if !page.more {
                break;
            }
        }
        let n = changes.len();
        let seals = self.store().seals_for(&changes)?;
        let b = Bundle {
            origin: Origin::Hub {
                hub_id: self.hub_id().to_string(),
            },
            target: Target::Device(dev.device_id.clone()),
            created_ms: self.now_ms(),
            from_cursor: Some(from),
            to_cursor: Some(cursor),
            seals,
            public_key: None,
            changes,
        };
        Ok((bundle::write(&b, Some(&unhex(&token_hash))), n))
    }
}
