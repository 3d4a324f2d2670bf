//! Hybrid logical clock: a timestamp that follows wall time when the clock
//! is right and still orders every change causally when it is not.
//!
//! A stamp is `(ms, counter)` packed into one `i64` for storage and sorting.
//! Village laptops' clocks are often wrong, so a stamp only ever moves
//! forward, and callers feed it remote stamps only after the batch carrying
//! them has committed.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Bits reserved for the logical counter in the packed form.
const COUNTER_BITS: u32 = 16;
const COUNTER_MAX: u32 = (1 << COUNTER_BITS) - 1;

/// One HLC stamp.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Hlc {
    /// Wall-clock part, UTC milliseconds.
    pub ms: i64,
    /// Logical counter within one millisecond.
    pub counter: u32,
}

impl Hlc {
    /// Pack into one sortable integer.
    pub fn pack(self) -> i64 {
        (self.ms << COUNTER_BITS) | i64::from(self.counter & COUNTER_MAX)
    }
    /// Inverse of [`Hlc::pack`].
    pub fn unpack(v: i64) -> Hlc {
        Hlc {
            ms: v >> COUNTER_BITS,
            counter: (v & i64::from(COUNTER_MAX)) as u32,
        }
    }

    /// The next stamp for a local event at wall time `now_ms`.
    pub fn tick(self, now_ms: i64) -> Hlc {
        if now_ms > self.ms {
            Hlc {
                ms: now_ms,
                counter: 0,
            }
        } else {
            self.bump()
        }
    }

    /// The clock after seeing a remote stamp at wall time `now_ms`: later
    /// than both the local and the remote stamp.
    pub fn observe(self, remote: Hlc, now_ms: i64) -> Hlc {
        let top = self.max(remote);
        if now_ms > top.ms {
            Hlc {
                ms: now_ms,
                counter: 0,
            }
        } else {
            top.bump()
        }
    }

    fn bump(self) -> Hlc {
        if self.counter >= COUNTER_MAX {
            Hlc {
                ms: self.ms + 1,
                counter: 0,
            }
        } else {
            Hlc {
                ms: self.ms,
                counter: self.counter + 1,
            }
        }
    }
}

impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:05}", self.ms, self.counter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn follows_a_correct_clock() {
        let h = Hlc::default().tick(1000);
        assert_eq!(
            h,
            Hlc {
                ms: 1000,
                counter: 0
            }
        );
        assert_eq!(
            h.tick(1000),
            Hlc {
                ms: 1000,
                counter: 1
            }
        );
        assert_eq!(
            h.tick(2000),
            Hlc {
                ms: 2000,
                counter: 0
            }
        );
    }

    #[test]
    fn counter_overflow_moves_to_next_millisecond() {
        let h = Hlc {
            ms: 5,
            counter: COUNTER_MAX,
        };
        assert_eq!(h.tick(5), Hlc { ms: 6, counter: 0 });
    }

    #[derive(Debug, Clone)]
    enum Step {
        Jump(i64),
        Local,
        Remote(i64, u32),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (-400_000_000i64..400_000_000).prop_map(Step::Jump),
            Just(Step::Local),
            (0i64..2_000_000_000_000, 0u32..100).prop_map(|(m, c)| Step::Remote(m, c)),
        ]
    }

    proptest! {
        /// Whatever the wall clock does (backwards, forwards, stuck), every
        /// new stamp is strictly later than the last and than any observed
        /// remote stamp, and the packed form sorts the same way.
        #[test]
        fn monotonic_under_jumping_clock(steps in proptest::collection::vec(step(), 1..200)) {
            let mut now: i64 = 1_700_000_000_000;
            let mut h = Hlc::default();
            for s in steps {
                let before = h;
                match s {
                    Step::Jump(d) => { now = (now + d).max(0); continue; }
                    Step::Local => { h = h.tick(now); }
                    Step::Remote(ms, c) => {
                        let r = Hlc { ms, counter: c };
                        h = h.observe(r, now);
                        prop_assert!(h > r);
                    }
                }
                prop_assert!(h > before);
                prop_assert!(h.pack() > before.pack());
                prop_assert!(h.ms >= now.min(h.ms));
                prop_assert_eq!(Hlc::unpack(h.pack()), h);
            }
        }
    }
}
