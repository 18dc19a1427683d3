//! Class marks and averages for analysis: a list of dicts, or a columnar
//! dict (`{"student": [...], "value": [...]}`) that `pandas.DataFrame(...)`
//! and `polars.DataFrame(...)` take directly.

use crate::actor::PyActor;
use crate::convert::{Dec, DecText, Fraction};
use crate::diary::PyDiary;
use diary_core as core;
use diary_core::grading::Ratio;
use diary_core::{ClassId, PeriodId, SubjectId};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

/// A cell value: exact Decimal by default, a float only when asked for.
fn number<'py>(py: Python<'py>, r: Ratio, as_float: bool) -> PyResult<Bound<'py, PyAny>> {
    if as_float {
        // Only on request, for plotting and statistics libraries.
        Ok((r.numer() as f64 / r.denom() as f64)
            .into_pyobject(py)?
            .into_any())
    } else {
        (&Dec(r)).into_pyobject(py)
    }
}

/// Turns rows (as ordered (column, value) pairs) into a list of dicts or a
/// dict of lists.
fn shape<'py>(
    py: Python<'py>,
    columns: &[&str],
    rows: Vec<Vec<Bound<'py, PyAny>>>,
    columnar: bool,
) -> PyResult<Bound<'py, PyAny>> {
    if columnar {
        let out = PyDict::new(py);
        for (i, name) in columns.iter().enumerate() {
            let col = PyList::empty(py);
            for r in &rows {
                col.append(&r[i])?;
            }
            out.set_item(name, col)?;
        }
        Ok(out.into_any())
    } else {
        let out = PyList::empty(py);
        for r in rows {
            let d = PyDict::new(py);
            for (name, v) in columns.iter().zip(r) {
                d.set_item(name, v)?;
            }
            out.append(d)?;
        }
        Ok(out.into_any())
    }
}

impl PyDiary {
    /// A class's visible marks with names (`class_marks` and its Arrow form).
    pub(crate) fn class_mark_records(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        class_id: i64,
        period: i64,
        subject: Option<i64>,
    ) -> PyResult<Vec<core::MarkRecord>> {
        self.with(py, actor, |d, a| {
            d.class_marks(
                a,
                ClassId(class_id),
                PeriodId(period),
                subject.map(SubjectId),
            )
        })
    }

    /// A class's explained averages with names (`class_averages` and its
    /// Arrow form).
    pub(crate) fn class_average_records(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        class_id: i64,
        period: i64,
        subject: Option<i64>,
    ) -> PyResult<Vec<core::AverageRecord>> {
        self.with(py, actor, |d, a| {
            d.class_averages(
                a,
                ClassId(class_id),
                PeriodId(period),
                subject.map(SubjectId),
            )
        })
    }
}

#[pymethods]
impl PyDiary {
    /// A class's marks in a period (one subject or all) that the actor may
    /// see, as a list of dicts, or with `columns=True` as a dict of lists for
    /// `pandas.DataFrame` / `polars.DataFrame`. Keys: `mark`, `student`,
    /// `student_name`, `subject`, `subject_name`, `date`, `entry`, `label`,
    /// `value`, `weight`, `work_kind`, `counts`. Values are `Decimal` unless
    /// `as_float=True`; `class_marks_arrow` gives the same as an Arrow table.
    #[pyo3(signature = (actor, class_id, period, *, subject=None, columns=false, as_float=false))]
    #[allow(clippy::too_many_arguments)]
    fn class_marks<'py>(
        &self,
        py: Python<'py>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::class_id)] class_id: i64,
        #[pyo3(from_py_with = crate::ids::period)] period: i64,
        #[pyo3(from_py_with = crate::ids::opt_subject)] subject: Option<i64>,
        columns: bool,
        as_float: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let recs = self.class_mark_records(py, actor, class_id, period, subject)?;
        const COLS: [&str; 12] = [
            "mark",
            "student",
            "student_name",
            "subject",
            "subject_name",
            "date",
            "entry",
            "label",
            "value",
            "weight",
            "work_kind",
            "counts",
        ];
        let rows = recs
            .into_iter()
            .map(|r: core::MarkRecord| -> PyResult<Vec<Bound<'py, PyAny>>> {
                let m = r.mark;
                Ok(vec![
                    m.id.0.into_pyobject(py)?.into_any(),
                    m.student.0.into_pyobject(py)?.into_any(),
                    r.student_name.into_pyobject(py)?.into_any(),
                    m.subject.0.into_pyobject(py)?.into_any(),
                    r.subject_name.into_pyobject(py)?.into_any(),
                    m.date.into_pyobject(py)?.into_any(),
                    m.entry.as_str().into_pyobject(py)?.into_any(),
                    m.label.into_pyobject(py)?.into_any(),
                    number(py, m.value, as_float)?,
                    number(py, m.weight, as_float)?,
                    m.work_kind.0.into_pyobject(py)?.into_any(),
                    (m.entry == core::EntryKind::Grade && m.counting != core::Counting::Never)
                        .into_pyobject(py)?
                        .to_owned()
                        .into_any(),
                ])
            })
            .collect::<PyResult<Vec<_>>>()?;
        shape(py, &COLS, rows, columns)
    }

    /// Every visible student's average per subject in a period, as rows or
    /// columns (see `class_marks`). Keys: `student`, `student_name`,
    /// `subject`, `subject_name`, `average` (the rounded value, `Decimal`,
    /// or float with `as_float=True`), `exact` (a `Fraction`), `mark`,
    /// `marks` (how many counted), `certified`.
    #[pyo3(signature = (actor, class_id, period, *, subject=None, columns=false, as_float=false))]
    #[allow(clippy::too_many_arguments)]
    fn class_averages<'py>(
        &self,
        py: Python<'py>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::class_id)] class_id: i64,
        #[pyo3(from_py_with = crate::ids::period)] period: i64,
        #[pyo3(from_py_with = crate::ids::opt_subject)] subject: Option<i64>,
        columns: bool,
        as_float: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let recs = self.class_average_records(py, actor, class_id, period, subject)?;
        const COLS: [&str; 9] = [
            "student",
            "student_name",
            "subject",
            "subject_name",
            "average",
            "exact",
            "mark",
            "marks",
            "certified",
        ];
        let rows = recs
            .into_iter()
            .map(
                |r: core::AverageRecord| -> PyResult<Vec<Bound<'py, PyAny>>> {
                    let a = r.average;
                    let none = || py.None().into_bound(py);
                    Ok(vec![
                        r.student.0.into_pyobject(py)?.into_any(),
                        r.student_name.into_pyobject(py)?.into_any(),
                        r.subject.0.into_pyobject(py)?.into_any(),
                        r.subject_name.into_pyobject(py)?.into_any(),
                        match (a.rounded, &a.display) {
                            (Some(v), _) if as_float => number(py, v, true)?,
                            (Some(_), Some(text)) => (&DecText(text.clone())).into_pyobject(py)?,
                            _ => none(),
                        },
                        match a.exact {
                            Some(v) => (&Fraction(v)).into_pyobject(py)?,
                            None => none(),
                        },
                        match a.mark {
                            Some(m) => m.into_pyobject(py)?.into_any(),
                            None => none(),
                        },
                        a.counted.len().into_pyobject(py)?.into_any(),
                        a.certified.into_pyobject(py)?.to_owned().into_any(),
                    ])
                },
            )
            .collect::<PyResult<Vec<_>>>()?;
        shape(py, &COLS, rows, columns)
    }
}
