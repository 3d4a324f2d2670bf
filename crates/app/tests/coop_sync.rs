//! Two clerks pay the same household for the same lot while offline on two
//! laptops (two store files). After they exchange changes with
//! `Store::apply_foreign`, both flag the same payment, neither counts it
//! silently (the household shows overpaid, the lot cannot close), one
//! action on either laptop settles it, and the fix syncs to the other.

use cunwu_app::coop::*;
use cunwu_core::clock::ManualClock;
use cunwu_core::household::HouseholdField;
use cunwu_core::money::Fen;
use cunwu_store::Store;
use std::collections::BTreeMap;
use std::sync::Arc;

const T0: i64 = 1_795_910_400_000;

struct Laptop {
    store: Store,
    clock: Arc<ManualClock>,
    coop: Coop,
}

impl Laptop {
    fn new(dir: &tempfile::TempDir, file: &str, user: &str, series: &str) -> Laptop {
        let clock = Arc::new(ManualClock::new(T0));
        let mut store = Store::open(&dir.path().join(file), clock.clone()).expect("open");
        store.init("网周村", Some("草沟镇"), user).expect("init");
        store.set_voucher_series(series).expect("series");
        let coop = Coop::open(&store).expect("coop");
        Laptop { store, clock, coop }
    }
    fn bal(&mut self, code: &str) -> i64 {
        self.coop.refresh(&self.store).expect("refresh");
        self.coop
            .ledger()
            .books()
            .balance(&code.into())
            .expect("balance")
            .0
    }
}

/// Everything `from` holds, applied to `to` (the hub or a USB stick would carry the same set).
fn sync(from: &Laptop, to: &mut Laptop) {
    let changes = from.store.all_changes().expect("changes");
    to.store.apply_foreign(&changes).expect("apply");
}

fn step(date: &str) -> StepForm {
    StepForm {
        date: Some(date.into()),
        sign: SignForm {
            accountant: Some("刘会计".into()),
            cashier: Some("赵出纳".into()),
            ..Default::default()
        },
    }
}

const CODES: [&str; 10] = [
    "H01", "H02", "H03", "H04", "H05", "H06", "H07", "H08", "H09", "H10",
];

/// Laptop A registers ten households and runs a lot to the sale; B gets all of it.
fn sold_lot(dir: &tempfile::TempDir) -> (Laptop, Laptop, String) {
    let mut a = Laptop::new(dir, "a.db", "刘会计", "A");
    let mut b = Laptop::new(dir, "b.db", "赵会计", "B");
    for (i, code) in CODES.iter().enumerate() {
        let mut v = BTreeMap::new();
        v.insert(HouseholdField::Code, code.to_string());
        v.insert(HouseholdField::HeadName, format!("农户{}", i + 1));
        v.insert(HouseholdField::GroupNo, "2".to_string());
        a.store.add_household(&v).expect("household");
    }
    let sign = step("2026-11-05").sign;
    let lot = a
        .coop
        .lot_open(
            &mut a.store,
            &LotForm {
                name: "肉羊统一收购".into(),
                product: "活羊".into(),
                date: Some("2026-11-05".into()),
            },
            &sign,
        )
        .expect("open")
        .id;
    let rows = CODES
        .iter()
        .map(|c| IntakeRow {
            household: c.to_string(),
            head: 2,
            weight: "48".into(),
            price: "28".into(),
            ..Default::default()
        })
        .collect();
    a.coop
        .lot_intake(
            &mut a.store,
            &lot,
            &IntakeForm {
                step: step("2026-11-05"),
                rows,
            },
        )
        .expect("intake");
    let sale = SaleForm {
        step: step("2026-11-08"),
        buyer: "屠宰场".into(),
        quantity: "480".into(),
        unit: None,
        price: "33".into(),
        into: "银行".into(),
    };
    a.coop.lot_sale(&mut a.store, &lot, &sale).expect("sale");
    sync(&a, &mut b);
    (a, b, lot)
}

fn pay(l: &mut Laptop, lot: &str, ms: i64, households: &[&str], from: &str) {
    l.clock.set(T0 + ms);
    let form = PayoutForm {
        step: step("2026-11-12"),
        households: households.iter().map(|h| h.to_string()).collect(),
        from: from.into(),
        ..Default::default()
    };
    l.coop.lot_payout(&mut l.store, lot, &form).expect("payout");
}

