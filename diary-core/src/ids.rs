//! Typed identifiers, so that a class id is never passed where a person id is
//! expected. Across C and Python they are plain 64-bit integers.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta] $name:ident),* $(,)?) => {$(
        #[$doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<i64> for $name {
            fn from(v: i64) -> Self {
                $name(v)
            }
        }
    )*};
}

id_type! {
    /// Identifies a school.
    SchoolId,
    /// Identifies an academic year of a school.
    YearId,
    /// Identifies a period (quarter, trimester, semester) of an academic year.
    PeriodId,
    /// Identifies a holiday or non-working day range.
    HolidayId,
    /// Identifies a class (e.g. "5A") in an academic year.
    ClassId,
    /// Identifies a subject taught at a school.
    SubjectId,
    /// Identifies a sub-group of a class (e.g. a language group).
    GroupId,
    /// Identifies a teaching assignment.
    AssignmentId,
    /// Identifies a person: student, guardian or staff member.
    PersonId,
    /// Identifies an enrolment of a student in a class.
    EnrolmentId,
    /// Identifies a marking scale.
    ScaleId,
    /// Identifies a kind of work (control form) of a school.
    WorkKindId,
    /// Identifies a mark.
    MarkId,
    /// Identifies a trusted person's grant.
    GrantId,
    /// Identifies a bell schedule of a school.
    BellScheduleId,
    /// Identifies a version of a class's weekly timetable.
    TimetableId,
    /// Identifies a change to the timetable on a date.
    ChangeId,
    /// Identifies a homework assignment.
    HomeworkId,
    /// Identifies a parent's absence notice or excuse.
    NoticeId,
    /// Identifies a teacher's remark.
    RemarkId,
    /// Identifies an announcement.
    AnnouncementId,
    /// Identifies a meeting.
    MeetingId,
    /// Identifies a teacher's personal message to a family.
    MessageId,
    /// Identifies a person's registered signing key.
    SigningKeyId,
    /// Identifies a conversation or a class chat.
    ConversationId,
    /// Identifies a message of a conversation.
    ChatMessageId,
    /// Identifies a report about a conversation's message.
    ReportId,
    /// Identifies a teacher's appointment slot.
    SlotId,
    /// Identifies a correction of a person's data.
    CorrectionId,
    /// Identifies a school entry or exit event.
    VisitId,
    /// Identifies a menu of a day and meal.
    MenuId,
    /// Identifies a meal order.
    MealOrderId,
    /// Identifies an access application.
    ApplicationId,
}
