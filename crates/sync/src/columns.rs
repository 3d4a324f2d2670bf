//! The compact columnar encoding of a list of changes, inside a frame.
//!
//! Strings (device ids, authors, villages, entity ids, fields, string
//! values) go once into a string table and are referenced by index;
//! counters, HLC stamps and references to entity ids and string values are
//! delta-encoded zigzag varints; each column is
//! written on its own so zstd sees long runs of similar bytes; object
//! values go field by field into [`crate::fields`] streams. Decoding
//! checks every length and index against the bytes actually present, so
//! malformed input is an error, never a panic or a huge allocation.

use crate::error::{Result, SyncError};
use crate::fields::{schema_of, FieldReader, FieldWriter};
use cunwu_core::change::{Change, ChangeId};
use cunwu_core::hlc::Hlc;
use rustc_hash::FxHashMap;

/// Number of columns in a change block.
const COLUMNS: usize = 9;

/// Append `v` as an unsigned LEB128 varint.
pub fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// A bounds-checked cursor over bytes.
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// Read from the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, pos: 0 }
    }
    /// Bytes not yet read.
    pub fn remaining(&self) -> usize {
        self.bytes.len().saturating_sub(self.pos)
    }
    /// One varint.
    pub fn varint(&mut self) -> Result<u64> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = *self
                .bytes
                .get(self.pos)
                .ok_or_else(|| SyncError::malformed("数据被截断"))?;
            self.pos += 1;
            if shift == 63 && b > 1 {
                return Err(SyncError::malformed("数字溢出"));
            }
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(SyncError::malformed("数字过长"))
    }
    /// A varint used as a length or count: at most `remaining()`.
    pub fn count(&mut self) -> Result<usize> {
        let n = self.varint()?;
        usize::try_from(n)
            .ok()
            .filter(|n| *n <= self.remaining())
            .ok_or_else(|| SyncError::malformed("长度超出数据范围"))
    }
    /// `n` raw bytes.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).filter(|e| *e <= self.bytes.len());
        let end = end.ok_or_else(|| SyncError::malformed("数据被截断"))?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    /// A length-prefixed byte string.
    pub fn bytes(&mut self) -> Result<&'a [u8]> {
        let n = self.count()?;
        self.take(n)
    }
    fn zigzag(&mut self) -> Result<i64> {
        Ok(unzigzag(self.varint()?))
    }
    fn done(&self, what: &str) -> Result<()> {
        if self.remaining() == 0 {
            Ok(())
        } else {
            Err(SyncError::malformed(format!("{what}后有多余数据")))
        }
    }
}

#[derive(Default)]
struct Strings {
    /// Fx rather than SipHash: the keys are the batch's own strings, and
    /// hashing them was a fifth of encoding.
    index: FxHashMap<String, u64>,
    list: Vec<String>,
}

impl Strings {
    fn id(&mut self, s: &str) -> u64 {
        if let Some(i) = self.index.get(s) {
            return *i;
        }
        let i = self.list.len() as u64;
        self.index.insert(s.to_string(), i);
        self.list.push(s.to_string());
        i
    }
}

/// Encode changes into the columnar block.
pub fn encode_changes(changes: &[Change], out: &mut Vec<u8>) {
    let mut strings = Strings::default();
    let mut cols: [Vec<u8>; COLUMNS] = Default::default();
    let (mut last_counter, mut last_ms) = (0u64, 0i64);
    let (mut last_eid, mut last_vid) = (0u64, 0u64);
    let mut fields = FieldWriter::default();
    let mut last_schema: Option<(Vec<String>, u64)> = None;
    for c in changes {
        put_varint(&mut cols[0], strings.id(&c.id.device));
        put_varint(
            &mut cols[1],
            zigzag(c.id.counter.wrapping_sub(last_counter) as i64),
        );
        last_counter = c.id.counter;
        put_varint(&mut cols[2], zigzag(c.hlc.ms.wrapping_sub(last_ms)));
        last_ms = c.hlc.ms;
        put_varint(&mut cols[2], u64::from(c.hlc.counter));
        put_varint(&mut cols[3], strings.id(&c.author));
        put_varint(&mut cols[3], strings.id(&c.village));
        put_varint(&mut cols[4], strings.id(&c.entity));
        // Entity ids and string values mostly appear in creation order:
        // delta-encoded references compress to almost nothing.
        let eid = strings.id(&c.entity_id);
        put_varint(&mut cols[5], zigzag(eid.wrapping_sub(last_eid) as i64));
        last_eid = eid;
        put_varint(
            &mut cols[6],
            c.field.as_deref().map_or(0, |f| strings.id(f) + 1),
        );
        // Objects of one kind (every visit) share a key list: compare with
        // the last one's keys before joining them into a schema string.
        let schema = match &c.value {
            serde_json::Value::Object(obj) => match &last_schema {
                Some((keys, id)) if obj.keys().eq(keys.iter()) => Some(*id),
                _ => schema_of(obj).map(|joined| {
                    let id = strings.id(&joined);
                    last_schema = Some((obj.keys().cloned().collect(), id));
                    id
                }),
            },
            _ => None,
        };
        match (&c.value, schema) {
            (serde_json::Value::String(s), _) => {
                cols[7].push(0);
                let vid = strings.id(s);
                put_varint(&mut cols[7], zigzag(vid.wrapping_sub(last_vid) as i64));
                last_vid = vid;
            }
            (serde_json::Value::Object(obj), Some(schema)) => {
                cols[7].push(2);
                put_varint(&mut cols[7], schema);
                fields.put(schema, obj, &c.entity_id);
            }
            (other, _) => {
                cols[7].push(1);
                let text = other.to_string();
                put_varint(&mut cols[7], text.len() as u64);
                cols[7].extend_from_slice(text.as_bytes());
            }
        }
        put_varint(&mut cols[8], c.supersedes.len() as u64);
        for s in &c.supersedes {
            put_varint(&mut cols[8], strings.id(&s.device));
            put_varint(&mut cols[8], s.counter);
        }
    }
    put_varint(out, changes.len() as u64);
    put_varint(out, strings.list.len() as u64);
    for s in &strings.list {
        put_varint(out, s.len() as u64);
        out.extend_from_slice(s.as_bytes());
    }
    for col in &cols {
        put_varint(out, col.len() as u64);
        out.extend_from_slice(col);
    }
    fields.finish(out);
}

