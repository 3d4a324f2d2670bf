//! Trust between villages through one real hub (HTTP on port 0), each test
//! written as the problem was found:
//! - two villages' co-ops use the same member codes, accounts, periods and
//!   settings record; the second clerk to sync used to be refused forever,
//!   and with it that laptop's households and visits;
//! - a household-note change whose `supersedes` named the clerk's voucher,
//!   lot and member facts and another village's households hid them from
//!   every laptop set up later (their first sync is a snapshot);
//! - misspelled entity names (`Ledger_settings`, …) were stored and relayed;
//! - a refused change blocked its whole batch; now it is refused by id,
//!   listed on the laptop and at the hub, and not pushed again;
//! - a laptop refuses to write what its enrolled role may not.

use cunwu_app::coop::*;
use cunwu_core::change::Change;
use cunwu_core::clock::{Clock, ManualClock};
use cunwu_core::household::HouseholdField;
use cunwu_hub::server;
use cunwu_store::Store;
use cunwu_sync::http::HttpTransport;
use cunwu_sync::protocol::{PushBatch, Role, Scope};
use cunwu_sync::transport::Transport;
use cunwu_sync::{sync_now, SyncOptions, SyncReport};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// 2026-11-28 China time.
const T0: i64 = 1_795_910_400_000;

struct Laptop {
    store: Store,
    coop: Coop,
    _dir: tempfile::TempDir,
}

struct World {
    url: String,
    hub: Arc<cunwu_hub::Hub>,
    _running: server::Running,
    _dir: tempfile::TempDir,
}

fn world() -> World {
    let dir = tempfile::tempdir().expect("tmp");
    let running = server::spawn(
        dir.path(),
        "127.0.0.1:0",
        Arc::new(ManualClock::new(T0)) as Arc<dyn Clock>,
    )
    .expect("hub");
    World {
        url: running.url(),
        hub: running.hub.clone(),
        _running: running,
        _dir: dir,
    }
}

/// A laptop of `village` enrolled with the hub in `scope` and `role`.
fn join(w: &World, village: &str, user: &str, scope: Scope, role: Role) -> Laptop {
    let dir = tempfile::tempdir().expect("tmp");
    let mut store = Store::open(
        &dir.path().join("cunwu.db"),
        Arc::new(ManualClock::new(T0)) as Arc<dyn Clock>,
    )
    .expect("open");
    store.init(village, Some("草沟镇"), user).expect("init");
    let code = w
        .hub
        .create_code(&scope, role, Some("草沟镇"))
        .expect("code");
    cunwu_sync::enrollment::enroll(&store, &HttpTransport::new(&w.url, None), &w.url, &code)
        .expect("enroll");
    let coop = Coop::open(&store).expect("coop");
    Laptop {
        store,
        coop,
        _dir: dir,
    }
}

fn sync(w: &World, l: &mut Laptop) -> SyncReport {
    let t = HttpTransport::new(
        &w.url,
        cunwu_sync::enrollment::load(&l.store)
            .expect("e")
            .map(|e| e.token),
    );
    let opts = SyncOptions {
        push_batch: 7,
        push_bytes: 1 << 20,
        pull_batch: 9,
        snapshot_batch: 11,
    };
    sync_now(&mut l.store, &t, opts).expect("sync")
}

fn transport(w: &World, l: &Laptop) -> HttpTransport {
    HttpTransport::new(
        &w.url,
        cunwu_sync::enrollment::load(&l.store)
            .expect("e")
            .map(|e| e.token),
    )
}

fn add_household(l: &mut Laptop, code: &str, head: &str) -> String {
    let mut v = BTreeMap::new();
    v.insert(HouseholdField::Code, code.to_string());
    v.insert(HouseholdField::HeadName, head.to_string());
    v.insert(HouseholdField::GroupNo, "2".to_string());
    l.store.add_household(&v).expect("household").id
}

fn visit(l: &mut Laptop, household: &str, text: &str) {
    let input = cunwu_core::visit::VisitInput {
        visitors: vec!["程鹏".into()],
        situation: text.into(),
        ..Default::default()
    };
    l.store.add_visit(household, &input).expect("visit");
}

fn step(date: &str) -> StepForm {
    StepForm {
        date: Some(date.into()),
        sign: SignForm {
            accountant: Some("刘会计".into()),
            cashier: Some("赵出纳".into()),
            ..Default::default()
        },
    }
}

