//! The open diary handle, actors, library facts and returned memory.

use crate::args;
use crate::status::{diary_status, guard};
use diary_core::{Actor, Diary, Error, ManualClock, OpenOptions, PersonId, Result};
use std::ffi::{c_char, CString};
use std::sync::Arc;
use std::sync::OnceLock;

/// An open diary. Opaque; create with `diary_open` or
/// `diary_open_in_memory`, release with `diary_close`.
///
/// Thread-safety: a `diary_db` may be used from several threads at once;
/// calls on it are serialised internally.
#[allow(non_camel_case_types)]
#[derive(Debug)]
pub struct diary_db {
    pub(crate) diary: Diary,
    /// The settable clock of a handle opened with `diary_open_with_clock`.
    pub(crate) clock: Option<Arc<ManualClock>>,
}

impl diary_db {
    /// A handle on the system clock.
    pub(crate) fn new(diary: Diary) -> Self {
        diary_db { diary, clock: None }
    }
}

/// Who performs an operation.
#[allow(non_camel_case_types)]
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum diary_actor_kind {
    /// The installation's operator: creates schools and their first staff;
    /// reads no one's diary. `person` must be 0.
    DIARY_ACTOR_OPERATOR = 0,
    /// A person whose identity the host has verified (its own login or the
    /// state identity service); `person` is their id.
    DIARY_ACTOR_VOUCHED = 1,
}

/// The acting identity, passed by value to every call that reads or writes
/// people's data. `kind` holds a `diary_actor_kind` value.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct diary_actor {
    /// A `diary_actor_kind` value.
    pub kind: i32,
    /// The person's id for `DIARY_ACTOR_VOUCHED`, else 0.
    pub person: i64,
}

impl diary_actor {
    pub(crate) fn to_core(self) -> Result<Actor> {
        match self.kind {
            k if k == diary_actor_kind::DIARY_ACTOR_OPERATOR as i32 && self.person == 0 => {
                Ok(Actor::operator())
            }
            k if k == diary_actor_kind::DIARY_ACTOR_OPERATOR as i32 => {
                Err(Error::invalid("actor.person", "must be 0 for the operator"))
            }
            k if k == diary_actor_kind::DIARY_ACTOR_VOUCHED as i32 && self.person > 0 => {
                Ok(Actor::vouched(PersonId(self.person)))
            }
            k if k == diary_actor_kind::DIARY_ACTOR_VOUCHED as i32 => Err(Error::invalid(
                "actor.person",
                "must be a positive person id",
            )),
            _ => Err(Error::invalid(
                "actor.kind",
                "is not a diary_actor_kind value",
            )),
        }
    }
}

/// Borrows the diary behind a handle.
///
/// # Safety
/// `db` is NULL or a live handle from `diary_open*`.
pub(crate) unsafe fn db<'a>(db: *const diary_db) -> Result<&'a Diary> {
    // SAFETY: the caller promises a live handle or NULL.
    unsafe { db.as_ref() }
        .map(|d| &d.diary)
        .ok_or_else(|| Error::invalid("db", "must not be NULL"))
}

/// The library version, e.g. "0.1.0". A static string. Thread-safe.
#[no_mangle]
pub extern "C" fn diary_version() -> *const c_char {
    static V: OnceLock<CString> = OnceLock::new();
    V.get_or_init(|| CString::new(diary_core::VERSION).unwrap_or_default())
        .as_ptr()
}

/// Parses a decimal version component at compile time.
const fn component(s: &str) -> i32 {
    let b = s.as_bytes();
    let mut i = 0;
    let mut n = 0i32;
    while i < b.len() {
        n = n * 10 + (b[i] - b'0') as i32;
        i += 1;
    }
    n
}

/// This library's version as one number (see `DIARY_VERSION_NUMBER`).
const VERSION_NUMBER: i32 = component(env!("CARGO_PKG_VERSION_MAJOR")) * 1_000_000
    + component(env!("CARGO_PKG_VERSION_MINOR")) * 1_000
    + component(env!("CARGO_PKG_VERSION_PATCH"));

/// The library's version as one number, `MAJOR * 1000000 + MINOR * 1000 +
/// PATCH` (0.1.0 is 1000): compare it with the header's
/// `DIARY_VERSION_NUMBER`. Thread-safe.
#[no_mangle]
pub extern "C" fn diary_version_number() -> i32 {
    VERSION_NUMBER
}

/// Checks at start-up that this library can serve a program compiled
/// against the header whose `DIARY_VERSION_NUMBER` is `header_version`
/// (call it as `DIARY_CHECK_VERSION()`): the major versions must be equal
/// and the library's minor version at least the header's (a minor release
/// only adds). `DIARY_OK`, or `DIARY_ERR_INVALID_INPUT` naming both
/// versions. Thread-safe.
#[no_mangle]
pub extern "C" fn diary_check_version(header_version: i32) -> diary_status {
    guard(|| {
        let (h_major, h_minor) = (header_version / 1_000_000, header_version / 1_000 % 1_000);
        let (l_major, l_minor) = (VERSION_NUMBER / 1_000_000, VERSION_NUMBER / 1_000 % 1_000);
        if header_version < 0 || h_major != l_major || h_minor > l_minor {
            return Err(Error::invalid(
                "header_version",
                format!(
                    "the program was compiled against diary header {}.{}.{} but runs with \
                     library {}; it needs a library of major version {} and minor version at \
                     least {}",
                    h_major,
                    h_minor,
                    header_version.rem_euclid(1_000),
                    diary_core::VERSION,
                    h_major,
                    h_minor
                ),
            ));
        }
        Ok(())
    })
}

