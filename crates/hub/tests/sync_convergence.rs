//! Property: random interleavings of edits, network syncs and USB bundle
//! imports (laptop → hub, hub → laptop, laptop → laptop) among three 东村
//! laptops and one 西村 laptop always converge, after a final round of
//! syncs, to identical state on every 东村 laptop, with every change any
//! of them wrote held by all of them (or, on a laptop that started from a
//! compacted snapshot, superseded by a held change), and 西村's data never
//! crossing over. Among them, laptops forge changes under another laptop's
//! device id (pushed to the hub, and on USB sticks naming the importer or
//! a colleague), replay batches already pushed, and relay each other's
//! work: no forged change is held anywhere, and honest replicas still
//! converge holding every honest change. Forged notes that claim to
//! supersede other records' values and visits are pushed among them too:
//! each is refused alone, and nothing it named goes missing.

mod common;

use common::*;
use cunwu_core::change::{Change, ChangeId};
use cunwu_core::clock::{Clock, ManualClock};
use cunwu_core::household::HouseholdField;
use cunwu_hub::local::LocalTransport;
use cunwu_hub::Hub;
use cunwu_sync::bundle::{self, Bundle, Origin, Target};
use cunwu_sync::device_bundle::{self, ExportFor};
use cunwu_sync::protocol::{Role, Scope};
use cunwu_sync::transport::Transport;
use cunwu_sync::{sync_now, SyncOptions};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

#[derive(Debug, Clone)]
enum Op {
    AddHousehold(usize),
    Edit(usize, usize, usize),
    Visit(usize, usize),
    Sync(usize),
    BundleToHub(usize),
    BundleFromHub(usize),
    Stick(usize, usize),
    Tick(usize, u16),
    /// A note pushed straight to the hub whose `supersedes` names other
    /// records' values and visits (refused; nothing may be hidden by it).
    ForgeNote(usize, usize),
    /// Laptop pushes a change under the other laptop's id and next counter.
    Forge(usize, usize),
    /// Laptop hands the other a stick with changes forged under the
    /// receiver's own id and under a third laptop's id.
    ForgedStick(usize, usize),
    /// Laptop pushes again everything of its own the hub acknowledged.
    Replay(usize),
}

const LAPTOPS: usize = 4; // 0..3 in 东村, 3 in 西村
const FIELDS: [HouseholdField; 3] = [
    HouseholdField::Phone,
    HouseholdField::HeadName,
    HouseholdField::Notes,
];
const VALUES: [&str; 4] = ["13800000001", "13900000002", "王大明", "低保复核中"];

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        1 => (0..LAPTOPS).prop_map(Op::AddHousehold),
        3 => (0..LAPTOPS, 0..8usize, 0..FIELDS.len() * VALUES.len()).prop_map(|(d, h, v)| Op::Edit(d, h, v)),
        1 => (0..LAPTOPS, 0..8usize).prop_map(|(d, h)| Op::Visit(d, h)),
        3 => (0..LAPTOPS).prop_map(Op::Sync),
        1 => (0..LAPTOPS).prop_map(Op::BundleToHub),
        1 => (0..LAPTOPS).prop_map(Op::BundleFromHub),
        1 => (0..3usize, 0..3usize).prop_map(|(a, b)| Op::Stick(a, b)),
        1 => (0..LAPTOPS, 1..5000u16).prop_map(|(d, ms)| Op::Tick(d, ms)),
        1 => (0..3usize, 0..8usize).prop_map(|(d, h)| Op::ForgeNote(d, h)),
        1 => (0..LAPTOPS, 0..LAPTOPS).prop_map(|(a, b)| Op::Forge(a, b)),
        1 => (0..3usize, 0..3usize).prop_map(|(a, b)| Op::ForgedStick(a, b)),
        1 => (0..LAPTOPS).prop_map(Op::Replay),
    ]
}

fn value_for(field: HouseholdField, v: usize) -> &'static str {
    match field {
        HouseholdField::Phone => ["13800000001", "13900000002"][v % 2],
        HouseholdField::HeadName => ["王大明", "李小红"][v % 2],
        _ => VALUES[v % VALUES.len()],
    }
}

