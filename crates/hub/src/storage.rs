//! What the hub keeps, behind a trait so a county deployment can put it in
//! PostgreSQL; [`crate::sqlite::SqliteStorage`] is the default.
//!
//! The storage enforces the integrity rules that must hold atomically with
//! a write: a reused change id with other content refuses the batch whole;
//! an entity id that belongs to another village, or a supersession of
//! another record's change, refuses that change alone. Who may do
//! what (credentials, scope, roles, quarantine) is decided by
//! [`crate::hub::Hub`] before storage is asked.

use crate::error::Result;
use crate::voucher_chain::VoucherChainRecord;
use cunwu_core::change::{Change, ChangeId};
use cunwu_ledger::chain::ChainBreak;
use cunwu_sync::protocol::{Role, Scope};
use serde::Serialize;
use std::collections::BTreeMap;

/// An enrolled device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceRecord {
    /// Device id.
    pub device_id: String,
    /// What it may see.
    pub scope: Scope,
    /// What it may write.
    pub role: Role,
    /// Enrolled at, hub clock UTC ms.
    pub enrolled_ms: i64,
    /// Revoked at, if revoked.
    pub revoked_ms: Option<i64>,
    /// Last request, hub clock UTC ms.
    pub last_seen_ms: Option<i64>,
    /// The cursor it last said it had applied.
    pub last_pull_cursor: u64,
}

/// What the hub knows of a change's author device (crate::authorship).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorRecord {
    /// Its enrollment (scope and role judge its changes).
    pub device: DeviceRecord,
    /// Its Ed25519 public key, hex; `None` if enrolled before keys.
    pub public_key: Option<String>,
    /// Revoked: its changes beyond this counter are refused.
    pub frozen_at: Option<u64>,
    /// Its verified chain head (counter, hash), if any.
    pub head: Option<(u64, cunwu_core::change_chain::Hash)>,
}

/// A one-time enrollment code (stored hashed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeRecord {
    /// What the enrolled device may see.
    pub scope: Scope,
    /// What it may write.
    pub role: Role,
    /// Expiry, hub clock UTC ms.
    pub expires_ms: i64,
    /// The device that redeemed it, if used.
    pub used_by: Option<String>,
}

/// One change of a pushed batch that is not stored, and why (Chinese).
/// Refusals come from several checks: the write rule and any other check
/// the hub runs before the merge (handed to [`HubStorage::commit`]), and
/// the merge's own (an entity another village owns, a supersession of
/// another record's change).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refusal {
    /// The refused change.
    pub id: ChangeId,
    /// Its village as it claims.
    pub village: String,
    /// Its entity as it claims.
    pub entity: String,
    /// Why, in Chinese.
    pub reason: String,
}

impl Refusal {
    /// A refusal of `c` for `reason`.
    pub fn of(c: &Change, reason: impl Into<String>) -> Refusal {
        Refusal {
            id: c.id.clone(),
            village: c.village.clone(),
            entity: c.entity.clone(),
            reason: reason.into(),
        }
    }
}

/// A device whose pushes held refused changes, as the hub lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefusedByDevice {
    /// The device that pushed them.
    pub pushed_by: String,
    /// How many distinct changes were refused.
    pub changes: u64,
    /// The last refusal: when (hub clock UTC ms), which change, why.
    pub last_ms: i64,
    /// The last refused change.
    pub last_id: ChangeId,
    /// Why it was refused.
    pub last_reason: String,
}

/// What committing a batch did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommitOutcome {
    /// Newly stored.
    pub accepted: u64,
    /// Already held with the same content.
    pub duplicates: u64,
    /// Voucher chain breaks found by this batch (log them).
    pub new_chain_breaks: Vec<ChainBreak>,
    /// Every change of the batch refused (those handed in and the merge's
    /// own), recorded in the hub's `refused` table.
    pub refused: Vec<Refusal>,
    /// Recorded breaks of the chains this batch concerns (the pushing
    /// device's and those of the devices whose voucher facts it carried).
    pub chain_breaks: Vec<ChainBreak>,
}

/// A page of changes read by cursor.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// The changes.
    pub changes: Vec<Change>,
    /// Where the next page starts (the last sequence number examined).
    pub next: u64,
    /// More rows wait beyond `next`.
    pub more: bool,
}

/// One audit entry: (at_ms, device, kind, detail).
pub type AuditEntry = (i64, Option<String>, String, String);

