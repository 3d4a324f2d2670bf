//! Reading tables from the files users really have: Excel workbooks (.xlsx
//! and legacy .xls) with numbers, dates, formulas and merged cells; CSV in
//! UTF-8, UTF-8 with BOM and GBK.

mod common;

use common::{cells, file, read, xlsx};
use cunwu_sheet::Table;
use rust_xlsxwriter::{Format, Formula, Worksheet};
use std::path::Path;

fn numbers(t: &Table) -> Vec<u32> {
    t.rows.iter().map(|r| r.number).collect()
}

#[test]
fn utf8_with_bom_and_without_read_the_same() {
    let dir = tempfile::tempdir().expect("tempdir");
    let body = "户编号,户主姓名,村民小组\r\nJF-001,张国强,1\r\nJF-002,\"王秀兰，户主\",第2组\r\n";
    let plain = read(&file(&dir, "plain.csv", body.as_bytes()));
    let with_bom = read(&file(
        &dir,
        "bom.csv",
        &[b"\xEF\xBB\xBF".as_slice(), body.as_bytes()].concat(),
    ));
    assert_eq!(plain, with_bom);
    assert_eq!(plain.headers, vec!["户编号", "户主姓名", "村民小组"]);
    assert_eq!(
        cells(&plain),
        vec![
            vec!["JF-001", "张国强", "1"],
            vec!["JF-002", "王秀兰，户主", "第2组"]
        ]
    );
    assert_eq!(numbers(&plain), vec![2, 3]);
}

#[test]
fn gbk_csv_is_decoded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (gbk, _, lossy) =
        encoding_rs::GBK.encode("户编号,户主姓名,住址\r\nJF-001,褚福生,大庄镇解放村4组9号\r\n");
    assert!(!lossy);
    let t = read(&file(&dir, "gbk.csv", &gbk));
    assert_eq!(t.headers, vec!["户编号", "户主姓名", "住址"]);
    assert_eq!(
        cells(&t),
        vec![vec!["JF-001", "褚福生", "大庄镇解放村4组9号"]]
    );
}

#[test]
fn blank_rows_are_skipped_but_row_numbers_stay_right() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = read(&file(
        &dir,
        "blank.csv",
        "\r\n户编号,户主姓名\r\nA1,甲\r\n,\r\n\r\nA2,乙\r\n  ,  \r\nA3,丙\r\n".as_bytes(),
    ));
    assert_eq!(t.header_row, 2);
    assert_eq!(numbers(&t), vec![3, 6, 8]);

    let path = xlsx(&dir, "blank.xlsx", |book| {
        let s = book.add_worksheet();
        s.write_string(2, 1, "户编号").expect("cell");
        s.write_string(3, 1, "A1").expect("cell");
        s.write_string(6, 1, "A2").expect("cell");
        s.write_string(7, 2, " ").expect("cell");
        s.write_string(9, 1, "A3").expect("cell");
    });
    let t = read(&path);
    assert_eq!(t.header_row, 3);
    assert_eq!(t.first_column, 2, "data starts in column B");
    assert_eq!(numbers(&t), vec![4, 7, 10]);
}

#[test]
fn numbers_keep_every_digit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = xlsx(&dir, "numbers.xlsx", |book| {
        let s = book.add_worksheet();
        s.write_string(0, 0, "联系电话").expect("cell");
        s.write_string(0, 1, "村民小组").expect("cell");
        s.write_string(0, 2, "面积").expect("cell");
        s.write_number(1, 0, 13800138000.0).expect("cell");
        s.write_number(1, 1, 3.0).expect("cell");
        s.write_number(1, 2, 2.5).expect("cell");
        s.write_number(2, 0, 6230580000012.0).expect("cell");
        s.write_boolean(2, 1, true).expect("cell");
        s.write_number(2, 2, -0.75).expect("cell");
    });
    let t = read(&path);
    assert_eq!(
        cells(&t),
        vec![
            vec!["13800138000", "3", "2.5"],
            vec!["6230580000012", "TRUE", "-0.75"]
        ]
    );
}

