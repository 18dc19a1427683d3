//! Pure rules of the school day: bell schedules, and how a timetable and its
//! changes make the lessons of a date. Storage and the diary call these; they
//! are tested without a database.

use crate::error::{Error, Result};
use crate::ids::{GroupId, PersonId, SubjectId};
use crate::model::{Bell, ChangeKind, LessonKey, LessonOrigin, LessonStatus, TimetableLesson};
use time::{Date, Time, Weekday};

/// Highest lesson number.
pub const MAX_LESSON_NUMBER: u8 = 15;

/// Parses a time of day written `HH:MM`.
pub fn parse_time(field: &str, s: &str) -> Result<Time> {
    let bad = || Error::invalid(field, "must be a time of day written HH:MM");
    let (h, m) = s.trim().split_once(':').ok_or_else(bad)?;
    if h.len() != 2 || m.len() != 2 {
        return Err(bad());
    }
    let h: u8 = h.parse().map_err(|_| bad())?;
    let m: u8 = m.parse().map_err(|_| bad())?;
    Time::from_hms(h, m, 0).map_err(|_| bad())
}

/// Minutes after midnight.
pub fn minutes(t: Time) -> i64 {
    i64::from(t.hour()) * 60 + i64::from(t.minute())
}

/// The time `m` minutes after midnight.
pub fn from_minutes(m: i64) -> Time {
    let m = m.clamp(0, 24 * 60 - 1);
    Time::from_hms((m / 60) as u8, (m % 60) as u8, 0).unwrap_or(Time::MIDNIGHT)
}

