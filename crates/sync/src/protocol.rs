//! The messages devices and the hub exchange (DESIGN.md 5): enrollment,
//! the hub's version vector, push batches and their acks, pulls by hub
//! cursor and snapshot pages for a fresh device.
//!
//! Every message travels as a [`crate::codec`] frame: the message's own
//! fields as a small JSON header, and the changes it carries (if any) in
//! the compact columnar block. [`Wire`] tells the codec where those changes
//! live.

use cunwu_core::change::{Change, ChangeId};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use std::collections::BTreeMap;

pub use cunwu_core::access::{Role, Scope};

/// Where a message's changes live, for the codec. Messages without changes
/// keep the defaults.
pub trait Wire: Serialize + DeserializeOwned {
    /// The changes carried.
    fn changes(&self) -> &[Change] {
        &[]
    }
    /// Put decoded changes back in place.
    fn set_changes(&mut self, _changes: Vec<Change>) {}
}

/// A device redeems a one-time code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollRequest {
    /// The code the hub admin printed.
    pub code: String,
    /// This device's id (the `device` part of its change ids).
    pub device_id: String,
    /// The village this device was initialised for, if any.
    pub village: Option<String>,
    /// The township this device was initialised for, if any.
    pub township: Option<String>,
    /// This device's Ed25519 public key (hex), which its seals are checked
    /// against ([`crate::seal`]); an older client sends none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key: Option<String>,
}
impl Wire for EnrollRequest {}

/// A device's signature over its own hash chain at `counter`
/// ([`cunwu_core::change_chain`]): it vouches for every change of the
/// device up to `counter`. With an empty `sig` it is only an *anchor*: the
/// chain hash the sender claims at `counter`, where a run of changes starts
/// (a claim is worth nothing until the run reaches a signed seal).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seal {
    /// The author device.
    pub device: String,
    /// Its counter the seal covers up to.
    pub counter: u64,
    /// The chain hash after that counter, hex.
    pub chain: String,
    /// Ed25519 signature of `change_chain::seal_message`, hex; empty for an anchor.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sig: String,
}

/// What a laptop is told about a device in its scope, so it can check
/// changes carried to it by USB stick.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceKey {
    /// The device.
    pub device: String,
    /// Its Ed25519 public key, hex; `None` for a device enrolled before keys.
    pub public_key: Option<String>,
    /// Its village (`None` for a township device).
    pub village: Option<String>,
    /// Its role.
    pub role: Role,
    /// Revoked at, hub clock UTC ms.
    pub revoked_ms: Option<i64>,
    /// A revoked device's changes beyond this counter are refused everywhere.
    pub frozen_at: Option<u64>,
}

/// The hub's answer to a redeemed code: the credential, shown only once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollResponse {
    /// The hub's id (bundles name it).
    pub hub_id: String,
    /// The device id as enrolled.
    pub device_id: String,
    /// The bearer token; the hub keeps only its SHA-256.
    pub token: String,
    /// What the device may see.
    pub scope: Scope,
    /// What the device may write.
    pub role: Role,
    /// The hub's clock, UTC ms.
    pub hub_time_ms: i64,
    /// The devices of the new device's scope with their public keys, so a
    /// USB stick from a colleague can be checked before the first sync.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<DeviceKey>,
}
impl Wire for EnrollResponse {}

/// A laptop whose database was restored from a copy has taken a new
/// device id (`cunwu_sync::restore`): move its enrollment (credential,
/// scope, role) from the id it authenticates as to the new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveDeviceRequest {
    /// The new device id.
    pub new_device_id: String,
}
impl Wire for MoveDeviceRequest {}

/// The hub moved the enrollment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveDeviceResponse {
    /// The id the credential belongs to now.
    pub device_id: String,
    /// The hub's clock, UTC ms.
    pub hub_time_ms: i64,
}
impl Wire for MoveDeviceResponse {}

/// Ask the hub how far it holds each named device's changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VectorRequest {
    /// Devices of interest.
    pub devices: Vec<String>,
}
impl Wire for VectorRequest {}

/// Per device: highest counter C such that the hub holds 1..=C (a change
/// in quarantine counts as held).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VectorResponse {
    /// Device → contiguous counter.
    pub vector: BTreeMap<String, u64>,
    /// The hub's clock, UTC ms.
    pub hub_time_ms: i64,
}
impl Wire for VectorResponse {}

/// One bounded batch of changes pushed to the hub.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushBatch {
    /// The device's clock when it sent the batch, UTC ms (for the log).
    pub sent_ms: i64,
    /// The changes, ascending by counter per device.
    #[serde(skip)]
    pub changes: Vec<Change>,
    /// Per author device in the batch: an anchor where its run starts and
    /// the author's signed seals the run reaches ([`crate::seal`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seals: Vec<Seal>,
    /// The pushing device's public key, hex: registered once by a device
    /// enrolled before keys existed (the credential vouches for it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key: Option<String>,
}
impl Wire for PushBatch {
    fn changes(&self) -> &[Change] {
        &self.changes
    }
    fn set_changes(&mut self, changes: Vec<Change>) {
        self.changes = changes;
    }
}

