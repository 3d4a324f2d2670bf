//! An accounting period (会计期间): one calendar month. Vouchers are numbered
//! per period, and a closed (结账) period takes no more postings.

use crate::error::{LedgerError, Result};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A month, written `2026-11`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Period {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
}

impl Period {
    /// The period a date falls in.
    pub fn of(date: NaiveDate) -> Period {
        Period {
            year: date.year(),
            month: date.month(),
        }
    }

    /// A period from year and month, checked.
    pub fn new(year: i32, month: u32) -> Result<Period> {
        if (1..=12).contains(&month) && (1..=9999).contains(&year) {
            Ok(Period { year, month })
        } else {
            Err(LedgerError::invalid(
                "会计期间",
                format!("{year}年{month}月不是有效的月份"),
            ))
        }
    }

    /// Parse `2026-11`.
    pub fn parse(text: &str) -> Result<Period> {
        let bad = || {
            LedgerError::invalid(
                "会计期间",
                format!("“{text}”不是有效的月份，请写成 2026-11"),
            )
        };
        let (y, m) = text.trim().split_once('-').ok_or_else(bad)?;
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        Period::new(year, month).map_err(|_| bad())
    }

    /// First day of the period.
    pub fn first_day(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month, 1)
    }

    /// Last day of the period.
    pub fn last_day(self) -> Option<NaiveDate> {
        let (y, m) = if self.month == 12 {
            (self.year + 1, 1)
        } else {
            (self.year, self.month + 1)
        };
        NaiveDate::from_ymd_opt(y, m, 1).and_then(|d| d.pred_opt())
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl From<Period> for String {
    fn from(p: Period) -> String {
        p.to_string()
    }
}

impl TryFrom<String> for Period {
    type Error = LedgerError;
    fn try_from(s: String) -> Result<Period> {
        Period::parse(&s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_and_bound_months() {
        let p = Period::parse("2026-02").expect("parse");
        assert_eq!(p.to_string(), "2026-02");
        assert_eq!(p.last_day(), NaiveDate::from_ymd_opt(2026, 2, 28));
        assert_eq!(
            Period::parse("2026-12").expect("dec").last_day(),
            NaiveDate::from_ymd_opt(2026, 12, 31)
        );
        assert!(Period::parse("2026-13").is_err());
        assert_eq!(serde_json::to_string(&p).expect("json"), "\"2026-02\"");
    }
}
