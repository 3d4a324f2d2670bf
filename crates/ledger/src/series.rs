//! Voucher series and numbering: each device posts in its own series
//! (`A`, `B`, …) so offline devices never take the same number, and numbers
//! run 1, 2, 3 … within each (series, period) without gaps.

use crate::error::{LedgerError, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The device posting, and the voucher series it numbers in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DeviceSeries {
    /// Device id.
    pub device: String,
    /// Series label shown in voucher numbers, e.g. `A`.
    pub series: String,
}

impl DeviceSeries {
    /// A device and its series; both must be non-empty.
    pub fn new(device: impl Into<String>, series: impl Into<String>) -> Result<DeviceSeries> {
        let (device, series) = (device.into(), series.into());
        if device.trim().is_empty() || series.trim().is_empty() {
            return Err(LedgerError::invalid("凭证字", "设备和凭证字都不能为空"));
        }
        Ok(DeviceSeries { device, series })
    }
}

/// The next number after the existing ones: one more than the largest
/// (1 for an empty period). Numbers are never reused: vouchers are never
/// deleted, so the existing set is gap-free and this keeps it so.
pub fn next_number<I: IntoIterator<Item = u32>>(existing: I) -> u32 {
    existing.into_iter().max().unwrap_or(0).saturating_add(1)
}

/// Missing numbers between 1 and the largest existing one (an auditor's
/// check: non-empty means a voucher was removed).
pub fn gaps<I: IntoIterator<Item = u32>>(existing: I) -> Vec<u32> {
    let set: BTreeSet<u32> = existing.into_iter().collect();
    let max = set.iter().next_back().copied().unwrap_or(0);
    (1..=max).filter(|n| !set.contains(n)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_existing_ones() {
        assert_eq!(next_number([]), 1);
        assert_eq!(next_number([1, 2, 3]), 4);
        assert_eq!(next_number([3, 1, 2]), 4);
        assert_eq!(gaps([1, 2, 3]), Vec::<u32>::new());
        assert_eq!(gaps([1, 4, 2]), vec![3]);
        assert!(DeviceSeries::new("", "A").is_err());
    }
}
