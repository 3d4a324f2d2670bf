//! Turning changes into domain rows. Set changes update a multi-value
//! register per field (the shown value is the head with the greatest HLC,
//! ties by change id); facts are inserted once. State is therefore a pure
//! function of the set of changes held, in whatever order they arrived.
//!
//! Architecture invariant: domain tables hold no data that is not derived
//! from `change_log`; entities or fields this version does not know are kept
//! in the log (and synced) but not materialized.

use crate::Result;
use cunwu_core::change::{entity, Change};
use cunwu_core::household::HouseholdField;
use cunwu_core::member::MemberField;
use cunwu_core::name_search::name_keys;
use cunwu_core::visit::Visit;
use rusqlite::{params, Connection, OptionalExtension};

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

/// Materialize one change (already in `change_log`).
pub(crate) fn apply(conn: &Connection, c: &Change) -> Result<()> {
    match &c.field {
        Some(field) => apply_set(conn, c, field),
        None => apply_fact(conn, c),
    }
}

fn apply_set(conn: &Connection, c: &Change, field: &str) -> Result<()> {
    let mut mark =
        conn.prepare_cached("INSERT OR IGNORE INTO superseded(device, counter) VALUES (?1, ?2)")?;
    let mut unhead = conn.prepare_cached(
        "DELETE FROM field_head WHERE entity = ?1 AND entity_id = ?2 AND field = ?3 AND device = ?4 AND counter = ?5",
    )?;
    for s in &c.supersedes {
        mark.execute(params![s.device, s.counter as i64])?;
        unhead.execute(params![
            c.entity,
            c.entity_id,
            field,
            s.device,
            s.counter as i64
        ])?;
    }
    let already_superseded = conn
        .prepare_cached("SELECT 1 FROM superseded WHERE device = ?1 AND counter = ?2")?
        .exists(params![c.id.device, c.id.counter as i64])?;
    if !already_superseded {
        conn.prepare_cached(
            "INSERT OR IGNORE INTO field_head(entity, entity_id, field, device, counter, hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![c.entity, c.entity_id, field, c.id.device, c.id.counter as i64, c.hlc.pack()])?;
    }
    refresh_field(conn, &c.entity, &c.entity_id, field)
}

/// Write the shown value of one field and the record's conflict count.
fn refresh_field(conn: &Connection, entity_kind: &str, entity_id: &str, field: &str) -> Result<()> {
    let Some((table, column)) = record_column(entity_kind, field) else {
        return Ok(());
    };
    let winner: Option<String> = conn
        .prepare_cached(
            "SELECT c.value FROM field_head h JOIN change_log c ON c.device = h.device AND c.counter = h.counter
             WHERE h.entity = ?1 AND h.entity_id = ?2 AND h.field = ?3
             ORDER BY h.hlc DESC, h.device DESC, h.counter DESC LIMIT 1",
        )?
        .query_row([entity_kind, entity_id, field], |r| r.get(0))
        .optional()?;
    let text = winner.map(
        |json| match serde_json::from_str::<serde_json::Value>(&json) {
            Ok(serde_json::Value::String(s)) => s,
            Ok(serde_json::Value::Null) => String::new(),
            Ok(other) => other.to_string(),
            Err(_) => json,
        },
    );
    let conflicts: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM (SELECT field FROM field_head WHERE entity = ?1 AND entity_id = ?2 GROUP BY field HAVING count(*) > 1)",
        )?
        .query_row([entity_kind, entity_id], |r| r.get(0))?;
    // `table` and `column` come from the whitelists above, never from input.
    conn.prepare_cached(&format!(
        "INSERT INTO {table}(id, {column}, conflicts) VALUES (?1, ?2, ?3)
         ON CONFLICT(id) DO UPDATE SET {column} = excluded.{column}, conflicts = excluded.conflicts"
    ))?
    .execute(params![entity_id, text, conflicts])?;
    if table == "household" && column == HouseholdField::HeadName.key() {
        let keys = name_keys(text.as_deref().unwrap_or(""));
        conn.prepare_cached(
            "UPDATE household SET name_initials = ?2, name_full = ?3 WHERE id = ?1",
        )?
        .execute(params![entity_id, keys.initials, keys.full])?;
    }
    Ok(())
}

fn apply_fact(conn: &Connection, c: &Change) -> Result<()> {
    if c.entity == entity::VISIT {
        // A malformed fact from a newer version stays in the log only.
        let Ok(v) = serde_json::from_value::<Visit>(c.value.clone()) else {
            return Ok(());
        };
        let date = v.date.to_string();
        conn.prepare_cached(
            "INSERT OR IGNORE INTO visit(id, household_id, date, visitors, recorder, situation, difficulties, needs, follow_up, amends)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
            c.entity_id,
            v.household_id,
            date,
            serde_json::to_string(&v.visitors).unwrap_or_else(|_| "[]".into()),
            v.recorder,
            v.situation,
            v.difficulties,
            v.needs,
            v.follow_up,
            v.amends,
        ])?;
        conn.prepare_cached(
            "INSERT INTO household(id, last_visit) VALUES (?1, ?2)
             ON CONFLICT(id) DO UPDATE SET last_visit = max(coalesce(last_visit, ''), excluded.last_visit)",
        )?
        .execute(params![v.household_id, date])?;
    }
    Ok(())
}
