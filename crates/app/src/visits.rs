//! Visits (走访记录): the one conversion from what a person filled in — in
//! the desktop's form or on the command line — to what the store records,
//! with one set of defaults: a blank date is today (China time), blank
//! visitor names are dropped, and when none is left the visitor is this
//! laptop's user.

use crate::view::VisitView;
use crate::Result;
use chrono::NaiveDate;
pub use cunwu_core::visit::Visit;
use cunwu_core::visit::{parse_date, VisitInput};
use cunwu_store::Store;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// A visit as a person fills it in.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VisitForm {
    /// `YYYY-MM-DD`; today when absent or blank.
    pub date: Option<String>,
    /// Visitors; this laptop's user when none is given.
    #[serde(default)]
    pub visitors: Vec<String>,
    /// 家庭情况.
    #[serde(default)]
    pub situation: String,
    /// 困难问题.
    #[serde(default)]
    pub difficulties: String,
    /// 诉求.
    #[serde(default)]
    pub needs: String,
    /// 帮扶计划.
    #[serde(default)]
    pub follow_up: String,
}

impl VisitForm {
    /// The store's input, with the defaults above; `user` is this laptop's
    /// user.
    pub fn into_input(self, user: &str) -> Result<VisitInput> {
        let mut visitors: Vec<String> = self
            .visitors
            .into_iter()
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect();
        if visitors.is_empty() && !user.trim().is_empty() {
            visitors.push(user.trim().to_string());
        }
        Ok(VisitInput {
            date: self
                .date
                .as_deref()
                .filter(|d| !d.trim().is_empty())
                .map(parse_date)
                .transpose()?,
            visitors,
            situation: self.situation,
            difficulties: self.difficulties,
            needs: self.needs,
            follow_up: self.follow_up,
        })
    }
}

/// Log a visit to a household (by id or 户编号).
pub fn add(store: &mut Store, household: &str, form: VisitForm) -> Result<Visit> {
    let user = store.require_profile()?.user;
    Ok(store.add_visit(household, &form.into_input(&user)?)?)
}

/// Amend a visit: the original stays, the correction is attached to it.
pub fn amend(store: &mut Store, visit_id: &str, form: VisitForm) -> Result<Visit> {
    let user = store.require_profile()?.user;
    Ok(store.amend_visit(visit_id, &form.into_input(&user)?)?)
}

/// A date range from what a person typed: `to` defaults to today, `from`
/// to a year before `to`.
pub fn range(
    store: &Store,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(NaiveDate, NaiveDate)> {
    let to = to.map(parse_date).transpose()?.unwrap_or(store.today());
    let from = from
        .map(parse_date)
        .transpose()?
        .unwrap_or(to - chrono::Duration::days(365));
    Ok((from, to))
}

/// Visits of one household (by id or 户编号), or else of a date range
/// (see [`range`]), as the screens and `cunwu visit list` show them.
pub fn list(
    store: &Store,
    household: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Vec<VisitView>> {
    let visits = match household {
        Some(h) => {
            let id = store.find_household(h)?.id;
            store.visits_of(&id)?
        }
        None => {
            let (from, to) = range(store, from, to)?;
            store.visits_between(from, to)?
        }
    };
    Ok(visits.iter().map(VisitView::from).collect())
}

/// What an export wrote.
#[derive(Debug, Clone, Serialize)]
pub struct VisitExport {
    /// Rows written.
    pub rows: usize,
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

/// Export the visits of a date range (see [`range`]) to .xlsx or .csv.
pub fn export(
    store: &Store,
    out: &Path,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<VisitExport> {
    let (from, to) = range(store, from, to)?;
    let rows = crate::register_io::export_visits(store, out, from, to)?;
    Ok(VisitExport { rows, from, to })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_date_is_today_and_no_visitor_is_the_user() {
        let input = VisitForm {
            date: Some("  ".into()),
            visitors: vec![" ".into()],
            ..Default::default()
        }
        .into_input("程鹏")
        .expect("input");
        assert_eq!(input.date, None);
        assert_eq!(input.visitors, vec!["程鹏".to_string()]);
        let input = VisitForm {
            visitors: vec!["李娟".into()],
            ..Default::default()
        }
        .into_input("程鹏")
        .expect("input");
        assert_eq!(input.visitors, vec!["李娟".to_string()]);
        assert!(VisitForm {
            date: Some("2026-13-01".into()),
            ..Default::default()
        }
        .into_input("程鹏")
        .is_err());
    }
}