fn run(ops: &[Op]) -> Result<(), TestCaseError> {
    let hub_dir = dir();
    let hub = Arc::new(ok(Hub::open(
        hub_dir.path(),
        Arc::new(ManualClock::new(T0)) as Arc<dyn Clock>,
    )));
    let open = LocalTransport::new(hub.clone(), None);
    let mut laps: Vec<Laptop> = (0..LAPTOPS)
        .map(|i| {
            let village = if i < 3 { "东村" } else { "西村" };
            let lap = laptop(Some(village), &format!("队员{i}"), T0 + i as i64);
            enroll(
                &hub,
                &lap,
                &open,
                "local",
                Scope::Village(village.into()),
                Role::Member,
            );
            lap
        })
        .collect();
    let opts = SyncOptions {
        push_batch: 5,
        push_bytes: 1 << 20,
        pull_batch: 4,
        snapshot_batch: 6,
    };
    let sync = |hub: &Arc<Hub>, lap: &mut Laptop| {
        let t = LocalTransport::new(hub.clone(), token(&lap.store));
        ok(sync_now(&mut lap.store, &t, opts));
    };
    let mut created = 0usize;
    let mut forged_notes = 0u64;
    for op in ops {
        match *op {
            Op::AddHousehold(d) => {
                created += 1;
                add_household(&mut laps[d].store, &format!("H{created:03}"), "张三");
            }
            Op::Edit(d, h, v) => {
                let ids = household_ids(&laps[d]);
                if let Some(id) = ids.get(h % ids.len().max(1)) {
                    let field = FIELDS[v % FIELDS.len()];
                    edit(
                        &mut laps[d].store,
                        id,
                        field,
                        value_for(field, v / FIELDS.len()),
                    );
                }
            }
            Op::Visit(d, h) => {
                let ids = household_ids(&laps[d]);
                if let Some(id) = ids.get(h % ids.len().max(1)) {
                    visit(&mut laps[d].store, id, "走访");
                }
            }
            Op::Sync(d) => sync(&hub, &mut laps[d]),
            Op::BundleToHub(d) => {
                let (bytes, _) = ok(device_bundle::export(&laps[d].store, &ExportFor::Hub));
                ok(hub.import_bundle(&bytes));
            }
            Op::BundleFromHub(d) => {
                let (bytes, _) = ok(hub.export_bundle(laps[d].store.device_id()));
                ok(device_bundle::import(&mut laps[d].store, &bytes));
            }
            Op::Stick(a, b) => {
                let to = laps[b].store.device_id().to_string();
                let (bytes, _) = ok(device_bundle::export(
                    &laps[a].store,
                    &ExportFor::Device(to),
                ));
                ok(device_bundle::import(&mut laps[b].store, &bytes));
            }
            Op::Tick(d, ms) => laps[d].clock.advance(i64::from(ms)),
            Op::ForgeNote(d, h) => {
                // The hub first holds everything this laptop holds, so
                // every change the forgery names is checked.
                sync(&hub, &mut laps[d]);
                let ids = household_ids(&laps[d]);
                let held_here = changes(&laps[d].store);
                if let (Some(id), Some(last)) = (ids.get(h % ids.len().max(1)), held_here.last()) {
                    forged_notes += 1;
                    let victims: Vec<_> = held_here
                        .iter()
                        .filter(|c| c.entity_id != *id || c.field.as_deref() != Some("notes"))
                        .map(|c| c.id.clone())
                        .collect();
                    if !victims.is_empty() {
                        let mut c = last.clone();
                        c.id.device = "f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0".into();
                        c.id.counter = forged_notes;
                        c.entity = "household".into();
                        c.entity_id = id.clone();
                        c.field = Some("notes".into());
                        c.value = serde_json::json!("伪造");
                        c.supersedes = victims;
                        let t = LocalTransport::new(hub.clone(), token(&laps[d].store));
                        let ack = ok(cunwu_sync::transport::Transport::push(
                            &t,
                            &cunwu_sync::protocol::PushBatch {
                                sent_ms: T0,
                                changes: vec![c],
                                ..Default::default()
                            },
                        ));
                        prop_assert_eq!((ack.accepted, ack.refused.len()), (0, 1));
                    }
                }
            }
            Op::Forge(a, b) if a != b => {
                let victim = laps[b].store.device_id().to_string();
                let next = laps[b].store.local_counter() + 1;
                let c = forged(&victim, next, if b < 3 { "东村" } else { "西村" });
                let batch = ok(cunwu_sync::seal::sealed_batch(&laps[a].store, T0, vec![c]));
                let r = LocalTransport::new(hub.clone(), token(&laps[a].store)).push(&batch);
                prop_assert!(
                    r.as_ref()
                        .map_or(true, |a| a.accepted == 0 && a.refused.len() == 1),
                    "a forged change was accepted: {:?}",
                    r
                );
            }
            Op::ForgedStick(a, b) => {
                let to = laps[b].store.device_id().to_string();
                let third = laps[(b + 1) % 3].store.device_id().to_string();
                let bytes = bundle::write(
                    &Bundle {
                        origin: Origin::Device {
                            device_id: laps[a].store.device_id().into(),
                            village: Some("东村".into()),
                            hub_id: None,
                        },
                        target: Target::Device(to.clone()),
                        created_ms: T0,
                        from_cursor: None,
                        to_cursor: None,
                        seals: vec![],
                        public_key: None,
                        changes: vec![
                            forged(&to, laps[b].store.local_counter() + 1, "东村"),
                            forged(&third, (1 << 40) - 1, "东村"),
                        ],
                    },
                    None,
                );
                let r = ok(device_bundle::import(&mut laps[b].store, &bytes));
                prop_assert_eq!(r.applied, 0);
            }
            Op::Forge(..) => {}
            Op::Replay(d) => {
                let me = laps[d].store.device_id().to_string();
                let acked: u64 = ok(laps[d]
                    .store
                    .meta_get(cunwu_sync::enrollment::keys::PUSHED_COUNTER))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
                let again = ok(laps[d].store.changes_by_device(&me, 0, acked as usize));
                if !again.is_empty() {
                    let batch = ok(cunwu_sync::seal::sealed_batch(&laps[d].store, T0, again));
                    let ack =
                        ok(LocalTransport::new(hub.clone(), token(&laps[d].store)).push(&batch));
                    prop_assert_eq!(ack.accepted, 0, "a replay stores nothing new");
                }
            }
        }
    }
    let written: BTreeSet<_> = laps[..3].iter().flat_map(own).collect();
    for _ in 0..2 {
        for lap in laps.iter_mut() {
            sync(&hub, lap);
        }
    }
    let hash0 = ok(laps[0].store.state_hash());
    // Who superseded whom, from every change written (each writer holds
    // all of its own).
    let mut superseded_by: BTreeMap<(String, u64), Vec<(String, u64)>> = BTreeMap::new();
    for c in laps[..3].iter().flat_map(|l| changes(&l.store)) {
        for s in c.supersedes {
            superseded_by
                .entry((s.device, s.counter))
                .or_default()
                .push((c.id.device.clone(), c.id.counter));
        }
    }
    for lap in &laps[..3] {
        prop_assert_eq!(ok(lap.store.state_hash()), hash0.clone());
        // Held, or (a laptop that started from a compacted snapshot) a
        // field value superseded, directly or through later edits that
        // were compacted away too, by a change it holds.
        let h: BTreeSet<(String, u64)> = held(&lap.store)
            .into_iter()
            .map(|(d, c, _)| (d, c))
            .collect();
        for w in &written {
            prop_assert!(
                accounted_for(&(w.0.clone(), w.1), &h, &superseded_by),
                "change {:?} was lost",
                w
            );
        }
        prop_assert!(held(&lap.store).iter().all(|(_, _, v)| v == "东村"));
        prop_assert_eq!(ok(lap.store.conflicts()), ok(laps[0].store.conflicts()));
    }
    prop_assert!(held(&laps[3].store).iter().all(|(_, _, v)| v == "西村"));
    for lap in &laps {
        prop_assert!(
            !changes(&lap.store)
                .iter()
                .any(|c| c.value.to_string().contains(FORGED)),
            "a forged change is held"
        );
    }
    Ok(())
}

