//! The documented range of every number the library accepts. A number
//! outside its range is refused with [`Error::InvalidInput`] naming the
//! field, in Rust, C and Python alike, before any arithmetic: with these
//! bounds no average, statistic or plan can overflow (the rational type is
//! overflow-safe as well, and release builds keep overflow checks on).
//!
//! | what | range | precision |
//! |---|---|---|
//! | a mark's value, a scale's values, bounds and step | −1,000,000 to 1,000,000 | 2 decimals |
//! | points and a points maximum | 0 to 1,000,000 (maximum > 0) | 2 decimals |
//! | a weight (kind of work, mark, hypothetical mark) | 0.01 to 1,000 | 2 decimals |
//! | a rule's thresholds | −1,000,000 to 1,000,000 | up to 6 decimals |
//! | a category's share | 1 to 1,000 percent | whole |
//! | counts in rules (minimum marks, dropped marks) | 0 to 1,000 | whole |
//! | decimals shown | 0 to 6 | whole |
//! | lateness | 1 to 240 minutes | whole |
//! | days of a window or setting | as each call documents (1 to 366 at most) | whole |
//! | ids | 1 to 2^63 − 1 | whole |
//! | a dish's price | 0 to 10,000,000 kopecks (100,000 ₽) | whole kopecks |
//! | a payment, a low-balance threshold | 1 (0 for the threshold) to 100,000,000 kopecks | whole kopecks |
//! | visit events in one call | 1 to 10,000 | whole |

use crate::error::{Error, Result};
use crate::grading::Ratio;

/// Most entry and exit events recorded in one call.
pub const MAX_VISIT_EVENTS: usize = 10_000;
/// The most a dish may cost, in kopecks (100,000 roubles).
pub const MAX_DISH_PRICE: i64 = 10_000_000;
/// The most one payment (or a low-balance threshold) may be, in kopecks
/// (1,000,000 roubles).
pub const MAX_PAYMENT: i64 = 100_000_000;

/// Largest magnitude of a mark's or scale's value, in hundredths
/// (1,000,000.00).
pub const MAX_VALUE_CENTI: i64 = 100_000_000;
/// Largest weight, in hundredths (1,000.00).
pub const MAX_WEIGHT_CENTI: i64 = 100_000;
/// Smallest weight, in hundredths (0.01).
pub const MIN_WEIGHT_CENTI: i64 = 1;
/// Largest count in a rule (minimum marks, marks dropped).
pub const MAX_RULE_COUNT: u32 = 1000;

/// `r` in hundredths, refusing more than two decimals.
pub fn centi(field: &str, r: Ratio) -> Result<i64> {
    let v = r.mul(Ratio::int(100));
    if v.denom() != 1 {
        return Err(Error::invalid(field, "at most two decimal places"));
    }
    i64::try_from(v.numer()).map_err(|_| Error::invalid(field, "out of range"))
}

/// A value in hundredths within ±1,000,000.00.
pub fn value_centi(field: &str, v: i64) -> Result<i64> {
    if v.abs() > MAX_VALUE_CENTI {
        return Err(Error::invalid(
            field,
            "must lie between -1000000 and 1000000",
        ));
    }
    Ok(v)
}

/// A decimal value (two decimals) within ±1,000,000.
pub fn value(field: &str, r: Ratio) -> Result<i64> {
    if r > Ratio::int(MAX_VALUE_CENTI / 100) || r < Ratio::int(-MAX_VALUE_CENTI / 100) {
        return Err(Error::invalid(
            field,
            "must lie between -1000000 and 1000000",
        ));
    }
    value_centi(field, centi(field, r)?)
}

/// A weight: 0.01 to 1,000 with at most two decimals, in hundredths.
pub fn weight(field: &str, r: Ratio) -> Result<i64> {
    if r < Ratio::centi(MIN_WEIGHT_CENTI) || r > Ratio::centi(MAX_WEIGHT_CENTI) {
        return Err(Error::invalid(field, "must lie between 0.01 and 1000"));
    }
    centi(field, r)
}

/// A threshold or cut-off: within ±1,000,000 with at most 6 decimals.
pub fn threshold(field: &str, r: Ratio) -> Result<Ratio> {
    if r > Ratio::int(MAX_VALUE_CENTI / 100) || r < Ratio::int(-MAX_VALUE_CENTI / 100) {
        return Err(Error::invalid(
            field,
            "must lie between -1000000 and 1000000",
        ));
    }
    if !r.is_exact_at(6) {
        return Err(Error::invalid(field, "at most six decimal places"));
    }
    Ok(r)
}

/// A count in a rule: 0 to 1,000.
pub fn rule_count(field: &str, n: u32) -> Result<u32> {
    if n > MAX_RULE_COUNT {
        return Err(Error::invalid(field, "must lie between 0 and 1000"));
    }
    Ok(n)
}

/// An id: positive.
pub fn id(field: &str, v: i64) -> Result<i64> {
    if v <= 0 {
        return Err(Error::invalid(field, "must be a positive id"));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        let p = |s: &str| Ratio::parse("x", s).unwrap();
        assert_eq!(value("value", p("1000000")).unwrap(), MAX_VALUE_CENTI);
        assert!(value("value", p("1000000.01")).is_err());
        assert!(value("value", p("99999999999999999999999999.99")).is_err());
        assert!(value("value", p("4.555")).is_err());
        assert_eq!(weight("weight", p("1000")).unwrap(), MAX_WEIGHT_CENTI);
        for bad in ["0", "-1", "1000.01", "5.000000000000000000001"] {
            assert_eq!(
                weight("weight", p(bad)).unwrap_err().field(),
                Some("weight"),
                "{bad}"
            );
        }
        assert!(threshold("t", p("4.6000001")).is_err());
        assert!(threshold("t", p("4.600001")).is_ok());
        assert!(rule_count("min_marks", 1001).is_err());
        assert!(id("student", 0).is_err());
        assert!(value_centi("v", 1 << 62).is_err());
    }
}
