//! The default [`HubStorage`]: one SQLite file `hub.db` in the data
//! directory, WAL mode (admin commands work while the server runs), with
//! the change relay in [`crate::relay`].

use crate::authorship_store;
use crate::error::{HubError, Result};
use crate::relay;
use crate::schema;
use crate::storage::{
    AuditEntry, CodeRecord, CommitOutcome, DeviceRecord, HubStorage, Page, Refusal, RefusedByDevice,
};
use cunwu_core::change::Change;
use cunwu_sync::protocol::{Role, Scope};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

/// The database file's name inside the data directory.
pub(crate) const DB_FILE: &str = "hub.db";

/// The hub's SQLite database.
pub struct SqliteStorage {
    conn: Connection,
}

/// Split a scope for storage.
pub(crate) fn scope_parts(s: &Scope) -> (&'static str, &str) {
    match s {
        Scope::Village(v) => ("village", v.as_str()),
        Scope::Township(t) => ("township", t.as_str()),
    }
}

fn scope_from(kind: &str, name: String) -> Scope {
    if kind == "township" {
        Scope::Township(name)
    } else {
        Scope::Village(name)
    }
}

fn role_from(s: &str) -> Role {
    Role::parse(s).unwrap_or(Role::Township)
}

const DEVICE_COLS: &str = "device_id, scope_kind, scope_name, role, enrolled_ms, revoked_ms, last_seen_ms, last_pull_cursor, token_hash";

fn row_to_device(r: &rusqlite::Row<'_>) -> rusqlite::Result<(DeviceRecord, String)> {
    let kind: String = r.get(1)?;
    let role: String = r.get(3)?;
    Ok((
        DeviceRecord {
            device_id: r.get(0)?,
            scope: scope_from(&kind, r.get(2)?),
            role: role_from(&role),
            enrolled_ms: r.get(4)?,
            revoked_ms: r.get(5)?,
            last_seen_ms: r.get(6)?,
            last_pull_cursor: r.get::<_, i64>(7)?.max(0) as u64,
        },
        r.get(8)?,
    ))
}

impl SqliteStorage {
    /// Open (creating if needed) `data_dir/hub.db`; refuses a database from
    /// a newer hub without touching it.
    pub fn open(data_dir: &Path) -> Result<SqliteStorage> {
        std::fs::create_dir_all(data_dir)?;
        let mut conn = Connection::open(data_dir.join(DB_FILE))?;
        conn.busy_timeout(Duration::from_secs(10))?;
        schema::migrate(&mut conn)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // 8 MiB page cache (SQLite default 2 MiB): index inserts stay in memory.
        conn.pragma_update(None, "cache_size", -8_192)?;
        // Checkpoint every 64 MiB of log instead of SQLite's 4 MiB: a
        // checkpoint copies pages and syncs the file, and at the default it
        // ran every few push batches, inside their commits. Commits stay
        // durable (WAL); only how often the log is folded back changes.
        conn.pragma_update(None, "wal_autocheckpoint", 16_384)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.execute(
            "INSERT OR IGNORE INTO hub_meta(key, value) VALUES ('hub_id', ?1)",
            [uuid::Uuid::new_v4().simple().to_string()],
        )?;
        Ok(SqliteStorage { conn })
    }
}

