//! An account of the chart (会计科目): its code, name, class, normal
//! balance side, place in the tree, and the member it belongs to when it is
//! a per-member sub-account.
//!
//! Codes are text. Top-level codes are the chart's digits (`114`); numbered
//! sub-accounts extend their parent's digits (`12101`); per-member
//! sub-accounts are the parent's code, a dot and the member number
//! (`114.H01`), so a member's account is readable at a glance and never
//! collides with a numbered sub-account. Sorting codes as text puts every
//! sub-account right after its parent.

use crate::error::{LedgerError, Result};
use serde::{Deserialize, Serialize};
use std::fmt;

/// An account code, e.g. `101`, `12102`, `114.H01`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AccountCode(pub String);

impl AccountCode {
    /// A code from text (not validated: the chart decides whether it exists).
    pub fn new(code: impl Into<String>) -> Self {
        AccountCode(code.into())
    }
    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The per-member sub-account code under `self`: `114` + `H01` → `114.H01`.
    pub fn member_child(&self, member: &MemberNo) -> AccountCode {
        AccountCode(format!("{}.{}", self.0, member.0))
    }
}

impl fmt::Display for AccountCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for AccountCode {
    fn from(s: &str) -> Self {
        AccountCode(s.to_string())
    }
}

/// A co-op member's number (成员编号), e.g. `H01`. Members are ordered by
/// this text (so numbers should be zero-padded), and ties in the surplus
/// split go to the lower number.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MemberNo(pub String);

impl MemberNo {
    /// Validate a member number: 1–16 ASCII letters, digits, `-` or `_`.
    pub fn parse(text: &str) -> Result<MemberNo> {
        let t = text.trim();
        let ok = !t.is_empty()
            && t.len() <= 16
            && t.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if ok {
            Ok(MemberNo(t.to_string()))
        } else {
            Err(LedgerError::invalid(
                "成员编号",
                format!("“{text}”不是有效的成员编号，请用1到16位字母或数字，如 H01"),
            ))
        }
    }
    /// The number as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for MemberNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Which column a line's amount stands in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// 借.
    Debit,
    /// 贷.
    Credit,
}

impl Side {
    /// Chinese label: 借 / 贷.
    pub fn label(self) -> &'static str {
        match self {
            Side::Debit => "借",
            Side::Credit => "贷",
        }
    }
    /// Parse 借 / 贷.
    pub fn parse(text: &str) -> Option<Side> {
        match text.trim() {
            "借" => Some(Side::Debit),
            "贷" => Some(Side::Credit),
            _ => None,
        }
    }
}

/// The class of an account (科目类别).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    /// 资产类.
    Asset,
    /// 负债类.
    Liability,
    /// 所有者权益类.
    Equity,
    /// 成本类.
    Cost,
    /// 损益类.
    ProfitLoss,
}

impl AccountKind {
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            AccountKind::Asset => "资产",
            AccountKind::Liability => "负债",
            AccountKind::Equity => "所有者权益",
            AccountKind::Cost => "成本",
            AccountKind::ProfitLoss => "损益",
        }
    }
    /// Parse the Chinese label.
    pub fn parse(text: &str) -> Option<AccountKind> {
        [
            AccountKind::Asset,
            AccountKind::Liability,
            AccountKind::Equity,
            AccountKind::Cost,
            AccountKind::ProfitLoss,
        ]
        .into_iter()
        .find(|k| k.label() == text.trim())
    }
}

/// How an account is broken down into sub-accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Detail {
    /// No required breakdown; a leaf unless sub-accounts are added.
    #[default]
    None,
    /// One sub-account per member (`114.H01`); never posted to directly.
    Member,
    /// Numbered sub-accounts per product (`12101`); never posted to directly.
    Product,
}

/// What the program uses an account for. Roles are data in the chart file,
/// so a chart with other codes still drives lots and the surplus return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 库存现金.
    Cash,
    /// 银行存款.
    Bank,
    /// 成员往来 (co-op) / 内部往来 (village).
    MemberCurrent,
    /// 产品物资 / 库存物资.
    Products,
    /// 应付盈余返还.
    SurplusReturnPayable,
    /// 应付剩余盈余.
    RemainingSurplusPayable,
    /// 股金.
    ShareCapital,
    /// 盈余公积 / 公积公益金.
    SurplusReserve,
    /// 本年盈余 / 本年收益.
    CurrentYearSurplus,
    /// 盈余分配 / 收益分配.
    SurplusDistribution,
    /// 生产成本.
    ProductionCost,
    /// 经营收入.
    OperatingRevenue,
    /// 经营支出.
    OperatingExpense,
}

impl Role {
    /// The name used in chart files.
    pub fn key(self) -> &'static str {
        match self {
            Role::Cash => "cash",
            Role::Bank => "bank",
            Role::MemberCurrent => "member_current",
            Role::Products => "products",
            Role::SurplusReturnPayable => "surplus_return_payable",
            Role::RemainingSurplusPayable => "remaining_surplus_payable",
            Role::ShareCapital => "share_capital",
            Role::SurplusReserve => "surplus_reserve",
            Role::CurrentYearSurplus => "current_year_surplus",
            Role::SurplusDistribution => "surplus_distribution",
            Role::ProductionCost => "production_cost",
            Role::OperatingRevenue => "operating_revenue",
            Role::OperatingExpense => "operating_expense",
        }
    }
    /// Chinese description, for messages.
    pub fn label(self) -> &'static str {
        match self {
            Role::Cash => "库存现金",
            Role::Bank => "银行存款",
            Role::MemberCurrent => "成员往来",
            Role::Products => "产品物资",
            Role::SurplusReturnPayable => "应付盈余返还",
            Role::RemainingSurplusPayable => "应付剩余盈余",
            Role::ShareCapital => "股金",
            Role::SurplusReserve => "盈余公积",
            Role::CurrentYearSurplus => "本年盈余",
            Role::SurplusDistribution => "盈余分配",
            Role::ProductionCost => "生产成本",
            Role::OperatingRevenue => "经营收入",
            Role::OperatingExpense => "经营支出",
        }
    }
    /// Parse a chart file's role name.
    pub fn parse(key: &str) -> Option<Role> {
        use Role::*;
        [
            Cash,
            Bank,
            MemberCurrent,
            Products,
            SurplusReturnPayable,
            RemainingSurplusPayable,
            ShareCapital,
            SurplusReserve,
            CurrentYearSurplus,
            SurplusDistribution,
            ProductionCost,
            OperatingRevenue,
            OperatingExpense,
        ]
        .into_iter()
        .find(|r| r.key() == key)
    }
}

/// One account of a chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// Code.
    pub code: AccountCode,
    /// Name, e.g. 库存现金, 活羊, or the member's name.
    pub name: String,
    /// Class.
    pub kind: AccountKind,
    /// Normal balance side.
    pub side: Side,
    /// Parent account; `None` for a top-level (一级) account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<AccountCode>,
    /// How sub-accounts are formed under this one.
    #[serde(default)]
    pub detail: Detail,
    /// The program's use for it, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// The member a per-member sub-account belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<MemberNo>,
    /// True when postings may go here: no sub-accounts and no required breakdown.
    pub leaf: bool,
    /// True once the account is closed (停用): no more postings.
    #[serde(default)]
    pub closed: bool,
}

/// A sub-account to add to a chart (the fact `account_opened` carries).
/// Its class and side come from the parent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAccount {
    /// Code of the new account.
    pub code: AccountCode,
    /// Its name.
    pub name: String,
    /// Its parent (must exist).
    pub parent: AccountCode,
    /// The member it belongs to (per-member sub-accounts only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<MemberNo>,
}
