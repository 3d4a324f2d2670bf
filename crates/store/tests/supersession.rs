//! A Set change supersedes only changes of the same village, entity, entity
//! id and field. A change from an older hub or a USB stick whose
//! `supersedes` names another record's value (or a fact) is applied, but
//! hides nothing, whichever of the two arrives first; and an undeclared
//! entity stays in the log only.

mod common;

use common::{household, village};
use cunwu_core::change::Change;
use cunwu_core::household::HouseholdField;
use cunwu_store::Store;

/// A note on `household` from another device, naming `victims` as superseded.
fn forged(from: &Change, household: &str, victims: &[&Change]) -> Change {
    let mut c = from.clone();
    c.id.device = "f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0".into();
    c.id.counter = 1;
    c.entity = "household".into();
    c.entity_id = household.into();
    c.field = Some("notes".into());
    c.value = serde_json::json!("备注");
    c.supersedes = victims.iter().map(|v| v.id.clone()).collect();
    c
}

fn address_change(s: &Store, id: &str) -> Change {
    s.all_changes()
        .expect("changes")
        .into_iter()
        .find(|c| c.entity_id == id && c.field.as_deref() == Some("address"))
        .expect("address")
}

#[test]
fn another_records_change_never_hides_a_value_or_a_fact() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut a, _) = village(&dir, "a.db", "程鹏");
    let mut h1 = household("H001", "金家龙", "3");
    h1.insert(HouseholdField::Address, "第3组12号".into());
    let h1 = a.add_household(&h1).expect("h1");
    let h2 = a
        .add_household(&household("H002", "李四", "3"))
        .expect("h2");
    let addr = address_change(&a, &h1.id);
    let note = forged(&addr, &h2.id, &[&addr]);
    // Arriving after the value it names.
    a.apply_foreign(std::slice::from_ref(&note)).expect("apply");
    assert_eq!(
        a.household(&h1.id)
            .expect("h1")
            .get(HouseholdField::Address),
        "第3组12号"
    );
    assert_eq!(a.conflicts().expect("conflicts").len(), 0);
    // Arriving before it (a second laptop gets the note first).
    let (mut b, _) = village(&dir, "b.db", "李娟");
    b.apply_foreign(std::slice::from_ref(&note))
        .expect("note first");
    let rest: Vec<Change> = a
        .all_changes()
        .expect("all")
        .into_iter()
        .filter(|c| c.id != note.id)
        .collect();
    b.apply_foreign(&rest).expect("rest");
    assert_eq!(
        b.household(&h1.id)
            .expect("h1")
            .get(HouseholdField::Address),
        "第3组12号"
    );
    assert_eq!(b.state_hash().expect("b"), a.state_hash().expect("a"));
}

#[test]
fn an_undeclared_entity_stays_in_the_log_only() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut a, _) = village(&dir, "a.db", "程鹏");
    let h = a
        .add_household(&household("H001", "金家龙", "3"))
        .expect("h");
    let mut odd = a
        .all_changes()
        .expect("changes")
        .into_iter()
        .find(|c| c.entity_id == h.id && c.field.is_some())
        .expect("a field");
    odd.id.device = "f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0".into();
    odd.entity = "Household".into();
    odd.supersedes.clear();
    a.apply_foreign(std::slice::from_ref(&odd)).expect("apply");
    assert!(
        a.all_changes().expect("log").contains(&odd),
        "kept in the log"
    );
    let heads: i64 = a
        .conn()
        .query_row(
            "SELECT count(*) FROM field_head WHERE entity = 'Household'",
            [],
            |r| r.get(0),
        )
        .expect("heads");
    assert_eq!(heads, 0, "not materialized");
}
