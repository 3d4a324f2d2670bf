//! End to end over HTTP: a real hub on port 0, two laptops in 东村, one in
//! 西村 and a township laptop; edits on all, several sync rounds. Every 东村
//! laptop ends with exactly 东村's data, 西村's with 西村's, the township
//! laptop with everything (from a snapshot plus the tail), state hashes
//! equal where they should be, and a concurrent edit is kept as a conflict
//! that a resolution settles everywhere.

mod common;

use common::*;
use cunwu_core::clock::Clock;
use cunwu_core::household::HouseholdField;
use cunwu_hub::server;
use cunwu_store::Store;
use cunwu_sync::http::HttpTransport;
use cunwu_sync::protocol::{Role, Scope};
use cunwu_sync::{sync_now, SyncOptions};
use std::sync::Arc;

fn sync(lap: &mut Laptop, url: &str) -> cunwu_sync::SyncReport {
    let t = HttpTransport::new(url, token(&lap.store));
    // Small batches so several batches and pages are exercised.
    let opts = SyncOptions {
        push_batch: 7,
        push_bytes: 1 << 20,
        pull_batch: 9,
        snapshot_batch: 11,
    };
    ok(sync_now(&mut lap.store, &t, opts))
}

#[test]
fn villages_see_their_own_and_the_township_sees_all() {
    let hub_dir = dir();
    let hub_clock = Arc::new(cunwu_core::clock::ManualClock::new(T0));
    let running = ok(server::spawn(
        hub_dir.path(),
        "127.0.0.1:0",
        hub_clock.clone() as Arc<dyn Clock>,
    ));
    let url = running.url();
    let hub = running.hub.clone();

    let mut a1 = laptop(Some("东村"), "程鹏", T0);
    let mut a2 = laptop(Some("东村"), "李娟", T0 + 5);
    let mut b1 = laptop(Some("西村"), "王强", T0 + 9);
    let mut t = laptop(None, "乡镇", T0);
    let open = HttpTransport::new(&url, None);
    enroll(
        &hub,
        &a1,
        &open,
        &url,
        Scope::Village("东村".into()),
        Role::Member,
    );
    enroll(
        &hub,
        &a2,
        &open,
        &url,
        Scope::Village("东村".into()),
        Role::Clerk,
    );
    enroll(
        &hub,
        &b1,
        &open,
        &url,
        Scope::Village("西村".into()),
        Role::Leader,
    );

    // Round 1: each village laptop registers households and visits offline.
    let h1 = add_household(&mut a1.store, "A001", "张三");
    let h2 = add_household(&mut a2.store, "A002", "李四");
    let hb = add_household(&mut b1.store, "B001", "王五");
    visit(&mut a1.store, &h1, "家里老人腿脚不便");
    visit(&mut b1.store, &hb, "需要技术培训");
    for lap in [&mut a1, &mut a2, &mut b1] {
        sync(lap, &url);
    }
    // Round 2: edits on households made elsewhere, plus a concurrent edit.
    sync(&mut a1, &url);
    visit(&mut a1.store, &h2, "李四家新修了厕所");
    visit(&mut a2.store, &h1, "张三家孩子上学有困难");
    for lap in [&mut a1, &mut a2] {
        lap.clock.advance(60_000);
    }
    edit(&mut a1.store, &h1, HouseholdField::Phone, "13800000001");
    edit(&mut a2.store, &h1, HouseholdField::Phone, "13900000002");
    edit(&mut b1.store, &hb, HouseholdField::Category, "低保户");
    for _ in 0..2 {
        for lap in [&mut a1, &mut a2, &mut b1] {
            sync(lap, &url);
        }
    }

    // The township laptop enrolls late and starts from a snapshot.
    enroll(
        &hub,
        &t,
        &open,
        &url,
        Scope::Township("草沟镇".into()),
        Role::Township,
    );
    let first = sync(&mut t, &url);
    assert!(
        first.snapshot,
        "a fresh township laptop starts from a snapshot"
    );

    // Village scoping: exactly their village's changes, all of them.
    let all_a: Vec<_> = held(&a1.store).into_iter().collect();
    assert!(all_a.iter().all(|(_, _, v)| v == "东村"));
    assert_eq!(held(&a1.store), held(&a2.store));
    assert!(held(&b1.store).iter().all(|(_, _, v)| v == "西村"));
    assert_eq!(ok(a1.store.state_hash()), ok(a2.store.state_hash()));
    assert_ne!(ok(a1.store.state_hash()), ok(b1.store.state_hash()));

    // The concurrent phone edit is a conflict on both 东村 laptops, same shown value.
    let c1 = ok(a1.store.conflicts());
    assert_eq!(c1.len(), 1, "{c1:?}");
    assert_eq!(c1[0].values.len(), 2);
    assert_eq!(
        ok(a1.store.household(&h1)).get(HouseholdField::Phone),
        ok(a2.store.household(&h1)).get(HouseholdField::Phone)
    );

    // The township laptop's state equals a replica holding every change
    // (its snapshot was compacted, yet the state is the same).
    let reference_dir = dir();
    let mut reference = ok(Store::open(
        &reference_dir.path().join("all.db"),
        Arc::new(cunwu_core::clock::ManualClock::new(T0)),
    ));
    let mut everything = changes(&a1.store);
    everything.extend(changes(&b1.store));
    ok(reference.apply_foreign(&everything));
    assert_eq!(ok(t.store.state_hash()), ok(reference.state_hash()));

    // Resolving is a change that syncs: the conflict is gone everywhere.
    ok(a2
        .store
        .resolve_conflict("household", &h1, "phone", "13700000003"));
    sync(&mut a2, &url);
    sync(&mut a1, &url);
    let tail = sync(&mut t, &url);
    assert!(!tail.snapshot);
    assert!(ok(a1.store.conflicts()).is_empty());
    assert_eq!(
        ok(a1.store.household(&h1)).get(HouseholdField::Phone),
        "13700000003"
    );
    assert_eq!(ok(a1.store.state_hash()), ok(a2.store.state_hash()));
    assert!(ok(t.store.conflicts()).is_empty());

    // A second exchange with nothing new moves nothing.
    let idle = sync(&mut a1, &url);
    assert_eq!((idle.pushed, idle.pulled), (0, 0));
    let status = ok(cunwu_sync::status(&a1.store));
    assert_eq!(status.pending_changes, 0);
    assert!(status.last_sync_ms.is_some());
    running.stop();
}

