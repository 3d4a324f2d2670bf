//! Authorship of changes: each device's Ed25519 key pair, the seals it
//! signs over its own hash chain ([`cunwu_core::change_chain`]), the seals
//! and public keys it keeps of other devices (to carry their changes on),
//! and [`verify`], the one check the hub and every laptop run on what they
//! receive.
//!
//! A batch or bundle carries, per author device, an *anchor* (the chain
//! hash claimed where its run of changes starts) and the author's signed
//! seals the run reaches. Chaining the run from the anchor must give each
//! seal's hash: then every change of the run up to that seal is exactly
//! what the author signed (finding another run with the same hash would
//! break SHA-256), whoever carried it. One signature check per seal, one
//! hash per change.
//!
//! The private key stays in this laptop's `meta` (`sync.signing_key`);
//! [`fresh_key`] makes a new one (a laptop given a new device identity
//! must register its new key with the hub).

use crate::error::{Result, SyncError};
use crate::protocol::{DeviceKey, Seal};
use cunwu_core::change::{Change, ChangeId};
use cunwu_core::change_chain::{self, from_hex, to_hex, Hash, GENESIS};
use cunwu_store::Store;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use std::collections::{BTreeMap, BTreeSet};

/// Seals at counters that are multiples of this are kept for good (by
/// laptops and handed out by the hub), so a long run of another device's
/// changes can be carried on in batches of at most this many.
pub const STRIDE: u64 = 4096;

/// Meta keys.
pub mod keys {
    /// This laptop's Ed25519 private key (32-byte seed, hex).
    pub const SIGNING_KEY: &str = "sync.signing_key";
    /// Prefix of this device's chain hash cache: `sync.chain.<device>` = `counter:hash`.
    pub const CHAIN_PREFIX: &str = "sync.chain.";
    /// Prefix of the seals kept of a device: `sync.seals.<device>`, JSON.
    pub const SEALS_PREFIX: &str = "sync.seals.";
    /// Public keys of the devices in this laptop's scope, JSON (from the hub,
    /// or pinned from the first bundle of an unenrolled laptop).
    pub const DEVICE_KEYS: &str = "sync.device_keys";
}

fn broken_key() -> SyncError {
    SyncError::Malformed("这台电脑保存的签名密钥损坏了。请联系乡镇管理员重新登记这台电脑".into())
}

fn load_key(store: &Store) -> Result<Option<SigningKey>> {
    match store.meta_get(keys::SIGNING_KEY)?.filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(hex) => Ok(Some(SigningKey::from_bytes(
            &from_hex::<32>(&hex).ok_or_else(broken_key)?,
        ))),
    }
}

/// Make a new key pair, keep its private half in this laptop's store and
/// return the public key (hex) to register with the hub. Replaces any key
/// held before (for a laptop given a new device identity).
pub fn fresh_key(store: &Store) -> Result<String> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| {
        SyncError::Io(std::io::Error::other(format!(
            "无法取得随机数来生成签名密钥（{e}）。请重试"
        )))
    })?;
    let key = SigningKey::from_bytes(&seed);
    store.meta_set(keys::SIGNING_KEY, &to_hex(&seed))?;
    Ok(to_hex(key.verifying_key().as_bytes()))
}

/// This laptop's public key (hex), made on first use.
pub fn public_key(store: &Store) -> Result<String> {
    match load_key(store)? {
        Some(k) => Ok(to_hex(k.verifying_key().as_bytes())),
        None => fresh_key(store),
    }
}

fn signing_key(store: &Store) -> Result<SigningKey> {
    public_key(store)?;
    load_key(store)?.ok_or_else(broken_key)
}

/// Sign `device`'s chain hash at `counter`.
pub fn sign(key: &SigningKey, device: &str, counter: u64, chain: &Hash) -> Seal {
    let sig = key.sign(&change_chain::seal_message(device, counter, chain));
    Seal {
        device: device.to_string(),
        counter,
        chain: to_hex(chain),
        sig: to_hex(&sig.to_bytes()),
    }
}

/// Parse a public key (hex).
pub fn parse_key(hex: &str) -> Option<VerifyingKey> {
    VerifyingKey::from_bytes(&from_hex::<32>(hex)?).ok()
}

