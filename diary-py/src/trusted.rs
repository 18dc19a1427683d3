//! `Diary` methods for trusted persons and the access log, and their values.

use crate::actor::PyActor;
use crate::convert::EnumValue;
use crate::diary::PyDiary;
use diary_core as core;
use diary_core::{GrantId, PersonId, SchoolId};
use pyo3::prelude::*;
use time::{Date, OffsetDateTime};

record! {
    /// A trusted person's grant for one child.
    TrustedGrant {
        /// Identifier.
        id: i64,
        /// The child.
        student: i64,
        /// The inviting legal representative.
        inviter: i64,
        /// The trusted person.
        invitee: i64,
        /// The granted services: "marks", "homework", "attendance",
        /// "timetable", "announcements", "visits", "meals".
        services: Vec<String>,
        /// All of the diary group is granted.
        diary: bool,
        /// Both visits and meals are granted.
        visits_meals: bool,
        /// Last day of access, if limited.
        until: Option<Date>,
        /// Visibility window in days, if limited.
        window_days: Option<u32>,
        /// When it was sent.
        invited_at: OffsetDateTime,
        /// When an unanswered invitation lapses.
        expires_at: OffsetDateTime,
        /// When access opens (after acceptance and the school's delay).
        opens_at: Option<OffsetDateTime>,
        /// When it was revoked.
        revoked_at: Option<OffsetDateTime>,
        /// Its status when read (`GrantStatus`).
        status: EnumValue,
    }
}

impl From<core::TrustedGrant> for TrustedGrant {
    fn from(g: core::TrustedGrant) -> Self {
        let status = g.status.as_str();
        TrustedGrant {
            id: g.id.0,
            student: g.student.0,
            inviter: g.inviter.0,
            invitee: g.invitee.0,
            services: g
                .services
                .list()
                .into_iter()
                .map(|s| s.as_str().to_owned())
                .collect(),
            diary: g.services.diary(),
            visits_meals: g.services.visits_meals(),
            until: g.until,
            window_days: g.window_days,
            invited_at: g.invited_at,
            expires_at: g.expires_at,
            opens_at: g.opens_at,
            revoked_at: g.revoked_at,
            status: EnumValue {
                class: "GrantStatus",
                value: status,
            },
        }
    }
}

record! {
    /// One entry of the access log.
    AccessLogEntry {
        /// Position in the log.
        id: i64,
        /// When (aware, UTC).
        at: OffsetDateTime,
        /// Who (None: the operator).
        actor: Option<i64>,
        /// In which capacity, e.g. "guardian".
        acting_as: String,
        /// Whose data.
        child: Option<i64>,
        /// The school.
        school: Option<i64>,
        /// What kind of data, e.g. "marks".
        data_kind: String,
        /// "read" or "write".
        action: String,
        /// Whether it was allowed.
        allowed: bool,
        /// The entry's chained SHA-256 (hex).
        hash: String,
    }
}

impl From<core::AccessLogEntry> for AccessLogEntry {
    fn from(e: core::AccessLogEntry) -> Self {
        AccessLogEntry {
            id: e.id,
            at: e.at,
            actor: e.actor.map(|p| p.0),
            acting_as: e.acting_as,
            child: e.child.map(|p| p.0),
            school: e.school.map(|s| s.0),
            data_kind: e.data_kind,
            action: e.action,
            allowed: e.allowed,
            hash: e.hash,
        }
    }
}

record! {
    /// One school's aggregated figures for a subject and period; no person.
    RegionalStatistic {
        /// The school.
        school: i64,
        /// Its name.
        school_name: String,
        /// The academic year's label.
        year: String,
        /// The subject's name.
        subject: String,
        /// The period's name.
        period: String,
        /// Students with an average.
        students: usize,
        /// Counted marks.
        marks: u32,
        /// Mean of the students' averages (exact); None when suppressed.
        mean: Option<crate::convert::Fraction>,
        /// Whether the cell's figures are withheld: fewer students than the
        /// minimum group size (`Diary.min_group_size()`).
        suppressed: bool,
    }
}

