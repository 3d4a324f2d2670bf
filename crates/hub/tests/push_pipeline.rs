//! The pipelined push keeps the unpipelined guarantees: batches reach the
//! hub one at a time and in counter order, nothing after a failed batch is
//! sent even though the laptop already read and encoded it, the laptop's
//! checkpoint stops at the last acknowledged batch, and the next exchange
//! resumes from there without losing or duplicating a change.

mod common;

use common::*;
use cunwu_hub::local::LocalTransport;
use cunwu_hub::Hub;
use cunwu_sync::client::push;
use cunwu_sync::protocol::{
    EnrollRequest, EnrollResponse, PullRequest, PullResponse, PushAck, PushBatch, Role,
    SnapshotPage, SnapshotRequest, VectorRequest, VectorResponse,
};
use cunwu_sync::transport::Transport;
use cunwu_sync::{codec, SyncError, SyncOptions};
use std::sync::{Arc, Mutex};

/// The in-process hub behind a link that is cut at the `cut_at`-th push
/// (1-based; 0 never), recording the counters of every batch it carried.
struct Link {
    inner: LocalTransport,
    cut_at: usize,
    sent: Mutex<Vec<Vec<u64>>>,
}

impl Link {
    fn new(hub: &Arc<Hub>, lap: &Laptop, cut_at: usize) -> Link {
        Link {
            inner: LocalTransport::new(hub.clone(), token(&lap.store)),
            cut_at,
            sent: Mutex::new(Vec::new()),
        }
    }
    fn sent(&self) -> Vec<Vec<u64>> {
        self.sent.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

impl Transport for Link {
    fn enroll(&self, req: &EnrollRequest) -> Result<EnrollResponse, SyncError> {
        self.inner.enroll(req)
    }
    fn vector(&self, req: &VectorRequest) -> Result<VectorResponse, SyncError> {
        self.inner.vector(req)
    }
    fn push(&self, batch: &PushBatch) -> Result<PushAck, SyncError> {
        self.push_frame(&codec::encode(batch))
    }
    fn push_frame(&self, frame: &[u8]) -> Result<PushAck, SyncError> {
        let batch: PushBatch = codec::decode(frame)?;
        let n = {
            let mut sent = self
                .sent
                .lock()
                .map_err(|_| SyncError::Network("lock".into()))?;
            sent.push(batch.changes.iter().map(|c| c.id.counter).collect());
            sent.len()
        };
        if n == self.cut_at {
            return Err(SyncError::Network("连接中断".into()));
        }
        self.inner.push_frame(frame)
    }
    fn pull(&self, req: &PullRequest) -> Result<PullResponse, SyncError> {
        self.inner.pull(req)
    }
    fn snapshot(&self, req: &SnapshotRequest) -> Result<SnapshotPage, SyncError> {
        self.inner.snapshot(req)
    }
}

fn hub_vector(hub: &Arc<Hub>, lap: &Laptop) -> u64 {
    let t = LocalTransport::new(hub.clone(), token(&lap.store));
    let device = lap.store.device_id().to_string();
    let r = ok(t.vector(&VectorRequest {
        devices: vec![device.clone()],
    }));
    r.vector.get(&device).copied().unwrap_or(0)
}

#[test]
fn a_cut_push_stops_at_the_failed_batch_and_the_next_one_resumes_there() {
    let (hub, mut lap, _d) = hub_and_laptop("程鹏", Role::Leader);
    for i in 0..10 {
        add_household(&mut lap.store, &format!("H{i:03}"), "张三");
    }
    let total = lap.store.local_counter();
    assert!(total >= 30, "{total} changes");
    let opts = SyncOptions {
        push_batch: 4,
        ..SyncOptions::default()
    };

    // The third batch is cut: two are stored and acknowledged.
    let cut = Link::new(&hub, &lap, 3);
    let r = push(&mut lap.store, &cut, opts);
    assert!(matches!(r, Err(SyncError::Network(_))), "{r:?}");
    let sent = cut.sent();
    assert_eq!(sent.len(), 3, "nothing after the failed batch: {sent:?}");
    let expected: Vec<Vec<u64>> = (0..3u64)
        .map(|b| (b * 4 + 1..=b * 4 + 4).collect())
        .collect();
    assert_eq!(sent, expected, "in order, one batch after the other");
    assert_eq!(hub_vector(&hub, &lap), 8);
    assert_eq!(ok(lap.store.pending_changes()), total - 8);

    // The next exchange resumes after the last acknowledged batch.
    let link = Link::new(&hub, &lap, 0);
    let report = ok(push(&mut lap.store, &link, opts));
    let resent = link.sent();
    assert_eq!(resent.first().and_then(|b| b.first()).copied(), Some(9));
    let counters: Vec<u64> = resent.concat();
    assert_eq!(counters, (9..=total).collect::<Vec<_>>());
    assert_eq!(report.pushed, total - 8);
    assert_eq!(report.push_duplicates, 0);
    assert_eq!(report.push_batches, resent.len() as u64);
    assert_eq!(hub_vector(&hub, &lap), total);
    assert_eq!(ok(lap.store.pending_changes()), 0);
}
