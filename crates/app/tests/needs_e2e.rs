//! The 12345 loop end to end with a real hub on port 0: the township
//! laptop files a 12345 order for 网周村; a 网周村 member laptop syncs and
//! walks it to 已销号; the township syncs and sees 已销号 with the whole
//! timeline; a 东村 laptop never receives it; the township still cannot
//! touch a household, a visit or the books.

use cunwu_app::needs::{self, NeedForm, NeedQuery, StepForm};
use cunwu_app::sync_desk::{self, SyncGate};
use cunwu_core::change::{Change, ChangeId};
use cunwu_core::clock::{Clock, ManualClock};
use cunwu_hub::server;
use cunwu_store::Store;
use cunwu_sync::protocol::{PushBatch, Role, Scope};
use std::sync::{Arc, Mutex};

/// 2026-11-29 08:00 China time.
const T0: i64 = 1_795_996_800_000;

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    match r {
        Ok(v) => v,
        Err(e) => panic!("unexpected error: {e}"),
    }
}

struct Laptop {
    store: Mutex<Store>,
    gate: SyncGate,
    _dir: tempfile::TempDir,
}

/// A laptop of `village`, or a blank one (the township's).
fn laptop(village: Option<&str>, user: &str) -> Laptop {
    let dir = ok(tempfile::tempdir());
    let clock = Arc::new(ManualClock::new(T0)) as Arc<dyn Clock>;
    let mut store = ok(Store::open(&dir.path().join("cunwu.db"), clock));
    if let Some(v) = village {
        ok(store.init(v, Some("草沟镇"), user));
    }
    Laptop {
        store: Mutex::new(store),
        gate: SyncGate::default(),
        _dir: dir,
    }
}

impl Laptop {
    fn with<T>(&self, f: impl FnOnce(&mut Store) -> T) -> T {
        f(&mut self
            .store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner))
    }
    fn sync(&self) {
        ok(sync_desk::sync_now(&self.store, &self.gate, || {}));
    }
    fn step(&self, code: &str, form: StepForm) -> needs::NeedPage {
        self.with(|s| ok(needs::step(s, code, &form)))
    }
}

fn step(key: &str) -> StepForm {
    StepForm {
        step: key.into(),
        ..Default::default()
    }
}

