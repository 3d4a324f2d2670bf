//! Partial sales to several buyers with the cost carried by moving
//! average, advance and final payouts, balance assertions, red-ink
//! reversals in the reports, the village chart, and the JSON shape the
//! store keeps.

mod common;

use common::*;
use cunwu_core::money::Grams;
use cunwu_ledger::assertion::{check_assertion, mismatches, AssertionKind, BalanceAssertion};
use cunwu_ledger::report::{general_ledger, journal, trial_balance};
use cunwu_ledger::*;

fn intake(member: &str, name: &str, grams: i64) -> IntakeInput {
    IntakeInput {
        member: m(member),
        name: name.into(),
        head: 1,
        weight: Grams(grams),
        grade: "一等".into(),
        price: UnitPrice::per_kg(2_805),
    }
}

#[test]
fn partial_sales_carry_cost_exactly_and_advances_count() {
    let mut books = coop_books();
    let dev = device("A-dev", "A");
    let c = ctx(&dev, day(2026, 9, 1), 1);
    let (mut lot, _) =
        open_lot(&mut books, LotId("L".into()), "活羊直销", "活羊", &c).expect("open");
    // 100 kg and 33.333 kg at 28.05/kg: 280,500 and 93,499.065 → 93,499.
    let plan = lot
        .plan_intake(
            &books,
            &c,
            vec![intake("H01", "甲", 100_000), intake("H02", "乙", 33_333)],
        )
        .expect("intake");
    record(&mut books, &mut lot, plan, &dev).expect("record");
    let st = lot.state(&books).expect("state");
    assert_eq!(
        (st.raw.quantity, st.raw.cost),
        (Grams(133_333), fen(373_999))
    );

    // Sold live, in two parts, to two buyers.
    let plan = lot
        .plan_sale(
            &books,
            &c,
            "甲超市",
            Grams(50_000),
            UnitPrice::per_kg(3_650),
            PayFrom::Bank,
        )
        .expect("sale 1");
    let rec = record(&mut books, &mut lot, plan, &dev).expect("sale 1");
    let vs = vouchers(&rec.facts);
    assert_eq!(
        lines(&vs[0]),
        vec![("102".into(), 182_500, 0), ("501".into(), 0, 182_500)]
    );
    // 373,999 × 50,000 / 133,333 = 140,249.976 → 140,250 (half up).
    assert_eq!(
        lines(&vs[1]),
        vec![("521".into(), 140_250, 0), ("12101".into(), 0, 140_250)]
    );
    let plan = lot
        .plan_sale(
            &books,
            &c,
            "乙饭店",
            Grams(83_333),
            UnitPrice::per_kg(3_510),
            PayFrom::Cash,
        )
        .expect("sale 2");
    let rec = record(&mut books, &mut lot, plan, &dev).expect("sale 2");
    let vs = vouchers(&rec.facts);
    assert_eq!(lines(&vs[0])[0], ("101".into(), 292_499, 0));
    // The sale that empties the stock takes exactly the cost that remains.
    assert_eq!(lines(&vs[1])[0], ("521".into(), 373_999 - 140_250, 0));
    let st = lot.state(&books).expect("state");
    assert_eq!((st.raw.quantity, st.raw.cost), (Grams(0), fen(0)));
    assert_eq!(st.pnl.margin, fen(182_500 + 292_499 - 373_999));
    assert!(lot
        .plan_sale(
            &books,
            &c,
            "丙",
            Grams(1),
            UnitPrice::per_kg(1),
            PayFrom::Cash
        )
        .is_err());

    // H01: an advance of 1,000.00, then the rest as 收购款.
    let adv = PayoutRequest {
        member: m("H01"),
        kind: PayoutKind::Advance,
        amount: Some(fen(100_000)),
    };
    let plan = lot
        .plan_payout(&books, &c, vec![adv], PayFrom::Cash)
        .expect("advance");
    record(&mut books, &mut lot, plan, &dev).expect("advance");
    let st = lot.state(&books).expect("state");
    assert_eq!(st.members[&m("H01")].owed, fen(180_500));
    let too_much = PayoutRequest {
        member: m("H01"),
        kind: PayoutKind::Purchase,
        amount: Some(fen(180_501)),
    };
    assert!(lot
        .plan_payout(&books, &c, vec![too_much], PayFrom::Cash)
        .is_err());
    let rest = ["H01", "H02"].map(|no| PayoutRequest {
        member: m(no),
        kind: PayoutKind::Purchase,
        amount: None,
    });
    let plan = lot
        .plan_payout(&books, &c, rest.to_vec(), PayFrom::Bank)
        .expect("rest");
    let rec = record(&mut books, &mut lot, plan, &dev).expect("rest");
    assert_eq!(
        lines(&vouchers(&rec.facts)[0]),
        vec![
            ("114.H01".into(), 180_500, 0),
            ("114.H02".into(), 93_499, 0),
            ("102".into(), 0, 273_999)
        ]
    );
    assert!(lot.unsettled(&books).expect("check").is_empty());
    assert!(books.check().is_empty());
}

