//! USB bundles and broken connections: the same bundle imported three
//! times, bundles out of order (device and hub), corrupted and foreign
//! bundles refused before anything is written, and a connection cut half
//! way through a response (a truncating proxy on loopback).

mod common;

use common::*;
use cunwu_core::clock::{Clock, ManualClock};
use cunwu_core::household::HouseholdField;
use cunwu_hub::local::LocalTransport;
use cunwu_hub::{server, Hub};
use cunwu_sync::bundle::{self, credential_hash, Bundle, Origin, Target};
use cunwu_sync::device_bundle::{self, ExportFor};
use cunwu_sync::http::HttpTransport;
use cunwu_sync::protocol::{Role, Scope};
use cunwu_sync::{sync_now, SyncError, SyncOptions};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;

fn hub_in(dir: &tempfile::TempDir) -> Arc<Hub> {
    Arc::new(ok(Hub::open(
        dir.path(),
        Arc::new(ManualClock::new(T0)) as Arc<dyn Clock>,
    )))
}

fn join(hub: &Arc<Hub>, village: &str, user: &str) -> Laptop {
    let lap = laptop(Some(village), user, T0);
    enroll(
        hub,
        &lap,
        &LocalTransport::new(hub.clone(), None),
        "local",
        Scope::Village(village.into()),
        Role::Member,
    );
    lap
}

fn sync(hub: &Arc<Hub>, lap: &mut Laptop) -> cunwu_sync::SyncReport {
    let t = LocalTransport::new(hub.clone(), token(&lap.store));
    ok(sync_now(&mut lap.store, &t, SyncOptions::default()))
}

/// Some work on a laptop: households, edits and visits.
fn work(lap: &mut Laptop, prefix: &str, n: usize) {
    for i in 0..n {
        let h = add_household(&mut lap.store, &format!("{prefix}{i:03}"), "赵六");
        edit(&mut lap.store, &h, HouseholdField::Phone, "13800000001");
        visit(&mut lap.store, &h, "入户走访");
    }
}

#[test]
fn the_same_bundle_imported_three_times_is_imported_once() {
    let hub_dir = dir();
    let hub = hub_in(&hub_dir);
    let mut a1 = join(&hub, "东村", "程鹏");
    let mut a2 = join(&hub, "东村", "李娟");
    work(&mut a1, "A", 5);
    let (to_hub, n) = ok(device_bundle::export(&a1.store, &ExportFor::Hub));
    assert_eq!(n, changes(&a1.store).len());
    let acks: Vec<_> = (0..3).map(|_| ok(hub.import_bundle(&to_hub))).collect();
    assert_eq!(acks[0].accepted, n as u64);
    assert!(acks[1..]
        .iter()
        .all(|a| a.accepted == 0 && a.duplicates == n as u64));
    // Hub → a2 by stick, three times as well.
    let (to_a2, m) = ok(hub.export_bundle(a2.store.device_id()));
    assert_eq!(m, n);
    let first = ok(device_bundle::import(&mut a2.store, &to_a2));
    assert_eq!(first.applied, n);
    for _ in 0..2 {
        let again = ok(device_bundle::import(&mut a2.store, &to_a2));
        assert_eq!((again.applied, again.duplicates), (0, n));
    }
    assert_eq!(ok(a2.store.state_hash()), ok(a1.store.state_hash()));
    // The network exchange afterwards moves nothing new.
    let r = sync(&hub, &mut a2);
    assert_eq!(r.pulled, 0);
}

#[test]
fn bundles_imported_out_of_order_converge() {
    let hub_dir = dir();
    let hub = hub_in(&hub_dir);
    let mut a1 = join(&hub, "东村", "程鹏");
    let mut a2 = join(&hub, "东村", "李娟");
    let mut a3 = laptop(Some("东村"), "王芳", T0);
    work(&mut a1, "A", 6);
    let all = changes(&a1.store);
    let (early, late) = all.split_at(all.len() / 2);
    let key = credential_hash(&token(&a1.store).unwrap_or_default());
    let hub_id = hub.hub_id().to_string();
    let make = |part: &[cunwu_core::change::Change], target: Target, key: Option<&[u8]>| {
        let sealed = ok(cunwu_sync::seal::sealed_batch(&a1.store, T0, part.to_vec()));
        bundle::write(
            &Bundle {
                origin: Origin::Device {
                    device_id: a1.store.device_id().into(),
                    village: Some("东村".into()),
                    hub_id: Some(hub_id.clone()),
                },
                target,
                created_ms: T0,
                from_cursor: None,
                to_cursor: None,
                seals: sealed.seals,
                public_key: sealed.public_key,
                changes: part.to_vec(),
            },
            key,
        )
    };
    // At the hub: the later half first (a gap), then the earlier half.
    ok(hub.import_bundle(&make(late, Target::Hub, Some(&key))));
    ok(hub.import_bundle(&make(early, Target::Hub, Some(&key))));
    sync(&hub, &mut a2);
    assert_eq!(ok(a2.store.state_hash()), ok(a1.store.state_hash()));
    // On a laptop by stick from a1: later half first, too.
    let id3 = a3.store.device_id().to_string();
    ok(device_bundle::import(
        &mut a3.store,
        &make(late, Target::Device(id3.clone()), None),
    ));
    ok(device_bundle::import(
        &mut a3.store,
        &make(early, Target::Device(id3), None),
    ));
    assert_eq!(ok(a3.store.state_hash()), ok(a1.store.state_hash()));
    assert_eq!(ok(a3.store.version_vector()), ok(a1.store.version_vector()));
}

