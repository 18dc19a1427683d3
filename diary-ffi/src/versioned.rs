//! Structs that can grow: every struct a caller fills or receives starts
//! with `uint32_t struct_size`, set by the caller (with the struct's
//! `DIARY_..._INIT` initialiser, or `sizeof`). A later minor version may
//! append fields; then
//!
//! - a program built against an older header passes a smaller size: the
//!   library reads the fields that size covers and takes 0 — by rule the
//!   "not given" value of every appended field — for the rest, and writes
//!   results only within that size;
//! - a program built against a newer header than the library passes a
//!   larger size, which is refused (`DIARY_CHECK_VERSION()` at start-up
//!   catches that case before any call).
//!
//! For an array the first element's `struct_size` is the stride, and every
//! input element must carry the same size. For an output array only the
//! first element's `struct_size` need be set.

use diary_core::{Error, Result};

/// A C struct whose first field is `struct_size: u32`.
///
/// # Safety
/// Implementors are `#[repr(C)]`, start with `struct_size: u32`, and are
/// valid when all bytes are zero (integers, arrays of them, raw pointers).
pub(crate) unsafe trait Versioned: Copy + 'static {
    /// The C name, for messages.
    const NAME: &'static str;
    /// The size of the struct's first published layout.
    const FIRST_SIZE: usize;
    /// Sets the size field.
    fn set_struct_size(&mut self, size: u32);
}

/// Declares structs as [`Versioned`], all at their first layout.
macro_rules! versioned {
    ($($t:ident),* $(,)?) => {
        $(
            // SAFETY: each struct is #[repr(C)], starts with `struct_size:
            // u32` and holds only integers, arrays of them and raw pointers.
            unsafe impl $crate::versioned::Versioned for $t {
                const NAME: &'static str = stringify!($t);
                const FIRST_SIZE: usize = std::mem::size_of::<$t>();
                fn set_struct_size(&mut self, size: u32) {
                    self.struct_size = size;
                }
            }
        )*
    };
}
pub(crate) use versioned;

/// Checks a caller's `struct_size` for `T`; `field` names the struct.
pub(crate) fn check_size<T: Versioned>(size: u32, field: &str) -> Result<usize> {
    let size = size as usize;
    let known = std::mem::size_of::<T>();
    if size == 0 {
        return Err(Error::invalid(
            format!("{field}.struct_size"),
            format!(
                "is 0: initialise the {} with {}_INIT (or set struct_size = sizeof({}))",
                T::NAME,
                T::NAME.to_uppercase(),
                T::NAME
            ),
        ));
    }
    if size < T::FIRST_SIZE {
        return Err(Error::invalid(
            format!("{field}.struct_size"),
            format!(
                "is {size}, smaller than any layout of {} (at least {} bytes)",
                T::NAME,
                T::FIRST_SIZE
            ),
        ));
    }
    if size > known {
        return Err(Error::invalid(
            format!("{field}.struct_size"),
            format!(
                "is {size}, but this library ({}) knows {} of {known} bytes: the program was \
                 built against a newer diary.h (check with DIARY_CHECK_VERSION())",
                diary_core::VERSION,
                T::NAME
            ),
        ));
    }
    Ok(size)
}

/// Reads the caller's `struct_size` at `ptr` (not NULL).
///
/// # Safety
/// `ptr` points to at least 4 readable bytes.
unsafe fn size_at<T>(ptr: *const T) -> u32 {
    // SAFETY: per this function's contract; every versioned struct starts
    // with an aligned u32.
    unsafe { std::ptr::read(ptr.cast::<u32>()) }
}

/// Reads one caller-filled struct, zero-extending an older layout.
///
/// # Safety
/// `ptr` is NULL or points to a struct of the size its `struct_size` says.
pub(crate) unsafe fn read<T: Versioned>(ptr: *const T, field: &str) -> Result<T> {
    if ptr.is_null() {
        return Err(Error::invalid(field, "must not be NULL"));
    }
    // SAFETY: per this function's contract.
    unsafe {
        let size = check_size::<T>(size_at(ptr), field)?;
        Ok(copy_in(ptr.cast::<u8>(), size))
    }
}

/// A `T` from `size` bytes at `src`, the rest zero.
///
/// # Safety
/// `src` is valid for `size` bytes, `size <= size_of::<T>()`.
unsafe fn copy_in<T: Versioned>(src: *const u8, size: usize) -> T {
    // SAFETY: all-zero is a valid T (the trait's contract); the copy stays
    // within both objects.
    unsafe {
        let mut value: T = std::mem::zeroed();
        std::ptr::copy_nonoverlapping(src, (&mut value as *mut T).cast::<u8>(), size);
        value.set_struct_size(std::mem::size_of::<T>() as u32);
        value
    }
}

