//! The change log: idempotent application, reused ids refused, convergence
//! of replicas regardless of order, conflicts kept, copied files re-keyed.

mod common;

use common::{household, village};
use cunwu_core::change::{entity, Change};
use cunwu_core::household::HouseholdField;
use cunwu_core::visit::VisitInput;
use cunwu_store::{Error, Store};
use proptest::prelude::*;

fn visit_input(text: &str) -> VisitInput {
    VisitInput {
        visitors: vec!["张浩然".into()],
        situation: text.into(),
        ..Default::default()
    }
}

#[test]
fn one_action_is_one_transaction_with_its_changes() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut s, _) = village(&dir, "a.db", "程鹏");
    let h = s
        .add_household(&household("H001", "金家龙", "3"))
        .expect("add");
    let changes = s.all_changes().expect("changes");
    assert_eq!(changes.len(), 4, "code, head, group, default category");
    assert!(changes
        .iter()
        .all(|c| c.author == "程鹏" && c.village == "网周村" && c.entity_id == h.id));
    let counters: Vec<u64> = changes.iter().map(|c| c.id.counter).collect();
    assert_eq!(counters, vec![1, 2, 3, 4]);
    // A refused action writes nothing.
    let err = s
        .add_household(&household("H001", "重复", "3"))
        .expect_err("duplicate code");
    assert!(err.to_string().contains("已经存在"));
    assert_eq!(s.all_changes().expect("changes").len(), 4);
    assert_eq!(s.local_counter(), 4);
}

#[test]
fn applying_twice_is_once_and_reused_id_is_refused_whole() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut a, _) = village(&dir, "a.db", "程鹏");
    let (mut b, _) = village(&dir, "b.db", "张浩然");
    a.add_household(&household("H001", "金家龙", "3"))
        .expect("add");
    let changes = a.all_changes().expect("changes");
    let r1 = b.apply_foreign(&changes).expect("first");
    let hash = b.state_hash().expect("hash");
    let r2 = b.apply_foreign(&changes).expect("second");
    assert_eq!((r1.applied, r1.duplicates), (4, 0));
    assert_eq!((r2.applied, r2.duplicates), (0, 4));
    assert_eq!(b.state_hash().expect("hash"), hash);
    assert_eq!(b.state_hash().expect("hash"), a.state_hash().expect("hash"));

    // Same id, different content: the whole batch is refused.
    let mut forged = changes[1].clone();
    forged.value = serde_json::json!("冒名");
    let mut fresh = changes.clone();
    fresh[0].id.counter = 99; // a new change in the same batch
    let batch = vec![fresh[0].clone(), forged];
    let err = b.apply_foreign(&batch).expect_err("reused id");
    assert!(matches!(err, Error::ChangeIdReused { .. }));
    assert!(err.to_string().contains("内容不同"));
    assert_eq!(b.state_hash().expect("hash"), hash, "nothing written");
    assert_eq!(b.all_changes().expect("all").len(), 4);
}

#[test]
fn concurrent_edits_keep_every_value_and_converge() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut a, ca) = village(&dir, "a.db", "程鹏");
    let (mut b, _) = village(&dir, "b.db", "张浩然");
    let h = a
        .add_household(&household("H001", "金家龙", "3"))
        .expect("add");
    b.apply_foreign(&a.all_changes().expect("all"))
        .expect("sync");
    ca.advance(1000);
    a.edit_household(&h.id, HouseholdField::Phone, "13800138000")
        .expect("edit a");
    b.edit_household(&h.id, HouseholdField::Phone, "13900139000")
        .expect("edit b");
    let from_a = a.all_changes().expect("a");
    let from_b = b.all_changes().expect("b");
    a.apply_foreign(&from_b).expect("a gets b");
    b.apply_foreign(&from_a).expect("b gets a");
    assert_eq!(a.state_hash().expect("a"), b.state_hash().expect("b"));
    let shown_a = a
        .household(&h.id)
        .expect("h")
        .get(HouseholdField::Phone)
        .to_string();
    let shown_b = b
        .household(&h.id)
        .expect("h")
        .get(HouseholdField::Phone)
        .to_string();
    assert_eq!(shown_a, shown_b);
    // a's clock was ahead, so its later stamp wins the display.
    assert_eq!(shown_a, "13800138000");
    let conflicts = a.conflicts().expect("conflicts");
    assert_eq!(conflicts.len(), 1);
    let values: Vec<_> = conflicts[0]
        .values
        .iter()
        .map(|v| (v.value.as_str().unwrap_or("").to_string(), v.author.clone()))
        .collect();
    assert_eq!(
        values,
        vec![
            ("13800138000".into(), "程鹏".into()),
            ("13900139000".into(), "张浩然".into())
        ]
    );
    assert_eq!(a.household(&h.id).expect("h").conflicts, 1);

    // Resolving is a change that syncs and clears the conflict everywhere.
    b.resolve_conflict(entity::HOUSEHOLD, &h.id, "phone", "13900139000")
        .expect("resolve");
    a.apply_foreign(&b.all_changes().expect("b")).expect("sync");
    assert!(a.conflicts().expect("c").is_empty());
    assert_eq!(
        a.household(&h.id).expect("h").get(HouseholdField::Phone),
        "13900139000"
    );
    assert_eq!(a.state_hash().expect("a"), b.state_hash().expect("b"));
}

