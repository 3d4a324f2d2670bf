//! Helpers the sheet tests share: files written into a temporary folder,
//! workbooks built in code, and a table read or its cells listed.

use cunwu_sheet::{read_table, Table};
use rust_xlsxwriter::Workbook;
use std::path::{Path, PathBuf};

/// `bytes` written as `name` in `dir`.
pub fn file(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write test file");
    path
}

/// A workbook filled by `fill`, saved as `name` in `dir`.
pub fn xlsx(dir: &tempfile::TempDir, name: &str, fill: impl FnOnce(&mut Workbook)) -> PathBuf {
    let mut book = Workbook::new();
    fill(&mut book);
    let path = dir.path().join(name);
    book.save(&path).expect("save test workbook");
    path
}

/// The table in `path`, which must be readable.
pub fn read(path: &Path) -> Table {
    read_table(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every data row's cells as text.
pub fn cells(t: &Table) -> Vec<Vec<&str>> {
    t.rows
        .iter()
        .map(|r| r.cells.iter().map(String::as_str).collect())
        .collect()
}
