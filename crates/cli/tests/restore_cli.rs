//! A village database restored from a copy never forks its device's
//! history (issue 11, finding 8), with the real `cunwu` binary and a real
//! hub process.
// The shared helpers are used in part.
#![allow(dead_code)]

mod common;
mod hub_process;

use common::Village;
use hub_process::{code, start_hub};

fn init_east(v: &Village, user: &str) {
    let r = v.run(&[
        "init",
        "--village",
        "东村",
        "--township",
        "草沟镇",
        "--user",
        user,
    ]);
    assert!(r.ok, "{}", r.stderr);
}

fn must(v: &Village, args: &[&str]) -> String {
    let r = v.run(args);
    assert!(r.ok, "cunwu {args:?} failed: {}", r.stderr);
    r.stdout
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

fn status(v: &Village) -> serde_json::Value {
    let r = v.run(&["--json", "sync", "status"]);
    assert!(r.ok, "{}", r.stderr);
    r.json()
}

/// Copy the file, make and sync 3 visits, copy it back, add a visit, sync:
/// the laptop takes a new device id, gets its 3 synced visits back, its
/// new visit reaches the other laptop, nothing is left pending, and both
/// laptops hold the same visits.
#[test]
fn a_file_copied_back_takes_a_new_identity_and_loses_nothing() {
    let hub_dir = tempfile::tempdir().expect("tmp");
    let hub_data = hub_dir.path().join("hub");
    let hub = start_hub(&hub_data, "127.0.0.1:0");
    let (a, b) = (Village::empty(), Village::empty());
    init_east(&a, "程鹏");
    init_east(&b, "李娟");
    for v in [&a, &b] {
        let c = code(&hub_data, &["--village", "东村"], "member");
        must(v, &["sync", "enroll", "--hub", &hub.url, "--code", &c]);
    }
    must(
        &a,
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
    must(&a, &["visit", "add", "H1", "--situation", "复制前"]);
    must(&a, &["sync", "now"]);

    let copy = a.path("village-copy.db");
    std::fs::copy(&a.db, &copy).expect("copy");
    let old_device = status(&a)["device_id"].as_str().expect("id").to_string();

    for n in ["一", "二", "三"] {
        must(
            &a,
            &["visit", "add", "H1", "--situation", &format!("已同步{n}")],
        );
    }
    must(&a, &["sync", "now"]);
    must(&b, &["sync", "now"]);
    assert_eq!(visits(&b).len(), 4);

    // Copied back by hand, over the file in place (same inode).
    std::fs::copy(&copy, &a.db).expect("copy back");
    must(&a, &["visit", "add", "H1", "--situation", "恢复后"]);

    let out = must(&a, &["sync", "now"]);
    assert!(out.contains("新的设备编号"), "{out}");
    let new_device = status(&a)["device_id"].as_str().expect("id").to_string();
    assert_ne!(new_device, old_device, "a new identity");
    must(&b, &["sync", "now"]);

    let want: Vec<String> = ["复制前", "已同步一", "已同步二", "已同步三", "恢复后"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut want = want;
    want.sort();
    assert_eq!(visits(&a), want, "the laptop got its synced visits back");
    assert_eq!(visits(&b), want, "the other laptop got the new visit");
    assert_eq!(status(&a)["pending_changes"], 0, "nothing left to send");

    // Still enrolled (moved to the new id): the next exchange is ordinary.
    let again = must(&a, &["sync", "now"]);
    assert!(!again.contains("新的设备编号"), "{again}");
    assert_eq!(visits(&a), want);

    // The hub lists the enrollment under the new id, the old one revoked.
    let out = std::process::Command::new(hub_process::BIN)
        .args(["hub", "devices", "--json", "--data"])
        .arg(&hub_data)
        .output()
        .expect("hub devices");
    let devices: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let find = |id: &str| {
        devices
            .as_array()
            .expect("array")
            .iter()
            .find(|d| d["device_id"] == id)
            .cloned()
    };
    let moved = find(&new_device).expect("new id enrolled");
    assert!(moved["revoked_ms"].is_null(), "{moved}");
    let old = find(&old_device).expect("old id listed");
    assert!(!old["revoked_ms"].is_null(), "{old}");
}
