//! `cunwu backup` and `cunwu restore` with the real binary: a backup taken
//! while another process writes is a whole database, and a restore goes
//! through a new device identity, with a real hub, losing nothing.
// The shared helpers are used in part.
#![allow(dead_code)]

mod common;
mod hub_process;

use common::Village;
use hub_process::{code, start_hub};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

fn must(v: &Village, args: &[&str]) -> String {
    let r = v.run(args);
    assert!(r.ok, "cunwu {args:?} failed: {}", r.stderr);
    r.stdout
}

fn add_h1(v: &Village) {
    must(
        v,
        &[
            "household",
            "add",
            "--code",
            "H1",
            "--name",
            "金家龙",
            "--group",
            "3",
        ],
    );
}

/// The situations of household H1's visits, sorted.
fn visits(v: &Village) -> Vec<String> {
    let r = v.run(&["--json", "visit", "list", "--household", "H1"]);
    assert!(r.ok, "{}", r.stderr);
    let mut s: Vec<String> = r
        .json()
        .as_array()
        .expect("array")
        .iter()
        .map(|x| x["situation"].as_str().unwrap_or_default().to_string())
        .collect();
    s.sort();
    s
}

#[test]
fn a_backup_while_another_process_writes_is_a_whole_database() {
    let v = Arc::new(Village::new());
    add_h1(&v);
    let writing = Arc::new(AtomicBool::new(true));
    let writer = {
        let (v, writing) = (Arc::clone(&v), Arc::clone(&writing));
        std::thread::spawn(move || {
            let (mut ok, mut failed) = (0usize, Vec::new());
            while ok + failed.len() < 10 || writing.load(Ordering::SeqCst) {
                let r = v.run(&["visit", "add", "H1", "--situation", "备份时走访"]);
                if r.ok {
                    ok += 1;
                } else {
                    failed.push(r.stderr);
                }
            }
            (ok, failed)
        })
    };
    let usb = v.path("U盘");
    let mut files = Vec::new();
    for _ in 0..5 {
        let r = v.run(&["--json", "backup", "--to", usb.to_str().expect("path")]);
        assert!(r.ok, "{}", r.stderr);
        files.push(r.json()["path"].as_str().expect("path").to_string());
        std::thread::sleep(std::time::Duration::from_millis(1100));
    }
    writing.store(false, Ordering::SeqCst);
    let (ok, failed) = writer.join().expect("writer");
    assert!(
        failed.is_empty(),
        "a write failed during backups: {}",
        failed[0]
    );
    let mut counts = Vec::new();
    for f in &files {
        let name = std::path::Path::new(f)
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        assert!(name.starts_with("网周村-备份-"), "{name}");
        let c = rusqlite::Connection::open(f).expect("open backup");
        let check: String = c
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("check");
        assert_eq!(check, "ok");
        let n: i64 = c
            .query_row("SELECT count(*) FROM visit", [], |r| r.get(0))
            .expect("count");
        counts.push(n);
    }
    assert!(counts.windows(2).all(|w| w[0] <= w[1]), "{counts:?}");
    assert!(*counts.last().expect("last") as usize <= ok);
    assert_eq!(visits(&v).len(), ok, "every visit is in the live file");
}

#[test]
fn restore_refuses_what_is_not_this_village() {
    let v = Village::new();
    let other = Village::empty();
    let r = other.run(&["init", "--village", "西村", "--user", "王强"]);
    assert!(r.ok, "{}", r.stderr);
    add_h1(&v);
    let r = other.run(&["--json", "backup"]);
    assert!(r.ok, "{}", r.stderr);
    let west = r.json()["path"].as_str().expect("path").to_string();
    let r = v.run(&["restore", &west]);
    assert!(!r.ok);
    assert!(
        r.stderr.contains("西村") && r.stderr.contains("网周村"),
        "{}",
        r.stderr
    );
    let junk = v.path("不是数据库.db");
    std::fs::write(&junk, "这不是数据库").expect("write");
    let r = v.run(&["restore", junk.to_str().expect("path")]);
    assert!(!r.ok);
    assert!(
        r.stderr.contains("不是村务软件的村庄数据库"),
        "{}",
        r.stderr
    );
    assert_eq!(
        must(&v, &["--json", "household", "list"])
            .matches("H1")
            .count(),
        1
    );
}

/// Back up, make and sync 3 visits, `cunwu restore` the backup, add a
/// visit, sync: the 3 synced visits come back, the new one reaches the
/// other laptop, nothing is pending, no id is reused.
#[test]
fn restore_through_a_hub_loses_nothing() {
    let hub_dir = tempfile::tempdir().expect("tmp");
    let hub_data = hub_dir.path().join("hub");
    let hub = start_hub(&hub_data, "127.0.0.1:0");
    let (a, b) = (Village::empty(), Village::empty());
    for (v, user) in [(&a, "程鹏"), (&b, "李娟")] {
        must(v, &["init", "--village", "东村", "--user", user]);
        let c = code(&hub_data, &["--village", "东村"], "member");
        must(v, &["sync", "enroll", "--hub", &hub.url, "--code", &c]);
    }
    add_h1(&a);
    must(&a, &["visit", "add", "H1", "--situation", "备份前"]);
    must(&a, &["sync", "now"]);
    let usb = a.path("U盘");
    let r = a.run(&["--json", "backup", "--to", usb.to_str().expect("path")]);
    assert!(r.ok, "{}", r.stderr);
    let file = r.json()["path"].as_str().expect("path").to_string();

    for n in ["一", "二", "三"] {
        must(
            &a,
            &["visit", "add", "H1", "--situation", &format!("已同步{n}")],
        );
    }
    must(&a, &["sync", "now"]);
    let out = must(&a, &["restore", &file]);
    assert!(out.contains("新的设备编号"), "{out}");
    assert_eq!(visits(&a), vec!["备份前".to_string()]);
    must(&a, &["visit", "add", "H1", "--situation", "恢复后"]);
    let out = must(&a, &["sync", "now"]);
    assert!(!out.contains("上传 0 条"), "the new visit went up: {out}");
    must(&b, &["sync", "now"]);
    let mut want: Vec<String> = ["备份前", "已同步一", "已同步二", "已同步三", "恢复后"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    want.sort();
    assert_eq!(visits(&a), want);
    assert_eq!(visits(&b), want);
    let r = a.run(&["--json", "sync", "status"]);
    assert_eq!(r.json()["pending_changes"], 0);
    // The database as it was before the restore was kept aside.
    let kept = std::fs::read_dir(a.path("备份"))
        .expect("备份 folder")
        .filter_map(|e| e.ok())
        .any(|e| e.file_name().to_string_lossy().starts_with("东村-恢复前-"));
    assert!(kept);
}
