//! A year of co-op activity for the demo village, so a new user sees real
//! books at once: start-up funds, a pooled sheep sale of ten 脱贫户
//! households (金家龙 among them) with slaughter, packing and transport,
//! two sales and payment to every household; a pooled peanut lot sold raw;
//! a hand-written voucher corrected by a red-ink reversal; a new sheep lot
//! with advances paid, still collecting; a cash count and a bank statement.
//! Written through the same use cases a clerk would use.

use super::books::{LineForm, PostForm};
use super::error::{CoopError, CoopResult};
use super::input::SignForm;
use super::lot::{
    CostForm, FinishForm, IntakeForm, IntakeRow, LotForm, PayoutForm, SaleForm, StepForm,
};
use super::Coop;
use crate::demo::Dice;
use chrono::{Duration, NaiveDate};
use cunwu_core::household::HouseholdField;
use cunwu_store::{HouseholdFilter, Store};
use serde::Serialize;

/// What the co-op demo made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CoopDemo {
    /// Lots opened.
    pub lots: usize,
    /// Vouchers posted.
    pub vouchers: usize,
}

fn step(date: NaiveDate) -> StepForm {
    StepForm {
        date: Some(date.to_string()),
        sign: SignForm::default(),
    }
}

fn line(account: &str, debit: &str, credit: &str) -> LineForm {
    LineForm {
        account: account.into(),
        debit: Some(debit.into()).filter(|d: &String| !d.is_empty()),
        credit: Some(credit.into()).filter(|c: &String| !c.is_empty()),
        memo: String::new(),
    }
}

/// Fill the demo village's co-op books (skipped when the village has
/// fewer than three 脱贫户 households).
pub fn create(store: &mut Store, seed: u64) -> cunwu_store::Result<CoopDemo> {
    run(store, seed).map_err(|e| match e {
        CoopError::Store(s) => s,
        other => cunwu_core::Error::Rule(other.to_string()).into(),
    })
}

