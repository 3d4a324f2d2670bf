//! A demo village says so: the desktop's first start with 打开示范村 marks
//! the database, the status bar's facts carry the mark, and a village set
//! up for real work does not have it.

use cunwu_app::desk::{self, InitForm};
use cunwu_core::clock::ManualClock;
use cunwu_store::Store;
use std::sync::Arc;

fn store(dir: &tempfile::TempDir, name: &str) -> Store {
    Store::open(
        &dir.path().join(name),
        Arc::new(ManualClock::new(1_795_910_400_000)),
    )
    .expect("open")
}

fn form(demo_households: Option<usize>) -> InitForm {
    InitForm {
        village: "网周村".into(),
        township: Some("草沟镇".into()),
        user: "程鹏".into(),
        demo_households,
    }
}

#[test]
fn only_a_demo_village_is_marked_as_never_syncing() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut demo = store(&dir, "demo.db");
    let info = desk::init(&mut demo, form(Some(30))).expect("demo");
    assert!(info.initialized && info.demo);
    assert!(demo.is_demo().expect("mark"));
    let mut real = store(&dir, "real.db");
    let info = desk::init(&mut real, form(None)).expect("real");
    assert!(info.initialized && !info.demo);
    assert!(!real.is_demo().expect("mark"));
}
