//! Merging one pushed batch into the hub's log, grouped: the ids the batch
//! names are looked up once per device (a counter range), new changes go in
//! with multi-row `INSERT`s, entity ownership is claimed and checked with
//! one multi-row upsert per chunk, and `supersedes` marks likewise. Each
//! change's stored value text and digest are made on a second thread
//! meanwhile.
//!
//! Same rules as one change at a time ([`crate::relay`]): a replay of a held
//! change is a duplicate; a held id with other content refuses the whole
//! batch (the caller's transaction is rolled back). A change naming an
//! entity another village owns, or superseding a change of another record,
//! field or village, is refused on its own and the rest is stored. The
//! caller holds the write lock (`BEGIN IMMEDIATE`), so what was looked up
//! cannot change before the inserts.

use crate::error::{HubError, Result};
use crate::relay::{digest_parts, reused, supersedes_text};
use crate::storage::Refusal;
use cunwu_core::change::{Change, ChangeId};
use cunwu_core::entity_kind::{kind_of, Ids};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, ToSql};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeMap;

/// Rows per multi-row statement (12 parameters each, far below SQLite's limit).
const CHUNK: usize = 64;

/// A change of the batch ready to insert: its stored texts and digest.
struct Row<'a> {
    c: &'a Change,
    value: String,
    sup: String,
    digest: Vec<u8>,
    counter: i64,
    hlc: i64,
}

impl<'a> Row<'a> {
    /// The texts and digest of `c`: pure work, done on a second thread.
    fn of(c: &'a Change) -> Row<'a> {
        let value = c.value_text();
        let sup = supersedes_text(c);
        let digest = digest_parts(c, &value, &sup);
        Row {
            c,
            value,
            sup,
            digest,
            counter: c.id.counter as i64,
            hlc: c.hlc.pack(),
        }
    }
}

/// Digests already held for the counters a batch names, per device: one
/// range read when the batch's counters are dense (a push plan's are), one
/// lookup per change when they are scattered.
fn held<'a>(conn: &Connection, changes: &[&'a Change]) -> Result<HashMap<(&'a str, u64), Vec<u8>>> {
    // device → (lowest, highest, how many)
    let mut ranges: BTreeMap<&'a str, (u64, u64, u64)> = BTreeMap::new();
    for c in changes {
        let r = ranges
            .entry(c.id.device.as_str())
            .or_insert((c.id.counter, c.id.counter, 0));
        r.0 = r.0.min(c.id.counter);
        r.1 = r.1.max(c.id.counter);
        r.2 += 1;
    }
    let mut out = HashMap::default();
    let mut range = conn.prepare_cached(
        "SELECT counter, digest FROM changes WHERE device = ?1 AND counter BETWEEN ?2 AND ?3",
    )?;
    let mut one =
        conn.prepare_cached("SELECT digest FROM changes WHERE device = ?1 AND counter = ?2")?;
    for (device, (lo, hi, n)) in ranges {
        if hi - lo > n.saturating_mul(4).saturating_add(64) {
            for c in changes.iter().filter(|c| c.id.device == device) {
                if let Some(d) = one
                    .query_row(params![device, c.id.counter as i64], |r| r.get(0))
                    .optional()?
                {
                    out.insert((device, c.id.counter), d);
                }
            }
            continue;
        }
        let rows = range.query_map(params![device, lo as i64, hi as i64], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?))
        })?;
        for row in rows {
            let (k, d) = row?;
            out.insert((device, k.max(0) as u64), d);
        }
    }
    Ok(out)
}

fn values_list(rows: usize, cols: usize) -> String {
    let one = format!("({})", vec!["?"; cols].join(","));
    vec![one; rows].join(",")
}

/// What [`insert_batch`] stored.
pub struct Inserted<'a> {
    /// The newly stored changes, in batch order.
    pub new: Vec<&'a Change>,
    /// Changes already held with the same content.
    pub duplicates: u64,
    /// Devices with newly stored changes.
    pub devices: Vec<&'a str>,
    /// Changes refused by the merge's own checks (not stored).
    pub refused: Vec<Refusal>,
}

