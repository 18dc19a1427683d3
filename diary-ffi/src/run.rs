//! The bodies of exported calls, by the shape of their result: check the
//! out-parameter, borrow the diary, make the core actor, run the call and
//! hand the result to C — all inside the panic guard, so that every call
//! reports errors the same way. The generated calls (bindgen/calls) and the
//! hand-written ones both use these.

use crate::args;
use crate::handle::{db, diary_actor, diary_db};
use crate::status::{diary_status, guard};
use diary_core::{Actor, Diary, Result};
use std::ffi::c_char;

/// Runs `f` for a call with an out-parameter of type `O`: `out` is checked
/// first (and set to `empty` so that a failure leaves no stale value),
/// then the handle and the actor; `put` turns the result into what C gets.
///
/// # Safety
/// `d` is NULL or live; `out` is NULL or writable.
pub(crate) unsafe fn with_out<O, T>(
    d: *const diary_db,
    actor: diary_actor,
    out: *mut O,
    out_name: &str,
    empty: Option<O>,
    f: impl FnOnce(&Diary, &Actor) -> Result<T>,
    put: impl FnOnce(T) -> Result<O>,
) -> diary_status {
    guard(|| {
        // SAFETY: per the caller's contract.
        let out = unsafe { args::out(out, out_name) }?;
        if let Some(e) = empty {
            *out = e;
        }
        // SAFETY: per the caller's contract.
        let diary = unsafe { db(d) }?;
        *out = put(f(diary, &actor.to_core()?)?)?;
        Ok(())
    })
}

/// A call that returns only its status.
///
/// # Safety
/// `d` is NULL or live.
pub(crate) unsafe fn unit(
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

/// A call that writes an id (or another integer) to `*out`.
///
/// # Safety
/// `d` is NULL or live; `out` is NULL or writable.
pub(crate) unsafe fn int(
    d: *const diary_db,
    actor: diary_actor,
    out: *mut i64,
    out_name: &str,
    f: impl FnOnce(&Diary, &Actor) -> Result<i64>,
) -> diary_status {
    // SAFETY: forwarded.
    unsafe { with_out(d, actor, out, out_name, None, f, Ok) }
}

/// A call that writes 1 or 0 to `*out`.
///
/// # Safety
/// `d` is NULL or live; `out` is NULL or writable.
pub(crate) unsafe fn flag(
    d: *const diary_db,
    actor: diary_actor,
    out: *mut i32,
    out_name: &str,
    f: impl FnOnce(&Diary, &Actor) -> Result<bool>,
) -> diary_status {
    // SAFETY: forwarded.
    unsafe { with_out(d, actor, out, out_name, None, f, |b| Ok(i32::from(b))) }
}

/// A call that hands its result to `*out` as JSON (free with
/// `diary_string_free`; NULL on failure).
///
/// # Safety
/// `d` is NULL or live; `out` is NULL or writable.
pub(crate) unsafe fn json<T: serde::Serialize>(
    d: *const diary_db,
    actor: diary_actor,
    out: *mut *mut c_char,
    out_name: &str,
    f: impl FnOnce(&Diary, &Actor) -> Result<T>,
) -> diary_status {
    let put = |v: T| args::give_json(&v);
    // SAFETY: forwarded.
    unsafe { with_out(d, actor, out, out_name, Some(std::ptr::null_mut()), f, put) }
}

/// A call that hands a text to `*out` (free with `diary_string_free`;
/// NULL on failure).
///
/// # Safety
/// `d` is NULL or live; `out` is NULL or writable.
pub(crate) unsafe fn text(
    d: *const diary_db,
    actor: diary_actor,
    out: *mut *mut c_char,
    out_name: &str,
    f: impl FnOnce(&Diary, &Actor) -> Result<String>,
) -> diary_status {
    // SAFETY: forwarded.
    unsafe {
        with_out(
            d,
            actor,
            out,
            out_name,
            Some(std::ptr::null_mut()),
            f,
            args::give_string,
        )
    }
}

/// A call that fills the caller's array of typed records (see
/// `versioned::fill`): `out` of `capacity` records and `*out_count` are
/// checked first, then the handle and the actor; `record` converts each row.
///
/// # Safety
/// `d` is NULL or live; `out` is valid for `capacity` records (or NULL with
/// capacity 0); `out_count` is NULL or writable.
pub(crate) unsafe fn array<T: crate::versioned::Versioned, R>(
    d: *const diary_db,
    actor: diary_actor,
    out: *mut T,
    capacity: usize,
    out_count: *mut usize,
    read: impl FnOnce(&Diary, &Actor) -> Result<Vec<R>>,
    record: impl Fn(&R) -> Result<T>,
) -> diary_status {
    guard(|| {
        // SAFETY: per the caller's contract.
        unsafe {
            crate::versioned::fill(
                out,
                capacity,
                out_count,
                || {
                    let diary = db(d)?;
                    read(diary, &actor.to_core()?)
                },
                record,
            )
        }
    })
}
