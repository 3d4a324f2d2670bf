//! Frames on the wire and in bundles: one version byte, then a zstd frame
//! holding a small JSON header (the message's own fields) and the columnar
//! block of the changes it carries ([`crate::columns`]).
//!
//! Decoding is fuzz-safe: a wrong version byte, corrupted zstd, a body that
//! decompresses past the size limit (a decompression bomb), a malformed
//! header or change block all come back as `Err`, never a panic, and the
//! decompressed size is capped before it is allocated.

use crate::columns;
use crate::error::{Result, SyncError};
use crate::protocol::Wire;
use std::io::Read;

/// The frame format this build writes and reads.
pub const FORMAT_VERSION: u8 = 1;

/// Default cap on a decompressed frame (64 MiB).
pub const MAX_DECOMPRESSED: usize = 64 << 20;

/// Largest JSON header accepted (1 MiB).
const MAX_HEADER: usize = 1 << 20;

/// zstd level: 3 is zstd's default, fast on both ends.
const ZSTD_LEVEL: i32 = 3;

/// Encode a message into a frame.
pub fn encode<M: Wire>(msg: &M) -> Vec<u8> {
    let header = serde_json::to_vec(msg).unwrap_or_default();
    let mut body = Vec::with_capacity(header.len() + 64 * msg.changes().len() + 16);
    columns::put_varint(&mut body, header.len() as u64);
    body.extend_from_slice(&header);
    columns::encode_changes(msg.changes(), &mut body);
    let mut out = vec![FORMAT_VERSION];
    // Compressing into a Vec cannot fail for I/O reasons; fall back to the
    // uncompressed-in-zstd encoding level 1 if it somehow does.
    match zstd::stream::encode_all(&body[..], ZSTD_LEVEL) {
        Ok(z) => out.extend_from_slice(&z),
        Err(_) => {
            out.extend_from_slice(&zstd::stream::encode_all(&body[..], 1).unwrap_or_default())
        }
    }
    out
}

/// Decode a frame with the default size cap.
pub fn decode<M: Wire>(frame: &[u8]) -> Result<M> {
    decode_with_limit(frame, MAX_DECOMPRESSED)
}

/// Decode a frame, refusing one that decompresses past `limit` bytes.
pub fn decode_with_limit<M: Wire>(frame: &[u8], limit: usize) -> Result<M> {
    let (&version, compressed) = frame
        .split_first()
        .ok_or_else(|| SyncError::malformed("空数据"))?;
    if version != FORMAT_VERSION {
        return Err(if version > FORMAT_VERSION {
            SyncError::UnsupportedVersion(version)
        } else {
            SyncError::malformed(format!("未知的格式版本 {version}"))
        });
    }
    let body = decompress(compressed, limit)?;
    let mut r = columns::Reader::new(&body);
    let header_len = r.count()?;
    if header_len > MAX_HEADER {
        return Err(SyncError::malformed("消息头过大"));
    }
    let header = r.take(header_len)?;
    let mut msg: M = serde_json::from_slice(header)
        .map_err(|e| SyncError::malformed(format!("消息头不对：{e}")))?;
    let rest = r.take(r.remaining())?;
    let changes = columns::decode_changes(rest)?;
    msg.set_changes(changes);
    Ok(msg)
}

