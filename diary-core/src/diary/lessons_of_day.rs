//! The lessons a date has: derived from the class's timetable, the changes
//! on that date and the school calendar, never stored twice.

use crate::access::{Facts, Standing};
use crate::actor::Actor;
use crate::calendar;
use crate::error::{Error, Result};
use crate::ids::{ClassId, SchoolId};
use crate::model::{Class, Lesson, LessonKey, TimetableLesson};
use crate::schedule;
use crate::storage::{self, timetable as tt};
use crate::text;
use rusqlite::Connection;
use time::Date;

/// Whether the school works on `date` (weekday and holidays).
pub(crate) fn working_day(c: &Connection, school: SchoolId, date: Date) -> Result<bool> {
    let s = storage::school(c, school)?;
    let holidays = storage::holidays(c, school)?;
    Ok(calendar::is_working_day(s.days_per_week, &holidays, date))
}

/// The lessons of a class on a date with times, names and notes; empty on
/// a day off or without a timetable.
pub(crate) fn lessons_of(c: &Connection, class: &Class, date: Date) -> Result<Vec<Lesson>> {
    let changes = tt::changes_on(c, class.id, date)?;
    let mut moved_in = Vec::new();
    for ch in tt::moved_to(c, class.id, date)? {
        let original = planned(c, class.id, ch.key.date)?
            .into_iter()
            .find(|p| p.number == ch.key.number && p.group == ch.key.group);
        if let Some(o) = original {
            moved_in.push((ch, o));
        }
    }
    let planned_today = if working_day(c, class.school, date)? {
        planned(c, class.id, date)?
    } else {
        Vec::new()
    };
    let drafts = schedule::lessons_of_day(class.id, date, &planned_today, &changes, &moved_in);
    let shift = tt::timetable_on(c, class.id, date)?.map_or(1, |(_, s)| s);
    let bells = tt::bells_on(c, class.school, shift, date)?;
    drafts
        .into_iter()
        .map(|d| {
            let bell = bells.iter().find(|b| b.number == d.key.number);
            let note = tt::lesson_note(c, &d.key)?;
            Ok(Lesson {
                key: d.key,
                start: bell.map(|b| b.start),
                end: bell.map(|b| b.end),
                subject: d.subject,
                subject_name: storage::subject(c, d.subject)?.name,
                teacher: d.teacher,
                room: d.room,
                status: d.status,
                was: d.was,
                moved_to: d.moved_to,
                change_reason: d.reason,
                topic: note.as_ref().and_then(|n| n.topic.clone()),
                test: note.and_then(|n| n.test),
            })
        })
        .collect()
}

/// The timetable's lessons of a class on a date's weekday (before changes).
fn planned(c: &Connection, class: ClassId, date: Date) -> Result<Vec<TimetableLesson>> {
    match tt::timetable_on(c, class, date)? {
        Some((id, _)) => tt::timetable_lessons(c, id, Some(date.weekday())),
        None => Ok(Vec::new()),
    }
}

/// The lesson named by `key`, as it stands on its date.
pub(crate) fn lesson(c: &Connection, key: &LessonKey) -> Result<Lesson> {
    let class = storage::class(c, key.class)?;
    lessons_of(c, &class, key.date)?
        .into_iter()
        .find(|l| l.key == *key)
        .ok_or_else(|| {
            Error::not_found(
                "lesson",
                format!(
                    "{} of class {} on {}",
                    key.number,
                    class.name(),
                    text::format_date(key.date)
                ),
            )
        })
}

/// Facts for a lesson write: the lesson's teacher now (a substitute too),
/// a teacher assigned to the class and subject, or an admin.
pub(crate) fn lesson_facts(
    c: &Connection,
    st: &Standing,
    actor: &Actor,
    l: &Lesson,
) -> Result<Facts> {
    let class = storage::class(c, l.key.class)?;
    let mut f = st.facts_for(Some(class.school));
    if let Some(me) = actor.person() {
        f.teaches = l.teacher == me || storage::teaches(c, me, class.id, l.subject, None)?;
        f.class_teacher = class.class_teacher == Some(me);
    }
    Ok(f)
}
