//! Host notifications: what the library hands the host's notifier when
//! something new reaches a person (an announcement, a message, a meeting
//! invitation, a request for a signed reply), and each person's
//! preferences (events they do not want, quiet hours).

use super::enums::NotificationEvent;
use crate::ids::{PersonId, SchoolId};
use serde::{Deserialize, Serialize};

/// One notification for the host to push (or e-mail, or text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    /// Who is told.
    pub to: PersonId,
    /// What about.
    pub event: NotificationEvent,
    /// The school it comes from.
    pub school: SchoolId,
    /// The new object's id: the announcement, the message (of a
    /// conversation), the meeting, the teacher's message.
    pub object: i64,
    /// The conversation of a chat message.
    pub conversation: Option<i64>,
    /// The child it concerns, if one.
    pub child: Option<PersonId>,
    /// A one-line title (the announcement's, the meeting's, the subject).
    pub title: String,
    /// The first 140 characters of the text, if any.
    pub preview: Option<String>,
    /// Urgent (an urgent announcement): may break quiet hours.
    pub urgent: bool,
    /// When it happened (Unix seconds).
    pub at: i64,
    /// Whether it waited for the end of the person's quiet hours.
    pub delayed: bool,
}

/// A person's notification preferences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct NotificationPreferences {
    /// Events the person does not want to be told about.
    #[serde(default)]
    pub muted: Vec<NotificationEvent>,
    /// Start of quiet hours, "HH:MM" in the school's time zone (with
    /// `quiet_until`); notifications then wait until they end.
    #[serde(default)]
    pub quiet_from: Option<String>,
    /// End of quiet hours, "HH:MM" (may be earlier than `quiet_from`:
    /// 22:00–07:00 spans midnight).
    #[serde(default)]
    pub quiet_until: Option<String>,
    /// Urgent notifications go out during quiet hours too (default false).
    #[serde(default)]
    pub urgent_in_quiet_hours: bool,
}
