//! The household register (农户台账): which fields a household has, their
//! Chinese labels, which are sensitive, and how each is validated.
//!
//! A household is an editable record: each field is its own register in the
//! change log, so the field table here drives validation, editing, import,
//! export and the 公示 (public) variant alike.

use crate::{id_number, phone, Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// 户属性 choices.
pub const CATEGORIES: [&str; 4] = ["一般户", "低保户", "五保户", "脱贫户"];
/// 防返贫监测 types; empty means not monitored.
pub const MONITORING: [&str; 3] = ["脱贫不稳定户", "边缘易致贫户", "突发严重困难户"];
/// 主要致贫原因 choices.
pub const POVERTY_CAUSES: [&str; 12] = [
    "因病",
    "因残",
    "因学",
    "因灾",
    "缺土地",
    "缺水",
    "缺技术",
    "缺劳力",
    "缺资金",
    "交通落后",
    "自身发展动力不足",
    "其它",
];

/// One field of a household.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HouseholdField {
    /// 户编号, unique in the village; import matches on it.
    Code,
    /// 户主姓名.
    HeadName,
    /// 村民小组 number.
    GroupNo,
    /// 住址/门牌.
    Address,
    /// 联系电话 (sensitive).
    Phone,
    /// 户主身份证号 (sensitive).
    HeadIdNumber,
    /// 户属性.
    Category,
    /// 监测类型.
    Monitoring,
    /// 主要致贫原因, several joined by `、`.
    PovertyCauses,
    /// 帮扶责任人.
    Cadre,
    /// 开户行 (sensitive).
    BankName,
    /// 银行账号 (sensitive).
    BankAccount,
    /// 备注.
    Notes,
}

impl HouseholdField {
    /// Every field, in display order.
    pub const ALL: [HouseholdField; 13] = [
        HouseholdField::Code,
        HouseholdField::HeadName,
        HouseholdField::GroupNo,
        HouseholdField::Address,
        HouseholdField::Phone,
        HouseholdField::HeadIdNumber,
        HouseholdField::Category,
        HouseholdField::Monitoring,
        HouseholdField::PovertyCauses,
        HouseholdField::Cadre,
        HouseholdField::BankName,
        HouseholdField::BankAccount,
        HouseholdField::Notes,
    ];

