//! Meetings with agendas (D12): parents' evenings, class and school
//! meetings at a time in the school's zone, with a place or an online link,
//! invited people (an audience, as announcements'), an ordered agenda,
//! the invitees' answers, and minutes and decisions recorded afterwards.

use super::announcement::Audience;
use super::enums::{MeetingAnswer, MeetingKind};
use crate::ids::{MeetingId, PersonId, SchoolId, SlotId};
use serde::{Deserialize, Serialize};
use time::Date;

/// One item of a meeting's agenda.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgendaItem {
    /// What is discussed, 1–200 characters.
    pub title: String,
    /// Who presents it (a person of the school), if anyone.
    #[serde(default)]
    pub presenter: Option<PersonId>,
    /// When it starts, "HH:MM" in the school's time zone, within the meeting.
    pub starts: String,
    /// How long it takes, in minutes (1–720).
    pub minutes: u32,
}

/// A meeting to organise.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewMeeting {
    /// The school.
    pub school: SchoolId,
    /// What kind of meeting.
    pub kind: MeetingKind,
    /// Its title, 1–200 characters.
    pub title: String,
    /// A description, up to 5,000 characters.
    #[serde(default)]
    pub description: Option<String>,
    /// Its day (today or later).
    pub day: Date,
    /// When it starts, "HH:MM" in the school's time zone.
    pub starts: String,
    /// How long it takes, in minutes (5–720, ending by midnight).
    pub minutes: u32,
    /// Where, e.g. "Room 12".
    #[serde(default)]
    pub place: Option<String>,
    /// An online link (https).
    #[serde(default)]
    pub online_link: Option<String>,
    /// Who is invited (as an announcement's audience).
    pub audience: Vec<Audience>,
    /// The agenda, ordered by start, without overlaps (up to 50 items).
    #[serde(default)]
    pub agenda: Vec<AgendaItem>,
}

/// What was recorded after a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingRecord {
    /// The minutes.
    pub minutes: String,
    /// The decisions taken, in order.
    pub decisions: Vec<String>,
    /// Who recorded them.
    pub recorded_by: PersonId,
    /// When (Unix seconds).
    pub recorded_at: i64,
}

/// An invitee's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingReply {
    /// The invitee.
    pub person: PersonId,
    /// Yes, no or maybe.
    pub answer: MeetingAnswer,
    /// A comment, if any.
    pub comment: Option<String>,
    /// When they answered (Unix seconds).
    pub at: i64,
}

/// A meeting as a reader sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Meeting {
    /// Identifier.
    pub id: MeetingId,
    /// The school.
    pub school: SchoolId,
    /// Who organised it.
    pub organiser: PersonId,
    /// What kind.
    pub kind: MeetingKind,
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// Its day.
    pub day: Date,
    /// Start, "HH:MM" in the school's zone.
    pub starts: String,
    /// Length in minutes.
    pub minutes: u32,
    /// Where.
    pub place: Option<String>,
    /// Online link.
    pub online_link: Option<String>,
    /// Who is invited.
    pub audience: Vec<Audience>,
    /// The agenda.
    pub agenda: Vec<AgendaItem>,
    /// Cancelled by its organiser or an admin.
    pub cancelled: bool,
    /// Minutes and decisions, once recorded.
    pub record: Option<MeetingRecord>,
    /// The reader's own answer, if they gave one.
    pub reply: Option<MeetingReply>,
}

/// Appointment slots to publish: `count` consecutive slots of `minutes`
/// each from `starts` on `day`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewSlots {
    /// The school.
    pub school: SchoolId,
    /// The day (today or later).
    pub day: Date,
    /// When the first slot starts, "HH:MM" in the school's time zone.
    pub starts: String,
    /// Each slot's length in minutes (5–240).
    pub minutes: u32,
    /// How many consecutive slots (1–48, ending by midnight).
    pub count: u32,
    /// Where, e.g. "Room 12".
    #[serde(default)]
    pub place: Option<String>,
    /// An online link (https).
    #[serde(default)]
    pub online_link: Option<String>,
}

/// A booking of a slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Booking {
    /// Who booked it.
    pub by: PersonId,
    /// The child it is about.
    pub child: PersonId,
    /// When (Unix seconds).
    pub at: i64,
    /// A note for the teacher.
    pub note: Option<String>,
}

/// An appointment slot as the reader sees it: a booking by someone else
/// shows only as `booked`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppointmentSlot {
    /// Identifier.
    pub id: SlotId,
    /// The school.
    pub school: SchoolId,
    /// The teacher.
    pub teacher: PersonId,
    /// The day.
    pub day: Date,
    /// Start, "HH:MM" in the school's time zone.
    pub starts: String,
    /// Length in minutes.
    pub minutes: u32,
    /// Where.
    pub place: Option<String>,
    /// An online link.
    pub online_link: Option<String>,
    /// Cancelled by the teacher.
    pub cancelled: bool,
    /// Taken by anyone.
    pub booked: bool,
    /// The booking, for its booker, the teacher and the school's admins.
    pub booking: Option<Booking>,
}
