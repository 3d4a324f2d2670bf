//! Faults, each its own test: wrong clocks, a reused change id, a change
//! for another village, a revoked or unknown credential, a member writing
//! the books, enrollment with another village's code, a batch delivered
//! twice. Run against the hub in-process (same checks as HTTP).

mod common;

use common::*;
use cunwu_core::change::Change;
use cunwu_core::clock::{Clock, ManualClock, DAY_MS};
use cunwu_core::household::HouseholdField;
use cunwu_hub::local::LocalTransport;
use cunwu_hub::Hub;
use cunwu_sync::protocol::{PushBatch, Role, Scope, VectorRequest};
use cunwu_sync::transport::Transport;
use cunwu_sync::{sync_now, SyncError, SyncOptions};
use std::sync::Arc;

struct World {
    hub: Arc<Hub>,
    hub_clock: Arc<ManualClock>,
    _dir: tempfile::TempDir,
}

fn world() -> World {
    let dir = dir();
    let hub_clock = Arc::new(ManualClock::new(T0));
    let hub = Arc::new(ok(Hub::open(
        dir.path(),
        hub_clock.clone() as Arc<dyn Clock>,
    )));
    World {
        hub,
        hub_clock,
        _dir: dir,
    }
}

fn join(w: &World, village: &str, user: &str, now: i64, role: Role) -> Laptop {
    let lap = laptop(Some(village), user, now);
    enroll(
        &w.hub,
        &lap,
        &LocalTransport::new(w.hub.clone(), None),
        "local",
        Scope::Village(village.into()),
        role,
    );
    lap
}

fn transport(w: &World, lap: &Laptop) -> LocalTransport {
    LocalTransport::new(w.hub.clone(), token(&lap.store))
}

fn sync(w: &World, lap: &mut Laptop) -> Result<cunwu_sync::SyncReport, SyncError> {
    let t = transport(w, lap);
    sync_now(&mut lap.store, &t, SyncOptions::default())
}

fn hub_vector(w: &World, lap: &Laptop, device: &str) -> u64 {
    let r = ok(transport(w, lap).vector(&VectorRequest {
        devices: vec![device.to_string()],
    }));
    r.vector.get(device).copied().unwrap_or(0)
}

#[test]
fn clock_one_day_ahead_is_quarantined_and_released_when_the_hub_catches_up() {
    let w = world();
    let mut fast = join(&w, "东村", "快表", T0 + DAY_MS + 3_600_000, Role::Member);
    let mut other = join(&w, "东村", "李娟", T0, Role::Member);
    let h = add_household(&mut fast.store, "A001", "张三");
    let report = ok(sync(&w, &mut fast));
    assert!(
        !report.quarantined.is_empty(),
        "changes stamped a day ahead are quarantined"
    );
    assert!(report.quarantined.iter().all(|q| q.ahead_ms > DAY_MS));
    let status = ok(cunwu_sync::status(&fast.store));
    assert!(
        status.clock_offset_ms.is_some_and(|o| o < -DAY_MS),
        "{status:?}"
    );
    assert_eq!(status.quarantined.len(), report.quarantined.len());
    assert_eq!(
        status.pending_changes, 0,
        "the hub holds them (aside); no resend loop"
    );
    // Not forwarded to the other laptop.
    ok(sync(&w, &mut other));
    assert!(ok(other.store.all_changes()).is_empty());
    // Two hours later the stamps are within 24 h of the hub clock: released.
    w.hub_clock.advance(2 * 3_600_000);
    other.clock.advance(2 * 3_600_000);
    ok(sync(&w, &mut fast));
    ok(sync(&w, &mut other));
    assert_eq!(
        ok(other.store.household(&h)).get(HouseholdField::HeadName),
        "张三"
    );
    assert_eq!(ok(other.store.state_hash()), ok(fast.store.state_hash()));
}

#[test]
fn clock_one_year_behind_still_syncs_and_its_later_edit_supersedes() {
    let w = world();
    let mut good = join(&w, "东村", "程鹏", T0, Role::Member);
    let mut slow = join(&w, "东村", "慢表", T0 - 365 * DAY_MS, Role::Member);
    let h = add_household(&mut good.store, "A001", "张三");
    ok(sync(&w, &mut good));
    let r = ok(sync(&w, &mut slow));
    assert!(r.quarantined.is_empty());
    assert!(
        r.clock_offset_ms > 364 * DAY_MS,
        "offset shown: {}",
        r.clock_offset_ms
    );
    // The slow laptop edits after seeing the good one's value: its edit
    // supersedes it (causality), though its wall clock is a year behind.
    edit(&mut slow.store, &h, HouseholdField::Phone, "13800000001");
    ok(sync(&w, &mut slow));
    ok(sync(&w, &mut good));
    assert_eq!(
        ok(good.store.household(&h)).get(HouseholdField::Phone),
        "13800000001"
    );
    assert!(ok(good.store.conflicts()).is_empty());
    assert_eq!(ok(good.store.state_hash()), ok(slow.store.state_hash()));
}

