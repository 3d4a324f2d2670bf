//! Writing a table for the user: .xlsx (bold frozen header, widths that fit
//! Chinese text, every cell stored as text so ID numbers keep their digits)
//! or .csv (UTF-8 with BOM). The file appears whole or not at all: it is
//! written to a temporary file beside the target, then renamed over it.

use crate::csv_text;
use crate::error::{file_name, SheetError};
use rust_xlsxwriter::{ColNum, Format, RowNum, Workbook, XlsxError};
use std::io::{BufWriter, Write};
use std::path::Path;

/// Excel's limits on one sheet.
const MAX_ROWS: usize = 1_048_576;
const MAX_COLS: usize = 16_384;
const MAX_CELL_CHARS: usize = 32_767;

/// Write `headers` and `rows` to `path`; the extension decides the format:
/// `.xlsx` (one sheet named `sheet_name`) or `.csv` (UTF-8 with BOM, which
/// Excel on Windows opens with Chinese intact).
///
/// The write is atomic: a temporary file in the same folder is filled,
/// flushed to disk and renamed over `path`, so a failed export never leaves
/// a half-written file and never damages an earlier one. An invalid sheet
/// name is corrected (forbidden characters become `_`, cut to 31 characters).
///
/// # Errors
/// [`SheetError::UnsupportedExtension`] for any other extension,
/// [`SheetError::TooLarge`] when the table exceeds an Excel limit (.xlsx),
/// [`SheetError::Write`] when the folder is missing or not writable, the
/// disk is full, or the target is open in Excel.
pub fn write_table(
    path: &Path,
    sheet_name: &str,
    headers: &[&str],
    rows: &[Vec<String>],
) -> Result<(), SheetError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let write_err = |e: &std::io::Error| SheetError::write(path, e);
    match ext.as_str() {
        "xlsx" => {
            // Build the whole workbook before touching the disk.
            let bytes = xlsx_bytes(path, sheet_name, headers, rows)?;
            atomic_write(path, |out| out.write_all(&bytes)).map_err(|e| write_err(&e))
        }
        "csv" => {
            atomic_write(path, |out| csv_text::write(out, headers, rows)).map_err(|e| write_err(&e))
        }
        _ => Err(SheetError::UnsupportedExtension {
            file: file_name(path),
        }),
    }
}