/// A change the hub kept aside because its stamp is too far in the future.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quarantined {
    /// The change.
    pub id: ChangeId,
    /// Its HLC wall time, UTC ms.
    pub hlc_ms: i64,
    /// How far ahead of the hub's clock it was, ms.
    pub ahead_ms: i64,
}

/// The hub's answer to a push, sent only after the batch committed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushAck {
    /// Changes newly stored.
    pub accepted: u64,
    /// Changes the hub already held (same id, same content).
    pub duplicates: u64,
    /// Changes kept aside: stamped more than 24 h ahead of the hub clock.
    pub quarantined: Vec<Quarantined>,
    /// The hub's vector for the devices in the batch, after commit.
    pub vector: BTreeMap<String, u64>,
    /// The hub's clock, UTC ms.
    pub hub_time_ms: i64,
    /// Breaks the hub recorded in the voucher hash chains this batch
    /// concerns (the pushing device's own, and those of devices whose
    /// voucher facts it carried). The vouchers are stored all the same;
    /// an older hub sends none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chain_breaks: Vec<ChainAlarm>,
    /// Changes of the batch the hub refused, each with its Chinese reason;
    /// the rest of the batch was stored all the same. An older hub sends
    /// none (it refused whole batches).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refused: Vec<RefusedChange>,
}
impl Wire for PushAck {}

/// One change the hub (or this laptop, before writing) refused, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefusedChange {
    /// The refused change.
    pub id: ChangeId,
    /// Why, in Chinese, saying what to do.
    pub message: String,
}

/// A break in one device's voucher hash chain, found by the hub on receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainAlarm {
    /// The device whose chain is broken.
    pub device: String,
    /// The voucher sequence number where it breaks.
    pub seq: u64,
    /// What is wrong, in Chinese (as `cunwu ledger verify` says it).
    pub message: String,
}

/// Ask for changes after a hub cursor.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullRequest {
    /// The last hub sequence number already applied (0 at first).
    pub cursor: u64,
    /// At most this many changes.
    pub limit: u32,
}
impl Wire for PullRequest {}

/// Changes in the requester's scope after its cursor.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullResponse {
    /// Cursor to ask from next time, once these changes are applied.
    pub next_cursor: u64,
    /// More changes wait beyond `next_cursor`.
    pub more: bool,
    /// The hub's clock, UTC ms.
    pub hub_time_ms: i64,
    /// On the last page: the broken voucher chains of devices whose changes
    /// are in the requester's scope, so a laptop that only pulls (a
    /// leader's, the township's) is told too. An older hub sends none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chain_breaks: Vec<ChainAlarm>,
    /// The authors' seals covering this page's changes, so this laptop can
    /// carry them on (to another laptop's stick) with their proof.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seals: Vec<Seal>,
    /// On the last page: every device of the requester's scope with its
    /// public key and revocation, to check USB bundles against.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<DeviceKey>,
    /// The changes, in hub order.
    #[serde(skip)]
    pub changes: Vec<Change>,
}
impl Wire for PullResponse {
    fn changes(&self) -> &[Change] {
        &self.changes
    }
    fn set_changes(&mut self, changes: Vec<Change>) {
        self.changes = changes;
    }
}

/// Ask for one page of a compacted snapshot.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotRequest {
    /// The hub cursor the snapshot stands at; `None` for the first page
    /// (the hub fixes it and returns it).
    pub at: Option<u64>,
    /// Resume after this hub sequence number (0 at first).
    pub after: u64,
    /// At most this many changes.
    pub limit: u32,
}
impl Wire for SnapshotRequest {}

/// One page of a compacted snapshot: only the heads of each field register
/// and every fact, as of hub cursor `at`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotPage {
    /// The cursor the snapshot stands at; pull the tail from here.
    pub at: u64,
    /// Ask for the next page after this sequence number.
    pub next_after: u64,
    /// More pages follow.
    pub more: bool,
    /// On the last page: the version vector the whole snapshot stands for.
    pub vector: BTreeMap<String, u64>,
    /// The hub's clock, UTC ms.
    pub hub_time_ms: i64,
    /// The changes of this page.
    #[serde(skip)]
    pub changes: Vec<Change>,
}
impl Wire for SnapshotPage {
    fn changes(&self) -> &[Change] {
        &self.changes
    }
    fn set_changes(&mut self, changes: Vec<Change>) {
        self.changes = changes;
    }
}

/// Error body of every non-200 hub answer (plain JSON, readable with curl).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubErrorBody {
    /// Stable code.
    pub code: String,
    /// Chinese message for the user.
    pub message: String,
}

/// A change is more than this far ahead of the hub clock: quarantined.
pub const MAX_FUTURE_MS: i64 = cunwu_core::clock::DAY_MS;
