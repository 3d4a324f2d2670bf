//! The change log: local actions become changes in one transaction with
//! their materialization; foreign changes are applied idempotently through
//! the same path (twice = once; a reused id with other content = refused).

use crate::device::meta_get;
use crate::materialize;
use crate::{Error, Result, Store};
use cunwu_core::change::{Change, ChangeId};
use cunwu_core::hlc::Hlc;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::BTreeMap;

/// Meta key: the highest local counter the hub has acknowledged.
pub const PUSHED_COUNTER_KEY: &str = "sync.pushed_counter";

/// A change before it has an id, stamp and author.
#[derive(Debug, Clone)]
pub struct Draft {
    /// Entity kind.
    pub entity: String,
    /// Entity id.
    pub entity_id: String,
    /// Field for a Set, `None` for a fact.
    pub field: Option<String>,
    /// The value.
    pub value: serde_json::Value,
}

impl Draft {
    /// A field edit.
    pub fn set(
        entity: &str,
        entity_id: &str,
        field: &str,
        value: impl Into<serde_json::Value>,
    ) -> Draft {
        Draft {
            entity: entity.into(),
            entity_id: entity_id.into(),
            field: Some(field.into()),
            value: value.into(),
        }
    }
    /// An append-only fact.
    pub fn insert(entity: &str, entity_id: &str, value: serde_json::Value) -> Draft {
        Draft {
            entity: entity.into(),
            entity_id: entity_id.into(),
            field: None,
            value,
        }
    }
}

/// What applying a batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ApplyReport {
    /// Changes new to this replica.
    pub applied: usize,
    /// Changes already held (same id, same content).
    pub duplicates: usize,
}

const SELECT_CHANGE: &str =
    "SELECT device, counter, hlc, author, village, entity, entity_id, field, value, supersedes FROM change_log";

fn row_to_change(r: &rusqlite::Row<'_>) -> rusqlite::Result<Change> {
    let value: String = r.get(8)?;
    let sup: String = r.get(9)?;
    let parse_err = |i: usize, e: serde_json::Error| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    };
    Ok(Change {
        id: ChangeId {
            device: r.get(0)?,
            counter: r.get::<_, i64>(1)? as u64,
        },
        hlc: Hlc::unpack(r.get(2)?),
        author: r.get(3)?,
        village: r.get(4)?,
        entity: r.get(5)?,
        entity_id: r.get(6)?,
        field: r.get(7)?,
        value: serde_json::from_str(&value).map_err(|e| parse_err(8, e))?,
        supersedes: serde_json::from_str(&sup).map_err(|e| parse_err(9, e))?,
    })
}

