//! Who wrote a pushed change, proven: a change the pushing device made
//! itself is vouched for by its credential (the authenticated request);
//! every change it carries for another device must be covered by a seal
//! that device signed ([`cunwu_sync::seal::verify`]: one signature check
//! per seal, one hash per change). Each change is then judged by the
//! *author's* enrollment — its village and role — not by the device that
//! carried it, which may only carry its own village's changes. The seals of
//! the pusher's own runs are checked for their signature and kept, so the
//! hub can hand them to laptops that carry those changes on.
//!
//! Refused, each by id with a Chinese reason: a change of a device the hub
//! does not know; of a device enrolled before keys, carried by another;
//! a carried change not reached by a valid seal (forged,
//! altered, a member writing under the clerk's device id or pre-claiming
//! its next counter); beyond the counter a revoked device is frozen at
//! (revocation freezes a device at the counter the hub held of it then,
//! whoever carries the rest); a second, signed change at a counter the
//! device's verified chain already holds (a fork); and anything the
//! author's role or village may not write ([`crate::rules`]).

use crate::rules;
use crate::storage::{AuthorRecord, DeviceRecord};
use cunwu_core::change::{Change, ChangeId};
use cunwu_sync::protocol::{Role, Scope, Seal};
use cunwu_sync::seal::{self, Author, Verified};
use std::collections::BTreeMap;

/// A change refused by [`check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The change.
    pub id: ChangeId,
    /// Why, in Chinese.
    pub reason: String,
    /// What kind of refusal.
    pub kind: RefusalKind,
}

/// Why a change is refused, broadly (the audit log's kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusalKind {
    /// Not covered by its author's valid seal (or no usable key, or revoked).
    Signature,
    /// Its author signed two different changes at its counter.
    Fork,
    /// Its author's village or role (or the carrier's village) may not write it.
    Role,
}

impl RefusalKind {
    /// The audit log's kind.
    pub fn audit_kind(self) -> &'static str {
        match self {
            RefusalKind::Signature => "签名不符被拒",
            RefusalKind::Fork => "分叉冲突被拒",
            RefusalKind::Role => "越权被拒",
        }
    }
}

/// The verdict on one pushed batch.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    /// Refused changes (the others may be stored).
    pub refused: Vec<Refusal>,
    /// Seals verified, to keep with the stored changes.
    pub verified: Vec<Verified>,
}

/// Check `changes`, pushed by `pusher` with `seals`, against what the hub
/// knows of their authors (`authors`, as [`crate::storage::HubStorage::authors`]).
pub fn check(
    pusher: &DeviceRecord,
    authors: &BTreeMap<String, AuthorRecord>,
    changes: &[Change],
    seals: &[Seal],
) -> Checked {
    // What the carrier may not carry at all is refused first.
    let mut refused: Vec<Refusal> = Vec::new();
    let mut carried: Vec<Change> = Vec::new();
    for c in changes {
        match carrier_refusal(pusher, c) {
            Some(reason) => refused.push(Refusal {
                id: c.id.clone(),
                reason,
                kind: RefusalKind::Role,
            }),
            None => carried.push(c.clone()),
        }
    }
    let verdict = seal::verify(
        &carried,
        seals,
        |d| match authors.get(d) {
            None => Author::Refused(format!("设备 {d} 没有在乡镇服务器登记，它的变更不能保存")),
            Some(a) if d == pusher.device_id => {
                Author::Credential(a.public_key.as_deref().and_then(seal::parse_key))
            }
            Some(a) => match a.public_key.as_deref() {
                None => Author::Refused(format!(
                    "设备 {d} 是在启用签名之前登记的，它的变更只能由它自己上传，不能由别的电脑转交"
                )),
                Some(k) => match seal::parse_key(k) {
                    Some(key) => Author::Key {
                        key,
                        frozen_at: a.frozen_at,
                    },
                    None => Author::Refused(format!(
                        "设备 {d} 登记的签名公钥损坏，它的变更不能保存。请联系乡镇管理员"
                    )),
                },
            },
        },
        |d| authors.get(d).and_then(|a| a.head),
    );
    let bad: std::collections::BTreeSet<&ChangeId> = verdict.refused_ids();
    let mut judged: Vec<Refusal> = Vec::new();
    for c in carried.iter().filter(|c| !bad.contains(&c.id)) {
        // Keyless or verified: the author is enrolled (else refused above),
        // and its own village and role decide.
        if let Some(reason) = authors
            .get(&c.id.device)
            .and_then(|a| rules::refusal(&a.device.scope, a.device.role, c))
        {
            judged.push(Refusal {
                id: c.id.clone(),
                reason,
                kind: RefusalKind::Role,
            });
        }
    }
    refused.extend(verdict.refused.iter().map(|r| Refusal {
        id: r.id.clone(),
        reason: r.reason.clone(),
        kind: if r.fork {
            RefusalKind::Fork
        } else {
            RefusalKind::Signature
        },
    }));
    refused.extend(judged);
    Checked {
        refused,
        verified: verdict.verified,
    }
}

/// A device may carry only its own village's changes; a township device
/// carries nothing.
fn carrier_refusal(pusher: &DeviceRecord, c: &Change) -> Option<String> {
    match (&pusher.scope, pusher.role) {
        // A township's 12345 needs and 督办 notes (its villages are checked
        // by the hub's push).
        (Scope::Township(_), Role::Township) if cunwu_core::access::township_may_write(c) => None,
        (Scope::Township(_), _) | (_, Role::Township) => Some(format!(
            "乡镇账号只能查看，不能上传修改（变更 {}）。请在村里的电脑上修改",
            c.id
        )),
        (Scope::Village(v), _) if &c.village != v => Some(format!(
            "这台电脑只属于“{v}”，不能上传或转交“{}”的数据（变更 {}）。已记录在服务器日志中",
            c.village, c.id
        )),
        _ => None,
    }
}
