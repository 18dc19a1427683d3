//! Hardening calls: transfer codes (a school releases a student to
//! another), regional officers without a school, the minimum group size of
//! aggregates, access-log anchors and the operator's schema repair.

use crate::args;
use crate::handle::{db, diary_actor, diary_db};
use crate::status::{diary_status, guard};
use diary_core::*;
use std::ffi::c_char;

/// Issues a one-time transfer code for `student` (an admin of the school of
/// the student's latest enrolment): another school's admin enrols the
/// student with it (`diary_transfer_code_enrol`). A school can otherwise
/// enrol only people it already knows. `*out_code` (`ABCD-EFGH-JKMN`) is
/// shown once; free it with `diary_string_free`. `*out_expires_at`
/// receives its expiry (Unix seconds).
///
/// # Safety
/// `db` is a live handle or NULL; out-parameters are writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_transfer_code_issue(
    db: *const diary_db,
    actor: diary_actor,
    student: i64,
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
        // SAFETY: per this function's contract.
        let issued =
            unsafe { self::db(db) }?.issue_transfer_code(&actor.to_core()?, PersonId(student))?;
        *expires = issued.expires_at.unix_timestamp();
        *code = args::give_string(issued.code)?;
        Ok(())
    })
}

/// Enrols the student a transfer code releases in `class` from `start`
/// (`YYYY-MM-DD`; an admin of the class's school) and writes the new
/// enrolment's id. A wrong, used or expired code gives
/// `DIARY_ERR_INVALID_INPUT` (field "code") without saying which.
///
/// # Safety
/// Strings are NUL-terminated or NULL; `out_id` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_transfer_code_enrol(
    db: *const diary_db,
    actor: diary_actor,
    code: *const c_char,
    class: i64,
    start: *const c_char,
    out_id: *mut i64,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let (out, d, code, start) = unsafe {
            (
                args::out(out_id, "out_id")?,
                self::db(db)?,
                args::text(code, "code")?,
                args::date(start, "start")?,
            )
        };
        *out = d
            .enrol_with_transfer_code(&actor.to_core()?, code, ClassId(class), start)?
            .id
            .0;
        Ok(())
    })
}

/// Registers a read-only regional officer of `region` (the operator only):
/// a person with no school, who reads only the region's aggregates.
/// `patronymic` and `snils` may be NULL; writes the person's id.
///
/// # Safety
/// Strings are NUL-terminated or NULL; `out_id` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_regional_officer_register(
    db: *const diary_db,
    actor: diary_actor,
    surname: *const c_char,
    first_name: *const c_char,
    patronymic: *const c_char,
    birth_date: *const c_char,
    snils: *const c_char,
    region: *const c_char,
    out_id: *mut i64,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let (out, d, new, region) = unsafe {
            (
                args::out(out_id, "out_id")?,
                self::db(db)?,
                NewPerson {
                    surname: args::text(surname, "surname")?.into(),
                    first_name: args::text(first_name, "first_name")?.into(),
                    patronymic: args::optional_text(patronymic, "patronymic")?.map(Into::into),
                    birth_date: args::date(birth_date, "birth_date")?,
                    snils: args::optional_text(snils, "snils")?.map(Into::into),
                },
                args::text(region, "region")?,
            )
        };
        *out = d
            .register_regional_officer(&actor.to_core()?, &new, region)?
            .id
            .0;
        Ok(())
    })
}

/// The smallest group of students an aggregate may describe to people
/// outside the children's circle (regional statistics, class statistics
/// for families): 5–1000, default 10.
///
/// # Safety
/// `out_n` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_min_group_size_get(
    db: *const diary_db,
    out_n: *mut i64,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let (out, d) = unsafe { (args::out(out_n, "out_n")?, self::db(db)?) };
        *out = i64::from(d.min_group_size()?);
        Ok(())
    })
}

/// Sets the minimum group size (the operator only; 5–1000).
///
/// # Safety
/// `db` is a live handle or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_min_group_size_set(
    db: *const diary_db,
    actor: diary_actor,
    n: u32,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let d = unsafe { self::db(db) }?;
        d.set_min_group_size(&actor.to_core()?, n)
    })
}

