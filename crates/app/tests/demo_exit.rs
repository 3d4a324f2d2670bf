//! Leaving the demo village with real files: the demo is kept under a dated
//! name and still opens as the demo, the normal path holds an empty
//! database for first start, a real village is never moved, and a failed
//! rename leaves the demo open as it was.

use cunwu_app::demo_exit::{self, DemoExitError};
use cunwu_app::desk::{self, InitForm, VisitForm};
use cunwu_app::Error;
use cunwu_core::clock::{Clock, ManualClock};
use cunwu_store::{HouseholdFilter, Store};
use std::path::Path;
use std::sync::Arc;

/// 2026-11-29 08:00:00 China time.
const NOW_MS: i64 = 1_795_910_400_000;

fn clock() -> Arc<dyn Clock> {
    Arc::new(ManualClock::new(NOW_MS))
}

fn form(village: &str, demo_households: Option<usize>) -> InitForm {
    InitForm {
        village: village.into(),
        township: Some("草沟镇".into()),
        user: "程鹏".into(),
        demo_households,
    }
}

/// A demo village at `path` with one visit logged; the visited household's
/// id (its generated visits come with it).
fn demo_with_visit(path: &Path) -> (Store, String) {
    let mut store = Store::open(path, clock()).expect("open");
    desk::init(&mut store, form("网周村", Some(20))).expect("demo");
    let id = store
        .list_households(&HouseholdFilter {
            limit: Some(1),
            ..Default::default()
        })
        .expect("list")[0]
        .id
        .clone();
    let visit = VisitForm {
        visitors: vec!["程鹏".into()],
        situation: "示范走访：家中两口人".into(),
        ..Default::default()
    };
    desk::visit_add(&mut store, &id, visit).expect("visit");
    (store, id)
}

/// The household's visits, and whether the one logged here is among them.
fn visits(store: &Store, id: &str) -> (usize, bool) {
    let visits = store.visits_of(id).expect("visits");
    let logged = visits.iter().any(|v| v.situation == "示范走访：家中两口人");
    (visits.len(), logged)
}

fn household_count(store: &Store) -> usize {
    store
        .list_households(&HouseholdFilter::default())
        .expect("list")
        .len()
}

#[test]
fn leaving_the_demo_keeps_it_aside_and_opens_an_empty_village() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("village.db");
    let (store, visited) = demo_with_visit(&path);
    let households = household_count(&store);
    assert!(households > 0);
    let before = visits(&store, &visited);
    assert!(before.1);
    let mut slot = Some(store);

    let exit = demo_exit::leave(&mut slot, &path, clock()).expect("leave");

    let kept = dir.path().join("village-demo-20261129-080000.db");
    assert_eq!(exit.kept_as, kept.display().to_string());
    assert!(!exit.info.initialized && !exit.info.demo);
    assert_eq!(exit.info.village, None);
    let fresh = slot.as_ref().expect("a database is open");
    assert!(fresh.profile().expect("profile").is_none());
    assert!(!fresh.is_demo().expect("mark"));
    assert_eq!(household_count(fresh), 0);
    for sidecar in [
        "village-demo-20261129-080000.db-wal",
        "village-demo-20261129-080000.db-shm",
    ] {
        // Closed cleanly: the kept file is the whole demo, no WAL beside it.
        assert!(!dir.path().join(sidecar).exists(), "{sidecar} left over");
    }

    let old = Store::open(&kept, clock()).expect("the kept demo opens");
    assert!(old.is_demo().expect("mark"));
    assert_eq!(
        old.profile().expect("profile").expect("set up").village,
        "网周村"
    );
    assert_eq!(household_count(&old), households);
    assert_eq!(visits(&old, &visited), before);
    drop(old);

    // The person now sets up the real village at the normal path.
    let fresh = slot.as_mut().expect("open");
    let info = desk::init(fresh, form("红旗村", None)).expect("real village");
    assert!(info.initialized && !info.demo);
    assert_eq!(info.village.as_deref(), Some("红旗村"));
}

#[test]
fn a_second_exit_in_the_same_second_gets_its_own_name() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("village.db");
    std::fs::write(dir.path().join("village-demo-20261129-080000.db"), b"x").expect("taken");
    let plan = demo_exit::plan(&path, NOW_MS);
    assert_eq!(plan.file_name, "village-demo-20261129-080000-2.db");
    assert_eq!(plan.folder, dir.path().display().to_string());
}

