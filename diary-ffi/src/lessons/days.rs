//! A student's day and week as typed records, without JSON.
//!
//! `diary_student_day_open` / `diary_student_week_open` read the day (or
//! the seven days from a Monday) once — with the same access rules and the
//! same access-log entries as `diary_student_day_json` — into a
//! `diary_days` the caller owns. The accessors then copy typed records out
//! of it by index, and text (homework, remarks, attachments) is handed out
//! as `const char *` owned by the `diary_days`, valid until
//! `diary_days_free`. Nothing is read from the file again, so the accessors
//! cannot fail for storage reasons and need no actor.
//!
//! ```c
//! diary_days *week = NULL;
//! if (diary_student_week_open(db, mother, child, "2024-09-09", &week) == DIARY_OK) {
//!     for (size_t d = 0; d < diary_days_count(week); d++) {
//!         diary_day_info day = DIARY_DAY_INFO_INIT;
//!         diary_days_day(week, d, &day);
//!         for (size_t i = 0; i < day.lessons; i++) {
//!             diary_lesson lesson = DIARY_LESSON_INIT;
//!             diary_day_lesson extra = DIARY_DAY_LESSON_INIT;
//!             diary_days_lesson(week, d, i, &lesson, &extra);
//!             ... extra.marks marks: diary_days_lesson_mark(week, d, i, j, &mark)
//!         }
//!     }
//!     diary_days_free(week);
//! }
//! ```
//!
//! Thread-safety: a `diary_days` is read-only once opened; several threads
//! may read one at the same time.

use crate::args;
use crate::handle::{self, diary_actor, diary_db};
use crate::marks::{diary_mark, mark_record};
use crate::status::{diary_status, guard};
use crate::timetable::{diary_lesson, lesson_record};
use diary_core::*;
use std::collections::HashMap;
use std::ffi::{c_char, CString};
use time::Date;

/// One or more days of a student's diary, read at once. Opaque; from
/// `diary_student_day_open` or `diary_student_week_open`, released with
/// `diary_days_free`.
#[allow(non_camel_case_types)]
#[derive(Debug)]
pub struct diary_days {
    days: Vec<Day>,
    /// Attachments by homework id.
    attachments: HashMap<i64, Vec<diary_attachment>>,
    /// The text the records point into; a `CString`'s bytes do not move
    /// when this vector grows.
    _texts: Vec<CString>,
}

#[derive(Debug)]
struct Day {
    info: diary_day_info,
    lessons: Vec<DayLessonRecords>,
    homework_due: Vec<diary_homework>,
    remarks: Vec<diary_remark>,
}

#[derive(Debug)]
struct DayLessonRecords {
    lesson: diary_lesson,
    extra: diary_day_lesson,
    homework: Vec<diary_homework>,
    marks: Vec<diary_mark>,
}

// SAFETY: the raw pointers inside point into `_texts`, which the value
// owns and never changes after it is built.
unsafe impl Send for diary_days {}
// SAFETY: as above; nothing is mutated after building.
unsafe impl Sync for diary_days {}

/// One day of a `diary_days`: its date and how many of each record it has.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct diary_day_info {
    /// This struct's size as the caller knows it: set it before the call
    /// (`DIARY_DAY_INFO_INIT`, or `sizeof`); the library writes within it.
    pub struct_size: u32,
    /// The date, "YYYY-MM-DD".
    pub date: [c_char; 11],
    /// How many lessons (`diary_days_lesson`).
    pub lessons: usize,
    /// How many homework items are due that day (`diary_days_homework_due`).
    pub homework_due: usize,
    /// How many remarks (`diary_days_remark`).
    pub remarks: usize,
}

