//! How a workbook cell becomes text: what the user sees in Excel, minus
//! display formatting. Whole numbers keep every digit (a phone stored as a
//! number is still `13800138000`), dates become ISO `YYYY-MM-DD`, formulas
//! give their cached value.

use calamine::{Data, ExcelDateTime};

/// The text of one cell.
pub(crate) fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f),
        Data::Bool(true) => "TRUE".to_string(),
        Data::Bool(false) => "FALSE".to_string(),
        Data::DateTime(dt) => date_time(dt),
        Data::DateTimeIso(s) => s
            .strip_suffix("T00:00:00")
            .unwrap_or(s)
            .replacen('T', " ", 1),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// A number as Excel shows it in a General cell, without exponent and
/// without a trailing `.0`: rounded to Excel's 15 significant digits so
/// binary noise (`0.30000000000000004`) disappears.
pub(crate) fn number(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    // Round through decimal text (no float arithmetic): 15 significant digits.
    let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    let shown = rounded.to_string();
    if shown == "-0" {
        "0".to_string()
    } else {
        shown
    }
}

/// A date-formatted cell: `YYYY-MM-DD`, with ` HH:MM:SS` only when it has a
/// time of day; a pure time (serial below 1) is `HH:MM:SS`.
fn date_time(dt: &ExcelDateTime) -> String {
    if dt.is_duration() {
        return number(dt.as_f64());
    }
    let (y, mo, d, h, mi, s, _ms) = dt.to_ymd_hms_milli();
    let serial = dt.as_f64();
    if (0.0..1.0).contains(&serial) {
        return format!("{h:02}:{mi:02}:{s:02}");
    }
    if (h, mi, s) == (0, 0, 0) {
        format!("{y:04}-{mo:02}-{d:02}")
    } else {
        format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::ExcelDateTimeType;

    #[test]
    fn check_numbers() {
        let check = |f: f64, want: &str| assert_eq!(number(f), want, "{f:?}");
        check(13800138000.0, "13800138000");
        check(1.0, "1");
        check(3.5, "3.5");
        check(0.300_000_000_000_000_04, "0.3");
        check(-0.0, "0");
        check(-12.25, "-12.25");
        check(123456789012345.0, "123456789012345");
        // Excel itself keeps only 15 digits of an 18-digit number.
        check(340123199001011230.0, "340123199001011000");
        check(1e-7, "0.0000001");
    }

    #[test]
    fn check_dates() {
        let d = |v: f64| {
            text(&Data::DateTime(ExcelDateTime::new(
                v,
                ExcelDateTimeType::DateTime,
                false,
            )))
        };
        assert_eq!(d(45292.0), "2024-01-01");
        assert_eq!(d(45292.5), "2024-01-01 12:00:00");
        assert_eq!(d(0.25), "06:00:00");
        assert_eq!(
            text(&Data::DateTimeIso("2024-03-05T00:00:00".into())),
            "2024-03-05"
        );
        assert_eq!(text(&Data::Int(42)), "42");
    }
}
