//! Accounts, login and sessions. Passwords are passed as pointer + length
//! (UTF-8); returned secrets (temporary passwords, session tokens) are
//! freed with `diary_string_free`, which wipes them.

use crate::args;
use crate::handle::{db, diary_actor, diary_actor_kind, diary_db};
use crate::status::{diary_status, guard};
use diary_core::*;
use std::ffi::c_char;

/// Issues a login and a temporary password for a student or guardian (their
/// class teacher or a school admin); for a person with an account, a reset.
/// Both strings are returned once; free them with `diary_string_free`.
///
/// # Safety
/// Out-parameters are writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_credentials_issue(
    db: *const diary_db,
    actor: diary_actor,
    person: i64,
    out_login: *mut *mut c_char,
    out_password: *mut *mut c_char,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let (login, pw) = unsafe {
            (
                args::out(out_login, "out_login")?,
                args::out(out_password, "out_password")?,
            )
        };
        *login = std::ptr::null_mut();
        *pw = std::ptr::null_mut();
        // SAFETY: per this function's contract.
        let c = unsafe { self::db(db) }?.issue_credentials(&actor.to_core()?, PersonId(person))?;
        *login = args::give_string(c.login)?;
        *pw = args::give_string(c.temporary_password)?;
        Ok(())
    })
}

/// Logs in. An unknown login, a wrong password and a locked account all give
/// `DIARY_ERR_AUTHENTICATION_FAILED`. On success `*out_token` receives the
/// session token (free with `diary_string_free`) and `*out_must_change` 1
/// when the session only allows setting a new password.
///
/// # Safety
/// `login` is NUL-terminated or NULL; `password` is readable for
/// `password_len` bytes; out-parameters are writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_login(
    db: *const diary_db,
    login: *const c_char,
    password: *const u8,
    password_len: usize,
    out_token: *mut *mut c_char,
    out_must_change: *mut i32,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let token = args::out(out_token, "out_token")?;
            *token = std::ptr::null_mut();
            let must = args::out(out_must_change, "out_must_change")?;
            let login = args::text(login, "login")?;
            if password.is_null() && password_len > 0 {
                return Err(diary_core::Error::invalid("password", "must not be NULL"));
            }
            // Too long or not UTF-8: the core answers as for any wrong
            // password (AuthenticationFailed, after the same work).
            let pw: &[u8] = if password_len > args::MAX_SECRET_BYTES {
                &[0xFF]
            } else if password_len == 0 {
                &[]
            } else {
                std::slice::from_raw_parts(password, password_len)
            };
            let s = self::db(db)?.login_bytes(login, pw)?;
            *must = i32::from(s.must_change_password);
            *token = args::give_string(s.token)?;
        }
        Ok(())
    })
}

/// The actor a session stands for, written to `*out_actor`.
///
/// # Safety
/// `token` is NUL-terminated or NULL; `out_actor` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_session_actor(
    db: *const diary_db,
    token: *const c_char,
    out_actor: *mut diary_actor,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let out = args::out(out_actor, "out_actor")?;
            let a = self::db(db)?.session_actor(args::text(token, "token")?)?;
            *out = diary_actor {
                kind: diary_actor_kind::DIARY_ACTOR_VOUCHED as i32,
                person: a.person().map_or(0, |p| p.0),
            };
        }
        Ok(())
    })
}

/// Sets a new password with the current one; every session of the account
/// ends (log in again).
///
/// # Safety
/// `token` is NUL-terminated or NULL; the passwords are readable for their lengths.
#[no_mangle]
pub unsafe extern "C" fn diary_password_change(
    db: *const diary_db,
    token: *const c_char,
    current: *const u8,
    current_len: usize,
    new_password: *const u8,
    new_len: usize,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let d = self::db(db)?;
            let t = args::text(token, "token")?;
            let cur = args::bytes_text(current, current_len, "current")?;
            let new = args::bytes_text(new_password, new_len, "new_password")?;
            d.change_password(t, cur, new).map_err(as_new_password)
        }
    })
}

/// Ends a session.
///
/// # Safety
/// `token` is NUL-terminated or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_logout(db: *const diary_db, token: *const c_char) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe { self::db(db)?.logout(args::text(token, "token")?) }
    })
}

/// Unlocks an account after failed logins (school admins).
///
/// # Safety
/// `db` is a live handle or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_account_unlock(
    db: *const diary_db,
    actor: diary_actor,
    person: i64,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe { self::db(db) }?.unlock_account(&actor.to_core()?, PersonId(person))
    })
}

/// Disables (1) or re-enables (0) an account (school admins).
///
/// # Safety
/// `db` is a live handle or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_account_set_disabled(
    db: *const diary_db,
    actor: diary_actor,
    person: i64,
    disabled: i32,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let d = unsafe { self::db(db) }?;
        d.set_account_disabled(
            &actor.to_core()?,
            PersonId(person),
            args::flag(disabled, "disabled")?,
        )
    })
}

/// The open sessions of the account `token` belongs to, as a JSON array of
/// `{"id","created_at","last_seen_at","expires_at","current"}`.
///
/// # Safety
/// `token` is NUL-terminated or NULL; `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_my_sessions_json(
    db: *const diary_db,
    token: *const c_char,
    out_json: *mut *mut c_char,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let out = args::out(out_json, "out_json")?;
            *out = std::ptr::null_mut();
            let list = self::db(db)?.my_sessions(args::text(token, "token")?)?;
            *out = args::give_json(&list)?;
        }
        Ok(())
    })
}

/// Ends one of the account's own sessions by its public id.
///
/// # Safety
/// Strings are NUL-terminated or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_my_session_revoke(
    db: *const diary_db,
    token: *const c_char,
    session_id: *const c_char,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            self::db(db)?.revoke_my_session(
                args::text(token, "token")?,
                args::text(session_id, "session_id")?,
            )
        }
    })
}

/// The core names the refused password `password`; the C argument is
/// `new_password`.
pub(crate) fn as_new_password(e: Error) -> Error {
    match e {
        Error::InvalidInput { field, reason } if field == "password" => Error::InvalidInput {
            field: "new_password".into(),
            reason,
        },
        other => other,
    }
}