const FORGED: &str = "伪造的走访";

/// A visit under someone else's change id.
fn forged(device: &str, counter: u64, village: &str) -> Change {
    Change {
        id: ChangeId {
            device: device.to_string(),
            counter,
        },
        hlc: Default::default(),
        author: "冒名".into(),
        village: village.into(),
        entity: "visit".into(),
        entity_id: format!("{device}-{counter}"),
        field: None,
        value: serde_json::json!({ "situation": FORGED }),
        supersedes: vec![],
    }
}

/// A change is held, or one of the changes that superseded it is
/// accounted for (supersession only points back in time, so this ends).
fn accounted_for(
    id: &(String, u64),
    held: &BTreeSet<(String, u64)>,
    superseded_by: &BTreeMap<(String, u64), Vec<(String, u64)>>,
) -> bool {
    held.contains(id)
        || superseded_by
            .get(id)
            .into_iter()
            .flatten()
            .any(|later| accounted_for(later, held, superseded_by))
}

fn household_ids(lap: &Laptop) -> Vec<String> {
    let mut ids: Vec<String> = changes(&lap.store)
        .into_iter()
        .filter(|c| c.entity == "household")
        .map(|c| c.entity_id)
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// Changes a laptop wrote itself.
fn own(lap: &Laptop) -> Vec<(String, u64, String)> {
    held(&lap.store)
        .into_iter()
        .filter(|(d, _, _)| d == lap.store.device_id())
        .collect()
}

proptest! {
    // 24 cases keep CI quick; SYNC_PROP_CASES=500 for a longer search.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("SYNC_PROP_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24),
        ..ProptestConfig::default()
    })]
    #[test]
    fn random_interleavings_converge(ops in proptest::collection::vec(op(), 1..40)) {
        run(&ops)?;
    }
}