/// The clerk of `village` registers households 030001 and 030002, names
/// the co-op, runs a lot (members 030001 and 030002, accounts 114.030001
/// …) to a sale at `price` yuan per kg, and closes October.
fn clerk_books(l: &mut Laptop, village: &str, price: &str) {
    let mut settings = l.store.books_settings().expect("settings");
    settings.org_name = format!("{village}肉羊养殖专业合作社");
    l.store.set_books_settings(&settings).expect("name");
    add_household(l, "030001", &format!("{village}甲"));
    add_household(l, "030002", &format!("{village}乙"));
    l.coop
        .close_period(&mut l.store, "2026-10")
        .expect("close October");
    let sign = step("2026-11-05").sign;
    let lot = l
        .coop
        .lot_open(
            &mut l.store,
            &LotForm {
                name: "肉羊统一收购".into(),
                product: "活羊".into(),
                date: Some("2026-11-05".into()),
            },
            &sign,
        )
        .expect("lot")
        .id;
    let rows = ["030001", "030002"]
        .iter()
        .map(|c| IntakeRow {
            household: c.to_string(),
            head: 2,
            weight: "48".into(),
            price: price.into(),
            ..Default::default()
        })
        .collect();
    l.coop
        .lot_intake(
            &mut l.store,
            &lot,
            &IntakeForm {
                step: step("2026-11-05"),
                rows,
            },
        )
        .expect("intake");
    let sale = SaleForm {
        step: step("2026-11-08"),
        buyer: "屠宰场".into(),
        quantity: "96".into(),
        unit: None,
        price: "33".into(),
        into: "银行".into(),
    };
    l.coop.lot_sale(&mut l.store, &lot, &sale).expect("sale");
}

