//! The `Diary` class: an open diary file (or in-memory diary).

use crate::actor::{PyActor, PyManualClock};
use crate::convert::list;
use crate::convert::{enum_arg, run};
use crate::records::*;
use diary_core as core;
use diary_core::{ClassId, EnrolmentId, GroupId, PersonId, SchoolId, YearId};
use pyo3::prelude::*;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use time::Date;

/// An open school diary, backed by one SQLite file (or memory).
///
/// Use `Diary.open(path)` or `Diary.in_memory()`, ideally as a context
/// manager. Every method takes the acting identity (`Actor`) first and is
/// checked by the access rules. Calls release the GIL; a diary may be used
/// from several threads.
#[pyclass(frozen, module = "schooldiary", name = "Diary")]
#[derive(Debug)]
pub struct PyDiary {
    inner: RwLock<Option<Arc<core::Diary>>>,
}

fn options(
    py: Python<'_>,
    clock: Option<&PyManualClock>,
    delivery: Option<Py<PyAny>>,
) -> PyResult<core::OpenOptions> {
    let mut o = core::OpenOptions::default();
    if let Some(c) = clock {
        o.clock = c.inner.clone();
    }
    o.delivery = crate::recovery::delivery(py, delivery)?;
    Ok(o)
}

impl PyDiary {
    pub(crate) fn get(&self, py: Python<'_>) -> PyResult<Arc<core::Diary>> {
        let guard = self.inner.read().unwrap_or_else(|p| p.into_inner());
        guard.clone().ok_or_else(|| {
            crate::errors::to_py_err(py, core::Error::invalid("diary", "the diary is closed"))
        })
    }

    /// Runs `f` on the diary with the core actor, without the GIL.
    pub(crate) fn with<T: Send>(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        f: impl FnOnce(&core::Diary, &core::Actor) -> core::Result<T> + Send,
    ) -> PyResult<T> {
        let d = self.get(py)?;
        let a = actor.inner;
        run(py, move || f(&d, &a))
    }
}

#[pymethods]
impl PyDiary {
    /// Opens the existing diary file at `path`; a missing or empty file
    /// raises `NotADiary` (a mistyped path never becomes a new, empty
    /// diary: create one with `Diary.create`).
    ///
    /// Raises `NotADiary` for a file that is not a diary database and
    /// `VersionTooNew` for one written by a newer diary; either file is left
    /// untouched. `delivery`, if given, is called with a dict for each
    /// message the host must send (recovery codes, reset tokens, notices):
    /// keys `kind` ("email"/"phone"), `address`, `purpose`, `secret`, `text`.
    ///
    /// `mode` is "existing" (the default), "create" (as `Diary.create`) or
    /// "read_only" (nothing is written: changes and reads of children's
    /// data, which must be logged, raise `ReadOnly`). `busy_timeout` is how
    /// many seconds a call waits for another process's lock before it
    /// raises `Busy` (safe to retry); default 5.
    ///
    /// Example::
    ///
    ///     with diary.Diary.open("school.diary") as d:
    ///         schools = d.schools(diary.Actor.operator())
    #[staticmethod]
    #[pyo3(signature = (path, *, clock=None, delivery=None, mode="existing", busy_timeout=None))]
    fn open(
        py: Python<'_>,
        path: PathBuf,
        clock: Option<PyRef<'_, PyManualClock>>,
        delivery: Option<Py<PyAny>>,
        mode: &str,
        busy_timeout: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let mode = match mode {
            "create" => core::OpenMode::Create,
            "existing" => core::OpenMode::Existing,
            "read_only" => core::OpenMode::ReadOnly,
            _ => {
                return Err(crate::errors::to_py_err(
                    py,
                    core::Error::invalid(
                        "mode",
                        "must be \"existing\", \"create\" or \"read_only\"",
                    ),
                ))
            }
        };
        open_file(py, path, clock.as_deref(), delivery, mode, busy_timeout)
    }

