//! Trusted persons and the access log.
//!
//! Grants in JSON: `{"id","student","inviter","invitee","services":{"diary","visits_meals"},
//! "until","window_days","invited_at","expires_at","accepted_at","opens_at","declined_at",
//! "revoked_at","status"}`, `status` one of "pending", "declined", "expired", "waiting",
//! "active", "ended", "revoked". Log entries: `{"id","at","actor","acting_as","child",
//! "school","data_kind","action","allowed","hash"}`.

use crate::args;
use crate::handle::{db, diary_actor, diary_db};
use crate::status::{diary_status, guard};
use crate::structure::json;
use diary_core::*;
use std::ffi::c_char;

/// Services a trusted person may be granted (bits of `services`).
#[allow(non_camel_case_types)]
#[repr(i32)]
#[derive(Debug, Clone, Copy)]
pub enum diary_service {
    /// The diary: marks, averages, homework.
    DIARY_SERVICE_DIARY = 1,
    /// School visits and meals.
    DIARY_SERVICE_VISITS_MEALS = 2,
}

/// Sets a school's trusted-person rules (admins): access opens
/// `delay_hours` (0–24) after acceptance; invitations lapse after
/// `invitation_days` (1–90).
///
/// # Safety
/// `db` is a live handle or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_trusted_rules_set(
    db: *const diary_db,
    actor: diary_actor,
    school: i64,
    delay_hours: u32,
    invitation_days: u32,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let d = unsafe { self::db(db) }?;
        d.set_trusted_person_rules(
            &actor.to_core()?,
            SchoolId(school),
            delay_hours,
            invitation_days,
        )
    })
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
        if !(1..=3).contains(&services) {
            return Err(Error::invalid(
                "services",
                "must be a non-empty set of diary_service bits",
            ));
        }
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
                services: Services::from_bits(i64::from(services)),
                until,
                window_days: (window_days > 0).then_some(window_days),
            };
            *out = d.invite_trusted_person(&actor.to_core()?, &new)?.id.0;
        }
        Ok(())
    })
}

/// The invitations addressed to the actor,
/// as a JSON array of grants: `[{"id","student","inviter","invitee",
/// "services":{"diary","visits_meals"},"until","window_days","invited_at",
/// "expires_at","accepted_at","opens_at","declined_at","revoked_at",
/// "status"}]`.
///
/// # Safety
/// `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_invitations_json(
    db: *const diary_db,
    actor: diary_actor,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe { json(db, actor, out_json, |d, a| d.my_invitations(a)) }
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

/// A child's trusted-person grants (its guardians and school admins),
/// as a JSON array: `[{"id","student","inviter","invitee",
/// "services":{"diary","visits_meals"},"until","window_days","invited_at",
/// "expires_at","accepted_at","opens_at","declined_at","revoked_at",
/// "status"}]`.
///
/// # Safety
/// `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_trusted_grants_json(
    db: *const diary_db,
    actor: diary_actor,
    student: i64,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        json(db, actor, out_json, |d, a| {
            d.trusted_grants(a, PersonId(student))
        })
    }
}

/// Revokes a grant at once (the child's legal representatives).
///
/// # Safety
/// `db` is a live handle or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_grant_revoke(
    db: *const diary_db,
    actor: diary_actor,
    grant: i64,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let d = unsafe { self::db(db) }?;
        d.revoke_grant(&actor.to_core()?, GrantId(grant)).map(drop)
    })
}

/// Who accessed a child's data (the child, its guardians, school admins),
/// as a JSON array of log entries: `[{"id","at","actor","acting_as",
/// "child","school","data_kind","action","allowed","hash"}]`.
///
/// # Safety
/// `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_access_log_child_json(
    db: *const diary_db,
    actor: diary_actor,
    student: i64,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        json(db, actor, out_json, |d, a| {
            d.access_log_of_child(a, PersonId(student))
        })
    }
}

/// A school's access log (its admins),
/// as a JSON array of log entries: `[{"id","at","actor","acting_as",
/// "child","school","data_kind","action","allowed","hash"}]`.
///
/// # Safety
/// `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_access_log_school_json(
    db: *const diary_db,
    actor: diary_actor,
    school: i64,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        json(db, actor, out_json, |d, a| {
            d.access_log_of_school(a, SchoolId(school))
        })
    }
}

/// Checks the access log's hash chain (admins, the operator): writes the
/// number of entries and the id of the first broken one (0 when intact).
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

/// Makes a person a read-only officer of a region (the operator only).
///
/// # Safety
/// `region` is NUL-terminated or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_regional_officer_appoint(
    db: *const diary_db,
    actor: diary_actor,
    person: i64,
    region: *const c_char,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let (d, region) = unsafe { (self::db(db)?, args::text(region, "region")?) };
        d.appoint_regional_officer(&actor.to_core()?, PersonId(person), region)
    })
}

/// Aggregated statistics of a region's schools (its officers) as a JSON
/// array of `{"school","school_name","year","subject","period","students","marks","mean","suppressed"}`;
/// `mean` is an exact "num/den" or null. No person appears; a cell of
/// fewer students than `diary_min_group_size_get` has `suppressed` true,
/// `marks` 0 and `mean` null.
///
/// # Safety
/// `region` is NUL-terminated or NULL; `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_regional_statistics_json(
    db: *const diary_db,
    actor: diary_actor,
    region: *const c_char,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        json(db, actor, out_json, |d, a| {
            d.regional_statistics(a, args::text(region, "region")?)
        })
    }
}

/// Limits what a school's students and guardians see to the marks of the
/// last `days` days (1–366), or lifts the limit with 0 (school admins).
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
