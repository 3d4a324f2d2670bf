//! Timing of the store's two hot write paths, for iterating on them
//! without the whole `cunwu bench` (which stays the measure of record):
//! logging one visit per transaction, and a fresh device loading a
//! compacted snapshot page by page. Ignored by default; run in release:
//!
//! `cargo test -p cunwu-store --release --test write_path_bench -- --ignored --nocapture`

// Timings and rates only; no money passes through here.
#![allow(clippy::float_arithmetic)]

#[allow(dead_code)]
mod common;

use common::*;
use cunwu_core::change::Change;
use cunwu_core::clock::ManualClock;
use cunwu_core::household::HouseholdField;
use cunwu_core::visit::VisitInput;
use cunwu_store::Store;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Instant;

/// CPU seconds this process has used (Linux; 0 elsewhere): on a shared
/// machine, the wall clock also counts other people's builds.
fn cpu_secs() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<f64> = after
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|v| v.parse().ok())
        .collect();
    f.iter().sum::<f64>() / 100.0
}

fn input(k: usize) -> VisitInput {
    VisitInput {
        date: None,
        visitors: vec!["程鹏".into(), "张浩然".into()],
        situation: format!("独居老人，身体尚可，靠养羊补贴家用（第{k}次）"),
        difficulties: "羊卖不上价".into(),
        needs: "希望合作社统一收购".into(),
        follow_up: "提交周二联席会议".into(),
    }
}

/// A village written on one laptop: households, visits, then edits.
fn village_changes(
    dir: &tempfile::TempDir,
    households: usize,
    visits: usize,
    edits: usize,
) -> Vec<Change> {
    let (mut s, _) = village(dir, "source.db", "程鹏");
    let mut ids = Vec::new();
    for h in 0..households {
        let code = format!("{h:06}");
        let v = values(&[
            (HouseholdField::Code, &code),
            (HouseholdField::HeadName, "金家龙"),
            (HouseholdField::GroupNo, "3"),
            (HouseholdField::Address, "第3村民小组"),
            (HouseholdField::Phone, "13800138000"),
        ]);
        ids.push(s.add_household(&v).expect("add").id);
    }
    for k in 0..visits {
        let id = &ids[(k * 7919) % ids.len()];
        s.add_visit(id, &input(k)).expect("visit");
    }
    for e in 0..edits {
        let id = &ids[(e * 31) % ids.len()];
        s.edit_household(
            id,
            HouseholdField::Address,
            &format!("第{}组（{e}次更正）", e % 12),
        )
        .expect("edit");
    }
    s.all_changes().expect("all")
}

/// What the hub's snapshot holds: changes nothing held supersedes.
fn compacted(all: &[Change]) -> Vec<Change> {
    let gone: BTreeSet<_> = all
        .iter()
        .flat_map(|c| c.supersedes.iter().cloned())
        .collect();
    all.iter()
        .filter(|c| !gone.contains(&c.id))
        .cloned()
        .collect()
}

#[test]
#[ignore = "timing; run in release with --ignored"]
fn fresh_device_loads_a_snapshot() {
    let dir = tempfile::tempdir().expect("tmp");
    let all = village_changes(&dir, 2000, 24_000, 4000);
    let snap = compacted(&all);
    let vector = [(all[0].id.device.clone(), all.len() as u64)]
        .into_iter()
        .collect();
    for page in [20_000usize] {
        let clock = Arc::new(ManualClock::new(T0));
        let mut fresh =
            Store::open(&dir.path().join(format!("fresh{page}.db")), clock).expect("open");
        let t = Instant::now();
        let cpu = cpu_secs();
        let chunks: Vec<&[Change]> = snap.chunks(page).collect();
        for (i, chunk) in chunks.iter().enumerate() {
            if i + 1 == chunks.len() {
                fresh.apply_snapshot(chunk, &vector).expect("last page");
            } else {
                fresh.apply_snapshot_page(chunk).expect("page");
            }
        }
        let secs = t.elapsed().as_secs_f64();
        let cpu = cpu_secs() - cpu;
        println!(
            "snapshot of {} changes in pages of {page}: {secs:.3} s ({cpu:.2} s CPU), {:.1} µs/change",
            snap.len(),
            secs * 1e6 / snap.len() as f64
        );
        let (mut replay, _) = village(&dir, &format!("replay{page}.db"), "乡镇");
        replay.apply_foreign(&all).expect("replay");
        assert_eq!(
            fresh.state_hash().expect("h"),
            replay.state_hash().expect("h")
        );
    }
}

#[test]
#[ignore = "timing; run in release with --ignored"]
fn logging_visits_one_per_transaction() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut s, _) = village(&dir, "visits.db", "程鹏");
    let mut ids = Vec::new();
    for h in 0..3000 {
        let code = format!("{h:06}");
        ids.push(
            s.add_household(&household(&code, "金家龙", "3"))
                .expect("add")
                .id,
        );
    }
    let n = 4000;
    let t = Instant::now();
    let cpu = cpu_secs();
    for k in 0..n {
        s.add_visit(&ids[(k * 7919) % ids.len()], &input(k))
            .expect("visit");
    }
    let secs = t.elapsed().as_secs_f64();
    let cpu = cpu_secs() - cpu;
    println!(
        "{n} visits: {:.0} /s, {:.1} µs each ({:.1} µs CPU)",
        n as f64 / secs,
        secs * 1e6 / n as f64,
        cpu * 1e6 / n as f64
    );
}
