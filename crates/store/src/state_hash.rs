//! A digest of the materialized state, equal on replicas that hold the same
//! set of changes: what convergence tests and `cunwu sync status` compare.

use crate::{Result, Store};
use sha2::{Digest, Sha256};

impl Store {
    /// SHA-256 (hex) over households, members, visits, needs (with their
    /// folded status), people and open conflicts,
    /// in a fixed order. Device-local bookkeeping (meta, progress) is excluded.
    pub fn state_hash(&self) -> Result<String> {
        let mut h = Sha256::new();
        for sql in [
            "SELECT * FROM household ORDER BY id",
            "SELECT * FROM member ORDER BY id",
            "SELECT id, household_id, date, amends, device, counter FROM visit ORDER BY id",
            "SELECT entity, entity_id, field, device, counter, hlc FROM field_head ORDER BY entity, entity_id, field, device, counter",
            "SELECT * FROM need ORDER BY id",
            "SELECT * FROM need_event ORDER BY id",
            "SELECT * FROM person ORDER BY id",
        ] {
            let mut stmt = self.conn.prepare(sql)?;
            let n = stmt.column_count();
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i)?;
                    h.update(format!("{v:?}\u{1f}").as_bytes());
                }
                h.update(b"\x1e");
            }
            h.update(b"\x1d");
        }
        Ok(format!("{:x}", h.finalize()))
    }
}
