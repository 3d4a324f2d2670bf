//! Timing of the books through the store (issue 5's targets: posting a
//! voucher p99 under 5 ms; the trial balance over 100,000 vouchers under
//! 200 ms). Ignored by default; run in release:
//!
//! `cargo test -p cunwu-store --release --test ledger_bench -- --ignored --nocapture`
//!
//! `CUNWU_BENCH_VOUCHERS=10000` runs a smaller book. Also reported: folding the 100,000 vouchers from the file (what a fresh
//! `cunwu ledger …` process pays before lot or journal commands; the SQL
//! trial balance does not need it).

#[allow(dead_code)]
mod common;

use chrono::NaiveDate;
use cunwu_core::clock::ManualClock;
use cunwu_core::money::Fen;
use cunwu_ledger::report::trial_balance;
use cunwu_ledger::*;
use cunwu_store::ledger::trial_balance_from_store;
use cunwu_store::{Ledger, Store};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[test]
#[ignore = "timing; run in release with --ignored"]
fn posting_and_trial_balance_over_100k_vouchers_through_the_store() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("bench.db");
    let (mut s, clock) = common::village(&dir, "bench.db", "刘会计");
    s.set_voucher_series("A").expect("series");
    if std::env::var("CUNWU_BENCH_NO_CHECKPOINT").is_ok() {
        s.conn()
            .pragma_update(None, "wal_autocheckpoint", 0)
            .expect("pragma");
    }
    let mut l = Ledger::open(&s).expect("open");
    let mut accounts = Vec::new();
    for i in 0..40 {
        let no = MemberNo::parse(&format!("H{i:03}")).expect("no");
        let (_, new) = l
            .books()
            .chart()
            .member_account(Role::MemberCurrent, &no, "农户")
            .expect("plan");
        accounts.extend(new);
    }
    l.commit(&mut s, &accounts, vec![]).expect("accounts");

    let n: usize = std::env::var("CUNWU_BENCH_VOUCHERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let mut times = Vec::with_capacity(n);
    for i in 0..n {
        clock.advance(1);
        let date = NaiveDate::from_ymd_opt(2026, 1 + (i * 12 / n) as u32, 1 + (i % 28) as u32)
            .expect("date");
        let a = 100 + (i as i64 % 9_000);
        let member = format!("114.H{:03}", i % 40);
        let lines = match i % 3 {
            0 => vec![Line::debit("101", Fen(a)), Line::credit("502", Fen(a))],
            1 => vec![
                Line::debit("522", Fen(a)),
                Line::debit("521", Fen(a)),
                Line::credit("102", Fen(2 * a)),
            ],
            _ => vec![
                Line::debit("102", Fen(a)),
                Line::credit(member.as_str(), Fen(a)),
            ],
        };
        let body = VoucherBody {
            date,
            summary: "业务".into(),
            lines,
            signers: common::signers(),
            attachments: 1,
            reverses: None,
            source: VoucherSource::Manual,
        };
        let t = Instant::now();
        l.post(&mut s, body).expect("post");
        times.push(t.elapsed());
    }
    times.sort();
    let (p50, p95, p99, p999, max) = (
        times[n / 2],
        times[n * 95 / 100],
        times[n * 99 / 100],
        times[n * 999 / 1000],
        times[n - 1],
    );
    let total: Duration = times.iter().sum();
    let (from, to) = (
        NaiveDate::from_ymd_opt(2026, 1, 1).expect("d"),
        NaiveDate::from_ymd_opt(2026, 12, 31).expect("d"),
    );
    let mid = NaiveDate::from_ymd_opt(2026, 7, 1).expect("d");
    let want = trial_balance(l.books(), from, to).expect("books tb");
    drop(l);
    drop(s);

    // A fresh process: open the file and sum in SQL, no fold.
    let s = Store::open(&path, Arc::new(ManualClock::new(common::T0))).expect("reopen");
    let mut tb_times = Vec::new();
    for (f, t) in [(from, to), (mid, to), (from, to)] {
        let start = Instant::now();
        let tb = trial_balance_from_store(&s, f, t).expect("sql tb");
        tb_times.push(start.elapsed());
        assert!(tb.is_balanced());
        if (f, t) == (from, to) {
            assert_eq!(tb, want, "SQL sums equal the books");
        }
    }
    let start = Instant::now();
    let l = Ledger::open(&s).expect("fold");
    let fold = start.elapsed();
    assert_eq!(l.books().vouchers().len(), n);
    eprintln!(
        "store post: p50 {p50:?}, p95 {p95:?}, p99 {p99:?}, p99.9 {p999:?}, max {max:?}, total {total:?} for {n}; \
         SQL trial balance (cold, mid-year, warm): {tb_times:?}; fold from file {fold:?}"
    );
    assert!(p99 < Duration::from_millis(5), "post p99 {p99:?}");
    assert!(
        tb_times.iter().all(|t| *t < Duration::from_millis(200)),
        "trial balance {tb_times:?}"
    );
}
