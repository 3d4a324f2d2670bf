//! Pushing one device's changes in bounded batches, pipelined: while the
//! hub merges batch n, this device already reads and encodes batch n+1 and
//! has it on the wire, so the hub receives and decodes n+1 while it merges
//! n (the hub is another machine, or at least another process; decoding a
//! batch was a fifth of the hub's time per batch).
//!
//! At most [`ON_WIRE`] requests are in flight, from as many sender threads.
//! The hub may therefore commit two batches in either order; it keeps each
//! device's vector at the highest counter below which it holds everything,
//! so a batch merged early is held as a gap until the one before it lands.
//! Each batch is checkpointed here only once its ack and the acks of every
//! batch before it have come back, in order. After a failed batch nothing
//! new is sent (a batch already on the wire may still land; the next
//! exchange sends it again and the hub counts it a duplicate), and the
//! device resumes from the last checkpoint next time.

use crate::client::{SyncOptions, SyncReport};
use crate::codec;
use crate::enrollment::{keys, meta_num};
use crate::error::{Result, SyncError};
use crate::protocol::{PushAck, PushBatch};
use crate::transport::Transport;
use cunwu_core::change::Change;
use cunwu_store::Store;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};

/// Requests in flight at once (one sender thread each).
const ON_WIRE: usize = 2;

/// Batches read and encoded ahead of the acks: those on the wire and one ready.
const AHEAD: usize = ON_WIRE + 1;

/// A batch handed to the senders: its place in the push, its last counter
/// and its frame.
type Outgoing = (usize, u64, Vec<u8>);

/// A batch's answer: its place, its last counter and the hub's ack.
type Answer = (usize, u64, Result<PushAck>);

/// Push `device`'s changes after `after`, batch by batch, each checkpointed
/// once it and every batch before it are acknowledged.
pub(crate) fn push_device(
    store: &mut Store,
    transport: &(dyn Transport + Sync),
    device: &str,
    after: u64,
    opts: SyncOptions,
    report: &mut SyncReport,
) -> Result<()> {
    let (outbox, inbox) = mpsc::sync_channel::<Outgoing>(AHEAD);
    let inbox = Mutex::new(inbox);
    // The lowest batch that failed; a batch after it is not sent.
    let failed_at = AtomicUsize::new(usize::MAX);
    let (ack_tx, acks) = mpsc::channel::<Answer>();
    std::thread::scope(|scope| {
        for _ in 0..ON_WIRE {
            let (inbox, failed_at, ack_tx) = (&inbox, &failed_at, ack_tx.clone());
            scope.spawn(move || loop {
                let next = match inbox.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                let Ok((i, last, frame)) = next else { return };
                let ack = if i > failed_at.load(Ordering::SeqCst) {
                    Err(not_sent())
                } else {
                    transport.push_frame(&frame)
                };
                if ack.is_err() {
                    failed_at.fetch_min(i, Ordering::SeqCst);
                }
                // Every batch taken is answered, sent or not.
                if ack_tx.send((i, last, ack)).is_err() {
                    return;
                }
            });
        }
        drop(ack_tx);
        // Dropping `outbox` (on return, error or not) ends the senders after
        // the requests they are making, if any; the scope waits for them.
        let pushed = pump(store, device, after, opts, report, &outbox, &acks);
        drop(outbox);
        pushed
    })
}

