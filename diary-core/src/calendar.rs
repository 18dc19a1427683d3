//! Pure rules of the school calendar: years, periods, holidays and working
//! days. Storage calls these before it writes; they are tested without a
//! database.

use crate::error::{Error, Result};
use crate::model::{Holiday, NewPeriod, NewYear, Period};
use time::{Date, Weekday};

/// Longest academic year accepted, in days (a year plus a generous margin).
const MAX_YEAR_DAYS: i64 = 400;

/// Checks that a year's dates make sense.
pub fn check_year(year: &NewYear) -> Result<()> {
    crate::text::date_within(
        "start",
        year.start,
        crate::text::EARLIEST_DATE,
        crate::text::LATEST_DATE,
    )?;
    crate::text::date_within(
        "end",
        year.end,
        crate::text::EARLIEST_DATE,
        crate::text::LATEST_DATE,
    )?;
    if year.end <= year.start {
        return Err(Error::invalid("end", "must be after the start of the year"));
    }
    if (year.end - year.start).whole_days() > MAX_YEAR_DAYS {
        return Err(Error::invalid(
            "end",
            format!("an academic year lasts at most {MAX_YEAR_DAYS} days"),
        ));
    }
    Ok(())
}

/// The dates a school event (a remark, homework, a bell schedule) may
/// carry: from a year before the first academic year the school has to a
/// year after its last; any plausible date when it has none yet.
pub fn school_event_range(years: &[crate::model::AcademicYear]) -> (Date, Date) {
    let first = years.iter().map(|y| y.start).min();
    let last = years.iter().map(|y| y.end).max();
    match (first, last) {
        (Some(f), Some(l)) => (
            f.replace_year(f.year() - 1)
                .unwrap_or(crate::text::EARLIEST_DATE)
                .max(crate::text::EARLIEST_DATE),
            l.replace_year(l.year() + 1)
                .unwrap_or(crate::text::LATEST_DATE)
                .min(crate::text::LATEST_DATE),
        ),
        _ => (crate::text::EARLIEST_DATE, crate::text::LATEST_DATE),
    }
}

/// Checks that a new period lies inside its year and overlaps no period of
/// the same kind. (Quarters and semesters may coexist in one year: grades
/// 2–9 are often marked by quarter, grades 10–11 by semester.)
pub fn check_period(
    year_start: Date,
    year_end: Date,
    existing: &[Period],
    new: &NewPeriod,
) -> Result<()> {
    if new.end < new.start {
        return Err(Error::invalid("end", "must not be before the start"));
    }
    if new.start < year_start || new.end > year_end {
        return Err(Error::invalid(
            "start",
            format!("the period must lie inside its academic year ({year_start} to {year_end})"),
        ));
    }
    if let Some(p) = existing
        .iter()
        .find(|p| p.kind == new.kind && p.start <= new.end && new.start <= p.end)
    {
        return Err(Error::Conflict(format!(
            "the period overlaps \"{}\" ({} to {})",
            p.name, p.start, p.end
        )));
    }
    Ok(())
}

/// Checks a holiday's range.
pub fn check_holiday(first_day: Date, last_day: Date) -> Result<()> {
    if last_day < first_day {
        return Err(Error::invalid("last_day", "must not be before first_day"));
    }
    if (last_day - first_day).whole_days() > MAX_YEAR_DAYS {
        return Err(Error::invalid("last_day", "a holiday lasts at most a year"));
    }
    Ok(())
}

/// Whether lessons are held on `day`: a school weekday that is not a holiday.
pub fn is_working_day(days_per_week: u8, holidays: &[Holiday], day: Date) -> bool {
    let weekday_ok = match day.weekday() {
        Weekday::Sunday => false,
        Weekday::Saturday => days_per_week >= 6,
        _ => true,
    };
    weekday_ok
        && !holidays
            .iter()
            .any(|h| h.first_day <= day && day <= h.last_day)
}

/// The day `n` working days after `from` (for deadlines such as "decided
/// within 3 business days"). `from` itself does not count.
pub fn add_working_days(days_per_week: u8, holidays: &[Holiday], from: Date, n: u32) -> Date {
    let mut day = from;
    let mut left = n;
    while left > 0 {
        day = day.next_day().unwrap_or(day);
        if is_working_day(days_per_week, holidays, day) {
            left -= 1;
        }
    }
    day
}

