//! Every change is its author device's, proven (issue 11, findings 2, 3, 4
//! and 6), each test written as the attack was made: a member laptop
//! writing under the clerk's device id, a 东村 laptop under a 西村 one, a
//! member pre-claiming the clerk's next counter, a forged 371-byte USB
//! bundle naming the importer's own device, and a revoked laptop's work
//! carried to the hub by a colleague.

mod common;

use common::*;
use cunwu_core::change::{Change, ChangeId};
use cunwu_core::clock::{Clock, ManualClock};
use cunwu_hub::local::LocalTransport;
use cunwu_hub::Hub;
use cunwu_sync::bundle::{self, Bundle, Origin, Target};
use cunwu_sync::device_bundle::{self, ExportFor};
use cunwu_sync::protocol::{PushBatch, Role, Scope, Seal, VectorRequest};
use cunwu_sync::transport::Transport;
use cunwu_sync::{seal, sync_now, SyncError, SyncOptions};
use std::sync::Arc;

struct World {
    hub: Arc<Hub>,
    _dir: tempfile::TempDir,
}

fn world() -> World {
    let dir = dir();
    let hub = Arc::new(ok(Hub::open(
        dir.path(),
        Arc::new(ManualClock::new(T0)) as Arc<dyn Clock>,
    )));
    World { hub, _dir: dir }
}

