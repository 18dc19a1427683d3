//! Consent to the processing of personal data (P6): versioned texts per
//! purpose and each person's decisions.

use super::enums::{ConsentChannel, ConsentDecision, ConsentPurpose};
use crate::ids::{PersonId, SchoolId};
use serde::Serialize;
use time::OffsetDateTime;

/// A version of a school's consent text for one purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsentText {
    /// The school (the data operator).
    pub school: SchoolId,
    /// What it is for.
    pub purpose: ConsentPurpose,
    /// Its version, from 1.
    pub version: u32,
    /// The text.
    pub body: String,
    /// When it was published.
    #[serde(with = "time::serde::timestamp")]
    pub published_at: OffsetDateTime,
}

/// One decision of a person (or, for a child, a legal representative).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsentRecord {
    /// Position in the history.
    pub id: i64,
    /// The school.
    pub school: SchoolId,
    /// Whose data.
    pub person: PersonId,
    /// What for.
    pub purpose: ConsentPurpose,
    /// The text's version decided on.
    pub version: u32,
    /// Given, refused or withdrawn.
    pub decision: ConsentDecision,
    /// How it reached the school.
    pub channel: ConsentChannel,
    /// When.
    #[serde(with = "time::serde::timestamp")]
    pub at: OffsetDateTime,
    /// Who recorded it (the person, a legal representative, an admin).
    pub recorded_by: Option<PersonId>,
}

/// The record kept of an erasure: what, when, by whom, on what ground.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErasureRecord {
    /// The person, now under a pseudonym.
    pub person: PersonId,
    /// The pseudonym that replaced the name ("P-3f9a1c2b").
    pub pseudonym: String,
    /// The school that erased.
    pub school: Option<SchoolId>,
    /// Why.
    pub ground: super::enums::ErasureGround,
    /// A note (the request's reference).
    pub note: Option<String>,
    /// What was erased: category and how many rows.
    pub erased: Vec<(String, u64)>,
    /// When.
    #[serde(with = "time::serde::timestamp")]
    pub erased_at: OffsetDateTime,
    /// Who.
    pub erased_by: Option<PersonId>,
}
