//! Time enters the domain only through [`Clock`]: UTC milliseconds and the
//! local calendar date in China (UTC+8, no daylight saving).

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use std::sync::atomic::{AtomicI64, Ordering};

/// Milliseconds per day.
pub const DAY_MS: i64 = 86_400_000;

/// China Standard Time, the offset every household lives in.
pub fn china_offset() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero"))
}

/// A source of the current time.
pub trait Clock: Send + Sync {
    /// Now, as UTC milliseconds since the Unix epoch.
    fn now_ms(&self) -> i64;

    /// Today's date in China.
    fn today(&self) -> NaiveDate {
        local_date(self.now_ms())
    }
}

/// The calendar date in China of a UTC-millisecond instant.
pub fn local_date(ms: i64) -> NaiveDate {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .unwrap_or_default()
        .with_timezone(&china_offset())
        .date_naive()
}

/// The system clock (used by binaries only).
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        Utc::now().timestamp_millis()
    }
}

/// A clock tests set by hand; it can jump backwards and forwards.
#[derive(Debug, Default)]
pub struct ManualClock(AtomicI64);

impl ManualClock {
    /// A clock standing at `ms`.
    pub fn new(ms: i64) -> Self {
        ManualClock(AtomicI64::new(ms))
    }
    /// Set the time.
    pub fn set(&self, ms: i64) {
        self.0.store(ms, Ordering::SeqCst)
    }
    /// Move the time by `delta` milliseconds (may be negative).
    pub fn advance(&self, delta: i64) {
        self.0.fetch_add(delta, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// A clock shifted from another by a fixed offset: a laptop whose clock is wrong.
pub struct SkewedClock<C> {
    /// The true clock.
    pub inner: C,
    /// How far this laptop's clock is off, in milliseconds.
    pub skew_ms: i64,
}

impl<C: Clock> Clock for SkewedClock<C> {
    fn now_ms(&self) -> i64 {
        self.inner.now_ms().saturating_add(self.skew_ms)
    }
}

impl<C: Clock + ?Sized> Clock for std::sync::Arc<C> {
    fn now_ms(&self) -> i64 {
        (**self).now_ms()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_date_is_china_date() {
        // 2026-11-29T16:30:00Z is 2026-11-30 00:30 in China.
        let ms = 1_795_969_800_000;
        assert_eq!(local_date(ms).to_string(), "2026-11-30");
        assert_eq!(local_date(ms - DAY_MS).to_string(), "2026-11-29");
    }
}
