//! The committed sample registers in `samples/` (made by
//! `cargo run -p cunwu-sheet --example make_samples`) read the same in every
//! format and produce exactly the problems they were made with.

use cunwu_core::household::HouseholdField;
use cunwu_sheet::{parse_register, read_table, RegisterFile};
use std::path::PathBuf;

fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples")
        .join(name)
}

fn report(name: &str) -> RegisterFile {
    let path = sample(name);
    let table = read_table(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse_register(&table)
}

/// Row, column and a fragment of the reason, for every deliberate mistake.
const EXPECTED: [(u32, &str, &str); 7] = [
    (5, "身份证号", "校验位不对"),
    (8, "联系电话", "现在是10位"),
    (10, "户属性", "“贫困户”不是可选值"),
    (13, "户主姓名", "必须填写"),
    (18, "户编号", "与第6行户编号重复"),
    (21, "联系电话", "现在是10位"),
    (21, "致贫原因", "“因懒”不是可选值"),
];

const VALID_ROWS: [u32; 14] = [2, 3, 4, 6, 7, 9, 11, 12, 14, 16, 17, 19, 20, 22];

fn check(name: &str) -> RegisterFile {
    let r = report(name);
    assert!(r.can_import(), "{name}: {:?}", r.file_errors);
    assert!(r.warnings.is_empty(), "{name}: {:?}", r.warnings);
    assert_eq!(
        r.rows_read, 20,
        "{name}: 20 non-blank rows, the blank row 15 skipped"
    );
    let got: Vec<(u32, &str, &str)> = r
        .problems
        .iter()
        .map(|p| (p.row, p.column.as_str(), p.reason.as_str()))
        .collect();
    assert_eq!(got.len(), EXPECTED.len(), "{name}: {got:#?}");
    for (g, w) in got.iter().zip(EXPECTED) {
        assert_eq!((g.0, g.1), (w.0, w.1), "{name}: {got:#?}");
        assert!(
            g.2.contains(w.2),
            "{name}: row {} “{}” lacks “{}”",
            g.0,
            g.2,
            w.2
        );
    }
    let valid: Vec<u32> = r.households.iter().map(|h| h.row).collect();
    assert_eq!(valid, VALID_ROWS, "{name}");
    r
}

#[test]
fn xlsx_sample_has_exactly_the_planted_problems() {
    let r = check("农户台账样例.xlsx");
    let first = &r.households[0].fields;
    assert_eq!(
        first.get(&HouseholdField::HeadName).map(String::as_str),
        Some("张国强")
    );
    assert_eq!(
        first.get(&HouseholdField::BankAccount).map(String::as_str),
        Some("6230580000012345678")
    );
}

#[test]
fn all_three_sample_files_agree() {
    let xlsx = check("农户台账样例.xlsx");
    let csv = check("农户台账样例.csv");
    let gbk = check("农户台账样例-GBK.csv");
    assert_eq!(xlsx, csv);
    assert_eq!(xlsx, gbk);
}

#[test]
fn the_empty_template_is_a_valid_register_with_no_rows() {
    let r = report("农户台账模板.xlsx");
    assert!(r.can_import(), "{:?}", r.file_errors);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert_eq!(r.rows_read, 0);
    let fields: Vec<_> = r.columns.iter().filter_map(|c| c.field).collect();
    assert_eq!(fields, HouseholdField::ALL);
}

#[test]
fn readme_documents_every_column_and_alias() {
    let readme = std::fs::read_to_string(sample("README.md")).expect("samples/README.md");
    for f in HouseholdField::ALL {
        let row = readme
            .lines()
            .find(|l| l.starts_with(&format!("| {} |", f.label())))
            .unwrap_or_else(|| panic!("README has no row for {}", f.label()));
        for alias in f.aliases() {
            assert!(
                row.contains(alias),
                "README row for {} lacks alias {alias}",
                f.label()
            );
        }
        let required = if f.is_required() {
            "| 是 |"
        } else {
            "| 否 |"
        };
        assert!(row.contains(required), "README marks {} wrongly", f.label());
    }
    use cunwu_core::household::{CATEGORIES, MONITORING, POVERTY_CAUSES};
    for choice in CATEGORIES.iter().chain(&MONITORING).chain(&POVERTY_CAUSES) {
        assert!(readme.contains(choice), "README lacks the choice {choice}");
    }
}
