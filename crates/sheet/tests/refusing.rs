//! Files that are not tables, or not readable ones, are refused with a
//! Chinese message that says what to do; the kind of file is decided by its
//! content, not its name.

mod common;

use common::{cells, file, read, xlsx};
use cunwu_sheet::{read_table, SheetError};
use std::path::Path;

fn refused(path: &Path) -> SheetError {
    match read_table(path) {
        Ok(t) => panic!("{} was read: {t:?}", path.display()),
        Err(e) => e,
    }
}

#[test]
fn non_spreadsheets_are_refused_in_chinese() {
    let dir = tempfile::tempdir().expect("tempdir");
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
    // Deterministic noise.
    let mut x: u32 = 12345;
    let noise: Vec<u8> = (0..4096)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (x >> 16) as u8
        })
        .collect();
    let fake_zip = [b"PK\x03\x04".as_slice(), &noise[..200]].concat();
    for (name, bytes) in [
        ("照片.xlsx", png.as_slice()),
        ("乱码.xlsx", &noise),
        ("乱码.csv", &noise),
        ("压缩包.xlsx", &fake_zip),
    ] {
        let e = refused(&file(&dir, name, bytes));
        assert_eq!(e.code(), "not_spreadsheet", "{name}: {e}");
        let msg = e.to_string();
        assert!(
            msg.contains("不是有效的 Excel 表格（.xlsx）或 CSV 文件")
                && msg.contains("另存为 .xlsx"),
            "{msg}"
        );
        assert!(msg.contains(name), "{msg}");
    }
}

#[test]
fn empty_and_headerless_files_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let e = refused(&file(&dir, "空.xlsx", b""));
    assert_eq!(e.code(), "empty_file");
    assert!(e.to_string().contains("是空的"), "{e}");

    for (name, bytes) in [
        ("空行.csv", b",,,\r\n\r\n  ,\r\n".as_slice()),
        ("空白.csv", b"\r\n"),
    ] {
        let e = refused(&file(&dir, name, bytes));
        assert_eq!(e.code(), "no_header", "{name}");
        assert!(e.to_string().contains("找不到表头行"), "{e}");
    }
    let blank_book = xlsx(&dir, "空表.xlsx", |book| {
        book.add_worksheet();
    });
    assert_eq!(refused(&blank_book).code(), "no_header");

    let e = refused(&dir.path().join("不存在.xlsx"));
    assert_eq!(e.code(), "read_failed");
    assert!(e.to_string().contains("不存在"), "{e}");
}

#[test]
fn web_pages_and_broken_workbooks_get_their_own_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let html = "<html><head><meta charset=utf-8></head><body><table><tr><td>户编号</td></tr></table></body></html>";
    let e = refused(&file(&dir, "系统导出.xls", html.as_bytes()));
    assert_eq!(e.code(), "web_page");
    assert!(e.to_string().contains("另存为 .xlsx"), "{e}");

    let good = xlsx(&dir, "good.xlsx", |book| {
        book.add_worksheet()
            .write_string(0, 0, "户编号")
            .expect("cell");
    });
    let bytes = std::fs::read(good).expect("read");
    let e = refused(&file(&dir, "半截.xlsx", &bytes[..bytes.len() / 2]));
    assert_eq!(e.code(), "damaged", "{e}");
    assert!(e.to_string().contains("损坏"), "{e}");
}

#[test]
fn content_decides_not_the_extension() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv_named_xlsx = read(&file(
        &dir,
        "其实是csv.xlsx",
        "户编号,户主姓名\nA1,甲\n".as_bytes(),
    ));
    assert_eq!(cells(&csv_named_xlsx), vec![vec!["A1", "甲"]]);
    let book = xlsx(&dir, "book.xlsx", |book| {
        book.add_worksheet()
            .write_string(0, 0, "户编号")
            .expect("cell");
    });
    let renamed = dir.path().join("其实是xlsx.csv");
    std::fs::copy(book, &renamed).expect("copy");
    assert_eq!(read(&renamed).headers, vec!["户编号"]);
}
