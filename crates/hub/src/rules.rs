//! Who may write what: pure checks of one change against the pushing
//! device's scope and role.
//!
//! Role rules (the choice, documented in README):
//! - `member` (工作队员): the register, visits, needs, meetings — anything
//!   except the co-op's money and stock entities below.
//! - `clerk` (会计/出纳) and `leader` (队长): everything of their village.
//! - `township` (乡镇): read-only, except two facts for its own villages:
//!   a need forwarded from the 12345 hotline (a `need` fact whose source is
//!   a 12345 工单) and a 督办 note on a need (a `need_event` fact whose
//!   step is `urge`). Anything else it pushes is refused; that the village
//!   is one of the township's is checked by the hub (`Hub::push`).
//!
//! Money and stock entities are named by these prefixes: `voucher`,
//! `ledger`, `account`, `lot`, `payout`, `settlement`, `sale`, `purchase`,
//! `surplus`, `period`, `points`, `redemption`, `stock`.

use cunwu_core::change::Change;
use cunwu_sync::protocol::{Role, Scope};

/// Entity-name prefixes of the co-op's money and stock books.
pub const MONEY_ENTITIES: [&str; 13] = [
    "voucher",
    "ledger",
    "account",
    "lot",
    "payout",
    "settlement",
    "sale",
    "purchase",
    "surplus",
    "period",
    "points",
    "redemption",
    "stock",
];

/// True for an entity of the money/stock books.
pub fn is_money_entity(entity: &str) -> bool {
    MONEY_ENTITIES.iter().any(|p| {
        entity == *p
            || entity.strip_prefix(p).is_some_and(|rest| {
                rest.starts_with('_') || rest.starts_with('.') || rest.starts_with(':')
            })
    })
}

/// Why a change is refused, in Chinese; `None` when it may be stored.
pub fn refusal(scope: &Scope, role: Role, c: &Change) -> Option<String> {
    if c.id.counter == 0 || c.id.counter >= cunwu_core::change::COUNTER_LIMIT {
        return Some(format!(
            "变更 {} 的编号超出范围（应为 1 到 2^40−1），数据可能被改动。这一批没有保存，已记录在服务器日志中",
            c.id
        ));
    }
    match (scope, role) {
        (Scope::Township(_), Role::Township) if township_may_write(c) => None,
        (_, Role::Township) | (Scope::Township(_), _) => {
            Some(format!("乡镇账号只能查看，不能上传修改（变更 {}）。请在村里的电脑上修改", c.id))
        }
        (Scope::Village(v), _) if &c.village != v => Some(format!(
            "这台电脑只属于“{v}”，不能上传“{}”的数据（变更 {}）。这一批没有保存，已记录在服务器日志中",
            c.village, c.id
        )),
        (Scope::Village(_), Role::Member) if is_money_entity(&c.entity) => Some(format!(
            "工作队员账号不能修改合作社账目（{}，变更 {}）。请由会计或队长的电脑录入",
            c.entity, c.id
        )),
        _ => None,
    }
}

/// The two facts a township laptop may push: a 12345 need (naming the
/// village it is stamped with) and a 督办 note.
pub fn township_may_write(c: &Change) -> bool {
    use cunwu_core::change::entity;
    if c.field.is_some() {
        return false;
    }
    let v = &c.value;
    match c.entity.as_str() {
        entity::NEED => {
            v.pointer("/source/type").and_then(|t| t.as_str()) == Some("hotline")
                && v.get("village").and_then(|t| t.as_str()) == Some(c.village.as_str())
        }
        entity::NEED_EVENT => v.get("step").and_then(|t| t.as_str()) == Some("urge"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cunwu_core::change::ChangeId;

    fn change(village: &str, entity: &str) -> Change {
        Change {
            id: ChangeId {
                device: "d".into(),
                counter: 1,
            },
            hlc: Default::default(),
            author: "a".into(),
            village: village.into(),
            entity: entity.into(),
            entity_id: "e".into(),
            field: None,
            value: serde_json::Value::Null,
            supersedes: vec![],
        }
    }

    #[test]
    fn check_rules() {
        let a = Scope::Village("东村".into());
        let t = Scope::Township("草沟镇".into());
        let cases = [
            (&a, Role::Member, "东村", "household", true),
            (&a, Role::Member, "东村", "visit", true),
            (&a, Role::Member, "西村", "household", false),
            (&a, Role::Member, "东村", "voucher", false),
            (&a, Role::Member, "东村", "lot_purchase", false),
            (&a, Role::Member, "东村", "lottery", true),
            (&a, Role::Clerk, "东村", "voucher", true),
            (&a, Role::Leader, "东村", "payout", true),
            (&a, Role::Clerk, "西村", "voucher", false),
            (&t, Role::Township, "东村", "household", false),
            (&a, Role::Township, "东村", "household", false),
        ];
        for (i, (scope, role, village, entity, ok)) in cases.into_iter().enumerate() {
            assert_eq!(
                refusal(scope, role, &change(village, entity)).is_none(),
                ok,
                "case {i}"
            );
        }
        // A township laptop: a 12345 need and a 督办 note, nothing else.
        let mut need = change("东村", "need");
        need.value = serde_json::json!({"village": "东村", "source": {"type": "hotline", "order_no": "2026-1"}});
        assert!(refusal(&t, Role::Township, &need).is_none());
        need.value = serde_json::json!({"village": "西村", "source": {"type": "hotline", "order_no": "2026-1"}});
        assert!(
            refusal(&t, Role::Township, &need).is_some(),
            "village inside and out agree"
        );
        need.value = serde_json::json!({"village": "东村", "source": {"type": "walk_in"}});
        assert!(
            refusal(&t, Role::Township, &need).is_some(),
            "only 12345 orders"
        );
        let mut step = change("东村", "need_event");
        step.value = serde_json::json!({"step": "urge", "need_id": "n"});
        assert!(refusal(&t, Role::Township, &step).is_none());
        for other in ["close", "claim", "register", "done"] {
            step.value = serde_json::json!({"step": other, "need_id": "n"});
            assert!(refusal(&t, Role::Township, &step).is_some(), "{other}");
        }
        step.value = serde_json::json!({"step": "urge", "need_id": "n"});
        step.field = Some("step".into());
        assert!(refusal(&t, Role::Township, &step).is_some(), "facts only");
        for entity in [
            "household",
            "member",
            "visit",
            "voucher",
            "ledger_fact",
            "lot_event",
            "person",
        ] {
            let mut c = change("东村", entity);
            c.value = serde_json::json!({"step": "urge", "village": "东村", "source": {"type": "hotline"}});
            assert!(refusal(&t, Role::Township, &c).is_some(), "{entity}");
        }
        // A counter the laptops' logs cannot hold is refused for anyone.
        for counter in [0, cunwu_core::change::COUNTER_LIMIT, u64::MAX] {
            let mut c = change("东村", "household");
            c.id.counter = counter;
            let why = refusal(&a, Role::Leader, &c).unwrap_or_default();
            assert!(why.contains("超出范围"), "{counter}: {why}");
        }
    }
}
