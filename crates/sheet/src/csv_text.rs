//! CSV files as Chinese users have them: UTF-8 with or without BOM (Excel's
//! “CSV UTF-8”), GBK/GB18030 (Excel's plain “CSV” on a Chinese Windows), or
//! UTF-16 tab-separated (Excel's “Unicode 文本”). Also writing CSV the way
//! Excel on Windows opens Chinese correctly: UTF-8 with a BOM, with any
//! cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or
//! carriage return first, and not a plain number) written behind a `'`, so
//! opening an export never runs what someone typed into a note. Reading
//! takes that `'` off again, so what is written reads back the same.

use crate::table::{self, Table};
use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};
use std::borrow::Cow;
use std::io::Write;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decode bytes as text. `None` when they are not text in any encoding we
/// accept, or contain control characters no table has.
pub(crate) fn decode(bytes: &[u8]) -> Option<String> {
    let text = if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        String::from_utf8(rest.to_vec()).ok()?
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        UTF_16LE
            .decode_without_bom_handling_and_without_replacement(rest)?
            .into_owned()
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        UTF_16BE
            .decode_without_bom_handling_and_without_replacement(rest)?
            .into_owned()
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        s.to_string()
    } else {
        GB18030
            .decode_without_bom_handling_and_without_replacement(bytes)?
            .into_owned()
    };
    let binary = text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0c}'));
    (!binary).then_some(text)
}

/// Parse decoded text as a table. Row numbers are those Excel shows when it
/// opens the file: blank lines count, a quoted cell spanning lines does not
/// add rows. `None` when every row is blank.
pub(crate) fn parse(text: &str) -> Option<Table> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    let bytes = text.as_bytes();
    let mut rows = Vec::new();
    // Line breaks before the current record, and how many of them sit
    // inside quoted cells (those do not start a new Excel row).
    let (mut seen, mut newlines, mut inner_breaks) = (0usize, 0usize, 0usize);
    for record in reader.records() {
        // The text is valid UTF-8 in memory, so no error is expected; stop
        // quietly rather than panic if one ever appears.
        let Ok(record) = record else { break };
        // The reader reports a record's position before the empty lines it
        // skips: step over them to the record's real first byte.
        let mut start = record
            .position()
            .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
        while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        newlines += bytes
            .get(seen..start)
            .map_or(0, |b| b.iter().filter(|c| **c == b'\n').count());
        seen = seen.max(start);
        let number = u32::try_from(newlines.saturating_sub(inner_breaks).saturating_add(1))
            .unwrap_or(u32::MAX);
        let cells: Vec<String> = record.iter().map(|c| unguarded(c).to_string()).collect();
        inner_breaks += cells.iter().map(|c| c.matches('\n').count()).sum::<usize>();
        rows.push((number, cells));
    }
    table::from_rows(1, rows)
}

/// Tab for Excel's “Unicode 文本” exports, else comma: judged on the first
/// non-blank line.
fn delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if first.matches('\t').count() > first.matches(',').count() {
        b'\t'
    } else {
        b','
    }
}

/// Write a CSV table: UTF-8 with BOM, CRLF line ends, quoting as needed.
pub(crate) fn write(
    out: &mut dyn Write,
    headers: &[&str],
    rows: &[Vec<String>],
) -> std::io::Result<()> {
    out.write_all(UTF8_BOM)?;
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    let head: Vec<Cow<'_, str>> = headers.iter().map(|h| guarded(h)).collect();
    w.write_record(head.iter().map(|c| c.as_bytes()))?;
    for row in rows {
        let cells: Vec<Cow<'_, str>> = row.iter().map(|c| guarded(c)).collect();
        w.write_record(cells.iter().map(|c| c.as_bytes()))?;
    }
    w.flush()
}

/// Characters that make a spreadsheet treat a cell as a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The cell as written: behind one more `'` when, under its leading `'`s,
/// it starts like a formula (so a cell that already had a `'` keeps it).
fn guarded(cell: &str) -> Cow<'_, str> {
    if runs(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The cell as read: the `'` [`guarded`] added is taken off.
fn unguarded(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if runs(rest) => rest,
        _ => cell,
    }
}

