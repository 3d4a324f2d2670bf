//! A fresh device's first pull: the hub's compacted snapshot, page by
//! page. The next page is downloaded and decoded on a second thread while
//! this one writes the current page, so the hub's query and the transfer
//! overlap with the store's work; pages are still applied and
//! checkpointed strictly in order.

use crate::client::{check_scope, SyncOptions, SyncReport};
use crate::enrollment::{keys, Enrollment};
use crate::error::Result;
use crate::protocol::{SnapshotPage, SnapshotRequest};
use crate::transport::Transport;
use cunwu_store::Store;

/// Changes in the first page of a snapshot.
const FIRST_PAGE: u32 = 2_000;

/// Download a snapshot's pages on a second thread while this one applies
/// them, so the hub's query, the transfer and the decoding of the next
/// page overlap with writing this one. At most one page waits; pages are
/// applied and checkpointed in order, so a cut leaves the same checkpoints
/// as fetching one page at a time.
pub(crate) fn load(
    store: &mut Store,
    transport: &(dyn Transport + Sync),
    enrolled: &Enrollment,
    opts: SyncOptions,
    (at, after): (Option<u64>, u64),
    report: &mut SyncReport,
) -> Result<()> {
    // The pages' log is folded back on a thread of its own meanwhile (only
    // a speed-up: without it SQLite checkpoints in the commits, as always).
    let _checkpoints = store.background_checkpoints().ok();
    let (sender, pages) = std::sync::mpsc::sync_channel::<Result<SnapshotPage>>(1);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let (mut at, mut after) = (at, after);
            // A small first page, so writing starts while the hub still
            // reads the next; full pages after it.
            let mut limit = opts.snapshot_batch.min(FIRST_PAGE);
            loop {
                let page = transport.snapshot(&SnapshotRequest { at, after, limit });
                limit = opts.snapshot_batch;
                let more = match &page {
                    Ok(p) => {
                        (at, after) = (Some(p.at), p.next_after);
                        p.more
                    }
                    Err(_) => false,
                };
                // A refused send: the applying side stopped on an error.
                if sender.send(page).is_err() || !more {
                    return;
                }
            }
        });
        for page in pages {
            let page = page?;
            check_scope(enrolled, &page.changes)?;
            let r = if page.more {
                let r = store.apply_snapshot_page(&page.changes)?;
                store.meta_set(keys::SNAPSHOT, &format!("{},{}", page.at, page.next_after))?;
                r
            } else {
                let r = store.apply_snapshot(&page.changes, &page.vector)?;
                store.meta_set(keys::PULL_CURSOR, &page.at.to_string())?;
                store.meta_set(keys::SNAPSHOT, "")?;
                report.cursor = page.at;
                r
            };
            report.pulled += r.applied as u64;
            report.pull_duplicates += r.duplicates as u64;
        }
        Ok(())
    })
}
