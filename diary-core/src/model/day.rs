//! The school day (D5–D8, D10): bell schedules, timetables and their changes,
//! lessons, homework, attendance, absence notices and remarks.

use crate::grading::Ratio;
use crate::ids::{
    BellScheduleId, ClassId, GroupId, HomeworkId, NoticeId, PersonId, RemarkId, SchoolId,
    SubjectId, TimetableId,
};
use crate::model::{
    AbsenceReason, AttendanceStatus, ChangeKind, LessonStatus, Mark, NoticeKind, NoticeStatus,
    RemarkKind,
};
use serde::Serialize;
use time::{Date, OffsetDateTime, Time, Weekday};

/// One numbered lesson of a bell schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Bell {
    /// The lesson number (0–15; 0 is an optional "zero" lesson).
    pub number: u8,
    /// When it starts (school time).
    #[serde(with = "hhmm")]
    pub start: Time,
    /// When it ends.
    #[serde(with = "hhmm")]
    pub end: Time,
}

/// A bell schedule to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBellSchedule {
    /// The school.
    pub school: SchoolId,
    /// A name, e.g. "Regular", "Shortened", "Second shift".
    pub name: String,
    /// The shift it is for (1–3).
    pub shift: u8,
    /// The weekdays it applies to.
    pub weekdays: Vec<Weekday>,
    /// The first day it applies.
    pub valid_from: Date,
    /// The last day it applies (open-ended if `None`).
    pub valid_until: Option<Date>,
    /// The lessons, in order; breaks are the gaps between them.
    pub bells: Vec<Bell>,
}

/// A stored bell schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BellSchedule {
    /// Identifier.
    pub id: BellScheduleId,
    /// The school.
    pub school: SchoolId,
    /// Its name.
    pub name: String,
    /// The shift.
    pub shift: u8,
    /// The weekdays (Monday = 1 … Sunday = 7).
    pub weekdays: Vec<u8>,
    /// The first day it applies.
    pub valid_from: Date,
    /// The last day it applies, if limited.
    pub valid_until: Option<Date>,
    /// The lessons.
    pub bells: Vec<Bell>,
}

/// One weekly lesson of a timetable.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct TimetableLesson {
    /// The weekday.
    #[serde(serialize_with = "weekday_number")]
    pub weekday: Weekday,
    /// The lesson number (its bell).
    pub number: u8,
    /// The sub-group, when only a group of the class has this lesson.
    pub group: Option<GroupId>,
    /// The subject.
    pub subject: SubjectId,
    /// The teacher.
    pub teacher: PersonId,
    /// The room, if fixed.
    pub room: Option<String>,
}

/// A class's weekly timetable from a date; it ends the previous version the
/// day before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTimetable {
    /// The class.
    pub class: ClassId,
    /// The shift (1–3), which selects the bell schedule.
    pub shift: u8,
    /// The first day it applies.
    pub valid_from: Date,
    /// The weekly lessons.
    pub lessons: Vec<TimetableLesson>,
}

/// A stored timetable version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timetable {
    /// Identifier.
    pub id: TimetableId,
    /// The class.
    pub class: ClassId,
    /// The shift.
    pub shift: u8,
    /// The first day it applies.
    pub valid_from: Date,
    /// The last day, once a newer version starts.
    pub valid_until: Option<Date>,
    /// The weekly lessons.
    pub lessons: Vec<TimetableLesson>,
}

/// Names one lesson on one date: a class (or one of its groups) and a
/// lesson number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct LessonKey {
    /// The class.
    pub class: ClassId,
    /// The date.
    pub date: Date,
    /// The lesson number.
    pub number: u8,
    /// The group, for a group's lesson.
    pub group: Option<GroupId>,
}

