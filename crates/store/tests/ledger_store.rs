//! The co-op's books in the store: facts survive a reopen, sync by union
//! with `apply_foreign`, fold in the same order on every replica (older
//! facts arriving later rebuild the fold), quarantined vouchers are never
//! summed, and `verify` catches tampering with the log or the rows.

#[allow(dead_code)]
mod common;

use chrono::NaiveDate;
use common::{signers, village, T0};
use cunwu_core::money::{Fen, Grams};
use cunwu_ledger::report::trial_balance;
use cunwu_ledger::*;
use cunwu_store::ledger::trial_balance_from_store;
use cunwu_store::{BooksSettings, Ledger, Store};

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).expect("date")
}

fn body(date: NaiveDate, summary: &str, lines: Vec<Line>) -> VoucherBody {
    VoucherBody {
        date,
        summary: summary.into(),
        lines,
        signers: signers(),
        attachments: 1,
        reverses: None,
        source: VoucherSource::Manual,
    }
}

fn cash_in(date: NaiveDate, fen: i64) -> VoucherBody {
    body(
        date,
        "现金收入",
        vec![Line::debit("101", Fen(fen)), Line::credit("502", Fen(fen))],
    )
}

/// Everything `from` holds, applied to `to`.
fn sync(from: &Store, to: &mut Store) {
    let changes = from.all_changes().expect("changes");
    to.apply_foreign(&changes).expect("apply foreign");
}

fn bal(l: &Ledger, code: &str) -> i64 {
    l.books()
        .balance(&AccountCode::new(code))
        .expect("balance")
        .0
}

#[test]
fn vouchers_survive_reopen_and_the_sql_trial_balance_matches_the_books() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut s, _clock) = village(&dir, "a.db", "刘会计");
    s.set_voucher_series("A").expect("series");
    let mut l = Ledger::open(&s).expect("open");
    let v = l.post(&mut s, cash_in(day(11, 3), 12_345)).expect("post");
    assert_eq!(v.label(), "2026-11 A-0001");
    l.post(&mut s, cash_in(day(12, 1), 100)).expect("post");
    assert!(l
        .post(
            &mut s,
            body(
                day(12, 2),
                "错账",
                vec![Line::debit("101", Fen(5)), Line::credit("502", Fen(4))]
            )
        )
        .is_err());
    let path = dir.path().join("a.db");
    drop(l);
    drop(s);
    let s = Store::open(
        &path,
        std::sync::Arc::new(cunwu_core::clock::ManualClock::new(T0)),
    )
    .expect("reopen");
    let l = Ledger::open(&s).expect("fold");
    assert_eq!(
        l.books().vouchers().len(),
        2,
        "the refused voucher left no trace"
    );
    assert_eq!(bal(&l, "101"), 12_445);
    let from = day(12, 1);
    let to = day(12, 31);
    let sql = trial_balance_from_store(&s, from, to).expect("sql tb");
    assert_eq!(sql, trial_balance(l.books(), from, to).expect("tb"));
    assert!(sql.is_balanced());
    assert_eq!(sql.total.opening.debit, Fen(12_345));
    assert_eq!(sql.total.period.debit, Fen(100));
}

#[test]
fn facts_sync_by_union_and_a_late_older_fact_rebuilds_the_fold() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut a, ca) = village(&dir, "a.db", "刘会计");
    let (mut b, cb) = village(&dir, "b.db", "赵会计");
    a.set_voucher_series("A").expect("series");
    b.set_voucher_series("B").expect("series");
    let mut la = Ledger::open(&a).expect("a");
    let mut lb = Ledger::open(&b).expect("b");
    // B posts first in HLC order, but its facts reach A after A's own.
    cb.set(T0 + 1_000);
    lb.post(&mut b, cash_in(day(11, 2), 700)).expect("b posts");
    ca.set(T0 + 5_000);
    la.post(&mut a, cash_in(day(11, 3), 300)).expect("a posts");
    sync(&b, &mut a);
    sync(&a, &mut b);
    sync(&b, &mut a); // twice: a no-op
    la.refresh(&a).expect("refresh a");
    lb.refresh(&b).expect("refresh b");
    for l in [&la, &lb] {
        assert_eq!(l.books().vouchers().len(), 2);
        assert_eq!(bal(l, "101"), 1_000);
        assert!(l.refused().is_empty());
    }
    let order = |l: &Ledger| {
        l.books()
            .vouchers()
            .iter()
            .map(|v| v.label())
            .collect::<Vec<_>>()
    };
    assert_eq!(order(&la), order(&lb), "same fold order on both replicas");
    assert_eq!(order(&la), vec!["2026-11 B-0001", "2026-11 A-0001"]);
}

