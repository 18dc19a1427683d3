//! Exact rational numbers for averages and thresholds. No binary floating
//! point is ever used for a mark, a weight, an average or a comparison.

use super::rule::RoundingMode;
use crate::error::{Error, Result};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;

/// An exact fraction `num / den` (den > 0, always reduced).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ratio {
    num: i128,
    den: i128,
}

fn gcd(a: i128, b: i128) -> i128 {
    // On magnitudes, so that i128::MIN has one too.
    let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    // Only gcd(MIN, 0) or gcd(MIN, MIN) is 2^127, which no i128 holds.
    i128::try_from(a.max(1)).unwrap_or(1 << 126)
}

/// Compares a/b with c/d (b, d > 0) exactly, without overflow: by cross
/// products when they fit 128 bits, else by continued-fraction steps.
fn cmp_fractions(a: i128, b: i128, c: i128, d: i128) -> Ordering {
    if let (Some(x), Some(y)) = (a.checked_mul(d), c.checked_mul(b)) {
        return x.cmp(&y);
    }
    let (qa, ra) = (a.div_euclid(b), a.rem_euclid(b));
    let (qc, rc) = (c.div_euclid(d), c.rem_euclid(d));
    if qa != qc {
        return qa.cmp(&qc);
    }
    // Equal integer parts: compare ra/b with rc/d (both in [0, 1)).
    match (ra == 0, rc == 0) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        // ra/b < rc/d  <=>  d/rc < b/ra.
        (false, false) => cmp_fractions(d, rc, b, ra),
    }
}

impl Ratio {
    /// Zero.
    pub const ZERO: Ratio = Ratio { num: 0, den: 1 };

