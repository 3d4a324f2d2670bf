//! Visits (走访记录 / 民情日记): append-only facts. A correction is a new
//! visit that amends an earlier one and is shown with it.

use crate::{Error, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A visit as recorded; once written it is never edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    /// Stable id.
    pub id: String,
    /// The household visited (entity id).
    pub household_id: String,
    /// Date of the visit, China local date.
    pub date: NaiveDate,
    /// Team members who went (at least one).
    pub visitors: Vec<String>,
    /// Who recorded it (the author).
    pub recorder: String,
    /// 家庭情况.
    pub situation: String,
    /// 困难问题.
    pub difficulties: String,
    /// 诉求 raised, free text for now.
    pub needs: String,
    /// 下一步帮扶计划.
    pub follow_up: String,
    /// When set, this visit corrects the visit with that id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amends: Option<String>,
}

/// What a user enters for a visit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitInput {
    /// Date; today when `None`.
    pub date: Option<NaiveDate>,
    /// Visitors; at least one name.
    pub visitors: Vec<String>,
    /// 家庭情况.
    pub situation: String,
    /// 困难问题.
    pub difficulties: String,
    /// 诉求.
    pub needs: String,
    /// 下一步帮扶计划.
    pub follow_up: String,
}

impl VisitInput {
    /// Check the input against `today`: not in the future, at least one
    /// visitor, something written.
    pub fn validate(&self, today: NaiveDate) -> Result<()> {
        if let Some(d) = self.date {
            if d > today {
                return Err(Error::invalid(
                    "走访日期",
                    format!("{d} 在今天（{today}）之后，请填写实际走访的日期"),
                ));
            }
            if d < NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(d) {
                return Err(Error::invalid(
                    "走访日期",
                    format!("{d} 太早了，请核对年份"),
                ));
            }
        }
        if self.visitors.iter().all(|v| v.trim().is_empty()) {
            return Err(Error::invalid("走访人", "至少填写一名走访人"));
        }
        if [
            &self.situation,
            &self.difficulties,
            &self.needs,
            &self.follow_up,
        ]
        .iter()
        .all(|s| s.trim().is_empty())
        {
            return Err(Error::invalid(
                "走访内容",
                "家庭情况、困难问题、诉求、帮扶计划至少填写一项",
            ));
        }
        Ok(())
    }
}

/// Parse a date a person typed: `2026-11-29`, `2026/11/29`, `2026.11.29`, `20261129`, `2026年11月29日`.
pub fn parse_date(text: &str) -> Result<NaiveDate> {
    let t = text.trim();
    let norm: String = t
        .replace(['年', '月', '/', '.'], "-")
        .trim_end_matches('日')
        .to_string();
    NaiveDate::parse_from_str(&norm, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(t, "%Y%m%d"))
        .map_err(|_| {
            Error::invalid(
                "日期",
                format!("“{text}”不是有效日期，请写成 2026-11-29 这样的格式"),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dates_people_type() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 29);
        for t in [
            "2026-11-29",
            "2026/11/29",
            "2026.11.29",
            "20261129",
            "2026年11月29日",
        ] {
            assert_eq!(parse_date(t).ok(), d, "{t}");
        }
        assert!(parse_date("2026-13-01")
            .unwrap_err()
            .to_string()
            .contains("2026-11-29"));
    }

    #[test]
    fn refuses_future_and_empty_visits() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default();
        let mut v = VisitInput {
            visitors: vec!["张浩然".into()],
            situation: "独居".into(),
            ..Default::default()
        };
        assert!(v.validate(today).is_ok());
        v.date = today.succ_opt();
        assert!(v.validate(today).unwrap_err().to_string().contains("之后"));
        v.date = None;
        v.visitors.clear();
        assert!(v.validate(today).is_err());
    }
}
