//! The household register (农户台账) import: map a [`Table`]'s columns to
//! household fields by their Chinese headers, check every cell with the
//! domain's own rules, and report every problem by row and column so the
//! user can fix the file in Excel and import again.
//!
//! Only households are read now. Members (家庭成员) will come as a table of
//! their own — a second sheet named “家庭成员” or a separate file, one member
//! per row, linked to its household by a 户编号 column — read by a
//! `parse_members` twin of [`parse_register`] over `MemberField`, returning
//! the same [`RowProblem`]s. A single sheet that mixes household rows and
//! member rows (household cells merged over the member rows) is not read as
//! such: its repeated 户编号 are reported as duplicates.

use crate::header;
use crate::table::{column_letters, Row, Table};
use cunwu_core::household::HouseholdField;
use cunwu_core::Error;
use serde::Serialize;
use std::collections::BTreeMap;

/// A register file checked cell by cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegisterFile {
    /// Row number of the header row used (after a title row, if any).
    pub header_row: u32,
    /// How each column was understood, in file order.
    pub columns: Vec<RegisterColumn>,
    /// Rows that passed every check, in file order: what may be imported.
    /// Empty while there is any file error.
    pub households: Vec<RegisterRow>,
    /// Every problem with a cell, in row order then column order.
    pub problems: Vec<RowProblem>,
    /// Problems with the file as a whole (a required column missing, a
    /// field given twice); nothing can be imported until they are fixed.
    pub file_errors: Vec<String>,
    /// Things the user should know that do not stop the import (columns
    /// that will not be imported, a title row skipped).
    pub warnings: Vec<String>,
    /// Non-blank data rows read.
    pub rows_read: u32,
}

/// One column of the file and the field it fills, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegisterColumn {
    /// Excel's column letters, e.g. `"C"`.
    pub letter: String,
    /// The header as written in the file.
    pub header: String,
    /// The household field, `None` when the column is not imported.
    pub field: Option<HouseholdField>,
}

/// A row that passed every check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegisterRow {
    /// Row number as the user sees it in Excel.
    pub row: u32,
    /// Normalised values of every field whose column is in the file. A
    /// blank cell gives `""` with no default applied (a new household's
    /// 户属性 defaults to 一般户 through `household::validate_new`); fields
    /// without a column are absent. Either way an import can leave the
    /// stored value unchanged.
    pub fields: BTreeMap<HouseholdField, String>,
}

/// One invalid cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowProblem {
    /// Row number as the user sees it in Excel.
    pub row: u32,
    /// The column's header as written in the file.
    pub column: String,
    /// The cell's text as read.
    pub value: String,
    /// What is wrong and what to do, in Chinese.
    pub reason: String,
}

impl RegisterFile {
    /// True when nothing stops importing [`RegisterFile::households`].
    pub fn can_import(&self) -> bool {
        self.file_errors.is_empty()
    }

    /// How many rows have at least one problem (a row may have several).
    pub fn problem_rows(&self) -> u32 {
        let rows: std::collections::BTreeSet<u32> = self.problems.iter().map(|p| p.row).collect();
        u32::try_from(rows.len()).unwrap_or(u32::MAX)
    }
}

/// Check a table as a household register. Never fails: everything wrong is
/// in the returned report.
pub fn parse_register(table: &Table) -> RegisterFile {
    let (header_row, headers, title_warning) = find_header(table);
    let mut report = RegisterFile {
        header_row,
        columns: Vec::new(),
        households: Vec::new(),
        problems: Vec::new(),
        file_errors: Vec::new(),
        warnings: title_warning.into_iter().collect(),
        rows_read: 0,
    };
    let data: Vec<&Row> = table
        .rows
        .iter()
        .filter(|r| r.number > header_row)
        .collect();
    let mapped = map_columns(table, headers, &data, &mut report);
    let mut first_row_of_code: BTreeMap<String, u32> = BTreeMap::new();
    for row in &data {
        report.rows_read += 1;
        let before = report.problems.len();
        let mut fields = BTreeMap::new();
        for &(index, field) in &mapped {
            let raw = row.cell(index);
            let column = || {
                headers
                    .get(index)
                    .map(|h| h.trim().to_string())
                    .unwrap_or_default()
            };
            // A blank optional cell says nothing: "" (no default applied), so
            // an update from a sparse file cannot overwrite a stored value.
            let checked = if raw.trim().is_empty() && !field.is_required() {
                Ok(String::new())
            } else {
                field.validate(raw)
            };
            match checked {
                Ok(value) => {
                    if field == HouseholdField::Code {
                        if let Some(first) = first_row_of_code.get(&value) {
                            report.problems.push(RowProblem {
                                row: row.number,
                                column: column(),
                                value: raw.to_string(),
                                reason: format!("与第{first}行户编号重复"),
                            });
                        } else {
                            first_row_of_code.insert(value.clone(), row.number);
                        }
                    }
                    fields.insert(field, value);
                }
                Err(e) => report.problems.push(RowProblem {
                    row: row.number,
                    column: column(),
                    value: raw.to_string(),
                    reason: reason(field, raw, e),
                }),
            }
        }
        if report.problems.len() == before && report.file_errors.is_empty() {
            report.households.push(RegisterRow {
                row: row.number,
                fields,
            });
        }
    }
    report
}

