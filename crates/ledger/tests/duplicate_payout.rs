//! Two clerks pay the same household for the same lot while offline on two
//! devices. After sync the second payment (by HLC, then device) is flagged
//! on both devices, counted as an overpayment (never silently), blocks the
//! lot from closing, and is settled with one action.

mod common;

use common::*;
use cunwu_core::money::Grams;
use cunwu_ledger::payout::{find_duplicate_payouts, payout_records, DuplicatePayout};
use cunwu_ledger::report::trial_balance;
use cunwu_ledger::*;

/// One device: its books, its copy of the lot, and the facts it has made.
struct Device {
    dev: DeviceSeries,
    books: Books,
    lot: Option<Lot>,
    facts: Vec<LedgerFact>,
    events: Vec<LotEvent>,
}

impl Device {
    fn new(id: &str, series: &str) -> Device {
        Device {
            dev: device(id, series),
            books: coop_books(),
            lot: None,
            facts: Vec::new(),
            events: Vec::new(),
        }
    }
    fn keep(&mut self, rec: Recorded) {
        self.facts.extend(rec.facts);
        self.events.extend(rec.event);
    }
    fn step(&mut self, plan: LotPlan) {
        let lot = self.lot.as_mut().expect("lot");
        let rec = record(&mut self.books, lot, plan, &self.dev).expect("record");
        self.keep(rec);
    }
    fn lot(&self) -> &Lot {
        self.lot.as_ref().expect("lot")
    }
    fn duplicates(&self) -> Vec<DuplicatePayout> {
        find_duplicate_payouts(&payout_records(self.lot(), &self.books))
    }
}

/// Union merge: apply everything `from` has made to `to` (idempotent).
fn sync(from: &Device, to: &mut Device) {
    for f in &from.facts {
        to.books.apply(f).expect("apply synced fact");
    }
    for e in &from.events {
        match to.lot.as_mut() {
            Some(lot) => lot.apply(e).expect("apply synced event"),
            None => to.lot = Some(Lot::from_opened(e).expect("opened")),
        }
    }
}

/// Device A opens and sells a lot of the ten households; B syncs it.
fn sold_lot() -> (Device, Device) {
    let mut a = Device::new("laptop-A", "A");
    let mut b = Device::new("laptop-B", "B");
    let c = ctx(&a.dev, day(2026, 11, 5), 1_000);
    let (lot, rec) = open_lot(
        &mut a.books,
        LotId("A-2026-001".into()),
        "肉羊统一收购",
        "活羊",
        &c,
    )
    .expect("open");
    a.lot = Some(lot);
    a.keep(rec);
    let plan = a
        .lot()
        .plan_intake(&a.books, &c, intake_inputs())
        .expect("intake");
    a.step(plan);
    let plan = a
        .lot()
        .plan_sale(
            &a.books,
            &c,
            "屠宰场",
            Grams(480_000),
            UnitPrice::per_kg(3_300),
            PayFrom::Bank,
        )
        .expect("sale");
    a.step(plan);
    sync(&a, &mut b);
    assert_eq!(b.books.vouchers().len(), a.books.vouchers().len());
    (a, b)
}

fn pay(d: &mut Device, ms: i64, members: &[&str], from: PayFrom) {
    let c = ctx(&d.dev, day(2026, 11, 12), ms);
    let req = members
        .iter()
        .map(|no| PayoutRequest {
            member: m(no),
            kind: PayoutKind::Purchase,
            amount: None,
        })
        .collect();
    let plan = d
        .lot()
        .plan_payout(&d.books, &c, req, from)
        .expect("plan payout");
    d.step(plan);
}

const ALL: [&str; 10] = [
    "H01", "H02", "H03", "H04", "H05", "H06", "H07", "H08", "H09", "H10",
];

fn assert_settled(d: &Device) {
    assert!(
        d.duplicates().is_empty(),
        "no duplicate left on {}",
        d.dev.device
    );
    for no in ALL {
        assert_eq!(
            bal(&d.books, &format!("114.{no}")),
            0,
            "{no} on {}",
            d.dev.device
        );
    }
    assert!(d.books.check().is_empty());
    assert!(trial_balance(&d.books, day(2026, 1, 1), day(2026, 12, 31))
        .expect("tb")
        .is_balanced());
    assert!(d.lot().unsettled(&d.books).expect("unsettled").is_empty());
}

