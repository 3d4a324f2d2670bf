//! Exports: what is written reads back the same (Chinese text, ID numbers,
//! commas, quotes, line breaks), and a failed export leaves nothing behind.

use cunwu_sheet::{read_table, write_table, Table};
use std::path::Path;

const HEADERS: [&str; 5] = ["户编号", "户主姓名", "身份证号", "联系电话", "备注"];

fn rows() -> Vec<Vec<String>> {
    let r = |c: [&str; 5]| c.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        r([
            "JF-001",
            "张国强",
            "341324196203150310",
            "13805571234",
            "独居老人，每月走访",
        ]),
        r([
            "JF-002",
            "王秀兰",
            "34132419700821052X",
            "013805571234",
            "说明含\"引号\",逗号\n和换行",
        ]),
        r(["0012", "褚福生", "", "", ""]),
        r(["JF-004", "𠈌", "", "", "=1+2 不是公式"]),
    ]
}

fn read(path: &Path) -> Table {
    read_table(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn assert_round_trip(path: &Path) {
    let rows = rows();
    write_table(path, "农户台账", &HEADERS, &rows).unwrap_or_else(|e| panic!("{e}"));
    let t = read(path);
    assert_eq!(t.headers, HEADERS);
    assert_eq!(t.header_row, 1);
    let got: Vec<Vec<String>> = t.rows.iter().map(|r| r.cells.clone()).collect();
    assert_eq!(got, rows, "{}", path.display());
    assert_eq!(
        t.rows.iter().map(|r| r.number).collect::<Vec<_>>(),
        vec![2, 3, 4, 5]
    );
}

#[test]
fn xlsx_round_trip_keeps_chinese_and_digits() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert_round_trip(&dir.path().join("农户台账.xlsx"));
}

#[test]
fn csv_round_trip_keeps_chinese_and_digits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("农户台账.csv");
    assert_round_trip(&path);
    let bytes = std::fs::read(&path).expect("read");
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "CSV starts with a UTF-8 BOM for Excel"
    );
    assert!(bytes.windows(2).any(|w| w == b"\r\n"), "CRLF line ends");
}

#[test]
fn extension_is_case_insensitive_and_sheet_name_is_corrected() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("走访.XLSX");
    write_table(&path, "2024/05 走访[草稿]", &["a"], &[vec!["1".into()]])
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(read(&path).rows.len(), 1);
}

#[test]
fn unknown_extension_is_refused_in_chinese() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in ["台账.xls", "台账.txt", "台账"] {
        let path = dir.path().join(name);
        let e = write_table(&path, "x", &["a"], &[]).expect_err(name);
        assert_eq!(e.code(), "unsupported_extension");
        assert!(
            e.to_string().contains(".xlsx") && e.to_string().contains(".csv"),
            "{e}"
        );
        assert!(!path.exists());
    }
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn failed_export_leaves_no_partial_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The target is a folder: the temporary file is written in full, then
    // cannot be renamed over it; it must be removed.
    for ext in ["xlsx", "csv"] {
        let target = dir.path().join(format!("占用.{ext}"));
        std::fs::create_dir(&target).expect("mkdir");
        let e = write_table(&target, "x", &HEADERS, &rows()).expect_err("rename over a folder");
        assert_eq!(e.code(), "write_failed");
        assert!(e.to_string().contains("无法保存文件"), "{e}");
        assert!(target.is_dir());
    }
    assert_eq!(
        entries(dir.path()),
        vec!["占用.csv", "占用.xlsx"],
        "no temporary file left"
    );

    // A folder that does not exist.
    let missing = dir.path().join("没有这个文件夹").join("台账.xlsx");
    let e = write_table(&missing, "x", &HEADERS, &rows()).expect_err("missing folder");
    assert_eq!(e.code(), "write_failed");
    assert!(e.to_string().contains("不存在"), "{e}");

    // A "folder" that is a file.
    let file = dir.path().join("文件");
    std::fs::write(&file, b"x").expect("write");
    let e =
        write_table(&file.join("台账.csv"), "x", &HEADERS, &rows()).expect_err("parent is a file");
    assert_eq!(e.code(), "write_failed");
    assert_eq!(entries(dir.path()), vec!["占用.csv", "占用.xlsx", "文件"]);
}

#[test]
fn failed_export_keeps_the_earlier_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("台账.xlsx");
    write_table(&path, "x", &HEADERS, &rows()).unwrap_or_else(|e| panic!("{e}"));
    let before = std::fs::read(&path).expect("read");
    let too_long = vec![vec!["长".repeat(40_000)]];
    let e = write_table(&path, "x", &HEADERS, &too_long).expect_err("cell too long for Excel");
    assert_eq!(e.code(), "too_large");
    assert!(e.to_string().contains("第2行第1列"), "{e}");
    assert_eq!(std::fs::read(&path).expect("read"), before);
    assert_eq!(entries(dir.path()), vec!["台账.xlsx"]);
}

#[cfg(unix)]
#[test]
fn exports_are_readable_files() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("台账.csv");
    write_table(&path, "x", &HEADERS, &rows()).unwrap_or_else(|e| panic!("{e}"));
    let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o644, "not left private like a temporary file");
}
