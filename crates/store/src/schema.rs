//! Schema migrations: ordered SQL files applied on `PRAGMA user_version`.
//! A shipped migration is never edited; a database newer than this binary is
//! refused before anything is written.

use crate::{Error, Result};
use rusqlite::Connection;

/// Every migration in order; index + 1 is the version it produces.
pub const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_init.sql"),
    include_str!("../migrations/0002_ledger.sql"),
    include_str!("../migrations/0003_change_seq.sql"),
    include_str!("../migrations/0004_refused_and_supersession.sql"),
    include_str!("../migrations/0005_needs.sql"),
];

/// How long a writer waits for another process's write transaction.
pub const BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(120);

/// The schema version this binary writes.
pub fn current_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Set connection pragmas and bring the schema up to date.
pub fn prepare(conn: &mut Connection) -> Result<()> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > current_version() {
        return Err(Error::SchemaTooNew {
            found,
            supported: current_version(),
        });
    }
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // Checkpoint every ~40 MB of WAL rather than ~4 MB: appends keep hitting
    // the same last pages, so fewer checkpoints copy far fewer pages.
    conn.pragma_update(None, "wal_autocheckpoint", 10_000)?;
    // 16 MiB of page cache (SQLite's default is 2 MiB): a village's
    // register, visit index and the log's last pages stay in memory, so
    // logging a visit does not re-read them from the file.
    conn.pragma_update(None, "cache_size", -16_384)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Several processes write one file (the desktop app and the CLI): a
    // writer waits for the other's transaction rather than fail. A big
    // import is one transaction, so the wait is long.
    conn.busy_timeout(BUSY_WAIT)?;
    migrate(conn, found)
}

fn migrate(conn: &mut Connection, from: i64) -> Result<()> {
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(from.max(0) as usize) {
        let tx = conn.transaction()?;
        check_before(&tx, i as i64 + 1)?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// Refuse, with a Chinese reason, data a migration cannot carry forward.
fn check_before(conn: &Connection, version: i64) -> Result<()> {
    if version == 3 {
        // seq = (device number << 40) | counter needs counters in 1..2^40.
        let bad: Option<(String, i64)> = rusqlite::OptionalExtension::optional(conn.query_row(
            "SELECT device, counter FROM change_log WHERE counter < 1 OR counter >= (1 << 40) LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        ))?;
        if let Some((device, counter)) = bad {
            return Err(Error::UpgradeRefused {
                reason: format!("变更 {device}:{counter} 的编号超出范围（应为 1 到 2^40−1）"),
            });
        }
    }
    Ok(())
}

/// The schema as SQLite reports it, for comparing databases.
pub fn dump(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_schema ORDER BY type, name")?;
    let rows = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_upgrade_path_matches_a_fresh_schema() {
        let mut fresh = Connection::open_in_memory().expect("memory db");
        prepare(&mut fresh).expect("fresh");
        let want = dump(&fresh).expect("dump");
        for start in 0..current_version() {
            // Rebuild at `start` then upgrade the rest of the way.
            let mut old_at = Connection::open_in_memory().expect("memory db");
            for sql in &MIGRATIONS[..start as usize] {
                old_at.execute_batch(sql).expect("old migration");
            }
            old_at
                .pragma_update(None, "user_version", start)
                .expect("version");
            prepare(&mut old_at).expect("upgrade");
            assert_eq!(dump(&old_at).expect("dump"), want, "upgrade from {start}");
            let v: i64 = old_at
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .expect("v");
            assert_eq!(v, current_version());
        }
    }

    #[test]
    fn a_counter_schema_3_cannot_key_stops_the_upgrade_untouched() {
        let mut c = Connection::open_in_memory().expect("memory db");
        for sql in &MIGRATIONS[..2] {
            c.execute_batch(sql).expect("old migration");
        }
        c.pragma_update(None, "user_version", 2).expect("version");
        c.execute_batch(
            "INSERT INTO change_log VALUES ('d1', 1099511627776, 1, 'a', '东村', 'household', 'h', 'code', '\"H1\"', '[]', 0);",
        )
        .expect("row");
        let err = prepare(&mut c).expect_err("refused");
        assert!(matches!(err, Error::UpgradeRefused { .. }), "{err}");
        assert!(err.to_string().contains("超出范围"), "{err}");
        let v: i64 = c
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("v");
        assert_eq!(v, 2, "left at version 2");
    }

    #[test]
    fn newer_database_is_refused_untouched() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("future.db");
        {
            let c = Connection::open(&path).expect("open");
            c.execute_batch("CREATE TABLE t(x); PRAGMA user_version = 99;")
                .expect("setup");
        }
        let before = std::fs::read(&path).expect("read");
        let mut c = Connection::open(&path).expect("open");
        let err = prepare(&mut c).expect_err("must refuse");
        assert!(matches!(err, Error::SchemaTooNew { found: 99, .. }));
        assert!(err.to_string().contains("升级"));
        drop(c);
        assert_eq!(std::fs::read(&path).expect("read"), before);
        assert!(
            !dir.path().join("future.db-wal").exists()
                || std::fs::metadata(dir.path().join("future.db-wal"))
                    .map(|m| m.len())
                    .unwrap_or(0)
                    == 0
        );
    }
}
