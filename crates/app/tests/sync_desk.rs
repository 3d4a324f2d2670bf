//! The desktop's sync façade against a real hub on port 0: enrolling with a
//! bad code is said beside the code field, enrolling then syncing moves a
//! change between two laptops, a conflict is resolved by choosing a value
//! and the choice syncs, bundles round-trip, and an unreachable hub leaves
//! a recorded failure without touching the data.

use cunwu_app::sync_desk::{self, bundle, conflict, SyncGate};
use cunwu_core::clock::{Clock, ManualClock};
use cunwu_core::household::HouseholdField;
use cunwu_hub::server;
use cunwu_store::Store;
use cunwu_sync::protocol::{Role, Scope};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// 2026-11-29 08:00 China time.
const T0: i64 = 1_795_996_800_000;

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    match r {
        Ok(v) => v,
        Err(e) => panic!("unexpected error: {e}"),
    }
}

struct Laptop {
    store: Mutex<Store>,
    gate: SyncGate,
    _dir: tempfile::TempDir,
}

fn laptop(user: &str) -> Laptop {
    let dir = ok(tempfile::tempdir());
    let clock = Arc::new(ManualClock::new(T0)) as Arc<dyn Clock>;
    let mut store = ok(Store::open(&dir.path().join("cunwu.db"), clock));
    ok(store.init("东村", Some("草沟镇"), user));
    Laptop {
        store: Mutex::new(store),
        gate: SyncGate::default(),
        _dir: dir,
    }
}

fn with<T>(lap: &Laptop, f: impl FnOnce(&mut Store) -> T) -> T {
    f(&mut lap
        .store
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner))
}

fn add_household(lap: &Laptop, code: &str, head: &str) -> String {
    let mut v = BTreeMap::new();
    v.insert(HouseholdField::Code, code.to_string());
    v.insert(HouseholdField::HeadName, head.to_string());
    v.insert(HouseholdField::GroupNo, "1".to_string());
    with(lap, |s| ok(s.add_household(&v)).id)
}

struct Hub {
    running: server::Running,
    _dir: tempfile::TempDir,
}

fn hub() -> Hub {
    hub_at(T0)
}

/// A hub whose clock reads `now_ms`.
fn hub_at(now_ms: i64) -> Hub {
    let dir = ok(tempfile::tempdir());
    let clock = Arc::new(ManualClock::new(now_ms)) as Arc<dyn Clock>;
    let running = ok(server::spawn(dir.path(), "127.0.0.1:0", clock));
    Hub { running, _dir: dir }
}

impl Hub {
    fn code(&self) -> String {
        ok(self.running.hub.create_code(
            &Scope::Village("东村".into()),
            Role::Member,
            Some("草沟镇"),
        ))
    }
}

#[test]
fn a_bad_code_is_refused_beside_the_code_field_and_nothing_is_kept() {
    let hub = hub();
    let lap = laptop("程鹏");
    let e = sync_desk::enroll(&lap.store, &lap.gate, &hub.running.url(), "ABCD-EFGH-JK23")
        .err()
        .map(|e| e.to_wire());
    let e = e.expect("a code the hub never issued is refused");
    assert_eq!(
        (e.code.as_str(), e.field.as_deref()),
        ("invalid", Some("登记码"))
    );
    assert!(e.message.contains("登记码不对或已经过期"), "{}", e.message);
    let view = with(&lap, |s| ok(sync_desk::status(s, &lap.gate)));
    assert!(!view.enrolled && view.hub_url.is_none());
    assert!(
        !lap.gate.is_running(),
        "the gate opens again after a refusal"
    );
}

#[test]
fn enrolling_then_syncing_moves_a_change_to_the_other_laptop() {
    let hub = hub();
    let url = hub.running.url();
    let (a, b) = (laptop("程鹏"), laptop("李娜"));
    let id = add_household(&a, "0105", "张三");
    let view = ok(sync_desk::enroll(&a.store, &a.gate, &url, &hub.code()));
    assert!(view.enrolled);
    assert_eq!(view.scope.as_deref(), Some("村：东村"));
    assert_eq!(view.last_sync_ms, None);
    assert!(view.pending_changes > 0);
    ok(sync_desk::enroll(&b.store, &b.gate, &url, &hub.code()));

    let mut told = false;
    let pushed = ok(sync_desk::sync_now(&a.store, &a.gate, || told = true));
    assert!(told, "the window is told once the exchange has started");
    assert!(pushed.pushed >= 3, "{pushed:?}");
    assert_eq!(pushed.clock_offset_ms, 0, "hub and laptop clocks agree");
    let after = with(&a, |s| ok(sync_desk::status(s, &a.gate)));
    assert_eq!(after.pending_changes, 0);
    assert_eq!(after.last_sync_ms, Some(T0));
    assert!(after.last_error.is_none() && !after.syncing);
    let info = with(&a, |s| ok(cunwu_app::view::app_info(s)));
    assert_eq!(info.last_sync.as_deref(), Some("2026-11-30T00:00:00Z"));

    let pulled = ok(sync_desk::sync_now(&b.store, &b.gate, || {}));
    assert_eq!(pulled.pulled, pushed.pushed, "{pulled:?}");
    let head = with(&b, |s| {
        ok(s.household(&id))
            .get(HouseholdField::HeadName)
            .to_string()
    });
    assert_eq!(head, "张三");
}

