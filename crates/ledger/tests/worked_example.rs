//! DOMAIN.md's worked example end to end through the public API: ten
//! households deliver 480 kg of live sheep at 28.00/kg; the co-op has them
//! slaughtered and packed, sells 240 kg of mutton at 68.00/kg, pays every
//! household, closes the lot, closes the year and returns 60 % of the
//! distributable surplus by volume. Every voucher and balance is asserted
//! to the fen.

mod common;

use common::*;
use cunwu_core::money::{Fen, Grams};
use cunwu_ledger::closing::{year_end_closing, year_surplus};
use cunwu_ledger::report::{balance_sheet, income_statement, member_statement, trial_balance};
use cunwu_ledger::surplus::{plan_surplus, volumes_by_weight, SurplusTerms};
use cunwu_ledger::*;

fn expect_one(facts: &[LedgerFact]) -> Voucher {
    let vs = vouchers(facts);
    assert_eq!(vs.len(), 1, "one voucher expected");
    vs.into_iter().next().expect("one voucher")
}

#[test]
fn worked_example_end_to_end() {
    let mut books = coop_books();
    let dev = device("laptop-A", "A");

    // Opening funds, so cash and bank never go negative: a grant into the
    // bank and cash drawn from it.
    books
        .post(
            manual(
                day(2026, 11, 1),
                "收到财政扶持资金",
                vec![
                    Line::debit("102", fen(200_000)),
                    Line::credit("311", fen(200_000)),
                ],
            ),
            &dev,
        )
        .expect("grant");
    books
        .post(
            manual(
                day(2026, 11, 1),
                "提取现金备付加工费",
                vec![
                    Line::debit("101", fen(80_000)),
                    Line::credit("102", fen(80_000)),
                ],
            ),
            &dev,
        )
        .expect("cash");

    // Open the lot: 12101 活羊 is opened under 121 产品物资.
    let c = ctx(&dev, day(2026, 11, 5), 1_000);
    let (mut lot, rec) = open_lot(
        &mut books,
        LotId("A-2026-001".into()),
        "2026年11月肉羊统一收购",
        "活羊",
        &c,
    )
    .expect("open lot");
    assert_eq!(lot.raw_account.0, "12101");
    assert!(
        matches!(&rec.facts[..], [LedgerFact::AccountOpened { account }] if account.name == "活羊")
    );

    // V1 收购: Dr 12101 活羊 / Cr 114 per household.
    let plan = lot
        .plan_intake(&books, &c, intake_inputs())
        .expect("plan intake");
    let rec = record(&mut books, &mut lot, plan, &dev).expect("intake");
    let v1 = expect_one(&rec.facts);
    let amounts: Vec<i64> = HOUSEHOLDS.iter().map(|h| h.3 * 280).collect();
    let mut want = vec![("12101".to_string(), 1_344_000, 0)];
    want.extend(
        HOUSEHOLDS
            .iter()
            .zip(&amounts)
            .map(|(h, a)| (format!("114.{}", h.0), 0, *a)),
    );
    assert_eq!(lines(&v1), want);
    assert_eq!(amounts.iter().sum::<i64>(), 1_344_000);
    assert_eq!(v1.body.lines[0].quantity, Some(Grams(480_000)));
    assert_eq!(v1.label(), "2026-11 A-0003");
    assert_eq!(
        bal(&books, "114"),
        -1_344_000,
        "114 owes the households (credit balance)"
    );
    assert_eq!(bal(&books, "114.H03"), -155_120);

    // V2 投入加工: Dr 401 / Cr 12101.
    let c = ctx(&dev, day(2026, 11, 6), 2_000);
    let plan = lot.plan_processing(&books, &c).expect("plan");
    let rec = record(&mut books, &mut lot, plan, &dev).expect("processing");
    assert_eq!(
        lines(&expect_one(&rec.facts)),
        vec![("401".into(), 1_344_000, 0), ("12101".into(), 0, 1_344_000)]
    );

    // V3 屠宰/包装/运输: Dr 401 / Cr 101.
    let items = vec![
        CostItem {
            item: "屠宰".into(),
            amount: fen(30_000),
        },
        CostItem {
            item: "包装".into(),
            amount: fen(18_000),
        },
        CostItem {
            item: "运输".into(),
            amount: fen(12_000),
        },
    ];
    let plan = lot
        .plan_cost(&books, &c, items, PayFrom::Cash)
        .expect("plan");
    let rec = record(&mut books, &mut lot, plan, &dev).expect("costs");
    assert_eq!(
        lines(&expect_one(&rec.facts)),
        vec![
            ("401".into(), 30_000, 0),
            ("401".into(), 18_000, 0),
            ("401".into(), 12_000, 0),
            ("101".into(), 0, 60_000)
        ]
    );
    assert_eq!(bal(&books, "401"), 1_404_000);

    // V4 完工入库: Dr 12102 羊肉 / Cr 401.
    let c = ctx(&dev, day(2026, 11, 7), 3_000);
    let plan = lot
        .plan_finish(&books, &c, "羊肉", Grams(240_000))
        .expect("plan");
    let rec = record(&mut books, &mut lot, plan, &dev).expect("finish");
    assert_eq!(
        lines(&expect_one(&rec.facts)),
        vec![("12102".into(), 1_404_000, 0), ("401".into(), 0, 1_404_000)]
    );
    assert_eq!(
        books.chart().get(&"12102".into()).map(|a| a.name.as_str()),
        Some("羊肉")
    );

    // V5a 销售 240 kg × 68.00 (Dr 102 / Cr 501) and V5b 结转成本 (Dr 521 / Cr 12102).
    let c = ctx(&dev, day(2026, 11, 10), 4_000);
    let plan = lot
        .plan_sale(
            &books,
            &c,
            "县城惠民超市",
            Grams(240_000),
            UnitPrice::per_kg(6_800),
            PayFrom::Bank,
        )
        .expect("plan");
    let rec = record(&mut books, &mut lot, plan, &dev).expect("sale");
    let vs = vouchers(&rec.facts);
    assert_eq!(vs.len(), 2);
    assert_eq!(
        lines(&vs[0]),
        vec![("102".into(), 1_632_000, 0), ("501".into(), 0, 1_632_000)]
    );
    assert_eq!(
        lines(&vs[1]),
        vec![("521".into(), 1_404_000, 0), ("12102".into(), 0, 1_404_000)]
    );

    // V6 付款到户: Dr 114 per household / Cr 102.
    let c = ctx(&dev, day(2026, 11, 12), 5_000);
    let requests = HOUSEHOLDS
        .iter()
        .map(|h| PayoutRequest {
            member: m(h.0),
            kind: PayoutKind::Purchase,
            amount: None,
        })
        .collect();
    let plan = lot
        .plan_payout(&books, &c, requests, PayFrom::Bank)
        .expect("plan");
    let rec = record(&mut books, &mut lot, plan, &dev).expect("payout");
    let mut want: Vec<(String, i64, i64)> = HOUSEHOLDS
        .iter()
        .zip(&amounts)
        .map(|(h, a)| (format!("114.{}", h.0), *a, 0))
        .collect();
    want.push(("102".into(), 0, 1_344_000));
    assert_eq!(lines(&expect_one(&rec.facts)), want);

    // After V6 every member's 114 balance is zero; the lot's margin is 228,000.
    for h in HOUSEHOLDS {
        assert_eq!(bal(&books, &format!("114.{}", h.0)), 0, "{} settled", h.0);
    }
    let state = lot.state(&books).expect("state");
    assert_eq!(state.pnl.revenue, fen(1_632_000));
    assert_eq!(state.pnl.cost_of_sales, fen(1_404_000));
    assert_eq!(state.pnl.margin, fen(228_000));
    assert_eq!(state.members[&m("H05")].weight, Grams(50_500));
    assert_eq!(state.members[&m("H05")].paid, fen(141_400));
    assert!(lot.unsettled(&books).expect("check").is_empty());
    let plan = lot.plan_close(&books, &c).expect("close");
    let rec = record(&mut books, &mut lot, plan, &dev).expect("close");
    assert!(rec.facts.is_empty());
    assert_eq!(lot.state(&books).expect("state").phase, LotPhase::Closed);

    // November: the trial balance is zero; cash 20,000, bank 408,000.
    let tb = trial_balance(&books, day(2026, 11, 1), day(2026, 11, 30)).expect("tb");
    assert!(tb.is_balanced());
    assert_eq!(
        tb.total.period.debit,
        fen(200_000 + 80_000 + 1_344_000 * 3 + 60_000 + 1_404_000 * 2 + 1_632_000)
    );
    assert_eq!(bal(&books, "101"), 20_000);
    assert_eq!(bal(&books, "102"), 408_000);
    assert_eq!(bal(&books, "121"), 0);
    assert_eq!(bal(&books, "401"), 0);
    assert_eq!(bal(&books, "501"), 1_632_000);
    assert_eq!(bal(&books, "521"), 1_404_000);
    assert!(books.check().is_empty());

    // Year end: close income into 本年盈余 (331), then into 盈余分配 (332).
    let ye = day(2026, 12, 31);
    assert_eq!(year_surplus(&books, 2026), Ok(fen(228_000)));
    let closing = year_end_closing(&books, 2026, ye, &signers()).expect("closing");
    let facts = books.commit(&[], closing, &dev).expect("post closing");
    let vs = vouchers(&facts);
    assert_eq!(
        lines(&vs[0]),
        vec![
            ("501".into(), 1_632_000, 0),
            ("521".into(), 0, 1_404_000),
            ("331".into(), 0, 228_000)
        ]
    );
    assert_eq!(
        lines(&vs[1]),
        vec![("331".into(), 228_000, 0), ("332".into(), 0, 228_000)]
    );
    assert_eq!(vs[0].label(), "2026-12 A-0001");
    assert_eq!(
        income_statement(&books, day(2026, 1, 1), ye)
            .expect("is")
            .surplus,
        fen(228_000)
    );

    // 10 % reserve 22,800 → distributable 205,200; 60 % = 123,120 = 256.5 fen/kg.
    let volumes = volumes_by_weight(std::slice::from_ref(&lot), &books, 2026).expect("volumes");
    assert_eq!(volumes.iter().map(|v| v.volume).sum::<i64>(), 480_000);
    let terms = SurplusTerms {
        surplus: fen(228_000),
        reserve_bp: 1_000,
        return_bp: 6_000,
    };
    let plan = plan_surplus(2026, terms, &volumes).expect("plan");
    assert_eq!(
        (plan.reserve, plan.distributable, plan.returned),
        (fen(22_800), fen(205_200), fen(123_120))
    );
    assert_eq!(
        plan.returned.0 * 1_000 * 10 / 480_000,
        2_565,
        "256.5 fen per kg"
    );
    assert_eq!(plan.floor_total, fen(123_117));
    assert_eq!(plan.leftover, 3);
    let extra: Vec<&str> = plan
        .shares
        .iter()
        .filter(|s| s.extra)
        .map(|s| s.member.as_str())
        .collect();
    // Remainders: H10 .95, H06 .55, then H02 and H08 tie at .4: H02 has the lower number.
    assert_eq!(extra, vec!["H02", "H06", "H10"]);
    let got: Vec<i64> = plan.shares.iter().map(|s| s.amount.0).collect();
    assert_eq!(
        got,
        vec![13_851, 13_236, 14_210, 11_337, 12_953, 11_466, 9_747, 12_722, 10_183, 13_415]
    );
    assert_eq!(got.iter().sum::<i64>(), 123_120);

    // Vouchers: 332 → 322 reserve, 332 → 221 per member, then 221 → 102.
    let (accounts, bodies) = plan
        .vouchers(books.chart(), ye, &signers())
        .expect("vouchers");
    assert_eq!(accounts.len(), 10);
    let facts = books.commit(&accounts, bodies, &dev).expect("distribute");
    let vs = vouchers(&facts);
    assert_eq!(
        lines(&vs[0]),
        vec![("332".into(), 22_800, 0), ("322".into(), 0, 22_800)]
    );
    let mut want = vec![("332".to_string(), 123_120, 0)];
    want.extend(
        plan.shares
            .iter()
            .map(|s| (format!("221.{}", s.member), 0, s.amount.0)),
    );
    assert_eq!(lines(&vs[1]), want);
    let pay = plan
        .payment(books.chart(), ye, PayFrom::Bank, &signers())
        .expect("payment");
    books.commit(&[], vec![pay], &dev).expect("pay");

    // Final balances, to the fen.
    for (code, want) in [
        ("101", 20_000),
        ("102", 408_000 - 123_120),
        ("114", 0),
        ("121", 0),
        ("221", 0),
        ("311", 200_000),
        ("322", 22_800),
        ("331", 0),
        ("332", 82_080),
        ("401", 0),
        ("501", 0),
        ("521", 0),
    ] {
        assert_eq!(bal(&books, code), want, "balance of {code}");
    }
    let bs = balance_sheet(&books, ye).expect("bs");
    assert!(bs.balances());
    assert_eq!(bs.total_assets, fen(304_880));
    let tb = trial_balance(&books, day(2026, 1, 1), ye).expect("tb");
    assert!(tb.is_balanced());
    assert!(books.check().is_empty());

    // H03's member account statement: delivery, payment, return, its payment.
    let st = member_statement(
        &books,
        std::slice::from_ref(&lot),
        &m("H03"),
        day(2026, 1, 1),
        ye,
    )
    .expect("statement");
    let rows: Vec<(&str, i64, i64)> = st
        .rows
        .iter()
        .map(|r| (r.account.as_str(), r.debit.0, r.credit.0))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("114.H03", 0, 155_120),
            ("114.H03", 155_120, 0),
            ("221.H03", 0, 14_210),
            ("221.H03", 14_210, 0)
        ]
    );
    assert_eq!(
        st.closing.values().copied().collect::<Vec<Fen>>(),
        vec![Fen::ZERO, Fen::ZERO]
    );
    assert_eq!(
        (st.total_weight, st.total_amount),
        (Grams(55_400), fen(155_120))
    );

    // Every voucher of the device chains; numbers run without gaps per month.
    let chains = chain::verify_chain(books.vouchers());
    assert_eq!(chains.len(), 1);
    assert!(chains[0].first_break.is_none());
    assert_eq!(chains[0].count, 14);
    assert_eq!(
        books.numbers("A", Period::new(2026, 11).expect("p")),
        (1..=9).collect::<Vec<u32>>()
    );
    assert_eq!(
        books.numbers("A", Period::new(2026, 12).expect("p")),
        (1..=5).collect::<Vec<u32>>()
    );
}
