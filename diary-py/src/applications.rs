//! Access applications (P5): the values, and the `Diary` methods that take
//! structured input or give a password; the regular calls are generated
//! (`calls/applications.rs`).

use crate::actor::PyActor;
use crate::convert::{enum_arg, from_py_json, EnumValue};
use crate::diary::PyDiary;
use diary_core as core;
use diary_core::ApplicationId;
use pyo3::prelude::*;
use time::{Date, OffsetDateTime};

fn value<E: Copy>(class: &'static str, v: E, text: fn(E) -> &'static str) -> EnumValue {
    EnumValue {
        class,
        value: text(v),
    }
}

record! {
    /// A document of an application.
    ApplicationDocument {
        /// Which document (`DocumentKind`).
        kind: EnumValue,
        /// Where the host keeps it.
        reference: String,
        /// Its SHA-256, lower-case hexadecimal.
        sha256: String,
        /// When it was provided (aware, UTC).
        provided_at: OffsetDateTime,
        /// The school's check: accepted, refused, or None (not yet).
        accepted: Option<bool>,
        /// Who checked it.
        checked_by: Option<i64>,
    }
}

record! {
    /// One step of an application.
    ApplicationStep {
        /// When (aware, UTC).
        at: OffsetDateTime,
        /// Who (None: the host's portal as the operator).
        by: Option<i64>,
        /// "submitted", "document_provided", "document_checked",
        /// "rejected", "resubmitted", "approved".
        what: String,
        /// Details.
        detail: Option<String>,
    }
}

record! {
    /// A parent's application for diary access to a child.
    AccessApplication {
        /// Identifier.
        id: i64,
        /// The school.
        school: i64,
        /// The child.
        student: i64,
        /// The applicant's surname.
        applicant_surname: String,
        /// The applicant's first name.
        applicant_first_name: String,
        /// The applicant's patronymic.
        applicant_patronymic: Option<String>,
        /// The applicant's birth date.
        applicant_birth_date: Date,
        /// The applicant's SNILS (11 digits).
        applicant_snils: Option<String>,
        /// Relation to the child (`Relation`).
        relation: EnumValue,
        /// A legal representative.
        legal_representative: bool,
        /// Online or at the school (`ApplicationChannel`).
        channel: EnumValue,
        /// Where it stands (`ApplicationStatus`).
        status: EnumValue,
        /// When it was (last) submitted (aware, UTC).
        submitted_at: OffsetDateTime,
        /// The last day for the school's decision.
        due: Date,
        /// Undecided after `due`.
        overdue: bool,
        /// The documents.
        documents: Vec<ApplicationDocument>,
        /// Why it was rejected (`RejectionReason`).
        reasons: Vec<EnumValue>,
        /// The school's note on a rejection.
        note: Option<String>,
        /// The guardian's person once approved.
        person: Option<i64>,
        /// Every step, oldest first.
        steps: Vec<ApplicationStep>,
    }
}

impl From<core::AccessApplication> for AccessApplication {
    fn from(a: core::AccessApplication) -> Self {
        AccessApplication {
            id: a.id.0,
            school: a.school.0,
            student: a.student.0,
            applicant_surname: a.applicant_surname,
            applicant_first_name: a.applicant_first_name,
            applicant_patronymic: a.applicant_patronymic,
            applicant_birth_date: a.applicant_birth_date,
            applicant_snils: a.applicant_snils,
            relation: value("Relation", a.relation, core::Relation::as_str),
            legal_representative: a.legal_representative,
            channel: value(
                "ApplicationChannel",
                a.channel,
                core::ApplicationChannel::as_str,
            ),
            status: value(
                "ApplicationStatus",
                a.status,
                core::ApplicationStatus::as_str,
            ),
            submitted_at: a.submitted_at,
            due: a.due,
            overdue: a.overdue,
            documents: a
                .documents
                .into_iter()
                .map(|d| ApplicationDocument {
                    kind: value("DocumentKind", d.kind, core::DocumentKind::as_str),
                    reference: d.reference,
                    sha256: d.sha256,
                    provided_at: d.provided_at,
                    accepted: d.accepted,
                    checked_by: d.checked_by.map(|p| p.0),
                })
                .collect(),
            reasons: a
                .reasons
                .into_iter()
                .map(|r| value("RejectionReason", r, core::RejectionReason::as_str))
                .collect(),
            note: a.note,
            person: a.person.map(|p| p.0),
            steps: a
                .steps
                .into_iter()
                .map(|s| ApplicationStep {
                    at: s.at,
                    by: s.by.map(|p| p.0),
                    what: s.what,
                    detail: s.detail,
                })
                .collect(),
        }
    }
}

