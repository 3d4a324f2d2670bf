//! The device side of one exchange (`cunwu sync now`): ask the hub's
//! vector, plan ([`crate::plan`]), push in bounded batches checkpointed
//! after each ack, then pull (a snapshot first on a fresh device) in
//! bounded batches, each applied in one transaction and checkpointed after
//! it commits. A cut anywhere leaves checkpoints that the next exchange
//! resumes from; anything sent twice is a duplicate, never a change.

use crate::enrollment::{self, clock_offset, keys, meta_num, Enrollment};
use crate::error::{Result, SyncError};
use crate::plan::{self, Operation, PullState};
use crate::protocol::{ChainAlarm, PullRequest, Quarantined, Scope, VectorRequest};
use crate::snapshot_pages;
use crate::transport::Transport;
use cunwu_core::change::Change;
use cunwu_store::Store;
use serde::Serialize;

/// Batch sizes of one exchange.
#[derive(Debug, Clone, Copy)]
pub struct SyncOptions {
    /// Changes per push batch.
    pub push_batch: usize,
    /// Approximate byte budget per push batch (values' JSON length).
    pub push_bytes: usize,
    /// Changes per pull batch.
    pub pull_batch: u32,
    /// Changes per snapshot page.
    pub snapshot_batch: u32,
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            push_batch: 5000,
            push_bytes: 4 << 20,
            pull_batch: 5000,
            snapshot_batch: 20_000,
        }
    }
}

/// What one exchange moved.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    /// Push batches acknowledged.
    pub push_batches: u64,
    /// Changes the hub newly stored.
    pub pushed: u64,
    /// Changes the hub already had.
    pub push_duplicates: u64,
    /// Changes the hub kept aside (stamped too far in the future).
    pub quarantined: Vec<Quarantined>,
    /// Voucher hash chains the hub reports broken: those of what was pushed
    /// (in push acks) and, on a pull's last page, every broken chain of a
    /// device in this laptop's scope. A break still unmended is reported at
    /// every exchange; each appears here once.
    pub chain_breaks: Vec<ChainAlarm>,
    /// Changes received and new here.
    pub pulled: u64,
    /// Changes received that were already here.
    pub pull_duplicates: u64,
    /// A snapshot was used (fresh device).
    pub snapshot: bool,
    /// Hub clock minus device clock, ms.
    pub clock_offset_ms: i64,
    /// Hub cursor reached.
    pub cursor: u64,
}

/// Voucher chain breaks the hub reported (push acks, pulls) that no front
/// end has kept yet (kept even when a later batch of the same push failed).
pub fn unkept_chain_breaks(store: &Store) -> Result<Vec<ChainAlarm>> {
    Ok(store
        .meta_get(keys::CHAIN_BREAKS)?
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default())
}

/// Keep chain breaks the hub reported (in a push ack or a pull) until a
/// front end reads them; one already waiting is not kept twice.
pub(crate) fn keep_chain_breaks(store: &Store, reported: &[ChainAlarm]) -> Result<()> {
    if reported.is_empty() {
        return Ok(());
    }
    let mut unkept = unkept_chain_breaks(store)?;
    let before = unkept.len();
    for a in reported {
        if !unkept
            .iter()
            .any(|k| k.device == a.device && k.seq == a.seq)
        {
            unkept.push(a.clone());
        }
    }
    if unkept.len() == before {
        return Ok(());
    }
    let json = serde_json::to_string(&unkept)
        .map_err(|e| SyncError::Malformed(format!("凭证链告警无法保存：{e}")))?;
    store.meta_set(keys::CHAIN_BREAKS, &json)?;
    Ok(())
}

/// Add reported breaks to an exchange's report, each once.
fn add_chain_breaks(report: &mut SyncReport, breaks: Vec<ChainAlarm>) {
    for a in breaks {
        if !report
            .chain_breaks
            .iter()
            .any(|k| k.device == a.device && k.seq == a.seq)
        {
            report.chain_breaks.push(a);
        }
    }
}

/// The front end has kept the chain breaks it read: forget them here.
pub fn forget_chain_breaks(store: &Store) -> Result<()> {
    store.meta_set(keys::CHAIN_BREAKS, "[]")?;
    Ok(())
}

/// Where pulling stands, from the meta keys.
pub fn pull_state(store: &Store) -> Result<PullState> {
    let cursor = meta_num::<u64>(store, keys::PULL_CURSOR)?;
    let snapshot = store.meta_get(keys::SNAPSHOT)?.and_then(|s| {
        let (a, b) = s.split_once(',')?;
        Some((a.parse().ok()?, b.parse().ok()?))
    });
    Ok(PullState {
        cursor,
        snapshot,
        holds_changes: store.holds_changes()?,
    })
}

/// One full exchange with the hub: push, then pull.
pub fn sync_now(
    store: &mut Store,
    transport: &(dyn Transport + Sync),
    opts: SyncOptions,
) -> Result<SyncReport> {
    let mut report = push(store, transport, opts)?;
    let pulled = pull(store, transport, opts)?;
    report.pulled = pulled.pulled;
    report.pull_duplicates = pulled.pull_duplicates;
    report.snapshot = pulled.snapshot;
    report.cursor = pulled.cursor;
    add_chain_breaks(&mut report, pulled.chain_breaks);
    store.meta_set(keys::LAST_SYNC_MS, &store.now_ms().to_string())?;
    Ok(report)
}

