//! The household register import report: columns by Chinese header, every
//! invalid cell reported with its Excel row, duplicates named by the row
//! they repeat, file-level errors for missing columns.

use cunwu_core::household::HouseholdField;
use cunwu_core::id_number::check_char;
use cunwu_sheet::{parse_register, read_table, RegisterFile, Row, RowProblem, Table};

fn table(headers: &[&str], rows: &[(u32, &[&str])]) -> Table {
    Table {
        header_row: 1,
        first_column: 1,
        headers: headers.iter().map(|h| h.to_string()).collect(),
        rows: rows
            .iter()
            .map(|(number, cells)| Row {
                number: *number,
                cells: cells.iter().map(|c| c.to_string()).collect(),
            })
            .collect(),
    }
}

fn id(body: &str) -> String {
    format!("{body}{}", check_char(body).expect("17 digits"))
}

/// (row, column, start of reason) for each problem, for compact asserts.
fn problems(r: &RegisterFile) -> Vec<(u32, &str, &str)> {
    r.problems
        .iter()
        .map(|p| (p.row, p.column.as_str(), p.reason.as_str()))
        .collect()
}

fn assert_reasons(r: &RegisterFile, want: &[(u32, &str, &str)]) {
    let got = problems(r);
    assert_eq!(got.len(), want.len(), "{got:#?}");
    for ((row, col, reason), (wrow, wcol, wneedle)) in got.iter().zip(want) {
        assert_eq!((row, col), (wrow, wcol), "{got:#?}");
        assert!(
            reason.contains(wneedle),
            "row {row} {col}: “{reason}” lacks “{wneedle}”"
        );
    }
}

#[test]
fn valid_rows_are_normalised_and_keyed_by_field() {
    let good = id("34132419620315031");
    let t = table(
        &[
            "户编号*",
            "户　主",
            "村民小组（必填）",
            "手机号",
            "身份证号码",
            "户属性",
            "家庭人口",
        ],
        &[(
            2,
            &[
                "JF-001",
                " 张国强 ",
                "第3组",
                "138-0557-1234",
                &good.to_lowercase(),
                "",
                "4",
            ],
        )],
    );
    let r = parse_register(&t);
    assert!(r.can_import(), "{:?}", r.file_errors);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(r.households.len(), 1);
    let h = &r.households[0];
    assert_eq!(h.row, 2);
    let f = |field| h.fields.get(&field).map(String::as_str);
    assert_eq!(f(HouseholdField::Code), Some("JF-001"));
    assert_eq!(f(HouseholdField::HeadName), Some("张国强"));
    assert_eq!(f(HouseholdField::GroupNo), Some("3"));
    assert_eq!(f(HouseholdField::Phone), Some("13805571234"));
    assert_eq!(f(HouseholdField::HeadIdNumber), Some(good.as_str()));
    assert_eq!(
        f(HouseholdField::Category),
        Some(""),
        "a blank cell says nothing, no default"
    );
    assert_eq!(f(HouseholdField::Address), None, "no column, no entry");
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    assert!(
        r.warnings[0].contains("家庭人口") && r.warnings[0].contains("G列"),
        "{:?}",
        r.warnings
    );
    let fields: Vec<_> = r.columns.iter().map(|c| c.field).collect();
    assert_eq!(fields[6], None);
    assert_eq!(fields[1], Some(HouseholdField::HeadName));
}

#[test]
fn every_invalid_cell_of_a_row_is_reported() {
    let t = table(
        &[
            "户编号",
            "户主姓名",
            "村民小组",
            "联系电话",
            "身份证号",
            "户属性",
        ],
        &[
            (
                2,
                &[
                    "JF-001",
                    "",
                    "abc",
                    "1380013800",
                    "110105194912310021",
                    "贫困户",
                ],
            ),
            (3, &["JF-002", "李四", "2", "", "", ""]),
        ],
    );
    let r = parse_register(&t);
    assert_reasons(
        &r,
        &[
            (2, "户主姓名", "必须填写"),
            (2, "村民小组", "不是有效的组号"),
            (2, "联系电话", "10位"),
            (2, "身份证号", "校验位不对"),
            (2, "户属性", "不是可选值"),
        ],
    );
    assert_eq!(r.problems[2].value, "1380013800");
    assert_eq!(r.problem_rows(), 1);
    assert_eq!(
        r.households.iter().map(|h| h.row).collect::<Vec<_>>(),
        vec![3]
    );
    assert_eq!(r.rows_read, 2);
}

#[test]
fn duplicate_codes_name_the_first_row() {
    let t = table(
        &["户编号", "户主姓名", "村民小组"],
        &[
            (2, &["JF-001", "甲", "1"]),
            (5, &["JF-002", "乙", "1"]),
            (6, &[" JF-002 ", "丙", "1"]),
            (9, &["JF-002", "", "1"]),
            (10, &["JF-003", "丁", "1"]),
        ],
    );
    let r = parse_register(&t);
    assert_reasons(
        &r,
        &[
            (6, "户编号", "与第5行户编号重复"),
            (9, "户编号", "与第5行户编号重复"),
            (9, "户主姓名", "必须填写"),
        ],
    );
    assert_eq!(
        r.households.iter().map(|h| h.row).collect::<Vec<_>>(),
        vec![2, 5, 10]
    );
    assert_eq!(r.problem_rows(), 2);
}

