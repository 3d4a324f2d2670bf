//! The forms of lot steps as the intake grid and dialogs send them
//! (camelCase JSON) and the CLI fills them: text as typed, parsed by the
//! use cases with Chinese messages.

use super::input::SignForm;
use serde::Deserialize;

/// Opening a lot.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LotForm {
    /// Name, e.g. 2026年11月肉羊统一收购.
    pub name: String,
    /// What members deliver, e.g. 活羊.
    pub product: String,
    /// Date; today when blank.
    pub date: Option<String>,
}

/// Date and signers of a step.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StepForm {
    /// Date; today when blank.
    pub date: Option<String>,
    /// Who signs.
    #[serde(default)]
    pub sign: SignForm,
}

/// One household's delivery as typed in the intake grid.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntakeRow {
    /// 户编号 (or household id).
    pub household: String,
    /// 头数.
    #[serde(default)]
    pub head: u32,
    /// Live weight, e.g. `54`, `108斤`.
    pub weight: String,
    /// Unit of a bare weight: kg (default) or 斤.
    pub weight_unit: Option<String>,
    /// Price, e.g. `28`, `14/斤`.
    pub price: String,
    /// Unit of a bare price: kg (default) or 斤.
    pub price_unit: Option<String>,
    /// 等级.
    #[serde(default)]
    pub grade: String,
}

/// Deliveries bought from households.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntakeForm {
    /// Date and signers.
    #[serde(flatten)]
    pub step: StepForm,
    /// One row per delivery.
    pub rows: Vec<IntakeRow>,
}

/// Processing costs paid.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CostForm {
    /// Date and signers.
    #[serde(flatten)]
    pub step: StepForm,
    /// (what for, amount in yuan), e.g. (屠宰, 300).
    pub items: Vec<(String, String)>,
    /// 现金 / 银行.
    pub from: String,
}

/// Finished goods into stock.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FinishForm {
    /// Date and signers.
    #[serde(flatten)]
    pub step: StepForm,
    /// Product, e.g. 羊肉.
    pub product: String,
    /// Output weight.
    pub output: String,
    /// Unit of a bare weight.
    pub unit: Option<String>,
}

/// A sale to a buyer.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SaleForm {
    /// Date and signers.
    #[serde(flatten)]
    pub step: StepForm,
    /// Buyer.
    pub buyer: String,
    /// Quantity sold.
    pub quantity: String,
    /// Unit of a bare quantity.
    pub unit: Option<String>,
    /// Price, e.g. `68/kg`.
    pub price: String,
    /// 现金 / 银行.
    pub into: String,
}

/// Paying households.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PayoutForm {
    /// Date and signers.
    #[serde(flatten)]
    pub step: StepForm,
    /// 户编号s; empty pays every household still owed.
    #[serde(default)]
    pub households: Vec<String>,
    /// An amount in yuan (one household only); blank pays what is owed.
    pub amount: Option<String>,
    /// `advance` (预付款) or `purchase` (收购款, default).
    pub kind: Option<String>,
    /// 现金 / 银行.
    pub from: String,
}
