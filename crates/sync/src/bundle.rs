//! USB-stick bundles: the same change set as the network, in one file.
//!
//! Layout (all checked before anything is decoded, let alone written):
//!
//! ```text
//! "CUNWUBDL"   8 bytes magic
//! version      1 byte  (BUNDLE_VERSION)
//! frame_len    8 bytes little-endian
//! frame        a codec frame: BundleHeader + changes
//! mac          32 bytes HMAC-SHA256 of the frame keyed with SHA-256 of the
//!              device credential (zeros when the sender has none)
//! sha256       32 bytes over everything before it
//! ```
//!
//! The SHA-256 catches a damaged copy; the MAC lets the hub (which keeps
//! only the credential's hash) and the device tell a bundle really came
//! from the other side.

use crate::codec;
use crate::error::{Result, SyncError};
use crate::protocol::Wire;
use cunwu_core::change::Change;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// File magic.
pub const MAGIC: &[u8; 8] = b"CUNWUBDL";
/// Bundle layout version.
pub const BUNDLE_VERSION: u8 = 1;
/// Largest decompressed bundle accepted (512 MiB).
pub const MAX_BUNDLE: usize = 512 << 20;
const FIXED: usize = 8 + 1 + 8 + 32 + 32;

/// Who wrote a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Origin {
    /// A village laptop.
    Device {
        /// Its device id.
        device_id: String,
        /// The village it was initialised for.
        village: Option<String>,
        /// The hub it is enrolled with, if any.
        hub_id: Option<String>,
    },
    /// A township hub.
    Hub {
        /// The hub's id.
        hub_id: String,
    },
}

/// Whom a bundle is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Target {
    /// The township hub.
    Hub,
    /// One device.
    Device(String),
}

/// The bundle's header and its changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bundle {
    /// Writer.
    pub origin: Origin,
    /// Intended reader.
    pub target: Target,
    /// When written, by the writer's clock, UTC ms.
    pub created_ms: i64,
    /// Hub bundles: the device's pull cursor the changes start after.
    pub from_cursor: Option<u64>,
    /// Hub bundles: the hub cursor the changes reach.
    pub to_cursor: Option<u64>,
    /// Device bundles: the authors' seals (and run anchors) over the
    /// changes ([`crate::seal`]); the reader checks every change against them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seals: Vec<crate::protocol::Seal>,
    /// Device bundles: the writer's public key, hex (pinned by a reader
    /// that has no hub to ask).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key: Option<String>,
    /// The changes.
    #[serde(skip)]
    pub changes: Vec<Change>,
}

impl Wire for Bundle {
    fn changes(&self) -> &[Change] {
        &self.changes
    }
    fn set_changes(&mut self, changes: Vec<Change>) {
        self.changes = changes;
    }
}

/// A bundle read and checked for integrity, with what is needed to check
/// its MAC.
#[derive(Debug)]
pub struct Opened {
    /// The bundle.
    pub bundle: Bundle,
    frame_digest_input: Vec<u8>,
    mac: [u8; 32],
}

impl Opened {
    /// True when the bundle carries a MAC made with `key`.
    pub fn mac_matches(&self, key: &[u8]) -> bool {
        let want = hmac_sha256(key, &self.frame_digest_input);
        // Constant-time compare.
        want.iter()
            .zip(self.mac.iter())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
    }
    /// True when the writer signed it at all.
    pub fn is_signed(&self) -> bool {
        self.mac != [0u8; 32]
    }
}

/// Write a bundle file's bytes; `mac_key` is SHA-256 of the writer's (or
/// the recipient's) device credential.
pub fn write(bundle: &Bundle, mac_key: Option<&[u8]>) -> Vec<u8> {
    let frame = codec::encode(bundle);
    let mut out = Vec::with_capacity(frame.len() + FIXED);
    out.extend_from_slice(MAGIC);
    out.push(BUNDLE_VERSION);
    out.extend_from_slice(&(frame.len() as u64).to_le_bytes());
    out.extend_from_slice(&frame);
    let mac = mac_key.map_or([0u8; 32], |k| hmac_sha256(k, &frame));
    out.extend_from_slice(&mac);
    let sum = Sha256::digest(&out);
    out.extend_from_slice(&sum);
    out
}