#[test]
fn a_12345_order_goes_from_the_township_to_closed_and_back() {
    let dir = ok(tempfile::tempdir());
    let clock = Arc::new(ManualClock::new(T0)) as Arc<dyn Clock>;
    let hub = ok(server::spawn(dir.path(), "127.0.0.1:0", clock));
    let url = hub.url();
    let code = |scope: Scope, role: Role| ok(hub.hub.create_code(&scope, role, Some("草沟镇")));

    let township = laptop(None, "");
    let wz = laptop(Some("网周村"), "程鹏");
    let dong = laptop(Some("东村"), "李娜");
    ok(sync_desk::enroll(
        &wz.store,
        &wz.gate,
        &url,
        &code(Scope::Village("网周村".into()), Role::Member),
    ));
    ok(sync_desk::enroll(
        &dong.store,
        &dong.gate,
        &url,
        &code(Scope::Village("东村".into()), Role::Member),
    ));
    // The township laptop has no village of its own: enrolled as the
    // command line does it.
    township.with(|s| {
        ok(cunwu_sync::enrollment::enroll(
            s,
            &cunwu_sync::http::HttpTransport::new(&url, None),
            &url,
            &code(Scope::Township("草沟镇".into()), Role::Township),
        ))
    });

    // The township files the order.
    let filed = township.with(|s| {
        ok(needs::add(
            s,
            &NeedForm {
                village: Some("网周村".into()),
                by: Some("草沟镇 王主任".into()),
                group_no: Some("2".into()),
                requester_name: "刘桂英".into(),
                requester_phone: "13812345678".into(),
                text: "二组自来水三天没来水".into(),
                category: "饮水".into(),
                kind: "共性".into(),
                source: "12345".into(),
                order_no: Some("CD20261129-0042".into()),
                ..Default::default()
            },
        ))
    });
    let code = filed.row.code.clone();
    assert_eq!(filed.source_label, "12345 工单 CD20261129-0042");
    township.sync();
    wz.sync();
    dong.sync();

    // 网周村 receives it and walks it to 已销号.
    let got = wz.with(|s| ok(needs::show(s, &code, false)));
    assert_eq!(got.row.status.label, "已收集");
    assert_eq!(got.created_by, "草沟镇 王主任");
    wz.step(&code, step("register"));
    wz.step(&code, step("publish"));
    wz.step(
        &code,
        StepForm {
            step: "claim".into(),
            owner: Some("李明".into()),
            promised: Some("2026-12-05".into()),
            ..Default::default()
        },
    );
    // The township sees the claim and urges.
    wz.sync();
    township.sync();
    let claimed = township.with(|s| ok(needs::show(s, &code, false)));
    assert_eq!(claimed.row.status.label, "已领办");
    assert_eq!(claimed.row.owner.as_deref(), Some("李明"));
    township.step(
        &code,
        StepForm {
            step: "urge".into(),
            by: Some("草沟镇 王主任".into()),
            note: "群众又来电，请加快".into(),
            ..Default::default()
        },
    );
    township.sync();
    wz.sync();
    wz.step(
        &code,
        StepForm {
            step: "progress".into(),
            note: "水管爆裂点已找到".into(),
            ..Default::default()
        },
    );
    wz.step(&code, step("done"));
    wz.step(
        &code,
        StepForm {
            step: "feedback".into(),
            result: Some("满意".into()),
            ..Default::default()
        },
    );
    let closed = wz.step(&code, step("close"));
    assert_eq!(closed.row.status.label, "已销号");
    assert_eq!(closed.row.urges, 1);
    wz.sync();

    // The township sees 已销号 and every step.
    township.sync();
    let seen = township.with(|s| ok(needs::show(s, &code, false)));
    assert_eq!(seen.row.status.label, "已销号");
    let labels: Vec<&str> = seen.timeline.iter().map(|t| t.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "登记",
            "发布",
            "领办",
            "督办",
            "记录进展",
            "标记已落实",
            "回访反馈",
            "销号"
        ]
    );
    assert!(seen.timeline.iter().all(|t| t.applied));
    assert!(seen.conflicts.is_empty());
    let tracked = township.with(|s| ok(needs::track(s, &code.to_lowercase())));
    assert_eq!(tracked.len(), 1);
    assert_eq!(tracked[0].steps.len(), 9, "{:?}", tracked[0].steps);
    assert!(
        tracked[0].steps[3].contains("李明 领办"),
        "{:?}",
        tracked[0].steps
    );

    // 东村 never receives it.
    dong.sync();
    let dong_list = dong.with(|s| ok(needs::list(s, &NeedQuery::default())));
    assert!(dong_list.rows.is_empty());
    assert!(dong.with(|s| s.need(&code).is_err()));
    let dong_changes = dong.with(|s| ok(s.all_changes()));
    assert!(dong_changes.iter().all(|c| c.village == "东村"));

    // The township still cannot write anything else: a household, a
    // visit, the books, a step other than 督办, or a need of another township.
    let device = township.with(|s| s.device_id().to_string());
    let next = township.with(|s| s.local_counter()) + 1;
    let token = township
        .with(|s| ok(s.meta_get(cunwu_sync::enrollment::keys::TOKEN)))
        .expect("token");
    let transport = cunwu_sync::http::HttpTransport::new(&url, Some(token));
    let forged =
        |entity: &str, field: Option<&str>, value: serde_json::Value, village: &str| Change {
            id: ChangeId {
                device: device.clone(),
                counter: next,
            },
            hlc: cunwu_core::hlc::Hlc {
                ms: T0,
                counter: 99,
            },
            author: "草沟镇".into(),
            village: village.into(),
            entity: entity.into(),
            entity_id: "x-1".into(),
            field: field.map(str::to_string),
            value,
            supersedes: vec![],
        };
    let attempts = [
        forged("household", Some("head_name"), "假户主".into(), "网周村"),
        forged(
            "visit",
            None,
            serde_json::json!({"household_id": "h", "date": "2026-11-29"}),
            "网周村",
        ),
        forged("ledger_fact", None, serde_json::json!({}), "网周村"),
        forged("voucher", None, serde_json::json!({}), "网周村"),
        forged(
            "need_event",
            None,
            serde_json::json!({"step": "close", "need_id": filed.row.id}),
            "网周村",
        ),
        forged(
            "need",
            None,
            serde_json::json!({"village": "别镇村", "source": {"type": "hotline", "order_no": "1"}}),
            "别镇村",
        ),
    ];
    use cunwu_sync::transport::Transport;
    for c in attempts {
        let what = format!("{} {:?}", c.entity, c.value);
        let r = transport.push(&PushBatch {
            sent_ms: T0,
            changes: vec![c],
            ..Default::default()
        });
        // Refused either as a whole (a township batch with nothing it may
        // write) or by id in the ack; never stored.
        let why = match r {
            Err(e) => e.to_string(),
            Ok(ack) => {
                assert_eq!(ack.accepted, 0, "township wrote {what}");
                ack.refused
                    .iter()
                    .map(|r| r.message.clone())
                    .collect::<Vec<_>>()
                    .join("；")
            }
        };
        assert!(
            why.contains("乡镇账号只能查看")
                || why.contains("不属于草沟镇")
                || why.contains("不是本系统认识的类型"),
            "township wrote {what}: {why}"
        );
    }
    wz.sync();
    assert_eq!(
        wz.with(|s| ok(needs::show(s, &code, false)))
            .row
            .status
            .label,
        "已销号"
    );
}
