//! `Diary` methods for the school day: bells, timetables and changes, the
//! lesson views, topics and homework, attendance with notices and excuses,
//! remarks and calendar feeds. Every call goes through the core's policy.

use crate::actor::PyActor;
use crate::convert::{enum_arg, from_py_json};
use crate::day_records::{
    AbsenceNotice, Attendance, AttendanceSummary, BellSchedule, Homework, Lesson, LessonKey,
    Remark, StudentDay, Timetable,
};
use crate::diary::PyDiary;
use crate::errors::to_py_err;
use diary_core as core;
use diary_core::{ClassId, GroupId, HomeworkId, NoticeId, PersonId, SchoolId, SubjectId};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use time::{Date, Time};

fn all<A, B: From<A>>(v: Vec<A>) -> Vec<B> {
    v.into_iter().map(B::from).collect()
}

fn invalid(py: Python<'_>, field: &str, reason: &str) -> PyErr {
    to_py_err(py, core::Error::invalid(field, reason))
}

/// A required item of a dict argument.
fn item<'py, T: pyo3::conversion::FromPyObjectOwned<'py>>(
    d: &Bound<'py, PyDict>,
    key: &str,
    field: &str,
) -> PyResult<T> {
    let py = d.py();
    match d.get_item(key)? {
        Some(v) if !v.is_none() => v
            .extract()
            .map_err(|_| invalid(py, &format!("{field}.{key}"), "has the wrong type")),
        _ => Err(invalid(py, &format!("{field}.{key}"), "is required")),
    }
}

/// An optional item of a dict argument.
fn opt_item<'py, T: pyo3::conversion::FromPyObjectOwned<'py>>(
    d: &Bound<'py, PyDict>,
    key: &str,
    field: &str,
) -> PyResult<Option<T>> {
    let py = d.py();
    match d.get_item(key)? {
        Some(v) if !v.is_none() => v
            .extract()
            .map(Some)
            .map_err(|_| invalid(py, &format!("{field}.{key}"), "has the wrong type")),
        _ => Ok(None),
    }
}

fn dicts<'py>(list: &Bound<'py, PyAny>, field: &str) -> PyResult<Vec<Bound<'py, PyDict>>> {
    let py = list.py();
    list.try_iter()
        .map_err(|_| invalid(py, field, "must be a list of dicts"))?
        .map(|x| {
            x?.cast_into::<PyDict>()
                .map_err(|_| invalid(py, field, "must be a list of dicts"))
        })
        .collect()
}

fn weekday(py: Python<'_>, n: u8, field: &str) -> PyResult<time::Weekday> {
    core::schedule::weekday_from_number(field, n).map_err(|e| to_py_err(py, e))
}

/// The homework arguments shared by the two ways of setting it.
fn homework_args(
    lesson: core::LessonKey,
    due: Date,
    text: String,
    students: Vec<i64>,
    attachments: Option<&Bound<'_, PyAny>>,
) -> PyResult<core::NewHomework> {
    let attachments: Vec<core::Attachment> = match attachments {
        Some(a) => from_py_json(a, "attachments")?,
        None => Vec::new(),
    };
    Ok(core::NewHomework {
        lesson,
        due,
        text,
        students: students.into_iter().map(PersonId).collect(),
        attachments,
    })
}

#[pymethods]
impl PyDiary {
    /// Adds a bell schedule (school admins). `bells` is a list of
    /// `(number, start, end)` with `datetime.time` values, in order with
    /// breaks between them; `weekdays` are 1 (Monday) to 7. For a date the
    /// schedule starting latest wins, so a shortened day is a one-day
    /// schedule.
    #[pyo3(signature = (actor, school, name, bells, *, valid_from, valid_until=None, shift=1, weekdays=vec![1, 2, 3, 4, 5]))]
    #[allow(clippy::too_many_arguments)]
    fn add_bell_schedule(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        school: i64,
        name: String,
        bells: Vec<(u8, Time, Time)>,
        valid_from: Date,
        valid_until: Option<Date>,
        shift: u8,
        weekdays: Vec<u8>,
    ) -> PyResult<BellSchedule> {
        let weekdays = weekdays
            .into_iter()
            .map(|n| weekday(py, n, "weekdays"))
            .collect::<PyResult<Vec<_>>>()?;
        let new = core::NewBellSchedule {
            school: SchoolId(school),
            name,
            shift,
            weekdays,
            valid_from,
            valid_until,
            bells: bells
                .into_iter()
                .map(|(number, start, end)| core::Bell { number, start, end })
                .collect(),
        };
        self.with(py, actor, move |d, a| d.add_bell_schedule(a, &new))
            .map(Into::into)
    }