/// True when `seal` is signed by `key`.
pub fn seal_is_valid(key: &VerifyingKey, seal: &Seal) -> bool {
    let (Some(chain), Some(sig)) = (from_hex::<32>(&seal.chain), from_hex::<64>(&seal.sig)) else {
        return false;
    };
    key.verify_strict(
        &change_chain::seal_message(&seal.device, seal.counter, &chain),
        &Signature::from_bytes(&sig),
    )
    .is_ok()
}

/// This device's chain hash after its own `counter`, from the cache
/// (extended by the changes since) or, below it, from the start.
pub fn own_chain_at(store: &Store, counter: u64) -> Result<Hash> {
    let device = store.device_id().to_string();
    let key = format!("{}{device}", keys::CHAIN_PREFIX);
    let cached = store.meta_get(&key)?.and_then(|v| {
        let (c, h) = v.split_once(':')?;
        Some((c.parse::<u64>().ok()?, from_hex::<32>(h)?))
    });
    let (mut at, mut h) = match cached {
        Some((c, h)) if c <= counter => (c, h),
        _ => (0, GENESIS),
    };
    while at < counter {
        let part = store.changes_by_device(&device, at, 20_000.min((counter - at) as usize))?;
        let Some(last) = part.last().map(|c| c.id.counter) else {
            break;
        };
        if part.first().map(|c| c.id.counter) != Some(at + 1) || last - at != part.len() as u64 {
            return Err(SyncError::Malformed(format!(
                "这台电脑自己的变更编号不连续（{} 之后），无法签名。请联系乡镇管理员",
                at
            )));
        }
        h = change_chain::extend(h, &part);
        at = last;
    }
    if at != counter {
        return Err(SyncError::Malformed(format!(
            "这台电脑没有自己的第 {counter} 条变更，无法签名"
        )));
    }
    store.meta_set(&key, &format!("{at}:{}", to_hex(&h)))?;
    Ok(h)
}

/// Seals for a run of this device's own changes following its counter
/// `after`: the anchor at `after`, a signed seal at every [`STRIDE`]
/// multiple inside the run and at its end.
pub fn seal_own_run(store: &Store, after: u64, run: &[Change]) -> Result<Vec<Seal>> {
    let device = store.device_id().to_string();
    let Some(end) = run.last().map(|c| c.id.counter) else {
        return Ok(Vec::new());
    };
    let key = signing_key(store)?;
    let mut h = own_chain_at(store, after)?;
    let mut out = vec![Seal {
        device: device.clone(),
        counter: after,
        chain: to_hex(&h),
        sig: String::new(),
    }];
    for c in run {
        h = change_chain::link(&h, &change_chain::change_digest(c));
        if c.id.counter % STRIDE == 0 || c.id.counter == end {
            out.push(sign(&key, &device, c.id.counter, &h));
        }
    }
    store.meta_set(
        &format!("{}{device}", keys::CHAIN_PREFIX),
        &format!("{end}:{}", to_hex(&h)),
    )?;
    Ok(out)
}

/// The seals this laptop keeps of `device` (stride seals and the latest),
/// by counter.
pub fn kept_seals(store: &Store, device: &str) -> Result<Vec<Seal>> {
    Ok(store
        .meta_get(&format!("{}{device}", keys::SEALS_PREFIX))?
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default())
}

/// The kept seals of `device` up to the counter it is frozen at, if the
/// hub said it was revoked: what this laptop may still carry on.
pub fn relayable_seals(store: &Store, device: &str) -> Result<Vec<Seal>> {
    let frozen = known_keys(store)?
        .get(device)
        .and_then(|k| k.frozen_at.or(k.revoked_ms.map(|_| 0)));
    let mut kept = kept_seals(store, device)?;
    if let Some(f) = frozen {
        kept.retain(|s| s.counter <= f);
    }
    Ok(kept)
}

