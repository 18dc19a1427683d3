//! `Diary` methods for attendance (registers, notices and excuses,
//! summaries and the class export for DataFrames) and remarks.

use crate::actor::PyActor;
use crate::convert::{dicts, enum_arg, invalid, item, list as all, opt_item};
use crate::day_records::{AbsenceNotice, Attendance, AttendanceSummary, LessonKey, Remark};
use crate::diary::PyDiary;
use diary_core as core;
use diary_core::{ClassId, NoticeId, PersonId, SubjectId};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use time::Date;

#[pymethods]
impl PyDiary {
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
        #[pyo3(from_py_with = crate::ids::student)] student: i64,
        #[pyo3(from_py_with = crate::ids::date)] first_day: Date,
        #[pyo3(from_py_with = crate::ids::date)] last_day: Date,
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
        #[pyo3(from_py_with = crate::ids::student)] student: i64,
        #[pyo3(from_py_with = crate::ids::date)] first_day: Date,
        #[pyo3(from_py_with = crate::ids::date)] last_day: Date,
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
        #[pyo3(from_py_with = crate::ids::notice)] notice: i64,
        approve: bool,
        note: Option<String>,
    ) -> PyResult<AbsenceNotice> {
        self.with(py, actor, move |d, a| {
            d.decide_excuse(a, NoticeId(notice), approve, note.as_deref())
        })
        .map(Into::into)
    }

    /// A student's attendance between two dates, counted exactly.
    fn attendance_summary(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::student)] student: i64,
        #[pyo3(from_py_with = crate::ids::date)] start: Date,
        #[pyo3(from_py_with = crate::ids::date)] end: Date,
    ) -> PyResult<AttendanceSummary> {
        self.with(py, actor, |d, a| {
            d.attendance_summary(a, PersonId(student), start, end)
        })
        .map(Into::into)
    }

    /// Attendance of every student of a class (the class teacher, admins),
    /// as a list of dicts, or with `columns=True` a dict of lists that
    /// `pandas.DataFrame` and `polars.DataFrame` take. Keys: `student`,
    /// `lessons_held`, `recorded`, `present`, `late`, `late_minutes`,
    /// `left_early`, `absent_excused`, `absent_unexcused`, `rate` (a
    /// `fractions.Fraction`, or a float with `as_float=True`; None when
    /// nothing was recorded).
    #[pyo3(signature = (actor, class_id, start, end, *, columns=false, as_float=false))]
    #[allow(clippy::too_many_arguments)]
    fn class_attendance<'py>(
        &self,
        py: Python<'py>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::class_id)] class_id: i64,
        #[pyo3(from_py_with = crate::ids::date)] start: Date,
        #[pyo3(from_py_with = crate::ids::date)] end: Date,
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

    /// Writes a remark (`RemarkKind`) about a student: their teachers, the
    /// class teacher and admins.
    #[pyo3(signature = (actor, student, date, kind, text, *, subject=None))]
    #[allow(clippy::too_many_arguments)]
    fn add_remark(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::student)] student: i64,
        #[pyo3(from_py_with = crate::ids::date)] date: Date,
        kind: &Bound<'_, PyAny>,
        text: String,
        #[pyo3(from_py_with = crate::ids::opt_subject)] subject: Option<i64>,
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
}
