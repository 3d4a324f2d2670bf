//! Broken voucher chains the township hub reported to this laptop, kept in
//! the local database (`meta`, key [`CHAIN_ALARMS`]) so the 同步 page and the
//! status bar show them after the exchange, after a restart, and whether
//! the report came from 立即同步, the background task or `cunwu sync now`.
//!
//! **Decision: an alarm stays until a person acknowledges it.** The hub
//! keeps a break for good (it records the first bad voucher of a device's
//! chain and never clears it) and repeats it in the ack of every push that
//! concerns that device, so "a later sync says the chain is clean" does not
//! happen for a real break: an altered voucher stays altered. What the
//! co-op's bookkeeper needs is to see it until someone has taken it up
//! with the township (联系乡镇管理员核对凭证), and then to see that it was
//! taken up, by whom and when. So acknowledging records the current user
//! and the time; the alarm stays listed as 已确认, and the same break told
//! again by the hub does not raise it anew. A break not seen before (another
//! device, or another voucher) is a new alarm.

use crate::Result;
use cunwu_store::Store;
use cunwu_sync::protocol::ChainAlarm;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

/// Meta key of the alarms (JSON list of [`ChainAlarmNote`]).
pub const CHAIN_ALARMS: &str = "desk.chain_alarms";
/// Meta key: a kept value this version could not read, set aside before
/// it was replaced.
pub const CHAIN_ALARMS_UNREAD: &str = "desk.chain_alarms.unread";

/// At most this many alarms are kept (the hub records one break per
/// device, so a village never comes near it).
const MAX_KEPT: usize = 500;

/// Who acknowledged an alarm, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Acknowledgement {
    /// The user of this laptop who acknowledged it.
    pub by: String,
    /// When, device clock UTC ms.
    pub at_ms: i64,
}

/// A voucher an alarm concerns, as this laptop holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VoucherRef {
    /// Place in the device's chain (第几张).
    pub seq: u64,
    /// Its number and summary, e.g. `2026-11 A-0002（现金收入）`; `None`
    /// when this laptop does not hold the voucher.
    pub label: Option<String>,
}

/// One break of a device's voucher chain, as the hub reported it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChainAlarmNote {
    /// The device whose chain is broken.
    pub device: String,
    /// The voucher (place in the chain) where it breaks.
    pub seq: u64,
    /// What is wrong, in Chinese (the hub's words, as `cunwu ledger verify`'s).
    pub message: String,
    /// The break is in this laptop's own vouchers.
    #[serde(default)]
    pub this_laptop: bool,
    /// The vouchers to take out and compare: the one before the break and
    /// the one at it.
    #[serde(default)]
    pub vouchers: Vec<VoucherRef>,
    /// First reported, device clock UTC ms.
    pub first_seen_ms: i64,
    /// Last reported, device clock UTC ms.
    pub last_seen_ms: i64,
    /// Set once a person has acknowledged it.
    pub acknowledged: Option<Acknowledgement>,
}

impl ChainAlarmNote {
    fn is(&self, device: &str, seq: u64) -> bool {
        self.device == device && self.seq == seq
    }
}

/// Every kept alarm, open ones first, with this laptop's view of them.
pub fn list(store: &Store) -> Result<Vec<ChainAlarmNote>> {
    let mut notes = load(store)?;
    for n in &mut notes {
        n.this_laptop = n.device == store.device_id();
        n.vouchers = vouchers_of(store, &n.device, n.seq)?;
    }
    notes.sort_by_key(|n| (n.acknowledged.is_some(), std::cmp::Reverse(n.first_seen_ms)));
    Ok(notes)
}

/// How many alarms nobody has acknowledged yet.
pub fn open_count(notes: &[ChainAlarmNote]) -> usize {
    notes.iter().filter(|n| n.acknowledged.is_none()).count()
}

