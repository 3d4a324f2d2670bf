//! Report forms: a period, which report to export to Excel (one parser for
//! the desktop's report names and the CLI's, [`ExportKind::parse`]), and the
//! trial balance with its balanced flag (decided here from the totals,
//! never by the UI).

use super::ledger::report::TrialBalance;
use super::{range, CoopError, CoopResult, ExportKind};
use cunwu_store::Store;
use serde::{Deserialize, Serialize};

/// A period as typed; blank `from` is 1 January, blank `to` is today.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PeriodForm {
    /// First day, `2026-01-01`.
    pub from: Option<String>,
    /// Last day.
    pub to: Option<String>,
}

impl PeriodForm {
    /// The days, checked.
    pub fn days(&self, store: &Store) -> CoopResult<(chrono::NaiveDate, chrono::NaiveDate)> {
        range(store, self.from.as_deref(), self.to.as_deref())
    }
}

/// Which report to save as Excel.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportForm {
    /// `journal`, `trialBalance`, `ledger` or `statement`.
    pub report: String,
    /// The account of a `ledger` export.
    pub account: Option<String>,
    /// The 户编号 of a `statement` export.
    pub household: Option<String>,
    /// The period.
    #[serde(flatten)]
    pub period: PeriodForm,
}

fn needed(value: Option<&str>, field: &str, flag: &str) -> CoopResult<String> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => Ok(v.to_string()),
        None => Err(CoopError::invalid(
            field,
            format!("请先填写{field}再导出（命令行用 --{flag}）"),
        )),
    }
}

impl ExportKind {
    /// The report named by the desktop (`trialBalance`), the CLI
    /// (`trial-balance`) or in Chinese (试算平衡表); a 明细账 needs its
    /// account, a 成员账户 its 户编号.
    pub fn parse(
        report: &str,
        account: Option<&str>,
        household: Option<&str>,
    ) -> CoopResult<ExportKind> {
        match report.trim() {
            "journal" | "序时账" => Ok(ExportKind::Journal),
            "trialBalance" | "trial-balance" | "试算平衡表" => Ok(ExportKind::TrialBalance),
            "ledger" | "明细账" => Ok(ExportKind::Ledger {
                account: needed(account, "科目", "account")?,
            }),
            "statement" | "成员账户" => Ok(ExportKind::Statement {
                household: needed(household, "户编号", "household")?,
            }),
            other => Err(CoopError::invalid(
                "报表",
                format!(
                    "没有“{other}”这种报表，请选择 序时账、试算平衡表、明细账 或 成员账户（命令行写 journal、trial-balance、ledger 或 statement）"
                ),
            )),
        }
    }
}

impl ExportForm {
    /// The façade's report kind, or a Chinese refusal.
    pub fn kind(&self) -> CoopResult<ExportKind> {
        ExportKind::parse(
            &self.report,
            self.account.as_deref(),
            self.household.as_deref(),
        )
    }
}

/// The trial balance and whether its totals agree.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrialBalanceView {
    /// True when opening, period and closing debit totals equal their credits.
    pub balanced: bool,
    /// The report.
    #[serde(flatten)]
    pub report: TrialBalance,
}

