//! Reading a table from a file chosen by the user. The kind of file is told
//! from its content, not its name: a ZIP is an .xlsx, an OLE compound file
//! an .xls, readable text a CSV; anything else is refused with a Chinese
//! message that says what to do.

use crate::csv_text;
use crate::error::{file_name, SheetError};
use crate::table::Table;
use crate::workbook::{self, Container};
use std::path::Path;

/// Read the first non-empty sheet of an .xlsx/.xls workbook, or a .csv file
/// (UTF-8 with or without BOM, GBK/GB18030, or UTF-16 as Excel's “Unicode
/// 文本”), as a [`Table`].
///
/// The first non-blank row is the header; blank rows are skipped and every
/// row keeps the row number shown in Excel. Cells become text: whole numbers
/// keep all their digits (`13800138000`), dates become `YYYY-MM-DD`, formula
/// cells give their last calculated value.
///
/// # Errors
/// [`SheetError::EmptyFile`], [`SheetError::NotSpreadsheet`],
/// [`SheetError::WebPage`], [`SheetError::Damaged`], [`SheetError::NoHeader`]
/// and [`SheetError::Read`]; each displays a Chinese message.
pub fn read_table(path: &Path) -> Result<Table, SheetError> {
    let bytes = std::fs::read(path).map_err(|e| SheetError::read(path, e))?;
    let file = file_name(path);
    if bytes.is_empty() {
        return Err(SheetError::EmptyFile { file });
    }
    let table = match sniff(&bytes) {
        Kind::Workbook(container) => workbook::read(bytes, container, &file)?,
        Kind::WebPage => return Err(SheetError::WebPage { file }),
        Kind::Text(text) => csv_text::parse(&text),
        Kind::Other => return Err(SheetError::NotSpreadsheet { file }),
    };
    table.ok_or(SheetError::NoHeader { file })
}

enum Kind {
    Workbook(Container),
    WebPage,
    Text(String),
    Other,
}

fn sniff(bytes: &[u8]) -> Kind {
    if bytes.starts_with(b"PK\x03\x04") {
        return Kind::Workbook(Container::Zip);
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Kind::Workbook(Container::Compound);
    }
    let Some(text) = csv_text::decode(bytes) else {
        return Kind::Other;
    };
    let start: String = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(32)
        .collect();
    let start = start.to_ascii_lowercase();
    let markup = ["<!doctype html", "<html", "<?xml", "<table", "<meta"];
    if markup.iter().any(|m| start.starts_with(m)) {
        return Kind::WebPage;
    }
    Kind::Text(text)
}
