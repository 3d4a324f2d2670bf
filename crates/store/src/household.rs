//! Households: add, edit field by field, look up by 户编号 or id, and search
//! the way field workers type (Chinese, pinyin initials, full pinyin, 户编号)
//! with filters by group, category, monitoring type and days since a visit.

use crate::{Draft, Result, Store};
use cunwu_core::change::entity;
use cunwu_core::household::{validate_new, Household, HouseholdField};
use cunwu_core::name_search::{parse_query, Query};
use cunwu_core::Error;
use rusqlite::{params_from_iter, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Filters for listing households; all optional, combined with AND.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HouseholdFilter {
    /// Chinese name part, pinyin initials, full pinyin or 户编号.
    pub query: Option<String>,
    /// 村民小组 number.
    pub group: Option<u32>,
    /// 户属性.
    pub category: Option<String>,
    /// 监测类型; `"any"` for every monitored household.
    pub monitoring: Option<String>,
    /// Only households not visited in this many days (or never).
    pub not_visited_days: Option<u32>,
    /// At most this many rows.
    pub limit: Option<u32>,
}

/// The last visit is derived, not stored: one index probe per household.
const LAST_VISIT: &str = "(SELECT max(v.date) FROM visit v WHERE v.household_id = household.id)";

const COLUMNS: &str = "id, code, head_name, group_no, address, phone, head_id_number, category, monitoring, poverty_causes, cadre, bank_name, bank_account, notes, (SELECT max(v.date) FROM visit v WHERE v.household_id = household.id) AS last_visit, conflicts";

fn row_to_household(r: &rusqlite::Row<'_>) -> rusqlite::Result<Household> {
    let mut fields = BTreeMap::new();
    for (i, f) in HouseholdField::ALL.iter().enumerate() {
        let v: Option<String> = r.get(i + 1)?;
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            fields.insert(*f, v);
        }
    }
    Ok(Household {
        id: r.get(0)?,
        fields,
        last_visit: r.get(14)?,
        conflicts: r.get::<_, i64>(15)? as u32,
    })
}

impl Store {
    /// Add a household. Every invalid field is reported; 户编号 must be new.
    pub fn add_household(
        &mut self,
        values: &BTreeMap<HouseholdField, String>,
    ) -> Result<Household> {
        let valid = validate_new(values).map_err(join_errors)?;
        let code = valid
            .get(&HouseholdField::Code)
            .cloned()
            .unwrap_or_default();
        // The 户编号 check and the id are made inside the write lock: another
        // process may be adding households to the same file.
        let mut id = String::new();
        self.commit_local_with(|s| {
            if let Some(existing) = s.household_by_code(&code)? {
                return Err(Error::invalid(
                    "户编号",
                    format!(
                        "{code} 已经存在（户主 {}），请换一个编号，或编辑已有农户",
                        existing.get(HouseholdField::HeadName)
                    ),
                )
                .into());
            }
            id = s.new_entity_id();
            Ok(valid
                .iter()
                .map(|(f, v)| Draft::set(entity::HOUSEHOLD, &id, f.key(), v.as_str()))
                .collect())
        })?;
        self.household(&id)
    }

    /// Change one field. Unchanged values write nothing.
    pub fn edit_household(
        &mut self,
        id: &str,
        field: HouseholdField,
        raw: &str,
    ) -> Result<Household> {
        let current = self.household(id)?;
        let value = field.validate(raw)?;
        if field == HouseholdField::Code {
            if let Some(other) = self.household_by_code(&value)?.filter(|h| h.id != id) {
                return Err(Error::invalid(
                    "户编号",
                    format!(
                        "{value} 已被户主 {} 使用，请换一个",
                        other.get(HouseholdField::HeadName)
                    ),
                )
                .into());
            }
        }
        if current.get(field) == value && current.conflicts == 0 {
            return Ok(current);
        }
        self.commit_local(vec![Draft::set(entity::HOUSEHOLD, id, field.key(), value)])?;
        self.household(id)
    }

