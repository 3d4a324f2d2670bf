//! DOMAIN.md's worked example end to end through the façade on a real
//! SQLite file: ten households deliver 480 kg of live sheep at 28.00/kg
//! (half of them quoted 14.00/斤), slaughter, packing and transport are
//! paid in cash, 240 kg of mutton sells at 68.00/kg, every household is
//! paid, the lot closes, the year closes and 60 % of the distributable
//! surplus returns by volume: 123,117 fen rounded down + 3 leftover fen.
//! Every voucher and balance is asserted to the fen, then again after the
//! database is reopened.

use cunwu_app::coop::*;
use cunwu_core::clock::ManualClock;
use cunwu_core::household::HouseholdField;
use cunwu_core::money::Fen;
use cunwu_store::Store;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// 2026-11-29 08:00 China time.
const T0: i64 = 1_795_910_400_000;

const HOUSEHOLDS: [(&str, &str, u32, i64); 10] = [
    ("H01", "张德明", 3, 540),
    ("H02", "李桂兰", 3, 516),
    ("H03", "王建国", 3, 554),
    ("H04", "赵春生", 2, 442),
    ("H05", "刘玉珍", 3, 505),
    ("H06", "陈永福", 2, 447),
    ("H07", "杨秀英", 2, 380),
    ("H08", "黄志强", 3, 496),
    ("H09", "周丽华", 2, 397),
    ("H10", "吴大山", 3, 523),
];

fn open(path: &Path) -> Store {
    Store::open(path, Arc::new(ManualClock::new(T0))).expect("open store")
}

fn step(date: &str) -> StepForm {
    StepForm {
        date: Some(date.into()),
        sign: SignForm::default(),
    }
}

fn line(account: &str, debit: &str, credit: &str) -> LineForm {
    LineForm {
        account: account.into(),
        debit: Some(debit.into()),
        credit: Some(credit.into()),
        memo: String::new(),
    }
}

/// (account, debit, credit) of a posted voucher.
fn lines_of(coop: &Coop, label: &str) -> Vec<(String, i64, i64)> {
    let v = coop
        .ledger()
        .books()
        .vouchers()
        .iter()
        .find(|v| v.label() == label)
        .unwrap_or_else(|| panic!("voucher {label}"))
        .clone();
    v.body
        .lines
        .iter()
        .map(|l| (l.account.0.clone(), l.debit.0, l.credit.0))
        .collect()
}

fn bal(coop: &Coop, code: &str) -> i64 {
    coop.ledger()
        .books()
        .balance(&code.into())
        .expect("balance")
        .0
}

fn setup(path: &Path) -> Store {
    let mut s = open(path);
    s.init("网周村", Some("草沟镇"), "王芳").expect("init");
    for (code, name, _, _) in HOUSEHOLDS {
        let mut v = BTreeMap::new();
        v.insert(HouseholdField::Code, code.to_string());
        v.insert(HouseholdField::HeadName, name.to_string());
        v.insert(HouseholdField::GroupNo, "3".to_string());
        v.insert(HouseholdField::Category, "脱贫户".to_string());
        s.add_household(&v).expect("household");
    }
    let mut set = s.books_settings().expect("settings");
    set.org_name = "网周村肉羊养殖专业合作社".into();
    set.approver = "李书记".into();
    set.accountant = "刘会计".into();
    set.cashier = "赵出纳".into();
    s.set_books_settings(&set).expect("save settings");
    s.set_voucher_series("A").expect("series");
    s
}

