//! Every refusal of the ledger: the rule, its Chinese message, and that
//! nothing was written.

mod common;

use common::*;
use cunwu_core::money::Grams;
use cunwu_ledger::surplus::{plan_surplus, MemberVolume, SurplusTerms};
use cunwu_ledger::*;

fn cash_sale(amount: i64) -> Vec<Line> {
    vec![
        Line::debit("101", fen(amount)),
        Line::credit("502", fen(amount)),
    ]
}

fn post(books: &mut Books, lines: Vec<Line>) -> Result<Voucher> {
    books.post(manual(day(2026, 11, 3), "测试", lines), &device("d1", "A"))
}

#[test]
fn unbalanced_voucher_is_refused_and_nothing_is_written() {
    let mut books = coop_books();
    let err = post(
        &mut books,
        vec![Line::debit("101", fen(100)), Line::credit("502", fen(99))],
    )
    .expect_err("unbalanced");
    assert_eq!(
        err,
        LedgerError::Unbalanced {
            debit: fen(100),
            credit: fen(99)
        }
    );
    assert!(err.to_string().contains("借贷不平衡"));
    assert_eq!(err.code(), "unbalanced");
    assert!(books.vouchers().is_empty());
    assert_eq!(books.totals(&"101".into()), Totals::default());
}

#[test]
fn lines_must_be_one_sided_non_zero_and_not_negative() {
    let mut books = coop_books();
    let mut two = Line::debit("101", fen(5));
    two.credit = fen(5);
    assert_eq!(
        post(&mut books, vec![two, Line::credit("502", fen(0))]),
        Err(LedgerError::TwoSidedLine { line: 1 })
    );
    assert_eq!(
        post(
            &mut books,
            vec![
                Line::debit("101", fen(5)),
                Line::credit("502", fen(5)),
                Line::debit("101", fen(0))
            ]
        ),
        Err(LedgerError::EmptyLine { line: 3 })
    );
    assert_eq!(
        post(
            &mut books,
            vec![Line::debit("101", fen(-5)), Line::credit("502", fen(-5))]
        ),
        Err(LedgerError::NegativeAmount { line: 1 })
    );
    assert_eq!(post(&mut books, vec![]), Err(LedgerError::ZeroVoucher));
    assert!(books.vouchers().is_empty());
}

#[test]
fn only_leaf_open_known_accounts_take_postings() {
    let mut books = coop_books();
    let e = post(
        &mut books,
        vec![Line::debit("114", fen(5)), Line::credit("101", fen(5))],
    )
    .expect_err("114 needs a member");
    assert!(matches!(&e, LedgerError::NotLeaf { code, .. } if code == "114"));
    assert!(e.to_string().contains("最末级明细科目"));
    assert!(matches!(
        post(
            &mut books,
            vec![Line::debit("121", fen(5)), Line::credit("101", fen(5))]
        ),
        Err(LedgerError::NotLeaf { .. })
    ));
    assert_eq!(
        post(
            &mut books,
            vec![Line::debit("999", fen(5)), Line::credit("101", fen(5))]
        ),
        Err(LedgerError::UnknownAccount { code: "999".into() })
    );

    // Once 113 has a sub-account it is no longer a leaf; once 11301 is
    // closed it takes nothing; an account with a balance cannot be closed.
    let sub = NewAccount {
        code: "11301".into(),
        name: "县城超市".into(),
        parent: "113".into(),
        member: None,
    };
    books
        .apply(&LedgerFact::AccountOpened { account: sub })
        .expect("open 11301");
    assert!(matches!(
        post(
            &mut books,
            vec![Line::debit("113", fen(5)), Line::credit("101", fen(5))]
        ),
        Err(LedgerError::NotLeaf { .. })
    ));
    post(
        &mut books,
        vec![Line::debit("11301", fen(5)), Line::credit("502", fen(5))],
    )
    .expect("post to 11301");
    assert!(matches!(
        books.apply(&LedgerFact::AccountClosed {
            code: "11301".into()
        }),
        Err(LedgerError::Chart(_))
    ));
    post(
        &mut books,
        vec![Line::debit("101", fen(5)), Line::credit("11301", fen(5))],
    )
    .expect("settle 11301");
    books
        .apply(&LedgerFact::AccountClosed {
            code: "11301".into(),
        })
        .expect("close 11301");
    assert!(matches!(
        post(
            &mut books,
            vec![Line::debit("11301", fen(5)), Line::credit("502", fen(5))]
        ),
        Err(LedgerError::AccountClosed { .. })
    ));

    // A leaf with postings cannot get sub-accounts.
    let under_cash = NewAccount {
        code: "10101".into(),
        name: "备用金".into(),
        parent: "101".into(),
        member: None,
    };
    assert!(matches!(
        books.apply(&LedgerFact::AccountOpened {
            account: under_cash
        }),
        Err(LedgerError::Chart(_))
    ));
}