    /// A household by entity id.
    pub fn household(&self, id: &str) -> Result<Household> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM household WHERE id = ?1 AND head_name IS NOT NULL"
            ))?
            .query_row([id], row_to_household)
            .optional()?
            .ok_or_else(|| Error::not_found("农户", id).into())
    }

    /// A household by 户编号, if any.
    pub fn household_by_code(&self, code: &str) -> Result<Option<Household>> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM household WHERE code = ?1 AND head_name IS NOT NULL ORDER BY id LIMIT 1"))?
            .query_row([code.trim()], row_to_household)
            .optional()?)
    }

    /// Find a household by 户编号 or id; a clear error when there is none.
    pub fn find_household(&self, key: &str) -> Result<Household> {
        // Entity ids carry a dash; 户编号 rarely do: try the likelier first.
        if key.contains('-') {
            if let Ok(h) = self.household(key.trim()) {
                return Ok(h);
            }
        }
        if let Some(h) = self.household_by_code(key)? {
            return Ok(h);
        }
        self.household(key.trim()).map_err(|_| {
            Error::not_found(
                "农户",
                format!("{key}（可用户编号，或先用 cunwu household search 查找）"),
            )
            .into()
        })
    }

    /// The entity id of a household given by id or 户编号 (cheaper than
    /// [`Store::find_household`] when only the id is needed).
    pub fn household_id_of(&self, key: &str) -> Result<String> {
        let key = key.trim();
        let exists = self
            .conn
            .prepare_cached("SELECT 1 FROM household WHERE id = ?1 AND head_name IS NOT NULL")?
            .exists([key])?;
        if exists {
            return Ok(key.to_string());
        }
        Ok(self.find_household(key)?.id)
    }

    /// Households matching the filter, ordered by group and 户编号.
    pub fn list_households(&self, filter: &HouseholdFilter) -> Result<Vec<Household>> {
        let mut sql = format!("SELECT {COLUMNS} FROM household WHERE head_name IS NOT NULL");
        let mut args: Vec<String> = Vec::new();
        if let Some(q) = filter
            .query
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
        {
            match parse_query(q) {
                Query::Pinyin(p) => {
                    args.push(format!("{}%", escape_like(&p)));
                    args.push(format!("%{}%", escape_like(&p)));
                    args.push(format!("{}%", escape_like(q)));
                    sql.push_str(&format!(
                        " AND (name_initials LIKE ?{} ESCAPE '\\' OR name_full LIKE ?{} ESCAPE '\\' OR code LIKE ?{} ESCAPE '\\')",
                        args.len() - 2,
                        args.len() - 1,
                        args.len()
                    ));
                }
                Query::Text(t) => {
                    args.push(format!("%{}%", escape_like(&t)));
                    args.push(format!("{}%", escape_like(&t)));
                    sql.push_str(&format!(
                        " AND (head_name LIKE ?{} ESCAPE '\\' OR code LIKE ?{} ESCAPE '\\' OR address LIKE ?{} ESCAPE '\\')",
                        args.len() - 1,
                        args.len(),
                        args.len() - 1
                    ));
                }
            }
        }
        if let Some(g) = filter.group {
            args.push(g.to_string());
            sql.push_str(&format!(" AND group_no = ?{}", args.len()));
        }
        if let Some(c) = filter.category.as_deref().filter(|c| !c.is_empty()) {
            args.push(c.to_string());
            sql.push_str(&format!(" AND category = ?{}", args.len()));
        }
        match filter.monitoring.as_deref() {
            None | Some("") => {}
            Some("any") => sql.push_str(" AND coalesce(monitoring, '') <> ''"),
            Some(m) => {
                args.push(m.to_string());
                sql.push_str(&format!(" AND monitoring = ?{}", args.len()));
            }
        }
        if let Some(days) = filter.not_visited_days {
            let cutoff = self.today() - chrono::Duration::days(i64::from(days));
            args.push(cutoff.to_string());
            sql.push_str(&format!(
                " AND coalesce({LAST_VISIT}, '') < ?{}",
                args.len()
            ));
        }
        sql.push_str(" ORDER BY CAST(group_no AS INTEGER), code");
        if let Some(l) = filter.limit {
            sql.push_str(&format!(" LIMIT {l}"));
        }
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(args.iter()), row_to_household)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// Several validation errors as one: a single error keeps its field; several
/// are listed one per line.
pub(crate) fn join_errors(errors: Vec<Error>) -> Error {
    if errors.len() == 1 {
        return errors
            .into_iter()
            .next()
            .unwrap_or(Error::Rule(String::new()));
    }
    Error::Rule(
        errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
    )
}