#[test]
fn cash_counts_and_bank_statements_are_checked_against_the_books() {
    let mut books = coop_books();
    let dev = device("A-dev", "A");
    books
        .post(
            manual(
                day(2026, 9, 1),
                "提现",
                vec![
                    Line::debit("101", fen(50_000)),
                    Line::credit("311", fen(50_000)),
                ],
            ),
            &dev,
        )
        .expect("post");
    books
        .post(
            manual(
                day(2026, 9, 3),
                "付运费",
                vec![
                    Line::debit("522", fen(1_250)),
                    Line::credit("101", fen(1_250)),
                ],
            ),
            &dev,
        )
        .expect("post");
    let count = |date, amount| BalanceAssertion {
        account: "101".into(),
        date,
        amount: fen(amount),
        kind: AssertionKind::CashCount,
        by: "赵出纳".into(),
    };
    let ok = check_assertion(&books, &count(day(2026, 9, 2), 50_000)).expect("check");
    assert!(ok.matches());
    let short = count(day(2026, 9, 3), 48_000);
    let bank = BalanceAssertion {
        account: "102".into(),
        date: day(2026, 9, 3),
        amount: fen(0),
        kind: AssertionKind::BankStatement,
        by: "赵出纳".into(),
    };
    let report =
        mismatches(&books, &[count(day(2026, 9, 2), 50_000), short, bank]).expect("report");
    assert_eq!(report.len(), 1);
    assert_eq!(
        (report[0].book, report[0].difference),
        (fen(48_750), fen(-750))
    );
    assert!(
        report[0].message().contains("短款 ¥7.50"),
        "{}",
        report[0].message()
    );
}

#[test]
fn red_ink_shows_in_turnover_and_the_ledgers() {
    let mut books = coop_books();
    let dev = device("A-dev", "A");
    let v = books
        .post(
            manual(
                day(2026, 9, 1),
                "收到捐款",
                vec![
                    Line::debit("101", fen(3_000)),
                    Line::credit("311", fen(3_000)),
                ],
            ),
            &dev,
        )
        .expect("post");
    let red = books
        .reversal(&v.id, day(2026, 9, 2), signers())
        .expect("red");
    books.post(red, &dev).expect("reverse");
    let tb = trial_balance(&books, day(2026, 9, 1), day(2026, 9, 30)).expect("tb");
    assert!(tb.is_balanced());
    let cash = tb.rows.iter().find(|r| r.code.0 == "101").expect("101 row");
    // Red ink keeps the turnover true: 3,000 − 3,000 = 0 debit turnover.
    assert_eq!((cash.period.debit, cash.closing.debit), (fen(0), fen(0)));
    let gl = general_ledger(&books, &"101".into(), day(2026, 9, 1), day(2026, 9, 30)).expect("gl");
    assert_eq!(
        gl.rows
            .iter()
            .map(|r| (r.debit.0, r.balance.0))
            .collect::<Vec<_>>(),
        vec![(3_000, 3_000), (-3_000, 0)]
    );
    let j = journal(&books, day(2026, 9, 1), day(2026, 9, 30));
    assert_eq!(
        j.iter()
            .map(|e| (e.reversed, e.reversal))
            .collect::<Vec<_>>(),
        vec![(true, false), (false, true)]
    );
}

