//! People, staff, enrolments and guardianships.
//!
//! Person records in JSON are
//! `{"id","surname","first_name","patronymic","birth_date","snils_masked"}`;
//! the SNILS is only ever returned masked ("***-***-*** 95").

use crate::args;
use crate::handle::{db, diary_actor, diary_db};
use crate::status::{diary_status, guard};
use crate::structure::{enum_arg, json};
use diary_core::*;
use std::ffi::c_char;

/// A staff role (values of `role` arguments).
#[allow(non_camel_case_types)]
#[repr(i32)]
#[derive(Debug, Clone, Copy)]
pub enum diary_staff_role {
    /// Teaches classes.
    DIARY_ROLE_TEACHER = 0,
    /// Administers the school's diary.
    DIARY_ROLE_ADMIN = 1,
}

/// How a guardian is related to a student (values of `relation` arguments).
#[allow(non_camel_case_types)]
#[repr(i32)]
#[derive(Debug, Clone, Copy)]
pub enum diary_relation {
    /// Mother.
    DIARY_RELATION_MOTHER = 0,
    /// Father.
    DIARY_RELATION_FATHER = 1,
    /// Legal guardian.
    DIARY_RELATION_LEGAL_GUARDIAN = 2,
    /// Another relative or carer.
    DIARY_RELATION_OTHER = 3,
}

/// Why an enrolment ended (values of `reason` arguments).
#[allow(non_camel_case_types)]
#[repr(i32)]
#[derive(Debug, Clone, Copy)]
pub enum diary_end_reason {
    /// Moved to another class or school.
    DIARY_END_TRANSFERRED = 0,
    /// Finished school.
    DIARY_END_GRADUATED = 1,
    /// Left for another reason.
    DIARY_END_LEFT = 2,
}

/// Runs a call that returns nothing but a status.
///
/// # Safety
/// `d` is a live handle or NULL.
unsafe fn call(
    d: *const diary_db,
    actor: diary_actor,
    f: impl FnOnce(&Diary, &Actor) -> Result<()>,
) -> diary_status {
    guard(|| {
        // SAFETY: per the caller's contract.
        let diary = unsafe { db(d) }?;
        f(diary, &actor.to_core()?)
    })
}

/// Registers a person at a school (school admins; the operator for a
/// school's first staff). `patronymic` and `snils` may be NULL. A SNILS
/// already registered gives CONFLICT and creates nothing; a wrong checksum
/// gives INVALID_INPUT with field "snils". Neither message contains the
/// number.
///
/// # Safety
/// Strings are NUL-terminated or NULL; `out_id` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_person_register(
    db: *const diary_db,
    actor: diary_actor,
    school: i64,
    surname: *const c_char,
    first_name: *const c_char,
    patronymic: *const c_char,
    birth_date: *const c_char,
    snils: *const c_char,
    out_id: *mut i64,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let out = unsafe { args::out(out_id, "out_id") }?;
        // SAFETY: per this function's contract.
        let (d, new) = unsafe {
            (
                self::db(db)?,
                NewPerson {
                    surname: args::text(surname, "surname")?.into(),
                    first_name: args::text(first_name, "first_name")?.into(),
                    patronymic: args::optional_text(patronymic, "patronymic")?.map(Into::into),
                    birth_date: args::date(birth_date, "birth_date")?,
                    snils: args::optional_text(snils, "snils")?.map(Into::into),
                },
            )
        };
        *out = d
            .register_person(&actor.to_core()?, SchoolId(school), &new)?
            .id
            .0;
        Ok(())
    })
}

/// One person as a JSON object (the person themselves,
/// or admins of a school they belong to): `{"id","surname","first_name",
/// "patronymic","birth_date","snils_masked"}` (the SNILS masked).
///
/// # Safety
/// `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_person_json(
    db: *const diary_db,
    actor: diary_actor,
    person: i64,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe { json(db, actor, out_json, |d, a| d.person(a, PersonId(person))) }
}

/// Gives a person a staff role (`diary_staff_role`) at a school (school
/// admins; the operator for the first admin).
///
/// # Safety
/// `db` is a live handle or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_staff_appoint(
    db: *const diary_db,
    actor: diary_actor,
    school: i64,
    person: i64,
    role: i32,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        call(db, actor, |d, a| {
            d.appoint_staff(
                a,
                SchoolId(school),
                PersonId(person),
                enum_arg(StaffRole::ALL, role, "role")?,
            )
            .map(drop)
        })
    }
}

