//! Sync as the desktop app drives it: one status view, enrollment, one
//! exchange at a time (a click and the background task never overlap),
//! USB bundles ([`bundle`]), conflicts ([`conflict`]), the broken voucher
//! chains the hub reports ([`chain_alarm`]) and the changes it refused
//! ([`refused`]).
//!
//! The store is borrowed through a [`StoreLender`] (the desktop's mutex) only
//! for the steps that touch it. Network calls that need no store — reaching
//! the hub to redeem a code, or checking that the hub answers before an
//! exchange — run with the store free, so a village laptop without network
//! never blocks the window's other commands while a connection times out.
//! Push and pull each hold the store for their own batches (the sync client
//! writes checkpoints between network calls); the store is released between
//! them.

pub mod bundle;
pub mod chain_alarm;
/// Conflicts moved to [`crate::conflicts`]; this name stays for callers.
pub use crate::conflicts as conflict;
mod hub_enrollment;
pub mod refused;

pub use hub_enrollment::enroll;

use crate::{Error, Result};
use chain_alarm::ChainAlarmNote;
use cunwu_core::error::WireError;
use cunwu_store::Store;
use cunwu_sync::enrollment::{self, keys};
use cunwu_sync::http::HttpTransport;
use cunwu_sync::protocol::VectorRequest;
use cunwu_sync::transport::Transport;
use cunwu_sync::SyncOptions;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};

/// How often the desktop app tries an exchange in the background.
pub const BACKGROUND_INTERVAL_SECS: u64 = 5 * 60;

/// Meta key of the last failed exchange (JSON [`SyncFailure`]); cleared on success.
pub(crate) const LAST_ERROR: &str = "desk.sync_last_error";

/// Something that can lend the village store for a moment.
pub trait StoreLender {
    /// Run `f` with the store; hold it no longer than `f` runs.
    fn lend<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T>;
}

impl StoreLender for Mutex<Store> {
    fn lend<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        // A panic elsewhere rolled its transaction back; the store is usable.
        f(&mut self.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// Lets one exchange with the hub run at a time.
#[derive(Debug, Default)]
pub struct SyncGate {
    running: AtomicBool,
}

/// Held while an exchange runs; dropping it opens the gate.
#[derive(Debug)]
pub struct SyncTurn<'a>(&'a SyncGate);

impl Drop for SyncTurn<'_> {
    fn drop(&mut self) {
        self.0.running.store(false, Ordering::Release);
    }
}

impl SyncGate {
    /// Is an exchange under way?
    pub fn is_running(&self) -> bool {
        self.running.load(Ordering::Acquire)
    }

    /// Start an exchange, or [`Error::SyncBusy`] when one is running.
    pub fn begin(&self) -> Result<SyncTurn<'_>> {
        self.running
            .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
            .map(|_| SyncTurn(self))
            .map_err(|_| Error::SyncBusy)
    }
}

/// The last exchange that failed, as the sync page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncFailure {
    /// Stable code (`network`, `unauthorized`, …).
    pub code: String,
    /// Chinese message saying what to do.
    pub message: String,
    /// When it failed, device clock UTC ms.
    pub at_ms: i64,
}

/// Everything the status bar and the sync page show about syncing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncView {
    /// Enrolled with a hub.
    pub enrolled: bool,
    /// The hub's address.
    pub hub_url: Option<String>,
    /// What this laptop may see, e.g. "村：东村".
    pub scope: Option<String>,
    /// Its role, in Chinese.
    pub role: Option<String>,
    /// This laptop's device id.
    pub device_id: String,
    /// Last completed exchange, device clock UTC ms.
    pub last_sync_ms: Option<i64>,
    /// Hub clock minus this laptop's clock at the last contact, ms.
    pub clock_offset_ms: Option<i64>,
    /// Local changes the hub has not acknowledged.
    pub pending_changes: u64,
    /// Changes the hub set aside at the last exchange (stamped in the future).
    pub quarantined: usize,
    /// Fields waiting for a person to choose a value.
    pub conflicts: usize,
    /// The last exchange failed (cleared by the next success).
    pub last_error: Option<SyncFailure>,
    /// An exchange is under way.
    pub syncing: bool,
    /// Broken voucher chains the hub reported, open ones first (kept until
    /// a person acknowledges them; see [`chain_alarm`]).
    pub chain_alarms: Vec<ChainAlarmNote>,
    /// Changes the hub refused, newest first, each with its reason.
    pub refused: Vec<refused::RefusedNote>,
}

