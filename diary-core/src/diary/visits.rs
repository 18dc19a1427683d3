//! School entry and exit (D14): events recorded by the host's turnstile or
//! guard's tablet — late, out of order, and repeated by devices that
//! retry — and presence read from them: a child's days for the family (and
//! a trusted person granted visits), a class's day for its class teacher,
//! reconciled with the register.

use super::attendance::any_class;
use super::placement::VISITS;
use super::student_day::authorize_child;
use super::Diary;
use crate::access::{acting_as, decide_action, Action, Facts};
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::ical;
use crate::ids::{ClassId, PersonId, SchoolId};
use crate::limits::MAX_VISIT_EVENTS;
use crate::model::{
    AttendanceStatus, ClassPresence, ConsentPurpose, DayPresence, NewVisitEvent, PresenceMismatch,
    VisitDirection, VisitEvent, VisitImport,
};
use crate::storage::Db;
use crate::storage::{self, visits as store};
use std::collections::BTreeMap;
use time::{Date, Duration, Time};

const KIND: &str = "visits";
/// Most days read at once.
const MAX_DAYS: i64 = 92;
/// How far ahead of the diary's clock an event may be (devices' clocks
/// drift).
const FUTURE_SLACK: Duration = Duration::minutes(10);

/// A device id: 1–64 characters of `A–Z a–z 0–9 . _ : -`.
fn device(field: &str, d: &str) -> Result<()> {
    if d.is_empty() || d.len() > 64 {
        return Err(Error::invalid(field, "a device id has 1 to 64 characters"));
    }
    if let Some(bad) = d
        .chars()
        .find(|ch| !(ch.is_ascii_alphanumeric() || matches!(ch, '.' | '_' | ':' | '-')))
    {
        return Err(Error::invalid(
            field,
            format!("{bad:?} is not allowed in a device id (A-Z a-z 0-9 . _ : -)"),
        ));
    }
    Ok(())
}

/// Checks a range of days to read.
fn days(from: Date, to: Date) -> Result<()> {
    if to < from {
        return Err(Error::invalid("to", "must not be before from"));
    }
    if (to - from).whole_days() >= MAX_DAYS {
        return Err(Error::invalid(
            "to",
            format!("at most {MAX_DAYS} days at a time"),
        ));
    }
    text_dates(from, to)
}

fn text_dates(from: Date, to: Date) -> Result<()> {
    crate::text::date_within(
        "from",
        from,
        crate::text::EARLIEST_DATE,
        crate::text::LATEST_DATE,
    )?;
    crate::text::date_within(
        "to",
        to,
        crate::text::EARLIEST_DATE,
        crate::text::LATEST_DATE,
    )
}

/// A student's presence on the days `from..=to` in `zone`, from their
/// events (read once for the whole range).
fn presence_days(
    c: Db<'_>,
    zone: &str,
    student: PersonId,
    from: Date,
    to: Date,
) -> Result<Vec<DayPresence>> {
    let start = ical::instant_of(zone, from, Time::MIDNIGHT)?;
    let end = ical::instant_of(zone, to + Duration::days(1), Time::MIDNIGHT)?;
    let mut by_day: BTreeMap<Date, Vec<VisitEvent>> = BTreeMap::new();
    for e in store::of_student(c, student, start, end)? {
        let local = ical::local_date_time(zone, e.at)?;
        by_day.entry(local.date()).or_default().push(VisitEvent {
            id: e.id,
            student: e.student,
            direction: e.direction,
            at: e.at,
            local_time: crate::text::hh_mm(local.time()),
            device: e.device,
        });
    }
    let mut out = Vec::new();
    let mut day = from;
    while day <= to {
        let events = by_day.remove(&day).unwrap_or_default();
        let entered = events
            .iter()
            .find(|e| e.direction == VisitDirection::Entry)
            .map(|e| e.local_time.clone());
        let left = events
            .iter()
            .rev()
            .find(|e| e.direction == VisitDirection::Exit)
            .map(|e| e.local_time.clone());
        let inside = events
            .last()
            .is_some_and(|e| e.direction == VisitDirection::Entry);
        out.push(DayPresence {
            student,
            date: day,
            entered,
            left,
            inside,
            events,
        });
        day += Duration::days(1);
    }
    Ok(out)
}

