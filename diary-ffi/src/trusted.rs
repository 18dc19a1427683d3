//! Trusted persons and the access log.
//!
//! Grants in JSON: `{"id","student","inviter","invitee","services":{"marks","homework","attendance","timetable","announcements","visits","meals"},
//! "until","window_days","invited_at","expires_at","accepted_at","opens_at","declined_at",
//! "revoked_at","status"}`, `status` one of "pending", "declined", "expired", "waiting",
//! "active", "ended", "revoked". Log entries: `{"id","at","actor","acting_as","child",
//! "school","data_kind","action","allowed","hash"}`.

mod calls;
pub use calls::*;

use crate::args;
use crate::handle::{db, diary_actor, diary_db};
use crate::status::{diary_status, guard};
use diary_core::*;
use std::ffi::c_char;

/// Services a trusted person may be granted (bits of `services`). The
/// first two are shorthands for groups of the finer ones.
#[allow(non_camel_case_types)]
#[repr(i32)]
#[derive(Debug, Clone, Copy)]
pub enum diary_service {
    /// The diary group: marks, homework, attendance, timetable and
    /// announcements.
    DIARY_SERVICE_DIARY = 1,
    /// The group of school visits and meals.
    DIARY_SERVICE_VISITS_MEALS = 2,
    /// Marks, averages, period marks and remarks.
    DIARY_SERVICE_MARKS = 4,
    /// Homework.
    DIARY_SERVICE_HOMEWORK = 8,
    /// Attendance (never the health reason of an absence).
    DIARY_SERVICE_ATTENDANCE = 16,
    /// Lessons and timetable changes.
    DIARY_SERVICE_TIMETABLE = 32,
    /// Announcements and meetings to the child's family.
    DIARY_SERVICE_ANNOUNCEMENTS = 64,
    /// School entry and exit.
    DIARY_SERVICE_VISITS = 128,
    /// Meals and the meal balance.
    DIARY_SERVICE_MEALS = 256,
}

/// A legal representative invites a trusted person, identified by
/// `surname` plus either `snils` or `phone` (their confirmed mobile number;
/// pass NULL for the other), for `student`; `services` is a bit set of
/// `diary_service`; `until` ("YYYY-MM-DD") may be NULL; `window_days` 0
/// means no visibility window. The invitee must have an account. A wrong
/// surname, an unknown SNILS or phone and a person without an account all
/// give the same INVALID_INPUT ("invitee").
///
/// # Safety
/// Strings are NUL-terminated or NULL; `out_id` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_trusted_invite(
    db: *const diary_db,
    actor: diary_actor,
    student: i64,
    surname: *const c_char,
    snils: *const c_char,
    phone: *const c_char,
    services: i32,
    until: *const c_char,
    window_days: u32,
    out_id: *mut i64,
) -> diary_status {
    guard(|| {
        let services = Services::from_bits_checked("services", i64::from(services))?;
        // SAFETY: per this function's contract.
        unsafe {
            let out = args::out(out_id, "out_id")?;
            let d = self::db(db)?;
            let surname = args::text(surname, "surname")?;
            let snils = args::optional_text(snils, "snils")?;
            let phone = args::optional_text(phone, "phone")?;
            let until = match args::optional_text(until, "until")? {
                Some(u) => Some(text::parse_date("until", u)?),
                None => None,
            };
            let new = NewInvitation {
                student: PersonId(student),
                surname: surname.into(),
                invitee: InviteeId::from_either(snils, phone)?,
                services,
                until,
                window_days: (window_days > 0).then_some(window_days),
            };
            *out = d.invite_trusted_person(&actor.to_core()?, &new)?.id.0;
        }
        Ok(())
    })
}

/// Limits what a school's students and guardians see of individual entries
/// to the current month: the calendar month (`first_day` 1) or the school's
/// own month from day 2–28; 0 lifts the limit (school admins).
///
/// # Safety
/// `db` is a live handle or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_family_window_month_set(
    db: *const diary_db,
    actor: diary_actor,
    school: i64,
    first_day: u32,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let d = unsafe { self::db(db) }?;
        d.set_family_visibility_month(
            &actor.to_core()?,
            SchoolId(school),
            (first_day > 0).then_some(first_day),
        )
    })
}

/// Accepts (`accept` 1) or declines (0) an invitation addressed to the actor.
///
/// # Safety
/// `db` is a live handle or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_invitation_answer(
    db: *const diary_db,
    actor: diary_actor,
    grant: i64,
    accept: i32,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let d = unsafe { self::db(db) }?;
        let a = actor.to_core()?;
        if args::flag(accept, "accept")? {
            d.accept_invitation(&a, GrantId(grant)).map(drop)
        } else {
            d.decline_invitation(&a, GrantId(grant)).map(drop)
        }
    })
}

/// Checks the access log's hash chains (admins: one per school they
/// administer; the operator: every chain): writes the number of entries of
/// those chains and the id of the first broken one (0 when intact).
///
/// # Safety
/// Out-parameters are writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_access_log_verify(
    db: *const diary_db,
    actor: diary_actor,
    out_entries: *mut i64,
    out_first_broken: *mut i64,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let (entries, broken) = unsafe {
            (
                args::out(out_entries, "out_entries")?,
                args::out(out_first_broken, "out_first_broken")?,
            )
        };
        // SAFETY: per this function's contract.
        let v = unsafe { self::db(db) }?.verify_access_log(&actor.to_core()?)?;
        *entries = v.entries as i64;
        *broken = v.first_broken.unwrap_or(0);
        Ok(())
    })
}

/// Limits what a school's students and guardians see of individual entries
/// to the last `days` days (1–366), or lifts the limit with 0 (school
/// admins). Averages and period marks stay visible to families.
///
/// # Safety
/// `db` is a live handle or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_family_window_set(
    db: *const diary_db,
    actor: diary_actor,
    school: i64,
    days: u32,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let d = unsafe { self::db(db) }?;
        d.set_family_visibility_window(
            &actor.to_core()?,
            SchoolId(school),
            (days > 0).then_some(days),
        )
    })
}
