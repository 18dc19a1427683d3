//! The school structure: schools, years, periods, holidays, classes,
//! subjects, groups, teaching assignments.
//!
//! Creating functions return the new record's id through `out_id`; lists
//! and nested reads return JSON (see each function), because their shape is
//! nested and grows with new fields, which JSON absorbs without breaking the
//! ABI. Dates are "YYYY-MM-DD" strings in and out.

use crate::args;
use crate::handle::{db, diary_actor, diary_db};
use crate::status::{diary_status, guard};
use diary_core::*;
use std::ffi::c_char;

/// How a year is divided for marks (values of `kind` arguments).
#[allow(non_camel_case_types)]
#[repr(i32)]
#[derive(Debug, Clone, Copy)]
pub enum diary_period_kind {
    /// A quarter (четверть).
    DIARY_PERIOD_QUARTER = 0,
    /// A trimester.
    DIARY_PERIOD_TRIMESTER = 1,
    /// A semester / half-year (полугодие).
    DIARY_PERIOD_SEMESTER = 2,
}

/// Maps an `i32` to one of a core enum's values by position; enum arguments
/// arrive as plain integers so that an out-of-range value is an error, not
/// undefined behaviour.
pub(crate) fn enum_arg<T: Copy>(all: &[T], v: i32, name: &str) -> Result<T> {
    usize::try_from(v)
        .ok()
        .and_then(|i| all.get(i).copied())
        .ok_or_else(|| {
            Error::invalid(
                name,
                format!("{v} is not one of the {} allowed values", all.len()),
            )
        })
}

/// Runs `f` with the diary and the core actor, writing an id to `out_id`.
///
/// # Safety
/// `d` is NULL or live; `out_id` is NULL or writable.
unsafe fn create(
    d: *const diary_db,
    actor: diary_actor,
    out_id: *mut i64,
    f: impl FnOnce(&Diary, &Actor) -> Result<i64>,
) -> diary_status {
    guard(|| {
        // SAFETY: per the caller's contract.
        let out_id = unsafe { args::out(out_id, "out_id") }?;
        // SAFETY: per the caller's contract.
        let diary = unsafe { db(d) }?;
        *out_id = f(diary, &actor.to_core()?)?;
        Ok(())
    })
}

/// Runs `f` and hands its JSON result to `*out_json` (free with
/// `diary_string_free`; NULL on failure).
///
/// # Safety
/// `d` is NULL or live; `out_json` is NULL or writable.
pub(crate) unsafe fn json<T: serde::Serialize>(
    d: *const diary_db,
    actor: diary_actor,
    out_json: *mut *mut c_char,
    f: impl FnOnce(&Diary, &Actor) -> Result<T>,
) -> diary_status {
    guard(|| {
        // SAFETY: per the caller's contract.
        let out = unsafe { args::out(out_json, "out_json") }?;
        *out = std::ptr::null_mut();
        // SAFETY: per the caller's contract.
        let diary = unsafe { db(d) }?;
        let value = f(diary, &actor.to_core()?)?;
        *out = args::give_json(&value)?;
        Ok(())
    })
}

/// Creates a school (operator only). `days_per_week` is 5 or 6.
/// `time_zone` is an IANA name such as "Europe/Moscow".
/// Errors: INVALID_INPUT (field named), CONFLICT (same name in region),
/// ACCESS_DENIED.
///
/// # Safety
/// Strings are NUL-terminated or NULL; `out_id` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_school_create(
    db: *const diary_db,
    actor: diary_actor,
    name: *const c_char,
    region: *const c_char,
    time_zone: *const c_char,
    days_per_week: i32,
    out_id: *mut i64,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        create(db, actor, out_id, |d, a| {
            let days = u8::try_from(days_per_week)
                .map_err(|_| Error::invalid("days_per_week", "must be 5 or 6"))?;
            let new = NewSchool {
                name: args::text(name, "name")?.into(),
                region: args::text(region, "region")?.into(),
                time_zone: args::text(time_zone, "time_zone")?.into(),
                days_per_week: days,
            };
            Ok(d.create_school(a, &new)?.id.0)
        })
    }
}