    /// `num / den`; panics never — a zero denominator gives zero.
    pub fn new(num: i128, den: i128) -> Ratio {
        if den == 0 {
            return Ratio::ZERO;
        }
        let g = gcd(num, den);
        let (n, d) = (num / g, den / g);
        if d > 0 {
            return Ratio { num: n, den: d };
        }
        // A negative denominator moves its sign up; the one value without
        // a negation (i128::MIN) is halved first, losing one part in 2^127.
        match (n.checked_neg(), d.checked_neg()) {
            (Some(n), Some(d)) => Ratio { num: n, den: d },
            _ => Ratio::new(n / 2, d / 2),
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
        if let Some(r) = self.exact_add(o) {
            return r;
        }
        let (a, b) = (self.approx(), o.approx());
        if let Some(r) = a.exact_add(b) {
            return r;
        }
        // Beyond 128 bits even approximately: saturate towards the sign.
        let negated = Ratio {
            num: o.num.checked_neg().unwrap_or(i128::MAX),
            den: o.den,
        };
        Ratio::saturated(self > negated)
    }

    fn exact_add(self, o: Ratio) -> Option<Ratio> {
        let g = gcd(self.den, o.den);
        let (a, b) = (self.den / g, o.den / g);
        let n = self
            .num
            .checked_mul(b)?
            .checked_add(o.num.checked_mul(a)?)?;
        Some(Ratio::new(n, self.den.checked_mul(b)?))
    }

    /// The largest (or most negative) value a ratio holds.
    fn saturated(positive: bool) -> Ratio {
        Ratio {
            num: if positive { i128::MAX } else { -i128::MAX },
            den: 1,
        }
    }

    /// Difference.
    #[allow(clippy::should_implement_trait)]
    pub fn sub(self, o: Ratio) -> Ratio {
        self.add(Ratio {
            num: o.num.checked_neg().unwrap_or(i128::MAX),
            den: o.den,
        })
    }

    /// Product.
    #[allow(clippy::should_implement_trait)]
    pub fn mul(self, o: Ratio) -> Ratio {
        if let Some(r) = self.exact_mul(o) {
            return r;
        }
        if let Some(r) = self.approx().exact_mul(o.approx()) {
            return r;
        }
        if self.num == 0 || o.num == 0 {
            return Ratio::ZERO;
        }
        Ratio::saturated((self.num > 0) == (o.num > 0))
    }

    fn exact_mul(self, o: Ratio) -> Option<Ratio> {
        // Cross-reduce first so that exact products stay small.
        let g1 = gcd(self.num, o.den);
        let g2 = gcd(o.num, self.den);
        Some(Ratio::new(
            (self.num / g1).checked_mul(o.num / g2)?,
            (self.den / g2).checked_mul(o.den / g1)?,
        ))
    }

    /// The nearest fraction with denominator 10^18 (half up).
    /// Used only when an exact result would not fit 128 bits, e.g. the sum
    /// of thousands of averages with unrelated denominators; averages of
    /// one student's marks and every threshold comparison stay exact.
    fn approx(self) -> Ratio {
        const SCALE: i128 = 1_000_000_000_000_000_000;
        if self.den <= SCALE {
            return self;
        }
        // Long division keeps r · 10 inside 128 bits; a denominator beyond
        // 10^37 is first shrunk with the numerator (a relative change below
        // 2^-8 of one part in 10^37).
        let (mut num, mut den) = (self.num, self.den);
        while den > 10_000_000_000_000_000_000_000_000_000_000_000_000 {
            num >>= 8;
            den >>= 8;
        }
        let q = num.div_euclid(den);
        let d = den.unsigned_abs();
        let mut r = num.rem_euclid(den).unsigned_abs();
        let mut frac: i128 = 0;
        for _ in 0..18 {
            r *= 10;
            frac = frac * 10 + (r / d) as i128;
            r %= d;
        }
        // Half away from zero on the digit after the 18th (the value is
        // q + frac/SCALE with frac ≥ 0, so "up" is away from zero for q ≥ 0
        // and a hair off for negatives, far below any displayed digit).
        if r * 2 >= d {
            frac += 1;
        }
        Ratio::new(q.saturating_mul(SCALE).saturating_add(frac), SCALE)
    }

    /// The absolute value.
    pub fn abs(self) -> Ratio {
        if self < Ratio::ZERO {
            Ratio::ZERO.sub(self)
        } else {
            self
        }
    }

    /// Quotient; `None` when dividing by zero.
    pub fn checked_div(self, o: Ratio) -> Option<Ratio> {
        if o.num == 0 {
            return None;
        }
        // a/b ÷ c/d = a/b · d/c, with the product's cross-reduction.
        Some(self.mul(Ratio::new(o.den, o.num)))
    }

    /// Rounds to `places` decimal places, halves away from zero
    /// ("round half up" for the non-negative values of marks).
    pub fn round(self, places: u32) -> Ratio {
        Ratio::new(self.round_scaled(places), 10i128.pow(places.min(18)))
    }

    /// Rounds to `places` decimal places by `mode`.
    pub fn round_with(self, places: u32, mode: RoundingMode) -> Ratio {
        if mode == RoundingMode::HalfUp {
            return self.round(places);
        }
        let scale = 10i128.pow(places.min(18));
        let v = if self.den > 1_000_000_000_000_000_000 {
            self.approx()
        } else {
            self
        };
        // v · scale = q + f with 0 <= f < 1 (q the floor).
        let n = v.num.saturating_mul(scale);
        let q = n.div_euclid(v.den);
        let f2 = 2 * n.rem_euclid(v.den); // 2f, against den
        let exact = f2 == 0;
        let half = f2 == v.den;
        let above_half = f2 > v.den;
        let negative = v.num < 0;
        let up = match mode {
            RoundingMode::HalfUp => unreachable!("handled above"),
            RoundingMode::HalfDown => above_half || (half && negative),
            RoundingMode::HalfEven => above_half || (half && q.rem_euclid(2) == 1),
            RoundingMode::TowardZero => !exact && negative,
            RoundingMode::Down => false,
            RoundingMode::Up => !exact,
        };
        Ratio::new(q.saturating_add(i128::from(up)), scale)
    }

    /// The value written with exactly `places` decimals after rounding by
    /// `mode`.
    pub fn to_decimal_with(self, places: u32, mode: RoundingMode) -> String {
        let r = self.round_with(places, mode);
        // `r` has at most `places` decimals: writing it rounds nothing.
        r.to_decimal(places)
    }

    /// The value times 10^`places`, rounded half away from zero to an
    /// integer (places at most 18). Saturates at the ends of i128, which no
    /// value inside the library's documented ranges comes near.
    fn round_scaled(self, places: u32) -> i128 {
        let scale = 10i128.pow(places.min(18));
        // Keep r · scale inside 128 bits: r < den <= 10^18 after approx.
        let v = if self.den > 1_000_000_000_000_000_000 {
            self.approx()
        } else {
            self
        };
        let q = v.num.div_euclid(v.den);
        let r = v.num.rem_euclid(v.den);
        let scaled_r = r * scale;
        let frac_q = scaled_r / v.den;
        let frac_r = scaled_r % v.den;
        // The fraction left, frac_r / den, against 1/2: halves go up for
        // positives and down (away from zero) for negatives.
        let up = if v.num >= 0 {
            2 * frac_r >= v.den
        } else {
            2 * frac_r > v.den
        };
        q.saturating_mul(scale)
            .saturating_add(frac_q)
            .saturating_add(i128::from(up))
    }

    /// The value written with exactly `places` decimals after rounding
    /// half away from zero, e.g. `"4.60"`.
    pub fn to_decimal(self, places: u32) -> String {
        let places = places.min(18);
        let scale = 10u128.pow(places);
        let scaled = self.round_scaled(places);
        let sign = if scaled < 0 { "-" } else { "" };
        let a = scaled.unsigned_abs();
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
        cmp_fractions(self.num, self.den, o.num, o.den)
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

impl<'de> Deserialize<'de> for Ratio {
    /// From `"num/den"`, a decimal string such as `"4.60"`, or an integer.
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Ratio, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Repr {
            Int(i64),
            Text(String),
        }
        match Repr::deserialize(d)? {
            Repr::Int(i) => Ok(Ratio::int(i)),
            Repr::Text(s) => match s.split_once('/') {
                Some((n, den)) => {
                    let n: i128 = n.trim().parse().map_err(serde::de::Error::custom)?;
                    let den: i128 = den.trim().parse().map_err(serde::de::Error::custom)?;
                    if den == 0 {
                        return Err(serde::de::Error::custom("zero denominator"));
                    }
                    Ok(Ratio::new(n, den))
                }
                None => Ratio::parse("number", &s).map_err(serde::de::Error::custom),
            },
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

    #[test]
    fn approximations_keep_eighteen_decimals() {
        // A denominator just above 10^18 once made the 10^18 approximation
        // wrong by up to a whole unit.
        let d = 19 * 10i128.pow(17);
        let r = Ratio::new(2 * d + 18 * 10i128.pow(17), d);
        assert_eq!(r.to_decimal(6), "2.947368");
        let big = Ratio::new(7 * 10i128.pow(37) + 1, 3 * 10i128.pow(37));
        assert_eq!(big.to_decimal(9), "2.333333333");
        let neg = Ratio::new(-(2 * d + 18 * 10i128.pow(17)), d);
        assert_eq!(neg.to_decimal(6), "-2.947368");
    }

    #[test]
    fn extreme_values_never_overflow() {
        let big = Ratio::new(i128::MAX, 1);
        let small = Ratio::new(i128::MIN, 1);
        let tiny = Ratio::new(1, i128::MAX);
        assert!(small < big);
        assert!(tiny > Ratio::ZERO);
        assert!(Ratio::new(i128::MAX - 1, i128::MAX) < Ratio::new(i128::MAX, i128::MAX - 1));
        assert!(Ratio::new(i128::MAX - 2, i128::MAX - 1) < Ratio::new(i128::MAX - 1, i128::MAX));
        assert_eq!(Ratio::new(3, -6), Ratio::new(-1, 2));
        let _ = Ratio::new(i128::MIN, -1);
        let _ = Ratio::new(5, i128::MIN);
        let _ = big.add(big).mul(big).sub(small);
        let _ = big.checked_div(tiny);
        let _ = tiny.round(6).to_decimal(6);
        let _ = big.round(2);
        assert_eq!(
            Ratio::int(1_000_000_000).round(2),
            Ratio::int(1_000_000_000)
        );
        let _ = small.to_decimal(2);
        // 5.000000000000000000001 compared with a weight bound.
        let w = Ratio::parse("w", "5.000000000000000000001").unwrap();
        assert!(w > Ratio::int(5) && w < Ratio::centi(501));
        assert_eq!(w.to_decimal(2), "5.00");
    }

    #[test]
    fn sums_of_many_unrelated_fractions_do_not_overflow() {
        // The exact sum of 1/p for many primes p has an enormous denominator.
        let primes =
            (2i128..4000).filter(|n| (2..*n).take_while(|d| d * d <= *n).all(|d| n % d != 0));
        let mut sum = Ratio::ZERO;
        for p in primes {
            sum = sum.add(Ratio::new(1, p));
        }
        assert_eq!(sum.to_decimal(2), "2.38"); // ln ln 4000 + 0.2615 (Mertens)
        assert_eq!(Ratio::new(1, 3).mul(Ratio::new(3, 1)), Ratio::int(1));
    }
}