/// Checks a bell schedule: at least one lesson, numbers increasing, each
/// lesson ending after it starts and starting no earlier than the previous
/// one ended (the gap is the break).
pub fn check_bells(bells: &[Bell]) -> Result<()> {
    if bells.is_empty() {
        return Err(Error::invalid(
            "bells",
            "a schedule needs at least one lesson",
        ));
    }
    for (i, b) in bells.iter().enumerate() {
        if b.number > MAX_LESSON_NUMBER {
            return Err(Error::invalid(
                "bells",
                format!("lesson numbers go up to {MAX_LESSON_NUMBER}"),
            ));
        }
        if b.end <= b.start {
            return Err(Error::invalid(
                "bells",
                format!("lesson {} must end after it starts", b.number),
            ));
        }
        if let Some(prev) = i.checked_sub(1).map(|j| bells[j]) {
            if b.number <= prev.number {
                return Err(Error::invalid("bells", "lesson numbers must increase"));
            }
            if b.start < prev.end {
                return Err(Error::invalid(
                    "bells",
                    format!(
                        "lesson {} starts before lesson {} ends",
                        b.number, prev.number
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// The bit of a weekday in a schedule's weekday set (Monday = 1 … Sunday = 64).
pub fn weekday_bit(w: Weekday) -> i64 {
    1 << (w.number_from_monday() - 1)
}

/// A weekday set as bits; empty is refused.
pub fn weekday_mask(days: &[Weekday]) -> Result<i64> {
    let mask = days.iter().fold(0, |m, d| m | weekday_bit(*d));
    if mask == 0 {
        return Err(Error::invalid("weekdays", "choose at least one weekday"));
    }
    Ok(mask)
}

/// The weekdays (1–7) of a set of bits.
pub fn weekdays_of(mask: i64) -> Vec<u8> {
    (1..=7u8).filter(|d| mask & (1 << (d - 1)) != 0).collect()
}

/// The weekday with its number from Monday (1–7).
pub fn weekday_from_number(field: &str, n: u8) -> Result<Weekday> {
    let mut w = Weekday::Monday;
    if !(1..=7).contains(&n) {
        return Err(Error::invalid(field, "must be 1 (Monday) to 7 (Sunday)"));
    }
    for _ in 1..n {
        w = w.next();
    }
    Ok(w)
}

/// Checks the lessons of one timetable: within one class, a slot holds one
/// whole-class lesson or several lessons of different groups.
pub fn check_timetable_slots(lessons: &[TimetableLesson]) -> Result<()> {
    for (i, a) in lessons.iter().enumerate() {
        if a.number > MAX_LESSON_NUMBER {
            return Err(Error::invalid(
                "lessons.number",
                format!("lesson numbers go up to {MAX_LESSON_NUMBER}"),
            ));
        }
        for b in &lessons[i + 1..] {
            if a.weekday == b.weekday
                && a.number == b.number
                && (a.group.is_none() || b.group.is_none() || a.group == b.group)
            {
                return Err(Error::Conflict(format!(
                    "two lessons of the class at lesson {} on {}",
                    a.number, a.weekday
                )));
            }
            if a.weekday == b.weekday
                && a.number == b.number
                && a.teacher == b.teacher
                && a.room != b.room
            {
                return Err(Error::Conflict(format!(
                    "one teacher in two rooms at lesson {} on {}",
                    a.number, a.weekday
                )));
            }
        }
    }
    Ok(())
}

/// A change on a date, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ChangeRow {
    pub key: LessonKey,
    pub kind: ChangeKind,
    pub teacher: Option<PersonId>,
    pub room: Option<String>,
    pub subject: Option<SubjectId>,
    pub to_date: Option<Date>,
    pub to_number: Option<u8>,
    pub reason: Option<String>,
}

/// A lesson of a date before times, names and notes are attached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Draft {
    pub key: LessonKey,
    pub subject: SubjectId,
    pub teacher: PersonId,
    pub room: Option<String>,
    pub status: LessonStatus,
    pub was: Option<LessonOrigin>,
    pub moved_to: Option<(Date, u8)>,
    pub reason: Option<String>,
}

/// The lessons of `date` for one class: the timetable's lessons of that
/// weekday (`planned`, empty on a day off) with the date's changes applied,
/// plus lessons moved here (`moved_in`: each change with the lesson as the
/// timetable had it on its original date). Sorted by number and group.
pub(crate) fn lessons_of_day(
    class: crate::ids::ClassId,
    date: Date,
    planned: &[TimetableLesson],
    changes: &[ChangeRow],
    moved_in: &[(ChangeRow, TimetableLesson)],
) -> Vec<Draft> {
    let mut out = Vec::new();
    for p in planned {
        let key = LessonKey {
            class,
            date,
            number: p.number,
            group: p.group,
        };
        let origin = LessonOrigin {
            date,
            number: p.number,
            teacher: p.teacher,
            room: p.room.clone(),
        };
        let mut d = Draft {
            key,
            subject: p.subject,
            teacher: p.teacher,
            room: p.room.clone(),
            status: LessonStatus::Scheduled,
            was: None,
            moved_to: None,
            reason: None,
        };
        if let Some(ch) = changes.iter().find(|c| c.key == key) {
            d.reason = ch.reason.clone();
            d.was = Some(origin);
            match ch.kind {
                ChangeKind::Substitution => {
                    d.teacher = ch.teacher.unwrap_or(d.teacher);
                    if ch.room.is_some() {
                        d.room = ch.room.clone();
                    }
                }
                ChangeKind::RoomChange => d.room = ch.room.clone(),
                ChangeKind::Cancellation => d.status = LessonStatus::Cancelled,
                ChangeKind::Moved => {
                    d.status = LessonStatus::MovedAway;
                    d.moved_to = ch.to_date.zip(ch.to_number);
                }
                ChangeKind::Extra => {}
            }
        }
        out.push(d);
    }
    for ch in changes.iter().filter(|c| c.kind == ChangeKind::Extra) {
        if let (Some(subject), Some(teacher)) = (ch.subject, ch.teacher) {
            out.push(Draft {
                key: ch.key,
                subject,
                teacher,
                room: ch.room.clone(),
                status: LessonStatus::Extra,
                was: None,
                moved_to: None,
                reason: ch.reason.clone(),
            });
        }
    }
    for (ch, original) in moved_in {
        let (Some(to_date), Some(to_number)) = (ch.to_date, ch.to_number) else {
            continue;
        };
        out.push(Draft {
            key: LessonKey {
                class,
                date: to_date,
                number: to_number,
                group: ch.key.group,
            },
            subject: original.subject,
            teacher: ch.teacher.unwrap_or(original.teacher),
            room: ch.room.clone().or_else(|| original.room.clone()),
            status: LessonStatus::MovedHere,
            was: Some(LessonOrigin {
                date: ch.key.date,
                number: ch.key.number,
                teacher: original.teacher,
                room: original.room.clone(),
            }),
            moved_to: None,
            reason: ch.reason.clone(),
        });
    }
    out.sort_by_key(|d| (d.key.number, d.key.group.map_or(0, |g: GroupId| g.0)));
    out
}

/// Whether a lesson takes place (is neither cancelled nor moved away).
pub fn is_held(status: LessonStatus) -> bool {
    !matches!(status, LessonStatus::Cancelled | LessonStatus::MovedAway)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::ClassId;
    use time::macros::{date, time};

    fn bell(n: u8, s: Time, e: Time) -> Bell {
        Bell {
            number: n,
            start: s,
            end: e,
        }
    }

    #[test]
    fn bells_must_be_ordered_without_overlap() {
        let ok = [
            bell(1, time!(8:30), time!(9:15)),
            bell(2, time!(9:25), time!(10:10)),
        ];
        check_bells(&ok).unwrap();
        assert!(check_bells(&[]).is_err());
        assert!(check_bells(&[bell(1, time!(9:00), time!(8:00))]).is_err());
        assert!(check_bells(&[ok[1], ok[0]]).is_err());
        assert!(check_bells(&[ok[0], bell(2, time!(9:10), time!(9:50))]).is_err());
        assert_eq!(parse_time("t", "08:05").unwrap(), time!(8:05));
        for bad in ["8:05", "24:00", "12:60", "noon", ""] {
            assert_eq!(
                parse_time("t", bad).unwrap_err().field(),
                Some("t"),
                "{bad}"
            );
        }
        assert_eq!(
            weekdays_of(weekday_mask(&[Weekday::Monday, Weekday::Saturday]).unwrap()),
            vec![1, 6]
        );
        assert_eq!(weekday_from_number("w", 3).unwrap(), Weekday::Wednesday);
        assert!(weekday_from_number("w", 8).is_err());
    }

    fn planned(number: u8, group: Option<i64>, teacher: i64, room: &str) -> TimetableLesson {
        TimetableLesson {
            weekday: Weekday::Monday,
            number,
            group: group.map(GroupId),
            subject: SubjectId(1),
            teacher: PersonId(teacher),
            room: Some(room.into()),
        }
    }

    #[test]
    fn slots_hold_one_class_lesson_or_several_groups() {
        check_timetable_slots(&[planned(1, Some(1), 7, "1"), planned(1, Some(2), 8, "2")]).unwrap();
        assert!(
            check_timetable_slots(&[planned(1, None, 7, "1"), planned(1, Some(2), 8, "2")])
                .is_err()
        );
        assert!(
            check_timetable_slots(&[planned(1, Some(1), 7, "1"), planned(1, Some(2), 7, "2")])
                .is_err()
        );
    }

    #[test]
    fn changes_keep_the_original() {
        let day = date!(2024 - 09 - 02);
        let class = ClassId(1);
        let key = |n| LessonKey {
            class,
            date: day,
            number: n,
            group: None,
        };
        let change = |n, kind| ChangeRow {
            key: key(n),
            kind,
            teacher: Some(PersonId(9)),
            room: Some("12".into()),
            subject: Some(SubjectId(2)),
            to_date: Some(date!(2024 - 09 - 03)),
            to_number: Some(5),
            reason: Some("ill".into()),
        };
        let plan = [
            planned(1, None, 7, "1"),
            planned(2, None, 7, "1"),
            planned(3, None, 7, "1"),
        ];
        let out = lessons_of_day(
            class,
            day,
            &plan,
            &[
                change(1, ChangeKind::Substitution),
                change(2, ChangeKind::Cancellation),
                change(3, ChangeKind::Moved),
                change(6, ChangeKind::Extra),
            ],
            &[],
        );
        assert_eq!(out.len(), 4);
        assert_eq!(out[0].teacher, PersonId(9));
        assert_eq!(out[0].was.as_ref().unwrap().teacher, PersonId(7));
        assert_eq!(out[1].status, LessonStatus::Cancelled);
        assert_eq!(out[2].status, LessonStatus::MovedAway);
        assert_eq!(out[2].moved_to, Some((date!(2024 - 09 - 03), 5)));
        assert_eq!(out[3].status, LessonStatus::Extra);
        assert!(!is_held(out[1].status) && is_held(out[3].status));

        let moved = lessons_of_day(
            class,
            date!(2024 - 09 - 03),
            &[],
            &[],
            &[(change(3, ChangeKind::Moved), plan[2].clone())],
        );
        assert_eq!(moved[0].status, LessonStatus::MovedHere);
        assert_eq!(moved[0].key.number, 5);
        assert_eq!(moved[0].was.as_ref().unwrap().number, 3);
    }
}
