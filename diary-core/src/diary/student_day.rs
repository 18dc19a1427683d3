//! A student's school day and week (what a parent opens the diary for):
//! lessons with topics, homework, attendance and marks, homework due and
//! remarks — through the access policy, logged.

use super::placement::{Need, Placement, SCHOOL_DAY};
use super::Diary;
use crate::access::{decide_action, Action, Facts};
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::ids::PersonId;
use crate::model::{Attendance, Class, DayLesson, Homework, LessonKey, Services, StudentDay};
use crate::storage::{self, attendance, homework};
use std::collections::HashMap;
use time::{Date, Duration};

/// Decides a read of a student's school day and logs it: the student,
/// guardians, trusted persons whose active grant has one of `need`, the
/// class teacher and admins. Returns the facts and the first visible day.
pub(crate) fn authorize_child(
    p: &mut Placement<'_>,
    student: PersonId,
    class: &Class,
    kind: &'static str,
    action: Action,
    write: bool,
    need: Need,
) -> Result<(Facts, Option<Date>)> {
    let facts = p.facts_in(student, class.id, None, false, need)?;
    let decision = decide_action(&facts, action);
    p.note(
        Some(student),
        Some(class.school),
        kind,
        write,
        crate::access::acting_as(&facts),
        decision.is_ok(),
    );
    decision?;
    let window = p.window_start(&facts, student)?;
    Ok((facts, window))
}

/// The parts of a child's school day the viewer sees: all of them, or a
/// trusted person's granted services.
pub(crate) fn shown_parts(
    p: &mut Placement<'_>,
    facts: &Facts,
    student: PersonId,
) -> Result<Services> {
    if facts.trusted {
        Ok(p.trusted_grant(student)?.map_or(Services::NONE, |g| g.0))
    } else {
        Ok(Services::DIARY.union(Services::VISITS_MEALS))
    }
}

/// What a viewer may see of a homework: a family sees only their child in
/// the lists of students and of who marked it done.
pub(crate) fn homework_for(h: Homework, student: PersonId, staff: bool) -> Option<Homework> {
    if h.individual && !h.students.contains(&student) {
        return None;
    }
    if staff {
        return Some(h);
    }
    Some(Homework {
        students: h.students.into_iter().filter(|s| *s == student).collect(),
        done_by: h.done_by.into_iter().filter(|s| *s == student).collect(),
        ..h
    })
}

/// Hides an illness reason from a viewer who may not see health data.
pub(crate) fn visible_attendance(mut a: Attendance, health: bool) -> Attendance {
    if !health && a.reason == Some(crate::model::AbsenceReason::Illness) {
        a.reason = None;
        a.reason_hidden = true;
    }
    a
}

impl Diary {
    /// A student's day: lessons with topic, homework, attendance and marks;
    /// homework due; remarks. For the student, their guardians, trusted
    /// persons with an active diary grant (inside its window), the class
    /// teacher and school admins; every read is logged.
    pub fn student_day(&self, actor: &Actor, student: PersonId, date: Date) -> Result<StudentDay> {
        self.student_days(actor, student, date, 1)
            .map(|mut v| v.remove(0))
    }

    /// [`Diary::student_day`] for the seven days from `monday`.
    pub fn student_week(
        &self,
        actor: &Actor,
        student: PersonId,
        monday: Date,
    ) -> Result<Vec<StudentDay>> {
        self.student_days(actor, student, monday, 7)
    }

