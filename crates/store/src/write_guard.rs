//! What this laptop's enrolled role may write, judged before anything is
//! written, by the same rule the hub runs on every pushed change
//! ([`cunwu_core::access::refusal`]): a team member's laptop cannot post a
//! voucher, a township laptop cannot add a household. A laptop not (yet)
//! enrolled writes as before; the hub judges its changes when it enrolls.
//!
//! Changes the hub refused are kept here too (`sync_refused`), by id and
//! reason, so the front ends can list them.

use crate::{Error, Result, Store};
use cunwu_core::access::{refusal, Role, Scope};
use cunwu_core::change::{Change, ChangeId};
use rusqlite::{params, Connection};
use serde::Serialize;

/// Meta keys the enrollment writes (`cunwu_sync::enrollment::keys`).
const ROLE_KEY: &str = "sync.role";
const SCOPE_KEY: &str = "sync.scope";

/// The enrolled scope and role, if this laptop is enrolled.
pub(crate) struct WriteGuard(Option<(Scope, Role)>);

impl WriteGuard {
    /// Read the enrollment once per write.
    pub(crate) fn load(conn: &Connection) -> Result<WriteGuard> {
        let role = crate::device::meta_get(conn, ROLE_KEY)?.and_then(|r| Role::parse(&r));
        let scope = crate::device::meta_get(conn, SCOPE_KEY)?
            .and_then(|s| serde_json::from_str::<Scope>(&s).ok());
        Ok(WriteGuard(scope.zip(role)))
    }

    /// Refuse `c`, with the hub's own Chinese reason, when the enrolled
    /// role may not write it.
    pub(crate) fn check(&self, c: &Change) -> Result<()> {
        match &self.0 {
            Some((scope, role)) => match refusal(scope, *role, c) {
                Some(why) => Err(Error::Domain(cunwu_core::Error::Rule(format!(
                    "这台电脑登记的角色是“{}”，不能写入：{why}",
                    role.label()
                )))),
                None => Ok(()),
            },
            None => Ok(()),
        }
    }
}

/// A change the hub refused, as this laptop keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefusedChange {
    /// The refused change.
    pub id: ChangeId,
    /// Why, in Chinese.
    pub message: String,
    /// When this laptop learnt of it, device clock UTC ms.
    pub at_ms: i64,
}

impl Store {
    /// Keep changes the hub refused (again: the reason and time are updated).
    pub fn keep_refused(&self, refused: &[(ChangeId, String)]) -> Result<()> {
        if refused.is_empty() {
            return Ok(());
        }
        let now = self.now_ms();
        let mut keep = self.conn.prepare_cached(
            "INSERT INTO sync_refused(device, counter, message, at_ms) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(device, counter) DO UPDATE SET message = excluded.message, at_ms = excluded.at_ms",
        )?;
        for (id, message) in refused {
            keep.execute(params![id.device, id.counter as i64, message, now])?;
        }
        Ok(())
    }

    /// Every change the hub refused, newest first.
    pub fn refused_changes(&self) -> Result<Vec<RefusedChange>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT device, counter, message, at_ms FROM sync_refused ORDER BY at_ms DESC, device, counter",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(RefusedChange {
                    id: ChangeId {
                        device: r.get(0)?,
                        counter: r.get::<_, i64>(1)?.max(0) as u64,
                    },
                    message: r.get(2)?,
                    at_ms: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// True when the hub refused this change (it is not pushed again).
    pub fn is_refused(&self, id: &ChangeId) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM sync_refused WHERE device = ?1 AND counter = ?2")?
            .exists(params![id.device, id.counter as i64])?)
    }
}
