//! SQL for bell schedules, timetables, their changes on a date, and the
//! lesson rows that hold a lesson's topic and test.

use crate::error::Result;
use crate::ids::{BellScheduleId, ClassId, GroupId, PersonId, SchoolId, SubjectId, TimetableId};
use crate::model::{
    Bell, BellSchedule, ChangeKind, LessonKey, NewBellSchedule, Timetable, TimetableLesson,
};
use crate::schedule::{self, ChangeRow};
use crate::storage::db::{params, Db, DbError, DbResult, OptionalExtension, Row};
use time::{Date, Weekday};

/// A date as stored: its Julian day number.
pub(crate) fn day(d: Date) -> i64 {
    i64::from(d.to_julian_day())
}

/// The date of a stored Julian day number.
pub(crate) fn date(day: i64) -> DbResult<Date> {
    i32::try_from(day)
        .ok()
        .and_then(|d| Date::from_julian_day(d).ok())
        .ok_or(DbError::undecodable(0, format!("{} is out of range", day)))
}

fn opt_date(day: Option<i64>) -> DbResult<Option<Date>> {
    day.map(date).transpose()
}

pub(crate) fn insert_bell_schedule(
    c: Db<'_>,
    s: &NewBellSchedule,
    mask: i64,
) -> Result<BellScheduleId> {
    c.execute(
        "INSERT INTO bell_schedule (school_id, name, shift, weekdays, valid_from, valid_until)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            s.school.0,
            s.name,
            s.shift,
            mask,
            day(s.valid_from),
            s.valid_until.map(day)
        ],
    )?;
    let id = c.last_insert_rowid()?;
    let mut st = c.prepare_cached(
        "INSERT INTO bell (school_id, schedule_id, number, start_min, end_min) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for b in &s.bells {
        st.execute(params![
            s.school.0,
            id,
            b.number,
            schedule::minutes(b.start),
            schedule::minutes(b.end)
        ])?;
    }
    Ok(BellScheduleId(id))
}

fn bells(c: Db<'_>, schedule_id: i64) -> Result<Vec<Bell>> {
    let mut st = c.prepare_cached(
        "SELECT number, start_min, end_min FROM bell WHERE schedule_id = ?1 ORDER BY number",
    )?;
    let rows = st
        .query_map([schedule_id], |r| {
            Ok(Bell {
                number: r.get(0)?,
                start: schedule::from_minutes(r.get(1)?),
                end: schedule::from_minutes(r.get(2)?),
            })
        })?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

pub(crate) fn bell_schedules(c: Db<'_>, school: SchoolId) -> Result<Vec<BellSchedule>> {
    let mut st = c.prepare_cached(
        "SELECT id, name, shift, weekdays, valid_from, valid_until FROM bell_schedule
         WHERE school_id = ?1 ORDER BY shift, valid_from, id",
    )?;
    let heads = st
        .query_map([school.0], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, u8>(2)?,
                r.get::<_, i64>(3)?,
                date(r.get(4)?)?,
                opt_date(r.get(5)?)?,
            ))
        })?
        .collect::<DbResult<Vec<_>>>()?;
    heads
        .into_iter()
        .map(|(id, name, shift, mask, from, until)| {
            Ok(BellSchedule {
                id: BellScheduleId(id),
                school,
                name,
                shift,
                weekdays: schedule::weekdays_of(mask),
                valid_from: from,
                valid_until: until,
                bells: bells(c, id)?,
            })
        })
        .collect()
}

/// The bells that apply to a school, shift and date: of the schedules
/// covering the date and its weekday, the one starting latest.
pub(crate) fn bells_on(c: Db<'_>, school: SchoolId, shift: u8, on: Date) -> Result<Vec<Bell>> {
    let id: Option<i64> = c
        .prepare_cached(
            "SELECT id FROM bell_schedule
             WHERE school_id = ?1 AND shift = ?2 AND valid_from <= ?3
               AND (valid_until IS NULL OR valid_until >= ?3) AND (weekdays & ?4) != 0
             ORDER BY valid_from DESC, id DESC LIMIT 1",
        )?
        .query_row(
            params![
                school.0,
                shift,
                day(on),
                schedule::weekday_bit(on.weekday())
            ],
            |r| r.get(0),
        )
        .optional()?;
    match id {
        Some(id) => bells(c, id),
        None => Ok(Vec::new()),
    }
}

/// The version of a class's timetable in force on a date.
pub(crate) fn timetable_on(
    c: Db<'_>,
    class: ClassId,
    on: Date,
) -> Result<Option<(TimetableId, u8)>> {
    Ok(c.prepare_cached(
        "SELECT id, shift FROM timetable WHERE class_id = ?1 AND valid_from <= ?2
           AND (valid_until IS NULL OR valid_until >= ?2) ORDER BY valid_from DESC LIMIT 1",
    )?
    .query_row(params![class.0, day(on)], |r| {
        Ok((TimetableId(r.get(0)?), r.get(1)?))
    })
    .optional()?)
}

