//! iCalendar feeds (RFC 5545) of a student's or a teacher's lessons and a
//! student's homework due dates. UIDs are stable, so that a calendar that
//! subscribes to the feed updates events rather than duplicating them: a
//! lesson keeps the UID of its timetable slot even when it moves, and a
//! cancelled lesson stays with STATUS:CANCELLED.

use super::day_views::check_teacher_view;
use super::lessons_of_day::Days;
use super::student_day::{authorize_child, homework_for};
use super::Diary;
use crate::access::Action;
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::ical::{self, Writer};
use crate::ids::{PersonId, SchoolId, SubjectId};
use crate::model::{Homework, Lesson, LessonStatus};
use crate::storage::Db;
use crate::storage::{self, homework};
use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap};
use time::{Date, Duration};

/// Longest range of a feed, in days.
const MAX_FEED_DAYS: i64 = 400;

const PRODID: &str = "-//diary//school diary//EN";

fn check_range(from: Date, to: Date) -> Result<()> {
    if to < from {
        return Err(Error::invalid("to", "must not be before from"));
    }
    if (to - from).whole_days() > MAX_FEED_DAYS {
        return Err(Error::invalid(
            "to",
            format!("a feed covers at most {MAX_FEED_DAYS} days"),
        ));
    }
    Ok(())
}

/// The UID of a lesson: its timetable slot (the original one for a moved
/// lesson).
fn lesson_uid(l: &Lesson) -> String {
    let (date, number) = match (&l.was, l.status) {
        (Some(w), LessonStatus::MovedHere) => (w.date, w.number),
        _ => (l.key.date, l.key.number),
    };
    format!(
        "lesson-{}-{}-{}-{}@diary",
        l.key.class,
        ical::day(date),
        number,
        l.key.group.map_or(0, |g| g.0)
    )
}

fn write_lesson(w: &mut Writer, l: &Lesson, tz: &str, stamp: &str, teacher_name: &str) {
    let (Some(start), Some(end)) = (l.start, l.end) else {
        return;
    };
    w.line("BEGIN", "VEVENT");
    w.line("UID", &lesson_uid(l));
    w.line("DTSTAMP", stamp);
    w.line(
        &format!("DTSTART;TZID={tz}"),
        &ical::local(l.key.date, start),
    );
    w.line(&format!("DTEND;TZID={tz}"), &ical::local(l.key.date, end));
    let summary = match &l.test {
        Some(t) => format!("{} — {t}", l.subject_name),
        None => l.subject_name.clone(),
    };
    w.text("SUMMARY", &summary);
    if let Some(room) = &l.room {
        w.text("LOCATION", room);
    }
    let mut description = format!("Lesson {} · {teacher_name}", l.key.number);
    if let Some(topic) = &l.topic {
        description.push_str(&format!("\nTopic: {topic}"));
    }
    if let Some(was) = &l.was {
        description.push_str(&format!(
            "\nChanged ({}): was lesson {} on {}",
            l.status,
            was.number,
            crate::text::format_date(was.date)
        ));
    }
    if let Some(r) = &l.change_reason {
        description.push_str(&format!("\nReason: {r}"));
    }
    w.text("DESCRIPTION", &description);
    if l.test.is_some() {
        w.text("CATEGORIES", "TEST");
    }
    w.line("SEQUENCE", if l.was.is_some() { "1" } else { "0" });
    w.line(
        "STATUS",
        if l.status == LessonStatus::Cancelled {
            "CANCELLED"
        } else {
            "CONFIRMED"
        },
    );
    w.line("END", "VEVENT");
}

fn write_homework(w: &mut Writer, h: &Homework, subject: &str, stamp: &str, done: bool) {
    w.line("BEGIN", "VTODO");
    w.line("UID", &format!("homework-{}@diary", h.id));
    w.line("DTSTAMP", stamp);
    w.line("DUE;VALUE=DATE", &ical::day(h.due));
    let first = h.text.lines().next().unwrap_or_default();
    w.text("SUMMARY", &format!("{subject}: {first}"));
    w.text("DESCRIPTION", &h.text);
    w.line("STATUS", if done { "COMPLETED" } else { "NEEDS-ACTION" });
    w.line("END", "VTODO");
}

/// Names read once per feed.
#[derive(Default)]
struct Names {
    people: HashMap<PersonId, String>,
    subjects: HashMap<SubjectId, String>,
}

impl Names {
    fn person(&mut self, c: Db<'_>, id: PersonId) -> Result<String> {
        if let Entry::Vacant(e) = self.people.entry(id) {
            let p = storage::person(c, id)?;
            e.insert(match p.patronymic {
                Some(pat) => format!("{} {} {}", p.surname, p.first_name, pat),
                None => format!("{} {}", p.surname, p.first_name),
            });
        }
        Ok(self.people[&id].clone())
    }

    fn subject(&mut self, c: Db<'_>, id: SubjectId) -> Result<String> {
        if let Entry::Vacant(e) = self.subjects.entry(id) {
            e.insert(storage::subject(c, id)?.name);
        }
        Ok(self.subjects[&id].clone())
    }
}