/// Checks an IANA time zone name's shape ("Europe/Moscow", "Asia/Yekaterinburg",
/// "UTC"). The zone itself is resolved by the host.
pub fn check_time_zone(tz: &str) -> Result<()> {
    let ok = !tz.is_empty()
        && tz.len() <= 64
        && tz.split('/').all(|part| {
            !part.is_empty()
                && part.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+'))
        });
    if ok {
        // The name must also exist: lessons are exported in this zone.
        crate::ical::check_zone(tz)
    } else {
        Err(Error::invalid(
            "time_zone",
            "must be an IANA time zone name such as Europe/Moscow",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{HolidayId, PeriodId, SchoolId, YearId};
    use crate::model::PeriodKind;
    use time::macros::date;

    fn period(kind: PeriodKind, start: Date, end: Date) -> Period {
        Period {
            id: PeriodId(1),
            year: YearId(1),
            kind,
            number: 1,
            name: "Q1".into(),
            start,
            end,
        }
    }

    fn new_period(kind: PeriodKind, start: Date, end: Date) -> NewPeriod {
        NewPeriod {
            kind,
            name: "new".into(),
            start,
            end,
        }
    }

    const YS: Date = date!(2024 - 09 - 01);
    const YE: Date = date!(2025 - 05 - 31);

    #[test]
    fn periods_must_lie_inside_the_year() {
        let q = PeriodKind::Quarter;
        let e = check_period(
            YS,
            YE,
            &[],
            &new_period(q, date!(2024 - 08 - 31), date!(2024 - 10 - 25)),
        )
        .unwrap_err();
        assert_eq!(e.field(), Some("start"));
        assert!(check_period(
            YS,
            YE,
            &[],
            &new_period(q, date!(2025 - 04 - 01), date!(2025 - 06 - 01))
        )
        .is_err());
        assert!(check_period(YS, YE, &[], &new_period(q, YS, YE)).is_ok());
        let e = check_period(
            YS,
            YE,
            &[],
            &new_period(q, date!(2024 - 10 - 25), date!(2024 - 10 - 24)),
        )
        .unwrap_err();
        assert_eq!(e.field(), Some("end"));
    }

    #[test]
    fn periods_of_one_kind_must_not_overlap() {
        let q1 = period(
            PeriodKind::Quarter,
            date!(2024 - 09 - 02),
            date!(2024 - 10 - 25),
        );
        let touching = new_period(
            PeriodKind::Quarter,
            date!(2024 - 10 - 25),
            date!(2024 - 12 - 27),
        );
        assert!(matches!(
            check_period(YS, YE, std::slice::from_ref(&q1), &touching),
            Err(Error::Conflict(_))
        ));
        let next = new_period(
            PeriodKind::Quarter,
            date!(2024 - 10 - 26),
            date!(2024 - 12 - 27),
        );
        assert!(check_period(YS, YE, std::slice::from_ref(&q1), &next).is_ok());
        let semester = new_period(
            PeriodKind::Semester,
            date!(2024 - 09 - 02),
            date!(2024 - 12 - 27),
        );
        assert!(check_period(YS, YE, &[q1], &semester).is_ok());
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        let autumn = Holiday {
            id: HolidayId(1),
            school: SchoolId(1),
            name: "Autumn".into(),
            first_day: date!(2024 - 10 - 28),
            last_day: date!(2024 - 11 - 04),
        };
        let hs = [autumn];
        assert!(is_working_day(5, &hs, date!(2024 - 10 - 25))); // Friday
        assert!(!is_working_day(5, &hs, date!(2024 - 10 - 26))); // Saturday
        assert!(is_working_day(6, &hs, date!(2024 - 10 - 26)));
        assert!(!is_working_day(6, &hs, date!(2024 - 10 - 27))); // Sunday
        assert!(!is_working_day(5, &hs, date!(2024 - 10 - 30)));
        // Friday + 3 working days over the holidays -> Thursday 7 Nov.
        assert_eq!(
            add_working_days(5, &hs, date!(2024 - 10 - 25), 3),
            date!(2024 - 11 - 07)
        );
        assert_eq!(
            add_working_days(5, &[], date!(2024 - 10 - 25), 1),
            date!(2024 - 10 - 28)
        );
    }

    #[test]
    fn time_zone_names() {
        for ok in [
            "Europe/Moscow",
            "UTC",
            "America/Argentina/Buenos_Aires",
            "Etc/GMT+3",
        ] {
            assert!(check_time_zone(ok).is_ok(), "{ok}");
        }
        for bad in ["", "Moscow time", "/Europe", "Europe//Moscow", "3/x"] {
            assert_eq!(
                check_time_zone(bad).unwrap_err().field(),
                Some("time_zone"),
                "{bad}"
            );
        }
    }

    #[test]
    fn year_dates() {
        let y = |s, e| NewYear {
            label: "y".into(),
            start: s,
            end: e,
        };
        assert!(check_year(&y(YS, YE)).is_ok());
        assert!(check_year(&y(YE, YS)).is_err());
        assert!(check_year(&y(YS, date!(2026 - 09 - 01))).is_err());
    }
}