#[test]
fn the_village_chart_drives_a_lot_by_roles() {
    let chart = Chart::from_template(ChartTemplate::Village2023).expect("village chart");
    let mut books = Books::new(chart, LedgerSettings::default());
    let dev = device("V-dev", "V");
    let c = ctx(&dev, day(2026, 9, 1), 1);
    let (mut lot, _) =
        open_lot(&mut books, LotId("V1".into()), "集体收购", "玉米", &c).expect("open");
    let plan = lot
        .plan_intake(&books, &c, vec![intake("H01", "甲", 1_000)])
        .expect("intake");
    let rec = record(&mut books, &mut lot, plan, &dev).expect("record");
    assert_eq!(
        lines(&vouchers(&rec.facts)[0]),
        vec![("12101".into(), 2_805, 0), ("113.H01".into(), 0, 2_805)]
    );
    assert_eq!(
        books.chart().get(&"121".into()).map(|a| a.name.as_str()),
        Some("库存物资")
    );
}

#[test]
fn facts_round_trip_as_json_with_stable_field_names() {
    let mut books = coop_books();
    let dev = device("A-dev", "A");
    let c = ctx(&dev, day(2026, 9, 1), 7);
    let (mut lot, _) = open_lot(&mut books, LotId("L".into()), "批次", "活羊", &c).expect("open");
    let plan = lot
        .plan_intake(&books, &c, vec![intake("H01", "甲", 1_000)])
        .expect("intake");
    let rec = record(&mut books, &mut lot, plan, &dev).expect("record");
    for f in &rec.facts {
        let json = serde_json::to_string(f).expect("to json");
        assert_eq!(
            &serde_json::from_str::<LedgerFact>(&json).expect("from json"),
            f
        );
    }
    let voucher = vouchers(&rec.facts).remove(0);
    let json = serde_json::to_value(LedgerFact::VoucherPosted { voucher }).expect("json");
    assert_eq!(json["fact"], "voucher_posted");
    let v = &json["voucher"];
    assert_eq!(v["id"], serde_json::json!({"device": "A-dev", "seq": 1}));
    assert_eq!(
        (v["series"].as_str(), v["number"].as_u64()),
        (Some("A"), Some(1))
    );
    assert_eq!(v["prev_hash"].as_str().map(str::len), Some(64));
    assert_eq!(v["body"]["date"], "2026-09-01");
    assert_eq!(
        v["body"]["source"],
        serde_json::json!({"kind": "lot", "lot": "L"})
    );
    assert_eq!(
        v["body"]["lines"][1],
        serde_json::json!({"account": "114.H01", "memo": "甲 交售活羊 1公斤", "debit": 0, "credit": 2805, "member": "H01"})
    );
    let event = rec.event.expect("event");
    let ej = serde_json::to_value(&event).expect("event json");
    assert_eq!(ej["step"]["step"], "intake");
    assert_eq!(
        ej["step"]["lines"][0]["price"],
        serde_json::json!({"fen": 2805, "unit": "Kg"})
    );
    assert_eq!(serde_json::from_value::<LotEvent>(ej).expect("back"), event);
    assert_eq!(
        LedgerFact::PeriodClosed {
            period: Period::new(2026, 9).expect("p")
        }
        .entity_id(),
        "period:2026-09"
    );
}