#[test]
fn formula_cells_give_their_cached_value() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = xlsx(&dir, "formula.xlsx", |book| {
        let s = book.add_worksheet();
        s.write_string(0, 0, "户编号").expect("cell");
        s.write_string(0, 1, "村民小组").expect("cell");
        s.write_string(0, 2, "说明").expect("cell");
        s.write_string(1, 0, "JF-001").expect("cell");
        s.write_formula(1, 1, Formula::new("=1+2").set_result("3"))
            .expect("cell");
        s.write_formula(
            1,
            2,
            Formula::new("=\"解放村\"&\"1组\"").set_result("解放村1组"),
        )
        .expect("cell");
    });
    let t = read(&path);
    assert_eq!(cells(&t), vec![vec!["JF-001", "3", "解放村1组"]]);
}

#[test]
fn dates_become_iso_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = xlsx(&dir, "dates.xlsx", |book| {
        let s = book.add_worksheet();
        s.write_string(0, 0, "走访日期").expect("cell");
        s.write_string(0, 1, "时间").expect("cell");
        let ymd = Format::new().set_num_format("yyyy-mm-dd");
        let cn = Format::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
        let dt = Format::new().set_num_format("yyyy/m/d h:mm");
        s.write_number_with_format(1, 0, 45292.0, &ymd)
            .expect("cell"); // 2024-01-01
        s.write_number_with_format(2, 0, 45658.0, &cn)
            .expect("cell"); // 2025-01-01
        s.write_number_with_format(3, 0, 45337.0, &ymd)
            .expect("cell"); // 2024-02-15
        s.write_number_with_format(1, 1, 45292.5, &dt)
            .expect("cell");
    });
    let t = read(&path);
    assert_eq!(
        cells(&t),
        vec![
            vec!["2024-01-01", "2024-01-01 12:00:00"],
            vec!["2025-01-01", ""],
            vec!["2024-02-15", ""]
        ]
    );
}

#[test]
fn merged_cells_fill_down_their_first_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = xlsx(&dir, "merged.xlsx", |book| {
        let s = book.add_worksheet();
        let plain = Format::new();
        s.merge_range(0, 0, 0, 2, "解放村农户台账", &plain)
            .expect("title");
        for (c, h) in ["村民小组", "户编号", "户主姓名"].iter().enumerate() {
            s.write_string(1, c as u16, *h).expect("cell");
        }
        s.merge_range(2, 0, 4, 0, "3", &plain).expect("merge");
        for (r, (code, name)) in [("A1", "甲"), ("A2", "乙"), ("A3", "丙")]
            .iter()
            .enumerate()
        {
            s.write_string(2 + r as u32, 1, *code).expect("cell");
            s.write_string(2 + r as u32, 2, *name).expect("cell");
        }
    });
    let t = read(&path);
    assert_eq!(
        t.headers,
        vec!["解放村农户台账", "", ""],
        "a title is not spread over the row"
    );
    assert_eq!(
        cells(&t)[1..],
        [
            vec!["3", "A1", "甲"],
            vec!["3", "A2", "乙"],
            vec!["3", "A3", "丙"]
        ]
    );
}

#[test]
fn the_first_non_empty_visible_sheet_is_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = xlsx(&dir, "sheets.xlsx", |book| {
        book.add_worksheet().set_name("说明").expect("name");
        let hidden: &mut Worksheet = book.add_worksheet();
        hidden.write_string(0, 0, "下拉选项").expect("cell");
        hidden.set_hidden(true);
        let s = book.add_worksheet();
        s.write_string(0, 0, "户编号").expect("cell");
        s.write_string(1, 0, "JF-009").expect("cell");
        s.set_active(true);
    });
    let t = read(&path);
    assert_eq!(t.headers, vec!["户编号"]);
    assert_eq!(cells(&t), vec![vec!["JF-009"]]);
}

#[test]
fn legacy_xls_is_read() {
    // Made by tests/data/make_xls.py (xlwt): Excel 97-2003 format.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/legacy_register.xls");
    let t = read(&path);
    assert_eq!(
        t.headers,
        vec![
            "户编号",
            "户主姓名",
            "村民小组",
            "联系电话",
            "身份证号",
            "登记日期"
        ]
    );
    assert_eq!(numbers(&t), vec![2, 3, 5]);
    assert_eq!(
        cells(&t),
        vec![
            vec![
                "JF-001",
                "张国强",
                "3",
                "13805571234",
                "341324196203150310",
                "2024-03-05"
            ],
            vec!["JF-002", "王秀兰", "3", "13956712345", "", ""],
            vec!["JF-003", "刘德明", "第1组", "", "", ""],
        ]
    );
}
