//! `cunwu coop` and `cunwu ledger` through the real binary: a pooled lot
//! from opening to closing with receipts, reports and exports, and every
//! bad input refused with a Chinese message and nothing written.

#[allow(dead_code)]
mod common;

use common::{Run, Village};

fn ok(r: Run) -> Run {
    assert!(r.ok, "command failed: {}\n{}", r.stderr, r.stdout);
    r
}

/// The arguments with the whole of 2026 as the report's range.
fn in_2026<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut all = args.to_vec();
    all.extend(["--from", "2026-01-01", "--to", "2026-12-31"]);
    all
}

fn changes(v: &Village) -> usize {
    let r = ok(v.run(&["--json", "changes", "--limit", "100000"]));
    r.json().as_array().map(Vec::len).unwrap_or(0)
}

/// A village with two 脱贫户 households, books signed by 刘会计 and 赵出纳,
/// series A, grant money in the bank, and one lot with both deliveries.
fn village_with_lot() -> Village {
    let v = Village::new();
    for (code, name) in [("030001", "金家龙"), ("030002", "梁菊金")] {
        ok(v.run(&[
            "household",
            "add",
            "--code",
            code,
            "--name",
            name,
            "--group",
            "3",
            "--category",
            "脱贫户",
        ]));
    }
    ok(v.run(&[
        "ledger",
        "settings",
        "--org",
        "网周村肉羊养殖专业合作社",
        "--approver",
        "李书记",
        "--accountant",
        "刘会计",
        "--cashier",
        "赵出纳",
        "--series",
        "A",
    ]));
    ok(v.run(&[
        "ledger",
        "post",
        "--date",
        "2026-11-01",
        "--summary",
        "收到财政扶持资金",
        "--debit",
        "102=5000",
        "--credit",
        "311=5000",
    ]));
    let r = ok(v.run(&[
        "--json",
        "coop",
        "lot",
        "open",
        "--name",
        "肉羊统一收购",
        "--product",
        "活羊",
        "--date",
        "2026-11-05",
    ]));
    assert_eq!(r.json()["id"], "A-2026-001");
    ok(v.run(&[
        "coop",
        "lot",
        "intake",
        "A-2026-001",
        "--date",
        "2026-11-05",
        "--line",
        "030001:3:108斤:14/斤:一等",
        "--line",
        "030002:2:50.5:28",
    ]));
    v
}

#[test]
fn a_pooled_lot_from_opening_to_closing_on_the_command_line() {
    let v = village_with_lot();
    let show = ok(v.run(&["--json", "coop", "lot", "show", "A-2026-001"]));
    let s = show.json();
    assert_eq!(s["summary"]["purchase"], 151_200 + 141_400);
    assert_eq!(s["summary"]["households"], 2);
    ok(v.run(&[
        "coop",
        "lot",
        "sale",
        "A-2026-001",
        "--date",
        "2026-11-08",
        "--buyer",
        "屠宰场",
        "--weight",
        "104.5",
        "--price",
        "33",
        "--into",
        "银行",
    ]));
    let paid = ok(v.run(&[
        "coop",
        "lot",
        "payout",
        "A-2026-001",
        "--date",
        "2026-11-10",
        "--from",
        "银行",
    ]));
    assert!(
        paid.stdout.contains("已记账：2026-11 A-0005"),
        "{}",
        paid.stdout
    );
    let closed = ok(v.run(&["coop", "lot", "close", "A-2026-001", "--date", "2026-11-11"]));
    assert!(closed.stdout.contains("已结束"), "{}", closed.stdout);
    let list = ok(v.run(&["--json", "coop", "lot", "list"])).json();
    assert_eq!(list[0]["phaseLabel"], "已结束");
    assert_eq!(list[0]["margin"], 344_850 - 292_600);

    let tb = ok(v.run(&in_2026(&["--json", "ledger", "trial-balance"]))).json();
    assert_eq!(
        tb["total"]["period"]["debit"],
        tb["total"]["period"]["credit"]
    );
    let text = ok(v.run(&in_2026(&["ledger", "trial-balance"])));
    assert!(text.stdout.contains("试算平衡。"), "{}", text.stdout);
    let st = ok(v.run(&in_2026(&["--json", "ledger", "statement", "030001"]))).json();
    assert_eq!(st["name"], "金家龙");
    assert_eq!(st["statement"]["rows"].as_array().map(Vec::len), Some(2));

    let receipt = v.path("收购单.html");
    ok(v.run(&[
        "coop",
        "lot",
        "receipt",
        "A-2026-001",
        "030001",
        "--out",
        receipt.to_str().expect("path"),
    ]));
    let html = std::fs::read_to_string(&receipt).expect("receipt");
    assert!(
        html.contains("金家龙") && html.contains("壹仟伍佰壹拾贰元整") && html.contains("审批人")
    );
    let statement = v.path("对账单.html");
    ok(v.run(&in_2026(&[
        "ledger",
        "statement",
        "030001",
        "--out",
        statement.to_str().expect("path"),
    ])));
    assert!(std::fs::read_to_string(&statement)
        .expect("statement")
        .contains("成员账户对账单"));
    for (what, extra) in [
        ("journal", vec![]),
        ("trial-balance", vec![]),
        ("ledger", vec!["--account", "114"]),
        ("statement", vec!["--household", "030001"]),
    ] {
        let out = v.path(&format!("{what}.xlsx"));
        let mut args = in_2026(&[
            "ledger",
            "export",
            what,
            "--out",
            out.to_str().expect("path"),
        ]);
        args.extend(extra);
        ok(v.run(&args));
        assert!(out.exists(), "{what} exported");
    }
    let none = ok(v.run(&["coop", "duplicates"]));
    assert!(
        none.stdout.contains("没有重复支付的款项"),
        "{}",
        none.stdout
    );
    assert_eq!(
        ok(v.run(&["--json", "coop", "duplicates"])).json(),
        serde_json::json!([])
    );
    assert!(
        !v.run(&["coop", "duplicates", "--fix"]).ok,
        "nothing to fix"
    );
    let cash = ok(v.run(&[
        "ledger",
        "assert",
        "现金",
        "--amount",
        "0",
        "--date",
        "2026-11-30",
    ]));
    assert!(cash.stdout.contains("相符"), "{}", cash.stdout);
    let bank = ok(v.run(&[
        "ledger",
        "assert",
        "银行",
        "--amount",
        "5000",
        "--date",
        "2026-11-30",
    ]));
    assert!(
        bank.stdout.contains("长款") || bank.stdout.contains("短款"),
        "{}",
        bank.stdout
    );
    let checks = ok(v.run(&["--json", "ledger", "checks"])).json();
    assert_eq!(checks.as_array().map(Vec::len), Some(2));
    let verify = ok(v.run(&["ledger", "verify"]));
    assert!(verify.stdout.contains("✓ 凭证链完整"), "{}", verify.stdout);
    let journal = ok(v.run(&in_2026(&["--json", "ledger", "journal"]))).json();
    assert_eq!(journal.as_array().map(Vec::len), Some(5));
}