/// Reads an array of `n` (at most `max`) caller-filled structs (NULL
/// allowed only when `n` is 0); the first element's size is the stride and
/// all must agree.
///
/// # Safety
/// `ptr` is NULL or valid for `n` elements of the stride its first
/// element's `struct_size` says.
pub(crate) unsafe fn read_array<T: Versioned>(
    ptr: *const T,
    n: usize,
    max: usize,
    field: &str,
) -> Result<Vec<T>> {
    if n == 0 {
        return Ok(Vec::new());
    }
    if ptr.is_null() {
        return Err(Error::invalid(
            field,
            "must not be NULL when its count is not 0",
        ));
    }
    if n > max {
        return Err(Error::invalid(
            field,
            format!("has too many elements (at most {max})"),
        ));
    }
    // SAFETY: per this function's contract.
    unsafe {
        let stride = check_size::<T>(size_at(ptr), &format!("{field}[0]"))?;
        (0..n)
            .map(|i| {
                let at = ptr.cast::<u8>().add(i * stride);
                let size = size_at(at.cast::<T>()) as usize;
                if size != stride {
                    return Err(Error::invalid(
                        format!("{field}[{i}].struct_size"),
                        format!("is {size}, but the array's first element says {stride}"),
                    ));
                }
                Ok(copy_in(at, stride))
            })
            .collect()
    }
}

/// Checks an output struct before the work that fills it: not NULL, and a
/// size this library can serve.
///
/// # Safety
/// `out` is NULL or points to at least 4 readable bytes.
pub(crate) unsafe fn check_out<T: Versioned>(out: *mut T, field: &str) -> Result<()> {
    if out.is_null() {
        return Err(Error::invalid(field, "must not be NULL"));
    }
    // SAFETY: per this function's contract.
    check_size::<T>(unsafe { size_at(out) }, field).map(drop)
}

/// Writes `value` into the caller's struct at `out` (NULL refused), within
/// the size the caller set.
///
/// # Safety
/// `out` is NULL or points to a struct of the size its `struct_size` says.
pub(crate) unsafe fn write<T: Versioned>(out: *mut T, value: T, field: &str) -> Result<()> {
    if out.is_null() {
        return Err(Error::invalid(field, "must not be NULL"));
    }
    // SAFETY: per this function's contract.
    unsafe {
        let size = check_size::<T>(size_at(out), field)?;
        copy_out(out.cast::<u8>(), value, size);
    }
    Ok(())
}

/// Copies the first `size` bytes of `value`, with `struct_size = size`.
///
/// # Safety
/// `dst` is valid for `size` bytes, `size <= size_of::<T>()`.
unsafe fn copy_out<T: Versioned>(dst: *mut u8, mut value: T, size: usize) {
    value.set_struct_size(size as u32);
    // SAFETY: per this function's contract.
    unsafe { std::ptr::copy_nonoverlapping((&value as *const T).cast::<u8>(), dst, size) }
}

/// The stride of an output array of `capacity` structs (the first
/// element's `struct_size`); 0 when `capacity` is 0.
///
/// # Safety
/// `out` is NULL or valid for at least one struct when `capacity > 0`.
pub(crate) unsafe fn out_stride<T: Versioned>(
    out: *mut T,
    capacity: usize,
    field: &str,
) -> Result<usize> {
    if capacity == 0 {
        return Ok(0);
    }
    if out.is_null() {
        return Err(Error::invalid(
            field,
            "must not be NULL when capacity is not 0",
        ));
    }
    // SAFETY: per this function's contract.
    check_size::<T>(unsafe { size_at(out) }, &format!("{field}[0]"))
}

/// Writes element `i` of an output array of the given stride.
///
/// # Safety
/// `out` is valid for more than `i` elements of `stride` bytes.
pub(crate) unsafe fn write_at<T: Versioned>(out: *mut T, i: usize, stride: usize, value: T) {
    // SAFETY: per this function's contract.
    unsafe { copy_out(out.cast::<u8>().add(i * stride), value, stride) }
}

/// An array result: checks the caller's array (`out`, `capacity`) and
/// `out_count` before `read` runs, then writes up to `capacity` records
/// made by `record` and the total number of rows to `*out_count`.
///
/// # Safety
/// `out` is NULL or valid for `capacity` records of the stride its first
/// element's `struct_size` says; `out_count` is NULL or writable.
pub(crate) unsafe fn fill<T: Versioned, R>(
    out: *mut T,
    capacity: usize,
    out_count: *mut usize,
    read: impl FnOnce() -> Result<Vec<R>>,
    record: impl Fn(&R) -> Result<T>,
) -> Result<()> {
    // SAFETY: per this function's contract.
    unsafe {
        let count = crate::args::out(out_count, "out_count")?;
        *count = 0;
        let stride = out_stride(out, capacity, "out")?;
        let rows = read()?;
        for (i, r) in rows.iter().take(capacity).enumerate() {
            write_at(out, i, stride, record(r)?);
        }
        *count = rows.len();
    }
    Ok(())
}
