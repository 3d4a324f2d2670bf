//! Every entity the change log knows, declared once: its book (which part
//! of the village's work it belongs to, and so who may write it), whether
//! it is an editable record (Set changes) or an append-only fact (Insert
//! changes), how its ids are made, and which of its fields are sensitive.
//!
//! The hub's role rules ([`crate::access::refusal`]), the store's ledger
//! rows and the masking of values all read [`KINDS`]; an entity not in the
//! table is refused at the hub and not materialized on laptops. Adding an
//! entity is one line in [`KINDS`] (and a constant in
//! [`crate::change::entity`]).

use crate::change::entity;
use crate::household::HouseholdField;
use crate::member::MemberField;

/// The book an entity belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Book {
    /// 农户台账: households and their members.
    Register,
    /// 走访记录.
    Visits,
    /// 群众需求 (needs and their follow-up).
    Needs,
    /// 会议记录.
    Meetings,
    /// 合作社账目: vouchers, accounts, lots, members of the co-op, settings.
    CoopMoney,
    /// 积分与物资: points, redemptions, stock.
    PointsStock,
}

impl Book {
    /// Chinese name, for messages.
    pub fn label(self) -> &'static str {
        match self {
            Book::Register => "农户台账",
            Book::Visits => "走访记录",
            Book::Needs => "群众需求",
            Book::Meetings => "会议记录",
            Book::CoopMoney => "合作社账目",
            Book::PointsStock => "积分与物资",
        }
    }

    /// True for the books only a clerk or leader may write (money, points
    /// and stock): a team member's device may not.
    pub fn is_money(self) -> bool {
        matches!(self, Book::CoopMoney | Book::PointsStock)
    }
}

/// Whether an entity's changes are Sets or Inserts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shape {
    /// An editable record: every change is a Set of one field.
    Record,
    /// An append-only fact: every change is an Insert.
    Fact,
}

/// How an entity's ids are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ids {
    /// Made from the device id and a counter (`<device>-<counter>`): unique
    /// across every village by construction, so the hub keeps each id to the
    /// village that first wrote it.
    Device,
    /// A natural key (`account:114.030001`, `period:2026-11`,
    /// `member:030001`, `books`): unique only within one village. Two
    /// villages' co-ops hold the same ids, each its own record; the hub and
    /// laptops keep them apart by `(village, entity, entity_id)`.
    Natural,
}

/// One declared entity.
#[derive(Debug, Clone, Copy)]
pub struct EntityKind {
    /// The `entity` column of a change.
    pub name: &'static str,
    /// Its book.
    pub book: Book,
    /// Record (Set) or fact (Insert).
    pub shape: Shape,
    /// How its ids are made.
    pub ids: Ids,
    /// Chinese name, for messages.
    pub label: &'static str,
    /// True for a field whose values are masked unless revealed.
    pub sensitive: fn(&str) -> bool,
}

fn none_sensitive(_: &str) -> bool {
    false
}

fn household_sensitive(field: &str) -> bool {
    HouseholdField::parse(field).is_some_and(|f| f.is_sensitive())
}

fn member_sensitive(field: &str) -> bool {
    MemberField::parse(field).is_some_and(|f| f.is_sensitive())
}

fn person_sensitive(field: &str) -> bool {
    field == "phone"
}

const fn kind(
    name: &'static str,
    book: Book,
    shape: Shape,
    ids: Ids,
    label: &'static str,
) -> EntityKind {
    EntityKind {
        name,
        book,
        shape,
        ids,
        label,
        sensitive: none_sensitive,
    }
}

const fn with_sensitive(k: EntityKind, sensitive: fn(&str) -> bool) -> EntityKind {
    EntityKind { sensitive, ..k }
}

use Book::*;
use Ids::{Device, Natural};
use Shape::{Fact, Record};

/// Every entity the store knows: one line each.
pub const KINDS: &[EntityKind] = &[
    with_sensitive(
        kind(entity::HOUSEHOLD, Register, Record, Device, "农户"),
        household_sensitive,
    ),
    with_sensitive(
        kind(entity::MEMBER, Register, Record, Device, "家庭成员"),
        member_sensitive,
    ),
    kind(entity::VISIT, Visits, Fact, Device, "走访"),
    kind(entity::LEDGER_FACT, CoopMoney, Fact, Natural, "账目事项"),
    kind(entity::LOT_EVENT, CoopMoney, Fact, Natural, "批次事项"),
    kind(
        entity::LEDGER_ASSERTION,
        CoopMoney,
        Fact,
        Device,
        "盘点对账",
    ),
    kind(
        entity::LEDGER_MEMBER,
        CoopMoney,
        Fact,
        Natural,
        "合作社社员",
    ),
    kind(
        entity::LEDGER_SETTINGS,
        CoopMoney,
        Record,
        Natural,
        "账套设置",
    ),
    kind(entity::NEED, Needs, Fact, Device, "诉求"),
    kind(entity::NEED_EVENT, Needs, Fact, Device, "诉求办理步骤"),
    with_sensitive(
        kind(entity::PERSON, Needs, Record, Device, "人员"),
        person_sensitive,
    ),
];

/// The declared kind named `name` (exact spelling), if any.
pub fn kind_of(name: &str) -> Option<&'static EntityKind> {
    KINDS.iter().find(|k| k.name == name)
}

impl EntityKind {
    /// True when `field` of this entity is masked unless revealed.
    pub fn is_sensitive(&self, field: &str) -> bool {
        (self.sensitive)(field)
    }
}

/// True when `field` of `entity` is sensitive (an undeclared entity's
/// fields are not).
pub fn is_sensitive(entity: &str, field: &str) -> bool {
    kind_of(entity).is_some_and(|k| k.is_sensitive(field))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every entity and its kind, as a reviewer reads them: a new entity
    /// shows up here (and must be added on purpose).
    #[test]
    fn every_entity_and_its_kind() {
        let listed: Vec<(&str, Book, Shape, Ids)> = KINDS
            .iter()
            .map(|k| (k.name, k.book, k.shape, k.ids))
            .collect();
        assert_eq!(
            listed,
            vec![
                ("household", Register, Record, Device),
                ("member", Register, Record, Device),
                ("visit", Visits, Fact, Device),
                ("ledger_fact", CoopMoney, Fact, Natural),
                ("lot_event", CoopMoney, Fact, Natural),
                ("ledger_assertion", CoopMoney, Fact, Device),
                ("ledger_member", CoopMoney, Fact, Natural),
                ("ledger_settings", CoopMoney, Record, Natural),
                ("need", Needs, Fact, Device),
                ("need_event", Needs, Fact, Device),
                ("person", Needs, Record, Device),
            ]
        );
        // Names are unique and exactly spelled (no case or separator variants).
        for (i, k) in KINDS.iter().enumerate() {
            assert!(
                KINDS[i + 1..].iter().all(|o| o.name != k.name),
                "{}",
                k.name
            );
            assert!(
                k.name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{}",
                k.name
            );
        }
        for spelled in [
            "Ledger_settings",
            "ledger-settings",
            " ledger_settings",
            "ledger_settings ",
        ] {
            assert!(kind_of(spelled).is_none(), "{spelled:?}");
        }
    }

    #[test]
    fn sensitive_fields_come_from_the_field_tables() {
        assert!(is_sensitive("household", "phone"));
        assert!(is_sensitive("household", "bank_account"));
        assert!(!is_sensitive("household", "address"));
        assert!(is_sensitive("member", "id_number"));
        assert!(!is_sensitive("visit", "phone"));
        assert!(!is_sensitive("no_such", "phone"));
    }
}
