//! USB bundles on a village laptop: export what the hub (or another laptop
//! of the village) may lack, and import a bundle after checking that it is
//! whole, meant for this device and of its village — all before anything
//! is written, then in one transaction.

use crate::bundle::{self, credential_hash, Bundle, Origin, Target};
use crate::client::pull_state;
use crate::enrollment::{self, keys, meta_num};
use crate::error::{Result, SyncError};
use crate::protocol::{Scope, Seal};
use crate::seal::{self, Author};
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
    let mut seals: Vec<Seal> = Vec::new();
    for device in store.version_vector()?.keys() {
        let after = match target {
            ExportFor::Hub => {
                meta_num::<u64>(store, &format!("{}{device}", keys::PUSHED_PREFIX))?.unwrap_or(0)
            }
            ExportFor::Device(_) => 0,
        };
        if device == store.device_id() {
            // Own changes after `after` are contiguous: sign them as one run.
            let theirs: Vec<Change> = store
                .changes_by_device(device, after, usize::MAX >> 1)?
                .into_iter()
                .filter(|c| c.village == profile.village)
                .collect();
            seals.extend(seal::seal_own_run(store, after, &theirs)?);
            changes.extend(theirs);
            continue;
        }
        // Another device's: only whole runs its author sealed, with the seals.
        let (theirs, proof) = seal::sealed_runs(store, device, after)?;
        seals.extend(proof);
        let theirs: Vec<Change> = theirs
            .into_iter()
            .filter(|c| c.village == profile.village)
            .collect();
        changes.extend(theirs);
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
        seals,
        public_key: Some(seal::public_key(store)?),
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
    /// Changes not imported because their author's signature does not
    /// cover them (forged, altered, from a revoked laptop after its
    /// revocation, or naming this laptop's own device): id and why.
    pub refused: Vec<(String, String)>,
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
    let keep = match &b.origin {
        // The hub checked every change it relays against its author.
        Origin::Hub { .. } => {
            let own: Vec<&Change> = b
                .changes
                .iter()
                .filter(|c| c.id.device == store.device_id())
                .collect();
            if !own.is_empty() {
                return Err(refuse(format!("这个数据包里有以这台电脑自己的设备编号写的变更（{}），这台电脑不会从别处接收自己的变更", own[0].id)));
            }
            Check {
                changes: b.changes.clone(),
                refused: Vec::new(),
                verified: b.seals.clone(),
            }
        }
        Origin::Device { device_id, .. } => check_authors(
            store,
            enrolled.is_some(),
            device_id,
            b.public_key.as_deref(),
            &b.changes,
            &b.seals,
        )?,
    };
    if pull_state(store)?.snapshot.is_some() && !keep.changes.is_empty() {
        // Changes from a stick in the middle of a compacted snapshot may be
        // ones it left out as superseded: pull the whole history instead
        // (switched before the changes land, so a crash between the two
        // only costs a longer pull).
        store.meta_set(keys::SNAPSHOT, "")?;
        store.meta_set(keys::PULL_CURSOR, "0")?;
    }
    let r = store.apply_foreign(&keep.changes)?;
    seal::keep_seals(store, &keep.verified)?;
    let mut report = ImportReport {
        applied: r.applied,
        duplicates: r.duplicates,
        cursor: None,
        refused: keep.refused,
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

/// What of a device bundle may be imported.
struct Check {
    changes: Vec<Change>,
    refused: Vec<(String, String)>,
    verified: Vec<Seal>,
}

/// Check a device bundle's changes against their authors' keys (as the hub
/// handed them out; an unenrolled laptop pins the writer's key the first
/// time it sees it). This laptop's own changes are never taken from a
/// stick: those it holds are skipped, any other is refused.
fn check_authors(
    store: &Store,
    enrolled: bool,
    writer: &str,
    writer_key: Option<&str>,
    changes: &[Change],
    seals: &[Seal],
) -> Result<Check> {
    let me = store.device_id().to_string();
    let mine = store.local_counter();
    let mut refused: Vec<(String, String)> = Vec::new();
    let mut theirs: Vec<Change> = Vec::with_capacity(changes.len());
    for c in changes {
        if c.id.device != me {
            theirs.push(c.clone());
        } else if c.id.counter > mine {
            refused.push((c.id.to_string(), format!("变更 {} 用的是这台电脑自己的设备编号，但不是这台电脑写的（可能是伪造的数据包），已拒收", c.id)));
        }
    }
    let mut known = seal::known_keys(store)?;
    if !enrolled && writer != me && !known.contains_key(writer) {
        if let Some(k) = writer_key.filter(|k| seal::parse_key(k).is_some()) {
            // No hub to ask: the first bundle from a laptop pins its key.
            let pinned = crate::protocol::DeviceKey {
                device: writer.to_string(),
                public_key: Some(k.to_string()),
                village: store.profile()?.map(|p| p.village),
                role: crate::protocol::Role::Member,
                revoked_ms: None,
                frozen_at: None,
            };
            seal::keep_keys(store, std::slice::from_ref(&pinned))?;
            known.insert(writer.to_string(), pinned);
        }
    }
    let mut all_seals: Vec<Seal> = seals.to_vec();
    let mut latest: std::collections::BTreeMap<String, (u64, cunwu_core::change_chain::Hash)> =
        Default::default();
    let devices: std::collections::BTreeSet<&str> =
        theirs.iter().map(|c| c.id.device.as_str()).collect();
    for d in devices {
        let kept = seal::kept_seals(store, d)?;
        if let Some(s) = kept.last() {
            if let Some(h) = cunwu_core::change_chain::from_hex::<32>(&s.chain) {
                latest.insert(d.to_string(), (s.counter, h));
            }
        }
        all_seals.extend(kept);
    }
    let verdict = seal::verify(
        &theirs,
        &all_seals,
        |d| {
            match known.get(d) {
            Some(k) => match k.public_key.as_deref().and_then(seal::parse_key) {
                Some(key) => Author::Key {
                    key,
                    frozen_at: k.frozen_at.or(k.revoked_ms.map(|_| 0)),
                },
                None => Author::Refused(format!("设备 {d} 没有登记签名公钥，它的变更无法核实，请让它直接与乡镇服务器同步")),
            },
            None if enrolled => Author::Refused(format!("还不知道设备 {d} 的签名公钥。请先与乡镇服务器同步一次，再导入这个数据包")),
            None => Author::Refused(format!("不认识设备 {d}，它的变更无法核实。请让它直接把数据包拷给这台电脑，或先登记到乡镇服务器")),
        }
        },
        |d| latest.get(d).copied(),
    );
    let bad = verdict.refused_ids();
    let keep: Vec<Change> = theirs
        .iter()
        .filter(|c| !bad.contains(&c.id))
        .cloned()
        .collect();
    refused.extend(
        verdict
            .refused
            .iter()
            .map(|r| (r.id.to_string(), r.reason.clone())),
    );
    Ok(Check {
        changes: keep,
        refused,
        verified: verdict.verified.into_iter().map(|v| v.seal).collect(),
    })
}