/// Would a spreadsheet run this cell as a formula once its leading `'`s
/// are gone?
fn runs(cell: &str) -> bool {
    let bare = cell.trim_start_matches('\'');
    bare.starts_with(FORMULA_START) && !is_plain_number(bare)
}

/// `-12.50`, `+3`: a number, which a spreadsheet shows and never runs.
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    !int.is_empty()
        && !frac.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_numbers_follow_excel() {
        let t = parse("a,b\n\n1,\"x\ny\"\n2,z\n,\n3,w\n").expect("table");
        let numbers: Vec<u32> = t.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![3, 4, 6]);
        let t = parse("\r\n\r\na,b\r\n1,2\r\n\r\n\r\n3,\"x\r\ny\"\r\n4,5").expect("table");
        assert_eq!(t.header_row, 3);
        let numbers: Vec<u32> = t.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![4, 7, 8]);
    }

    #[test]
    fn formulas_are_written_behind_a_quote_and_read_back_whole() {
        let cells = [
            "=HYPERLINK(\"x\")",
            "@SUM(A1)",
            "+86 138",
            "-",
            "\tx",
            "'=1",
        ];
        let row: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
        let plain = ["-12.50", "+3", "12", "李=王", "'abc"];
        let plain_row: Vec<String> = plain.iter().map(|c| c.to_string()).collect();
        let mut out = Vec::new();
        write(&mut out, &["备注"], &[row.clone(), plain_row.clone()]).expect("write");
        let text = String::from_utf8(out).expect("utf-8");
        assert!(text.contains("'=HYPERLINK"), "{text}");
        assert!(
            text.contains("'@SUM(A1)") && text.contains("'+86 138"),
            "{text}"
        );
        assert!(text.contains(",'-,") && text.contains("''=1"), "{text}");
        assert!(text.contains("-12.50,+3,12,李=王,'abc\r\n"), "{text}");
        let t = parse(text.trim_start_matches('\u{feff}')).expect("table");
        assert_eq!(t.rows[0].cells, row);
        assert_eq!(t.rows[1].cells, plain_row);
    }

    proptest::proptest! {
        /// Whatever a cell holds (formula starts, quotes, commas, `'`s,
        /// line breaks inside), it reads back as it was written.
        #[test]
        fn any_cells_read_back_as_written(
            rows in proptest::collection::vec(
                proptest::collection::vec("[='+@\\-a-z0-9,\"\n 李.]{0,8}", 3),
                1..6,
            )
        ) {
            // A row of only empty cells is a blank line to Excel; keep one mark.
            let rows: Vec<Vec<String>> = rows
                .into_iter()
                .map(|mut r| { r[0].insert(0, '户'); r })
                .collect();
            let mut out = Vec::new();
            write(&mut out, &["甲", "乙", "丙"], &rows).expect("write");
            let text = String::from_utf8(out).expect("utf-8");
            let t = parse(text.trim_start_matches('\u{feff}')).expect("table");
            let got: Vec<Vec<String>> = t.rows.iter().map(|r| r.cells.clone()).collect();
            proptest::prop_assert_eq!(got, rows);
        }
    }

    #[test]
    fn decodes_gbk_and_refuses_binary() {
        let (gbk, _, _) = GB18030.encode("户编号,户主姓名\n");
        assert_eq!(decode(&gbk).as_deref(), Some("户编号,户主姓名\n"));
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n\0\0"), None);
    }

    #[test]
    fn tab_separated_utf16() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(
            "户编号\t户主姓名\r\nH1\t张三\r\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        let t = decode(&bytes).and_then(|s| parse(&s)).expect("table");
        assert_eq!(t.headers, vec!["户编号", "户主姓名"]);
        assert_eq!(t.rows[0].cells, vec!["H1", "张三"]);
    }
}
