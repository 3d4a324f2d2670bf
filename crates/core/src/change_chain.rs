//! Each device's changes form a hash chain in counter order, so one
//! signature over the chain's head (a *seal*) vouches for every change
//! before it: `h_0 = GENESIS`, `h_n = SHA-256(h_{n-1} ‖ digest(change n))`.
//!
//! [`change_digest`] is the canonical digest of one change: every field,
//! length-prefixed, the value as [`Change::value_text`] and `supersedes`
//! as compact JSON (empty when none) — byte for byte the digest the hub
//! stores for each change. Pure: the signature itself is checked in
//! `cunwu-sync` (`seal`).

use crate::change::Change;
use sha2::{Digest, Sha256};

/// A chain hash (or a change digest).
pub type Hash = [u8; 32];

/// The hash before a device's first change.
pub const GENESIS: Hash = [0; 32];

/// Domain tag of a signed seal, so a seal's bytes mean nothing else.
const SEAL_TAG: &[u8] = b"cunwu-seal-v1\0";

/// Canonical digest of one change (see the module text).
pub fn change_digest(c: &Change) -> Hash {
    let supersedes = if c.supersedes.is_empty() {
        String::new()
    } else {
        serde_json::to_string(&c.supersedes).unwrap_or_default()
    };
    digest_with(c, &c.value_text(), &supersedes)
}

/// [`change_digest`] with the value and `supersedes` texts already made.
pub fn digest_with(c: &Change, value: &str, supersedes: &str) -> Hash {
    let mut h = Sha256::new();
    let mut part = |b: &[u8]| {
        h.update((b.len() as u64).to_le_bytes());
        h.update(b);
    };
    part(c.id.device.as_bytes());
    part(&c.id.counter.to_le_bytes());
    part(&c.hlc.pack().to_le_bytes());
    part(c.author.as_bytes());
    part(c.village.as_bytes());
    part(c.entity.as_bytes());
    part(c.entity_id.as_bytes());
    match &c.field {
        Some(f) => part(f.as_bytes()),
        None => part(&[0xff]),
    }
    part(value.as_bytes());
    part(supersedes.as_bytes());
    h.finalize().into()
}

/// The chain hash after a change whose digest is `digest`.
pub fn link(prev: &Hash, digest: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update(prev);
    h.update(digest);
    h.finalize().into()
}

/// The chain hash after `changes`, starting from `prev` (the caller
/// guarantees they are one device's next counters, in order).
pub fn extend<'a>(prev: Hash, changes: impl IntoIterator<Item = &'a Change>) -> Hash {
    changes
        .into_iter()
        .fold(prev, |h, c| link(&h, &change_digest(c)))
}

/// The bytes a device signs to seal its chain at `counter`.
pub fn seal_message(device: &str, counter: u64, chain: &Hash) -> Vec<u8> {
    let mut m = Vec::with_capacity(SEAL_TAG.len() + 8 + device.len() + 8 + 32);
    m.extend_from_slice(SEAL_TAG);
    m.extend_from_slice(&(device.len() as u64).to_le_bytes());
    m.extend_from_slice(device.as_bytes());
    m.extend_from_slice(&counter.to_le_bytes());
    m.extend_from_slice(chain);
    m
}

/// Lower-case hex.
pub fn to_hex(bytes: &[u8]) -> String {
    const D: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(D[usize::from(b >> 4)] as char);
        s.push(D[usize::from(b & 15)] as char);
    }
    s
}

/// Parse hex of exactly `N` bytes.
pub fn from_hex<const N: usize>(s: &str) -> Option<[u8; N]> {
    let b = s.as_bytes();
    if b.len() != N * 2 {
        return None;
    }
    let nib = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    };
    let mut out = [0u8; N];
    for (i, o) in out.iter_mut().enumerate() {
        *o = (nib(b[2 * i])? << 4) | nib(b[2 * i + 1])?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::change::ChangeId;

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

    #[test]
    fn any_altered_change_alters_the_head() {
        let a: Vec<Change> = (1..=5).map(|i| change(i, "走访")).collect();
        let head = extend(GENESIS, &a);
        // Extending in two parts gives the same head.
        assert_eq!(extend(extend(GENESIS, &a[..2]), &a[2..]), head);
        for i in 0..a.len() {
            let mut b = a.clone();
            b[i].value = serde_json::json!("改过");
            assert_ne!(extend(GENESIS, &b), head, "change {i}");
        }
        // A different field of the same change alters its digest.
        let mut c = a[0].clone();
        c.supersedes.push(ChangeId {
            device: "d2".into(),
            counter: 1,
        });
        assert_ne!(change_digest(&c), change_digest(&a[0]));
    }

    #[test]
    fn hex_round_trips() {
        let h = extend(GENESIS, &[change(1, "x")]);
        assert_eq!(from_hex::<32>(&to_hex(&h)), Some(h));
        assert_eq!(from_hex::<32>("zz"), None);
        assert_eq!(from_hex::<2>("0aFf"), Some([10, 255]));
    }
}
