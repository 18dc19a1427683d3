//! Attendance (registers, parents' notices and excuses, summaries) and
//! teachers' remarks.
//!
//! JSON shapes:
//! - attendance: `{"lesson":{…},"student","status","late_minutes","reason",
//!   "reason_hidden","excused","notice","recorded_by","recorded_at"}` (`reason` is
//!   null and `reason_hidden` true when it is health data the caller may not see);
//! - notice: `{"id","student","kind","first_day","last_day","reason","note",
//!   "submitted_by","submitted_at","status","decided_by","decided_at","decision_note"}`;
//! - remark: `{"id","student","author","date","subject","kind","text","created_at"}`;
//! - attendance summary: `{"student","lessons_held","recorded","present","late",
//!   "late_minutes","left_early","absent_excused","absent_unexcused","rate":"n/d"|null}`.

mod calls;
pub use calls::*;

use crate::args;
use crate::handle::{db, diary_actor, diary_db};
use crate::run;
use crate::status::{diary_status, guard};
use crate::structure::enum_arg;
use crate::timetable::{diary_lesson_key, key_arg};
use diary_core::*;
use std::ffi::c_char;

/// One student's line of a register.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct diary_attendance_entry {
    /// This struct's size as the caller knows it: set it with `DIARY_ATTENDANCE_ENTRY_INIT`
    /// (or `sizeof`) before filling the rest.
    pub struct_size: u32,
    /// The student's person id.
    pub student: i64,
    /// A `diary_attendance_status` value.
    pub status: i32,
    /// Minutes late for `DIARY_LATE` (1–240), else 0.
    pub late_minutes: i32,
    /// A `diary_absence_reason` value, or -1.
    pub reason: i32,
    /// 1 when the absence is excused, else 0.
    pub excused: i32,
}

/// A student's attendance over a date range, without allocation. The rate
/// is exact: `rate_num / rate_den` (`rate_den` 0 when nothing was recorded).
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct diary_attendance_summary {
    /// This struct's size as the caller knows it: set it before the call
    /// (`DIARY_ATTENDANCE_SUMMARY_INIT`, or `sizeof`); the library writes within it.
    pub struct_size: u32,
    /// The student's person id.
    pub student: i64,
    /// Lessons held for the student (not cancelled or moved away, up to today).
    pub lessons_held: i32,
    /// Lessons with a register entry.
    pub recorded: i32,
    /// Present on time.
    pub present: i32,
    /// Late arrivals.
    pub late: i32,
    /// Minutes late in total.
    pub late_minutes: i32,
    /// Left early.
    pub left_early: i32,
    /// Absences excused.
    pub absent_excused: i32,
    /// Absences not excused.
    pub absent_unexcused: i32,
    /// Attended ÷ recorded: numerator.
    pub rate_num: i64,
    /// Attended ÷ recorded: denominator (0 without records).
    pub rate_den: i64,
}

fn reason_arg(r: i32, field: &str) -> Result<Option<AbsenceReason>> {
    if r == -1 {
        return Ok(None);
    }
    enum_arg(AbsenceReason::ALL, r, field).map(Some)
}

/// Takes a lesson's register (the lesson's teacher or admins): one entry
/// per student. Absences covered by a parent's advance notice are excused.
///
/// # Safety
/// `key` is valid or NULL; `entries` is valid for `n_entries`.
#[no_mangle]
pub unsafe extern "C" fn diary_attendance_record(
    db: *const diary_db,
    actor: diary_actor,
    key: *const diary_lesson_key,
    entries: *const diary_attendance_entry,
    n_entries: usize,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let d = self::db(db)?;
            let key = key_arg(key, "key")?;
            let entries = crate::versioned::read_array(entries, n_entries, 10_000, "entries")?
                .iter()
                .map(|e| {
                    Ok(AttendanceEntry {
                        student: PersonId(e.student),
                        status: enum_arg(AttendanceStatus::ALL, e.status, "entries.status")?,
                        late_minutes: match e.late_minutes {
                            0 => None,
                            m => Some(u16::try_from(m).map_err(|_| {
                                Error::invalid(
                                    "late_minutes",
                                    "a late arrival needs 1 to 240 minutes",
                                )
                            })?),
                        },
                        reason: reason_arg(e.reason, "entries.reason")?,
                        excused: args::flag(e.excused, "entries.excused")?,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            d.record_attendance(&actor.to_core()?, &key, &entries)
                .map(drop)
        }
    })
}

/// A lesson's register as a JSON array of attendance records: `[{"lesson":{"class",
/// "date","number","group"},"student","status","late_minutes","reason",
/// "reason_hidden","excused","notice","recorded_by",
/// "recorded_at"}]` (`reason` is null and `reason_hidden` true when it is health data the caller may not see).
///
/// # Safety
/// `key` is valid or NULL; `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_lesson_register_json(
    db: *const diary_db,
    actor: diary_actor,
    key: *const diary_lesson_key,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        run::json(db, actor, out_json, "out_json", |d, a| {
            d.lesson_register(a, &key_arg(key, "key")?)
        })
    }
}

