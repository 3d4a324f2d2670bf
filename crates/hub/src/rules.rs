//! Who may write what at the hub: the one rule every laptop also runs
//! before writing ([`cunwu_core::access::refusal`]), which reads the entity
//! table ([`cunwu_core::entity_kind::KINDS`]): an undeclared entity, a
//! change of another village, or a money, points or stock entity from a
//! team member's device is refused.

use cunwu_core::change::Change;
use cunwu_core::entity_kind::kind_of;
use cunwu_sync::protocol::{Role, Scope};

/// True for an entity of the money, points or stock books (as declared).
pub fn is_money_entity(entity: &str) -> bool {
    kind_of(entity).is_some_and(|k| k.book.is_money())
}

/// Why a change is refused, in Chinese; `None` when it may be stored.
pub fn refusal(scope: &Scope, role: Role, c: &Change) -> Option<String> {
    cunwu_core::access::refusal(scope, role, c)
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

    /// A township laptop: a 12345 need and a 督办 note, nothing else.
    #[test]
    fn township_writes_only_12345_needs_and_urges() {
        let t = Scope::Township("草沟镇".into());
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
    }
}
