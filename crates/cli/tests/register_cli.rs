//! The household register through the real `cunwu` binary: demo village,
//! pinyin search, import reports, exports, and Chinese errors for bad input.

mod common;

use common::{samples, Village};

#[test]
fn demo_village_is_searchable_by_pinyin_initials() {
    let v = Village::empty();
    let r = v.run(&["demo", "--households", "120", "--json"]);
    assert!(r.ok, "{}", r.stderr);
    assert_eq!(r.json()["households"], 120);
    let found = v.run(&["household", "search", "jjl", "--json"]).json();
    let names: Vec<&str> = found
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|h| h["headName"].as_str())
        .collect();
    assert!(names.contains(&"金家龙"), "{names:?}");
    for n in &names {
        let keys = cunwu_core::name_search::name_keys(n);
        assert!(
            keys.initials.starts_with("jjl") || keys.full.contains("jjl"),
            "{n}"
        );
    }
    // Full pinyin and Chinese substring find him too; phone is masked.
    let full = v
        .run(&["household", "search", "jinjialong", "--json"])
        .json();
    assert_eq!(full[0]["headName"], "金家龙");
    assert!(full[0]["phone"].as_str().unwrap_or("").contains("****"));
    let zh = v.run(&["household", "search", "家龙", "--json"]).json();
    assert!(zh
        .as_array()
        .expect("array")
        .iter()
        .any(|h| h["headName"] == "金家龙"));
    // A second demo into the same database is refused.
    let again = v.run(&["demo", "--households", "5"]);
    assert!(!again.ok);
    assert!(again.stderr.contains("已经有农户"), "{}", again.stderr);
}

#[test]
fn sample_import_reports_bad_rows_precisely_and_twice_changes_nothing() {
    let v = Village::new();
    let file = samples().join("农户台账样例.xlsx");
    let file = file.to_str().expect("utf8 path");
    let dry = v
        .run(&["household", "import", file, "--dry-run", "--json"])
        .json();
    assert_eq!(dry["imported"], 14);
    assert_eq!(dry["dryRun"], true);
    let problems: Vec<(u64, String)> = dry["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| {
            (
                p["row"].as_u64().unwrap_or(0),
                p["column"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        problems,
        vec![
            (5, "身份证号".into()),
            (8, "联系电话".into()),
            (10, "户属性".into()),
            (13, "户主姓名".into()),
            (18, "户编号".into()),
            (21, "联系电话".into()),
            (21, "致贫原因".into()),
        ]
    );
    let list = v.run(&["household", "list", "--json"]).json();
    assert_eq!(
        list.as_array().map(Vec::len),
        Some(0),
        "dry run wrote nothing"
    );

    let first = v.run(&["household", "import", file, "--json"]).json();
    assert_eq!(
        (first["imported"].as_u64(), first["unchanged"].as_u64()),
        (Some(14), Some(0))
    );
    let imported = v.run(&["household", "list", "--json"]).json();
    assert_eq!(imported.as_array().map(Vec::len), Some(14));
    assert!(
        imported
            .as_array()
            .expect("list")
            .iter()
            .all(|h| h["category"].as_str().is_some_and(|c| !c.is_empty())),
        "default 户属性"
    );
    let changes_after_first = v
        .run(&["changes", "--json"])
        .json()
        .as_array()
        .map(Vec::len);
    let second = v.run(&["household", "import", file, "--json"]).json();
    assert_eq!(
        (
            second["imported"].as_u64(),
            second["updated"].as_u64(),
            second["unchanged"].as_u64()
        ),
        (Some(0), Some(0), Some(14))
    );
    assert_eq!(
        v.run(&["changes", "--json"])
            .json()
            .as_array()
            .map(Vec::len),
        changes_after_first
    );

    // The GBK csv holds the same register: same report.
    let gbk = samples().join("农户台账样例-GBK.csv");
    let r = v
        .run(&["household", "import", gbk.to_str().expect("path"), "--json"])
        .json();
    assert_eq!(
        (r["imported"].as_u64(), r["unchanged"].as_u64()),
        (Some(0), Some(14))
    );
    assert_eq!(r["problems"].as_array().map(Vec::len), Some(7));
}

#[test]
fn exports_keep_chinese_and_public_variant_hides_sensitive_fields() {
    let v = Village::new();
    let r = v.run(&[
        "household",
        "add",
        "--code",
        "030001",
        "--name",
        "金家龙",
        "--group",
        "3",
        "--phone",
        "13800138000",
        "--id-number",
        "11010519491231002X",
        "--bank-account",
        "6228480012345678901",
        "--category",
        "脱贫户",
    ]);
    assert!(r.ok, "{}", r.stderr);
    let full = v.path("农户.xlsx");
    let public = v.path("公示.csv");
    assert!(
        v.run(&["household", "export", "--out", full.to_str().expect("p")])
            .ok
    );
    assert!(
        v.run(&[
            "household",
            "export",
            "--out",
            public.to_str().expect("p"),
            "--public"
        ])
        .ok
    );
    let t = cunwu_sheet::read_table(&full).expect("read xlsx");
    assert!(t.headers.contains(&"身份证号".to_string()));
    assert_eq!(t.rows[0].cells[1], "金家龙");
    assert!(
        t.rows[0].cells.contains(&"11010519491231002X".to_string()),
        "ID kept as text"
    );
    let bytes = std::fs::read(&public).expect("csv");
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "BOM for Excel");
    let text = String::from_utf8(bytes).expect("utf8");
    assert!(text.contains("金家龙") && text.contains("脱贫户"));
    for secret in [
        "13800138000",
        "11010519491231002X",
        "6228480012345678901",
        "身份证号",
        "联系电话",
        "银行账号",
    ] {
        assert!(!text.contains(secret), "公示 export leaks {secret}");
    }
}

#[test]
fn bad_input_gets_a_chinese_message_and_writes_nothing() {
    let v = Village::new();
    assert!(
        v.run(&[
            "household",
            "add",
            "--code",
            "H1",
            "--name",
            "金家龙",
            "--group",
            "3"
        ])
        .ok
    );
    let before = v
        .run(&["changes", "--json"])
        .json()
        .as_array()
        .map(Vec::len);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "household",
                "add",
                "--code",
                "H2",
                "--name",
                "李四",
                "--group",
                "3",
                "--id-number",
                "110105194912310021",
            ],
            "校验位",
        ),
        (
            vec![
                "household",
                "add",
                "--code",
                "H2",
                "--name",
                "李四",
                "--group",
                "3",
                "--phone",
                "1380013800",
            ],
            "11位",
        ),
        (
            vec![
                "household",
                "add",
                "--code",
                "H1",
                "--name",
                "李四",
                "--group",
                "3",
            ],
            "已经存在",
        ),
        (
            vec!["household", "edit", "H9", "联系电话", "13800138000"],
            "找不到农户",
        ),
        (
            vec!["household", "edit", "H1", "无此字段", "x"],
            "没有“无此字段”这个字段",
        ),
        (
            vec![
                "visit",
                "add",
                "H1",
                "--date",
                "2026-13-01",
                "--situation",
                "x",
            ],
            "2026-11-29 这样的格式",
        ),
        (
            vec![
                "visit",
                "add",
                "H1",
                "--date",
                "2999-01-01",
                "--situation",
                "x",
            ],
            "之后",
        ),
        (vec!["visit", "add", "H1"], "至少填写一项"),
        (
            vec!["visit", "amend", "nope-1", "--situation", "x"],
            "找不到走访记录",
        ),
        (
            vec!["household", "import", "/nonexistent/台账.xlsx"],
            "台账.xlsx",
        ),
        (vec!["household", "export", "--out", "out.pdf"], ".xlsx"),
    ];
    for (args, needle) in cases {
        let r = v.run(&args);
        assert!(!r.ok, "{args:?} should fail");
        assert!(r.stderr.contains(needle), "{args:?}: {}", r.stderr);
        assert!(r.stderr.starts_with("错误："), "{args:?}: {}", r.stderr);
    }
    // Not a spreadsheet, and an empty file.
    let png = v.path("照片.xlsx");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n not really").expect("write");
    let r = v.run(&["household", "import", png.to_str().expect("p")]);
    assert!(
        !r.ok && r.stderr.contains("不是有效的 Excel"),
        "{}",
        r.stderr
    );
    let empty = v.path("空.csv");
    std::fs::write(&empty, b"").expect("write");
    let r = v.run(&["household", "import", empty.to_str().expect("p")]);
    assert!(!r.ok, "{}", r.stdout);
    assert_eq!(
        v.run(&["changes", "--json"])
            .json()
            .as_array()
            .map(Vec::len),
        before,
        "nothing half-written"
    );
    // Uninitialised database and unknown flags.
    let fresh = Village::empty();
    let r = fresh.run(&["household", "list"]);
    assert!(!r.ok && r.stderr.contains("cunwu init"), "{}", r.stderr);
    let r = v.run(&["household", "list", "--nope"]);
    assert!(!r.ok && r.stderr.contains("命令写法有误"), "{}", r.stderr);
}