fn run(store: &mut Store, seed: u64) -> CoopResult<CoopDemo> {
    let filter = HouseholdFilter {
        category: Some("脱贫户".into()),
        ..Default::default()
    };
    let mut poor = store.list_households(&filter)?;
    if poor.len() < 3 {
        return Ok(CoopDemo {
            lots: 0,
            vouchers: 0,
        });
    }
    if let Some(i) = poor
        .iter()
        .position(|h| h.get(HouseholdField::HeadName) == "金家龙")
    {
        let jin = poor.remove(i);
        poor.insert(0, jin);
    }
    let codes: Vec<String> = poor
        .iter()
        .map(|h| h.get(HouseholdField::Code).to_string())
        .collect();
    let all: Vec<String> = store
        .list_households(&HouseholdFilter::default())?
        .iter()
        .map(|h| h.get(HouseholdField::Code).to_string())
        .collect();
    let village = store.require_profile()?.village;
    let mut settings = store.books_settings()?;
    settings.org_name = format!("{village}肉羊养殖专业合作社");
    settings.approver = "程鹏".into();
    settings.accountant = "李娜".into();
    settings.cashier = "王强".into();
    store.set_books_settings(&settings)?;
    if store.set_voucher_series("A").is_err() {
        // Another device already numbers in A: keep this device's own series.
    }
    let mut d = Dice::new(seed ^ 0xC0_0B);
    let mut coop = Coop::open(store)?;
    let start = store.today() - Duration::days(330);
    let at = |days: i64| start + Duration::days(days);
    let sign = SignForm::default();

    coop.post(
        store,
        &PostForm {
            date: Some(at(0).to_string()),
            summary: "收到县农业农村局产业扶持资金".into(),
            lines: vec![line("102", "300000", ""), line("311", "", "300000")],
            attachments: 1,
            sign: sign.clone(),
        },
    )?;
    coop.post(
        store,
        &PostForm {
            date: Some(at(1).to_string()),
            summary: "提取备用金".into(),
            lines: vec![line("101", "5000", ""), line("102", "", "5000")],
            attachments: 1,
            sign: sign.clone(),
        },
    )?;

    // The pooled sheep sale: ten 脱贫户 households, 金家龙 first.
    let sheep = coop
        .lot_open(
            store,
            &LotForm {
                name: "肉羊统一收购（第一批）".into(),
                product: "活羊".into(),
                date: Some(at(20).to_string()),
            },
            &sign,
        )?
        .id;
    let rows = codes
        .iter()
        .take(10)
        .enumerate()
        .map(|(i, code)| IntakeRow {
            household: code.clone(),
            head: 2 + d.below(3) as u32,
            weight: if i % 2 == 0 {
                format!("{}", 38 + d.below(25))
            } else {
                format!("{}斤", 2 * (38 + d.below(25)))
            },
            weight_unit: None,
            price: if i % 2 == 0 {
                "28/kg".into()
            } else {
                "14/斤".into()
            },
            price_unit: None,
            grade: if d.chance(60) {
                "一等".into()
            } else {
                "二等".into()
            },
        })
        .collect();
    coop.lot_intake(
        store,
        &sheep,
        &IntakeForm {
            step: step(at(20)),
            rows,
        },
    )?;
    coop.lot_process(store, &sheep, &step(at(21)))?;
    let costs = [("屠宰", "300"), ("包装", "180"), ("运输", "120")];
    coop.lot_cost(
        store,
        &sheep,
        &CostForm {
            step: step(at(21)),
            items: costs
                .iter()
                .map(|(a, b)| ((*a).into(), (*b).into()))
                .collect(),
            from: "现金".into(),
        },
    )?;
    let live = coop.lot_summary(store, &sheep)?.weight;
    let meat = cunwu_core::money::Grams(live.0 / 2);
    let first = cunwu_core::money::Grams(meat.0 * 3 / 5);
    coop.lot_finish(
        store,
        &sheep,
        &FinishForm {
            step: step(at(22)),
            product: "羊肉".into(),
            output: format!("{}g", meat.0),
            unit: None,
        },
    )?;
    coop.lot_sale(
        store,
        &sheep,
        &SaleForm {
            step: step(at(25)),
            buyer: "县城惠民超市".into(),
            quantity: format!("{}g", first.0),
            unit: None,
            price: "68/kg".into(),
            into: "银行".into(),
        },
    )?;
    coop.lot_sale(
        store,
        &sheep,
        &SaleForm {
            step: step(at(30)),
            buyer: "泗县农产品电商中心".into(),
            quantity: format!("{}g", meat.0 - first.0),
            unit: None,
            price: "66/kg".into(),
            into: "银行".into(),
        },
    )?;
    coop.lot_payout(
        store,
        &sheep,
        &PayoutForm {
            step: step(at(32)),
            from: "银行".into(),
            ..Default::default()
        },
    )?;
    coop.lot_close(store, &sheep, &step(at(40)))?;

    // A hand-written voucher with a wrong amount, reversed in red ink and posted again.
    let wrong = coop.post(
        store,
        &PostForm {
            date: Some(at(45).to_string()),
            summary: "购买办公用品".into(),
            lines: vec![line("522", "350", ""), line("101", "", "350")],
            attachments: 1,
            sign: sign.clone(),
        },
    )?;
    if let Some(v) = wrong.vouchers.first() {
        coop.reverse(store, &v.id, Some(&at(46).to_string()), &sign)?;
    }
    coop.post(
        store,
        &PostForm {
            date: Some(at(46).to_string()),
            summary: "购买办公用品（更正）".into(),
            lines: vec![line("522", "320", ""), line("101", "", "320")],
            attachments: 1,
            sign: sign.clone(),
        },
    )?;

    // Peanuts bought and sold raw, in two partial sales.
    let peanut = coop
        .lot_open(
            store,
            &LotForm {
                name: "花生统一收购".into(),
                product: "花生".into(),
                date: Some(at(120).to_string()),
            },
            &sign,
        )?
        .id;
    let mut farmers: Vec<&String> = all.iter().skip(3).step_by(7).take(15).collect();
    if farmers.is_empty() {
        farmers = codes.iter().take(3).collect();
    }
    let rows = farmers
        .into_iter()
        .map(|code| IntakeRow {
            household: code.clone(),
            head: 0,
            weight: format!("{}", 100 + d.below(300)),
            weight_unit: Some("斤".into()),
            price: "4.2/斤".into(),
            price_unit: None,
            grade: String::new(),
        })
        .collect();
    coop.lot_intake(
        store,
        &peanut,
        &IntakeForm {
            step: step(at(120)),
            rows,
        },
    )?;
    let w = coop.lot_summary(store, &peanut)?.weight;
    let part = cunwu_core::money::Grams(w.0 / 2);
    coop.lot_sale(
        store,
        &peanut,
        &SaleForm {
            step: step(at(126)),
            buyer: "宿州市粮油公司".into(),
            quantity: format!("{}g", part.0),
            unit: None,
            price: "4.8/斤".into(),
            into: "银行".into(),
        },
    )?;
    coop.lot_sale(
        store,
        &peanut,
        &SaleForm {
            step: step(at(131)),
            buyer: "泗县榨油厂".into(),
            quantity: format!("{}g", w.0 - part.0),
            unit: None,
            price: "4.6/斤".into(),
            into: "银行".into(),
        },
    )?;
    coop.lot_payout(
        store,
        &peanut,
        &PayoutForm {
            step: step(at(133)),
            from: "银行".into(),
            ..Default::default()
        },
    )?;
    coop.lot_close(store, &peanut, &step(at(140)))?;

    // A second sheep lot, still collecting: advances paid to three households.
    let second = coop
        .lot_open(
            store,
            &LotForm {
                name: "肉羊统一收购（第二批）".into(),
                product: "活羊".into(),
                date: Some(at(240).to_string()),
            },
            &sign,
        )?
        .id;
    let rows = codes
        .iter()
        .take(6)
        .map(|code| IntakeRow {
            household: code.clone(),
            head: 1 + d.below(3) as u32,
            weight: format!("{}", 40 + d.below(20)),
            weight_unit: None,
            price: "29/kg".into(),
            price_unit: None,
            grade: "一等".into(),
        })
        .collect();
    coop.lot_intake(
        store,
        &second,
        &IntakeForm {
            step: step(at(240)),
            rows,
        },
    )?;
    for code in codes.iter().take(3) {
        coop.lot_payout(
            store,
            &second,
            &PayoutForm {
                step: step(at(242)),
                households: vec![code.clone()],
                amount: Some("500".into()),
                kind: Some("预付款".into()),
                from: "现金".into(),
            },
        )?;
    }

    // Month-end counts that agree with the books.
    let cash = coop.ledger().books().balance(&"101".into())?;
    coop.assert_balance(
        store,
        "现金",
        &super::export::yuan(cash),
        Some(&at(300).to_string()),
        Some("王强"),
    )?;
    let bank = coop.ledger().books().balance(&"102".into())?;
    coop.assert_balance(
        store,
        "银行",
        &super::export::yuan(bank),
        Some(&at(300).to_string()),
        Some("李娜"),
    )?;
    coop.refresh(store)?;
    Ok(CoopDemo {
        lots: coop.ledger().lots().len(),
        vouchers: coop.ledger().books().vouchers().len(),
    })
}
