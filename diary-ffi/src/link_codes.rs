//! Parents' one-time link codes (A5) and the installation's account
//! settings (lifetimes of temporary passwords, reset tokens, link codes).

use crate::args;
use crate::handle::{db, diary_actor, diary_db};
use crate::status::{diary_status, guard};
use crate::structure::enum_arg;
use diary_core::*;
use std::ffi::c_char;

/// The installation's account settings, a typed record (no allocation).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct diary_account_settings {
    /// This struct's size as the caller knows it: set it with `DIARY_ACCOUNT_SETTINGS_INIT`
    /// (or `sizeof`) before filling the rest.
    pub struct_size: u32,
    /// How long an issued temporary password stays valid (1–90 days;
    /// default 14).
    pub temporary_password_days: i64,
    /// How long a password-reset token stays valid (5–1440 minutes;
    /// default 30).
    pub reset_token_minutes: i64,
    /// How long a parent's link code stays valid (1–90 days; default 14).
    pub link_code_days: i64,
}

/// Issues a one-time link code for `student` (their class teacher or a
/// school admin): whoever redeems it with `diary_link_code_redeem` becomes
/// the student's guardian with `relation` (`diary_relation`), and a legal
/// representative if `legal_representative` is 1. `*out_code`
/// (`ABCD-EFGH-JKMN`) is shown once; free it with `diary_string_free`.
/// `*out_expires_at` receives its expiry (Unix seconds).
///
/// # Safety
/// `db` is a live handle or NULL; out-parameters are writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_link_code_issue(
    db: *const diary_db,
    actor: diary_actor,
    student: i64,
    relation: i32,
    legal_representative: i32,
    out_code: *mut *mut c_char,
    out_expires_at: *mut i64,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let (code, expires) = unsafe {
            (
                args::out(out_code, "out_code")?,
                args::out(out_expires_at, "out_expires_at")?,
            )
        };
        *code = std::ptr::null_mut();
        *expires = 0;
        let relation = enum_arg(Relation::ALL, relation, "relation")?;
        let legal = args::flag(legal_representative, "legal_representative")?;
        // SAFETY: per this function's contract.
        let issued = unsafe { self::db(db) }?.issue_link_code(
            &actor.to_core()?,
            PersonId(student),
            relation,
            legal,
        )?;
        *expires = issued.expires_at.unix_timestamp();
        *code = args::give_string(issued.code)?;
        Ok(())
    })
}

/// Redeems a link code for the acting person, who becomes the child's
/// guardian; `*out_student` receives the child's id. Case, spaces and
/// hyphens in `code` are ignored. A wrong, used or expired code gives
/// `DIARY_ERR_INVALID_INPUT` (field "code") without saying which; after
/// ten wrong codes in an hour, further tries are refused.
///
/// # Safety
/// `code` is NUL-terminated or NULL; `out_student` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_link_code_redeem(
    db: *const diary_db,
    actor: diary_actor,
    code: *const c_char,
    out_student: *mut i64,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let out = unsafe { args::out(out_student, "out_student") }?;
        *out = 0;
        // SAFETY: per this function's contract.
        let code = unsafe { args::text(code, "code") }?;
        // SAFETY: per this function's contract.
        let link = unsafe { self::db(db) }?.redeem_link_code(&actor.to_core()?, code)?;
        *out = link.student.0;
        Ok(())
    })
}

/// Reads the installation's account settings into `*out` (anyone).
///
/// # Safety
/// `out` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_account_settings_get(
    db: *const diary_db,
    out: *mut diary_account_settings,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe { crate::versioned::check_out(out, "out") }?;
        // SAFETY: per this function's contract.
        let s = unsafe { self::db(db) }?.account_settings()?;
        let settings = diary_account_settings {
            struct_size: 0,
            temporary_password_days: s.temporary_password_days,
            reset_token_minutes: s.reset_token_minutes,
            link_code_days: s.link_code_days,
        };
        // SAFETY: checked above.
        unsafe { crate::versioned::write(out, settings, "out") }
    })
}

/// Changes the account settings (the operator only). A value outside its
/// range gives `DIARY_ERR_INVALID_INPUT` naming the field; nothing
/// changes. Secrets already handed out keep their lifetime.
///
/// # Safety
/// `settings` is readable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_account_settings_set(
    db: *const diary_db,
    actor: diary_actor,
    settings: *const diary_account_settings,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract: readable or NULL.
        let s = unsafe { crate::versioned::read(settings, "settings") }?;
        // SAFETY: per this function's contract.
        unsafe { self::db(db) }?.set_account_settings(
            &actor.to_core()?,
            &AccountSettings {
                temporary_password_days: s.temporary_password_days,
                reset_token_minutes: s.reset_token_minutes,
                link_code_days: s.link_code_days,
            },
        )
    })
}