#[test]
fn same_change_id_with_other_content_is_refused_whole_and_logged() {
    let w = world();
    let mut a = join(&w, "东村", "程鹏", T0, Role::Member);
    add_household(&mut a.store, "A001", "张三");
    ok(sync(&w, &mut a));
    let held_before = hub_vector(&w, &a, a.store.device_id());
    let mut forged: Change = changes(&a.store)[0].clone();
    forged.value = serde_json::json!("篡改的值");
    add_household(&mut a.store, "A002", "李四");
    let fresh: Vec<Change> = ok(a
        .store
        .changes_by_device(a.store.device_id(), held_before, 100));
    let mut batch = vec![forged];
    batch.extend(fresh);
    let r = transport(&w, &a).push(&ok(cunwu_sync::seal::sealed_batch(&a.store, T0, batch)));
    assert!(
        matches!(r, Err(SyncError::Conflict(ref m)) if m.contains("内容不同")),
        "{r:?}"
    );
    assert_eq!(
        hub_vector(&w, &a, a.store.device_id()),
        held_before,
        "nothing of the batch stored"
    );
    let audit = ok(w.hub.audit_entries(10));
    assert!(
        audit.iter().any(|(_, _, kind, _)| kind.contains("冲突")),
        "{audit:?}"
    );
    // The honest retry then goes through.
    ok(sync(&w, &mut a));
    assert_eq!(
        hub_vector(&w, &a, a.store.device_id()),
        a.store.local_counter()
    );
}

#[test]
fn a_device_of_village_b_cannot_send_a_change_for_village_a() {
    let w = world();
    let mut a = join(&w, "东村", "程鹏", T0, Role::Member);
    let mut b = join(&w, "西村", "王强", T0, Role::Member);
    let ha = add_household(&mut a.store, "A001", "张三");
    ok(sync(&w, &mut a));
    add_household(&mut b.store, "B001", "王五");
    // A change stamped for 东村 from the 西村 laptop.
    let mut forged = changes(&b.store)[0].clone();
    forged.village = "东村".into();
    let ack = ok(transport(&w, &b).push(&ok(cunwu_sync::seal::sealed_batch(
        &b.store,
        T0,
        vec![forged.clone()],
    ))));
    assert_eq!(ack.accepted, 0);
    assert!(
        ack.refused.len() == 1
            && ack.refused[0].id == forged.id
            && ack.refused[0].message.contains("西村"),
        "{ack:?}"
    );
    // An edit of 东村's household labelled 西村 is refused too.
    let mut steal = forged;
    steal.village = "西村".into();
    steal.entity_id = ha.clone();
    steal.id.counter = 99;
    let ack = ok(transport(&w, &b).push(&PushBatch {
        sent_ms: T0,
        changes: vec![steal.clone()],
        ..Default::default()
    }));
    assert_eq!(ack.accepted, 0);
    assert!(
        ack.refused.len() == 1
            && ack.refused[0].id == steal.id
            && ack.refused[0].message.contains("属于“东村”"),
        "{ack:?}"
    );
    ok(sync(&w, &mut a));
    assert!(
        held(&a.store).iter().all(|(_, _, v)| v == "东村"),
        "nothing forwarded to 东村"
    );
    assert!(ok(w.hub.audit_entries(10))
        .iter()
        .any(|(_, _, k, _)| k.contains("被拒")));
}

#[test]
fn a_revoked_or_unknown_device_gets_401() {
    let w = world();
    let mut a = join(&w, "东村", "程鹏", T0, Role::Member);
    ok(sync(&w, &mut a));
    ok(w.hub.revoke(a.store.device_id()));
    let r = sync(&w, &mut a);
    assert!(
        matches!(r, Err(SyncError::Unauthorized(ref m)) if m.contains("撤销")),
        "{r:?}"
    );
    let stranger = LocalTransport::new(w.hub.clone(), Some("0".repeat(64)));
    let r = stranger.vector(&VectorRequest::default());
    assert!(
        matches!(r, Err(SyncError::Unauthorized(ref m)) if m.contains("不认识")),
        "{r:?}"
    );
    // Revoked stays revoked: a new code does not bring it back.
    let code = ok(w
        .hub
        .create_code(&Scope::Village("东村".into()), Role::Member, None));
    let r = cunwu_sync::enrollment::enroll(
        &a.store,
        &LocalTransport::new(w.hub.clone(), None),
        "local",
        &code,
    );
    assert!(r.is_err());
}