/// What one exchange moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncOutcome {
    /// Changes the hub newly stored.
    pub pushed: u64,
    /// Changes the hub already had.
    pub push_duplicates: u64,
    /// Changes received and new here.
    pub pulled: u64,
    /// Changes received that were already here.
    pub pull_duplicates: u64,
    /// Changes the hub set aside (stamped more than a day ahead).
    pub quarantined: usize,
    /// A snapshot was used (first sync of this laptop).
    pub snapshot: bool,
    /// Hub clock minus this laptop's clock, ms.
    pub clock_offset_ms: i64,
    /// When this exchange completed, device clock UTC ms.
    pub last_sync_ms: i64,
    /// Broken voucher chains the hub reported in this exchange that were
    /// not known here before.
    pub new_chain_alarms: usize,
    /// Changes the hub refused in this exchange (the rest was stored).
    pub refused: usize,
    /// Those refused changes, each with the hub's reason.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub refused_changes: Vec<cunwu_sync::protocol::RefusedChange>,
    /// Other laptops' changes carried here that the hub refused, why in
    /// Chinese; this laptop's own work went on regardless.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub relay_refused: Vec<String>,
    /// Changes written again under a new device identity after a restore.
    pub reissued: u64,
    /// Set when this database turned out to be restored from a copy and
    /// took a new device identity in this exchange: what to tell the
    /// person (`cunwu_sync::restore::notice`). Folded books must be
    /// folded again then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restored_notice: Option<String>,
    /// Every broken chain nobody has acknowledged yet, after this exchange.
    pub open_chain_alarms: Vec<ChainAlarmNote>,
    /// Body bytes sent and received (compressed frames, without headers).
    pub bytes: u64,
}

/// The sync status, from the database only (no network).
pub fn status(store: &Store, gate: &SyncGate) -> Result<SyncView> {
    let s = cunwu_sync::status(store)?;
    let last_error = store
        .meta_get(LAST_ERROR)?
        .and_then(|v| serde_json::from_str(&v).ok());
    Ok(SyncView {
        enrolled: s.enrollment.is_some(),
        hub_url: s.enrollment.as_ref().map(|e| e.hub_url.clone()),
        scope: s.enrollment.as_ref().map(|e| e.scope.to_string()),
        role: s.enrollment.as_ref().map(|e| e.role.label().to_string()),
        device_id: s.device_id,
        last_sync_ms: s.last_sync_ms,
        clock_offset_ms: s.clock_offset_ms,
        pending_changes: s.pending_changes,
        quarantined: s.quarantined.len(),
        conflicts: store.conflicts()?.len(),
        last_error,
        syncing: gate.is_running(),
        chain_alarms: chain_alarm::list(store)?,
        refused: refused::list(store)?,
    })
}

/// One full exchange with the hub: push, then pull. `started` runs once the
/// exchange holds the gate (the desktop tells its window then). The outcome
/// (success or the failure) is recorded for the status view.
pub fn sync_now(
    lender: &impl StoreLender,
    gate: &SyncGate,
    started: impl FnOnce(),
) -> Result<SyncOutcome> {
    sync_via(lender, gate, None, started)
}

/// [`sync_now`], through `hub` instead of the address given at enrollment
/// when one is named (`cunwu sync now --hub`). The one orchestration of an
/// exchange: the desktop's button, its background task and the CLI all run
/// it, chain alarms and the last failure kept the same way.
pub fn sync_via(
    lender: &impl StoreLender,
    gate: &SyncGate,
    hub: Option<&str>,
    started: impl FnOnce(),
) -> Result<SyncOutcome> {
    let _turn = gate.begin()?;
    started();
    let result = exchange(lender, hub);
    lender.lend(|s| {
        let failure = result.as_ref().err().map(|e| {
            let w: WireError = e.to_wire();
            serde_json::to_string(&SyncFailure {
                code: w.code,
                message: w.message,
                at_ms: s.now_ms(),
            })
            .unwrap_or_default()
        });
        s.meta_set(LAST_ERROR, failure.as_deref().unwrap_or(""))?;
        Ok(())
    })?;
    result
}

/// The background task's turn: nothing when this laptop is not enrolled or
/// an exchange is already running; else one exchange.
pub fn background_round(
    lender: &impl StoreLender,
    gate: &SyncGate,
    started: impl FnOnce(),
) -> Option<Result<SyncOutcome>> {
    match lender.lend(|s| Ok(enrollment::load(s)?)) {
        Ok(Some(_)) if !gate.is_running() => match sync_now(lender, gate, started) {
            Err(Error::SyncBusy) => None,
            other => Some(other),
        },
        Ok(_) => None,
        Err(e) => Some(Err(e)),
    }
}