/// A guardian notifies an absence in advance (`first` today or later), or
/// with `excuse` 1 submits an excuse for past absences that the class
/// teacher then decides. `note` may be NULL; `*out_id` receives the notice.
///
/// # Safety
/// Strings are NUL-terminated or NULL; `out_id` is writable or NULL.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn diary_absence_notify(
    db: *const diary_db,
    actor: diary_actor,
    student: i64,
    first: *const c_char,
    last: *const c_char,
    reason: i32,
    note: *const c_char,
    excuse: i32,
    out_id: *mut i64,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let out = args::out(out_id, "out_id")?;
            let d = self::db(db)?;
            let (first, last) = (args::date(first, "first")?, args::date(last, "last")?);
            let reason = enum_arg(AbsenceReason::ALL, reason, "reason")?;
            let note = args::optional_text(note, "note")?;
            let a = actor.to_core()?;
            let n = if args::flag(excuse, "excuse")? {
                d.submit_excuse(&a, PersonId(student), first, last, reason, note)?
            } else {
                d.notify_absence(&a, PersonId(student), first, last, reason, note)?
            };
            *out = n.id.0;
        }
        Ok(())
    })
}

/// The class teacher (or an admin) approves (`approve` 1) or rejects (0) a
/// pending excuse; `note` may be NULL.
///
/// # Safety
/// `note` is NUL-terminated or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_excuse_decide(
    db: *const diary_db,
    actor: diary_actor,
    notice: i64,
    approve: i32,
    note: *const c_char,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let d = self::db(db)?;
            let note = args::optional_text(note, "note")?;
            d.decide_excuse(
                &actor.to_core()?,
                NoticeId(notice),
                args::flag(approve, "approve")?,
                note,
            )
            .map(drop)
        }
    })
}

/// A summary as the C record.
fn summary_record(s: &AttendanceSummary) -> Result<diary_attendance_summary> {
    let n = |v: u32| i32::try_from(v).unwrap_or(i32::MAX);
    let (rate_num, rate_den) = match s.rate {
        Some(r) => (
            i64::try_from(r.numer()).map_err(|_| Error::Internal("rate out of range".into()))?,
            i64::try_from(r.denom()).map_err(|_| Error::Internal("rate out of range".into()))?,
        ),
        None => (0, 0),
    };
    Ok(diary_attendance_summary {
        struct_size: 0,
        student: s.student.0,
        lessons_held: n(s.lessons_held),
        recorded: n(s.recorded),
        present: n(s.present),
        late: n(s.late),
        late_minutes: n(s.late_minutes),
        left_early: n(s.left_early),
        absent_excused: n(s.absent_excused),
        absent_unexcused: n(s.absent_unexcused),
        rate_num,
        rate_den,
    })
}

/// A student's attendance between two dates into `*out` (exact counts).
///
/// # Safety
/// Strings are NUL-terminated or NULL; `out` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_attendance_summary_get(
    db: *const diary_db,
    actor: diary_actor,
    student: i64,
    from: *const c_char,
    to: *const c_char,
    out: *mut diary_attendance_summary,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            crate::versioned::check_out(out, "out")?;
            let d = self::db(db)?;
            let (from, to) = (args::date(from, "from")?, args::date(to, "to")?);
            let s = d.attendance_summary(&actor.to_core()?, PersonId(student), from, to)?;
            crate::versioned::write(out, summary_record(&s)?, "out")
        }
    })
}

/// Attendance summaries of every student of a class between two dates as
/// typed records in the caller's array (the class teacher and admins):
/// the first `capacity` are written (the first element initialised with
/// `DIARY_ATTENDANCE_SUMMARY_INIT`) and `*out_count` receives how many
/// there are; see `diary_marks_get` for the convention.
///
/// # Safety
/// Strings are NUL-terminated or NULL; `out` is valid for `capacity`
/// records (or NULL when `capacity` is 0); `out_count` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_class_attendance_get(
    db: *const diary_db,
    actor: diary_actor,
    class_id: i64,
    from: *const c_char,
    to: *const c_char,
    out: *mut diary_attendance_summary,
    capacity: usize,
    out_count: *mut usize,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        crate::run::array(
            db,
            actor,
            out,
            capacity,
            out_count,
            |d, a| {
                let (from, to) = (args::date(from, "from")?, args::date(to, "to")?);
                d.class_attendance(a, ClassId(class_id), from, to)
            },
            summary_record,
        )
    }
}

/// Attendance summaries of every student of a class as a JSON array (the class teacher and admins): `[{"student",
/// "lessons_held","recorded","present","late","late_minutes","left_early",
/// "absent_excused","absent_unexcused","rate":"n/d"|null}]`.
///
/// # Safety
/// Strings are NUL-terminated or NULL; `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_class_attendance_json(
    db: *const diary_db,
    actor: diary_actor,
    class_id: i64,
    from: *const c_char,
    to: *const c_char,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        run::json(db, actor, out_json, "out_json", |d, a| {
            d.class_attendance(
                a,
                ClassId(class_id),
                args::date(from, "from")?,
                args::date(to, "to")?,
            )
        })
    }
}

/// Writes a remark about a student (their teachers, class teacher, admins);
/// `subject` 0 for none.
///
/// # Safety
/// Strings are NUL-terminated or NULL; `out_id` is writable or NULL.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn diary_remark_add(
    db: *const diary_db,
    actor: diary_actor,
    student: i64,
    date: *const c_char,
    subject: i64,
    kind: i32,
    text: *const c_char,
    out_id: *mut i64,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let out = args::out(out_id, "out_id")?;
            let d = self::db(db)?;
            let date = args::date(date, "date")?;
            let text = args::text(text, "text")?;
            let r = d.add_remark(
                &actor.to_core()?,
                PersonId(student),
                date,
                args::optional_id(subject, "subject")?.map(SubjectId),
                enum_arg(RemarkKind::ALL, kind, "kind")?,
                text,
            )?;
            *out = r.id.0;
        }
        Ok(())
    })
}