#[test]
fn missing_required_columns_are_file_errors() {
    let t = table(
        &["户编号", "姓名", "住址"],
        &[(2, &["JF-001", "张三", "1组"])],
    );
    let r = parse_register(&t);
    assert!(!r.can_import());
    assert_eq!(r.file_errors.len(), 1, "{:?}", r.file_errors);
    assert!(
        r.file_errors[0].contains("缺少必填列“村民小组”"),
        "{:?}",
        r.file_errors
    );
    assert!(
        r.households.is_empty(),
        "nothing importable while the file is wrong"
    );
}

#[test]
fn a_field_given_twice_is_a_file_error() {
    let t = table(
        &["户编号", "户主姓名", "村民小组", "电话", "手机号"],
        &[(2, &["A", "甲", "1", "", ""])],
    );
    let r = parse_register(&t);
    assert!(!r.can_import());
    assert!(
        r.file_errors[0].contains("“手机号”（E列）和“电话”（D列）都表示联系电话"),
        "{:?}",
        r.file_errors
    );
}

#[test]
fn a_title_row_above_the_headers_is_skipped() {
    let t = table(
        &["解放村农户台账（2024年）", "", ""],
        &[
            (2, &["户编号", "户主姓名", "村民小组"]),
            (3, &["JF-001", "甲", "1"]),
        ],
    );
    let r = parse_register(&t);
    assert!(r.can_import(), "{:?}", r.file_errors);
    assert_eq!(r.header_row, 2);
    assert_eq!(r.households.len(), 1);
    assert_eq!(r.rows_read, 1);
    assert!(
        r.warnings.iter().any(|w| w.contains("标题")),
        "{:?}",
        r.warnings
    );
}

#[test]
fn an_id_number_mangled_by_a_number_cell_gets_a_hint() {
    let t = table(
        &["户编号", "户主姓名", "村民小组", "身份证号"],
        &[(2, &["A", "甲", "1", "341324196203150000"])],
    );
    let r = parse_register(&t);
    assert_eq!(r.problems.len(), 1);
    assert!(
        r.problems[0].reason.contains("文本"),
        "{}",
        r.problems[0].reason
    );
}

#[test]
fn ragged_rows_read_missing_cells_as_empty() {
    let t = table(
        &["户编号", "户主姓名", "村民小组", "备注"],
        &[(2, &["A", "甲", "1"])],
    );
    let r = parse_register(&t);
    assert_eq!(r.households.len(), 1);
    assert_eq!(
        r.households[0]
            .fields
            .get(&HouseholdField::Notes)
            .map(String::as_str),
        Some("")
    );
}

#[test]
fn report_serialises_for_the_ui() {
    let t = table(
        &["户编号", "户主姓名", "村民小组"],
        &[(2, &["A", "甲", "1"]), (3, &["B", "", "1"])],
    );
    let json = serde_json::to_value(parse_register(&t)).expect("json");
    assert_eq!(json["households"][0]["fields"]["head_name"], "甲");
    assert_eq!(
        json["problems"][0],
        serde_json::to_value(RowProblem {
            row: 3,
            column: "户主姓名".into(),
            value: String::new(),
            reason: "必须填写，不能为空".into(),
        })
        .expect("json")
    );
    assert_eq!(json["columns"][0]["field"], "code");
    assert_eq!(json["columns"][0]["letter"], "A");
}

#[test]
fn reads_and_checks_a_real_file_end_to_end() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("台账.csv");
    std::fs::write(
        &path,
        "户编号,户主姓名,村民小组\r\nA,甲,1\r\n\r\nB,乙,二组\r\nA,丙,1\r\n",
    )
    .expect("write");
    let r = parse_register(&read_table(&path).expect("read"));
    assert_reasons(&r, &[(5, "户编号", "与第2行户编号重复")]);
    assert_eq!(
        r.households.iter().map(|h| h.row).collect::<Vec<_>>(),
        vec![2, 4]
    );
}

#[test]
fn data_without_a_column_name_is_warned_about() {
    let t = table(
        &["户编号", "户主姓名", "", "村民小组"],
        &[
            (2, &["A", "甲", "", "1"]),
            (3, &["B", "乙", "备注1", "1", "多出来"]),
        ],
    );
    let r = parse_register(&t);
    assert_eq!(r.households.len(), 2);
    assert_eq!(
        r.warnings,
        vec![
            "C列没有列名，其中的内容不会导入",
            "E列没有列名，其中的内容不会导入"
        ]
    );
    assert_eq!(r.columns.len(), 5);
}
