//! Needs and people through the real `cunwu` binary: a need walked from
//! 已收集 to 已销号 with `--json`, tracking by code, exports, the quota,
//! and bad input (unknown code, a step not allowed now, a promised date in
//! the past, feedback without a result) refused in Chinese, exit non-zero,
//! nothing written.

#[allow(dead_code)]
mod common;

use common::Village;

/// How many changes this laptop has written.
fn changes(v: &Village) -> usize {
    let r = v.run(&["changes", "--json"]);
    assert!(r.ok, "{}", r.stderr);
    r.json().as_array().map_or(0, Vec::len)
}

fn ok(v: &Village, args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.push("--json");
    let r = v.run(&all);
    assert!(r.ok, "{args:?}: {}", r.stderr);
    r.json()
}

#[test]
fn a_need_walks_to_closed_from_the_command_line() {
    let v = Village::new();
    ok(
        &v,
        &[
            "person",
            "add",
            "--name",
            "李明",
            "--role",
            "党员",
            "--branch",
            "网周村党支部",
            "--party-member",
        ],
    );
    ok(
        &v,
        &["person", "add", "--name", "程鹏", "--role", "工作队员"],
    );
    let added = ok(
        &v,
        &[
            "need",
            "add",
            "--text",
            "想要一台收音机",
            "--category",
            "其他",
            "--source",
            "微心愿",
            "--requester",
            "王奶奶",
            "--phone",
            "13912345678",
        ],
    );
    let code = added["row"]["code"].as_str().expect("code").to_string();
    assert_eq!(added["row"]["status"]["label"], "已收集");
    assert_eq!(added["requesterPhone"], "139****5678");
    for args in [
        vec!["need", "register", code.as_str()],
        vec!["need", "publish", code.as_str()],
        vec![
            "need",
            "claim",
            code.as_str(),
            "--owner",
            "李明",
            "--promised",
            "2099-12-31",
        ],
        vec!["need", "progress", code.as_str(), "--note", "已买好"],
        vec!["need", "done", code.as_str()],
        vec!["need", "feedback", code.as_str(), "--result", "满意"],
        vec!["need", "close", code.as_str()],
    ] {
        ok(&v, &args);
    }
    let shown = ok(&v, &["need", "show", &code]);
    assert_eq!(shown["row"]["status"]["label"], "已销号");
    assert_eq!(shown["timeline"].as_array().map(Vec::len), Some(7));
    let tracked = v.run(&["need", "track", &code.to_lowercase()]);
    assert!(tracked.ok, "{}", tracked.stderr);
    assert!(
        tracked.stdout.contains("现在：已销号"),
        "{}",
        tracked.stdout
    );
    assert!(tracked.stdout.contains("李明 领办"), "{}", tracked.stdout);
    assert!(!tracked.stdout.contains("13912345678"));
    let list = ok(&v, &["need", "list", "--status", "已销号"]);
    assert_eq!(list["rows"].as_array().map(Vec::len), Some(1));
    let quota = ok(&v, &["need", "quota"]);
    assert_eq!(quota[0]["name"], "李明");
    let out = v.path("公示.xlsx");
    let e = ok(
        &v,
        &[
            "need",
            "export",
            "--public",
            "--out",
            out.to_str().expect("p"),
        ],
    );
    assert_eq!(e["rows"], 1);
    let figures = ok(&v, &["need", "figures"]);
    assert_eq!(figures["total"]["satisfactionRate"], "100.00%");
    let people = ok(&v, &["person", "list"]);
    assert_eq!(people.as_array().map(Vec::len), Some(2));
    let edited = ok(&v, &["person", "edit", "程鹏", "党员", "是"]);
    assert_eq!(edited["partyMember"], true);
}

#[test]
fn bad_input_is_refused_in_chinese_and_writes_nothing() {
    let v = Village::new();
    let added = ok(
        &v,
        &[
            "need",
            "add",
            "--text",
            "路灯坏了",
            "--category",
            "道路与设施",
        ],
    );
    let code = added["row"]["code"].as_str().expect("code").to_string();
    let before = changes(&v);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["need", "show", "WZ-AAA-1-2"], "查询码"),
        (vec!["need", "register", "没有这个码"], "查询码"),
        (vec!["need", "close", code.as_str()], "不能销号"),
        (vec!["need", "publish", code.as_str()], "现在可以：登记"),
        (
            vec![
                "need",
                "claim",
                code.as_str(),
                "--owner",
                "李明",
                "--promised",
                "2020-01-01",
            ],
            "已经过去",
        ),
        (vec!["need", "feedback", code.as_str()], "请填写群众评价"),
        (
            vec![
                "need",
                "add",
                "--text",
                "修路",
                "--category",
                "道路",
                "--promised",
                "2099-01-01",
            ],
            "诉求分类",
        ),
        (
            vec![
                "need",
                "add",
                "--text",
                "修路",
                "--category",
                "其他",
                "--promised",
                "2020-01-01",
            ],
            "已经过去",
        ),
        (
            vec!["person", "edit", "不存在的人", "角色", "党员"],
            "找不到人员",
        ),
    ];
    for (args, want) in cases {
        let r = v.run(&args);
        assert!(!r.ok, "{args:?} should fail");
        assert!(r.stderr.contains(want), "{args:?}: {}", r.stderr);
        assert!(r.stderr.starts_with("错误："), "{}", r.stderr);
    }
    // --json errors carry a code.
    let r = v.run(&["need", "close", &code, "--json"]);
    assert!(!r.ok);
    let e: serde_json::Value = serde_json::from_str(r.stderr.trim()).expect("json error");
    assert_eq!(e["code"], "rule");
    // A feedback on a need not yet done is refused too, with the way forward.
    let r = v.run(&["need", "feedback", &code, "--result", "满意"]);
    assert!(!r.ok && r.stderr.contains("不能回访反馈"), "{}", r.stderr);
    assert_eq!(changes(&v), before, "nothing written");
}