impl Diary {
    /// A student's lessons and homework due between two dates as an
    /// iCalendar feed (who may read the student's day).
    pub fn student_calendar(
        &self,
        actor: &Actor,
        student: PersonId,
        from: Date,
        to: Date,
    ) -> Result<String> {
        check_range(from, to)?;
        let stamp = ical::utc(self.clock.now());
        self.read_marks(actor, |p| {
            let c = p.c;
            p.known_person(student, "school_day", false)?;
            let mut days = Days::over(c, from, to);
            let mut names = Names::default();
            let mut events = Vec::new();
            let mut todos = Vec::new();
            let mut zone = None;
            let mut window: Option<Date> = None;
            let mut parts = crate::model::Services::NONE;
            // The days shown, and each class's first and last of them.
            let mut shown: std::collections::BTreeMap<crate::ids::ClassId, (Date, Date)> =
                Default::default();
            let mut shown_days = std::collections::HashSet::new();
            for d in 0..=(to - from).whole_days() {
                let date = from + Duration::days(d);
                let Some(class) = days.class_on(student, date)? else {
                    continue;
                };
                if zone.is_none() {
                    let (f, w) = authorize_child(
                        p,
                        student,
                        &class,
                        "school_day",
                        Action::ReadMarks,
                        false,
                        super::placement::SCHOOL_DAY,
                    )?;
                    parts = super::student_day::shown_parts(p, &f, student)?;
                    zone = Some((
                        storage::school(c, class.school)?.time_zone,
                        f.admin || f.class_teacher,
                    ));
                    window = w;
                }
                // Days before a visibility window are not shown.
                if window.is_some_and(|w| date < w) {
                    continue;
                }
                for l in days.student_lessons(student, date)? {
                    if parts.timetable && l.status != LessonStatus::MovedAway {
                        events.push(l);
                    }
                }
                let span = shown.entry(class.id).or_insert((date, date));
                span.1 = date;
                shown_days.insert((class.id, date));
            }
            // Homework due on the shown days, a query per class of the range.
            let staff = zone.as_ref().is_some_and(|z| z.1);
            for (class, (first, last)) in shown.into_iter().filter(|_| parts.homework) {
                for h in homework::due_in_class_between(c, class, first, last)? {
                    if !shown_days.contains(&(class, h.due))
                        || !days.attends(student, h.lesson.group)?
                    {
                        continue;
                    }
                    if let Some(h) = homework_for(h, student, staff) {
                        let subject = names.subject(c, h.subject)?;
                        let done = h.done_by.contains(&student);
                        todos.push((h, subject, done));
                    }
                }
            }
            todos.sort_by_key(|(h, _, _)| (h.due, h.id));
            let Some((tz, _)) = zone else {
                if actor.person() != Some(student) {
                    return Err(Error::denied("no right to see this student's diary"));
                }
                return Ok(empty_feed());
            };
            let mut w = Writer::new();
            head(&mut w);
            ical::vtimezone(&mut w, &tz, from, to)?;
            for l in &events {
                let teacher = names.person(c, l.teacher)?;
                write_lesson(&mut w, l, &tz, &stamp, &teacher);
            }
            for (h, subject, done) in &todos {
                write_homework(&mut w, h, subject, &stamp, *done);
            }
            w.line("END", "VCALENDAR");
            Ok(w.finish())
        })
    }

    /// A teacher's lessons between two dates as an iCalendar feed (the
    /// teacher and members of their school).
    pub fn teacher_calendar(
        &self,
        actor: &Actor,
        teacher: PersonId,
        from: Date,
        to: Date,
    ) -> Result<String> {
        check_range(from, to)?;
        let stamp = ical::utc(self.clock.now());
        self.read(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            check_teacher_view(p, actor, teacher)?;
            let name = Names::default().person(c, teacher)?;
            let mut days = Days::over(c, from, to);
            let lessons = days.teacher_lessons(teacher, from, to)?;
            // Each lesson in its school's zone; one VTIMEZONE per zone.
            let mut zones: HashMap<SchoolId, String> = HashMap::new();
            let mut placed = Vec::new();
            for l in lessons {
                let school = days.class(l.key.class)?.school;
                if let Entry::Vacant(e) = zones.entry(school) {
                    e.insert(storage::school(c, school)?.time_zone);
                }
                placed.push((zones[&school].clone(), l));
            }
            let mut w = Writer::new();
            head(&mut w);
            for tz in zones.values().collect::<BTreeSet<_>>() {
                ical::vtimezone(&mut w, tz, from, to)?;
            }
            for (tz, mut l) in placed {
                if l.status == LessonStatus::MovedAway {
                    continue;
                }
                // A lesson taken over by a substitute shows as cancelled for
                // the original teacher.
                if l.teacher != teacher {
                    l.status = LessonStatus::Cancelled;
                }
                write_lesson(&mut w, &l, &tz, &stamp, &name);
            }
            w.line("END", "VCALENDAR");
            Ok(w.finish())
        })
    }
}

fn head(w: &mut Writer) {
    w.line("BEGIN", "VCALENDAR");
    w.line("VERSION", "2.0");
    w.line("PRODID", PRODID);
    w.line("CALSCALE", "GREGORIAN");
    w.line("METHOD", "PUBLISH");
}

fn empty_feed() -> String {
    let mut w = Writer::new();
    head(&mut w);
    w.line("END", "VCALENDAR");
    w.finish()
}
