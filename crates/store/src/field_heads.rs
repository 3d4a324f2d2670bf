//! Materializing a batch of foreign changes: facts first (visit rows in
//! id order), then the field heads of the Set changes, then each touched
//! record's shown values and conflict count, computed from its heads once
//! per batch and written in one statement per record.
//!
//! The winner of a field is the head with the greatest `(hlc, device,
//! counter)`; a record's conflict count is the number of its fields with
//! more than one head. Both depend only on which changes are held.

use crate::materialize::{insert_visit, json_text, record_column, record_table};
use crate::Result;
use cunwu_core::change::{entity, Change};
use cunwu_core::household::HouseholdField;
use cunwu_core::name_search::name_keys;
use cunwu_core::visit::Visit;
use rusqlite::{params, Connection};
use std::collections::{BTreeMap, BTreeSet};

/// Record fields touched by a batch of foreign changes, so each record's
/// shown values and conflict count are written once per batch.
#[derive(Default)]
pub(crate) struct Pending {
    /// (entity kind, entity id) → touched fields, in key order.
    records: BTreeMap<(String, String), BTreeSet<String>>,
}

impl Pending {
    pub(crate) fn touch(&mut self, entity_kind: &str, entity_id: &str, field: &str) {
        let fields = self
            .records
            .entry((entity_kind.to_string(), entity_id.to_string()))
            .or_default();
        if !fields.contains(field) {
            fields.insert(field.to_string());
        }
    }

