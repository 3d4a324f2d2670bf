//! Money in integer fen and weight in integer grams: checked arithmetic,
//! parsed from and formatted to text without ever passing through floats.

use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount of money in fen (1 yuan = 100 fen).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Fen(pub i64);

fn overflow() -> Error {
    Error::Rule("金额超出可记录的范围，请检查输入的数字".into())
}

impl Fen {
    /// Zero fen.
    pub const ZERO: Fen = Fen(0);

    /// `self + other`, or an error on overflow.
    pub fn checked_add(self, other: Fen) -> Result<Fen> {
        self.0.checked_add(other.0).map(Fen).ok_or_else(overflow)
    }
    /// `self - other`, or an error on overflow.
    pub fn checked_sub(self, other: Fen) -> Result<Fen> {
        self.0.checked_sub(other.0).map(Fen).ok_or_else(overflow)
    }
    /// `self * n`, or an error on overflow.
    pub fn checked_mul(self, n: i64) -> Result<Fen> {
        self.0.checked_mul(n).map(Fen).ok_or_else(overflow)
    }
    /// The negated amount, or an error on overflow.
    pub fn checked_neg(self) -> Result<Fen> {
        self.0.checked_neg().map(Fen).ok_or_else(overflow)
    }
    /// Sum of amounts, or an error on overflow.
    pub fn sum<I: IntoIterator<Item = Fen>>(items: I) -> Result<Fen> {
        items.into_iter().try_fold(Fen::ZERO, Fen::checked_add)
    }

    /// Parse a yuan amount written by a person: `1234.56`, `¥1,234.5`,
    /// `-3`, `1234.56元`. At most two decimal places.
    pub fn parse_yuan(text: &str) -> Result<Fen> {
        let field = "金额";
        let cleaned: String = text
            .trim()
            .trim_start_matches(['¥', '￥'])
            .trim_end_matches('元')
            .chars()
            .filter(|c| *c != ',' && *c != '，' && !c.is_whitespace())
            .collect();
        let (neg, digits) = match cleaned.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, cleaned.as_str()),
        };
        let (whole, frac) = match digits.split_once('.') {
            Some((w, f)) => (w, f),
            None => (digits, ""),
        };
        let bad = || {
            Error::invalid(
                field,
                format!("“{text}”不是有效的金额，请写成如 1234.56 的数字（最多两位小数）"),
            )
        };
        if whole.is_empty() && frac.is_empty() {
            return Err(bad());
        }
        if !whole.chars().all(|c| c.is_ascii_digit())
            || !frac.chars().all(|c| c.is_ascii_digit())
            || frac.len() > 2
        {
            return Err(bad());
        }
        let yuan: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| overflow())?
        };
        let mut cents: i64 = if frac.is_empty() {
            0
        } else {
            frac.parse().map_err(|_| bad())?
        };
        if frac.len() == 1 {
            cents *= 10;
        }
        let fen = yuan
            .checked_mul(100)
            .and_then(|v| v.checked_add(cents))
            .ok_or_else(overflow)?;
        Ok(Fen(if neg { -fen } else { fen }))
    }
}

impl fmt::Display for Fen {
    /// `¥1,234.56`, `-¥0.05`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let neg = self.0 < 0;
        let abs = self.0.unsigned_abs();
        let yuan = group_thousands(abs / 100);
        write!(
            f,
            "{}¥{}.{:02}",
            if neg { "-" } else { "" },
            yuan,
            abs % 100
        )
    }
}

fn group_thousands(mut n: u64) -> String {
    let mut parts = Vec::new();
    loop {
        if n < 1000 {
            parts.push(n.to_string());
            break;
        }
        parts.push(format!("{:03}", n % 1000));
        n /= 1000;
    }
    parts.reverse();
    parts.join(",")
}

/// A weight in grams.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Grams(pub i64);

/// How a weight is shown and entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum WeightUnit {
    /// 斤 = 500 g.
    Jin,
    /// Kilogram = 1000 g.
    Kg,
}

impl WeightUnit {
    /// Grams in one unit.
    pub fn grams(self) -> i64 {
        match self {
            WeightUnit::Jin => 500,
            WeightUnit::Kg => 1000,
        }
    }
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            WeightUnit::Jin => "斤",
            WeightUnit::Kg => "公斤",
        }
    }
}

impl Grams {
    /// `self + other`, or an error on overflow.
    pub fn checked_add(self, other: Grams) -> Result<Grams> {
        self.0
            .checked_add(other.0)
            .map(Grams)
            .ok_or_else(|| Error::Rule("重量超出可记录的范围".into()))
    }

