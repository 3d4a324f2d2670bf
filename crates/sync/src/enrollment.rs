//! A device's enrollment with its hub: redeeming the one-time code, and the
//! sync meta keys kept in the device database (credential, hub, scope,
//! cursors, last sync, clock offset).

use crate::error::{Result, SyncError};
use crate::protocol::{EnrollRequest, Role, Scope};
use crate::transport::Transport;
use cunwu_store::Store;
use serde::Serialize;

/// Meta keys of the device database used by sync.
pub mod keys {
    /// Hub base URL.
    pub const HUB_URL: &str = "sync.hub_url";
    /// Hub id.
    pub const HUB_ID: &str = "sync.hub_id";
    /// Device credential (bearer token).
    pub const TOKEN: &str = "sync.token";
    /// Scope, JSON.
    pub const SCOPE: &str = "sync.scope";
    /// Role.
    pub const ROLE: &str = "sync.role";
    /// Last hub cursor fully applied.
    pub const PULL_CURSOR: &str = "sync.pull_cursor";
    /// Snapshot under way: `at,after`, or empty.
    pub const SNAPSHOT: &str = "sync.snapshot";
    /// Last completed exchange, device clock UTC ms.
    pub const LAST_SYNC_MS: &str = "sync.last_sync_ms";
    /// Hub clock minus device clock, ms.
    pub const CLOCK_OFFSET_MS: &str = "sync.clock_offset_ms";
    /// Changes the hub quarantined at the last exchange, JSON.
    pub const QUARANTINED: &str = "sync.quarantined";
    /// Voucher chain breaks the hub reported in acknowledged pushes and no
    /// front end has kept yet, JSON (see `client::unkept_chain_breaks`).
    pub const CHAIN_BREAKS: &str = "sync.chain_breaks";
    /// Prefix of per-device push checkpoints: `sync.pushed.<device>`.
    pub const PUSHED_PREFIX: &str = "sync.pushed.";
    /// This device's own counter the hub acknowledged; the store reads it
    /// for `pending_changes` (same string as the store's
    /// `change_log::PUSHED_COUNTER_KEY`, which is not re-exported).
    pub const PUSHED_COUNTER: &str = "sync.pushed_counter";
}

/// What a device knows of its enrollment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Enrollment {
    /// Hub base URL.
    pub hub_url: String,
    /// Hub id.
    pub hub_id: String,
    /// This device's id.
    pub device_id: String,
    /// Bearer credential.
    #[serde(skip)]
    pub token: String,
    /// What it may see.
    pub scope: Scope,
    /// What it may write.
    pub role: Role,
}

impl Enrollment {
    /// May this device push changes? Every role may: a township laptop
    /// pushes the 12345 needs and 督办 notes it made (the hub refuses
    /// anything else), and has nothing else of its own to push.
    pub fn may_write(&self) -> bool {
        true
    }
}

/// The device's enrollment, if any.
pub fn load(store: &Store) -> Result<Option<Enrollment>> {
    let get = |k: &str| store.meta_get(k).map(|v| v.filter(|s| !s.is_empty()));
    let (Some(hub_url), Some(hub_id), Some(token), Some(scope), Some(role)) = (
        get(keys::HUB_URL)?,
        get(keys::HUB_ID)?,
        get(keys::TOKEN)?,
        get(keys::SCOPE)?,
        get(keys::ROLE)?,
    ) else {
        return Ok(None);
    };
    let scope: Scope = serde_json::from_str(&scope)
        .map_err(|e| SyncError::malformed(format!("登记信息损坏：{e}")))?;
    let role =
        Role::parse(&role).ok_or_else(|| SyncError::malformed("登记信息中的角色无法识别"))?;
    Ok(Some(Enrollment {
        hub_url,
        hub_id,
        device_id: store.device_id().to_string(),
        token,
        scope,
        role,
    }))
}

/// The enrollment, or [`SyncError::NotEnrolled`].
pub fn require(store: &Store) -> Result<Enrollment> {
    load(store)?.ok_or(SyncError::NotEnrolled)
}

/// Redeem `code` at the hub and keep the credential in the device database.
/// A device set up for another village (or township) than the code names
/// is refused by the hub, and checked again here.
pub fn enroll(
    store: &Store,
    transport: &dyn Transport,
    hub_url: &str,
    code: &str,
) -> Result<Enrollment> {
    if store.is_demo()? {
        return Err(SyncError::DemoVillage);
    }
    let profile = store.profile()?;
    let req = EnrollRequest {
        code: code.trim().to_string(),
        device_id: store.device_id().to_string(),
        village: profile.as_ref().map(|p| p.village.clone()),
        township: profile.as_ref().and_then(|p| p.township.clone()),
        public_key: Some(crate::seal::public_key(store)?),
    };
    let t0 = store.now_ms();
    let resp = transport.enroll(&req)?;
    let t1 = store.now_ms();
    match (&resp.scope, &profile) {
        (Scope::Village(v), Some(p)) if *v != p.village => {
            return Err(SyncError::Forbidden(format!(
                "这台电脑初始化的是“{}”，登记码却是“{v}”的。没有登记。请向管理员要“{}”的登记码",
                p.village, p.village
            )))
        }
        (Scope::Village(v), None) => {
            return Err(SyncError::Forbidden(format!(
            "这台电脑还没有初始化村庄。请先运行 cunwu init --village {v} --user 你的姓名，再登记"
        )))
        }
        _ => {}
    }
    if let Some(old) = load(store)? {
        if old.hub_id != resp.hub_id {
            // A different hub: its cursors mean nothing here.
            store.meta_set(keys::PULL_CURSOR, "")?;
            store.meta_set(keys::SNAPSHOT, "")?;
        }
    }
    let scope_json = serde_json::to_string(&resp.scope).unwrap_or_default();
    store.meta_set(keys::HUB_URL, hub_url.trim_end_matches('/'))?;
    store.meta_set(keys::HUB_ID, &resp.hub_id)?;
    store.meta_set(keys::TOKEN, &resp.token)?;
    store.meta_set(keys::SCOPE, &scope_json)?;
    store.meta_set(keys::ROLE, resp.role.as_str())?;
    crate::seal::keep_keys(store, &resp.keys)?;
    store.meta_set(
        keys::CLOCK_OFFSET_MS,
        &clock_offset(resp.hub_time_ms, t0, t1).to_string(),
    )?;
    require(store)
}

/// Hub clock minus device clock, estimated at the middle of the round trip.
pub fn clock_offset(hub_ms: i64, sent_ms: i64, received_ms: i64) -> i64 {
    hub_ms.saturating_sub(sent_ms / 2 + received_ms / 2)
}

/// Read a numeric meta value.
pub(crate) fn meta_num<T: std::str::FromStr>(store: &Store, key: &str) -> Result<Option<T>> {
    Ok(store.meta_get(key)?.and_then(|v| v.parse().ok()))
}