fn exchange(lender: &impl StoreLender, hub: Option<&str>) -> Result<SyncOutcome> {
    let e = lender.lend(|s| Ok(enrollment::require(s)?))?;
    let t = HttpTransport::new(hub.unwrap_or(&e.hub_url), Some(e.token.clone()));
    // Does the hub answer, and still know this laptop? Asked with the store free.
    t.vector(&VectorRequest { devices: vec![] })?;
    let opts = SyncOptions::default();
    // The hub's chain alarms are kept as soon as the push is acknowledged,
    // so a pull that fails afterwards does not lose them.
    // Breaks from batches acknowledged before a later batch failed are
    // kept too: the push checkpoints them with each batch.
    let (pushed, new_chain_alarms) = lender.lend(|s| {
        let r = cunwu_sync::client::push(s, &t, opts);
        let new = chain_alarm::record(s, &cunwu_sync::client::unkept_chain_breaks(s)?)?;
        cunwu_sync::client::forget_chain_breaks(s)?;
        Ok((r?, new))
    })?;
    // A pull tells of broken chains in this laptop's scope (a leader's or
    // the township's laptop may never push): kept in the same step.
    let (pulled, last_sync_ms, new_from_pull, open_chain_alarms) = lender.lend(|s| {
        let r = cunwu_sync::client::pull(s, &t, opts);
        let new = chain_alarm::record(s, &cunwu_sync::client::unkept_chain_breaks(s)?)?;
        cunwu_sync::client::forget_chain_breaks(s)?;
        let r = r?;
        let now = s.now_ms();
        s.meta_set(keys::LAST_SYNC_MS, &now.to_string())?;
        let open: Vec<ChainAlarmNote> = chain_alarm::list(s)?
            .into_iter()
            .filter(|n| n.acknowledged.is_none())
            .collect();
        Ok((r, now, new, open))
    })?;
    let (sent, received) = t.bytes();
    let new_chain_alarms = new_chain_alarms + new_from_pull;
    // Changes written again under a new identity go up in the same exchange.
    let again = if pulled.reissued > 0 {
        Some(lender.lend(|s| Ok(cunwu_sync::client::push(s, &t, opts)?))?)
    } else {
        None
    };
    // The day's automatic backup (at most one a day), after a good exchange;
    // a failed backup does not fail the exchange.
    let _ = lender.lend(|s| crate::backup::daily_backup(s, crate::backup::KEEP_DAILY));
    Ok(SyncOutcome {
        restored_notice: pushed
            .reidentified
            .as_ref()
            .map(cunwu_sync::restore::notice),
        pushed: pushed.pushed + again.as_ref().map_or(0, |a| a.pushed),
        push_duplicates: pushed.push_duplicates,
        pulled: pulled.pulled,
        pull_duplicates: pulled.pull_duplicates,
        quarantined: pushed.quarantined.len(),
        snapshot: pulled.snapshot,
        clock_offset_ms: pushed.clock_offset_ms,
        last_sync_ms,
        new_chain_alarms,
        refused: pushed.refused.len() + again.as_ref().map_or(0, |a| a.refused.len()),
        refused_changes: pushed
            .refused
            .iter()
            .chain(again.iter().flat_map(|a| a.refused.iter()))
            .cloned()
            .collect(),
        relay_refused: pushed
            .relay_refused
            .iter()
            .chain(again.iter().flat_map(|a| a.relay_refused.iter()))
            .cloned()
            .collect(),
        reissued: pulled.reissued,
        open_chain_alarms,
        bytes: sent + received,
    })
}

/// A person acknowledges the alarm of `device`'s chain at `seq` (see
/// [`chain_alarm::acknowledge`]); the status after it.
pub fn acknowledge_chain_alarm(
    store: &Store,
    gate: &SyncGate,
    device: &str,
    seq: u64,
) -> Result<SyncView> {
    chain_alarm::acknowledge(store, device, seq)?;
    status(store, gate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gate_lets_one_exchange_run_at_a_time() {
        let gate = SyncGate::default();
        let turn = gate.begin();
        assert!(turn.is_ok() && gate.is_running());
        assert_eq!(gate.begin().err().map(|e| e.code()), Some("syncing"));
        drop(turn);
        assert!(!gate.is_running());
        assert!(gate.begin().is_ok());
    }
}
