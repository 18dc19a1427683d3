//! Bells, timetables, changes on a date, lesson views and calendar feeds.
//!
//! A lesson is named by a `diary_lesson_key` (class, date, number, group).
//! One lesson has a typed record (`diary_lesson`, no allocation); a class's
//! day fills a caller's array of them. Nested views are JSON:
//!
//! - lesson: `{"class","date","number","group","start":"HH:MM"|null,"end",
//!   "subject","subject_name","teacher","room","status","was":{"date","number",
//!   "teacher","room"}|null,"moved_to":["date",number]|null,"change_reason","topic","test"}`;
//! - student day: `{"date","lessons":[{"lesson","homework":[homework],"attendance":attendance|null,
//!   "marks":[mark]}],"homework_due":[homework],"remarks":[remark]}` (shapes in
//!   `lessons.rs` and `attendance.rs`).

mod calls;
pub use calls::*;

use crate::args;
use crate::handle::{db, diary_actor, diary_db};
use crate::status::{diary_status, guard};
use crate::structure::enum_arg;
use diary_core::schedule;
use diary_core::*;
use std::ffi::c_char;

/// Names one lesson: a class (or one of its groups), a date and a number.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct diary_lesson_key {
    /// This struct's size as the caller knows it: set it with `DIARY_LESSON_KEY_INIT`
    /// (or `sizeof`) before filling the rest.
    pub struct_size: u32,
    /// The class id.
    pub class_id: i64,
    /// The date, "YYYY-MM-DD".
    pub date: *const c_char,
    /// The lesson number (its bell).
    pub number: i32,
    /// The group id, or 0 for a whole-class lesson.
    pub group: i64,
}

/// One bell: a numbered lesson's start and end in minutes after midnight.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct diary_bell {
    /// This struct's size as the caller knows it: set it with `DIARY_BELL_INIT`
    /// (or `sizeof`) before filling the rest.
    pub struct_size: u32,
    /// The lesson number (0–15).
    pub number: i32,
    /// Start, minutes after midnight (e.g. 510 for 08:30).
    pub start_min: i32,
    /// End, minutes after midnight.
    pub end_min: i32,
}

/// One weekly lesson of a timetable.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct diary_timetable_lesson {
    /// This struct's size as the caller knows it: set it with `DIARY_TIMETABLE_LESSON_INIT`
    /// (or `sizeof`) before filling the rest.
    pub struct_size: u32,
    /// 1 (Monday) to 7 (Sunday).
    pub weekday: i32,
    /// The lesson number.
    pub number: i32,
    /// The group id, or 0 for the whole class.
    pub group: i64,
    /// The subject id.
    pub subject: i64,
    /// The teacher's person id.
    pub teacher: i64,
    /// The room, or NULL.
    pub room: *const c_char,
}

/// A change to one lesson on its date. Fields not needed by `kind` are 0
/// or NULL (see `diary_change_kind`).
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct diary_new_lesson_change {
    /// This struct's size as the caller knows it: set it with `DIARY_NEW_LESSON_CHANGE_INIT`
    /// (or `sizeof`) before filling the rest.
    pub struct_size: u32,
    /// The lesson (for an extra lesson: where it takes place).
    pub lesson: diary_lesson_key,
    /// A `diary_change_kind` value.
    pub kind: i32,
    /// Substitute or extra lesson's teacher, or 0.
    pub teacher: i64,
    /// New room, or NULL.
    pub room: *const c_char,
    /// Extra lesson's subject, or 0.
    pub subject: i64,
    /// A moved lesson's new date, or NULL.
    pub to_date: *const c_char,
    /// A moved lesson's new number, or -1.
    pub to_number: i32,
    /// Why, shown to families; or NULL.
    pub reason: *const c_char,
    /// 1 to announce the change to the class's students and parents (a
    /// schedule-change announcement that also notifies them), 0 not to.
    pub announce: i32,
}

/// One lesson on a date, without allocation.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct diary_lesson {
    /// This struct's size as the caller knows it: set it before the call
    /// (`DIARY_LESSON_INIT`, or `sizeof`); the library writes within it.
    pub struct_size: u32,
    /// The class id.
    pub class_id: i64,
    /// The date, "YYYY-MM-DD".
    pub date: [c_char; 11],
    /// The lesson number.
    pub number: i32,
    /// The group id, or 0.
    pub group: i64,
    /// Start in minutes after midnight, or -1 without a bell.
    pub start_min: i32,
    /// End in minutes after midnight, or -1.
    pub end_min: i32,
    /// The subject id.
    pub subject: i64,
    /// The teacher now.
    pub teacher: i64,
    /// The room now ("" when none).
    pub room: [c_char; 204],
    /// A `diary_lesson_status` value.
    pub status: i32,
    /// 1 when it differs from the timetable (teacher, room, slot).
    pub changed: i32,
    /// 1 when a topic was written.
    pub has_topic: i32,
    /// 1 when it is announced as a test.
    pub is_test: i32,
}