/// What a student's day adds to a lesson: counts of its homework and marks
/// and the student's register entry.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct diary_day_lesson {
    /// This struct's size as the caller knows it: set it before the call
    /// (`DIARY_DAY_LESSON_INIT`, or `sizeof`); the library writes within it.
    pub struct_size: u32,
    /// How many homework items were set in this lesson
    /// (`diary_days_lesson_homework`).
    pub homework: usize,
    /// How many of the student's marks belong to this lesson
    /// (`diary_days_lesson_mark`).
    pub marks: usize,
    /// 1 when the register holds an entry for the student, else 0 and the
    /// attendance fields below are -1 / 0.
    pub has_attendance: i32,
    /// A `diary_attendance_status` value, or -1.
    pub attendance_status: i32,
    /// Minutes late, or -1.
    pub late_minutes: i32,
    /// 1 when the absence is excused.
    pub excused: i32,
    /// 1 when the reason is health data hidden from this reader.
    pub reason_hidden: i32,
}

/// One homework item. `text` is owned by the `diary_days` it came from.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct diary_homework {
    /// This struct's size as the caller knows it: set it before the call
    /// (`DIARY_HOMEWORK_INIT`, or `sizeof`); the library writes within it.
    pub struct_size: u32,
    /// The homework's id.
    pub id: i64,
    /// The subject id.
    pub subject: i64,
    /// The class of the lesson it was set in.
    pub class_id: i64,
    /// The date of that lesson, "YYYY-MM-DD".
    pub lesson_date: [c_char; 11],
    /// The number of that lesson.
    pub lesson_number: i32,
    /// The group of that lesson, or 0.
    pub group: i64,
    /// The day it is due, "YYYY-MM-DD".
    pub due: [c_char; 11],
    /// The task, UTF-8; valid until `diary_days_free`.
    pub text: *const c_char,
    /// 1 when set for some students only.
    pub individual: i32,
    /// 1 when the student has marked it done.
    pub done: i32,
    /// How many attachments it has (`diary_days_attachment`).
    pub attachments: usize,
}

/// A homework attachment, described (the library stores no files). The
/// strings are owned by the `diary_days`; `url` and `sha256` may be NULL.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct diary_attachment {
    /// This struct's size as the caller knows it: set it before the call
    /// (`DIARY_ATTACHMENT_INIT`, or `sizeof`); the library writes within it.
    pub struct_size: u32,
    /// The file name.
    pub name: *const c_char,
    /// Its media type, e.g. "application/pdf".
    pub media_type: *const c_char,
    /// Its size in bytes.
    pub size: u64,
    /// Where the host keeps it, or NULL.
    pub url: *const c_char,
    /// Its SHA-256 in hex, or NULL.
    pub sha256: *const c_char,
}

/// A remark on the student. `text` is owned by the `diary_days`.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct diary_remark {
    /// This struct's size as the caller knows it: set it before the call
    /// (`DIARY_REMARK_INIT`, or `sizeof`); the library writes within it.
    pub struct_size: u32,
    /// The remark's id.
    pub id: i64,
    /// Who wrote it (a person id).
    pub author: i64,
    /// The day it is about, "YYYY-MM-DD".
    pub date: [c_char; 11],
    /// The subject, or 0.
    pub subject: i64,
    /// A `diary_remark_kind` value.
    pub kind: i32,
    /// The remark, UTF-8; valid until `diary_days_free`.
    pub text: *const c_char,
    /// When it was written, Unix seconds (UTC).
    pub created_at: i64,
}

/// Builds the owned records; the text arena keeps every string alive.
struct Builder {
    texts: Vec<CString>,
    attachments: HashMap<i64, Vec<diary_attachment>>,
}

impl Builder {
    fn text(&mut self, s: &str) -> Result<*const c_char> {
        let c = CString::new(s).map_err(|_| Error::Internal("text contains a NUL byte".into()))?;
        let p = c.as_ptr();
        self.texts.push(c);
        Ok(p)
    }

    fn optional_text(&mut self, s: Option<&str>) -> Result<*const c_char> {
        s.map_or(Ok(std::ptr::null()), |s| self.text(s))
    }