/// Read and check a bundle file: magic, version, length, checksum, then
/// decode. Nothing is written by this function.
pub fn open(bytes: &[u8]) -> Result<Opened> {
    let refuse = |m: &str| SyncError::Bundle(m.to_string());
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(refuse(
            "这个文件不是村务数据包（文件开头标记不对），请确认选对了文件。没有导入任何数据",
        ));
    }
    if bytes.len() < FIXED {
        return Err(refuse(
            "数据包不完整（文件被截断），没有导入任何数据。请从原电脑重新拷贝",
        ));
    }
    let version = bytes[8];
    if version != BUNDLE_VERSION {
        return Err(refuse(&format!(
            "数据包格式版本 {version} 与本软件（{BUNDLE_VERSION}）不一致，没有导入任何数据。请先把两边的村务软件升级到同一版本"
        )));
    }
    let (body, sum) = bytes.split_at(bytes.len() - 32);
    if Sha256::digest(body).as_slice() != sum {
        return Err(refuse(
            "数据包已损坏（校验不通过），没有导入任何数据。请从原电脑重新导出、重新拷贝",
        ));
    }
    let mut len_bytes = [0u8; 8];
    len_bytes.copy_from_slice(&bytes[9..17]);
    let frame_len = usize::try_from(u64::from_le_bytes(len_bytes)).unwrap_or(usize::MAX);
    if frame_len != body.len().saturating_sub(17 + 32) {
        return Err(refuse("数据包内部长度不对，没有导入任何数据。请重新导出"));
    }
    let frame = &body[17..17 + frame_len];
    let mut mac = [0u8; 32];
    mac.copy_from_slice(&body[17 + frame_len..]);
    let bundle: Bundle = codec::decode_with_limit(frame, MAX_BUNDLE)
        .map_err(|e| SyncError::Bundle(format!("数据包内容无法读取（{e}），没有导入任何数据")))?;
    Ok(Opened {
        bundle,
        frame_digest_input: frame.to_vec(),
        mac,
    })
}

/// HMAC-SHA256 (RFC 2104).
pub fn hmac_sha256(key: &[u8], msg: &[u8]) -> [u8; 32] {
    let mut k = [0u8; 64];
    if key.len() > 64 {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(k.map(|b| b ^ 0x36));
    inner.update(msg);
    let mut outer = Sha256::new();
    outer.update(k.map(|b| b ^ 0x5c));
    outer.update(inner.finalize());
    outer.finalize().into()
}

/// SHA-256 of a credential, as the hub stores it and as bundles are keyed.
pub fn credential_hash(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample() -> Bundle {
        Bundle {
            origin: Origin::Device {
                device_id: "d1".into(),
                village: Some("东村".into()),
                hub_id: None,
            },
            target: Target::Hub,
            created_ms: 1,
            from_cursor: None,
            to_cursor: None,
            seals: vec![],
            public_key: None,
            changes: vec![],
        }
    }

    #[test]
    fn hmac_matches_rfc4231_case_2() {
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(
            hex(&mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn round_trip_and_mac() {
        let key = credential_hash("secret");
        let bytes = write(&sample(), Some(&key));
        let opened = open(&bytes).map_err(|e| e.to_string());
        let opened = opened.as_ref().map_err(|e| e.as_str());
        assert!(opened.is_ok(), "{opened:?}");
        if let Ok(o) = opened {
            assert_eq!(o.bundle, sample());
            assert!(o.is_signed() && o.mac_matches(&key));
            assert!(!o.mac_matches(&credential_hash("other")));
        }
    }

    #[test]
    fn refusals_are_chinese_and_specific() {
        let bytes = write(&sample(), None);
        let mut bad = bytes.clone();
        let mid = bad.len() / 2;
        bad[mid] ^= 0x40;
        let msg = open(&bad).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(msg.contains("损坏"), "{msg}");
        let msg = open(&bytes[..bytes.len() - 5])
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(msg.contains("损坏") || msg.contains("截断"), "{msg}");
        let msg = open(b"PK\x03\x04 not a bundle")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(msg.contains("不是村务数据包"), "{msg}");
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(mut bytes in proptest::collection::vec(any::<u8>(), 0..600), with_magic in any::<bool>()) {
            if with_magic && bytes.len() >= 9 {
                bytes[..8].copy_from_slice(MAGIC);
                bytes[8] = BUNDLE_VERSION;
            }
            let _ = open(&bytes);
        }
    }
}