    /// A school's bell schedules (its members).
    fn bell_schedules(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        school: i64,
    ) -> PyResult<Vec<BellSchedule>> {
        self.with(py, actor, |d, a| d.bell_schedules(a, SchoolId(school)))
            .map(all)
    }

    /// Sets a class's weekly timetable from `valid_from` (school admins);
    /// the previous version ends the day before. `lessons` is a list of
    /// dicts with `weekday` (1–7), `number`, `subject`, `teacher` and
    /// optionally `room` and `group`. A lesson without a bell raises
    /// `InvalidInput`; a teacher or room busy with another class, `Conflict`.
    #[pyo3(signature = (actor, class_id, valid_from, lessons, *, shift=1))]
    fn set_timetable(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        class_id: i64,
        valid_from: Date,
        lessons: &Bound<'_, PyAny>,
        shift: u8,
    ) -> PyResult<Timetable> {
        let mut list = Vec::new();
        for l in dicts(lessons, "lessons")? {
            list.push(core::TimetableLesson {
                weekday: weekday(py, item(&l, "weekday", "lessons")?, "lessons.weekday")?,
                number: item(&l, "number", "lessons")?,
                group: opt_item::<i64>(&l, "group", "lessons")?.map(GroupId),
                subject: SubjectId(item(&l, "subject", "lessons")?),
                teacher: PersonId(item(&l, "teacher", "lessons")?),
                room: opt_item(&l, "room", "lessons")?,
            });
        }
        let new = core::NewTimetable {
            class: ClassId(class_id),
            shift,
            valid_from,
            lessons: list,
        };
        self.with(py, actor, move |d, a| d.set_timetable(a, &new))
            .map(Into::into)
    }

    /// A class's timetable versions.
    fn timetables(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        class_id: i64,
    ) -> PyResult<Vec<Timetable>> {
        self.with(py, actor, |d, a| d.timetables(a, ClassId(class_id)))
            .map(all)
    }

    /// Changes one lesson on its date (school admins): `kind` is a
    /// `ChangeKind`. A substitution needs `teacher`, a room change `room`, a
    /// move `to_date` and `to_number`, an extra lesson `subject` and
    /// `teacher`. Returns the lesson as it now stands.
    #[pyo3(signature = (actor, key, kind, *, teacher=None, room=None, subject=None, to_date=None, to_number=None, reason=None))]
    #[allow(clippy::too_many_arguments)]
    fn change_lesson(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        key: &LessonKey,
        kind: &Bound<'_, PyAny>,
        teacher: Option<i64>,
        room: Option<String>,
        subject: Option<i64>,
        to_date: Option<Date>,
        to_number: Option<u8>,
        reason: Option<String>,
    ) -> PyResult<Lesson> {
        let change = core::NewLessonChange {
            lesson: key.into(),
            kind: enum_arg(kind, "kind", core::ChangeKind::parse)?,
            teacher: teacher.map(PersonId),
            room,
            subject: subject.map(SubjectId),
            to_date,
            to_number,
            reason,
        };
        self.with(py, actor, move |d, a| d.change_lesson(a, &change))
            .map(Into::into)
    }

    /// A class's lessons on a date (members of its school).
    fn class_day(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        class_id: i64,
        date: Date,
    ) -> PyResult<Vec<Lesson>> {
        self.with(py, actor, |d, a| d.class_day(a, ClassId(class_id), date))
            .map(all)
    }

    /// A teacher's lessons in the week from `monday`, substitutions included.
    fn teacher_week(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        teacher: i64,
        monday: Date,
    ) -> PyResult<Vec<Lesson>> {
        self.with(py, actor, |d, a| {
            d.teacher_week(a, PersonId(teacher), monday)
        })
        .map(all)
    }

    /// The lessons held in a room on a date.
    fn room_day(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        school: i64,
        room: String,
        date: Date,
    ) -> PyResult<Vec<Lesson>> {
        self.with(py, actor, move |d, a| {
            d.room_day(a, SchoolId(school), &room, date)
        })
        .map(all)
    }

