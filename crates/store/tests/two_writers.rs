//! Two `Store`s open on one file, as the desktop app and the CLI are: each
//! writes after the other without refreshing by hand, and every change gets
//! its own counter, every new record its own id; a new identity taken by one
//! is used by the other's next write.

use cunwu_core::clock::{Clock, ManualClock};
use cunwu_core::household::HouseholdField;
use cunwu_core::visit::VisitInput;
use cunwu_store::Store;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("unexpected error: {e}"))
}

fn household(s: &mut Store, code: &str) -> String {
    let mut v = BTreeMap::new();
    v.insert(HouseholdField::Code, code.to_string());
    v.insert(HouseholdField::HeadName, format!("户主{code}"));
    v.insert(HouseholdField::GroupNo, "1".to_string());
    ok(s.add_household(&v)).id
}

fn visit(s: &mut Store, household: &str, note: &str) -> String {
    let input = VisitInput {
        date: None,
        visitors: vec!["程鹏".into()],
        situation: note.into(),
        difficulties: String::new(),
        needs: String::new(),
        follow_up: String::new(),
    };
    ok(s.add_visit(household, &input)).id
}

#[test]
fn two_stores_on_one_file_never_reuse_a_counter_or_an_id() {
    let dir = ok(tempfile::tempdir());
    let path = dir.path().join("village.db");
    let clock = Arc::new(ManualClock::new(1_795_996_800_000)) as Arc<dyn Clock>;
    let mut desktop = ok(Store::open(&path, clock.clone()));
    ok(desktop.init("东村", None, "程鹏"));
    let mut cli = ok(Store::open(&path, clock.clone()));
    assert_eq!(desktop.device_id(), cli.device_id());

    let mut households = BTreeSet::new();
    let mut visits = BTreeSet::new();
    for i in 0..20 {
        let (first, second) = if i % 2 == 0 {
            (&mut desktop, &mut cli)
        } else {
            (&mut cli, &mut desktop)
        };
        let h1 = household(first, &format!("A{i}"));
        let h2 = household(second, &format!("B{i}"));
        assert!(households.insert(h1.clone()) && households.insert(h2.clone()));
        assert!(visits.insert(visit(first, &h2, "甲")));
        assert!(visits.insert(visit(second, &h1, "乙")));
    }
    assert_eq!(ok(desktop.list_households(&Default::default())).len(), 40);
    let all = ok(cli.all_changes());
    let counters: Vec<u64> = all.iter().map(|c| c.id.counter).collect();
    assert_eq!(
        counters,
        (1..=all.len() as u64).collect::<Vec<_>>(),
        "no gap, no reuse"
    );
    // Either view sees every change as pending.
    assert_eq!(ok(desktop.pending_changes()), all.len() as u64);
    assert_eq!(ok(cli.pending_changes()), all.len() as u64);
    assert_eq!(ok(desktop.state_hash()), ok(cli.state_hash()));

    // One takes a new identity (a restore); the other's next write uses it.
    let taken = ok(cli.take_new_identity(all.len() as u64, &[]));
    let h = household(&mut desktop, "C1");
    assert_eq!(desktop.device_id(), taken.new_device);
    let last = ok(desktop.all_changes())
        .into_iter()
        .filter(|c| c.entity_id == h)
        .map(|c| c.id)
        .next()
        .expect("written");
    assert_eq!(
        (last.device.as_str(), last.counter),
        (taken.new_device.as_str(), 1)
    );
}