/// Store the new changes of `accepted`.
///
/// A second thread turns the batch into rows (value text, digest) while
/// this one looks up what is held and claims the entities of the changes
/// not held: on two cores the JSON writing and hashing overlap SQLite's
/// lookups. One hand-over per batch, so a busy machine's scheduling costs
/// nothing per change. Rows are then written in batch order.
pub fn insert_batch<'a>(
    conn: &Connection,
    accepted: &[&'a Change],
    now_ms: i64,
) -> Result<Inserted<'a>> {
    let (held, rows, refused) = std::thread::scope(|scope| {
        let making = scope.spawn(|| accepted.iter().map(|c| Row::of(c)).collect::<Vec<_>>());
        let held = held(conn, accepted)?;
        // Each id once: a second copy is a duplicate or a reused id, which
        // the check below tells apart (a reuse is refused as such).
        let mut ids: HashSet<(&str, u64)> = HashSet::default();
        let unheld: Vec<&Change> = accepted
            .iter()
            .filter(|c| {
                let id = (c.id.device.as_str(), c.id.counter);
                !held.contains_key(&id) && ids.insert(id)
            })
            .copied()
            .collect();
        let mut refused = check_supersedes(conn, &unheld)?;
        let survivors: Vec<&Change> = unheld
            .iter()
            .filter(|c| !refused.iter().any(|r| r.id == c.id))
            .copied()
            .collect();
        refused.extend(claim_entities(conn, &survivors)?);
        let rows = making.join().map_err(|_| {
            HubError::Io(std::io::Error::other(
                "整理变更的线程意外停止，这一批没有保存，请重试",
            ))
        })?;
        Ok::<_, HubError>((held, rows, refused))
    })?;
    let refused_ids: HashSet<&ChangeId> = refused.iter().map(|r| &r.id).collect();
    let mut seen: HashMap<(&str, u64), usize> = HashMap::default();
    let mut fresh: Vec<Row<'a>> = Vec::with_capacity(rows.len());
    let mut duplicates = 0u64;
    for r in rows {
        let key = (r.c.id.device.as_str(), r.c.id.counter);
        if !held.contains_key(&key) && refused_ids.contains(&r.c.id) {
            continue;
        }
        // Held already, or the same id twice in one batch: a duplicate or a reuse.
        let old = held
            .get(&key)
            .or_else(|| seen.get(&key).map(|&i| &fresh[i].digest));
        if let Some(old) = old {
            if *old != r.digest {
                return Err(reused(r.c));
            }
            duplicates += 1;
            continue;
        }
        seen.insert(key, fresh.len());
        fresh.push(r);
    }
    let mut devices: Vec<&'a str> = Vec::new();
    for chunk in fresh.chunks(CHUNK) {
        let sql = format!(
            "INSERT INTO changes(device, counter, hlc, author, village, entity, entity_id, field, value, supersedes, digest, received_ms) VALUES {}",
            values_list(chunk.len(), 12)
        );
        let mut args: Vec<&dyn ToSql> = Vec::with_capacity(chunk.len() * 12);
        for r in chunk {
            let c = r.c;
            args.extend([
                &c.id.device as &dyn ToSql,
                &r.counter,
                &r.hlc,
                &c.author,
                &c.village,
                &c.entity,
                &c.entity_id,
                &c.field,
                &r.value,
                &r.sup,
                &r.digest,
                &now_ms,
            ]);
            if devices.last() != Some(&c.id.device.as_str()) {
                devices.push(c.id.device.as_str());
            }
        }
        conn.prepare_cached(&sql)?.execute(params_from_iter(args))?;
        // AUTOINCREMENT gives each row one more than the largest sequence
        // number ever used, so one statement's rows are consecutive.
        let last = conn.last_insert_rowid();
        let first = last - chunk.len() as i64 + 1;
        mark_superseded(conn, chunk, first)?;
    }
    devices.sort_unstable();
    devices.dedup();
    Ok(Inserted {
        new: fresh.iter().map(|r| r.c).collect(),
        duplicates,
        devices,
        refused,
    })
}

