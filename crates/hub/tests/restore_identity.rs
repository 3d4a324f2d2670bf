//! A laptop's own history at the hub against its database: a lost
//! acknowledgement is not a restore; a database restored from a copy takes
//! a new device id, and the records it made after the restore keep their
//! references under the new id (issue 11, finding 8).

mod common;

use common::*;
use cunwu_core::member::MemberField;
use cunwu_hub::local::LocalTransport;
use cunwu_store::Store;
use cunwu_sync::enrollment::keys;
use cunwu_sync::protocol::{Role, Scope};
use cunwu_sync::{sync_now, SyncOptions};
use std::collections::BTreeMap;
use std::sync::Arc;

/// One exchange of `lap` with the in-process hub.
fn sync(hub: &Arc<cunwu_hub::Hub>, lap: &mut Laptop) -> cunwu_sync::SyncReport {
    let t = LocalTransport::new(hub.clone(), token(&lap.store));
    ok(sync_now(&mut lap.store, &t, SyncOptions::default()))
}

/// The hub holds changes the laptop never saw acknowledged, with the same
/// content (the answer was lost): no new identity, nothing doubled.
#[test]
fn a_lost_acknowledgement_is_not_taken_for_a_restore() {
    let (hub, mut a, _d) = hub_and_laptop("程鹏", Role::Member);
    let h = add_household(&mut a.store, "H1", "金家龙");
    visit(&mut a.store, &h, "一");
    visit(&mut a.store, &h, "二");
    sync(&hub, &mut a);
    let device = a.store.device_id().to_string();
    // As if every acknowledgement had been lost on the way back.
    ok(a.store.meta_set(keys::PUSHED_COUNTER, "0"));
    visit(&mut a.store, &h, "三");
    let r = sync(&hub, &mut a);
    assert_eq!(r.reidentified, None);
    assert_eq!(a.store.device_id(), device);
    assert_eq!(r.pushed, 1, "only the new visit is new at the hub");
    assert_eq!(ok(a.store.pending_changes()), 0);

    let b = laptop(Some("东村"), "李娟", T0);
    enroll(
        &hub,
        &b,
        &LocalTransport::new(hub.clone(), None),
        "local",
        Scope::Village("东村".into()),
        Role::Member,
    );
    let mut b = b;
    sync(&hub, &mut b);
    let hb = ok(b.store.household_by_code("H1")).expect("H1");
    assert_eq!(ok(b.store.visits_of(&hb.id)).len(), 3);
}

/// Copy the file, add a household and sync, copy it back, add another
/// household (its id minted from the same counter as the synced one), a
/// member of it and a visit: after sync both households are there with
/// distinct ids, the member and the visit belong to the new household, and
/// both laptops hold the same state.
#[test]
fn records_made_after_a_restore_keep_their_references_under_the_new_id() {
    let (hub, mut a, _d) = hub_and_laptop("程鹏", Role::Member);
    let mut b = laptop(Some("东村"), "李娟", T0);
    enroll(
        &hub,
        &b,
        &LocalTransport::new(hub.clone(), None),
        "local",
        Scope::Village("东村".into()),
        Role::Member,
    );
    add_household(&mut a.store, "H1", "金家龙");
    sync(&hub, &mut a);

    let path = a.dir.path().join("cunwu.db");
    let copy = a.dir.path().join("copy.db");
    ok(a.store.backup_to_file(&copy));
    let h2 = add_household(&mut a.store, "H2", "王秀兰");
    visit(&mut a.store, &h2, "复制后");
    sync(&hub, &mut a);

    // Copied back by hand over the file in place.
    let clock = a.clock.clone();
    drop(std::mem::replace(
        &mut a.store,
        ok(Store::open(&a.dir.path().join("other.db"), clock.clone())),
    ));
    // Written over the file in place (the same inode, as a copy-back by
    // hand over an existing file is): opening it cannot tell it moved.
    for sibling in ["cunwu.db-wal", "cunwu.db-shm"] {
        let _ = std::fs::remove_file(a.dir.path().join(sibling));
    }
    ok(std::fs::write(&path, ok(std::fs::read(&copy))));
    a.store = ok(Store::open(&path, clock));
    let h3 = add_household(&mut a.store, "H3", "李卫东");
    assert_eq!(
        h3, h2,
        "the restored copy mints the synced household's id again"
    );
    let mut m = BTreeMap::new();
    m.insert(MemberField::Name, "李小红".to_string());
    m.insert(MemberField::Relation, "女儿".to_string());
    ok(a.store.add_member("H3", &m));
    visit(&mut a.store, &h3, "恢复后");

    let r = sync(&hub, &mut a);
    let taken = r.reidentified.expect("a new identity");
    assert!(taken.set_aside >= 3, "{taken:?}");
    assert!(r.reissued >= 3);
    assert_eq!(ok(a.store.pending_changes()), 0);
    sync(&hub, &mut b);

    for s in [&a.store, &b.store] {
        let h2 = ok(s.household_by_code("H2")).expect("H2 back");
        let h3 = ok(s.household_by_code("H3")).expect("H3 kept");
        assert_ne!(h2.id, h3.id);
        assert_eq!(
            h2.get(cunwu_core::household::HouseholdField::HeadName),
            "王秀兰"
        );
        assert_eq!(
            h3.get(cunwu_core::household::HouseholdField::HeadName),
            "李卫东"
        );
        let members = ok(s.members_of(&h3.id));
        assert_eq!(
            members.len(),
            1,
            "the member follows its household's new id"
        );
        assert_eq!(ok(s.members_of(&h2.id)).len(), 0);
        let v3: Vec<String> = ok(s.visits_of(&h3.id))
            .into_iter()
            .map(|v| v.situation)
            .collect();
        assert_eq!(v3, vec!["恢复后".to_string()]);
        let v2: Vec<String> = ok(s.visits_of(&h2.id))
            .into_iter()
            .map(|v| v.situation)
            .collect();
        assert_eq!(v2, vec!["复制后".to_string()]);
        assert_eq!(ok(s.conflicts()).len(), 0);
    }
    assert_eq!(ok(a.store.state_hash()), ok(b.store.state_hash()));
}
