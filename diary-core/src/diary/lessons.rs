//! What teachers write about a lesson (D5): its topic, an announced test,
//! homework with attachments; students mark homework done.

use super::lessons_of_day::Days;
use super::lessons_of_day::{lesson, lesson_facts};
use super::student_day::authorize_child;
use super::Diary;
use crate::access::{acting_as, decide_action, Action};
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::ids::{HomeworkId, PersonId};
use crate::model::{Attachment, Homework, Lesson, LessonKey, NewHomework};
use crate::schedule;
use crate::storage::{homework, timetable as tt};
use crate::text;
use time::Date;

/// Longest homework text, in characters.
const MAX_HOMEWORK_CHARS: usize = 10_000;

pub(crate) fn check_attachment(a: &Attachment) -> Result<Attachment> {
    let name = text::required("attachments.name", &a.name, 255)?;
    let media_type = text::required("attachments.media_type", &a.media_type, 127)?;
    if !media_type.contains('/') || media_type.contains(char::is_whitespace) {
        return Err(Error::invalid(
            "attachments.media_type",
            "must be a media type such as application/pdf",
        ));
    }
    let url = match a.url.as_deref() {
        Some(u) if !u.trim().is_empty() => {
            let u = text::required("attachments.url", u, 2048)?;
            if !(u.starts_with("https://") || u.starts_with("http://")) {
                return Err(Error::invalid("attachments.url", "must be an http(s) URL"));
            }
            Some(u)
        }
        _ => None,
    };
    let sha256 = match a.sha256.as_deref() {
        Some(h) if !h.trim().is_empty() => {
            let h = h.trim().to_ascii_lowercase();
            if h.len() != 64 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(Error::invalid(
                    "attachments.sha256",
                    "must be 64 hexadecimal digits",
                ));
            }
            Some(h)
        }
        _ => None,
    };
    if url.is_none() && sha256.is_none() {
        return Err(Error::invalid(
            "attachments.url",
            "give a URL or a SHA-256 of the content",
        ));
    }
    Ok(Attachment {
        name,
        media_type,
        size: a.size,
        url,
        sha256,
    })
}

