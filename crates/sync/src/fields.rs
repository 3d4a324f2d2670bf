//! Columnar streams for JSON object values (a visit, a voucher) inside a
//! change block: each object's keys become one "schema" string, and the
//! value of each key goes into its own stream, so zstd sees every visit's
//! dates together, every situation text together, and so on. A field equal
//! to the change's entity id is written as a one-byte marker.

use crate::columns::{put_varint, Reader};
use crate::error::{Result, SyncError};
use rustc_hash::FxHashMap as HashMap;
use serde_json::{Map, Value};

const KEY_SEP: char = '\u{1f}';

/// Writes object fields into per-(schema, key) streams.
#[derive(Default)]
pub struct FieldWriter {
    /// Schema string index → the stream of each key position.
    ids: HashMap<u64, Vec<usize>>,
    streams: Vec<Vec<u8>>,
}

/// The joined key list of an object, if it can be written by schema.
pub fn schema_of(obj: &Map<String, Value>) -> Option<String> {
    if obj.is_empty() || obj.keys().any(|k| k.contains(KEY_SEP)) {
        return None;
    }
    Some(
        obj.keys()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(&KEY_SEP.to_string()),
    )
}

impl FieldWriter {
    /// Write the fields of `obj` (whose schema has string index `schema`).
    pub fn put(&mut self, schema: u64, obj: &Map<String, Value>, entity_id: &str) {
        // Streams are numbered in order of first use, key by key: a new
        // schema takes the next numbers for all its keys at once. One
        // schema string is one key list, so every object of it has as many
        // values as it has streams.
        if !self.ids.contains_key(&schema) {
            let next = self.streams.len();
            self.ids.insert(schema, (next..next + obj.len()).collect());
            self.streams.resize_with(next + obj.len(), Vec::new);
        }
        let ids = &self.ids[&schema];
        for (v, &id) in obj.values().zip(ids.iter()) {
            let s = &mut self.streams[id];
            match v {
                Value::String(t) if t == entity_id => s.push(2),
                Value::String(t) => {
                    s.push(0);
                    put_varint(s, t.len() as u64);
                    s.extend_from_slice(t.as_bytes());
                }
                other => {
                    let text = other.to_string();
                    s.push(1);
                    put_varint(s, text.len() as u64);
                    s.extend_from_slice(text.as_bytes());
                }
            }
        }
    }

    /// Append the streams to `out`.
    pub fn finish(self, out: &mut Vec<u8>) {
        put_varint(out, self.streams.len() as u64);
        for s in &self.streams {
            put_varint(out, s.len() as u64);
            out.extend_from_slice(s);
        }
    }
}

/// Reads object fields back, assigning stream ids in the writer's order.
pub struct FieldReader<'a> {
    /// Schema string index → (key, stream) of each key position.
    schemas: HashMap<u64, Vec<(String, usize)>>,
    streams: Vec<Reader<'a>>,
    next: usize,
}

impl<'a> FieldReader<'a> {
    /// Read the streams that follow the columns.
    pub fn open(r: &mut Reader<'a>) -> Result<Self> {
        let n = r.count()?;
        let mut streams = Vec::with_capacity(n);
        for _ in 0..n {
            streams.push(Reader::new(r.bytes()?));
        }
        Ok(FieldReader {
            schemas: HashMap::default(),
            streams,
            next: 0,
        })
    }

    /// One object of schema `schema` (index) whose keys are `keys`.
    pub fn get(&mut self, schema: u64, keys: &str, entity_id: &str) -> Result<Map<String, Value>> {
        let FieldReader {
            schemas,
            streams,
            next,
        } = self;
        let list = match schemas.entry(schema) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                let mut list: Vec<(String, usize)> = Vec::new();
                for key in keys.split(KEY_SEP) {
                    if list.iter().any(|(k, _)| k == key) {
                        return Err(SyncError::malformed("字段名重复"));
                    }
                    list.push((key.to_string(), *next));
                    *next += 1;
                }
                e.insert(list)
            }
        };
        // Keys are distinct (checked above), so collecting keeps them all.
        let mut entries = Vec::with_capacity(list.len());
        for (key, id) in list.iter() {
            let s = streams
                .get_mut(*id)
                .ok_or_else(|| SyncError::malformed("字段流编号越界"))?;
            let v = match s.take(1)?[0] {
                2 => Value::String(entity_id.to_string()),
                0 => {
                    let raw = s.bytes()?;
                    Value::String(
                        std::str::from_utf8(raw)
                            .map_err(|_| SyncError::malformed("文字编码不是 UTF-8"))?
                            .to_string(),
                    )
                }
                1 => match s.bytes()? {
                    b"null" => Value::Null,
                    raw => serde_json::from_slice(raw)
                        .map_err(|e| SyncError::malformed(format!("字段值不是合法 JSON：{e}")))?,
                },
                _ => return Err(SyncError::malformed("未知的字段类型")),
            };
            entries.push((key.clone(), v));
        }
        Ok(entries.into_iter().collect())
    }

    /// Every stream fully read.
    pub fn done(&self) -> Result<()> {
        if self.streams.iter().all(|s| s.remaining() == 0) {
            Ok(())
        } else {
            Err(SyncError::malformed("字段流后有多余数据"))
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::codec::{decode, encode};
    use crate::protocol::PullResponse;
    use cunwu_core::change::{Change, ChangeId};

    fn fact(id: &str, value: serde_json::Value) -> Change {
        Change {
            id: ChangeId {
                device: "d".into(),
                counter: 1,
            },
            hlc: Default::default(),
            author: "程鹏".into(),
            village: "东村".into(),
            entity: "visit".into(),
            entity_id: id.into(),
            field: None,
            value,
            supersedes: vec![],
        }
    }

    #[test]
    fn objects_round_trip_by_schema_with_the_entity_id_marker() {
        let changes = vec![
            fact(
                "v1",
                serde_json::json!({"id": "v1", "household_id": "h1", "visitors": ["王"], "n": 3, "note": null}),
            ),
            fact(
                "v2",
                serde_json::json!({"id": "v2", "household_id": "h1", "visitors": [], "n": -1, "note": "v1"}),
            ),
            fact("v3", serde_json::json!({"a\u{1f}b": 1})),
            fact("v4", serde_json::json!({})),
            fact("v5", serde_json::json!({"id": "other"})),
        ];
        let msg = PullResponse {
            changes,
            ..Default::default()
        };
        let back: Result<PullResponse, _> = decode(&encode(&msg));
        assert_eq!(back.ok(), Some(msg));
    }
}
