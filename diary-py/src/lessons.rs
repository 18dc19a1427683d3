//! `Diary` methods for what is written about lessons: topics and tests,
//! homework (per lesson or per date and subject), homework done.

use crate::actor::PyActor;
use crate::convert::{from_py_json, list as all};
use crate::day_records::{Homework, Lesson, LessonKey};
use crate::diary::PyDiary;
use diary_core as core;
use diary_core::{ClassId, GroupId, PersonId, SubjectId};
use pyo3::prelude::*;
use time::Date;

/// The homework arguments shared by the two ways of setting it.
fn homework_args(
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
        due,
        text,
        students: students.into_iter().map(PersonId).collect(),
        attachments,
    })
}

#[pymethods]
impl PyDiary {
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
        #[pyo3(from_py_with = crate::ids::date)] due: Date,
        text: String,
        students: Vec<i64>,
        attachments: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Homework> {
        let key: core::LessonKey = key.into();
        let new = homework_args(due, text, students, attachments)?;
        self.with(py, actor, move |d, a| d.set_homework(a, &key, &new))
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
        #[pyo3(from_py_with = crate::ids::class_id)] class_id: i64,
        #[pyo3(from_py_with = crate::ids::subject)] subject: i64,
        #[pyo3(from_py_with = crate::ids::date)] date: Date,
        #[pyo3(from_py_with = crate::ids::date)] due: Date,
        text: String,
        #[pyo3(from_py_with = crate::ids::opt_group)] group: Option<i64>,
        students: Vec<i64>,
        attachments: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Homework> {
        let group = group.map(GroupId);
        let new = homework_args(due, text, students, attachments)?;
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
}