impl From<TrialBalance> for TrialBalanceView {
    fn from(report: TrialBalance) -> Self {
        TrialBalanceView {
            balanced: report.is_balanced(),
            report,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(json: serde_json::Value) -> ExportForm {
        serde_json::from_value(json).expect("form")
    }

    #[test]
    fn export_forms_name_their_report_and_refuse_what_is_missing() {
        let j = form(serde_json::json!({"report": "journal", "from": "2026-01-01"}));
        assert_eq!(j.kind().ok(), Some(ExportKind::Journal));
        assert_eq!(j.period.from.as_deref(), Some("2026-01-01"));
        assert_eq!(
            form(serde_json::json!({"report": "trialBalance"}))
                .kind()
                .ok(),
            Some(ExportKind::TrialBalance)
        );
        assert_eq!(
            form(serde_json::json!({"report": "statement", "household": " 030001 "}))
                .kind()
                .ok(),
            Some(ExportKind::Statement {
                household: "030001".into()
            })
        );
        let e = form(serde_json::json!({"report": "ledger", "account": "  "}))
            .kind()
            .err()
            .map(|e| e.to_wire());
        assert_eq!(e.as_ref().and_then(|w| w.field.as_deref()), Some("科目"));
        let e = form(serde_json::json!({"report": "balanceSheet"}))
            .kind()
            .err()
            .map(|e| e.to_wire());
        assert!(e.is_some_and(|w| w.code == "invalid" && w.message.contains("balanceSheet")));
        // The CLI's names and the Chinese ones read the same.
        assert_eq!(
            ExportKind::parse("trial-balance", None, None).ok(),
            Some(ExportKind::TrialBalance)
        );
        assert_eq!(
            ExportKind::parse("明细账", Some("101"), None).ok(),
            Some(ExportKind::Ledger {
                account: "101".into()
            })
        );
    }

    /// The JSON the co-op screens send (ui/src/api/coop-types.ts) reads
    /// into the façade's forms: a drift in a field name fails here.
    #[test]
    fn the_screens_forms_read_into_the_facades() {
        use crate::coop::{CostForm, IntakeForm, LotForm, PayoutForm, SaleForm, StepForm};
        let intake: IntakeForm = serde_json::from_value(serde_json::json!({"rows": [{
            "household": "03018", "head": 2, "weight": "109", "weightUnit": "斤",
            "price": "14", "priceUnit": "斤", "grade": "一等"}]}))
        .expect("intake");
        assert_eq!(intake.step.date, None);
        let row = &intake.rows[0];
        assert_eq!((row.head, row.weight.as_str()), (2, "109"));
        assert_eq!(row.weight_unit.as_deref(), Some("斤"));
        assert_eq!(row.price_unit.as_deref(), Some("斤"));
        let cost: CostForm =
            serde_json::from_value(serde_json::json!({"items": [["屠宰", "300"]], "from": "现金"}))
                .expect("cost");
        assert_eq!(cost.items, vec![("屠宰".to_string(), "300".to_string())]);
        let step: StepForm = serde_json::from_value(serde_json::json!({})).expect("step");
        assert!(step.date.is_none() && step.sign.handler.is_none());
        let pay: PayoutForm =
            serde_json::from_value(serde_json::json!({"households": ["03018"], "from": "银行"}))
                .expect("payout");
        assert_eq!((pay.households.len(), pay.amount), (1, None));
        let sale: SaleForm = serde_json::from_value(serde_json::json!({
            "buyer": "县城超市", "quantity": "240", "unit": "kg", "price": "68", "into": "银行"}))
        .expect("sale");
        assert_eq!(sale.into, "银行");
        let lot: LotForm = serde_json::from_value(
            serde_json::json!({"name": "肉羊", "product": "活羊", "date": "2026-11-05"}),
        )
        .expect("lot");
        assert_eq!(lot.date.as_deref(), Some("2026-11-05"));
    }

    #[test]
    fn the_balanced_flag_follows_the_totals() {
        let tb: TrialBalance = serde_json::from_value(serde_json::json!({
            "from": "2026-01-01", "to": "2026-11-30", "rows": [],
            "total": {"code": "", "name": "合计", "level": 0,
                "opening": {"debit": 0, "credit": 0},
                "period": {"debit": 1344000, "credit": 1344000},
                "closing": {"debit": 1344000, "credit": 1344000}}
        }))
        .expect("trial balance");
        let v = TrialBalanceView::from(tb.clone());
        assert!(v.balanced);
        let json = serde_json::to_value(&v).expect("json");
        assert_eq!(json["balanced"], true);
        assert_eq!(json["total"]["period"]["debit"], 1344000);
        let mut off = tb;
        off.total.closing.credit.0 -= 1;
        assert!(!TrialBalanceView::from(off).balanced);
    }
}
