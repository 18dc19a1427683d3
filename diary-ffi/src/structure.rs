//! The school structure: schools, years, periods, holidays, classes,
//! subjects, groups, teaching assignments.
//!
//! Creating functions return the new record's id through `out_id`; lists
//! and nested reads return JSON (see each function), because their shape is
//! nested and grows with new fields, which JSON absorbs without breaking the
//! ABI. Dates are "YYYY-MM-DD" strings in and out.

mod calls;
pub use calls::*;

use crate::args;
use crate::handle::{db, diary_db};
use crate::status::{diary_status, guard};

pub(crate) use crate::args::enum_arg;

/// The schema version of the open file.
///
/// # Safety
/// `out` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_schema_version(db: *const diary_db, out: *mut i64) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let out = args::out(out, "out")?;
            *out = self::db(db)?.schema_version()?;
        }
        Ok(())
    })
}
