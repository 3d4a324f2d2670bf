//! The hub's change log in SQLite: storing pushed changes (idempotently,
//! refusing a reused id with other content, and a change naming an entity
//! of another village or superseding another record's change), refused
//! changes kept by id, quarantine, the per-device vector, pulls by sequence number
//! and compacted snapshot pages.
//!
//! Architecture invariant: `changes.seq` is assigned in commit order under
//! SQLite's single writer, so every committed sequence number is below
//! every uncommitted one and a cursor never skips a change.

use crate::error::{HubError, Result};
use crate::storage::{CommitOutcome, Page, Refusal, RefusedByDevice};
use crate::voucher_chain;
use cunwu_core::change::{Change, ChangeId};
use cunwu_core::entity_kind::{kind_of, Ids};
use cunwu_core::hlc::Hlc;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// SHA-256 of a change's canonical content.
pub fn digest(c: &Change) -> Vec<u8> {
    digest_parts(c, &c.value_text(), &supersedes_text(c))
}

/// The stored form of `supersedes` (empty when none).
pub(crate) fn supersedes_text(c: &Change) -> String {
    if c.supersedes.is_empty() {
        String::new()
    } else {
        serde_json::to_string(&c.supersedes).unwrap_or_default()
    }
}

/// Digest over every field, length-prefixed, reusing the texts stored: the
/// one digest of a change, also the link of its device's hash chain
/// (`cunwu_core::change_chain::digest_with`).
pub(crate) fn digest_parts(c: &Change, value: &str, supersedes: &str) -> Vec<u8> {
    cunwu_core::change_chain::digest_with(c, value, supersedes).to_vec()
}

pub(crate) fn reused(c: &Change) -> HubError {
    HubError::Conflict(format!(
        "变更 {} 已经存在但内容不同（可能复制了数据库文件，或数据被改动）。这一批没有保存，请联系乡镇管理员核查这台电脑",
        c.id
    ))
}

