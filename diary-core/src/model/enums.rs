//! Closed sets of domain values, each with a stable lower-case text form used
//! in storage, in the C ABI's JSON and by the Python enums.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! domain_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable text form.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The stable small-integer code (the position in [`Self::ALL`]),
            /// used where storage keeps the value as an integer.
            pub fn code(self) -> i64 {
                Self::ALL.iter().position(|v| *v == self).unwrap_or(0) as i64
            }

            /// The value of a [`Self::code`].
            pub fn from_code(field: &str, code: i64) -> Result<Self> {
                usize::try_from(code)
                    .ok()
                    .and_then(|i| Self::ALL.get(i).copied())
                    .ok_or_else(|| Error::invalid(field, format!("{code} is not a valid code")))
            }

            /// Parses the text form; `field` names the argument in the error.
            pub fn parse(field: &str, s: &str) -> Result<Self> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(Error::invalid(field, format!(
                        "unknown value {:?}; expected one of: {}",
                        s,
                        [$($text),+].join(", ")
                    ))),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

domain_enum! {
    /// How a school divides its year for marks.
    PeriodKind {
        /// Four quarters (the usual division for grades 2–9).
        Quarter = "quarter",
        /// Three trimesters.
        Trimester = "trimester",
        /// Two semesters (half-years; usual for grades 10–11).
        Semester = "semester",
    }
}

domain_enum! {
    /// What a staff member does at a school.
    StaffRole {
        /// Teaches classes; may also be a class teacher.
        Teacher = "teacher",
        /// Runs the school's diary: structure, people, credentials.
        Admin = "admin",
    }
}

domain_enum! {
    /// How a guardian is related to a student.
    Relation {
        /// The student's mother.
        Mother = "mother",
        /// The student's father.
        Father = "father",
        /// A court-appointed or other legal guardian.
        LegalGuardian = "legal_guardian",
        /// Another relative or carer.
        Other = "other",
    }
}

domain_enum! {
    /// Why an enrolment ended.
    EndReason {
        /// Moved to another class or school.
        Transferred = "transferred",
        /// Finished school.
        Graduated = "graduated",
        /// Left for another reason.
        Left = "left",
        /// Promoted to the next grade at a year's rollover.
        Promoted = "promoted",
        /// Repeats the grade in the next year (decided at the rollover).
        Repeating = "repeating",
    }
}

domain_enum! {
    /// What a diary entry for a piece of work is.
    EntryKind {
        /// A mark on its scale.
        Grade = "grade",
        /// Absent at the work ("н"); never counts.
        Absent = "absent",
        /// Work not handed in; never counts.
        NotSubmitted = "not_submitted",
        /// Exempt from the work; never counts.
        Exempt = "exempt",
    }
}

domain_enum! {
    /// Whether a mark enters the average.
    Counting {
        /// Always counts.
        Always = "always",
        /// Never counts (shown for information).
        Never = "never",
        /// Counts only if it raises the average (Pronote's optional mark).
        IfRaises = "if_raises",
        /// Only the part above the rule's bonus cut-off adds to the average.
        Bonus = "bonus",
    }
}

domain_enum! {
    /// How a lesson on a date differs from the weekly timetable.
    ChangeKind {
        /// Another teacher takes the lesson.
        Substitution = "substitution",
        /// The lesson does not take place.
        Cancellation = "cancellation",
        /// The lesson is held in another room.
        RoomChange = "room_change",
        /// The lesson is moved to another date or lesson number.
        Moved = "moved",
        /// A lesson that is not in the timetable.
        Extra = "extra",
    }
}

domain_enum! {
    /// Where a lesson on a date stands, as families see it.
    LessonStatus {
        /// As in the timetable (possibly with another teacher or room).
        Scheduled = "scheduled",
        /// Cancelled.
        Cancelled = "cancelled",
        /// Moved away from this slot (see the lesson's "now").
        MovedAway = "moved_away",
        /// Moved here from another slot (see the lesson's "was").
        MovedHere = "moved_here",
        /// An extra lesson, not in the timetable.
        Extra = "extra",
    }
}

