//! A broken voucher chain the township hub reports reaches the desktop and
//! stays there: a clerk's laptop whose second voucher was altered in its own
//! log syncs with a real hub on port 0 (立即同步, and the background task's
//! round); the alarm is kept in the database, shown in the sync status with
//! the vouchers to compare, survives closing and reopening the database, is
//! not raised twice when the hub tells it again, and stays listed once a
//! person acknowledges it. Another laptop of the village, with a clean chain
//! of its own, is told of the break when it pulls the broken vouchers.

use cunwu_app::sync_desk::{self, chain_alarm, SyncGate};
use cunwu_core::clock::{Clock, ManualClock};
use cunwu_hub::server;
use cunwu_ledger::test_support::cash_in;
use cunwu_store::{Ledger, Store};
use cunwu_sync::protocol::{Role, Scope};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

/// 2026-11-29 08:00 China time.
const T0: i64 = 1_795_996_800_000;

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    match r {
        Ok(v) => v,
        Err(e) => panic!("unexpected error: {e}"),
    }
}

struct Hub {
    running: server::Running,
    _dir: tempfile::TempDir,
}

fn hub() -> Hub {
    let dir = ok(tempfile::tempdir());
    let clock = Arc::new(ManualClock::new(T0)) as Arc<dyn Clock>;
    let running = ok(server::spawn(dir.path(), "127.0.0.1:0", clock));
    Hub { running, _dir: dir }
}

impl Hub {
    fn clerk_code(&self) -> String {
        ok(self.running.hub.create_code(
            &Scope::Village("东村".into()),
            Role::Clerk,
            Some("草沟镇"),
        ))
    }
}

struct Laptop {
    store: Mutex<Store>,
    gate: SyncGate,
    path: PathBuf,
    clock: Arc<ManualClock>,
    _dir: tempfile::TempDir,
}

fn open(path: &Path, clock: &Arc<ManualClock>) -> Store {
    ok(Store::open(path, clock.clone() as Arc<dyn Clock>))
}

/// A clerk's laptop of 东村 that posted three vouchers (series A), the
/// second one altered in the log afterwards when `tamper`.
fn clerk(tamper: bool) -> Laptop {
    let dir = ok(tempfile::tempdir());
    let path = dir.path().join("cunwu.db");
    let clock = Arc::new(ManualClock::new(T0));
    let mut store = open(&path, &clock);
    ok(store.init("东村", Some("草沟镇"), "刘会计"));
    ok(store.set_voucher_series("A"));
    let mut l = ok(Ledger::open(&store));
    for i in 1..=3 {
        ok(l.post(&mut store, cash_in(i, 100 * i64::from(i))));
    }
    if tamper {
        let n = ok(store.conn().execute(
            "UPDATE change_log SET value = replace(replace(value, '\"debit\":200', '\"debit\":900'), '\"credit\":200', '\"credit\":900') WHERE entity = 'ledger_fact' AND value LIKE '%\"debit\":200%'",
            [],
        ));
        assert_eq!(n, 1, "the second voucher was altered");
    }
    Laptop {
        store: Mutex::new(store),
        gate: SyncGate::default(),
        path,
        clock,
        _dir: dir,
    }
}

impl Laptop {
    fn view(&self) -> sync_desk::SyncView {
        let s = self.store.lock().unwrap_or_else(PoisonError::into_inner);
        ok(sync_desk::status(&s, &self.gate))
    }

    /// Close the database and open it again from its file.
    fn reopen(&self) {
        let mut s = self.store.lock().unwrap_or_else(PoisonError::into_inner);
        let fresh = open(&self.path, &self.clock);
        drop(std::mem::replace(&mut *s, fresh));
    }
}

