//! Trusted persons (P3) and the access log (P6).

use super::enums::GrantStatus;
use crate::ids::{GrantId, PersonId, SchoolId};
use serde::Serialize;
use time::{Date, OffsetDateTime};

/// What a trusted person may see of a child.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Services {
    /// Marks, averages, homework and the other diary entries.
    pub diary: bool,
    /// School entry/exit and meals.
    pub visits_meals: bool,
}

impl Services {
    /// Stored bit set: 1 diary, 2 visits and meals.
    pub fn bits(self) -> i64 {
        i64::from(self.diary) | (i64::from(self.visits_meals) << 1)
    }

    /// From the stored bit set.
    pub fn from_bits(b: i64) -> Services {
        Services {
            diary: b & 1 != 0,
            visits_meals: b & 2 != 0,
        }
    }
}

/// How an invited trusted person is identified, together with their surname.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InviteeId {
    /// Their SNILS.
    Snils(String),
    /// Their mobile number, as confirmed in their account.
    Phone(String),
}

impl InviteeId {
    /// The identifier from a form (or a binding) with two optional fields,
    /// exactly one of which must be given.
    pub fn from_either(snils: Option<&str>, phone: Option<&str>) -> crate::Result<InviteeId> {
        match (snils, phone) {
            (Some(s), None) => Ok(InviteeId::Snils(s.into())),
            (None, Some(p)) => Ok(InviteeId::Phone(p.into())),
            (None, None) => Err(crate::Error::invalid("snils", "give snils or phone")),
            (Some(_), Some(_)) => Err(crate::Error::invalid(
                "phone",
                "give either snils or phone, not both",
            )),
        }
    }
}

/// A legal representative's invitation of a trusted person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInvitation {
    /// The child.
    pub student: PersonId,
    /// The invitee's surname, as a check on the identifier.
    pub surname: String,
    /// How the invitee is identified: SNILS or confirmed mobile number.
    pub invitee: InviteeId,
    /// What the invitee may see.
    pub services: Services,
    /// The last day of access, if limited.
    pub until: Option<Date>,
    /// Limit what the invitee sees to the last N days (visibility window).
    pub window_days: Option<u32>,
}

/// A trusted person's grant for one child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrustedGrant {
    /// Identifier.
    pub id: GrantId,
    /// The child.
    pub student: PersonId,
    /// The inviting legal representative.
    pub inviter: PersonId,
    /// The trusted person.
    pub invitee: PersonId,
    /// What they may see.
    pub services: Services,
    /// Last day of access, if limited.
    pub until: Option<Date>,
    /// Visibility window in days, if limited.
    pub window_days: Option<u32>,
    /// When it was sent (UTC).
    #[serde(with = "time::serde::rfc3339")]
    pub invited_at: OffsetDateTime,
    /// When an unanswered invitation lapses.
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    /// When it was accepted.
    #[serde(with = "time::serde::rfc3339::option")]
    pub accepted_at: Option<OffsetDateTime>,
    /// When access opens (acceptance + the school's delay).
    #[serde(with = "time::serde::rfc3339::option")]
    pub opens_at: Option<OffsetDateTime>,
    /// When it was declined.
    #[serde(with = "time::serde::rfc3339::option")]
    pub declined_at: Option<OffsetDateTime>,
    /// When it was revoked.
    #[serde(with = "time::serde::rfc3339::option")]
    pub revoked_at: Option<OffsetDateTime>,
    /// Its status when it was read.
    pub status: GrantStatus,
}

impl TrustedGrant {
    /// The status at `now`.
    pub fn status_at(&self, now: OffsetDateTime) -> GrantStatus {
        if self.revoked_at.is_some() {
            return GrantStatus::Revoked;
        }
        if self.declined_at.is_some() {
            return GrantStatus::Declined;
        }
        match self.opens_at {
            None if now >= self.expires_at => GrantStatus::Expired,
            None => GrantStatus::Pending,
            Some(_) if self.until.is_some_and(|u| now.date() > u) => GrantStatus::Ended,
            Some(open) if now < open => GrantStatus::Waiting,
            Some(_) => GrantStatus::Active,
        }
    }
}

/// One entry of the access log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessLogEntry {
    /// Position in the log.
    pub id: i64,
    /// When (UTC).
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// Who (`None`: the operator).
    pub actor: Option<PersonId>,
    /// In which capacity, e.g. "guardian", "subject_teacher".
    pub acting_as: String,
    /// Whose data.
    pub child: Option<PersonId>,
    /// The school.
    pub school: Option<SchoolId>,
    /// What kind of data, e.g. "marks", "average".
    pub data_kind: String,
    /// "read" or "write".
    pub action: String,
    /// Whether it was allowed.
    pub allowed: bool,
    /// This entry's hash (hex SHA-256 over its fields and the previous hash).
    pub hash: String,
}

/// The result of checking the log's hash chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LogVerification {
    /// Entries checked.
    pub entries: u64,
    /// The first entry whose hash does not match, if any (with an anchor:
    /// the anchor's entry when it is gone or differs).
    pub first_broken: Option<i64>,
    /// The newest entry's id.
    pub last_id: Option<i64>,
    /// With an anchor: whether its entry is still there with the same
    /// hash (a truncated or rewritten log fails this).
    pub anchor_matches: Option<bool>,
}

/// A point of the access log's chain that the host keeps outside the file
/// (`Diary::access_log_head`): the newest entry's id and hash when it was
/// taken. Verifying against it detects a log cut short or rewritten up to
/// that point, which a chain inside the file alone cannot.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
pub struct LogAnchor {
    /// The entry's id.
    pub id: i64,
    /// Its hash (64 hexadecimal digits).
    pub hash: String,
}
