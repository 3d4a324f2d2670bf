//! A fresh device's snapshot path (`apply_snapshot_page` … `apply_snapshot`)
//! yields the same state as applying the same changes one batch at a time
//! with `apply_foreign`, and a compacted snapshot (heads and facts only)
//! the same state as the whole history.

mod common;

use common::{household, village, T0};
use cunwu_core::change::{Change, ChangeId};
use cunwu_core::clock::ManualClock;
use cunwu_core::household::HouseholdField;
use cunwu_core::visit::VisitInput;
use cunwu_store::Store;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

#[derive(Debug, Clone)]
enum Op {
    /// Replica edits one field of one household.
    Edit(usize, usize, usize, u16),
    /// Replica logs a visit.
    Visit(usize, usize),
    /// Replica `to` receives everything replica `from` holds.
    Share(usize, usize),
}

const FIELDS: [HouseholdField; 3] = [
    HouseholdField::Phone,
    HouseholdField::HeadName,
    HouseholdField::Notes,
];

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..3usize, 0..4usize, 0..FIELDS.len(), 0..9999u16).prop_map(|(r, h, f, v)| Op::Edit(r, h, f, v)),
        2 => (0..3usize, 0..4usize).prop_map(|(r, h)| Op::Visit(r, h)),
        1 => (0..3usize, 0..3usize).prop_map(|(a, b)| Op::Share(a, b)),
    ]
}

fn value(field: HouseholdField, v: u16) -> String {
    match field {
        HouseholdField::Phone => format!("1380013{v:04}"),
        HouseholdField::HeadName => ["王大明", "李小红", "金家龙"][usize::from(v) % 3].into(),
        _ => format!("备注{v}"),
    }
}

/// Every change any replica holds, each once, after a random history with
/// concurrent edits (conflicts) and visits.
fn history(dir: &tempfile::TempDir, ops: &[Op]) -> Vec<Change> {
    let mut reps: Vec<Store> = (0..3)
        .map(|i| village(dir, &format!("r{i}.db"), &format!("队员{i}")).0)
        .collect();
    let mut ids = Vec::new();
    for i in 0..4 {
        let h = reps[0]
            .add_household(&household(&format!("H{i:03}"), "金家龙", "3"))
            .expect("add");
        ids.push(h.id);
    }
    let seed = reps[0].all_changes().expect("seed");
    for r in reps.iter_mut().skip(1) {
        r.apply_foreign(&seed).expect("seed");
    }
    for o in ops {
        match *o {
            Op::Edit(r, h, f, v) => {
                reps[r]
                    .edit_household(&ids[h], FIELDS[f], &value(FIELDS[f], v))
                    .expect("edit");
            }
            Op::Visit(r, h) => {
                let input = VisitInput {
                    visitors: vec!["张浩然".into()],
                    situation: format!("走访{r}{h}"),
                    ..Default::default()
                };
                reps[r].add_visit(&ids[h], &input).expect("visit");
            }
            Op::Share(a, b) if a != b => {
                let all = reps[a].all_changes().expect("all");
                reps[b].apply_foreign(&all).expect("share");
            }
            Op::Share(..) => {}
        }
    }
    let mut all: BTreeMap<ChangeId, Change> = BTreeMap::new();
    for r in &reps {
        for c in r.all_changes().expect("all") {
            all.insert(c.id.clone(), c);
        }
    }
    all.into_values().collect()
}

/// A deterministic shuffle (the order the hub or a bundle might use).
fn shuffled(changes: &[Change], seed: u64) -> Vec<Change> {
    let mut out = changes.to_vec();
    let mut x = seed | 1;
    for i in (1..out.len()).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.swap(i, (x % (i as u64 + 1)) as usize);
    }
    out
}

fn fresh(dir: &tempfile::TempDir, name: &str) -> Store {
    Store::open(&dir.path().join(name), Arc::new(ManualClock::new(T0))).expect("open")
}

/// Load `changes` as a snapshot in pages of `page`; the last page carries `vector`.
fn load_snapshot(
    store: &mut Store,
    changes: &[Change],
    page: usize,
    vector: &BTreeMap<String, u64>,
) {
    let pages: Vec<&[Change]> = changes.chunks(page.max(1)).collect();
    if pages.is_empty() {
        store.apply_snapshot(&[], vector).expect("empty snapshot");
    }
    for (i, p) in pages.iter().enumerate() {
        if i + 1 == pages.len() {
            store.apply_snapshot(p, vector).expect("last page");
        } else {
            store.apply_snapshot_page(p).expect("page");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
    #[test]
    fn snapshot_path_equals_batch_by_batch_apply(
        ops in proptest::collection::vec(op(), 1..40),
        seed in any::<u64>(),
        batch in 1..12usize,
        page in 1..12usize,
    ) {
        let dir = tempfile::tempdir().expect("tmp");
        let all = history(&dir, &ops);
        let order = shuffled(&all, seed);

        let mut by_batch = fresh(&dir, "batches.db");
        for b in order.chunks(batch) {
            by_batch.apply_foreign(b).expect("batch");
        }
        let want = by_batch.state_hash().expect("hash");

        let vector: BTreeMap<String, u64> = by_batch.version_vector().expect("vv");
        let mut snap = fresh(&dir, "snapshot.db");
        load_snapshot(&mut snap, &shuffled(&all, seed.rotate_left(17)), page, &vector);
        prop_assert_eq!(snap.state_hash().expect("hash"), want.clone());
        prop_assert_eq!(snap.conflicts().expect("c"), by_batch.conflicts().expect("c"));
        prop_assert_eq!(snap.version_vector().expect("vv"), vector.clone());

        // The hub's compacted snapshot: nothing any held change supersedes.
        let gone: BTreeSet<ChangeId> = all.iter().flat_map(|c| c.supersedes.iter().cloned()).collect();
        let compacted: Vec<Change> = order.iter().filter(|c| !gone.contains(&c.id)).cloned().collect();
        let mut compact = fresh(&dir, "compacted.db");
        load_snapshot(&mut compact, &compacted, page, &vector);
        prop_assert_eq!(compact.state_hash().expect("hash"), want);

        // Loading a page again changes nothing.
        let again = compact.apply_snapshot_page(&compacted).expect("again");
        prop_assert_eq!(again.applied, 0);
    }
}
