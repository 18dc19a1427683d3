//! Bell schedules, weekly timetables, changes on a date, and the lessons a
//! date has (D7, D8): derived from the timetable, its changes and the school
//! calendar, never stored twice.

use super::Diary;
use crate::access::{decide, Facts, Standing, StructureAction::*};
use crate::actor::Actor;
use crate::calendar;
use crate::error::{Error, Result};
use crate::ids::{ClassId, PersonId, SchoolId};
use crate::model::{
    BellSchedule, ChangeKind, Class, Lesson, LessonKey, NewBellSchedule, NewLessonChange,
    NewTimetable, StaffRole, Timetable, TimetableLesson,
};
use crate::schedule::{self, ChangeRow};
use crate::storage::{self, timetable as tt};
use crate::text;
use rusqlite::Connection;
use time::{Date, Duration};

/// Longest room name accepted.
const MAX_ROOM_CHARS: usize = 50;

fn room(field: &str, r: Option<&str>) -> Result<Option<String>> {
    match r {
        Some(r) if !r.trim().is_empty() => text::required(field, r, MAX_ROOM_CHARS).map(Some),
        _ => Ok(None),
    }
}

fn shift(s: u8) -> Result<u8> {
    if (1..=3).contains(&s) {
        Ok(s)
    } else {
        Err(Error::invalid("shift", "must be 1, 2 or 3"))
    }
}

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

/// Refuses a lesson number without a bell on that date.
fn check_bell(
    c: &Connection,
    class: &Class,
    shift: u8,
    date: Date,
    number: u8,
    field: &str,
) -> Result<()> {
    if tt::bells_on(c, class.school, shift, date)?
        .iter()
        .any(|b| b.number == number)
    {
        Ok(())
    } else {
        Err(Error::invalid(
            field,
            format!(
                "there is no lesson {number} in the bell schedule of shift {shift} on {}",
                text::format_date(date)
            ),
        ))
    }
}

/// Refuses a teacher (or room) already busy at a slot on a date in another
/// class of the school.
fn check_free(
    c: &Connection,
    class: &Class,
    date: Date,
    number: u8,
    teacher: Option<PersonId>,
    room: Option<&str>,
) -> Result<()> {
    for other in tt::classes_with(c, class.school, teacher, room)? {
        if other == class.id {
            continue;
        }
        let oc = storage::class(c, other)?;
        for l in lessons_of(c, &oc, date)? {
            if l.key.number != number || !schedule::is_held(l.status) {
                continue;
            }
            if teacher.is_some_and(|t| t == l.teacher) {
                return Err(Error::Conflict(format!(
                    "the teacher already teaches class {} at lesson {number} on {}",
                    oc.name(),
                    text::format_date(date)
                )));
            }
            if room.is_some() && l.room.as_deref() == room {
                return Err(Error::Conflict(format!(
                    "room {} is used by class {} at lesson {number} on {}",
                    room.unwrap_or_default(),
                    oc.name(),
                    text::format_date(date)
                )));
            }
        }
    }
    Ok(())
}

fn teacher_of(c: &Connection, school: SchoolId, teacher: PersonId, field: &str) -> Result<()> {
    if storage::has_staff_role(c, school, teacher, StaffRole::Teacher)? {
        Ok(())
    } else {
        Err(Error::invalid(
            field,
            format!("person {teacher} is not a teacher of this school"),
        ))
    }
}

/// What the actor may see of a school's timetables: its members read them.
fn read_school(st: &Standing, school: SchoolId) -> Result<()> {
    decide(st, ReadStructure, Some(school))
}

impl Diary {
    /// Adds a bell schedule (school admins). Lessons must be in order with
    /// breaks between them; for a date, the schedule starting latest among
    /// those covering the date, weekday and shift applies, so a shortened
    /// day is a one-day schedule over the usual one.
    pub fn add_bell_schedule(&self, actor: &Actor, new: &NewBellSchedule) -> Result<BellSchedule> {
        let mut new = new.clone();
        new.name = text::name("name", &new.name)?;
        shift(new.shift)?;
        let mask = schedule::weekday_mask(&new.weekdays)?;
        if new.valid_until.is_some_and(|u| u < new.valid_from) {
            return Err(Error::invalid(
                "valid_until",
                "must not be before valid_from",
            ));
        }
        schedule::check_bells(&new.bells)?;
        self.write(actor, |c, st| {
            storage::school(c, new.school)?;
            decide(st, ManageStructure, Some(new.school))?;
            let id = tt::insert_bell_schedule(c, &new, mask)?;
            tt::bell_schedules(c, new.school)?
                .into_iter()
                .find(|s| s.id == id)
                .ok_or_else(|| Error::Internal("bell schedule vanished".into()))
        })
    }