#[test]
fn a_broken_chain_reported_by_the_hub_is_kept_and_shown_until_acknowledged() {
    let hub = hub();
    let lap = clerk(true);
    ok(sync_desk::enroll(
        &lap.store,
        &lap.gate,
        &hub.running.url(),
        &hub.clerk_code(),
    ));
    assert!(
        lap.view().chain_alarms.is_empty(),
        "nothing before the sync"
    );

    let outcome = ok(sync_desk::sync_now(&lap.store, &lap.gate, || {}));
    assert_eq!(outcome.new_chain_alarms, 1, "{outcome:?}");
    let view = lap.view();
    assert_eq!(view.chain_alarms.len(), 1, "{view:?}");
    let a = &view.chain_alarms[0];
    assert_eq!(a.device, view.device_id);
    assert!(a.this_laptop);
    assert_eq!(a.seq, 3);
    assert!(a.message.contains("第2张与第3张之间断开"), "{}", a.message);
    assert_eq!(a.first_seen_ms, T0);
    assert!(a.acknowledged.is_none());
    let labels: Vec<(u64, Option<&str>)> = a
        .vouchers
        .iter()
        .map(|v| (v.seq, v.label.as_deref()))
        .collect();
    assert_eq!(
        labels,
        vec![
            (2, Some("2026-11 A-0002（现金收入）")),
            (3, Some("2026-11 A-0003（现金收入）"))
        ]
    );
    assert_eq!(chain_alarm::open_count(&view.chain_alarms), 1);

    // Closing and reopening the database keeps it.
    lap.reopen();
    let view = lap.view();
    assert_eq!(view.chain_alarms.len(), 1);
    assert_eq!(view.chain_alarms[0].seq, 3);
    assert!(view.chain_alarms[0].acknowledged.is_none());

    // The hub tells it again on the next push: still one alarm, not a new one.
    lap.clock.advance(60_000);
    {
        let mut s = lap.store.lock().unwrap_or_else(PoisonError::into_inner);
        let mut l = ok(Ledger::open(&s));
        ok(l.post(&mut s, cash_in(4, 400)));
    }
    let again = ok(sync_desk::sync_now(&lap.store, &lap.gate, || {}));
    assert!(again.pushed >= 1, "{again:?}");
    assert_eq!(again.new_chain_alarms, 0, "{again:?}");
    let view = lap.view();
    assert_eq!(view.chain_alarms.len(), 1);
    assert_eq!(view.chain_alarms[0].first_seen_ms, T0);
    assert_eq!(view.chain_alarms[0].last_seen_ms, T0 + 60_000);

    // A person acknowledges it: who and when are kept, the alarm stays listed.
    lap.clock.advance(60_000);
    let view = {
        let s = lap.store.lock().unwrap_or_else(PoisonError::into_inner);
        ok(sync_desk::acknowledge_chain_alarm(
            &s,
            &lap.gate,
            &view.device_id,
            3,
        ))
    };
    let ack = view.chain_alarms[0].acknowledged.clone();
    assert_eq!(ack.as_ref().map(|a| a.by.as_str()), Some("刘会计"));
    assert_eq!(ack.as_ref().map(|a| a.at_ms), Some(T0 + 120_000));
    assert_eq!(chain_alarm::open_count(&view.chain_alarms), 0);
    lap.reopen();
    assert_eq!(lap.view().chain_alarms[0].acknowledged, ack);

    // Acknowledging an alarm that is not there says so.
    let e = {
        let s = lap.store.lock().unwrap_or_else(PoisonError::into_inner);
        sync_desk::acknowledge_chain_alarm(&s, &lap.gate, "no-such-device", 1)
            .err()
            .map(|e| e.to_wire())
    };
    assert_eq!(e.map(|e| e.code).as_deref(), Some("not_found"));
}

#[test]
fn the_background_round_keeps_the_alarm_and_another_laptop_of_the_village_is_told_once() {
    let hub = hub();
    let url = hub.running.url();
    let broken = clerk(true);
    ok(sync_desk::enroll(
        &broken.store,
        &broken.gate,
        &url,
        &hub.clerk_code(),
    ));
    let round = sync_desk::background_round(&broken.store, &broken.gate, || {});
    let outcome = ok(round.expect("an enrolled laptop takes its turn"));
    assert_eq!(outcome.new_chain_alarms, 1);
    broken.reopen();
    let view = broken.view();
    assert_eq!(chain_alarm::open_count(&view.chain_alarms), 1, "{view:?}");
    assert!(view.chain_alarms[0]
        .message
        .contains("第2张与第3张之间断开"));

    // Another clerk's laptop of the village, with a clean chain of its own,
    // is told of the first laptop's break in the exchange that pulls its
    // vouchers (not as its own), and only once.
    let clean = clerk(false);
    ok(sync_desk::enroll(
        &clean.store,
        &clean.gate,
        &url,
        &hub.clerk_code(),
    ));
    let outcome = ok(sync_desk::sync_now(&clean.store, &clean.gate, || {}));
    assert_eq!(outcome.new_chain_alarms, 1, "{outcome:?}");
    assert!(outcome.pulled > 0, "{outcome:?}");
    let view = clean.view();
    assert_eq!(view.chain_alarms.len(), 1, "{view:?}");
    assert!(!view.chain_alarms[0].this_laptop);
    assert!(view.chain_alarms[0]
        .message
        .contains("第2张与第3张之间断开"));
    let again = ok(sync_desk::sync_now(&clean.store, &clean.gate, || {}));
    assert_eq!(again.new_chain_alarms, 0);
    assert_eq!(clean.view().chain_alarms.len(), 1);
}
