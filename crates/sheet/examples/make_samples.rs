//! Generates the sample household registers in `samples/`: the same rows as
//! .xlsx, UTF-8 .csv and GBK .csv, with a few rows deliberately wrong so the
//! import report has something to show. Run from anywhere:
//!
//! ```sh
//! cargo run -p cunwu-sheet --example make_samples
//! ```
//!
//! The output is byte-for-byte reproducible (fixed document date).

use cunwu_core::household::HouseholdField;
use cunwu_core::id_number::check_char;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
use std::path::{Path, PathBuf};

/// 泗县 (Anhui) area code, for realistic ID numbers.
const AREA: &str = "341324";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples"),
        PathBuf::from,
    );
    std::fs::create_dir_all(&dir)?;
    let headers: Vec<&str> = HouseholdField::ALL.iter().map(|f| f.label()).collect();
    let rows = rows();
    write_xlsx(&dir.join("农户台账样例.xlsx"), &headers, &rows)?;
    write_xlsx(&dir.join("农户台账模板.xlsx"), &headers, &[])?;
    cunwu_sheet::write_table(&dir.join("农户台账样例.csv"), "农户台账", &headers, &rows)?;
    let text = csv_text(&headers, &rows)?;
    let (gbk, _, lossy) = encoding_rs::GBK.encode(&text);
    if lossy {
        return Err("sample text has characters GBK cannot hold".into());
    }
    std::fs::write(dir.join("农户台账样例-GBK.csv"), gbk)?;
    let shown = dir.canonicalize().unwrap_or(dir);
    println!("samples written to {}", shown.display());
    Ok(())
}

/// A valid ID number: area + birth date + sequence + checksum.
fn id(birth: &str, seq: &str) -> String {
    let body = format!("{AREA}{birth}{seq}");
    let check = check_char(&body).map(String::from).unwrap_or_default();
    body + &check
}

/// An ID number whose last character is wrong.
fn id_bad_checksum(birth: &str, seq: &str) -> String {
    let good = id(birth, seq);
    let wrong = if good.ends_with('1') { '2' } else { '1' };
    let mut bad: String = good.chars().take(17).collect();
    bad.push(wrong);
    bad
}

/// The first sequence number from `from` whose checksum is `X`.
fn id_ending_x(birth: &str, from: u32) -> String {
    (from..from + 1000)
        .map(|n| id(birth, &format!("{n:03}")))
        .find(|s| s.ends_with('X'))
        .unwrap_or_default()
}

