//! The hub checks each device's voucher hash chain on receipt: a voucher
//! altered before the push is flagged (log, audit, push ack, chain list)
//! and still stored; a clean chain is not flagged, whether it arrives in
//! one batch, in several, or out of order; a voucher missing although
//! every later change is held is a gap; hub data from before the check is
//! checked once after the upgrade.

mod common;

use common::*;
use cunwu_core::change::{entity, Change};
use cunwu_core::clock::{Clock, ManualClock};
use cunwu_hub::local::LocalTransport;
use cunwu_hub::Hub;
use cunwu_ledger::test_support::cash_in;
use cunwu_store::Ledger;
use cunwu_sync::protocol::{PushAck, Role, Scope};
use cunwu_sync::transport::Transport;
use cunwu_sync::SyncOptions;
use std::sync::Arc;

/// A hub and a clerk's laptop of 东村 that posted `n` vouchers.
fn clerk_with_vouchers(n: u32) -> (Arc<Hub>, Laptop, tempfile::TempDir) {
    let (hub, mut lap, dir) = hub_and_laptop("刘会计", Role::Clerk);
    ok(lap.store.set_voucher_series("A"));
    let mut l = ok(Ledger::open(&lap.store));
    for i in 1..=n {
        ok(l.post(&mut lap.store, cash_in(i, 100 * i64::from(i))));
    }
    (hub, lap, dir)
}

fn push(hub: &Arc<Hub>, lap: &Laptop, changes: Vec<Change>) -> PushAck {
    ok(LocalTransport::new(hub.clone(), token(&lap.store))
        .push(&ok(cunwu_sync::seal::sealed_batch(&lap.store, T0, changes))))
}

fn voucher_changes(all: &[Change]) -> Vec<usize> {
    all.iter()
        .enumerate()
        .filter(|(_, c)| {
            c.entity == entity::LEDGER_FACT && c.value.to_string().contains("voucher_posted")
        })
        .map(|(i, _)| i)
        .collect()
}

#[test]
fn a_voucher_altered_before_the_push_is_flagged_and_still_stored() {
    let (hub, lap, _d) = clerk_with_vouchers(3);
    let mut all = changes(&lap.store);
    let v = voucher_changes(&all);
    assert_eq!(v.len(), 3);
    // The second voucher's amount is altered in the log before the push.
    let text = all[v[1]]
        .value
        .to_string()
        .replace("\"debit\":200", "\"debit\":900")
        .replace("\"credit\":200", "\"credit\":900");
    assert_ne!(text, all[v[1]].value.to_string());
    all[v[1]].value = ok(serde_json::from_str(&text));
    let n = all.len() as u64;
    let ack = push(&hub, &lap, all);
    assert_eq!(ack.accepted, n, "the broken chain is stored as evidence");
    assert_eq!(ack.chain_breaks.len(), 1, "{ack:?}");
    assert_eq!(ack.chain_breaks[0].seq, 3);
    assert!(
        ack.chain_breaks[0].message.contains("第2张与第3张之间断开"),
        "{}",
        ack.chain_breaks[0].message
    );
    let chains = ok(hub.voucher_chains());
    assert_eq!(chains.len(), 1);
    assert_eq!(chains[0].verified, 2);
    assert_eq!(chains[0].received, 3);
    assert_eq!(chains[0].first_break.as_ref().map(|b| b.seq), Some(3));
    let audit = ok(hub.audit_entries(50));
    assert!(
        audit
            .iter()
            .any(|(_, _, kind, d)| kind == "凭证链断开" && d.contains("第2张与第3张之间断开")),
        "{audit:?}"
    );
    // The device keeps hearing about it on its next push.
    let ack = push(&hub, &lap, Vec::new());
    assert_eq!(ack.chain_breaks.len(), 1);
}

