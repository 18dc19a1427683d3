//! People and their ties to schools: staff roles, enrolments, guardianships.

use super::{EndReason, Relation, StaffRole};
use crate::ids::{ClassId, EnrolmentId, PersonId, SchoolId, YearId};
use crate::snils::Snils;
use serde::{Serialize, Serializer};
use time::Date;

/// A person: student, guardian or staff member (or several of these).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    /// Identifier.
    pub id: PersonId,
    /// Surname (фамилия).
    pub surname: String,
    /// First name (имя).
    pub first_name: String,
    /// Patronymic (отчество), where the person has one.
    pub patronymic: Option<String>,
    /// Date of birth.
    pub birth_date: Date,
    /// SNILS; serialised masked (`***-***-*** 95`), never in full.
    #[serde(rename = "snils_masked", serialize_with = "masked")]
    pub snils: Option<Snils>,
}

fn masked<S: Serializer>(snils: &Option<Snils>, s: S) -> Result<S::Ok, S::Error> {
    match snils {
        Some(v) => s.serialize_some(&v.masked()),
        None => s.serialize_none(),
    }
}

impl Person {
    /// "Surname First Patronymic".
    pub fn full_name(&self) -> String {
        match &self.patronymic {
            Some(p) => format!("{} {} {}", self.surname, self.first_name, p),
            None => format!("{} {}", self.surname, self.first_name),
        }
    }
}

/// What is needed to register a [`Person`].
///
/// A SNILS identifies the person and prevents a second profile (A4). People
/// without one yet (newcomers, foreign students) are registered without it;
/// then the same surname, first name, patronymic and birth date may not be
/// registered twice, and the SNILS can be added later.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewPerson {
    /// Surname.
    pub surname: String,
    /// First name.
    pub first_name: String,
    /// Patronymic, if any.
    #[serde(default)]
    pub patronymic: Option<String>,
    /// Date of birth.
    pub birth_date: Date,
    /// SNILS in any common layout, if known.
    #[serde(default)]
    pub snils: Option<String>,
}

/// A person's role at a school.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaffMember {
    /// The school.
    pub school: SchoolId,
    /// The person.
    pub person: PersonId,
    /// Teacher or admin.
    pub role: StaffRole,
}

/// A student's membership of a class for a span of days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Enrolment {
    /// Identifier.
    pub id: EnrolmentId,
    /// The student.
    pub student: PersonId,
    /// The class.
    pub class: ClassId,
    /// The class's school.
    pub school: SchoolId,
    /// The class's academic year.
    pub year: YearId,
    /// First day in the class.
    pub start: Date,
    /// Last day in the class, once it has ended.
    pub end: Option<Date>,
    /// Why it ended.
    pub end_reason: Option<EndReason>,
}

impl Enrolment {
    /// Whether the student belongs to the class on `day`.
    pub fn covers(&self, day: Date) -> bool {
        self.start <= day && self.end.is_none_or(|e| day <= e)
    }
}

/// A guardian's tie to a student.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Guardianship {
    /// The student.
    pub student: PersonId,
    /// The guardian.
    pub guardian: PersonId,
    /// Mother, father, legal guardian or other.
    pub relation: Relation,
    /// Whether the guardian legally represents the student (may apply for
    /// access, invite trusted persons, consent).
    pub legal_representative: bool,
}

/// A correction of a person's data: before and after, why, who proposed
/// and who decided. SNILS values are shown masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonCorrection {
    /// Identifier.
    pub id: crate::ids::CorrectionId,
    /// Whose data.
    pub person: PersonId,
    /// The data before.
    pub before: Person,
    /// The data asked for.
    pub after: Person,
    /// Why (e.g. "typo in the surname").
    pub reason: String,
    /// Who made or proposed it.
    pub proposed_by: PersonId,
    /// When (Unix seconds).
    pub proposed_at: i64,
    /// Applied, pending or rejected.
    pub status: super::enums::CorrectionStatus,
    /// Who approved or rejected a proposal.
    pub decided_by: Option<PersonId>,
    /// When.
    pub decided_at: Option<i64>,
    /// The decision's note.
    pub note: Option<String>,
}