    /// Column / change-log key.
    pub fn key(self) -> &'static str {
        match self {
            HouseholdField::Code => "code",
            HouseholdField::HeadName => "head_name",
            HouseholdField::GroupNo => "group_no",
            HouseholdField::Address => "address",
            HouseholdField::Phone => "phone",
            HouseholdField::HeadIdNumber => "head_id_number",
            HouseholdField::Category => "category",
            HouseholdField::Monitoring => "monitoring",
            HouseholdField::PovertyCauses => "poverty_causes",
            HouseholdField::Cadre => "cadre",
            HouseholdField::BankName => "bank_name",
            HouseholdField::BankAccount => "bank_account",
            HouseholdField::Notes => "notes",
        }
    }

    /// Chinese label, also the import/export column header.
    pub fn label(self) -> &'static str {
        match self {
            HouseholdField::Code => "户编号",
            HouseholdField::HeadName => "户主姓名",
            HouseholdField::GroupNo => "村民小组",
            HouseholdField::Address => "住址",
            HouseholdField::Phone => "联系电话",
            HouseholdField::HeadIdNumber => "身份证号",
            HouseholdField::Category => "户属性",
            HouseholdField::Monitoring => "监测类型",
            HouseholdField::PovertyCauses => "致贫原因",
            HouseholdField::Cadre => "帮扶责任人",
            HouseholdField::BankName => "开户行",
            HouseholdField::BankAccount => "银行账号",
            HouseholdField::Notes => "备注",
        }
    }

    /// Other headers accepted on import for this column.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            HouseholdField::Code => &["户号", "农户编号"],
            HouseholdField::HeadName => &["户主", "姓名"],
            HouseholdField::GroupNo => &["组别", "小组", "村民组"],
            HouseholdField::Address => &["地址", "门牌号", "家庭住址"],
            HouseholdField::Phone => &["电话", "手机号", "联系方式"],
            HouseholdField::HeadIdNumber => &["户主身份证号", "身份证号码", "证件号码"],
            HouseholdField::Category => &["农户属性", "户类型"],
            HouseholdField::Monitoring => &["监测对象类型", "防返贫监测"],
            HouseholdField::PovertyCauses => &["主要致贫原因"],
            HouseholdField::Cadre => &["帮扶人", "帮扶干部"],
            HouseholdField::BankName => &["开户银行"],
            HouseholdField::BankAccount => &["银行卡号", "账号"],
            HouseholdField::Notes => &["说明"],
        }
    }

    /// Parse a key (`phone`) or a Chinese label / alias (`联系电话`).
    pub fn parse(name: &str) -> Option<HouseholdField> {
        let name = name.trim();
        Self::ALL
            .into_iter()
            .find(|f| f.key() == name || f.label() == name || f.aliases().contains(&name))
    }

    /// Personal data that is masked on screen and never in 公示 exports.
    pub fn is_sensitive(self) -> bool {
        matches!(
            self,
            HouseholdField::Phone
                | HouseholdField::HeadIdNumber
                | HouseholdField::BankName
                | HouseholdField::BankAccount
        )
    }

    /// Must be present on every household.
    pub fn is_required(self) -> bool {
        matches!(
            self,
            HouseholdField::Code | HouseholdField::HeadName | HouseholdField::GroupNo
        )
    }

    /// Validate and normalise one value. An empty value clears an optional
    /// field and is refused for a required one.
    pub fn validate(self, raw: &str) -> Result<String> {
        let v = raw.trim();
        let label = self.label();
        if v.is_empty() {
            return if self.is_required() {
                Err(Error::invalid(label, "必须填写，不能为空"))
            } else if self == HouseholdField::Category {
                Ok(CATEGORIES[0].to_string())
            } else {
                Ok(String::new())
            };
        }
        match self {
            HouseholdField::Code => {
                if v.chars().count() > 32 || v.chars().any(char::is_whitespace) {
                    return Err(Error::invalid(label, "不超过32个字符，且不能含空格"));
                }
                Ok(v.to_string())
            }
            HouseholdField::HeadName => {
                let n = v.chars().count();
                if n > 20 {
                    return Err(Error::invalid(
                        label,
                        format!("姓名太长（{n}个字），请核对"),
                    ));
                }
                Ok(v.to_string())
            }
            HouseholdField::GroupNo => {
                let digits = v
                    .trim_start_matches('第')
                    .trim_end_matches("村民小组")
                    .trim_end_matches("小组")
                    .trim_end_matches('组');
                let n = parse_group_no(digits).ok_or_else(|| {
                    Error::invalid(
                        label,
                        format!("“{v}”不是有效的组号，请填1到99的数字，如 3 或 第3组"),
                    )
                })?;
                Ok(n.to_string())
            }
            HouseholdField::Phone => phone::validate(v),
            HouseholdField::HeadIdNumber => id_number::validate(v),
            HouseholdField::Category => one_of(label, v, &CATEGORIES),
            HouseholdField::Monitoring => {
                if v == "无" || v == "否" || v == "非监测户" {
                    Ok(String::new())
                } else {
                    one_of(label, v, &MONITORING)
                }
            }
            HouseholdField::PovertyCauses => {
                let mut causes = Vec::new();
                for part in v
                    .split(['、', ',', '，', ';', '；', ' '])
                    .filter(|p| !p.is_empty())
                {
                    let c = one_of(label, part, &POVERTY_CAUSES)?;
                    if !causes.contains(&c) {
                        causes.push(c);
                    }
                }
                Ok(causes.join("、"))
            }
            HouseholdField::BankAccount => {
                let digits: String = v.chars().filter(|c| !c.is_whitespace()).collect();
                if !(digits.chars().all(|c| c.is_ascii_digit())
                    && (12..=30).contains(&digits.len()))
                {
                    return Err(Error::invalid(label, "银行账号应为12到30位数字，请核对"));
                }
                Ok(digits)
            }
            HouseholdField::Address
            | HouseholdField::Cadre
            | HouseholdField::BankName
            | HouseholdField::Notes => {
                if v.chars().count() > 500 {
                    return Err(Error::invalid(label, "内容太长，请控制在500字以内"));
                }
                Ok(v.to_string())
            }
        }
    }

    /// The value as shown by default: sensitive fields masked.
    pub fn masked(self, value: &str) -> String {
        if value.is_empty() {
            return String::new();
        }
        match self {
            HouseholdField::Phone => phone::mask(value),
            HouseholdField::HeadIdNumber => id_number::mask(value),
            HouseholdField::BankAccount => {
                let n = value.chars().count();
                format!(
                    "****{}",
                    value.chars().skip(n.saturating_sub(4)).collect::<String>()
                )
            }
            HouseholdField::BankName => "****".into(),
            _ => value.to_string(),
        }
    }
}

