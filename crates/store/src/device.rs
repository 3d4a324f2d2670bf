//! Who this replica is: its device id (made on first use and never reused),
//! the village profile, and the small key/value `meta` table.
//!
//! A database file copied or moved to another place gets a new device id on
//! its first open there, so two copies never write under one id (the hub
//! also refuses an id reused with different content).

use crate::{Error, Result, Store};
use cunwu_core::hlc::Hlc;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The village this database belongs to and the person using it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// 村 name; every change is scoped to it.
    pub village: String,
    /// 乡镇 name, when known.
    pub township: Option<String>,
    /// The current user: the author of every change made here.
    pub user: String,
}

pub(crate) struct Identity {
    pub device_id: String,
    pub hlc: Hlc,
    pub counter: u64,
}

pub(crate) fn meta_get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM meta WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

pub(crate) fn meta_set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached("INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value")?
        .execute([key, value])?;
    Ok(())
}

/// Where the file lives, as seen by the OS: a copy or a move changes it.
pub(crate) fn home_of(path: &Path) -> String {
    let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let ino = std::fs::metadata(path).map(|m| m.ino()).unwrap_or(0);
        format!("{}#{}", canonical.display(), ino)
    }
    #[cfg(not(unix))]
    {
        canonical.display().to_string()
    }
}

pub(crate) fn new_device_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// This device's last change: (counter, packed HLC).
pub(crate) fn last_own_change(conn: &Connection, device: &str) -> Result<Option<(u64, i64)>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT counter, hlc FROM change_log WHERE {} ORDER BY seq DESC LIMIT 1",
                crate::change_log::DEVICE_AFTER
            ),
            rusqlite::params![device, 0],
            |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)?)),
        )
        .optional()?)
}

pub(crate) fn load_identity(conn: &Connection, path: &Path) -> Result<Identity> {
    let home = home_of(path);
    let device = meta_get(conn, "device_id")?;
    let recorded_home = meta_get(conn, "device_home")?;
    let device_id = match (device, recorded_home) {
        (Some(id), Some(h)) if h == home => id,
        (previous, _) => {
            // First use, or the file was copied/moved: start a new identity.
            let id = new_device_id();
            if let Some(old) = previous {
                meta_set(conn, "previous_device_id", &old)?;
                // The old identity's changes are now like any other device's.
                if let Some((counter, _)) = last_own_change(conn, &old)? {
                    conn.execute(
                        "INSERT INTO device_progress(device, contiguous) VALUES (?1, ?2)
                         ON CONFLICT(device) DO UPDATE SET contiguous = max(contiguous, excluded.contiguous)",
                        rusqlite::params![old, counter as i64],
                    )?;
                }
            }
            meta_set(conn, "device_id", &id)?;
            meta_set(conn, "device_home", &home)?;
            id
        }
    };
    let last = last_own_change(conn, &device_id)?;
    let counter = last.map(|(c, _)| c).unwrap_or(0);
    let observed = meta_get(conn, "hlc")?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let hlc = Hlc::unpack(observed.max(last.map(|(_, h)| h).unwrap_or(0)));
    Ok(Identity {
        device_id,
        hlc,
        counter,
    })
}

/// A database's own device id as its `meta` says now.
pub(crate) fn current_device_id(conn: &Connection) -> Result<Option<String>> {
    meta_get(conn, "device_id")
}

pub(crate) fn read_profile(conn: &Connection) -> Result<Option<Profile>> {
    let Some(village) = meta_get(conn, "village")? else {
        return Ok(None);
    };
    Ok(Some(Profile {
        village,
        township: meta_get(conn, "township")?,
        user: meta_get(conn, "user")?.unwrap_or_default(),
    }))
}

impl Store {
    /// Re-read what this `Store` caches of the file's identity — its device
    /// id, its last counter and HLC stamp — as the file holds them now.
    /// Another process writing to the same file (the desktop app and the
    /// CLI share it) moves them; [`Store::commit_local`] calls this inside
    /// its write lock, sync before planning.
    pub fn refresh_position(&mut self) -> Result<()> {
        if let Some(id) = current_device_id(&self.conn)? {
            if id != self.device_id {
                // Another process took a new identity for this file.
                self.device_no = crate::change_log::device_no(&self.conn, &id)?;
                self.device_id = id;
            }
        }
        let last = last_own_change(&self.conn, &self.device_id)?;
        self.counter = last.map(|(c, _)| c).unwrap_or(0);
        let observed: i64 = meta_get(&self.conn, "hlc")?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let latest = self
            .hlc
            .pack()
            .max(observed)
            .max(last.map(|(_, h)| h).unwrap_or(0));
        self.hlc = Hlc::unpack(latest);
        Ok(())
    }

    /// Set up the village profile. Refused if this database already belongs
    /// to a different village.
    pub fn init(&mut self, village: &str, township: Option<&str>, user: &str) -> Result<Profile> {
        let village = village.trim();
        let user = user.trim();
        if village.is_empty() {
            return Err(cunwu_core::Error::invalid("村名", "必须填写村名，例如：网周村").into());
        }
        if user.is_empty() {
            return Err(cunwu_core::Error::invalid(
                "用户",
                "必须填写你的姓名，它会记在你做的每一项修改上",
            )
            .into());
        }
        if let Some(p) = self.profile()? {
            if p.village != village {
                return Err(cunwu_core::Error::Rule(format!(
                    "这个数据库已经属于“{}”，不能改成“{village}”。如需管理另一个村，请用 --db 指定另一个数据库文件",
                    p.village
                ))
                .into());
            }
        }
        let tx = self.conn.transaction()?;
        meta_set(&tx, "village", village)?;
        if let Some(t) = township.map(str::trim).filter(|t| !t.is_empty()) {
            meta_set(&tx, "township", t)?;
        }
        meta_set(&tx, "user", user)?;
        tx.commit()?;
        self.profile = read_profile(&self.conn)?;
        self.profile()?.ok_or(Error::NotInitialized)
    }

    /// The village profile, if set up.
    pub fn profile(&self) -> Result<Option<Profile>> {
        Ok(self.profile.clone())
    }

    /// The profile, or [`Error::NotInitialized`].
    pub fn require_profile(&self) -> Result<Profile> {
        self.profile()?.ok_or(Error::NotInitialized)
    }

    /// Switch the current user (the author of later changes).
    pub fn use_user(&mut self, user: &str) -> Result<Profile> {
        self.require_profile()?;
        let user = user.trim();
        if user.is_empty() {
            return Err(cunwu_core::Error::invalid("用户", "姓名不能为空").into());
        }
        meta_set(&self.conn, "user", user)?;
        self.profile = read_profile(&self.conn)?;
        self.require_profile()
    }

    /// Read a sync/meta value.
    pub fn meta_get(&self, key: &str) -> Result<Option<String>> {
        meta_get(&self.conn, key)
    }

    /// Write a sync/meta value.
    pub fn meta_set(&self, key: &str, value: &str) -> Result<()> {
        meta_set(&self.conn, key, value)
    }
}