/// Insert one change; `Ok(false)` for a replay of a held change.
fn insert(
    conn: &Connection,
    c: &Change,
    now_ms: i64,
    owners: &mut HashMap<(String, String), String>,
) -> Result<bool> {
    let value = c.value_text();
    let sup = supersedes_text(c);
    let d = digest_parts(c, &value, &sup);
    let n = conn
        .prepare_cached(
            "INSERT INTO changes(device, counter, hlc, author, village, entity, entity_id, field, value, supersedes, digest, received_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT(device, counter) DO NOTHING",
        )?
        .execute(params![
            c.id.device,
            c.id.counter as i64,
            c.hlc.pack(),
            c.author,
            c.village,
            c.entity,
            c.entity_id,
            c.field,
            value,
            sup,
            d,
            now_ms
        ])?;
    if n == 0 {
        let old: Vec<u8> = conn
            .prepare_cached("SELECT digest FROM changes WHERE device = ?1 AND counter = ?2")?
            .query_row(params![c.id.device, c.id.counter as i64], |r| r.get(0))?;
        return if old == d { Ok(false) } else { Err(reused(c)) };
    }
    let seq = conn.last_insert_rowid();
    if let Some(why) = crate::merge::supersession_refusal(c, |s| {
        Ok(conn
            .prepare_cached(
                "SELECT village, entity, entity_id, field FROM changes WHERE device = ?1 AND counter = ?2",
            )?
            .query_row(params![s.device, s.counter as i64], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?)
    })? {
        return Err(HubError::Forbidden(why));
    }
    let natural = kind_of(&c.entity).is_some_and(|k| k.ids == Ids::Natural);
    // Who owns the entity: cached for the batch; a new entity is claimed
    // by one INSERT, an existing one is read once.
    let owner = match owners.get(&(c.entity.clone(), c.entity_id.clone())) {
        _ if natural => None,
        Some(v) => Some(v.clone()),
        None => {
            let claimed = conn
                .prepare_cached("INSERT OR IGNORE INTO entity_village(entity, entity_id, village) VALUES (?1, ?2, ?3)")?
                .execute(params![c.entity, c.entity_id, c.village])?;
            if claimed == 1 {
                None
            } else {
                conn.prepare_cached(
                    "SELECT village FROM entity_village WHERE entity = ?1 AND entity_id = ?2",
                )?
                .query_row(params![c.entity, c.entity_id], |r| r.get::<_, String>(0))
                .optional()?
            }
        }
    };
    if let Some(v) = &owner {
        if *v != c.village {
            return Err(HubError::Forbidden(format!(
                "记录 {}/{} 属于“{v}”，变更 {} 却标为“{}”。这一批没有保存",
                c.entity, c.entity_id, c.id, c.village
            )));
        }
    }
    if c.field.is_some() {
        // Field edits come back to the same entity: remember its owner.
        owners.insert((c.entity.clone(), c.entity_id.clone()), c.village.clone());
    }
    let mut mark = conn.prepare_cached(
        "INSERT OR IGNORE INTO superseded(device, counter, by_seq) VALUES (?1, ?2, ?3)",
    )?;
    for s in &c.supersedes {
        mark.execute(params![s.device, s.counter as i64, seq])?;
    }
    Ok(true)
}

/// Store a batch in the caller's transaction (see [`crate::storage::HubStorage::commit`]).
pub fn commit(
    conn: &Connection,
    accepted: &[&Change],
    quarantined: &[&Change],
    refused: &[Refusal],
    pushed_by: &str,
    now_ms: i64,
) -> Result<CommitOutcome> {
    let mut chain_breaks = voucher_chain::backfill_if_pending(conn, now_ms)?;
    let inserted = crate::merge::insert_batch(conn, accepted, now_ms)?;
    let mut stored = inserted.new;
    let mut all_refused: Vec<Refusal> = refused.to_vec();
    all_refused.extend(inserted.refused);
    record_refused(conn, &all_refused, pushed_by, now_ms)?;
    let mut touched: BTreeSet<&str> = inserted.devices.into_iter().collect();
    // A change its own device pushed and the hub refused will never come
    // otherwise: the device's vector moves past it, so it is not pushed
    // again. One another device relayed is not skipped (its author may
    // still bring the real change of that id).
    if all_refused.iter().any(|r| r.id.device == pushed_by) {
        touched.insert(pushed_by);
    }
    let mut out = CommitOutcome {
        accepted: stored.len() as u64,
        duplicates: inserted.duplicates,
        refused: all_refused,
        ..CommitOutcome::default()
    };
    for c in quarantined {
        let d = digest(c);
        let held: Option<Vec<u8>> = conn
            .prepare_cached(
                "SELECT digest FROM changes WHERE device = ?1 AND counter = ?2
                 UNION ALL SELECT digest FROM quarantine WHERE device = ?1 AND counter = ?2",
            )?
            .query_row(params![c.id.device, c.id.counter as i64], |r| r.get(0))
            .optional()?;
        match held {
            Some(old) if old != d => return Err(reused(c)),
            Some(_) => continue,
            None => {}
        }
        conn.prepare_cached(
            "INSERT INTO quarantine(device, counter, hlc_ms, body, digest, received_ms, pushed_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            c.id.device,
            c.id.counter as i64,
            c.hlc.ms,
            String::from_utf8_lossy(&c.content_bytes()),
            d,
            now_ms,
            pushed_by
        ])?;
        touched.insert(c.id.device.as_str());
        stored.push(c);
    }
    for device in touched {
        advance_vector(conn, device)?;
    }
    // Voucher chains: links of what is now held, checked after the vectors
    // moved (a gap is a break only once every earlier change is held).
    chain_breaks.extend(voucher_chain::receive(conn, &stored, now_ms)?);
    out.new_chain_breaks = chain_breaks;
    let mut chain_devices: BTreeSet<&str> = accepted
        .iter()
        .chain(quarantined)
        .filter(|c| c.entity == cunwu_core::change::entity::LEDGER_FACT)
        .map(|c| c.id.device.as_str())
        .collect();
    chain_devices.insert(pushed_by);
    out.chain_breaks =
        voucher_chain::breaks_of(conn, &chain_devices.into_iter().collect::<Vec<_>>())?;
    Ok(out)
}

