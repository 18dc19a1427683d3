//! `Diary` methods for marks, averages and grading rules.

use crate::actor::PyActor;
use crate::convert::list;
use crate::convert::{decimal_arg, enum_arg, from_py_json, to_py_json};
use crate::diary::PyDiary;
use crate::errors::to_py_err;
use crate::grading_records::*;
use diary_core as core;
use diary_core::{MarkId, PeriodId, PersonId, SchoolId, SubjectId, WorkKindId, YearId};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use time::Date;

fn opt_str(d: &Bound<'_, PyDict>, key: &str) -> PyResult<Option<String>> {
    match d.get_item(key)? {
        Some(v) if !v.is_none() => Ok(Some(v.str()?.extract()?)),
        _ => Ok(None),
    }
}

fn required<'py>(d: &Bound<'py, PyDict>, key: &str, i: usize) -> PyResult<Bound<'py, PyAny>> {
    d.get_item(key)?.ok_or_else(|| {
        to_py_err(
            d.py(),
            core::Error::invalid(format!("marks[{i}].{key}"), "is missing"),
        )
    })
}

/// Builds a `NewMark` from keyword-style values.
#[allow(clippy::too_many_arguments)]
fn new_mark(
    student: i64,
    subject: i64,
    date: Date,
    value: &Bound<'_, PyAny>,
    work_kind: i64,
    entry: Option<&Bound<'_, PyAny>>,
    out_of: Option<&Bound<'_, PyAny>>,
    scale: Option<String>,
    weight: Option<&Bound<'_, PyAny>>,
    counting: Option<&Bound<'_, PyAny>>,
    comment: Option<String>,
    retake_of: Option<i64>,
) -> PyResult<core::NewMark> {
    Ok(core::NewMark {
        student: PersonId(student),
        subject: SubjectId(subject),
        date,
        entry: match entry {
            Some(e) => enum_arg(e, "entry", core::EntryKind::parse)?,
            None => core::EntryKind::Grade,
        },
        value: if value.is_none() {
            String::new()
        } else {
            value.str()?.extract()?
        },
        out_of: match out_of {
            Some(o) if !o.is_none() => Some(o.str()?.extract()?),
            _ => None,
        },
        scale,
        work_kind: WorkKindId(work_kind),
        weight: match weight {
            Some(w) if !w.is_none() => Some(decimal_arg(w, "weight")?),
            _ => None,
        },
        counting: match counting {
            Some(c) => enum_arg(c, "counting", core::Counting::parse)?,
            None => core::Counting::Always,
        },
        comment,
        retake_of: retake_of.map(MarkId),
    })
}

