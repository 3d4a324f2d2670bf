//! Property: three laptops post, reverse and close months offline, sync in
//! any order, any number of times. Once every laptop holds every change,
//! their books are identical — same vouchers in the same order, the same
//! refused (quarantined) vouchers, the same balances — a fresh fold from
//! the file equals the incrementally refreshed one, the SQL trial balance
//! equals the books' and balances, and `verify` finds nothing wrong.

#[allow(dead_code)]
mod common;

use chrono::NaiveDate;
use common::{signers, village, T0};
use cunwu_core::clock::ManualClock;
use cunwu_core::money::Fen;
use cunwu_ledger::report::trial_balance;
use cunwu_ledger::*;
use cunwu_store::ledger::trial_balance_from_store;
use cunwu_store::{Ledger, Store};
use proptest::prelude::*;
use std::sync::Arc;

#[derive(Debug, Clone)]
enum Op {
    Post {
        dev: usize,
        month: u32,
        day: u32,
        fen: i64,
        expense: bool,
    },
    Reverse {
        dev: usize,
        nth: usize,
    },
    Close {
        dev: usize,
        month: u32,
    },
    Sync {
        from: usize,
        to: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0..3usize, 10..=12u32, 1..=28u32, 1..50_000i64, any::<bool>())
            .prop_map(|(dev, month, day, fen, expense)| Op::Post { dev, month, day, fen, expense }),
        2 => (0..3usize, 0..8usize).prop_map(|(dev, nth)| Op::Reverse { dev, nth }),
        1 => (0..3usize, 10..=11u32).prop_map(|(dev, month)| Op::Close { dev, month }),
        3 => (0..3usize, 0..3usize).prop_map(|(from, to)| Op::Sync { from, to }),
    ]
}

struct Laptop {
    store: Store,
    clock: Arc<ManualClock>,
    books: Ledger,
}

fn sync(laptops: &mut [Laptop], from: usize, to: usize) {
    if from == to {
        return;
    }
    let changes = laptops[from].store.all_changes().expect("changes");
    laptops[to].store.apply_foreign(&changes).expect("apply");
}

/// What must agree across laptops.
fn picture(l: &Ledger) -> (Vec<String>, Vec<String>, Vec<(String, i64)>) {
    let b = l.books();
    let vouchers = b
        .vouchers()
        .iter()
        .map(|v| format!("{} {}", v.id, v.label()))
        .collect();
    let mut quarantined: Vec<String> = b
        .quarantined()
        .iter()
        .map(|(v, e)| format!("{} {}", v.id, e.code()))
        .collect();
    quarantined.sort();
    let balances = b
        .chart()
        .accounts()
        .map(|a| {
            (
                a.code.0.clone(),
                b.balance(&a.code).map(|f| f.0).unwrap_or(i64::MIN),
            )
        })
        .collect();
    (vouchers, quarantined, balances)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn laptops_that_hold_the_same_changes_hold_the_same_books(
        ops in proptest::collection::vec(op(), 1..30),
        skews in proptest::collection::vec(-3_000i64..3_000, 3),
    ) {
        let dir = tempfile::tempdir().expect("tmp");
        let mut laptops: Vec<Laptop> = ["A", "B", "C"]
            .iter()
            .map(|series| {
                let (mut store, clock) = village(&dir, &format!("{series}.db"), "刘会计");
                store.set_voucher_series(series).expect("series");
                let books = Ledger::open(&store).expect("open");
                Laptop { store, clock, books }
            })
            .collect();
        for (i, op) in ops.iter().enumerate() {
            for (l, skew) in laptops.iter().zip(&skews) {
                l.clock.set(T0 + (i as i64) * 1_000 + skew);
            }
            match op.clone() {
                Op::Post { dev, month, day, fen, expense } => {
                    let l = &mut laptops[dev];
                    let (dr, cr) = if expense { ("522", "101") } else { ("101", "502") };
                    let body = VoucherBody {
                        date: NaiveDate::from_ymd_opt(2026, month, day).expect("date"),
                        summary: "业务".into(),
                        lines: vec![Line::debit(dr, Fen(fen)), Line::credit(cr, Fen(fen))],
                        signers: signers(),
                        attachments: 0,
                        reverses: None,
                        source: VoucherSource::Manual,
                    };
                    // A closed month refuses it here; nothing is written then.
                    let _ = l.books.post(&mut l.store, body);
                }
                Op::Reverse { dev, nth } => {
                    let l = &mut laptops[dev];
                    l.books.refresh(&l.store).expect("refresh");
                    let target = l
                        .books
                        .books()
                        .vouchers()
                        .iter()
                        .filter(|v| !v.is_reversal() && !l.books.books().is_reversed(&v.id))
                        .nth(nth)
                        .map(|v| v.id.clone());
                    if let Some(id) = target {
                        let date = NaiveDate::from_ymd_opt(2026, 12, 31).expect("date");
                        let _ = l.books.reverse(&mut l.store, &id, date, signers());
                    }
                }
                Op::Close { dev, month } => {
                    let l = &mut laptops[dev];
                    let _ = l.books.close_period(&mut l.store, Period::new(2026, month).expect("p"));
                }
                Op::Sync { from, to } => sync(&mut laptops, from, to),
            }
        }
        for _ in 0..2 {
            for from in 0..3 {
                for to in 0..3 {
                    sync(&mut laptops, from, to);
                }
            }
        }
        let (from, to) = (
            NaiveDate::from_ymd_opt(2026, 1, 1).expect("d"),
            NaiveDate::from_ymd_opt(2026, 12, 31).expect("d"),
        );
        let mut pictures = Vec::new();
        for l in &mut laptops {
            l.books.refresh(&l.store).expect("refresh");
            let fresh = Ledger::open(&l.store).expect("fresh fold");
            prop_assert_eq!(picture(&fresh), picture(&l.books), "incremental fold = fresh fold");
            prop_assert!(l.books.books().check().is_empty());
            let books_tb = trial_balance(l.books.books(), from, to).expect("tb");
            let sql_tb = trial_balance_from_store(&l.store, from, to).expect("sql tb");
            prop_assert!(sql_tb.is_balanced());
            prop_assert_eq!(sql_tb, books_tb);
            let report = l.books.verify(&l.store).expect("verify");
            prop_assert!(report.intact, "{:?}", report);
            pictures.push(picture(&l.books));
        }
        prop_assert_eq!(&pictures[0], &pictures[1]);
        prop_assert_eq!(&pictures[1], &pictures[2]);
    }
}
