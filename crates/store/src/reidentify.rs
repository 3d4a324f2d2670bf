//! A new device identity for a database restored from a copy (by
//! `cunwu restore`, or a file copied back by hand): the copy's device id
//! may already have been used past the copy's last counter, by the same
//! laptop before the restore, and those changes may be at the hub. Writing
//! on under that id would reuse a change id with other content.
//!
//! [`Store::take_new_identity`] makes a new device id; the old one becomes
//! a device like any other (its changes here are kept as foreign, so the
//! hub's later ones come back at the next pull). Changes of the old id
//! past `keep_upto` — made here after the restore, and colliding with the
//! old id's changes elsewhere — are taken out of the log (the database is
//! rebuilt from the rest of its changes, which is what its tables are a
//! function of) and set aside; [`Store::reissue_set_aside`] writes them
//! again under the new id, same content, once the old id's changes are
//! back (any it then holds identically are not written twice). Entity ids
//! the set-aside changes minted from the old id's counters are minted anew,
//! and every reference to them in the set-aside changes follows.
//!
//! This is the one place a database changes identity; a device key pair
//! (signatures) made for the new identity belongs here too.

use crate::device::{meta_get, meta_set};
use crate::{Draft, Error, Result, Store};
use cunwu_core::change::Change;
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Meta key: changes set aside by [`Store::take_new_identity`], JSON.
pub const SET_ASIDE_KEY: &str = "restore.set_aside";

/// Changes per page while a database is rebuilt.
const REBUILD_PAGE: usize = 5000;

/// What taking a new identity did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NewIdentity {
    /// The device id given up (its changes here are kept as foreign).
    pub old_device: String,
    /// The new device id.
    pub new_device: String,
    /// Changes of the old id taken out and set aside to be written again.
    pub set_aside: usize,
}

/// The 10-hex prefix entity ids minted on a device start with.
fn id_prefix(device: &str) -> &str {
    &device[..10.min(device.len())]
}

impl Store {
    /// Give this database a new device identity before it writes anything
    /// more. Its own changes with counter above `keep_upto` are set aside
    /// (see the module docs); `meta` entries are written in the same step
    /// (sync resets its cursors there, so a cut leaves nothing half-done).
    pub fn take_new_identity(
        &mut self,
        keep_upto: u64,
        meta: &[(&str, &str)],
    ) -> Result<NewIdentity> {
        self.refresh_position()?;
        let old = self.device_id.clone();
        let counter = self.counter;
        let aside = self.changes_by_device(&old, keep_upto, usize::MAX >> 1)?;
        let new = if aside.is_empty() {
            self.new_identity_in_place(counter, meta)?
        } else {
            let mut all_aside = self.set_aside_changes()?;
            all_aside.extend(aside.iter().cloned());
            let json = serde_json::to_string(&all_aside).map_err(|e| {
                Error::Domain(cunwu_core::Error::Rule(format!("变更无法暂存：{e}")))
            })?;
            let mut meta: Vec<(&str, &str)> = meta.to_vec();
            meta.push((SET_ASIDE_KEY, &json));
            self.rebuild_without(&old, keep_upto, &meta)?
        };
        Ok(NewIdentity {
            old_device: old,
            new_device: new,
            set_aside: aside.len(),
        })
    }

    /// Changes set aside by [`Store::take_new_identity`] and not yet
    /// written again.
    pub fn set_aside_changes(&self) -> Result<Vec<Change>> {
        Ok(meta_get(&self.conn, SET_ASIDE_KEY)?
            .filter(|s| !s.is_empty())
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default())
    }

    /// Write the set-aside changes again under this device's id, same
    /// content, in one transaction; one this database now holds unchanged
    /// under its old id (the hub had it) is not written twice. Returns how
    /// many were written.
    pub fn reissue_set_aside(&mut self) -> Result<usize> {
        let aside = self.set_aside_changes()?;
        if aside.is_empty() {
            return Ok(0);
        }
        let mut pending = Vec::new();
        for c in aside {
            let held = self
                .changes_by_device(&c.id.device, c.id.counter - 1, 1)?
                .into_iter()
                .next()
                .filter(|h| h.id == c.id);
            if held.as_ref() != Some(&c) {
                pending.push(c);
            }
        }
        let written = self.commit_local_with(|s| {
            let base = s.local_counter();
            let mut minted: BTreeMap<String, String> = BTreeMap::new();
            for (i, c) in pending.iter().enumerate() {
                minted.insert(
                    format!("{}-{}", id_prefix(&c.id.device), c.id.counter),
                    format!("{}-{}", id_prefix(s.device_id()), base + 1 + i as u64),
                );
            }
            s.meta_set(SET_ASIDE_KEY, "")?;
            Ok(pending
                .iter()
                .map(|c| Draft {
                    entity: c.entity.clone(),
                    entity_id: remap_str(&c.entity_id, &minted),
                    field: c.field.clone(),
                    value: remap_json(&c.value, &minted),
                })
                .collect())
        })?;
        Ok(written.len())
    }