/// The latest version of a class's timetable.
pub(crate) fn latest_timetable(c: Db<'_>, class: ClassId) -> Result<Option<(TimetableId, Date)>> {
    Ok(c.cached_row(
        "SELECT id, valid_from FROM timetable WHERE class_id = ?1 ORDER BY valid_from DESC LIMIT 1",
        [class.0],
        |r| Ok((TimetableId(r.get(0)?), date(r.get(1)?)?)),
    )
    .optional()?)
}

pub(crate) fn end_timetable(c: Db<'_>, id: TimetableId, last: Date) -> Result<()> {
    c.execute(
        "UPDATE timetable SET valid_until = ?2 WHERE id = ?1",
        params![id.0, day(last)],
    )?;
    Ok(())
}

/// Stores a timetable of `class`, a class of `school`, with its lessons.
pub(crate) fn insert_timetable(
    c: Db<'_>,
    school: SchoolId,
    class: ClassId,
    shift: u8,
    from: Date,
    lessons: &[TimetableLesson],
) -> Result<TimetableId> {
    c.execute(
        "INSERT INTO timetable (school_id, class_id, shift, valid_from) VALUES (?1, ?2, ?3, ?4)",
        params![school.0, class.0, shift, day(from)],
    )?;
    let id = c.last_insert_rowid()?;
    let mut st = c.prepare_cached(
        "INSERT INTO timetable_lesson (school_id, timetable_id, weekday, number, group_id, subject_id, teacher_id, room)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for l in lessons {
        st.execute(params![
            school.0,
            id,
            l.weekday.number_from_monday(),
            l.number,
            l.group.map(|g| g.0),
            l.subject.0,
            l.teacher.0,
            l.room
        ])?;
    }
    Ok(TimetableId(id))
}

fn lesson_row(r: &Row<'_>) -> DbResult<TimetableLesson> {
    Ok(TimetableLesson {
        weekday: schedule::weekday_from_number("weekday", r.get(0)?)
            .map_err(|_| DbError::undecodable(0, format!("{} is out of range", 0)))?,
        number: r.get(1)?,
        group: r.get::<_, Option<i64>>(2)?.map(GroupId),
        subject: SubjectId(r.get(3)?),
        teacher: PersonId(r.get(4)?),
        room: r.get(5)?,
    })
}

const LESSON_COLS: &str = "weekday, number, group_id, subject_id, teacher_id, room";

/// The weekly lessons of a timetable version, optionally of one weekday.
pub(crate) fn timetable_lessons(
    c: Db<'_>,
    id: TimetableId,
    weekday: Option<Weekday>,
) -> Result<Vec<TimetableLesson>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {LESSON_COLS} FROM timetable_lesson
         WHERE timetable_id = ?1 AND (CAST(?2 AS BIGINT) IS NULL OR weekday = ?2) ORDER BY weekday, number, group_id"
    ))?;
    let rows = st
        .query_map(
            params![id.0, weekday.map(|w| w.number_from_monday())],
            lesson_row,
        )?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

pub(crate) fn timetables(c: Db<'_>, class: ClassId) -> Result<Vec<Timetable>> {
    let mut st = c.prepare_cached(
        "SELECT id, shift, valid_from, valid_until FROM timetable WHERE class_id = ?1 ORDER BY valid_from",
    )?;
    let heads = st
        .query_map([class.0], |r| {
            Ok((
                TimetableId(r.get(0)?),
                r.get::<_, u8>(1)?,
                date(r.get(2)?)?,
                opt_date(r.get(3)?)?,
            ))
        })?
        .collect::<DbResult<Vec<_>>>()?;
    heads
        .into_iter()
        .map(|(id, shift, from, until)| {
            Ok(Timetable {
                id,
                class,
                shift,
                valid_from: from,
                valid_until: until,
                lessons: timetable_lessons(c, id, None)?,
            })
        })
        .collect()
}