/// Keep each refusal by (change, pushing device): how often and when last.
fn record_refused(
    conn: &Connection,
    refused: &[Refusal],
    pushed_by: &str,
    now_ms: i64,
) -> Result<()> {
    let mut keep = conn.prepare_cached(
        "INSERT INTO refused(device, counter, pushed_by, village, entity, reason, first_ms, last_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)
         ON CONFLICT(device, counter, pushed_by) DO UPDATE SET reason = excluded.reason, last_ms = excluded.last_ms, times = times + 1",
    )?;
    for r in refused {
        keep.execute(params![
            r.id.device,
            r.id.counter as i64,
            pushed_by,
            r.village,
            r.entity,
            r.reason,
            now_ms
        ])?;
    }
    Ok(())
}

/// Devices whose pushes held refused changes, most recent first.
pub fn refused_by_device(conn: &Connection) -> Result<Vec<RefusedByDevice>> {
    let mut stmt = conn.prepare(
        "SELECT r.pushed_by, count(*), max(r.last_ms),
                (SELECT device || char(9) || counter || char(9) || reason FROM refused l
                  WHERE l.pushed_by = r.pushed_by ORDER BY l.last_ms DESC, l.counter DESC LIMIT 1)
         FROM refused r GROUP BY r.pushed_by ORDER BY max(r.last_ms) DESC",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .map(|(pushed_by, n, last_ms, last)| {
            let mut parts = last.splitn(3, '\t');
            let device = parts.next().unwrap_or_default().to_string();
            let counter = parts.next().and_then(|c| c.parse().ok()).unwrap_or(0);
            RefusedByDevice {
                pushed_by,
                changes: n.max(0) as u64,
                last_ms,
                last_id: ChangeId { device, counter },
                last_reason: parts.next().unwrap_or_default().to_string(),
            }
        })
        .collect())
}

