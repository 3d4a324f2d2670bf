//! Needs in the store: the index follows the facts (made here or synced,
//! in any order), refused steps write nothing, a visit and its needs are
//! one transaction, and needs synced before their tables existed are
//! rebuilt on open.

mod common;

use common::{household, village, T0};
use cunwu_core::clock::DAY_MS;
use cunwu_core::need::{Kind, NeedInput, PersonField, Satisfaction, Source, Status, Step, Target};
use cunwu_core::visit::{parse_date, VisitInput};
use cunwu_store::{NeedFilter, Store};

fn input(text: &str) -> NeedInput {
    NeedInput {
        requester_name: "王秀兰".into(),
        requester_phone: "13800138000".into(),
        text: text.into(),
        category: "道路与设施".into(),
        kind: Some(Kind::Common),
        ..Default::default()
    }
}

fn claim(owner: &str) -> Step {
    Step::Claim {
        owner: owner.into(),
        owner_id: None,
        promised: parse_date("2026-12-20").expect("date"),
    }
}

fn walk(s: &mut Store, code: &str) {
    for step in [
        Step::Register,
        Step::Publish,
        claim("李明"),
        Step::Progress,
        Step::Done,
        Step::Feedback {
            result: Satisfaction::Satisfied,
        },
        Step::Close,
    ] {
        s.need_step(code, step, "", None).expect("step");
    }
}

#[test]
fn a_need_walks_to_closed_and_lists_by_filter() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut s, clock) = village(&dir, "a.db", "程鹏");
    let h = s
        .add_household(&household("H01", "王建国", "3"))
        .expect("h");
    let mut hh = input("家门口路灯坏了");
    hh.target = Some(Target::Household {
        household_id: "H01".into(),
    });
    hh.kind = Some(Kind::Individual);
    hh.promised = Some(parse_date("2026-12-01").expect("d"));
    let a = s.add_need(&hh).expect("add");
    assert_eq!(a.folded.status, Status::Collected);
    assert!(a.need.code.starts_with("WZ-"), "{}", a.need.code);
    let b = s.add_need(&input("村道硬化")).expect("add");
    assert_ne!(a.need.code, b.need.code);
    walk(&mut s, &b.need.code);
    let b = s.need(&b.need.code.to_lowercase()).expect("by code");
    assert_eq!(b.folded.status, Status::Closed);
    assert_eq!(b.folded.timeline.len(), 7);

    let rows = s
        .list_needs(&NeedFilter {
            group_no: Some("3".into()),
            ..Default::default()
        })
        .expect("list");
    assert_eq!(rows.len(), 1, "group from the household");
    assert_eq!(rows[0].household_head.as_deref(), Some("王建国"));
    assert_eq!(rows[0].household_id.as_deref(), Some(h.id.as_str()));
    let closed = s
        .list_needs(&NeedFilter {
            status: Some(Status::Closed),
            ..Default::default()
        })
        .expect("list");
    assert_eq!(closed.len(), 1);
    assert_eq!(closed[0].owner.as_deref(), Some("李明"));
    // Three days past its promised date, the first is overdue.
    clock.advance(5 * DAY_MS);
    let overdue = s
        .list_needs(&NeedFilter {
            overdue: true,
            ..Default::default()
        })
        .expect("list");
    assert_eq!(overdue.len(), 1);
    assert!(overdue[0].overdue);
    let counts = s
        .need_status_counts(&NeedFilter::default())
        .expect("counts");
    assert_eq!(counts.get(&Status::Closed), Some(&1));
    assert_eq!(counts.get(&Status::Collected), Some(&1));
}

#[test]
fn a_refused_step_writes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut s, _) = village(&dir, "a.db", "程鹏");
    let n = s.add_need(&input("路灯")).expect("add");
    let before = s.all_changes().expect("changes").len();
    let err = s
        .need_step(&n.need.code, Step::Close, "", None)
        .expect_err("refused");
    assert!(err.to_string().contains("不能销号"), "{err}");
    let err = s
        .need_step(&n.need.code, Step::Register, "", None)
        .and_then(|_| {
            s.need_step(
                &n.need.code,
                Step::Claim {
                    owner: "李明".into(),
                    owner_id: None,
                    promised: parse_date("2026-11-01").expect("d"),
                },
                "",
                None,
            )
        })
        .expect_err("past date");
    assert!(err.to_string().contains("已经过去"), "{err}");
    assert!(s.need("WZ-XXX-9-2").is_err());
    assert_eq!(
        s.all_changes().expect("changes").len(),
        before + 1,
        "only the register"
    );
}

#[test]
fn offline_claims_on_two_laptops_conflict_the_same_way_on_both() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut a, _) = village(&dir, "a.db", "程鹏");
    let (mut b, bc) = village(&dir, "b.db", "刘洋");
    let n = a.add_need(&input("饮水管破了")).expect("add");
    a.need_step(&n.need.id, Step::Register, "", None)
        .expect("reg");
    b.apply_foreign(&a.all_changes().expect("c")).expect("sync");
    bc.set(T0 + 1000);
    a.need_step(&n.need.id, claim("李明"), "", None)
        .expect("a claims");
    b.need_step(&n.need.id, claim("赵红"), "", None)
        .expect("b claims");
    let from_a = a.all_changes().expect("c");
    let from_b = b.all_changes().expect("c");
    // Each receives the other's changes, in opposite orders.
    a.apply_foreign(&from_b.iter().rev().cloned().collect::<Vec<_>>())
        .expect("a pulls");
    b.apply_foreign(&from_a).expect("b pulls");
    let (ra, rb) = (
        a.need(&n.need.id).expect("a"),
        b.need(&n.need.id).expect("b"),
    );
    assert_eq!(ra.folded, rb.folded);
    assert_eq!(
        ra.folded.conflicts.len(),
        1,
        "both claims kept, one conflict"
    );
    assert_eq!(ra.folded.timeline.len(), 3);
    let rows = b.list_needs(&NeedFilter::default()).expect("list");
    assert_eq!(rows[0].conflicts, 1);
    // Settled on one laptop, settled on the other after sync.
    a.need_step(&n.need.id, Step::Settle, "由李明办理", None)
        .expect("settle");
    b.apply_foreign(&a.all_changes().expect("c")).expect("sync");
    assert!(b.need(&n.need.id).expect("b").folded.conflicts.is_empty());
    assert_eq!(
        b.list_needs(&NeedFilter::default()).expect("l")[0].conflicts,
        0
    );
}

