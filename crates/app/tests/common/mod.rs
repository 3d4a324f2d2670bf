//! Shared set-up for the app's tests: a demo village on a manual clock.

use cunwu_core::clock::ManualClock;
use cunwu_store::Store;
use std::sync::Arc;

/// A 网周村 database in `dir` filled by `cunwu demo` with `households`
/// households from `seed`, its clock at 2026-11-29 08:00 China time.
pub fn demo_village(dir: &tempfile::TempDir, households: usize, seed: u64) -> Store {
    let mut s = Store::open(
        &dir.path().join("demo.db"),
        Arc::new(ManualClock::new(1_795_910_400_000)),
    )
    .expect("open");
    s.init("网周村", Some("草沟镇"), "程鹏").expect("init");
    cunwu_app::demo::create(&mut s, households, seed).expect("demo");
    s
}