#[test]
fn copied_database_gets_a_new_device_id() {
    let dir = tempfile::tempdir().expect("tmp");
    let (s, _) = village(&dir, "a.db", "程鹏");
    let first = s.device_id().to_string();
    drop(s);
    std::fs::copy(dir.path().join("a.db"), dir.path().join("copy.db")).expect("copy");
    let clock = std::sync::Arc::new(cunwu_core::clock::ManualClock::new(common::T0));
    let again = Store::open(&dir.path().join("a.db"), clock.clone()).expect("reopen");
    assert_eq!(again.device_id(), first, "same file keeps its id");
    let copy = Store::open(&dir.path().join("copy.db"), clock).expect("copy");
    assert_ne!(
        copy.device_id(),
        first,
        "a copy must not write under the original's id"
    );
    assert_eq!(
        copy.meta_get("previous_device_id")
            .expect("meta")
            .as_deref(),
        Some(first.as_str())
    );
}

/// One step of a random history on three replicas.
#[derive(Debug, Clone)]
enum Op {
    Edit {
        replica: usize,
        household: usize,
        phone_tail: u32,
    },
    Visit {
        replica: usize,
        household: usize,
    },
    Deliver {
        from: usize,
        to: usize,
        reverse: bool,
        take: usize,
    },
    Tick(i64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..3usize, 0..3usize, 0..9999u32).prop_map(|(replica, household, phone_tail)| Op::Edit {
            replica,
            household,
            phone_tail
        }),
        (0..3usize, 0..3usize).prop_map(|(replica, household)| Op::Visit { replica, household }),
        (0..3usize, 0..3usize, any::<bool>(), 0..40usize).prop_map(|(from, to, reverse, take)| {
            Op::Deliver {
                from,
                to,
                reverse,
                take,
            }
        }),
        (-100_000i64..100_000).prop_map(Op::Tick),
    ]
}

fn deliver(from: &Store, to: &mut Store, changes: Vec<Change>) {
    let _ = from;
    to.apply_foreign(&changes).expect("apply");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
    /// Whatever order and duplication changes arrive in, replicas that end
    /// up holding the same changes hold the same state, and nothing is lost.
    #[test]
    fn replicas_converge_under_any_delivery_order(ops in proptest::collection::vec(op(), 1..40)) {
        let dir = tempfile::tempdir().expect("tmp");
        let mut stores: Vec<(Store, _)> = (0..3).map(|i| village(&dir, &format!("r{i}.db"), &format!("队员{i}"))).collect();
        // Seed households on replica 0 and share them.
        let mut ids = Vec::new();
        for i in 0..3 {
            let h = stores[0].0.add_household(&household(&format!("H{i:03}"), "金家龙", "3")).expect("add");
            ids.push(h.id);
        }
        let seed = stores[0].0.all_changes().expect("seed");
        for s in stores.iter_mut().skip(1) { s.0.apply_foreign(&seed).expect("seed"); }
        for o in ops {
            match o {
                Op::Edit { replica, household, phone_tail } => {
                    stores[replica].0.edit_household(&ids[household], HouseholdField::Phone, &format!("1380013{phone_tail:04}")).expect("edit");
                }
                Op::Visit { replica, household } => {
                    stores[replica].0.add_visit(&ids[household], &visit_input("走访")).expect("visit");
                }
                Op::Deliver { from, to, reverse, take } => {
                    if from == to { continue; }
                    let mut changes = stores[from].0.all_changes().expect("all");
                    if reverse { changes.reverse(); }
                    changes.truncate(take);
                    let (src, dst) = if from < to {
                        let (l, r) = stores.split_at_mut(to); (&l[from].0, &mut r[0].0)
                    } else {
                        let (l, r) = stores.split_at_mut(from); (&r[0].0, &mut l[to].0)
                    };
                    deliver(src, dst, changes);
                }
                Op::Tick(ms) => for s in &stores { s.1.advance(ms); },
            }
        }
        // Full exchange: everyone gets everything (twice, in reverse too).
        let all: Vec<Change> = stores.iter().flat_map(|s| s.0.all_changes().expect("all")).collect();
        let mut rev = all.clone();
        rev.reverse();
        for s in stores.iter_mut() {
            s.0.apply_foreign(&rev).expect("rev");
            s.0.apply_foreign(&all).expect("all");
        }
        let hashes: Vec<String> = stores.iter().map(|s| s.0.state_hash().expect("hash")).collect();
        prop_assert_eq!(&hashes[0], &hashes[1]);
        prop_assert_eq!(&hashes[0], &hashes[2]);
        let mut unique: Vec<_> = all.iter().map(|c| c.id.clone()).collect();
        unique.sort();
        unique.dedup();
        prop_assert_eq!(stores[0].0.all_changes().expect("all").len(), unique.len());
        let vv = stores[0].0.version_vector().expect("vv");
        for s in &stores {
            prop_assert_eq!(vv.get(s.0.device_id()).copied().unwrap_or(0), s.0.local_counter());
        }
    }
}