/// Converts a key.
///
/// # Safety
/// `k.date` is NULL or NUL-terminated.
pub(crate) unsafe fn lesson_key(k: &diary_lesson_key, field: &str) -> Result<LessonKey> {
    // A key inside another struct carries its own size too.
    crate::versioned::check_size::<diary_lesson_key>(k.struct_size, field)?;
    Ok(LessonKey {
        class: ClassId(k.class_id),
        // SAFETY: per this function's contract.
        date: unsafe { args::date(k.date, &format!("{field}.date")) }?,
        number: u8::try_from(k.number)
            .ok()
            .filter(|n| *n <= schedule::MAX_LESSON_NUMBER)
            .ok_or_else(|| Error::invalid(format!("{field}.number"), "must be 0 to 15"))?,
        group: args::optional_id(k.group, &format!("{field}.group"))?.map(GroupId),
    })
}

/// Reads a key pointer.
///
/// # Safety
/// `k` is NULL or points to a valid key.
pub(crate) unsafe fn key_arg(k: *const diary_lesson_key, field: &str) -> Result<LessonKey> {
    // SAFETY: per this function's contract.
    let k = unsafe { crate::versioned::read(k, field) }?;
    // SAFETY: as above.
    unsafe { lesson_key(&k, field) }
}

/// Reads a C array argument (NULL allowed only when `n` is 0).
///
/// # Safety
/// `ptr` is NULL or valid for `n` elements.
pub(crate) unsafe fn array<'a, T>(ptr: *const T, n: usize, field: &str) -> Result<&'a [T]> {
    if n == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(Error::invalid(
            field,
            "must not be NULL when its count is not 0",
        ));
    }
    if n > 100_000 {
        return Err(Error::invalid(field, "too many elements"));
    }
    // SAFETY: per this function's contract.
    Ok(unsafe { std::slice::from_raw_parts(ptr, n) })
}

fn minutes(m: i32, field: &str) -> Result<time::Time> {
    if !(0..24 * 60).contains(&m) {
        return Err(Error::invalid(
            field,
            "must be minutes after midnight, 0 to 1439",
        ));
    }
    Ok(schedule::from_minutes(i64::from(m)))
}

pub(crate) fn lesson_record(l: &Lesson) -> Result<diary_lesson> {
    let mut r = diary_lesson {
        struct_size: 0,
        class_id: l.key.class.0,
        date: [0; 11],
        number: i32::from(l.key.number),
        group: l.key.group.map_or(0, |g| g.0),
        start_min: l.start.map_or(-1, |t| schedule::minutes(t) as i32),
        end_min: l.end.map_or(-1, |t| schedule::minutes(t) as i32),
        subject: l.subject.0,
        teacher: l.teacher.0,
        room: [0; 204],
        status: LessonStatus::ALL
            .iter()
            .position(|s| *s == l.status)
            .unwrap_or(0) as i32,
        changed: i32::from(l.was.is_some()),
        has_topic: i32::from(l.topic.is_some()),
        is_test: i32::from(l.test.is_some()),
    };
    args::fill(&mut r.date, &text::format_date(l.key.date))?;
    args::fill(&mut r.room, l.room.as_deref().unwrap_or(""))?;
    Ok(r)
}

/// Adds a bell schedule (school admins). `weekdays` is a bit set, Monday = 1
/// … Sunday = 64 (Monday–Friday = 31); `valid_until` may be NULL. Bells
/// must be in order with breaks between them.
///
/// # Safety
/// Strings are NUL-terminated or NULL; `bells` is valid for `n_bells`
/// elements; `out_id` is writable or NULL.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn diary_bell_schedule_add(
    db: *const diary_db,
    actor: diary_actor,
    school: i64,
    name: *const c_char,
    shift: i32,
    weekdays: i32,
    valid_from: *const c_char,
    valid_until: *const c_char,
    bells: *const diary_bell,
    n_bells: usize,
    out_id: *mut i64,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let out = args::out(out_id, "out_id")?;
            let d = self::db(db)?;
            let name = args::text(name, "name")?;
            let valid_from = args::date(valid_from, "valid_from")?;
            let valid_until = match args::optional_text(valid_until, "valid_until")? {
                Some(u) => Some(text::parse_date("valid_until", u)?),
                None => None,
            };
            if !(1..=127).contains(&weekdays) {
                return Err(Error::invalid(
                    "weekdays",
                    "must be a bit set of days, 1 to 127",
                ));
            }
            let days = (1..=7u8)
                .filter(|n| weekdays & (1 << (n - 1)) != 0)
                .map(|n| schedule::weekday_from_number("weekdays", n))
                .collect::<Result<Vec<_>>>()?;
            let bells = crate::versioned::read_array(bells, n_bells, 100, "bells")?
                .iter()
                .map(|b| {
                    Ok(Bell {
                        number: u8::try_from(b.number).map_err(|_| {
                            Error::invalid("bells", "lesson numbers go from 0 to 15")
                        })?,
                        start: minutes(b.start_min, "bells.start_min")?,
                        end: minutes(b.end_min, "bells.end_min")?,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            let s = d.add_bell_schedule(
                &actor.to_core()?,
                &NewBellSchedule {
                    school: SchoolId(school),
                    name: name.into(),
                    shift: u8::try_from(shift)
                        .map_err(|_| Error::invalid("shift", "must be 1, 2 or 3"))?,
                    weekdays: days,
                    valid_from,
                    valid_until,
                    bells,
                },
            )?;
            *out = s.id.0;
        }
        Ok(())
    })
}