record! {
    /// An approved application with the guardian's login.
    ApprovedApplication {
        /// The application, approved.
        application: AccessApplication,
        /// The guardian's login.
        login: String,
        /// A temporary password for a new account (None: the person already
        /// had one, which keeps its password).
        temporary_password: Option<String>,
        /// When the temporary password lapses.
        expires_at: Option<OffsetDateTime>,
    }
}

#[pymethods]
impl PyDiary {
    /// Submits a parent's application for diary access from a dict
    /// (``NewAccessApplication``): ``school``, ``child_surname`` and
    /// ``child_birth_date`` as on the birth certificate, ``applicant``
    /// (``{"surname", "first_name", "patronymic", "birth_date", "snils"}``),
    /// ``relation``, ``legal_representative``, ``channel`` ("online" or
    /// "at_school") and optional ``documents`` (``{"kind", "reference",
    /// "sha256"}``). The host's portal submits as the operator; the
    /// school's admins at the desk. ``Conflict`` when the applicant already
    /// represents the child or has an application waiting for it.
    #[pyo3(signature = (actor, application))]
    fn submit_access_application(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        application: &Bound<'_, PyAny>,
    ) -> PyResult<AccessApplication> {
        let new: core::NewAccessApplication = from_py_json(application, "application")?;
        self.with(py, actor, move |d, a| d.submit_access_application(a, &new))
            .map(Into::into)
    }

    /// Adds or replaces documents (``{"kind", "reference", "sha256"}``) of
    /// an application waiting for a decision; a replaced one is checked
    /// again.
    #[pyo3(signature = (actor, application, documents))]
    fn provide_application_documents(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        application: &Bound<'_, PyAny>,
        documents: &Bound<'_, PyAny>,
    ) -> PyResult<AccessApplication> {
        let id = ApplicationId(crate::ids::id_arg(application, "application")?);
        let docs: Vec<core::NewDocument> = from_py_json(documents, "documents")?;
        self.with(py, actor, move |d, a| {
            d.provide_application_documents(a, id, &docs)
        })
        .map(Into::into)
    }

    /// Approves an application whose four documents are accepted (the
    /// school's admins): links the guardian and issues the login and a
    /// temporary password in one transaction.
    #[pyo3(signature = (actor, application))]
    fn approve_access_application(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        application: &Bound<'_, PyAny>,
    ) -> PyResult<ApprovedApplication> {
        let id = ApplicationId(crate::ids::id_arg(application, "application")?);
        self.with(py, actor, move |d, a| d.approve_access_application(a, id))
            .map(|ok| ApprovedApplication {
                application: ok.application.into(),
                login: ok.login,
                temporary_password: ok.temporary_password,
                expires_at: ok.expires_at,
            })
    }

    /// Rejects an application (the school's admins) with ``reasons``
    /// (``RejectionReason`` members or values, at least one) and a
    /// ``note`` (required with ``OTHER``).
    #[pyo3(signature = (actor, application, reasons, note=None))]
    fn reject_access_application(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        application: &Bound<'_, PyAny>,
        reasons: Vec<Bound<'_, PyAny>>,
        note: Option<String>,
    ) -> PyResult<AccessApplication> {
        let id = ApplicationId(crate::ids::id_arg(application, "application")?);
        let reasons = reasons
            .iter()
            .map(|r| enum_arg(r, "reasons", core::RejectionReason::parse))
            .collect::<PyResult<Vec<_>>>()?;
        self.with(py, actor, move |d, a| {
            d.reject_access_application(a, id, &reasons, note.as_deref())
        })
        .map(Into::into)
    }

    /// Submits a rejected application again: the corrected ``applicant``
    /// (a dict as in ``submit_access_application``; None keeps the data)
    /// and ``documents`` to add or replace. A new deadline starts.
    #[pyo3(signature = (actor, application, applicant=None, documents=None))]
    fn resubmit_access_application(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        application: &Bound<'_, PyAny>,
        applicant: Option<&Bound<'_, PyAny>>,
        documents: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<AccessApplication> {
        let id = ApplicationId(crate::ids::id_arg(application, "application")?);
        let applicant: Option<core::NewPerson> = match applicant {
            Some(a) => Some(from_py_json(a, "applicant")?),
            None => None,
        };
        let docs: Vec<core::NewDocument> = match documents {
            Some(d) => from_py_json(d, "documents")?,
            None => Vec::new(),
        };
        self.with(py, actor, move |d, a| {
            d.resubmit_access_application(a, id, applicant.as_ref(), &docs)
        })
        .map(Into::into)
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<ApplicationDocument>()?;
    m.add_class::<ApplicationStep>()?;
    m.add_class::<AccessApplication>()?;
    m.add_class::<ApprovedApplication>()?;
    Ok(())
}