/// Raise a device's contiguous counter over what is now held (log or
/// quarantine) or was refused when the device itself pushed it.
fn advance_vector(conn: &Connection, device: &str) -> Result<()> {
    let mut cur: u64 = conn
        .prepare_cached("SELECT contiguous FROM device_vector WHERE device = ?1")?
        .query_row([device], |r| r.get::<_, i64>(0))
        .optional()?
        .unwrap_or(0)
        .max(0) as u64;
    let start = cur;
    let mut next_rows = conn.prepare_cached("SELECT counter FROM changes WHERE device = ?1 AND counter > ?2 ORDER BY counter LIMIT 4096")?;
    let mut in_quarantine = conn.prepare_cached(
        "SELECT 1 FROM quarantine WHERE device = ?1 AND counter = ?2
         UNION ALL SELECT 1 FROM refused WHERE device = ?1 AND counter = ?2 AND pushed_by = ?1",
    )?;
    loop {
        let counters = next_rows
            .query_map(params![device, cur as i64], |r| r.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let before = cur;
        for k in &counters {
            if *k as u64 == cur + 1 {
                cur += 1;
            } else {
                break;
            }
        }
        if cur == before && !in_quarantine.exists(params![device, (cur + 1) as i64])? {
            break;
        }
        if cur == before {
            cur += 1;
        }
    }
    if cur != start {
        conn.prepare_cached(
            "INSERT INTO device_vector(device, contiguous) VALUES (?1, ?2) ON CONFLICT(device) DO UPDATE SET contiguous = excluded.contiguous",
        )?
        .execute(params![device, cur as i64])?;
    }
    Ok(())
}

/// Move quarantined changes stamped at or before `until_ms` into the log.
/// One that conflicts stays in quarantine.
pub fn release(conn: &Connection, until_ms: i64, now_ms: i64) -> Result<u64> {
    let rows: Vec<(String, i64, String)> = conn
        .prepare_cached("SELECT device, counter, body FROM quarantine WHERE hlc_ms <= ?1 ORDER BY device, counter")?
        .query_map([until_ms], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut released = 0;
    let mut owners = HashMap::new();
    for (device, counter, body) in rows {
        let Ok(c) = serde_json::from_str::<Change>(&body) else {
            continue;
        };
        conn.execute("SAVEPOINT release_one", [])?;
        match insert(conn, &c, now_ms, &mut owners) {
            Ok(_) => {
                conn.execute(
                    "DELETE FROM quarantine WHERE device = ?1 AND counter = ?2",
                    params![device, counter],
                )?;
                conn.execute("RELEASE release_one", [])?;
                released += 1;
            }
            Err(_) => {
                conn.execute("ROLLBACK TO release_one", [])?;
                conn.execute("RELEASE release_one", [])?;
                owners.clear();
            }
        }
    }
    Ok(released)
}

const CHANGE_COLS: &str =
    "seq, device, counter, hlc, author, village, entity, entity_id, field, value, supersedes";

fn row_to_change(r: &rusqlite::Row<'_>) -> rusqlite::Result<(u64, Change)> {
    let value: String = r.get(9)?;
    let sup: String = r.get(10)?;
    let bad = |i: usize, e: serde_json::Error| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    };
    let supersedes: Vec<ChangeId> = if sup.is_empty() {
        Vec::new()
    } else {
        serde_json::from_str(&sup).map_err(|e| bad(10, e))?
    };
    Ok((
        r.get::<_, i64>(0)?.max(0) as u64,
        Change {
            id: ChangeId {
                device: r.get(1)?,
                counter: r.get::<_, i64>(2)?.max(0) as u64,
            },
            hlc: Hlc::unpack(r.get(3)?),
            author: r.get(4)?,
            village: r.get(5)?,
            entity: r.get(6)?,
            entity_id: r.get(7)?,
            field: r.get(8)?,
            value: serde_json::from_str(&value).map_err(|e| bad(9, e))?,
            supersedes,
        },
    ))
}

/// The village filter: one village walks the (village, seq) index; several
/// (a township) walk the sequence numbers and test the village per row
/// (`+village` keeps SQLite from merging per-village index ranges and
/// sorting them again on every page).
fn village_filter(n: usize, first: usize) -> String {
    let list = placeholders(n, first);
    if n == 1 {
        format!("village IN ({list})")
    } else {
        format!("+village IN ({list})")
    }
}

fn placeholders(n: usize, first: usize) -> String {
    (0..n)
        .map(|i| format!("?{}", first + i))
        .collect::<Vec<_>>()
        .join(",")
}

/// Changes of `villages` after `cursor` (read in the caller's transaction).
pub fn pull(
    conn: &Connection,
    villages: &[String],
    exclude_device: &str,
    cursor: u64,
    limit: u32,
) -> Result<Page> {
    if villages.is_empty() {
        return Ok(Page {
            changes: Vec::new(),
            next: cursor,
            more: false,
        });
    }
    let sql = format!(
        "SELECT {CHANGE_COLS} FROM changes WHERE seq > ?1 AND device != ?2 AND {} ORDER BY seq LIMIT ?3",
        village_filter(villages.len(), 4)
    );
    let mut args: Vec<rusqlite::types::Value> = vec![
        (cursor as i64).into(),
        exclude_device.to_string().into(),
        i64::from(limit).into(),
    ];
    args.extend(
        villages
            .iter()
            .map(|v| rusqlite::types::Value::from(v.clone())),
    );
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(params_from_iter(args), row_to_change)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let full = rows.len() as u64 >= u64::from(limit);
    let next = if full {
        rows.last().map_or(cursor, |(s, _)| *s)
    } else {
        let max: i64 = conn.query_row("SELECT coalesce(max(seq), 0) FROM changes", [], |r| {
            r.get(0)
        })?;
        (max.max(0) as u64).max(cursor)
    };
    Ok(Page {
        changes: rows.into_iter().map(|(_, c)| c).collect(),
        next,
        more: full,
    })
}

/// A page of the compacted snapshot: changes with `after < seq <= at` not
/// superseded by any change with `seq <= at`. Only a Set is ever left out,
/// and only for a Set of the same village, entity, entity id and field: a
/// mark left by another record's change (an older hub stored such marks
/// unchecked) never drops anything.
pub fn snapshot_page(
    conn: &Connection,
    villages: &[String],
    exclude_device: &str,
    at: u64,
    after: u64,
    limit: u32,
) -> Result<Page> {
    if villages.is_empty() {
        return Ok(Page {
            changes: Vec::new(),
            next: at,
            more: false,
        });
    }
    let sql = format!(
        "SELECT {CHANGE_COLS} FROM changes c WHERE seq > ?1 AND seq <= ?2 AND device != ?3 AND {}
           AND NOT (c.field IS NOT NULL AND EXISTS (SELECT 1 FROM superseded s JOIN changes b ON b.seq = s.by_seq
                 WHERE s.device = c.device AND s.counter = c.counter AND s.by_seq <= ?2
                   AND b.village = c.village AND b.entity = c.entity AND b.entity_id = c.entity_id AND b.field = c.field))
         ORDER BY seq LIMIT ?4",
        village_filter(villages.len(), 5)
    );
    let mut args: Vec<rusqlite::types::Value> = vec![
        (after as i64).into(),
        (at as i64).into(),
        exclude_device.to_string().into(),
        i64::from(limit).into(),
    ];
    args.extend(
        villages
            .iter()
            .map(|v| rusqlite::types::Value::from(v.clone())),
    );
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(params_from_iter(args), row_to_change)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let full = rows.len() as u64 >= u64::from(limit);
    let next = if full {
        rows.last().map_or(at, |(s, _)| *s)
    } else {
        at
    };
    Ok(Page {
        changes: rows.into_iter().map(|(_, c)| c).collect(),
        next,
        more: full,
    })
}

/// Per device of `villages`: the contiguous counter among changes with `seq <= at`.
///
/// Each device's counters are collected and sorted here: SQLite's `ORDER BY
/// device, counter` sorted every row through a temporary b-tree, several
/// times slower (8 bytes per change are held in memory meanwhile).
pub fn snapshot_vector(
    conn: &Connection,
    villages: &[String],
    at: u64,
) -> Result<BTreeMap<String, u64>> {
    let mut out = BTreeMap::new();
    if villages.is_empty() {
        return Ok(out);
    }
    let sql = format!(
        "SELECT device, counter FROM changes WHERE seq <= ?1 AND village IN ({})",
        placeholders(villages.len(), 2)
    );
    let mut args: Vec<rusqlite::types::Value> = vec![(at as i64).into()];
    args.extend(
        villages
            .iter()
            .map(|v| rusqlite::types::Value::from(v.clone())),
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params_from_iter(args))?;
    let mut counters: HashMap<String, Vec<u64>> = HashMap::new();
    while let Some(r) = rows.next()? {
        let device = r.get_ref(0)?.as_str().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })?;
        let counter = r.get::<_, i64>(1)?.max(0) as u64;
        match counters.get_mut(device) {
            Some(list) => list.push(counter),
            None => {
                counters.insert(device.to_string(), vec![counter]);
            }
        }
    }
    for (device, mut list) in counters {
        list.sort_unstable();
        let mut contiguous = 0u64;
        for c in list {
            if c == contiguous + 1 {
                contiguous = c;
            } else if c > contiguous + 1 {
                break;
            }
        }
        if contiguous > 0 {
            out.insert(device, contiguous);
        }
    }
    Ok(out)
}
