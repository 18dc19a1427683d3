//! OneRoster 1.2 CSV: a school's roster and gradebook as files, and the
//! checker of file sets (`schooldiary.oneroster.check`).

use crate::actor::PyActor;
use crate::convert::{run, to_py_json};
use crate::diary::PyDiary;
use crate::ids::id_arg;
use diary_core as core;
use pyo3::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;

fn school_arg(school: Option<&Bound<'_, PyAny>>) -> PyResult<Option<core::SchoolId>> {
    school
        .filter(|s| !s.is_none())
        .map(|s| id_arg(s, "school").map(core::SchoolId))
        .transpose()
}

#[pymethods]
impl PyDiary {
    /// A school's roster and gradebook as a OneRoster 1.2 CSV bulk file
    /// set: a dict of file name → CSV text (``manifest.csv``,
    /// ``orgs.csv``, ``academicSessions.csv``, ``courses.csv``,
    /// ``classes.csv``, ``users.csv``, ``roles.csv``, ``enrollments.csv``,
    /// ``demographics.csv``, ``categories.csv``, ``lineItems.csv``,
    /// ``results.csv``, ``scoreScales.csv``). ``school`` None: every
    /// school (the operator). For the school's admins and the operator;
    /// each child's data read is logged.
    #[pyo3(signature = (actor, school=None))]
    fn export_oneroster(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        school: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<BTreeMap<String, String>> {
        let school = school_arg(school)?;
        self.with(py, actor, move |d, a| d.export_oneroster(a, school))
    }

    /// Writes ``export_oneroster``'s files into the folder ``dir`` (created
    /// if missing) and returns their names.
    #[pyo3(signature = (actor, dir, school=None))]
    fn export_oneroster_to_dir(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        dir: PathBuf,
        school: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<String>> {
        let school = school_arg(school)?;
        self.with(py, actor, move |d, a| {
            d.export_oneroster_to_dir(a, school, &dir)
        })
    }
}

#[pymethods]
impl PyDiary {
    /// Imports a OneRoster 1.2 CSV file set — a folder of ``.csv`` files,
    /// or a dict of file name → text: schools, years and periods,
    /// subjects, classes, sections and groups, people, staff, guardians,
    /// enrolments, teaching assignments, class teachers, kinds of work and
    /// marks, created or
    /// found again (by the sourcedIds of an earlier import, by SNILS, or by
    /// name and dates). All or nothing: with any problem, or with
    /// ``dry_run``, nothing is stored. Returns the report as a dict
    /// (``OneRosterImportDict``): ``applied``, ``problems`` (as
    /// ``schooldiary.oneroster.check`` gives them), and per file the rows
    /// that ``created``, ``found`` or ``skipped`` something.
    #[pyo3(signature = (actor, source, dry_run=false))]
    fn import_oneroster<'py>(
        &self,
        py: Python<'py>,
        actor: &PyActor,
        source: &Bound<'py, PyAny>,
        dry_run: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let report = if let Ok(files) = source.extract::<BTreeMap<String, String>>() {
            self.with(py, actor, move |d, a| {
                d.import_oneroster(a, &files, dry_run)
            })?
        } else {
            let dir: PathBuf = source.extract()?;
            self.with(py, actor, move |d, a| {
                d.import_oneroster_dir(a, &dir, dry_run)
            })?
        };
        to_py_json(py, &report)
    }
}

/// The problems of a OneRoster 1.2 CSV file set (a folder, or a dict of
/// file name → text) as dicts, see `schooldiary.oneroster.check`.
#[pyfunction]
pub fn _oneroster_check<'py>(
    py: Python<'py>,
    source: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let problems = if let Ok(files) = source.extract::<BTreeMap<String, String>>() {
        run(py, move || Ok(core::oneroster::check(&files)))?
    } else {
        let dir: PathBuf = source.extract()?;
        run(py, move || core::oneroster::check_dir(&dir))?
    };
    to_py_json(py, &problems)
}
