//! `cunwu bench sync`: the sync benchmark of issue 4, in one run, JSON out.
//! It starts the `cunwu` binary it runs in as the hub and as a laptop.
//!
//! Workload (defaults): 8 village laptops, each 1,000 households (6 fields,
//! Chinese text), 12 visits per household, then 2,000 single-field edits
//! per laptop: 160,000 changes. Measured: local writes (one transaction
//! per user action, and batched), hub merge (pushing everything over HTTP
//! on loopback to a real `cunwu hub serve` process), bytes per change on
//! the wire, a fresh township laptop's full sync (a `cunwu sync now`
//! process), peak RSS of the hub and of that laptop; and as baselines
//! plain SQLite inserting the same final rows in one transaction and the
//! same rows as a zstd-compressed TSV.

#![allow(clippy::float_arithmetic)] // timings and ratios, never money

use clap::Args;
use cunwu_core::clock::SystemClock;
use cunwu_core::household::HouseholdField;
use cunwu_core::visit::VisitInput;
use cunwu_store::Store;
use cunwu_sync::http::HttpTransport;
use cunwu_sync::protocol::{Role, Scope};
use cunwu_sync::{enrollment, SyncOptions};
use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Arguments of `cunwu bench sync`.
#[derive(Args)]
pub struct BenchSyncArgs {
    /// 村里的电脑台数（每台一个村）。
    #[arg(long, default_value_t = 8)]
    devices: usize,
    /// 每台电脑的农户数。
    #[arg(long, default_value_t = 1000)]
    households: usize,
    /// 每户走访次数。
    #[arg(long, default_value_t = 12)]
    visits: usize,
    /// 每台电脑的单字段修改次数。
    #[arg(long, default_value_t = 2000)]
    edits: usize,
    /// 放测速文件的目录（默认系统临时目录，结束后删除）。
    #[arg(long)]
    dir: Option<PathBuf>,
}

const SURNAMES: [&str; 16] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
];
const GIVEN: [&str; 16] = [
    "建国", "秀英", "桂兰", "志强", "玉梅", "海涛", "春花", "永生", "金凤", "德明", "小红", "国庆",
    "丽娟", "长青", "光明", "淑珍",
];
const SITUATIONS: [&str; 6] = [
    "家中老人身体尚可，子女在外务工",
    "户主腿脚不便，需要定期探望",
    "孩子在镇上读初中，学习情况良好",
    "今年养羊十二只，想扩大规模",
    "房屋漏雨，已报村委会安排维修",
    "医保已缴，慢性病药费负担较重",
];
const NEEDS: [&str; 4] = [
    "希望提供养殖技术培训",
    "申请危房改造补助",
    "咨询小额信贷",
    "无",
];

/// A tiny deterministic generator (no dependency, same data every run).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize
    }
}

fn household_values(rng: &mut Lcg, village: usize, h: usize) -> BTreeMap<HouseholdField, String> {
    let mut v = BTreeMap::new();
    let name = format!("{}{}", SURNAMES[rng.next() % 16], GIVEN[rng.next() % 16]);
    v.insert(HouseholdField::Code, format!("V{village}-{h:05}"));
    v.insert(HouseholdField::HeadName, name);
    v.insert(HouseholdField::GroupNo, (1 + h % 12).to_string());
    v.insert(
        HouseholdField::Address,
        format!("第{}村民小组{}号", 1 + h % 12, h + 1),
    );
    v.insert(
        HouseholdField::Phone,
        format!("13{}{:08}", 5 + rng.next() % 4, rng.next() % 100_000_000),
    );
    v.insert(
        HouseholdField::Category,
        cunwu_core::household::CATEGORIES[rng.next() % 4].to_string(),
    );
    v
}

fn visit_input(rng: &mut Lcg, today: chrono::NaiveDate, k: usize) -> VisitInput {
    VisitInput {
        date: today.checked_sub_days(chrono::Days::new((k * 30 + rng.next() % 20) as u64)),
        visitors: vec![format!(
            "{}{}",
            SURNAMES[rng.next() % 16],
            GIVEN[rng.next() % 16]
        )],
        situation: SITUATIONS[rng.next() % SITUATIONS.len()].to_string(),
        difficulties: String::new(),
        needs: NEEDS[rng.next() % NEEDS.len()].to_string(),
        follow_up: "下月再访".to_string(),
    }
}

