//! Schema 3 (the change log keyed by a local sequence, visits keyed by
//! household): a version-2 database with data upgrades without losing or
//! changing anything; visits are found by id; counters that would leave
//! their device's range are refused whole.

mod common;

use common::{household, village};
use cunwu_core::change::ChangeId;
use cunwu_core::visit::VisitInput;
use cunwu_store::{Error, Store};
use rusqlite::Connection;

fn visit_input(text: &str) -> VisitInput {
    VisitInput {
        visitors: vec!["张浩然".into()],
        situation: text.into(),
        ..Default::default()
    }
}

/// Put a schema-3 file back into the version-2 shape (the tables exactly as
/// migration 0001 made them), keeping every row.
fn back_to_version_2(path: &std::path::Path) {
    let c = Connection::open(path).expect("open");
    c.execute_batch(
        "BEGIN;
         CREATE TABLE old_log (
             device TEXT NOT NULL, counter INTEGER NOT NULL, hlc INTEGER NOT NULL,
             author TEXT NOT NULL, village TEXT NOT NULL, entity TEXT NOT NULL,
             entity_id TEXT NOT NULL, field TEXT, value TEXT NOT NULL,
             supersedes TEXT NOT NULL DEFAULT '[]', received_ms INTEGER NOT NULL,
             PRIMARY KEY (device, counter)) STRICT, WITHOUT ROWID;
         INSERT INTO old_log SELECT device, counter, hlc, author, village, entity, entity_id,
             field, value, supersedes, received_ms FROM change_log;
         DROP TABLE change_log; ALTER TABLE old_log RENAME TO change_log;
         CREATE TABLE old_visit (
             id TEXT PRIMARY KEY, household_id TEXT NOT NULL, date TEXT NOT NULL,
             amends TEXT, device TEXT NOT NULL, counter INTEGER NOT NULL) STRICT, WITHOUT ROWID;
         INSERT INTO old_visit SELECT id, household_id, date, amends, device, counter FROM visit;
         DROP TABLE visit; ALTER TABLE old_visit RENAME TO visit;
         CREATE INDEX visit_household ON visit (household_id, date);
         DROP TABLE change_device;
         DROP TABLE sync_refused;
         CREATE TABLE old_superseded (device TEXT NOT NULL, counter INTEGER NOT NULL,
             PRIMARY KEY (device, counter)) STRICT, WITHOUT ROWID;
         INSERT OR IGNORE INTO old_superseded SELECT device, counter FROM superseded;
         DROP TABLE superseded; ALTER TABLE old_superseded RENAME TO superseded;
         DROP TABLE need; DROP TABLE need_event; DROP TABLE person;
         PRAGMA user_version = 2;
         COMMIT;",
    )
    .expect("downgrade");
}

#[test]
fn a_version_2_village_upgrades_whole() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut a, clock) = village(&dir, "a.db", "程鹏");
    let (mut b, _) = village(&dir, "b.db", "张浩然");
    let h = a
        .add_household(&household("H001", "金家龙", "3"))
        .expect("add");
    let first = a.add_visit("H001", &visit_input("养羊")).expect("visit");
    clock.advance(86_400_000);
    a.amend_visit(&first.id, &visit_input("养羊十只"))
        .expect("amend");
    b.apply_foreign(&a.all_changes().expect("changes"))
        .expect("to b");
    b.add_visit("H001", &visit_input("b 的走访"))
        .expect("b visit");
    a.apply_foreign(&b.all_changes().expect("changes"))
        .expect("to a");
    let hash = a.state_hash().expect("hash");
    let changes = a.all_changes().expect("changes");
    let visits = a.visits_of(&h.id).expect("visits");
    let vector = a.version_vector().expect("vector");
    let device = a.device_id().to_string();
    let counter = a.local_counter();
    drop(a);

    back_to_version_2(&dir.path().join("a.db"));
    let mut a = Store::open(&dir.path().join("a.db"), clock.clone()).expect("upgrade");
    let version: i64 = a
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, cunwu_store::schema::current_version());
    assert_eq!(a.state_hash().expect("hash"), hash);
    assert_eq!(a.all_changes().expect("changes"), changes);
    assert_eq!(a.visits_of(&h.id).expect("visits"), visits);
    assert_eq!(visits.len(), 3);
    assert_eq!(a.version_vector().expect("vector"), vector);
    assert_eq!(
        (a.device_id(), a.local_counter()),
        (device.as_str(), counter)
    );
    for v in &visits {
        assert_eq!(&a.visit(&v.id).expect("by id"), v);
    }
    // Still writing after the upgrade: the next counter, found by id.
    let next = a.add_visit("H001", &visit_input("升级后")).expect("visit");
    assert_eq!(a.local_counter(), counter + 1);
    assert_eq!(a.visit(&next.id).expect("by id"), next);
    assert_eq!(
        a.changes_by_device(&device, counter, 10)
            .expect("tail")
            .len(),
        1
    );
}

#[test]
fn a_visit_is_found_by_id_and_an_unknown_id_is_not() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut a, _) = village(&dir, "a.db", "程鹏");
    a.add_household(&household("H001", "金家龙", "3"))
        .expect("add");
    let v = a.add_visit("H001", &visit_input("养羊")).expect("visit");
    assert_eq!(a.visit(&format!("  {}  ", v.id)).expect("trimmed"), v);
    // The household's change ids are not visits.
    let (device, _) = v.id.rsplit_once('-').expect("id shape");
    for wrong in [
        format!("{device}-1"),
        format!("{device}-999"),
        "走访-1".into(),
        "x".into(),
    ] {
        let err = a.visit(&wrong).expect_err("not a visit");
        assert!(err.to_string().contains("走访记录"), "{wrong}: {err}");
    }
}

#[test]
fn a_counter_outside_its_range_is_refused_whole() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut a, _) = village(&dir, "a.db", "程鹏");
    let (mut b, _) = village(&dir, "b.db", "张浩然");
    a.add_household(&household("H001", "金家龙", "3"))
        .expect("add");
    let good = a.all_changes().expect("changes");
    for counter in [0, 1 << 40, u64::MAX] {
        let mut batch = good.clone();
        batch[1].id = ChangeId {
            device: batch[1].id.device.clone(),
            counter,
        };
        let err = b.apply_foreign(&batch).expect_err("refused");
        assert!(
            matches!(err, Error::ChangeCounterOutOfRange { .. }),
            "{err}"
        );
        assert!(err.to_string().contains("超出范围"));
        assert!(
            b.all_changes().expect("changes").is_empty(),
            "nothing written"
        );
    }
    b.apply_foreign(&good).expect("the real batch");
    assert_eq!(b.state_hash().expect("b"), a.state_hash().expect("a"));
}
