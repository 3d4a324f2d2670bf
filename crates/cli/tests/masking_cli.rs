//! `cunwu changes` shows what a desktop would: phone, ID number and bank
//! account masked unless `--reveal`, fields by their Chinese labels.

#[allow(dead_code)]
mod common;

use common::Village;

const PHONE: &str = "13812345678";
const ID: &str = "11010519491231002X";

#[test]
fn changes_mask_sensitive_values_unless_revealed() {
    let v = Village::new();
    let r = v.run(&[
        "household",
        "add",
        "--code",
        "H1",
        "--name",
        "金家龙",
        "--group",
        "3",
        "--phone",
        PHONE,
        "--id-number",
        ID,
    ]);
    assert!(r.ok, "{}", r.stderr);

    let text = v.run(&["changes"]);
    assert!(text.ok, "{}", text.stderr);
    assert!(!text.stdout.contains(PHONE), "{}", text.stdout);
    assert!(!text.stdout.contains(ID), "{}", text.stdout);
    assert!(text.stdout.contains("138****5678"), "{}", text.stdout);
    assert!(
        text.stdout.contains("110105********002X"),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("联系电话"), "{}", text.stdout);
    assert!(!text.stdout.contains(" phone "), "{}", text.stdout);
    assert!(
        text.stdout.contains("金家龙"),
        "not sensitive: {}",
        text.stdout
    );

    let json = v.run(&["--json", "changes"]);
    assert!(json.ok, "{}", json.stderr);
    assert!(!json.stdout.contains(PHONE), "{}", json.stdout);
    assert!(json.stdout.contains("138****5678"), "{}", json.stdout);

    let shown = v.run(&["changes", "--reveal"]);
    assert!(shown.ok, "{}", shown.stderr);
    assert!(shown.stdout.contains(PHONE), "{}", shown.stdout);
    assert!(shown.stdout.contains(ID), "{}", shown.stdout);
}