#[test]
fn a_line_member_must_match_its_account() {
    let mut books = coop_books();
    let (_, new) = books
        .chart()
        .member_account(Role::MemberCurrent, &m("H01"), "张德明")
        .expect("plan");
    books
        .commit(
            &new.into_iter().collect::<Vec<_>>(),
            vec![],
            &device("d1", "A"),
        )
        .expect("open");
    let err = post(
        &mut books,
        vec![
            Line::debit("101", fen(5)),
            Line::credit("114.H01", fen(5)).member(m("H02")),
        ],
    )
    .expect_err("mismatch");
    assert!(matches!(err, LedgerError::MemberMismatch { line: 2, .. }));
}

#[test]
fn closed_period_refuses_postings_local_and_synced() {
    let mut books = coop_books();
    let dev = device("d1", "A");
    books
        .post(manual(day(2026, 11, 3), "十一月", cash_sale(100)), &dev)
        .expect("november");
    let fact = books.close_period(Period::new(2026, 11).expect("period"));
    assert_eq!(
        fact,
        LedgerFact::PeriodClosed {
            period: Period::new(2026, 11).expect("p")
        }
    );
    let err = books
        .post(manual(day(2026, 11, 30), "补记", cash_sale(100)), &dev)
        .expect_err("closed");
    assert_eq!(
        err,
        LedgerError::PeriodClosed {
            period: "2026-11".into()
        }
    );
    assert!(err.to_string().contains("已结账"));
    books
        .post(manual(day(2026, 12, 1), "十二月", cash_sale(100)), &dev)
        .expect("december is open");

    // Another device's voucher dated in the closed month is refused on replay
    // and reported, not silently taken.
    let mut other = coop_books();
    let late = other
        .post(
            manual(day(2026, 11, 20), "离线补记", cash_sale(7)),
            &device("d2", "B"),
        )
        .expect("posted offline");
    let err = books
        .apply(&LedgerFact::VoucherPosted { voucher: late })
        .expect_err("refused on sync");
    assert!(matches!(err, LedgerError::PeriodClosed { .. }));
}

#[test]
fn a_voucher_is_reversed_once_exactly_and_never_a_reversal() {
    let mut books = coop_books();
    let dev = device("d1", "A");
    let v = books
        .post(manual(day(2026, 11, 3), "误记收入", cash_sale(2_500)), &dev)
        .expect("original");
    let red = books
        .reversal(&v.id, day(2026, 11, 4), signers())
        .expect("reversal");
    assert_eq!(
        red.lines
            .iter()
            .map(|l| l.debit.0 + l.credit.0)
            .collect::<Vec<_>>(),
        vec![-2_500, -2_500]
    );
    let r = books.post(red.clone(), &dev).expect("post reversal");
    assert_eq!(bal(&books, "101"), 0);
    assert_eq!(bal(&books, "502"), 0);
    assert_eq!(books.reversed_by(&v.id), Some(&r.id));

    // Twice: refused, by the helper and by the rules.
    assert!(matches!(
        books.reversal(&v.id, day(2026, 11, 5), signers()),
        Err(LedgerError::AlreadyReversed { .. })
    ));
    let err = books.post(red, &dev).expect_err("double reversal");
    assert!(matches!(err, LedgerError::AlreadyReversed { .. }));
    assert!(err.to_string().contains("只能冲销一次"));
    // A reversal of the reversal: refused.
    assert!(matches!(
        books.reversal(&r.id, day(2026, 11, 5), signers()),
        Err(LedgerError::ReverseOfReversal { .. })
    ));

    // A "reversal" that does not exactly negate its original: refused.
    let w = books
        .post(manual(day(2026, 11, 6), "另一笔", cash_sale(900)), &dev)
        .expect("w");
    let mut wrong = books
        .reversal(&w.id, day(2026, 11, 6), signers())
        .expect("draft");
    wrong.lines[0].debit = fen(-800);
    wrong.lines[1].credit = fen(-800);
    assert!(matches!(
        books.post(wrong, &dev),
        Err(LedgerError::ReversalMismatch { .. })
    ));
    // Red ink outside a reversal: refused.
    let mut red_manual = manual(day(2026, 11, 6), "红字", cash_sale(900));
    red_manual.lines[0].debit = fen(-900);
    red_manual.lines[1].credit = fen(-900);
    assert!(matches!(
        books.post(red_manual, &dev),
        Err(LedgerError::NegativeAmount { .. })
    ));
    assert!(books.check().is_empty());
}

#[test]
fn accountant_and_cashier_must_differ_when_the_coop_says_so() {
    let mut books = coop_books();
    let dev = device("d1", "A");
    let mut body = manual(day(2026, 11, 3), "现金收入", cash_sale(100));
    body.signers.cashier = body.signers.accountant.clone();
    let err = books.post(body.clone(), &dev).expect_err("same person");
    assert_eq!(
        err,
        LedgerError::SameClerk {
            name: "刘会计".into()
        }
    );
    assert!(err.to_string().contains("会计和出纳不能是同一人"));
    let mut no_cashier = body.clone();
    no_cashier.signers.cashier.clear();
    assert_eq!(
        books.post(no_cashier, &dev),
        Err(LedgerError::MissingPerson { role: "出纳" })
    );
    assert!(books.vouchers().is_empty());
    books.set_settings(LedgerSettings {
        separate_cashier: false,
        ..LedgerSettings::default()
    });
    books
        .post(body, &dev)
        .expect("allowed when the co-op does not separate the roles");
}