#[pymethods]
impl PyDiary {
    /// Adds a kind of work (school admins). Weights are `Decimal`, `int`
    /// or `str`; the allowed range defaults to the default weight itself.
    #[pyo3(signature = (actor, school, name, default_weight, *, min_weight=None, max_weight=None))]
    fn create_work_kind(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::school)] school: i64,
        name: String,
        default_weight: &Bound<'_, PyAny>,
        min_weight: Option<&Bound<'_, PyAny>>,
        max_weight: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<WorkKind> {
        let default_weight = decimal_arg(default_weight, "default_weight")?;
        let new = core::NewWorkKind {
            name,
            default_weight,
            min_weight: min_weight
                .map(|w| decimal_arg(w, "min_weight"))
                .transpose()?
                .unwrap_or(default_weight),
            max_weight: max_weight
                .map(|w| decimal_arg(w, "max_weight"))
                .transpose()?
                .unwrap_or(default_weight),
        };
        self.with(py, actor, move |d, a| {
            d.create_work_kind(a, SchoolId(school), &new)
        })
        .map(Into::into)
    }

    /// Defines a school's own discrete scale from `{label: value}` (values
    /// `Decimal`/`int`/`str`, listed best first) (school admins).
    #[pyo3(signature = (actor, school, code, name, values, *, lower_is_better=false))]
    fn create_scale(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::school)] school: i64,
        code: String,
        name: String,
        values: &Bound<'_, PyDict>,
        lower_is_better: bool,
    ) -> PyResult<Scale> {
        let mut entries = Vec::new();
        for (label, value) in values.iter() {
            let v = core::limits::value("values", decimal_arg(&value, "values")?)
                .map_err(|e| to_py_err(py, e))?;
            entries.push(core::grading::ScaleEntry {
                label: label.str()?.extract()?,
                value_centi: v,
            });
        }
        let new = core::grading::NewScale {
            code,
            name,
            kind: core::grading::ScaleKind::Discrete { entries },
            lower_is_better,
        };
        self.with(py, actor, move |d, a| {
            d.create_scale(a, SchoolId(school), &new)
        })
        .map(Into::into)
    }

    /// Sets a grading rule from a dict (school admins); with `subject`, that
    /// subject's own. Omitted keys take the defaults of the Russian rule, e.g.
    /// `{"thresholds": [{"min": "4.60", "mark": "5"}, ...], "min_marks": 3}`.
    #[pyo3(signature = (actor, school, rule, *, subject=None))]
    fn set_grading_rule(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::school)] school: i64,
        rule: &Bound<'_, PyAny>,
        #[pyo3(from_py_with = crate::ids::opt_subject)] subject: Option<i64>,
    ) -> PyResult<()> {
        let rule: core::grading::GradingRule = from_py_json(rule, "rule")?;
        self.with(py, actor, move |d, a| {
            d.set_grading_rule(a, SchoolId(school), subject.map(SubjectId), &rule)
        })
    }

    /// The rule in force (the subject's, else the school's, else the default) as a dict.
    #[pyo3(signature = (actor, school, *, subject=None))]
    fn grading_rule<'py>(
        &self,
        py: Python<'py>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::school)] school: i64,
        #[pyo3(from_py_with = crate::ids::opt_subject)] subject: Option<i64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let rule = self.with(py, actor, |d, a| {
            d.grading_rule(a, SchoolId(school), subject.map(SubjectId))
        })?;
        to_py_json(py, &rule)
    }

    /// Enters one mark (a teacher of the class and subject, or an admin).
    /// `value` as written ("5", "B+", Decimal("17.5")); signs use `entry`
    /// (`EntryKind.ABSENT`, ...) with `value=None`. Returns the stored
    /// `Mark`; a bad argument raises `InvalidInput` naming it, and nothing
    /// is stored.
    ///
    /// Example::
    ///
    ///     teacher = diary.Actor.vouched(teacher_id)
    ///     m = d.record_mark(teacher, student, maths, dt.date(2024, 9, 10), "5", homework,
    ///                       weight=Decimal("1.5"), comment="Fractions")
    ///     d.record_mark(teacher, student, maths, dt.date(2024, 9, 11), None, test,
    ///                   entry=diary.EntryKind.ABSENT)
    #[pyo3(signature = (actor, student, subject, date, value, work_kind, *, entry=None, out_of=None, scale=None, weight=None, counting=None, comment=None, retake_of=None))]
    #[allow(clippy::too_many_arguments)]
    fn record_mark(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::student)] student: i64,
        #[pyo3(from_py_with = crate::ids::subject)] subject: i64,
        #[pyo3(from_py_with = crate::ids::date)] date: Date,
        value: &Bound<'_, PyAny>,
        #[pyo3(from_py_with = crate::ids::work_kind)] work_kind: i64,
        entry: Option<&Bound<'_, PyAny>>,
        out_of: Option<&Bound<'_, PyAny>>,
        scale: Option<String>,
        weight: Option<&Bound<'_, PyAny>>,
        counting: Option<&Bound<'_, PyAny>>,
        comment: Option<String>,
        #[pyo3(from_py_with = crate::ids::opt_retake_of)] retake_of: Option<i64>,
    ) -> PyResult<Mark> {
        let new = new_mark(
            student, subject, date, value, work_kind, entry, out_of, scale, weight, counting,
            comment, retake_of,
        )?;
        self.with(py, actor, move |d, a| d.record_mark(a, &new))
            .map(Into::into)
    }

    /// Enters many marks in one transaction: an iterable of dicts with the
    /// keys of `record_mark`, or — for imports — columns with those names
    /// in any Arrow table, record batch or stream of batches (pyarrow,
    /// polars, duckdb; a stream hands an import over in chunks), read
    /// without a Python object per mark: `student`, `subject`, `date`
    /// (`date32` or ISO text), `work_kind` and `value` required; `entry`,
    /// `out_of`, `scale`, `weight` (`decimal128`, integers or text, never
    /// floats), `counting`, `comment`, `retake_of` optional, a null being
    /// the default. One bad mark rejects all (the error's `field` is
    /// `marks[i].field`); returns the new ids in input order.
    fn record_marks(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        marks: &Bound<'_, PyAny>,
    ) -> PyResult<Vec<i64>> {
        if marks.hasattr("__arrow_c_stream__")? || marks.hasattr("__arrow_c_array__")? {
            // Columns: no Python object per mark, read without the GIL.
            let reader = marks
                .extract::<pyo3_arrow::input::AnyRecordBatch>()?
                .into_reader()?;
            return self
                .with(py, actor, move |d, a| {
                    d.record_marks(a, &crate::mark_columns::marks(reader)?)
                })
                .map(|ids| ids.into_iter().map(|i| i.0).collect());
        }
        let mut batch = Vec::new();
        for (i, item) in marks.try_iter()?.enumerate() {
            let item = item?;
            let d = item.cast::<PyDict>().map_err(|_| {
                to_py_err(
                    py,
                    core::Error::invalid(format!("marks[{i}]"), "must be a dict"),
                )
            })?;
            let get = |k: &str| d.get_item(k);
            let student: i64 = required(d, "student", i)?.extract()?;
            let subject: i64 = required(d, "subject", i)?.extract()?;
            let date: Date = crate::ids::date(&required(d, "date", i)?).map_err(|e| {
                crate::errors::to_py_err(
                    d.py(),
                    core::Error::invalid(format!("marks[{i}].date"), e.to_string()),
                )
            })?;
            let work_kind: i64 = required(d, "work_kind", i)?.extract()?;
            let value = get("value")?.unwrap_or_else(|| py.None().into_bound(py));
            let (entry, out_of, weight, counting) = (
                get("entry")?,
                get("out_of")?,
                get("weight")?,
                get("counting")?,
            );
            let retake_of: Option<i64> = match get("retake_of")? {
                Some(v) if !v.is_none() => Some(v.extract()?),
                _ => None,
            };
            batch.push(new_mark(
                student,
                subject,
                date,
                &value,
                work_kind,
                entry.as_ref(),
                out_of.as_ref(),
                opt_str(d, "scale")?,
                weight.as_ref(),
                counting.as_ref(),
                opt_str(d, "comment")?,
                retake_of,
            )?);
        }
        self.with(py, actor, move |d, a| d.record_marks(a, &batch))
            .map(|ids| ids.into_iter().map(|i| i.0).collect())
    }

    /// Changes a mark; `reason` is required and kept in its history.
    #[pyo3(signature = (actor, mark, reason, *, value=None, weight=None, comment=None, counting=None, work_kind=None, entry=None))]
    #[allow(clippy::too_many_arguments)]
    fn change_mark(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::mark)] mark: i64,
        reason: String,
        value: Option<&Bound<'_, PyAny>>,
        weight: Option<&Bound<'_, PyAny>>,
        comment: Option<String>,
        counting: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = crate::ids::opt_work_kind)] work_kind: Option<i64>,
        entry: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Mark> {
        let edit = core::MarkEdit {
            entry: entry
                .map(|e| enum_arg(e, "entry", core::EntryKind::parse))
                .transpose()?,
            value: value
                .map(|v| v.str().and_then(|s| s.extract()))
                .transpose()?,
            out_of: None,
            work_kind: work_kind.map(WorkKindId),
            weight: weight.map(|w| decimal_arg(w, "weight")).transpose()?,
            counting: counting
                .map(|c| enum_arg(c, "counting", core::Counting::parse))
                .transpose()?,
            comment,
        };
        self.with(py, actor, move |d, a| {
            d.change_mark(a, MarkId(mark), &edit, &reason)
        })
        .map(Into::into)
    }

    /// Every subject's average of a student for a period: `{subject: Average}`.
    fn subject_averages(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::student)] student: i64,
        #[pyo3(from_py_with = crate::ids::period)] period: i64,
    ) -> PyResult<std::collections::BTreeMap<i64, Average>> {
        self.with(py, actor, |d, a| {
            d.subject_averages(a, PersonId(student), PeriodId(period))
        })
        .map(|v| {
            v.into_iter()
                .map(|s| (s.subject.0, s.average.into()))
                .collect()
        })
    }

    /// The mean of a student's subject averages for a period (exact), or None.
    fn overall_average(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::student)] student: i64,
        #[pyo3(from_py_with = crate::ids::period)] period: i64,
    ) -> PyResult<Option<crate::convert::Fraction>> {
        self.with(py, actor, |d, a| {
            d.overall_average(a, PersonId(student), PeriodId(period))
        })
        .map(|v| v.map(crate::convert::Fraction))
    }

    /// A student's (position, of) in the class, or None without an average.
    fn class_rank(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::student)] student: i64,
        #[pyo3(from_py_with = crate::ids::subject)] subject: i64,
        #[pyo3(from_py_with = crate::ids::period)] period: i64,
    ) -> PyResult<Option<(usize, usize)>> {
        self.with(py, actor, |d, a| {
            d.class_rank(a, PersonId(student), SubjectId(subject), PeriodId(period))
        })
        .map(|r| r.map(|r| (r.position, r.of)))
    }

    /// Confirms the derived period mark, or sets `mark` with a `reason`.
    #[pyo3(signature = (actor, student, subject, period, *, mark=None, reason=None))]
    fn confirm_period_mark(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::student)] student: i64,
        #[pyo3(from_py_with = crate::ids::subject)] subject: i64,
        #[pyo3(from_py_with = crate::ids::period)] period: i64,
        mark: Option<String>,
        reason: Option<String>,
    ) -> PyResult<FinalMark> {
        self.with(py, actor, move |d, a| {
            d.confirm_period_mark(
                a,
                PersonId(student),
                SubjectId(subject),
                PeriodId(period),
                mark.as_deref(),
                reason.as_deref(),
            )
        })
        .map(Into::into)
    }

    /// Confirms or sets the year mark (a reason is needed for an override).
    #[pyo3(signature = (actor, student, subject, year, *, mark=None, reason=None))]
    fn confirm_year_mark(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::student)] student: i64,
        #[pyo3(from_py_with = crate::ids::subject)] subject: i64,
        #[pyo3(from_py_with = crate::ids::year)] year: i64,
        mark: Option<String>,
        reason: Option<String>,
    ) -> PyResult<FinalMark> {
        self.with(py, actor, move |d, a| {
            d.confirm_year_mark(
                a,
                PersonId(student),
                SubjectId(subject),
                YearId(year),
                mark.as_deref(),
                reason.as_deref(),
            )
        })
        .map(Into::into)
    }

    /// Records an exam mark for the year.
    fn set_exam_mark(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::student)] student: i64,
        #[pyo3(from_py_with = crate::ids::subject)] subject: i64,
        #[pyo3(from_py_with = crate::ids::year)] year: i64,
        mark: String,
    ) -> PyResult<()> {
        self.with(py, actor, move |d, a| {
            d.set_exam_mark(
                a,
                PersonId(student),
                SubjectId(subject),
                YearId(year),
                &mark,
            )
        })
    }

    /// Closes a period (school admins).
    fn close_period(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::period)] period: i64,
    ) -> PyResult<()> {
        self.with(py, actor, |d, a| {
            d.close_period(a, PeriodId(period)).map(drop)
        })
    }

    /// Reopens a period (school admins).
    fn reopen_period(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::period)] period: i64,
    ) -> PyResult<()> {
        self.with(py, actor, |d, a| {
            d.reopen_period(a, PeriodId(period)).map(drop)
        })
    }

    /// The progress chart as an SVG document.
    #[pyo3(signature = (actor, student, subject, period, *, width=640, height=320))]
    fn progress_chart_svg(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::student)] student: i64,
        #[pyo3(from_py_with = crate::ids::subject)] subject: i64,
        #[pyo3(from_py_with = crate::ids::period)] period: i64,
        #[pyo3(from_py_with = crate::ids::width)] width: u32,
        #[pyo3(from_py_with = crate::ids::height)] height: u32,
    ) -> PyResult<String> {
        self.with(py, actor, |d, a| {
            d.progress_chart_svg(
                a,
                PersonId(student),
                SubjectId(subject),
                PeriodId(period),
                width,
                height,
            )
        })
    }

    /// The average if hypothetical marks were added (nothing stored):
    /// `marks` is a list of dicts `{"value": "5", "work_kind": id, "weight": Decimal(...)}`.
    fn what_if(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::student)] student: i64,
        #[pyo3(from_py_with = crate::ids::subject)] subject: i64,
        #[pyo3(from_py_with = crate::ids::period)] period: i64,
        marks: &Bound<'_, PyAny>,
    ) -> PyResult<Average> {
        let extra: Vec<core::HypotheticalMark> = from_py_json(marks, "marks")?;
        self.with(py, actor, move |d, a| {
            d.what_if(
                a,
                PersonId(student),
                SubjectId(subject),
                PeriodId(period),
                &extra,
            )
        })
        .map(Into::into)
    }

    /// Ways to reach `target` as the period mark, fewest marks first.
    fn plan_target(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::student)] student: i64,
        #[pyo3(from_py_with = crate::ids::subject)] subject: i64,
        #[pyo3(from_py_with = crate::ids::period)] period: i64,
        target: String,
    ) -> PyResult<Vec<PlanOption>> {
        self.with(py, actor, move |d, a| {
            d.plan_target(
                a,
                PersonId(student),
                SubjectId(subject),
                PeriodId(period),
                &target,
            )
        })
        .map(list)
    }

    /// Every (student, subject, period) weighted average of a school's year (admins).
    fn school_period_averages(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::year)] year: i64,
    ) -> PyResult<Vec<PeriodAverage>> {
        self.with(py, actor, |d, a| d.school_period_averages(a, YearId(year)))
            .map(list)
    }
}