    /// A school's bell schedules (its members).
    pub fn bell_schedules(&self, actor: &Actor, school: SchoolId) -> Result<Vec<BellSchedule>> {
        self.read(actor, |c, st| {
            storage::school(c, school)?;
            read_school(st, school)?;
            tt::bell_schedules(c, school)
        })
    }

    /// Sets a class's weekly timetable from a date (school admins); the
    /// previous version ends the day before. Every lesson needs a bell in
    /// its shift's schedule, a subject of the school, a teacher of the
    /// school and, for a group's lesson, a group of the class. A teacher or
    /// room busy with another class at the same lesson is a conflict.
    pub fn set_timetable(&self, actor: &Actor, new: &NewTimetable) -> Result<Timetable> {
        shift(new.shift)?;
        let mut lessons = new.lessons.clone();
        for l in &mut lessons {
            l.room = room("lessons.room", l.room.as_deref())?;
        }
        schedule::check_timetable_slots(&lessons)?;
        self.write(actor, |c, st| {
            let class = storage::class(c, new.class)?;
            decide(st, ManageStructure, Some(class.school))?;
            let year = storage::year(c, class.year)?;
            if new.valid_from < year.start || new.valid_from > year.end {
                return Err(Error::invalid(
                    "valid_from",
                    format!("must lie inside the class's academic year ({} to {})", year.start, year.end),
                ));
            }
            for l in &lessons {
                let subject = storage::subject(c, l.subject)?;
                if subject.school != class.school {
                    return Err(Error::invalid("lessons.subject", "the subject belongs to another school"));
                }
                teacher_of(c, class.school, l.teacher, "lessons.teacher")?;
                if let Some(g) = l.group {
                    if storage::group(c, g)?.class != class.id {
                        return Err(Error::invalid("lessons.group", "the group belongs to another class"));
                    }
                }
                // The lesson's weekday on or after the start.
                let mut on = new.valid_from;
                while on.weekday() != l.weekday {
                    on += Duration::days(1);
                }
                check_bell(c, &class, new.shift, on, l.number, "lessons.number")?;
                if let Some((other, teacher)) = tt::clash(
                    c,
                    class.school,
                    class.id,
                    new.valid_from,
                    new.shift,
                    l.weekday,
                    l.number,
                    l.teacher,
                    l.room.as_deref(),
                )? {
                    let other = storage::class(c, other)?.name();
                    return Err(Error::Conflict(if teacher {
                        format!(
                            "the teacher already teaches class {other} at lesson {} on {}",
                            l.number, l.weekday
                        )
                    } else {
                        format!(
                            "room {} is used by class {other} at lesson {} on {}",
                            l.room.as_deref().unwrap_or_default(),
                            l.number,
                            l.weekday
                        )
                    }));
                }
            }
            if let Some((prev, from)) = tt::latest_timetable(c, class.id)? {
                if new.valid_from <= from {
                    return Err(Error::Conflict(format!(
                        "a timetable of this class already starts on {}; a new one must start later",
                        text::format_date(from)
                    )));
                }
                tt::end_timetable(c, prev, new.valid_from - Duration::days(1))?;
            }
            let id = tt::insert_timetable(c, class.id, new.shift, new.valid_from, &lessons)?;
            tt::timetables(c, class.id)?
                .into_iter()
                .find(|t| t.id == id)
                .ok_or_else(|| Error::Internal("timetable vanished".into()))
        })
    }