#[test]
fn a_conflict_is_resolved_by_choosing_a_value_and_the_choice_syncs() {
    let hub = hub();
    let url = hub.running.url();
    let (a, b) = (laptop("程鹏"), laptop("李娜"));
    let id = add_household(&a, "0105", "张三");
    ok(sync_desk::enroll(&a.store, &a.gate, &url, &hub.code()));
    ok(sync_desk::enroll(&b.store, &b.gate, &url, &hub.code()));
    ok(sync_desk::sync_now(&a.store, &a.gate, || {}));
    ok(sync_desk::sync_now(&b.store, &b.gate, || {}));
    with(&a, |s| {
        ok(s.edit_household(&id, HouseholdField::Phone, "13800138000"))
    });
    with(&b, |s| {
        ok(s.edit_household(&id, HouseholdField::Phone, "13900139000"))
    });
    ok(sync_desk::sync_now(&a.store, &a.gate, || {}));
    ok(sync_desk::sync_now(&b.store, &b.gate, || {}));

    let list = with(&b, |s| ok(conflict::list(s)));
    assert_eq!(list.len(), 1, "{list:?}");
    let c = &list[0];
    assert_eq!(
        (c.entity_label.as_str(), c.field_label.as_str()),
        ("农户", "联系电话")
    );
    assert_eq!(c.record, "张三（户编号 0105）");
    let mut authors: Vec<&str> = c.values.iter().map(|v| v.author.as_str()).collect();
    authors.sort();
    assert_eq!(authors, ["李娜", "程鹏"]);
    assert!(
        c.values.iter().all(|v| v.value.contains("****")),
        "phones stay masked"
    );
    assert_eq!(c.values.iter().filter(|v| v.shown).count(), 1);
    let from_a = c
        .values
        .iter()
        .find(|v| v.author == "程鹏")
        .map(|v| v.change.clone());
    let from_a = from_a.expect("程鹏's value is listed");
    let status = with(&b, |s| ok(sync_desk::status(s, &b.gate)));
    assert_eq!(status.conflicts, 1);

    let stale = with(&b, |s| {
        conflict::resolve(s, &c.entity, &c.entity_id, &c.field, "nobody#9")
    });
    assert_eq!(stale.err().map(|e| e.code()), Some("not_found"));
    let left = with(&b, |s| {
        ok(conflict::resolve(
            s,
            &c.entity,
            &c.entity_id,
            &c.field,
            &from_a,
        ))
    });
    assert!(left.is_empty());
    let phone = with(&b, |s| {
        ok(s.household(&id)).get(HouseholdField::Phone).to_string()
    });
    assert_eq!(phone, "13800138000");

    ok(sync_desk::sync_now(&b.store, &b.gate, || {}));
    ok(sync_desk::sync_now(&a.store, &a.gate, || {}));
    assert!(
        with(&a, |s| ok(conflict::list(s))).is_empty(),
        "the choice reached 程鹏's laptop"
    );
    let phone = with(&a, |s| {
        ok(s.household(&id)).get(HouseholdField::Phone).to_string()
    });
    assert_eq!(phone, "13800138000");
}

