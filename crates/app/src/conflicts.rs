//! Conflicts as the sync page and `cunwu conflicts list` show them: each
//! field edited on two laptops at once, with every value, who wrote it and
//! when, and the record it belongs to. Sensitive values stay masked
//! ([`crate::masking`]) unless revealed; on the desktop a person resolves by
//! choosing one of the values (by its change), so the full value never has
//! to be shown or retyped, and the choice is itself a change that syncs.

use crate::masking::{self, text};
use crate::Result;
use cunwu_core::change::entity;
use cunwu_core::household::HouseholdField;
use cunwu_core::member::MemberField;
use cunwu_store::{Conflict, Store};
use serde::Serialize;

/// One value of a conflicted field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConflictValueView {
    /// The change that wrote it (`device#counter`): what resolving names.
    pub change: String,
    /// The value, masked when the field is sensitive.
    pub value: String,
    /// Who wrote it.
    pub author: String,
    /// When (the writer's clock), UTC ms.
    pub at_ms: i64,
    /// The value shown until someone resolves the conflict.
    pub shown: bool,
}

/// A field in conflict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConflictView {
    /// Entity kind (`household`, `member`, …).
    pub entity: String,
    /// Its Chinese name (农户, 家庭成员, …).
    pub entity_label: String,
    /// Entity id.
    pub entity_id: String,
    /// Which record, for people: e.g. "张三（户编号 0105）".
    pub record: String,
    /// Field key.
    pub field: String,
    /// Field label in Chinese.
    pub field_label: String,
    /// Competing values, the shown one first.
    pub values: Vec<ConflictValueView>,
}

/// The record's kind, its name for people, and the field's label.
fn describe(store: &Store, c: &Conflict) -> (&'static str, String, String) {
    let label = masking::field_label(&c.entity, &c.field);
    let kind = masking::entity_label(&c.entity);
    match c.entity.as_str() {
        entity::HOUSEHOLD => (
            kind,
            store
                .household(&c.entity_id)
                .map(|h| {
                    format!(
                        "{}（户编号 {}）",
                        h.get(HouseholdField::HeadName),
                        h.get(HouseholdField::Code)
                    )
                })
                .unwrap_or_else(|_| c.entity_id.clone()),
            label,
        ),
        entity::MEMBER => (
            kind,
            store
                .member(&c.entity_id)
                .map(|m| m.get(MemberField::Name).to_string())
                .unwrap_or_else(|_| c.entity_id.clone()),
            label,
        ),
        _ => (kind, c.entity_id.clone(), label),
    }
}

fn view(store: &Store, c: &Conflict, reveal: bool) -> ConflictView {
    let (entity_label, record, field_label) = describe(store, c);
    ConflictView {
        entity: c.entity.clone(),
        entity_label: entity_label.into(),
        entity_id: c.entity_id.clone(),
        record,
        field: c.field.clone(),
        field_label,
        values: c
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| ConflictValueView {
                change: v.change.to_string(),
                value: masking::shown(&c.entity, &c.field, &text(&v.value), reveal),
                author: v.author.clone(),
                at_ms: v.hlc.ms,
                shown: i == 0,
            })
            .collect(),
    }
}

/// Every field waiting for a person to choose a value, sensitive values
/// masked.
pub fn list(store: &Store) -> Result<Vec<ConflictView>> {
    list_shown(store, false)
}

/// Every field waiting for a person to choose a value; sensitive values in
/// full only when `reveal` (the CLI's `--reveal`).
pub fn list_shown(store: &Store, reveal: bool) -> Result<Vec<ConflictView>> {
    Ok(store
        .conflicts()?
        .iter()
        .map(|c| view(store, c, reveal))
        .collect())
}

/// Settle a field on the value written by `change`; returns what is still
/// in conflict.
pub fn resolve(
    store: &mut Store,
    entity: &str,
    entity_id: &str,
    field: &str,
    change: &str,
) -> Result<Vec<ConflictView>> {
    let conflicts = store.conflicts()?;
    let chosen = conflicts
        .iter()
        .find(|c| c.entity == entity && c.entity_id == entity_id && c.field == field)
        .ok_or_else(|| {
            cunwu_core::Error::Rule(
                "这个冲突已经解决了（可能是别人在另一台电脑上解决后同步过来的），请刷新列表".into(),
            )
        })?
        .values
        .iter()
        .find(|v| v.change.to_string() == change)
        .ok_or_else(|| cunwu_core::Error::not_found("冲突中的值", change))?;
    let value = text(&chosen.value);
    store.resolve_conflict(entity, entity_id, field, &value)?;
    list(store)
}

/// Settle a field on a value typed in full (the CLI's `conflicts resolve`);
/// `field` may be the key (`phone`) or the Chinese label (联系电话).
pub fn resolve_typed(
    store: &mut Store,
    entity_kind: &str,
    entity_id: &str,
    field: &str,
    value: &str,
) -> Result<cunwu_core::change::Change> {
    let key = match entity_kind {
        entity::HOUSEHOLD => HouseholdField::parse(field).map(|f| f.key()),
        entity::MEMBER => MemberField::parse(field).map(|f| f.key()),
        _ => None,
    }
    .unwrap_or(field);
    Ok(store.resolve_conflict(entity_kind, entity_id, key, value)?)
}