/// Keep verified seals of other devices: every stride seal and the latest
/// of each device.
pub fn keep_seals(store: &Store, seals: &[Seal]) -> Result<()> {
    let mut by: BTreeMap<&str, Vec<&Seal>> = BTreeMap::new();
    for s in seals.iter().filter(|s| !s.sig.is_empty()) {
        if s.device != store.device_id() {
            by.entry(&s.device).or_default().push(s);
        }
    }
    for (device, new) in by {
        let mut all: BTreeMap<u64, Seal> = kept_seals(store, device)?
            .into_iter()
            .map(|s| (s.counter, s))
            .collect();
        for s in new {
            all.insert(s.counter, s.clone());
        }
        let latest = all.keys().next_back().copied().unwrap_or(0);
        all.retain(|c, _| c % STRIDE == 0 || *c == latest);
        let json = serde_json::to_string(&all.into_values().collect::<Vec<_>>())
            .map_err(|e| SyncError::Malformed(format!("签名无法保存：{e}")))?;
        store.meta_set(&format!("{}{device}", keys::SEALS_PREFIX), &json)?;
    }
    Ok(())
}

/// Another device's changes this laptop can carry on, from the kept seal
/// at or before its counter `after`: every change up to the latest kept
/// seal that the held changes reach without a gap, with the seals (an
/// anchor where they start).
pub fn sealed_runs(store: &Store, device: &str, after: u64) -> Result<(Vec<Change>, Vec<Seal>)> {
    let kept = relayable_seals(store, device)?;
    let (start, anchor) = kept
        .iter()
        .rev()
        .find(|s| s.counter <= after)
        .map_or((0, to_hex(&GENESIS)), |s| (s.counter, s.chain.clone()));
    let Some(latest) = kept.last().map(|s| s.counter).filter(|c| *c > after) else {
        return Ok((Vec::new(), Vec::new()));
    };
    let mut held = store.changes_by_device(
        device,
        start,
        usize::try_from(latest - start).unwrap_or(usize::MAX),
    )?;
    let whole = held
        .iter()
        .enumerate()
        .take_while(|(i, c)| c.id.counter == start + 1 + *i as u64)
        .count() as u64;
    let Some(end) = kept
        .iter()
        .rev()
        .map(|s| s.counter)
        .find(|c| *c > after && *c <= start + whole)
    else {
        return Ok((Vec::new(), Vec::new()));
    };
    held.truncate(usize::try_from(end - start).unwrap_or(usize::MAX));
    let mut seals = vec![Seal {
        device: device.to_string(),
        counter: start,
        chain: anchor,
        sig: String::new(),
    }];
    seals.extend(
        kept.into_iter()
            .filter(|s| s.counter > start && s.counter <= end),
    );
    Ok((held, seals))
}

/// The devices' keys this laptop knows.
pub fn known_keys(store: &Store) -> Result<BTreeMap<String, DeviceKey>> {
    let list: Vec<DeviceKey> = store
        .meta_get(keys::DEVICE_KEYS)?
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default();
    Ok(list.into_iter().map(|k| (k.device.clone(), k)).collect())
}

/// Keep keys handed out by the hub (they replace what was known of each).
pub fn keep_keys(store: &Store, given: &[DeviceKey]) -> Result<()> {
    if given.is_empty() {
        return Ok(());
    }
    let mut all = known_keys(store)?;
    for k in given {
        all.insert(k.device.clone(), k.clone());
    }
    let json = serde_json::to_string(&all.into_values().collect::<Vec<_>>())
        .map_err(|e| SyncError::Malformed(format!("设备公钥无法保存：{e}")))?;
    store.meta_set(keys::DEVICE_KEYS, &json)?;
    Ok(())
}

/// What the receiver knows of an author device.
#[derive(Debug, Clone)]
pub enum Author {
    /// Its changes cannot be accepted; the reason, in Chinese.
    Refused(String),
    /// Enrolled before keys existed, and pushing its own changes: its
    /// credential vouches for them (the hub only).
    Keyless,
    /// Pushing its own changes with its credential (the hub only): the
    /// credential vouches for them, so they are not hashed again; its
    /// seals in the batch are only checked for their signature and kept,
    /// for whoever carries these changes later.
    Credential(Option<VerifyingKey>),
    /// Its key, and the counter a revoked device is frozen at.
    Key {
        /// Public key.
        key: VerifyingKey,
        /// Beyond this counter its changes are refused (revoked).
        frozen_at: Option<u64>,
    },
}

/// A change refused by [`verify`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// The change.
    pub id: ChangeId,
    /// Why, in Chinese.
    pub reason: String,
    /// The author signed two different changes at one counter.
    pub fork: bool,
}

