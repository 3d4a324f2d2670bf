//! Shared pieces of the hub's sync tests: village laptops with their own
//! store and clock, edits through the store's real API, enrollment.
#![allow(dead_code)]

use cunwu_core::change::Change;
use cunwu_core::clock::{Clock, ManualClock};
use cunwu_core::household::HouseholdField;
use cunwu_core::visit::VisitInput;
use cunwu_hub::Hub;
use cunwu_store::Store;
use cunwu_sync::protocol::{Role, Scope};
use cunwu_sync::transport::Transport;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// 2026-11-29 08:00 China time.
pub const T0: i64 = 1_795_996_800_000;

/// A laptop: its store, its clock and the temp dir holding the file.
pub struct Laptop {
    pub store: Store,
    pub clock: Arc<ManualClock>,
    pub dir: tempfile::TempDir,
}

pub fn dir() -> tempfile::TempDir {
    match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("temp dir: {e}"),
    }
}

pub fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    match r {
        Ok(v) => v,
        Err(e) => panic!("unexpected error: {e}"),
    }
}

/// A laptop initialised for `village` (or, with `None`, a blank one for a
/// township device).
pub fn laptop(village: Option<&str>, user: &str, now_ms: i64) -> Laptop {
    let dir = dir();
    let clock = Arc::new(ManualClock::new(now_ms));
    let mut store = ok(Store::open(
        &dir.path().join("cunwu.db"),
        clock.clone() as Arc<dyn Clock>,
    ));
    if let Some(v) = village {
        ok(store.init(v, Some("草沟镇"), user));
    }
    Laptop { store, clock, dir }
}

/// Add a household (户编号 + 户主) on this laptop; returns its id.
pub fn add_household(store: &mut Store, code: &str, head: &str) -> String {
    let mut v = BTreeMap::new();
    v.insert(HouseholdField::Code, code.to_string());
    v.insert(HouseholdField::HeadName, head.to_string());
    v.insert(HouseholdField::Address, format!("{code}号院"));
    v.insert(HouseholdField::GroupNo, "1".to_string());
    ok(store.add_household(&v)).id
}

/// Edit one field.
pub fn edit(store: &mut Store, id: &str, field: HouseholdField, value: &str) {
    ok(store.edit_household(id, field, value));
}

/// Log a visit.
pub fn visit(store: &mut Store, household_id: &str, note: &str) {
    let input = VisitInput {
        date: None,
        visitors: vec!["程鹏".into()],
        situation: note.into(),
        difficulties: String::new(),
        needs: String::new(),
        follow_up: String::new(),
    };
    ok(store.add_visit(household_id, &input));
}

/// Enroll a laptop with a fresh code for `scope`/`role`.
pub fn enroll(
    hub: &Hub,
    lap: &Laptop,
    transport: &dyn Transport,
    url: &str,
    scope: Scope,
    role: Role,
) {
    let code = ok(hub.create_code(&scope, role, Some("草沟镇")));
    ok(cunwu_sync::enrollment::enroll(
        &lap.store, transport, url, &code,
    ));
}

/// The set of change ids a store holds, with their villages.
pub fn held(store: &Store) -> BTreeSet<(String, u64, String)> {
    ok(store.all_changes())
        .into_iter()
        .map(|c| (c.id.device, c.id.counter, c.village))
        .collect()
}

/// Every change a store holds.
pub fn changes(store: &Store) -> Vec<Change> {
    ok(store.all_changes())
}

/// The credential a laptop holds.
pub fn token(store: &Store) -> Option<String> {
    ok(store.meta_get(cunwu_sync::enrollment::keys::TOKEN))
}

/// A hub on a manual clock at `T0` and one laptop of 东村 enrolled with it
/// through the in-process transport, in `role`.
pub fn hub_and_laptop(user: &str, role: Role) -> (Arc<Hub>, Laptop, tempfile::TempDir) {
    let d = dir();
    let hub = Arc::new(ok(Hub::open(
        d.path(),
        Arc::new(ManualClock::new(T0)) as Arc<dyn Clock>,
    )));
    let lap = laptop(Some("东村"), user, T0);
    enroll(
        &hub,
        &lap,
        &cunwu_hub::local::LocalTransport::new(hub.clone(), None),
        "local",
        Scope::Village("东村".into()),
        role,
    );
    (hub, lap, d)
}
