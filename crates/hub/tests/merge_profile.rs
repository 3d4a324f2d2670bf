//! Where the hub's merge time goes, in-process: the `cunwu bench sync`
//! workload (village laptops × households × visits + edits) is written in
//! large transactions, read back as push batches of 2,000, encoded, then
//! timed phase by phase on a fresh hub: decoding the frames, and the hub's
//! `push` (checks, commit, vector). Ignored by default; run with
//!
//! ```sh
//! cargo test --release -p cunwu-hub --test merge_profile -- --ignored --nocapture
//! ```
#![allow(clippy::float_arithmetic)] // timings, never money

use cunwu_core::clock::{Clock, SystemClock};
use cunwu_hub::Hub;
use cunwu_store::{Draft, Store};
use cunwu_sync::codec;
use cunwu_sync::protocol::{EnrollRequest, PushBatch, Role, Scope};
use std::sync::Arc;
use std::time::Instant;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One laptop's workload, batched like `bench sync`'s batched writer.
fn workload(store: &mut Store, households: usize, visits: usize, edits: usize) {
    let mut ids = Vec::new();
    let mut drafts = Vec::new();
    for h in 0..households {
        let id = store.entity_id_after(drafts.len());
        for (f, v) in [
            ("code", format!("V-{h:05}")),
            ("head_name", format!("王建国{}", h % 97)),
            ("group_no", (1 + h % 12).to_string()),
            ("address", format!("第{}村民小组{}号", 1 + h % 12, h + 1)),
            ("phone", format!("13{:09}", h * 7919 % 1_000_000_000)),
            ("category", "一般户".to_string()),
        ] {
            drafts.push(Draft::set("household", &id, f, v));
        }
        ids.push(id);
    }
    store
        .commit_local(std::mem::take(&mut drafts))
        .expect("households");
    for k in 0..visits {
        for hid in &ids {
            let id = store.entity_id_after(drafts.len());
            let value = serde_json::json!({
                "id": id, "household_id": hid, "date": format!("2026-{:02}-{:02}", 1 + k % 12, 1 + k % 28),
                "visitors": ["李秀英"], "recorder": "程鹏",
                "situation": "家中老人身体尚可，子女在外务工", "difficulties": "",
                "needs": "希望提供养殖技术培训", "follow_up": "下月再访", "amends": null,
            });
            drafts.push(Draft::insert("visit", &id, value));
        }
        store
            .commit_local(std::mem::take(&mut drafts))
            .expect("visits");
    }
    for e in 0..edits {
        let id = &ids[(e * 7919) % ids.len().max(1)];
        drafts.push(Draft::set(
            "household",
            id,
            "address",
            format!("第{}村民小组{}号（{}次更正）", 1 + e % 12, e + 1, e + 1),
        ));
        if drafts.len() >= 500 {
            store
                .commit_local(std::mem::take(&mut drafts))
                .expect("edits");
        }
    }
    store.commit_local(drafts).expect("edits");
}

#[test]
#[ignore = "measurement, run by hand in release"]
fn hub_merge_profile() {
    let devices = env("DEVICES", 8);
    let households = env("HOUSEHOLDS", 1000);
    let visits = env("VISITS", 12);
    let edits = env("EDITS", 2000);
    let dir = tempfile::tempdir().expect("tmp");
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let hub = Hub::open(&dir.path().join("hub"), clock.clone()).expect("hub");
    let mut frames: Vec<(String, Vec<u8>)> = Vec::new();
    let mut total = 0usize;
    let (mut read_s, mut encode_s) = (0.0, 0.0);
    for i in 0..devices {
        let village = format!("第{}村", i + 1);
        let mut s = Store::open(&dir.path().join(format!("v{i}.db")), clock.clone()).expect("db");
        s.init(&village, Some("草沟镇"), "程鹏").expect("init");
        workload(&mut s, households, visits, edits);
        let code = hub
            .create_code(&Scope::Village(village.clone()), Role::Leader, None)
            .expect("code");
        let token = hub
            .enroll(&EnrollRequest {
                code,
                device_id: s.device_id().to_string(),
                village: Some(village),
                township: Some("草沟镇".into()),
                public_key: None,
            })
            .expect("enroll")
            .token;
        let mut after = 0;
        loop {
            let t = Instant::now();
            let batch = s
                .changes_by_device(s.device_id(), after, 2000)
                .expect("read");
            read_s += t.elapsed().as_secs_f64();
            let Some(last) = batch.last().map(|c| c.id.counter) else {
                break;
            };
            after = last;
            total += batch.len();
            let t = Instant::now();
            let frame = codec::encode(&PushBatch {
                sent_ms: 0,
                changes: batch,
                ..Default::default()
            });
            encode_s += t.elapsed().as_secs_f64();
            frames.push((token.clone(), frame));
        }
    }
    let t = Instant::now();
    let batches: Vec<(String, PushBatch)> = frames
        .iter()
        .map(|(tok, f)| (tok.clone(), codec::decode::<PushBatch>(f).expect("decode")))
        .collect();
    let decode_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let mut accepted = 0;
    for (tok, b) in &batches {
        let dev = hub.authenticate(Some(tok)).expect("auth");
        accepted += hub.push(&dev, b).expect("push").accepted;
    }
    let push_s = t.elapsed().as_secs_f64();
    assert_eq!(accepted as usize, total);
    let t = Instant::now();
    for (tok, b) in &batches {
        let dev = hub.authenticate(Some(tok)).expect("auth");
        assert_eq!(hub.push(&dev, b).expect("again").accepted, 0);
    }
    let replay_s = t.elapsed().as_secs_f64();
    let rate = |s: f64| (total as f64 / s).round();
    eprintln!(
        "changes {total} in {} batches\n  device read   {read_s:.3} s ({} /s)\n  encode        {encode_s:.3} s ({} /s)\n  decode        {decode_s:.3} s ({} /s)\n  hub push      {push_s:.3} s ({} /s)\n  replay (dups) {replay_s:.3} s ({} /s)",
        frames.len(),
        rate(read_s),
        rate(encode_s),
        rate(decode_s),
        rate(push_s),
        rate(replay_s),
    );
}