/// A signed seal that [`verify`] checked, with the point its run started
/// from (so the receiver can link its verified chain heads).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The seal.
    pub seal: Seal,
    /// The counter the run reaching it started after.
    pub from: u64,
    /// The chain hash there.
    pub from_hash: Hash,
}

/// The verdict on a batch.
#[derive(Debug, Clone, Default)]
pub struct Verdict {
    /// Changes refused, with why.
    pub refused: Vec<Refused>,
    /// Seals verified.
    pub verified: Vec<Verified>,
}

impl Verdict {
    /// True when nothing was refused.
    pub fn is_clean(&self) -> bool {
        self.refused.is_empty()
    }
    /// The refused ids.
    pub fn refused_ids(&self) -> BTreeSet<&ChangeId> {
        self.refused.iter().map(|r| &r.id).collect()
    }
}

/// Check every change of a batch against its author's seals.
///
/// `author` says what is known of a device; `trusted` gives the chain head
/// the receiver verified before (counter, hash), if any. A change is
/// accepted only when a run from an anchor (genesis, the trusted head, or
/// an anchor in `seals`) through it reaches a seal signed by its author's
/// key with the hash the run gives. Refused: a change of an unknown or
/// keyless relayed author, beyond a revoked author's frozen counter, not
/// reached by a valid seal, or a second, signed change at a counter the
/// trusted chain already holds (a fork).
pub fn verify(
    changes: &[Change],
    seals: &[Seal],
    mut author: impl FnMut(&str) -> Author,
    mut trusted: impl FnMut(&str) -> Option<(u64, Hash)>,
) -> Verdict {
    let mut out = Verdict::default();
    let mut by: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
    for c in changes {
        by.entry(c.id.device.as_str()).or_default().push(c);
    }
    for (device, mut list) in by {
        let refuse = |out: &mut Verdict, c: &Change, reason: String, fork: bool| {
            out.refused.push(Refused {
                id: c.id.clone(),
                reason,
                fork,
            })
        };
        let (key, frozen_at) = match author(device) {
            Author::Keyless => continue,
            Author::Credential(key) => {
                let mut mine: Vec<&Seal> = seals.iter().filter(|s| s.device == device).collect();
                mine.sort_by_key(|s| s.counter);
                let mut from: Option<(u64, Hash)> = None;
                for s in mine {
                    let Some(h) = from_hex::<32>(&s.chain) else {
                        continue;
                    };
                    if !s.sig.is_empty() && key.as_ref().is_some_and(|k| seal_is_valid(k, s)) {
                        if let Some((c, fh)) = from {
                            out.verified.push(Verified {
                                seal: s.clone(),
                                from: c,
                                from_hash: fh,
                            });
                        }
                    }
                    from = Some((s.counter, h));
                }
                continue;
            }
            Author::Refused(why) => {
                for c in list {
                    refuse(&mut out, c, why.clone(), false);
                }
                continue;
            }
            Author::Key { key, frozen_at } => (key, frozen_at),
        };
        list.sort_by_key(|c| c.id.counter);
        // The same counter twice in one batch: equal copies are one change;
        // different ones are refused (whichever the author signed is a fork).
        let mut unique: Vec<&Change> = Vec::with_capacity(list.len());
        let mut twice: BTreeSet<u64> = BTreeSet::new();
        for c in list {
            match unique.last() {
                Some(p) if p.id.counter == c.id.counter => {
                    if change_chain::change_digest(p) != change_chain::change_digest(c) {
                        twice.insert(c.id.counter);
                    }
                }
                _ => unique.push(c),
            }
        }
        let mut walk: Vec<&Change> = Vec::with_capacity(unique.len());
        for c in unique {
            if twice.contains(&c.id.counter) {
                refuse(&mut out, c, format!("设备 {device} 的第 {} 条变更在同一批里出现了两个不同的版本（分叉），已拒收。请联系乡镇管理员核查这台电脑", c.id.counter), true);
            } else if frozen_at.is_some_and(|f| c.id.counter > f) {
                refuse(&mut out, c, format!("设备 {device} 的登记已被撤销，它在撤销之后写的变更（{}）一律不收，无论由哪台电脑转交", c.id), false);
            } else {
                walk.push(c);
            }
        }
        // Anchors: trusted points, signed seals (checked once each) and claims.
        let head = trusted(device);
        let mut firm: BTreeMap<u64, Hash> = BTreeMap::new();
        firm.insert(0, GENESIS);
        if let Some((c, h)) = head {
            firm.insert(c, h);
        }
        let mut claims: BTreeMap<u64, Hash> = BTreeMap::new();
        let mut signed: BTreeMap<u64, &Seal> = BTreeMap::new();
        for s in seals.iter().filter(|s| s.device == device) {
            let Some(h) = from_hex::<32>(&s.chain) else {
                continue;
            };
            if s.sig.is_empty() {
                claims.insert(s.counter, h);
            } else if seal_is_valid(&key, s) {
                signed.insert(s.counter, s);
                claims.entry(s.counter).or_insert(h);
            }
        }
        let not_covered = |c: &Change| {
            format!(
                "变更 {} 没有作者设备的有效签名（可能是别的电脑冒用了这个设备编号，或数据被改动），已拒收",
                c.id
            )
        };
        let mut i = 0;
        while i < walk.len() {
            let start = walk[i].id.counter - 1;
            // Where this contiguous run starts: a trusted point, else a claim.
            let trusted_start = firm.get(&start).copied();
            let claim = claims.get(&start).copied();
            let (mut h, mut forked) = match (trusted_start, claim) {
                (Some(t), Some(c)) if t != c => (c, true),
                (Some(t), _) => (t, false),
                (None, Some(c)) => (c, false),
                (None, None) => {
                    // No point to start from: nothing of this run is covered.
                    loop {
                        let c = walk[i];
                        refuse(&mut out, c, not_covered(c), false);
                        i += 1;
                        if i >= walk.len() || walk[i].id.counter != c.id.counter + 1 {
                            break;
                        }
                    }
                    continue;
                }
            };
            let (mut from, mut from_hash) = (start, h);
            let mut pending: Vec<&Change> = Vec::new();
            loop {
                let c = walk[i];
                h = change_chain::link(&h, &change_chain::change_digest(c));
                pending.push(c);
                if let Some(t) = firm.get(&c.id.counter) {
                    if *t != h {
                        forked = true;
                    } else if !forked {
                        // Reached a head verified before: all up to here is.
                        pending.clear();
                        (from, from_hash) = (c.id.counter, h);
                    }
                }
                if let Some(s) = signed.get(&c.id.counter) {
                    let sh = from_hex::<32>(&s.chain).unwrap_or(GENESIS);
                    if sh == h && !forked {
                        out.verified.push(Verified {
                            seal: (*s).clone(),
                            from,
                            from_hash,
                        });
                        pending.clear();
                        (from, from_hash) = (c.id.counter, h);
                    } else if sh == h {
                        for p in pending.drain(..) {
                            refuse(&mut out, p, format!("设备 {device} 签过两条不同的历史（分叉）：变更 {} 与已有的同一编号的变更内容不同，已拒收。请联系乡镇管理员核查这台电脑（可能是从备份恢复后又写了数据）", p.id), true);
                        }
                        (from, from_hash) = (c.id.counter, h);
                    }
                }
                i += 1;
                if i >= walk.len() || walk[i].id.counter != c.id.counter + 1 {
                    break;
                }
            }
            for p in pending {
                refuse(&mut out, p, not_covered(p), false);
            }
        }
    }
    out
}