/// An anchor of the access log to keep outside the file (admins: the
/// chains of their schools; the operator: every school's chain):
/// `*out_id`, the newest entry it covers (0 when there is none), and
/// `*out_hash`, a digest of each covered chain's newest entry (64
/// hexadecimal digits, or NULL when there is none; free it with
/// `diary_string_free`). Verify it as the same kind of actor.
///
/// # Safety
/// Out-parameters are writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_access_log_head(
    db: *const diary_db,
    actor: diary_actor,
    out_id: *mut i64,
    out_hash: *mut *mut c_char,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let (id, hash) = unsafe {
            (
                args::out(out_id, "out_id")?,
                args::out(out_hash, "out_hash")?,
            )
        };
        *id = 0;
        *hash = std::ptr::null_mut();
        // SAFETY: per this function's contract.
        if let Some(a) = unsafe { self::db(db) }?.access_log_head(&actor.to_core()?)? {
            *id = a.id;
            *hash = args::give_string(a.hash)?;
        }
        Ok(())
    })
}

/// Verifies the access log's chains the actor may verify and that the
/// anchor (`anchor_id`, `anchor_hash` from `diary_access_log_head`) still
/// matches: writes the number of entries, the first broken entry (0 when
/// intact) and whether the anchor matches (1) or a chain was cut short or
/// rewritten (0).
///
/// # Safety
/// `anchor_hash` is NUL-terminated or NULL; out-parameters are writable or
/// NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_access_log_verify_anchor(
    db: *const diary_db,
    actor: diary_actor,
    anchor_id: i64,
    anchor_hash: *const c_char,
    out_entries: *mut i64,
    out_first_broken: *mut i64,
    out_anchor_matches: *mut i32,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let (entries, broken, matches, d, hash) = unsafe {
            (
                args::out(out_entries, "out_entries")?,
                args::out(out_first_broken, "out_first_broken")?,
                args::out(out_anchor_matches, "out_anchor_matches")?,
                self::db(db)?,
                args::text(anchor_hash, "anchor_hash")?,
            )
        };
        let anchor = LogAnchor {
            id: anchor_id,
            hash: hash.to_owned(),
        };
        let v = d.verify_access_log_against(&actor.to_core()?, &anchor)?;
        *entries = i64::try_from(v.entries).unwrap_or(i64::MAX);
        *broken = v.first_broken.unwrap_or(0);
        *matches = i32::from(v.anchor_matches == Some(true));
        Ok(())
    })
}

/// Repairs a diary file refused with `DIARY_ERR_CORRUPT` because its
/// triggers or indexes are not the library's own (the installation's
/// operator, with no handle open on it): recreates them, removes foreign
/// ones and records the repair in the access log. `*out_json` receives a
/// JSON array of what was repaired (strings); free it with
/// `diary_string_free`. Missing or altered tables cannot be repaired.
///
/// # Safety
/// `path` is NUL-terminated or NULL; `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_repair_schema(
    path: *const c_char,
    out_json: *mut *mut c_char,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let (out, path) = unsafe { (args::out(out_json, "out_json")?, args::text(path, "path")?) };
        *out = std::ptr::null_mut();
        let done = Diary::repair_schema(path)?;
        *out = args::give_json(&done)?;
        Ok(())
    })
}

/// How `diary_open_with_mode` opens a file.
#[allow(non_camel_case_types)]
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum diary_open_mode {
    /// Open an existing diary, or create one when the path does not exist
    /// or is an empty file (what `diary_open` does).
    DIARY_OPEN_CREATE = 0,
    /// Open an existing diary only: a missing or empty file gives
    /// `DIARY_ERR_NOT_A_DIARY` instead of a new, empty diary.
    DIARY_OPEN_EXISTING = 1,
    /// Open for reading only: nothing is written; changes, and reads of
    /// children's data (which must be logged), give `DIARY_ERR_READ_ONLY`.
    DIARY_OPEN_READ_ONLY = 2,
}

