//! Tamper evidence on receipt: each device's vouchers form a hash chain
//! (`cunwu_ledger::chain`), and the hub checks it as voucher facts arrive.
//!
//! Every received `ledger_fact` carrying a posted voucher leaves a link
//! (device, seq, its hash by [`cunwu_ledger::chain::voucher_hash`], its
//! `prev_hash`); per device the hub keeps how far the chain is verified
//! and its head hash, and walks forward as links arrive, so a chain pushed
//! in several batches, or out of order, is checked once and never flagged
//! for a voucher still on its way. A break is recorded once, at the first
//! bad voucher, as [`ChainBreak`] (its Chinese text is the same as
//! `cunwu ledger verify`'s):
//! - `Link`: a voucher's `prev_hash` is not the hash of the one before it
//!   (a voucher was altered after posting);
//! - `Duplicate`: two different vouchers with one sequence number;
//! - `Gap`: a voucher is missing although the hub holds every change of
//!   its device up to a later voucher (it was deleted, not delayed).
//!
//! The broken chain is still stored and relayed: facts are evidence, and
//! the break is flagged (log, audit table, push ack, `cunwu hub chains`).

use crate::error::Result;
use cunwu_core::change::{entity, Change};
use cunwu_ledger::chain::{voucher_hash, BreakKind, ChainBreak, GENESIS};
use cunwu_ledger::LedgerFact;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::collections::BTreeSet;

/// One device's voucher chain as the hub holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VoucherChainRecord {
    /// The device whose vouchers these are.
    pub device: String,
    /// Vouchers 1..=`verified` are held and correctly linked.
    pub verified: u64,
    /// Vouchers received (linked or not yet).
    pub received: u64,
    /// Hash of voucher `verified` (the chain's head so far).
    pub head_hash: String,
    /// The first break, if any.
    pub first_break: Option<ChainBreak>,
    /// When the break was found, hub clock UTC ms.
    pub break_ms: Option<i64>,
}

/// Where a device's verification stands.
struct State {
    verified: u64,
    head: String,
    broken: bool,
}

fn state(conn: &Connection, device: &str) -> Result<State> {
    Ok(conn
        .prepare_cached(
            "SELECT verified_seq, head_hash, break_seq IS NOT NULL FROM voucher_chain WHERE device = ?1",
        )?
        .query_row([device], |r| {
            Ok(State {
                verified: r.get::<_, i64>(0)?.max(0) as u64,
                head: r.get(1)?,
                broken: r.get(2)?,
            })
        })
        .optional()?
        .unwrap_or(State {
            verified: 0,
            head: GENESIS.to_string(),
            broken: false,
        }))
}

fn save_break(conn: &Connection, b: &ChainBreak, now_ms: i64) -> Result<()> {
    let kind = serde_json::to_string(&b.kind).unwrap_or_default();
    conn.prepare_cached(
        "INSERT INTO voucher_chain(device, verified_seq, head_hash, break_seq, break_kind, break_ms)
         VALUES (?1, 0, ?2, ?3, ?4, ?5)
         ON CONFLICT(device) DO UPDATE SET break_seq = excluded.break_seq,
           break_kind = excluded.break_kind, break_ms = excluded.break_ms",
    )?
    .execute(params![b.device, GENESIS, b.seq as i64, kind, now_ms])?;
    Ok(())
}

/// Record the voucher links of newly stored `changes` and walk each
/// touched device's chain forward; returns the breaks found now. Runs in
/// the batch's transaction, after the device vectors were advanced.
pub fn receive(conn: &Connection, changes: &[&Change], now_ms: i64) -> Result<Vec<ChainBreak>> {
    let mut found = Vec::new();
    let mut touched: BTreeSet<String> = BTreeSet::new();
    for c in changes {
        if c.entity != entity::LEDGER_FACT || c.field.is_some() {
            continue;
        }
        let Ok(LedgerFact::VoucherPosted { voucher }) =
            serde_json::from_value::<LedgerFact>(c.value.clone())
        else {
            continue;
        };
        let hash = voucher_hash(&voucher);
        let (device, seq) = (voucher.id.device.clone(), voucher.id.seq);
        let n = conn
            .prepare_cached(
                "INSERT INTO voucher_link(device, seq, hash, prev_hash, change_device, change_counter)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(device, seq) DO NOTHING",
            )?
            .execute(params![
                device,
                seq as i64,
                hash,
                voucher.prev_hash,
                c.id.device,
                c.id.counter as i64
            ])?;
        if n == 0 {
            let held: String = conn
                .prepare_cached("SELECT hash FROM voucher_link WHERE device = ?1 AND seq = ?2")?
                .query_row(params![device, seq as i64], |r| r.get(0))?;
            if held != hash && !state(conn, &device)?.broken {
                let b = ChainBreak {
                    device: device.clone(),
                    seq,
                    kind: BreakKind::Duplicate,
                };
                save_break(conn, &b, now_ms)?;
                found.push(b);
            }
        }
        touched.insert(device);
    }
    for device in touched {
        if let Some(b) = walk(conn, &device, now_ms)? {
            found.push(b);
        }
    }
    Ok(found)
}

