//! Validation of the free text and dates that callers pass in. Every failure
//! names the field, so that a form can show the error next to it.

use crate::error::{Error, Result};
use time::{macros::format_description, Date};

/// Longest name or label accepted, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// Why a character may not appear in text a person typed: it is invisible,
/// reorders what is shown (bidi overrides), is a private or unassigned code
/// point, or a control character. Tabs and line feeds are allowed only in
/// free text.
fn forbidden(c: char, free_text: bool) -> Option<&'static str> {
    use unicode_properties::{GeneralCategory as G, UnicodeGeneralCategory};
    if free_text && (c == '\n' || c == '\t') {
        return None;
    }
    match c.general_category() {
        G::Control => Some("control characters"),
        G::Format => {
            Some("invisible formatting characters (bidi controls, zero-width characters, BOM)")
        }
        G::LineSeparator | G::ParagraphSeparator => Some("line or paragraph separators"),
        G::PrivateUse => Some("private-use characters"),
        G::Surrogate | G::Unassigned => Some("unassigned code points"),
        _ => None,
    }
}

/// Refuses `value` when it holds a character no single-line text may hold
/// (control, bidi-control, zero-width, private-use, unassigned), without
/// changing it: for values passed on as they are, such as a URL's parts.
#[cfg(feature = "postgres")]
pub(crate) fn single_line_alphabet(field: &str, value: &str) -> Result<()> {
    match value.chars().find_map(|c| forbidden(c, false)) {
        Some(why) => Err(Error::invalid(field, format!("must not contain {why}"))),
        None => Ok(()),
    }
}

/// NFC-normalises `value` and checks every character; `single_line`
/// turns every kind of space into a plain space and collapses runs.
fn clean(field: &str, value: &str, free_text: bool) -> Result<String> {
    use unicode_normalization::UnicodeNormalization;
    let unified = value.replace("\r\n", "\n").replace('\r', "\n");
    let nfc: String = unified.nfc().collect();
    if let Some(why) = nfc.chars().find_map(|c| forbidden(c, free_text)) {
        return Err(Error::invalid(field, format!("must not contain {why}")));
    }
    if free_text {
        return Ok(nfc.trim().to_owned());
    }
    // One plain space between words: no look-alike or doubled spaces.
    Ok(nfc.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn check_length(field: &str, v: &str, max: usize) -> Result<()> {
    if v.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if v.chars().count() > max {
        return Err(Error::invalid(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    Ok(())
}

/// A required single-line text (a name or label): NFC-normalised, trimmed,
/// every space a plain space with no runs, free of control, bidi-control,
/// zero-width, private-use and unassigned characters, not empty, at most
/// `max` characters.
pub fn required(field: &str, value: &str, max: usize) -> Result<String> {
    let v = clean(field, value, false)?;
    check_length(field, &v, max)?;
    Ok(v)
}

/// A required free text (homework, comments, notes, messages): as
/// [`required`], but line breaks (normalised to `\n`) and tabs are kept.
pub fn free_text(field: &str, value: &str, max: usize) -> Result<String> {
    let v = clean(field, value, true)?;
    check_length(field, &v, max)?;
    Ok(v)
}

/// An optional free text: `None`, empty or whitespace-only become `None`.
pub fn optional_free_text(field: &str, value: Option<&str>, max: usize) -> Result<Option<String>> {
    match value {
        Some(v) if !v.trim().is_empty() => free_text(field, v, max).map(Some),
        _ => Ok(None),
    }
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

/// The earliest and latest dates the library accepts anywhere (a birth
/// date, an academic year): 1900-01-01 to 2200-12-31.
pub const EARLIEST_DATE: Date = time::macros::date!(1900 - 01 - 01);
/// See [`EARLIEST_DATE`].
pub const LATEST_DATE: Date = time::macros::date!(2200 - 12 - 31);

/// Refuses a date outside `from..=to`, naming the field.
pub fn date_within(field: &str, d: Date, from: Date, to: Date) -> Result<()> {
    if d < from || d > to {
        return Err(Error::invalid(
            field,
            format!(
                "must lie between {} and {}",
                format_date(from),
                format_date(to)
            ),
        ));
    }
    Ok(())
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
    let d = Date::parse(value.trim(), format_description!("[year]-[month]-[day]"))
        .map_err(|_| Error::invalid(field, "must be a date written YYYY-MM-DD"))?;
    date_within(field, d, EARLIEST_DATE, LATEST_DATE)?;
    Ok(d)
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

/// Minutes after midnight of a time of day written "HH:MM" (00:00–23:59);
/// `field` names it in the error.
pub fn clock_minutes(field: &str, t: &str) -> Result<i64> {
    let bad = || Error::invalid(field, "must be a time of day as HH:MM");
    let (h, m) = t.split_once(':').ok_or_else(bad)?;
    if h.len() != 2 || m.len() != 2 {
        return Err(bad());
    }
    let (h, m): (i64, i64) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if !(0..24).contains(&h) || !(0..60).contains(&m) {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

/// A time of day as "HH:MM".
pub(crate) fn hh_mm(t: time::Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
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
        for bad in [
            "",
            "   ",
            "a\nb",
            "tab\there",
            "Ivan\u{202E}ovа",
            "Iv\u{200B}an",
            "\u{FEFF}Ivan",
            "Iv\u{E000}an",
            "Iv\u{0}an",
            "Iv\u{1B}[31man",
            "\u{2066}x",
            "a\u{2028}b",
        ] {
            let e = name("surname", bad).unwrap_err();
            assert_eq!(e.field(), Some("surname"), "{bad:?}");
        }
        assert!(name("x", &"я".repeat(MAX_NAME_CHARS)).is_ok());
        assert!(name("x", &"я".repeat(MAX_NAME_CHARS + 1)).is_err());
        assert_eq!(optional_name("patronymic", Some(" ")).unwrap(), None);
        // NFC: "й" typed as и + combining breve is one character.
        assert_eq!(name("x", "\u{0438}\u{0306}").unwrap(), "\u{0439}");
        assert_eq!(
            name("x", "Анна\u{00A0}\u{00A0}Мария").unwrap(),
            "Анна Мария"
        );
    }

    #[test]
    fn free_text_keeps_lines_and_tabs_only() {
        assert_eq!(free_text("text", " a\r\n\tb \n", 100).unwrap(), "a\n\tb");
        for bad in [
            "a\u{0}b",
            "a\u{1B}b",
            "a\u{202D}b",
            "a\u{200D}b",
            "a\u{7F}b",
        ] {
            assert_eq!(
                free_text("text", bad, 100).unwrap_err().field(),
                Some("text"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn dates_round_trip() {
        assert_eq!(
            parse_date("d", "2024-09-02").unwrap(),
            date!(2024 - 09 - 02)
        );
        assert_eq!(format_date(date!(2024 - 09 - 02)), "2024-09-02");
        for bad in [
            "2024-13-01",
            "2024-02-30",
            "02.09.2024",
            "",
            "0001-01-01",
            "9999-12-31",
        ] {
            assert_eq!(parse_date("start", bad).unwrap_err().field(), Some("start"));
        }
    }
}