    /// Opens the diary file at `path`, creating a new, empty diary when the
    /// file does not exist or is empty. Otherwise as `Diary.open`.
    ///
    /// Example::
    ///
    ///     with diary.Diary.create("school.diary") as d:
    ///         school = d.create_school(diary.Actor.operator(), "School No. 1",
    ///                                  "Moscow", "Europe/Moscow")
    #[staticmethod]
    #[pyo3(signature = (path, *, clock=None, delivery=None, busy_timeout=None))]
    fn create(
        py: Python<'_>,
        path: PathBuf,
        clock: Option<PyRef<'_, PyManualClock>>,
        delivery: Option<Py<PyAny>>,
        busy_timeout: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        open_file(
            py,
            path,
            clock.as_deref(),
            delivery,
            core::OpenMode::Create,
            busy_timeout,
        )
    }

    /// A private diary in memory, for tests and scripts.
    #[staticmethod]
    #[pyo3(signature = (*, clock=None, delivery=None))]
    fn in_memory(
        py: Python<'_>,
        clock: Option<PyRef<'_, PyManualClock>>,
        delivery: Option<Py<PyAny>>,
    ) -> PyResult<Self> {
        let opts = options(py, clock.as_deref(), delivery)?;
        let d = run(py, move || core::Diary::open_in_memory_with(opts))?;
        Ok(PyDiary {
            inner: RwLock::new(Some(Arc::new(d))),
        })
    }

