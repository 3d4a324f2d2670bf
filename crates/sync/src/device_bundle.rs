//! USB bundles on a village laptop: export what the hub (or another laptop
//! of the village) may lack, and import a bundle after checking that it is
//! whole, meant for this device and of its village — all before anything
//! is written, then in one transaction.

use crate::bundle::{self, credential_hash, Bundle, Origin, Target};
use crate::client::pull_state;
use crate::enrollment::{self, keys, meta_num};
use crate::error::{Result, SyncError};
use crate::protocol::Scope;
use cunwu_core::change::Change;
use cunwu_store::Store;
use serde::Serialize;

/// Whom an export is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportFor {
    /// The township hub (signed with this device's credential).
    Hub,
    /// Another laptop of the same village.
    Device(String),
}

/// Bundle bytes with every change of this device's village that `target`
/// may lack. For the hub: each device's changes after the last push the hub
/// acknowledged; for another laptop: everything held.
pub fn export(store: &Store, target: &ExportFor) -> Result<(Vec<u8>, usize)> {
    if store.is_demo()? {
        return Err(SyncError::DemoVillage);
    }
    let profile = store.require_profile()?;
    let enrolled = enrollment::load(store)?;
    let mut changes: Vec<Change> = Vec::new();
    for device in store.version_vector()?.keys() {
        let after = match target {
            ExportFor::Hub => {
                meta_num::<u64>(store, &format!("{}{device}", keys::PUSHED_PREFIX))?.unwrap_or(0)
            }
            ExportFor::Device(_) => 0,
        };
        changes.extend(
            store
                .changes_by_device(device, after, usize::MAX >> 1)?
                .into_iter()
                .filter(|c| c.village == profile.village),
        );
    }
    let key = match (target, &enrolled) {
        (ExportFor::Hub, Some(e)) => Some(credential_hash(&e.token)),
        (ExportFor::Hub, None) => return Err(SyncError::NotEnrolled),
        (ExportFor::Device(_), _) => None,
    };
    let n = changes.len();
    let b = Bundle {
        origin: Origin::Device {
            device_id: store.device_id().to_string(),
            village: Some(profile.village),
            hub_id: enrolled.map(|e| e.hub_id),
        },
        target: match target {
            ExportFor::Hub => Target::Hub,
            ExportFor::Device(id) => Target::Device(id.clone()),
        },
        created_ms: store.now_ms(),
        from_cursor: None,
        to_cursor: None,
        changes,
    };
    Ok((bundle::write(&b, key.as_ref().map(|k| &k[..])), n))
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Changes new here.
    pub applied: usize,
    /// Changes already held.
    pub duplicates: usize,
    /// Hub cursor now reached, for a hub bundle that continued ours.
    pub cursor: Option<u64>,
}

fn refuse(msg: String) -> SyncError {
    SyncError::Bundle(format!("{msg}。没有导入任何数据"))
}

/// Check and import a bundle file's bytes into this device.
pub fn import(store: &mut Store, bytes: &[u8]) -> Result<ImportReport> {
    let opened = bundle::open(bytes)?;
    let enrolled = enrollment::load(store)?;
    let profile = store.profile()?;
    let b = &opened.bundle;
    match &b.target {
        Target::Hub => {
            return Err(refuse(
                "这个数据包是发给乡镇服务器的，请在服务器上导入（cunwu bundle import --hub-data 数据目录 文件）".into(),
            ))
        }
        Target::Device(id) if id != store.device_id() => {
            return Err(refuse(format!("这个数据包是给设备 {id} 的，不是这台电脑（{}）", store.device_id())))
        }
        Target::Device(_) => {}
    }
    match &b.origin {
        Origin::Hub { hub_id } => {
            let Some(e) = &enrolled else {
                return Err(refuse(
                    "这台电脑还没有登记到乡镇服务器，不能导入服务器的数据包".into(),
                ));
            };
            if &e.hub_id != hub_id {
                return Err(refuse(format!(
                    "这个数据包来自另一个乡镇服务器（{hub_id}），不是本机登记的服务器"
                )));
            }
            if !opened.mac_matches(&credential_hash(&e.token)) {
                return Err(refuse(
                    "数据包的签名不对，可能被改动过，或是给别的电脑的".into(),
                ));
            }
        }
        Origin::Device {
            village, device_id, ..
        } => {
            let mine = profile.as_ref().map(|p| p.village.as_str());
            if matches!(
                enrolled.as_ref().map(|e| &e.scope),
                Some(Scope::Township(_))
            ) {
                return Err(refuse("乡镇电脑只导入乡镇服务器导出的数据包".into()));
            }
            if village.as_deref() != mine || mine.is_none() {
                return Err(refuse(format!(
                    "这个数据包来自“{}”的电脑（{device_id}），这台电脑属于“{}”",
                    village.as_deref().unwrap_or("未初始化"),
                    mine.unwrap_or("未初始化的村")
                )));
            }
        }
    }
    let allowed = match enrolled.as_ref().map(|e| &e.scope) {
        Some(Scope::Village(v)) => Some(v.clone()),
        Some(Scope::Township(_)) => None,
        None => profile.as_ref().map(|p| p.village.clone()),
    };
    if let Some(v) = allowed {
        if let Some(c) = b.changes.iter().find(|c| c.village != v) {
            return Err(refuse(format!(
                "数据包里有“{}”的数据（变更 {}），这台电脑只属于“{v}”",
                c.village, c.id
            )));
        }
    }
    if pull_state(store)?.snapshot.is_some() {
        // Changes from a stick in the middle of a compacted snapshot may be
        // ones it left out as superseded: pull the whole history instead
        // (switched before the changes land, so a crash between the two
        // only costs a longer pull).
        store.meta_set(keys::SNAPSHOT, "")?;
        store.meta_set(keys::PULL_CURSOR, "0")?;
    }
    let r = store.apply_foreign(&b.changes)?;
    let mut report = ImportReport {
        applied: r.applied,
        duplicates: r.duplicates,
        cursor: None,
    };
    // A hub bundle that starts at or before our cursor continues it.
    if let (Origin::Hub { .. }, Some(from), Some(to)) = (&b.origin, b.from_cursor, b.to_cursor) {
        let state = pull_state(store)?;
        let current = state.cursor.unwrap_or(0);
        if from <= current && to > current {
            store.meta_set(keys::PULL_CURSOR, &to.to_string())?;
            report.cursor = Some(to);
        }
    }
    Ok(report)
}