fn day(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// What a laptop shows of one village's books: the co-op's name, the
/// journal (number, summary and amounts of every voucher) and the trial
/// balance.
fn books(l: &mut Laptop) -> (String, Vec<String>, String) {
    l.coop.refresh(&l.store).expect("refresh");
    let journal = l
        .coop
        .journal(&l.store, day("2026-01-01"), day("2026-12-31"))
        .expect("journal")
        .iter()
        .map(|e| format!("{e:?}"))
        .collect();
    let tb = l
        .coop
        .trial_balance(&l.store, day("2026-01-01"), day("2026-12-31"))
        .expect("tb");
    (
        l.coop.ledger().settings().org_name.clone(),
        journal,
        format!("{:?}", tb.rows),
    )
}

fn village_changes(s: &Store, village: &str) -> BTreeSet<(String, u64)> {
    s.all_changes()
        .expect("changes")
        .into_iter()
        .filter(|c| c.village == village)
        .map(|c| (c.id.device, c.id.counter))
        .collect()
}

fn codes(s: &Store) -> Vec<String> {
    let mut v: Vec<String> = s
        .all_changes()
        .expect("changes")
        .into_iter()
        .filter(|c| c.entity == "household" && c.field.as_deref() == Some("code"))
        .map(|c| format!("{}:{}", c.village, c.value.as_str().unwrap_or_default()))
        .collect();
    v.sort();
    v
}

/// Finding 1: two co-ops with the same member codes, accounts, periods and
/// settings record sync through one hub and stay apart.
#[test]
fn two_villages_co_ops_with_the_same_codes_sync_and_stay_apart() {
    let w = world();
    let dong = Scope::Village("东村".into());
    let xi = Scope::Village("西村".into());
    let mut a = join(&w, "东村", "刘会计", dong.clone(), Role::Clerk);
    let mut b = join(&w, "西村", "王会计", xi.clone(), Role::Clerk);
    clerk_books(&mut a, "东村", "28");
    clerk_books(&mut b, "西村", "30");
    let r = sync(&w, &mut a);
    assert!(r.refused.is_empty(), "{:?}", r.refused);
    // The second co-op's natural keys (member:030001, account:114.030001,
    // period:2026-10, books) are its own, not 东村's.
    let r = sync(&w, &mut b);
    assert!(r.refused.is_empty(), "{:?}", r.refused);
    // Its register and visits flow too.
    let hb = add_household(&mut b, "030003", "西村丙");
    visit(&mut b, &hb, "西村的走访");
    let r = sync(&w, &mut b);
    assert!(r.refused.is_empty() && r.pushed > 0, "{r:?}");
    assert_eq!(b.store.pending_changes().expect("pending"), 0);

    let (a_books, b_books) = (books(&mut a), books(&mut b));
    assert_ne!(a_books, b_books, "two different co-ops");
    assert_eq!(a_books.0, "东村肉羊养殖专业合作社");
    for (scope, village, clerk_books, clerk) in [
        (dong.clone(), "东村", &a_books, &a),
        (xi.clone(), "西村", &b_books, &b),
    ] {
        let mut leader = join(&w, village, "队长", scope, Role::Leader);
        sync(&w, &mut leader);
        assert_eq!(&books(&mut leader), clerk_books, "{village} leader");
        assert_eq!(
            village_changes(&leader.store, village),
            village_changes(&clerk.store, village),
            "{village}"
        );
        assert_eq!(leader.store.conflicts().expect("conflicts").len(), 0);
    }
    // The township laptop holds both villages, each whole and apart, both
    // households 030001 among them.
    let mut t = join(
        &w,
        "东村",
        "乡镇干部",
        Scope::Township("草沟镇".into()),
        Role::Township,
    );
    sync(&w, &mut t);
    assert_eq!(
        village_changes(&t.store, "东村"),
        village_changes(&a.store, "东村")
    );
    assert_eq!(
        village_changes(&t.store, "西村"),
        village_changes(&b.store, "西村")
    );
    assert_eq!(
        codes(&t.store),
        vec![
            "东村:030001",
            "东村:030002",
            "西村:030001",
            "西村:030002",
            "西村:030003"
        ]
    );
    let all = t
        .store
        .list_households(&cunwu_store::HouseholdFilter::default())
        .expect("list");
    assert_eq!(all.len(), 5);
    // Its books are those of the village it was set up for, never a
    // mixture of the two co-ops (whose natural keys are the same), and the
    // two settings records are not a conflict.
    assert_eq!(books(&mut t), a_books, "township laptop set up for 东村");
    assert_eq!(t.store.conflicts().expect("conflicts").len(), 0);
    let mut t2 = join(
        &w,
        "西村",
        "乡镇干部",
        Scope::Township("草沟镇".into()),
        Role::Township,
    );
    sync(&w, &mut t2);
    assert_eq!(books(&mut t2), b_books, "township laptop set up for 西村");
    assert_eq!(t2.store.conflicts().expect("conflicts").len(), 0);
    // `ledger verify` on it checks 西村's books alone, and finds them whole.
    let report = t2.coop.verify(&t2.store).expect("verify");
    assert!(report.intact, "{report:?}");
    let clerk_report = b.coop.verify(&b.store).expect("verify");
    assert_eq!(report.vouchers, clerk_report.vouchers);
}

/// A change forged on `from`'s device: a household note of `household`
/// that names `supersedes` (pushed straight to the hub).
fn forged_note(from: &Laptop, household: &str, supersedes: Vec<Change>) -> Change {
    let mine = from.store.all_changes().expect("changes");
    let last = mine
        .iter()
        .filter(|c| c.id.device == from.store.device_id())
        .max_by_key(|c| c.id.counter)
        .expect("a change")
        .clone();
    Change {
        id: cunwu_core::change::ChangeId {
            device: from.store.device_id().to_string(),
            counter: from.store.local_counter() + 1,
        },
        entity: "household".into(),
        entity_id: household.into(),
        field: Some("notes".into()),
        value: serde_json::json!("备注"),
        supersedes: supersedes.into_iter().map(|c| c.id).collect(),
        ..last
    }
}

/// Finding 5: a household-note change naming the clerk's voucher, lot and
/// member facts and another village's households is refused; laptops set
/// up later (a snapshot first) hold the whole journal, the clerk's trial
/// balance, every visit and household.
#[test]
fn a_note_cannot_supersede_other_records_and_snapshots_keep_every_fact() {
    let w = world();
    let dong = Scope::Village("东村".into());
    let mut clerk = join(&w, "东村", "刘会计", dong.clone(), Role::Clerk);
    let mut member = join(&w, "东村", "程鹏", dong.clone(), Role::Member);
    let mut west = join(
        &w,
        "西村",
        "王强",
        Scope::Village("西村".into()),
        Role::Leader,
    );
    clerk_books(&mut clerk, "东村", "28");
    let hw = add_household(&mut west, "030001", "西村甲");
    visit(&mut west, &hw, "西村走访");
    sync(&w, &mut clerk);
    sync(&w, &mut west);
    let h = add_household(&mut member, "A001", "张三");
    visit(&mut member, &h, "家里老人腿脚不便");
    sync(&w, &mut member);

    let facts: Vec<Change> = clerk
        .store
        .all_changes()
        .expect("changes")
        .into_iter()
        .filter(|c| c.entity.starts_with("ledger") || c.entity.starts_with("lot"))
        .collect();
    assert!(facts.iter().any(|c| c.entity == "ledger_member"));
    let mut victims = facts.clone();
    victims.extend(
        west.store
            .all_changes()
            .expect("w")
            .into_iter()
            .filter(|c| c.entity == "household"),
    );
    let forged = forged_note(&member, &h, victims);
    let ack = transport(&w, &member)
        .push(&PushBatch {
            sent_ms: T0,
            changes: vec![forged.clone()],
            ..Default::default()
        })
        .expect("push answered");
    assert_eq!(ack.accepted, 0, "{ack:?}");
    assert_eq!(ack.refused.len(), 1, "{ack:?}");
    assert_eq!(ack.refused[0].id, forged.id);
    assert!(ack.refused[0]
        .message
        .contains("只能取代同一村、同一条记录、同一项"));

    let want_books = books(&mut clerk);
    for (scope, role, village) in [
        (dong.clone(), Role::Leader, "东村"),
        (Scope::Township("草沟镇".into()), Role::Township, "东村"),
    ] {
        let mut fresh = join(&w, village, "新电脑", scope, role);
        let r = sync(&w, &mut fresh);
        assert!(r.snapshot, "first sync is a snapshot");
        for c in &facts {
            assert!(
                village_changes(&fresh.store, "东村")
                    .contains(&(c.id.device.clone(), c.id.counter)),
                "fact {} kept",
                c.id
            );
        }
        if role == Role::Leader {
            assert_eq!(books(&mut fresh), want_books);
        }
        assert_eq!(fresh.store.visits_of(&h).expect("visits").len(), 1);
        assert!(fresh.store.household(&h).is_ok());
        if role == Role::Township {
            assert!(fresh.store.household(&hw).is_ok(), "西村's household kept");
            assert_eq!(fresh.store.visits_of(&hw).expect("visits").len(), 1);
        }
    }
}

/// Finding 9 and the rest of finding 1: misspelled entities are refused by
/// id, the good changes of the same batch are stored, the laptop lists
/// what was refused and does not push it again, and the hub lists the
/// device.
#[test]
fn misspelled_entities_are_refused_alone_and_the_queue_keeps_flowing() {
    let w = world();
    let dong = Scope::Village("东村".into());
    let mut member = join(&w, "东村", "程鹏", dong.clone(), Role::Member);
    let mut other = join(&w, "东村", "李娟", dong.clone(), Role::Member);
    let h = add_household(&mut member, "A001", "张三");
    let honest = member.store.all_changes().expect("changes");
    let mut batch = Vec::new();
    for (i, name) in ["Ledger_settings", "ledger-settings", " ledger_settings"]
        .into_iter()
        .enumerate()
    {
        let mut c = honest[0].clone();
        c.entity = name.into();
        c.entity_id = "books".into();
        c.field = Some("org_name".into());
        c.supersedes.clear();
        c.id.counter = 500 + i as u64;
        batch.push(c);
    }
    let bad: BTreeSet<_> = batch.iter().map(|c| c.id.clone()).collect();
    batch.extend(honest.iter().cloned());
    let ack = transport(&w, &member)
        .push(&PushBatch {
            sent_ms: T0,
            changes: batch,
            ..Default::default()
        })
        .expect("push answered");
    assert_eq!(ack.accepted, honest.len() as u64, "the household is stored");
    assert_eq!(
        ack.refused
            .iter()
            .map(|r| r.id.clone())
            .collect::<BTreeSet<_>>(),
        bad
    );
    assert!(ack
        .refused
        .iter()
        .all(|r| r.message.contains("不是本系统认识的类型")));
    sync(&w, &mut other);
    assert!(other.store.household(&h).is_ok());
    assert!(
        other
            .store
            .all_changes()
            .expect("c")
            .iter()
            .all(|c| cunwu_core::entity_kind::kind_of(&c.entity).is_some()),
        "nothing misspelled relayed"
    );
    let listed = w.hub.refused_by_device().expect("listed");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].pushed_by, member.store.device_id());
    assert_eq!(listed[0].changes, 3);
}