#[test]
fn a_visit_and_its_needs_are_one_write() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut s, _) = village(&dir, "a.db", "程鹏");
    s.add_household(&household("H01", "王建国", "1"))
        .expect("h");
    let visit = VisitInput {
        visitors: vec!["程鹏".into()],
        situation: "独居老人".into(),
        needs: "想修屋顶；想办低保".into(),
        ..Default::default()
    };
    let mut roof = input("屋顶漏雨");
    roof.category = "住房".into();
    let mut bad = input("低保");
    bad.category = "不存在的分类".into();
    let before = s.all_changes().expect("c").len();
    let err = s
        .add_visit_with_needs("H01", &visit, &[roof.clone(), bad])
        .expect_err("bad need");
    assert!(err.to_string().contains("诉求分类"), "{err}");
    assert_eq!(
        s.all_changes().expect("c").len(),
        before,
        "visit not written either"
    );
    let mut policy = input("咨询低保政策");
    policy.category = "政策咨询".into();
    let (v, needs) = s
        .add_visit_with_needs("H01", &visit, &[roof, policy])
        .expect("visit");
    assert_eq!(needs.len(), 2);
    assert_ne!(needs[0].code, needs[1].code);
    let of_visit = s
        .list_needs(&NeedFilter {
            visit_id: Some(v.id.clone()),
            ..Default::default()
        })
        .expect("list");
    assert_eq!(of_visit.len(), 2);
    let one = s.need(&needs[0].id).expect("need");
    assert_eq!(one.need.source, Source::Visit { visit_id: v.id });
}

#[test]
fn needs_synced_before_the_tables_existed_are_rebuilt_on_open() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("a.db");
    let (mut s, _) = village(&dir, "a.db", "程鹏");
    let n = s.add_need(&input("路灯")).expect("add");
    walk(&mut s, &n.need.code);
    let mut p = std::collections::BTreeMap::new();
    p.insert(PersonField::Name, "李明".to_string());
    p.insert(PersonField::PartyMember, "是".to_string());
    s.add_person(&p).expect("person");
    drop(s);
    {
        let c = rusqlite::Connection::open(&path).expect("open");
        c.execute_batch(
            "DELETE FROM need; DELETE FROM need_event; DELETE FROM person;
             INSERT INTO meta(key, value) VALUES ('needs.rebuild', '1');",
        )
        .expect("wipe");
    }
    let clock = std::sync::Arc::new(cunwu_core::clock::ManualClock::new(T0));
    let s = Store::open(&path, clock).expect("reopen");
    assert_eq!(
        s.need(&n.need.code).expect("need").folded.status,
        Status::Closed
    );
    let people = s.people().expect("people");
    assert_eq!(people.len(), 1);
    assert!(people[0].party_member);
}

#[test]
fn people_are_records_that_sync() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut a, _) = village(&dir, "a.db", "程鹏");
    let (mut b, _) = village(&dir, "b.db", "刘洋");
    let mut p = std::collections::BTreeMap::new();
    p.insert(PersonField::Name, "李明".to_string());
    p.insert(PersonField::Role, "村两委".to_string());
    p.insert(PersonField::Phone, "13900139000".to_string());
    let li = a.add_person(&p).expect("add");
    a.edit_person("李明", PersonField::Branch, "网周村党支部")
        .expect("edit");
    assert!(a.edit_person("李明", PersonField::Phone, "123").is_err());
    b.apply_foreign(&a.all_changes().expect("c")).expect("sync");
    let got = b.person(&li.id).expect("person");
    assert_eq!(got.branch, "网周村党支部");
    assert_eq!(got.role, "村两委");
}

#[test]
fn a_household_moving_group_takes_its_needs_along_on_every_laptop() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut a, _) = village(&dir, "a.db", "程鹏");
    let (mut b, _) = village(&dir, "b.db", "刘洋");
    let h = a
        .add_household(&household("H01", "王建国", "3"))
        .expect("h");
    let mut i = input("屋顶漏雨");
    i.target = Some(Target::Household {
        household_id: "H01".into(),
    });
    a.add_need(&i).expect("need");
    let in_group = |s: &Store, g: &str| {
        s.list_needs(&NeedFilter {
            group_no: Some(g.into()),
            ..Default::default()
        })
        .expect("list")
        .len()
    };
    assert_eq!(in_group(&a, "3"), 1);
    b.apply_foreign(&a.all_changes().expect("c")).expect("sync");
    assert_eq!(
        in_group(&b, "3"),
        1,
        "need and household arrive in one batch"
    );
    a.edit_household(&h.id, cunwu_core::household::HouseholdField::GroupNo, "5")
        .expect("move");
    assert_eq!((in_group(&a, "3"), in_group(&a, "5")), (0, 1));
    b.apply_foreign(&a.all_changes().expect("c")).expect("sync");
    assert_eq!((in_group(&b, "3"), in_group(&b, "5")), (0, 1));
    assert_eq!(a.state_hash().expect("h"), b.state_hash().expect("h"));
}