/// Read, encode and hand over batches, keeping at most [`AHEAD`] unacked,
/// and checkpoint the acks in batch order as they complete it.
fn pump(
    store: &mut Store,
    device: &str,
    mut after: u64,
    opts: SyncOptions,
    report: &mut SyncReport,
    outbox: &mpsc::SyncSender<Outgoing>,
    acks: &mpsc::Receiver<Answer>,
) -> Result<()> {
    // Changes the hub refused stay in their batches: a device's hash chain
    // runs through them, so the hub could not verify the changes after them
    // otherwise. The hub moves its own device's vector past a refusal, so
    // they are not sent again; they stay listed in `cunwu sync status`.
    let (mut sent, mut done) = (0usize, 0usize);
    let mut early: BTreeMap<usize, (u64, Result<PushAck>)> = BTreeMap::new();
    let mut read_all = false;
    loop {
        if !read_all && sent - done < AHEAD {
            match next_batch(store, device, after, opts)? {
                None => read_all = true,
                Some((batch, seals)) => {
                    let last = batch.last().map_or(after, |c| c.id.counter);
                    let public_key = if device == store.device_id() {
                        Some(crate::seal::public_key(store)?)
                    } else {
                        None
                    };
                    let frame = codec::encode(&PushBatch {
                        sent_ms: store.now_ms(),
                        changes: batch,
                        seals,
                        public_key,
                    });
                    outbox.send((sent, last, frame)).map_err(|_| stopped())?;
                    after = last;
                    sent += 1;
                }
            }
            continue;
        }
        if done == sent {
            return Ok(());
        }
        let (i, last, ack) = acks.recv().map_err(|_| stopped())?;
        early.insert(i, (last, ack));
        // Checkpoint batches in order, as far as their answers are here.
        while let Some((last, ack)) = early.remove(&done) {
            done += 1;
            checkpoint(store, device, last, ack?, report)?;
        }
    }
}

/// A batch and the seals that prove it.
type Sealed = (Vec<Change>, Vec<crate::protocol::Seal>);

/// The next batch of `device`'s changes after its counter `after`, with
/// the seals that prove them. This device's own changes are signed here;
/// another device's are carried only as runs that end at a seal its author
/// signed (kept from a bundle or a pull), starting at the kept seal at or
/// before `after` (a few changes the hub holds may be sent again). `None`
/// when nothing more can be sent.
fn next_batch(
    store: &Store,
    device: &str,
    after: u64,
    opts: SyncOptions,
) -> Result<Option<Sealed>> {
    use crate::protocol::Seal;
    use crate::seal;
    if device == store.device_id() {
        let mut batch = store.changes_by_device(device, after, opts.push_batch.max(1))?;
        trim_to_bytes(&mut batch, opts.push_bytes);
        if batch.is_empty() {
            return Ok(None);
        }
        let seals = seal::seal_own_run(store, after, &batch)?;
        return Ok(Some((batch, seals)));
    }
    let kept = seal::relayable_seals(store, device)?;
    let (start, anchor) = kept.iter().rev().find(|s| s.counter <= after).map_or(
        (
            0,
            cunwu_core::change_chain::to_hex(&cunwu_core::change_chain::GENESIS),
        ),
        |s| (s.counter, s.chain.clone()),
    );
    let limit = (opts.push_batch.max(1) as u64).max(seal::STRIDE);
    let ends: Vec<&Seal> = kept.iter().filter(|s| s.counter > after).collect();
    let Some(end) = ends
        .iter()
        .rev()
        .find(|s| s.counter - start <= limit)
        .or_else(|| ends.first())
        .map(|s| s.counter)
    else {
        return Ok(None);
    };
    let batch = store.changes_by_device(
        device,
        start,
        usize::try_from(end - start).unwrap_or(usize::MAX),
    )?;
    let whole = batch.first().map(|c| c.id.counter) == Some(start + 1)
        && batch.last().map(|c| c.id.counter) == Some(end)
        && batch.len() as u64 == end - start;
    if !whole {
        // This laptop lacks part of the run (it loaded a snapshot): the hub
        // gets those changes from their author or another carrier.
        return Ok(None);
    }
    let mut seals = vec![Seal {
        device: device.to_string(),
        counter: start,
        chain: anchor,
        sig: String::new(),
    }];
    seals.extend(
        kept.into_iter()
            .filter(|s| s.counter > start && s.counter <= end),
    );
    Ok(Some((batch, seals)))
}

/// A batch after a failed one, not sent (never reported: the failed batch
/// comes first in order).
fn not_sent() -> SyncError {
    SyncError::Network("前一批上传没有成功，这一批没有发送，请再同步一次".into())
}

/// The senders ended without an answer (they cannot, short of a panic).
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
    // Kept with the checkpoint: listed by `sync status` and the 同步 page,
    // and not sent again.
    store.keep_refused(
        &ack.refused
            .iter()
            .map(|r| (r.id.clone(), r.message.clone()))
            .collect::<Vec<_>>(),
    )?;
    report.refused.extend(ack.refused);
    // Kept with the checkpoint: a later batch that fails must not lose them.
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