    fn homework(&mut self, h: &Homework, student: PersonId) -> Result<diary_homework> {
        let mut r = diary_homework {
            struct_size: 0,
            id: h.id.0,
            subject: h.subject.0,
            class_id: h.lesson.class.0,
            lesson_date: [0; 11],
            lesson_number: i32::from(h.lesson.number),
            group: h.lesson.group.map_or(0, |g| g.0),
            due: [0; 11],
            text: self.text(&h.text)?,
            individual: i32::from(h.individual),
            done: i32::from(h.done_by.contains(&student)),
            attachments: h.attachments.len(),
        };
        args::fill(&mut r.lesson_date, &text::format_date(h.lesson.date))?;
        args::fill(&mut r.due, &text::format_date(h.due))?;
        if !self.attachments.contains_key(&h.id.0) {
            let mut list = Vec::with_capacity(h.attachments.len());
            for a in &h.attachments {
                list.push(diary_attachment {
                    struct_size: 0,
                    name: self.text(&a.name)?,
                    media_type: self.text(&a.media_type)?,
                    size: a.size,
                    url: self.optional_text(a.url.as_deref())?,
                    sha256: self.optional_text(a.sha256.as_deref())?,
                });
            }
            self.attachments.insert(h.id.0, list);
        }
        Ok(r)
    }

    fn remark(&mut self, r: &Remark) -> Result<diary_remark> {
        let mut out = diary_remark {
            struct_size: 0,
            id: r.id.0,
            author: r.author.0,
            date: [0; 11],
            subject: r.subject.map_or(0, |s| s.0),
            kind: args::enum_index(RemarkKind::ALL, r.kind),
            text: self.text(&r.text)?,
            created_at: r.created_at.unix_timestamp(),
        };
        args::fill(&mut out.date, &text::format_date(r.date))?;
        Ok(out)
    }

    fn day(&mut self, d: &StudentDay, student: PersonId) -> Result<Day> {
        let mut info = diary_day_info {
            struct_size: 0,
            date: [0; 11],
            lessons: d.lessons.len(),
            homework_due: d.homework_due.len(),
            remarks: d.remarks.len(),
        };
        args::fill(&mut info.date, &text::format_date(d.date))?;
        let mut lessons = Vec::with_capacity(d.lessons.len());
        for l in &d.lessons {
            let att = l.attendance.as_ref();
            lessons.push(DayLessonRecords {
                lesson: lesson_record(&l.lesson)?,
                extra: diary_day_lesson {
                    struct_size: 0,
                    homework: l.homework.len(),
                    marks: l.marks.len(),
                    has_attendance: i32::from(att.is_some()),
                    attendance_status: att
                        .map_or(-1, |a| args::enum_index(AttendanceStatus::ALL, a.status)),
                    late_minutes: att.and_then(|a| a.late_minutes).map_or(-1, i32::from),
                    excused: i32::from(att.is_some_and(|a| a.excused)),
                    reason_hidden: i32::from(att.is_some_and(|a| a.reason_hidden)),
                },
                homework: l
                    .homework
                    .iter()
                    .map(|h| self.homework(h, student))
                    .collect::<Result<_>>()?,
                marks: l.marks.iter().map(mark_record).collect::<Result<_>>()?,
            });
        }
        Ok(Day {
            info,
            lessons,
            homework_due: d
                .homework_due
                .iter()
                .map(|h| self.homework(h, student))
                .collect::<Result<_>>()?,
            remarks: d
                .remarks
                .iter()
                .map(|r| self.remark(r))
                .collect::<Result<_>>()?,
        })
    }
}

fn build(days: &[StudentDay], student: PersonId) -> Result<diary_days> {
    let mut b = Builder {
        texts: Vec::new(),
        attachments: HashMap::new(),
    };
    let days = days
        .iter()
        .map(|d| b.day(d, student))
        .collect::<Result<_>>()?;
    Ok(diary_days {
        days,
        attachments: b.attachments,
        _texts: b.texts,
    })
}