/// Current heads (unsuperseded values) of one field.
pub(crate) fn heads(
    conn: &Connection,
    entity: &str,
    entity_id: &str,
    field: &str,
) -> Result<Vec<ChangeId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT device, counter FROM field_head WHERE entity = ?1 AND entity_id = ?2 AND field = ?3 ORDER BY device, counter",
    )?;
    let ids = stmt
        .query_map([entity, entity_id, field], |r| {
            Ok(ChangeId {
                device: r.get(0)?,
                counter: r.get::<_, i64>(1)? as u64,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ids)
}

/// Counters stay below 2^40 so that `seq = (device number << 40) | counter`
/// keeps each device's changes apart (see migration 0003).
const SEQ_SHIFT: u32 = 40;

/// `JOIN` (or `LEFT JOIN`) the change a row names by its `device` and
/// `counter` columns, as `c`, through the local device numbers (as `cd`).
macro_rules! join_change {
    ($join:literal, $alias:literal) => {
        concat!(
            " ",
            $join,
            " change_device cd ON cd.device = ",
            $alias,
            ".device ",
            $join,
            " change_log c ON c.seq = (cd.no << 40) | ",
            $alias,
            ".counter "
        )
    };
}
pub(crate) use join_change;

/// The changes of device `?1` with counter above `?2`, as a `seq` range.
pub(crate) const DEVICE_AFTER: &str =
    "seq > (SELECT (no << 40) + ?2 FROM change_device WHERE device = ?1)
     AND seq < (SELECT (no + 1) << 40 FROM change_device WHERE device = ?1)";

/// This database's number for `device`, given on first sight.
pub(crate) fn device_no(conn: &Connection, device: &str) -> Result<i64> {
    if let Some(no) = conn
        .prepare_cached("SELECT no FROM change_device WHERE device = ?1")?
        .query_row([device], |r| r.get(0))
        .optional()?
    {
        return Ok(no);
    }
    conn.prepare_cached("INSERT INTO change_device(device) VALUES (?1)")?
        .execute([device])?;
    Ok(conn.last_insert_rowid())
}

/// Where change `counter` of device number `no` sits in the log.
fn change_seq(no: i64, c: &Change) -> Result<i64> {
    if c.id.counter == 0 || c.id.counter >= cunwu_core::change::COUNTER_LIMIT {
        return Err(Error::ChangeCounterOutOfRange {
            id: c.id.to_string(),
        });
    }
    Ok((no << SEQ_SHIFT) | c.id.counter as i64)
}

/// Append a change to the log inside the caller's transaction; `device_no`
/// is [`device_no`] of its device. `Ok(false)` for a replay (same id, same
/// content); a reused id with other content is refused.
pub(crate) fn insert_change(
    conn: &Connection,
    c: &Change,
    device_no: i64,
    received_ms: i64,
) -> Result<bool> {
    let seq = change_seq(device_no, c)?;
    let inserted = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO change_log (seq, device, counter, hlc, author, village, entity, entity_id, field, value, supersedes, received_ms)
             VALUES (?12, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            c.id.device,
            c.id.counter as i64,
            c.hlc.pack(),
            c.author,
            c.village,
            c.entity,
            c.entity_id,
            c.field,
            c.value_text(),
            serde_json::to_string(&c.supersedes).unwrap_or_else(|_| "[]".into()),
            received_ms,
            seq,
        ])?;
    if inserted == 1 {
        return Ok(true);
    }
    let old = conn
        .prepare_cached(&format!("{SELECT_CHANGE} WHERE seq = ?1"))?
        .query_row([seq], row_to_change)?;
    if old == *c {
        Ok(false)
    } else {
        Err(Error::ChangeIdReused {
            id: c.id.to_string(),
        })
    }
}

/// Move a device's contiguous counter forward over the changes now held.
pub(crate) fn advance_progress(conn: &Connection, device: &str) -> Result<()> {
    let start: i64 = conn
        .prepare_cached("SELECT contiguous FROM device_progress WHERE device = ?1")?
        .query_row([device], |r| r.get(0))
        .optional()?
        .unwrap_or(0);
    let mut cur = start;
    {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT counter FROM change_log WHERE {DEVICE_AFTER} ORDER BY seq"
        ))?;
        let mut rows = stmt.query(params![device, start])?;
        while let Some(r) = rows.next()? {
            if r.get::<_, i64>(0)? != cur + 1 {
                break;
            }
            cur += 1;
        }
    }
    if cur != start {
        conn.prepare_cached(
            "INSERT INTO device_progress(device, contiguous) VALUES (?1, ?2)
             ON CONFLICT(device) DO UPDATE SET contiguous = excluded.contiguous",
        )?
        .execute(params![device, cur])?;
    }
    Ok(())
}

impl Store {
    /// Record one user action: stamp the drafts, write them and their
    /// materialization in one transaction. Nothing is written on error.
    pub fn commit_local(&mut self, drafts: Vec<Draft>) -> Result<Vec<Change>> {
        self.commit_local_with(|_| Ok(drafts))
    }

    /// [`Store::commit_local`] with the drafts made inside the same
    /// transaction, so the lookups that decide them (does the household
    /// exist? which visit is amended?) and the write take the database's
    /// locks once. Entity ids minted for the drafts
    /// ([`Store::entity_id_after`]) must be minted in `make`: only there is
    /// the counter they are made from sure to be the one the drafts take.
    pub fn commit_local_with(
        &mut self,
        make: impl FnOnce(&Store) -> Result<Vec<Draft>>,
    ) -> Result<Vec<Change>> {
        let profile = self.profile.as_ref().ok_or(Error::NotInitialized)?;
        let (village, author) = (profile.village.clone(), profile.user.clone());
        self.commit_stamped(&village, &author, make)
    }