impl Diary {
    /// Writes a lesson's topic and, optionally, announces it as a test or
    /// control work (`test`: its title), visible ahead in students' weeks.
    /// For the lesson's teacher (a substitute too), the class's subject
    /// teachers and admins. `None` clears a field.
    pub fn set_lesson_topic(
        &self,
        actor: &Actor,
        key: &LessonKey,
        topic: Option<&str>,
        test: Option<&str>,
    ) -> Result<Lesson> {
        let topic = text::optional_name("topic", topic)?;
        let test = text::optional_name("test", test)?;
        self.write(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let st = &*st_arc;
            let cl = p.known_class(key.class, "school_day", true)?;
            let l = lesson(c, key)?;
            let f = lesson_facts(c, st, actor, &l)?;
            p.decide(
                &f,
                Action::WriteLesson,
                None,
                Some(cl.school),
                "school_day",
                true,
            )?;
            if !schedule::is_held(l.status) {
                return Err(Error::invalid("lesson", "the lesson does not take place"));
            }
            let id = tt::ensure_lesson(c, cl.school, key)?;
            tt::set_topic(c, id, topic.as_deref(), test.as_deref())?;
            lesson(c, key)
        })
    }

    /// Sets homework in a lesson, due on a later (or the same) date, for the
    /// class or group, or for some of its students only. For the lesson's
    /// teacher and admins.
    pub fn set_homework(
        &self,
        actor: &Actor,
        lesson_key: &LessonKey,
        new: &NewHomework,
    ) -> Result<Homework> {
        // Multi-line text is fine for homework; emptiness and length are checked.
        let text = text::free_text("text", &new.text, MAX_HOMEWORK_CHARS)?;
        text::date_within(
            "date",
            lesson_key.date,
            text::EARLIEST_DATE,
            text::LATEST_DATE,
        )?;
        if new.due > lesson_key.date + time::Duration::days(366) {
            return Err(Error::invalid(
                "due",
                "homework is due within a year of the lesson it is set in",
            ));
        }
        if new.due < lesson_key.date {
            return Err(Error::invalid(
                "due",
                "homework cannot be due before the lesson it is set in",
            ));
        }
        let attachments = new
            .attachments
            .iter()
            .map(check_attachment)
            .collect::<Result<Vec<_>>>()?;
        let now = self.clock.now().unix_timestamp();
        // Homework changes no reference data: the handle's cache serves
        // the next call.
        self.write_records(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let st = &*st_arc;
            let cl = p.known_class(lesson_key.class, "homework", true)?;
            let l = p.lesson(lesson_key)?;
            let f = lesson_facts(c, st, actor, &l)?;
            p.decide(
                &f,
                Action::WriteLesson,
                None,
                Some(cl.school),
                "homework",
                true,
            )?;
            if !schedule::is_held(l.status) {
                return Err(Error::invalid("lesson", "the lesson does not take place"));
            }
            let mut days = Days::new(c);
            for s in &new.students {
                if !days.is_student_of(*s, &l.key)? {
                    return Err(Error::invalid(
                        "students",
                        format!("person {s} is not a student of this lesson"),
                    ));
                }
            }
            let by = actor
                .person()
                .ok_or_else(|| Error::denied("homework is set by a person"))?;
            let id = tt::ensure_lesson(c, cl.school, lesson_key)?;
            let hw = NewHomework {
                text: text.clone(),
                attachments: attachments.clone(),
                ..new.clone()
            };
            let hid = homework::insert(c, cl.school, id, l.subject, lesson_key.date, &hw, by, now)?;
            homework::get(c, hid)?.ok_or_else(|| Error::Internal("homework vanished".into()))
        })
    }

    /// Sets homework "per date and subject": in the class's (or group's)
    /// first held lesson of `subject` on `date` — the way a teacher thinks
    /// of it when the lesson number does not matter. Refused when the class
    /// has no such lesson that day.
    #[allow(clippy::too_many_arguments)]
    pub fn set_homework_for_subject(
        &self,
        actor: &Actor,
        class: crate::ids::ClassId,
        group: Option<crate::ids::GroupId>,
        subject: crate::ids::SubjectId,
        date: Date,
        new: &NewHomework,
    ) -> Result<Homework> {
        let key = self.read(actor, |p| {
            let c = p.c;
            let cl = p.known_class(class, "homework", true)?;
            let subj = p.known_subject(subject, "homework", true)?;
            if subj.school != cl.school {
                return Err(Error::not_found("subject", subject.0));
            }
            let name = subj.name;
            Days::new(c)
                .lessons(cl.id, date)?
                .into_iter()
                .find(|l| {
                    l.subject == subject
                        && schedule::is_held(l.status)
                        && (group.is_none() || l.key.group == group)
                })
                .map(|l| l.key)
                .ok_or_else(|| {
                    Error::invalid(
                        "date",
                        format!(
                            "class {} has no {name} lesson on {}",
                            cl.name(),
                            text::format_date(date)
                        ),
                    )
                })
        })?;
        self.set_homework(actor, &key, new)
    }

    /// The homework set in a lesson, with who marked it done (the lesson's
    /// teacher and admins).
    pub fn lesson_homework(&self, actor: &Actor, key: &LessonKey) -> Result<Vec<Homework>> {
        self.read(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let st = &*st_arc;
            let cl = p.known_class(key.class, "homework", false)?;
            let l = lesson(c, key)?;
            let f = lesson_facts(c, st, actor, &l)?;
            p.decide(
                &f,
                Action::WriteLesson,
                None,
                Some(cl.school),
                "homework",
                false,
            )?;
            match tt::lesson_note(c, key)? {
                Some(n) => homework::of_lesson(c, n.id),
                None => Ok(Vec::new()),
            }
        })
    }

    /// Marks one's own homework done (or not done again): the student only.
    pub fn mark_homework_done(&self, actor: &Actor, id: HomeworkId, done: bool) -> Result<()> {
        let now = self.clock.now().unix_timestamp();
        self.write_people(actor, |p| {
            let c = p.c;
            let me = actor
                .person()
                .ok_or_else(|| Error::denied("homework is done by a student"))?;
            let hw = homework::get(c, id)?.ok_or_else(|| Error::not_found("homework", id))?;
            let class = p
                .known_class(hw.lesson.class, "homework", true)
                .map_err(super::scope::as_named("homework", id.0))?;
            let facts = p.facts_in(me, class.id, None, false, super::placement::HOMEWORK)?;
            let mine = Days::new(c).is_student_of(me, &hw.lesson)?
                && (!hw.individual || hw.students.contains(&me));
            let decision = if mine {
                decide_action(&facts, Action::MarkHomeworkDone)
            } else {
                Err(Error::denied(
                    "only a student the homework was set for marks it done",
                ))
            };
            p.note(
                Some(me),
                Some(class.school),
                "homework",
                true,
                acting_as(&facts),
                decision.is_ok(),
            );
            decision?;
            homework::set_done(c, class.school, id, me, done, now)
        })
    }

    /// Lessons announced as tests or control works for a student between
    /// two dates (who may read the student's day).
    pub fn upcoming_tests(
        &self,
        actor: &Actor,
        student: PersonId,
        from: Date,
        to: Date,
    ) -> Result<Vec<Lesson>> {
        if to < from {
            return Err(Error::invalid("to", "must not be before from"));
        }
        if (to - from).whole_days() > 366 {
            return Err(Error::invalid("to", "at most a year at a time"));
        }
        self.read_marks(actor, |p| {
            let c = p.c;
            p.known_person(student, "school_day", false)?;
            let mut out = Vec::new();
            let mut checked = false;
            let mut window = None;
            let mut days = Days::over(c, from, to);
            for d in 0..=(to - from).whole_days() {
                let date = from + time::Duration::days(d);
                if let Some(class) = days.class_on(student, date)? {
                    if !checked {
                        let (_, w) = authorize_child(
                            p,
                            student,
                            &class,
                            "school_day",
                            Action::ReadMarks,
                            false,
                            super::placement::TIMETABLE,
                        )?;
                        window = w;
                        checked = true;
                    }
                    if window.is_some_and(|w| date < w) {
                        continue;
                    }
                    out.extend(
                        days.student_lessons(student, date)?
                            .into_iter()
                            .filter(|l| l.test.is_some() && schedule::is_held(l.status)),
                    );
                }
            }
            if !checked && actor.person() != Some(student) {
                return Err(Error::denied("no right to see this student's diary"));
            }
            Ok(out)
        })
    }

    /// Homework due for a student on a date (who may read the student's day).
    pub fn homework_due(
        &self,
        actor: &Actor,
        student: PersonId,
        date: Date,
    ) -> Result<Vec<Homework>> {
        self.student_day(actor, student, date)
            .map(|d| d.homework_due)
    }
}
