//! The needs façade on one laptop: a visit and its needs, refused steps
//! (each with its Chinese message, nothing written), the party members'
//! quota, and the 公示 export that never shows a requester's phone, an ID
//! number or health details.

use cunwu_app::desk::VisitForm;
use cunwu_app::needs::{self, NeedForm, NeedQuery, StepForm, VisitWithNeeds};
use cunwu_app::people::{self, PersonForm};
use cunwu_core::clock::ManualClock;
use cunwu_core::household::HouseholdField;
use cunwu_store::Store;
use std::collections::BTreeMap;
use std::sync::Arc;

/// 2026-11-29 08:00 China time.
const T0: i64 = 1_795_910_400_000;

fn village(dir: &tempfile::TempDir) -> Store {
    let mut s =
        Store::open(&dir.path().join("v.db"), Arc::new(ManualClock::new(T0))).expect("open");
    s.init("网周村", Some("草沟镇"), "程鹏").expect("init");
    let mut v = BTreeMap::new();
    v.insert(HouseholdField::Code, "H01".to_string());
    v.insert(HouseholdField::HeadName, "王建国".to_string());
    v.insert(HouseholdField::GroupNo, "2".to_string());
    s.add_household(&v).expect("household");
    s
}

fn form(text: &str, category: &str) -> NeedForm {
    NeedForm {
        requester_name: "王建国".into(),
        requester_phone: "13912345678".into(),
        text: text.into(),
        category: category.into(),
        ..Default::default()
    }
}

fn step(key: &str) -> StepForm {
    StepForm {
        step: key.into(),
        ..Default::default()
    }
}

#[test]
fn a_visit_records_its_needs_and_the_household_shows_them() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut s = village(&dir);
    let made = needs::visit_add(
        &mut s,
        "H01",
        VisitWithNeeds {
            visit: VisitForm {
                visitors: vec!["程鹏".into()],
                needs: "屋顶漏雨；孩子上学远".into(),
                ..Default::default()
            },
            needs: vec![form("屋顶漏雨", "住房"), form("孩子上学远", "教育")],
        },
    )
    .expect("visit");
    assert_eq!(made.needs.len(), 2);
    assert!(made
        .needs
        .iter()
        .all(|n| n.visit_id.as_deref() == Some(made.visit.id.as_str())));
    let of_house = needs::of_household(&s, "H01").expect("household");
    assert_eq!(of_house.len(), 2);
    assert!(of_house.iter().all(|n| n.status.label == "已收集"));
    assert_eq!(of_house[0].household_head.as_deref(), Some("王建国"));
    let list = needs::list(
        &s,
        &NeedQuery {
            group_no: Some("2组".into()),
            ..Default::default()
        },
    )
    .expect("list");
    assert_eq!(list.rows.len(), 2);
    assert_eq!(list.counts[0].status.label, "已收集");
    assert_eq!(list.counts[0].count, 2);
}

#[test]
fn refused_steps_say_what_to_do_and_write_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut s = village(&dir);
    let n = needs::add(&mut s, &form("路灯坏了", "道路与设施")).expect("add");
    let code = n.row.code.clone();
    let before = s.all_changes().expect("c").len();
    let cases: Vec<(&str, StepForm, &str)> = vec![
        ("WZ-AAA-1-2", step("register"), "查询码"),
        (code.as_str(), step("close"), "不能销号"),
        (code.as_str(), step("publish"), "现在可以：登记"),
        (code.as_str(), step("飞"), "不是办理步骤"),
        (
            code.as_str(),
            StepForm {
                step: "claim".into(),
                owner: Some("李明".into()),
                promised: Some("2026-11-01".into()),
                ..Default::default()
            },
            "已经过去",
        ),
        (
            code.as_str(),
            StepForm {
                step: "feedback".into(),
                ..Default::default()
            },
            "请填写群众评价",
        ),
        (code.as_str(), step("reject"), "请写明不予受理的理由"),
    ];
    for (key, f, want) in cases {
        let err = needs::step(&mut s, key, &f).expect_err(want).to_string();
        assert!(err.contains(want), "{want}: {err}");
    }
    let err = needs::add(
        &mut s,
        &NeedForm {
            promised: Some("2026-01-01".into()),
            ..form("修路", "道路与设施")
        },
    )
    .expect_err("past");
    assert!(err.to_string().contains("已经过去"), "{err}");
    assert_eq!(s.all_changes().expect("c").len(), before, "nothing written");
    // The page lists what is allowed now.
    let page = needs::show(&s, &code, false).expect("show");
    let keys: Vec<&str> = page.allowed_steps.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, ["register", "explain", "merge", "reject", "urge"]);
    assert_eq!(page.requester_phone, "139****5678");
}