#[test]
fn visits_amend_and_list_with_their_correction() {
    let v = Village::new();
    assert!(
        v.run(&[
            "household",
            "add",
            "--code",
            "H1",
            "--name",
            "金家龙",
            "--group",
            "3"
        ])
        .ok
    );
    let first = v
        .run(&[
            "visit",
            "add",
            "H1",
            "--visitor",
            "程鹏",
            "--visitor",
            "张浩然",
            "--situation",
            "养羊五只",
            "--date",
            "2026-11-20",
            "--json",
        ])
        .json();
    let id = first["id"].as_str().expect("id").to_string();
    assert_eq!(first["visitors"], serde_json::json!(["程鹏", "张浩然"]));
    let fix = v
        .run(&[
            "visit",
            "amend",
            &id,
            "--situation",
            "更正：养羊七只",
            "--date",
            "2026-11-20",
            "--json",
        ])
        .json();
    assert_eq!(fix["amends"], id.as_str());
    let later = v
        .run(&["visit", "add", "H1", "--situation", "复访", "--json"])
        .json();
    let list = v
        .run(&["visit", "list", "--household", "H1", "--json"])
        .json();
    let order: Vec<&str> = list
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|v| v["id"].as_str())
        .collect();
    assert_eq!(
        order,
        vec![
            later["id"].as_str().unwrap_or(""),
            id.as_str(),
            fix["id"].as_str().unwrap_or("")
        ]
    );
    let out = v.path("走访.xlsx");
    let r = v.run(&[
        "visit",
        "export",
        "--out",
        out.to_str().expect("p"),
        "--json",
    ]);
    assert_eq!(r.json()["rows"], 3);
    let t = cunwu_sheet::read_table(&out).expect("read");
    assert_eq!(t.rows.len(), 3);
    assert!(t
        .rows
        .iter()
        .any(|r| r.cells.contains(&"更正：养羊七只".to_string())));
}