/// The sample rows; spreadsheet row numbers start at 2 (row 1 is the header).
#[rustfmt::skip]
fn rows() -> Vec<Vec<String>> {
    let addr = |g: u32, n: u32| format!("大庄镇解放村{g}组{n}号");
    let psbc = "中国邮政储蓄银行泗县支行";
    let rcb = "泗县农村商业银行大庄支行";
    let r = |cells: [&str; 13]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    let a: Vec<String> = [(1, 3), (1, 8), (1, 15), (2, 2), (2, 11), (2, 19), (3, 5), (3, 7), (3, 21), (4, 1),
        (4, 9), (4, 16), (5, 4), (5, 12), (5, 20), (6, 6), (6, 13), (1, 22), (2, 25), (3, 30)]
        .iter().map(|(g, n)| addr(*g, *n)).collect();
    let ids = [
        id("19620315", "031"), id("19700821", "052"), id_bad_checksum("19581102", "013"), id("19751230", "074"),
        id_ending_x("19680607", 20), id("19830914", "035"), id("19550120", "016"), id("19790503", "097"),
        id("19660728", "058"), id("19880411", "019"), id("19610905", "030"), id("19720116", "051"),
        id("19590822", "072"), id("19810630", "093"), id("19640218", "014"), id("19771027", "035"),
        id("19690313", "056"), id("19860709", "077"), id("19530404", "018"), id("19900125", "039"),
    ];
    let i = |n: usize| ids[n].as_str();
    vec![
        // row 2
        r(["JF-001", "张国强", "1", &a[0], "13805571234", i(0), "脱贫户", "", "因病", "李卫东", rcb, "6230580000012345678", ""]),
        r(["JF-002", "王秀兰", "1", &a[1], "13956712345", i(1), "低保户", "脱贫不稳定户", "因残、缺劳力", "李卫东", psbc, "6210985800001234567", "独居老人，每月走访"]),
        r(["JF-003", "刘德明", "第1组", &a[2], "15155789012", i(3), "一般户", "", "", "陈晓燕", "", "", ""]),
        // row 5: ID checksum wrong
        r(["JF-004", "赵金山", "2", &a[3], "18356723456", i(2), "脱贫户", "", "缺技术", "陈晓燕", rcb, "6230580000023456789", ""]),
        r(["JF-005", "孙桂英", "二组", &a[4], "13721098765", i(4), "五保户", "", "因病", "陈晓燕", psbc, "6210985800002345678", "身份证尾号为X"]),
        r(["JF-006", "周大勇", "2", &a[5], "13605573456", i(5), "一般户", "边缘易致贫户", "因学", "王建华", rcb, "6230580000034567890", "两个孩子在读高中"]),
        // row 8: phone has 10 digits
        r(["JF-007", "吴春花", "3", &a[6], "1390557123", i(6), "低保户", "", "因病、缺劳力", "王建华", psbc, "6210985800003456789", ""]),
        r(["JF-008", "郑玉林", "3", &a[7], "15955734567", i(7), "脱贫户", "", "缺资金", "王建华", rcb, "6230580000045678901", "养羊10只"]),
        // row 10: 户属性 is not one of the choices
        r(["JF-009", "冯长海", "3", &a[8], "18755745678", i(8), "贫困户", "", "因灾", "王建华", "", "", ""]),
        r(["JF-010", "陈雪梅", "4", &a[9], "13505576789", i(9), "一般户", "", "", "赵丽", "", "", "外出务工（江苏昆山）"]),
        r(["JF-011", "褚福生", "4", &a[10], "13866787890", i(10), "脱贫户", "突发严重困难户", "因灾", "赵丽", rcb, "6230580000056789012", "2024年7月房屋受淹"]),
        // row 13: 户主姓名 missing
        r(["JF-012", "", "4", &a[11], "15256798901", i(11), "一般户", "", "", "赵丽", "", "", ""]),
        r(["JF-013", "蒋小平", "5", &a[12], "13955709012", i(12), "低保户", "无", "因残", "孙明", psbc, "6210985800004567890", ""]),
        // row 15: blank, as happens in real registers
        vec![String::new(); 13],
        r(["JF-014", "沈玉珍", "5", &a[13], "18955710123", i(13), "一般户", "", "", "孙明", "", "", ""]),
        r(["JF-015", "韩建国", "5", &a[14], "13637721234", i(14), "脱贫户", "", "缺技术、缺资金", "孙明", rcb, "6230580000067890123", ""]),
        // row 18: same 户编号 as row 6
        r(["JF-005", "杨文军", "6", &a[15], "15705572345", i(15), "一般户", "", "", "孙明", "", "", ""]),
        r(["JF-017", "朱秀英", "6", &a[16], "13855733456", i(16), "五保户", "", "因病", "李卫东", psbc, "6210985800005678901", ""]),
        r(["JF-018", "秦立新", "1", &a[17], "18255744567", i(17), "一般户", "", "", "李卫东", "", "", "合作社成员"]),
        // row 21: two problems in one row: 10-digit phone and an unknown 致贫原因
        r(["JF-019", "许德华", "2", &a[18], "1875575678", i(18), "脱贫户", "", "因病、因懒", "陈晓燕", rcb, "6230580000078901234", ""]),
        r(["JF-020", "何丽娟", "3", &a[19], "13905575678", i(19), "一般户", "", "", "王建华", "", "", ""]),
    ]
}

/// The register as an .xlsx: bold frozen header, every cell text.
fn write_xlsx(
    path: &Path,
    headers: &[&str],
    rows: &[Vec<String>],
) -> Result<(), Box<dyn std::error::Error>> {
    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2024, 1, 1)?),
    );
    let sheet = book.add_worksheet();
    sheet.set_name("农户台账")?;
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let widths = [10, 10, 10, 26, 14, 22, 10, 16, 16, 12, 26, 22, 24];
    for (c, (h, w)) in headers.iter().zip(widths).enumerate() {
        let c = u16::try_from(c)?;
        sheet.set_column_width(c, w)?;
        sheet.set_column_format(c, &text)?;
        sheet.write_string_with_format(0, c, *h, &bold)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate().filter(|(_, v)| !v.is_empty()) {
            sheet.write_string_with_format(u32::try_from(r + 1)?, u16::try_from(c)?, v, &text)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    book.save(path)?;
    Ok(())
}

/// The register as CSV text (CRLF, no BOM), for the GBK sample.
fn csv_text(headers: &[&str], rows: &[Vec<String>]) -> Result<String, Box<dyn std::error::Error>> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(headers)?;
    for row in rows {
        w.write_record(row)?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}
