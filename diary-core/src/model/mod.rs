//! Plain data types of the school structure. They carry no storage and no
//! policy; pure rules over them live in [`crate::calendar`].

mod access;
mod account;
mod announcement;
mod application;
mod class;
mod consent;
mod conversation;
mod day;
mod directory;
mod enums;
mod feed;
mod mark;
mod meeting;
mod message;
mod notification;
mod overview;
mod person;
mod report_card;
mod rollover;
mod school;
mod services;

pub use access::{
    AccessLogEntry, InviteeId, LogAnchor, LogVerification, NewInvitation, Service, Services,
    TrustedGrant, VisibilityWindow,
};
pub use account::{AccountSettings, FamilyContact, LinkCode, TransferCode};
pub use announcement::{Announcement, AnnouncementEdit, Audience, NewAnnouncement, ReadReceipt};
pub use application::{
    AccessApplication, ApplicationDocument, ApplicationStep, ApprovedApplication,
    NewAccessApplication, NewDocument,
};
pub use class::{Class, Group, NewAssignment, NewClass, Subject, TeachingAssignment};
pub use consent::{ConsentRecord, ConsentText, ErasureRecord};
pub use conversation::{
    ChatMessage, ChatMessageVersion, ChatPage, ChatReport, Conversation, Hidden, MessagingSettings,
    NewChatMessage, NewConversation, Participant, RetentionRecord, UnreadCounts,
};
pub use day::{
    AbsenceNotice, Attachment, Attendance, AttendanceEntry, AttendanceSummary, Bell, BellSchedule,
    DayLesson, Homework, Lesson, LessonKey, LessonOrigin, NewBellSchedule, NewHomework,
    NewLessonChange, NewTimetable, Remark, StudentDay, Timetable, TimetableLesson,
};
pub use directory::{ChildDirectory, DirectorySubject, StaffName};
pub use enums::{
    AbsenceReason, AnnouncementKind, ApplicationChannel, ApplicationStatus, AttendanceStatus,
    AudienceRole, AudienceScope, ChangeKind, ConsentChannel, ConsentDecision, ConsentPurpose,
    ContactKind, ConversationKind, CorrectionStatus, Counting, DocumentKind, EndReason, EntryKind,
    ErasureGround, FeedEntity, FeedOperation, GrantStatus, LedgerKind, LessonStatus, MealKind,
    MealOrderStatus, MeetingAnswer, MeetingKind, NoticeKind, NoticeStatus, NotificationEvent,
    PeriodKind, RejectionReason, Relation, RemarkKind, ReportBlock, ReportLanguage,
    RetentionAction, StaffRole, VisitDirection,
};
pub use feed::{FeedChange, FeedPage};
pub use mark::{Mark, MarkChange, MarkEdit, NewMark, NewWorkKind, WorkKind};
pub use meeting::{
    AgendaItem, AppointmentSlot, Booking, Meeting, MeetingRecord, MeetingReply, NewMeeting,
    NewSlots,
};
pub use message::{
    MessageReply, NewSigningKey, NewTeacherMessage, SignedReply, SigningKey, TeacherMessage,
};
pub use notification::{Notification, NotificationPreferences};
pub use overview::{ClassOverview, SchoolOverview, YearOverview};
pub use person::{Enrolment, Guardianship, NewPerson, Person, PersonCorrection, StaffMember};
pub use report_card::{ReportCard, ReportCardTemplate, ReportPeriod, ReportSubject};
pub use rollover::{ClassRollover, RolloverReport, StudentRollover, YearRollover};
pub use school::{
    AcademicYear, Holiday, NewHoliday, NewPeriod, NewSchool, NewYear, Period, School,
};
pub use services::{
    ClassPresence, DayPresence, LedgerEntry, MealOrder, MealSettings, MealStatement, Menu,
    MenuItem, NewMenu, NewVisitEvent, PresenceMismatch, VisitEvent, VisitImport, ALLERGENS,
};
