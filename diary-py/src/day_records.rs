//! Immutable value objects of the school day: lesson keys and lessons,
//! bells and timetables, homework, attendance, notices, remarks and a
//! student's day.

use crate::convert::{list as all, EnumValue, Fraction};
use crate::grading_records::Mark;
use diary_core as core;
use pyo3::prelude::*;
use time::{Date, OffsetDateTime, Time};

fn ev(class: &'static str, value: &'static str) -> EnumValue {
    EnumValue { class, value }
}

/// Names one lesson: a class (or one of its groups), a date and a lesson
/// number. Construct one to address a lesson, or take `Lesson.key`.
#[pyclass(frozen, eq, hash, module = "schooldiary")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LessonKey {
    /// The class id.
    #[pyo3(get)]
    pub class_id: i64,
    /// The date.
    #[pyo3(get)]
    pub date: Date,
    /// The lesson number (its bell).
    #[pyo3(get)]
    pub number: u8,
    /// The group id for a group's lesson, else None.
    #[pyo3(get)]
    pub group: Option<i64>,
}

#[pymethods]
impl LessonKey {
    #[new]
    #[pyo3(signature = (class_id, date, number, group=None))]
    fn new(
        #[pyo3(from_py_with = crate::ids::class_id)] class_id: i64,
        #[pyo3(from_py_with = crate::ids::date)] date: Date,
        #[pyo3(from_py_with = crate::ids::number)] number: u8,
        #[pyo3(from_py_with = crate::ids::opt_group)] group: Option<i64>,
    ) -> Self {
        LessonKey {
            class_id,
            date,
            number,
            group,
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "LessonKey(class_id={}, date={}, number={}, group={})",
            self.class_id,
            self.date,
            self.number,
            self.group.map_or("None".to_owned(), |g| g.to_string())
        )
    }
}

impl From<core::LessonKey> for LessonKey {
    fn from(k: core::LessonKey) -> Self {
        LessonKey {
            class_id: k.class.0,
            date: k.date,
            number: k.number,
            group: k.group.map(|g| g.0),
        }
    }
}

impl From<&LessonKey> for core::LessonKey {
    fn from(k: &LessonKey) -> Self {
        core::LessonKey {
            class: core::ClassId(k.class_id),
            date: k.date,
            number: k.number,
            group: k.group.map(core::GroupId),
        }
    }
}

record! {
    /// One numbered lesson of a bell schedule.
    Bell {
        /// The lesson number.
        number: u8,
        /// When it starts.
        start: Time,
        /// When it ends.
        end: Time,
    }
}

record! {
    /// A school's bell schedule.
    BellSchedule {
        /// Identifier.
        id: i64,
        /// The school.
        school: i64,
        /// Its name.
        name: String,
        /// The shift (1–3).
        shift: u8,
        /// Weekdays it applies to, 1 (Monday) to 7.
        weekdays: Vec<u8>,
        /// First day it applies.
        valid_from: Date,
        /// Last day, if limited.
        valid_until: Option<Date>,
        /// The lessons.
        bells: Vec<Bell>,
    }
}

impl From<core::BellSchedule> for BellSchedule {
    fn from(s: core::BellSchedule) -> Self {
        BellSchedule {
            id: s.id.0,
            school: s.school.0,
            name: s.name,
            shift: s.shift,
            weekdays: s.weekdays,
            valid_from: s.valid_from,
            valid_until: s.valid_until,
            bells: s
                .bells
                .into_iter()
                .map(|b| Bell {
                    number: b.number,
                    start: b.start,
                    end: b.end,
                })
                .collect(),
        }
    }
}

record! {
    /// One weekly lesson of a timetable.
    TimetableLesson {
        /// 1 (Monday) to 7.
        weekday: u8,
        /// The lesson number.
        number: u8,
        /// The group, for a group's lesson.
        group: Option<i64>,
        /// The subject.
        subject: i64,
        /// The teacher.
        teacher: i64,
        /// The room.
        room: Option<String>,
    }
}

record! {
    /// A version of a class's weekly timetable.
    Timetable {
        /// Identifier.
        id: i64,
        /// The class.
        class_id: i64,
        /// The shift.
        shift: u8,
        /// First day.
        valid_from: Date,
        /// Last day, once a newer version starts.
        valid_until: Option<Date>,
        /// The weekly lessons.
        lessons: Vec<TimetableLesson>,
    }
}

impl From<core::Timetable> for Timetable {
    fn from(t: core::Timetable) -> Self {
        Timetable {
            id: t.id.0,
            class_id: t.class.0,
            shift: t.shift,
            valid_from: t.valid_from,
            valid_until: t.valid_until,
            lessons: t
                .lessons
                .into_iter()
                .map(|l| TimetableLesson {
                    weekday: l.weekday.number_from_monday(),
                    number: l.number,
                    group: l.group.map(|g| g.0),
                    subject: l.subject.0,
                    teacher: l.teacher.0,
                    room: l.room,
                })
                .collect(),
        }
    }
}

