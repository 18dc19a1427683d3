//! `Diary` methods of the hardening work: transfer codes, regional officers
//! without a school, the minimum group size of aggregates, access-log
//! anchors and the operator's schema repair.

use crate::actor::PyActor;
use crate::convert::run;
use crate::diary::PyDiary;
use crate::records::{Enrolment, Person};
use diary_core as core;
use diary_core::{ClassId, PersonId};
use pyo3::prelude::*;
use std::path::PathBuf;
use time::{Date, OffsetDateTime};

record! {
    /// A one-time transfer code: the student's school consents to another
    /// school enrolling the student. Shown once.
    TransferCode {
        /// The code, `ABCD-EFGH-JKMN` (case, spaces and hyphens are ignored
        /// when it is entered).
        code: String,
        /// The student it releases.
        student: i64,
        /// When it stops working (aware, UTC).
        expires_at: OffsetDateTime,
    }
}

#[pymethods]
impl PyDiary {
    /// Issues a one-time transfer code for `student` (an admin of the
    /// school of the student's latest enrolment); another school's admin
    /// enrols the student with `enrol_with_transfer_code`. A school can
    /// otherwise enrol only people it already knows.
    fn issue_transfer_code(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::student)] student: i64,
    ) -> PyResult<TransferCode> {
        self.with(py, actor, move |d, a| {
            d.issue_transfer_code(a, PersonId(student))
        })
        .map(|c| TransferCode {
            code: c.code,
            student: c.student.0,
            expires_at: c.expires_at,
        })
    }

    /// Enrols the student a transfer code releases in `class_id` from
    /// `start` (an admin of the class's school). A wrong, used or expired
    /// code raises `InvalidInput` (field "code") without saying which.
    fn enrol_with_transfer_code(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        code: String,
        #[pyo3(from_py_with = crate::ids::class_id)] class_id: i64,
        #[pyo3(from_py_with = crate::ids::date)] start: Date,
    ) -> PyResult<Enrolment> {
        self.with(py, actor, move |d, a| {
            d.enrol_with_transfer_code(a, &code, ClassId(class_id), start)
        })
        .map(Into::into)
    }

    /// Registers a read-only regional officer of `region` (the operator
    /// only): a person with no school, who reads only the region's
    /// aggregates.
    #[pyo3(signature = (actor, surname, first_name, birth_date, region, *, patronymic=None, snils=None))]
    #[allow(clippy::too_many_arguments)]
    fn register_regional_officer(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        surname: String,
        first_name: String,
        #[pyo3(from_py_with = crate::ids::date)] birth_date: Date,
        region: String,
        patronymic: Option<String>,
        snils: Option<String>,
    ) -> PyResult<Person> {
        let new = core::NewPerson {
            surname,
            first_name,
            patronymic,
            birth_date,
            snils,
        };
        self.with(py, actor, move |d, a| {
            d.register_regional_officer(a, &new, &region)
        })
        .map(Into::into)
    }

    /// The smallest group of students an aggregate may describe to people
    /// outside the children's circle (regional statistics; class
    /// statistics for families): 5–1000, default 10.
    fn min_group_size(&self, py: Python<'_>) -> PyResult<u32> {
        let d = self.get(py)?;
        run(py, move || d.min_group_size())
    }

    /// Sets the minimum group size (the operator only; 5–1000).
    fn set_min_group_size(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::n)] n: u32,
    ) -> PyResult<()> {
        self.with(py, actor, move |d, a| d.set_min_group_size(a, n))
    }

    /// An anchor `(id, hash)` of the access log to keep outside the file,
    /// or None when it covers no entry: admins anchor their schools'
    /// chains, the operator every chain; `hash` is a digest of each
    /// chain's newest entry up to `id`. Verify it as the same kind of actor.
    fn access_log_head(&self, py: Python<'_>, actor: &PyActor) -> PyResult<Option<(i64, String)>> {
        self.with(py, actor, |d, a| d.access_log_head(a))
            .map(|h| h.map(|a| (a.id, a.hash)))
    }

    /// Verifies the chains and that an anchor from `access_log_head` still
    /// matches: `(entries, first_broken, anchor_matches)`; a chain cut
    /// short or rewritten up to the anchor gives `anchor_matches == False`.
    fn verify_access_log_against(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::anchor_id)] anchor_id: i64,
        anchor_hash: String,
    ) -> PyResult<(u64, Option<i64>, bool)> {
        let anchor = core::LogAnchor {
            id: anchor_id,
            hash: anchor_hash,
        };
        self.with(py, actor, move |d, a| {
            d.verify_access_log_against(a, &anchor)
        })
        .map(|v| (v.entries, v.first_broken, v.anchor_matches == Some(true)))
    }

    /// Checks the file's integrity (`quick`: SQLite's quick_check, else the
    /// full integrity_check); raises `Corrupt` naming the first problems.
    #[pyo3(signature = (*, quick=true))]
    fn check(&self, py: Python<'_>, quick: bool) -> PyResult<()> {
        let d = self.get(py)?;
        run(py, move || d.check(quick))
    }

    /// Copies the whole diary into a new file at `path` while other
    /// processes go on reading and writing (the operator only).
    fn backup_to(&self, py: Python<'_>, actor: &PyActor, path: PathBuf) -> PyResult<()> {
        self.with(py, actor, move |d, a| d.backup_to(a, &path))
    }

    /// Restores a backup over `target` after checking it (a diary, the
    /// library's schema, integrity_check clean); a backup that fails leaves
    /// `target` untouched. No connection may be open on `target`.
    #[staticmethod]
    fn restore(py: Python<'_>, backup: PathBuf, target: PathBuf) -> PyResult<()> {
        run(py, move || core::Diary::restore(&backup, &target))
    }

    /// Repairs a file refused with `Corrupt` because its triggers or
    /// indexes are not the library's own (the operator, with the file closed
    /// elsewhere); returns what was repaired. Tables cannot be repaired.
    #[staticmethod]
    fn repair_schema(py: Python<'_>, path: PathBuf) -> PyResult<Vec<String>> {
        run(py, move || core::Diary::repair_schema(&path))
    }
}

/// Registers the classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<TransferCode>()?;
    Ok(())
}
