//! Changes to the timetable on a date (D8): substitution, cancellation, room
//! change, move and extra lesson, each keeping the original ("was / now").

use super::lessons_of_day::{lesson, Days};
use super::timetable::{check_bell, room, teacher_of};
use super::Diary;
use crate::access::StructureAction::*;
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::ids::{ClassId, GroupId, PersonId};
use crate::model::{
    AnnouncementKind, Audience, AudienceRole, AudienceScope, ChangeKind, Class, Lesson, LessonKey,
    NewAnnouncement, NewLessonChange,
};
use crate::schedule::{self, ChangeRow};
use crate::storage::db::Db;
use crate::storage::{self, timetable as tt};
use crate::text;
use time::Date;

/// Refuses a teacher (or room) already busy at a slot on a date in another
/// class of the school.
fn check_free(
    days: &mut Days<'_>,
    c: Db<'_>,
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
        for l in days.lessons(other, date)? {
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

/// The announcement of a change to the class (its group, for a group's
/// lesson): students and parents, shown from today until the lesson's
/// (or, for a move, the new) day.
fn change_announcement(
    c: Db<'_>,
    class: &Class,
    row: &ChangeRow,
    subject: &str,
    today: Date,
) -> Result<NewAnnouncement> {
    let key = &row.key;
    let when = format!(
        "{}, lesson {} ({subject})",
        text::format_date(key.date),
        key.number
    );
    let what = match row.kind {
        ChangeKind::Substitution => {
            let t = storage::person(c, row.teacher.unwrap_or(PersonId(0)))?;
            format!("{when}: substitute teacher {} {}", t.surname, t.first_name)
        }
        ChangeKind::RoomChange => format!(
            "{when}: in room {}",
            row.room.as_deref().unwrap_or_default()
        ),
        ChangeKind::Cancellation => format!("{when} is cancelled"),
        ChangeKind::Moved => format!(
            "{when} moves to {}, lesson {}",
            row.to_date.map(text::format_date).unwrap_or_default(),
            row.to_number.unwrap_or(0)
        ),
        ChangeKind::Extra => format!("{when}: an extra lesson"),
    };
    let body = match &row.reason {
        Some(r) => format!("{what}.\nReason: {r}"),
        None => format!("{what}."),
    };
    let title: String = format!("Schedule change {}: {what}", class.name())
        .chars()
        .take(200)
        .collect();
    let (scope, id) = match key.group {
        Some(g) => (AudienceScope::Group, g.0),
        None => (AudienceScope::Class, class.id.0),
    };
    let last = row.to_date.map_or(key.date, |d| d.max(key.date));
    Ok(NewAnnouncement {
        school: class.school,
        kind: AnnouncementKind::ScheduleChange,
        urgent: false,
        title,
        body,
        audience: [AudienceRole::Students, AudienceRole::Parents]
            .into_iter()
            .map(|role| Audience {
                scope,
                id: Some(id),
                role,
            })
            .collect(),
        shown_from: today.min(last),
        shown_until: last.max(today),
        pinned: false,
        attachments: Vec::new(),
    })
}

/// Whether the class (or, for a group's slot, that group or the whole
/// class) already has a lesson that takes place at `number` on `date`.
fn slot_taken(
    days: &mut Days<'_>,
    class: ClassId,
    date: Date,
    number: u8,
    group: Option<GroupId>,
) -> Result<bool> {
    Ok(days.lessons(class, date)?.iter().any(|l| {
        l.key.number == number
            && schedule::is_held(l.status)
            && (l.key.group.is_none() || group.is_none() || l.key.group == group)
    }))
}

impl Diary {
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
        self.write(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            let class = p.known_class(change.lesson.class, "structure", true)?;
            p.decide_school(class.school, ManageStructure, "structure", true)?;
            let by = actor
                .person()
                .ok_or_else(|| Error::denied("changes are made by a person"))?;
            let key = change.lesson;
            let shift = tt::timetable_on(c, class.id, key.date)?.map_or(1, |(_, s)| s);
            if let Some(g) = key.group {
                super::scope::group_of(c, class.id, g, "group")?;
            }
            let mut days = Days::new(c);
            let existing = days
                .lessons(class.id, key.date)?
                .into_iter()
                .find(|l| l.key == key);
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
                if !days.working_day(class.school, key.date)? {
                    return Err(Error::invalid("date", "no lessons on a day off or holiday"));
                }
                check_bell(c, &class, shift, key.date, key.number, "number")?;
                if slot_taken(&mut days, class.id, key.date, key.number, key.group)? {
                    return Err(Error::Conflict(
                        "the class already has a lesson then".into(),
                    ));
                }
                let subject = change.subject.ok_or_else(|| missing("subject"))?;
                super::scope::subject_of(c, class.school, subject, "subject")?;
                let teacher = change.teacher.ok_or_else(|| missing("teacher"))?;
                teacher_of(c, class.school, teacher, "teacher")?;
                check_free(
                    &mut days,
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
                let Some(l) = existing.as_ref().filter(|l| {
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
                            &mut days,
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
                        check_free(&mut days, c, &class, key.date, key.number, None, Some(&r))?;
                        row.room = Some(r);
                    }
                    ChangeKind::Cancellation => {}
                    ChangeKind::Moved => {
                        let to_date = change.to_date.ok_or_else(|| missing("to_date"))?;
                        let to_number = change.to_number.ok_or_else(|| missing("to_number"))?;
                        if (to_date, to_number) == (key.date, key.number) {
                            return Err(Error::invalid("to_number", "the lesson would not move"));
                        }
                        if !days.working_day(class.school, to_date)? {
                            return Err(Error::invalid(
                                "to_date",
                                "no lessons on a day off or holiday",
                            ));
                        }
                        let to_shift =
                            tt::timetable_on(c, class.id, to_date)?.map_or(1, |(_, s)| s);
                        check_bell(c, &class, to_shift, to_date, to_number, "to_number")?;
                        if slot_taken(&mut days, class.id, to_date, to_number, key.group)? {
                            return Err(Error::Conflict(
                                "the class already has a lesson then".into(),
                            ));
                        }
                        check_free(
                            &mut days,
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
                    ChangeKind::Extra => {
                        return Err(Error::Internal("extra lessons are handled above".into()))
                    }
                }
            }
            tt::insert_change(c, class.school, &row, by, now)?;
            if change.announce {
                let subject = match (&existing, row.subject) {
                    (_, Some(s)) => storage::subject(c, s)?.name,
                    (Some(l), None) => l.subject_name.clone(),
                    (None, None) => String::new(),
                };
                let a = change_announcement(c, &class, &row, &subject, p.now.date())?;
                self.publish_in(p, &a, by)?;
            }
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
}
