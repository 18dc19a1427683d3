//! `Diary` methods for bells, timetables and changes on a date, the lesson
//! views (student, class, teacher, room) and calendar feeds.

use crate::actor::PyActor;
use crate::convert::{dicts, enum_arg, item, opt_item, weekday};
use crate::day_records::{BellSchedule, Lesson, LessonKey, Timetable};
use crate::diary::PyDiary;
use diary_core as core;
use diary_core::{ClassId, GroupId, PersonId, SchoolId, SubjectId};
use pyo3::prelude::*;
use time::{Date, Time};

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
        #[pyo3(from_py_with = crate::ids::school)] school: i64,
        name: String,
        bells: Vec<(u8, Time, Time)>,
        #[pyo3(from_py_with = crate::ids::date)] valid_from: Date,
        #[pyo3(from_py_with = crate::ids::optional_date)] valid_until: Option<Date>,
        #[pyo3(from_py_with = crate::ids::shift)] shift: u8,
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
        #[pyo3(from_py_with = crate::ids::class_id)] class_id: i64,
        #[pyo3(from_py_with = crate::ids::date)] valid_from: Date,
        lessons: &Bound<'_, PyAny>,
        #[pyo3(from_py_with = crate::ids::shift)] shift: u8,
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

    /// Changes one lesson on its date (school admins): `kind` is a
    /// `ChangeKind`. A substitution needs `teacher`, a room change `room`, a
    /// move `to_date` and `to_number`, an extra lesson `subject` and
    /// `teacher`. With `announce`, the class's students and parents get a
    /// schedule-change announcement (and notifications). Returns the lesson
    /// as it now stands.
    #[pyo3(signature = (actor, key, kind, *, teacher=None, room=None, subject=None, to_date=None, to_number=None, reason=None, announce=false))]
    #[allow(clippy::too_many_arguments)]
    fn change_lesson(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        key: &LessonKey,
        kind: &Bound<'_, PyAny>,
        #[pyo3(from_py_with = crate::ids::opt_teacher)] teacher: Option<i64>,
        room: Option<String>,
        #[pyo3(from_py_with = crate::ids::opt_subject)] subject: Option<i64>,
        #[pyo3(from_py_with = crate::ids::optional_date)] to_date: Option<Date>,
        #[pyo3(from_py_with = crate::ids::opt_to_number)] to_number: Option<u8>,
        reason: Option<String>,
        announce: bool,
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
            announce,
        };
        self.with(py, actor, move |d, a| d.change_lesson(a, &change))
            .map(Into::into)
    }
}