/// A laptop that wrote co-op entries before it was enrolled as a team
/// member: the hub refuses those by id, stores its households and visits,
/// the laptop lists the refusals (sync status and the 同步 page) and does
/// not send them again, and its later work keeps flowing.
#[test]
fn refused_changes_are_listed_and_never_block_the_queue() {
    let w = world();
    let dir = tempfile::tempdir().expect("tmp");
    let mut store = Store::open(
        &dir.path().join("cunwu.db"),
        Arc::new(ManualClock::new(T0)) as Arc<dyn Clock>,
    )
    .expect("open");
    store.init("东村", Some("草沟镇"), "程鹏").expect("init");
    let coop = Coop::open(&store).expect("coop");
    let mut l = Laptop {
        store,
        coop,
        _dir: dir,
    };
    // Before enrolling, nothing decides the role: the books are written.
    clerk_books(&mut l, "东村", "28");
    let code = w
        .hub
        .create_code(&Scope::Village("东村".into()), Role::Member, Some("草沟镇"))
        .expect("code");
    cunwu_sync::enrollment::enroll(&l.store, &HttpTransport::new(&w.url, None), &w.url, &code)
        .expect("enroll");
    let first = sync(&w, &mut l);
    assert!(!first.refused.is_empty());
    assert!(first.refused.iter().all(|r| r.message.contains("工作队员")));
    assert!(first.pushed > 0, "households stored: {first:?}");
    let refused = first.refused.len();
    let status = cunwu_sync::status(&l.store).expect("status");
    assert_eq!(status.refused.len(), refused);
    assert_eq!(status.pending_changes, 0, "nothing waits for ever");
    let lines = cunwu_app::sync_desk::refused::status_lines(&status.refused);
    assert!(lines[0].contains(&format!("{refused} 条")), "{lines:?}");
    let view = cunwu_app::sync_desk::refused::list(&l.store).expect("view");
    assert_eq!(view.len(), refused);
    // Later work flows; the refused are not sent again.
    let h = add_household(&mut l, "A009", "新户");
    visit(&mut l, &h, "走访");
    let second = sync(&w, &mut l);
    assert!(second.refused.is_empty(), "{second:?}");
    assert_eq!(
        second.push_duplicates, 0,
        "nothing pushed twice: {second:?}"
    );
    assert_eq!(l.store.pending_changes().expect("pending"), 0);
    let mut leader = join(
        &w,
        "东村",
        "队长",
        Scope::Village("东村".into()),
        Role::Leader,
    );
    sync(&w, &mut leader);
    assert_eq!(leader.store.visits_of(&h).expect("visits").len(), 1);
    assert!(leader.store.household(&h).is_ok());
    assert_eq!(w.hub.refused_by_device().expect("hub").len(), 1);
}

