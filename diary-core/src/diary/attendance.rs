//! Attendance (D6) as one workflow: the lesson's register, parents' notices
//! in advance and excuses afterwards decided by the class teacher, summaries
//! and the registers a teacher has not taken yet. Illness is health data:
//! only the family, the class teacher and admins see it.

use super::lessons_of_day::{lesson, lesson_facts, Days};
use super::placement::{Placement, ATTENDANCE};
use super::student_day::{authorize_child, visible_attendance};
use super::Diary;
use crate::access::{acting_as, conceals, decide_action, Action};
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::grading::Ratio;
use crate::ids::{ClassId, NoticeId, PersonId, SchoolId};
use crate::model::{
    AbsenceNotice, AbsenceReason, Attendance, AttendanceEntry, AttendanceStatus, AttendanceSummary,
    Lesson, LessonKey, NoticeKind, NoticeStatus,
};
use crate::schedule;
use crate::storage::Db;
use crate::storage::{self, attendance as att, timetable as tt};
use crate::text;
use std::collections::HashSet;
use time::{Date, Duration};

/// Longest range a summary covers, in days.
const MAX_RANGE_DAYS: i64 = 400;

fn range(from: Date, to: Date) -> Result<()> {
    if to < from {
        return Err(Error::invalid("to", "must not be before from"));
    }
    if (to - from).whole_days() > MAX_RANGE_DAYS {
        return Err(Error::invalid(
            "to",
            format!("at most {MAX_RANGE_DAYS} days at a time"),
        ));
    }
    Ok(())
}

fn note_text(note: Option<&str>) -> Result<Option<String>> {
    match note {
        Some(n) if !n.trim().is_empty() => text::free_text("note", n, 2000).map(Some),
        _ => Ok(None),
    }
}

/// A student's attendance summary between two dates (up to `today`);
/// `days` is shared by the students of one call, so a class's days are
/// derived once.
pub(super) fn summary(
    c: Db<'_>,
    days: &mut Days<'_>,
    student: PersonId,
    from: Date,
    to: Date,
    today: Date,
) -> Result<AttendanceSummary> {
    let mut s = AttendanceSummary {
        student,
        lessons_held: 0,
        recorded: 0,
        present: 0,
        late: 0,
        late_minutes: 0,
        left_early: 0,
        absent_excused: 0,
        absent_unexcused: 0,
        rate: None,
    };
    let last = to.min(today);
    if last >= from {
        for d in 0..=(last - from).whole_days() {
            let date = from + Duration::days(d);
            s.lessons_held += days.held_count(student, date)?;
        }
    }
    for (status, excused, n, late_minutes) in att::tallies_of_student(c, student, from, to)? {
        s.recorded += n;
        match status {
            AttendanceStatus::Present => s.present += n,
            AttendanceStatus::Late => {
                s.late += n;
                s.late_minutes += late_minutes;
            }
            AttendanceStatus::LeftEarly => s.left_early += n,
            AttendanceStatus::Absent if excused => s.absent_excused += n,
            AttendanceStatus::Absent => s.absent_unexcused += n,
        }
    }
    if s.recorded > 0 {
        let attended = s.present + s.late + s.left_early;
        s.rate = Some(Ratio::new(i128::from(attended), i128::from(s.recorded)));
    }
    Ok(s)
}

/// Hides health data in a notice from a viewer who may not see it: an
/// illness as the reason, and every free-text note (a parent writes "flu"
/// whatever reason they chose; the class teacher's reply may repeat it).
fn visible_notice(mut n: AbsenceNotice, health: bool) -> AbsenceNotice {
    if !health {
        if n.reason == Some(AbsenceReason::Illness) {
            n.reason = None;
        }
        n.note = None;
        n.decision_note = None;
    }
    n
}