/// Claim each new entity for its village, refusing a change whose entity
/// another village owns: each entity once, in batch order (a push's ids
/// mostly ascend already). Natural-keyed entities (`account:…`, `books`)
/// are each village's own and are not claimed.
fn claim_entities(conn: &Connection, changes: &[&Change]) -> Result<Vec<Refusal>> {
    let mut refused = Vec::new();
    let mut first: HashMap<(&str, &str), &Change> = HashMap::default();
    let mut wanted: Vec<&Change> = Vec::new();
    for c in changes {
        if kind_of(&c.entity).is_some_and(|k| k.ids == Ids::Natural) {
            continue;
        }
        let key = (c.entity.as_str(), c.entity_id.as_str());
        match first.get(&key) {
            Some(f) if f.village != c.village => refused.push(foreign(c, &f.village)),
            Some(_) => {}
            None => {
                first.insert(key, c);
                wanted.push(c);
            }
        }
    }
    for chunk in wanted.chunks(CHUNK * 2) {
        let args: Vec<&dyn ToSql> = chunk
            .iter()
            .flat_map(|c| [&c.entity as &dyn ToSql, &c.entity_id, &c.village])
            .collect();
        let list = values_list(chunk.len(), 3);
        let claimed = conn
            .prepare_cached(&format!(
                "INSERT OR IGNORE INTO entity_village(entity, entity_id, village) VALUES {list}"
            ))?
            .execute(params_from_iter(args.iter()))?;
        if claimed == chunk.len() {
            continue;
        }
        // Some were held already: each held for another village is refused
        // (with every later change of the batch to the same entity).
        let sql = format!(
            "SELECT w.column1, w.column2, e.village FROM (VALUES {list}) AS w
             JOIN entity_village e ON e.entity = w.column1 AND e.entity_id = w.column2
             WHERE e.village <> w.column3"
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let owned: Vec<(String, String, String)> = stmt
            .query_map(params_from_iter(args.iter()), |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (entity, id, owner) in owned {
            for c in changes
                .iter()
                .filter(|c| c.entity == entity && c.entity_id == id && c.village != owner)
            {
                if !refused.iter().any(|r: &Refusal| r.id == c.id) {
                    refused.push(foreign(c, &owner));
                }
            }
        }
    }
    Ok(refused)
}

fn foreign(c: &Change, owner: &str) -> Refusal {
    Refusal::of(
        c,
        format!(
            "记录 {}/{} 属于“{owner}”，变更 {} 却标为“{}”。这条变更没有保存（同一批的其他变更照常保存），请联系乡镇管理员核查这台电脑",
            c.entity, c.entity_id, c.id, c.village
        ),
    )
}

/// What a change says it edits: (village, entity, entity id, field).
type Target = (String, String, String, Option<String>);

/// Why `c`'s supersession is refused, if it is: each change it names that
/// is held here or earlier in its batch must be a Set of the same village,
/// entity, entity id and field. A change not held yet is marked
/// conditionally: the snapshot counts a mark only when the two match.
pub(crate) fn supersession_refusal(
    c: &Change,
    mut target_of: impl FnMut(&ChangeId) -> Result<Option<Target>>,
) -> Result<Option<String>> {
    let Some(field) = &c.field else {
        return Ok(None);
    };
    for s in &c.supersedes {
        let Some((village, entity, entity_id, f)) = target_of(s)? else {
            continue;
        };
        if village != c.village
            || entity != c.entity
            || entity_id != c.entity_id
            || f.as_deref() != Some(field.as_str())
        {
            let what = match &f {
                Some(f) => format!("“{village}”的 {entity}/{entity_id} 的“{f}”"),
                None => format!("“{village}”的 {entity}/{entity_id}（一条不能修改的记录）"),
            };
            return Ok(Some(format!(
                "变更 {} 修改的是 {}/{} 的“{field}”，却声称取代变更 {s}（{what}）。一次修改只能取代同一村、同一条记录、同一项的旧值。这条变更没有保存（同一批的其他变更照常保存），请联系乡镇管理员核查这台电脑",
                c.id, c.entity, c.entity_id
            )));
        }
    }
    Ok(None)
}

/// The changes of `changes` whose supersession is refused.
fn check_supersedes(conn: &Connection, changes: &[&Change]) -> Result<Vec<Refusal>> {
    if changes.iter().all(|c| c.supersedes.is_empty()) {
        return Ok(Vec::new());
    }
    let in_batch: HashMap<&ChangeId, &Change> = changes.iter().map(|c| (&c.id, *c)).collect();
    let mut stmt = conn.prepare_cached(
        "SELECT village, entity, entity_id, field FROM changes WHERE device = ?1 AND counter = ?2",
    )?;
    let mut refused = Vec::new();
    for c in changes.iter().filter(|c| !c.supersedes.is_empty()) {
        let why = supersession_refusal(c, |s| {
            if let Some(t) = in_batch.get(s) {
                return Ok(Some((
                    t.village.clone(),
                    t.entity.clone(),
                    t.entity_id.clone(),
                    t.field.clone(),
                )));
            }
            Ok(stmt
                .query_row(params![s.device, s.counter as i64], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })
                .optional()?)
        })?;
        if let Some(why) = why {
            refused.push(Refusal::of(c, why));
        }
    }
    Ok(refused)
}

/// Record which held changes the chunk's changes supersede.
fn mark_superseded(conn: &Connection, chunk: &[Row<'_>], first_seq: i64) -> Result<()> {
    let mut args: Vec<Value> = Vec::new();
    for (i, r) in chunk.iter().enumerate() {
        for s in &r.c.supersedes {
            args.extend([
                Value::Text(s.device.clone()),
                Value::Integer(s.counter as i64),
                Value::Integer(first_seq + i as i64),
            ]);
        }
    }
    for part in args.chunks(CHUNK * 3) {
        let sql = format!(
            "INSERT OR IGNORE INTO superseded(device, counter, by_seq) VALUES {}",
            values_list(part.len() / 3, 3)
        );
        conn.prepare_cached(&sql)?
            .execute(params_from_iter(part.iter()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use cunwu_core::change::ChangeId;
    use cunwu_core::hlc::Hlc;

    /// Hubs hold the digests of every change they stored; a change's digest
    /// must never move between versions, or a replay would be refused as a
    /// reused id. Pinned for a fixed visit and a fixed household edit (the
    /// values were also computed apart from this code: SHA-256 over the same
    /// length-prefixed parts in Python, with sorted-key compact JSON).
    #[test]
    fn digests_of_stored_changes_never_change() {
        let id = |counter| ChangeId {
            device: "0a1b2c3d4e5f60718293a4b5c6d7e8f9".into(),
            counter,
        };
        let visit = Change {
            id: id(7),
            hlc: Hlc {
                ms: 1_795_996_800_000,
                counter: 2,
            },
            author: "程鹏".into(),
            village: "东村".into(),
            entity: "visit".into(),
            entity_id: "0a1b2c3d4e-7".into(),
            field: None,
            value: serde_json::json!({
                "id": "0a1b2c3d4e-7", "household_id": "0a1b2c3d4e-1", "date": "2026-11-29",
                "visitors": ["李秀英"], "situation": "家中老人身体尚可，\"子女\"在外务工",
                "needs": "", "amends": null, "n": 3,
            }),
            supersedes: vec![],
        };
        let edit = Change {
            id: id(8),
            field: Some("address".into()),
            entity: "household".into(),
            entity_id: "0a1b2c3d4e-1".into(),
            value: serde_json::json!("第3村民小组12号"),
            supersedes: vec![id(2)],
            ..visit.clone()
        };
        let hex = |c: &Change| {
            Row::of(c)
                .digest
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        };
        assert_eq!(hex(&visit), VISIT_DIGEST);
        assert_eq!(hex(&edit), EDIT_DIGEST);
    }

    const VISIT_DIGEST: &str = "a7e3a71981865e70310ac7b9e06cf4879af2ac45e00b1adfd4851ddcae6b6656";
    const EDIT_DIGEST: &str = "851ba5865a1459a3b728030aa75ebc7e8993c085ae779b93b83891f65c97c887";
}
