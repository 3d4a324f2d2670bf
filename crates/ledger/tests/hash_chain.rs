//! Each device's vouchers form a hash chain; any alteration after posting
//! is reported at the first break, precisely.

mod common;

use common::*;
use cunwu_ledger::chain::{
    first_break, verify_chain, verify_with_anchors, voucher_hash, BreakKind, ChainHead, GENESIS,
};
use cunwu_ledger::*;

/// Five vouchers on device A and three on B, merged into one set.
fn two_devices() -> Vec<Voucher> {
    let mut a = coop_books();
    let mut b = coop_books();
    let (da, db) = (device("A-dev", "A"), device("B-dev", "B"));
    let mut out = Vec::new();
    for i in 1..=5 {
        let lines = vec![
            Line::debit("101", fen(100 * i)),
            Line::credit("502", fen(100 * i)),
        ];
        out.push(
            a.post(manual(day(2026, 11, i as u32), "现金收入", lines), &da)
                .expect("post A"),
        );
    }
    for i in 1..=3 {
        let lines = vec![
            Line::debit("102", fen(7 * i)),
            Line::credit("502", fen(7 * i)),
        ];
        out.push(
            b.post(manual(day(2026, 11, 10), "银行收入", lines), &db)
                .expect("post B"),
        );
    }
    out
}

fn a_break(vs: &[Voucher]) -> Option<(String, u64, BreakKind)> {
    first_break(&verify_chain(vs)).map(|b| (b.device.clone(), b.seq, b.kind.clone()))
}

#[test]
fn intact_chains_verify_and_link_to_their_predecessors() {
    let vs = two_devices();
    let chains = verify_chain(&vs);
    assert_eq!(chains.len(), 2);
    assert!(chains.iter().all(|c| c.first_break.is_none()));
    assert_eq!(vs[0].prev_hash, GENESIS);
    assert_eq!(vs[1].prev_hash, voucher_hash(&vs[0]));
    assert_eq!(
        chains[0].head.as_ref().map(|h| (h.seq, h.hash.clone())),
        Some((5, voucher_hash(&vs[4])))
    );
    // Order of arrival does not matter.
    let mut shuffled = vs.clone();
    shuffled.reverse();
    assert!(first_break(&verify_chain(&shuffled)).is_none());
    // The books keep the same head as the chain.
    let mut books = coop_books();
    for v in &vs {
        books
            .apply(&LedgerFact::VoucherPosted { voucher: v.clone() })
            .expect("apply");
    }
    assert_eq!(
        books.head("A-dev").map(|(s, h)| (s, h.to_string())),
        Some((5, voucher_hash(&vs[4])))
    );
}

#[test]
fn an_altered_amount_breaks_the_link_after_it() {
    let mut vs = two_devices();
    vs[2].body.lines[0].debit = fen(30_000);
    vs[2].body.lines[1].credit = fen(30_000);
    let (device, seq, kind) = a_break(&vs).expect("break found");
    assert_eq!((device.as_str(), seq), ("A-dev", 4));
    assert!(matches!(kind, BreakKind::Link { .. }));
    let msg = first_break(&verify_chain(&vs))
        .map(|b| b.to_string())
        .unwrap_or_default();
    assert!(msg.contains("第3张与第4张之间断开"), "{msg}");
    // Device B is untouched.
    assert!(verify_chain(&vs)
        .iter()
        .any(|c| c.device == "B-dev" && c.first_break.is_none()));
}

#[test]
fn an_altered_summary_or_date_is_caught_too() {
    let mut vs = two_devices();
    vs[0].body.summary = "改过的摘要".into();
    assert_eq!(a_break(&vs).map(|b| b.1), Some(2));
    let mut vs = two_devices();
    vs[3].body.date = day(2026, 10, 1);
    assert_eq!(a_break(&vs).map(|b| b.1), Some(5));
}

#[test]
fn a_deleted_voucher_leaves_a_gap() {
    let mut vs = two_devices();
    vs.remove(1);
    assert_eq!(
        a_break(&vs),
        Some(("A-dev".into(), 2, BreakKind::Gap { found: 3 }))
    );
}

#[test]
fn two_versions_of_one_voucher_are_caught() {
    let mut vs = two_devices();
    let mut forged = vs[1].clone();
    forged.body.summary = "另一个版本".into();
    vs.push(forged);
    assert_eq!(
        a_break(&vs).map(|b| (b.1, b.2)),
        Some((2, BreakKind::Duplicate))
    );
}

#[test]
fn a_rewritten_chain_start_is_caught() {
    let mut vs = two_devices();
    vs[0].prev_hash = "f".repeat(64);
    assert_eq!(a_break(&vs).map(|b| b.1), Some(1));
}

#[test]
fn the_newest_voucher_is_checked_against_the_hub_anchor() {
    let vs = two_devices();
    let anchor = ChainHead {
        device: "A-dev".into(),
        seq: 5,
        hash: voucher_hash(&vs[4]),
    };
    assert!(first_break(&verify_with_anchors(&vs, std::slice::from_ref(&anchor))).is_none());

    // Altering the last voucher breaks no link: only the anchor shows it.
    let mut altered = vs.clone();
    altered[4].body.lines[0].debit = fen(1);
    altered[4].body.lines[1].credit = fen(1);
    assert!(first_break(&verify_chain(&altered)).is_none());
    let chains = verify_with_anchors(&altered, std::slice::from_ref(&anchor));
    let b = first_break(&chains).expect("anchor break");
    assert_eq!(
        (b.seq, matches!(b.kind, BreakKind::Anchor { .. })),
        (5, true)
    );
    assert!(b.to_string().contains("上报后被改动"));

    // Dropping the anchored voucher is reported as missing.
    let mut dropped = vs.clone();
    dropped.remove(4);
    let chains = verify_with_anchors(&dropped, &[anchor]);
    assert_eq!(
        first_break(&chains).map(|b| (b.seq, b.kind.clone())),
        Some((5, BreakKind::MissingAnchored))
    );
}
