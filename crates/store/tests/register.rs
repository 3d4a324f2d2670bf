//! Households, members and visits in the store: search the way field workers
//! type, filters, masking, amendments and the per-field change entries.

mod common;

use common::{household, values, village};
use cunwu_core::household::HouseholdField as F;
use cunwu_core::member::MemberField;
use cunwu_core::visit::VisitInput;
use cunwu_store::HouseholdFilter;
use std::collections::BTreeMap;

fn query(q: &str) -> HouseholdFilter {
    HouseholdFilter {
        query: Some(q.into()),
        ..Default::default()
    }
}

#[test]
fn search_by_chinese_pinyin_and_code_with_filters() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut s, clock) = village(&dir, "a.db", "程鹏");
    for (code, name, group, cat, mon) in [
        ("030001", "金家龙", "3", "脱贫户", ""),
        ("030002", "曾小红", "3", "低保户", "边缘易致贫户"),
        ("050001", "单国强", "5", "一般户", ""),
        ("050002", "金佳", "5", "脱贫户", "脱贫不稳定户"),
    ] {
        let mut v = values(&[
            (F::Code, code),
            (F::HeadName, name),
            (F::GroupNo, group),
            (F::Category, cat),
        ]);
        if !mon.is_empty() {
            v.insert(F::Monitoring, mon.into());
        }
        s.add_household(&v).expect("add");
    }
    fn names_in(s: &cunwu_store::Store, f: HouseholdFilter) -> Vec<String> {
        s.list_households(&f)
            .expect("list")
            .iter()
            .map(|h| h.get(F::HeadName).to_string())
            .collect()
    }
    let names = |f: HouseholdFilter| names_in(&s, f);
    assert_eq!(names(query("jjl")), vec!["金家龙"]);
    assert_eq!(names(query("jj")), vec!["金家龙", "金佳"]);
    assert_eq!(names(query("zxh")), vec!["曾小红"], "曾 read as zeng");
    assert_eq!(names(query("shanguo")), vec!["单国强"], "单 read as shan");
    assert_eq!(names(query("家龙")), vec!["金家龙"]);
    assert_eq!(names(query("0500")), vec!["单国强", "金佳"]);
    assert_eq!(
        names(query("100%")),
        Vec::<String>::new(),
        "LIKE wildcards are literal"
    );
    assert_eq!(
        names(HouseholdFilter {
            group: Some(5),
            ..Default::default()
        }),
        vec!["单国强", "金佳"]
    );
    assert_eq!(
        names(HouseholdFilter {
            category: Some("脱贫户".into()),
            ..Default::default()
        }),
        vec!["金家龙", "金佳"]
    );
    assert_eq!(
        names(HouseholdFilter {
            monitoring: Some("any".into()),
            ..Default::default()
        }),
        vec!["曾小红", "金佳"]
    );
    assert_eq!(
        names(HouseholdFilter {
            query: Some("j".into()),
            monitoring: Some("脱贫不稳定户".into()),
            ..Default::default()
        }),
        vec!["金佳"]
    );

    // Not visited in N days: a visit 10 days ago counts for 30, not for 5.
    let jjl = s.list_households(&query("jjl")).expect("q").remove(0);
    let ten_days_ago = s.today() - chrono::Duration::days(10);
    let input = VisitInput {
        date: Some(ten_days_ago),
        visitors: vec!["程鹏".into()],
        situation: "养羊".into(),
        ..Default::default()
    };
    let _ = names;
    s.add_visit(&jjl.id, &input).expect("visit");
    let stale = |s: &cunwu_store::Store, days| {
        names_in(
            s,
            HouseholdFilter {
                not_visited_days: Some(days),
                ..Default::default()
            },
        )
    };
    assert!(!stale(&s, 30).contains(&"金家龙".to_string()));
    assert!(stale(&s, 5).contains(&"金家龙".to_string()));
    clock.advance(30 * cunwu_core::clock::DAY_MS);
    assert!(
        stale(&s, 30).contains(&"金家龙".to_string()),
        "time passes on the clock"
    );
    assert_eq!(
        s.household(&jjl.id).expect("h").last_visit,
        Some(ten_days_ago.to_string())
    );
}

#[test]
fn edits_are_per_field_changes_and_sensitive_fields_mask() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut s, _) = village(&dir, "a.db", "程鹏");
    let h = s
        .add_household(&household("H1", "金家龙", "3"))
        .expect("add");
    let before = s.local_counter();
    let h2 = s
        .edit_household(&h.id, F::Phone, "13800138000")
        .expect("edit");
    assert_eq!(s.local_counter(), before + 1, "one change for one field");
    let last = s
        .changes_by_device(s.device_id(), before, 10)
        .expect("changes");
    assert_eq!(last.len(), 1);
    assert_eq!(last[0].field.as_deref(), Some("phone"));
    assert_eq!(last[0].value, serde_json::json!("13800138000"));
    assert_eq!(h2.masked().get(F::Phone), "138****8000");
    // Same value again writes nothing.
    s.edit_household(&h.id, F::Phone, "138 0013 8000")
        .expect("same");
    assert_eq!(s.local_counter(), before + 1);
    // A refused edit writes nothing.
    assert!(s
        .edit_household(&h.id, F::HeadIdNumber, "110105194912310021")
        .is_err());
    assert_eq!(s.local_counter(), before + 1);
}

#[test]
fn members_and_amended_visits() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut s, _) = village(&dir, "a.db", "程鹏");
    let h = s
        .add_household(&household("H1", "金家龙", "3"))
        .expect("add");
    let mut m = BTreeMap::new();
    m.insert(MemberField::Name, "梁菊金".to_string());
    m.insert(MemberField::IdNumber, "11010519491231002x".to_string());
    m.insert(MemberField::Health, "高血压".to_string());
    let member = s.add_member("H1", &m).expect("member");
    assert_eq!(member.get(MemberField::IdNumber), "11010519491231002X");
    assert_eq!(member.masked().get(MemberField::Health), "****");
    s.edit_member(&member.id, MemberField::Removed, "是")
        .expect("removed");
    assert_eq!(
        s.members_of(&h.id).expect("members")[0].get(MemberField::Removed),
        "1"
    );
    m.insert(MemberField::IdNumber, "123".into());
    assert!(s.add_member("H1", &m).is_err());
    assert_eq!(s.members_of(&h.id).expect("members").len(), 1);

    let input = |t: &str| VisitInput {
        visitors: vec!["程鹏".into()],
        situation: t.into(),
        ..Default::default()
    };
    let v1 = s.add_visit("H1", &input("养羊五只")).expect("v1");
    let fix = s.amend_visit(&v1.id, &input("更正：七只")).expect("fix");
    let fix2 = s
        .amend_visit(&fix.id, &input("再更正：六只"))
        .expect("fix2");
    let ids: Vec<String> = s
        .visits_of(&h.id)
        .expect("visits")
        .into_iter()
        .map(|v| v.id)
        .collect();
    assert_eq!(ids, vec![v1.id.clone(), fix.id.clone(), fix2.id.clone()]);
    assert_eq!(
        s.visit(&v1.id).expect("original kept").situation,
        "养羊五只"
    );
}
