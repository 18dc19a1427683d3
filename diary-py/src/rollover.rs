//! Year rollover: the plan and the report are dicts (``YearRolloverInput``
//! and ``RolloverReportDict`` in ``schooldiary.types``).

use crate::actor::PyActor;
use crate::convert::{from_py_json, to_py_json};
use crate::diary::PyDiary;
use diary_core as core;
use pyo3::prelude::*;

#[pymethods]
impl PyDiary {
    /// Closes ``plan["from_year"]`` and creates the next year from it (the
    /// school's admins), or with ``dry_run`` only reports what would happen
    /// and stores nothing. ``plan``: ``new_year`` ``{"label", "start",
    /// "end"}`` (dates), ``final_grade`` (1–12, default 11),
    /// ``letters`` (pairs ``(class_id, "B")`` renaming promoted classes),
    /// ``repeating`` and ``leaving`` (student ids), ``copy_periods`` and
    /// ``copy_assignments`` (default True). Every class below the final
    /// grade moves up with its class teacher, groups and assignments;
    /// every open enrolment of the old year ends as promoted, repeating,
    /// graduated or left. One transaction. Returns the report as a dict.
    #[pyo3(signature = (actor, plan, dry_run=false))]
    fn roll_over_year<'py>(
        &self,
        py: Python<'py>,
        actor: &PyActor,
        plan: &Bound<'py, PyAny>,
        dry_run: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let plan: core::YearRollover = from_py_json(plan, "plan")?;
        let report = self.with(py, actor, move |d, a| d.roll_over_year(a, &plan, dry_run))?;
        to_py_json(py, &report)
    }

    /// The report of a year's rollover once done (the school's admins), or
    /// None while it was not rolled over.
    #[pyo3(signature = (actor, year))]
    fn rollover_report<'py>(
        &self,
        py: Python<'py>,
        actor: &PyActor,
        year: &Bound<'py, PyAny>,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let year = core::YearId(crate::ids::id_arg(year, "year")?);
        let report = self.with(py, actor, move |d, a| d.rollover_report(a, year))?;
        report.map(|r| to_py_json(py, &r)).transpose()
    }
}