/// The schools the actor belongs to (all, for the operator), as a JSON array
/// of `{"id","name","region","time_zone","days_per_week"}`.
///
/// # Safety
/// `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_schools_json(
    db: *const diary_db,
    actor: diary_actor,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe { json(db, actor, out_json, |d, a| d.schools(a)) }
}

/// A school's whole structure as one JSON object (school admins and members):
/// `{"school":{...}, "subjects":[{"id","school","name"}],
///   "holidays":[{"id","school","name","first_day","last_day"}],
///   "years":[{"year":{"id","school","label","start","end"},
///             "periods":[{"id","year","kind","number","name","start","end"}],
///             "classes":[{"name":"5A","class":{"id","school","year","grade","letter","class_teacher"},
///                         "groups":[{"id","class","name"}]}],
///             "assignments":[{"id","teacher","class","group","subject","year"}]}]}`.
/// Absent optional ids are `null`; `kind` is "quarter", "trimester" or "semester".
///
/// # Safety
/// `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_school_overview_json(
    db: *const diary_db,
    actor: diary_actor,
    school: i64,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        json(db, actor, out_json, |d, a| {
            d.school_overview(a, SchoolId(school))
        })
    }
}

/// Adds an academic year (school admins). Years of a school must not overlap.
///
/// # Safety
/// Strings are NUL-terminated or NULL; `out_id` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_year_create(
    db: *const diary_db,
    actor: diary_actor,
    school: i64,
    label: *const c_char,
    start: *const c_char,
    end: *const c_char,
    out_id: *mut i64,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        create(db, actor, out_id, |d, a| {
            let new = NewYear {
                label: args::text(label, "label")?.into(),
                start: args::date(start, "start")?,
                end: args::date(end, "end")?,
            };
            Ok(d.create_year(a, SchoolId(school), &new)?.id.0)
        })
    }
}

/// Adds a period to a year (school admins). `kind` is a `diary_period_kind`.
/// It must lie inside the year and overlap no period of the same kind
/// (CONFLICT).
///
/// # Safety
/// Strings are NUL-terminated or NULL; `out_id` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_period_add(
    db: *const diary_db,
    actor: diary_actor,
    year: i64,
    kind: i32,
    name: *const c_char,
    start: *const c_char,
    end: *const c_char,
    out_id: *mut i64,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        create(db, actor, out_id, |d, a| {
            let new = NewPeriod {
                kind: enum_arg(PeriodKind::ALL, kind, "kind")?,
                name: args::text(name, "name")?.into(),
                start: args::date(start, "start")?,
                end: args::date(end, "end")?,
            };
            Ok(d.add_period(a, YearId(year), &new)?.id.0)
        })
    }
}

/// Adds holidays or non-working days, `first_day` to `last_day` inclusive
/// (school admins).
///
/// # Safety
/// Strings are NUL-terminated or NULL; `out_id` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_holiday_add(
    db: *const diary_db,
    actor: diary_actor,
    school: i64,
    name: *const c_char,
    first_day: *const c_char,
    last_day: *const c_char,
    out_id: *mut i64,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        create(db, actor, out_id, |d, a| {
            let new = NewHoliday {
                name: args::text(name, "name")?.into(),
                first_day: args::date(first_day, "first_day")?,
                last_day: args::date(last_day, "last_day")?,
            };
            Ok(d.add_holiday(a, SchoolId(school), &new)?.id.0)
        })
    }
}

/// Whether lessons are held at the school on `day` (writes 1 or 0).
///
/// # Safety
/// `day` is NUL-terminated or NULL; `out_working` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_school_is_working_day(
    db: *const diary_db,
    actor: diary_actor,
    school: i64,
    day: *const c_char,
    out_working: *mut i32,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let out = unsafe { args::out(out_working, "out_working") }?;
        // SAFETY: per this function's contract.
        let (d, day) = unsafe { (self::db(db), args::date(day, "day")) };
        *out = i32::from(d?.is_working_day(&actor.to_core()?, SchoolId(school), day?)?);
        Ok(())
    })
}