#[test]
fn a_bundle_carries_changes_to_a_laptop_of_the_village() {
    let hub = hub();
    let (a, b) = (laptop("程鹏"), laptop("李娜"));
    ok(sync_desk::enroll(
        &a.store,
        &a.gate,
        &hub.running.url(),
        &hub.code(),
    ));
    ok(sync_desk::enroll(
        &b.store,
        &b.gate,
        &hub.running.url(),
        &hub.code(),
    ));
    let id = add_household(&a, "0105", "张三");
    let dir = ok(tempfile::tempdir());
    let file = dir.path().join("东村.cunwu");
    let path = file.to_string_lossy().to_string();
    // A laptop-to-laptop bundle of this village, as `cunwu bundle export --for-device` writes it.
    let target = with(&b, |s| s.device_id().to_string());
    let (bytes, n) = with(&a, |s| {
        ok(cunwu_sync::device_bundle::export(
            s,
            &cunwu_sync::device_bundle::ExportFor::Device(target),
        ))
    });
    ok(std::fs::write(&file, bytes));
    let first = ok(bundle::import(&b.store, &path));
    assert_eq!((first.applied, first.duplicates), (n, 0));
    let again = ok(bundle::import(&b.store, &path));
    assert_eq!((again.applied, again.duplicates), (0, n));
    let head = with(&b, |s| {
        ok(s.household(&id))
            .get(HouseholdField::HeadName)
            .to_string()
    });
    assert_eq!(head, "张三");

    let out = dir
        .path()
        .join("给乡镇.cunwu")
        .to_string_lossy()
        .to_string();
    let exported = ok(bundle::export(&a.store, &out));
    assert_eq!(exported.changes, n);
    assert_eq!(ok(std::fs::metadata(&out)).len() as usize, exported.bytes);
    let missing = bundle::import(&b.store, "/no/such/file.cunwu")
        .err()
        .map(|e| e.to_wire());
    assert!(missing.is_some_and(|w| w.code == "bundle" && w.message.contains("读取数据包")));
}

#[test]
fn an_unreachable_hub_is_recorded_and_the_background_round_skips_unenrolled_laptops() {
    let lap = laptop("程鹏");
    assert!(sync_desk::background_round(&lap.store, &lap.gate, || {}).is_none());
    let hub = hub();
    let url = hub.running.url();
    ok(sync_desk::enroll(&lap.store, &lap.gate, &url, &hub.code()));
    add_household(&lap, "0105", "张三");
    drop(hub);
    let round = sync_desk::background_round(&lap.store, &lap.gate, || {});
    let e = round.and_then(|r| r.err()).map(|e| e.code());
    assert_eq!(e, Some("network"));
    let view = with(&lap, |s| ok(sync_desk::status(s, &lap.gate)));
    let failure = view
        .last_error
        .expect("the failure is kept for the status bar");
    assert_eq!((failure.code.as_str(), failure.at_ms), ("network", T0));
    assert!(failure.message.contains("连不上乡镇服务器"));
    assert!(view.pending_changes > 0 && view.last_sync_ms.is_none());
    // An exchange already running: a click is told so, not queued behind it.
    let _turn = ok(lap.gate.begin());
    let mut told = false;
    let busy = sync_desk::sync_now(&lap.store, &lap.gate, || told = true)
        .err()
        .map(|e| e.to_wire());
    assert!(busy.is_some_and(|w| w.code == "syncing" && w.message.contains("正在同步")));
    assert!(!told, "a refused click starts nothing");
    assert!(sync_desk::background_round(&lap.store, &lap.gate, || {}).is_none());
}

#[test]
fn enrolling_records_how_far_the_laptop_clock_is_from_the_hub() {
    let two_hours = 2 * 3_600_000;
    let hub = hub_at(T0 + two_hours);
    let lap = laptop("程鹏");
    let view = ok(sync_desk::enroll(
        &lap.store,
        &lap.gate,
        &hub.running.url(),
        &hub.code(),
    ));
    assert_eq!(
        view.clock_offset_ms,
        Some(two_hours),
        "hub ahead: the laptop is slow"
    );
}

#[test]
fn a_demo_village_is_refused_before_the_hub_is_asked() {
    let hub = hub();
    let url = hub.running.url();
    let demo = laptop("程鹏");
    with(&demo, |s| ok(s.mark_demo()));
    let code = hub.code();
    let e = sync_desk::enroll(&demo.store, &demo.gate, &url, &code)
        .err()
        .map(|e| e.to_wire())
        .expect("a demo village is not enrolled");
    assert_eq!(e.code, "demo_village");
    assert!(e.message.contains("示范村"), "{}", e.message);
    let out = demo._dir.path().join("示范村.cunwu");
    let e = bundle::export(&demo.store, &out.to_string_lossy())
        .err()
        .map(|e| e.to_wire().code);
    assert_eq!(e.as_deref(), Some("demo_village"));
    assert!(!out.exists(), "no bundle written");
    // The code was not used up: a real laptop still redeems it.
    let real = laptop("李娟");
    let view = ok(sync_desk::enroll(&real.store, &real.gate, &url, &code));
    assert!(view.enrolled);
}
