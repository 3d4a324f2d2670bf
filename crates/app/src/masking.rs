//! The one place that decides how a field's value is shown to people: its
//! Chinese label, and sensitive values (phone, ID number, bank account,
//! health) masked unless the user asked to reveal them. The desktop's
//! conflict list, `cunwu conflicts list` and `cunwu changes` all read here.

use cunwu_core::change::entity;
use cunwu_core::household::HouseholdField;
use cunwu_core::member::MemberField;

/// The Chinese label of a field of an entity kind (联系电话 for a household's
/// `phone`); the key itself when the field is not one this version knows.
pub fn field_label(entity_kind: &str, field: &str) -> String {
    match entity_kind {
        entity::HOUSEHOLD => HouseholdField::parse(field).map(|f| f.label().to_string()),
        entity::MEMBER => MemberField::parse(field).map(|f| f.label().to_string()),
        _ => None,
    }
    .unwrap_or_else(|| field.to_string())
}

/// The Chinese name of an entity kind (农户, 家庭成员, …).
pub fn entity_label(entity_kind: &str) -> &'static str {
    match entity_kind {
        entity::HOUSEHOLD => "农户",
        entity::MEMBER => "家庭成员",
        entity::VISIT => "走访记录",
        entity::LEDGER_FACT => "合作社账务",
        entity::LOT_EVENT => "统购批次",
        entity::LEDGER_ASSERTION => "盘点对账",
        entity::LEDGER_MEMBER => "社员",
        entity::LEDGER_SETTINGS => "账务设置",
        _ => "记录",
    }
}

/// Whether a field of an entity kind holds personal data that is masked
/// by default.
pub fn is_sensitive(entity_kind: &str, field: &str) -> bool {
    match entity_kind {
        entity::HOUSEHOLD => HouseholdField::parse(field).is_some_and(HouseholdField::is_sensitive),
        entity::MEMBER => MemberField::parse(field).is_some_and(MemberField::is_sensitive),
        _ => false,
    }
}

/// A field's value as shown: masked when the field is sensitive, unless
/// `reveal`.
pub fn shown(entity_kind: &str, field: &str, value: &str, reveal: bool) -> String {
    if reveal {
        return value.to_string();
    }
    match entity_kind {
        entity::HOUSEHOLD => match HouseholdField::parse(field) {
            Some(f) => f.masked(value),
            None => value.to_string(),
        },
        entity::MEMBER => match MemberField::parse(field) {
            Some(f) => f.masked(value),
            None => value.to_string(),
        },
        _ => value.to_string(),
    }
}

/// A JSON value as text: a string as it is, anything else as JSON.
pub fn text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sensitive_values_are_masked_unless_revealed() {
        assert_eq!(
            shown("household", "phone", "13800138000", false),
            "138****8000"
        );
        assert_eq!(
            shown("household", "phone", "13800138000", true),
            "13800138000"
        );
        assert_eq!(
            shown("member", "id_number", "11010519491231002X", false),
            "110105********002X"
        );
        assert_eq!(shown("household", "head_name", "张三", false), "张三");
        assert_eq!(field_label("household", "phone"), "联系电话");
        assert_eq!(field_label("household", "no_such"), "no_such");
    }
}
