//! Unit prices and the one rounding rule for money computed from weight.
//!
//! **Rounding rule.** An amount is `weight × price`, computed exactly in
//! `i128` as `grams × fen_per_unit / grams_per_unit` (1000 g per kg, 500 g
//! per 斤), then rounded **half up to the fen** (0.5 fen and above rounds up;
//! weights and prices are never negative, so "half up" is unambiguous), and
//! checked back into `i64`. The same rule is used for proportional shares of
//! cost ([`mul_div_half_up`]).

use crate::error::{LedgerError, Result};
use cunwu_core::money::{Fen, Grams, WeightUnit};
use serde::{Deserialize, Serialize};

/// A price in fen per kilogram or per 斤.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitPrice {
    /// Fen per `unit`.
    pub fen: Fen,
    /// The weight unit the price is quoted in.
    pub unit: WeightUnit,
}

impl UnitPrice {
    /// Fen per kilogram.
    pub fn per_kg(fen: i64) -> UnitPrice {
        UnitPrice {
            fen: Fen(fen),
            unit: WeightUnit::Kg,
        }
    }
    /// Fen per 斤.
    pub fn per_jin(fen: i64) -> UnitPrice {
        UnitPrice {
            fen: Fen(fen),
            unit: WeightUnit::Jin,
        }
    }

    /// The amount for `weight` at this price, by the module's rounding rule.
    pub fn amount(self, weight: Grams) -> Result<Fen> {
        if weight.0 < 0 {
            return Err(LedgerError::invalid("重量", "重量不能为负数"));
        }
        if self.fen.0 < 0 {
            return Err(LedgerError::invalid("单价", "单价不能为负数"));
        }
        mul_div_half_up(weight.0, self.fen.0, self.unit.grams()).map(Fen)
    }

    /// `¥28.00/公斤`.
    pub fn label(self) -> String {
        format!("{}/{}", self.fen, self.unit.label())
    }
}

/// `a × b / d` for non-negative `a`, `b` and positive `d`, rounded half up,
/// computed in `i128` and checked back into `i64`.
pub fn mul_div_half_up(a: i64, b: i64, d: i64) -> Result<i64> {
    if a < 0 || b < 0 || d <= 0 {
        return Err(LedgerError::invalid("金额", "计算金额的数值不能为负数"));
    }
    let d = i128::from(d);
    let q = i128::from(a)
        .checked_mul(i128::from(b))
        .and_then(|num| num.checked_mul(2))
        .and_then(|twice| twice.checked_add(d))
        .map(|n| n / (2 * d))
        .ok_or(LedgerError::Overflow)?;
    i64::try_from(q).map_err(|_| LedgerError::Overflow)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_round_half_up_to_the_fen() {
        assert_eq!(
            UnitPrice::per_kg(2_800).amount(Grams(480_000)),
            Ok(Fen(1_344_000))
        );
        assert_eq!(
            UnitPrice::per_jin(1_400).amount(Grams(480_000)),
            Ok(Fen(1_344_000))
        );
        // 1.234 kg × 28.50 = 35.169 → 35.17
        assert_eq!(
            UnitPrice::per_kg(2_850).amount(Grams(1_234)),
            Ok(Fen(3_517))
        );
        // 1.1 kg × 28.05 = 30.855 → 30.86 (exactly half a fen rounds up)
        assert_eq!(
            UnitPrice::per_kg(2_805).amount(Grams(1_100)),
            Ok(Fen(3_086))
        );
        // 0.3 斤 × 0.01 = 0.003 → 0
        assert_eq!(UnitPrice::per_jin(1).amount(Grams(150)), Ok(Fen(0)));
        // 250 g at 1 fen/斤 = 0.5 fen → 1
        assert_eq!(UnitPrice::per_jin(1).amount(Grams(250)), Ok(Fen(1)));
    }

    #[test]
    fn huge_amounts_are_errors_not_wraps() {
        assert_eq!(
            UnitPrice::per_kg(i64::MAX).amount(Grams(i64::MAX)),
            Err(LedgerError::Overflow)
        );
        assert!(UnitPrice::per_kg(-1).amount(Grams(1)).is_err());
        assert!(UnitPrice::per_kg(1).amount(Grams(-1)).is_err());
    }
}