fn join(w: &World, village: &str, user: &str, role: Role) -> Laptop {
    let lap = laptop(Some(village), user, T0);
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

/// What the hub said when it refused a push: a whole batch refused (an
/// error) or each change refused by id in the ack. Nothing of it may have
/// been stored.
fn refusal(r: &Result<cunwu_sync::protocol::PushAck, SyncError>) -> String {
    match r {
        Err(e) => e.to_string(),
        Ok(ack) => {
            assert_eq!(ack.accepted, 0, "nothing stored: {ack:?}");
            ack.refused
                .iter()
                .map(|r| r.message.clone())
                .collect::<Vec<_>>()
                .join("；")
        }
    }
}

fn transport(w: &World, lap: &Laptop) -> LocalTransport {
    LocalTransport::new(w.hub.clone(), token(&lap.store))
}

fn sync(w: &World, lap: &mut Laptop) -> Result<cunwu_sync::SyncReport, SyncError> {
    let t = transport(w, lap);
    sync_now(&mut lap.store, &t, SyncOptions::default())
}

/// How far the hub holds `device`'s changes.
fn hub_holds(w: &World, asker: &Laptop, device: &str) -> u64 {
    let r = ok(transport(w, asker).vector(&VectorRequest {
        devices: vec![device.to_string()],
    }));
    r.vector.get(device).copied().unwrap_or(0)
}

/// A Set of the co-op's 单位名称 under someone else's change id.
fn books_edit(device: &str, counter: u64, village: &str, like: &Change) -> Change {
    Change {
        id: ChangeId {
            device: device.to_string(),
            counter,
        },
        hlc: like.hlc,
        author: "冒名".into(),
        village: village.into(),
        entity: "ledger_settings".into(),
        entity_id: "books".into(),
        field: Some("org_name".into()),
        value: serde_json::json!("假合作社"),
        supersedes: vec![],
    }
}

/// Finding 2: the member laptop pushes a change carrying the clerk's
/// device id (the clerk's role would allow it); refused, nothing stored,
/// and the leader never sees it — with no seal, with the member's own
/// batch seals, or with a seal the member made up.
#[test]
fn a_member_cannot_write_under_the_clerks_device_id() {
    let w = world();
    let mut clerk = join(&w, "东村", "会计", Role::Clerk);
    let mut member = join(&w, "东村", "队员", Role::Member);
    let mut leader = join(&w, "东村", "队长", Role::Leader);
    add_household(&mut clerk.store, "A001", "张三");
    ok(sync(&w, &mut clerk));
    ok(sync(&w, &mut member));
    let clerk_id = clerk.store.device_id().to_string();
    let held = hub_holds(&w, &member, &clerk_id);
    assert!(held > 0);
    let like = changes(&member.store)[0].clone();
    let forged = books_edit(&clerk_id, held + 1, "东村", &like);
    let chain = cunwu_core::change_chain::extend(cunwu_core::change_chain::GENESIS, [&forged]);
    let made_up = Seal {
        device: clerk_id.clone(),
        counter: held + 1,
        chain: cunwu_core::change_chain::to_hex(&chain),
        sig: "ab".repeat(64),
    };
    for batch in [
        PushBatch {
            changes: vec![forged.clone()],
            ..Default::default()
        },
        ok(seal::sealed_batch(&member.store, T0, vec![forged.clone()])),
        PushBatch {
            changes: vec![forged.clone()],
            seals: vec![made_up],
            ..Default::default()
        },
    ] {
        let r = transport(&w, &member).push(&batch);
        assert!(refusal(&r).contains("签名"), "{r:?}");
    }
    assert_eq!(hub_holds(&w, &member, &clerk_id), held, "nothing stored");
    ok(sync(&w, &mut leader));
    assert!(
        !changes(&leader.store)
            .iter()
            .any(|c| c.entity == "ledger_settings"),
        "the leader never sees it"
    );
    let audit = ok(w.hub.audit_entries(5));
    assert!(
        audit.iter().any(|(_, _, k, _)| k.contains("签名")),
        "{audit:?}"
    );
}

/// Finding 2: a 东村 laptop writing under a 西村 device's id is refused,
/// whichever village it labels the change with.
#[test]
fn a_dongcun_laptop_cannot_write_under_a_xicun_device_id() {
    let w = world();
    let mut west = join(&w, "西村", "西村队员", Role::Leader);
    let east = join(&w, "东村", "东村队员", Role::Leader);
    add_household(&mut west.store, "W001", "王五");
    ok(sync(&w, &mut west));
    let west_id = west.store.device_id().to_string();
    let like = changes(&west.store)[0].clone();
    for village in ["西村", "东村"] {
        let forged = books_edit(&west_id, 2 + like.id.counter, village, &like);
        let r = transport(&w, &east).push(&ok(seal::sealed_batch(&east.store, T0, vec![forged])));
        assert!(!refusal(&r).is_empty(), "{village}: {r:?}");
    }
    assert_eq!(
        hub_holds(&w, &west, &west_id),
        west.store.local_counter(),
        "nothing stored under 西村's id"
    );
}

/// Finding 3: a member pushes (clerk's device, the clerk's next counter)
/// first; it is refused, and the clerk's real visit, made next with that
/// id, syncs and reaches the leader.
#[test]
fn a_member_cannot_preclaim_the_clerks_next_counter() {
    let w = world();
    let mut clerk = join(&w, "东村", "会计", Role::Clerk);
    let mut member = join(&w, "东村", "队员", Role::Member);
    let mut leader = join(&w, "东村", "队长", Role::Leader);
    let h = add_household(&mut clerk.store, "A001", "张三");
    ok(sync(&w, &mut clerk));
    ok(sync(&w, &mut member));
    let clerk_id = clerk.store.device_id().to_string();
    let next = clerk.store.local_counter() + 1;
    let mut claim = changes(&member.store)
        .into_iter()
        .find(|c| c.id.device == clerk_id)
        .unwrap_or_else(|| panic!("the member holds the clerk's changes"));
    claim.id.counter = next;
    claim.entity = "visit".into();
    claim.entity_id = format!("{clerk_id}-{next}");
    claim.field = None;
    claim.value = serde_json::json!({"situation": "抢先占号"});
    let r = transport(&w, &member).push(&ok(seal::sealed_batch(&member.store, T0, vec![claim])));
    assert!(!refusal(&r).is_empty(), "{r:?}");

    visit(&mut clerk.store, &h, "会计的真实走访");
    let report = ok(sync(&w, &mut clerk));
    assert_eq!(report.pushed, 1, "the real visit is uploaded");
    assert_eq!(ok(clerk.store.pending_changes()), 0);
    ok(sync(&w, &mut leader));
    let got = changes(&leader.store)
        .into_iter()
        .find(|c| c.id.device == clerk_id && c.id.counter == next)
        .unwrap_or_else(|| panic!("the leader has the clerk's visit"));
    assert!(got.value.to_string().contains("会计的真实走访"));
    assert_eq!(ok(leader.store.state_hash()), ok(clerk.store.state_hash()));
}

/// Finding 4: a forged USB bundle (a few hundred bytes) naming the
/// importing laptop's own device id with counter 2^40−1 is refused, and
/// the laptop keeps writing and syncing.
#[test]
fn a_forged_stick_naming_this_laptops_own_device_is_refused() {
    let w = world();
    let mut victim = join(&w, "东村", "会计", Role::Clerk);
    let h = add_household(&mut victim.store, "A001", "张三");
    let me = victim.store.device_id().to_string();
    let mut forged = changes(&victim.store)[0].clone();
    forged.id.counter = (1u64 << 40) - 1;
    forged.entity = "visit".into();
    forged.field = None;
    forged.entity_id = "x".into();
    forged.value = serde_json::json!({});
    forged.supersedes.clear();
    let bytes = bundle::write(
        &Bundle {
            origin: Origin::Device {
                device_id: "ffff".into(),
                village: Some("东村".into()),
                hub_id: None,
            },
            target: Target::Device(me.clone()),
            created_ms: T0,
            from_cursor: None,
            to_cursor: None,
            seals: vec![],
            public_key: None,
            changes: vec![forged],
        },
        None,
    );
    assert!(bytes.len() < 1024, "a small forged file: {}", bytes.len());
    let report = ok(device_bundle::import(&mut victim.store, &bytes));
    assert_eq!(report.applied, 0);
    assert_eq!(report.refused.len(), 1, "{report:?}");
    assert!(report.refused[0].1.contains("自己的设备编号"), "{report:?}");
    assert!(
        ok(victim.store.all_changes())
            .iter()
            .all(|c| c.id.counter < 1 << 20),
        "nothing of it stored"
    );
    // The laptop is fully working: it writes and syncs.
    visit(&mut victim.store, &h, "照常走访");
    let r = ok(sync(&w, &mut victim));
    assert_eq!(ok(victim.store.pending_changes()), 0, "{r:?}");
}

/// Finding 6: a revoked member laptop exports a stick for a colleague,
/// who imports it and syncs: the hub keeps nothing the revoked laptop
/// wrote after its revocation (it is frozen at what the hub held), nobody
/// else receives it, and the colleague's own work still flows.
#[test]
fn a_revoked_laptops_work_carried_by_a_colleague_is_not_stored() {
    let w = world();
    let mut gone = join(&w, "东村", "离队队员", Role::Member);
    let mut colleague = join(&w, "东村", "同事", Role::Member);
    let mut leader = join(&w, "东村", "队长", Role::Leader);
    add_household(&mut gone.store, "A001", "张三");
    ok(sync(&w, &mut gone));
    let gone_id = gone.store.device_id().to_string();
    let frozen = gone.store.local_counter();
    ok(w.hub.revoke(&gone_id));
    add_household(&mut gone.store, "A002", "假户");
    let (bytes, _) = ok(device_bundle::export(
        &gone.store,
        &ExportFor::Device(colleague.store.device_id().into()),
    ));
    let imported = ok(device_bundle::import(&mut colleague.store, &bytes));
    assert!(imported.applied > 0, "the colleague had not heard yet");
    add_household(&mut colleague.store, "B001", "李四");
    let report = ok(sync(&w, &mut colleague));
    assert!(
        !report.relay_refused.is_empty() || report.refused.iter().any(|r| r.id.device == gone_id),
        "{report:?}"
    );
    assert_eq!(
        hub_holds(&w, &leader, &gone_id),
        frozen,
        "frozen at revocation"
    );
    assert_eq!(ok(colleague.store.pending_changes()), 0, "own work flowed");
    ok(sync(&w, &mut leader));
    assert!(
        !changes(&leader.store)
            .iter()
            .any(|c| c.id.device == gone_id && c.id.counter > frozen),
        "nobody receives it"
    );
    // Once told of the revocation, the colleague stops carrying it, and a
    // later stick from the revoked laptop is refused on import.
    let again = ok(sync(&w, &mut colleague));
    assert!(again.relay_refused.is_empty(), "{again:?}");
    let mut fresh = join(&w, "东村", "新队员", Role::Member);
    let (bytes, _) = ok(device_bundle::export(
        &gone.store,
        &ExportFor::Device(fresh.store.device_id().into()),
    ));
    let r = ok(device_bundle::import(&mut fresh.store, &bytes));
    assert!(
        r.refused.iter().any(|(_, why)| why.contains("撤销")),
        "{r:?}"
    );
    ok(sync(&w, &mut fresh));
}

/// Carrying works: a colleague relays a laptop's stick to the hub, with
/// the author's seal, and the leader gets it.
#[test]
fn a_colleague_relays_a_sealed_stick_to_the_hub() {
    let w = world();
    let mut away = join(&w, "东村", "外出队员", Role::Member);
    let mut colleague = join(&w, "东村", "同事", Role::Member);
    let mut leader = join(&w, "东村", "队长", Role::Leader);
    for i in 0..7 {
        add_household(&mut away.store, &format!("A{i:03}"), "张三");
    }
    let (bytes, _) = ok(device_bundle::export(
        &away.store,
        &ExportFor::Device(colleague.store.device_id().into()),
    ));
    let r = ok(device_bundle::import(&mut colleague.store, &bytes));
    assert!(r.refused.is_empty(), "{r:?}");
    let report = ok(sync(&w, &mut colleague));
    assert!(report.relay_refused.is_empty(), "{report:?}");
    assert_eq!(
        hub_holds(&w, &leader, away.store.device_id()),
        away.store.local_counter()
    );
    ok(sync(&w, &mut leader));
    assert_eq!(ok(leader.store.state_hash()), ok(away.store.state_hash()));
}

/// A device that signs two histories (a laptop restored from a copy that
/// then wrote again), carried to the hub by a colleague, is reported as a
/// fork, in Chinese, and refused. (Pushed by the device itself, the second
/// version is refused as a reused id with other content.)
#[test]
fn a_second_signed_change_at_a_held_counter_is_a_fork() {
    let w = world();
    let mut a = join(&w, "东村", "队员", Role::Member);
    let b = join(&w, "东村", "同事", Role::Member);
    add_household(&mut a.store, "A001", "张三");
    ok(sync(&w, &mut a));
    let last = changes(&a.store)
        .into_iter()
        .rfind(|c| c.id.device == a.store.device_id())
        .unwrap_or_else(|| panic!("a change"));
    let mut other = last.clone();
    other.value = serde_json::json!("另一段历史");
    let second = ok(seal::sealed_batch(&a.store, T0, vec![other]));
    for (who, want) in [(&b, "分叉"), (&a, "内容不同")] {
        let r = transport(&w, who).push(&second);
        assert!(refusal(&r).contains(want), "{want}: {r:?}");
    }
}