/// A change to the timetable on a date. Which fields are needed depends on
/// the kind: a substitution needs `teacher` (and may change `room`), a room
/// change needs `room`, a move needs `to_date` and `to_number`, an extra
/// lesson needs `subject` and `teacher`; a cancellation needs nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLessonChange {
    /// The lesson changed (for an extra lesson: where it takes place).
    pub lesson: LessonKey,
    /// What changes.
    pub kind: ChangeKind,
    /// The substitute (or the extra lesson's) teacher.
    pub teacher: Option<PersonId>,
    /// The new room.
    pub room: Option<String>,
    /// The extra lesson's subject.
    pub subject: Option<SubjectId>,
    /// Where a moved lesson goes: the date.
    pub to_date: Option<Date>,
    /// Where a moved lesson goes: the lesson number.
    pub to_number: Option<u8>,
    /// Why, shown to families.
    pub reason: Option<String>,
    /// Announce the change to the class's students and parents (a
    /// schedule-change announcement shown until the lesson's day, which
    /// also notifies them).
    pub announce: bool,
}

/// The timetable's original of a changed lesson ("was").
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct LessonOrigin {
    /// The original date.
    pub date: Date,
    /// The original lesson number.
    pub number: u8,
    /// The original teacher.
    pub teacher: PersonId,
    /// The original room.
    pub room: Option<String>,
}

/// A lesson on a date, derived from the timetable, its changes and the
/// calendar, with what was written about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lesson {
    /// Which lesson this is (class, date, number, group).
    #[serde(flatten)]
    pub key: LessonKey,
    /// When it starts, from the bell schedule.
    #[serde(with = "hhmm::option")]
    pub start: Option<Time>,
    /// When it ends.
    #[serde(with = "hhmm::option")]
    pub end: Option<Time>,
    /// The subject.
    pub subject: SubjectId,
    /// The subject's name.
    pub subject_name: String,
    /// The teacher now.
    pub teacher: PersonId,
    /// The room now.
    pub room: Option<String>,
    /// As planned, changed, cancelled or moved.
    pub status: LessonStatus,
    /// The original, when something changed ("was").
    pub was: Option<LessonOrigin>,
    /// Where a lesson moved away went.
    pub moved_to: Option<(Date, u8)>,
    /// Why it changed.
    pub change_reason: Option<String>,
    /// The topic, once the teacher wrote it.
    pub topic: Option<String>,
    /// The test or control work announced for this lesson, if any.
    pub test: Option<String>,
}

/// A file attached to homework: described here, kept by the host.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    /// The file name.
    pub name: String,
    /// Its media type, e.g. "application/pdf".
    pub media_type: String,
    /// Its size in bytes.
    pub size: u64,
    /// Where the host serves it.
    pub url: Option<String>,
    /// Its SHA-256 (hex), when the host stores content by hash.
    pub sha256: Option<String>,
}

/// Homework to set (in a lesson given beside it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewHomework {
    /// When it is due (not before the lesson).
    pub due: Date,
    /// What to do.
    pub text: String,
    /// For some students only (empty: the whole class or group).
    pub students: Vec<PersonId>,
    /// Attached files.
    pub attachments: Vec<Attachment>,
}

/// Stored homework, as the viewer may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Homework {
    /// Identifier.
    pub id: HomeworkId,
    /// The lesson it was set in.
    pub lesson: LessonKey,
    /// The subject.
    pub subject: SubjectId,
    /// When it is due.
    pub due: Date,
    /// What to do.
    pub text: String,
    /// Whether it is for some students only.
    pub individual: bool,
    /// Those students (shown to staff; to a family only their child).
    pub students: Vec<PersonId>,
    /// Attached files.
    pub attachments: Vec<Attachment>,
    /// The students who marked it done (staff see all; a family their child).
    pub done_by: Vec<PersonId>,
}

/// One student's line of a lesson's register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceEntry {
    /// The student.
    pub student: PersonId,
    /// Present, absent, late or left early.
    pub status: AttendanceStatus,
    /// Minutes late, for `Late`.
    pub late_minutes: Option<u16>,
    /// Why absent, when known.
    pub reason: Option<AbsenceReason>,
    /// Whether the absence is excused (notices on file also excuse it).
    pub excused: bool,
}

