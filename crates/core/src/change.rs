//! The change log's vocabulary: every user action becomes one or more
//! [`Change`]s, and every replica's state is a function of the set of
//! changes it holds.
//!
//! Two kinds of change, told apart by `field`:
//! - **Set** (`field` is `Some`): one field of an editable record (a
//!   household's phone). It names the values it replaces in `supersedes`, so
//!   concurrent edits are detectable: a field whose changes leave more than
//!   one unsuperseded value is in conflict and keeps them all.
//! - **Insert** (`field` is `None`): an append-only fact (a visit, a
//!   voucher) carried whole in `value`; facts merge by union.

use crate::hlc::Hlc;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Entity kinds the change log knows (the `entity` column).
pub mod entity {
    /// A household of the register.
    pub const HOUSEHOLD: &str = "household";
    /// A member of a household.
    pub const MEMBER: &str = "member";
    /// A visit (fact).
    pub const VISIT: &str = "visit";
    /// A co-op ledger fact: sub-account opened or closed, month closed,
    /// voucher posted (`cunwu_ledger::LedgerFact` as JSON).
    pub const LEDGER_FACT: &str = "ledger_fact";
    /// An event of a pooled lot (`cunwu_ledger::LotEvent` as JSON).
    pub const LOT_EVENT: &str = "lot_event";
    /// A cash count or bank statement balance (fact).
    pub const LEDGER_ASSERTION: &str = "ledger_assertion";
    /// A household entering the co-op's books under its member number (fact).
    pub const LEDGER_MEMBER: &str = "ledger_member";
    /// The co-op's bookkeeping settings (editable record).
    pub const LEDGER_SETTINGS: &str = "ledger_settings";
    /// A need (诉求 / 微心愿) as first recorded (fact, `need::Need`).
    pub const NEED: &str = "need";
    /// A step of a need's life (fact, `need::NeedEvent`).
    pub const NEED_EVENT: &str = "need_event";
    /// A person who may claim needs: 工作队员, 村两委, 党员 (editable record).
    pub const PERSON: &str = "person";
}

/// Every change counter is in `1..COUNTER_LIMIT` (2^40): the local store
/// keeps one device's changes apart by `(device number << 40) | counter`,
/// and the hub refuses a change outside it.
pub const COUNTER_LIMIT: u64 = 1 << 40;

/// Globally unique id of a change: the device that made it and that
/// device's own counter (1, 2, 3, … without gaps).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ChangeId {
    /// Device id.
    pub device: String,
    /// Per-device counter, starting at 1.
    pub counter: u64,
}

impl fmt::Display for ChangeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.device, self.counter)
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// Unique id.
    pub id: ChangeId,
    /// HLC stamp at the author's device.
    pub hlc: Hlc,
    /// The person who made it.
    pub author: String,
    /// The village whose data this is (the scope the hub checks).
    pub village: String,
    /// Entity kind, one of [`entity`].
    pub entity: String,
    /// Entity id.
    pub entity_id: String,
    /// Field name for a Set; `None` for an Insert.
    pub field: Option<String>,
    /// New field value (Set) or the whole fact (Insert).
    pub value: serde_json::Value,
    /// Set only: the changes whose values this one replaces.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supersedes: Vec<ChangeId>,
}

impl Change {
    /// True for an append-only fact.
    pub fn is_insert(&self) -> bool {
        self.field.is_none()
    }

    /// Canonical bytes of the content, used to tell a replay (same id, same
    /// content: ignored) from a forgery or a copied database (same id,
    /// different content: refused).
    pub fn content_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// The value as stored: compact JSON, the same text as its `Display`
    /// but written straight into a byte buffer rather than through
    /// `fmt::Formatter` (several times faster; hubs and laptops store and
    /// hash it for every change). Serializing a JSON value cannot fail.
    pub fn value_text(&self) -> String {
        serde_json::to_string(&self.value).unwrap_or_default()
    }
}

/// Order in which concurrent values of one field are shown: the later HLC
/// wins, ties broken by change id. Every replica picks the same winner.
pub fn shown_first(a: (&Hlc, &ChangeId), b: (&Hlc, &ChangeId)) -> std::cmp::Ordering {
    b.0.cmp(a.0).then_with(|| b.1.cmp(a.1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Any JSON value: strings with quotes, control characters and Chinese,
    /// numbers of every kind, nested arrays and objects.
    fn json() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            any::<u64>().prop_map(serde_json::Value::from),
            any::<f64>().prop_map(serde_json::Value::from),
            "[\\PC\"\\\\\u{0}-\u{1f}王建国]{0,12}".prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(3, 24, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::from),
                prop::collection::btree_map("[a-z_王\"]{0,6}", inner, 0..6)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// Hubs hold digests of the text `Display` wrote before: the faster
        /// writer must produce the very same bytes.
        #[test]
        fn value_text_is_the_display_text(value in json()) {
            let c = Change {
                id: ChangeId { device: "d".into(), counter: 1 },
                hlc: Hlc::default(),
                author: String::new(),
                village: String::new(),
                entity: "visit".into(),
                entity_id: "e".into(),
                field: None,
                value: value.clone(),
                supersedes: vec![],
            };
            prop_assert_eq!(c.value_text(), value.to_string());
        }
    }
}
