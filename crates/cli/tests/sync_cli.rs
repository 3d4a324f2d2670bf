//! The real `cunwu` binary end to end: a hub process (`cunwu hub serve`),
//! laptops enrolling and syncing through the CLI, a USB bundle, conflicts,
//! and the hub killed (SIGKILL) in the middle of a push and restarted on
//! the same data directory and port without losing or doubling a change.

use cunwu_core::clock::SystemClock;
use cunwu_store::Store;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

mod hub_process;

use hub_process::{code, start_hub, BIN};

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"))
}

/// Run `cunwu --db DB args…`; returns (ok, stdout, stderr).
fn cunwu(db: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("run cunwu: {e}"));
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn must(db: &Path, args: &[&str]) -> String {
    let (ok, out, err) = cunwu(db, args);
    assert!(ok, "cunwu {args:?} failed: {err}");
    out
}

fn open(db: &Path) -> Store {
    Store::open(db, Arc::new(SystemClock)).unwrap_or_else(|e| panic!("open {}: {e}", db.display()))
}

fn ids(db: &Path) -> Vec<(String, u64)> {
    let mut v: Vec<_> = open(db)
        .all_changes()
        .unwrap_or_default()
        .into_iter()
        .map(|c| (c.id.device, c.id.counter))
        .collect();
    v.sort();
    v
}

/// Forget that `db` was filled by `cunwu demo`, behind the store's back.
fn unmark_demo(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap_or_else(|e| panic!("{e}"));
    let n = conn
        .execute("DELETE FROM meta WHERE key = 'village.demo'", [])
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(n, 1, "cunwu demo marks its village");
}

fn hash(db: &Path) -> String {
    open(db).state_hash().unwrap_or_default()
}