    /// A class's timetable versions (members of its school).
    pub fn timetables(&self, actor: &Actor, class: ClassId) -> Result<Vec<Timetable>> {
        self.read(actor, |c, st| {
            let cl = storage::class(c, class)?;
            read_school(st, cl.school)?;
            tt::timetables(c, class)
        })
    }

    /// Changes one lesson on a date (school admins): a substitution, a
    /// cancellation, a room change, a move to another date or lesson, or an
    /// extra lesson. The timetable keeps the original, so views show "was /
    /// now". Returns the lesson as it now stands (for a move: where it went).
    pub fn change_lesson(&self, actor: &Actor, change: &NewLessonChange) -> Result<Lesson> {
        let reason = match change.reason.as_deref() {
            Some(r) if !r.trim().is_empty() => Some(text::required("reason", r, 500)?),
            _ => None,
        };
        let new_room = room("room", change.room.as_deref())?;
        let now = self.clock.now().unix_timestamp();
        self.write(actor, |c, st| {
            let class = storage::class(c, change.lesson.class)?;
            decide(st, ManageStructure, Some(class.school))?;
            let by = actor
                .person()
                .ok_or_else(|| Error::denied("changes are made by a person"))?;
            let key = change.lesson;
            let shift = tt::timetable_on(c, class.id, key.date)?.map_or(1, |(_, s)| s);
            if let Some(g) = key.group {
                if storage::group(c, g)?.class != class.id {
                    return Err(Error::invalid(
                        "group",
                        "the group belongs to another class",
                    ));
                }
            }
            let today = lessons_of(c, &class, key.date)?;
            let existing = today.iter().find(|l| l.key == key);
            let mut row = ChangeRow {
                key,
                kind: change.kind,
                teacher: None,
                room: None,
                subject: None,
                to_date: None,
                to_number: None,
                reason,
            };
            let missing =
                |field: &str| Error::invalid(field, format!("is needed for a {}", change.kind));
            if change.kind == ChangeKind::Extra {
                if !working_day(c, class.school, key.date)? {
                    return Err(Error::invalid("date", "no lessons on a day off or holiday"));
                }
                check_bell(c, &class, shift, key.date, key.number, "number")?;
                if today.iter().any(|l| {
                    l.key.number == key.number
                        && schedule::is_held(l.status)
                        && (l.key.group.is_none()
                            || key.group.is_none()
                            || l.key.group == key.group)
                }) {
                    return Err(Error::Conflict(
                        "the class already has a lesson then".into(),
                    ));
                }
                let subject = change.subject.ok_or_else(|| missing("subject"))?;
                if storage::subject(c, subject)?.school != class.school {
                    return Err(Error::invalid(
                        "subject",
                        "the subject belongs to another school",
                    ));
                }
                let teacher = change.teacher.ok_or_else(|| missing("teacher"))?;
                teacher_of(c, class.school, teacher, "teacher")?;
                check_free(
                    c,
                    &class,
                    key.date,
                    key.number,
                    Some(teacher),
                    new_room.as_deref(),
                )?;
                row.subject = Some(subject);
                row.teacher = Some(teacher);
                row.room = new_room;
            } else {
                let Some(l) = existing.filter(|l| {
                    l.status == crate::model::LessonStatus::Scheduled && l.was.is_none()
                }) else {
                    return Err(Error::invalid(
                        "lesson",
                        "there is no unchanged timetable lesson at this date and number",
                    ));
                };
                match change.kind {
                    ChangeKind::Substitution => {
                        let teacher = change.teacher.ok_or_else(|| missing("teacher"))?;
                        teacher_of(c, class.school, teacher, "teacher")?;
                        if teacher == l.teacher {
                            return Err(Error::invalid(
                                "teacher",
                                "is already the lesson's teacher",
                            ));
                        }
                        check_free(
                            c,
                            &class,
                            key.date,
                            key.number,
                            Some(teacher),
                            new_room.as_deref(),
                        )?;
                        row.teacher = Some(teacher);
                        row.room = new_room;
                    }
                    ChangeKind::RoomChange => {
                        let r = new_room.ok_or_else(|| missing("room"))?;
                        check_free(c, &class, key.date, key.number, None, Some(&r))?;
                        row.room = Some(r);
                    }
                    ChangeKind::Cancellation => {}
                    ChangeKind::Moved => {
                        let to_date = change.to_date.ok_or_else(|| missing("to_date"))?;
                        let to_number = change.to_number.ok_or_else(|| missing("to_number"))?;
                        if (to_date, to_number) == (key.date, key.number) {
                            return Err(Error::invalid("to_number", "the lesson would not move"));
                        }
                        if !working_day(c, class.school, to_date)? {
                            return Err(Error::invalid(
                                "to_date",
                                "no lessons on a day off or holiday",
                            ));
                        }
                        let to_shift =
                            tt::timetable_on(c, class.id, to_date)?.map_or(1, |(_, s)| s);
                        check_bell(c, &class, to_shift, to_date, to_number, "to_number")?;
                        if lessons_of(c, &class, to_date)?.iter().any(|o| {
                            o.key.number == to_number
                                && schedule::is_held(o.status)
                                && (o.key.group.is_none()
                                    || key.group.is_none()
                                    || o.key.group == key.group)
                        }) {
                            return Err(Error::Conflict(
                                "the class already has a lesson then".into(),
                            ));
                        }
                        check_free(
                            c,
                            &class,
                            to_date,
                            to_number,
                            Some(l.teacher),
                            new_room.as_deref().or(l.room.as_deref()),
                        )?;
                        row.to_date = Some(to_date);
                        row.to_number = Some(to_number);
                        row.room = new_room;
                    }
                    ChangeKind::Extra => unreachable!("handled above"),
                }
            }
            tt::insert_change(c, &row, by, now)?;
            let shown = match (row.to_date, row.to_number) {
                (Some(d), Some(n)) => LessonKey {
                    date: d,
                    number: n,
                    ..key
                },
                _ => key,
            };
            lesson(c, &shown)
        })
    }

