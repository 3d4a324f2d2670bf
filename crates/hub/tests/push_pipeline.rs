//! The pipelined push (two requests on the wire) keeps the guarantees that
//! matter: every batch reaches the hub whole, nothing new is sent after a
//! failed batch (only batches already taken for sending may still land),
//! the laptop's checkpoint stops before the failed batch, and the next
//! exchange resumes from there without losing a change (what had landed
//! early counts as a duplicate).

mod common;

use common::*;
use cunwu_hub::local::LocalTransport;
use cunwu_hub::Hub;
use cunwu_sync::client::push;
use cunwu_sync::protocol::{
    ChainAlarm, EnrollRequest, EnrollResponse, PullRequest, PullResponse, PushAck, PushBatch, Role,
    SnapshotPage, SnapshotRequest, VectorRequest, VectorResponse,
};
use cunwu_sync::transport::Transport;
use cunwu_sync::{codec, SyncError, SyncOptions};
use std::sync::{Arc, Mutex};

/// The in-process hub behind a link that cuts the push of the batch
/// starting at counter `cut_first` (0: never), recording the counters of
/// every batch it carried.
struct Link {
    inner: LocalTransport,
    cut_first: u64,
    /// The hub reports a broken voucher chain in the ack of the batch
    /// starting at this counter (0: never).
    alarm_first: u64,
    sent: Mutex<Vec<Vec<u64>>>,
}

impl Link {
    fn new(hub: &Arc<Hub>, lap: &Laptop, cut_first: u64) -> Link {
        Link {
            inner: LocalTransport::new(hub.clone(), token(&lap.store)),
            cut_first,
            alarm_first: 0,
            sent: Mutex::new(Vec::new()),
        }
    }
    /// The batches carried, in counter order.
    fn sent(&self) -> Vec<Vec<u64>> {
        let mut sent = self.sent.lock().map(|s| s.clone()).unwrap_or_default();
        sent.sort();
        sent
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
        let first = batch.changes.first().map_or(0, |c| c.id.counter);
        self.sent
            .lock()
            .map_err(|_| SyncError::Network("lock".into()))?
            .push(batch.changes.iter().map(|c| c.id.counter).collect());
        if first == self.cut_first {
            return Err(SyncError::Network("连接中断".into()));
        }
        let mut ack = self.inner.push_frame(frame)?;
        if first == self.alarm_first {
            ack.chain_breaks.push(ChainAlarm {
                device: "出纳电脑".into(),
                seq: 2,
                message: "凭证 2 的前一张哈希对不上".into(),
            });
        }
        Ok(ack)
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

    // The third batch (counters 9–12) is cut: the two before it are stored
    // and acknowledged; of those after it, only ones already taken for
    // sending (at most two: three batches are ever unacknowledged) went out.
    let cut = Link::new(&hub, &lap, 9);
    let r = push(&mut lap.store, &cut, opts);
    assert!(matches!(r, Err(SyncError::Network(_))), "{r:?}");
    let sent = cut.sent();
    let batch = |b: u64| (b * 4 + 1..=b * 4 + 4).collect::<Vec<u64>>();
    assert!(sent.len() >= 3 && sent.len() <= 5, "{sent:?}");
    for (b, s) in sent.iter().enumerate() {
        assert_eq!(*s, batch(b as u64), "whole batches, none skipped: {sent:?}");
    }
    let landed_early = sent.len() as u64 - 3;
    assert_eq!(hub_vector(&hub, &lap), 8, "held up to the cut");
    assert_eq!(ok(lap.store.pending_changes()), total - 8);

    // The next exchange resumes after the last acknowledged batch.
    let link = Link::new(&hub, &lap, 0);
    let report = ok(push(&mut lap.store, &link, opts));
    let resent = link.sent();
    assert_eq!(resent.first().and_then(|b| b.first()).copied(), Some(9));
    let counters: Vec<u64> = resent.concat();
    assert_eq!(counters, (9..=total).collect::<Vec<_>>());
    assert_eq!(report.pushed, total - 8 - 4 * landed_early);
    assert_eq!(report.push_duplicates, 4 * landed_early);
    assert_eq!(report.push_batches, resent.len() as u64);
    assert_eq!(hub_vector(&hub, &lap), total);
    assert_eq!(ok(lap.store.pending_changes()), 0);
}

#[test]
fn a_chain_break_acknowledged_before_a_cut_is_kept() {
    let (hub, mut lap, _d) = hub_and_laptop("程鹏", Role::Leader);
    for i in 0..4 {
        add_household(&mut lap.store, &format!("H{i:03}"), "张三");
    }
    let opts = SyncOptions {
        push_batch: 4,
        ..SyncOptions::default()
    };
    // The first batch's ack reports a break; the second batch is cut.
    let mut link = Link::new(&hub, &lap, 5);
    link.alarm_first = 1;
    assert!(push(&mut lap.store, &link, opts).is_err());
    let kept = ok(cunwu_sync::client::unkept_chain_breaks(&lap.store));
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!((kept[0].device.as_str(), kept[0].seq), ("出纳电脑", 2));
    // Once a front end has kept them, they are forgotten here.
    ok(cunwu_sync::client::forget_chain_breaks(&lap.store));
    assert!(ok(cunwu_sync::client::unkept_chain_breaks(&lap.store)).is_empty());
}
