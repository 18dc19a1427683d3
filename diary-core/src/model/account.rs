//! Installation-wide account settings and parents' link codes.

use crate::error::{Error, Result};
use crate::ids::PersonId;
use crate::model::Relation;
use serde::Serialize;
use time::OffsetDateTime;

/// Lifetimes of the secrets the diary hands out, set by the installation's
/// operator (defaults: 14 days, 30 minutes, 14 days).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct AccountSettings {
    /// How long an issued temporary password stays valid (1–90 days).
    pub temporary_password_days: i64,
    /// How long a password-reset token stays valid (5–1440 minutes).
    pub reset_token_minutes: i64,
    /// How long a parent's link code stays valid (1–90 days).
    pub link_code_days: i64,
}

impl Default for AccountSettings {
    fn default() -> Self {
        AccountSettings {
            temporary_password_days: 14,
            reset_token_minutes: 30,
            link_code_days: 14,
        }
    }
}

impl AccountSettings {
    /// Checks every value against its range, naming the first one outside.
    pub fn validate(&self) -> Result<()> {
        for (field, value, lo, hi) in [
            (
                "temporary_password_days",
                self.temporary_password_days,
                1,
                90,
            ),
            ("reset_token_minutes", self.reset_token_minutes, 5, 1440),
            ("link_code_days", self.link_code_days, 1, 90),
        ] {
            if !(lo..=hi).contains(&value) {
                return Err(Error::invalid(
                    field,
                    format!("must be between {lo} and {hi}, got {value}"),
                ));
            }
        }
        Ok(())
    }
}

/// A one-time code the school hands a parent: whoever redeems it with their
/// account becomes the student's guardian with the relation given here.
/// Shown once, stored only hashed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkCode {
    /// The code, `ABCD-EFGH-JKMN` (case, spaces and hyphens are ignored
    /// when it is entered).
    pub code: String,
    /// The child it links.
    pub student: PersonId,
    /// The relation the redeeming person gets.
    pub relation: Relation,
    /// Whether they become a legal representative.
    pub legal_representative: bool,
    /// When the code stops working.
    pub expires_at: OffsetDateTime,
}

/// A one-time transfer code: the student's school consents to another
/// school enrolling the student. Shown once, stored only hashed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferCode {
    /// The code, `ABCD-EFGH-JKMN` (case, spaces and hyphens are ignored).
    pub code: String,
    /// The student it releases.
    pub student: PersonId,
    /// When the code stops working.
    pub expires_at: OffsetDateTime,
}

/// A member of a child's family and their confirmed contacts, as the class
/// teacher and school admins see them (and a person sees their own).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct FamilyContact {
    /// The person.
    pub person: PersonId,
    /// Their relation to the child; `None` for the child themself (or, in
    /// `my_contacts`, for the person asking).
    pub relation: Option<Relation>,
    /// The confirmed recovery e-mail, if any.
    pub email: Option<String>,
    /// The confirmed mobile number (+7XXXXXXXXXX), if any.
    pub phone: Option<String>,
}
