//! Pushing one device's changes in bounded batches, pipelined: while the
//! hub merges batch n, this device already reads and encodes batch n+1 (the
//! hub is another machine, or at least another process). The requests
//! themselves still go one at a time and in order, from one sender thread,
//! so the hub sees exactly the sequence of batches an unpipelined push
//! sends; and each batch is checkpointed only once its ack has come back,
//! in order. A failed batch stops the sender before anything after it is
//! sent, and the device resumes from the last checkpoint next time.

use crate::client::{SyncOptions, SyncReport};
use crate::codec;
use crate::enrollment::{keys, meta_num};
use crate::error::{Result, SyncError};
use crate::protocol::{PushAck, PushBatch};
use crate::transport::Transport;
use cunwu_core::change::Change;
use cunwu_store::Store;
use std::sync::mpsc;

/// Batches read and encoded ahead of the acks: one on the wire, one ready.
const AHEAD: usize = 2;

/// A batch handed to the sender: its last counter and its frame.
type Outgoing = (u64, Vec<u8>);

/// Push `device`'s changes after `after`, batch by batch, each checkpointed
/// once acknowledged.
pub(crate) fn push_device(
    store: &mut Store,
    transport: &(dyn Transport + Sync),
    device: &str,
    after: u64,
    opts: SyncOptions,
    report: &mut SyncReport,
) -> Result<()> {
    std::thread::scope(|scope| {
        let (outbox, inbox) = mpsc::sync_channel::<Outgoing>(AHEAD);
        let (ack_tx, acks) = mpsc::channel::<(u64, Result<PushAck>)>();
        scope.spawn(move || {
            for (last, frame) in inbox {
                let ack = transport.push_frame(&frame);
                let failed = ack.is_err();
                // Nothing after a failed batch is sent.
                if ack_tx.send((last, ack)).is_err() || failed {
                    return;
                }
            }
        });
        // Dropping `outbox` (on return, error or not) ends the sender after
        // the request it is making, if any; the scope waits for it.
        pump(store, device, after, opts, report, &outbox, &acks)
    })
}

/// Read, encode and hand over batches, keeping at most [`AHEAD`] unacked,
/// and checkpoint each ack as it arrives.
fn pump(
    store: &mut Store,
    device: &str,
    mut after: u64,
    opts: SyncOptions,
    report: &mut SyncReport,
    outbox: &mpsc::SyncSender<Outgoing>,
    acks: &mpsc::Receiver<(u64, Result<PushAck>)>,
) -> Result<()> {
    let mut in_flight = 0usize;
    let mut read_all = false;
    loop {
        if !read_all && in_flight < AHEAD {
            let mut batch = store.changes_by_device(device, after, opts.push_batch.max(1))?;
            trim_to_bytes(&mut batch, opts.push_bytes);
            match batch.last().map(|c| c.id.counter) {
                None => read_all = true,
                Some(last) => {
                    let frame = codec::encode(&PushBatch {
                        sent_ms: store.now_ms(),
                        changes: batch,
                    });
                    outbox.send((last, frame)).map_err(|_| stopped())?;
                    after = last;
                    in_flight += 1;
                }
            }
            continue;
        }
        if in_flight == 0 {
            return Ok(());
        }
        let (last, ack) = acks.recv().map_err(|_| stopped())?;
        in_flight -= 1;
        checkpoint(store, device, last, ack?, report)?;
    }
}

/// The sender thread ended without an answer (it cannot, short of a panic).
fn stopped() -> SyncError {
    SyncError::Network("上传中断，请再同步一次".into())
}

/// The hub committed a batch ending at `last`: record it.
fn checkpoint(
    store: &mut Store,
    device: &str,
    last: u64,
    ack: PushAck,
    report: &mut SyncReport,
) -> Result<()> {
    store.meta_set(
        &format!("{}{device}", keys::PUSHED_PREFIX),
        &last.to_string(),
    )?;
    if device == store.device_id() {
        let acked = ack.vector.get(device).copied().unwrap_or(0).max(last);
        let prev = meta_num::<u64>(store, keys::PUSHED_COUNTER)?.unwrap_or(0);
        store.meta_set(
            keys::PUSHED_COUNTER,
            &acked.max(prev).min(store.local_counter()).to_string(),
        )?;
    }
    report.push_batches += 1;
    report.pushed += ack.accepted;
    report.push_duplicates += ack.duplicates;
    report.quarantined.extend(ack.quarantined);
    // Kept with the checkpoint: a later batch that fails must not lose
    // them, and the hub does not report them again for this batch.
    crate::client::keep_chain_breaks(store, &ack.chain_breaks)?;
    report.chain_breaks.extend(ack.chain_breaks);
    Ok(())
}

/// Keep at least one change, then as many as fit in `budget` bytes.
fn trim_to_bytes(batch: &mut Vec<Change>, budget: usize) {
    let mut used = 0usize;
    let keep = batch
        .iter()
        .position(|c| {
            used = used.saturating_add(json_len(&c.value) + c.entity_id.len() + 64);
            used > budget
        })
        .map_or(batch.len(), |i| i.max(1));
    batch.truncate(keep);
}

/// The length of a value's JSON text, counted without writing it (string
/// escapes counted as their plain length: an estimate for the budget).
fn json_len(v: &serde_json::Value) -> usize {
    use serde_json::Value;
    match v {
        Value::Null => 4,
        Value::Bool(b) => 4 + usize::from(!*b),
        Value::Number(n) => n.to_string().len(),
        Value::String(s) => s.len() + 2,
        Value::Array(a) => 2 + a.len().saturating_sub(1) + a.iter().map(json_len).sum::<usize>(),
        Value::Object(o) => {
            2 + o.len().saturating_sub(1)
                + o.iter()
                    .map(|(k, v)| k.len() + 3 + json_len(v))
                    .sum::<usize>()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_len_counts_plain_json_exactly() {
        for v in [
            serde_json::json!(null),
            serde_json::json!(true),
            serde_json::json!(false),
            serde_json::json!(-12.5),
            serde_json::json!("第3村民小组"),
            serde_json::json!([]),
            serde_json::json!({}),
            serde_json::json!({"id": "v1", "visitors": ["王", "李"], "n": 3, "note": null}),
        ] {
            assert_eq!(json_len(&v), v.to_string().len(), "{v}");
        }
    }
}