impl HubStorage for SqliteStorage {
    fn hub_id(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("SELECT value FROM hub_meta WHERE key = 'hub_id'", [], |r| {
                r.get(0)
            })?)
    }

    fn register_village(&mut self, village: &str, township: Option<&str>) -> Result<()> {
        let existing: Option<Option<String>> = self
            .conn
            .query_row(
                "SELECT township FROM villages WHERE name = ?1",
                [village],
                |r| r.get(0),
            )
            .optional()?;
        match (existing, township) {
            (None, t) => {
                self.conn.execute(
                    "INSERT INTO villages(name, township) VALUES (?1, ?2)",
                    params![village, t],
                )?;
            }
            (Some(None), Some(t)) => {
                self.conn.execute(
                    "UPDATE villages SET township = ?2 WHERE name = ?1",
                    params![village, t],
                )?;
            }
            (Some(Some(old)), Some(t)) if old != t => {
                return Err(HubError::BadRequest(format!(
                    "“{village}”已登记在“{old}”，不能再登记到“{t}”。请核对乡镇名称"
                )));
            }
            _ => {}
        }
        Ok(())
    }

    fn villages_of(&self, township: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT name FROM villages WHERE township = ?1 OR township IS NULL ORDER BY name",
        )?;
        let v = stmt
            .query_map([township], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(v)
    }

    fn add_code(&mut self, code_hash: &str, code: &CodeRecord, now_ms: i64) -> Result<()> {
        let (kind, name) = scope_parts(&code.scope);
        self.conn.execute(
            "INSERT INTO enroll_codes(code_hash, scope_kind, scope_name, role, created_ms, expires_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![code_hash, kind, name, code.role.as_str(), now_ms, code.expires_ms],
        )?;
        Ok(())
    }

    fn code(&self, code_hash: &str) -> Result<Option<CodeRecord>> {
        Ok(self
            .conn
            .query_row(
                "SELECT scope_kind, scope_name, role, expires_ms, used_by FROM enroll_codes WHERE code_hash = ?1",
                [code_hash],
                |r| {
                    let kind: String = r.get(0)?;
                    let role: String = r.get(2)?;
                    Ok(CodeRecord { scope: scope_from(&kind, r.get(1)?), role: role_from(&role), expires_ms: r.get(3)?, used_by: r.get(4)? })
                },
            )
            .optional()?)
    }

    fn redeem(
        &mut self,
        code_hash: &str,
        device: &DeviceRecord,
        token_hash: &str,
        now_ms: i64,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        let n = tx.execute(
            "UPDATE enroll_codes SET used_by = ?2, used_ms = ?3 WHERE code_hash = ?1 AND used_by IS NULL",
            params![code_hash, device.device_id, now_ms],
        )?;
        if n != 1 {
            return Err(HubError::Unauthorized(
                "这个登记码已经用过了。请向乡镇管理员要一个新的登记码".into(),
            ));
        }
        let (kind, name) = scope_parts(&device.scope);
        tx.execute(
            "INSERT INTO devices(device_id, token_hash, scope_kind, scope_name, role, enrolled_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(device_id) DO UPDATE SET token_hash = excluded.token_hash, scope_kind = excluded.scope_kind,
               scope_name = excluded.scope_name, role = excluded.role, enrolled_ms = excluded.enrolled_ms",
            params![device.device_id, token_hash, kind, name, device.role.as_str(), now_ms],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn device_by_token(&self, token_hash: &str) -> Result<Option<DeviceRecord>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {DEVICE_COLS} FROM devices WHERE token_hash = ?1"
            ))?
            .query_row([token_hash], row_to_device)
            .optional()?
            .map(|(d, _)| d))
    }

    fn device(&self, device_id: &str) -> Result<Option<(DeviceRecord, String)>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {DEVICE_COLS} FROM devices WHERE device_id = ?1"
            ))?
            .query_row([device_id], row_to_device)
            .optional()?)
    }

    fn devices(&self) -> Result<Vec<DeviceRecord>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {DEVICE_COLS} FROM devices ORDER BY scope_name, enrolled_ms"
        ))?;
        let v = stmt
            .query_map([], row_to_device)?
            .map(|r| r.map(|(d, _)| d))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(v)
    }

    fn move_device(&mut self, old: &str, new: &str, now_ms: i64) -> Result<()> {
        let tx = self.conn.transaction()?;
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM devices WHERE device_id = ?1)",
            [new],
            |r| r.get(0),
        )?;
        if taken {
            return Err(HubError::Conflict(format!(
                "设备编号 {new} 已经登记过，不能把登记改到它上面"
            )));
        }
        // The new id takes the row (credential, scope, role, cursor); the
        // old id is listed again as revoked, with a credential no one holds.
        let n = tx.execute(
            "UPDATE devices SET device_id = ?2 WHERE device_id = ?1",
            params![old, new],
        )?;
        if n != 1 {
            return Err(HubError::NotFound(format!("没有编号为 {old} 的设备")));
        }
        tx.execute(
            "INSERT INTO devices(device_id, token_hash, scope_kind, scope_name, role, enrolled_ms, revoked_ms, last_seen_ms, last_pull_cursor)
             SELECT ?1, 'moved:' || ?1, scope_kind, scope_name, role, enrolled_ms, ?3, last_seen_ms, last_pull_cursor
             FROM devices WHERE device_id = ?2",
            params![old, new, now_ms],
        )?;
        // The old id writes nothing more: frozen at what the hub holds of it,
        // like a revoked device (crate::authorship).
        tx.execute(
            "INSERT INTO device_key(device_id, frozen_at)
             VALUES (?1, coalesce((SELECT contiguous FROM device_vector WHERE device = ?1), 0))
             ON CONFLICT(device_id) DO UPDATE SET frozen_at = coalesce(frozen_at, excluded.frozen_at)",
            params![old],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn revoke(&mut self, device_id: &str, now_ms: i64) -> Result<bool> {
        let tx = self.conn.transaction()?;
        let n = tx.execute(
            "UPDATE devices SET revoked_ms = coalesce(revoked_ms, ?2) WHERE device_id = ?1",
            params![device_id, now_ms],
        )?;
        if n == 1 {
            authorship_store::freeze(&tx, device_id)?;
        }
        tx.commit()?;
        Ok(n == 1)
    }

    fn touch(&mut self, device_id: &str, now_ms: i64, pull_cursor: Option<u64>) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE devices SET last_seen_ms = ?2, last_pull_cursor = max(last_pull_cursor, coalesce(?3, 0)) WHERE device_id = ?1",
            )?
            .execute(params![device_id, now_ms, pull_cursor.map(|c| c as i64)])?;
        Ok(())
    }

    fn commit(
        &mut self,
        accepted: &[&Change],
        quarantined: &[&Change],
        refused: &[Refusal],
        pushed_by: &str,
        now_ms: i64,
    ) -> Result<CommitOutcome> {
        self.commit_sealed(
            accepted,
            quarantined,
            refused,
            pushed_by,
            now_ms,
            &mut || Ok(Vec::new()),
        )
    }

    fn authors(&self, ids: &[&str]) -> Result<BTreeMap<String, crate::storage::AuthorRecord>> {
        authorship_store::authors(&self.conn, ids, |id| Ok(self.device(id)?.map(|(d, _)| d)))
    }

    fn set_public_key(&mut self, device_id: &str, key: &str, now_ms: i64) -> Result<()> {
        authorship_store::set_public_key(&self.conn, device_id, key, now_ms)
    }

    fn seals_for(&self, changes: &[Change]) -> Result<Vec<cunwu_sync::protocol::Seal>> {
        authorship_store::seals_for(&self.conn, changes)
    }

    fn keys_in(&self, villages: &[String]) -> Result<Vec<cunwu_sync::protocol::DeviceKey>> {
        authorship_store::keys_in(&self.conn, villages)
    }

    fn commit_sealed(
        &mut self,
        accepted: &[&Change],
        quarantined: &[&Change],
        refused: &[Refusal],
        pushed_by: &str,
        now_ms: i64,
        check: &mut dyn FnMut() -> Result<Vec<cunwu_sync::seal::Verified>>,
    ) -> Result<CommitOutcome> {
        // IMMEDIATE: take the write lock first, so the held ids looked up
        // for the batch cannot change before its inserts.
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = relay::commit(&tx, accepted, quarantined, refused, pushed_by, now_ms)?;
        let sealed = check()?;
        authorship_store::record(&tx, &sealed, now_ms)?;
        tx.prepare_cached("UPDATE devices SET last_seen_ms = ?2 WHERE device_id = ?1")?
            .execute(params![pushed_by, now_ms])?;
        tx.commit()?;
        Ok(out)
    }

    fn refused_by_device(&self) -> Result<Vec<RefusedByDevice>> {
        relay::refused_by_device(&self.conn)
    }

    fn release_quarantine(&mut self, until_ms: i64, now_ms: i64) -> Result<u64> {
        let tx = self.conn.transaction()?;
        let n = relay::release(&tx, until_ms, now_ms)?;
        tx.commit()?;
        Ok(n)
    }

    fn vector(&self, devices: &[String]) -> Result<BTreeMap<String, u64>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT contiguous FROM device_vector WHERE device = ?1")?;
        let mut out = BTreeMap::new();
        for d in devices {
            if let Some(c) = stmt.query_row([d], |r| r.get::<_, i64>(0)).optional()? {
                out.insert(d.clone(), c.max(0) as u64);
            }
        }
        Ok(out)
    }

    fn pull(
        &self,
        villages: &[String],
        exclude_device: &str,
        cursor: u64,
        limit: u32,
    ) -> Result<Page> {
        let tx = self.conn.unchecked_transaction()?;
        let page = relay::pull(&tx, villages, exclude_device, cursor, limit)?;
        tx.commit()?;
        Ok(page)
    }

    fn max_seq(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(seq), 0) FROM changes", [], |r| {
                r.get::<_, i64>(0)
            })?
            .max(0) as u64)
    }

    fn snapshot_page(
        &self,
        villages: &[String],
        exclude_device: &str,
        at: u64,
        after: u64,
        limit: u32,
    ) -> Result<Page> {
        relay::snapshot_page(&self.conn, villages, exclude_device, at, after, limit)
    }

    fn snapshot_vector(&self, villages: &[String], at: u64) -> Result<BTreeMap<String, u64>> {
        relay::snapshot_vector(&self.conn, villages, at)
    }

    fn audit(&mut self, now_ms: i64, device: Option<&str>, kind: &str, detail: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO audit(at_ms, device, kind, detail) VALUES (?1, ?2, ?3, ?4)",
            params![now_ms, device, kind, detail],
        )?;
        Ok(())
    }

    fn voucher_chains(&self) -> Result<Vec<crate::voucher_chain::VoucherChainRecord>> {
        crate::voucher_chain::all(&self.conn)
    }

    fn chain_breaks_in(&self, villages: &[String]) -> Result<Vec<cunwu_ledger::chain::ChainBreak>> {
        crate::voucher_chain::breaks_in(&self.conn, villages)
    }

    fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>> {
        let mut stmt = self
            .conn
            .prepare("SELECT at_ms, device, kind, detail FROM audit ORDER BY id DESC LIMIT ?1")?;
        let v = stmt
            .query_map([limit], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(v)
    }
}
