//! The version vector a compacted snapshot stands for: per device, the
//! highest counter up to which every change is held at the snapshot's
//! sequence number — stopping at a gap, leaving out changes that arrived
//! after it and devices of villages outside the scope.

mod common;

use common::*;
use cunwu_core::change::Change;
use cunwu_hub::local::LocalTransport;
use cunwu_hub::Hub;
use cunwu_sync::protocol::{Role, Scope, SnapshotRequest};
use cunwu_sync::transport::Transport;
use std::collections::BTreeMap;
use std::sync::Arc;

fn push(hub: &Arc<Hub>, lap: &Laptop, changes: Vec<Change>) {
    ok(LocalTransport::new(hub.clone(), token(&lap.store))
        .push(&ok(cunwu_sync::seal::sealed_batch(&lap.store, T0, changes))));
}

/// Every page of a snapshot at `at` (`None`: now); its vector and cursor.
fn snapshot(hub: &Arc<Hub>, lap: &Laptop, at: Option<u64>) -> (BTreeMap<String, u64>, u64) {
    let t = LocalTransport::new(hub.clone(), token(&lap.store));
    let (mut at, mut after) = (at, 0);
    loop {
        let page = ok(t.snapshot(&SnapshotRequest {
            at,
            after,
            limit: 2,
        }));
        if !page.more {
            return (page.vector, page.at);
        }
        (at, after) = (Some(page.at), page.next_after);
    }
}

#[test]
fn vector_stops_at_gaps_and_leaves_out_later_changes_and_other_villages() {
    let (hub, mut east, _d) = hub_and_laptop("程鹏", Role::Leader);
    for i in 0..3 {
        add_household(&mut east.store, &format!("00{i}"), "王建国");
    }
    let east_all = changes(&east.store);
    assert!(east_all.len() >= 12, "{}", east_all.len());
    // 东村 laptop: counters 1..=5 and 7..=9 arrive; 6 is missing.
    let gapped: Vec<Change> = east_all
        .iter()
        .filter(|c| c.id.counter != 6 && c.id.counter <= 9)
        .cloned()
        .collect();
    push(&hub, &east, gapped);
    // 西村 laptop: counters 1..=4.
    let west = laptop(Some("西村"), "李秀英", T0);
    enroll(
        &hub,
        &west,
        &LocalTransport::new(hub.clone(), None),
        "local",
        Scope::Village("西村".into()),
        Role::Leader,
    );
    let mut west = west;
    add_household(&mut west.store, "101", "李四");
    add_household(&mut west.store, "102", "赵六");
    let west_all = changes(&west.store);
    assert!(west_all.len() >= 6, "{}", west_all.len());
    push(&hub, &west, west_all.iter().take(4).cloned().collect());
    let east_device = east.store.device_id().to_string();
    let west_device = west.store.device_id().to_string();

    // A township device sees both villages; 东村 stops before its gap.
    let town = laptop(None, "乡镇", T0);
    enroll(
        &hub,
        &town,
        &LocalTransport::new(hub.clone(), None),
        "local",
        Scope::Township("草沟镇".into()),
        Role::Township,
    );
    let (vector, at) = snapshot(&hub, &town, None);
    let want: BTreeMap<String, u64> = [(east_device.clone(), 5), (west_device.clone(), 4)].into();
    assert_eq!(vector, want);

    // The gap filled and more of 西村 arrive after `at`: a snapshot at the
    // old `at` stands for what it stood for; a new one moves on.
    push(&hub, &east, vec![east_all[5].clone()]);
    push(
        &hub,
        &west,
        west_all.iter().skip(4).take(2).cloned().collect(),
    );
    assert_eq!(snapshot(&hub, &town, Some(at)).0, want);
    let (now, _) = snapshot(&hub, &town, None);
    assert_eq!(now.get(&east_device), Some(&9));
    assert_eq!(now.get(&west_device), Some(&6));

    // 西村's own device sees only 西村.
    let (west_view, _) = snapshot(&hub, &west, None);
    assert_eq!(west_view, [(west_device, 6)].into());
}
