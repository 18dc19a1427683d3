//! Security parameters and recovery, and the host's delivery callback.
//!
//! The library sends nothing itself: each message (a confirmation code, a
//! reset token, a notice) goes to the `diary_delivery_fn` given to
//! `diary_open_with_delivery` as JSON
//! `{"to":{"kind":"email"|"phone","address":"…"},"purpose":"…","secret":"…"|null,"text":"…"}`.

use crate::args;
use crate::handle::{db, diary_actor, diary_db};
use crate::status::{diary_status, guard};
use crate::structure::enum_arg;
use diary_core::delivery::{Delivery, Message};
use diary_core::{ContactKind, Diary, OpenOptions};
use std::ffi::{c_char, c_void, CString};
use std::sync::Arc;

/// The host's delivery: called with `user_data` and one message as
/// NUL-terminated JSON (valid only during the call); returns 0 when the
/// message was accepted for sending, anything else when it was not. It
/// may be called from any thread that calls the library, and must not
/// call back into the same `diary_db`.
#[allow(non_camel_case_types)]
pub type diary_delivery_fn =
    Option<unsafe extern "C" fn(user_data: *mut c_void, message_json: *const c_char) -> i32>;

#[derive(Debug)]
struct CDelivery {
    deliver: unsafe extern "C" fn(*mut c_void, *const c_char) -> i32,
    user_data: *mut c_void,
}

// SAFETY: the host promises, per `diary_open_with_delivery`, that the
// callback and its user data may be used from any thread.
unsafe impl Send for CDelivery {}
// SAFETY: as above.
unsafe impl Sync for CDelivery {}

impl Delivery for CDelivery {
    fn deliver(&self, message: &Message) -> Result<(), String> {
        let json = serde_json::to_string(message).map_err(|e| e.to_string())?;
        let c = CString::new(json).map_err(|e| e.to_string())?;
        // SAFETY: a valid NUL-terminated string for the duration of the call.
        match unsafe { (self.deliver)(self.user_data, c.as_ptr()) } {
            0 => Ok(()),
            code => Err(format!("the delivery callback returned {code}")),
        }
    }
}

/// Opens (or creates) the diary file at `path` into `*out`, with the host's
/// delivery for recovery messages. `user_data` is passed back unchanged.
///
/// # Safety
/// `path` is NUL-terminated or NULL; `out` is writable or NULL; `deliver`
/// and `user_data` stay usable from any thread until `diary_close`.
#[no_mangle]
pub unsafe extern "C" fn diary_open_with_delivery(
    path: *const c_char,
    deliver: diary_delivery_fn,
    user_data: *mut c_void,
    out: *mut *mut diary_db,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let out = unsafe { args::out(out, "out") }?;
        *out = std::ptr::null_mut();
        // SAFETY: per this function's contract.
        let path = unsafe { args::text(path, "path") }?;
        let deliver =
            deliver.ok_or_else(|| diary_core::Error::invalid("deliver", "must not be NULL"))?;
        let options = OpenOptions {
            delivery: Some(Arc::new(CDelivery { deliver, user_data })),
            ..OpenOptions::default()
        };
        let diary = Diary::open_with(path, options)?;
        *out = Box::into_raw(Box::new(diary_db::new(diary)));
        Ok(())
    })
}

/// Starts setting a recovery e-mail or mobile number (`kind`, a
/// `diary_contact_kind`): needs the current password; a 6-digit code valid
/// for 10 minutes goes to the address through the delivery. The contact
/// counts only once confirmed with `diary_contact_confirm`.
///
/// # Safety
/// `token` and `address` are NUL-terminated or NULL; `current_password`
/// points to `current_len` bytes or is NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_contact_set(
    db: *const diary_db,
    token: *const c_char,
    current_password: *const u8,
    current_len: usize,
    kind: i32,
    address: *const c_char,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let d = self::db(db)?;
            let t = args::text(token, "token")?;
            let pw = args::bytes_text(current_password, current_len, "current_password")?;
            let kind = enum_arg(ContactKind::ALL, kind, "kind")?;
            let address = args::text(address, "address")?;
            d.set_contact(t, pw, kind, address)
        }
    })
}

/// Confirms a pending contact with the code sent to it (five tries).
///
/// # Safety
/// `token` and `code` are NUL-terminated or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_contact_confirm(
    db: *const diary_db,
    token: *const c_char,
    kind: i32,
    code: *const c_char,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let d = self::db(db)?;
            let t = args::text(token, "token")?;
            let kind = enum_arg(ContactKind::ALL, kind, "kind")?;
            d.confirm_contact(t, kind, args::text(code, "code")?)
        }
    })
}

/// "I forgot my password": a single-use reset token valid for 30 minutes
/// goes to the account's confirmed contact. The answer is the same whether
/// or not the login exists.
///
/// # Safety
/// `login` is NUL-terminated or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_password_reset_request(
    db: *const diary_db,
    login: *const c_char,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe { self::db(db)?.request_password_reset(args::text(login, "login")?) }
    })
}

/// Sets a new password with a reset token; the token is spent and every
/// session ends.
///
/// # Safety
/// `reset_token` is NUL-terminated or NULL; `new_password` points to
/// `new_len` bytes or is NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_password_reset(
    db: *const diary_db,
    reset_token: *const c_char,
    new_password: *const u8,
    new_len: usize,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let d = self::db(db)?;
            let t = args::text(reset_token, "reset_token")?;
            let new = args::bytes_text(new_password, new_len, "new_password")?;
            d.reset_password(t, new)
                .map_err(crate::accounts::as_new_password)
        }
    })
}

/// "I forgot my login": the logins go to the address if it is a confirmed
/// contact; the answer is the same otherwise.
///
/// # Safety
/// `address` is NUL-terminated or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_login_reminder_request(
    db: *const diary_db,
    kind: i32,
    address: *const c_char,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let d = self::db(db)?;
            let kind = enum_arg(ContactKind::ALL, kind, "kind")?;
            d.request_login_reminder(kind, args::text(address, "address")?)
        }
    })
}

/// The confirmed contacts of the account `token` belongs to, as JSON
/// `{"person","relation":null,"email":"…"|null,"phone":"+7…"|null}`; free
/// with `diary_string_free`.
///
/// # Safety
/// `token` is NUL-terminated or NULL; `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_my_contacts_json(
    db: *const diary_db,
    token: *const c_char,
    out_json: *mut *mut c_char,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let out = unsafe { args::out(out_json, "out_json") }?;
        *out = std::ptr::null_mut();
        // SAFETY: per this function's contract.
        let (d, token) = unsafe { (self::db(db)?, args::text(token, "token")?) };
        *out = args::give_json(&d.my_contacts(token)?)?;
        Ok(())
    })
}

/// The confirmed contacts of a student and their guardians, the student
/// first, as a JSON array of `{"person","relation","email","phone"}`
/// (`relation` is null for the student). Only the class teacher and school
/// admins may read them (ACCESS_DENIED otherwise); every read is logged.
///
/// # Safety
/// `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_family_contacts_json(
    db: *const diary_db,
    actor: diary_actor,
    student: i64,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        crate::run::json(db, actor, out_json, "out_json", |d, a| {
            d.family_contacts(a, diary_core::PersonId(student))
        })
    }
}