impl From<core::RegionalStatistic> for RegionalStatistic {
    fn from(r: core::RegionalStatistic) -> Self {
        RegionalStatistic {
            school: r.school.0,
            school_name: r.school_name,
            year: r.year,
            subject: r.subject,
            period: r.period,
            students: r.students,
            marks: r.marks,
            mean: r.mean.map(crate::convert::Fraction),
            suppressed: r.suppressed,
        }
    }
}

#[pymethods]
impl PyDiary {
    /// A legal representative invites a trusted person, identified by
    /// surname plus `snils` or `phone` (their confirmed mobile number), for
    /// a child. The invitee must have an account. A wrong surname, an
    /// unknown SNILS or phone and a person without an account raise the
    /// same `InvalidInput` (field "invitee").
    ///
    /// What the invitee sees: `services`, names of "marks", "homework",
    /// "attendance", "timetable", "announcements", "visits", "meals" (or
    /// the groups "diary" and "visits_meals"); or the older tick boxes
    /// `diary` (default) and `visits_meals`, not both ways at once.
    #[pyo3(signature = (actor, student, surname, snils=None, *, phone=None, diary=None, visits_meals=None, services=None, until=None, window_days=None))]
    #[allow(clippy::too_many_arguments)]
    fn invite_trusted_person(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::student)] student: i64,
        surname: String,
        snils: Option<String>,
        phone: Option<String>,
        diary: Option<bool>,
        visits_meals: Option<bool>,
        services: Option<Vec<String>>,
        #[pyo3(from_py_with = crate::ids::optional_date)] until: Option<Date>,
        #[pyo3(from_py_with = crate::ids::opt_window_days)] window_days: Option<u32>,
    ) -> PyResult<TrustedGrant> {
        let invitee = core::InviteeId::from_either(snils.as_deref(), phone.as_deref())
            .map_err(|e| crate::errors::to_py_err(py, e))?;
        let services = core::Services::from_choice(services.as_deref(), diary, visits_meals)
            .map_err(|e| crate::errors::to_py_err(py, e))?;
        let new = core::NewInvitation {
            student: PersonId(student),
            surname,
            invitee,
            services,
            until,
            window_days,
        };
        self.with(py, actor, move |d, a| d.invite_trusted_person(a, &new))
            .map(Into::into)
    }

    /// Accepts an invitation addressed to the actor.
    fn accept_invitation(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::grant)] grant: i64,
    ) -> PyResult<TrustedGrant> {
        self.with(py, actor, |d, a| d.accept_invitation(a, GrantId(grant)))
            .map(Into::into)
    }

    /// Declines an invitation addressed to the actor.
    fn decline_invitation(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::grant)] grant: i64,
    ) -> PyResult<TrustedGrant> {
        self.with(py, actor, |d, a| d.decline_invitation(a, GrantId(grant)))
            .map(Into::into)
    }

    /// Limits what a school's students and guardians see to the marks of the
    /// last `days` days, or lifts the limit with None (school admins).
    fn set_family_visibility_window(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::school)] school: i64,
        #[pyo3(from_py_with = crate::ids::opt_days)] days: Option<u32>,
    ) -> PyResult<()> {
        self.with(py, actor, |d, a| {
            d.set_family_visibility_window(a, SchoolId(school), days)
        })
    }

    /// Limits what a school's families see of individual entries to the
    /// current month: the calendar month (`first_day` 1) or the school's own
    /// month from day 2–28; None lifts the limit (school admins). Averages
    /// and period marks stay visible to families.
    fn set_family_visibility_month(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::school)] school: i64,
        #[pyo3(from_py_with = crate::ids::opt_first_day)] first_day: Option<u32>,
    ) -> PyResult<()> {
        self.with(py, actor, |d, a| {
            d.set_family_visibility_month(a, SchoolId(school), first_day)
        })
    }

    /// Checks the log's hash chains, one per school (admins: their
    /// schools'; the operator: all): `(entries, first_broken)`, the latter
    /// None when intact.
    fn verify_access_log(&self, py: Python<'_>, actor: &PyActor) -> PyResult<(u64, Option<i64>)> {
        self.with(py, actor, |d, a| d.verify_access_log(a))
            .map(|v| (v.entries, v.first_broken))
    }
}

/// Registers the classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<TrustedGrant>()?;
    m.add_class::<AccessLogEntry>()?;
    m.add_class::<RegionalStatistic>()?;
    Ok(())
}
