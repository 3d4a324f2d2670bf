//! Automatic daily backups: at most one a China day, the last seven kept,
//! each a whole village database.

use cunwu_app::backup::{daily_backup, last_backup, KEEP_DAILY};
use cunwu_core::clock::{ManualClock, DAY_MS};
use cunwu_store::Store;
use std::sync::Arc;

#[test]
fn daily_backups_are_made_once_a_day_and_rotated() {
    let dir = tempfile::tempdir().expect("tmp");
    // 2026-12-08 10:00 China time.
    let clock = Arc::new(ManualClock::new(1_796_702_400_000));
    let mut s = Store::open(&dir.path().join("village.db"), clock.clone()).expect("open");
    s.init("东村", Some("草沟镇"), "程鹏").expect("init");
    let mut made = Vec::new();
    for day in 0..10 {
        let b = daily_backup(&s, KEEP_DAILY)
            .expect("backup")
            .expect("first of the day");
        assert!(b.automatic);
        made.push(b.path.clone());
        // A second one the same day is not made.
        clock.advance(3_600_000);
        assert_eq!(daily_backup(&s, KEEP_DAILY).expect("backup"), None);
        assert_eq!(last_backup(&s).expect("last"), Some(b));
        clock.advance(DAY_MS - 3_600_000);
        let _ = day;
    }
    let folder = dir.path().join("备份");
    let mut left: Vec<String> = std::fs::read_dir(&folder)
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left.len(), KEEP_DAILY, "{left:?}");
    assert_eq!(left[0], "东村-自动备份-20261211.db");
    assert_eq!(left[6], "东村-自动备份-20261217.db");
    for gone in &made[..3] {
        assert!(!gone.exists(), "{} rotated away", gone.display());
    }
    // Each is a whole village database.
    let b = Store::open(&made[9], clock).expect("open backup");
    assert_eq!(b.require_profile().expect("profile").village, "东村");
}