impl Diary {
    /// Takes (or corrects) a lesson's register: one entry per student of the
    /// lesson. An absence covered by an approved notice is excused with the
    /// notice's reason. For the lesson's teacher (a substitute too) and
    /// admins; not for lessons in the future or not held.
    pub fn record_attendance(
        &self,
        actor: &Actor,
        key: &LessonKey,
        entries: &[AttendanceEntry],
    ) -> Result<Vec<Attendance>> {
        let mut seen = HashSet::new();
        for e in entries {
            if !seen.insert(e.student) {
                return Err(Error::invalid(
                    "entries",
                    format!("student {} appears twice", e.student),
                ));
            }
            match (e.status, e.late_minutes) {
                (AttendanceStatus::Late, Some(m)) if (1..=240).contains(&m) => {}
                (AttendanceStatus::Late, _) => {
                    return Err(Error::invalid(
                        "late_minutes",
                        "a late arrival needs 1 to 240 minutes",
                    ))
                }
                (_, Some(_)) => {
                    return Err(Error::invalid("late_minutes", "only for a late arrival"))
                }
                _ => {}
            }
            if e.status == AttendanceStatus::Present && (e.reason.is_some() || e.excused) {
                return Err(Error::invalid(
                    "reason",
                    "a present student has no absence reason",
                ));
            }
        }
        let now = self.clock.now();
        // A register changes no reference data: the handle's cache (the
        // lesson's timetable, the class's enrolments) serves the next one.
        self.write_records(actor, |p| {
            let c = p.c;
            let class = p.known_class(key.class, "attendance", true)?;
            let l = p.lesson(key)?;
            let st = p.standing.clone();
            let facts = lesson_facts(c, &st, actor, &l)?;
            p.decide(
                &facts,
                Action::WriteLesson,
                None,
                Some(class.school),
                "attendance",
                true,
            )?;
            if !schedule::is_held(l.status) {
                return Err(Error::invalid("lesson", "the lesson does not take place"));
            }
            if key.date > now.date() {
                return Err(Error::invalid(
                    "lesson",
                    "the register of a future lesson cannot be taken",
                ));
            }
            let by = actor
                .person()
                .ok_or_else(|| Error::denied("registers are taken by a person"))?;
            if let Some(s) = p.not_of_lesson(entries.iter().map(|e| e.student), key)? {
                return Err(Error::invalid(
                    "entries.student",
                    format!("person {s} is not a student of this lesson"),
                ));
            }
            let id = tt::ensure_lesson(c, class.school, key)?;
            let mut rows = Vec::with_capacity(entries.len());
            for e in entries {
                let notice = if e.status == AttendanceStatus::Present {
                    None
                } else {
                    att::approved_on(c, e.student, key.date)?
                };
                rows.push(att::RegisterRow {
                    entry: e,
                    reason: e.reason.or(notice.as_ref().and_then(|n| n.reason)),
                    excused: e.excused
                        || (e.status == AttendanceStatus::Absent && notice.is_some()),
                    notice: notice.map(|n| n.id),
                });
                p.note(
                    Some(e.student),
                    Some(class.school),
                    "attendance",
                    true,
                    acting_as(&facts),
                    true,
                );
            }
            att::upsert_register(
                c,
                class.school,
                id,
                key.date,
                &rows,
                by,
                now.unix_timestamp(),
            )?;
            let health = decide_action(&facts, Action::ReadHealthData).is_ok();
            Ok(att::of_lesson(c, id)?
                .into_iter()
                .map(|a| visible_attendance(a, health))
                .collect())
        })
    }

