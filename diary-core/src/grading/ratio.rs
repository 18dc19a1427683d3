//! Exact rational numbers for averages and thresholds. No binary floating
//! point is ever used for a mark, a weight, an average or a comparison.

use crate::error::{Error, Result};
use serde::{Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;

/// An exact fraction `num / den` (den > 0, always reduced).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ratio {
    num: i128,
    den: i128,
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

impl Ratio {
    /// Zero.
    pub const ZERO: Ratio = Ratio { num: 0, den: 1 };

    /// `num / den`; panics never — a zero denominator gives zero.
    pub fn new(num: i128, den: i128) -> Ratio {
        if den == 0 {
            return Ratio::ZERO;
        }
        let s = if den < 0 { -1 } else { 1 };
        let g = gcd(num, den);
        Ratio {
            num: s * num / g,
            den: s * den / g,
        }
    }

    /// An integer.
    pub fn int(v: i64) -> Ratio {
        Ratio::new(i128::from(v), 1)
    }

    /// A value stored in hundredths (marks, weights).
    pub fn centi(v: i64) -> Ratio {
        Ratio::new(i128::from(v), 100)
    }

    /// Parses a decimal such as `"4.60"`, `"19.495"` or `"-1"`.
    pub fn parse(field: &str, s: &str) -> Result<Ratio> {
        let s = s.trim();
        let bad = || Error::invalid(field, format!("{s:?} is not a decimal number such as 4.60"));
        let (neg, body) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        if int.is_empty() && frac.is_empty()
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || int.len() + frac.len() > 30
        {
            return Err(bad());
        }
        let digits = format!("{int}{frac}");
        let num: i128 = if digits.is_empty() {
            0
        } else {
            digits.parse().map_err(|_| bad())?
        };
        let den = 10i128.pow(frac.len() as u32);
        Ok(Ratio::new(if neg { -num } else { num }, den))
    }

    /// Numerator (reduced).
    pub fn numer(self) -> i128 {
        self.num
    }

    /// Denominator (reduced, positive).
    pub fn denom(self) -> i128 {
        self.den
    }

    /// Sum.
    #[allow(clippy::should_implement_trait)]
    pub fn add(self, o: Ratio) -> Ratio {
        Ratio::new(self.num * o.den + o.num * self.den, self.den * o.den)
    }

    /// Difference.
    #[allow(clippy::should_implement_trait)]
    pub fn sub(self, o: Ratio) -> Ratio {
        Ratio::new(self.num * o.den - o.num * self.den, self.den * o.den)
    }

    /// Product.
    #[allow(clippy::should_implement_trait)]
    pub fn mul(self, o: Ratio) -> Ratio {
        Ratio::new(self.num * o.num, self.den * o.den)
    }

    /// Quotient; `None` when dividing by zero.
    pub fn checked_div(self, o: Ratio) -> Option<Ratio> {
        (o.num != 0).then(|| Ratio::new(self.num * o.den, self.den * o.num))
    }

    /// Rounds to `places` decimal places, halves away from zero
    /// ("round half up" for the non-negative values of marks).
    pub fn round(self, places: u32) -> Ratio {
        let scale = 10i128.pow(places);
        let scaled_num = self.num * scale;
        let q = scaled_num.div_euclid(self.den);
        let r = scaled_num.rem_euclid(self.den);
        // r / den >= 1/2  <=>  2r >= den (for positives); mirror for negatives.
        let rounded = if self.num >= 0 {
            if 2 * r >= self.den {
                q + 1
            } else {
                q
            }
        } else if 2 * r > self.den {
            q + 1
        } else {
            q
        };
        Ratio::new(rounded, scale)
    }

    /// The value written with exactly `places` decimals after rounding
    /// half away from zero, e.g. `"4.60"`.
    pub fn to_decimal(self, places: u32) -> String {
        let r = self.round(places);
        let scale = 10i128.pow(places);
        let scaled = r.num * (scale / r.den);
        let sign = if scaled < 0 { "-" } else { "" };
        let a = scaled.abs();
        if places == 0 {
            format!("{sign}{a}")
        } else {
            format!(
                "{sign}{}.{:0width$}",
                a / scale,
                a % scale,
                width = places as usize
            )
        }
    }

    /// Whether the decimal expansion is finite with at most `places` digits.
    pub fn is_exact_at(self, places: u32) -> bool {
        self.round(places) == self
    }
}

impl std::ops::Add for Ratio {
    type Output = Ratio;
    fn add(self, o: Ratio) -> Ratio {
        Ratio::add(self, o)
    }
}

impl std::ops::Sub for Ratio {
    type Output = Ratio;
    fn sub(self, o: Ratio) -> Ratio {
        Ratio::sub(self, o)
    }
}

impl std::ops::Mul for Ratio {
    type Output = Ratio;
    fn mul(self, o: Ratio) -> Ratio {
        Ratio::mul(self, o)
    }
}

impl Ord for Ratio {
    fn cmp(&self, o: &Ratio) -> Ordering {
        (self.num * o.den).cmp(&(o.num * self.den))
    }
}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, o: &Ratio) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl fmt::Display for Ratio {
    /// `"11/4"`, or `"3"` for an integer.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.den == 1 {
            write!(f, "{}", self.num)
        } else {
            write!(f, "{}/{}", self.num, self.den)
        }
    }
}

impl Serialize for Ratio {
    /// As the string `"num/den"` (exact), e.g. `"55/12"`.
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{}/{}", self.num, self.den))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Ratio {
        Ratio::parse("x", s).unwrap()
    }

    #[test]
    fn parses_and_compares_exactly() {
        assert_eq!(p("4.60"), Ratio::new(23, 5));
        assert_eq!(p("4.6"), p("4.60"));
        assert!(p("4.5999") < p("4.60"));
        assert_eq!(p("-1.5"), Ratio::new(-3, 2));
        assert_eq!(p(".5"), Ratio::new(1, 2));
        for bad in ["", "4,6", "1e3", "--1", "4.6.0", "."] {
            assert!(Ratio::parse("threshold", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rounds_half_away_from_zero_at_exact_edges() {
        assert_eq!(p("4.45").to_decimal(1), "4.5");
        assert_eq!(p("4.45").to_decimal(0), "4");
        assert_eq!(p("4.55").to_decimal(1), "4.6");
        assert_eq!(p("4.5").to_decimal(0), "5");
        assert_eq!(p("4.5999").to_decimal(2), "4.60");
        assert_eq!(p("4.5949").to_decimal(2), "4.59");
        // 19.495 is exact here; a binary float would make it 19.49.
        assert_eq!(p("19.495").to_decimal(2), "19.50");
        assert_eq!(Ratio::new(55, 12).to_decimal(2), "4.58");
        assert_eq!(Ratio::new(-5, 2).to_decimal(0), "-3");
        assert_eq!(Ratio::new(2, 3).to_decimal(3), "0.667");
    }

    #[test]
    fn arithmetic() {
        let a = Ratio::new(1, 3);
        assert_eq!(a.add(a).add(a), Ratio::int(1));
        assert_eq!(Ratio::int(5).sub(Ratio::new(1, 2)), Ratio::new(9, 2));
        assert_eq!(
            Ratio::int(3).checked_div(Ratio::int(4)),
            Some(Ratio::new(3, 4))
        );
        assert_eq!(Ratio::int(3).checked_div(Ratio::ZERO), None);
        assert!(Ratio::new(1, 2).is_exact_at(1));
        assert!(!Ratio::new(1, 3).is_exact_at(6));
    }
}
