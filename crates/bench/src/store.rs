//! `cunwu bench store`: the local store's speed, each figure beside a plain
//! SQLite baseline measured in the same run on the same machine.
//!
//! - import of an n-row .xlsx register (vs. reading the file alone and
//!   plain SQLite inserting the same rows in one transaction);
//! - search over the imported village (vs. a plain `LIKE` query);
//! - logging one visit as one transaction with its change entry (vs. plain
//!   SQLite inserting the same visit row in its own transaction).

// Timings and rates only; no money passes through here.
#![allow(clippy::float_arithmetic)]

use cunwu_app::{demo, register_io, Result};
use cunwu_core::clock::SystemClock;
use cunwu_core::visit::VisitInput;
use cunwu_store::{HouseholdFilter, Store};
use rusqlite::{params, Connection};
use serde::Serialize;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

/// Latency summary in microseconds.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Latency {
    /// Operations per second.
    pub per_second: u64,
    /// Median, µs.
    pub p50_us: u64,
    /// 99th percentile, µs.
    pub p99_us: u64,
}

fn summarize(mut us: Vec<u64>, total_secs: f64) -> Latency {
    us.sort_unstable();
    let at = |q: usize| {
        us.get((us.len() * q / 100).min(us.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0)
    };
    Latency {
        per_second: (us.len() as f64 / total_secs.max(1e-9)) as u64,
        p50_us: at(50),
        p99_us: at(99),
    }
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct StoreBench {
    /// Households in the village.
    pub households: usize,
    /// Seconds to import the .xlsx register (one transaction).
    pub import_xlsx_secs: f64,
    /// Baseline: seconds to only read and check the same file.
    pub baseline_read_xlsx_secs: f64,
    /// Baseline: plain SQLite inserting the same rows in one transaction.
    pub baseline_plain_insert_secs: f64,
    /// Search latency over the village, mixed queries.
    pub search: Latency,
    /// Baseline: plain `LIKE` on a plain table with the same rows.
    pub baseline_plain_search: Latency,
    /// Logging one visit (one transaction with its change entry).
    pub visit_log: Latency,
    /// Baseline: plain SQLite inserting the same visit row in its own transaction.
    pub baseline_plain_visit: Latency,
    /// visit_log.per_second / baseline_plain_visit.per_second.
    pub visit_rate_ratio: f64,
    /// Second baseline: the same insert with SQLite's default checkpoint
    /// interval (WAL, synchronous=NORMAL, nothing else tuned).
    pub baseline_default_visit: Latency,
    /// visit_log.per_second / baseline_default_visit.per_second.
    pub visit_rate_ratio_default: f64,
    /// The durability settings both sides of the visit comparison share.
    pub visit_durability: &'static str,
}

/// What both sides of the visit comparison run with.
const VISIT_DURABILITY: &str = "both sides: journal_mode=WAL, synchronous=NORMAL, one transaction per visit; \
     store and first baseline wal_autocheckpoint=10000 pages, second baseline SQLite's default (1000); \
     every database's WAL checkpointed and emptied before the visit phase";

/// Copy a database's WAL into the file and empty it, so the visit phase
/// does not pay for checkpointing what earlier phases wrote.
fn empty_wal(conn: &Connection) -> Result<()> {
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .map_err(cunwu_store::Error::from)?;
    Ok(())
}

fn plain_db(path: &Path, like_store: bool) -> rusqlite::Result<Connection> {
    let _ = std::fs::remove_file(path);
    let c = Connection::open(path)?;
    c.pragma_update(None, "journal_mode", "WAL")?;
    c.pragma_update(None, "synchronous", "NORMAL")?;
    if like_store {
        // The same checkpoint interval the store uses: like for like.
        c.pragma_update(None, "wal_autocheckpoint", 10_000)?;
    }
    c.execute_batch(
        "CREATE TABLE household(id TEXT PRIMARY KEY, code TEXT, head_name TEXT, group_no TEXT, address TEXT, phone TEXT, head_id_number TEXT, category TEXT, monitoring TEXT, poverty_causes TEXT, cadre TEXT);
         CREATE TABLE visit(id TEXT PRIMARY KEY, household_id TEXT NOT NULL, date TEXT NOT NULL, visitors TEXT NOT NULL, recorder TEXT NOT NULL, situation TEXT NOT NULL, difficulties TEXT NOT NULL, needs TEXT NOT NULL, follow_up TEXT NOT NULL, amends TEXT);",
    )?;
    Ok(c)
}

/// Run the benchmark in `dir` (created files stay there).
pub fn run(dir: &Path, households: usize, visits: usize, searches: usize) -> Result<StoreBench> {
    std::fs::create_dir_all(dir).map_err(cunwu_store::Error::from)?;
    let xlsx = dir.join("bench-register.xlsx");
    let (headers, rows) = demo::register_rows(households, 7);
    cunwu_sheet::write_table(&xlsx, "农户台账", &headers, &rows)?;

    // Import vs. read alone vs. plain insert.
    let t = Instant::now();
    let table = cunwu_sheet::read_table(&xlsx)?;
    let checked = cunwu_sheet::parse_register(&table);
    let baseline_read_xlsx_secs = t.elapsed().as_secs_f64();
    let plain_path = dir.join("bench-plain.db");
    let _ = std::fs::remove_file(&plain_path);
    let mut plain = plain_db(&plain_path, true).map_err(cunwu_store::Error::from)?;
    let mut plain_default =
        plain_db(&dir.join("bench-plain-default.db"), false).map_err(cunwu_store::Error::from)?;
    let t = Instant::now();
    {
        let tx = plain.transaction().map_err(cunwu_store::Error::from)?;
        for (i, r) in rows.iter().enumerate() {
            tx.execute(
                "INSERT INTO household VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    i.to_string(),
                    r[0],
                    r[1],
                    r[2],
                    r[3],
                    r[4],
                    r[5],
                    r[6],
                    r[7],
                    r[8],
                    r[9]
                ],
            )
            .map_err(cunwu_store::Error::from)?;
        }
        tx.commit().map_err(cunwu_store::Error::from)?;
    }
    let baseline_plain_insert_secs = baseline_read_xlsx_secs + t.elapsed().as_secs_f64();
    let db = dir.join("bench-village.db");
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
    }
    let mut store = Store::open(&db, Arc::new(SystemClock))?;
    store.init("测速村", Some("测速镇"), "测速员")?;
    let t = Instant::now();
    let report = register_io::import_households(&mut store, &xlsx, false)?;
    let import_xlsx_secs = t.elapsed().as_secs_f64();
    debug_assert_eq!(report.imported as usize, checked.households.len());

    // Search: the kinds of query people type.
    let names: Vec<String> = rows.iter().map(|r| r[1].clone()).collect();
    let queries: Vec<String> = (0..searches)
        .map(|i| {
            let n = &names[(i * 7919) % names.len()];
            match i % 4 {
                0 => cunwu_core::name_search::name_keys(n).initials,
                1 => n.chars().skip(1).collect(),
                2 => cunwu_core::name_search::name_keys(n).full,
                _ => rows[(i * 31) % rows.len()][0].clone(),
            }
        })
        .collect();
    let mut us = Vec::new();
    let t = Instant::now();
    for q in &queries {
        let s = Instant::now();
        let found = store.list_households(&HouseholdFilter {
            query: Some(q.clone()),
            ..Default::default()
        })?;
        std::hint::black_box(found);
        us.push(s.elapsed().as_micros() as u64);
    }
    let search = summarize(us, t.elapsed().as_secs_f64());
    let mut us = Vec::new();
    let t = Instant::now();
    {
        let mut stmt = plain
            .prepare("SELECT * FROM household WHERE head_name LIKE ?1 OR code LIKE ?2 ORDER BY group_no, code")
            .map_err(cunwu_store::Error::from)?;
        for q in &queries {
            let s = Instant::now();
            let n = stmt
                .query_map(params![format!("%{q}%"), format!("{q}%")], |r| {
                    r.get::<_, String>(0)
                })
                .map_err(cunwu_store::Error::from)?
                .count();
            std::hint::black_box(n);
            us.push(s.elapsed().as_micros() as u64);
        }
    }
    let baseline_plain_search = summarize(us, t.elapsed().as_secs_f64());

    // Visit logging, interleaved with the baseline so machine noise hits both.
    let ids: Vec<String> = store
        .list_households(&HouseholdFilter::default())?
        .into_iter()
        .map(|h| h.id)
        .collect();
    let input = VisitInput {
        date: None,
        visitors: vec!["程鹏".into(), "张浩然".into()],
        situation: "独居老人，身体尚可，靠养羊补贴家用".into(),
        difficulties: "羊卖不上价".into(),
        needs: "希望合作社统一收购".into(),
        follow_up: "提交周二联席会议".into(),
    };
    for conn in [store.conn(), &plain, &plain_default] {
        empty_wal(conn)?;
    }
    let (mut ours, mut base, mut base_default) = (Vec::new(), Vec::new(), Vec::new());
    let (mut ours_total, mut base_total, mut default_total) = (0f64, 0f64, 0f64);
    for i in 0..visits {
        let s = Instant::now();
        let v = store.add_visit(&ids[i % ids.len()], &input)?;
        let e = s.elapsed();
        ours_total += e.as_secs_f64();
        ours.push(e.as_micros() as u64);
        let row = [
            format!("p{i}"),
            v.household_id.clone(),
            v.date.to_string(),
            serde_json::to_string(&v.visitors).unwrap_or_default(),
            v.recorder.clone(),
            v.situation.clone(),
            v.difficulties.clone(),
            v.needs.clone(),
            v.follow_up.clone(),
        ];
        let e = plain_visit(&mut plain, &row)?;
        base_total += e.as_secs_f64();
        base.push(e.as_micros() as u64);
        let e = plain_visit(&mut plain_default, &row)?;
        default_total += e.as_secs_f64();
        base_default.push(e.as_micros() as u64);
    }
    let visit_log = summarize(ours, ours_total);
    let baseline_plain_visit = summarize(base, base_total);
    let baseline_default_visit = summarize(base_default, default_total);
    Ok(StoreBench {
        households,
        import_xlsx_secs,
        baseline_read_xlsx_secs,
        baseline_plain_insert_secs,
        search,
        baseline_plain_search,
        visit_rate_ratio: visit_log.per_second as f64
            / baseline_plain_visit.per_second.max(1) as f64,
        visit_rate_ratio_default: visit_log.per_second as f64
            / baseline_default_visit.per_second.max(1) as f64,
        visit_log,
        baseline_plain_visit,
        baseline_default_visit,
        visit_durability: VISIT_DURABILITY,
    })
}

/// Plain SQLite: the same visit row in its own transaction; returns the time.
fn plain_visit(conn: &mut Connection, row: &[String; 9]) -> Result<std::time::Duration> {
    let s = Instant::now();
    let tx = conn.transaction().map_err(cunwu_store::Error::from)?;
    tx.prepare_cached("INSERT INTO visit VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, NULL)")
        .and_then(|mut st| st.execute(rusqlite::params_from_iter(row.iter())))
        .map_err(cunwu_store::Error::from)?;
    tx.commit().map_err(cunwu_store::Error::from)?;
    Ok(s.elapsed())
}