/// The laptop refuses, with the hub's own rule, what its enrolled role may
/// not write: a team member's laptop cannot post a voucher, a township
/// laptop cannot add a household.
#[test]
fn a_laptop_refuses_what_its_role_may_not_write() {
    let w = world();
    let mut member = join(
        &w,
        "东村",
        "程鹏",
        Scope::Village("东村".into()),
        Role::Member,
    );
    let before = member.store.local_counter();
    let form = PostForm {
        date: Some("2026-11-05".into()),
        summary: "收到捐款".into(),
        lines: vec![
            LineForm {
                account: "101".into(),
                debit: Some("100".into()),
                ..Default::default()
            },
            LineForm {
                account: "311".into(),
                credit: Some("100".into()),
                ..Default::default()
            },
        ],
        attachments: 0,
        sign: step("2026-11-05").sign,
    };
    let err = member
        .coop
        .post(&mut member.store, &form)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("工作队员") && err.contains("会计"), "{err}");
    assert_eq!(member.store.local_counter(), before, "nothing written");
    // The member still writes the register.
    add_household(&mut member, "A001", "张三");

    let mut t = join(
        &w,
        "东村",
        "乡镇干部",
        Scope::Township("草沟镇".into()),
        Role::Township,
    );
    let mut v = BTreeMap::new();
    v.insert(HouseholdField::Code, "T001".to_string());
    v.insert(HouseholdField::HeadName, "乡镇户".to_string());
    v.insert(HouseholdField::GroupNo, "1".to_string());
    let err = t
        .store
        .add_household(&v)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("乡镇账号只能查看"), "{err}");
    assert_eq!(t.store.local_counter(), 0);
}