/// Opens the days read by `f` into `*out`.
///
/// # Safety
/// As the exported functions that call it.
unsafe fn open(
    db: *const diary_db,
    actor: diary_actor,
    student: i64,
    date: *const c_char,
    date_name: &str,
    out: *mut *mut diary_days,
    f: impl FnOnce(&Diary, &Actor, PersonId, Date) -> Result<Vec<StudentDay>>,
) -> diary_status {
    guard(|| {
        // SAFETY: per the caller's contract.
        let out = unsafe { args::out(out, "out") }?;
        *out = std::ptr::null_mut();
        // SAFETY: per the caller's contract.
        let d = unsafe { handle::db(db) }?;
        // SAFETY: per the caller's contract.
        let date = unsafe { args::date(date, date_name) }?;
        let student = PersonId(student);
        let days = f(d, &actor.to_core()?, student, date)?;
        *out = Box::into_raw(Box::new(build(&days, student)?));
        Ok(())
    })
}

/// A student's day — lessons with homework, attendance and marks, homework
/// due, remarks — read once into `*out` (free it with `diary_days_free`;
/// NULL on failure). Same access and access-log entries as
/// `diary_student_day_json`; one day (`diary_days_count` is 1).
///
/// # Safety
/// `db` is a live handle or NULL; `date` is NUL-terminated or NULL; `out`
/// is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_student_day_open(
    db: *const diary_db,
    actor: diary_actor,
    student: i64,
    date: *const c_char,
    out: *mut *mut diary_days,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        open(db, actor, student, date, "date", out, |d, a, s, day| {
            d.student_day(a, s, day).map(|v| vec![v])
        })
    }
}

/// A student's week from `monday`, seven days, read once into `*out` (free
/// it with `diary_days_free`; NULL on failure). Same access and log entries
/// as `diary_student_week_json`.
///
/// # Safety
/// `db` is a live handle or NULL; `monday` is NUL-terminated or NULL; `out`
/// is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_student_week_open(
    db: *const diary_db,
    actor: diary_actor,
    student: i64,
    monday: *const c_char,
    out: *mut *mut diary_days,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        open(db, actor, student, monday, "monday", out, |d, a, s, day| {
            d.student_week(a, s, day)
        })
    }
}

/// Releases what `diary_student_day_open` or `diary_student_week_open`
/// returned, with every string its records point to. NULL is ignored.
///
/// # Safety
/// `days` is NULL or from those functions, not yet freed.
#[no_mangle]
pub unsafe extern "C" fn diary_days_free(days: *mut diary_days) {
    if !days.is_null() {
        // SAFETY: per this function's contract.
        drop(unsafe { Box::from_raw(days) });
    }
}

/// How many days a `diary_days` holds (1 for a day, 7 for a week; 0 for
/// NULL).
///
/// # Safety
/// `days` is NULL or live.
#[no_mangle]
pub unsafe extern "C" fn diary_days_count(days: *const diary_days) -> usize {
    // SAFETY: per this function's contract.
    unsafe { days.as_ref() }.map_or(0, |d| d.days.len())
}

/// Writes record `i` of `list` to `out`, checking `out` before the handle
/// so that the argument at fault is named in order.
///
/// # Safety
/// `out` is NULL or sized by its `struct_size`; `days` is NULL or live.
unsafe fn give<T: crate::versioned::Versioned>(
    days: *const diary_days,
    out: *mut T,
    out_name: &str,
    pick: impl for<'a> FnOnce(&'a diary_days) -> Result<&'a T>,
) -> diary_status {
    guard(|| {
        // SAFETY: per the caller's contract.
        unsafe { crate::versioned::check_out(out, out_name) }?;
        // SAFETY: per the caller's contract.
        let days =
            unsafe { days.as_ref() }.ok_or_else(|| Error::invalid("days", "must not be NULL"))?;
        let value = *pick(days)?;
        // SAFETY: per the caller's contract.
        unsafe { crate::versioned::write(out, value, out_name) }
    })
}

fn at<'a, T>(list: &'a [T], i: usize, name: &str) -> Result<&'a T> {
    list.get(i).ok_or_else(|| {
        Error::invalid(
            name,
            format!("{i} is out of range (there are {})", list.len()),
        )
    })
}

fn day_at(days: &diary_days, day: usize) -> Result<&Day> {
    at(&days.days, day, "day")
}

