//! Several processes writing one village database (the desktop app and the
//! CLI share the file): every write lands, none is refused as tampering.
// The shared helpers are used in part.
#![allow(dead_code)]

mod common;

use common::Village;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

fn add_household(v: &Village, code: &str) {
    let r = v.run(&[
        "household",
        "add",
        "--code",
        code,
        "--name",
        "金家龙",
        "--group",
        "3",
    ]);
    assert!(r.ok, "{}", r.stderr);
}

fn visits_of(v: &Village, code: &str) -> usize {
    let r = v.run(&["--json", "visit", "list", "--household", code]);
    assert!(r.ok, "{}", r.stderr);
    r.json().as_array().expect("array").len()
}

/// Two processes × 200 `visit add` on one file: 400 visits, no failure.
#[test]
fn two_processes_adding_visits_to_one_file_lose_nothing() {
    let v = Arc::new(Village::new());
    add_household(&v, "H1");
    let pending_before = pending(&v);
    let loops: Vec<_> = (0..2)
        .map(|p| {
            let v = Arc::clone(&v);
            std::thread::spawn(move || {
                let mut failures = Vec::new();
                for i in 0..200 {
                    let note = format!("进程{p}第{i}次");
                    let r = v.run(&["visit", "add", "H1", "--situation", &note]);
                    if !r.ok {
                        failures.push(r.stderr);
                    }
                }
                failures
            })
        })
        .collect();
    let failures: Vec<String> = loops
        .into_iter()
        .flat_map(|h| h.join().expect("loop"))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of 400 failed, first: {}",
        failures.len(),
        failures[0]
    );
    assert_eq!(visits_of(&v, "H1"), 400);
    assert_eq!(pending(&v), pending_before + 400, "one change per visit");
}

/// Local changes not yet sent, as `cunwu sync status` counts them.
fn pending(v: &Village) -> u64 {
    let r = v.run(&["--json", "sync", "status"]);
    assert!(r.ok, "{}", r.stderr);
    r.json()["pending_changes"].as_u64().expect("number")
}

/// A big import while another process adds visits: both complete, every
/// row and every visit is there.
#[test]
fn an_import_while_visits_are_added_both_complete() {
    const ROWS: usize = 20_000;
    let v = Arc::new(Village::new());
    add_household(&v, "H1");
    let csv = v.path("台账.csv");
    let mut text = String::from("户编号,户主姓名,村民小组,住址,联系电话\n");
    for i in 0..ROWS {
        text.push_str(&format!("G{i:06},户主{i},{},大庄镇{i}号,\n", i % 9 + 1));
    }
    std::fs::write(&csv, text).expect("csv");

    let importing = Arc::new(AtomicBool::new(true));
    let visitor = {
        let (v, importing) = (Arc::clone(&v), Arc::clone(&importing));
        std::thread::spawn(move || {
            let (mut added, mut failures) = (0usize, Vec::new());
            // At least a few visits, and keep going until the import ends.
            while added + failures.len() < 5 || importing.load(Ordering::SeqCst) {
                let r = v.run(&["visit", "add", "H1", "--situation", "导入时走访"]);
                if r.ok {
                    added += 1;
                } else {
                    failures.push(r.stderr);
                }
            }
            (added, failures)
        })
    };
    // Let the visits start first, so the import's write meets them.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let import = v.run(&["household", "import", csv.to_str().expect("path")]);
    importing.store(false, Ordering::SeqCst);
    let (added, failures) = visitor.join().expect("visitor");
    assert!(import.ok, "import failed: {}", import.stderr);
    assert!(failures.is_empty(), "visits failed: {}", failures[0]);
    assert!(added >= 5);
    assert_eq!(visits_of(&v, "H1"), added);
    let r = v.run(&["--json", "household", "list"]);
    assert!(r.ok, "{}", r.stderr);
    assert_eq!(r.json().as_array().expect("array").len(), ROWS + 1);
}