/// Opens the diary file at `path` in `mode` (`diary_open_mode`), waiting
/// at most `busy_timeout_ms` (0–600000; 5000 is `diary_open`'s) for another
/// process's lock before a call gives `DIARY_ERR_BUSY` (safe to retry).
/// On failure `*out` is NULL.
///
/// # Safety
/// `path` is NUL-terminated or NULL; `out` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_open_with_mode(
    path: *const c_char,
    mode: i32,
    busy_timeout_ms: u32,
    out: *mut *mut diary_db,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let out = unsafe { args::out(out, "out") }?;
        *out = std::ptr::null_mut();
        // SAFETY: per this function's contract.
        let path = unsafe { args::text(path, "path") }?;
        let mode = open_mode(mode)?;
        if busy_timeout_ms > 600_000 {
            return Err(Error::invalid("busy_timeout_ms", "must be 0 to 600000"));
        }
        let diary = Diary::open_with(
            path,
            OpenOptions {
                mode,
                busy_timeout: std::time::Duration::from_millis(u64::from(busy_timeout_ms)),
                ..OpenOptions::default()
            },
        )?;
        *out = Box::into_raw(Box::new(crate::handle::diary_db::new(diary)));
        Ok(())
    })
}

/// As `diary_open_with_mode`, for an encrypted file: `key` (1–1024 bytes)
/// opens it, or creates it encrypted; backups are encrypted with it. Only
/// builds with encryption at rest (SQLCipher, the core's `sqlcipher`
/// feature) accept a key; others give DIARY_ERR_INVALID_INPUT ("key")
/// rather than write clear text. A wrong key gives DIARY_ERR_NOT_A_DIARY.
///
/// # Safety
/// `path` and `key` are NUL-terminated or NULL; `out` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_open_encrypted(
    path: *const c_char,
    key: *const c_char,
    mode: i32,
    busy_timeout_ms: u32,
    out: *mut *mut diary_db,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let out = unsafe { args::out(out, "out") }?;
        *out = std::ptr::null_mut();
        // SAFETY: per this function's contract.
        let (path, key) = unsafe { (args::text(path, "path")?, args::text(key, "key")?) };
        let mode = open_mode(mode)?;
        if busy_timeout_ms > 600_000 {
            return Err(Error::invalid("busy_timeout_ms", "must be 0 to 600000"));
        }
        let diary = Diary::open_with(
            path,
            OpenOptions {
                mode,
                busy_timeout: std::time::Duration::from_millis(u64::from(busy_timeout_ms)),
                key: Some(key.to_owned()),
                ..OpenOptions::default()
            },
        )?;
        *out = Box::into_raw(Box::new(crate::handle::diary_db::new(diary)));
        Ok(())
    })
}

/// The `diary_open_mode` value `mode`.
fn open_mode(mode: i32) -> Result<OpenMode> {
    use diary_open_mode::*;
    match mode {
        m if m == DIARY_OPEN_CREATE as i32 => Ok(OpenMode::Create),
        m if m == DIARY_OPEN_EXISTING as i32 => Ok(OpenMode::Existing),
        m if m == DIARY_OPEN_READ_ONLY as i32 => Ok(OpenMode::ReadOnly),
        _ => Err(Error::invalid("mode", "is not a diary_open_mode value")),
    }
}

/// Checks the file's integrity (`quick` 1: SQLite's quick_check; 0: the
/// full integrity_check). A damaged file gives `DIARY_ERR_CORRUPT` with
/// the first problems in `diary_errmsg()`.
///
/// # Safety
/// `db` is a live handle or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_check(db: *const diary_db, quick: i32) -> diary_status {
    guard(|| {
        let quick = args::flag(quick, "quick")?;
        // SAFETY: per this function's contract.
        unsafe { self::db(db) }?.check(quick)
    })
}

/// Copies the whole diary into a new file at `path` while other processes
/// go on reading and writing (the operator only). An existing `path` is
/// refused.
///
/// # Safety
/// `path` is NUL-terminated or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_backup(
    db: *const diary_db,
    actor: diary_actor,
    path: *const c_char,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let (d, path) = unsafe { (self::db(db)?, args::text(path, "path")?) };
        d.backup_to(&actor.to_core()?, path)
    })
}

/// Restores the backup at `backup` over `target` after checking it (a
/// diary, the library's schema, integrity_check clean); a backup that fails
/// a check leaves `target` untouched. No handle may be open on `target`.
///
/// # Safety
/// Strings are NUL-terminated or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_restore(
    backup: *const c_char,
    target: *const c_char,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let (backup, target) =
            unsafe { (args::text(backup, "backup")?, args::text(target, "target")?) };
        Diary::restore(backup, target)
    })
}
