//! Announcements (D9): a school's notices to its people — the whole school,
//! classes, groups, a role in a scope ("parents of 5A", "all staff") or
//! named people — with a kind, a priority, a validity window, optional
//! pinning and described attachments.

use super::day::Attachment;
use super::enums::{AnnouncementKind, AudienceRole, AudienceScope};
use crate::ids::{AnnouncementId, PersonId, SchoolId};
use serde::{Deserialize, Serialize};
use time::Date;

/// One entry of an announcement's audience: a scope (the school, a class,
/// a group, a person) and who in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Audience {
    /// What the entry names.
    pub scope: AudienceScope,
    /// The class, group or person; absent for the school.
    #[serde(default)]
    pub id: Option<i64>,
    /// Who in the scope (default everyone; a person is always themselves).
    #[serde(default = "everyone")]
    pub role: AudienceRole,
}

fn everyone() -> AudienceRole {
    AudienceRole::Everyone
}

/// An announcement to publish.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewAnnouncement {
    /// The school it is published in.
    pub school: SchoolId,
    /// What it is about.
    pub kind: AnnouncementKind,
    /// Urgent announcements come first and their readers are tracked.
    #[serde(default)]
    pub urgent: bool,
    /// Its title, 1–200 characters.
    pub title: String,
    /// Its text, up to 10,000 characters.
    pub body: String,
    /// To whom (1–100 entries).
    pub audience: Vec<Audience>,
    /// First day it is shown.
    pub shown_from: Date,
    /// Last day it is shown (at most a year after the first).
    pub shown_until: Date,
    /// Pinned announcements stay on top.
    #[serde(default)]
    pub pinned: bool,
    /// Described files (the host keeps them), as homework's.
    #[serde(default)]
    pub attachments: Vec<Attachment>,
}

/// A change to a published announcement; `None` keeps a field. The text
/// before the change is kept as history.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnouncementEdit {
    /// A new title.
    #[serde(default)]
    pub title: Option<String>,
    /// A new text.
    #[serde(default)]
    pub body: Option<String>,
    /// A new last day.
    #[serde(default)]
    pub shown_until: Option<Date>,
    /// Pin or unpin.
    #[serde(default)]
    pub pinned: Option<bool>,
    /// Mark urgent or not.
    #[serde(default)]
    pub urgent: Option<bool>,
}

/// A published announcement as a reader sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Announcement {
    /// Identifier.
    pub id: AnnouncementId,
    /// Its school.
    pub school: SchoolId,
    /// Who published it.
    pub author: PersonId,
    /// What it is about.
    pub kind: AnnouncementKind,
    /// Urgent or normal.
    pub urgent: bool,
    /// Title.
    pub title: String,
    /// Text.
    pub body: String,
    /// To whom.
    pub audience: Vec<Audience>,
    /// First day shown.
    pub shown_from: Date,
    /// Last day shown.
    pub shown_until: Date,
    /// Pinned on top.
    pub pinned: bool,
    /// Described files.
    pub attachments: Vec<Attachment>,
    /// When it was published (Unix seconds).
    pub published_at: i64,
    /// When it was last edited (Unix seconds), if ever.
    pub edited_at: Option<i64>,
    /// Earlier versions kept (edits so far).
    pub edits: u32,
    /// Whether it was withdrawn (authors and admins still see it).
    pub withdrawn: bool,
    /// When the reader marked it read (Unix seconds); `None`: unread.
    pub read_at: Option<i64>,
}

/// Whether one recipient has read an announcement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReadReceipt {
    /// The recipient.
    pub person: PersonId,
    /// When they marked it read (Unix seconds); `None`: not yet.
    pub read_at: Option<i64>,
}