    fn student_days(
        &self,
        actor: &Actor,
        student: PersonId,
        first: Date,
        n: i64,
    ) -> Result<Vec<StudentDay>> {
        self.read_marks(actor, |p| {
            let c = p.c;
            p.known_person(student, "school_day", false)?;
            let last = first + Duration::days(n - 1);
            let mut days = p.days_over(first, last);
            // One read each for the range; split by day below.
            let all_marks = storage::marks_of_student(c, student, first, last)?;
            let all_remarks = attendance::remarks_of(c, student, first, last)?;
            let registers = attendance::of_student(c, student, first, last)?;
            let mut loaded = Vec::new();
            let mut set_in: HashMap<LessonKey, Vec<Homework>> = HashMap::new();
            let mut due_on: Vec<Homework> = Vec::new();
            let mut out = Vec::new();
            let mut authorized: Option<(Facts, Option<Date>, bool, Services)> = None;
            for d in 0..n {
                let date = first + Duration::days(d);
                let Some(class) = days.class_on(student, date)? else {
                    out.push(StudentDay {
                        date,
                        lessons: Vec::new(),
                        homework_due: Vec::new(),
                        remarks: Vec::new(),
                    });
                    continue;
                };
                let (facts, window, health, parts) = match &authorized {
                    Some(a) => *a,
                    None => {
                        let (f, w) = authorize_child(
                            p,
                            student,
                            &class,
                            "school_day",
                            Action::ReadMarks,
                            false,
                            SCHOOL_DAY,
                        )?;
                        let health = decide_action(&f, Action::ReadHealthData).is_ok();
                        let parts = shown_parts(p, &f, student)?;
                        authorized = Some((f, w, health, parts));
                        (f, w, health, parts)
                    }
                };
                if window.is_some_and(|w| date < w) {
                    out.push(StudentDay {
                        date,
                        lessons: Vec::new(),
                        homework_due: Vec::new(),
                        remarks: Vec::new(),
                    });
                    continue;
                }
                let staff = facts.admin || facts.class_teacher;
                let mut lessons = Vec::new();
                if parts.homework && !loaded.contains(&class.id) {
                    // The class's homework of the range, set and due, at once
                    // (not read at all for a viewer not shown homework).
                    loaded.push(class.id);
                    let only = (!staff).then_some(student);
                    let (set, due) = homework::of_class_between(c, class.id, first, last, only)?;
                    for h in set {
                        set_in.entry(h.lesson).or_default().push(h);
                    }
                    due_on.extend(due);
                }
                for l in days.student_lessons(student, date)? {
                    let hw: Vec<Homework> = set_in
                        .get(&l.key)
                        .into_iter()
                        .flatten()
                        .filter_map(|h| homework_for(h.clone(), student, staff))
                        .collect();
                    let att = registers
                        .iter()
                        .find(|a| a.lesson == l.key)
                        .map(|a| visible_attendance(a.clone(), health));
                    let lesson_marks: Vec<_> = all_marks
                        .iter()
                        .filter(|(m, _)| parts.marks && m.date == date && m.subject == l.subject)
                        .map(|(m, _)| m.clone())
                        .collect();
                    let hw = if parts.homework { hw } else { Vec::new() };
                    let att = att.filter(|_| parts.attendance);
                    // Without the timetable, a lesson shows only to carry
                    // a granted part.
                    if !parts.timetable && hw.is_empty() && att.is_none() && lesson_marks.is_empty()
                    {
                        continue;
                    }
                    lessons.push(DayLesson {
                        lesson: l,
                        homework: hw,
                        attendance: att,
                        marks: lesson_marks,
                    });
                }
                let mut homework_due = Vec::new();
                let due: Vec<Homework> = due_on
                    .iter()
                    .filter(|h| parts.homework && h.due == date && h.lesson.class == class.id)
                    .cloned()
                    .collect();
                for h in due {
                    if days.attends(student, h.lesson.group)? {
                        homework_due.extend(homework_for(h, student, staff));
                    }
                }
                let remarks = all_remarks
                    .iter()
                    .filter(|r| parts.marks && r.date == date)
                    .cloned()
                    .collect();
                out.push(StudentDay {
                    date,
                    lessons,
                    homework_due,
                    remarks,
                });
            }
            if authorized.is_none() && actor.person() != Some(student) {
                // No class on any of these days: only the student, their
                // family and admins may learn even that.
                let st = p.standing.clone();
                let f = super::people::person_facts(c, &st, actor, student)?;
                decide_action(&f, Action::ReadPersonRecord)
                    .or_else(|_| decide_action(&f, Action::ReadGuardians))
                    .map_err(|_| Error::denied("no right to see this student's diary"))?;
            }
            p.keep_days(days);
            Ok(out)
        })
    }
}
