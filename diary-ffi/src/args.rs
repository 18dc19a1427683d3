//! Checked conversion of C arguments. Every failure is an
//! `InvalidInput` error naming the argument; nothing is converted lossily.

use diary_core::{text, Error, Result};
use std::ffi::{c_char, CStr, CString};
use time::Date;

/// Longest C string accepted as text input, in bytes.
pub(crate) const MAX_TEXT_BYTES: usize = 64 * 1024;

/// A required NUL-terminated UTF-8 string.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string.
pub(crate) unsafe fn text<'a>(ptr: *const c_char, name: &str) -> Result<&'a str> {
    if ptr.is_null() {
        return Err(Error::invalid(name, "must not be NULL"));
    }
    // SAFETY: the caller promises a NUL-terminated string.
    let bytes = unsafe { CStr::from_ptr(ptr) }.to_bytes();
    if bytes.len() > MAX_TEXT_BYTES {
        return Err(Error::invalid(
            name,
            format!("longer than {MAX_TEXT_BYTES} bytes"),
        ));
    }
    std::str::from_utf8(bytes).map_err(|_| Error::invalid(name, "is not valid UTF-8"))
}

/// An optional string: NULL means absent.
///
/// # Safety
/// As [`text`].
pub(crate) unsafe fn optional_text<'a>(ptr: *const c_char, name: &str) -> Result<Option<&'a str>> {
    if ptr.is_null() {
        Ok(None)
    } else {
        // SAFETY: forwarded.
        unsafe { text(ptr, name) }.map(Some)
    }
}

/// A date written `YYYY-MM-DD`.
///
/// # Safety
/// As [`text`].
pub(crate) unsafe fn date(ptr: *const c_char, name: &str) -> Result<Date> {
    // SAFETY: forwarded.
    text::parse_date(name, unsafe { text(ptr, name) }?)
}

/// An optional date: NULL means none.
///
/// # Safety
/// As [`text`].
pub(crate) unsafe fn optional_date(ptr: *const c_char, name: &str) -> Result<Option<Date>> {
    if ptr.is_null() {
        Ok(None)
    } else {
        // SAFETY: forwarded.
        unsafe { date(ptr, name) }.map(Some)
    }
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

/// An optional enum argument: -1 means none, else as [`enum_arg`].
pub(crate) fn optional_enum_arg<T: Copy>(all: &[T], v: i32, name: &str) -> Result<Option<T>> {
    if v == -1 {
        Ok(None)
    } else {
        enum_arg(all, v, name).map(Some)
    }
}

/// The C value of a core enum's member: its position in `all`.
pub(crate) fn enum_index<T: PartialEq>(all: &[T], v: T) -> i32 {
    all.iter().position(|x| *x == v).map_or(-1, |i| i as i32)
}

/// A number passed as a wider C integer, checked into the core's type.
pub(crate) fn number<T: TryFrom<C>, C: Copy + std::fmt::Display>(v: C, name: &str) -> Result<T> {
    T::try_from(v).map_err(|_| {
        Error::invalid(
            name,
            format!("{v} is out of range (see the function's documented range)"),
        )
    })
}

/// An optional id: 0 means none; negative ids are refused.
pub(crate) fn optional_id(id: i64, name: &str) -> Result<Option<i64>> {
    match id {
        0 => Ok(None),
        i if i > 0 => Ok(Some(i)),
        _ => Err(Error::invalid(name, "must be a positive id, or 0 for none")),
    }
}

/// A boolean passed as int: 0 or 1.
pub(crate) fn flag(v: i32, name: &str) -> Result<bool> {
    match v {
        0 => Ok(false),
        1 => Ok(true),
        _ => Err(Error::invalid(name, "must be 0 or 1")),
    }
}

/// Checks an out-parameter and returns it as a mutable reference.
///
/// # Safety
/// `ptr` is NULL or valid for writes of `T`.
pub(crate) unsafe fn out<'a, T>(ptr: *mut T, name: &str) -> Result<&'a mut T> {
    // SAFETY: the caller promises a valid pointer or NULL.
    unsafe { ptr.as_mut() }.ok_or_else(|| Error::invalid(name, "out-parameter must not be NULL"))
}

/// Copies text into a fixed, NUL-terminated field of a typed record.
pub(crate) fn fill(buf: &mut [c_char], s: &str) -> Result<()> {
    let bytes = s.as_bytes();
    if bytes.len() >= buf.len() {
        return Err(Error::Internal(format!(
            "{s:?} does not fit a {}-byte field",
            buf.len()
        )));
    }
    buf.fill(0);
    for (d, b) in buf.iter_mut().zip(bytes) {
        *d = *b as c_char;
    }
    Ok(())
}

/// Hands a Rust string to C; free it with `diary_string_free`.
pub(crate) fn give_string(s: String) -> Result<*mut c_char> {
    CString::new(s)
        .map(CString::into_raw)
        .map_err(|_| Error::Internal("result text contains a NUL byte".into()))
}

/// Serialises a value as JSON and hands it to C.
pub(crate) fn give_json<T: serde::Serialize>(v: &T) -> Result<*mut c_char> {
    let s = serde_json::to_string(v)
        .map_err(|e| Error::Internal(format!("JSON encoding failed: {e}")))?;
    give_string(s)
}

/// Longest secret accepted as pointer + length, in bytes.
pub(crate) const MAX_SECRET_BYTES: usize = 1 << 20;

/// Text given as pointer + length (passwords, which may contain NUL-free
/// but arbitrary Unicode); must be UTF-8.
///
/// # Safety
/// `ptr` is NULL (with `len` 0) or valid for reads of `len` bytes.
pub(crate) unsafe fn bytes_text<'a>(ptr: *const u8, len: usize, name: &str) -> Result<&'a str> {
    if len == 0 {
        return Ok("");
    }
    if ptr.is_null() {
        return Err(Error::invalid(name, "must not be NULL"));
    }
    if len > MAX_SECRET_BYTES {
        return Err(Error::invalid(
            name,
            format!("longer than {MAX_SECRET_BYTES} bytes"),
        ));
    }
    // SAFETY: the caller promises `len` readable bytes.
    let bytes = unsafe { std::slice::from_raw_parts(ptr, len) };
    std::str::from_utf8(bytes).map_err(|_| Error::invalid(name, "is not valid UTF-8"))
}

/// Reads a JSON argument with the core's structured-input reader: unknown
/// keys are refused and errors name the field by its path (`announcement_json.audience[0].id`).
///
/// # Safety
/// `ptr` is NULL or NUL-terminated.
pub(crate) unsafe fn json_arg<T: serde::de::DeserializeOwned>(
    ptr: *const c_char,
    name: &str,
) -> Result<T> {
    // SAFETY: per this function's contract.
    let text = unsafe { text(ptr, name) }?;
    diary_core::json_input::parse(name, text)
}