/// POST raw bytes over loopback; returns the status line and body.
fn raw_post(
    addr: std::net::SocketAddr,
    path: &str,
    token: &str,
    declared_len: usize,
    body: &[u8],
) -> String {
    use std::io::{Read, Write};
    let mut s = ok(std::net::TcpStream::connect(addr));
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer {token}\r\nContent-Type: application/x-cunwu-frame\r\nContent-Length: {declared_len}\r\nConnection: close\r\n\r\n"
    );
    ok(s.write_all(head.as_bytes()));
    // Read while writing: the hub may answer (413) before the body ends.
    let mut reader = ok(s.try_clone());
    let read = std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = reader.read_to_end(&mut out);
        out
    });
    // No half-close: the hub closes after its answer (Connection: close).
    let _ = s.write_all(body);
    let out = read.join().unwrap_or_default();
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn oversized_bodies_and_decompression_bombs_are_refused() {
    let hub_dir = dir();
    let limit = 64 << 10;
    let running = ok(server::spawn_with_limit(
        hub_dir.path(),
        "127.0.0.1:0",
        Arc::new(cunwu_core::clock::ManualClock::new(T0)),
        limit,
    ));
    let url = running.url();
    let lap = laptop(Some("东村"), "程鹏", T0);
    enroll(
        &running.hub,
        &lap,
        &HttpTransport::new(&url, None),
        &url,
        Scope::Village("东村".into()),
        Role::Member,
    );
    let tok = token(&lap.store).unwrap_or_default();
    // Larger than the limit: refused without being decoded.
    let big = vec![7u8; limit + 1];
    let r = raw_post(running.addr, "/v1/push", &tok, big.len(), &big);
    assert!(r.starts_with("HTTP/1.1 413"), "{r}");
    // A few KB that would inflate to 80 MB: refused, nothing stored.
    let mut bomb = vec![cunwu_sync::codec::FORMAT_VERSION];
    bomb.extend_from_slice(&ok(zstd::stream::encode_all(&vec![0u8; 80 << 20][..], 19)));
    assert!(bomb.len() < limit);
    let r = raw_post(running.addr, "/v1/push", &tok, bomb.len(), &bomb);
    assert!(
        r.starts_with("HTTP/1.1 413") && r.contains("上限"),
        "{}",
        &r[..r.len().min(300)]
    );
    // Garbage: 400 with a Chinese message; unknown token: 401.
    let r = raw_post(running.addr, "/v1/push", &tok, 5, b"\x01abcd");
    assert!(
        r.starts_with("HTTP/1.1 400") && r.contains("数据格式不对"),
        "{r}"
    );
    let r = raw_post(running.addr, "/v1/pull", "nobody", 1, b"\x01");
    assert!(r.starts_with("HTTP/1.1 401") && r.contains("不认识"), "{r}");
    assert!(running.hub.devices().map(|d| d.len()).unwrap_or(0) == 1);
    let t = HttpTransport::new(&url, Some(tok));
    let held = ok(cunwu_sync::transport::Transport::pull(
        &t,
        &cunwu_sync::protocol::PullRequest {
            cursor: 0,
            limit: 10,
        },
    ));
    assert_eq!(held.next_cursor, 0, "nothing was stored");
    running.stop();
}