/// Lessons of other classes' timetables in force together with `from`…
/// (open-ended) in which `teacher` teaches, or `room` is used, at the slot —
/// of classes whose academic year has not ended by `from` (a class of last
/// year holds no lessons this year, though its timetable has no end).
/// Returns the class that clashes.
#[allow(clippy::too_many_arguments)]
pub(crate) fn clash(
    c: Db<'_>,
    school: SchoolId,
    class: ClassId,
    from: Date,
    shift: u8,
    weekday: Weekday,
    number: u8,
    teacher: PersonId,
    room: Option<&str>,
) -> Result<Option<(ClassId, bool)>> {
    Ok(c.prepare_cached(
        "SELECT t.class_id, tl.teacher_id = ?7 FROM timetable_lesson tl
           JOIN timetable t ON t.id = tl.timetable_id
           JOIN class k ON k.id = t.class_id
           JOIN academic_year y ON y.id = k.year_id
         WHERE k.school_id = ?1 AND t.class_id != ?2 AND t.shift = ?4
           AND (t.valid_until IS NULL OR t.valid_until >= ?3) AND y.end_date >= ?9
           AND tl.weekday = ?5 AND tl.number = ?6
           AND (tl.teacher_id = ?7 OR (CAST(?8 AS TEXT) IS NOT NULL AND tl.room = ?8))
         LIMIT 1",
    )?
    .query_row(
        params![
            school.0,
            class.0,
            day(from),
            shift,
            weekday.number_from_monday(),
            number,
            teacher.0,
            room,
            from
        ],
        |r| Ok((ClassId(r.get(0)?), r.get(1)?)),
    )
    .optional()?)
}

fn change_row(r: &Row<'_>) -> DbResult<ChangeRow> {
    let kind: String = r.get(4)?;
    Ok(ChangeRow {
        key: LessonKey {
            class: ClassId(r.get(0)?),
            date: date(r.get(1)?)?,
            number: r.get(2)?,
            group: r.get::<_, Option<i64>>(3)?.map(GroupId),
        },
        kind: ChangeKind::parse("kind", &kind)
            .map_err(|_| DbError::undecodable(0, "an unknown value"))?,
        teacher: r.get::<_, Option<i64>>(5)?.map(PersonId),
        room: r.get(6)?,
        subject: r.get::<_, Option<i64>>(7)?.map(SubjectId),
        to_date: opt_date(r.get(8)?)?,
        to_number: r.get(9)?,
        reason: r.get(10)?,
    })
}

const CHANGE_COLS: &str =
    "class_id, day, number, group_id, kind, teacher_id, room, subject_id, to_day, to_number, reason";

/// The changes of a class on a date (at their original slot).
pub(crate) fn changes_on(c: Db<'_>, class: ClassId, on: Date) -> Result<Vec<ChangeRow>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {CHANGE_COLS} FROM lesson_change WHERE class_id = ?1 AND day = ?2"
    ))?;
    let rows = st
        .query_map(params![class.0, day(on)], change_row)?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// The changes of a class on the dates `from`..=`to` (at their original
/// slot), and those moved to one of those dates: what [`changes_on`] and
/// [`moved_to`] give for each date, in two queries.
pub(crate) fn changes_between(
    c: Db<'_>,
    class: ClassId,
    from: Date,
    to: Date,
) -> Result<(Vec<ChangeRow>, Vec<ChangeRow>)> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {CHANGE_COLS} FROM lesson_change WHERE class_id = ?1 AND day BETWEEN ?2 AND ?3"
    ))?;
    let on = st
        .query_map(params![class.0, day(from), day(to)], change_row)?
        .collect::<DbResult<_>>()?;
    let mut st = c.prepare_cached(&format!(
        "SELECT {CHANGE_COLS} FROM lesson_change
         WHERE class_id = ?1 AND kind = 'moved' AND to_day BETWEEN ?2 AND ?3"
    ))?;
    let moved = st
        .query_map(params![class.0, day(from), day(to)], change_row)?
        .collect::<DbResult<_>>()?;
    Ok((on, moved))
}

/// A lesson's slot as notes are keyed: (date, number, group or 0).
pub(crate) type NoteSlot = (Date, u8, i64);

/// The notes of a class's lessons on the dates `from`..=`to`, keyed by
/// (date, number, group or 0): what [`lesson_note`] gives for each.
pub(crate) fn lesson_notes_between(
    c: Db<'_>,
    class: ClassId,
    from: Date,
    to: Date,
) -> Result<Vec<(NoteSlot, LessonNote)>> {
    let mut st = c.prepare_cached(
        "SELECT id, topic, test_title, day, number, coalesce(group_id, 0) FROM lesson
         WHERE class_id = ?1 AND day BETWEEN ?2 AND ?3",
    )?;
    let rows = st
        .query_map(params![class.0, day(from), day(to)], |r| {
            Ok((
                (date(r.get(3)?)?, r.get(4)?, r.get(5)?),
                LessonNote {
                    id: r.get(0)?,
                    topic: r.get(1)?,
                    test: r.get(2)?,
                },
            ))
        })?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// Lessons of a class moved to a date from elsewhere.
pub(crate) fn moved_to(c: Db<'_>, class: ClassId, on: Date) -> Result<Vec<ChangeRow>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {CHANGE_COLS} FROM lesson_change WHERE class_id = ?1 AND kind = 'moved' AND to_day = ?2"
    ))?;
    let rows = st
        .query_map(params![class.0, day(on)], change_row)?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// Stores a change of a lesson of a class of `school`.