/// A push batch of `changes` with the seals that prove them, as this
/// laptop would send it: every contiguous run of its own changes signed
/// here, other devices' changes with the seals kept of them.
pub fn sealed_batch(
    store: &Store,
    sent_ms: i64,
    changes: Vec<Change>,
) -> Result<crate::protocol::PushBatch> {
    let me = store.device_id().to_string();
    let mut seals = Vec::new();
    let mut own: Vec<&Change> = changes.iter().filter(|c| c.id.device == me).collect();
    own.sort_by_key(|c| c.id.counter);
    let mut i = 0;
    while i < own.len() {
        let mut j = i + 1;
        while j < own.len() && own[j].id.counter == own[j - 1].id.counter + 1 {
            j += 1;
        }
        let run: Vec<Change> = own[i..j].iter().map(|c| (*c).clone()).collect();
        let after = own[i].id.counter - 1;
        seals.extend(seal_own_run(store, after, &run)?);
        i = j;
    }
    let others: BTreeSet<&str> = changes
        .iter()
        .map(|c| c.id.device.as_str())
        .filter(|d| *d != me)
        .collect();
    for d in others {
        seals.extend(kept_seals(store, d)?);
    }
    Ok(crate::protocol::PushBatch {
        sent_ms,
        changes,
        seals,
        public_key: Some(public_key(store)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cunwu_core::change_chain::extend;

    fn change(counter: u64, value: &str) -> Change {
        Change {
            id: ChangeId {
                device: "d1".into(),
                counter,
            },
            hlc: Default::default(),
            author: "王".into(),
            village: "东村".into(),
            entity: "visit".into(),
            entity_id: format!("v{counter}"),
            field: None,
            value: serde_json::json!(value),
            supersedes: vec![],
        }
    }

    fn author(key: &SigningKey, frozen_at: Option<u64>) -> impl FnMut(&str) -> Author + '_ {
        move |_| Author::Key {
            key: key.verifying_key(),
            frozen_at,
        }
    }

    fn anchor(counter: u64, chain: &Hash) -> Seal {
        Seal {
            device: "d1".into(),
            counter,
            chain: to_hex(chain),
            sig: String::new(),
        }
    }

    #[test]
    fn a_run_is_accepted_only_up_to_its_authors_seal() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let run: Vec<Change> = (1..=6).map(|i| change(i, "走访")).collect();
        let seal4 = sign(&key, "d1", 4, &extend(GENESIS, &run[..4]));
        let v = verify(
            &run,
            std::slice::from_ref(&seal4),
            author(&key, None),
            |_| None,
        );
        // 1..4 covered; 5 and 6 after the last seal are not.
        let refused: Vec<u64> = v.refused.iter().map(|r| r.id.counter).collect();
        assert_eq!(refused, vec![5, 6]);
        assert_eq!(v.verified.len(), 1);

        // An altered change: nothing of its run up to the seal is taken.
        let mut bad = run.clone();
        bad[2].value = serde_json::json!("改过");
        let v = verify(
            &bad[..4],
            std::slice::from_ref(&seal4),
            author(&key, None),
            |_| None,
        );
        assert_eq!(v.refused.len(), 4);

        // A run starting mid-chain from a claimed anchor.
        let h2 = extend(GENESIS, &run[..2]);
        let v = verify(
            &run[2..4],
            &[anchor(2, &h2), seal4.clone()],
            author(&key, None),
            |_| None,
        );
        assert!(v.is_clean(), "{:?}", v.refused);
        // The same with a wrong anchor is not covered.
        let v = verify(
            &run[2..4],
            &[anchor(2, &GENESIS), seal4.clone()],
            author(&key, None),
            |_| None,
        );
        assert_eq!(v.refused.len(), 2);

        // Someone else's key signing the same hash is no seal.
        let other = SigningKey::from_bytes(&[9; 32]);
        let forged = sign(&other, "d1", 4, &extend(GENESIS, &run[..4]));
        let v = verify(&run[..4], &[forged], author(&key, None), |_| None);
        assert_eq!(v.refused.len(), 4);

        // Revoked at 3: the fourth is refused even though it is sealed.
        let v = verify(
            &run[..4],
            std::slice::from_ref(&seal4),
            author(&key, Some(3)),
            |_| None,
        );
        let refused: Vec<u64> = v.refused.iter().map(|r| r.id.counter).collect();
        assert_eq!(refused, vec![4, 1, 2, 3]);
        assert!(v.refused[0].reason.contains("撤销"));
    }

    #[test]
    fn a_signed_second_history_is_a_fork() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let run: Vec<Change> = (1..=3).map(|i| change(i, "走访")).collect();
        let trusted = (3, extend(GENESIS, &run));
        let mut other = run.clone();
        other[2].value = serde_json::json!("另一段历史");
        let seal = sign(&key, "d1", 3, &extend(GENESIS, &other));
        let h2 = extend(GENESIS, &run[..2]);
        let v = verify(
            &other[2..],
            &[anchor(2, &h2), seal],
            author(&key, None),
            |_| Some(trusted),
        );
        assert_eq!(v.refused.len(), 1);
        assert!(v.refused[0].fork, "{:?}", v.refused);
        assert!(v.refused[0].reason.contains("分叉"));
    }
}