#[test]
fn a_member_cannot_write_the_books_and_the_township_cannot_write_at_all() {
    let w = world();
    let mut m = join(&w, "东村", "程鹏", T0, Role::Member);
    add_household(&mut m.store, "A001", "张三");
    let honest = changes(&m.store);
    // A money fact pushed from the member's laptop, beside its household.
    let mut money = honest[0].clone();
    money.entity = "ledger_fact".into();
    money.field = None;
    money.supersedes.clear();
    money.id.counter = 1000;
    let mut batch = vec![money.clone()];
    batch.extend(honest.iter().cloned());
    let ack = ok(transport(&w, &m).push(&PushBatch {
        sent_ms: T0,
        changes: batch,
        ..Default::default()
    }));
    assert_eq!(ack.accepted, honest.len() as u64, "the household is stored");
    assert!(
        ack.refused.len() == 1
            && ack.refused[0].id == money.id
            && ack.refused[0].message.contains("会计"),
        "{ack:?}"
    );
    let mut clerk = join(&w, "东村", "会计", T0, Role::Clerk);
    let id = clerk.store.entity_id_after(0);
    ok(clerk.store.commit_local(vec![cunwu_store::Draft::insert(
        "ledger_fact",
        &id,
        serde_json::json!({"amount_fen": 100}),
    )]));
    ok(sync(&w, &mut clerk));
    let t = laptop(Some("东村"), "乡镇干部", T0);
    enroll(
        &w.hub,
        &t,
        &LocalTransport::new(w.hub.clone(), None),
        "local",
        Scope::Township("草沟镇".into()),
        Role::Township,
    );
    let forged = changes(&clerk.store)[0].clone();
    let r = LocalTransport::new(w.hub.clone(), token(&t.store)).push(&ok(
        cunwu_sync::seal::sealed_batch(&t.store, T0, vec![forged]),
    ));
    assert!(
        matches!(r, Err(SyncError::Forbidden(ref s)) if s.contains("只能查看")),
        "{r:?}"
    );
}

#[test]
fn a_code_for_another_village_is_refused_and_stays_usable() {
    let w = world();
    let lap = laptop(Some("西村"), "王强", T0);
    let code = ok(w
        .hub
        .create_code(&Scope::Village("东村".into()), Role::Member, None));
    let open = LocalTransport::new(w.hub.clone(), None);
    let r = cunwu_sync::enrollment::enroll(&lap.store, &open, "local", &code);
    assert!(
        matches!(r, Err(SyncError::Forbidden(ref m)) if m.contains("西村") && m.contains("东村")),
        "{r:?}"
    );
    assert!(ok(cunwu_sync::enrollment::load(&lap.store)).is_none());
    let right = laptop(Some("东村"), "程鹏", T0);
    ok(cunwu_sync::enrollment::enroll(
        &right.store,
        &open,
        "local",
        &code,
    ));
    // One-time: the code is spent now.
    let again = laptop(Some("东村"), "李娟", T0);
    assert!(matches!(
        cunwu_sync::enrollment::enroll(&again.store, &open, "local", &code),
        Err(SyncError::Unauthorized(_))
    ));
}

#[test]
fn a_batch_delivered_twice_changes_nothing() {
    let w = world();
    let a = join(&w, "东村", "程鹏", T0, Role::Member);
    let mut a = a;
    add_household(&mut a.store, "A001", "张三");
    let batch = ok(cunwu_sync::seal::sealed_batch(
        &a.store,
        T0,
        changes(&a.store),
    ));
    let t = transport(&w, &a);
    let first = ok(t.push(&batch));
    let second = ok(t.push(&batch));
    assert_eq!(first.accepted, batch.changes.len() as u64);
    assert_eq!(
        (second.accepted, second.duplicates),
        (0, batch.changes.len() as u64)
    );
    let mut b = join(&w, "东村", "李娟", T0, Role::Member);
    let r = ok(sync(&w, &mut b));
    assert_eq!(r.pulled, batch.changes.len() as u64);
}

/// Refusals decided by another check before the merge (e.g. authorship)
/// join the write rule's: each refused change alone, with its reason, the
/// rest of the batch stored, the device listed at the hub.
#[test]
fn refusals_from_another_check_refuse_those_changes_alone() {
    let w = world();
    let mut a = join(&w, "东村", "程鹏", T0, Role::Member);
    add_household(&mut a.store, "A001", "张三");
    let batch = changes(&a.store);
    let dev = ok(w.hub.authenticate(token(&a.store).as_deref()));
    let odd = batch[1].id.clone();
    let ack = ok(w.hub.push_judged(
        &dev,
        &PushBatch {
            sent_ms: T0,
            changes: batch.clone(),
            ..Default::default()
        },
        vec![(odd.clone(), "签名不对".into())],
    ));
    assert_eq!(ack.accepted, batch.len() as u64 - 1);
    assert_eq!(ack.refused.len(), 1);
    assert_eq!(
        (&ack.refused[0].id, ack.refused[0].message.as_str()),
        (&odd, "签名不对")
    );
    let listed = ok(w.hub.refused_by_device());
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0].changes, listed[0].last_id.clone()), (1, odd));
}
