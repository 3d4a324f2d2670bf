//! Applying changes from other devices, one batch per transaction: the
//! ordinary path (a pull page, a USB bundle) and the fresh-device path
//! (pages of the hub's compacted snapshot). Both run the same steps, so
//! state stays a function of the set of changes held:
//!
//! 1. each change enters `change_log` (a replay is skipped; a reused id
//!    with other content refuses the whole batch);
//! 2. the new facts are materialized (visit rows in id order);
//! 3. everything the new Set changes supersede is recorded and loses its
//!    head, then each new Set change nothing supersedes becomes a head;
//! 4. each touched record's shown values and conflict count are written
//!    once, in one statement per record ([`Pending::flush`]);
//! 5. each device's progress advances once.
//!
//! A snapshot page differs only in ways that cannot change the result: its
//! changes are taken in `(device, counter)` order, so every b-tree is
//! filled front to back, and the page cache is enlarged while it is
//! written, so the pages it touches are written once per page rather than
//! spilled and re-read. Its last page also records the version vector the
//! snapshot stands for, in the same transaction.

use crate::change_log::{advance_progress, device_no, insert_change};
use crate::device::meta_set;
use crate::field_heads::{self, Pending};
use crate::{ApplyReport, Result, Store};
use cunwu_core::change::Change;
use cunwu_core::clock::DAY_MS;
use cunwu_core::hlc::Hlc;
use rusqlite::{params, Connection};
use std::collections::{BTreeMap, BTreeSet};

/// Page cache while a snapshot page is written, KiB (64 MiB; the usual
/// size is restored afterwards).
const SNAPSHOT_CACHE_KIB: i64 = 64 * 1024;

/// In which order a batch's changes are taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    /// As they arrived (a pull, a bundle).
    Arrival,
    /// By change id (a snapshot page).
    ById,
}

/// Steps 1–5 inside the caller's transaction; also the greatest stamp to
/// observe once it has committed.
fn apply_batch(
    conn: &Connection,
    changes: &[Change],
    now: i64,
    order: Order,
) -> Result<(ApplyReport, Hlc)> {
    let mut taken: Vec<&Change> = changes.iter().collect();
    if order == Order::ById {
        taken.sort_by(|a, b| a.id.cmp(&b.id));
    }
    let mut report = ApplyReport::default();
    let mut max_seen = Hlc::default();
    let mut fresh: Vec<&Change> = Vec::with_capacity(taken.len());
    let mut devices: BTreeSet<&str> = BTreeSet::new();
    let mut numbers: BTreeMap<&str, i64> = BTreeMap::new();
    for c in taken {
        let no = match numbers.get(c.id.device.as_str()) {
            Some(no) => *no,
            None => {
                let no = device_no(conn, &c.id.device)?;
                numbers.insert(&c.id.device, no);
                no
            }
        };
        if !insert_change(conn, c, no, now)? {
            report.duplicates += 1;
            continue;
        }
        devices.insert(c.id.device.as_str());
        report.applied += 1;
        // A stamp from a clock far ahead must not drag ours along.
        if c.hlc.ms <= now + DAY_MS {
            max_seen = max_seen.max(c.hlc);
        }
        fresh.push(c);
    }
    field_heads::apply_facts(conn, &fresh)?;
    let mut pending = Pending::default();
    field_heads::stage_sets(conn, &fresh, &mut pending)?;
    pending.flush(conn)?;
    for device in devices {
        advance_progress(conn, device)?;
    }
    Ok((report, max_seen))
}

/// One batch in one transaction, with the vector of a last snapshot page.
fn write_batch(
    conn: &mut Connection,
    changes: &[Change],
    now: i64,
    order: Order,
    vector: Option<&BTreeMap<String, u64>>,
) -> Result<(ApplyReport, Hlc)> {
    let tx = conn.transaction()?;
    let out = apply_batch(&tx, changes, now, order)?;
    for (device, c) in vector.into_iter().flatten() {
        tx.prepare_cached(
            "INSERT INTO device_progress(device, contiguous) VALUES (?1, ?2)
             ON CONFLICT(device) DO UPDATE SET contiguous = max(contiguous, excluded.contiguous)",
        )?
        .execute(params![device, *c as i64])?;
    }
    if let Some(v) = vector {
        // Written after the last page's own changes: they are heads.
        let json = serde_json::to_string(v).map_err(|e| {
            crate::Error::Domain(cunwu_core::Error::Rule(format!("快照版本无法保存：{e}")))
        })?;
        meta_set(&tx, field_heads::SNAPSHOT_VECTOR_KEY, &json)?;
    }
    tx.commit()?;
    Ok(out)
}

impl Store {
    /// Apply changes from other devices in one transaction. A replay is
    /// skipped; a reused id with other content refuses the whole batch.
    /// The HLC observes the batch only after it has committed.
    pub fn apply_foreign(&mut self, changes: &[Change]) -> Result<ApplyReport> {
        self.apply_batch(changes, Order::Arrival, None)
    }

    /// Apply one page of a compacted snapshot (a fresh device's first
    /// pull), not its last: like [`Store::apply_foreign`], with the page's
    /// changes taken in id order and a larger page cache while it is written.
    pub fn apply_snapshot_page(&mut self, changes: &[Change]) -> Result<ApplyReport> {
        self.apply_batch(changes, Order::ById, None)
    }

    /// Apply the last page of a compacted snapshot and take the version
    /// vector the snapshot stands for as held, in one transaction.
    pub fn apply_snapshot(
        &mut self,
        changes: &[Change],
        vector: &BTreeMap<String, u64>,
    ) -> Result<ApplyReport> {
        self.apply_batch(changes, Order::ById, Some(vector))
    }

    fn apply_batch(
        &mut self,
        changes: &[Change],
        order: Order,
        vector: Option<&BTreeMap<String, u64>>,
    ) -> Result<ApplyReport> {
        let now = self.clock.now_ms();
        let usual_cache: Option<i64> = if order == Order::ById {
            let usual = self.conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
            self.conn
                .pragma_update(None, "cache_size", -SNAPSHOT_CACHE_KIB)?;
            Some(usual)
        } else {
            None
        };
        let written = write_batch(&mut self.conn, changes, now, order, vector);
        if let Some(usual) = usual_cache {
            self.conn.pragma_update(None, "cache_size", usual)?;
        }
        let (report, max_seen) = written?;
        if max_seen > self.hlc {
            self.hlc = self.hlc.observe(max_seen, now);
            meta_set(&self.conn, "hlc", &self.hlc.pack().to_string())?;
        }
        Ok(report)
    }
}