/// Decode a columnar block; the whole of `bytes` must be consumed.
pub fn decode_changes(bytes: &[u8]) -> Result<Vec<Change>> {
    let mut r = Reader::new(bytes);
    let n = r.count()?;
    let string_count = r.count()?;
    let mut strings = Vec::with_capacity(string_count);
    for _ in 0..string_count {
        let raw = r.bytes()?;
        let s = std::str::from_utf8(raw).map_err(|_| SyncError::malformed("文字编码不是 UTF-8"))?;
        strings.push(s.to_string());
    }
    let mut cols = Vec::with_capacity(COLUMNS);
    for _ in 0..COLUMNS {
        cols.push(Reader::new(r.bytes()?));
    }
    let mut fields = FieldReader::open(&mut r)?;
    r.done("变更数据")?;
    let string = |i: u64| -> Result<String> {
        usize::try_from(i)
            .ok()
            .and_then(|i| strings.get(i))
            .cloned()
            .ok_or_else(|| SyncError::malformed("字符串编号越界"))
    };
    let mut out = Vec::with_capacity(n.min(1 << 16));
    let (mut last_counter, mut last_ms) = (0u64, 0i64);
    let (mut last_eid, mut last_vid) = (0u64, 0u64);
    for _ in 0..n {
        let device = string(cols[0].varint()?)?;
        let counter = last_counter.wrapping_add(cols[1].zigzag()? as u64);
        last_counter = counter;
        let ms = last_ms.wrapping_add(cols[2].zigzag()?);
        last_ms = ms;
        let hlc_counter =
            u32::try_from(cols[2].varint()?).map_err(|_| SyncError::malformed("时钟计数溢出"))?;
        let author = string(cols[3].varint()?)?;
        let village = string(cols[3].varint()?)?;
        let entity = string(cols[4].varint()?)?;
        last_eid = last_eid.wrapping_add(cols[5].zigzag()? as u64);
        let entity_id = string(last_eid)?;
        let field = match cols[6].varint()? {
            0 => None,
            i => Some(string(i - 1)?),
        };
        let value = match cols[7].take(1)?[0] {
            0 => {
                last_vid = last_vid.wrapping_add(cols[7].zigzag()? as u64);
                serde_json::Value::String(string(last_vid)?)
            }
            1 => {
                let raw = cols[7].bytes()?;
                serde_json::from_slice(raw)
                    .map_err(|e| SyncError::malformed(format!("字段值不是合法 JSON：{e}")))?
            }
            2 => {
                let schema = cols[7].varint()?;
                let keys = usize::try_from(schema)
                    .ok()
                    .and_then(|i| strings.get(i))
                    .ok_or_else(|| SyncError::malformed("字符串编号越界"))?;
                serde_json::Value::Object(fields.get(schema, keys, &entity_id)?)
            }
            _ => return Err(SyncError::malformed("未知的值类型")),
        };
        let k = cols[8].count()?;
        let mut supersedes = Vec::with_capacity(k);
        for _ in 0..k {
            let device = string(cols[8].varint()?)?;
            supersedes.push(ChangeId {
                device,
                counter: cols[8].varint()?,
            });
        }
        out.push(Change {
            id: ChangeId { device, counter },
            hlc: Hlc {
                ms,
                counter: hlc_counter,
            },
            author,
            village,
            entity,
            entity_id,
            field,
            value,
            supersedes,
        });
    }
    for col in &cols {
        col.done("变更列")?;
    }
    fields.done()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varint_round_trip_edges() {
        for v in [0u64, 1, 127, 128, 300, u64::MAX / 2, u64::MAX] {
            let mut b = Vec::new();
            put_varint(&mut b, v);
            assert_eq!(Reader::new(&b).varint().ok(), Some(v));
        }
        for v in [0i64, -1, 1, i64::MIN, i64::MAX] {
            assert_eq!(unzigzag(zigzag(v)), v);
        }
    }

    #[test]
    fn overlong_varint_is_an_error() {
        assert!(Reader::new(&[0xff; 11]).varint().is_err());
        assert!(
            Reader::new(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f])
                .varint()
                .is_err()
        );
    }

    #[test]
    fn huge_counts_do_not_allocate() {
        let mut b = Vec::new();
        put_varint(&mut b, u64::MAX);
        assert!(decode_changes(&b).is_err());
    }
}
