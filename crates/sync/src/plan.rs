//! The pure planning step (atuin-style): compare what this device holds
//! with what the hub holds and where the last pull stopped, and list the
//! operations one exchange must perform. No I/O here, so every case is a
//! plain table test; [`crate::client`] executes the plan.

use std::collections::BTreeMap;

/// Where this device's pulling stands, as kept in its sync meta keys.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PullState {
    /// Last hub cursor fully applied; `None` if never pulled.
    pub cursor: Option<u64>,
    /// A snapshot download under way: `(at, after)`.
    pub snapshot: Option<(u64, u64)>,
    /// The device already holds changes (made here, or carried on a USB
    /// stick). A compacted snapshot leaves out changes that later ones
    /// superseded, so a change held here that the snapshot's heads
    /// supersede only through left-out ones would stay a head here alone:
    /// such a device pulls the whole history instead.
    pub holds_changes: bool,
}

/// One step of an exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operation {
    /// Push `device`'s changes with counter in `(after, upto]`.
    Push {
        /// Whose changes.
        device: String,
        /// The hub holds up to here.
        after: u64,
        /// This device holds up to here.
        upto: u64,
    },
    /// Download a compacted snapshot (fresh device), from `after`; `at` is
    /// `None` until the hub fixes it.
    Snapshot {
        /// The cursor the snapshot stands at, once known.
        at: Option<u64>,
        /// Resume after this hub sequence number.
        after: u64,
    },
    /// Pull the tail after `cursor`.
    Pull {
        /// Last applied hub cursor.
        cursor: u64,
    },
}

/// What to push: every device whose changes this device holds further than
/// the hub does.
pub fn push_ranges(local: &BTreeMap<String, u64>, hub: &BTreeMap<String, u64>) -> Vec<Operation> {
    local
        .iter()
        .filter_map(|(device, &upto)| {
            let after = hub.get(device).copied().unwrap_or(0);
            (upto > after).then(|| Operation::Push {
                device: device.clone(),
                after,
                upto,
            })
        })
        .collect()
}

/// What to pull: resume a snapshot under way, start one on a device that
/// never pulled and holds nothing, otherwise pull the tail (from the start
/// on a device that never pulled but holds changes).
pub fn pull_step(state: PullState) -> Operation {
    match (state.snapshot, state.cursor) {
        (Some((at, after)), _) => Operation::Snapshot {
            at: Some(at),
            after,
        },
        (None, None) if state.holds_changes => Operation::Pull { cursor: 0 },
        (None, None) => Operation::Snapshot { at: None, after: 0 },
        (None, Some(cursor)) => Operation::Pull { cursor },
    }
}

/// The whole exchange: pushes first (so the hub's answer to the pull
/// already includes them for others), then the pull. A read-only device
/// (township role) pushes nothing.
pub fn operations(
    local: &BTreeMap<String, u64>,
    hub: &BTreeMap<String, u64>,
    pull: PullState,
    may_write: bool,
) -> Vec<Operation> {
    let mut ops = if may_write {
        push_ranges(local, hub)
    } else {
        Vec::new()
    };
    ops.push(pull_step(pull));
    ops
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
        pairs.iter().map(|(d, c)| (d.to_string(), *c)).collect()
    }

    /// (local vector, hub vector, pull state, may write, expected plan).
    type Case = (
        BTreeMap<String, u64>,
        BTreeMap<String, u64>,
        PullState,
        bool,
        Vec<Operation>,
    );

    fn push(d: &str, after: u64, upto: u64) -> Operation {
        Operation::Push {
            device: d.into(),
            after,
            upto,
        }
    }

    #[test]
    fn check_plans() {
        let fresh = PullState::default();
        let synced = PullState {
            cursor: Some(40),
            snapshot: None,
            holds_changes: true,
        };
        let mid_snapshot = PullState {
            cursor: None,
            snapshot: Some((90, 12)),
            holds_changes: true,
        };
        let never_pulled_holding = PullState {
            holds_changes: true,
            ..fresh
        };
        let cases: Vec<Case> = vec![
            // Nothing held anywhere: a fresh device starts from a snapshot.
            (
                v(&[]),
                v(&[]),
                fresh,
                true,
                vec![Operation::Snapshot { at: None, after: 0 }],
            ),
            // Own changes the hub lacks, others' changes the hub already has.
            (
                v(&[("a", 10), ("b", 3)]),
                v(&[("a", 4), ("b", 3), ("c", 9)]),
                synced,
                true,
                vec![push("a", 4, 10), Operation::Pull { cursor: 40 }],
            ),
            // Relayed changes (from a USB bundle) the hub never saw.
            (
                v(&[("a", 2), ("x", 5)]),
                v(&[("a", 2)]),
                synced,
                true,
                vec![push("x", 0, 5), Operation::Pull { cursor: 40 }],
            ),
            // The hub ahead of us (we lost nothing; it just holds more).
            (
                v(&[("a", 2)]),
                v(&[("a", 7)]),
                synced,
                true,
                vec![Operation::Pull { cursor: 40 }],
            ),
            // A township device never pushes.
            (
                v(&[("t", 3)]),
                v(&[]),
                synced,
                false,
                vec![Operation::Pull { cursor: 40 }],
            ),
            // Never pulled, but visits logged before enrolling: no
            // compacted snapshot, the whole history.
            (
                v(&[("a", 3)]),
                v(&[]),
                never_pulled_holding,
                true,
                vec![push("a", 0, 3), Operation::Pull { cursor: 0 }],
            ),
            // A cut snapshot resumes where it stopped, at the same cursor.
            (
                v(&[]),
                v(&[]),
                mid_snapshot,
                true,
                vec![Operation::Snapshot {
                    at: Some(90),
                    after: 12,
                }],
            ),
        ];
        for (i, (local, hub, pull, may_write, want)) in cases.into_iter().enumerate() {
            assert_eq!(operations(&local, &hub, pull, may_write), want, "case {i}");
        }
    }
}
