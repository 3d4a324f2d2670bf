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