#[test]
fn hub_killed_mid_push_and_restarted_loses_and_doubles_nothing() {
    let dir = tmp();
    let hub_data = dir.path().join("hub");
    let a: PathBuf = dir.path().join("a.db");
    let b: PathBuf = dir.path().join("b.db");
    must(&a, &["demo", "--households", "600", "--village", "东村"]);
    // The demo generator is only this test's source of many changes: take
    // off the mark that keeps a demo village from ever syncing.
    unmark_demo(&a);
    must(
        &b,
        &[
            "init",
            "--village",
            "东村",
            "--township",
            "草沟镇",
            "--user",
            "李娟",
        ],
    );
    let hub = start_hub(&hub_data, "127.0.0.1:0");
    let url = hub.url.clone();
    for db in [&a, &b] {
        let c = code(&hub_data, &["--village", "东村"], "leader");
        must(db, &["sync", "enroll", "--hub", &url, "--code", &c]);
    }
    let total = ids(&a).len();
    assert!(total > 6000, "enough changes for several batches: {total}");

    // Push in the background; kill the hub (SIGKILL) right after its first
    // acknowledged batch, while later batches are in flight.
    let mut push = Command::new(BIN)
        .arg("--db")
        .arg(&a)
        .args(["sync", "now"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut hub = hub;
    loop {
        match hub.log.recv_timeout(Duration::from_secs(60)) {
            Ok(l) if l.contains("上传") => break,
            Ok(_) => continue,
            Err(e) => panic!("no upload seen: {e}"),
        }
    }
    let _ = hub.child.kill();
    let _ = hub.child.wait();
    let status = push.wait().unwrap_or_else(|e| panic!("{e}"));
    let mut err = String::new();
    if let Some(mut e) = push.stderr.take() {
        let _ = std::io::Read::read_to_string(&mut e, &mut err);
    }
    assert!(!status.success(), "the push was cut by the kill");
    assert!(
        err.contains("连不上"),
        "a network error told to the user: {err}"
    );
    let pending: serde_json::Value =
        serde_json::from_str(&must(&a, &["--json", "sync", "status"])).unwrap_or_default();
    let left = pending["pending_changes"].as_u64().unwrap_or(0);
    assert!(
        left > 0,
        "the push did not finish: {left} of {total} pending"
    );
    // The hub committed at least one batch before it died (its ack may
    // never have reached the laptop: the retry must not double it).
    let count = |data: &Path| -> i64 {
        let conn =
            rusqlite::Connection::open(data.join("hub.db")).unwrap_or_else(|e| panic!("{e}"));
        conn.query_row("SELECT count(*) FROM changes", [], |r| r.get(0))
            .unwrap_or(-1)
    };
    let before = count(&hub_data);
    assert!(
        before > 0 && (before as usize) < total,
        "killed mid-push: {before} of {total} stored"
    );

    // Restart on the same data directory and port; sync again.
    let listen = url.trim_start_matches("http://").to_string();
    drop(hub);
    let hub = start_hub(&hub_data, &listen);
    must(&a, &["sync", "now"]);
    must(&b, &["sync", "now"]);
    assert_eq!(ids(&b), ids(&a), "every change arrived once");
    assert_eq!(hash(&b), hash(&a));
    let stored = count(&hub_data);
    assert_eq!(
        stored as usize, total,
        "the hub holds each change exactly once"
    );
    let status: serde_json::Value =
        serde_json::from_str(&must(&a, &["--json", "sync", "status"])).unwrap_or_default();
    assert_eq!(status["pending_changes"].as_u64(), Some(0));
    drop(hub);
}

#[test]
fn enroll_sync_bundle_and_conflicts_through_the_cli() {
    let dir = tmp();
    let hub_data = dir.path().join("hub");
    let hub = start_hub(&hub_data, "127.0.0.1:0");
    let (a, b, w) = (
        dir.path().join("a.db"),
        dir.path().join("b.db"),
        dir.path().join("w.db"),
    );
    must(
        &a,
        &[
            "init",
            "--village",
            "东村",
            "--township",
            "草沟镇",
            "--user",
            "程鹏",
        ],
    );
    must(
        &b,
        &[
            "init",
            "--village",
            "东村",
            "--township",
            "草沟镇",
            "--user",
            "李娟",
        ],
    );
    must(
        &w,
        &[
            "init",
            "--village",
            "西村",
            "--township",
            "草沟镇",
            "--user",
            "王强",
        ],
    );
    // A 西村 laptop cannot use a 东村 code; the code stays good for 东村.
    let c = code(&hub_data, &["--village", "东村"], "member");
    let (ok, _, err) = cunwu(&w, &["sync", "enroll", "--hub", &hub.url, "--code", &c]);
    assert!(!ok && err.contains("西村") && err.contains("东村"), "{err}");
    must(&a, &["sync", "enroll", "--hub", &hub.url, "--code", &c]);
    let c = code(&hub_data, &["--village", "东村"], "member");
    must(&b, &["sync", "enroll", "--hub", &hub.url, "--code", &c]);

    must(
        &a,
        &[
            "household",
            "add",
            "--code",
            "A001",
            "--name",
            "张三",
            "--group",
            "1",
        ],
    );
    must(&a, &["sync", "now"]);
    must(&b, &["sync", "now"]);
    let id = open(&b)
        .all_changes()
        .unwrap_or_default()
        .first()
        .map(|c| c.entity_id.clone())
        .unwrap_or_default();
    // Concurrent edits of one field on both laptops.
    must(
        &a,
        &["household", "edit", "A001", "联系电话", "13800000001"],
    );
    must(
        &b,
        &["household", "edit", "A001", "联系电话", "13900000002"],
    );
    must(&a, &["sync", "now"]);
    // b carries its edit by USB stick instead of the network.
    let stick = dir.path().join("b.cunwu");
    must(
        &b,
        &[
            "bundle",
            "export",
            "--out",
            stick.to_str().unwrap_or_default(),
        ],
    );
    for _ in 0..3 {
        must(
            &b,
            &[
                "bundle",
                "import",
                "--hub-data",
                hub_data.to_str().unwrap_or_default(),
                stick.to_str().unwrap_or_default(),
            ],
        );
    }
    must(&a, &["sync", "now"]);
    must(&b, &["sync", "now"]);
    let list: serde_json::Value =
        serde_json::from_str(&must(&a, &["--json", "conflicts", "list"])).unwrap_or_default();
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
    assert_eq!(list[0]["values"].as_array().map(Vec::len), Some(2));
    // Phones masked as on the desktop, the field by its Chinese label.
    assert!(!list.to_string().contains("13800000001"), "{list}");
    assert_eq!(list[0]["fieldLabel"].as_str(), Some("联系电话"), "{list}");
    let text = must(&a, &["conflicts", "list"]);
    assert!(
        text.contains("联系电话") && !text.contains("“phone”"),
        "{text}"
    );
    assert!(
        text.contains("138****0001") && text.contains("139****0002"),
        "{text}"
    );
    assert!(
        !text.contains("13800000001") && !text.contains("13900000002"),
        "{text}"
    );
    let full = must(&a, &["conflicts", "list", "--reveal"]);
    assert!(
        full.contains("13800000001") && full.contains("13900000002"),
        "{full}"
    );
    must(
        &a,
        &[
            "conflicts",
            "resolve",
            "household",
            &id,
            "phone",
            "13700000003",
        ],
    );
    must(&a, &["sync", "now"]);
    must(&b, &["sync", "now"]);
    let list: serde_json::Value =
        serde_json::from_str(&must(&b, &["--json", "conflicts", "list"])).unwrap_or_default();
    assert_eq!(list.as_array().map(Vec::len), Some(0), "{list}");
    assert_eq!(hash(&a), hash(&b));
    // Admin: list and revoke; the revoked laptop is refused.
    let devices: serde_json::Value = serde_json::from_str(&must(
        &a,
        &[
            "--json",
            "hub",
            "devices",
            "--data",
            hub_data.to_str().unwrap_or_default(),
        ],
    ))
    .unwrap_or_default();
    assert_eq!(devices.as_array().map(Vec::len), Some(2));
    let b_id = open(&b).device_id().to_string();
    must(
        &a,
        &[
            "hub",
            "revoke",
            "--data",
            hub_data.to_str().unwrap_or_default(),
            &b_id,
        ],
    );
    let (ok, _, err) = cunwu(&b, &["sync", "now"]);
    assert!(!ok && err.contains("撤销"), "{err}");
    drop(hub);
}

#[test]
fn hub_stops_cleanly_on_sigterm_and_refuses_a_newer_data_dir() {
    let dir = tmp();
    let hub_data = dir.path().join("hub");
    let mut hub = start_hub(&hub_data, "127.0.0.1:0");
    let term = Command::new("kill")
        .arg("-TERM")
        .arg(hub.child.id().to_string())
        .status();
    assert!(term.map(|s| s.success()).unwrap_or(false));
    let status = hub.child.wait().unwrap_or_else(|e| panic!("{e}"));
    assert!(status.success(), "a clean exit on SIGTERM: {status:?}");
    let mut said = Vec::new();
    while let Ok(l) = hub.log.recv_timeout(Duration::from_secs(5)) {
        said.push(l);
    }
    assert!(said.iter().any(|l| l.contains("安全停止")), "{said:?}");
    // A data directory from a newer hub: refused, untouched.
    let conn =
        rusqlite::Connection::open(hub_data.join("hub.db")).unwrap_or_else(|e| panic!("{e}"));
    conn.execute_batch("PRAGMA user_version = 999;")
        .unwrap_or_else(|e| panic!("{e}"));
    drop(conn);
    let out = Command::new(BIN)
        .args(["hub", "serve", "--data"])
        .arg(&hub_data)
        .args(["--listen", "127.0.0.1:0"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("升级"), "{err}");
}

#[test]
fn a_demo_village_never_leaves_the_laptop() {
    let dir = tmp();
    let hub_data = dir.path().join("hub");
    let demo = dir.path().join("demo.db");
    must(&demo, &["demo", "--households", "20", "--village", "东村"]);
    let hub = start_hub(&hub_data, "127.0.0.1:0");
    let c = code(&hub_data, &["--village", "东村"], "leader");
    let (ok, _, err) = cunwu(&demo, &["sync", "enroll", "--hub", &hub.url, "--code", &c]);
    assert!(!ok, "a demo village is not enrolled");
    assert!(err.contains("示范村") && err.contains("init"), "{err}");
    let bundle = dir.path().join("demo.cwb");
    let bundle_arg = bundle.to_str().unwrap_or_default();
    let (ok, _, err) = cunwu(
        &demo,
        &["bundle", "export", "--out", bundle_arg, "--for-device", "x"],
    );
    assert!(!ok && err.contains("示范村"), "{err}");
    assert!(!bundle.exists(), "no bundle written");
    // The code was not used up: a real laptop of 东村 can still redeem it.
    let real = dir.path().join("real.db");
    must(&real, &["init", "--village", "东村", "--user", "李娟"]);
    must(&real, &["sync", "enroll", "--hub", &hub.url, "--code", &c]);
}

/// A laptop that kept the books before it was enrolled as a team member:
/// `sync now` stores its households and says which changes the hub refused
/// and why, `sync status` lists them, the next sync does not send them
/// again, the hub lists the device (`cunwu hub refused`), and once enrolled
/// the laptop itself refuses a voucher.
#[test]
fn refused_changes_are_shown_by_the_cli_and_the_hub() {
    let dir = tmp();
    let hub_data = dir.path().join("hub");
    let hub = start_hub(&hub_data, "127.0.0.1:0");
    let a = dir.path().join("a.db");
    must(
        &a,
        &[
            "init",
            "--village",
            "东村",
            "--township",
            "草沟镇",
            "--user",
            "程鹏",
        ],
    );
    must(
        &a,
        &[
            "household",
            "add",
            "--code",
            "A001",
            "--name",
            "张三",
            "--group",
            "1",
        ],
    );
    must(
        &a,
        &[
            "ledger",
            "settings",
            "--org",
            "东村合作社",
            "--approver",
            "李书记",
            "--accountant",
            "刘会计",
            "--cashier",
            "赵出纳",
        ],
    );
    let post = [
        "ledger",
        "post",
        "--date",
        "2026-11-01",
        "--summary",
        "收到财政扶持资金",
        "--debit",
        "102=5000",
        "--credit",
        "311=5000",
    ];
    must(&a, &post);
    let c = code(&hub_data, &["--village", "东村"], "member");
    must(&a, &["sync", "enroll", "--hub", &hub.url, "--code", &c]);
    let out = must(&a, &["sync", "now"]);
    assert!(out.contains("服务器拒收了"), "{out}");
    assert!(out.contains("工作队员账号不能修改合作社账目"), "{out}");
    let status = must(&a, &["sync", "status"]);
    assert!(status.contains("被服务器拒收的修改"), "{status}");
    assert!(status.contains("待上传的修改：0 条"), "{status}");
    let again = must(&a, &["sync", "now"]);
    assert!(!again.contains("服务器拒收了"), "not sent again: {again}");
    let listed = must(
        Path::new("unused.db"),
        &[
            "hub",
            "refused",
            "--data",
            hub_data.to_str().unwrap_or_default(),
        ],
    );
    let device = open(&a).device_id().to_string();
    assert!(
        listed.contains(&device) && listed.contains("工作队员"),
        "{listed}"
    );
    // Enrolled as a team member now: the laptop refuses a voucher itself.
    let (ok, _, err) = cunwu(&a, &post);
    assert!(!ok && err.contains("工作队员"), "{err}");
}
