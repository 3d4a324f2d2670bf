//! The hub database's schema, migrated on `PRAGMA user_version`. A shipped
//! migration is never edited; a database from a newer hub is refused
//! before anything is touched.

use crate::error::{HubError, Result};
use rusqlite::Connection;

/// Ordered migrations; index + 1 is the schema version they lead to.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE hub_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE villages (name TEXT PRIMARY KEY, township TEXT);
CREATE TABLE enroll_codes (
    code_hash TEXT PRIMARY KEY,
    scope_kind TEXT NOT NULL,
    scope_name TEXT NOT NULL,
    role TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    expires_ms INTEGER NOT NULL,
    used_by TEXT,
    used_ms INTEGER
);
CREATE TABLE devices (
    device_id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    scope_kind TEXT NOT NULL,
    scope_name TEXT NOT NULL,
    role TEXT NOT NULL,
    enrolled_ms INTEGER NOT NULL,
    revoked_ms INTEGER,
    last_seen_ms INTEGER,
    last_pull_cursor INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    device TEXT NOT NULL,
    counter INTEGER NOT NULL,
    hlc INTEGER NOT NULL,
    author TEXT NOT NULL,
    village TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field TEXT,
    value TEXT NOT NULL,
    supersedes TEXT NOT NULL,
    digest BLOB NOT NULL,
    received_ms INTEGER NOT NULL,
    UNIQUE (device, counter)
);
CREATE INDEX changes_village_seq ON changes (village, seq);
CREATE TABLE superseded (
    device TEXT NOT NULL,
    counter INTEGER NOT NULL,
    by_seq INTEGER NOT NULL,
    PRIMARY KEY (device, counter)
) WITHOUT ROWID;
CREATE TABLE entity_village (
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    village TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id)
) WITHOUT ROWID;
CREATE TABLE quarantine (
    device TEXT NOT NULL,
    counter INTEGER NOT NULL,
    hlc_ms INTEGER NOT NULL,
    body TEXT NOT NULL,
    digest BLOB NOT NULL,
    received_ms INTEGER NOT NULL,
    pushed_by TEXT NOT NULL,
    PRIMARY KEY (device, counter)
);
CREATE INDEX quarantine_hlc ON quarantine (hlc_ms);
CREATE TABLE device_vector (device TEXT PRIMARY KEY, contiguous INTEGER NOT NULL);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at_ms INTEGER NOT NULL,
    device TEXT,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL
);
"#,
    // 2: voucher hash chains verified on receipt (crate::voucher_chain).
    r#"
CREATE TABLE voucher_link (
    device TEXT NOT NULL,
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    change_device TEXT NOT NULL,
    change_counter INTEGER NOT NULL,
    PRIMARY KEY (device, seq)
) WITHOUT ROWID;
CREATE TABLE voucher_chain (
    device TEXT PRIMARY KEY,
    verified_seq INTEGER NOT NULL,
    head_hash TEXT NOT NULL,
    break_seq INTEGER,
    break_kind TEXT,
    break_ms INTEGER
);
-- Older hubs did not record links: the chains of the voucher facts already
-- held are checked by folding them in once, in the first push that
-- follows (see voucher_chain::backfill).
INSERT INTO hub_meta(key, value) VALUES ('voucher_chain_backfill', 'pending');
"#,
    // 3: refused changes kept by id (a refused change never blocks the rest
    // of its batch); natural-keyed entities (account:…, period:…, member:…,
    // books) are each village's own, so their claims by the first village
    // to sync are dropped (cunwu_core::entity_kind::Ids::Natural).
    r#"
CREATE TABLE refused (
    device TEXT NOT NULL,
    counter INTEGER NOT NULL,
    pushed_by TEXT NOT NULL,
    village TEXT NOT NULL,
    entity TEXT NOT NULL,
    reason TEXT NOT NULL,
    first_ms INTEGER NOT NULL,
    last_ms INTEGER NOT NULL,
    times INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (device, counter, pushed_by)
) WITHOUT ROWID;
CREATE INDEX refused_by ON refused (pushed_by, last_ms);
DELETE FROM entity_village WHERE entity IN ('ledger_fact', 'lot_event', 'ledger_member', 'ledger_settings');
"#,
    // 4: authorship (crate::authorship): each device's public key and the
    // counter a revoked device is frozen at; the seals verified and each
    // device's verified chain head.
    r#"
CREATE TABLE device_key (
    device_id TEXT PRIMARY KEY,
    public_key TEXT,
    registered_ms INTEGER,
    frozen_at INTEGER
);
CREATE TABLE device_seal (
    device TEXT NOT NULL,
    counter INTEGER NOT NULL,
    chain TEXT NOT NULL,
    sig TEXT NOT NULL,
    from_counter INTEGER NOT NULL,
    from_hash TEXT NOT NULL,
    received_ms INTEGER NOT NULL,
    PRIMARY KEY (device, counter)
) WITHOUT ROWID;
CREATE TABLE device_chain (
    device TEXT PRIMARY KEY,
    counter INTEGER NOT NULL,
    chain TEXT NOT NULL
);
-- Devices revoked before this version are frozen at what the hub held.
INSERT INTO device_key(device_id, frozen_at)
    SELECT d.device_id, coalesce((SELECT v.contiguous FROM device_vector v WHERE v.device = d.device_id), 0)
    FROM devices d WHERE d.revoked_ms IS NOT NULL;
"#,
];

/// The schema version this build writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// Bring `conn` to [`VERSION`], refusing a newer database untouched.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > VERSION {
        return Err(HubError::SchemaTooNew {
            found,
            supported: VERSION,
        });
    }
    for (i, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .skip(usize::try_from(found).unwrap_or(0))
    {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema_of(c: &Connection) -> Vec<String> {
        let mut stmt = c
            .prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
            .expect("prepare");
        let rows = stmt.query_map([], |r| r.get(0)).expect("query");
        rows.collect::<rusqlite::Result<Vec<String>>>()
            .expect("rows")
    }

    #[test]
    fn every_older_schema_upgrades_to_the_fresh_one() {
        let mut fresh = Connection::open_in_memory().expect("open");
        migrate(&mut fresh).expect("fresh");
        for version in 1..VERSION {
            let mut old = Connection::open_in_memory().expect("open");
            for sql in &MIGRATIONS[..version as usize] {
                old.execute_batch(sql).expect("old schema");
            }
            old.pragma_update(None, "user_version", version)
                .expect("version");
            migrate(&mut old).expect("upgrade");
            let v: i64 = old
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .expect("version");
            assert_eq!(v, VERSION);
            assert_eq!(schema_of(&old), schema_of(&fresh), "from version {version}");
        }
    }

    #[test]
    fn newer_database_is_refused_untouched() {
        let dir = tempfile::tempdir().map_err(|e| e.to_string());
        let Ok(dir) = dir else { return };
        let path = dir.path().join("hub.db");
        let Ok(mut c) = Connection::open(&path) else {
            return;
        };
        assert!(c
            .execute_batch("CREATE TABLE future(x); PRAGMA user_version = 99;")
            .is_ok());
        let r = migrate(&mut c);
        assert!(
            matches!(r, Err(HubError::SchemaTooNew { found: 99, .. })),
            "{r:?}"
        );
        let tables: i64 = c
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type='table'",
                [],
                |r| r.get(0),
            )
            .unwrap_or(-1);
        assert_eq!(tables, 1);
        assert!(r
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
            .contains("升级"));
    }
}