    /// [`Store::commit_local_with`] stamping the changes with `village`
    /// and `author` given by the caller (a township laptop, which has no
    /// village of its own, filing a 12345 need for one of its villages).
    pub(crate) fn commit_stamped(
        &mut self,
        village: &str,
        author: &str,
        make: impl FnOnce(&Store) -> Result<Vec<Draft>>,
    ) -> Result<Vec<Change>> {
        // IMMEDIATE: the write lock is taken (or waited for, up to the busy
        // timeout) before anything is read, so the counter, the HLC, the
        // lookups that decide the drafts and the write all see one state of
        // the file, even when another process (the desktop app and the CLI
        // share the file) wrote since this one last looked.
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        match self.commit_in_write_lock(village, author, make) {
            Ok((out, counter, hlc)) => {
                if let Err(e) = self.conn.execute_batch("COMMIT") {
                    let _ = self.conn.execute_batch("ROLLBACK");
                    return Err(e.into());
                }
                // Counter and HLC need no write of their own: they are read
                // back from this device's last change.
                self.counter = counter;
                self.hlc = hlc;
                Ok(out)
            }
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }

    /// The body of [`Store::commit_local_with`], inside its write lock.
    fn commit_in_write_lock(
        &mut self,
        village: &str,
        author: &str,
        make: impl FnOnce(&Store) -> Result<Vec<Draft>>,
    ) -> Result<(Vec<Change>, u64, Hlc)> {
        self.refresh_position()?;
        let now = self.clock.now_ms();
        let drafts = make(self)?;
        let guard = crate::write_guard::WriteGuard::load(&self.conn)?;
        let mut counter = self.counter;
        let mut hlc = self.hlc;
        let mut out = Vec::with_capacity(drafts.len());
        for d in drafts {
            counter += 1;
            hlc = hlc.tick(now);
            let supersedes = match &d.field {
                Some(f) => heads(&self.conn, &d.entity, &d.entity_id, f)?,
                None => Vec::new(),
            };
            let c = Change {
                id: ChangeId {
                    device: self.device_id.clone(),
                    counter,
                },
                hlc,
                author: author.to_string(),
                village: village.to_string(),
                entity: d.entity,
                entity_id: d.entity_id,
                field: d.field,
                value: d.value,
                supersedes,
            };
            guard.check(&c)?;
            insert_change(&self.conn, &c, self.device_no, now)?;
            materialize::apply_local(&self.conn, &c)?;
            out.push(c);
        }
        Ok((out, counter, hlc))
    }

    /// A fresh entity id, unique across devices: the device and the counter
    /// its first change will take.
    pub(crate) fn new_entity_id(&self) -> String {
        self.entity_id_after(0)
    }

    /// The entity id for an entity whose first change follows `pending`
    /// drafts already prepared for the same [`Store::commit_local`] call.
    pub fn entity_id_after(&self, pending: usize) -> String {
        let device = &self.device_id[..10.min(self.device_id.len())];
        format!("{device}-{}", self.counter + 1 + pending as u64)
    }

    /// Changes of `device` held here with counter > `after`, ascending.
    pub fn changes_by_device(&self, device: &str, after: u64, limit: usize) -> Result<Vec<Change>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SELECT_CHANGE} WHERE {DEVICE_AFTER} ORDER BY seq LIMIT ?3"
        ))?;
        let rows = stmt
            .query_map(params![device, after as i64, limit as i64], row_to_change)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Every change held, in (device, counter) order: for inspection and bundles.
    pub fn all_changes(&self) -> Result<Vec<Change>> {
        let mut stmt = self
            .conn
            .prepare(&format!("{SELECT_CHANGE} ORDER BY device, counter"))?;
        let rows = stmt
            .query_map([], row_to_change)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Per device, the highest counter C such that 1..=C are all held.
    pub fn version_vector(&self) -> Result<BTreeMap<String, u64>> {
        let mut stmt = self
            .conn
            .prepare("SELECT device, contiguous FROM device_progress")?;
        let rows = stmt
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
            })?
            .collect::<rusqlite::Result<BTreeMap<_, _>>>()?;
        let mut rows = rows;
        // Read from the file, not the cache: another process may have
        // written here since.
        let counter = self.fresh_counter()?;
        if counter > 0 {
            let own = rows.entry(self.device_id.clone()).or_insert(0);
            *own = (*own).max(counter);
        }
        Ok(rows)
    }

    /// Whether any change is held here (written here, synced or carried
    /// on a USB stick).
    pub fn holds_changes(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT EXISTS (SELECT 1 FROM change_log)", [], |r| r.get(0))?)
    }

    /// Highest counter this device has written.
    pub fn local_counter(&self) -> u64 {
        self.counter
    }

    /// The current HLC stamp.
    pub fn hlc(&self) -> Hlc {
        self.hlc
    }

    /// Local changes the hub has not acknowledged yet.
    pub fn pending_changes(&self) -> Result<u64> {
        let pushed: u64 = meta_get(&self.conn, PUSHED_COUNTER_KEY)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        Ok(self.fresh_counter()?.saturating_sub(pushed))
    }

    /// This device's last counter as the file holds it now (another
    /// process sharing the file may have written since this one did).
    fn fresh_counter(&self) -> Result<u64> {
        Ok(crate::device::last_own_change(&self.conn, &self.device_id)?
            .map_or(self.counter, |(c, _)| c.max(self.counter)))
    }
}
