//! The background checkpointer folds committed log pages into the database
//! file while the writer goes on, and stops when dropped; without it the
//! file stays as it was until SQLite's own threshold is reached.

use cunwu_core::clock::{Clock, ManualClock};
use cunwu_store::{Draft, Store};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn store(path: &Path) -> Store {
    let clock = Arc::new(ManualClock::new(1_795_996_800_000)) as Arc<dyn Clock>;
    let mut s = Store::open(path, clock).expect("open");
    s.init("东村", Some("草沟镇"), "程鹏").expect("init");
    s
}

/// Some hundreds of household changes in one transaction (~100 log pages).
fn write(s: &mut Store, round: usize) {
    let drafts = (0..400)
        .map(|i| {
            Draft::set(
                "household",
                &format!("h{round}-{i}"),
                "address",
                format!("第{}村民小组{}号，靠近村委会东侧的老院子", i % 12, i),
            )
        })
        .collect();
    s.commit_local(drafts).expect("commit");
}

fn file_len(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

#[test]
fn committed_pages_reach_the_file_while_the_writer_goes_on() {
    let dir = tempfile::tempdir().expect("dir");
    // Without a checkpointer: the file does not grow (below the threshold).
    let plain = dir.path().join("plain.db");
    let mut s = store(&plain);
    let before = file_len(&plain);
    write(&mut s, 0);
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(file_len(&plain), before, "no checkpoint expected yet");

    // With one: the file grows within a few rounds, the store still writes.
    let path = dir.path().join("cunwu.db");
    let mut s = store(&path);
    let before = file_len(&path);
    let checkpoints = s.background_checkpoints().expect("start");
    write(&mut s, 0);
    let deadline = Instant::now() + Duration::from_secs(10);
    while file_len(&path) <= before && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(file_len(&path) > before, "the log was not folded back");
    write(&mut s, 1);
    drop(checkpoints);
    // Every commit is there after the checkpointer stopped and the file
    // was closed and opened again.
    drop(s);
    let clock = Arc::new(ManualClock::new(1_795_996_800_000)) as Arc<dyn Clock>;
    let s = Store::open(&path, clock).expect("reopen");
    let n: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM change_log WHERE entity = 'household'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(n, 800);
}