/// A command line's arguments (none of them holds a space).
fn words(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}

/// Run, expect a refusal whose message contains `want`, and nothing written.
fn refused(v: &Village, args: &[&str], want: &str) {
    let before = changes(v);
    let r = v.run(args);
    assert!(!r.ok, "should be refused: {args:?}\n{}", r.stdout);
    assert!(
        r.stderr.starts_with("错误："),
        "Chinese error line: {}",
        r.stderr
    );
    assert!(
        r.stderr.contains(want),
        "{args:?}: expected “{want}” in {}",
        r.stderr
    );
    assert_eq!(changes(v), before, "nothing written by {args:?}");
}

#[test]
fn bad_input_is_refused_in_chinese_and_nothing_is_written() {
    let v = village_with_lot();
    let lot = "A-2026-001";
    refused(
        &v,
        &words("coop lot intake A-2026-001 --date 2026-11-06 --line 999999:1:50:28"),
        "找不到农户",
    );
    refused(
        &v,
        &words("coop lot intake A-2026-001 --date 2026-11-06 --line 030001:1:-5:28"),
        "不是有效的重量",
    );
    refused(
        &v,
        &words(
            "coop lot intake A-2026-001 --date 2026-11-06 --household 030002 --weight 0 --price 28",
        ),
        "必须大于零",
    );
    refused(
        &v,
        &words("coop lot intake B-2026-009 --date 2026-11-06 --line 030001:1:5:28"),
        "找不到批次",
    );
    refused(
        &v,
        &words("ledger post --date 2026-11-06 --summary 错账 --debit 101=100 --credit 502=90"),
        "借贷不平衡",
    );
    refused(
        &v,
        &words(
            "ledger post --date 2026-11-06 --summary 记到总账科目 --debit 114=100 --credit 502=100",
        ),
        "明细科目",
    );
    refused(&v, &words("ledger post --date 2026-11-06 --summary 会计兼出纳 --debit 101=1 --credit 502=1 --cashier 刘会计"), "会计和出纳不能是同一人");

    ok(v.run(&[
        "coop",
        "lot",
        "sale",
        lot,
        "--date",
        "2026-11-08",
        "--buyer",
        "屠宰场",
        "--weight",
        "104.5",
        "--price",
        "33",
    ]));
    ok(v.run(&[
        "coop",
        "lot",
        "payout",
        lot,
        "--date",
        "2026-11-10",
        "--household",
        "030001",
        "--from",
        "现金",
    ]));
    refused(
        &v,
        &words("coop lot payout A-2026-001 --date 2026-11-10 --household 030001 --from 银行"),
        "已经支付过",
    );
    refused(
        &v,
        &words("coop lot close A-2026-001 --date 2026-11-11"),
        "还未付清",
    );

    ok(v.run(&["ledger", "close-period", "2026-10"]));
    refused(
        &v,
        &words("ledger post --date 2026-10-15 --summary 补记十月 --debit 101=10 --credit 502=10"),
        "已结账",
    );
    refused(
        &v,
        &words("coop surplus distribute --year 2026 --return 50"),
        "低于法定下限",
    );
    refused(&v, &["ledger", "reverse", "2026-11 Z-0001"], "找不到凭证");

    // With --json the refusal is a {code, message} object on stderr.
    let r = v.run(&[
        "--json",
        "ledger",
        "post",
        "--date",
        "2026-11-06",
        "--summary",
        "错账",
        "--debit",
        "101=1",
        "--credit",
        "502=2",
    ]);
    assert!(!r.ok);
    let wire: serde_json::Value = serde_json::from_str(r.stderr.trim()).expect("json error");
    assert_eq!(wire["code"], "unbalanced");
    assert!(
        wire["message"]
            .as_str()
            .is_some_and(|m| m.contains("借贷不平衡")),
        "{wire}"
    );
    let r = v.run(&[
        "--json",
        "coop",
        "lot",
        "intake",
        "A-2026-001",
        "--date",
        "2026-11-06",
        "--line",
        "999999:1:50:28",
    ]);
    let wire: serde_json::Value = serde_json::from_str(r.stderr.trim()).expect("json error");
    assert_eq!(wire["code"], "not_found", "{wire}");
}