fn lesson_at(days: &diary_days, day: usize, lesson: usize) -> Result<&DayLessonRecords> {
    at(&day_at(days, day)?.lessons, lesson, "lesson")
}

/// Day `day` (0-based) of `days`: its date and counts.
///
/// # Safety
/// `days` is NULL or live; `out` is NULL or sized by its `struct_size`.
#[no_mangle]
pub unsafe extern "C" fn diary_days_day(
    days: *const diary_days,
    day: usize,
    out: *mut diary_day_info,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe { give(days, out, "out", |d| Ok(&day_at(d, day)?.info)) }
}

/// Lesson `lesson` of day `day`: the lesson itself into `out` and, unless
/// `extra` is NULL, its homework and mark counts and the student's register
/// entry into `extra`.
/// `extra` may be NULL.
///
/// # Safety
/// `days` is NULL or live; `out` and `extra` are NULL or sized by their
/// `struct_size`.
#[no_mangle]
pub unsafe extern "C" fn diary_days_lesson(
    days: *const diary_days,
    day: usize,
    lesson: usize,
    out: *mut diary_lesson,
    extra: *mut diary_day_lesson,
) -> diary_status {
    // SAFETY: per this function's contract.
    let status = unsafe { give(days, out, "out", |d| Ok(&lesson_at(d, day, lesson)?.lesson)) };
    if status != diary_status::DIARY_OK || extra.is_null() {
        return status;
    }
    // SAFETY: per this function's contract.
    unsafe {
        give(days, extra, "extra", |d| {
            Ok(&lesson_at(d, day, lesson)?.extra)
        })
    }
}

/// Homework item `i` set in lesson `lesson` of day `day`.
///
/// # Safety
/// `days` is NULL or live; `out` is NULL or sized by its `struct_size`.
#[no_mangle]
pub unsafe extern "C" fn diary_days_lesson_homework(
    days: *const diary_days,
    day: usize,
    lesson: usize,
    i: usize,
    out: *mut diary_homework,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        give(days, out, "out", |d| {
            at(&lesson_at(d, day, lesson)?.homework, i, "i")
        })
    }
}

/// Mark `i` of the student in lesson `lesson` of day `day`.
///
/// # Safety
/// `days` is NULL or live; `out` is NULL or sized by its `struct_size`.
#[no_mangle]
pub unsafe extern "C" fn diary_days_lesson_mark(
    days: *const diary_days,
    day: usize,
    lesson: usize,
    i: usize,
    out: *mut diary_mark,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        give(days, out, "out", |d| {
            at(&lesson_at(d, day, lesson)?.marks, i, "i")
        })
    }
}

/// Homework item `i` due on day `day`.
///
/// # Safety
/// `days` is NULL or live; `out` is NULL or sized by its `struct_size`.
#[no_mangle]
pub unsafe extern "C" fn diary_days_homework_due(
    days: *const diary_days,
    day: usize,
    i: usize,
    out: *mut diary_homework,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        give(days, out, "out", |d| {
            at(&day_at(d, day)?.homework_due, i, "i")
        })
    }
}

/// Remark `i` of day `day`.
///
/// # Safety
/// `days` is NULL or live; `out` is NULL or sized by its `struct_size`.
#[no_mangle]
pub unsafe extern "C" fn diary_days_remark(
    days: *const diary_days,
    day: usize,
    i: usize,
    out: *mut diary_remark,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe { give(days, out, "out", |d| at(&day_at(d, day)?.remarks, i, "i")) }
}

/// Attachment `i` of the homework with id `homework` (as found in any
/// `diary_homework` of these days).
///
/// # Safety
/// `days` is NULL or live; `out` is NULL or sized by its `struct_size`.
#[no_mangle]
pub unsafe extern "C" fn diary_days_attachment(
    days: *const diary_days,
    homework: i64,
    i: usize,
    out: *mut diary_attachment,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        give(days, out, "out", |d| {
            let list = d.attachments.get(&homework).ok_or_else(|| {
                Error::invalid("homework", "is not a homework item of these days")
            })?;
            at(list, i, "i")
        })
    }
}
