//! Conflicts: fields whose changes leave more than one unsuperseded value.
//! Every value is kept with its author and time; a person resolves it with
//! a new change that supersedes them all, and that change syncs.

use crate::{Draft, Result, Store};
use cunwu_core::change::{Change, ChangeId};
use cunwu_core::hlc::Hlc;
use serde::Serialize;

/// One value of a conflicted field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConflictValue {
    /// The value.
    pub value: serde_json::Value,
    /// Who wrote it.
    pub author: String,
    /// When (HLC).
    pub hlc: Hlc,
    /// Which change.
    pub change: ChangeId,
}

/// A field in conflict; `values[0]` is the one shown until resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// Entity kind.
    pub entity: String,
    /// Entity id.
    pub entity_id: String,
    /// Field.
    pub field: String,
    /// Competing values, shown one first.
    pub values: Vec<ConflictValue>,
}

impl Store {
    /// Every field currently in conflict.
    pub fn conflicts(&self) -> Result<Vec<Conflict>> {
        let mut stmt = self.conn.prepare(concat!(
            "SELECT h.entity, h.entity_id, h.field, c.value, c.author, h.hlc, h.device, h.counter
             FROM field_head h",
            crate::change_log::join_change!("JOIN", "h"),
            "WHERE (h.entity, h.entity_id, h.field) IN
                   (SELECT entity, entity_id, field FROM field_head GROUP BY entity, entity_id, field HAVING count(*) > 1)
             ORDER BY h.entity, h.entity_id, h.field, h.hlc DESC, h.device DESC, h.counter DESC",
        ))?;
        let mut out: Vec<Conflict> = Vec::new();
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, i64>(7)?,
            ))
        })?;
        for row in rows {
            let (entity, entity_id, field, value, author, hlc, device, counter) = row?;
            let v = ConflictValue {
                value: serde_json::from_str(&value).unwrap_or(serde_json::Value::String(value)),
                author,
                hlc: Hlc::unpack(hlc),
                change: ChangeId {
                    device,
                    counter: counter as u64,
                },
            };
            match out.last_mut() {
                Some(c) if c.entity == entity && c.entity_id == entity_id && c.field == field => {
                    c.values.push(v)
                }
                _ => out.push(Conflict {
                    entity,
                    entity_id,
                    field,
                    values: vec![v],
                }),
            }
        }
        Ok(out)
    }

    /// Settle a field on `value`: one change superseding every current value.
    /// The value is validated like any edit of that field.
    pub fn resolve_conflict(
        &mut self,
        entity: &str,
        entity_id: &str,
        field: &str,
        value: &str,
    ) -> Result<Change> {
        let value = match entity {
            cunwu_core::change::entity::HOUSEHOLD => {
                cunwu_core::household::HouseholdField::parse(field)
                    .ok_or_else(|| cunwu_core::Error::not_found("农户字段", field))?
                    .validate(value)?
            }
            cunwu_core::change::entity::MEMBER => cunwu_core::member::MemberField::parse(field)
                .ok_or_else(|| cunwu_core::Error::not_found("成员字段", field))?
                .validate(value)?,
            _ => value.to_string(),
        };
        let mut changes = self.commit_local(vec![Draft::set(entity, entity_id, field, value)])?;
        changes
            .pop()
            .ok_or_else(|| cunwu_core::Error::Rule("没有写入任何修改".into()).into())
    }
}