#[test]
fn return_under_sixty_percent_is_refused() {
    let volumes = vec![MemberVolume {
        member: m("H01"),
        name: "张德明".into(),
        volume: 10,
    }];
    let terms = SurplusTerms {
        surplus: fen(228_000),
        reserve_bp: 1_000,
        return_bp: 5_999,
    };
    let err = plan_surplus(2026, terms, &volumes).expect_err("too low");
    assert_eq!(
        err,
        LedgerError::ReturnTooLow {
            percent: "59.99%".into()
        }
    );
    assert!(err.to_string().contains("不得低于可分配盈余的60%"));
    assert!(plan_surplus(
        2026,
        SurplusTerms {
            return_bp: 6_000,
            ..terms
        },
        &volumes
    )
    .is_ok());
    assert!(plan_surplus(
        2026,
        SurplusTerms {
            return_bp: 10_001,
            ..terms
        },
        &volumes
    )
    .is_err());
    assert!(plan_surplus(
        2026,
        SurplusTerms {
            surplus: fen(0),
            ..terms
        },
        &volumes
    )
    .is_err());
}

#[test]
fn a_refused_action_rolls_back_accounts_and_vouchers() {
    let mut books = coop_books();
    let dev = device("d1", "A");
    let (_, new) = books
        .chart()
        .member_account(Role::MemberCurrent, &m("H01"), "张德明")
        .expect("plan");
    let good = manual(
        day(2026, 11, 3),
        "好的",
        vec![Line::debit("101", fen(5)), Line::credit("114.H01", fen(5))],
    );
    let bad = manual(
        day(2026, 11, 3),
        "坏的",
        vec![Line::debit("101", fen(5)), Line::credit("502", fen(4))],
    );
    let err = books
        .commit(
            &new.into_iter().collect::<Vec<_>>(),
            vec![good.clone(), bad],
            &dev,
        )
        .expect_err("second fails");
    assert!(matches!(err, LedgerError::Unbalanced { .. }));
    assert!(books.vouchers().is_empty());
    assert!(books.chart().get(&"114.H01".into()).is_none());
    assert_eq!(books.totals(&"101".into()), Totals::default());
    assert_eq!(books.head("d1"), None);
    // The next voucher still gets sequence 1 and number 1.
    let v = books
        .post(manual(day(2026, 11, 3), "重来", cash_sale(5)), &dev)
        .expect("post");
    assert_eq!((v.id.seq, v.number), (1, 1));
}

#[test]
fn lot_refusals_say_what_to_do() {
    let mut books = coop_books();
    let owner = device("A-dev", "A");
    let other = device("B-dev", "B");
    let c = ctx(&owner, day(2026, 11, 5), 1);
    let (mut lot, _) =
        open_lot(&mut books, LotId("L1".into()), "肉羊批次", "活羊", &c).expect("open");

    let bad_weight = vec![IntakeInput {
        weight: Grams(-1),
        ..intake_inputs()[0].clone()
    }];
    assert!(matches!(
        lot.plan_intake(&books, &c, bad_weight),
        Err(LedgerError::Invalid {
            field: "重量", ..
        })
    ));
    let err = lot
        .plan_intake(&books, &ctx(&other, day(2026, 11, 5), 2), intake_inputs())
        .expect_err("not owner");
    assert!(err.to_string().contains("只能在那台设备上办理"));

    let plan = lot
        .plan_intake(&books, &c, intake_inputs()[..2].to_vec())
        .expect("intake");
    record(&mut books, &mut lot, plan, &owner).expect("record");
    let pay = |member: &str| {
        vec![PayoutRequest {
            member: m(member),
            kind: PayoutKind::Purchase,
            amount: None,
        }]
    };
    let err = lot
        .plan_payout(&books, &c, pay("H09"), PayFrom::Cash)
        .expect_err("not in lot");
    assert!(err.to_string().contains("没有向本批次交售"));
    let plan = lot
        .plan_payout(&books, &c, pay("H01"), PayFrom::Cash)
        .expect("pay H01");
    record(&mut books, &mut lot, plan, &owner).expect("paid");
    let err = lot
        .plan_payout(&books, &c, pay("H01"), PayFrom::Cash)
        .expect_err("twice");
    assert!(err.to_string().contains("不能重复支付"));

    let err = lot
        .plan_sale(
            &books,
            &c,
            "超市",
            Grams(200_000),
            UnitPrice::per_kg(3_000),
            PayFrom::Bank,
        )
        .expect_err("too much");
    assert!(err.to_string().contains("库存只有"));
    let err = lot.plan_close(&books, &c).expect_err("unsettled");
    assert!(err.to_string().contains("还未付清"), "{err}");
    assert!(err.to_string().contains("未售出"), "{err}");
}