record! {
    /// The timetable's original of a changed lesson ("was").
    LessonOrigin {
        /// The original date.
        date: Date,
        /// The original number.
        number: u8,
        /// The original teacher.
        teacher: i64,
        /// The original room.
        room: Option<String>,
    }
}

record! {
    /// A lesson on a date, with its changes, topic and test.
    Lesson {
        /// Which lesson (pass it to the lesson methods).
        key: LessonKey,
        /// Start (school time), from the bells.
        start: Option<Time>,
        /// End.
        end: Option<Time>,
        /// The subject.
        subject: i64,
        /// The subject's name.
        subject_name: String,
        /// The teacher now.
        teacher: i64,
        /// The room now.
        room: Option<String>,
        /// As planned, changed, cancelled or moved (`LessonStatus`).
        status: EnumValue,
        /// The original, when something changed.
        was: Option<LessonOrigin>,
        /// Where a lesson moved away went: (date, number).
        moved_to: Option<(Date, u8)>,
        /// Why it changed.
        change_reason: Option<String>,
        /// The topic.
        topic: Option<String>,
        /// The announced test's title.
        test: Option<String>,
    }
}

impl From<core::Lesson> for Lesson {
    fn from(l: core::Lesson) -> Self {
        Lesson {
            key: l.key.into(),
            start: l.start,
            end: l.end,
            subject: l.subject.0,
            subject_name: l.subject_name,
            teacher: l.teacher.0,
            room: l.room,
            status: ev("LessonStatus", l.status.as_str()),
            was: l.was.map(|w| LessonOrigin {
                date: w.date,
                number: w.number,
                teacher: w.teacher.0,
                room: w.room,
            }),
            moved_to: l.moved_to,
            change_reason: l.change_reason,
            topic: l.topic,
            test: l.test,
        }
    }
}

record! {
    /// A file attached to homework (kept by the host).
    Attachment {
        /// File name.
        name: String,
        /// Media type.
        media_type: String,
        /// Size in bytes.
        size: u64,
        /// Where the host serves it.
        url: Option<String>,
        /// Its SHA-256.
        sha256: Option<String>,
    }
}

impl From<core::Attachment> for Attachment {
    fn from(a: core::Attachment) -> Self {
        Attachment {
            name: a.name,
            media_type: a.media_type,
            size: a.size,
            url: a.url,
            sha256: a.sha256,
        }
    }
}

record! {
    /// Homework, as the caller may see it.
    Homework {
        /// Identifier.
        id: i64,
        /// The lesson it was set in.
        lesson: LessonKey,
        /// The subject.
        subject: i64,
        /// When it is due.
        due: Date,
        /// What to do.
        text: String,
        /// For some students only.
        individual: bool,
        /// Those students.
        students: Vec<i64>,
        /// Attached files.
        attachments: Vec<Attachment>,
        /// Students who marked it done.
        done_by: Vec<i64>,
    }
}

impl From<core::Homework> for Homework {
    fn from(h: core::Homework) -> Self {
        Homework {
            id: h.id.0,
            lesson: h.lesson.into(),
            subject: h.subject.0,
            due: h.due,
            text: h.text,
            individual: h.individual,
            students: h.students.iter().map(|p| p.0).collect(),
            attachments: h.attachments.into_iter().map(Into::into).collect(),
            done_by: h.done_by.iter().map(|p| p.0).collect(),
        }
    }
}

record! {
    /// A student's attendance at a lesson.
    Attendance {
        /// The lesson.
        lesson: LessonKey,
        /// The student.
        student: i64,
        /// `AttendanceStatus`.
        status: EnumValue,
        /// Minutes late.
        late_minutes: Option<u16>,
        /// `AbsenceReason`, or None (also when hidden health data).
        reason: Option<EnumValue>,
        /// A reason exists but is health data the caller may not see.
        reason_hidden: bool,
        /// Whether the absence is excused.
        excused: bool,
        /// The notice that excused it.
        notice: Option<i64>,
        /// Who recorded it.
        recorded_by: i64,
        /// When (aware, UTC).
        recorded_at: OffsetDateTime,
    }
}

impl From<core::Attendance> for Attendance {
    fn from(a: core::Attendance) -> Self {
        Attendance {
            lesson: a.lesson.into(),
            student: a.student.0,
            status: ev("AttendanceStatus", a.status.as_str()),
            late_minutes: a.late_minutes,
            reason: a.reason.map(|r| ev("AbsenceReason", r.as_str())),
            reason_hidden: a.reason_hidden,
            excused: a.excused,
            notice: a.notice.map(|n| n.0),
            recorded_by: a.recorded_by.0,
            recorded_at: a.recorded_at,
        }
    }
}

