//! Household members: add, edit field by field, list per household.
//! Leaving the household is the `removed` field, so it syncs and can be undone.

use crate::{Draft, Result, Store};
use cunwu_core::change::entity;
use cunwu_core::member::{Member, MemberField};
use rusqlite::params;
use std::collections::BTreeMap;

const COLUMNS: &str = "id, household_id, name, sex, id_number, relation, health, schooling, migrant_work, insurance, removed";

fn row_to_member(r: &rusqlite::Row<'_>) -> rusqlite::Result<Member> {
    let mut fields = BTreeMap::new();
    for (i, f) in MemberField::ALL.iter().enumerate() {
        let v: Option<String> = r.get(i + 1)?;
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            fields.insert(*f, v);
        }
    }
    Ok(Member {
        id: r.get(0)?,
        fields,
    })
}

impl Store {
    /// Add a member to a household (given by 户编号 or id).
    pub fn add_member(
        &mut self,
        household: &str,
        values: &BTreeMap<MemberField, String>,
    ) -> Result<Member> {
        let h = self.find_household(household)?;
        let mut errors = Vec::new();
        let mut valid = Vec::new();
        for f in MemberField::ALL {
            let raw = if f == MemberField::HouseholdId {
                h.id.as_str()
            } else {
                values.get(&f).map(String::as_str).unwrap_or("")
            };
            match f.validate(raw) {
                Ok(v) if !v.is_empty() => valid.push((f, v)),
                Ok(_) => {}
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return Err(crate::household::join_errors(errors).into());
        }
        // The id is minted inside the write lock (another process may write).
        let mut id = String::new();
        self.commit_local_with(|s| {
            id = s.new_entity_id();
            Ok(valid
                .iter()
                .map(|(f, v)| Draft::set(entity::MEMBER, &id, f.key(), v.clone()))
                .collect())
        })?;
        self.member(&id)
    }

    /// Change one field of a member.
    pub fn edit_member(&mut self, id: &str, field: MemberField, raw: &str) -> Result<Member> {
        let current = self.member(id)?;
        if field == MemberField::HouseholdId {
            let h = self.find_household(raw)?;
            self.commit_local(vec![Draft::set(entity::MEMBER, id, field.key(), h.id)])?;
            return self.member(id);
        }
        let value = field.validate(raw)?;
        if current.get(field) != value {
            self.commit_local(vec![Draft::set(entity::MEMBER, id, field.key(), value)])?;
        }
        self.member(id)
    }

    /// A member by id.
    pub fn member(&self, id: &str) -> Result<Member> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM member WHERE id = ?1 AND name IS NOT NULL"
            ))?
            .query_row([id], row_to_member)
            .map_err(|_| cunwu_core::Error::not_found("家庭成员", id).into())
    }

    /// Members of a household (by entity id), removed ones last.
    pub fn members_of(&self, household_id: &str) -> Result<Vec<Member>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM member WHERE household_id = ?1 AND name IS NOT NULL ORDER BY coalesce(removed, ''), id"
        ))?;
        let rows = stmt
            .query_map(params![household_id], row_to_member)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}