impl Diary {
    /// Records entry and exit events of a school's students (its admins,
    /// or the host's turnstile as the operator): up to 10 000 at a time,
    /// in any order, late too; an event the file already has (the same
    /// student, time, direction and device) is counted as a duplicate and
    /// changes nothing. Every student must be enrolled at the school; an
    /// event more than ten minutes ahead of the clock is refused. All or
    /// nothing: one bad event stores none.
    pub fn record_visits(
        &self,
        actor: &Actor,
        school: SchoolId,
        events: &[NewVisitEvent],
    ) -> Result<VisitImport> {
        if events.is_empty() || events.len() > MAX_VISIT_EVENTS {
            return Err(Error::invalid(
                "events",
                format!("give 1 to {MAX_VISIT_EVENTS} events"),
            ));
        }
        let now = self.clock.now();
        for (i, e) in events.iter().enumerate() {
            device(&format!("events[{i}].device"), &e.device)?;
            if e.at > now + FUTURE_SLACK {
                return Err(Error::invalid(
                    format!("events[{i}].at"),
                    "is in the future",
                ));
            }
            crate::text::date_within(
                &format!("events[{i}].at"),
                e.at.date(),
                crate::text::EARLIEST_DATE,
                crate::text::LATEST_DATE,
            )?;
            if e.student.0 <= 0 {
                return Err(Error::invalid(
                    format!("events[{i}].student"),
                    "must be a positive id",
                ));
            }
        }
        self.write_records(actor, |p| {
            p.known_school(school, KIND, true)?;
            let facts = p.standing.facts_for(Some(school));
            p.decide(&facts, Action::RecordVisits, None, Some(school), KIND, true)?;
            let role = acting_as(&facts);
            let mut out = VisitImport {
                recorded: 0,
                duplicates: 0,
                without_consent: 0,
            };
            // Per student: may their visits be processed?
            let mut checked = std::collections::HashMap::new();
            for (i, e) in events.iter().enumerate() {
                if let std::collections::hash_map::Entry::Vacant(slot) = checked.entry(e.student) {
                    if !store::student_in_school(p.c, e.student, school)? {
                        return Err(Error::invalid(
                            format!("events[{i}].student"),
                            format!("person {} is not a student of this school", e.student),
                        ));
                    }
                    let consented =
                        super::consents::require(p, e.student, school, ConsentPurpose::VisitsMeals)
                            .is_ok();
                    if consented {
                        p.note(Some(e.student), Some(school), KIND, true, role, true);
                    }
                    slot.insert(consented);
                }
                if !checked[&e.student] {
                    out.without_consent += 1;
                    continue;
                }
                let new = store::insert(
                    p.c,
                    school,
                    e.student,
                    e.direction,
                    e.at.unix_timestamp(),
                    &e.device,
                    now.unix_timestamp(),
                )?;
                if new {
                    out.recorded += 1;
                } else {
                    out.duplicates += 1;
                }
            }
            Ok(out)
        })
    }

    /// A student's entries and exits by day, `from` to `to` (at most 92
    /// days), in the school's local time: first entry, last exit, inside
    /// now, and the day's events. For the student, their guardians,
    /// trusted persons granted visits (inside their window), the class
    /// teacher and the school's admins; logged.
    pub fn presence(
        &self,
        actor: &Actor,
        student: PersonId,
        from: Date,
        to: Date,
    ) -> Result<Vec<DayPresence>> {
        days(from, to)?;
        let today = self.clock.now().date();
        self.read_marks(actor, |p| {
            let class = any_class(p, student, to.min(today).max(from), KIND, false)?;
            let (_, window) =
                authorize_child(p, student, &class, KIND, Action::ReadVisits, false, VISITS)?;
            let zone = storage::school(p.c, class.school)?.time_zone;
            let mut out = presence_days(p.c, &zone, student, from, to)?;
            if let Some(w) = window {
                out.retain(|d| d.date >= w);
            }
            Ok(out)
        })
    }

    /// A class's presence on `date` for its class teacher and the school's
    /// admins: each student's first entry, last exit and whether inside,
    /// and where the register and the turnstile disagree — marked absent
    /// in a lesson but entered that day, or marked present (late, left
    /// early) but never entered.
    pub fn class_presence(
        &self,
        actor: &Actor,
        class: ClassId,
        date: Date,
    ) -> Result<ClassPresence> {
        text_dates(date, date)?;
        self.read_marks(actor, |p| {
            let cl = p.known_class(class, KIND, false)?;
            let facts = Facts {
                class_teacher: cl.class_teacher.is_some() && cl.class_teacher == actor.person(),
                ..p.standing.facts_for(Some(cl.school))
            };
            let role = acting_as(&facts);
            if let Err(e) = decide_action(&facts, Action::ReadVisits) {
                p.note(None, Some(cl.school), KIND, false, role, false);
                return Err(e);
            }
            let zone = storage::school(p.c, cl.school)?.time_zone;
            let roster = storage::class_roster(p.c, class, date)?;
            let mut students = Vec::new();
            for s in &roster {
                p.note(Some(s.id), Some(cl.school), KIND, false, role, true);
                students.extend(presence_days(p.c, &zone, s.id, date, date)?);
            }
            let entered: std::collections::HashSet<PersonId> = students
                .iter()
                .filter(|d| d.entered.is_some())
                .map(|d| d.student)
                .collect();
            let in_class: std::collections::HashSet<PersonId> =
                roster.iter().map(|s| s.id).collect();
            let mut absent: BTreeMap<PersonId, Vec<u8>> = BTreeMap::new();
            let mut present: BTreeMap<PersonId, Vec<u8>> = BTreeMap::new();
            for (student, number, status) in store::register_of_day(p.c, class, date)? {
                if !in_class.contains(&student) {
                    continue;
                }
                match status {
                    AttendanceStatus::Absent if entered.contains(&student) => {
                        absent.entry(student).or_default().push(number)
                    }
                    AttendanceStatus::Absent => {}
                    _ if !entered.contains(&student) => {
                        present.entry(student).or_default().push(number)
                    }
                    _ => {}
                }
            }
            let list = |m: BTreeMap<PersonId, Vec<u8>>| {
                m.into_iter()
                    .map(|(student, lessons)| PresenceMismatch { student, lessons })
                    .collect()
            };
            Ok(ClassPresence {
                class,
                date,
                students,
                absent_but_entered: list(absent),
                present_but_never_entered: list(present),
            })
        })
    }
}