#[test]
fn a_real_village_is_refused_and_untouched() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("village.db");
    let mut store = Store::open(&path, clock()).expect("open");
    desk::init(&mut store, form("红旗村", None)).expect("real");
    desk::household_add(
        &mut store,
        &[
            ("head_name", "王建国"),
            ("code", "01001"),
            ("group_no", "1"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect(),
    )
    .expect("household");
    let device = store.device_id().to_string();
    let mut slot = Some(store);

    let err = demo_exit::leave(&mut slot, &path, clock()).expect_err("refused");
    assert!(matches!(err, Error::DemoExit(DemoExitError::NotDemo)));
    assert_eq!(err.to_wire().code, "not_demo");
    assert!(err.to_wire().message.contains("不是示范村"));

    let store = slot.as_ref().expect("still open");
    assert_eq!(store.device_id(), device);
    assert_eq!(household_count(store), 1);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains("-demo-")), "{names:?}");
}

#[test]
fn a_failed_rename_leaves_the_demo_open_and_usable() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("village.db");
    let (store, visited) = demo_with_visit(&path);
    let households = household_count(&store);
    let before = visits(&store, &visited);
    let mut slot = Some(store);

    let refuse = |_: &Path, _: &Path| -> std::io::Result<()> {
        Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "拒绝访问",
        ))
    };
    let err = demo_exit::leave_with(&mut slot, &path, clock(), &refuse).expect_err("failed");
    let wire = err.to_wire();
    assert_eq!(wire.code, "demo_move_failed");
    assert!(wire.message.contains("拒绝访问"), "{}", wire.message);
    assert!(wire.message.contains("示范村仍然打开"), "{}", wire.message);

    let store = slot.as_mut().expect("the demo is open again");
    assert!(store.is_demo().expect("mark"));
    assert_eq!(household_count(store), households);
    assert_eq!(visits(store, &visited), before);
    let visit = VisitForm {
        visitors: vec!["程鹏".into()],
        needs: "修门前的路".into(),
        ..Default::default()
    };
    desk::visit_add(&mut *store, &visited, visit).expect("still usable");
    assert_eq!(visits(store, &visited).0, before.0 + 1);
    assert!(!dir.path().join("village-demo-20261129-080000.db").exists());
}

#[test]
fn a_failed_wal_rename_puts_the_database_back() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("village.db");
    let (store, visited) = demo_with_visit(&path);
    let before = visits(&store, &visited);
    let mut slot = Some(store);
    // A leftover -shm beside the database must move with it; refusing that
    // move must undo the main file's move too.
    let shm = dir.path().join("village.db-shm");
    let refuse_sidecar = |from: &Path, to: &Path| -> std::io::Result<()> {
        if from.to_string_lossy().ends_with("-shm") {
            return Err(std::io::Error::other("磁盘已满"));
        }
        std::fs::rename(from, to)
    };
    let keep_shm = |from: &Path, to: &Path| {
        // Make sure a -shm exists when the move reaches it.
        if !shm.exists() {
            std::fs::write(&shm, b"").expect("shm");
        }
        refuse_sidecar(from, to)
    };
    let err = demo_exit::leave_with(&mut slot, &path, clock(), &keep_shm).expect_err("failed");
    assert_eq!(err.to_wire().code, "demo_move_failed");
    let store = slot.as_ref().expect("open again");
    assert!(store.is_demo().expect("mark"));
    assert_eq!(visits(store, &visited), before);
    assert!(!dir.path().join("village-demo-20261129-080000.db").exists());
}

/// The desktop's village handle leaves the demo the same way, and not
/// while an exchange with the hub runs.
#[test]
fn the_village_handle_leaves_the_demo_only_between_exchanges() {
    use cunwu_app::sync_desk::SyncGate;
    use cunwu_app::village::Village;
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("village.db");
    drop(demo_with_visit(&path));
    let (village, error) = Village::open_at(path.clone());
    assert!(error.is_none(), "{error:?}");
    assert_eq!(village.with(|s| Ok(household_count(s))).ok(), Some(20));
    let gate = SyncGate::default();
    {
        let _exchange = gate.begin().expect("turn");
        let refused = village.leave_demo(&gate).err().map(|e| e.code);
        assert_eq!(refused.as_deref(), Some("syncing"));
        assert_eq!(village.with(|s| Ok(household_count(s))).ok(), Some(20));
    }
    let exit = village.leave_demo(&gate).expect("leave");
    assert!(Path::new(&exit.kept_as).exists(), "{exit:?}");
    assert!(!exit.info.initialized, "first start");
    assert_eq!(village.with(|s| Ok(household_count(s))).ok(), Some(0));
}