/// Decompress a zstd stream, failing once more than `limit` bytes come out.
fn decompress(compressed: &[u8], limit: usize) -> Result<Vec<u8>> {
    let decoder = zstd::stream::read::Decoder::new(compressed)
        .map_err(|e| SyncError::malformed(format!("解压失败：{e}")))?;
    let mut out = Vec::new();
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    decoder
        .take(cap)
        .read_to_end(&mut out)
        .map_err(|e| SyncError::malformed(format!("解压失败：{e}")))?;
    if out.len() > limit {
        return Err(SyncError::TooLarge { limit });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{ChainAlarm, PullResponse, PushAck};
    use cunwu_core::change::{Change, ChangeId};
    use cunwu_core::hlc::Hlc;
    use proptest::prelude::*;

    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::Bool),
            any::<i64>().prop_map(serde_json::Value::from),
            "[\\PC]{0,12}".prop_map(serde_json::Value::String),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
                proptest::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// Arbitrary changes, including extreme counters and stamps.
    pub(crate) fn change() -> impl Strategy<Value = Change> {
        (
            ("[a-f0-9]{1,8}", any::<u64>()),
            (any::<i64>(), any::<u32>()),
            ("[\\PC]{0,6}", "[\\PC]{0,6}", "[a-z]{1,9}", "[\\PC]{0,10}"),
            proptest::option::of("[a-z_]{1,10}"),
            json_value(),
            proptest::collection::vec(("[a-f0-9]{1,8}", any::<u64>()), 0..3),
        )
            .prop_map(
                |(
                    (device, counter),
                    (ms, hc),
                    (author, village, entity, entity_id),
                    field,
                    value,
                    sup,
                )| Change {
                    id: ChangeId { device, counter },
                    hlc: Hlc { ms, counter: hc },
                    author,
                    village,
                    entity,
                    entity_id,
                    field,
                    value,
                    supersedes: sup
                        .into_iter()
                        .map(|(device, counter)| ChangeId { device, counter })
                        .collect(),
                },
            )
    }

    proptest! {
        #[test]
        fn round_trip(changes in proptest::collection::vec(change(), 0..40), next in any::<u64>(), more in any::<bool>()) {
            let chain_breaks = if more {
                Vec::new()
            } else {
                vec![ChainAlarm { device: "出纳电脑".into(), seq: next % 100, message: "凭证的前一张哈希对不上".into() }]
            };
            let msg = PullResponse { next_cursor: next, more, hub_time_ms: 7, chain_breaks, changes, ..Default::default() };
            let frame = encode(&msg);
            let back: PullResponse = decode(&frame).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(back, msg);
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = decode::<PullResponse>(&bytes);
            let mut framed = vec![FORMAT_VERSION];
            framed.extend_from_slice(&bytes);
            let _ = decode::<PullResponse>(&framed);
        }

        #[test]
        fn corrupted_frames_never_panic(changes in proptest::collection::vec(change(), 1..10), flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6), cut in any::<prop::sample::Index>()) {
            let frame = encode(&PullResponse { changes, ..Default::default() });
            let mut bad = frame.clone();
            for (i, b) in flips {
                let i = i.index(bad.len());
                bad[i] ^= b | 1;
            }
            let _ = decode::<PullResponse>(&bad);
            let _ = decode::<PullResponse>(&frame[..cut.index(frame.len())]);
        }

        #[test]
        fn corrupted_bodies_never_panic(changes in proptest::collection::vec(change(), 1..10), flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6), cut in any::<prop::sample::Index>()) {
            // Corrupt the decompressed body, then re-compress: exercises the
            // columnar decoder rather than zstd's checks.
            let frame = encode(&PullResponse { changes, ..Default::default() });
            let Ok(mut body) = decompress(&frame[1..], MAX_DECOMPRESSED) else { return Err(TestCaseError::fail("own frame")) };
            for (i, b) in flips {
                let i = i.index(body.len());
                body[i] ^= b | 1;
            }
            for cut_body in [&body[..], &body[..cut.index(body.len())]] {
                let mut f = vec![FORMAT_VERSION];
                f.extend_from_slice(&zstd::stream::encode_all(cut_body, 1).unwrap_or_default());
                let _ = decode::<PullResponse>(&f);
            }
        }
    }

    #[test]
    fn decompression_bomb_is_refused() {
        let zeros = vec![0u8; 8 << 20];
        let mut f = vec![FORMAT_VERSION];
        f.extend_from_slice(&zstd::stream::encode_all(&zeros[..], 3).unwrap_or_default());
        assert!(f.len() < 4096, "a bomb: tiny on the wire");
        let r = decode_with_limit::<PushAck>(&f, 1 << 20);
        assert!(matches!(r, Err(SyncError::TooLarge { .. })), "{r:?}");
    }

    #[test]
    fn newer_version_is_named() {
        let mut f = encode(&PushAck::default());
        f[0] = FORMAT_VERSION + 1;
        assert!(matches!(
            decode::<PushAck>(&f),
            Err(SyncError::UnsupportedVersion(2))
        ));
        assert!(decode::<PushAck>(&[]).is_err());
    }

    #[test]
    fn trailing_garbage_is_refused() {
        let f = encode(&PushAck::default());
        let mut body = decompress(&f[1..], MAX_DECOMPRESSED).unwrap_or_default();
        body.push(0);
        let mut g = vec![FORMAT_VERSION];
        g.extend_from_slice(&zstd::stream::encode_all(&body[..], 1).unwrap_or_default());
        assert!(decode::<PushAck>(&g).is_err());
    }
}
