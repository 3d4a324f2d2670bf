//! The grouped merge keeps the one-change-at-a-time rules whatever the
//! shape of a batch: scattered counters, the same id twice in one batch,
//! a replay mixed with new changes.

mod common;

use common::*;
use cunwu_core::change::Change;
use cunwu_hub::local::LocalTransport;
use cunwu_hub::Hub;
use cunwu_sync::protocol::{PushBatch, Role};
use cunwu_sync::transport::Transport;
use cunwu_sync::SyncError;
use std::sync::Arc;

fn push(hub: &Arc<Hub>, lap: &Laptop, changes: Vec<Change>) -> Result<(u64, u64), SyncError> {
    LocalTransport::new(hub.clone(), token(&lap.store))
        .push(&PushBatch {
            sent_ms: T0,
            changes,
        })
        .map(|a| (a.accepted, a.duplicates))
}

#[test]
fn scattered_counters_repeats_and_replays_follow_the_same_rules() {
    let (hub, mut lap, _d) = hub_and_laptop("程鹏", Role::Member);
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
    assert_eq!(ok(push(&hub, &lap, batch)), (2, 1));
    // A replay with scattered counters and one new change.
    let batch = vec![far(&all[1], 5_000), all[0].clone(), all[1].clone()];
    assert_eq!(ok(push(&hub, &lap, batch)), (1, 2));
    // A held far id with other content refuses the whole batch.
    let mut bad = far(&all[1], 5_000);
    bad.value = serde_json::json!("改过的内容");
    let batch = vec![all[2].clone(), bad];
    assert!(matches!(
        push(&hub, &lap, batch),
        Err(SyncError::Conflict(_))
    ));
    // Nothing of the refused batch was stored.
    assert_eq!(ok(push(&hub, &lap, vec![all[2].clone()])), (1, 0));
    // The same id twice in one batch with different content: refused.
    let mut other = far(&all[1], 6_000);
    other.value = serde_json::json!("另一个");
    let batch = vec![far(&all[1], 6_000), other];
    assert!(matches!(
        push(&hub, &lap, batch),
        Err(SyncError::Conflict(_))
    ));
}
