//! The chart templates Cunwu ships, as tab-separated data files embedded
//! at build time (`charts/coop-2008.tsv`, `charts/village-2023.tsv`), and
//! the parser that turns such a file into a [`Chart`].

use crate::account::{Account, AccountCode, AccountKind, Detail, Role, Side};
use crate::chart::Chart;
use crate::error::{LedgerError, Result};
use serde::{Deserialize, Serialize};

const COOP_2008: &str = include_str!("../charts/coop-2008.tsv");
const VILLAGE_2023: &str = include_str!("../charts/village-2023.tsv");

/// The charts Cunwu ships.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartTemplate {
    /// 农民专业合作社财务会计制度（试行）, 财会〔2007〕15号.
    Coop2008,
    /// 农村集体经济组织会计制度, 财会〔2023〕14号.
    Village2023,
}

impl ChartTemplate {
    /// Chinese title.
    pub fn title(self) -> &'static str {
        match self {
            ChartTemplate::Coop2008 => "农民专业合作社会计科目（财会〔2007〕15号）",
            ChartTemplate::Village2023 => "农村集体经济组织会计科目（财会〔2023〕14号）",
        }
    }
    /// The embedded data file.
    pub fn data(self) -> &'static str {
        match self {
            ChartTemplate::Coop2008 => COOP_2008,
            ChartTemplate::Village2023 => VILLAGE_2023,
        }
    }
}

impl Chart {
    /// Parse a chart file: lines `code\tname\tkind\tside\tdetail\trole`,
    /// `#` comments and blank lines ignored. All accounts are top-level.
    pub fn parse_tsv(text: &str) -> Result<Chart> {
        let mut chart = Chart::default();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let bad =
                |what: &str| LedgerError::Chart(format!("科目表第{}行{}：{}", i + 1, what, line));
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() != 6 {
                return Err(bad("应有6列"));
            }
            let code = cols[0].trim();
            if code.is_empty() || !code.chars().all(|c| c.is_ascii_digit()) {
                return Err(bad("科目编号应为数字"));
            }
            let kind = AccountKind::parse(cols[2]).ok_or_else(|| bad("类别不对"))?;
            let side = Side::parse(cols[3]).ok_or_else(|| bad("余额方向应为 借 或 贷"))?;
            let detail = match cols[4].trim() {
                "-" => Detail::None,
                "member" => Detail::Member,
                "product" => Detail::Product,
                _ => return Err(bad("明细方式不对")),
            };
            let role = match cols[5].trim() {
                "-" => None,
                r => Some(Role::parse(r).ok_or_else(|| bad("用途不对"))?),
            };
            let account = Account {
                code: AccountCode::new(code),
                name: cols[1].trim().to_string(),
                kind,
                side,
                parent: None,
                detail,
                role,
                member: None,
                leaf: detail == Detail::None,
                closed: false,
            };
            if chart
                .accounts
                .insert(account.code.clone(), account)
                .is_some()
            {
                return Err(bad("科目编号重复"));
            }
        }
        if chart.accounts.is_empty() {
            return Err(LedgerError::Chart("科目表是空的".into()));
        }
        Ok(chart)
    }
}
