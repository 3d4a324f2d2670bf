//! A database restored from a copy never forks its device's history.
//!
//! At every exchange the laptop compares what the hub holds of its own
//! device with what it holds and what the hub acknowledged to it
//! ([`check_own_history`]). The hub holding more of this device than this
//! database ever wrote, or holding other content under the counters this
//! database wrote since its last acknowledged push, means the database was
//! restored from an older copy (by `cunwu restore`, or a file copied back
//! by hand) and its device id was used on past the copy. The laptop then
//! takes a new device identity before it writes anything more
//! ([`take_new_identity`]: the store's `take_new_identity` sets aside its
//! colliding changes, and the sync cursors are reset in the same step), moves
//! its enrollment at the hub to the new id ([`finish_move`]), pulls its own
//! earlier changes back (now another device's, so the hub no longer leaves
//! them out), and only then writes the set-aside changes again under the new
//! id (`Store::reissue_set_aside`, after a complete pull).
//!
//! Taking a new identity is kept in this one function so that what a new
//! identity needs (a device key pair, when changes are signed) is added in
//! one place.

use crate::enrollment::{self, keys, meta_num};
use crate::error::{Result, SyncError};
use crate::protocol::MoveDeviceRequest;
use crate::transport::Transport;
use cunwu_store::{NewIdentity, Store};

/// Meta key: the device id whose enrollment must still be moved at the hub
/// to this database's (new) id.
pub const MOVE_FROM_KEY: &str = "sync.move_from";

/// Give this database a new device identity: its own changes above
/// `keep_upto` are set aside to be written again after the next complete
/// pull; the pull cursor is reset so the old id's changes (now another
/// device's) come back; an enrolled laptop moves its enrollment to the new
/// id at the next contact with the hub ([`finish_move`]).
pub fn take_new_identity(store: &mut Store, keep_upto: u64) -> Result<NewIdentity> {
    // A move already pending (a new identity taken twice before syncing)
    // keeps the id the hub knows.
    let hub_knows = store
        .meta_get(MOVE_FROM_KEY)?
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| store.device_id().to_string());
    take_new_identity_enrolled_as(store, keep_upto, &hub_knows)
}

/// [`take_new_identity`] for a database whose enrollment at the hub is
/// under `enrolled_as` (a restore that keeps the laptop's current
/// enrollment names the id that enrollment belongs to).
pub fn take_new_identity_enrolled_as(
    store: &mut Store,
    keep_upto: u64,
    enrolled_as: &str,
) -> Result<NewIdentity> {
    let enrolled = enrollment::load(store)?.is_some();
    let mut meta: Vec<(&str, &str)> = vec![
        (keys::PULL_CURSOR, ""),
        (keys::SNAPSHOT, ""),
        (keys::PUSHED_COUNTER, "0"),
    ];
    if enrolled {
        meta.push((MOVE_FROM_KEY, enrolled_as));
    }
    Ok(store.take_new_identity(keep_upto, &meta)?)
}

/// Move the enrollment to this database's new device id, if a new
/// identity was taken since the last contact with the hub.
pub fn finish_move(store: &Store, transport: &dyn Transport) -> Result<()> {
    let Some(from) = store.meta_get(MOVE_FROM_KEY)?.filter(|s| !s.is_empty()) else {
        return Ok(());
    };
    if enrollment::load(store)?.is_none() {
        store.meta_set(MOVE_FROM_KEY, "")?;
        return Ok(());
    }
    let resp = transport.move_device(&MoveDeviceRequest {
        new_device_id: store.device_id().to_string(),
    })?;
    if resp.device_id != store.device_id() {
        return Err(SyncError::malformed(format!(
            "乡镇服务器把登记改到了 {}，而不是这台电脑的新编号（原编号 {from}）",
            resp.device_id
        )));
    }
    store.meta_set(MOVE_FROM_KEY, "")?;
    Ok(())
}

/// Compare the hub's count of this device's changes (`hub_own`, from its
/// vector) with this database's. `Some` when the database turned out to be
/// restored from a copy and took a new identity (then plan the exchange
/// again).
pub fn check_own_history(
    store: &mut Store,
    transport: &dyn Transport,
    hub_own: u64,
    batch: usize,
) -> Result<Option<NewIdentity>> {
    let own = store.device_id().to_string();
    let local = store.version_vector()?.get(&own).copied().unwrap_or(0);
    let acked = meta_num::<u64>(store, keys::PUSHED_COUNTER)?.unwrap_or(0);
    if hub_own <= acked {
        return Ok(None);
    }
    // The hub holds changes of this device that this database does not
    // know it sent: an acknowledgement lost on the way (the same changes),
    // or a restored copy (other changes under the same ids).
    let forked = if hub_own > local {
        true
    } else {
        !hub_holds_the_same(store, transport, &own, acked, hub_own, batch)?
    };
    if !forked {
        return Ok(None);
    }
    let keep_upto = acked.min(local);
    let taken = take_new_identity(store, keep_upto)?;
    finish_move(store, transport)?;
    Ok(Some(taken))
}

/// Push this device's changes in `(after, upto]` again: the hub answers
/// duplicates if it holds the same ones, and refuses (409) a reused id with
/// other content.
fn hub_holds_the_same(
    store: &Store,
    transport: &dyn Transport,
    device: &str,
    mut after: u64,
    upto: u64,
    batch: usize,
) -> Result<bool> {
    while after < upto {
        let mut changes = store.changes_by_device(device, after, batch.max(1))?;
        changes.retain(|c| c.id.counter <= upto);
        let Some(last) = changes.last().map(|c| c.id.counter) else {
            return Ok(true);
        };
        match transport.push(&crate::seal::sealed_batch(store, store.now_ms(), changes)?) {
            // A reused id with other content: the whole batch refused (409),
            // or, carried on by another laptop, refused by id as a fork.
            Ok(ack) if ack.refused.iter().any(|r| r.message.contains("分叉")) => {
                return Ok(false)
            }
            Ok(_) => {}
            Err(SyncError::Conflict(_)) => return Ok(false),
            Err(e) => return Err(e),
        }
        after = last;
    }
    Ok(true)
}

/// What a front end tells the person after a new identity was taken.
pub fn notice(taken: &NewIdentity) -> String {
    let mut s = format!(
        "这台电脑的数据库是从较早的副本恢复的：乡镇服务器上已有原设备编号 {} 之后记下的修改。为了不让两份不同的记录用同一个编号，这台电脑已改用新的设备编号 {}，原编号的全部修改已从乡镇服务器取回",
        short(&taken.old_device),
        short(&taken.new_device)
    );
    if taken.set_aside > 0 {
        s.push_str(&format!(
            "；恢复后在这台电脑上新记的 {} 条修改先放在一边，取回后用新编号重新记入（内容不变，服务器上已有的不重复记）",
            taken.set_aside
        ));
    }
    s.push('。');
    s
}

fn short(id: &str) -> &str {
    &id[..8.min(id.len())]
}