    /// A lesson's register (the lesson's teacher, the class teacher and
    /// admins); illness is shown to the class teacher and admins only.
    pub fn lesson_register(&self, actor: &Actor, key: &LessonKey) -> Result<Vec<Attendance>> {
        self.read(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let st = &*st_arc;
            let class = p.known_class(key.class, "attendance", false)?;
            let l = lesson(c, key)?;
            let f = lesson_facts(c, st, actor, &l)?;
            if decide_action(&f, Action::WriteLesson).is_err() {
                p.decide(
                    &f,
                    Action::DecideExcuse,
                    None,
                    Some(class.school),
                    "attendance",
                    false,
                )?;
            }
            let health = decide_action(&f, Action::ReadHealthData).is_ok();
            Ok(match tt::lesson_note(c, key)? {
                Some(n) => att::of_lesson(c, n.id)?
                    .into_iter()
                    .map(|a| visible_attendance(a, health))
                    .collect(),
                None => Vec::new(),
            })
        })
    }

    /// A guardian notifies an absence in advance (from today on): the
    /// teacher's register then excuses it. Kept with who and when.
    pub fn notify_absence(
        &self,
        actor: &Actor,
        student: PersonId,
        first: Date,
        last: Date,
        reason: AbsenceReason,
        note: Option<&str>,
    ) -> Result<AbsenceNotice> {
        range(first, last).map_err(|e| match e {
            Error::InvalidInput { reason, .. } => Error::invalid("last_day", reason),
            other => other,
        })?;
        let note = note_text(note)?;
        let now = self.clock.now();
        if first < now.date() {
            return Err(Error::invalid(
                "first_day",
                "an advance notice starts today or later; submit an excuse for past days",
            ));
        }
        self.write_people(actor, |p| {
            let (by, _, school) = guardian_of(p, actor, student, first, Action::NotifyAbsence)?;
            let id = att::insert_notice(
                p.c,
                school,
                student,
                NoticeKind::Advance,
                first,
                last,
                reason,
                note.as_deref(),
                by,
                now.unix_timestamp(),
                NoticeStatus::Approved,
            )?;
            att::excuse_absences(p.c, student, first, last, reason, id)?;
            att::notice(p.c, id)?.ok_or_else(|| Error::Internal("notice vanished".into()))
        })
    }

    /// A guardian submits an excuse for past absences; the class teacher (or
    /// an admin) approves or rejects it. Refused when no absence is on
    /// record in those days.
    pub fn submit_excuse(
        &self,
        actor: &Actor,
        student: PersonId,
        first: Date,
        last: Date,
        reason: AbsenceReason,
        note: Option<&str>,
    ) -> Result<AbsenceNotice> {
        range(first, last).map_err(|e| match e {
            Error::InvalidInput { reason, .. } => Error::invalid("last_day", reason),
            other => other,
        })?;
        let note = note_text(note)?;
        let now = self.clock.now();
        self.write_people(actor, |p| {
            let (by, _, school) = guardian_of(p, actor, student, first, Action::NotifyAbsence)?;
            if att::absences_between(p.c, student, first, last)? == 0 {
                return Err(Error::invalid(
                    "first_day",
                    "no absence is recorded for the student in these days",
                ));
            }
            let id = att::insert_notice(
                p.c,
                school,
                student,
                NoticeKind::Excuse,
                first,
                last,
                reason,
                note.as_deref(),
                by,
                now.unix_timestamp(),
                NoticeStatus::Pending,
            )?;
            att::notice(p.c, id)?.ok_or_else(|| Error::Internal("notice vanished".into()))
        })
    }

    /// The class teacher (or an admin) approves an excuse, which excuses the
    /// absences in its days, or rejects it with a note.
    pub fn decide_excuse(
        &self,
        actor: &Actor,
        notice: NoticeId,
        approve: bool,
        note: Option<&str>,
    ) -> Result<AbsenceNotice> {
        let note = note_text(note)?;
        let now = self.clock.now().unix_timestamp();
        self.write_people(actor, |p| {
            let n = att::notice(p.c, notice)?.ok_or_else(|| Error::not_found("notice", notice))?;
            if conceals(&p.person_scope_facts(n.student)?) {
                p.note(
                    Some(n.student),
                    None,
                    "attendance",
                    true,
                    "unrelated",
                    false,
                );
                return Err(Error::not_found("notice", notice));
            }
            let class = Days::new(p.c)
                .class_on(n.student, n.first_day)?
                .ok_or_else(|| {
                    Error::invalid("notice", "the student had no class on those days")
                })?;
            authorize_child(
                p,
                n.student,
                &class,
                "attendance",
                Action::DecideExcuse,
                true,
                ATTENDANCE,
            )?;
            if n.kind != NoticeKind::Excuse || n.status != NoticeStatus::Pending {
                return Err(Error::Conflict(
                    "only a pending excuse can be decided".into(),
                ));
            }
            let by = actor
                .person()
                .ok_or_else(|| Error::denied("excuses are decided by a person"))?;
            let status = if approve {
                NoticeStatus::Approved
            } else {
                NoticeStatus::Rejected
            };
            att::decide_notice(p.c, notice, status, by, now, note.as_deref())?;
            if approve {
                let reason = n.reason.unwrap_or(AbsenceReason::Other);
                att::excuse_absences(p.c, n.student, n.first_day, n.last_day, reason, notice)?;
            }
            att::notice(p.c, notice)?.ok_or_else(|| Error::Internal("notice vanished".into()))
        })
    }

    /// A student's absence notices and excuses with every step (who may
    /// read the student's day); illness is hidden from trusted persons.
    pub fn absence_notices(&self, actor: &Actor, student: PersonId) -> Result<Vec<AbsenceNotice>> {
        let today = self.clock.now().date();
        self.read_marks(actor, |p| {
            let class = any_class(p, student, today, "attendance", false)?;
            let (f, window) = authorize_child(
                p,
                student,
                &class,
                "attendance",
                Action::ReadMarks,
                false,
                ATTENDANCE,
            )?;
            let health = decide_action(&f, Action::ReadHealthData).is_ok();
            Ok(att::notices_of(p.c, student)?
                .into_iter()
                .filter(|n| window.is_none_or(|w| n.last_day >= w))
                .map(|n| visible_notice(n, health))
                .collect())
        })
    }

    /// A student's attendance between two dates, counted exactly (who may
    /// read the student's day).
    pub fn attendance_summary(
        &self,
        actor: &Actor,
        student: PersonId,
        from: Date,
        to: Date,
    ) -> Result<AttendanceSummary> {
        range(from, to)?;
        let today = self.clock.now().date();
        self.read_marks(actor, |p| {
            let class = any_class(p, student, from.max(today.min(to)), "attendance", false)?;
            let (_, window) = authorize_child(
                p,
                student,
                &class,
                "attendance",
                Action::ReadMarks,
                false,
                ATTENDANCE,
            )?;
            // A windowed viewer's summary covers the window's days only.
            let from = window.map_or(from, |w| from.max(w));
            summary(
                p.c,
                &mut Days::over(p.c, from, to.max(from).min(today)),
                student,
                from,
                to.max(from),
                today,
            )
        })
    }

    /// Attendance of every student of a class between two dates (the class
    /// teacher and admins).
    pub fn class_attendance(
        &self,
        actor: &Actor,
        class: ClassId,
        from: Date,
        to: Date,
    ) -> Result<Vec<AttendanceSummary>> {
        range(from, to)?;
        let today = self.clock.now().date();
        self.read_marks(actor, |p| {
            Ok(class_attendance_in(p, class, from, to, today)?
                .into_iter()
                .map(|(_, s)| s)
                .collect())
        })
    }

    /// The held lessons of a teacher between two dates (up to today) whose
    /// register was not taken (the teacher and admins of their school).
    pub fn untaken_registers(
        &self,
        actor: &Actor,
        teacher: PersonId,
        from: Date,
        to: Date,
    ) -> Result<Vec<Lesson>> {
        range(from, to)?;
        let today = self.clock.now().date();
        self.read(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let st = &*st_arc;
            p.known_person(teacher, "teaching_load", false)?;
            let schools = storage::schools_of_person(c, teacher)?;
            let mut f = crate::access::Facts {
                student: actor.person() == Some(teacher),
                ..Default::default()
            };
            f.admin = schools.iter().any(|s| st.admin_of.contains(s));
            p.decide(
                &f,
                Action::ReadTeachingLoad,
                None,
                schools.first().copied(),
                "teaching_load",
                false,
            )?;
            let mut out = Vec::new();
            for l in
                Days::over(c, from, to.min(today)).teacher_lessons(teacher, from, to.min(today))?
            {
                if l.teacher != teacher || !schedule::is_held(l.status) {
                    continue;
                }
                let taken = match tt::lesson_note(c, &l.key)? {
                    Some(n) => att::taken(c, n.id)?,
                    None => false,
                };
                if !taken {
                    out.push(l);
                }
            }
            Ok(out)
        })
    }
}