    /// A student's day: lessons with topic, homework, attendance and marks;
    /// homework due; remarks (the student, family, trusted persons, class
    /// teacher, admins; logged).
    fn student_day(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        student: i64,
        date: Date,
    ) -> PyResult<StudentDay> {
        self.with(py, actor, |d, a| d.student_day(a, PersonId(student), date))
            .map(Into::into)
    }

    /// `student_day` for the seven days from `monday`.
    fn student_week(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        student: i64,
        monday: Date,
    ) -> PyResult<Vec<StudentDay>> {
        self.with(py, actor, |d, a| {
            d.student_week(a, PersonId(student), monday)
        })
        .map(all)
    }

    /// Writes a lesson's topic and optionally announces it as a test (its
    /// title): the lesson's teacher or admins. None clears a field.
    #[pyo3(signature = (actor, key, topic=None, *, test=None))]
    fn set_lesson_topic(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        key: &LessonKey,
        topic: Option<String>,
        test: Option<String>,
    ) -> PyResult<Lesson> {
        let key: core::LessonKey = key.into();
        self.with(py, actor, move |d, a| {
            d.set_lesson_topic(a, &key, topic.as_deref(), test.as_deref())
        })
        .map(Into::into)
    }

    /// Sets homework in a lesson, due on `due` (the lesson's teacher or
    /// admins); `students` limits it to some students; `attachments` is a
    /// list of dicts with `name`, `media_type`, `size` and `url` or `sha256`.
    #[pyo3(signature = (actor, key, due, text, *, students=vec![], attachments=None))]
    #[allow(clippy::too_many_arguments)]
    fn set_homework(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        key: &LessonKey,
        due: Date,
        text: String,
        students: Vec<i64>,
        attachments: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Homework> {
        let new = homework_args(key.into(), due, text, students, attachments)?;
        self.with(py, actor, move |d, a| d.set_homework(a, &new))
            .map(Into::into)
    }

    /// Sets homework "per date and subject": in the class's (or group's)
    /// first held lesson of `subject` on `date`; raises `InvalidInput`
    /// (field "date") when there is none.
    #[pyo3(signature = (actor, class_id, subject, date, due, text, *, group=None, students=vec![], attachments=None))]
    #[allow(clippy::too_many_arguments)]
    fn set_homework_for_subject(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        class_id: i64,
        subject: i64,
        date: Date,
        due: Date,
        text: String,
        group: Option<i64>,
        students: Vec<i64>,
        attachments: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Homework> {
        let group = group.map(GroupId);
        let placeholder = core::LessonKey {
            class: ClassId(class_id),
            date,
            number: 0,
            group,
        };
        let new = homework_args(placeholder, due, text, students, attachments)?;
        self.with(py, actor, move |d, a| {
            d.set_homework_for_subject(a, ClassId(class_id), group, SubjectId(subject), date, &new)
        })
        .map(Into::into)
    }

    /// The homework of a lesson with who marked it done (its teacher, admins).
    fn lesson_homework(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        key: &LessonKey,
    ) -> PyResult<Vec<Homework>> {
        let key: core::LessonKey = key.into();
        self.with(py, actor, move |d, a| d.lesson_homework(a, &key))
            .map(all)
    }

    /// The student marks their homework done (or, with `done=False`, not).
    #[pyo3(signature = (actor, homework, done=true))]
    fn mark_homework_done(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        homework: i64,
        done: bool,
    ) -> PyResult<()> {
        self.with(py, actor, |d, a| {
            d.mark_homework_done(a, HomeworkId(homework), done)
        })
    }

    /// Homework due for a student on a date.
    fn homework_due(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        student: i64,
        date: Date,
    ) -> PyResult<Vec<Homework>> {
        self.with(py, actor, |d, a| d.homework_due(a, PersonId(student), date))
            .map(all)
    }

    /// Lessons announced as tests for a student between two dates.
    fn upcoming_tests(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        student: i64,
        start: Date,
        end: Date,
    ) -> PyResult<Vec<Lesson>> {
        self.with(py, actor, |d, a| {
            d.upcoming_tests(a, PersonId(student), start, end)
        })
        .map(all)
    }

    /// Takes a lesson's register (its teacher or admins): `entries` is a
    /// list of dicts with `student`, `status` (`AttendanceStatus`) and
    /// optionally `late_minutes`, `reason` (`AbsenceReason`), `excused`.
    /// Absences covered by a parent's advance notice are excused.
    fn record_attendance(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        key: &LessonKey,
        entries: &Bound<'_, PyAny>,
    ) -> PyResult<Vec<Attendance>> {
        let mut list = Vec::new();
        for e in dicts(entries, "entries")? {
            let status = e
                .get_item("status")?
                .ok_or_else(|| invalid(py, "entries.status", "is required"))?;
            list.push(core::AttendanceEntry {
                student: PersonId(item(&e, "student", "entries")?),
                status: enum_arg(&status, "entries.status", core::AttendanceStatus::parse)?,
                late_minutes: opt_item(&e, "late_minutes", "entries")?,
                reason: match e.get_item("reason")? {
                    Some(r) if !r.is_none() => {
                        Some(enum_arg(&r, "entries.reason", core::AbsenceReason::parse)?)
                    }
                    _ => None,
                },
                excused: opt_item(&e, "excused", "entries")?.unwrap_or(false),
            });
        }
        let key: core::LessonKey = key.into();
        self.with(py, actor, move |d, a| d.record_attendance(a, &key, &list))
            .map(all)
    }

    /// A lesson's register; illness is shown to the class teacher and
    /// admins only.
    fn lesson_register(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        key: &LessonKey,
    ) -> PyResult<Vec<Attendance>> {
        let key: core::LessonKey = key.into();
        self.with(py, actor, move |d, a| d.lesson_register(a, &key))
            .map(all)
    }

    /// A guardian notifies an absence in advance (from today on).
    #[pyo3(signature = (actor, student, first_day, last_day, reason, *, note=None))]
    fn notify_absence(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        student: i64,
        first_day: Date,
        last_day: Date,
        reason: &Bound<'_, PyAny>,
        note: Option<String>,
    ) -> PyResult<AbsenceNotice> {
        let reason = enum_arg(reason, "reason", core::AbsenceReason::parse)?;
        self.with(py, actor, move |d, a| {
            d.notify_absence(
                a,
                PersonId(student),
                first_day,
                last_day,
                reason,
                note.as_deref(),
            )
        })
        .map(Into::into)
    }

    /// A guardian submits an excuse for past absences; the class teacher
    /// decides it.
    #[pyo3(signature = (actor, student, first_day, last_day, reason, *, note=None))]
    fn submit_excuse(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        student: i64,
        first_day: Date,
        last_day: Date,
        reason: &Bound<'_, PyAny>,
        note: Option<String>,
    ) -> PyResult<AbsenceNotice> {
        let reason = enum_arg(reason, "reason", core::AbsenceReason::parse)?;
        self.with(py, actor, move |d, a| {
            d.submit_excuse(
                a,
                PersonId(student),
                first_day,
                last_day,
                reason,
                note.as_deref(),
            )
        })
        .map(Into::into)
    }

    /// The class teacher (or an admin) approves or rejects an excuse.
    #[pyo3(signature = (actor, notice, approve, *, note=None))]
    fn decide_excuse(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        notice: i64,
        approve: bool,
        note: Option<String>,
    ) -> PyResult<AbsenceNotice> {
        self.with(py, actor, move |d, a| {
            d.decide_excuse(a, NoticeId(notice), approve, note.as_deref())
        })
        .map(Into::into)
    }

    /// A student's notices and excuses with every step.
    fn absence_notices(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        student: i64,
    ) -> PyResult<Vec<AbsenceNotice>> {
        self.with(py, actor, |d, a| d.absence_notices(a, PersonId(student)))
            .map(all)
    }

    /// A student's attendance between two dates, counted exactly.
    fn attendance_summary(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        student: i64,
        start: Date,
        end: Date,
    ) -> PyResult<AttendanceSummary> {
        self.with(py, actor, |d, a| {
            d.attendance_summary(a, PersonId(student), start, end)
        })
        .map(Into::into)
    }

    /// Attendance of every student of a class (the class teacher, admins),
    /// as a list of dicts, or with `columns=True` a dict of lists that
    /// `pandas.DataFrame` and `polars.DataFrame` take; `rate` is a
    /// `fractions.Fraction` (or a float with `as_float=True`).
    #[pyo3(signature = (actor, class_id, start, end, *, columns=false, as_float=false))]
    #[allow(clippy::too_many_arguments)]
    fn class_attendance<'py>(
        &self,
        py: Python<'py>,
        actor: &PyActor,
        class_id: i64,
        start: Date,
        end: Date,
        columns: bool,
        as_float: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        const COLS: [&str; 10] = [
            "student",
            "lessons_held",
            "recorded",
            "present",
            "late",
            "late_minutes",
            "left_early",
            "absent_excused",
            "absent_unexcused",
            "rate",
        ];
        let rows = self.with(py, actor, |d, a| {
            d.class_attendance(a, ClassId(class_id), start, end)
        })?;
        let mut table: Vec<Vec<Bound<'py, PyAny>>> = Vec::new();
        for s in rows {
            let rate = match s.rate {
                None => py.None().into_bound(py),
                Some(r) if as_float => (r.numer() as f64 / r.denom() as f64)
                    .into_pyobject(py)?
                    .into_any(),
                Some(r) => crate::convert::Fraction(r).into_pyobject(py)?,
            };
            table.push(vec![
                s.student.0.into_pyobject(py)?.into_any(),
                s.lessons_held.into_pyobject(py)?.into_any(),
                s.recorded.into_pyobject(py)?.into_any(),
                s.present.into_pyobject(py)?.into_any(),
                s.late.into_pyobject(py)?.into_any(),
                s.late_minutes.into_pyobject(py)?.into_any(),
                s.left_early.into_pyobject(py)?.into_any(),
                s.absent_excused.into_pyobject(py)?.into_any(),
                s.absent_unexcused.into_pyobject(py)?.into_any(),
                rate,
            ]);
        }
        if columns {
            let out = PyDict::new(py);
            for (i, name) in COLS.iter().enumerate() {
                let col = PyList::empty(py);
                for r in &table {
                    col.append(&r[i])?;
                }
                out.set_item(name, col)?;
            }
            Ok(out.into_any())
        } else {
            let out = PyList::empty(py);
            for r in table {
                let d = PyDict::new(py);
                for (name, v) in COLS.iter().zip(r) {
                    d.set_item(name, v)?;
                }
                out.append(d)?;
            }
            Ok(out.into_any())
        }
    }

    /// A teacher's held lessons without a register (the teacher, admins).
    fn untaken_registers(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        teacher: i64,
        start: Date,
        end: Date,
    ) -> PyResult<Vec<Lesson>> {
        self.with(py, actor, |d, a| {
            d.untaken_registers(a, PersonId(teacher), start, end)
        })
        .map(all)
    }

    /// Writes a remark (`RemarkKind`) about a student: their teachers, the
    /// class teacher and admins.
    #[pyo3(signature = (actor, student, date, kind, text, *, subject=None))]
    #[allow(clippy::too_many_arguments)]
    fn add_remark(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        student: i64,
        date: Date,
        kind: &Bound<'_, PyAny>,
        text: String,
        subject: Option<i64>,
    ) -> PyResult<Remark> {
        let kind = enum_arg(kind, "kind", core::RemarkKind::parse)?;
        self.with(py, actor, move |d, a| {
            d.add_remark(
                a,
                PersonId(student),
                date,
                subject.map(SubjectId),
                kind,
                &text,
            )
        })
        .map(Into::into)
    }

    /// A student's remarks between two dates.
    fn remarks(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        student: i64,
        start: Date,
        end: Date,
    ) -> PyResult<Vec<Remark>> {
        self.with(py, actor, |d, a| {
            d.remarks(a, PersonId(student), start, end)
        })
        .map(all)
    }

    /// A student's lessons and homework between two dates as an iCalendar
    /// (RFC 5545) feed with stable UIDs.
    fn student_calendar(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        student: i64,
        start: Date,
        end: Date,
    ) -> PyResult<String> {
        self.with(py, actor, |d, a| {
            d.student_calendar(a, PersonId(student), start, end)
        })
    }

    /// A teacher's lessons between two dates as an iCalendar feed.
    fn teacher_calendar(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        teacher: i64,
        start: Date,
        end: Date,
    ) -> PyResult<String> {
        self.with(py, actor, |d, a| {
            d.teacher_calendar(a, PersonId(teacher), start, end)
        })
    }
}