#[test]
fn a_household_paid_on_two_laptops_is_flagged_on_both_and_fixed_with_one_action() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut a, mut b, lot) = sold_lot(&dir);
    // Offline: A pays all ten from the bank; later B pays H03 in cash.
    pay(&mut a, &lot, 10_000, &[], "银行");
    pay(&mut b, &lot, 20_000, &["H03"], "现金");
    assert!(a.coop.duplicates(&a.store).expect("dups").is_empty());
    assert!(b.coop.duplicates(&b.store).expect("dups").is_empty());
    sync(&a, &mut b);
    sync(&b, &mut a);

    let (da, db) = (
        a.coop.duplicates(&a.store).expect("a"),
        b.coop.duplicates(&b.store).expect("b"),
    );
    assert_eq!(da, db, "both laptops flag the same payment");
    assert_eq!(da.len(), 1);
    assert_eq!(
        (da[0].member.as_str(), da[0].lot.as_str()),
        ("H03", lot.as_str())
    );
    assert_eq!(da[0].kept.device, a.store.device_id());
    assert_eq!(da[0].duplicates[0].device, b.store.device_id());
    assert!(
        da[0].duplicate_vouchers[0].contains(" B-"),
        "{:?}",
        da[0].duplicate_vouchers
    );
    for l in [&mut a, &mut b] {
        assert_eq!(l.bal("114.H03"), 134_400, "overpaid: shown, not hidden");
        let s = l.coop.lot_summary(&l.store, &lot).expect("summary");
        assert_eq!(s.duplicates, 1);
        assert_eq!(s.owed, Fen(-134_400));
    }
    let refused = a
        .coop
        .lot_close(&mut a.store, &lot, &step("2026-11-13"))
        .expect_err("cannot close");
    assert!(refused.to_string().contains("重复支付"), "{refused}");

    // One action on A reverses B's duplicate payment in red ink.
    a.clock.set(T0 + 30_000);
    let fix = a
        .coop
        .fix_duplicate(
            &mut a.store,
            &lot,
            "H03",
            None,
            Some("2026-11-13"),
            &step("").sign,
        )
        .expect("fix");
    assert_eq!(fix.vouchers.len(), 1);
    assert_eq!(fix.vouchers[0].amount, Fen(-134_400), "red ink");
    assert!(
        a.coop
            .fix_duplicate(&mut a.store, &lot, "H03", None, None, &SignForm::default())
            .is_err(),
        "nothing left to fix"
    );
    sync(&a, &mut b);
    for l in [&mut a, &mut b] {
        assert!(l.coop.duplicates(&l.store).expect("dups").is_empty());
        assert_eq!(l.bal("114.H03"), 0);
        assert_eq!(l.bal("101"), 0, "B's cash payment is reversed");
        assert!(l.coop.verify(&l.store).expect("verify").intact);
    }
    a.coop
        .lot_close(&mut a.store, &lot, &step("2026-11-13"))
        .expect("closes now");
    sync(&a, &mut b);
    assert_eq!(
        b.coop.lot_summary(&b.store, &lot).expect("b").phase_label,
        "已结束"
    );
    // Only the owner closes; B cannot open intake on A's lot either.
    let rows = vec![IntakeRow {
        household: "H01".into(),
        weight: "1".into(),
        price: "1".into(),
        ..Default::default()
    }];
    assert!(b
        .coop
        .lot_intake(
            &mut b.store,
            &lot,
            &IntakeForm {
                step: step("2026-11-14"),
                rows
            }
        )
        .is_err());
}

#[test]
fn when_the_batch_is_the_later_payment_it_is_reversed_and_the_others_paid_again() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut a, mut b, lot) = sold_lot(&dir);
    pay(&mut b, &lot, 9_000, &["H03"], "现金");
    pay(&mut a, &lot, 10_000, &[], "银行");
    sync(&a, &mut b);
    sync(&b, &mut a);
    let dups = b.coop.duplicates(&b.store).expect("dups");
    assert_eq!(dups, a.coop.duplicates(&a.store).expect("dups"));
    assert_eq!(dups[0].kept.device, b.store.device_id());
    b.clock.set(T0 + 40_000);
    let fix = b
        .coop
        .fix_duplicate(
            &mut b.store,
            &lot,
            "H03",
            None,
            Some("2026-11-13"),
            &step("").sign,
        )
        .expect("fix");
    assert_eq!(
        fix.vouchers.len(),
        2,
        "reversal + the nine others paid again"
    );
    assert_eq!(fix.vouchers[1].amount, Fen(9 * 134_400));
    sync(&b, &mut a);
    for l in [&mut a, &mut b] {
        assert!(l.coop.duplicates(&l.store).expect("dups").is_empty());
        for code in CODES {
            assert_eq!(l.bal(&format!("114.{code}")), 0, "{code}");
        }
        assert_eq!(l.bal("101"), -134_400, "H03 was paid in cash on B");
        assert!(l
            .coop
            .lot_show(&l.store, &lot)
            .expect("show")
            .unsettled
            .is_empty());
    }
}