/// Ask the hub's vector, record the clock offset, and plan.
fn plan_exchange(
    store: &Store,
    transport: &(dyn Transport + Sync),
    report: &mut SyncReport,
) -> Result<(Enrollment, Vec<Operation>)> {
    let enrolled = enrollment::require(store)?;
    let local = store.version_vector()?;
    let t0 = store.now_ms();
    let hub = transport.vector(&VectorRequest {
        devices: local.keys().cloned().collect(),
    })?;
    report.clock_offset_ms = clock_offset(hub.hub_time_ms, t0, store.now_ms());
    store.meta_set(keys::CLOCK_OFFSET_MS, &report.clock_offset_ms.to_string())?;
    let mut ops = plan::operations(
        &local,
        &hub.vector,
        pull_state(store)?,
        enrolled.may_write(),
    );
    // A township laptop pushes only what it made (its 12345 needs and 督办
    // notes): relaying villages' changes the hub lacks is not its to do,
    // and the hub would refuse the whole batch.
    if enrolled.role == crate::protocol::Role::Township {
        ops.retain(
            |op| !matches!(op, Operation::Push { device, .. } if device != store.device_id()),
        );
    }
    Ok((enrolled, ops))
}

/// The push half of an exchange: every change the hub lacks, in bounded
/// batches, each checkpointed once acknowledged.
pub fn push(
    store: &mut Store,
    transport: &(dyn Transport + Sync),
    opts: SyncOptions,
) -> Result<SyncReport> {
    let mut report = SyncReport::default();
    let (_, ops) = plan_exchange(store, transport, &mut report)?;
    for op in ops {
        if let Operation::Push { device, after, .. } = op {
            crate::push_pipeline::push_device(store, transport, &device, after, opts, &mut report)?;
        }
    }
    store.meta_set(
        keys::QUARANTINED,
        &serde_json::to_string(&report.quarantined).unwrap_or_default(),
    )?;
    Ok(report)
}

/// The pull half of an exchange: a snapshot on a fresh device, then the
/// tail, each batch applied in one transaction and checkpointed after it.
pub fn pull(
    store: &mut Store,
    transport: &(dyn Transport + Sync),
    opts: SyncOptions,
) -> Result<SyncReport> {
    let mut report = SyncReport::default();
    let enrolled = enrollment::require(store)?;
    pull_all(store, transport, &enrolled, opts, &mut report)?;
    Ok(report)
}

/// A village device refuses changes of another village even from its hub.
pub(crate) fn check_scope(enrolled: &Enrollment, changes: &[Change]) -> Result<()> {
    if let Scope::Village(v) = &enrolled.scope {
        if let Some(c) = changes.iter().find(|c| &c.village != v) {
            return Err(SyncError::Forbidden(format!(
                "乡镇服务器发来了“{}”的数据（变更 {}），但这台电脑只属于“{v}”。没有写入，请联系乡镇管理员",
                c.village, c.id
            )));
        }
    }
    Ok(())
}

/// Pull until the hub has nothing more: snapshot pages first on a fresh
/// device, then the tail.
fn pull_all(
    store: &mut Store,
    transport: &(dyn Transport + Sync),
    enrolled: &Enrollment,
    opts: SyncOptions,
    report: &mut SyncReport,
) -> Result<()> {
    loop {
        match plan::pull_step(pull_state(store)?) {
            Operation::Snapshot { at, after } => {
                report.snapshot = true;
                snapshot_pages::load(store, transport, enrolled, opts, (at, after), report)?;
            }
            Operation::Pull { cursor } => {
                let resp = transport.pull(&PullRequest {
                    cursor,
                    limit: opts.pull_batch,
                })?;
                check_scope(enrolled, &resp.changes)?;
                let r = store.apply_foreign(&resp.changes)?;
                report.pulled += r.applied as u64;
                report.pull_duplicates += r.duplicates as u64;
                store.meta_set(keys::PULL_CURSOR, &resp.next_cursor.max(cursor).to_string())?;
                report.cursor = resp.next_cursor.max(cursor);
                keep_chain_breaks(store, &resp.chain_breaks)?;
                add_chain_breaks(report, resp.chain_breaks);
                if !resp.more {
                    return Ok(());
                }
            }
            Operation::Push { .. } => return Ok(()),
        }
    }
}

/// What `cunwu sync status` shows.
#[derive(Debug, Clone, Serialize)]
pub struct SyncStatus {
    /// This device's id.
    pub device_id: String,
    /// Enrollment, if any.
    pub enrollment: Option<Enrollment>,
    /// Last completed exchange, device clock UTC ms.
    pub last_sync_ms: Option<i64>,
    /// Hub clock minus device clock at the last contact, ms.
    pub clock_offset_ms: Option<i64>,
    /// Local changes the hub has not acknowledged.
    pub pending_changes: u64,
    /// Hub cursor reached.
    pub pull_cursor: Option<u64>,
    /// Changes the hub quarantined at the last exchange.
    pub quarantined: Vec<Quarantined>,
}

/// The device's sync status, from its database only (no network).
pub fn status(store: &Store) -> Result<SyncStatus> {
    let quarantined = store
        .meta_get(keys::QUARANTINED)?
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    Ok(SyncStatus {
        device_id: store.device_id().to_string(),
        enrollment: enrollment::load(store)?,
        last_sync_ms: meta_num(store, keys::LAST_SYNC_MS)?,
        clock_offset_ms: meta_num(store, keys::CLOCK_OFFSET_MS)?,
        pending_changes: store.pending_changes()?,
        pull_cursor: meta_num(store, keys::PULL_CURSOR)?,
        quarantined,
    })
}
