//! Bell schedules and weekly timetables (D7, D8), with the checks shared by
//! the changes on a date.

use super::Diary;
use crate::access::StructureAction::*;
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::ids::{ClassId, PersonId, SchoolId};
use crate::model::{BellSchedule, Class, NewBellSchedule, NewTimetable, StaffRole, Timetable};
use crate::schedule;
use crate::storage::db::Db;
use crate::storage::{self, timetable as tt};
use crate::text;
use time::{Date, Duration};

/// Longest room name accepted.
pub(crate) const MAX_ROOM_CHARS: usize = 50;

pub(crate) fn room(field: &str, r: Option<&str>) -> Result<Option<String>> {
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

/// Refuses a lesson number without a bell on that date.
pub(crate) fn check_bell(
    c: Db<'_>,
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

pub(crate) fn teacher_of(
    c: Db<'_>,
    school: SchoolId,
    teacher: PersonId,
    field: &str,
) -> Result<()> {
    if storage::has_staff_role(c, school, teacher, StaffRole::Teacher)? {
        Ok(())
    } else {
        Err(Error::invalid(
            field,
            format!("person {teacher} is not a teacher of this school"),
        ))
    }
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
        self.write(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            p.known_school(new.school, "structure", true)?;
            p.decide_school(new.school, ManageStructure, "structure", true)?;
            let (first, last) =
                crate::calendar::school_event_range(&storage::years(c, new.school)?);
            text::date_within("valid_from", new.valid_from, first, last)?;
            if let Some(u) = new.valid_until {
                text::date_within("valid_until", u, first, last)?;
            }
            let id = tt::insert_bell_schedule(c, &new, mask)?;
            tt::bell_schedules(c, new.school)?
                .into_iter()
                .find(|s| s.id == id)
                .ok_or_else(|| Error::Internal("bell schedule vanished".into()))
        })
    }

    /// A school's bell schedules (its members).
    pub fn bell_schedules(&self, actor: &Actor, school: SchoolId) -> Result<Vec<BellSchedule>> {
        self.read(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            p.known_school(school, "structure", false)?;
            p.decide_school(school, ReadStructure, "structure", false)?;
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
        self.write(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            let class = p.known_class(new.class, "structure", true)?;
            p.decide_school(class.school, ManageStructure, "structure", true)?;
            let year = p.known_year(class.year, "structure", true)?;
            if new.valid_from < year.start || new.valid_from > year.end {
                return Err(Error::invalid(
                    "valid_from",
                    format!("must lie inside the class's academic year ({} to {})", year.start, year.end),
                ));
            }
            for l in &lessons {
                super::scope::subject_of(c, class.school, l.subject, "lessons.subject")?;
                teacher_of(c, class.school, l.teacher, "lessons.teacher")?;
                if let Some(g) = l.group {
                    super::scope::group_of(c, class.id, g, "lessons.group")?;
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
            let id = tt::insert_timetable(c, class.school, class.id, new.shift, new.valid_from, &lessons)?;
            tt::timetables(c, class.id)?
                .into_iter()
                .find(|t| t.id == id)
                .ok_or_else(|| Error::Internal("timetable vanished".into()))
        })
    }

    /// A class's timetable versions (members of its school).
    pub fn timetables(&self, actor: &Actor, class: ClassId) -> Result<Vec<Timetable>> {
        self.read(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            let cl = p.known_class(class, "structure", false)?;
            p.decide_school(cl.school, ReadStructure, "structure", false)?;
            tt::timetables(c, class)
        })
    }
}