    /// A new id when nothing of the old one is set aside: one transaction.
    fn new_identity_in_place(&mut self, counter: u64, meta: &[(&str, &str)]) -> Result<String> {
        let new = crate::device::new_device_id();
        let tx = self.conn.transaction()?;
        meta_set(&tx, "previous_device_id", &self.device_id)?;
        if counter > 0 {
            tx.execute(
                "INSERT INTO device_progress(device, contiguous) VALUES (?1, ?2)
                 ON CONFLICT(device) DO UPDATE SET contiguous = max(contiguous, excluded.contiguous)",
                rusqlite::params![self.device_id, counter as i64],
            )?;
        }
        meta_set(&tx, "device_id", &new)?;
        for (k, v) in meta {
            meta_set(&tx, k, v)?;
        }
        tx.commit()?;
        self.reload_identity()?;
        Ok(new)
    }

    /// Rebuild this database from its changes without `device`'s past
    /// `keep_upto`, under a new device id, into the open file (SQLite's
    /// backup API: other connections to the file see the new content).
    fn rebuild_without(
        &mut self,
        device: &str,
        keep_upto: u64,
        meta: &[(&str, &str)],
    ) -> Result<String> {
        let live = PathBuf::from(self.conn.path().unwrap_or_default());
        if live.as_os_str().is_empty() {
            return Err(Error::Io(std::io::Error::other("内存数据库不能重建")));
        }
        let tmp = sibling(&live, "rebuild");
        remove_db_files(&tmp);
        let result = self.rebuild_into(&tmp, &live, device, keep_upto, meta);
        remove_db_files(&tmp);
        result
    }

    fn rebuild_into(
        &mut self,
        tmp: &Path,
        live: &Path,
        device: &str,
        keep_upto: u64,
        meta: &[(&str, &str)],
    ) -> Result<String> {
        let new = {
            let mut fresh = Store::open(tmp, self.clock.clone())?;
            let devices: Vec<String> = {
                let mut stmt = self
                    .conn
                    .prepare("SELECT device FROM change_device ORDER BY no")?;
                let rows = stmt
                    .query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<Vec<String>>>()?;
                rows
            };
            for d in &devices {
                let mut after = 0;
                loop {
                    let mut page = self.changes_by_device(d, after, REBUILD_PAGE)?;
                    let Some(last) = page.last().map(|c| c.id.counter) else {
                        break;
                    };
                    after = last;
                    if d == device {
                        page.retain(|c| c.id.counter <= keep_upto);
                    }
                    if !page.is_empty() {
                        fresh.apply_foreign(&page)?;
                    }
                }
            }
            // The file's own keys, then the new identity's.
            let rows: Vec<(String, String)> = {
                let mut stmt = self.conn.prepare("SELECT key, value FROM meta")?;
                let rows = stmt
                    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                rows
            };
            let new = fresh.device_id().to_string();
            let tx = fresh.conn.transaction()?;
            for (k, v) in rows
                .iter()
                .filter(|(k, _)| !matches!(k.as_str(), "device_id" | "device_home" | "hlc"))
            {
                meta_set(&tx, k, v)?;
            }
            meta_set(
                &tx,
                "hlc",
                &self.hlc.pack().max(fresh.hlc.pack()).to_string(),
            )?;
            meta_set(&tx, "device_home", &crate::device::home_of(live))?;
            meta_set(&tx, "previous_device_id", device)?;
            for (k, v) in meta {
                meta_set(&tx, k, v)?;
            }
            tx.commit()?;
            new
        };
        let src = Connection::open(tmp)?;
        {
            let backup = rusqlite::backup::Backup::new(&src, &mut self.conn)?;
            backup.run_to_completion(1024, std::time::Duration::ZERO, None)?;
        }
        drop(src);
        self.reload_identity()?;
        if self.device_id != new {
            return Err(Error::Io(std::io::Error::other(
                "重建后的数据库编号不对，请重试",
            )));
        }
        Ok(new)
    }

