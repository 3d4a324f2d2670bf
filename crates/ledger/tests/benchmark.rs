//! Timing of the ledger core (issue 5's targets: posting a voucher p99
//! under 5 ms; the trial balance over 100,000 vouchers under 200 ms).
//! Ignored by default; run in release:
//!
//! `cargo test -p cunwu-ledger --release --test benchmark -- --ignored --nocapture`

mod common;

use common::*;
use cunwu_ledger::report::trial_balance;
use cunwu_ledger::*;
use std::time::{Duration, Instant};

#[test]
#[ignore = "timing; run in release with --ignored"]
fn posting_and_trial_balance_over_100k_vouchers() {
    let mut books = coop_books();
    let dev = device("bench", "A");
    // Forty members with 114 sub-accounts, so member lines are part of the mix.
    let mut accounts = Vec::new();
    for i in 0..40 {
        let (_, new) = books
            .chart()
            .member_account(Role::MemberCurrent, &m(&format!("H{i:03}")), "农户")
            .expect("plan");
        accounts.extend(new);
    }
    books
        .commit(&accounts, vec![], &dev)
        .expect("open accounts");

    let n = 100_000usize;
    let mut times = Vec::with_capacity(n);
    for i in 0..n {
        let date = day(2026, 1 + (i * 12 / n) as u32, 1 + (i % 28) as u32);
        let a = 100 + (i as i64 % 9_000);
        let member = format!("114.H{:03}", i % 40);
        let lines = match i % 3 {
            0 => vec![Line::debit("101", fen(a)), Line::credit("502", fen(a))],
            1 => vec![
                Line::debit("522", fen(a)),
                Line::debit("521", fen(a)),
                Line::credit("102", fen(2 * a)),
            ],
            _ => vec![
                Line::debit("102", fen(a)),
                Line::credit(member.as_str(), fen(a)),
            ],
        };
        let body = manual(date, "业务", lines);
        let t = Instant::now();
        books.post(body, &dev).expect("post");
        times.push(t.elapsed());
    }
    times.sort();
    let p99 = times[n * 99 / 100];
    let p50 = times[n / 2];
    let total: Duration = times.iter().sum();

    let t = Instant::now();
    let tb = trial_balance(&books, day(2026, 1, 1), day(2026, 12, 31)).expect("tb");
    let tb_time = t.elapsed();
    assert!(tb.is_balanced());
    let t = Instant::now();
    let (replayed, refused) = Books::replay(
        Chart::from_template(ChartTemplate::Coop2008).expect("chart"),
        LedgerSettings::default(),
        &books
            .chart()
            .accounts()
            .filter(|a| a.member.is_some())
            .map(|a| LedgerFact::AccountOpened {
                account: NewAccount {
                    code: a.code.clone(),
                    name: a.name.clone(),
                    parent: a.parent.clone().expect("parent"),
                    member: a.member.clone(),
                },
            })
            .chain(
                books
                    .vouchers()
                    .iter()
                    .map(|v| LedgerFact::VoucherPosted { voucher: v.clone() }),
            )
            .collect::<Vec<_>>(),
    );
    let replay_time = t.elapsed();
    assert!(refused.is_empty());
    assert_eq!(replayed.vouchers().len(), n);
    eprintln!(
        "post: p50 {p50:?}, p99 {p99:?}, total {total:?} for {n}; trial balance {tb_time:?}; replay {replay_time:?}"
    );
    assert!(p99 < Duration::from_millis(5), "post p99 {p99:?}");
    assert!(
        tb_time < Duration::from_millis(200),
        "trial balance {tb_time:?}"
    );
}
