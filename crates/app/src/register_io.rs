//! Import the 农户台账 from .xlsx/.csv and export households and visits.
//!
//! Import matches rows to households on 户编号: a new code adds a household,
//! a known one updates only the fields whose cells differ (a blank cell
//! leaves the stored value alone, so nothing is lost by a sparse file), an
//! identical row changes nothing, so importing the same file twice is a
//! no-op. All rows are written in one transaction or none; `dry_run`
//! reports without writing.

use crate::{Error, Result};
use cunwu_core::change::entity;
use cunwu_core::household::{validate_new, HouseholdField};
use cunwu_sheet::{parse_register, read_table, write_table, RegisterFile, RowProblem};
use cunwu_store::{Draft, HouseholdFilter, Store};
use serde::Serialize;
use std::path::Path;

/// What an import did (or, with `dry_run`, would do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    /// Non-blank data rows in the file.
    pub total_rows: u32,
    /// New households.
    pub imported: u32,
    /// Existing households with changed fields.
    pub updated: u32,
    /// Existing households already identical.
    pub unchanged: u32,
    /// Rows refused because of problems.
    pub problem_rows: u32,
    /// Every problem, by row and column.
    pub problems: Vec<RowProblem>,
    /// Notes that did not stop the import.
    pub warnings: Vec<String>,
    /// Nothing was written.
    pub dry_run: bool,
}

/// Import households from a spreadsheet.
pub fn import_households(store: &mut Store, path: &Path, dry_run: bool) -> Result<ImportReport> {
    store.require_profile()?;
    let table = read_table(path)?;
    let file = parse_register(&table);
    if !file.can_import() {
        return Err(cunwu_core::Error::Rule(format!(
            "这个文件不能导入：{}。请改好表头后再试",
            file.file_errors.join("；")
        ))
        .into());
    }
    let mut problem_rows: Vec<u32> = file.problems.iter().map(|p| p.row).collect();
    problem_rows.dedup();
    let mut report = ImportReport {
        total_rows: file.rows_read,
        imported: 0,
        updated: 0,
        unchanged: 0,
        problem_rows: problem_rows.len() as u32,
        problems: file.problems.clone(),
        warnings: file.warnings.clone(),
        dry_run,
    };
    if dry_run {
        import_drafts(store, &file, &mut report)?;
    } else {
        // Decided and written inside one write lock: another process (the
        // desktop app or the CLI) may be writing to the same file, and the
        // new households' ids come from the counter the write takes.
        store.commit_local_with(|s| import_drafts(s, &file, &mut report))?;
    }
    Ok(report)
}

/// The changes importing `file` makes, counted into `report`.
fn import_drafts(
    store: &Store,
    file: &RegisterFile,
    report: &mut ImportReport,
) -> cunwu_store::Result<Vec<Draft>> {
    let mut drafts: Vec<Draft> = Vec::new();
    for row in &file.households {
        let code = row
            .fields
            .get(&HouseholdField::Code)
            .cloned()
            .unwrap_or_default();
        match store.household_by_code(&code)? {
            Some(existing) => {
                let before = drafts.len();
                for (f, v) in &row.fields {
                    if !v.is_empty() && existing.get(*f) != v {
                        drafts.push(Draft::set(
                            entity::HOUSEHOLD,
                            &existing.id,
                            f.key(),
                            v.as_str(),
                        ));
                    }
                }
                if drafts.len() > before {
                    report.updated += 1;
                } else {
                    report.unchanged += 1;
                }
            }
            None => {
                let id = store.entity_id_after(drafts.len());
                // Defaults (户属性 一般户) apply to a new household as when added by hand.
                let values = validate_new(&row.fields).unwrap_or_else(|_| row.fields.clone());
                for (f, v) in values.iter().filter(|(_, v)| !v.is_empty()) {
                    drafts.push(Draft::set(entity::HOUSEHOLD, &id, f.key(), v.as_str()));
                }
                report.imported += 1;
            }
        }
    }
    Ok(drafts)
}

/// Export every household; `public` leaves out every sensitive field
/// (ID number, phone, bank) for a 公示 sheet. Returns the row count.
pub fn export_households(store: &Store, path: &Path, public: bool) -> Result<usize> {
    let fields: Vec<HouseholdField> = HouseholdField::ALL
        .into_iter()
        .filter(|f| !(public && f.is_sensitive()))
        .collect();
    let mut headers: Vec<&str> = fields.iter().map(|f| f.label()).collect();
    headers.push("最近走访");
    let rows: Vec<Vec<String>> = store
        .list_households(&HouseholdFilter::default())?
        .iter()
        .map(|h| {
            let mut r: Vec<String> = fields.iter().map(|f| h.get(*f).to_string()).collect();
            r.push(h.last_visit.clone().unwrap_or_default());
            r
        })
        .collect();
    let sheet = if public {
        "农户公示"
    } else {
        "农户台账"
    };
    write_table(path, sheet, &headers, &rows).map_err(Error::from)?;
    Ok(rows.len())
}

/// Export visits between two dates (inclusive). Returns the row count.
pub fn export_visits(
    store: &Store,
    path: &Path,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<usize> {
    let headers = [
        "走访日期",
        "户编号",
        "户主姓名",
        "走访人",
        "记录人",
        "家庭情况",
        "困难问题",
        "诉求",
        "帮扶计划",
        "记录编号",
        "更正的记录",
    ];
    let households: std::collections::HashMap<String, (String, String)> = store
        .list_households(&HouseholdFilter::default())?
        .into_iter()
        .map(|h| {
            (
                h.id.clone(),
                (
                    h.get(HouseholdField::Code).to_string(),
                    h.get(HouseholdField::HeadName).to_string(),
                ),
            )
        })
        .collect();
    let rows: Vec<Vec<String>> = store
        .visits_between(from, to)?
        .into_iter()
        .map(|v| {
            let (code, name) = households.get(&v.household_id).cloned().unwrap_or_default();
            vec![
                v.date.to_string(),
                code,
                name,
                v.visitors.join("、"),
                v.recorder,
                v.situation,
                v.difficulties,
                v.needs,
                v.follow_up,
                v.id,
                v.amends.unwrap_or_default(),
            ]
        })
        .collect();
    write_table(path, "走访记录", &headers, &rows)?;
    Ok(rows.len())
}
