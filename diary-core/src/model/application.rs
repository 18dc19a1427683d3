//! Access applications (P5): a parent's application for diary access to a
//! child, its documents (references to the host's files, with a hash; the
//! library stores no scans), the school's decision and every step.

use super::enums::{
    ApplicationChannel, ApplicationStatus, DocumentKind, RejectionReason, Relation,
};
use super::person::NewPerson;
use crate::ids::{ApplicationId, PersonId, SchoolId};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

/// A document provided with an application.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewDocument {
    /// Which document.
    pub kind: DocumentKind,
    /// Where the host keeps it (1–500 characters of a text field).
    pub reference: String,
    /// The SHA-256 of the file, 64 hexadecimal digits.
    pub sha256: String,
}

/// An application for diary access to a child.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewAccessApplication {
    /// The school the child attends.
    pub school: SchoolId,
    /// The child's surname, as on the birth certificate.
    pub child_surname: String,
    /// The child's birth date.
    pub child_birth_date: Date,
    /// The applicant: name, birth date and SNILS.
    pub applicant: NewPerson,
    /// How the applicant is related to the child.
    pub relation: Relation,
    /// Whether the applicant is a legal representative.
    pub legal_representative: bool,
    /// Online or at the school.
    pub channel: ApplicationChannel,
    /// The documents provided so far.
    #[serde(default)]
    pub documents: Vec<NewDocument>,
}

/// A document of an application as the school sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApplicationDocument {
    /// Which document.
    pub kind: DocumentKind,
    /// Where the host keeps it.
    pub reference: String,
    /// Its SHA-256.
    pub sha256: String,
    /// When it was provided.
    #[serde(with = "time::serde::timestamp")]
    pub provided_at: OffsetDateTime,
    /// The school's check: accepted (true), refused (false), not yet (None).
    pub accepted: Option<bool>,
    /// Who checked it.
    pub checked_by: Option<PersonId>,
}

/// One step of an application: who did what, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApplicationStep {
    /// When.
    #[serde(with = "time::serde::timestamp")]
    pub at: OffsetDateTime,
    /// Who (None: the host's portal as the operator).
    pub by: Option<PersonId>,
    /// "submitted", "document_provided", "document_checked", "rejected",
    /// "resubmitted", "approved".
    pub what: String,
    /// Details: the document and its outcome, the reasons.
    pub detail: Option<String>,
}

/// An access application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessApplication {
    /// Identifier.
    pub id: ApplicationId,
    /// The school.
    pub school: SchoolId,
    /// The child.
    pub student: PersonId,
    /// The applicant's surname.
    pub applicant_surname: String,
    /// The applicant's first name.
    pub applicant_first_name: String,
    /// The applicant's patronymic.
    pub applicant_patronymic: Option<String>,
    /// The applicant's birth date.
    pub applicant_birth_date: Date,
    /// The applicant's SNILS (11 digits).
    pub applicant_snils: Option<String>,
    /// Relation to the child.
    pub relation: Relation,
    /// A legal representative.
    pub legal_representative: bool,
    /// Online or at the school.
    pub channel: ApplicationChannel,
    /// Where it stands.
    pub status: ApplicationStatus,
    /// When it was (last) submitted.
    #[serde(with = "time::serde::timestamp")]
    pub submitted_at: OffsetDateTime,
    /// The last day the school may decide (3 business days by its calendar).
    pub due: Date,
    /// Still undecided after `due` (by the school's local date).
    pub overdue: bool,
    /// The documents provided.
    pub documents: Vec<ApplicationDocument>,
    /// Why it was rejected.
    pub reasons: Vec<RejectionReason>,
    /// The school's note on a rejection.
    pub note: Option<String>,
    /// The guardian's person once approved.
    pub person: Option<PersonId>,
    /// Every step, oldest first.
    pub steps: Vec<ApplicationStep>,
}

/// An approved application with the new guardian's login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovedApplication {
    /// The application, approved.
    pub application: AccessApplication,
    /// The guardian's login.
    pub login: String,
    /// A temporary password when a new account was made (None: the person
    /// already had an account, which keeps its password).
    pub temporary_password: Option<String>,
    /// When the temporary password lapses.
    pub expires_at: Option<OffsetDateTime>,
}