#[test]
fn a_clean_chain_in_one_batch_is_not_flagged() {
    let (hub, lap, _d) = clerk_with_vouchers(4);
    let ack = push(&hub, &lap, changes(&lap.store));
    assert!(ack.chain_breaks.is_empty(), "{ack:?}");
    let chains = ok(hub.voucher_chains());
    assert_eq!(chains.len(), 1);
    assert_eq!((chains[0].verified, chains[0].received), (4, 4));
    assert!(chains[0].first_break.is_none());
    assert!(ok(hub.audit_entries(50))
        .iter()
        .all(|(_, _, k, _)| k != "凭证链断开"));
}

#[test]
fn a_clean_chain_in_several_batches_out_of_order_is_not_flagged() {
    let (hub, lap, _d) = clerk_with_vouchers(5);
    let all = changes(&lap.store);
    let v = voucher_changes(&all);
    assert_eq!(v.len(), 5);
    // Vouchers 4 and 5 first (with everything after voucher 3's change),
    // then the rest in two batches, the later one first.
    let (head, tail) = all.split_at(v[3]);
    let ack = push(&hub, &lap, tail.to_vec());
    assert!(ack.chain_breaks.is_empty(), "{ack:?}");
    let chains = ok(hub.voucher_chains());
    assert_eq!((chains[0].verified, chains[0].received), (0, 2));
    let (first, second) = head.split_at(v[1]);
    assert!(push(&hub, &lap, second.to_vec()).chain_breaks.is_empty());
    assert!(push(&hub, &lap, first.to_vec()).chain_breaks.is_empty());
    let chains = ok(hub.voucher_chains());
    assert_eq!((chains[0].verified, chains[0].received), (5, 5));
    assert!(chains[0].first_break.is_none(), "{chains:?}");
    // Delivered again: still clean.
    assert!(push(&hub, &lap, all).chain_breaks.is_empty());
}

#[test]
fn a_voucher_missing_while_every_later_change_is_held_is_a_gap() {
    let (hub, lap, _d) = clerk_with_vouchers(3);
    let mut all = changes(&lap.store);
    let v = voucher_changes(&all);
    // Voucher 2's fact is no longer a voucher: the chain skips from 1 to 3.
    let text = all[v[1]]
        .value
        .to_string()
        .replace("voucher_posted", "voucher_removed");
    all[v[1]].value = ok(serde_json::from_str(&text));
    let ack = push(&hub, &lap, all);
    assert_eq!(ack.chain_breaks.len(), 1, "{ack:?}");
    assert_eq!(ack.chain_breaks[0].seq, 2);
    assert!(ack.chain_breaks[0].message.contains("缺少第2张"), "{ack:?}");
}

#[test]
fn hub_data_from_before_the_check_is_checked_after_the_upgrade() {
    let (hub, lap, d) = clerk_with_vouchers(3);
    let mut all = changes(&lap.store);
    let v = voucher_changes(&all);
    let text = all[v[1]]
        .value
        .to_string()
        .replace("\"debit\":200", "\"debit\":900")
        .replace("\"credit\":200", "\"credit\":900");
    all[v[1]].value = ok(serde_json::from_str(&text));
    assert_eq!(push(&hub, &lap, all).chain_breaks.len(), 1);
    drop(hub);
    // Turn the data dir back into a schema-1 hub that never saw a link.
    {
        let c = ok(rusqlite::Connection::open(d.path().join("hub.db")));
        ok(c.execute_batch(
            "DROP TABLE voucher_link; DROP TABLE voucher_chain; DROP TABLE refused;
             DELETE FROM hub_meta WHERE key = 'voucher_chain_backfill';
             DROP TABLE device_key; DROP TABLE device_seal; DROP TABLE device_chain;
             PRAGMA user_version = 1;",
        ));
    }
    let hub = Arc::new(ok(Hub::open(
        d.path(),
        Arc::new(ManualClock::new(T0)) as Arc<dyn Clock>,
    )));
    assert!(ok(hub.voucher_chains()).is_empty());
    let ack = push(&hub, &lap, Vec::new());
    assert_eq!(ack.chain_breaks.len(), 1, "{ack:?}");
    assert_eq!(ack.chain_breaks[0].seq, 3);
    let chains = ok(hub.voucher_chains());
    assert_eq!((chains[0].verified, chains[0].received), (2, 3));
}

