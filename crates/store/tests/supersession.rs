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

/// A laptop of the previous version remembered bare ids as superseded;
/// the upgrade rebuilds them from the log with what superseded each, so a
/// value that arrives after its replacement still never becomes a head.
#[test]
fn the_upgrade_rebuilds_supersession_marks_from_the_log() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut a, clock) = village(&dir, "a.db", "程鹏");
    let mut h = household("H001", "金家龙", "3");
    h.insert(HouseholdField::Address, "旧址".into());
    let h = a.add_household(&h).expect("h");
    clock.advance(1_000);
    a.edit_household(&h.id, HouseholdField::Address, "新址")
        .expect("edit");
    let all = a.all_changes().expect("all");
    let old = address_change(&a, &h.id);
    let (late, early): (Vec<Change>, Vec<Change>) = all.into_iter().partition(|c| c.id == old.id);
    // B gets the edit before the value it replaced.
    let path = dir.path().join("b.db");
    let (mut b, _) = village(&dir, "b.db", "李娟");
    b.apply_foreign(&early).expect("early");
    drop(b);
    {
        let c = rusqlite::Connection::open(&path).expect("open");
        c.execute_batch(
            "BEGIN;
             DROP TABLE sync_refused;
             DROP TABLE need; DROP TABLE need_event; DROP TABLE person;
             CREATE TABLE old_superseded (device TEXT NOT NULL, counter INTEGER NOT NULL,
                 PRIMARY KEY (device, counter)) STRICT, WITHOUT ROWID;
             INSERT OR IGNORE INTO old_superseded SELECT device, counter FROM superseded;
             DROP TABLE superseded; ALTER TABLE old_superseded RENAME TO superseded;
             PRAGMA user_version = 3;
             COMMIT;",
        )
        .expect("back to version 3");
    }
    let mut b = Store::open(&path, clock.clone()).expect("upgrade");
    let marks: i64 = b
        .conn()
        .query_row(
            "SELECT count(*) FROM superseded WHERE device = ?1 AND counter = ?2 AND entity = 'household' AND field = 'address'",
            rusqlite::params![old.id.device, old.id.counter as i64],
            |r| r.get(0),
        )
        .expect("marks");
    assert_eq!(marks, 1, "rebuilt with what superseded it");
    b.apply_foreign(&late).expect("late");
    assert_eq!(
        b.household(&h.id).expect("h").get(HouseholdField::Address),
        "新址"
    );
    assert_eq!(b.conflicts().expect("conflicts").len(), 0);
    assert_eq!(b.state_hash().expect("b"), a.state_hash().expect("a"));
}
