//! `cunwu demo leave` through the real binary on real files: the demo is
//! kept under a dated name beside the database and an empty database takes
//! its place; a real village and a missing file are refused untouched.

#[allow(dead_code)]
mod common;

use common::Village;
use std::path::{Path, PathBuf};

/// The files in the village's folder, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn leaving_the_demo_keeps_it_beside_an_empty_database() {
    let v = Village::empty();
    let made = v.run(&["demo", "--households", "12", "--json"]);
    assert!(made.ok, "{}", made.stderr);

    let left = v.run(&["demo", "leave"]);
    assert!(left.ok, "{}", left.stderr);
    let line = left
        .stdout
        .lines()
        .find(|l| l.starts_with("已离开示范村。示范村的数据保留在："))
        .unwrap_or_else(|| panic!("no kept path in: {}", left.stdout));
    let kept = PathBuf::from(line.trim_start_matches("已离开示范村。示范村的数据保留在："));
    assert_eq!(
        kept.parent(),
        Some(v.dir.path()),
        "kept beside the database"
    );
    let name = kept
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    assert!(
        name.starts_with("village-demo-") && name.ends_with(".db"),
        "{name}"
    );
    assert!(
        left.stdout.contains("init"),
        "says what to do next: {}",
        left.stdout
    );

    // The kept file is the whole demo village.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cunwu"))
        .arg("--db")
        .arg(&kept)
        .args(["household", "list", "--json"])
        .output()
        .expect("run cunwu");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(rows.as_array().expect("array").len(), 12);

    // The normal path now holds an empty database: no village yet, and the
    // real one can be set up there.
    let info = v.run(&["household", "list"]);
    assert!(
        !info.ok,
        "an empty database has no village: {}",
        info.stdout
    );
    let init = v.init();
    assert!(init.ok, "{}", init.stderr);
    let rows = v.run(&["household", "list", "--json"]).json();
    assert_eq!(rows.as_array().expect("array").len(), 0);

    // The real village is not a demo: leaving again is refused.
    let again = v.run(&["demo", "leave"]);
    assert!(!again.ok);
    assert!(again.stderr.contains("不是示范村"), "{}", again.stderr);
}

#[test]
fn a_real_village_is_refused_untouched() {
    let v = Village::new();
    let added = v.run(&[
        "household",
        "add",
        "--code",
        "010001",
        "--name",
        "王大山",
        "--group",
        "1",
    ]);
    assert!(added.ok, "{}", added.stderr);
    let before_files = files(v.dir.path());
    let before = std::fs::read(&v.db).expect("read db");

    let r = v.run(&["demo", "leave"]);
    assert!(!r.ok, "a real village must be refused: {}", r.stdout);
    assert!(r.stderr.contains("不是示范村"), "{}", r.stderr);
    assert!(r.stderr.contains("数据没有被移动"), "{}", r.stderr);
    assert_eq!(
        files(v.dir.path()),
        before_files,
        "no file added, moved or removed"
    );
    assert_eq!(
        std::fs::read(&v.db).expect("read db"),
        before,
        "byte for byte"
    );
    let rows = v.run(&["household", "list", "--json"]).json();
    assert_eq!(rows.as_array().expect("array").len(), 1);
}

#[test]
fn a_missing_database_is_refused_without_creating_one() {
    let v = Village::empty();
    let r = v.run(&["demo", "leave", "--json"]);
    assert!(!r.ok);
    assert!(r.stderr.contains("没有找到数据库"), "{}", r.stderr);
    assert!(files(v.dir.path()).is_empty(), "{:?}", files(v.dir.path()));
}