#[test]
fn the_quota_lists_party_members_without_a_wish_first() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut s = village(&dir);
    let li = people::add(
        &mut s,
        &PersonForm {
            name: "李明".into(),
            role: "党员".into(),
            branch: "网周村党支部".into(),
            party_member: true,
            ..Default::default()
        },
    )
    .expect("li");
    people::add(
        &mut s,
        &PersonForm {
            name: "赵红".into(),
            role: "党员".into(),
            party_member: true,
            ..Default::default()
        },
    )
    .expect("zhao");
    people::add(
        &mut s,
        &PersonForm {
            name: "程鹏".into(),
            role: "工作队员".into(),
            ..Default::default()
        },
    )
    .expect("cheng");
    let wish = needs::add(
        &mut s,
        &NeedForm {
            source: "微心愿".into(),
            ..form("想要一台收音机", "其他")
        },
    )
    .expect("wish");
    for f in [
        step("register"),
        step("publish"),
        StepForm {
            step: "claim".into(),
            owner: Some("李明".into()),
            promised: Some("2026-12-10".into()),
            ..Default::default()
        },
    ] {
        needs::step(&mut s, &wish.row.code, &f).expect("step");
    }
    let q = needs::quota(&s, Some(2026)).expect("quota");
    assert_eq!(q.len(), 2, "party members only");
    assert_eq!((q[0].name.as_str(), q[0].met), ("赵红", false));
    assert_eq!(
        (q[1].person_id.as_str(), q[1].claimed, q[1].met),
        (li.id.as_str(), 1, true)
    );
    assert!(needs::quota(&s, Some(2025))
        .expect("q")
        .iter()
        .all(|l| !l.met));
    let edited = people::edit(&mut s, "赵红", "党支部", "网周村党支部").expect("edit");
    assert_eq!(edited.branch, "网周村党支部");
    assert!(people::edit(&mut s, "赵红", "身高", "1").is_err());
}

#[test]
fn the_public_export_shows_no_phone_id_or_health_text() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut s = village(&dir);
    needs::add(&mut s, &form("患糖尿病，需要长期用药，想办慢病卡", "医疗")).expect("add");
    needs::add(
        &mut s,
        &form(
            "身份证 110101199003077777 的低保待遇，联系 13912345678",
            "政策咨询",
        ),
    )
    .expect("add");
    needs::add(
        &mut s,
        &NeedForm {
            household: Some("H01".into()),
            ..form("村口路灯坏了", "道路与设施")
        },
    )
    .expect("add");
    let all = dir.path().join("all.xlsx");
    let public = dir.path().join("public.xlsx");
    let q = NeedQuery::default();
    assert_eq!(
        needs::export(&s, all.to_str().expect("p"), &q, false).expect("all"),
        3
    );
    assert_eq!(
        needs::export(&s, public.to_str().expect("p"), &q, true).expect("pub"),
        3
    );
    let cells = |p: &std::path::Path| -> String {
        let t = cunwu_sheet::read_table(p).expect("read");
        let mut out = t.headers.join("|");
        for r in &t.rows {
            out.push('\n');
            out.push_str(&r.cells.join("|"));
        }
        out
    };
    let internal = cells(&all);
    assert!(
        internal.contains("13912345678"),
        "the internal list has the phone"
    );
    assert!(internal.contains("糖尿病"));
    let shown = cells(&public);
    for secret in [
        "13912345678",
        "110101199003077777",
        "糖尿病",
        "慢病",
        "王建国|",
        "诉求人电话",
    ] {
        assert!(!shown.contains(secret), "公示 shows {secret}:\n{shown}");
    }
    assert!(shown.contains("村口路灯坏了"));
    assert!(shown.contains("王某"));
    assert!(shown.contains("医疗类诉求，内容不公示"));
}

#[test]
fn figures_through_the_facade() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut s = village(&dir);
    let a = needs::add(&mut s, &form("路灯", "道路与设施")).expect("a");
    needs::add(&mut s, &form("修渠", "产业")).expect("b");
    for f in [
        step("register"),
        step("publish"),
        StepForm {
            step: "claim".into(),
            owner: Some("李明".into()),
            promised: Some("2026-12-10".into()),
            ..Default::default()
        },
        step("done"),
        StepForm {
            step: "feedback".into(),
            result: Some("基本满意".into()),
            ..Default::default()
        },
        step("close"),
    ] {
        needs::step(&mut s, &a.row.code, &f).expect("step");
    }
    let f = needs::figures(&s, Some("2026-01-01"), None).expect("figures");
    assert_eq!((f.total.accepted, f.total.resolved), (2, 1));
    assert_eq!(f.total.resolution_rate, "50.00%");
    assert_eq!(f.total.satisfaction_rate, "100.00%");
    assert_eq!(f.total.on_time_rate, "100.00%");
    assert_eq!(f.total.median_days_to_close, Some(0));
    assert!(needs::figures(&s, Some("2026-12-01"), Some("2026-01-01")).is_err());
}