/// Keep what the hub reported in one exchange: a break not seen before is a
/// new, open alarm; one already kept only has its last report time moved
/// (an acknowledged one stays acknowledged). Returns how many are new.
pub fn record(store: &Store, reported: &[ChainAlarm]) -> Result<usize> {
    if reported.is_empty() {
        return Ok(0);
    }
    let tx = update(store)?;
    let now = store.now_ms();
    let mut notes = load_for_update(store)?;
    let mut new = 0;
    for a in reported {
        match notes.iter_mut().find(|n| n.is(&a.device, a.seq)) {
            Some(n) => {
                n.last_seen_ms = now;
                n.message = a.message.clone();
            }
            None => {
                new += 1;
                notes.push(ChainAlarmNote {
                    device: a.device.clone(),
                    seq: a.seq,
                    message: a.message.clone(),
                    this_laptop: false,
                    vouchers: Vec::new(),
                    first_seen_ms: now,
                    last_seen_ms: now,
                    acknowledged: None,
                });
            }
        }
    }
    if notes.len() > MAX_KEPT {
        // Drop the oldest acknowledged ones first; open alarms are kept.
        notes.sort_by_key(|n| (n.acknowledged.is_none(), n.last_seen_ms));
        let excess = notes.len() - MAX_KEPT;
        let droppable = notes
            .iter()
            .take_while(|n| n.acknowledged.is_some())
            .count();
        notes.drain(..excess.min(droppable));
    }
    save(store, &notes)?;
    tx.commit().map_err(cunwu_store::Error::from)?;
    Ok(new)
}

/// Read-modify-write of the kept alarms in one IMMEDIATE transaction, so
/// `cunwu sync now` and the desktop cannot overwrite each other's change.
fn update(store: &Store) -> Result<rusqlite::Transaction<'_>> {
    Ok(
        rusqlite::Transaction::new_unchecked(
            store.conn(),
            rusqlite::TransactionBehavior::Immediate,
        )
        .map_err(cunwu_store::Error::from)?,
    )
}

/// [`load`] before a write: a stored value this version cannot read (from
/// a newer one) is first copied aside under [`CHAIN_ALARMS_UNREAD`], never
/// lost.
fn load_for_update(store: &Store) -> Result<Vec<ChainAlarmNote>> {
    if let Some(v) = store.meta_get(CHAIN_ALARMS)?.filter(|v| !v.is_empty()) {
        if serde_json::from_str::<Vec<ChainAlarmNote>>(&v).is_err() {
            store.meta_set(CHAIN_ALARMS_UNREAD, &v)?;
        }
    }
    load(store)
}

/// A person has taken the alarm of `device`'s chain at `seq` up with the
/// township: record who (this laptop's current user) and when.
pub fn acknowledge(store: &Store, device: &str, seq: u64) -> Result<()> {
    let tx = update(store)?;
    let mut notes = load_for_update(store)?;
    let Some(n) = notes.iter_mut().find(|n| n.is(device, seq)) else {
        return Err(cunwu_core::Error::not_found(
            "凭证链告警",
            format!("设备 {device} 第 {seq} 张"),
        )
        .into());
    };
    if n.acknowledged.is_none() {
        n.acknowledged = Some(Acknowledgement {
            by: store.require_profile()?.user,
            at_ms: store.now_ms(),
        });
        save(store, &notes)?;
    }
    tx.commit().map_err(cunwu_store::Error::from)?;
    Ok(())
}

fn load(store: &Store) -> Result<Vec<ChainAlarmNote>> {
    // A value this version cannot read (written by a newer one) shows as
    // no alarms rather than blocking the sync page; before a write it is
    // set aside (`load_for_update`).
    Ok(store
        .meta_get(CHAIN_ALARMS)?
        .filter(|v| !v.is_empty())
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default())
}

fn save(store: &Store, notes: &[ChainAlarmNote]) -> Result<()> {
    let stored: Vec<ChainAlarmNote> = notes
        .iter()
        .map(|n| ChainAlarmNote {
            this_laptop: false,
            vouchers: Vec::new(),
            ..n.clone()
        })
        .collect();
    store.meta_set(
        CHAIN_ALARMS,
        &serde_json::to_string(&stored).unwrap_or_default(),
    )?;
    Ok(())
}