pub(crate) fn insert_change(
    c: Db<'_>,
    school: SchoolId,
    ch: &ChangeRow,
    by: PersonId,
    now: i64,
) -> Result<()> {
    c.execute(
        "INSERT INTO lesson_change (class_id, day, number, group_id, kind, teacher_id, room, subject_id,
             to_day, to_number, reason, created_by, created_at, school_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            ch.key.class.0,
            day(ch.key.date),
            ch.key.number,
            ch.key.group.map(|g| g.0),
            ch.kind.as_str(),
            ch.teacher.map(|p| p.0),
            ch.room,
            ch.subject.map(|s| s.0),
            ch.to_date.map(day),
            ch.to_number,
            ch.reason,
            by.0,
            now,
            school.0
        ],
    )
    .map_err(|e| {
        super::conflict_on_unique(e, || {
            "this lesson already has a change on that date; one change per lesson".into()
        })
    })?;
    Ok(())
}

/// Classes of a school whose timetable (any version) names `teacher` or
/// `room`, for teachers' and rooms' views.
pub(crate) fn classes_with(
    c: Db<'_>,
    school: SchoolId,
    teacher: Option<PersonId>,
    room: Option<&str>,
) -> Result<Vec<ClassId>> {
    let mut st = c.prepare_cached(
        "SELECT DISTINCT t.class_id FROM timetable_lesson tl JOIN timetable t ON t.id = tl.timetable_id
           JOIN class k ON k.id = t.class_id
         WHERE k.school_id = ?1 AND ((CAST(?2 AS BIGINT) IS NOT NULL AND tl.teacher_id = ?2) OR (CAST(?3 AS TEXT) IS NOT NULL AND tl.room = ?3))
         UNION
         SELECT DISTINCT ch.class_id FROM lesson_change ch JOIN class k ON k.id = ch.class_id
         WHERE k.school_id = ?1 AND ((CAST(?2 AS BIGINT) IS NOT NULL AND ch.teacher_id = ?2) OR (CAST(?3 AS TEXT) IS NOT NULL AND ch.room = ?3))",
    )?;
    let rows = st
        .query_map(params![school.0, teacher.map(|p| p.0), room], |r| {
            Ok(ClassId(r.get(0)?))
        })?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// What is stored about a lesson instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LessonNote {
    /// The lesson row's id (attendance and homework refer to it).
    pub id: i64,
    pub topic: Option<String>,
    pub test: Option<String>,
}

/// The stored row of a lesson, if any.
pub(crate) fn lesson_note(c: Db<'_>, key: &LessonKey) -> Result<Option<LessonNote>> {
    Ok(c.prepare_cached(
        "SELECT id, topic, test_title FROM lesson
         WHERE class_id = ?1 AND day = ?2 AND number = ?3 AND coalesce(group_id, 0) = ?4",
    )?
    .query_row(
        params![
            key.class.0,
            day(key.date),
            key.number,
            key.group.map_or(0, |g| g.0)
        ],
        |r| {
            Ok(LessonNote {
                id: r.get(0)?,
                topic: r.get(1)?,
                test: r.get(2)?,
            })
        },
    )
    .optional()?)
}

/// The lesson row's id, created on first use (in `school`, the class's).
pub(crate) fn ensure_lesson(c: Db<'_>, school: SchoolId, key: &LessonKey) -> Result<i64> {
    if let Some(n) = lesson_note(c, key)? {
        return Ok(n.id);
    }
    c.execute(
        "INSERT INTO lesson (school_id, class_id, day, number, group_id) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            school.0,
            key.class.0,
            day(key.date),
            key.number,
            key.group.map(|g| g.0)
        ],
    )?;
    Ok(c.last_insert_rowid()?)
}

/// A lesson's key columns for a join on `lesson l`, read back with
/// [`lesson_key_at`].
pub(crate) const LESSON_KEY_COLS: &str = "l.class_id, l.day, l.number, l.group_id";

/// The lesson key in columns `i..i + 4` of a row selected with
/// [`LESSON_KEY_COLS`].
pub(crate) fn lesson_key_at(r: &Row<'_>, i: usize) -> DbResult<LessonKey> {
    Ok(LessonKey {
        class: ClassId(r.get(i)?),
        date: date(r.get(i + 1)?)?,
        number: r.get(i + 2)?,
        group: r.get::<_, Option<i64>>(i + 3)?.map(GroupId),
    })
}

pub(crate) fn set_topic(c: Db<'_>, id: i64, topic: Option<&str>, test: Option<&str>) -> Result<()> {
    c.execute(
        "UPDATE lesson SET topic = ?2, test_title = ?3 WHERE id = ?1",
        params![id, topic, test],
    )?;
    Ok(())
}
