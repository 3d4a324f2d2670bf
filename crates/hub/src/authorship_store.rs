//! The hub's authorship tables (migration 3): public keys, the counter a
//! revoked device is frozen at, the seals it verified and each device's
//! verified chain head. Called from [`crate::sqlite`] inside its
//! transactions.

use crate::error::{HubError, Result};
use crate::sqlite::scope_parts;
use crate::storage::{AuthorRecord, DeviceRecord};
use cunwu_core::change::Change;
use cunwu_core::change_chain::{from_hex, to_hex};
use cunwu_sync::protocol::{DeviceKey, Role, Scope, Seal};
use cunwu_sync::seal::{Verified, STRIDE};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::BTreeMap;

/// Key, freeze and verified head of each named device that is enrolled.
pub(crate) fn authors(
    conn: &Connection,
    ids: &[&str],
    device: impl Fn(&str) -> Result<Option<DeviceRecord>>,
) -> Result<BTreeMap<String, AuthorRecord>> {
    let mut key =
        conn.prepare_cached("SELECT public_key, frozen_at FROM device_key WHERE device_id = ?1")?;
    let mut head =
        conn.prepare_cached("SELECT counter, chain FROM device_chain WHERE device = ?1")?;
    let mut out = BTreeMap::new();
    for id in ids {
        let Some(dev) = device(id)? else { continue };
        let (public_key, frozen_at) = key
            .query_row([id], |r| {
                Ok((r.get::<_, Option<String>>(0)?, r.get::<_, Option<i64>>(1)?))
            })
            .optional()?
            .unwrap_or((None, None));
        let head = head
            .query_row([id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
            .optional()?
            .and_then(|(c, h)| Some((c.max(0) as u64, from_hex::<32>(&h)?)));
        let frozen_at = frozen_at
            .map(|f| f.max(0) as u64)
            .or(dev.revoked_ms.map(|_| 0));
        out.insert(
            id.to_string(),
            AuthorRecord {
                device: dev,
                public_key,
                frozen_at,
                head,
            },
        );
    }
    Ok(out)
}

/// Record (or replace) a device's public key.
pub(crate) fn set_public_key(
    conn: &Connection,
    device_id: &str,
    key: &str,
    now_ms: i64,
) -> Result<()> {
    conn.execute(
        "INSERT INTO device_key(device_id, public_key, registered_ms) VALUES (?1, ?2, ?3)
         ON CONFLICT(device_id) DO UPDATE SET public_key = excluded.public_key, registered_ms = excluded.registered_ms",
        params![device_id, key, now_ms],
    )?;
    Ok(())
}

/// Freeze a revoked device at the counter the hub holds of it (once).
pub(crate) fn freeze(conn: &Connection, device_id: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO device_key(device_id, frozen_at)
         VALUES (?1, coalesce((SELECT contiguous FROM device_vector WHERE device = ?1), 0))
         ON CONFLICT(device_id) DO UPDATE SET frozen_at = coalesce(device_key.frozen_at, excluded.frozen_at)",
        [device_id],
    )?;
    Ok(())
}

/// Keep the seals a batch was verified with, and move each device's
/// verified head along every run that continues it.
pub(crate) fn record(conn: &Connection, verified: &[Verified], now_ms: i64) -> Result<()> {
    if verified.is_empty() {
        return Ok(());
    }
    let mut ins = conn.prepare_cached(
        "INSERT OR IGNORE INTO device_seal(device, counter, chain, sig, from_counter, from_hash, received_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut first: BTreeMap<&str, &Verified> = BTreeMap::new();
    for v in verified {
        let s = &v.seal;
        ins.execute(params![
            s.device,
            s.counter as i64,
            s.chain,
            s.sig,
            v.from as i64,
            to_hex(&v.from_hash),
            now_ms
        ])?;
        first
            .entry(s.device.as_str())
            .and_modify(|f| {
                if v.from < f.from {
                    *f = v;
                }
            })
            .or_insert(v);
    }
    let mut next = conn.prepare_cached(
        "SELECT counter, chain FROM device_seal WHERE device = ?1 AND from_counter = ?2 AND from_hash = ?3
         ORDER BY counter DESC LIMIT 1",
    )?;
    for (device, v) in first {
        // A device's first verified run starts its head (from genesis, or
        // where a device enrolled before keys began sealing).
        conn.prepare_cached(
            "INSERT OR IGNORE INTO device_chain(device, counter, chain) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![device, v.from as i64, to_hex(&v.from_hash)])?;
        let (mut c, mut h): (i64, String) = conn.query_row(
            "SELECT counter, chain FROM device_chain WHERE device = ?1",
            [device],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let start = c;
        while let Some((nc, nh)) = next
            .query_row(params![device, c, h], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })
            .optional()?
        {
            if nc <= c {
                break;
            }
            (c, h) = (nc, nh);
        }
        if c != start {
            conn.prepare_cached(
                "UPDATE device_chain SET counter = ?2, chain = ?3 WHERE device = ?1",
            )?
            .execute(params![device, c, h])?;
        }
    }
    Ok(())
}

/// The seals a laptop needs to carry a pulled page on: for each device in
/// it, the stride seals within the page's counters and its latest seal up
/// to the page's highest counter.
pub(crate) fn seals_for(conn: &Connection, changes: &[Change]) -> Result<Vec<Seal>> {
    let mut range: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    for c in changes {
        let r = range
            .entry(c.id.device.as_str())
            .or_insert((c.id.counter, c.id.counter));
        r.0 = r.0.min(c.id.counter);
        r.1 = r.1.max(c.id.counter);
    }
    // Two index range reads per device: the stride seals inside the page,
    // and the latest seal up to its highest counter.
    let mut stmt = conn.prepare_cached(
        "SELECT counter, chain, sig FROM device_seal
           WHERE device = ?1 AND counter BETWEEN ?2 AND ?3 AND counter % ?4 = 0
         UNION
         SELECT counter, chain, sig FROM device_seal
           WHERE device = ?1 AND counter = (SELECT max(counter) FROM device_seal WHERE device = ?1 AND counter <= ?3)
         ORDER BY counter",
    )?;
    let mut out = Vec::new();
    for (device, (lo, hi)) in range {
        let rows = stmt.query_map(params![device, lo as i64, hi as i64, STRIDE as i64], |r| {
            Ok(Seal {
                device: device.to_string(),
                counter: r.get::<_, i64>(0)?.max(0) as u64,
                chain: r.get(1)?,
                sig: r.get(2)?,
            })
        })?;
        for s in rows {
            out.push(s?);
        }
    }
    Ok(out)
}

/// Every village device of `villages`, with key and revocation.
pub(crate) fn keys_in(conn: &Connection, villages: &[String]) -> Result<Vec<DeviceKey>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.device_id, k.public_key, d.scope_kind, d.scope_name, d.role, d.revoked_ms, k.frozen_at
         FROM devices d LEFT JOIN device_key k ON k.device_id = d.device_id
         WHERE d.scope_kind = 'village' AND d.scope_name = ?1 ORDER BY d.device_id",
    )?;
    let mut out = Vec::new();
    for v in villages {
        let rows = stmt.query_map([v], |r| {
            let kind: String = r.get(2)?;
            let name: String = r.get(3)?;
            let role: String = r.get(4)?;
            Ok(DeviceKey {
                device: r.get(0)?,
                public_key: r.get(1)?,
                village: (kind == scope_parts(&Scope::Village(String::new())).0).then_some(name),
                role: Role::parse(&role).unwrap_or(Role::Township),
                revoked_ms: r.get(5)?,
                frozen_at: r.get::<_, Option<i64>>(6)?.map(|f| f.max(0) as u64),
            })
        })?;
        for k in rows {
            out.push(k?);
        }
    }
    Ok(out)
}

/// A key that is not 32 bytes of hex is refused at enrollment.
pub(crate) fn check_key(key: &str) -> Result<()> {
    if cunwu_sync::seal::parse_key(key).is_none() {
        return Err(HubError::BadRequest(
            "这台电脑发来的签名公钥格式不对，没有登记。请升级村务软件后重试".into(),
        ));
    }
    Ok(())
}