domain_enum! {
    /// A student's presence at a lesson.
    AttendanceStatus {
        /// Present.
        Present = "present",
        /// Absent.
        Absent = "absent",
        /// Came late (with minutes).
        Late = "late",
        /// Left before the end.
        LeftEarly = "left_early",
    }
}

domain_enum! {
    /// Why a student is absent. Illness is health data: only the family,
    /// the class teacher and school admins see it.
    AbsenceReason {
        /// Illness.
        Illness = "illness",
        /// Family reasons.
        Family = "family",
        /// A school activity (competition, olympiad).
        SchoolActivity = "school_activity",
        /// Another reason.
        Other = "other",
    }
}

domain_enum! {
    /// Whether a parent's absence notice came before or after the absence.
    NoticeKind {
        /// Notified in advance; applied when the teacher records the absence.
        Advance = "advance",
        /// An excuse afterwards, decided by the class teacher.
        Excuse = "excuse",
    }
}

domain_enum! {
    /// Where an absence notice stands.
    NoticeStatus {
        /// Waiting for the class teacher.
        Pending = "pending",
        /// Accepted: the absences are excused.
        Approved = "approved",
        /// Rejected, with the class teacher's note.
        Rejected = "rejected",
    }
}

domain_enum! {
    /// The tone of a teacher's remark.
    RemarkKind {
        /// Praise.
        Positive = "positive",
        /// Behaviour, missing preparation.
        Negative = "negative",
        /// Information.
        Neutral = "neutral",
    }
}

domain_enum! {
    /// A block a school may show or leave out of its report cards (the
    /// table of subjects and their marks is always there).
    ReportBlock {
        /// Each subject's exact average beside its mark.
        Averages = "averages",
        /// On a year card, a column per period with its mark in force.
        PeriodMarks = "period_marks",
        /// On a year card, the exam and final (certificate) marks.
        ExamMarks = "exam_marks",
        /// The overall average across subjects.
        OverallAverage = "overall_average",
        /// The attendance summary.
        Attendance = "attendance",
        /// The teachers' remarks of the period.
        Remarks = "remarks",
        /// The class teacher's name.
        ClassTeacher = "class_teacher",
        /// Lines for the signatures of the class teacher, the head and a
        /// parent.
        Signatures = "signatures",
    }
}