/// Verify `device`'s chain forward from where it stood.
fn walk(conn: &Connection, device: &str, now_ms: i64) -> Result<Option<ChainBreak>> {
    let st = state(conn, device)?;
    if st.broken {
        return Ok(None);
    }
    let (mut verified, mut head) = (st.verified, st.head);
    let links: Vec<(u64, String, String, String, i64)> = conn
        .prepare_cached(
            "SELECT seq, hash, prev_hash, change_device, change_counter FROM voucher_link
             WHERE device = ?1 AND seq > ?2 ORDER BY seq",
        )?
        .query_map(params![device, verified as i64], |r| {
            Ok((
                r.get::<_, i64>(0)?.max(0) as u64,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut broken = None;
    for (seq, hash, prev, change_device, change_counter) in links {
        if seq != verified + 1 {
            // A later voucher is here but not the next one. If the hub holds
            // every change of its device up to that later voucher, the
            // missing one can never arrive: it was deleted.
            let held: i64 = conn
                .prepare_cached(
                    "SELECT coalesce(max(contiguous), 0) FROM device_vector WHERE device = ?1",
                )?
                .query_row([&change_device], |r| r.get(0))?;
            if change_device == device && held >= change_counter {
                broken = Some(ChainBreak {
                    device: device.to_string(),
                    seq: verified + 1,
                    kind: BreakKind::Gap { found: seq },
                });
            }
            break;
        }
        if prev != head {
            broken = Some(ChainBreak {
                device: device.to_string(),
                seq,
                kind: BreakKind::Link {
                    expected: head.clone(),
                    found: prev,
                },
            });
            break;
        }
        verified = seq;
        head = hash;
    }
    conn.prepare_cached(
        "INSERT INTO voucher_chain(device, verified_seq, head_hash) VALUES (?1, ?2, ?3)
         ON CONFLICT(device) DO UPDATE SET verified_seq = excluded.verified_seq, head_hash = excluded.head_hash",
    )?
    .execute(params![device, verified as i64, head])?;
    if let Some(b) = &broken {
        save_break(conn, b, now_ms)?;
    }
    Ok(broken)
}

/// The recorded breaks of these devices' chains.
pub fn breaks_of(conn: &Connection, devices: &[&str]) -> Result<Vec<ChainBreak>> {
    let mut stmt = conn.prepare_cached(
        "SELECT break_seq, break_kind FROM voucher_chain WHERE device = ?1 AND break_seq IS NOT NULL",
    )?;
    let mut out = Vec::new();
    for d in devices {
        let row: Option<(i64, String)> = stmt
            .query_row([d], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some((seq, kind)) = row {
            if let Ok(kind) = serde_json::from_str::<BreakKind>(&kind) {
                out.push(ChainBreak {
                    device: d.to_string(),
                    seq: seq.max(0) as u64,
                    kind,
                });
            }
        }
    }
    Ok(out)
}

/// The recorded breaks of the chains of devices with changes in `villages`.
pub fn breaks_in(conn: &Connection, villages: &[String]) -> Result<Vec<ChainBreak>> {
    let broken: Vec<String> = conn
        .prepare_cached("SELECT device FROM voucher_chain WHERE break_seq IS NOT NULL")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut villages_of =
        conn.prepare_cached("SELECT DISTINCT village FROM changes WHERE device = ?1")?;
    let mut mine: Vec<&str> = Vec::new();
    for d in &broken {
        let held: Vec<String> = villages_of
            .query_map([d], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if held.iter().any(|v| villages.contains(v)) {
            mine.push(d);
        }
    }
    breaks_of(conn, &mine)
}

fn row_to_record(r: &rusqlite::Row<'_>) -> rusqlite::Result<VoucherChainRecord> {
    let device: String = r.get(0)?;
    let seq: Option<i64> = r.get(3)?;
    let kind: Option<String> = r.get(4)?;
    let first_break = match (
        seq,
        kind.and_then(|k| serde_json::from_str::<BreakKind>(&k).ok()),
    ) {
        (Some(s), Some(kind)) => Some(ChainBreak {
            device: device.clone(),
            seq: s.max(0) as u64,
            kind,
        }),
        _ => None,
    };
    Ok(VoucherChainRecord {
        device,
        verified: r.get::<_, i64>(1)?.max(0) as u64,
        head_hash: r.get(2)?,
        first_break,
        break_ms: r.get(5)?,
        received: r.get::<_, i64>(6)?.max(0) as u64,
    })
}

/// Every device's chain, broken ones first.
pub fn all(conn: &Connection) -> Result<Vec<VoucherChainRecord>> {
    let mut v = conn
        .prepare(
            "SELECT device, verified_seq, head_hash, break_seq, break_kind, break_ms,
               (SELECT count(*) FROM voucher_link l WHERE l.device = c.device)
             FROM voucher_chain c ORDER BY break_seq IS NULL, device",
        )?
        .query_map([], row_to_record)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    v.shrink_to_fit();
    Ok(v)
}

/// Check the voucher facts an older hub stored before it verified chains:
/// once, in the first batch after the upgrade.
pub fn backfill_if_pending(conn: &Connection, now_ms: i64) -> Result<Vec<ChainBreak>> {
    let pending = conn
        .prepare_cached("SELECT 1 FROM hub_meta WHERE key = 'voucher_chain_backfill'")?
        .exists([])?;
    if !pending {
        return Ok(Vec::new());
    }
    let held: Vec<Change> = conn
        .prepare(
            "SELECT device, counter, value FROM changes WHERE entity = ?1 AND field IS NULL ORDER BY seq",
        )?
        .query_map([entity::LEDGER_FACT], |r| {
            let value: String = r.get(2)?;
            Ok(Change {
                id: cunwu_core::change::ChangeId {
                    device: r.get(0)?,
                    counter: r.get::<_, i64>(1)?.max(0) as u64,
                },
                hlc: Default::default(),
                author: String::new(),
                village: String::new(),
                entity: entity::LEDGER_FACT.to_string(),
                entity_id: String::new(),
                field: None,
                value: serde_json::from_str(&value).unwrap_or_default(),
                supersedes: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let refs: Vec<&Change> = held.iter().collect();
    let found = receive(conn, &refs, now_ms)?;
    conn.execute(
        "DELETE FROM hub_meta WHERE key = 'voucher_chain_backfill'",
        [],
    )?;
    Ok(found)
}
