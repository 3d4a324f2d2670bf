//! Turning changes into domain rows. Set changes update a multi-value
//! register per field (the shown value is the head with the greatest HLC,
//! ties by change id); facts are inserted once. State is therefore a pure
//! function of the set of changes held, in whatever order they arrived.
//!
//! Architecture invariant: domain tables hold no data that is not derived
//! from `change_log`; entities or fields this version does not know are kept
//! in the log (and synced) but not materialized.
//!
//! A change made here supersedes every head of its field, so it is the
//! field's only head and its value is shown: the local path writes it
//! directly instead of re-reading the heads.

use crate::Result;
use cunwu_core::change::{entity, Change};
use cunwu_core::household::HouseholdField;
use cunwu_core::member::MemberField;
use cunwu_core::name_search::name_keys;
use cunwu_core::visit::Visit;
use rusqlite::{params, Connection, OptionalExtension};

/// Where a change being applied comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// Made by this device just now: new id, supersedes every head.
    Local,
    /// From another device, in any order, possibly again.
    Foreign,
}

/// Table and validated column for an editable record's field.
fn record_column(entity_kind: &str, field: &str) -> Option<(&'static str, &'static str)> {
    match entity_kind {
        entity::HOUSEHOLD => HouseholdField::parse(field)
            .filter(|f| f.key() == field)
            .map(|f| ("household", f.key())),
        entity::MEMBER => MemberField::parse(field)
            .filter(|f| f.key() == field)
            .map(|f| ("member", f.key())),
        _ => None,
    }
}

/// The table of an editable record kind.
fn record_table(entity_kind: &str) -> Option<&'static str> {
    match entity_kind {
        entity::HOUSEHOLD => Some("household"),
        entity::MEMBER => Some("member"),
        _ => None,
    }
}

/// Record fields touched by a batch of foreign changes, so each field's shown
/// value and each record's conflict count are computed once per batch.
#[derive(Default)]
pub(crate) struct Pending {
    fields: Vec<(String, String, String)>,
    seen: std::collections::HashSet<(String, String, String)>,
    records: std::collections::HashSet<(String, String)>,
}

impl Pending {
    fn touch(&mut self, entity_kind: &str, entity_id: &str, field: &str) {
        let key = (
            entity_kind.to_string(),
            entity_id.to_string(),
            field.to_string(),
        );
        if self.seen.insert(key.clone()) {
            self.fields.push(key);
        }
        self.records
            .insert((entity_kind.to_string(), entity_id.to_string()));
    }

    /// Write the shown values and conflict counts of everything touched.
    pub(crate) fn flush(self, conn: &Connection) -> Result<()> {
        for (entity_kind, entity_id, field) in &self.fields {
            if let Some((table, column)) = record_column(entity_kind, field) {
                let shown = shown_value(conn, entity_kind, entity_id, field)?;
                write_field(conn, table, column, entity_kind, entity_id, shown, false)?;
            }
        }
        for (entity_kind, entity_id) in &self.records {
            if let Some(table) = record_table(entity_kind) {
                recount_conflicts(conn, table, entity_kind, entity_id)?;
            }
        }
        Ok(())
    }
}

/// Stage a foreign change (already in `change_log`): field heads now, shown
/// values at [`Pending::flush`]; facts at once.
pub(crate) fn stage_foreign(conn: &Connection, c: &Change, pending: &mut Pending) -> Result<()> {
    match &c.field {
        Some(field) => {
            update_heads(conn, c, field, Origin::Foreign)?;
            pending.touch(&c.entity, &c.entity_id, field);
            Ok(())
        }
        None => apply_fact(conn, c),
    }
}

/// Materialize one change (already in `change_log`).
pub(crate) fn apply(conn: &Connection, c: &Change, origin: Origin) -> Result<()> {
    match &c.field {
        Some(field) => apply_set(conn, c, field, origin),
        None => apply_fact(conn, c),
    }
}