#[test]
fn a_voucher_posted_offline_into_a_month_closed_elsewhere_is_quarantined_and_never_summed() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut a, ca) = village(&dir, "a.db", "刘会计");
    let (mut b, cb) = village(&dir, "b.db", "赵会计");
    a.set_voucher_series("A").expect("series");
    b.set_voucher_series("B").expect("series");
    let mut la = Ledger::open(&a).expect("a");
    la.post(&mut a, cash_in(day(10, 5), 1_000)).expect("post");
    sync(&a, &mut b);
    let mut lb = Ledger::open(&b).expect("b");
    // A closes October; B, offline, later posts into October.
    ca.set(T0 + 1_000);
    la.close_period(&mut a, Period::new(2026, 10).expect("p"))
        .expect("close");
    let refused = la
        .post(&mut a, cash_in(day(10, 30), 1))
        .expect_err("closed");
    assert_eq!(refused.code(), "period_closed");
    cb.set(T0 + 2_000);
    lb.post(&mut b, cash_in(day(10, 31), 250))
        .expect("b posts offline");
    sync(&b, &mut a);
    sync(&a, &mut b);
    la.refresh(&a).expect("a");
    lb.refresh(&b).expect("b");
    for (l, s) in [(&la, &a), (&lb, &b)] {
        assert_eq!(
            bal(l, "101"),
            1_000,
            "the quarantined voucher is not counted"
        );
        assert_eq!(l.books().quarantined().len(), 1);
        assert_eq!(l.refused().len(), 1);
        assert_eq!(l.refused()[0].code, "period_closed");
        let tb = trial_balance_from_store(s, day(1, 1), day(12, 31)).expect("tb");
        assert_eq!(tb.total.period.debit, Fen(1_000), "SQL sums skip it too");
    }
    // A fresh fold from a reopened file agrees.
    let tb = trial_balance_from_store(&b, day(10, 1), day(10, 31)).expect("tb");
    assert!(tb.is_balanced());
}

#[test]
fn verify_reports_a_tampered_log_and_tampered_rows() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut s, _clock) = village(&dir, "a.db", "刘会计");
    s.set_voucher_series("A").expect("series");
    let mut l = Ledger::open(&s).expect("open");
    for (d, fen) in [(1, 100), (2, 200), (3, 300)] {
        l.post(&mut s, cash_in(day(11, d), fen)).expect("post");
    }
    let report = l.verify(&s).expect("verify");
    assert!(report.intact, "{report:?}");
    assert_eq!(report.vouchers, 3);
    drop(l);
    drop(s);

    // Copy 1: the second voucher's amount is altered in the change log.
    let r = verify_tampered(
        &dir,
        "log.db",
        "UPDATE change_log SET value = replace(replace(value, '\"debit\":200', '\"debit\":900'), '\"credit\":200', '\"credit\":900') WHERE entity = 'ledger_fact' AND value LIKE '%\"debit\":200%'",
    );
    assert!(!r.intact);
    assert_eq!(r.breaks.len(), 1, "{r:?}");
    assert!(
        r.breaks[0].contains("第2张与第3张之间断开"),
        "{}",
        r.breaks[0]
    );
    assert!(
        r.tables.iter().any(|t| t.message.contains("分录")),
        "rows still say 2.00: {r:?}"
    );

    // Copy 2: the materialized line is altered, the log is intact.
    let r = verify_tampered(
        &dir,
        "rows.db",
        "UPDATE ledger_line SET debit = 1 WHERE debit = 300",
    );
    assert!(!r.intact);
    assert!(r.breaks.is_empty());
    assert_eq!(r.tables.len(), 2, "the line and its day total: {r:?}");
    assert!(r.tables[0].message.contains("2026-11 A-0003"));

    // Copy 3: the day totals the trial balance sums are altered.
    let r = verify_tampered(
        &dir,
        "days.db",
        "UPDATE ledger_day SET debit = debit + 100000 WHERE account = '101' AND date = '2026-11-02'",
    );
    assert!(!r.intact);
    assert_eq!(r.tables.len(), 1, "{r:?}");
    assert!(r.tables[0].message.contains("试算汇总表被改动"), "{r:?}");
}