/// Write one laptop's workload, one transaction per user action.
fn write_per_action(store: &mut Store, village: usize, a: &BenchSyncArgs) -> anyhow::Result<()> {
    let mut rng = Lcg(village as u64 + 7);
    let today = store.today();
    let mut ids = Vec::with_capacity(a.households);
    for h in 0..a.households {
        ids.push(
            store
                .add_household(&household_values(&mut rng, village, h))?
                .id,
        );
    }
    for k in 0..a.visits {
        for id in &ids {
            store.add_visit(id, &visit_input(&mut rng, today, k))?;
        }
    }
    for e in 0..a.edits {
        let id = &ids[rng.next() % ids.len().max(1)];
        store.edit_household(
            id,
            HouseholdField::Address,
            &format!("第{}村民小组{}号（{}次更正）", 1 + e % 12, e + 1, e + 1),
        )?;
    }
    Ok(())
}

/// The same workload written in large transactions (import-style).
fn write_batched(store: &mut Store, a: &BenchSyncArgs) -> anyhow::Result<()> {
    use cunwu_store::Draft;
    let mut rng = Lcg(99);
    let today = store.today();
    let mut ids = Vec::with_capacity(a.households);
    let mut drafts: Vec<Draft> = Vec::new();
    let user = store.require_profile()?.user;
    for h in 0..a.households {
        let id = store.entity_id_after(drafts.len());
        for (f, v) in household_values(&mut rng, 0, h) {
            drafts.push(Draft::set("household", &id, f.key(), v));
        }
        ids.push(id);
    }
    store.commit_local(std::mem::take(&mut drafts))?;
    for k in 0..a.visits {
        for hid in &ids {
            let input = visit_input(&mut rng, today, k);
            let id = store.entity_id_after(drafts.len());
            let visit = cunwu_core::visit::Visit {
                id: id.clone(),
                household_id: hid.clone(),
                date: input.date.unwrap_or(today),
                visitors: input.visitors,
                recorder: user.clone(),
                situation: input.situation,
                difficulties: input.difficulties,
                needs: input.needs,
                follow_up: input.follow_up,
                amends: None,
            };
            drafts.push(Draft::insert("visit", &id, serde_json::to_value(&visit)?));
        }
        store.commit_local(std::mem::take(&mut drafts))?;
    }
    for e in 0..a.edits {
        let id = &ids[rng.next() % ids.len().max(1)];
        drafts.push(Draft::set(
            "household",
            id,
            "address",
            format!("第{}村民小组{}号（{}次更正）", 1 + e % 12, e + 1, e + 1),
        ));
        if drafts.len() >= 500 {
            store.commit_local(std::mem::take(&mut drafts))?;
        }
    }
    store.commit_local(drafts)?;
    Ok(())
}

/// Peak resident set size of a running process, MB (Linux `/proc`).
fn peak_rss_mb(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some((kb / 1024.0 * 10.0).round() / 10.0)
}

/// CPU seconds (user + system) a running process has used (Linux `/proc`).
fn cpu_secs(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name, which is in parentheses.
    let after = stat.rsplit(')').next()?;
    let ticks: Vec<f64> = after
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|v| v.parse().ok())
        .collect();
    (ticks.len() == 2).then(|| (ticks[0] + ticks[1]) / 100.0)
}

