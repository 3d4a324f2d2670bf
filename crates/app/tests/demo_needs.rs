//! The demo village's needs give every screen and figure realistic
//! content: every status and kind, every month of the last two years,
//! needs from visits linked to them, overdue and reopened needs, party
//! members with and without a 微心愿.

mod common;

use chrono::Datelike;
use cunwu_app::needs::{self, NeedQuery};
use cunwu_core::need::Status;
use std::collections::BTreeSet;

#[test]
fn the_demo_has_needs_in_every_status_kind_and_month() {
    let dir = tempfile::tempdir().expect("tmp");
    let s = common::demo_village(&dir, 150, 7);
    let all = needs::list(&s, &NeedQuery::default()).expect("list");
    let statuses: BTreeSet<&str> = all.rows.iter().map(|r| r.status.label.as_str()).collect();
    for st in Status::ALL {
        assert!(
            statuses.contains(st.label()),
            "no need is {}: {statuses:?}",
            st.label()
        );
    }
    let kinds: BTreeSet<&str> = all.rows.iter().map(|r| r.kind.label.as_str()).collect();
    assert_eq!(kinds.len(), 4, "{kinds:?}");
    let today = s.today();
    let months: BTreeSet<(i32, u32)> = all
        .rows
        .iter()
        .filter_map(|r| r.created_on.parse::<chrono::NaiveDate>().ok())
        .map(|d| (d.year(), d.month()))
        .collect();
    let mut m = today;
    for _ in 0..24 {
        assert!(months.contains(&(m.year(), m.month())), "no need in {m}");
        m = m.with_day(1).expect("first of month") - chrono::Duration::days(1);
    }
    assert!(all.overdue > 0, "some are overdue");
    assert!(all.rows.iter().any(|r| r.reopens > 0), "some were reopened");
    assert!(
        all.rows.iter().any(|r| r.visit_id.is_some()),
        "some come from visits"
    );
    assert!(all.rows.iter().any(|r| r.source == "hotline"));
    assert!(all.rows.iter().any(|r| r.urges > 0));
    let sum: u64 = all.counts.iter().map(|c| c.count).sum();
    assert_eq!(sum as usize, all.rows.len());
    let quota = needs::quota(&s, None).expect("quota");
    assert!(quota.len() >= 10);
    assert!(quota.iter().any(|q| !q.met) && quota.iter().any(|q| q.met));
    let f = needs::figures(
        &s,
        Some(&(today - chrono::Duration::days(730)).to_string()),
        None,
    )
    .expect("figures");
    assert!(
        f.total.accepted > 50 && f.total.resolved > 10,
        "{:?}",
        f.total
    );
    assert_ne!(f.total.satisfaction_rate, "—");
    assert!(f.by_month.len() >= 24);
    let people = cunwu_app::people::list(&s, false).expect("people");
    assert!(people.iter().filter(|p| p.party_member).count() >= 10);
}