/// Update a field's heads for a Set change.
fn update_heads(conn: &Connection, c: &Change, field: &str, origin: Origin) -> Result<()> {
    let mut unhead = conn.prepare_cached(
        "DELETE FROM field_head WHERE entity = ?1 AND entity_id = ?2 AND field = ?3 AND device = ?4 AND counter = ?5",
    )?;
    for s in &c.supersedes {
        if origin == Origin::Foreign {
            // The superseded change may not have arrived yet: remember.
            conn.prepare_cached(
                "INSERT OR IGNORE INTO superseded(device, counter) VALUES (?1, ?2)",
            )?
            .execute(params![s.device, s.counter as i64])?;
        }
        unhead.execute(params![
            c.entity,
            c.entity_id,
            field,
            s.device,
            s.counter as i64
        ])?;
    }
    let already_superseded = origin == Origin::Foreign
        && conn
            .prepare_cached("SELECT 1 FROM superseded WHERE device = ?1 AND counter = ?2")?
            .exists(params![c.id.device, c.id.counter as i64])?;
    if !already_superseded {
        conn.prepare_cached(
            "INSERT OR IGNORE INTO field_head(entity, entity_id, field, device, counter, hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![c.entity, c.entity_id, field, c.id.device, c.id.counter as i64, c.hlc.pack()])?;
    }
    Ok(())
}

fn apply_set(conn: &Connection, c: &Change, field: &str, origin: Origin) -> Result<()> {
    update_heads(conn, c, field, origin)?;
    let Some((table, column)) = record_column(&c.entity, field) else {
        return Ok(());
    };
    let shown = match origin {
        Origin::Local => Some(value_text(&c.value)),
        Origin::Foreign => shown_value(conn, &c.entity, &c.entity_id, field)?,
    };
    let recount = origin == Origin::Foreign || c.supersedes.len() > 1;
    write_field(conn, table, column, &c.entity, &c.entity_id, shown, recount)
}

fn value_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The value of the winning head of a field, if it has any head.
fn shown_value(
    conn: &Connection,
    entity_kind: &str,
    entity_id: &str,
    field: &str,
) -> Result<Option<String>> {
    let winner: Option<String> = conn
        .prepare_cached(
            "SELECT c.value FROM field_head h JOIN change_log c ON c.device = h.device AND c.counter = h.counter
             WHERE h.entity = ?1 AND h.entity_id = ?2 AND h.field = ?3
             ORDER BY h.hlc DESC, h.device DESC, h.counter DESC LIMIT 1",
        )?
        .query_row([entity_kind, entity_id, field], |r| r.get(0))
        .optional()?;
    Ok(winner.map(
        |json| match serde_json::from_str::<serde_json::Value>(&json) {
            Ok(v) => value_text(&v),
            Err(_) => json,
        },
    ))
}

/// Write a field's shown value, and the record's conflict count when it
/// may have changed.
fn write_field(
    conn: &Connection,
    table: &str,
    column: &str,
    entity_kind: &str,
    entity_id: &str,
    text: Option<String>,
    recount: bool,
) -> Result<()> {
    // `table` and `column` come from the whitelists above, never from input.
    conn.prepare_cached(&format!(
        "INSERT INTO {table}(id, {column}) VALUES (?1, ?2) ON CONFLICT(id) DO UPDATE SET {column} = excluded.{column}"
    ))?
    .execute(params![entity_id, text])?;
    if recount {
        recount_conflicts(conn, table, entity_kind, entity_id)?;
    }
    if table == "household" && column == HouseholdField::HeadName.key() {
        let keys = name_keys(text.as_deref().unwrap_or(""));
        conn.prepare_cached(
            "UPDATE household SET name_initials = ?2, name_full = ?3 WHERE id = ?1",
        )?
        .execute(params![entity_id, keys.initials, keys.full])?;
    }
    Ok(())
}

/// Store how many fields of a record are in conflict.
fn recount_conflicts(
    conn: &Connection,
    table: &str,
    entity_kind: &str,
    entity_id: &str,
) -> Result<()> {
    // `table` comes from `record_table`, never from input.
    conn.prepare_cached(&format!(
        "UPDATE {table} SET conflicts = (SELECT count(*) FROM (SELECT field FROM field_head
             WHERE entity = ?2 AND entity_id = ?1 GROUP BY field HAVING count(*) > 1)) WHERE id = ?1"
    ))?
    .execute(params![entity_id, entity_kind])?;
    Ok(())
}

fn apply_fact(conn: &Connection, c: &Change) -> Result<()> {
    if crate::ledger::rows::materialize(conn, c)? {
        return Ok(());
    }
    if c.entity == entity::VISIT {
        // A malformed fact from a newer version stays in the log only.
        let Ok(v) = <Visit as serde::Deserialize>::deserialize(&c.value) else {
            return Ok(());
        };
        conn.prepare_cached(
            "INSERT OR IGNORE INTO visit(id, household_id, date, amends, device, counter) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![c.entity_id, v.household_id, v.date.to_string(), v.amends, c.id.device, c.id.counter as i64])?;
    }
    Ok(())
}