    /// Parse a weight written by a person: `48.5` in `unit`, or with its own
    /// unit suffix (`48.5斤`, `24.25kg`, `24.25公斤`, `500g`). At most three
    /// decimal places; must not be negative.
    pub fn parse(text: &str, unit: WeightUnit) -> Result<Grams> {
        let t = text.trim();
        let (num, per) = if let Some(n) = t
            .strip_suffix("公斤")
            .or_else(|| t.strip_suffix("kg"))
            .or_else(|| t.strip_suffix("KG"))
        {
            (n, 1000)
        } else if let Some(n) = t.strip_suffix('斤') {
            (n, 500)
        } else if let Some(n) = t.strip_suffix('g').or_else(|| t.strip_suffix('克')) {
            (n, 1)
        } else {
            (t, unit.grams())
        };
        let num = num.trim();
        let bad = || {
            Error::invalid(
                "重量",
                format!("“{text}”不是有效的重量，请写成如 48.5 的非负数字（最多三位小数）"),
            )
        };
        let (whole, frac) = num.split_once('.').unwrap_or((num, ""));
        if (whole.is_empty() && frac.is_empty())
            || !whole.chars().all(|c| c.is_ascii_digit())
            || !frac.chars().all(|c| c.is_ascii_digit())
            || frac.len() > 3
        {
            return Err(bad());
        }
        let w: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| bad())?
        };
        let mut milli: i64 = if frac.is_empty() {
            0
        } else {
            frac.parse().map_err(|_| bad())?
        };
        for _ in frac.len()..3 {
            milli *= 10;
        }
        // value = (w + milli/1000) * per grams; require a whole number of grams.
        let thousandths = w
            .checked_mul(1000)
            .and_then(|v| v.checked_add(milli))
            .ok_or_else(bad)?;
        let total = thousandths.checked_mul(per).ok_or_else(bad)?;
        if total % 1000 != 0 {
            return Err(Error::invalid(
                "重量",
                format!("“{text}”换算后不是整克，请少写一位小数"),
            ));
        }
        Ok(Grams(total / 1000))
    }

    /// Format in `unit` with up to three decimals, e.g. `48.5斤`.
    pub fn format(self, unit: WeightUnit) -> String {
        let per = unit.grams();
        let neg = self.0 < 0;
        let abs = self.0.unsigned_abs();
        let per = per as u64;
        let whole = abs / per;
        let rem = abs % per;
        let mut s = format!("{}{}", if neg { "-" } else { "" }, whole);
        if rem != 0 {
            let frac = format!("{:03}", rem * 1000 / per);
            s.push('.');
            s.push_str(frac.trim_end_matches('0'));
        }
        s.push_str(unit.label());
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formats_fen_as_yuan() {
        assert_eq!(Fen(123_456).to_string(), "¥1,234.56");
        assert_eq!(Fen(-5).to_string(), "-¥0.05");
        assert_eq!(Fen(134_400_000).to_string(), "¥1,344,000.00");
        assert_eq!(Fen(i64::MIN).to_string(), "-¥92,233,720,368,547,758.08");
    }

    #[test]
    fn parses_yuan() {
        assert_eq!(Fen::parse_yuan("1234.56"), Ok(Fen(123_456)));
        assert_eq!(Fen::parse_yuan("¥1,234.5"), Ok(Fen(123_450)));
        assert_eq!(Fen::parse_yuan("-3元"), Ok(Fen(-300)));
        assert_eq!(Fen::parse_yuan(".05"), Ok(Fen(5)));
        assert!(Fen::parse_yuan("1.234").is_err());
        assert!(Fen::parse_yuan("abc").is_err());
        assert!(Fen::parse_yuan("").is_err());
        assert!(Fen::parse_yuan("99999999999999999999").is_err());
    }

    #[test]
    fn checked_arithmetic_refuses_overflow() {
        assert!(Fen(i64::MAX).checked_add(Fen(1)).is_err());
        assert!(Fen(i64::MIN).checked_neg().is_err());
        assert!(Fen::sum([Fen(i64::MAX), Fen(1)]).is_err());
        assert_eq!(Fen::sum([Fen(1), Fen(2)]), Ok(Fen(3)));
    }

    #[test]
    fn parses_and_formats_weight() {
        assert_eq!(Grams::parse("48.5", WeightUnit::Jin), Ok(Grams(24_250)));
        assert_eq!(Grams::parse("48kg", WeightUnit::Jin), Ok(Grams(48_000)));
        assert_eq!(
            Grams::parse("24.25公斤", WeightUnit::Jin),
            Ok(Grams(24_250))
        );
        assert_eq!(Grams::parse("500g", WeightUnit::Kg), Ok(Grams(500)));
        assert!(Grams::parse("-1", WeightUnit::Kg).is_err());
        assert!(Grams::parse("1.0001", WeightUnit::Kg).is_err());
        assert_eq!(Grams(24_250).format(WeightUnit::Jin), "48.5斤");
        assert_eq!(Grams(480_000).format(WeightUnit::Kg), "480公斤");
    }

    proptest! {
        #[test]
        fn yuan_text_round_trips(v in -1_000_000_000_000i64..1_000_000_000_000) {
            let text = Fen(v).to_string().replace('¥', "");
            prop_assert_eq!(Fen::parse_yuan(&text), Ok(Fen(v)));
        }

        #[test]
        fn weight_text_round_trips(g in 0i64..10_000_000_000, kg in any::<bool>()) {
            let unit = if kg { WeightUnit::Kg } else { WeightUnit::Jin };
            let text = Grams(g).format(unit);
            prop_assert_eq!(Grams::parse(&text, unit), Ok(Grams(g)));
        }
    }
}
