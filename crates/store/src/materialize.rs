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
use rusqlite::{params, Connection};

/// Table and validated column for an editable record's field.
pub(crate) fn record_column(
    entity_kind: &str,
    field: &str,
) -> Option<(&'static str, &'static str)> {
    match entity_kind {
        entity::HOUSEHOLD => HouseholdField::parse(field)
            .filter(|f| f.key() == field)
            .map(|f| ("household", f.key())),
        entity::MEMBER => MemberField::parse(field)
            .filter(|f| f.key() == field)
            .map(|f| ("member", f.key())),
        entity::PERSON => cunwu_core::need::PersonField::parse(field)
            .filter(|f| f.key() == field)
            .map(|f| ("person", f.key())),
        _ => None,
    }
}

/// The table of an editable record kind.
pub(crate) fn record_table(entity_kind: &str) -> Option<&'static str> {
    match entity_kind {
        entity::HOUSEHOLD => Some("household"),
        entity::MEMBER => Some("member"),
        entity::PERSON => Some("person"),
        _ => None,
    }
}

/// Materialize one change made here (already in `change_log`).
pub(crate) fn apply_local(conn: &Connection, c: &Change) -> Result<()> {
    match &c.field {
        Some(field) => apply_local_set(conn, c, field),
        None if c.entity == entity::VISIT => match visit_keys(&c.value) {
            Some((household_id, date, amends)) => {
                write_visit_row(conn, c, household_id, date, amends)
            }
            None => apply_fact(conn, c),
        },
        None => apply_fact(conn, c),
    }
}

/// A visit made here was just serialized from a whole `Visit`: its index
/// columns are read from the JSON without decoding it again.
fn visit_keys(v: &serde_json::Value) -> Option<(&str, &str, Option<&str>)> {
    let amends = match v.get("amends") {
        None | Some(serde_json::Value::Null) => None,
        Some(a) => Some(a.as_str()?),
    };
    Some((
        v.get("household_id")?.as_str()?,
        v.get("date")?.as_str()?,
        amends,
    ))
}

/// A local Set supersedes every head of its field (they are all held
/// here), so it becomes the field's only head and its value is shown.
fn apply_local_set(conn: &Connection, c: &Change, field: &str) -> Result<()> {
    crate::field_heads::unhead_superseded(conn, c, field)?;
    conn.prepare_cached(
        "INSERT OR IGNORE INTO field_head(entity, entity_id, field, device, counter, hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![c.entity, c.entity_id, field, c.id.device, c.id.counter as i64, c.hlc.pack()])?;
    let Some((table, column)) = record_column(&c.entity, field) else {
        return Ok(());
    };
    let recount = c.supersedes.len() > 1;
    write_field(
        conn,
        table,
        column,
        &c.entity,
        &c.entity_id,
        Some(value_text(&c.value)),
        recount,
    )
}

fn value_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The text shown for a value stored as JSON (the stored text itself if
/// it is not JSON).
pub(crate) fn json_text(json: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(json) {
        Ok(v) => value_text(&v),
        Err(_) => json.to_string(),
    }
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
    if table == "household" && column == HouseholdField::GroupNo.key() {
        crate::need::household_group_changed(conn, entity_id, text.as_deref())?;
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
    if let Some(need_id) = crate::need::index_fact(conn, c)? {
        return crate::need::refold(conn, &std::iter::once(need_id).collect());
    }
    if c.entity == entity::VISIT {
        // A malformed fact from a newer version stays in the log only.
        let Ok(v) = <Visit as serde::Deserialize>::deserialize(&c.value) else {
            return Ok(());
        };
        insert_visit(conn, c, &v)?;
    }
    Ok(())
}

/// The visit's index row, pointing at its fact in the log.
pub(crate) fn insert_visit(conn: &Connection, c: &Change, v: &Visit) -> Result<()> {
    let date = v.date.to_string();
    write_visit_row(conn, c, &v.household_id, &date, v.amends.as_deref())
}

fn write_visit_row(
    conn: &Connection,
    c: &Change,
    household_id: &str,
    date: &str,
    amends: Option<&str>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO visit(id, household_id, date, amends, device, counter) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![c.entity_id, household_id, date, amends, c.id.device, c.id.counter as i64])?;
    Ok(())
}