#[test]
fn corrupted_foreign_or_misaddressed_bundles_are_refused_and_nothing_is_written() {
    let hub_dir = dir();
    let hub = hub_in(&hub_dir);
    let mut a1 = join(&hub, "东村", "程鹏");
    let mut a2 = join(&hub, "东村", "李娟");
    let mut b1 = join(&hub, "西村", "王强");
    work(&mut a1, "A", 3);
    work(&mut b1, "B", 3);
    let refused = |r: Result<device_bundle::ImportReport, SyncError>, what: &str| {
        let msg = r.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(
            msg.contains(what) && msg.contains("没有导入任何数据"),
            "{msg}"
        );
    };
    let before = ok(a2.store.state_hash());
    // Corrupted: one byte flipped in the middle.
    let (mut bytes, _) = ok(device_bundle::export(
        &a1.store,
        &ExportFor::Device(a2.store.device_id().into()),
    ));
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x20;
    refused(device_bundle::import(&mut a2.store, &bytes), "损坏");
    // Foreign: from a 西村 laptop.
    let (foreign, _) = ok(device_bundle::export(
        &b1.store,
        &ExportFor::Device(a2.store.device_id().into()),
    ));
    refused(device_bundle::import(&mut a2.store, &foreign), "西村");
    // Meant for another laptop, or for the hub.
    let (other, _) = ok(device_bundle::export(
        &a1.store,
        &ExportFor::Device("someone-else".into()),
    ));
    refused(device_bundle::import(&mut a2.store, &other), "someone-else");
    let (for_hub, _) = ok(device_bundle::export(&a1.store, &ExportFor::Hub));
    refused(device_bundle::import(&mut a2.store, &for_hub), "服务器");
    assert_eq!(ok(a2.store.state_hash()), before, "nothing written");
    assert!(changes(&a2.store).is_empty());
    // At the hub: a truncated file, and a bundle signed with the wrong key.
    let r = hub.import_bundle(&for_hub[..for_hub.len() - 40]);
    assert!(r
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default()
        .contains("没有导入任何数据"));
    let forged = bundle::write(
        &ok(bundle::open(&for_hub)).bundle,
        Some(&credential_hash("wrong")),
    );
    let r = hub.import_bundle(&forged);
    assert!(r
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default()
        .contains("签名"));
    sync(&hub, &mut a2);
    assert!(
        changes(&a2.store).is_empty(),
        "the hub stored nothing from refused bundles"
    );
}

/// A loopback proxy to `target` that forwards requests whole but closes
/// each connection after `cut_after` bytes of response.
fn truncating_proxy(target: SocketAddr, cut_after: usize) -> SocketAddr {
    let listener = ok(TcpListener::bind("127.0.0.1:0"));
    let addr = ok(listener.local_addr());
    std::thread::spawn(move || {
        for conn in listener.incoming().take(64) {
            let Ok(mut client) = conn else { break };
            std::thread::spawn(move || {
                let Ok(mut upstream) = TcpStream::connect(target) else {
                    return;
                };
                let (Ok(mut c2), Ok(mut u2)) = (client.try_clone(), upstream.try_clone()) else {
                    return;
                };
                std::thread::spawn(move || {
                    let _ = std::io::copy(&mut c2, &mut u2);
                });
                let mut sent = 0;
                let mut buf = [0u8; 512];
                while sent < cut_after {
                    let Ok(n) = upstream.read(&mut buf) else {
                        break;
                    };
                    if n == 0 {
                        break;
                    }
                    let take = n.min(cut_after - sent);
                    if client.write_all(&buf[..take]).is_err() {
                        break;
                    }
                    sent += take;
                }
                let _ = client.shutdown(std::net::Shutdown::Both);
                let _ = upstream.shutdown(std::net::Shutdown::Both);
            });
        }
    });
    addr
}

#[test]
fn a_connection_cut_half_way_through_a_response_loses_and_duplicates_nothing() {
    let hub_dir = dir();
    let running = ok(server::spawn(
        hub_dir.path(),
        "127.0.0.1:0",
        Arc::new(ManualClock::new(T0)),
    ));
    let url = running.url();
    let open = HttpTransport::new(&url, None);
    let mut a1 = laptop(Some("东村"), "程鹏", T0);
    let mut a2 = laptop(Some("东村"), "李娟", T0);
    enroll(
        &running.hub,
        &a1,
        &open,
        &url,
        Scope::Village("东村".into()),
        Role::Member,
    );
    enroll(
        &running.hub,
        &a2,
        &open,
        &url,
        Scope::Village("东村".into()),
        Role::Member,
    );
    work(&mut a1, "A", 40);
    let direct = |lap: &mut Laptop| {
        let t = HttpTransport::new(&url, token(&lap.store));
        sync_now(
            &mut lap.store,
            &t,
            SyncOptions {
                pull_batch: 50,
                snapshot_batch: 50,
                ..SyncOptions::default()
            },
        )
    };
    ok(direct(&mut a1));
    // a2 pulls through a proxy that cuts every response after 1,500 bytes:
    // the first pages get through, a later one is cut half way.
    let proxy = truncating_proxy(running.addr, 1500);
    let cut = HttpTransport::new(&format!("http://{proxy}"), token(&a2.store));
    let r = sync_now(
        &mut a2.store,
        &cut,
        SyncOptions {
            pull_batch: 50,
            snapshot_batch: 50,
            ..SyncOptions::default()
        },
    );
    assert!(matches!(r, Err(ref e) if e.is_transient()), "{r:?}");
    let partial = changes(&a2.store).len();
    assert!(partial < changes(&a1.store).len());
    // Resumed directly: everything arrives, each change once.
    ok(direct(&mut a2));
    assert_eq!(held(&a2.store), held(&a1.store));
    assert_eq!(ok(a2.store.state_hash()), ok(a1.store.state_hash()));
    running.stop();
}
