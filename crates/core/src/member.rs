//! Members of a household: name, sex, ID number, relation to the head,
//! health, schooling, migrant work, medical insurance. Like households, an
//! editable record whose fields each sync on their own.

use crate::{id_number, Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One field of a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberField {
    /// The household the member belongs to (entity id).
    HouseholdId,
    /// 姓名.
    Name,
    /// 性别: 男 / 女.
    Sex,
    /// 身份证号 (sensitive).
    IdNumber,
    /// 与户主关系.
    Relation,
    /// 健康状况 (sensitive).
    Health,
    /// 在校情况.
    Schooling,
    /// 务工情况.
    MigrantWork,
    /// 医保参保情况.
    Insurance,
    /// `1` when the member has left the household (removal is a field, so it syncs and can be undone).
    Removed,
}

impl MemberField {
    /// Every field, in display order.
    pub const ALL: [MemberField; 10] = [
        MemberField::HouseholdId,
        MemberField::Name,
        MemberField::Sex,
        MemberField::IdNumber,
        MemberField::Relation,
        MemberField::Health,
        MemberField::Schooling,
        MemberField::MigrantWork,
        MemberField::Insurance,
        MemberField::Removed,
    ];

    /// Column / change-log key.
    pub fn key(self) -> &'static str {
        match self {
            MemberField::HouseholdId => "household_id",
            MemberField::Name => "name",
            MemberField::Sex => "sex",
            MemberField::IdNumber => "id_number",
            MemberField::Relation => "relation",
            MemberField::Health => "health",
            MemberField::Schooling => "schooling",
            MemberField::MigrantWork => "migrant_work",
            MemberField::Insurance => "insurance",
            MemberField::Removed => "removed",
        }
    }

    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            MemberField::HouseholdId => "所属农户",
            MemberField::Name => "姓名",
            MemberField::Sex => "性别",
            MemberField::IdNumber => "身份证号",
            MemberField::Relation => "与户主关系",
            MemberField::Health => "健康状况",
            MemberField::Schooling => "在校情况",
            MemberField::MigrantWork => "务工情况",
            MemberField::Insurance => "医保参保",
            MemberField::Removed => "已迁出",
        }
    }

    /// Parse a key or a Chinese label.
    pub fn parse(name: &str) -> Option<MemberField> {
        Self::ALL
            .into_iter()
            .find(|f| f.key() == name || f.label() == name)
    }

    /// Personal data masked on screen and never exported publicly.
    pub fn is_sensitive(self) -> bool {
        matches!(self, MemberField::IdNumber | MemberField::Health)
    }

    /// The value as shown by default: sensitive fields masked (an ID number
    /// keeps its region and checksum, other sensitive text is hidden).
    pub fn masked(self, value: &str) -> String {
        match self {
            _ if value.is_empty() || !self.is_sensitive() => value.to_string(),
            MemberField::IdNumber => id_number::mask(value),
            _ => "****".into(),
        }
    }

    /// Validate and normalise one value.
    pub fn validate(self, raw: &str) -> Result<String> {
        let v = raw.trim();
        let label = self.label();
        match self {
            MemberField::HouseholdId | MemberField::Name if v.is_empty() => {
                Err(Error::invalid(label, "必须填写，不能为空"))
            }
            MemberField::Sex => match v {
                "" => Ok(String::new()),
                "男" | "M" | "m" => Ok("男".into()),
                "女" | "F" | "f" => Ok("女".into()),
                _ => Err(Error::invalid(label, format!("“{v}”不对，请填 男 或 女"))),
            },
            MemberField::IdNumber if !v.is_empty() => id_number::validate(v),
            MemberField::Removed => match v {
                "" | "0" | "否" => Ok(String::new()),
                "1" | "是" => Ok("1".into()),
                _ => Err(Error::invalid(label, "请填 是 或 否")),
            },
            _ if v.chars().count() > 200 => {
                Err(Error::invalid(label, "内容太长，请控制在200字以内"))
            }
            _ => Ok(v.to_string()),
        }
    }
}

/// A member as read from the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// Stable entity id.
    pub id: String,
    /// Field values by key.
    pub fields: BTreeMap<MemberField, String>,
}

impl Member {
    /// A field's value, empty when unset.
    pub fn get(&self, f: MemberField) -> &str {
        self.fields.get(&f).map(String::as_str).unwrap_or("")
    }
    /// A copy with sensitive fields masked.
    pub fn masked(&self) -> Member {
        let mut m = self.clone();
        for (f, v) in m.fields.iter_mut() {
            *v = f.masked(v);
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_member_fields() {
        assert_eq!(MemberField::Sex.validate("m").as_deref(), Ok("男"));
        assert!(MemberField::Sex.validate("x").is_err());
        assert!(MemberField::Name.validate(" ").is_err());
        assert!(MemberField::IdNumber
            .validate("110105194912310021")
            .is_err());
        assert_eq!(MemberField::IdNumber.validate("").as_deref(), Ok(""));
        assert_eq!(
            MemberField::parse("与户主关系"),
            Some(MemberField::Relation)
        );
    }
}