/// Copy `a.db` to `name`, alter exactly one row of the copy with `sql`
/// behind the store's back, and verify the copy's books.
fn verify_tampered(
    dir: &tempfile::TempDir,
    name: &str,
    sql: &str,
) -> cunwu_store::ledger::VerifyReport {
    let copy = dir.path().join(name);
    std::fs::copy(dir.path().join("a.db"), &copy).expect("copy");
    {
        let c = rusqlite::Connection::open(&copy).expect("open copy");
        assert_eq!(c.execute(sql, []).expect("tamper"), 1, "one row altered");
    }
    let s = Store::open(
        &copy,
        std::sync::Arc::new(cunwu_core::clock::ManualClock::new(T0)),
    )
    .expect("open");
    let mut l = Ledger::open(&s).expect("fold");
    l.verify(&s).expect("verify")
}

#[test]
fn lot_steps_and_members_are_facts_that_sync() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut a, _ca) = village(&dir, "a.db", "刘会计");
    let (mut b, _cb) = village(&dir, "b.db", "赵会计");
    let mut la = Ledger::open(&a).expect("a");
    let lot = la
        .open_lot(&mut a, "肉羊统一收购", "活羊", day(11, 5), signers())
        .expect("open lot");
    assert!(lot.0.ends_with("-2026-001"));
    let member = coop_member("H01", "hh-1", "张德明");
    let ctx = la.context(&a, day(11, 5), signers()).expect("ctx");
    la.record_step(
        &mut a,
        &lot.0,
        vec![member.clone()],
        &ctx,
        |lot, books, ctx| {
            lot.plan_intake(
                books,
                ctx,
                vec![IntakeInput {
                    member: member.member.clone(),
                    name: "张德明".into(),
                    head: 3,
                    weight: Grams(54_000),
                    grade: "一等".into(),
                    price: UnitPrice::per_kg(2_800),
                }],
            )
        },
    )
    .expect("intake");
    sync(&a, &mut b);
    let lb = Ledger::open(&b).expect("b");
    let l = lb.lot(&lot.0).expect("lot on b");
    assert_eq!(l.owner, a.device_id());
    let st = l.state(lb.books()).expect("state");
    assert_eq!(st.members[&member.member].amount, Fen(151_200));
    assert_eq!(lb.members().len(), 1);
    assert_eq!(
        lb.member_of_household("hh-1").map(|m| m.name.as_str()),
        Some("张德明")
    );
    // Settings are a record that syncs as well.
    let mut set = a.books_settings().expect("settings");
    set.org_name = "网周村肉羊养殖专业合作社".into();
    a.set_books_settings(&set).expect("save");
    sync(&a, &mut b);
    assert_eq!(
        b.books_settings().expect("b settings").org_name,
        set.org_name
    );
    let mut other = BooksSettings {
        template: ChartTemplate::Village2023,
        ..set
    };
    other.org_name.clear();
    assert!(
        a.set_books_settings(&other).is_err(),
        "template fixed once posted"
    );
}

fn coop_member(no: &str, household: &str, name: &str) -> cunwu_store::CoopMember {
    cunwu_store::CoopMember {
        member: MemberNo::parse(no).expect("no"),
        household_id: household.into(),
        name: name.into(),
    }
}