#[test]
fn second_single_payment_is_flagged_on_both_devices_and_reversed() {
    let (mut a, mut b) = sold_lot();
    // Offline: A pays everyone at HLC 10 000; B pays H03 in cash at HLC 10 500.
    pay(&mut a, 10_000, &ALL, PayFrom::Bank);
    pay(&mut b, 10_500, &["H03"], PayFrom::Cash);
    // Neither device sees a problem yet.
    assert!(a.duplicates().is_empty() && b.duplicates().is_empty());
    sync(&a, &mut b);
    sync(&b, &mut a);

    // Both devices flag the same payment: B's, the later one.
    let (da, db) = (a.duplicates(), b.duplicates());
    assert_eq!(da, db);
    assert_eq!(da.len(), 1);
    assert_eq!(
        (da[0].key.member.as_str(), da[0].key.kind),
        ("H03", PayoutKind::Purchase)
    );
    assert_eq!(da[0].kept.device, "laptop-A");
    assert_eq!(da[0].duplicates[0].device, "laptop-B");
    // Not silently counted: H03 shows overpaid, the lot cannot close.
    for d in [&a, &b] {
        assert_eq!(
            bal(&d.books, "114.H03"),
            155_120,
            "debit balance: the household owes it back"
        );
        let st = d.lot().state(&d.books).expect("state");
        assert_eq!(st.members[&m("H03")].owed, fen(-155_120));
        let why = d.lot().unsettled(&d.books).expect("why").join("；");
        assert!(why.contains("重复支付") && why.contains("多付"), "{why}");
    }
    let c = ctx(&a.dev, day(2026, 11, 13), 11_000);
    assert!(a.lot().plan_close(&a.books, &c).is_err());

    // One action on A: reverse B's payment (a single-household voucher, so
    // no re-entry), then sync.
    let plan = a
        .lot()
        .plan_duplicate_fix(&a.books, &c, &da[0].duplicates[0])
        .expect("fix");
    assert_eq!(plan.pre.len(), 1);
    assert!(plan.bodies.is_empty());
    assert_eq!(
        plan.pre[0].reverses,
        Some(da[0].duplicates[0].voucher.clone())
    );
    a.step(plan);
    sync(&a, &mut b);
    assert_settled(&a);
    assert_settled(&b);
    assert_eq!(bal(&a.books, "101"), 0);
    let plan = a.lot().plan_close(&a.books, &c).expect("closable now");
    a.step(plan);
}

#[test]
fn when_the_batch_is_second_it_is_reversed_and_the_others_paid_again() {
    let (mut a, mut b) = sold_lot();
    // B pays H03 first (HLC 9 000); A's batch of ten comes later (HLC 10 000).
    pay(&mut b, 9_000, &["H03"], PayFrom::Cash);
    pay(&mut a, 10_000, &ALL, PayFrom::Bank);
    sync(&a, &mut b);
    sync(&b, &mut a);
    let dups = b.duplicates();
    assert_eq!(dups, a.duplicates());
    assert_eq!(dups.len(), 1);
    assert_eq!(dups[0].kept.device, "laptop-B");
    let batch = dups[0].duplicates[0].voucher.clone();
    assert_eq!(batch.device, "laptop-A");

    // The fix (made on B): reverse A's batch in red ink, re-enter the nine
    // other households' payments.
    let c = ctx(&b.dev, day(2026, 11, 13), 12_000);
    let plan = b
        .lot()
        .plan_duplicate_fix(&b.books, &c, &dups[0].duplicates[0])
        .expect("fix");
    assert_eq!(plan.pre[0].reverses, Some(batch.clone()));
    assert_eq!(plan.bodies.len(), 1);
    let reentered: Vec<&str> = plan.bodies[0]
        .lines
        .iter()
        .filter_map(|l| l.member.as_ref().map(|x| x.as_str()))
        .collect();
    assert_eq!(
        reentered,
        vec!["H01", "H02", "H04", "H05", "H06", "H07", "H08", "H09", "H10"]
    );
    assert_eq!(
        plan.bodies[0].lines.last().map(|l| l.credit),
        Some(fen(1_344_000 - 155_120))
    );
    b.step(plan);
    sync(&b, &mut a);
    assert!(a.books.is_reversed(&batch));
    assert_settled(&a);
    assert_settled(&b);
    assert_eq!(bal(&a.books, "101"), -155_120, "H03 was paid in cash on B");
    assert_eq!(a.books.vouchers().len(), b.books.vouchers().len());
    // A second fix of the same duplicate is refused.
    assert!(b
        .lot()
        .plan_duplicate_fix(&b.books, &c, &dups[0].duplicates[0])
        .is_err());
}
