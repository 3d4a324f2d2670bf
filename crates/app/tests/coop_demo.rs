//! `cunwu demo` also fills the co-op's books: a year of lots, costs,
//! sales, payouts, one reversal and counts that agree with the books.

mod common;

use cunwu_app::coop::Coop;

#[test]
fn the_demo_village_has_a_year_of_real_books() {
    let dir = tempfile::tempdir().expect("tmp");
    let s = common::demo_village(&dir, 120, 2021);
    let mut coop = Coop::open(&s).expect("coop");
    let lots = coop.lot_list(&s).expect("lots");
    assert_eq!(lots.len(), 3);
    let sheep = lots
        .iter()
        .find(|l| l.name.contains("第一批"))
        .expect("sheep lot");
    assert_eq!((sheep.households, sheep.phase_label), (10, "已结束"));
    assert!(
        sheep.margin.0 > 0,
        "the pooled sale made money: {:?}",
        sheep.margin
    );
    let page = coop.lot_show(&s, &sheep.id).expect("show");
    assert!(
        page.state.members.values().any(|m| m.name == "金家龙"),
        "金家龙 sold sheep"
    );
    assert!(
        lots.iter()
            .any(|l| l.phase_label == "收购中" && l.paid.0 > 0),
        "advances on the open lot"
    );
    let journal = coop
        .journal(&s, chrono::NaiveDate::MIN, chrono::NaiveDate::MAX)
        .expect("journal");
    assert!(journal.iter().any(|j| j.reversal), "one red-ink reversal");
    let checks = coop.assertions(&s).expect("assertions");
    assert_eq!(checks.len(), 2);
    assert!(checks.iter().all(|c| c.matches), "{checks:?}");
    let report = coop.verify(&s).expect("verify");
    assert!(report.intact, "{report:?}");
    assert!(report.quarantined.is_empty());
    let today = s.today();
    let tb = coop
        .trial_balance(&s, today - chrono::Duration::days(400), today)
        .expect("tb");
    assert!(tb.is_balanced());
}