#[test]
fn worked_example_through_the_facade_on_a_real_file() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("village.db");
    let mut s = setup(&path);
    let mut coop = Coop::open(&s).expect("coop");
    let sign = SignForm::default();

    // Opening funds: a grant into the bank, cash drawn from it.
    let post = |coop: &mut Coop, s: &mut Store, date: &str, summary: &str, lines| {
        coop.post(
            s,
            &PostForm {
                date: Some(date.into()),
                summary: summary.into(),
                lines,
                attachments: 1,
                sign: SignForm::default(),
            },
        )
        .expect("post")
    };
    post(
        &mut coop,
        &mut s,
        "2026-11-01",
        "收到财政扶持资金",
        vec![line("102", "2000", ""), line("311", "", "2000")],
    );
    post(
        &mut coop,
        &mut s,
        "2026-11-01",
        "提取现金备付加工费",
        vec![line("101", "800", ""), line("102", "", "800")],
    );

    let lot = coop
        .lot_open(
            &mut s,
            &LotForm {
                name: "2026年11月肉羊统一收购".into(),
                product: "活羊".into(),
                date: Some("2026-11-05".into()),
            },
            &sign,
        )
        .expect("open lot");
    assert_eq!(lot.id, "A-2026-001");
    assert!(lot.owned_here);

    // V1 收购: odd rows typed in 斤 at 14/斤, even rows in kg at 28/kg.
    let rows = HOUSEHOLDS
        .iter()
        .enumerate()
        .map(|(i, (code, _, head, dkg))| IntakeRow {
            household: code.to_string(),
            head: *head,
            weight: if i % 2 == 0 {
                format!("{}.{}斤", dkg / 5, (dkg % 5) * 2)
            } else {
                format!("{}.{}", dkg / 10, dkg % 10)
            },
            weight_unit: None,
            price: if i % 2 == 0 {
                "14/斤".into()
            } else {
                "28".into()
            },
            price_unit: None,
            grade: "一等".into(),
        })
        .collect();
    let v1 = coop
        .lot_intake(
            &mut s,
            &lot.id,
            &IntakeForm {
                step: step("2026-11-05"),
                rows,
            },
        )
        .expect("intake");
    assert_eq!(v1.vouchers.len(), 1);
    assert_eq!(v1.vouchers[0].label, "2026-11 A-0003");
    assert_eq!(v1.vouchers[0].amount, Fen(1_344_000));
    let amounts: Vec<i64> = HOUSEHOLDS.iter().map(|h| h.3 * 280).collect();
    let mut want = vec![("12101".to_string(), 1_344_000, 0)];
    want.extend(
        HOUSEHOLDS
            .iter()
            .zip(&amounts)
            .map(|(h, a)| (format!("114.{}", h.0), 0, *a)),
    );
    assert_eq!(lines_of(&coop, "2026-11 A-0003"), want);
    assert_eq!(bal(&coop, "114.H03"), -155_120);

    // V2 投入加工, V3 屠宰/包装/运输 from cash, V4 完工入库.
    coop.lot_process(&mut s, &lot.id, &step("2026-11-06"))
        .expect("process");
    assert_eq!(
        lines_of(&coop, "2026-11 A-0004"),
        vec![("401".into(), 1_344_000, 0), ("12101".into(), 0, 1_344_000)]
    );
    let items = vec![
        ("屠宰".into(), "300".into()),
        ("包装".into(), "180".into()),
        ("运输".into(), "120".into()),
    ];
    coop.lot_cost(
        &mut s,
        &lot.id,
        &CostForm {
            step: step("2026-11-06"),
            items,
            from: "现金".into(),
        },
    )
    .expect("costs");
    assert_eq!(
        lines_of(&coop, "2026-11 A-0005"),
        vec![
            ("401".into(), 30_000, 0),
            ("401".into(), 18_000, 0),
            ("401".into(), 12_000, 0),
            ("101".into(), 0, 60_000)
        ]
    );
    coop.lot_finish(
        &mut s,
        &lot.id,
        &FinishForm {
            step: step("2026-11-07"),
            product: "羊肉".into(),
            output: "480斤".into(),
            unit: None,
        },
    )
    .expect("finish");
    assert_eq!(
        lines_of(&coop, "2026-11 A-0006"),
        vec![("12102".into(), 1_404_000, 0), ("401".into(), 0, 1_404_000)]
    );

    // V5a 销售 240 kg × 68.00 into the bank, V5b 结转成本.
    let sale = SaleForm {
        step: step("2026-11-10"),
        buyer: "县城惠民超市".into(),
        quantity: "240".into(),
        unit: Some("kg".into()),
        price: "68".into(),
        into: "银行".into(),
    };
    let posted = coop.lot_sale(&mut s, &lot.id, &sale).expect("sale");
    assert_eq!(posted.vouchers.len(), 2);
    assert_eq!(
        lines_of(&coop, "2026-11 A-0007"),
        vec![("102".into(), 1_632_000, 0), ("501".into(), 0, 1_632_000)]
    );
    assert_eq!(
        lines_of(&coop, "2026-11 A-0008"),
        vec![("521".into(), 1_404_000, 0), ("12102".into(), 0, 1_404_000)]
    );

    // V6 付款到户 from the bank: every household still owed.
    coop.lot_payout(
        &mut s,
        &lot.id,
        &PayoutForm {
            step: step("2026-11-12"),
            from: "银行".into(),
            ..Default::default()
        },
    )
    .expect("payout");
    let mut want: Vec<(String, i64, i64)> = HOUSEHOLDS
        .iter()
        .zip(&amounts)
        .map(|(h, a)| (format!("114.{}", h.0), *a, 0))
        .collect();
    want.push(("102".into(), 0, 1_344_000));
    assert_eq!(lines_of(&coop, "2026-11 A-0009"), want);
    for h in HOUSEHOLDS {
        assert_eq!(bal(&coop, &format!("114.{}", h.0)), 0, "{} settled", h.0);
    }
    // Paying a household twice is refused, nothing written.
    let before = s.local_counter();
    let twice = coop.lot_payout(
        &mut s,
        &lot.id,
        &PayoutForm {
            step: step("2026-11-12"),
            households: vec!["H03".into()],
            from: "现金".into(),
            ..Default::default()
        },
    );
    assert!(twice
        .expect_err("paid twice")
        .to_string()
        .contains("已经支付过"));
    assert_eq!(s.local_counter(), before);

    let shown = coop.lot_show(&s, &lot.id).expect("show");
    assert_eq!(shown.state.pnl.margin, Fen(228_000));
    assert!(shown.unsettled.is_empty());
    let closed = coop
        .lot_close(&mut s, &lot.id, &step("2026-11-13"))
        .expect("close");
    assert_eq!(closed.phase_label, "已结束");

    // November's trial balance: SQL sums equal the books, and balance.
    let (from, to) = (day(2026, 11, 1), day(2026, 11, 30));
    let tb = coop.trial_balance(&s, from, to).expect("tb");
    assert!(tb.is_balanced());
    assert_eq!(
        tb,
        cunwu_ledger::report::trial_balance(coop.ledger().books(), from, to).expect("books tb")
    );
    assert_eq!(
        tb.total.period.debit,
        Fen(200_000 + 80_000 + 1_344_000 * 3 + 60_000 + 1_404_000 * 2 + 1_632_000)
    );
    assert_eq!((bal(&coop, "101"), bal(&coop, "102")), (20_000, 408_000));

    // Year end: 10 % reserve 22,800 → distributable 205,200; 60 % = 123,120.
    let plan = coop.surplus_preview(&s, 2026, "10", "60").expect("preview");
    assert_eq!(
        (plan.reserve, plan.distributable, plan.returned),
        (Fen(22_800), Fen(205_200), Fen(123_120))
    );
    assert_eq!((plan.floor_total, plan.leftover), (Fen(123_117), 3));
    let extra: Vec<&str> = plan
        .shares
        .iter()
        .filter(|s| s.extra)
        .map(|s| s.member.as_str())
        .collect();
    assert_eq!(extra, vec!["H02", "H06", "H10"]);
    let shares: Vec<i64> = plan.shares.iter().map(|s| s.amount.0).collect();
    assert_eq!(
        shares,
        vec![13_851, 13_236, 14_210, 11_337, 12_953, 11_466, 9_747, 12_722, 10_183, 13_415]
    );
    let low = coop
        .surplus_distribute(&mut s, 2026, "10", "55", None, &sign)
        .expect_err("under 60 %");
    assert_eq!(low.code(), "return_too_low");
    let (_, posted) = coop
        .surplus_distribute(&mut s, 2026, "10", "60", None, &sign)
        .expect("distribute");
    let labels: Vec<&str> = posted.vouchers.iter().map(|v| v.label.as_str()).collect();
    assert_eq!(
        labels,
        vec![
            "2026-12 A-0001",
            "2026-12 A-0002",
            "2026-12 A-0003",
            "2026-12 A-0004"
        ]
    );
    assert_eq!(
        lines_of(&coop, "2026-12 A-0001"),
        vec![
            ("501".into(), 1_632_000, 0),
            ("521".into(), 0, 1_404_000),
            ("331".into(), 0, 228_000)
        ]
    );
    assert_eq!(
        lines_of(&coop, "2026-12 A-0002"),
        vec![("331".into(), 228_000, 0), ("332".into(), 0, 228_000)]
    );
    assert_eq!(
        lines_of(&coop, "2026-12 A-0003"),
        vec![("332".into(), 22_800, 0), ("322".into(), 0, 22_800)]
    );
    let mut want = vec![("332".to_string(), 123_120, 0)];
    want.extend(
        plan.shares
            .iter()
            .map(|s| (format!("221.{}", s.member), 0, s.amount.0)),
    );
    assert_eq!(lines_of(&coop, "2026-12 A-0004"), want);
    assert!(
        coop.surplus_distribute(&mut s, 2026, "10", "60", None, &sign)
            .is_err(),
        "only once"
    );
    let pay = coop
        .surplus_pay(&mut s, 2026, "银行", Some("2026-12-31"), &sign)
        .expect("pay return");
    assert_eq!(pay.vouchers[0].amount, Fen(123_120));
    assert!(
        coop.surplus_pay(&mut s, 2026, "银行", Some("2026-12-31"), &sign)
            .is_err(),
        "nothing left to pay"
    );

    let finals = [
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
    ];
    for (code, want) in finals {
        assert_eq!(bal(&coop, code), want, "balance of {code}");
    }

    // H03's statement, receipt and the lot statement.
    let st = coop
        .member_statement(&s, "H03", day(2026, 1, 1), day(2026, 12, 31))
        .expect("statement");
    let rows: Vec<(&str, i64, i64)> = st
        .statement
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
    assert_eq!(st.name, "王建国");
    let receipt = coop.receipt_html(&s, &lot.id, "H03").expect("receipt");
    for want in [
        "农产品收购单",
        "王建国",
        "¥1,551.20",
        "壹仟伍佰伍拾壹元贰角整",
        "经办人",
        "审批人",
        "@page { size: A4",
    ] {
        assert!(receipt.contains(want), "receipt lacks {want}");
    }
    let lot_page = coop.lot_statement_html(&s, &lot.id).expect("lot statement");
    assert!(lot_page.contains("¥2,280.00") && lot_page.contains("批次结算单"));
    let stmt_page = coop
        .statement_html(&s, "H03", day(2026, 1, 1), day(2026, 12, 31))
        .expect("statement page");
    assert!(stmt_page.contains("成员账户对账单") && stmt_page.contains("¥142.10"));

    // Excel: journal and trial balance.
    let out = dir.path().join("序时账.xlsx");
    let n = coop
        .export(
            &s,
            &ExportKind::Journal,
            day(2026, 1, 1),
            day(2026, 12, 31),
            &out,
        )
        .expect("export");
    assert_eq!(
        n,
        cunwu_sheet::read_table(&out).expect("read back").rows.len()
    );
    let tb_out = dir.path().join("试算平衡表.xlsx");
    coop.export(
        &s,
        &ExportKind::TrialBalance,
        day(2026, 1, 1),
        day(2026, 12, 31),
        &tb_out,
    )
    .expect("export tb");

    // Everything verifies, and a reopened file folds to the same books.
    let report = coop.verify(&s).expect("verify");
    assert!(report.intact, "{report:?}");
    assert_eq!(report.vouchers, 14);
    drop(coop);
    drop(s);
    let s = open(&path);
    let coop = Coop::open(&s).expect("reopen");
    for (code, want) in finals {
        assert_eq!(bal(&coop, code), want, "after reopen: {code}");
    }
    assert!(coop.ledger().books().check().is_empty());
}

fn day(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date")
}