/// Sets a class's weekly timetable from `valid_from` (school admins); the
/// previous version ends the day before. A lesson without a bell gives
/// INVALID_INPUT ("lessons.number"); a teacher or room busy with another
/// class at that lesson gives CONFLICT.
///
/// # Safety
/// `valid_from` is NUL-terminated or NULL; `lessons` is valid for
/// `n_lessons` elements; `out_id` is writable or NULL.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn diary_timetable_set(
    db: *const diary_db,
    actor: diary_actor,
    class_id: i64,
    shift: i32,
    valid_from: *const c_char,
    lessons: *const diary_timetable_lesson,
    n_lessons: usize,
    out_id: *mut i64,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let out = args::out(out_id, "out_id")?;
            let d = self::db(db)?;
            let valid_from = args::date(valid_from, "valid_from")?;
            let lessons = crate::versioned::read_array(lessons, n_lessons, 10_000, "lessons")?
                .iter()
                .map(|l| {
                    Ok(TimetableLesson {
                        weekday: schedule::weekday_from_number(
                            "lessons.weekday",
                            u8::try_from(l.weekday).unwrap_or(0),
                        )?,
                        number: u8::try_from(l.number)
                            .map_err(|_| Error::invalid("lessons.number", "must be 0 to 15"))?,
                        group: args::optional_id(l.group, "lessons.group")?.map(GroupId),
                        subject: SubjectId(l.subject),
                        teacher: PersonId(l.teacher),
                        room: args::optional_text(l.room, "lessons.room")?.map(str::to_owned),
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            let t = d.set_timetable(
                &actor.to_core()?,
                &NewTimetable {
                    class: ClassId(class_id),
                    shift: u8::try_from(shift)
                        .map_err(|_| Error::invalid("shift", "must be 1, 2 or 3"))?,
                    valid_from,
                    lessons,
                },
            )?;
            *out = t.id.0;
        }
        Ok(())
    })
}

/// Changes one lesson on its date (school admins); `*out` receives the
/// lesson as it now stands (for a move: at its new slot). The original
/// stays visible as "was".
///
/// # Safety
/// `change` and its strings are valid or NULL; `out` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_lesson_change(
    db: *const diary_db,
    actor: diary_actor,
    change: *const diary_new_lesson_change,
    out: *mut diary_lesson,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            crate::versioned::check_out(out, "out")?;
            let d = self::db(db)?;
            let ch = crate::versioned::read(change, "change")?;
            let new = NewLessonChange {
                lesson: lesson_key(&ch.lesson, "change.lesson")?,
                kind: enum_arg(ChangeKind::ALL, ch.kind, "change.kind")?,
                teacher: args::optional_id(ch.teacher, "change.teacher")?.map(PersonId),
                room: args::optional_text(ch.room, "change.room")?.map(str::to_owned),
                subject: args::optional_id(ch.subject, "change.subject")?.map(SubjectId),
                to_date: match args::optional_text(ch.to_date, "change.to_date")? {
                    Some(t) => Some(text::parse_date("change.to_date", t)?),
                    None => None,
                },
                to_number: match ch.to_number {
                    -1 => None,
                    n => Some(u8::try_from(n).map_err(|_| {
                        Error::invalid("change.to_number", "must be 0 to 15, or -1 for none")
                    })?),
                },
                reason: args::optional_text(ch.reason, "change.reason")?.map(str::to_owned),
                announce: match ch.announce {
                    0 => false,
                    1 => true,
                    _ => return Err(Error::invalid("change.announce", "must be 0 or 1")),
                },
            };
            let lesson = lesson_record(&d.change_lesson(&actor.to_core()?, &new)?)?;
            crate::versioned::write(out, lesson, "out")?;
        }
        Ok(())
    })
}

/// A class's lessons on a date into the caller's array `out` of `capacity`
/// records; `*out_count` receives how many there are (when more than
/// `capacity`, only `capacity` are written: call again with a larger array).
///
/// # Safety
/// `date` is NUL-terminated or NULL; `out` is valid for `capacity` records
/// (or NULL with capacity 0); `out_count` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_class_day(
    db: *const diary_db,
    actor: diary_actor,
    class_id: i64,
    date: *const c_char,
    out: *mut diary_lesson,
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
                let date = args::date(date, "date")?;
                d.class_day(a, ClassId(class_id), date)
            },
            lesson_record,
        )
    }
}