/// The student's class on `date`, or else their latest class.
pub(crate) fn any_class(
    p: &mut Placement<'_>,
    student: PersonId,
    date: Date,
    kind: &'static str,
    write: bool,
) -> Result<crate::model::Class> {
    let c = p.c;
    p.known_person(student, kind, write)?;
    if let Some(cl) = Days::new(c).class_on(student, date)? {
        return Ok(cl);
    }
    match storage::enrolments_of_student(c, student)?.last() {
        Some(e) => storage::class(c, e.class),
        None => Err(Error::invalid("student", "is not enrolled in any class")),
    }
}

/// Checks a guardian's notice or excuse for a student and returns the
/// guardian.
fn guardian_of(
    p: &mut Placement<'_>,
    actor: &Actor,
    student: PersonId,
    on: Date,
    action: Action,
) -> Result<(PersonId, crate::access::Facts, SchoolId)> {
    let class = any_class(p, student, on, "attendance", true)?;
    let (f, _) = authorize_child(p, student, &class, "attendance", action, true, ATTENDANCE)?;
    let by = actor
        .person()
        .ok_or_else(|| Error::denied("notices come from a person"))?;
    Ok((by, f, class.school))
}

/// Every student of a class with their attendance between two dates, for
/// the class teacher and admins (one read per child logged).
pub(super) fn class_attendance_in(
    p: &mut super::placement::Placement<'_>,
    class: ClassId,
    from: Date,
    to: Date,
    today: Date,
) -> Result<Vec<(crate::model::Person, AttendanceSummary)>> {
    range(from, to)?;
    let cl = p.known_class(class, "structure", false)?;
    let f = p.decide_class(&cl, Action::ReadPeople, "attendance")?;
    let mut days = Days::over(p.c, from, to.min(today));
    let mut out = Vec::new();
    for s in storage::class_roster(p.c, class, to.min(today).max(from))? {
        p.note(
            Some(s.id),
            Some(cl.school),
            "attendance",
            false,
            acting_as(&f),
            true,
        );
        let summary = summary(p.c, &mut days, s.id, from, to, today)?;
        out.push((s, summary));
    }
    Ok(out)
}
