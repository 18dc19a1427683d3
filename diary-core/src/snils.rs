//! SNILS, the Russian individual insurance account number that identifies a
//! person (A4). Validated by its official checksum, stored normalised (11
//! digits), and never shown in full in `Debug`, logs or error messages.

use crate::error::{Error, Result};
use std::fmt;

/// A validated SNILS, stored as 11 ASCII digits.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Snils(String);

/// Numbers up to 001-001-998 were issued before the checksum existed.
const LAST_UNCHECKED: u32 = 1_001_998;

impl Snils {
    /// Parses a SNILS written with or without spaces and hyphens
    /// (`"112-233-445 95"`, `"11223344595"`), checking its checksum.
    ///
    /// The error never repeats the number itself.
    pub fn parse(input: &str) -> Result<Snils> {
        let digits: String = input
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '\u{a0}'))
            .collect();
        if digits.len() != 11 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::invalid(
                "snils",
                "must be 11 digits, written as XXX-XXX-XXX YY",
            ));
        }
        let d: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
        let number = d[..9].iter().fold(0u32, |acc, x| acc * 10 + x);
        if number == 0 {
            return Err(Error::invalid("snils", "000-000-000 is not a valid number"));
        }
        let check = d[9] * 10 + d[10];
        if number > LAST_UNCHECKED && check != Self::checksum(&d[..9]) {
            return Err(Error::invalid("snils", "checksum does not match"));
        }
        Ok(Snils(digits))
    }

    /// The SNILS for a 9-digit account number (1 ..= 999_999_999) with its
    /// check digits computed; for generating test and demo data.
    pub fn from_number(number: u32) -> Result<Snils> {
        if number == 0 || number > 999_999_999 {
            return Err(Error::invalid(
                "snils",
                "the number must have 1 to 9 digits and not be 0",
            ));
        }
        let nine = format!("{number:09}");
        let d: Vec<u32> = nine.bytes().map(|b| u32::from(b - b'0')).collect();
        Ok(Snils(format!("{nine}{:02}", Self::checksum(&d))))
    }

    /// The official check number of nine digits: weights 9..1, then
    /// `sum < 100` → sum, `100` or `101` → 00, else `sum mod 101` (100 → 00).
    fn checksum(nine: &[u32]) -> u32 {
        let sum: u32 = nine.iter().zip((1..=9).rev()).map(|(d, w)| d * w).sum();
        match sum {
            0..=99 => sum,
            100 | 101 => 0,
            _ => {
                let m = sum % 101;
                if m == 100 {
                    0
                } else {
                    m
                }
            }
        }
    }

    /// The 11 digits, as stored.
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// The full number in the official layout `XXX-XXX-XXX YY`. Show it only
    /// to people entitled to see it.
    pub fn formatted(&self) -> String {
        let s = &self.0;
        format!("{}-{}-{} {}", &s[0..3], &s[3..6], &s[6..9], &s[9..11])
    }

    /// The number with everything but the check digits hidden:
    /// `***-***-*** 95`.
    pub fn masked(&self) -> String {
        format!("***-***-*** {}", &self.0[9..11])
    }
}

impl fmt::Debug for Snils {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Snils({})", self.masked())
    }
}

impl fmt::Display for Snils {
    /// Displays the masked form; use [`Snils::formatted`] for the full number.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_valid_numbers_in_any_layout() {
        // 1*9+1*8+2*7+2*6+3*5+3*4+4*3+4*2+5*1 = 95
        for s in [
            "112-233-445 95",
            "11223344595",
            "112 233 445 95",
            "112-233-445-95",
        ] {
            assert_eq!(Snils::parse(s).unwrap().digits(), "11223344595", "{s}");
        }
        assert_eq!(
            Snils::parse("11223344595").unwrap().formatted(),
            "112-233-445 95"
        );
    }

    #[test]
    fn checksum_edge_cases() {
        // sum = 100 -> 00: 0*9+0*8+0*7+0*6+0*5+0*4+9*3+... choose digits giving 100
        // 100 = 9*9 + 1*8 + ... -> 900 100 000? compute: 9*9=81, 1*8=8 -> 89, 1*7=7 -> 96, 1*4 -> 100
        let n = [9, 1, 1, 0, 0, 1, 0, 0, 0];
        assert_eq!(Snils::checksum(&n), 0);
        let s: String = n.iter().map(|d| d.to_string()).collect::<String>() + "00";
        assert!(Snils::parse(&s).is_ok());
        // sum = 101 -> 00
        let n = [9, 1, 1, 0, 0, 1, 0, 0, 1];
        assert_eq!(Snils::checksum(&n), 0);
        // sum > 101: 999 999 999 -> 9*45 = 405 -> 405 mod 101 = 1
        assert_eq!(Snils::checksum(&[9; 9]), 1);
        assert!(Snils::parse("999-999-999 01").is_ok());
        assert!(Snils::parse("999-999-999 02").is_err());
        // 201 mod 101 = 100 -> 00: 201 = 9*9+9*8+8*... pick 9,9,6,0,0,0,0,0,6? 81+72+42+6=201
        let n = [9, 9, 6, 0, 0, 0, 0, 0, 6];
        assert_eq!(Snils::checksum(&n), 0);
    }

    #[test]
    fn rejects_bad_checksum_without_echoing_the_number() {
        let err = Snils::parse("112-233-445 96").unwrap_err();
        assert_eq!(err.field(), Some("snils"));
        assert!(!err.to_string().contains("112"), "{err}");
    }

    #[test]
    fn rejects_malformed_and_zero() {
        for s in ["", "123", "1122334459a", "112233445950", "000-000-000 00"] {
            assert!(Snils::parse(s).is_err(), "{s}");
        }
    }

    #[test]
    fn from_number_computes_the_check_digits() {
        assert_eq!(
            Snils::from_number(112_233_445).unwrap().digits(),
            "11223344595"
        );
        assert_eq!(
            Snils::from_number(999_999_999).unwrap().digits(),
            "99999999901"
        );
        for n in [1_001_999, 123_456_789, 500_000_000] {
            let s = Snils::from_number(n).unwrap();
            assert_eq!(Snils::parse(s.digits()).unwrap(), s);
        }
        assert!(Snils::from_number(0).is_err());
        assert!(Snils::from_number(1_000_000_000).is_err());
    }

    #[test]
    fn old_numbers_are_exempt_from_the_checksum() {
        assert!(Snils::parse("001-001-998 77").is_ok());
        assert!(Snils::parse("001-001-999 77").is_err());
    }

    #[test]
    fn debug_and_display_mask_the_number() {
        let s = Snils::parse("112-233-445 95").unwrap();
        assert_eq!(format!("{s:?}"), "Snils(***-***-*** 95)");
        assert_eq!(s.to_string(), "***-***-*** 95");
    }
}