/// Fill a temporary file beside `path` with `fill`, sync it, rename it over
/// `path`. On any failure the temporary file is removed.
fn atomic_write(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let tmp = tempfile::Builder::new()
        .prefix(".cunwu-export-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    keep_permissions(path, tmp.as_file())?;
    let mut out = BufWriter::new(tmp);
    fill(&mut out)?;
    let tmp = out.into_inner().map_err(|e| e.into_error())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Give the new file the old one's permissions, or the usual `rw-r--r--`
/// (a temporary file starts private to its owner).
#[cfg(unix)]
fn keep_permissions(path: &Path, file: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let perms = match std::fs::metadata(path) {
        Ok(m) if m.is_file() => m.permissions(),
        _ => std::fs::Permissions::from_mode(0o644),
    };
    file.set_permissions(perms)
}

#[cfg(not(unix))]
fn keep_permissions(_path: &Path, _file: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

fn xlsx_bytes(
    path: &Path,
    sheet_name: &str,
    headers: &[&str],
    rows: &[Vec<String>],
) -> Result<Vec<u8>, SheetError> {
    let file = file_name(path);
    check_limits(&file, headers, rows)?;
    build_xlsx(sheet_name, headers, rows).map_err(|e| SheetError::Write {
        file,
        reason: format!("生成 Excel 文件时出错（{e}）"),
    })
}

fn check_limits(file: &str, headers: &[&str], rows: &[Vec<String>]) -> Result<(), SheetError> {
    let too_large = |reason: String| SheetError::TooLarge {
        file: file.to_string(),
        reason,
    };
    if rows.len() >= MAX_ROWS {
        return Err(too_large(format!(
            "共{}行，超过 Excel 一张表 {MAX_ROWS} 行的上限，请缩小范围分批导出，或导出为 .csv",
            rows.len()
        )));
    }
    let widest = rows
        .iter()
        .map(Vec::len)
        .chain([headers.len()])
        .max()
        .unwrap_or(0);
    if widest > MAX_COLS {
        return Err(too_large(format!(
            "共{widest}列，超过 Excel {MAX_COLS} 列的上限"
        )));
    }
    let header_row = headers.iter().map(|h| h.to_string()).collect::<Vec<_>>();
    for (r, row) in std::iter::once(&header_row).chain(rows).enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if cell.chars().count() > MAX_CELL_CHARS {
                return Err(too_large(format!(
                    "第{}行第{}列的内容超过 Excel 单元格 {MAX_CELL_CHARS} 字的上限，请删减后再导出，或导出为 .csv",
                    r + 1,
                    c + 1
                )));
            }
        }
    }
    Ok(())
}

fn build_xlsx(
    sheet_name: &str,
    headers: &[&str],
    rows: &[Vec<String>],
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // Rows are written in order and streamed out: three times faster on
    // large exports than keeping the whole sheet in memory.
    let sheet = book.add_worksheet_with_constant_memory()?;
    sheet.set_name(valid_sheet_name(sheet_name))?;
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let columns = rows
        .iter()
        .map(Vec::len)
        .chain([headers.len()])
        .max()
        .unwrap_or(0);
    for c in 0..columns {
        let col = ColNum::try_from(c).map_err(|_| XlsxError::RowColumnLimitError)?;
        let widest = rows
            .iter()
            .filter_map(|r| r.get(c))
            .map(|s| display_width(s))
            .chain(headers.get(c).map(|h| display_width(h)))
            .max()
            .unwrap_or(0);
        sheet.set_column_width(col, f64::from(column_width(widest)))?;
        // New values typed into these columns stay text too (ID numbers).
        sheet.set_column_format(col, &text)?;
    }
    for (c, h) in headers.iter().enumerate() {
        let col = ColNum::try_from(c).map_err(|_| XlsxError::RowColumnLimitError)?;
        sheet.write_string_with_format(0, col, *h, &bold)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let rn = RowNum::try_from(r + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        for (c, value) in row.iter().enumerate() {
            if value.is_empty() {
                continue;
            }
            let col = ColNum::try_from(c).map_err(|_| XlsxError::RowColumnLimitError)?;
            sheet.write_string_with_format(rn, col, value, &text)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    if let (Some(last_col), false) = (columns.checked_sub(1), headers.is_empty()) {
        let last_col = ColNum::try_from(last_col).map_err(|_| XlsxError::RowColumnLimitError)?;
        let last_row = RowNum::try_from(rows.len()).map_err(|_| XlsxError::RowColumnLimitError)?;
        sheet.autofilter(0, 0, last_row, last_col)?;
    }
    book.save_to_buffer()
}

/// Width in Excel character units: a Chinese (full-width) character counts 2.
fn display_width(s: &str) -> u32 {
    s.lines()
        .map(|line| {
            line.chars()
                .map(|c| if is_wide(c) { 2 } else { 1 })
                .sum::<u32>()
        })
        .max()
        .unwrap_or(0)
}

/// Column width for content of `widest` units: padded, between 8 and 50.
fn column_width(widest: u32) -> u16 {
    u16::try_from(widest.saturating_add(2).clamp(8, 50)).unwrap_or(50)
}

fn is_wide(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// A name Excel accepts: forbidden characters become `_`, no leading or
/// trailing apostrophe, at most 31 UTF-16 units, never blank.
fn valid_sheet_name(name: &str) -> String {
    let mut out = String::new();
    let mut units = 0;
    for c in name.trim().trim_matches('\'').chars() {
        let c = if matches!(c, '*' | '?' | ':' | '[' | ']' | '\\' | '/') {
            '_'
        } else {
            c
        };
        units += c.len_utf16();
        if units > 31 {
            break;
        }
        out.push(c);
    }
    let out = out.trim_end_matches('\'').to_string();
    if out.trim().is_empty() || out.eq_ignore_ascii_case("history") {
        "Sheet1".to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_sheet_names() {
        assert_eq!(valid_sheet_name("农户台账"), "农户台账");
        assert_eq!(valid_sheet_name("2024/05 走访[草稿]"), "2024_05 走访_草稿_");
        assert_eq!(valid_sheet_name("''"), "Sheet1");
        assert_eq!(valid_sheet_name(&"长".repeat(40)).chars().count(), 31);
    }

    #[test]
    fn widths_count_chinese_double() {
        assert_eq!(display_width("张三"), 4);
        assert_eq!(display_width("13800138000"), 11);
        assert_eq!(column_width(0), 8);
        assert_eq!(column_width(200), 50);
    }
}
