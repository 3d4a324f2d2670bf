//! A table as read from a spreadsheet: the header row and the data rows,
//! every cell as text, every row keeping the row number the user sees in
//! Excel so problems can be reported as “第5行”.

use serde::Serialize;

/// A sheet's content: the first non-blank row is the header, the non-blank
/// rows after it are the data. Blank rows are dropped, but every row keeps
/// its own spreadsheet row number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    /// Row number (1-based, as in Excel) of the header row.
    pub header_row: u32,
    /// Column number (1-based: A = 1) of the first cell of every row, so
    /// that column `i` of the table is spreadsheet column `first_column + i`.
    pub first_column: u32,
    /// Header cells, surrounding whitespace trimmed; empty for a column
    /// without a name.
    pub headers: Vec<String>,
    /// Data rows in file order, blank rows skipped.
    pub rows: Vec<Row>,
}

/// One non-blank data row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// Row number (1-based) as the user sees it in Excel.
    pub number: u32,
    /// Cell texts, aligned with [`Table::headers`]; may be shorter or longer
    /// than the header when the file is ragged.
    pub cells: Vec<String>,
}

impl Row {
    /// The text of column `index`, empty when the row is shorter.
    pub fn cell(&self, index: usize) -> &str {
        self.cells.get(index).map(String::as_str).unwrap_or("")
    }
}

/// True when every cell is empty or whitespace.
pub(crate) fn is_blank(cells: &[String]) -> bool {
    cells.iter().all(|c| c.trim().is_empty())
}

/// Build a table from numbered raw rows: the first non-blank row becomes the
/// header, later blank rows are dropped. `None` when every row is blank.
pub(crate) fn from_rows(
    first_column: u32,
    rows: impl IntoIterator<Item = (u32, Vec<String>)>,
) -> Option<Table> {
    let mut rows = rows.into_iter().filter(|(_, cells)| !is_blank(cells));
    let (header_row, header) = rows.next()?;
    let headers = header.iter().map(|h| h.trim().to_string()).collect();
    let rows = rows.map(|(number, cells)| Row { number, cells }).collect();
    Some(Table {
        header_row,
        first_column,
        headers,
        rows,
    })
}

/// Excel's letters for a 1-based column number: 1 → `A`, 27 → `AA`.
pub(crate) fn column_letters(column: u32) -> String {
    let mut n = column;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_column_letters() {
        for (n, want) in [
            (1, "A"),
            (2, "B"),
            (26, "Z"),
            (27, "AA"),
            (52, "AZ"),
            (53, "BA"),
            (16384, "XFD"),
            (0, ""),
        ] {
            assert_eq!(column_letters(n), want, "{n}");
        }
    }
}