    /// Replace this database's content with the village database at
    /// `file` (SQLite's backup API, into the open file: another process
    /// holding it open sees the restored content), leaving `file` as it
    /// was. Returns the restored file's own device id. The caller gives it
    /// a new identity at once (`cunwu_sync::restore::take_new_identity`).
    pub fn restore_from_file(&mut self, file: &Path) -> Result<Option<String>> {
        let src = Connection::open_with_flags(
            file,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let device = meta_get(&src, "device_id")?;
        {
            let backup = rusqlite::backup::Backup::new(&src, &mut self.conn)?;
            backup.run_to_completion(1024, std::time::Duration::ZERO, None)?;
        }
        drop(src);
        self.reload_identity()?;
        Ok(device)
    }

    /// Copy this database, consistent as of one moment, to `dest` (SQLite's
    /// online backup: other processes keep writing meanwhile). `dest` is
    /// written whole or not at all (a `.part` file renamed at the end).
    pub fn backup_to_file(&self, dest: &Path) -> Result<u64> {
        let part = sibling(dest, "part");
        remove_db_files(&part);
        let result = (|| -> Result<u64> {
            let mut dst = Connection::open(&part)?;
            {
                let backup = rusqlite::backup::Backup::new(&self.conn, &mut dst)?;
                // All pages in one step: one read transaction, so the copy
                // is one state of the file however busy other writers are.
                loop {
                    match backup.step(-1)? {
                        rusqlite::backup::StepResult::Done => break,
                        rusqlite::backup::StepResult::More => continue,
                        _ => std::thread::sleep(std::time::Duration::from_millis(50)),
                    }
                }
            }
            // A standalone file: no write-ahead log beside it.
            dst.pragma_update(None, "journal_mode", "DELETE")?;
            drop(dst);
            std::fs::File::open(&part)?.sync_all()?;
            std::fs::rename(&part, dest)?;
            Ok(std::fs::metadata(dest)?.len())
        })();
        if result.is_err() {
            remove_db_files(&part);
        }
        result
    }

    /// Read the identity and profile back from the file.
    pub(crate) fn reload_identity(&mut self) -> Result<()> {
        let path = PathBuf::from(self.conn.path().unwrap_or_default());
        let identity = crate::device::load_identity(&self.conn, &path)?;
        self.device_no = crate::change_log::device_no(&self.conn, &identity.device_id)?;
        self.device_id = identity.device_id;
        self.counter = identity.counter;
        self.hlc = self.hlc.max(identity.hlc);
        self.profile = crate::device::read_profile(&self.conn)?;
        Ok(())
    }
}

/// `<file>.<what>` next to a database file.
pub(crate) fn sibling(path: &Path, what: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{what}"));
    path.with_file_name(name)
}

/// Remove a database file and its `-wal` / `-shm`, if there.
pub fn remove_db_files(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// An id minted from a set-aside counter, alone or as the last part of a
/// composite id (`lot:<lot>:<id>`), becomes the new one.
fn remap_str(s: &str, minted: &BTreeMap<String, String>) -> String {
    if let Some(new) = minted.get(s) {
        return new.clone();
    }
    if let Some((head, tail)) = s.rsplit_once(':') {
        if let Some(new) = minted.get(tail) {
            return format!("{head}:{new}");
        }
    }
    s.to_string()
}

fn remap_json(v: &serde_json::Value, minted: &BTreeMap<String, String>) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::String(s) => Value::String(remap_str(s, minted)),
        Value::Array(a) => Value::Array(a.iter().map(|x| remap_json(x, minted)).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, x)| (k.clone(), remap_json(x, minted)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minted_ids_are_remapped_whole_never_by_prefix() {
        let minted: BTreeMap<String, String> =
            [("abcdef0123-12".to_string(), "99999aaaaa-1".to_string())].into();
        assert_eq!(remap_str("abcdef0123-12", &minted), "99999aaaaa-1");
        assert_eq!(remap_str("abcdef0123-123", &minted), "abcdef0123-123");
        assert_eq!(
            remap_str("lot:L1:abcdef0123-12", &minted),
            "lot:L1:99999aaaaa-1"
        );
        let v = serde_json::json!({"id": "abcdef0123-12", "household_id": "x-1", "n": [1, "abcdef0123-12"]});
        assert_eq!(
            remap_json(&v, &minted),
            serde_json::json!({"id": "99999aaaaa-1", "household_id": "x-1", "n": [1, "99999aaaaa-1"]})
        );
    }
}