    /// A class's lessons on a date (members of its school).
    pub fn class_day(&self, actor: &Actor, class: ClassId, date: Date) -> Result<Vec<Lesson>> {
        self.read(actor, |c, st| {
            let cl = storage::class(c, class)?;
            read_school(st, cl.school)?;
            lessons_of(c, &cl, date)
        })
    }

    /// A teacher's lessons in the week starting `monday` (the teacher and
    /// members of their school), including substitutions they take.
    pub fn teacher_week(
        &self,
        actor: &Actor,
        teacher: PersonId,
        monday: Date,
    ) -> Result<Vec<Lesson>> {
        self.read(actor, |c, st| {
            storage::person(c, teacher)?;
            let schools = storage::schools_of_person(c, teacher)?;
            let me = actor.person() == Some(teacher);
            if !me && !schools.iter().any(|s| st.facts_for(Some(*s)).member) {
                return Err(Error::denied("not a member of this teacher's school"));
            }
            let mut out = Vec::new();
            for school in schools {
                for class in tt::classes_with(c, school, Some(teacher), None)? {
                    let cl = storage::class(c, class)?;
                    for d in 0..7 {
                        let date = monday + Duration::days(d);
                        out.extend(lessons_of(c, &cl, date)?.into_iter().filter(|l| {
                            l.teacher == teacher
                                || l.was.as_ref().is_some_and(|w| w.teacher == teacher)
                        }));
                    }
                }
            }
            out.sort_by_key(|l| (l.key.date, l.key.number, l.key.class));
            Ok(out)
        })
    }

    /// The lessons held in a room on a date (members of the school).
    pub fn room_day(
        &self,
        actor: &Actor,
        school: SchoolId,
        room: &str,
        date: Date,
    ) -> Result<Vec<Lesson>> {
        let room = text::required("room", room, MAX_ROOM_CHARS)?;
        self.read(actor, |c, st| {
            storage::school(c, school)?;
            read_school(st, school)?;
            let mut out = Vec::new();
            for class in tt::classes_with(c, school, None, Some(&room))? {
                let cl = storage::class(c, class)?;
                out.extend(lessons_of(c, &cl, date)?.into_iter().filter(|l| {
                    l.room.as_deref() == Some(room.as_str()) && schedule::is_held(l.status)
                }));
            }
            out.sort_by_key(|l| (l.key.number, l.key.class));
            Ok(out)
        })
    }
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