/// Creates a class, e.g. grade 5 letter "A" (school admins).
/// `class_teacher` is a teacher of the school, or 0 for none.
///
/// # Safety
/// `letter` is NUL-terminated or NULL; `out_id` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_class_create(
    db: *const diary_db,
    actor: diary_actor,
    year: i64,
    grade: i32,
    letter: *const c_char,
    class_teacher: i64,
    out_id: *mut i64,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        create(db, actor, out_id, |d, a| {
            let new = NewClass {
                grade: u8::try_from(grade)
                    .map_err(|_| Error::invalid("grade", "must be between 0 and 12"))?,
                letter: args::text(letter, "letter")?.into(),
                class_teacher: args::optional_id(class_teacher, "class_teacher")?.map(PersonId),
            };
            Ok(d.create_class(a, YearId(year), &new)?.id.0)
        })
    }
}

/// Adds a subject to a school (school admins).
///
/// # Safety
/// `name` is NUL-terminated or NULL; `out_id` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_subject_create(
    db: *const diary_db,
    actor: diary_actor,
    school: i64,
    name: *const c_char,
    out_id: *mut i64,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        create(db, actor, out_id, |d, a| {
            Ok(
                d.create_subject(a, SchoolId(school), args::text(name, "name")?)?
                    .id
                    .0,
            )
        })
    }
}

/// Adds a sub-group (e.g. a language group) to a class (school admins).
///
/// # Safety
/// `name` is NUL-terminated or NULL; `out_id` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_group_create(
    db: *const diary_db,
    actor: diary_actor,
    class: i64,
    name: *const c_char,
    out_id: *mut i64,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        create(db, actor, out_id, |d, a| {
            Ok(
                d.create_group(a, ClassId(class), args::text(name, "name")?)?
                    .id
                    .0,
            )
        })
    }
}

/// Puts a student of the group's class into the group (school admins).
///
/// # Safety
/// `db` is a live handle or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_group_member_add(
    db: *const diary_db,
    actor: diary_actor,
    group: i64,
    student: i64,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let d = unsafe { self::db(db) }?;
        d.add_group_member(&actor.to_core()?, GroupId(group), PersonId(student))
    })
}

/// Records that `teacher` teaches `subject` to `class` (or, with a non-zero
/// `group`, to that group of the class) this year (school admins).
///
/// # Safety
/// `out_id` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_teacher_assign(
    db: *const diary_db,
    actor: diary_actor,
    teacher: i64,
    class: i64,
    group: i64,
    subject: i64,
    out_id: *mut i64,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        create(db, actor, out_id, |d, a| {
            let new = NewAssignment {
                teacher: PersonId(teacher),
                class: ClassId(class),
                group: args::optional_id(group, "group")?.map(GroupId),
                subject: SubjectId(subject),
            };
            Ok(d.assign_teacher(a, &new)?.id.0)
        })
    }
}

/// Appoints (or with `teacher` 0 removes) a class's class teacher (school
/// admins); the teacher must teach at the school.
///
/// # Safety
/// `db` is a live handle or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_class_teacher_set(
    db: *const diary_db,
    actor: diary_actor,
    class_id: i64,
    teacher: i64,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let d = unsafe { self::db(db) }?;
        let teacher = args::optional_id(teacher, "teacher")?.map(PersonId);
        d.set_class_teacher(&actor.to_core()?, ClassId(class_id), teacher)
            .map(drop)
    })
}

/// A school's holidays as a JSON array of `{"id","school","name","first_day","last_day"}`.
///
/// # Safety
/// `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_holidays_json(
    db: *const diary_db,
    actor: diary_actor,
    school: i64,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe { json(db, actor, out_json, |d, a| d.holidays(a, SchoolId(school))) }
}

/// A group's members as a JSON array of person ids (admins,
/// class teachers): `[id]`.
///
/// # Safety
/// `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_group_members_json(
    db: *const diary_db,
    actor: diary_actor,
    group: i64,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        json(db, actor, out_json, |d, a| {
            d.group_members(a, GroupId(group))
        })
    }
}

/// A year's teaching assignments as a JSON array of `{"id","teacher",
/// "class","group","subject","year"}`.
///
/// # Safety
/// `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_assignments_json(
    db: *const diary_db,
    actor: diary_actor,
    year: i64,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe { json(db, actor, out_json, |d, a| d.assignments(a, YearId(year))) }
}

/// The schema version of the open file.
///
/// # Safety
/// `out` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_schema_version(db: *const diary_db, out: *mut i64) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let out = args::out(out, "out")?;
            *out = self::db(db)?.schema_version()?;
        }
        Ok(())
    })
}
