//! Spreadsheet files for Cunwu: reading the household register (农户台账)
//! that villages already keep in Excel, and writing every export.
//!
//! Three calls make the whole public surface:
//!
//! - [`read_table`] reads an .xlsx/.xls workbook (first non-empty sheet) or
//!   a .csv file (UTF-8, UTF-8 with BOM, GBK/GB18030) into a [`Table`] of
//!   text cells, each row keeping the row number the user sees in Excel.
//! - [`parse_register`] checks a table as a household register: columns by
//!   Chinese header, every cell by the domain's rules, duplicate 户编号;
//!   the [`RegisterFile`] report serialises to JSON for the UI.
//! - [`write_table`] writes .xlsx (text cells, bold frozen header) or .csv
//!   (UTF-8 with BOM), atomically.
//!
//! Errors are [`SheetError`]s whose `Display` is a Chinese message that says
//! what to do; [`SheetError::code`] is stable for programs. This crate only
//! touches files: no database, no clock.
//!
//! ```no_run
//! use cunwu_core::household::HouseholdField;
//! use cunwu_sheet::{parse_register, read_table, write_table, SheetError};
//! use std::path::Path;
//!
//! fn import_then_export() -> Result<(), SheetError> {
//!     let table = read_table(Path::new("农户台账.xlsx"))?;
//!     let report = parse_register(&table);
//!     if !report.can_import() {
//!         for e in &report.file_errors {
//!             eprintln!("{e}");
//!         }
//!     }
//!     for p in &report.problems {
//!         eprintln!("第{}行 {}：{}（{}）", p.row, p.column, p.reason, p.value);
//!     }
//!     // Write the problems back for the user to fix in Excel.
//!     let rows: Vec<Vec<String>> = report
//!         .problems
//!         .iter()
//!         .map(|p| vec![p.row.to_string(), p.column.clone(), p.value.clone(), p.reason.clone()])
//!         .collect();
//!     write_table(Path::new("导入问题.xlsx"), "导入问题", &["行号", "列", "内容", "问题"], &rows)?;
//!     for h in &report.households {
//!         let code = h.fields.get(&HouseholdField::Code).map_or("", String::as_str);
//!         println!("第{}行 可导入：{code}", h.row);
//!     }
//!     Ok(())
//! }
//! ```

mod cell;
mod csv_text;
mod error;
mod export;
mod header;
mod import;
mod register;
mod table;
mod workbook;

pub use error::SheetError;
pub use export::write_table;
pub use import::read_table;
pub use register::{parse_register, RegisterColumn, RegisterFile, RegisterRow, RowProblem};
pub use table::{Row, Table};
