//! Validation of the free text and dates that callers pass in. Every failure
//! names the field, so that a form can show the error next to it.

use crate::error::{Error, Result};
use time::{macros::format_description, Date};

/// Longest name or label accepted, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// A required single-line text: trimmed, not empty, no control characters,
/// at most `max` characters.
pub fn required(field: &str, value: &str, max: usize) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if v.chars().any(char::is_control) {
        return Err(Error::invalid(field, "must not contain control characters"));
    }
    if v.chars().count() > max {
        return Err(Error::invalid(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    Ok(v.to_owned())
}

/// A required name (of a person, school, subject...).
pub fn name(field: &str, value: &str) -> Result<String> {
    required(field, value, MAX_NAME_CHARS)
}

/// An optional name: `None`, empty or whitespace-only become `None`.
pub fn optional_name(field: &str, value: Option<&str>) -> Result<Option<String>> {
    match value {
        Some(v) if !v.trim().is_empty() => name(field, v).map(Some),
        _ => Ok(None),
    }
}

/// Whether two names are the same for identification: trimmed, compared
/// case-insensitively in any script, with Russian "ё" equal to "е" (the
/// two are used interchangeably in documents).
pub fn same_name(a: &str, b: &str) -> bool {
    fn fold(s: &str) -> String {
        s.trim()
            .to_lowercase()
            .chars()
            .map(|c| if c == 'ё' { 'е' } else { c })
            .collect()
    }
    fold(a) == fold(b)
}

/// Parses an ISO-8601 calendar date `YYYY-MM-DD`.
pub fn parse_date(field: &str, value: &str) -> Result<Date> {
    Date::parse(value.trim(), format_description!("[year]-[month]-[day]"))
        .map_err(|_| Error::invalid(field, "must be a date written YYYY-MM-DD"))
}

/// Formats a date as `YYYY-MM-DD`.
pub fn format_date(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_across_case_and_yo() {
        assert!(same_name("Ивановa", "ИВАНОВA"));
        assert!(same_name("Фёдорова", "федорова "));
        assert!(same_name("Smith", "smith"));
        assert!(!same_name("Иванова", "Иванов"));
    }
    use time::macros::date;

    #[test]
    fn names_are_trimmed_and_checked() {
        assert_eq!(name("surname", "  Ivanova ").unwrap(), "Ivanova");
        for bad in ["", "   ", "a\nb", "tab\there"] {
            let e = name("surname", bad).unwrap_err();
            assert_eq!(e.field(), Some("surname"), "{bad:?}");
        }
        assert!(name("x", &"я".repeat(MAX_NAME_CHARS)).is_ok());
        assert!(name("x", &"я".repeat(MAX_NAME_CHARS + 1)).is_err());
        assert_eq!(optional_name("patronymic", Some(" ")).unwrap(), None);
    }

    #[test]
    fn dates_round_trip() {
        assert_eq!(
            parse_date("d", "2024-09-02").unwrap(),
            date!(2024 - 09 - 02)
        );
        assert_eq!(format_date(date!(2024 - 09 - 02)), "2024-09-02");
        for bad in ["2024-13-01", "2024-02-30", "02.09.2024", ""] {
            assert_eq!(parse_date("start", bad).unwrap_err().field(), Some("start"));
        }
    }
}
