//! The hub's core, independent of HTTP: enrollment codes and credentials,
//! authentication, per-change scope and role checks, quarantine of changes
//! stamped too far ahead, and the relay by cursor and snapshot. The axum
//! server ([`crate::server`]), the in-process transport
//! ([`crate::local::LocalTransport`]) and the admin commands all call it.

use crate::error::{HubError, Result};
use crate::rules;
use crate::sqlite::SqliteStorage;
use crate::storage::{CodeRecord, DeviceRecord, HubStorage, Refusal};
use cunwu_core::change::{Change, ChangeId};
use cunwu_core::clock::{Clock, DAY_MS};
use cunwu_sync::bundle::hex;
use cunwu_sync::protocol::{
    ChainAlarm, EnrollRequest, EnrollResponse, PullRequest, PullResponse, PushAck, PushBatch,
    Quarantined, RefusedChange, Role, Scope, SnapshotPage, SnapshotRequest, VectorRequest,
    VectorResponse, MAX_FUTURE_MS,
};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

/// How long an enrollment code stays valid.
pub const CODE_VALID_MS: i64 = 7 * DAY_MS;
/// Most changes one pull or snapshot page returns.
pub const MAX_PAGE: u32 = 50_000;
const CODE_ALPHABET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// A running hub.
pub struct Hub {
    storage: Mutex<Box<dyn HubStorage>>,
    clock: Arc<dyn Clock>,
    hub_id: String,
}

