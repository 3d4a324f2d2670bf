//! Reading Excel workbooks (.xlsx, and legacy .xls) through calamine: the
//! first non-empty worksheet (visible sheets first), every cell as text,
//! vertically merged cells (a 村民小组 merged over several households)
//! filled down so each row carries its own value.

use crate::cell;
use crate::error::SheetError;
use crate::table::{self, Table};
use calamine::{Data, Dimensions, Range, Reader, SheetType, SheetVisible, Sheets, Xls, Xlsx};
use std::io::Cursor;

/// Which container the bytes are, as sniffed from their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Container {
    /// A ZIP archive: Office Open XML (.xlsx / .xlsm).
    Zip,
    /// An OLE compound file: BIFF8 (.xls), or an encrypted .xlsx.
    Compound,
}

type Book = Sheets<Cursor<Vec<u8>>>;

/// Read the first non-empty worksheet. `Ok(None)` when every sheet is blank.
pub(crate) fn read(
    bytes: Vec<u8>,
    container: Container,
    file: &str,
) -> Result<Option<Table>, SheetError> {
    let mut book = open(bytes, container, file)?;
    let damaged = |detail: String| SheetError::Damaged {
        file: file.to_string(),
        detail,
    };
    let mut names: Vec<(bool, String)> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| (s.visible != SheetVisible::Visible, s.name.clone()))
        .collect();
    names.sort_by_key(|(hidden, _)| *hidden); // stable: visible sheets first, in order
    for (_, name) in names {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| damaged(e.to_string()))?;
        let merged = merged_regions(&mut book, &name);
        let first_column = range.start().map_or(1, |(_, c)| c.saturating_add(1));
        if let Some(t) = table::from_rows(first_column, grid(&range, &merged)) {
            return Ok(Some(t));
        }
    }
    Ok(None)
}

fn open(bytes: Vec<u8>, container: Container, file: &str) -> Result<Book, SheetError> {
    // Decide, before the bytes move, whether a failure means "damaged
    // workbook" or "some other kind of file".
    let looks_like_workbook = match container {
        Container::Zip => contains(&bytes, b"xl/"),
        Container::Compound => {
            contains(&bytes, &utf16("Workbook"))
                || contains(&bytes, &utf16("Book"))
                || contains(&bytes, &utf16("EncryptedPackage"))
        }
    };
    let opened = match container {
        Container::Zip => Xlsx::new(Cursor::new(bytes))
            .map(Sheets::Xlsx)
            .map_err(|e| e.to_string()),
        Container::Compound => Xls::new(Cursor::new(bytes))
            .map(Sheets::Xls)
            .map_err(|e| e.to_string()),
    };
    opened.map_err(|detail| {
        if looks_like_workbook {
            SheetError::Damaged {
                file: file.to_string(),
                detail,
            }
        } else {
            SheetError::NotSpreadsheet {
                file: file.to_string(),
            }
        }
    })
}

/// Merged regions of a sheet; none when the reader cannot say.
fn merged_regions(book: &mut Book, name: &str) -> Vec<Dimensions> {
    match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Numbered rows of text, merged regions filled down their first column.
fn grid(range: &Range<Data>, merged: &[Dimensions]) -> Vec<(u32, Vec<String>)> {
    let Some((row0, col0)) = range.start() else {
        return Vec::new();
    };
    let mut rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(cell::text).collect())
        .collect();
    for m in merged {
        let (Some(r), Some(c)) = (m.start.0.checked_sub(row0), m.start.1.checked_sub(col0)) else {
            continue;
        };
        let (r, c) = (r as usize, c as usize);
        let Some(value) = rows.get(r).and_then(|row| row.get(c)).cloned() else {
            continue;
        };
        let last = (m.end.0.saturating_sub(row0) as usize).min(rows.len().saturating_sub(1));
        for row in rows.iter_mut().take(last + 1).skip(r + 1) {
            if let Some(cell) = row.get_mut(c) {
                if cell.is_empty() {
                    cell.clone_from(&value);
                }
            }
        }
    }
    rows.into_iter()
        .enumerate()
        .map(|(i, cells)| (row_number(row0, i), cells))
        .collect()
}

/// 1-based spreadsheet row number of the `i`-th row of a range starting at
/// 0-based row `row0`.
fn row_number(row0: u32, i: usize) -> u32 {
    u32::try_from(i).map_or(u32::MAX, |i| row0.saturating_add(i).saturating_add(1))
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}
