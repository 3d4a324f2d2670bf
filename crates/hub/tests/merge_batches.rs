//! The grouped merge keeps the one-change-at-a-time rules whatever the
//! shape of a batch: scattered counters, the same id twice in one batch,
//! a replay mixed with new changes. The laptop here was enrolled before
//! devices had keys (its credential vouches for its own changes), so the
//! merge sees batches no signing laptop could make.

mod common;

use common::*;
use cunwu_core::change::Change;
use cunwu_hub::local::LocalTransport;
use cunwu_hub::Hub;
use cunwu_sync::protocol::{EnrollRequest, PushBatch, Role, Scope};
use cunwu_sync::transport::Transport;
use cunwu_sync::SyncError;
use std::sync::Arc;

fn push(hub: &Arc<Hub>, token: &str, changes: Vec<Change>) -> Result<(u64, u64), SyncError> {
    LocalTransport::new(hub.clone(), Some(token.to_string()))
        .push(&PushBatch {
            sent_ms: T0,
            changes,
            ..Default::default()
        })
        .map(|a| (a.accepted, a.duplicates))
}

/// A hub and a 东村 laptop enrolled without a key; its credential.
fn keyless() -> (Arc<Hub>, Laptop, String, tempfile::TempDir) {
    let d = dir();
    let hub = Arc::new(ok(Hub::open(
        d.path(),
        Arc::new(cunwu_core::clock::ManualClock::new(T0)) as Arc<dyn cunwu_core::clock::Clock>,
    )));
    let lap = laptop(Some("东村"), "程鹏", T0);
    let code = ok(hub.create_code(&Scope::Village("东村".into()), Role::Member, None));
    let token = ok(hub.enroll(&EnrollRequest {
        code,
        device_id: lap.store.device_id().to_string(),
        village: Some("东村".into()),
        township: None,
        public_key: None,
    }))
    .token;
    (hub, lap, token, d)
}

#[test]
fn scattered_counters_repeats_and_replays_follow_the_same_rules() {
    let (hub, mut lap, token, _d) = keyless();
    add_household(&mut lap.store, "001", "王建国");
    let all = changes(&lap.store);
    assert!(all.len() >= 3);
    let far = |c: &Change, counter: u64| {
        let mut c = c.clone();
        c.id.counter = counter;
        c.entity_id = format!("far-{counter}");
        c
    };
    // The first change, a far one, and the far one again: one duplicate.
    let batch = vec![all[0].clone(), far(&all[1], 5_000), far(&all[1], 5_000)];
    assert_eq!(ok(push(&hub, &token, batch)), (2, 1));
    // A replay with scattered counters and one new change.
    let batch = vec![far(&all[1], 5_000), all[0].clone(), all[1].clone()];
    assert_eq!(ok(push(&hub, &token, batch)), (1, 2));
    // A held far id with other content refuses the whole batch.
    let mut bad = far(&all[1], 5_000);
    bad.value = serde_json::json!("改过的内容");
    let batch = vec![all[2].clone(), bad];
    assert!(matches!(
        push(&hub, &token, batch),
        Err(SyncError::Conflict(_))
    ));
    // Nothing of the refused batch was stored.
    assert_eq!(ok(push(&hub, &token, vec![all[2].clone()])), (1, 0));
    // The same id twice in one batch with different content: refused.
    let mut other = far(&all[1], 6_000);
    other.value = serde_json::json!("另一个");
    let batch = vec![far(&all[1], 6_000), other];
    assert!(matches!(
        push(&hub, &token, batch),
        Err(SyncError::Conflict(_))
    ));
}