#[test]
fn the_laptop_is_told_of_a_break_in_its_sync_report() {
    let (hub, mut lap, _d) = clerk_with_vouchers(3);
    // The second voucher's amount is altered in the laptop's own log.
    let n = ok(lap.store.conn().execute(
        "UPDATE change_log SET value = replace(replace(value, '\"debit\":200', '\"debit\":900'), '\"credit\":200', '\"credit\":900') WHERE entity = 'ledger_fact' AND value LIKE '%\"debit\":200%'",
        [],
    ));
    assert_eq!(n, 1);
    let transport = LocalTransport::new(hub.clone(), token(&lap.store));
    let report = ok(cunwu_sync::client::push(
        &mut lap.store,
        &transport,
        cunwu_sync::SyncOptions::default(),
    ));
    assert_eq!(report.chain_breaks.len(), 1, "{report:?}");
    assert_eq!(report.chain_breaks[0].seq, 3);
    assert!(
        report.chain_breaks[0]
            .message
            .contains("第2张与第3张之间断开"),
        "{}",
        report.chain_breaks[0].message
    );
    // A clean laptop of the same village is not warned.
    let (hub2, mut clean, _d2) = clerk_with_vouchers(3);
    let transport = LocalTransport::new(hub2.clone(), token(&clean.store));
    let report = ok(cunwu_sync::client::push(
        &mut clean.store,
        &transport,
        cunwu_sync::SyncOptions::default(),
    ));
    assert!(report.chain_breaks.is_empty(), "{report:?}");
}

#[test]
fn laptops_that_only_pull_are_told_of_a_broken_chain_in_their_scope() {
    let (hub, lap, _d) = clerk_with_vouchers(2);
    let mut all = changes(&lap.store);
    let v = voucher_changes(&all);
    // The first voucher altered: the chain breaks between it and the second.
    let text = all[v[0]]
        .value
        .to_string()
        .replace("\"debit\":100", "\"debit\":700");
    all[v[0]].value = ok(serde_json::from_str(&text));
    assert_eq!(push(&hub, &lap, all).chain_breaks.len(), 1);
    let clerk = lap.store.device_id().to_string();

    // A leader's laptop of 东村, a township laptop, and one of 西村 pull.
    let enrolled = |village: Option<&str>, scope: Scope, role: Role| {
        let l = laptop(village, "王队长", T0);
        let t = LocalTransport::new(hub.clone(), None);
        enroll(&hub, &l, &t, "local", scope, role);
        l
    };
    let mut leader = enrolled(Some("东村"), Scope::Village("东村".into()), Role::Leader);
    let mut town = enrolled(None, Scope::Township("草沟镇".into()), Role::Township);
    let mut west = enrolled(Some("西村"), Scope::Village("西村".into()), Role::Leader);
    // One full exchange each, as `cunwu sync now` makes it.
    let pull = |l: &mut Laptop| {
        let t = LocalTransport::new(hub.clone(), token(&l.store));
        ok(cunwu_sync::client::sync_now(
            &mut l.store,
            &t,
            SyncOptions::default(),
        ))
    };
    for l in [&mut leader, &mut town] {
        let report = pull(l);
        assert_eq!(report.chain_breaks.len(), 1, "{report:?}");
        assert_eq!(
            (
                report.chain_breaks[0].device.as_str(),
                report.chain_breaks[0].seq
            ),
            (clerk.as_str(), 2)
        );
        // Kept for the front end once, however often the hub repeats it.
        pull(l);
        let kept = ok(cunwu_sync::client::unkept_chain_breaks(&l.store));
        assert_eq!(kept.len(), 1, "{kept:?}");
    }
    assert!(pull(&mut west).chain_breaks.is_empty());
    assert!(ok(cunwu_sync::client::unkept_chain_breaks(&west.store)).is_empty());
}
