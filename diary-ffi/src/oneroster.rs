//! OneRoster 1.2 CSV: a school's roster and gradebook written to a folder,
//! and a folder's files checked against the binding's tables
//! (hand-written: paths in, JSON out).

use crate::args;
use crate::handle::{diary_actor, diary_db};
use crate::run;
use crate::status::{diary_status, guard};
use diary_core::SchoolId;
use std::ffi::c_char;
use std::path::Path;

/// Writes a school's roster and gradebook as a OneRoster 1.2 CSV bulk
/// file set into the folder `dir` (created if missing; files of the same
/// names replaced): `manifest.csv`, `orgs.csv`, `academicSessions.csv`,
/// `courses.csv`, `classes.csv`, `users.csv`, `roles.csv`,
/// `enrollments.csv`, `demographics.csv`, `categories.csv`,
/// `lineItems.csv`, `results.csv`, `scoreScales.csv`. `school` 0 writes
/// every school (the operator). For the school's admins and the operator;
/// each child's data read is logged. Writes the names written to
/// `out_json` as a JSON array.
///
/// # Safety
/// `dir` is NUL-terminated or NULL; `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_oneroster_export(
    db: *const diary_db,
    actor: diary_actor,
    school: i64,
    dir: *const c_char,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        run::json(db, actor, out_json, "out_json", |d, a| {
            let school = args::optional_id(school, "school")?.map(SchoolId);
            let dir = args::text(dir, "dir")?;
            d.export_oneroster_to_dir(a, school, Path::new(dir))
        })
    }
}

/// Imports the OneRoster 1.2 CSV file set in the folder `dir` (its `.csv`
/// files): schools, years and periods, subjects, classes, sections and
/// groups, people, staff, guardians, enrolments, teaching assignments,
/// class teachers, kinds of work and marks — created, or found again by
/// the sourcedIds of an
/// earlier import, by SNILS or by name and dates. All or nothing: with any
/// problem, or with `dry_run` 1, nothing is stored. A school's admins
/// import into their school; new schools are the operator's. Writes the
/// report to `out_json`: `{"dry_run":false,"applied":true,"problems":[],"created":{"users.csv":6},"found":{},"skipped":{"orgs.csv":1}}`
/// — `problems` as `diary_oneroster_check` writes them; `created`,
/// `found` and `skipped` count rows per file.
///
/// # Safety
/// `dir` is NUL-terminated or NULL; `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_oneroster_import(
    db: *const diary_db,
    actor: diary_actor,
    dir: *const c_char,
    dry_run: i32,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        run::json(db, actor, out_json, "out_json", |d, a| {
            let dir = args::text(dir, "dir")?;
            let dry_run = args::flag(dry_run, "dry_run")?;
            d.import_oneroster_dir(a, Path::new(dir), dry_run)
        })
    }
}

/// Checks the `.csv` files of the folder `dir` against the OneRoster 1.2
/// CSV binding's tables — the manifest, each file's columns in order,
/// required values, formats (dates, booleans, numbers, vocabularies),
/// bulk and delta rules, unique sourcedIds and references between bulk
/// files — and writes the problems found to `out_json`, as JSON
/// `[{"file":"users.csv","line":5,"column":"enabledUser","reason":"must be true or false"}]`
/// sorted by file and line (`line` 1 is the header, 0 the file as a
/// whole; `column` null when no one column is at fault); `[]` when the set
/// conforms. Needs no diary. Thread-safe.
///
/// # Safety
/// `dir` is NUL-terminated or NULL; `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_oneroster_check(
    dir: *const c_char,
    out_json: *mut *mut c_char,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let out = unsafe { args::out(out_json, "out_json") }?;
        *out = std::ptr::null_mut();
        // SAFETY: per this function's contract.
        let dir = unsafe { args::text(dir, "dir") }?;
        let problems = diary_core::oneroster::check_dir(Path::new(dir))?;
        *out = args::give_json(&problems)?;
        Ok(())
    })
}