/// The voucher before the break and the one at it, labelled when held here.
fn vouchers_of(store: &Store, device: &str, seq: u64) -> Result<Vec<VoucherRef>> {
    let sql = |e: rusqlite::Error| crate::Error::Store(e.into());
    let mut stmt = store
        .conn()
        .prepare_cached(
            "SELECT date, series, number, summary FROM ledger_voucher
         WHERE voucher_device = ?1 AND voucher_seq = ?2 ORDER BY device, counter LIMIT 1",
        )
        .map_err(sql)?;
    let mut out = Vec::new();
    for s in [seq.saturating_sub(1), seq] {
        if s == 0 || out.iter().any(|v: &VoucherRef| v.seq == s) {
            continue;
        }
        let label = stmt
            .query_row(rusqlite::params![device, s as i64], |r| {
                let date: String = r.get(0)?;
                let series: String = r.get(1)?;
                let number: i64 = r.get(2)?;
                let summary: String = r.get(3)?;
                let period = date.get(..7).unwrap_or(&date).to_string();
                Ok(format!("{period} {series}-{number:04}（{summary}）"))
            })
            .optional()
            .map_err(sql)?;
        out.push(VoucherRef { seq: s, label });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cunwu_core::clock::{Clock, ManualClock};
    use std::sync::Arc;

    fn alarm(device: &str, seq: u64) -> ChainAlarm {
        ChainAlarm {
            device: device.into(),
            seq,
            message: format!("设备“{device}”的第{seq}张凭证出现了两个不同的版本"),
        }
    }

    fn count(r: Result<usize>) -> usize {
        r.unwrap_or_else(|e| panic!("record: {e}"))
    }

    #[test]
    fn a_break_told_again_is_not_new_and_an_acknowledged_one_stays_acknowledged() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let clock = Arc::new(ManualClock::new(1_000));
        let mut store = Store::open(&dir.path().join("c.db"), clock.clone() as Arc<dyn Clock>)
            .unwrap_or_else(|e| panic!("{e}"));
        store
            .init("东村", None, "刘会计")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(count(record(&store, &[])), 0);
        assert_eq!(count(record(&store, &[alarm("aa", 3)])), 1);
        clock.advance(10);
        assert_eq!(count(record(&store, &[alarm("aa", 3), alarm("bb", 1)])), 1);
        assert!(acknowledge(&store, "aa", 3).is_ok());
        clock.advance(10);
        assert_eq!(count(record(&store, &[alarm("aa", 3)])), 0);
        let notes = list(&store).unwrap_or_else(|e| panic!("{e}"));
        let seen: Vec<(&str, u64, i64, i64, bool)> = notes
            .iter()
            .map(|n| {
                let acked = n.acknowledged.is_some();
                (
                    n.device.as_str(),
                    n.seq,
                    n.first_seen_ms,
                    n.last_seen_ms,
                    acked,
                )
            })
            .collect();
        // Open ones first.
        assert_eq!(
            seen,
            vec![
                ("bb", 1, 1_010, 1_010, false),
                ("aa", 3, 1_000, 1_020, true)
            ]
        );
        assert_eq!(open_count(&notes), 1);
        // Another voucher of the same device is a new alarm.
        assert_eq!(count(record(&store, &[alarm("aa", 5)])), 1);
    }

    #[test]
    fn a_kept_value_this_version_cannot_read_is_set_aside_not_lost() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let clock = Arc::new(ManualClock::new(1_000));
        let mut store = Store::open(&dir.path().join("c.db"), clock as Arc<dyn Clock>)
            .unwrap_or_else(|e| panic!("{e}"));
        store
            .init("东村", None, "刘会计")
            .unwrap_or_else(|e| panic!("{e}"));
        let newer = r#"{"format":2,"alarms":[]}"#;
        store
            .meta_set(CHAIN_ALARMS, newer)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(list(&store).unwrap_or_else(|e| panic!("{e}")).is_empty());
        assert_eq!(count(record(&store, &[alarm("aa", 3)])), 1);
        let aside = store
            .meta_get(CHAIN_ALARMS_UNREAD)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(aside.as_deref(), Some(newer));
        assert_eq!(list(&store).unwrap_or_else(|e| panic!("{e}")).len(), 1);
    }
}
