//! Status codes, the thread-local error message, and the guard that every
//! exported function runs its body in (no panic crosses the boundary).

use diary_core::{Error, ErrorCode};
use std::cell::RefCell;
use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

/// Outcome of a call. `DIARY_OK` is 0; the other values are the diary's
/// stable error codes (append-only, shared with the Rust and Python APIs).
#[allow(non_camel_case_types, clippy::upper_case_acronyms)]
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum diary_status {
    /// Success.
    DIARY_OK = 0,
    /// An argument is NULL, not UTF-8, malformed or breaks a rule;
    /// `diary_errfield()` names it.
    DIARY_ERR_INVALID_INPUT = 1,
    /// The record named does not exist.
    DIARY_ERR_NOT_FOUND = 2,
    /// The change contradicts stored data (duplicate, overlap).
    DIARY_ERR_CONFLICT = 3,
    /// The actor may not do this.
    DIARY_ERR_ACCESS_DENIED = 4,
    /// Credentials or a session were not accepted.
    DIARY_ERR_AUTHENTICATION_FAILED = 5,
    /// The storage layer failed (I/O, locked or corrupt file).
    DIARY_ERR_STORAGE = 6,
    /// The file is not a diary database; it was left untouched.
    DIARY_ERR_NOT_A_DIARY = 7,
    /// The file was written by a newer version of diary.
    DIARY_ERR_VERSION_TOO_NEW = 8,
    /// A bug in diary (including a caught panic); please report it.
    DIARY_ERR_INTERNAL = 9,
    /// The host's delivery callback returned non-zero; nothing was stored,
    /// so the request can be repeated.
    DIARY_ERR_DELIVERY_FAILED = 10,
    /// The file is damaged or was altered outside diary (a schema object
    /// that is not the library's own); it was not changed.
    DIARY_ERR_CORRUPT = 11,
    /// Another process or thread held the lock longer than the bounded
    /// wait; nothing was changed: safe to retry.
    DIARY_ERR_BUSY = 12,
    /// The file or its folder is read-only, or the diary was opened
    /// read-only; nothing was changed.
    DIARY_ERR_READ_ONLY = 13,
    /// The disk (or the file-size limit) is full; nothing was changed.
    DIARY_ERR_DISK_FULL = 14,
    /// The operating system reported an I/O error.
    DIARY_ERR_IO_ERROR = 15,
    /// A change-feed cursor cannot be continued from (its changes were
    /// pruned, or the file was restored from a backup): read the current
    /// state again and continue from diary_change_feed_head.
    DIARY_ERR_RESYNC_NEEDED = 16,
}

impl From<ErrorCode> for diary_status {
    fn from(code: ErrorCode) -> Self {
        use diary_status::*;
        match code {
            ErrorCode::Ok => DIARY_OK,
            ErrorCode::InvalidInput => DIARY_ERR_INVALID_INPUT,
            ErrorCode::NotFound => DIARY_ERR_NOT_FOUND,
            ErrorCode::Conflict => DIARY_ERR_CONFLICT,
            ErrorCode::AccessDenied => DIARY_ERR_ACCESS_DENIED,
            ErrorCode::AuthenticationFailed => DIARY_ERR_AUTHENTICATION_FAILED,
            ErrorCode::Storage => DIARY_ERR_STORAGE,
            ErrorCode::NotADiary => DIARY_ERR_NOT_A_DIARY,
            ErrorCode::VersionTooNew => DIARY_ERR_VERSION_TOO_NEW,
            ErrorCode::Internal => DIARY_ERR_INTERNAL,
            ErrorCode::DeliveryFailed => DIARY_ERR_DELIVERY_FAILED,
            ErrorCode::Corrupt => DIARY_ERR_CORRUPT,
            ErrorCode::Busy => DIARY_ERR_BUSY,
            ErrorCode::ReadOnly => DIARY_ERR_READ_ONLY,
            ErrorCode::DiskFull => DIARY_ERR_DISK_FULL,
            ErrorCode::IoError => DIARY_ERR_IO_ERROR,
            ErrorCode::ResyncNeeded => DIARY_ERR_RESYNC_NEEDED,
        }
    }
}

struct LastError {
    message: CString,
    field: CString,
}

thread_local! {
    static LAST: RefCell<LastError> = RefCell::new(LastError {
        message: CString::default(),
        field: CString::default(),
    });
}

fn c_string(s: &str) -> CString {
    // Messages never contain NUL, but never let one truncate silently.
    CString::new(s.replace('\0', "\u{FFFD}")).unwrap_or_default()
}

fn remember(message: &str, field: &str) {
    LAST.with(|l| {
        let mut l = l.borrow_mut();
        l.message = c_string(message);
        l.field = c_string(field);
    });
}

/// Runs an exported function's body: records the error message, converts
/// the error to a status, and turns a panic into `DIARY_ERR_INTERNAL`.
pub(crate) fn guard(body: impl FnOnce() -> Result<(), Error>) -> diary_status {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => {
            remember("", "");
            diary_status::DIARY_OK
        }
        Ok(Err(e)) => {
            remember(&e.to_string(), e.field().unwrap_or(""));
            e.code().into()
        }
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            remember(&format!("internal error: {what}"), "");
            diary_status::DIARY_ERR_INTERNAL
        }
    }
}

/// The message of the last call on this thread: empty after a success.
///
/// The pointer stays valid until the next diary call on the same thread;
/// copy it to keep it. Never NULL. Also set after a failed `diary_open`.
#[no_mangle]
pub extern "C" fn diary_errmsg() -> *const c_char {
    LAST.with(|l| l.borrow().message.as_ptr())
}

/// For `DIARY_ERR_INVALID_INPUT`: the name of the argument or field at
/// fault (e.g. "snils", "start"); empty otherwise. Valid like
/// `diary_errmsg()`. Never NULL.
#[no_mangle]
pub extern "C" fn diary_errfield() -> *const c_char {
    LAST.with(|l| l.borrow().field.as_ptr())
}

/// The stable name of a status ("ok", "not_found", ...), a static string;
/// "unknown" for a value that is not a status. Thread-safe.
#[no_mangle]
pub extern "C" fn diary_status_name(status: i32) -> *const c_char {
    static NAMES: OnceLock<Vec<CString>> = OnceLock::new();
    static UNKNOWN: &CStr = c"unknown";
    let names = NAMES.get_or_init(|| ErrorCode::ALL.iter().map(|c| c_string(c.name())).collect());
    usize::try_from(status)
        .ok()
        .and_then(|i| names.get(i))
        .map_or(UNKNOWN.as_ptr(), |n| n.as_ptr())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_equal_core_codes() {
        for code in ErrorCode::ALL {
            assert_eq!(diary_status::from(code) as i32, code as i32, "{code}");
            let name = unsafe { std::ffi::CStr::from_ptr(diary_status_name(code as i32)) };
            assert_eq!(name.to_str().unwrap(), code.name());
        }
    }

    #[test]
    fn panics_become_internal_errors() {
        let st = guard(|| panic!("boom"));
        assert_eq!(st, diary_status::DIARY_ERR_INTERNAL);
        let msg = unsafe { std::ffi::CStr::from_ptr(diary_errmsg()) };
        assert!(msg.to_str().unwrap().contains("boom"));
    }
}