/// Opens (or creates) the diary file at `path` (UTF-8) and writes the handle
/// to `*out`.
///
/// A file that is not a diary database gives `DIARY_ERR_NOT_A_DIARY`, one
/// from a newer version `DIARY_ERR_VERSION_TOO_NEW`; either is left
/// untouched. On failure `*out` is set to NULL and `diary_errmsg()` says why.
///
/// A library built with the `postgres` feature also opens a PostgreSQL
/// database by its URL (`postgresql://user@host/db`, optionally
/// `?options=-c%20search_path%3Dname` for a schema of its own, created
/// when missing); see docs/scale-out.md. Other builds refuse a URL with
/// `DIARY_ERR_INVALID_INPUT`.
///
/// # Safety
/// `path` is NULL or a NUL-terminated string; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn diary_open(path: *const c_char, out: *mut *mut diary_db) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let out = unsafe { args::out(out, "out") }?;
        *out = std::ptr::null_mut();
        // SAFETY: per this function's contract.
        let path = unsafe { args::text(path, "path") }?;
        let diary = Diary::open(path)?;
        *out = Box::into_raw(Box::new(diary_db::new(diary)));
        Ok(())
    })
}

/// Opens a private in-memory diary (for tests and scripts) into `*out`.
///
/// # Safety
/// `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn diary_open_in_memory(out: *mut *mut diary_db) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let out = unsafe { args::out(out, "out") }?;
        *out = std::ptr::null_mut();
        let diary = Diary::open_in_memory()?;
        *out = Box::into_raw(Box::new(diary_db::new(diary)));
        Ok(())
    })
}

/// Opens a diary whose clock the caller sets, for tests, simulations and
/// replaying a school year: `path` NULL opens a private in-memory diary;
/// the clock starts at `now_unix` (seconds since 1970-01-01 UTC) and only
/// moves with `diary_clock_set`.
///
/// # Safety
/// `path` is NULL or NUL-terminated; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn diary_open_with_clock(
    path: *const c_char,
    now_unix: i64,
    out: *mut *mut diary_db,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let out = unsafe { args::out(out, "out") }?;
        *out = std::ptr::null_mut();
        // SAFETY: per this function's contract.
        let path = unsafe { args::optional_text(path, "path") }?;
        let clock = Arc::new(ManualClock::new(instant(now_unix)?));
        let options = OpenOptions {
            clock: clock.clone(),
            ..OpenOptions::default()
        };
        let diary = match path {
            Some(p) => Diary::open_with(p, options)?,
            None => Diary::open_in_memory_with(options)?,
        };
        *out = Box::into_raw(Box::new(diary_db {
            diary,
            clock: Some(clock),
        }));
        Ok(())
    })
}

fn instant(unix: i64) -> Result<time::OffsetDateTime> {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .map_err(|_| Error::invalid("now_unix", "is not a representable instant"))
}

/// Sets the clock of a handle opened with `diary_open_with_clock` to
/// `now_unix` (seconds since 1970-01-01 UTC); other handles give
/// `DIARY_ERR_INVALID_INPUT` ("db").
///
/// # Safety
/// `db` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn diary_clock_set(db: *const diary_db, now_unix: i64) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let h = unsafe { db.as_ref() }.ok_or_else(|| Error::invalid("db", "must not be NULL"))?;
        let clock = h
            .clock
            .as_ref()
            .ok_or_else(|| Error::invalid("db", "was not opened with diary_open_with_clock"))?;
        clock.set(instant(now_unix)?);
        Ok(())
    })
}

/// Closes a diary and frees its handle. NULL is allowed and ignored. No
/// other thread may be using the handle.
///
/// # Safety
/// `db` is NULL or a live handle, not used afterwards.
#[no_mangle]
pub unsafe extern "C" fn diary_close(db: *mut diary_db) {
    if !db.is_null() {
        // SAFETY: the handle came from Box::into_raw and is closed once.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            drop(unsafe { Box::from_raw(db) })
        }));
    }
}

/// Frees a string the library returned (JSON results and the like). NULL is
/// allowed and ignored. The bytes are zeroed before release.
///
/// # Safety
/// `s` is NULL or a string from this library, freed once.
#[no_mangle]
pub unsafe extern "C" fn diary_string_free(s: *mut c_char) {
    if !s.is_null() {
        // SAFETY: the string came from CString::into_raw.
        let owned = unsafe { CString::from_raw(s) };
        let mut bytes = owned.into_bytes_with_nul();
        bytes.iter_mut().for_each(|b| {
            // SAFETY: a valid &mut u8; volatile so the wipe is not optimised out.
            unsafe { std::ptr::write_volatile(b, 0) }
        });
    }
}