    /// Write the shown values and conflict counts of everything touched:
    /// one read of the record's heads and one write per record.
    pub(crate) fn flush(self, conn: &Connection) -> Result<()> {
        for ((entity_kind, entity_id), fields) in &self.records {
            let Some(table) = record_table(entity_kind) else {
                continue;
            };
            let heads = record_heads(conn, entity_kind, entity_id)?;
            let columns: Vec<(&'static str, Option<String>)> = fields
                .iter()
                .filter_map(|f| {
                    let (_, column) = record_column(entity_kind, f)?;
                    Some((column, heads.shown.get(f.as_str()).map(|j| json_text(j))))
                })
                .collect();
            write_record(conn, table, entity_id, &columns, heads.conflicts)?;
        }
        Ok(())
    }
}

/// A record's field heads, as the shown value of each field and how many
/// fields hold more than one head.
struct RecordHeads {
    /// Field → the winning head's JSON value.
    shown: BTreeMap<String, String>,
    /// Fields in conflict.
    conflicts: i64,
}

/// Read every head of one record; the winner of a field is the head with
/// the greatest `(hlc, device, counter)`.
fn record_heads(conn: &Connection, entity_kind: &str, entity_id: &str) -> Result<RecordHeads> {
    let mut stmt = conn.prepare_cached(concat!(
        "SELECT h.field, h.hlc, h.device, h.counter, c.value FROM field_head h",
        crate::change_log::join_change!("LEFT JOIN", "h"),
        "WHERE h.entity = ?1 AND h.entity_id = ?2",
    ))?;
    let mut rows = stmt.query([entity_kind, entity_id])?;
    let mut best: BTreeMap<String, ((i64, String, i64), String)> = BTreeMap::new();
    let mut per_field: BTreeMap<String, i64> = BTreeMap::new();
    while let Some(r) = rows.next()? {
        let field: String = r.get(0)?;
        *per_field.entry(field.clone()).or_default() += 1;
        let Some(value) = r.get::<_, Option<String>>(4)? else {
            continue;
        };
        let rank = (
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
        );
        match best.get_mut(&field) {
            Some(b) if b.0 >= rank => {}
            Some(b) => *b = (rank, value),
            None => {
                best.insert(field, (rank, value));
            }
        }
    }
    Ok(RecordHeads {
        shown: best.into_iter().map(|(f, (_, v))| (f, v)).collect(),
        conflicts: per_field.values().filter(|n| **n > 1).count() as i64,
    })
}

/// Write a record's touched columns and its conflict count in one
/// statement (creating the row when a column is written).
fn write_record(
    conn: &Connection,
    table: &str,
    entity_id: &str,
    columns: &[(&'static str, Option<String>)],
    conflicts: i64,
) -> Result<()> {
    // `table` and the columns come from the whitelists above, never from input.
    if columns.is_empty() {
        conn.prepare_cached(&format!("UPDATE {table} SET conflicts = ?2 WHERE id = ?1"))?
            .execute(params![entity_id, conflicts])?;
        return Ok(());
    }
    let mut names: Vec<&str> = vec!["id", "conflicts"];
    let mut args: Vec<rusqlite::types::Value> =
        vec![entity_id.to_string().into(), conflicts.into()];
    for (column, text) in columns {
        if table == "household" && *column == HouseholdField::GroupNo.key() {
            crate::need::household_group_changed(conn, entity_id, text.as_deref())?;
        }
        names.push(column);
        if table == "household" && *column == HouseholdField::HeadName.key() {
            let keys = name_keys(text.as_deref().unwrap_or(""));
            names.push("name_initials");
            names.push("name_full");
            args.push(text.clone().into());
            args.push(keys.initials.into());
            args.push(keys.full.into());
        } else {
            args.push(text.clone().into());
        }
    }
    let marks: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
    let updates: Vec<String> = names[1..]
        .iter()
        .map(|n| format!("{n} = excluded.{n}"))
        .collect();
    conn.prepare_cached(&format!(
        "INSERT INTO {table}({}) VALUES ({}) ON CONFLICT(id) DO UPDATE SET {}",
        names.join(", "),
        marks.join(", "),
        updates.join(", ")
    ))?
    .execute(rusqlite::params_from_iter(args))?;
    Ok(())
}

/// The heads of `field` that Set change `c` supersedes are heads no more.
pub(crate) fn unhead_superseded(conn: &Connection, c: &Change, field: &str) -> Result<()> {
    let mut unhead = conn.prepare_cached(
        "DELETE FROM field_head WHERE entity = ?1 AND entity_id = ?2 AND field = ?3 AND device = ?4 AND counter = ?5",
    )?;
    for s in &c.supersedes {
        unhead.execute(params![
            c.entity,
            c.entity_id,
            field,
            s.device,
            s.counter as i64
        ])?;
    }
    Ok(())
}

/// Meta key: the version vector of the compacted snapshot this device
/// started from (JSON), absent on a device that pulled the whole history.
pub(crate) const SNAPSHOT_VECTOR_KEY: &str = "snapshot.vector";

/// The vector of the compacted snapshot this device started from.
fn snapshot_vector(conn: &Connection) -> Result<BTreeMap<String, u64>> {
    Ok(crate::device::meta_get(conn, SNAPSHOT_VECTOR_KEY)?
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default())
}

/// Stage the new foreign Set changes of a batch (already in `change_log`):
/// first everything they supersede (remembered, since it may not have
/// arrived yet, and no longer a head), then each of them that nothing
/// supersedes becomes a head. Shown values wait for [`Pending::flush`].
pub(crate) fn stage_sets(
    conn: &Connection,
    changes: &[&Change],
    pending: &mut Pending,
) -> Result<()> {
    let mut sets: Vec<(&Change, &str)> = changes
        .iter()
        .filter_map(|c| c.field.as_deref().map(|f| (*c, f)))
        .collect();
    sets.sort_by(|a, b| {
        (&a.0.entity, &a.0.entity_id, a.1, &a.0.id).cmp(&(
            &b.0.entity,
            &b.0.entity_id,
            b.1,
            &b.0.id,
        ))
    });
    {
        let mut remember = conn
            .prepare_cached("INSERT OR IGNORE INTO superseded(device, counter) VALUES (?1, ?2)")?;
        for (c, field) in &sets {
            for s in &c.supersedes {
                remember.execute(params![s.device, s.counter as i64])?;
            }
            unhead_superseded(conn, c, field)?;
        }
    }
    let compacted = snapshot_vector(conn)?;
    let mut remember =
        conn.prepare_cached("INSERT OR IGNORE INTO superseded(device, counter) VALUES (?1, ?2)")?;
    let mut superseded =
        conn.prepare_cached("SELECT 1 FROM superseded WHERE device = ?1 AND counter = ?2")?;
    let mut head = conn.prepare_cached(
        "INSERT OR IGNORE INTO field_head(entity, entity_id, field, device, counter, hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (c, field) in &sets {
        if compacted
            .get(&c.id.device)
            .is_some_and(|upto| c.id.counter <= *upto)
        {
            // Covered by the compacted snapshot this device started from,
            // yet not in it: the hub held it superseded (by edits the
            // snapshot left out too). It is kept in the log, never a head.
            remember.execute(params![c.id.device, c.id.counter as i64])?;
        } else if !superseded.exists(params![c.id.device, c.id.counter as i64])? {
            head.execute(params![
                c.entity,
                c.entity_id,
                field,
                c.id.device,
                c.id.counter as i64,
                c.hlc.pack()
            ])?;
        }
        pending.touch(&c.entity, &c.entity_id, field);
    }
    Ok(())
}

/// Materialize the new foreign facts of a batch (already in `change_log`);
/// visit rows are written in id order.
pub(crate) fn apply_facts(conn: &Connection, changes: &[&Change]) -> Result<()> {
    let mut visits: Vec<(&Change, Visit)> = Vec::new();
    let mut needs: BTreeSet<String> = BTreeSet::new();
    for c in changes.iter().filter(|c| c.field.is_none()) {
        if crate::ledger::rows::materialize(conn, c)? {
            continue;
        }
        if let Some(need_id) = crate::need::index_fact(conn, c)? {
            needs.insert(need_id);
            continue;
        }
        if c.entity == entity::VISIT {
            // A malformed fact from a newer version stays in the log only.
            if let Ok(v) = <Visit as serde::Deserialize>::deserialize(&c.value) {
                visits.push((c, v));
            }
        }
    }
    visits.sort_by(|a, b| a.0.entity_id.cmp(&b.0.entity_id));
    for (c, v) in &visits {
        insert_visit(conn, c, v)?;
    }
    // Each need touched is refolded once, after all its new facts are indexed.
    crate::need::refold(conn, &needs)
}