domain_enum! {
    /// The language of a report card's printed labels.
    ReportLanguage {
        /// Russian.
        Ru = "ru",
        /// English.
        En = "en",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_forms_round_trip() {
        for k in PeriodKind::ALL {
            assert_eq!(PeriodKind::parse("kind", k.as_str()).unwrap(), *k);
        }
        for r in Relation::ALL {
            assert_eq!(Relation::parse("relation", r.as_str()).unwrap(), *r);
        }
        for (i, c) in Counting::ALL.iter().enumerate() {
            assert_eq!(c.code(), i as i64);
            assert_eq!(Counting::from_code("counting", c.code()).unwrap(), *c);
        }
        assert_eq!(EntryKind::Absent.code(), 1); // stored codes never change
        assert!(EntryKind::from_code("entry", 4).is_err());
        let e = Relation::parse("relation", "aunt").unwrap_err();
        assert_eq!(e.field(), Some("relation"));
        assert!(e.to_string().contains("legal_guardian"));
    }
}

domain_enum! {
    /// A security parameter used for recovery.
    ContactKind {
        /// The recovery e-mail.
        Email = "email",
        /// The mobile number.
        Phone = "phone",
    }
}

domain_enum! {
    /// Where a trusted person's grant stands at a moment.
    GrantStatus {
        /// Waiting for the invitee's answer.
        Pending = "pending",
        /// The invitee declined.
        Declined = "declined",
        /// Not answered in time.
        Expired = "expired",
        /// Accepted; access opens after the school's delay.
        Waiting = "waiting",
        /// Access is open.
        Active = "active",
        /// Past its last day.
        Ended = "ended",
        /// Revoked by the inviting parent.
        Revoked = "revoked",
    }
}

domain_enum! {
    /// What an announcement is about (D9).
    AnnouncementKind {
        /// A class or the school closed for quarantine.
        Quarantine = "quarantine",
        /// Lessons moved, cancelled or substituted.
        ScheduleChange = "schedule_change",
        /// A competition or olympiad.
        Competition = "competition",
        /// School news.
        News = "news",
        /// Anything else.
        Other = "other"
    }
}

domain_enum! {
    /// What an announcement's audience entry names.
    AudienceScope {
        /// The whole school.
        School = "school",
        /// A class.
        Class = "class",
        /// A group of a class.
        Group = "group",
        /// One person.
        Person = "person"
    }
}

domain_enum! {
    /// Who in an audience scope is addressed.
    AudienceRole {
        /// Everyone in the scope: students, their parents and its staff.
        Everyone = "everyone",
        /// The students.
        Students = "students",
        /// The students' parents (guardians).
        Parents = "parents",
        /// The staff (for a class or group: its teachers).
        Staff = "staff"
    }
}

domain_enum! {
    /// What kind of meeting (D12).
    MeetingKind {
        /// A parents' evening of a class or the school.
        ParentsEvening = "parents_evening",
        /// A class meeting.
        ClassMeeting = "class_meeting",
        /// A school-wide meeting.
        SchoolMeeting = "school_meeting",
        /// Anything else.
        Other = "other"
    }
}

domain_enum! {
    /// An invitee's answer to a meeting.
    MeetingAnswer {
        /// Will come.
        Yes = "yes",
        /// Will not come.
        No = "no",
        /// Not sure yet.
        Maybe = "maybe"
    }
}

domain_enum! {
    /// What kind of conversation (D11).
    ConversationKind {
        /// A conversation of a few people, about a child (a family and the
        /// staff who teach or look after the child) or among staff.
        Direct = "direct",
        /// A class's parents' chat, owned by the class teacher.
        ClassChat = "class_chat",
        /// A school's staff room: all its staff.
        StaffRoom = "staff_room"
    }
}

domain_enum! {
    /// What a school does with the conversations of past years.
    RetentionAction {
        /// Keep them readable but closed to new messages.
        Archive = "archive",
        /// Delete their messages, keeping a record.
        Delete = "delete"
    }
}

domain_enum! {
    /// What a host notification is about.
    NotificationEvent {
        /// A new announcement addressed to the person.
        Announcement = "announcement",
        /// A new message in one of the person's conversations.
        ChatMessage = "chat_message",
        /// An invitation to a meeting.
        MeetingInvitation = "meeting_invitation",
        /// A teacher's personal message.
        TeacherMessage = "teacher_message",
        /// A teacher's message that asks for a signed reply.
        SignatureRequest = "signature_request",
        /// A student's meal balance fell below the school's threshold.
        LowMealBalance = "low_meal_balance"
    }
}

domain_enum! {
    /// Where a correction of a person's data stands.
    CorrectionStatus {
        /// Made by an admin, or approved: the data was changed.
        Applied = "applied",
        /// Proposed by the person (or a legal representative), waiting.
        Pending = "pending",
        /// Rejected by an admin.
        Rejected = "rejected"
    }
}

domain_enum! {
    /// Which way a student passed the school's entrance.
    VisitDirection {
        /// Came in.
        Entry = "entry",
        /// Went out.
        Exit = "exit"
    }
}

domain_enum! {
    /// A meal of the school day.
    MealKind {
        /// Breakfast.
        Breakfast = "breakfast",
        /// Lunch.
        Lunch = "lunch",
        /// The afternoon snack.
        Snack = "snack"
    }
}

domain_enum! {
    /// What moved a student's meal balance.
    LedgerKind {
        /// Money paid in through the host's payment provider.
        TopUp = "top_up",
        /// A meal served.
        Charge = "charge",
        /// Money given back (a charge undone by the school).
        Refund = "refund"
    }
}

domain_enum! {
    /// Where a meal order stands.
    MealOrderStatus {
        /// Ordered, not yet served.
        Ordered = "ordered",
        /// Cancelled before the cut-off (or by the school).
        Cancelled = "cancelled",
        /// Served by the canteen (and charged).
        Served = "served"
    }
}

domain_enum! {
    /// How an access application reached the school.
    ApplicationChannel {
        /// Through the host's portal.
        Online = "online",
        /// In person, entered by the school.
        AtSchool = "at_school"
    }
}

domain_enum! {
    /// A document an access application needs.
    DocumentKind {
        /// The child's birth certificate.
        BirthCertificate = "birth_certificate",
        /// The applicant's identity document.
        IdentityDocument = "identity_document",
        /// The signed application form.
        ApplicationForm = "application_form",
        /// Consent to the processing of personal data.
        Consent = "consent"
    }
}

domain_enum! {
    /// Where an access application stands.
    ApplicationStatus {
        /// Waiting for the school's decision.
        Submitted = "submitted",
        /// Approved: the guardianship and the account exist.
        Approved = "approved",
        /// Rejected with reasons; the applicant may correct and re-submit.
        Rejected = "rejected"
    }
}

domain_enum! {
    /// Why an access application was rejected.
    RejectionReason {
        /// A required document is missing.
        IncompleteDocuments = "incomplete_documents",
        /// A document cannot be read or does not match its hash.
        DocumentsUnreadable = "documents_unreadable",
        /// The application form is filled in wrongly.
        FormFilledWrongly = "form_filled_wrongly",
        /// The applicant is not shown to represent the child.
        NotARepresentative = "not_a_representative",
        /// The applicant's or the child's data do not match the documents.
        DataMismatch = "data_mismatch",
        /// Another reason (see the note).
        Other = "other"
    }
}

domain_enum! {
    /// What personal data is processed for, each consented to separately.
    ConsentPurpose {
        /// The electronic diary itself: marks, attendance, homework.
        Diary = "diary",
        /// School entry and exit, meals and the meal account.
        VisitsMeals = "visits_meals",
        /// Photos and videos of school life.
        Photos = "photos",
        /// Conversations and messages with the school.
        Messaging = "messaging",
        /// Publishing contact details to the class's families.
        Contacts = "contacts"
    }
}

domain_enum! {
    /// A person's decision on a consent text.
    ConsentDecision {
        /// Consent given.
        Given = "given",
        /// Consent refused.
        Refused = "refused",
        /// Consent given earlier, withdrawn now.
        Withdrawn = "withdrawn"
    }
}

domain_enum! {
    /// How a consent decision reached the school.
    ConsentChannel {
        /// Through the host's portal.
        Online = "online",
        /// A signed paper form, recorded by the school.
        Paper = "paper",
        /// In person at the school.
        InPerson = "in_person"
    }
}

domain_enum! {
    /// Why a person's identifying data is erased.
    ErasureGround {
        /// The school's retention period for the person's data has passed.
        RetentionExpired = "retention_expired",
        /// The person (or a child's legal representative) asked for it.
        SubjectRequest = "subject_request",
        /// A court or supervisory authority ordered it.
        CourtOrder = "court_order"
    }
}

domain_enum! {
    /// What a change-feed record is about (see docs/integration.md).
    FeedEntity {
        /// A mark; the record carries its old → new value.
        Mark = "mark",
        /// A period, year, exam or final mark (`detail` says which).
        FinalMark = "final_mark",
        /// A student's attendance at a lesson (the status; never the reason).
        Attendance = "attendance",
        /// Homework set for a class (or some of its students).
        Homework = "homework",
        /// A substitution, cancellation, room change, move or extra lesson.
        LessonChange = "lesson_change",
        /// A class's timetable (a new version, or its end).
        Timetable = "timetable",
        /// A remark about a student.
        Remark = "remark",
        /// A family's absence notice or excuse, or its decision.
        AbsenceNotice = "absence_notice",
        /// A student's enrolment in a class.
        Enrolment = "enrolment",
        /// A lesson's topic or announced test.
        Lesson = "lesson"
    }
}

domain_enum! {
    /// What a write did to the record a change is about.
    FeedOperation {
        /// Created.
        Created = "created",
        /// Changed.
        Changed = "changed",
        /// Deleted (or, for a mark, struck out).
        Deleted = "deleted"
    }
}