/// A school's staff as a JSON array of `{"school","person","role"}`, role
/// "teacher" or "admin" (school admins).
///
/// # Safety
/// `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_staff_json(
    db: *const diary_db,
    actor: diary_actor,
    school: i64,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe { json(db, actor, out_json, |d, a| d.staff(a, SchoolId(school))) }
}

/// Enrols a student in a class from `start` (school admins). Enrolling a
/// student who is already in a class over the same days gives CONFLICT.
///
/// # Safety
/// `start` is NUL-terminated or NULL; `out_id` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_student_enrol(
    db: *const diary_db,
    actor: diary_actor,
    student: i64,
    class: i64,
    start: *const c_char,
    out_id: *mut i64,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let (out, d, start) = unsafe {
            (
                args::out(out_id, "out_id")?,
                self::db(db)?,
                args::date(start, "start")?,
            )
        };
        *out = d
            .enrol(&actor.to_core()?, PersonId(student), ClassId(class), start)?
            .id
            .0;
        Ok(())
    })
}

/// Moves a student to `to_class` from `first_day`; the earlier enrolment
/// ends the day before and keeps its records (admins of both schools).
///
/// # Safety
/// `first_day` is NUL-terminated or NULL; `out_id` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_student_transfer(
    db: *const diary_db,
    actor: diary_actor,
    student: i64,
    to_class: i64,
    first_day: *const c_char,
    out_id: *mut i64,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let (out, d, day) = unsafe {
            (
                args::out(out_id, "out_id")?,
                self::db(db)?,
                args::date(first_day, "first_day")?,
            )
        };
        *out = d
            .transfer_student(&actor.to_core()?, PersonId(student), ClassId(to_class), day)?
            .id
            .0;
        Ok(())
    })
}

/// Ends an enrolment on `last_day` for `reason` (`diary_end_reason`).
///
/// # Safety
/// `last_day` is NUL-terminated or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_enrolment_end(
    db: *const diary_db,
    actor: diary_actor,
    enrolment: i64,
    last_day: *const c_char,
    reason: i32,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        call(db, actor, |d, a| {
            let day = args::date(last_day, "last_day")?;
            let reason = enum_arg(EndReason::ALL, reason, "reason")?;
            d.end_enrolment(a, EnrolmentId(enrolment), day, reason)
                .map(drop)
        })
    }
}

/// A student's enrolments as a JSON array of
/// `{"id","student","class","school","year","start","end","end_reason"}`
/// (`end` and `end_reason` null while it runs).
///
/// # Safety
/// `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_enrolments_json(
    db: *const diary_db,
    actor: diary_actor,
    student: i64,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        json(db, actor, out_json, |d, a| {
            d.enrolments(a, PersonId(student))
        })
    }
}

/// The students of a class on `day` as a JSON array of person objects (school admins): `[{"id",
/// "surname","first_name","patronymic","birth_date","snils_masked"}]`.
///
/// # Safety
/// `day` is NUL-terminated or NULL; `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_class_roster_json(
    db: *const diary_db,
    actor: diary_actor,
    class: i64,
    day: *const c_char,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        json(db, actor, out_json, |d, a| {
            d.class_roster(a, ClassId(class), args::date(day, "day")?)
        })
    }
}

/// Links a guardian to a student with a relation (`diary_relation`);
/// `legal_representative` is 0 or 1 (admins of the student's school).
///
/// # Safety
/// `db` is a live handle or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_guardian_add(
    db: *const diary_db,
    actor: diary_actor,
    student: i64,
    guardian: i64,
    relation: i32,
    legal_representative: i32,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        call(db, actor, |d, a| {
            let link = Guardianship {
                student: PersonId(student),
                guardian: PersonId(guardian),
                relation: enum_arg(Relation::ALL, relation, "relation")?,
                legal_representative: args::flag(legal_representative, "legal_representative")?,
            };
            d.add_guardian(a, &link).map(drop)
        })
    }
}

/// A student's guardians as a JSON array of
/// `{"student","guardian","relation","legal_representative"}`.
///
/// # Safety
/// `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_guardians_json(
    db: *const diary_db,
    actor: diary_actor,
    student: i64,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        json(db, actor, out_json, |d, a| {
            d.guardians(a, PersonId(student))
        })
    }
}

/// The children linked to a guardian, across classes and schools, in the
/// same JSON shape as `diary_guardians_json`.
///
/// # Safety
/// `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_children_json(
    db: *const diary_db,
    actor: diary_actor,
    guardian: i64,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        json(db, actor, out_json, |d, a| {
            d.children(a, PersonId(guardian))
        })
    }
}