record! {
    /// A parent's absence notice or excuse, with every step.
    AbsenceNotice {
        /// Identifier.
        id: i64,
        /// The student.
        student: i64,
        /// `NoticeKind`.
        kind: EnumValue,
        /// First day.
        first_day: Date,
        /// Last day.
        last_day: Date,
        /// `AbsenceReason` (None when hidden health data).
        reason: Option<EnumValue>,
        /// The parent's note.
        note: Option<String>,
        /// Who submitted it.
        submitted_by: i64,
        /// When.
        submitted_at: OffsetDateTime,
        /// `NoticeStatus`.
        status: EnumValue,
        /// Who decided.
        decided_by: Option<i64>,
        /// When.
        decided_at: Option<OffsetDateTime>,
        /// The decision's note.
        decision_note: Option<String>,
    }
}

impl From<core::AbsenceNotice> for AbsenceNotice {
    fn from(n: core::AbsenceNotice) -> Self {
        AbsenceNotice {
            id: n.id.0,
            student: n.student.0,
            kind: ev("NoticeKind", n.kind.as_str()),
            first_day: n.first_day,
            last_day: n.last_day,
            reason: n.reason.map(|r| ev("AbsenceReason", r.as_str())),
            note: n.note,
            submitted_by: n.submitted_by.0,
            submitted_at: n.submitted_at,
            status: ev("NoticeStatus", n.status.as_str()),
            decided_by: n.decided_by.map(|p| p.0),
            decided_at: n.decided_at,
            decision_note: n.decision_note,
        }
    }
}

record! {
    /// Attendance over a date range, counted exactly.
    AttendanceSummary {
        /// The student.
        student: i64,
        /// Lessons held for the student (up to today).
        lessons_held: u32,
        /// Lessons with a register entry.
        recorded: u32,
        /// Present on time.
        present: u32,
        /// Late arrivals.
        late: u32,
        /// Minutes late in total.
        late_minutes: u32,
        /// Left early.
        left_early: u32,
        /// Absences excused.
        absent_excused: u32,
        /// Absences not excused.
        absent_unexcused: u32,
        /// Attended ÷ recorded as an exact `fractions.Fraction`, or None.
        rate: Option<Fraction>,
    }
}

impl From<core::AttendanceSummary> for AttendanceSummary {
    fn from(s: core::AttendanceSummary) -> Self {
        AttendanceSummary {
            student: s.student.0,
            lessons_held: s.lessons_held,
            recorded: s.recorded,
            present: s.present,
            late: s.late,
            late_minutes: s.late_minutes,
            left_early: s.left_early,
            absent_excused: s.absent_excused,
            absent_unexcused: s.absent_unexcused,
            rate: s.rate.map(Fraction),
        }
    }
}

record! {
    /// A teacher's remark about a student.
    Remark {
        /// Identifier.
        id: i64,
        /// The student.
        student: i64,
        /// The teacher who wrote it.
        author: i64,
        /// The day it is about.
        date: Date,
        /// The subject, if any.
        subject: Option<i64>,
        /// `RemarkKind`.
        kind: EnumValue,
        /// The text.
        text: String,
        /// When it was written.
        created_at: OffsetDateTime,
    }
}

impl From<core::Remark> for Remark {
    fn from(r: core::Remark) -> Self {
        Remark {
            id: r.id.0,
            student: r.student.0,
            author: r.author.0,
            date: r.date,
            subject: r.subject.map(|s| s.0),
            kind: ev("RemarkKind", r.kind.as_str()),
            text: r.text,
            created_at: r.created_at,
        }
    }
}

record! {
    /// One lesson of a student's day with everything about it.
    DayLesson {
        /// The lesson.
        lesson: Lesson,
        /// Homework set in it.
        homework: Vec<Homework>,
        /// The student's attendance, once recorded.
        attendance: Option<Attendance>,
        /// The student's marks in the subject that day.
        marks: Vec<Mark>,
    }
}

record! {
    /// A student's day.
    StudentDay {
        /// The date.
        date: Date,
        /// The lessons.
        lessons: Vec<DayLesson>,
        /// Homework due this day.
        homework_due: Vec<Homework>,
        /// Remarks about this day.
        remarks: Vec<Remark>,
    }
}

impl From<core::StudentDay> for StudentDay {
    fn from(d: core::StudentDay) -> Self {
        StudentDay {
            date: d.date,
            lessons: d
                .lessons
                .into_iter()
                .map(|l| DayLesson {
                    lesson: l.lesson.into(),
                    homework: all(l.homework),
                    attendance: l.attendance.map(Into::into),
                    marks: all(l.marks),
                })
                .collect(),
            homework_due: all(d.homework_due),
            remarks: all(d.remarks),
        }
    }
}

/// Registers the classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<LessonKey>()?;
    m.add_class::<Bell>()?;
    m.add_class::<BellSchedule>()?;
    m.add_class::<TimetableLesson>()?;
    m.add_class::<Timetable>()?;
    m.add_class::<LessonOrigin>()?;
    m.add_class::<Lesson>()?;
    m.add_class::<Attachment>()?;
    m.add_class::<Homework>()?;
    m.add_class::<Attendance>()?;
    m.add_class::<AbsenceNotice>()?;
    m.add_class::<AttendanceSummary>()?;
    m.add_class::<Remark>()?;
    m.add_class::<DayLesson>()?;
    m.add_class::<StudentDay>()?;
    Ok(())
}