/// The hub's persistent state.
pub trait HubStorage: Send {
    /// This hub's id (made on first open).
    fn hub_id(&self) -> Result<String>;
    /// Record a village, optionally in a township; refuses a village already
    /// recorded in another township.
    fn register_village(&mut self, village: &str, township: Option<&str>) -> Result<()>;
    /// Villages a township device sees: those of the township, and those
    /// recorded without a township (a hub serving one township).
    fn villages_of(&self, township: &str) -> Result<Vec<String>>;
    /// Store a new code.
    fn add_code(&mut self, code_hash: &str, code: &CodeRecord, now_ms: i64) -> Result<()>;
    /// Look a code up.
    fn code(&self, code_hash: &str) -> Result<Option<CodeRecord>>;
    /// Mark the code used and enroll (or re-credential) the device, atomically.
    fn redeem(
        &mut self,
        code_hash: &str,
        device: &DeviceRecord,
        token_hash: &str,
        now_ms: i64,
    ) -> Result<()>;
    /// The device holding this credential hash.
    fn device_by_token(&self, token_hash: &str) -> Result<Option<DeviceRecord>>;
    /// The device with this id, with its credential hash.
    fn device(&self, device_id: &str) -> Result<Option<(DeviceRecord, String)>>;
    /// Every device.
    fn devices(&self) -> Result<Vec<DeviceRecord>>;
    /// Move a device's enrollment (credential, scope, role, cursor) to a
    /// new device id; the old id stays listed, revoked, so its credential
    /// is the new id's alone. Refused if the new id is enrolled already.
    fn move_device(&mut self, old: &str, new: &str, now_ms: i64) -> Result<()>;
    /// Revoke at once; false if unknown.
    fn revoke(&mut self, device_id: &str, now_ms: i64) -> Result<bool>;
    /// Note a request (and the cursor a pull says it has applied).
    fn touch(&mut self, device_id: &str, now_ms: i64, pull_cursor: Option<u64>) -> Result<()>;
    /// Store `accepted` and set `quarantined` aside, record `refused` (judged
    /// before the merge), and note the request of `pushed_by` (as
    /// [`HubStorage::touch`]), in one transaction. A change of `accepted`
    /// naming an entity another village owns, or superseding a change of
    /// another record, field or village, is refused on its own (added to
    /// the outcome's `refused`); the rest is stored. A reused id with
    /// other content refuses the whole batch.
    fn commit(
        &mut self,
        accepted: &[&Change],
        quarantined: &[&Change],
        refused: &[Refusal],
        pushed_by: &str,
        now_ms: i64,
    ) -> Result<CommitOutcome>;
    /// Devices whose pushes held refused changes, most recent first.
    fn refused_by_device(&self) -> Result<Vec<RefusedByDevice>>;
    /// [`HubStorage::commit`], then, before committing, ask `check` for
    /// the seals the batch was verified with (it may still be verifying
    /// while the batch merges): an error rolls everything back; otherwise
    /// the seals are kept (and the authors' verified heads advanced) in
    /// the same transaction.
    fn commit_sealed(
        &mut self,
        accepted: &[&Change],
        quarantined: &[&Change],
        refused: &[Refusal],
        pushed_by: &str,
        now_ms: i64,
        check: &mut dyn FnMut() -> Result<Vec<cunwu_sync::seal::Verified>>,
    ) -> Result<CommitOutcome>;
    /// Key, freeze and verified head of each named device that is enrolled.
    fn authors(&self, ids: &[&str]) -> Result<BTreeMap<String, AuthorRecord>>;
    /// Record (or replace) a device's public key.
    fn set_public_key(&mut self, device_id: &str, key: &str, now_ms: i64) -> Result<()>;
    /// Seals covering a pulled page (stride seals and the latest per device).
    fn seals_for(&self, changes: &[Change]) -> Result<Vec<cunwu_sync::protocol::Seal>>;
    /// Every village device of `villages` with its key and revocation.
    fn keys_in(&self, villages: &[String]) -> Result<Vec<cunwu_sync::protocol::DeviceKey>>;
    /// Move quarantined changes stamped at or before `until_ms` into the log.
    fn release_quarantine(&mut self, until_ms: i64, now_ms: i64) -> Result<u64>;
    /// Contiguous counters held for these devices.
    fn vector(&self, devices: &[String]) -> Result<BTreeMap<String, u64>>;
    /// Changes of `villages` after `cursor`, not authored on `exclude_device`.
    fn pull(
        &self,
        villages: &[String],
        exclude_device: &str,
        cursor: u64,
        limit: u32,
    ) -> Result<Page>;
    /// Highest sequence number.
    fn max_seq(&self) -> Result<u64>;
    /// A page of the compacted snapshot of `villages` as of `at`, without
    /// the requester's own changes (it holds them).
    fn snapshot_page(
        &self,
        villages: &[String],
        exclude_device: &str,
        at: u64,
        after: u64,
        limit: u32,
    ) -> Result<Page>;
    /// The vector a snapshot of `villages` at `at` stands for.
    fn snapshot_vector(&self, villages: &[String], at: u64) -> Result<BTreeMap<String, u64>>;
    /// Append to the audit log.
    fn audit(&mut self, now_ms: i64, device: Option<&str>, kind: &str, detail: &str) -> Result<()>;
    /// Recent audit entries, newest first: (at_ms, device, kind, detail).
    fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>>;
    /// Every device's voucher chain as verified on receipt, broken first.
    fn voucher_chains(&self) -> Result<Vec<VoucherChainRecord>>;
    /// The recorded breaks of the chains of devices with changes in `villages`.
    fn chain_breaks_in(&self, villages: &[String]) -> Result<Vec<ChainBreak>>;
}