    /// Closes the diary; later calls raise `InvalidInput`. Calls already
    /// running in other threads finish first.
    fn close(&self) {
        self.inner.write().unwrap_or_else(|p| p.into_inner()).take();
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __exit__(&self, _exc_type: Py<PyAny>, _exc: Py<PyAny>, _tb: Py<PyAny>) -> bool {
        self.close();
        false
    }

    /// The schema version of the open file.
    #[getter]
    fn schema_version(&self, py: Python<'_>) -> PyResult<i64> {
        let d = self.get(py)?;
        run(py, move || d.schema_version())
    }

    // --- schools and calendar -------------------------------------------

    /// Creates a school (operator only). `time_zone` is an IANA name.
    #[pyo3(signature = (actor, name, region, time_zone, *, days_per_week=5))]
    fn create_school(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        name: String,
        region: String,
        time_zone: String,
        #[pyo3(from_py_with = crate::ids::days_per_week)] days_per_week: u8,
    ) -> PyResult<School> {
        let new = core::NewSchool {
            name,
            region,
            time_zone,
            days_per_week,
        };
        self.with(py, actor, move |d, a| d.create_school(a, &new))
            .map(Into::into)
    }

    /// One school (its members and the operator).
    fn school(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::school)] school: i64,
    ) -> PyResult<School> {
        self.with(py, actor, |d, a| d.school(a, SchoolId(school)))
            .map(Into::into)
    }

    /// The schools the actor belongs to (all of them, for the operator).
    fn schools(&self, py: Python<'_>, actor: &PyActor) -> PyResult<Vec<School>> {
        self.with(py, actor, |d, a| d.schools(a)).map(list)
    }

    /// The school's whole structure: subjects, holidays, years with periods,
    /// classes, groups and teaching assignments.
    fn school_overview(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::school)] school: i64,
    ) -> PyResult<SchoolOverview> {
        self.with(py, actor, |d, a| d.school_overview(a, SchoolId(school)))
            .map(Into::into)
    }

    /// Adds an academic year (school admins); years must not overlap.
    fn create_year(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::school)] school: i64,
        label: String,
        #[pyo3(from_py_with = crate::ids::date)] start: Date,
        #[pyo3(from_py_with = crate::ids::date)] end: Date,
    ) -> PyResult<AcademicYear> {
        let new = core::NewYear { label, start, end };
        self.with(py, actor, move |d, a| {
            d.create_year(a, SchoolId(school), &new)
        })
        .map(Into::into)
    }

    /// The academic years of a school, oldest first.
    fn years(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::school)] school: i64,
    ) -> PyResult<Vec<AcademicYear>> {
        self.with(py, actor, |d, a| d.years(a, SchoolId(school)))
            .map(list)
    }

    /// Adds a period (`PeriodKind`) to a year (school admins). It must lie
    /// inside the year and overlap no period of the same kind.
    fn add_period(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::year)] year: i64,
        kind: &Bound<'_, PyAny>,
        name: String,
        #[pyo3(from_py_with = crate::ids::date)] start: Date,
        #[pyo3(from_py_with = crate::ids::date)] end: Date,
    ) -> PyResult<Period> {
        let new = core::NewPeriod {
            kind: enum_arg(kind, "kind", core::PeriodKind::parse)?,
            name,
            start,
            end,
        };
        self.with(py, actor, move |d, a| d.add_period(a, YearId(year), &new))
            .map(Into::into)
    }

    /// The periods of a year, in date order.
    fn periods(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::year)] year: i64,
    ) -> PyResult<Vec<Period>> {
        self.with(py, actor, |d, a| d.periods(a, YearId(year)))
            .map(list)
    }

    /// Adds holidays or non-working days (school admins); `last_day`
    /// defaults to `first_day`.
    #[pyo3(signature = (actor, school, name, first_day, last_day=None))]
    fn add_holiday(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::school)] school: i64,
        name: String,
        #[pyo3(from_py_with = crate::ids::date)] first_day: Date,
        #[pyo3(from_py_with = crate::ids::optional_date)] last_day: Option<Date>,
    ) -> PyResult<Holiday> {
        let new = core::NewHoliday {
            name,
            first_day,
            last_day: last_day.unwrap_or(first_day),
        };
        self.with(py, actor, move |d, a| {
            d.add_holiday(a, SchoolId(school), &new)
        })
        .map(Into::into)
    }

    /// A school's holidays, in date order.
    fn holidays(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::school)] school: i64,
    ) -> PyResult<Vec<Holiday>> {
        self.with(py, actor, |d, a| d.holidays(a, SchoolId(school)))
            .map(list)
    }

    /// Whether lessons are held at the school on `day`.
    fn is_working_day(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::school)] school: i64,
        #[pyo3(from_py_with = crate::ids::date)] day: Date,
    ) -> PyResult<bool> {
        self.with(py, actor, |d, a| d.is_working_day(a, SchoolId(school), day))
    }

    // --- classes, subjects, groups, assignments ---------------------------

    /// Creates a class, e.g. grade 5 letter "A" (school admins).
    #[pyo3(signature = (actor, year, grade, letter, *, class_teacher=None))]
    fn create_class(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::year)] year: i64,
        #[pyo3(from_py_with = crate::ids::grade)] grade: u8,
        letter: String,
        #[pyo3(from_py_with = crate::ids::opt_class_teacher)] class_teacher: Option<i64>,
    ) -> PyResult<Class> {
        let new = core::NewClass {
            grade,
            letter,
            class_teacher: class_teacher.map(PersonId),
        };
        self.with(py, actor, move |d, a| d.create_class(a, YearId(year), &new))
            .map(Into::into)
    }

    /// Appoints (or with None removes) the class teacher (school admins).
    fn set_class_teacher(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::class_id)] class_id: i64,
        #[pyo3(from_py_with = crate::ids::opt_teacher)] teacher: Option<i64>,
    ) -> PyResult<Class> {
        self.with(py, actor, |d, a| {
            d.set_class_teacher(a, ClassId(class_id), teacher.map(PersonId))
        })
        .map(Into::into)
    }

    /// One class.
    fn school_class(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::class_id)] class_id: i64,
    ) -> PyResult<Class> {
        self.with(py, actor, |d, a| d.class(a, ClassId(class_id)))
            .map(Into::into)
    }

    /// The classes of a year, by grade and letter.
    fn classes(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::year)] year: i64,
    ) -> PyResult<Vec<Class>> {
        self.with(py, actor, |d, a| d.classes(a, YearId(year)))
            .map(list)
    }

    /// Adds a subject to a school (school admins).
    fn create_subject(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::school)] school: i64,
        name: String,
    ) -> PyResult<Subject> {
        self.with(py, actor, move |d, a| {
            d.create_subject(a, SchoolId(school), &name)
        })
        .map(Into::into)
    }

    /// The subjects of a school, by name.
    fn subjects(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::school)] school: i64,
    ) -> PyResult<Vec<Subject>> {
        self.with(py, actor, |d, a| d.subjects(a, SchoolId(school)))
            .map(list)
    }

    /// Adds a sub-group (e.g. a language group) to a class (school admins).
    fn create_group(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::class_id)] class_id: i64,
        name: String,
    ) -> PyResult<Group> {
        self.with(py, actor, move |d, a| {
            d.create_group(a, ClassId(class_id), &name)
        })
        .map(Into::into)
    }

    /// The groups of a class.
    fn groups(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::class_id)] class_id: i64,
    ) -> PyResult<Vec<Group>> {
        self.with(py, actor, |d, a| d.groups(a, ClassId(class_id)))
            .map(list)
    }

    /// Puts a student of the group's class into the group (school admins).
    fn add_group_member(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::group)] group: i64,
        #[pyo3(from_py_with = crate::ids::student)] student: i64,
    ) -> PyResult<()> {
        self.with(py, actor, |d, a| {
            d.add_group_member(a, GroupId(group), PersonId(student))
        })
    }

    /// The person ids of a group's students (school admins).
    fn group_members(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::group)] group: i64,
    ) -> PyResult<Vec<i64>> {
        self.with(py, actor, |d, a| d.group_members(a, GroupId(group)))
            .map(|v| v.into_iter().map(|p| p.0).collect())
    }

    /// Records that a teacher teaches a subject to a class, or with `group`
    /// to one of its groups (school admins).
    #[pyo3(signature = (actor, teacher, class_id, subject, *, group=None))]
    fn assign_teacher(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::teacher)] teacher: i64,
        #[pyo3(from_py_with = crate::ids::class_id)] class_id: i64,
        #[pyo3(from_py_with = crate::ids::subject)] subject: i64,
        #[pyo3(from_py_with = crate::ids::opt_group)] group: Option<i64>,
    ) -> PyResult<TeachingAssignment> {
        let new = core::NewAssignment {
            teacher: PersonId(teacher),
            class: ClassId(class_id),
            group: group.map(GroupId),
            subject: core::SubjectId(subject),
        };
        self.with(py, actor, move |d, a| d.assign_teacher(a, &new))
            .map(Into::into)
    }

    /// The teaching assignments of a year.
    fn assignments(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::year)] year: i64,
    ) -> PyResult<Vec<TeachingAssignment>> {
        self.with(py, actor, |d, a| d.assignments(a, YearId(year)))
            .map(list)
    }

    // --- people -------------------------------------------------------------

    /// Registers a person at a school (school admins; the operator for a
    /// school's first staff). A SNILS already registered raises `Conflict`
    /// and creates nothing; a wrong checksum raises `InvalidInput` with
    /// `field == "snils"`.
    #[pyo3(signature = (actor, school, surname, first_name, birth_date, *, patronymic=None, snils=None))]
    fn register_person(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::school)] school: i64,
        surname: String,
        first_name: String,
        #[pyo3(from_py_with = crate::ids::date)] birth_date: Date,
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
            d.register_person(a, SchoolId(school), &new)
        })
        .map(Into::into)
    }

    /// One person (themselves, or admins of a school they belong to).
    fn person(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::person)] person: i64,
    ) -> PyResult<Person> {
        self.with(py, actor, |d, a| d.person(a, PersonId(person)))
            .map(Into::into)
    }

    /// Gives a person a staff role (`StaffRole`) at a school.
    fn appoint_staff(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::school)] school: i64,
        #[pyo3(from_py_with = crate::ids::person)] person: i64,
        role: &Bound<'_, PyAny>,
    ) -> PyResult<StaffMember> {
        let role = enum_arg(role, "role", core::StaffRole::parse)?;
        self.with(py, actor, |d, a| {
            d.appoint_staff(a, SchoolId(school), PersonId(person), role)
        })
        .map(Into::into)
    }

    /// The staff of a school (school admins).
    fn staff(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::school)] school: i64,
    ) -> PyResult<Vec<StaffMember>> {
        self.with(py, actor, |d, a| d.staff(a, SchoolId(school)))
            .map(list)
    }

    /// Enrols a student in a class from `start` (school admins).
    fn enrol(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::student)] student: i64,
        #[pyo3(from_py_with = crate::ids::class_id)] class_id: i64,
        #[pyo3(from_py_with = crate::ids::date)] start: Date,
    ) -> PyResult<Enrolment> {
        self.with(py, actor, |d, a| {
            d.enrol(a, PersonId(student), ClassId(class_id), start)
        })
        .map(Into::into)
    }

    /// Moves a student to another class from `first_day`; the earlier
    /// enrolment ends the day before and keeps its records.
    fn transfer_student(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::student)] student: i64,
        #[pyo3(from_py_with = crate::ids::to_class)] to_class: i64,
        #[pyo3(from_py_with = crate::ids::date)] first_day: Date,
    ) -> PyResult<Enrolment> {
        self.with(py, actor, |d, a| {
            d.transfer_student(a, PersonId(student), ClassId(to_class), first_day)
        })
        .map(Into::into)
    }

    /// Ends an enrolment on `last_day` for `reason` (`EndReason`).
    fn end_enrolment(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::enrolment)] enrolment: i64,
        #[pyo3(from_py_with = crate::ids::date)] last_day: Date,
        reason: &Bound<'_, PyAny>,
    ) -> PyResult<Enrolment> {
        let reason = enum_arg(reason, "reason", core::EndReason::parse)?;
        self.with(py, actor, |d, a| {
            d.end_enrolment(a, EnrolmentId(enrolment), last_day, reason)
        })
        .map(Into::into)
    }

    /// A student's enrolments, oldest first.
    fn enrolments(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::student)] student: i64,
    ) -> PyResult<Vec<Enrolment>> {
        self.with(py, actor, |d, a| d.enrolments(a, PersonId(student)))
            .map(list)
    }

    /// The students of a class on `day`, by surname (school admins).
    fn class_roster(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::class_id)] class_id: i64,
        #[pyo3(from_py_with = crate::ids::date)] day: Date,
    ) -> PyResult<Vec<Person>> {
        self.with(py, actor, |d, a| d.class_roster(a, ClassId(class_id), day))
            .map(list)
    }

    /// Links a guardian to a student (admins of the student's school).
    #[pyo3(signature = (actor, student, guardian, relation, *, legal_representative=false))]
    fn add_guardian(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::student)] student: i64,
        #[pyo3(from_py_with = crate::ids::guardian)] guardian: i64,
        relation: &Bound<'_, PyAny>,
        legal_representative: bool,
    ) -> PyResult<Guardianship> {
        let link = core::Guardianship {
            student: PersonId(student),
            guardian: PersonId(guardian),
            relation: enum_arg(relation, "relation", core::Relation::parse)?,
            legal_representative,
        };
        self.with(py, actor, move |d, a| d.add_guardian(a, &link))
            .map(Into::into)
    }

    /// A student's guardians.
    fn guardians(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::student)] student: i64,
    ) -> PyResult<Vec<Guardianship>> {
        self.with(py, actor, |d, a| d.guardians(a, PersonId(student)))
            .map(list)
    }

    /// The children linked to a guardian, across classes and schools.
    fn children(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::guardian)] guardian: i64,
    ) -> PyResult<Vec<Guardianship>> {
        self.with(py, actor, |d, a| d.children(a, PersonId(guardian)))
            .map(list)
    }
}

/// Opens a diary file in `mode` with the Python-side options.
fn open_file(
    py: Python<'_>,
    path: PathBuf,
    clock: Option<&PyManualClock>,
    delivery: Option<Py<PyAny>>,
    mode: core::OpenMode,
    busy_timeout: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyDiary> {
    let mut opts = options(py, clock, delivery)?;
    opts.mode = mode;
    if let Some(t) = busy_timeout {
        let ms = crate::convert::decimal_arg(t, "busy_timeout")?
            .mul(core::grading::Ratio::int(1000))
            .round(0);
        let ms = u64::try_from(ms.numer())
            .ok()
            .filter(|ms| *ms <= 600_000)
            .ok_or_else(|| {
                crate::errors::to_py_err(
                    py,
                    core::Error::invalid("busy_timeout", "must be 0 to 600 seconds"),
                )
            })?;
        opts.busy_timeout = std::time::Duration::from_millis(ms);
    }
    let d = run(py, move || core::Diary::open_with(path, opts))?;
    Ok(PyDiary {
        inner: RwLock::new(Some(Arc::new(d))),
    })
}
