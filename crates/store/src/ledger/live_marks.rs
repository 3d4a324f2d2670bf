//! Derived rows the fold maintains: the quarantine marks (`live = 0` on a
//! refused voucher's rows, its lines taken out of the day totals, put back
//! should a later fold accept it) and, once after a schema upgrade, the rows
//! of ledger changes an older version held without materializing.

use super::error::BooksResult;
use cunwu_core::change::ChangeId;
use rusqlite::{params, Connection};
use std::collections::BTreeSet;

/// Write the quarantine marks: `live = 0` on refused vouchers' rows (and
/// their lines taken out of the day totals); a full fold also revives rows
/// no longer refused.
pub(super) fn write_live(
    conn: &Connection,
    quarantined: &BTreeSet<ChangeId>,
    full: bool,
) -> BooksResult<()> {
    let tx = conn.unchecked_transaction()?;
    if full {
        let dead = tx
            .prepare("SELECT device, counter FROM ledger_voucher WHERE live = 0")?
            .query_map([], |r| {
                Ok(ChangeId {
                    device: r.get(0)?,
                    counter: r.get::<_, i64>(1)? as u64,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for c in dead.iter().filter(|c| !quarantined.contains(c)) {
            set_live(&tx, c, true)?;
        }
    }
    for c in quarantined {
        set_live(&tx, c, false)?;
    }
    tx.commit()?;
    Ok(())
}

/// Count (or stop counting) one voucher's rows.
fn set_live(conn: &Connection, c: &ChangeId, live: bool) -> BooksResult<()> {
    let key = params![c.device, c.counter as i64];
    let now: Option<bool> = rusqlite::OptionalExtension::optional(
        conn.prepare_cached("SELECT live FROM ledger_voucher WHERE device = ?1 AND counter = ?2")?
            .query_row(key, |r| r.get::<_, i64>(0).map(|v| v == 1)),
    )?;
    if now != Some(!live) {
        return Ok(());
    }
    let lines = conn
        .prepare_cached("SELECT account, date, debit, credit FROM ledger_line WHERE device = ?1 AND counter = ?2")?
        .query_map(key, |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?, r.get::<_, i64>(3)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (account, date, debit, credit) in lines {
        if live {
            conn.prepare_cached(super::rows::DAY_ADD)?
                .execute(params![account, date, debit, credit])?;
        } else {
            conn.prepare_cached(
                "UPDATE ledger_day SET debit = debit - ?3, credit = credit - ?4, lines = lines - 1 WHERE account = ?1 AND date = ?2",
            )?
            .execute(params![account, date, debit, credit])?;
        }
    }
    let flag = i64::from(live);
    conn.prepare_cached("UPDATE ledger_voucher SET live = ?3 WHERE device = ?1 AND counter = ?2")?
        .execute(params![c.device, c.counter as i64, flag])?;
    conn.prepare_cached("UPDATE ledger_line SET live = ?3 WHERE device = ?1 AND counter = ?2")?
        .execute(params![c.device, c.counter as i64, flag])?;
    Ok(())
}

/// Ledger changes queued by the schema upgrade have no rows yet: write them.
pub(super) fn rematerialize_if_flagged(conn: &Connection) -> BooksResult<()> {
    const FLAG: &str = "ledger.rematerialize";
    if crate::device::meta_get(conn, FLAG)?.is_none() {
        return Ok(());
    }
    let tx = conn.unchecked_transaction()?;
    let changes = {
        let mut stmt = tx.prepare(concat!(
            "SELECT c.device, c.counter, c.hlc, c.entity, c.value FROM ledger_change l",
            crate::change_log::join_change!("JOIN", "l"),
            "ORDER BY l.arrival",
        ))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows
    };
    for (device, counter, hlc, kind, value) in changes {
        let c = cunwu_core::change::Change {
            id: ChangeId {
                device,
                counter: counter as u64,
            },
            hlc: cunwu_core::hlc::Hlc::unpack(hlc),
            author: String::new(),
            village: String::new(),
            entity: kind,
            entity_id: String::new(),
            field: None,
            value: serde_json::from_str(&value).unwrap_or_default(),
            supersedes: Vec::new(),
        };
        super::rows::write_rows(&tx, &c)?;
    }
    tx.execute("DELETE FROM meta WHERE key = ?1", [FLAG])?;
    tx.commit()?;
    Ok(())
}