/// A stored attendance record, as the viewer may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attendance {
    /// The lesson.
    pub lesson: LessonKey,
    /// The student.
    pub student: PersonId,
    /// Present, absent, late or left early.
    pub status: AttendanceStatus,
    /// Minutes late.
    pub late_minutes: Option<u16>,
    /// The reason; `None` also when it is health data the viewer may not see
    /// (then `reason_hidden` is true).
    pub reason: Option<AbsenceReason>,
    /// The reason exists but is not shown to this viewer.
    pub reason_hidden: bool,
    /// Whether the absence is excused.
    pub excused: bool,
    /// The notice that excused it, if any.
    pub notice: Option<NoticeId>,
    /// Who recorded it.
    pub recorded_by: PersonId,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub recorded_at: OffsetDateTime,
}

/// A parent's absence notice (in advance) or excuse (afterwards).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AbsenceNotice {
    /// Identifier.
    pub id: NoticeId,
    /// The student.
    pub student: PersonId,
    /// In advance, or an excuse afterwards.
    pub kind: NoticeKind,
    /// The first day.
    pub first_day: Date,
    /// The last day.
    pub last_day: Date,
    /// The reason (`None` when health data is hidden from the viewer).
    pub reason: Option<AbsenceReason>,
    /// The parent's note (`None` when health data is hidden from the
    /// viewer: free text can carry it whatever the reason).
    pub note: Option<String>,
    /// Who submitted it.
    pub submitted_by: PersonId,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub submitted_at: OffsetDateTime,
    /// Pending, approved or rejected.
    pub status: NoticeStatus,
    /// Who decided.
    pub decided_by: Option<PersonId>,
    /// When.
    #[serde(with = "time::serde::rfc3339::option")]
    pub decided_at: Option<OffsetDateTime>,
    /// The class teacher's note (hidden like `note`).
    pub decision_note: Option<String>,
}

/// Attendance over a date range, counted exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttendanceSummary {
    /// The student.
    pub student: PersonId,
    /// Lessons held for the student in the range (not cancelled or moved
    /// away, up to today).
    pub lessons_held: u32,
    /// Lessons with a register entry for the student.
    pub recorded: u32,
    /// Present (on time).
    pub present: u32,
    /// Came late.
    pub late: u32,
    /// Minutes late in total.
    pub late_minutes: u32,
    /// Left early.
    pub left_early: u32,
    /// Absences excused.
    pub absent_excused: u32,
    /// Absences not excused.
    pub absent_unexcused: u32,
    /// Attended (present, late or left early) ÷ recorded; `None` when
    /// nothing was recorded.
    pub rate: Option<Ratio>,
}

/// A teacher's remark about a student.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Remark {
    /// Identifier.
    pub id: RemarkId,
    /// The student.
    pub student: PersonId,
    /// The teacher who wrote it.
    pub author: PersonId,
    /// The day it is about.
    pub date: Date,
    /// The subject, if it concerns one.
    pub subject: Option<SubjectId>,
    /// Positive, negative or neutral.
    pub kind: RemarkKind,
    /// The text.
    pub text: String,
    /// When it was written.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// One lesson of a student's day with everything about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayLesson {
    /// The lesson.
    pub lesson: Lesson,
    /// Homework set in this lesson.
    pub homework: Vec<Homework>,
    /// The student's attendance, once recorded.
    pub attendance: Option<Attendance>,
    /// The student's marks in this subject on this date.
    pub marks: Vec<Mark>,
}

/// A student's day: lessons, homework due, remarks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StudentDay {
    /// The date.
    pub date: Date,
    /// The lessons, in order.
    pub lessons: Vec<DayLesson>,
    /// Homework due this day.
    pub homework_due: Vec<Homework>,
    /// Remarks about this day.
    pub remarks: Vec<Remark>,
}

fn weekday_number<S: serde::Serializer>(w: &Weekday, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u8(w.number_from_monday())
}

/// Times of day as "HH:MM" in JSON.
mod hhmm {
    use serde::Serializer;
    use time::Time;

    pub fn serialize<S: Serializer>(t: &Time, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{:02}:{:02}", t.hour(), t.minute()))
    }

    pub mod option {
        use serde::Serializer;
        use time::Time;

        pub fn serialize<S: Serializer>(t: &Option<Time>, s: S) -> Result<S::Ok, S::Error> {
            match t {
                Some(t) => super::serialize(t, s),
                None => s.serialize_none(),
            }
        }
    }
}
