//! Tamper evidence: each device's vouchers, in sequence order, form a
//! SHA-256 hash chain.
//!
//! `hash(v) = SHA-256(v.prev_hash as its 64 ASCII hex characters ‖
//! canonical JSON of v)`, and every voucher's `prev_hash` is the hash of the
//! device's previous voucher (64 zeros for the first). Canonical JSON is
//! serde's JSON of the voucher with object keys sorted and no whitespace, so
//! it does not depend on field order or on serde_json's features.
//!
//! Altering a posted voucher changes its hash and breaks the link from the
//! next one; deleting one leaves a gap in the sequence. The newest voucher
//! has no successor, so a hub keeps each device's head ([`ChainHead`]) on
//! receipt and [`verify_with_anchors`] checks the books against it.

use crate::voucher::Voucher;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt;

/// The `prev_hash` of a device's first voucher.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Serde JSON with sorted object keys and no whitespace.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                if let Some(v) = map.get(k) {
                    write_canonical(v, out);
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(v, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// The chain hash of a voucher (hex).
pub fn voucher_hash(v: &Voucher) -> String {
    let json = serde_json::to_value(v)
        .map(|j| canonical_json(&j))
        .unwrap_or_default();
    let mut h = Sha256::new();
    h.update(v.prev_hash.as_bytes());
    h.update(json.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// A device's chain head as a hub recorded it: the hash of voucher `seq`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainHead {
    /// Device id.
    pub device: String,
    /// Sequence number of the voucher.
    pub seq: u64,
    /// Its chain hash.
    pub hash: String,
}

/// What is wrong at a break.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BreakKind {
    /// Voucher `seq` is missing: the next one found is `found`.
    Gap {
        /// The sequence number found instead.
        found: u64,
    },
    /// Two different vouchers carry the same sequence number.
    Duplicate,
    /// `prev_hash` of voucher `seq` is not the hash of voucher `seq - 1`
    /// (or not [`GENESIS`] for the first).
    Link {
        /// What `prev_hash` should be.
        expected: String,
        /// What it is.
        found: String,
    },
    /// The hash of voucher `seq` differs from the one a hub recorded.
    Anchor {
        /// The hub's hash.
        expected: String,
        /// The books' hash.
        found: String,
    },
    /// A hub recorded voucher `seq`, but the books do not have it.
    MissingAnchored,
}

/// The first break in one device's chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainBreak {
    /// Device id.
    pub device: String,
    /// Sequence number where the chain breaks.
    pub seq: u64,
    /// What is wrong.
    pub kind: BreakKind,
}

impl fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (d, s) = (&self.device, self.seq);
        match &self.kind {
            BreakKind::Gap { found } => write!(f, "设备“{d}”的凭证链缺少第{s}张（紧接着的是第{found}张）：有凭证被删除"),
            BreakKind::Duplicate => write!(f, "设备“{d}”的第{s}张凭证出现了两个不同的版本：凭证在记账后被改动"),
            BreakKind::Link { .. } if s == 1 => write!(f, "设备“{d}”的第1张凭证不是凭证链的起点：链头被改动"),
            BreakKind::Link { .. } => write!(
                f,
                "设备“{d}”的凭证链在第{}张与第{s}张之间断开：第{}张凭证的内容（或第{s}张记录的链接）在记账后被改动",
                s - 1,
                s - 1
            ),
            BreakKind::Anchor { .. } => write!(f, "设备“{d}”的第{s}张凭证与乡镇平台收到时的记录不符：凭证在上报后被改动"),
            BreakKind::MissingAnchored => write!(f, "乡镇平台已收到设备“{d}”的第{s}张凭证，但账中没有：凭证被删除"),
        }
    }
}

/// One device's chain after verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceChain {
    /// Device id.
    pub device: String,
    /// Vouchers checked.
    pub count: u64,
    /// The last voucher's hash, when the chain is intact.
    pub head: Option<ChainHead>,
    /// The first break, if any.
    pub first_break: Option<ChainBreak>,
}

/// Verify every device's chain in `vouchers` (any order).
pub fn verify_chain(vouchers: &[Voucher]) -> Vec<DeviceChain> {
    verify_with_anchors(vouchers, &[])
}

/// Verify every device's chain and compare with heads a hub recorded.
pub fn verify_with_anchors(vouchers: &[Voucher], anchors: &[ChainHead]) -> Vec<DeviceChain> {
    let mut by_device: BTreeMap<&str, Vec<&Voucher>> = BTreeMap::new();
    for v in vouchers {
        by_device.entry(v.id.device.as_str()).or_default().push(v);
    }
    for a in anchors {
        by_device.entry(a.device.as_str()).or_default();
    }
    by_device
        .into_iter()
        .map(|(device, mut list)| {
            list.sort_by_key(|v| v.id.seq);
            let device_anchors: Vec<&ChainHead> =
                anchors.iter().filter(|a| a.device == device).collect();
            verify_device(device, &list, &device_anchors)
        })
        .collect()
}

fn verify_device(device: &str, list: &[&Voucher], anchors: &[&ChainHead]) -> DeviceChain {
    let broken = |seq, kind| DeviceChain {
        device: device.to_string(),
        count: list.len() as u64,
        head: None,
        first_break: Some(ChainBreak {
            device: device.to_string(),
            seq,
            kind,
        }),
    };
    let mut prev = GENESIS.to_string();
    let mut hashes: BTreeMap<u64, String> = BTreeMap::new();
    let mut expected_seq = 1u64;
    let mut last: Option<&Voucher> = None;
    for v in list {
        if let Some(l) = last {
            if l.id.seq == v.id.seq {
                if l != *v {
                    return broken(v.id.seq, BreakKind::Duplicate);
                }
                continue;
            }
        }
        if v.id.seq != expected_seq {
            return broken(expected_seq, BreakKind::Gap { found: v.id.seq });
        }
        if v.prev_hash != prev {
            return broken(
                v.id.seq,
                BreakKind::Link {
                    expected: prev,
                    found: v.prev_hash.clone(),
                },
            );
        }
        prev = voucher_hash(v);
        hashes.insert(v.id.seq, prev.clone());
        expected_seq += 1;
        last = Some(v);
    }
    let mut sorted: Vec<&&ChainHead> = anchors.iter().collect();
    sorted.sort_by_key(|a| a.seq);
    for a in sorted {
        match hashes.get(&a.seq) {
            None => return broken(a.seq, BreakKind::MissingAnchored),
            Some(h) if *h != a.hash => {
                return broken(
                    a.seq,
                    BreakKind::Anchor {
                        expected: a.hash.clone(),
                        found: h.clone(),
                    },
                )
            }
            Some(_) => {}
        }
    }
    DeviceChain {
        device: device.to_string(),
        count: hashes.len() as u64,
        head: last.map(|v| ChainHead {
            device: device.to_string(),
            seq: v.id.seq,
            hash: prev.clone(),
        }),
        first_break: None,
    }
}

/// The first break over all devices (device order), if any.
pub fn first_break(chains: &[DeviceChain]) -> Option<&ChainBreak> {
    chains.iter().find_map(|c| c.first_break.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_json_sorts_keys_at_every_depth() {
        let v: Value = serde_json::from_str(r#"{"b":1,"a":{"d":[1,{"z":0,"y":"文"}],"c":null}}"#)
            .expect("json");
        assert_eq!(
            canonical_json(&v),
            r#"{"a":{"c":null,"d":[1,{"y":"文","z":0}]},"b":1}"#
        );
    }
}