/// SHA-256 hex of a secret (credentials and codes are stored only so).
pub fn secret_hash(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

fn normalize_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// One human-readable log line on stderr, stamped with the hub clock (China time).
pub fn log_line(now_ms: i64, msg: &str) {
    let t = chrono::DateTime::<chrono::Utc>::from_timestamp_millis(now_ms)
        .unwrap_or_default()
        .with_timezone(&cunwu_core::clock::china_offset());
    eprintln!("[{}] {msg}", t.format("%Y-%m-%d %H:%M:%S"));
}

impl Hub {
    /// Open the hub whose data lives in `data_dir` (SQLite `hub.db`).
    pub fn open(data_dir: &Path, clock: Arc<dyn Clock>) -> Result<Hub> {
        Hub::with_storage(Box::new(SqliteStorage::open(data_dir)?), clock)
    }

    /// A hub over any storage.
    pub fn with_storage(storage: Box<dyn HubStorage>, clock: Arc<dyn Clock>) -> Result<Hub> {
        let hub_id = storage.hub_id()?;
        Ok(Hub {
            storage: Mutex::new(storage),
            clock,
            hub_id,
        })
    }

    /// This hub's id.
    pub fn hub_id(&self) -> &str {
        &self.hub_id
    }

    /// The hub clock.
    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    pub(crate) fn store(&self) -> MutexGuard<'_, Box<dyn HubStorage>> {
        self.storage.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Log and keep in the audit table.
    fn record(&self, device: Option<&str>, kind: &str, detail: &str) {
        let now = self.now_ms();
        log_line(
            now,
            &format!(
                "{kind}：{}{detail}",
                device.map(|d| format!("设备 {d}：")).unwrap_or_default()
            ),
        );
        let _ = self.store().audit(now, device, kind, detail);
    }

    /// Make a one-time enrollment code. A village may be placed in a
    /// township (so the township's devices see it).
    pub fn create_code(
        &self,
        scope: &Scope,
        role: Role,
        village_township: Option<&str>,
    ) -> Result<String> {
        match (scope, role) {
            (Scope::Township(_), r) if r != Role::Township => {
                return Err(HubError::BadRequest(
                    "乡镇登记码的角色只能是 township".into(),
                ))
            }
            (Scope::Village(_), Role::Township) => return Err(HubError::BadRequest(
                "村的登记码不能用 township 角色；乡镇电脑请用 --township 乡镇名 --role township"
                    .into(),
            )),
            _ => {}
        }
        let name = match scope {
            Scope::Village(n) | Scope::Township(n) => n.trim(),
        };
        if name.is_empty() {
            return Err(HubError::BadRequest("村名或乡镇名不能为空".into()));
        }
        let bytes: Vec<u8> = uuid::Uuid::new_v4()
            .as_bytes()
            .iter()
            .chain(uuid::Uuid::new_v4().as_bytes())
            .copied()
            .collect();
        let raw: String = bytes
            .iter()
            .take(12)
            .map(|b| CODE_ALPHABET[usize::from(*b) % 32] as char)
            .collect();
        let code = format!("{}-{}-{}", &raw[0..4], &raw[4..8], &raw[8..12]);
        let now = self.now_ms();
        let mut st = self.store();
        if let Scope::Village(v) = scope {
            st.register_village(v, village_township)?;
        }
        st.add_code(
            &secret_hash(&normalize_code(&code)),
            &CodeRecord {
                scope: scope.clone(),
                role,
                expires_ms: now + CODE_VALID_MS,
                used_by: None,
            },
            now,
        )?;
        drop(st);
        self.record(
            None,
            "登记码",
            &format!("为 {scope}（{}）生成登记码，7 天内有效", role.label()),
        );
        Ok(code)
    }

    /// Redeem a code: check it matches the device's own village, then issue
    /// a credential (stored only hashed).
    pub fn enroll(&self, req: &EnrollRequest) -> Result<EnrollResponse> {
        let now = self.now_ms();
        let code_hash = secret_hash(&normalize_code(&req.code));
        let bad_code = || {
            HubError::Unauthorized(
                "登记码不对或已经过期。请核对后重输，或向乡镇管理员要新的登记码".into(),
            )
        };
        let code = self.store().code(&code_hash)?.ok_or_else(bad_code)?;
        if code.used_by.is_some() || code.expires_ms < now {
            return Err(bad_code());
        }
        let id = req.device_id.trim();
        if id.is_empty() || id.len() > 64 {
            return Err(HubError::BadRequest("设备编号不对".into()));
        }
        match &code.scope {
            Scope::Village(v) if req.village.as_deref() != Some(v.as_str()) => {
                let msg = match &req.village {
                    Some(mine) => format!("这台电脑初始化的是“{mine}”，登记码却是“{v}”的。没有登记。请向管理员要“{mine}”的登记码，或在“{v}”的电脑上使用这个码"),
                    None => format!("这台电脑还没有初始化村庄。请先运行 cunwu init --village {v} --user 你的姓名，再登记"),
                };
                self.record(Some(id), "登记被拒", &msg);
                return Err(HubError::Forbidden(msg));
            }
            Scope::Township(t) if req.township.as_deref().is_some_and(|mine| mine != t) => {
                let msg = format!(
                    "这台电脑初始化的乡镇是“{}”，登记码却是“{t}”的。没有登记",
                    req.township.as_deref().unwrap_or("")
                );
                self.record(Some(id), "登记被拒", &msg);
                return Err(HubError::Forbidden(msg));
            }
            _ => {}
        }
        if let Some((old, _)) = self.store().device(id)? {
            if old.revoked_ms.is_some() {
                return Err(HubError::Forbidden(
                    "这台电脑的登记已被撤销，不能再用登记码恢复。请联系乡镇管理员".into(),
                ));
            }
            if old.scope != code.scope {
                return Err(HubError::Forbidden(format!(
                    "这台电脑已登记为 {}，不能改登记为 {}",
                    old.scope, code.scope
                )));
            }
        }
        if let Some(k) = &req.public_key {
            crate::authorship_store::check_key(k)?;
        }
        let token = format!(
            "{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        );
        let device = DeviceRecord {
            device_id: id.to_string(),
            scope: code.scope.clone(),
            role: code.role,
            enrolled_ms: now,
            revoked_ms: None,
            last_seen_ms: None,
            last_pull_cursor: 0,
        };
        self.store()
            .redeem(&code_hash, &device, &secret_hash(&token), now)?;
        if let Some(k) = &req.public_key {
            self.store().set_public_key(id, k, now)?;
        }
        self.record(
            Some(id),
            "登记",
            &format!("{}，角色 {}", code.scope, code.role.label()),
        );
        let villages = self.villages(&code.scope)?;
        let keys = self.store().keys_in(&villages)?;
        Ok(EnrollResponse {
            keys,
            hub_id: self.hub_id.clone(),
            device_id: id.to_string(),
            token,
            scope: code.scope,
            role: code.role,
            hub_time_ms: now,
        })
    }

    /// The enrolled, unrevoked device holding this bearer token.
    pub fn authenticate(&self, token: Option<&str>) -> Result<DeviceRecord> {
        let token = token
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                HubError::Unauthorized(
                    "请求没有带设备凭证。请先用 cunwu sync enroll 登记这台电脑".into(),
                )
            })?;
        let dev = self.store().device_by_token(&secret_hash(token))?.ok_or_else(|| {
            HubError::Unauthorized("乡镇服务器不认识这台电脑的凭证。请向管理员要登记码，重新运行 cunwu sync enroll".into())
        })?;
        if dev.revoked_ms.is_some() {
            self.record(Some(&dev.device_id), "拒绝", "已撤销的设备尝试连接");
            return Err(HubError::Unauthorized(
                "这台电脑的登记已被乡镇管理员撤销，不能再同步。如有疑问请联系乡镇管理员".into(),
            ));
        }
        Ok(dev)
    }

    /// Villages a device may read.
    fn villages(&self, scope: &Scope) -> Result<Vec<String>> {
        match scope {
            Scope::Village(v) => Ok(vec![v.clone()]),
            Scope::Township(t) => self.store().villages_of(t),
        }
    }

    /// The hub's vector for the named devices.
    pub fn vector(&self, dev: &DeviceRecord, req: &VectorRequest) -> Result<VectorResponse> {
        let now = self.now_ms();
        let mut st = self.store();
        st.touch(&dev.device_id, now, None)?;
        let devices: Vec<String> = req.devices.iter().take(10_000).cloned().collect();
        Ok(VectorResponse {
            vector: st.vector(&devices)?,
            hub_time_ms: now,
        })
    }

    /// Check every change of a batch, set aside the ones stamped too far
    /// ahead, refuse the ones that may not be stored (each by id, with its
    /// reason) and commit the rest; the ack is returned only after commit.
    pub fn push(&self, dev: &DeviceRecord, batch: &PushBatch) -> Result<PushAck> {
        self.push_judged(dev, batch, Vec::new())
    }

    /// [`Hub::push`] with refusals already decided by other checks run
    /// before the merge (`pre_refused`: change id and Chinese reason, e.g.
    /// an authorship check): those are refused with their reason, the
    /// write rule judges the rest, and the merge its own checks; every
    /// refusal is recorded and returned in the ack, the rest is stored.
    pub fn push_judged(
        &self,
        dev: &DeviceRecord,
        batch: &PushBatch,
        pre_refused: Vec<(ChangeId, String)>,
    ) -> Result<PushAck> {
        let now = self.now_ms();
        self.store().release_quarantine(now + MAX_FUTURE_MS, now)?;
        if (dev.role == Role::Township || matches!(dev.scope, Scope::Township(_)))
            && !batch
                .changes
                .iter()
                .any(cunwu_core::access::township_may_write)
        {
            if let Some(c) = batch.changes.first() {
                let why = rules::refusal(&dev.scope, dev.role, c)
                    .unwrap_or_else(|| "乡镇账号只能查看，不能上传修改".into());
                self.record(Some(&dev.device_id), "越权被拒", &why);
                return Err(HubError::Forbidden(why));
            }
        }
        let mut refused: Vec<Refusal> = Vec::new();
        let mut refused_ids: HashSet<&ChangeId> = HashSet::new();
        for (id, why) in &pre_refused {
            if let Some(c) = batch.changes.iter().find(|c| &c.id == id) {
                if refused_ids.insert(&c.id) {
                    refused.push(Refusal::of(c, why.clone()));
                }
            }
        }
        let mut roles: BTreeMap<&str, Role> = BTreeMap::new();
        let township_villages = match &dev.scope {
            Scope::Township(_) => Some(self.villages(&dev.scope)?),
            Scope::Village(_) => None,
        };
        for c in &batch.changes {
            if refused_ids.contains(&c.id) {
                continue;
            }
            let role = match roles.get(c.id.device.as_str()) {
                Some(r) => *r,
                None => {
                    let r = if c.id.device == dev.device_id {
                        dev.role
                    } else {
                        self.store()
                            .device(&c.id.device)?
                            .map_or(dev.role, |(d, _)| d.role)
                    };
                    roles.insert(&c.id.device, r);
                    r
                }
            };
            if let Some(why) = rules::refusal(&dev.scope, role, c) {
                refused_ids.insert(&c.id);
                refused.push(Refusal::of(c, why));
                continue;
            }
            // A township's 12345 needs and 督办 notes: only for its villages.
            if let (Scope::Township(t), Some(mine)) = (&dev.scope, &township_villages) {
                if !mine.contains(&c.village) {
                    let why = format!(
                        "“{}”不属于{t}，乡镇电脑只能给本乡镇的村转办诉求（变更 {}）",
                        c.village, c.id
                    );
                    refused_ids.insert(&c.id);
                    refused.push(Refusal::of(c, why));
                }
            }
        }
        let authors = self.authors_for(dev, batch, now)?;
        let (late, ok): (Vec<&Change>, Vec<&Change>) = batch
            .changes
            .iter()
            .filter(|c| !refused_ids.contains(&c.id))
            .partition(|c| c.hlc.ms > now.saturating_add(MAX_FUTURE_MS));
        // The authorship check (a hash per change, over the whole batch: a
        // device's chain runs through its refused changes too) runs on its
        // own thread while the batch is merged; the merge commits only if
        // it refuses nothing. When it does refuse, the merge is rolled back
        // and run again without those changes, each refused by id.
        let checked = std::cell::RefCell::new(None::<crate::authorship::Checked>);
        let outcome = std::thread::scope(|scope| {
            let checking = scope
                .spawn(|| crate::authorship::check(dev, &authors, &batch.changes, &batch.seals));
            let mut checking = Some(checking);
            let mut join = || -> Result<crate::authorship::Checked> {
                if let Some(h) = checking.take() {
                    *checked.borrow_mut() = Some(h.join().map_err(|_| {
                        HubError::Io(std::io::Error::other(
                            "核对签名的线程意外停止，这一批没有保存，请重试",
                        ))
                    })?);
                }
                checked.borrow().clone().ok_or_else(|| {
                    HubError::Io(std::io::Error::other(
                        "核对签名没有结果，这一批没有保存，请重试",
                    ))
                })
            };
            let outcome =
                self.store()
                    .commit_sealed(&ok, &late, &refused, &dev.device_id, now, &mut || {
                        let c = join()?;
                        if c.refused.is_empty() {
                            Ok(c.verified)
                        } else {
                            // Rolled back; merged again below without them.
                            Err(HubError::Forbidden(String::new()))
                        }
                    });
            let _ = join();
            outcome
        });
        let checked = checked.into_inner().ok_or_else(|| {
            HubError::Io(std::io::Error::other(
                "核对签名没有结果，这一批没有保存，请重试",
            ))
        })?;
        let outcome = if checked.refused.is_empty() {
            outcome
        } else {
            let mut again_refused = refused.clone();
            let mut again_ids: HashSet<&ChangeId> = refused_ids.clone();
            for r in &checked.refused {
                if let Some(c) = batch.changes.iter().find(|c| c.id == r.id) {
                    if again_ids.insert(&c.id) {
                        self.record(Some(&dev.device_id), r.kind.audit_kind(), &r.reason);
                        again_refused.push(Refusal::of(c, r.reason.clone()));
                    }
                }
            }
            let ok: Vec<&Change> = ok
                .iter()
                .copied()
                .filter(|c| !again_ids.contains(&c.id))
                .collect();
            let late: Vec<&Change> = late
                .iter()
                .copied()
                .filter(|c| !again_ids.contains(&c.id))
                .collect();
            let verified = checked.verified.clone();
            self.store()
                .commit_sealed(&ok, &late, &again_refused, &dev.device_id, now, &mut || {
                    Ok(verified.clone())
                })
        };
        let outcome = match outcome {
            Ok(o) => o,
            Err(e @ (HubError::Conflict(_) | HubError::Forbidden(_))) => {
                self.record(
                    Some(&dev.device_id),
                    if e.status() == 409 {
                        "内容冲突被拒"
                    } else {
                        "越权被拒"
                    },
                    &e.to_string(),
                );
                return Err(e);
            }
            Err(e) => return Err(e),
        };
        for r in outcome.refused.iter().take(20) {
            self.record(Some(&dev.device_id), "变更被拒", &r.reason);
        }
        if outcome.refused.len() > 20 {
            self.record(
                Some(&dev.device_id),
                "变更被拒",
                &format!(
                    "这一批另有 {} 条变更被拒，见 cunwu hub refused",
                    outcome.refused.len() - 20
                ),
            );
        }
        for b in &outcome.new_chain_breaks {
            self.record(
                Some(&dev.device_id),
                "凭证链断开",
                &format!("{b}。凭证已照常保存（作为证据），请审计人员在该设备上运行 cunwu ledger verify 核查"),
            );
        }
        let quarantined: Vec<Quarantined> = late
            .iter()
            .map(|c| Quarantined {
                id: c.id.clone(),
                hlc_ms: c.hlc.ms,
                ahead_ms: c.hlc.ms.saturating_sub(now),
            })
            .collect();
        if !quarantined.is_empty() {
            self.record(
                Some(&dev.device_id),
                "隔离",
                &format!(
                    "{} 条变更的时间比服务器时钟快 24 小时以上，已暂存不转发；请校正这台电脑的时钟",
                    quarantined.len()
                ),
            );
        }
        let devices: Vec<String> = batch
            .changes
            .iter()
            .map(|c| c.id.device.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        // The commit noted the request (touch) in its own transaction.
        let vector = self.store().vector(&devices)?;
        if outcome.accepted > 0 {
            log_line(
                now,
                &format!(
                    "设备 {} 上传 {} 条新变更（重复 {} 条）",
                    short(&dev.device_id),
                    outcome.accepted,
                    outcome.duplicates
                ),
            );
        }
        Ok(PushAck {
            accepted: outcome.accepted,
            duplicates: outcome.duplicates,
            quarantined,
            vector,
            hub_time_ms: now,
            chain_breaks: outcome.chain_breaks.iter().map(alarm).collect(),
            refused: outcome
                .refused
                .iter()
                .map(|r| RefusedChange {
                    id: r.id.clone(),
                    message: r.reason.clone(),
                })
                .collect(),
        })
    }

    /// Who wrote each change of `batch`, proven ([`crate::authorship`]).
    /// A device enrolled before keys registers its key with its first
    /// push that carries one (its credential vouches for it).
    pub fn check_authorship(
        &self,
        dev: &DeviceRecord,
        batch: &PushBatch,
        now: i64,
    ) -> Result<crate::authorship::Checked> {
        let authors = self.authors_for(dev, batch, now)?;
        Ok(crate::authorship::check(
            dev,
            &authors,
            &batch.changes,
            &batch.seals,
        ))
    }

    /// What the hub knows of the authors of `batch` (and of its pusher,
    /// which registers its key here if it was enrolled before keys).
    fn authors_for(
        &self,
        dev: &DeviceRecord,
        batch: &PushBatch,
        now: i64,
    ) -> Result<BTreeMap<String, crate::storage::AuthorRecord>> {
        let ids: Vec<&str> = batch
            .changes
            .iter()
            .map(|c| c.id.device.as_str())
            .chain(std::iter::once(dev.device_id.as_str()))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut authors = self.store().authors(&ids)?;
        if let (Some(key), Some(me)) = (&batch.public_key, authors.get_mut(&dev.device_id)) {
            if me.public_key.is_none() && cunwu_sync::seal::parse_key(key).is_some() {
                self.store().set_public_key(&dev.device_id, key, now)?;
                me.public_key = Some(key.clone());
                self.record(Some(&dev.device_id), "登记公钥", "这台电脑登记了签名公钥");
            }
        }
        Ok(authors)
    }

    /// Changes in the device's scope after its cursor.
    pub fn pull(&self, dev: &DeviceRecord, req: &PullRequest) -> Result<PullResponse> {
        let now = self.now_ms();
        let villages = self.villages(&dev.scope)?;
        let mut st = self.store();
        let released = st.release_quarantine(now + MAX_FUTURE_MS, now)?;
        if released > 0 {
            log_line(
                now,
                &format!("{released} 条隔离的变更已到时间，放回正常转发"),
            );
        }
        st.touch(&dev.device_id, now, Some(req.cursor))?;
        let page = st.pull(
            &villages,
            &dev.device_id,
            req.cursor,
            req.limit.clamp(1, MAX_PAGE),
        )?;
        let chain_breaks = if page.more {
            Vec::new()
        } else {
            st.chain_breaks_in(&villages)?.iter().map(alarm).collect()
        };
        let seals = st.seals_for(&page.changes)?;
        let keys = if page.more {
            Vec::new()
        } else {
            st.keys_in(&villages)?
        };
        Ok(PullResponse {
            seals,
            keys,
            next_cursor: page.next,
            more: page.more,
            hub_time_ms: now,
            chain_breaks,
            changes: page.changes,
        })
    }

    /// One page of a compacted snapshot of the device's scope.
    pub fn snapshot(&self, dev: &DeviceRecord, req: &SnapshotRequest) -> Result<SnapshotPage> {
        let now = self.now_ms();
        let villages = self.villages(&dev.scope)?;
        let mut st = self.store();
        st.touch(&dev.device_id, now, None)?;
        let at = match req.at {
            Some(at) => at,
            None => st.max_seq()?,
        };
        let page = st.snapshot_page(
            &villages,
            &dev.device_id,
            at,
            req.after,
            req.limit.clamp(1, MAX_PAGE),
        )?;
        let vector = if page.more {
            BTreeMap::new()
        } else {
            st.snapshot_vector(&villages, at)?
        };
        Ok(SnapshotPage {
            at,
            next_after: page.next,
            more: page.more,
            vector,
            hub_time_ms: now,
            changes: page.changes,
        })
    }

    /// Every enrolled device.
    pub fn devices(&self) -> Result<Vec<DeviceRecord>> {
        self.store().devices()
    }

    /// Devices whose pushes held refused changes, most recent first.
    pub fn refused_by_device(&self) -> Result<Vec<crate::storage::RefusedByDevice>> {
        self.store().refused_by_device()
    }

    /// Every device's voucher hash chain as checked on receipt, broken first.
    pub fn voucher_chains(&self) -> Result<Vec<crate::voucher_chain::VoucherChainRecord>> {
        self.store().voucher_chains()
    }

    /// Recent audit entries (refusals, enrollments, revocations), newest first.
    pub fn audit_entries(&self, limit: u32) -> Result<Vec<crate::storage::AuditEntry>> {
        self.store().audit_log(limit)
    }

    /// A laptop restored from a copy took a new device id: move its
    /// enrollment there (the credential it authenticated with, its scope
    /// and role). The old id is kept as revoked, so its changes still show
    /// their author and a copy still holding the credential speaks only as
    /// the new id. Repeating a move already made is answered the same.
    pub fn move_device(
        &self,
        dev: &DeviceRecord,
        req: &cunwu_sync::protocol::MoveDeviceRequest,
    ) -> Result<cunwu_sync::protocol::MoveDeviceResponse> {
        let now = self.now_ms();
        let new = req.new_device_id.trim();
        if new.is_empty() || new.len() > 64 {
            return Err(HubError::BadRequest("新的设备编号不对".into()));
        }
        if new != dev.device_id {
            self.store().move_device(&dev.device_id, new, now)?;
            self.record(
                Some(new),
                "换设备编号",
                &format!(
                    "数据库从副本恢复后换用新编号，登记（{}，角色 {}）从设备 {} 移到 {}；旧编号的变更照常保留并转发",
                    dev.scope,
                    dev.role.label(),
                    dev.device_id,
                    new
                ),
            );
        }
        Ok(cunwu_sync::protocol::MoveDeviceResponse {
            device_id: new.to_string(),
            hub_time_ms: now,
        })
    }

    /// Cut a device off at once.
    pub fn revoke(&self, device_id: &str) -> Result<()> {
        let now = self.now_ms();
        if !self.store().revoke(device_id.trim(), now)? {
            return Err(HubError::NotFound(format!(
                "没有编号为 {device_id} 的设备。请用 cunwu hub devices 查看设备列表"
            )));
        }
        self.record(Some(device_id), "撤销", "管理员撤销了这台电脑的登记");
        Ok(())
    }
}

/// A chain break as a device is told of it.
fn alarm(b: &cunwu_ledger::chain::ChainBreak) -> ChainAlarm {
    ChainAlarm {
        device: b.device.clone(),
        seq: b.seq,
        message: b.to_string(),
    }
}

/// The first characters of a device id, for logs.
pub fn short(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}