fn start_hub(data: &Path) -> anyhow::Result<(Child, String)> {
    let mut child = Command::new(std::env::current_exe()?)
        .args(["hub", "serve", "--data"])
        .arg(data)
        .args(["--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let mut line = String::new();
    if let Some(out) = child.stdout.take() {
        std::io::BufReader::new(out).read_line(&mut line)?;
    }
    let url = line
        .split("http://")
        .nth(1)
        .map(|r| {
            format!(
                "http://{}",
                r.chars()
                    .take_while(|c| c.is_ascii_graphic() && *c != '（')
                    .collect::<String>()
            )
        })
        .ok_or_else(|| anyhow::anyhow!("服务器没有启动：{line}"))?;
    Ok((child, url))
}

fn stop(child: &mut Child) {
    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status();
    for _ in 0..100 {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn rate(n: f64, secs: f64) -> f64 {
    if secs > 0.0 {
        (n / secs).round()
    } else {
        0.0
    }
}

/// Run; the report as JSON.
pub fn run(a: BenchSyncArgs) -> anyhow::Result<serde_json::Value> {
    let (dir, temp) = match &a.dir {
        Some(d) => (d.clone(), false),
        None => (
            std::env::temp_dir().join(format!("cunwu-bench-sync-{}", std::process::id())),
            true,
        ),
    };
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let result = bench(&dir, &a);
    if temp {
        let _ = std::fs::remove_dir_all(&dir);
    }
    result
}

fn bench(dir: &Path, a: &BenchSyncArgs) -> anyhow::Result<serde_json::Value> {
    let hub_dir = dir.join("hub");
    let (mut hub_child, url) = start_hub(&hub_dir)?;
    let out = measure(dir, &hub_dir, &url, &hub_child, a);
    let hub_rss = peak_rss_mb(hub_child.id());
    stop(&mut hub_child);
    let mut out = out?;
    out["peak_rss_mb"]["hub"] = serde_json::json!(hub_rss);
    out["targets"]["hub_peak_rss_under_150_mb"] = serde_json::json!(hub_rss.map(|r| r < 150.0));
    Ok(out)
}

fn measure(
    dir: &Path,
    hub_dir: &Path,
    url: &str,
    hub: &Child,
    a: &BenchSyncArgs,
) -> anyhow::Result<serde_json::Value> {
    let admin = cunwu_hub::Hub::open(hub_dir, Arc::new(SystemClock))?;
    let clock = Arc::new(SystemClock);
    // Local writes, one transaction per user action, on every laptop.
    let mut stores = Vec::new();
    let mut per_action_secs = 0.0;
    for i in 0..a.devices {
        let mut s = Store::open(&dir.join(format!("village{i}.db")), clock.clone())?;
        let village = format!("第{}村", i + 1);
        s.init(&village, Some("草沟镇"), "程鹏")?;
        let code = admin.create_code(&Scope::Village(village), Role::Leader, Some("草沟镇"))?;
        enrollment::enroll(&s, &HttpTransport::new(url, None), url, &code)?;
        let t = Instant::now();
        write_per_action(&mut s, i, a)?;
        per_action_secs += t.elapsed().as_secs_f64();
        stores.push(s);
    }
    let total: u64 = stores.iter().map(|s| s.local_counter()).sum();
    // The same per-laptop workload in large transactions.
    let mut batched = Store::open(&dir.join("batched.db"), clock.clone())?;
    batched.init("批量村", Some("草沟镇"), "程鹏")?;
    let t = Instant::now();
    write_batched(&mut batched, a)?;
    let batched_secs = t.elapsed().as_secs_f64();
    let batched_n = batched.local_counter();
    // Hub merge: push everything over HTTP. The laptops have just written
    // some 300 MB on this one machine, which the OS is still writing out;
    // in the field they are other machines, so that is done first (Unix
    // `sync`, as before the township laptop below) rather than throttling
    // the hub's own writes while it is timed.
    let _ = Command::new("sync").status();
    let (mut push_secs, mut wire_sent, mut pushed) = (0.0, 0u64, 0u64);
    for s in stores.iter_mut() {
        let e = enrollment::require(s)?;
        let t = HttpTransport::new(url, Some(e.token));
        let start = Instant::now();
        let r = cunwu_sync::client::push(s, &t, SyncOptions::default())?;
        push_secs += start.elapsed().as_secs_f64();
        pushed += r.pushed;
        wire_sent += t.bytes().0;
    }
    // A fresh township laptop pulls everything, as its own process.
    let township_db = dir.join("township.db");
    let township = Store::open(&township_db, clock.clone())?;
    let code = admin.create_code(&Scope::Township("草沟镇".into()), Role::Township, None)?;
    enrollment::enroll(&township, &HttpTransport::new(url, None), url, &code)?;
    drop(township);
    // The eight laptops and the hub have just written some 300 MB on this
    // one machine; let the OS write it out before timing the township
    // laptop, which in the field is another machine (Unix `sync`; ignored
    // where it does not exist).
    let _ = Command::new("sync").status();
    let hub_cpu_before = cpu_secs(hub.id());
    let start = Instant::now();
    let mut child = Command::new(std::env::current_exe()?)
        .arg("--db")
        .arg(&township_db)
        .args(["--json", "sync", "now"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut device_rss = None;
    let mut device_cpu = None;
    let status = loop {
        if let Some(r) = peak_rss_mb(child.id()) {
            device_rss = Some(r);
        }
        if let Some(c) = cpu_secs(child.id()) {
            device_cpu = Some(c);
        }
        if let Some(st) = child.try_wait()? {
            break st;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let township_secs = start.elapsed().as_secs_f64();
    let hub_cpu = hub_cpu_before
        .zip(cpu_secs(hub.id()))
        .map(|(b, a)| ((a - b) * 100.0).round() / 100.0);
    anyhow::ensure!(status.success(), "乡镇电脑同步失败");
    let township = Store::open(&township_db, clock.clone())?;
    let visible: i64 = township
        .conn()
        .query_row("SELECT count(*) FROM household", [], |r| r.get(0))?;
    let visible_visits: i64 = township
        .conn()
        .query_row("SELECT count(*) FROM visit", [], |r| r.get(0))?;
    let township_changes: i64 =
        township
            .conn()
            .query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))?;
    // Baselines: the same final rows in plain SQLite, and as zstd TSV.
    let (rows, sqlite_secs, tsv_bytes) = baselines(dir, &stores)?;
    let sqlite_rate = rate(rows as f64, sqlite_secs);
    let merge_rate = rate(pushed as f64, push_secs);
    let per_change = if total > 0 {
        wire_sent as f64 / total as f64
    } else {
        0.0
    };
    let ratio = if tsv_bytes > 0 {
        wire_sent as f64 / tsv_bytes as f64
    } else {
        0.0
    };
    Ok(serde_json::json!({
        "workload": {
            "devices": a.devices, "households_per_device": a.households, "visits_per_household": a.visits,
            "edits_per_device": a.edits, "changes": total,
        },
        "local_write": {
            "per_action_changes_per_s": rate(total as f64, per_action_secs),
            "per_action_seconds": per_action_secs,
            "batched_changes_per_s": rate(batched_n as f64, batched_secs),
            "batched_seconds": batched_secs,
        },
        "hub_merge": { "changes": pushed, "seconds": push_secs, "changes_per_s": merge_rate },
        "wire": {
            "push_bytes": wire_sent, "bytes_per_change": (per_change * 100.0).round() / 100.0,
            "zstd_tsv_bytes": tsv_bytes, "ratio_to_zstd_tsv": (ratio * 1000.0).round() / 1000.0,
        },
        "township_fresh_sync": {
            "seconds": township_secs, "changes_held": township_changes,
            "device_cpu_seconds": device_cpu, "hub_cpu_seconds": hub_cpu,
            "households_visible": visible, "visits_visible": visible_visits,
        },
        "peak_rss_mb": { "township_device": device_rss },
        "baseline": {
            "plain_sqlite_rows": rows, "plain_sqlite_seconds": sqlite_secs, "plain_sqlite_rows_per_s": sqlite_rate,
        },
        "targets": {
            "hub_merge_over_sqlite": if sqlite_rate > 0.0 { ((merge_rate / sqlite_rate) * 1000.0).round() / 1000.0 } else { 0.0 },
            "hub_merge_at_least_25pct_of_sqlite": merge_rate >= 0.25 * sqlite_rate,
            "wire_at_most_1_25x_zstd_tsv": ratio <= 1.25,
            "township_sync_under_2_s": township_secs < 2.0,
        },
    }))
}

/// Final rows of every laptop: plain SQLite insert in one transaction
/// (rows, seconds) and their zstd-compressed TSV size.
fn baselines(dir: &Path, stores: &[Store]) -> anyhow::Result<(usize, f64, usize)> {
    let hq = "SELECT id, code, head_name, group_no, address, phone, category FROM household";
    // A visit is stored once, as its fact in the change log.
    let vq = "SELECT v.id, v.household_id, v.date, json_extract(c.value, '$.visitors'), json_extract(c.value, '$.recorder'),
                     json_extract(c.value, '$.situation'), json_extract(c.value, '$.difficulties'),
                     json_extract(c.value, '$.needs'), json_extract(c.value, '$.follow_up')
              FROM visit v JOIN change_device cd ON cd.device = v.device
              JOIN change_log c ON c.seq = (cd.no << 40) | v.counter";
    let mut households: Vec<Vec<String>> = Vec::new();
    let mut visits: Vec<Vec<String>> = Vec::new();
    for s in stores {
        for (q, n, out) in [(hq, 7, &mut households), (vq, 9, &mut visits)] {
            let mut stmt = s.conn().prepare(q)?;
            let rows = stmt.query_map([], |r| {
                (0..n)
                    .map(|i| r.get::<_, Option<String>>(i).map(Option::unwrap_or_default))
                    .collect()
            })?;
            for row in rows {
                out.push(row?);
            }
        }
    }
    let mut tsv = String::new();
    for row in households.iter().chain(visits.iter()) {
        tsv.push_str(&row.join("\t"));
        tsv.push('\n');
    }
    let tsv_bytes = zstd::stream::encode_all(tsv.as_bytes(), 3)?.len();
    let path = dir.join("plain.db");
    let mut conn = rusqlite::Connection::open(&path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.execute_batch(
        "CREATE TABLE household(id TEXT PRIMARY KEY, code TEXT, head_name TEXT, group_no TEXT, address TEXT, phone TEXT, category TEXT);
         CREATE TABLE visit(id TEXT PRIMARY KEY, household_id TEXT, date TEXT, visitors TEXT, recorder TEXT, situation TEXT, difficulties TEXT, needs TEXT, follow_up TEXT);",
    )?;
    let start = Instant::now();
    let tx = conn.transaction()?;
    {
        let mut h = tx.prepare("INSERT INTO household VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?;
        for r in &households {
            h.execute(rusqlite::params_from_iter(r.iter()))?;
        }
        let mut v = tx.prepare("INSERT INTO visit VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")?;
        for r in &visits {
            v.execute(rusqlite::params_from_iter(r.iter()))?;
        }
    }
    tx.commit()?;
    Ok((
        households.len() + visits.len(),
        start.elapsed().as_secs_f64(),
        tsv_bytes,
    ))
}