fn parse_group_no(text: &str) -> Option<u32> {
    const CN: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let n = if let Ok(n) = text.parse::<u32>() {
        n
    } else if text.chars().count() == 1 {
        CN.iter().position(|c| text.starts_with(*c))? as u32
    } else if text == "十" {
        10
    } else {
        return None;
    };
    (1..=99).contains(&n).then_some(n)
}

fn one_of(label: &str, v: &str, choices: &[&str]) -> Result<String> {
    if let Some(c) = choices.iter().find(|c| **c == v) {
        return Ok((*c).to_string());
    }
    Err(Error::invalid(
        label,
        format!("“{v}”不是可选值，请填：{}", choices.join("、")),
    ))
}

/// A household as read from the store: id plus every field's shown value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Household {
    /// Stable entity id.
    pub id: String,
    /// Field values by key (missing = empty).
    pub fields: BTreeMap<HouseholdField, String>,
    /// Date of the most recent visit, if any (ISO).
    pub last_visit: Option<String>,
    /// Number of fields currently in conflict.
    pub conflicts: u32,
}

impl Household {
    /// A field's value, empty when unset.
    pub fn get(&self, f: HouseholdField) -> &str {
        self.fields.get(&f).map(String::as_str).unwrap_or("")
    }
    /// A copy with sensitive fields masked, as shown by default.
    pub fn masked(&self) -> Household {
        let mut h = self.clone();
        for (f, v) in h.fields.iter_mut() {
            *v = f.masked(v);
        }
        h
    }
}

/// Validate a full set of values for a new household. Every problem is
/// reported, not only the first.
pub fn validate_new(
    values: &BTreeMap<HouseholdField, String>,
) -> std::result::Result<BTreeMap<HouseholdField, String>, Vec<Error>> {
    let mut out = BTreeMap::new();
    let mut errors = Vec::new();
    for f in HouseholdField::ALL {
        let raw = values.get(&f).map(String::as_str).unwrap_or("");
        match f.validate(raw) {
            Ok(v) if !v.is_empty() => {
                out.insert(f, v);
            }
            Ok(_) => {}
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_field_validation() {
        use HouseholdField::*;
        let ok = |f: HouseholdField, raw: &str, want: &str| {
            assert_eq!(f.validate(raw).as_deref(), Ok(want), "{raw}")
        };
        ok(GroupNo, "第3组", "3");
        ok(GroupNo, "五组", "5");
        ok(GroupNo, "12", "12");
        ok(Category, "", "一般户");
        ok(Monitoring, "无", "");
        ok(PovertyCauses, "因病,因残、因病", "因病、因残");
        ok(Phone, "138-0013-8000", "13800138000");
        let err = |f: HouseholdField, raw: &str, needle: &str| {
            let e = f.validate(raw).unwrap_err().to_string();
            assert!(e.contains(needle), "{raw}: {e}");
        };
        err(Code, "", "必须填写");
        err(GroupNo, "abc", "组号");
        err(Category, "贫困户", "一般户、低保户");
        err(PovertyCauses, "因懒", "因病");
        err(BankAccount, "12ab", "12到30位");
    }

    #[test]
    fn parses_labels_and_aliases() {
        assert_eq!(
            HouseholdField::parse("联系电话"),
            Some(HouseholdField::Phone)
        );
        assert_eq!(HouseholdField::parse("手机号"), Some(HouseholdField::Phone));
        assert_eq!(
            HouseholdField::parse("head_name"),
            Some(HouseholdField::HeadName)
        );
        assert_eq!(HouseholdField::parse("无此列"), None);
    }

    #[test]
    fn reports_every_problem_of_a_new_household() {
        let mut v = BTreeMap::new();
        v.insert(HouseholdField::Phone, "123".to_string());
        let errs = validate_new(&v).unwrap_err();
        assert_eq!(errs.len(), 4, "{errs:?}"); // code, head name, group, phone
    }
}