/// The header row: the table's own, unless that is a title (“XX村农户台账”)
/// and one of the next rows names at least two register columns.
fn find_header(table: &Table) -> (u32, &[String], Option<String>) {
    let matches = |cells: &[String]| cells.iter().filter(|h| header::field(h).is_some()).count();
    if matches(&table.headers) >= 2 {
        return (table.header_row, &table.headers, None);
    }
    for row in table.rows.iter().take(5) {
        if matches(&row.cells) >= 2 {
            let title = table
                .headers
                .iter()
                .find(|h| !h.is_empty())
                .cloned()
                .unwrap_or_default();
            let warning = format!(
                "第{}行（“{title}”）不是列名，已当作标题跳过；列名取自第{}行",
                table.header_row, row.number
            );
            return (row.number, &row.cells, Some(warning));
        }
    }
    (table.header_row, &table.headers, None)
}

/// Understand each column; returns (column index, field) for the imported
/// ones and records warnings and file errors.
fn map_columns(
    table: &Table,
    headers: &[String],
    data: &[&Row],
    report: &mut RegisterFile,
) -> Vec<(usize, HouseholdField)> {
    let mut mapped: Vec<(usize, HouseholdField)> = Vec::new();
    let letter = |i: usize| {
        column_letters(
            table
                .first_column
                .saturating_add(u32::try_from(i).unwrap_or(u32::MAX)),
        )
    };
    // Data may reach further right than the header row.
    let width = data
        .iter()
        .map(|r| r.cells.len())
        .chain([headers.len()])
        .max()
        .unwrap_or(0);
    for i in 0..width {
        let header_text = headers
            .get(i)
            .map(|h| h.trim().to_string())
            .unwrap_or_default();
        let field = header::field(&header_text);
        report.columns.push(RegisterColumn {
            letter: letter(i),
            header: header_text.clone(),
            field,
        });
        match field {
            None if header_text.is_empty() => {
                if data.iter().any(|r| !r.cell(i).trim().is_empty()) {
                    report
                        .warnings
                        .push(format!("{}列没有列名，其中的内容不会导入", letter(i)));
                }
            }
            None => report.warnings.push(format!(
                "“{header_text}”（{}列）不是农户台账的列，不会导入；可用的列名见模板说明",
                letter(i)
            )),
            Some(f) => {
                if let Some(&(j, _)) = mapped.iter().find(|(_, g)| *g == f) {
                    report.file_errors.push(format!(
                        "“{header_text}”（{}列）和“{}”（{}列）都表示{}，请只保留其中一列",
                        letter(i),
                        headers.get(j).map(|h| h.trim()).unwrap_or_default(),
                        letter(j),
                        f.label()
                    ));
                } else {
                    mapped.push((i, f));
                }
            }
        }
    }
    for f in HouseholdField::ALL.into_iter().filter(|f| f.is_required()) {
        if !mapped.iter().any(|(_, g)| *g == f) {
            let aliases = f.aliases().join("、");
            report.file_errors.push(format!(
                "缺少必填列“{}”（也可写作：{aliases}），请在表头加上这一列",
                f.label()
            ));
        }
    }
    mapped
}

/// The Chinese reason for an invalid cell, without the field name (the
/// report names the column already).
fn reason(field: HouseholdField, raw: &str, e: Error) -> String {
    let mut text = match e {
        Error::Invalid { message, .. } => message,
        other => other.to_string(),
    };
    // Excel keeps only 15 digits of a number: an ID typed into a number cell
    // comes back ending in zeros.
    let v = raw.trim();
    if field == HouseholdField::HeadIdNumber
        && v.len() >= 16
        && v.ends_with("00")
        && v.bytes().all(|b| b.is_ascii_digit())
    {
        text.push_str("。如果这一列在 Excel 里是数字格式，后几位已被 Excel 改成0，请把该列设为“文本”格式后重新录入");
    }
    text
}
