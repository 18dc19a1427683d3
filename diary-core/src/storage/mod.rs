//! SQLite storage. All SQL of the diary lives in this module and its
//! children; the rest of the crate calls typed functions.
//!
//! Connection settings (see [`configure`]):
//! - `journal_mode=WAL`: readers never block the writer;
//! - `synchronous=NORMAL` by default ([`Durability::Normal`]): in WAL mode a
//!   committed transaction survives an application crash; after a power loss
//!   the last transactions before the outage may be lost, but the file is
//!   never corrupted. [`Durability::Full`] syncs every commit at some cost;
//! - `foreign_keys=ON`, `trusted_schema=OFF`, a busy timeout of 5 s.
//!
//! Writes run in `BEGIN IMMEDIATE` transactions, one per call.

pub(crate) mod access_log;
pub(crate) mod accounts;
pub(crate) mod announcements;
pub(crate) mod applications;
pub(crate) mod attendance;
pub(crate) mod busy;
// The catalogue and the rules of distribution are checked by the test suite
// only until the PostgreSQL backend reads its own catalogue at run time.
#[cfg(test)]
mod catalogue;
pub(crate) mod chat_messages;
mod classes;
pub(crate) mod consents;
pub(crate) mod contacts;
pub(crate) mod conversations;
pub(crate) mod corrections;
pub(crate) mod db;
#[cfg(test)]
mod distribution;
pub(crate) mod engine;
pub(crate) mod erasure;
pub(crate) mod feed;
mod fresh;
pub(crate) mod generation;
pub(crate) mod homework;
pub(crate) mod link_codes;
pub(crate) mod mark_sums;
mod marks;
pub(crate) mod meals;
pub(crate) mod meetings;
pub(crate) mod merge;
pub(crate) mod messages;
mod migrations;
pub(crate) mod notifications;
pub(crate) mod oneroster;
mod open;
pub(crate) mod people;
pub(crate) mod personal_data;
// The PostgreSQL backend's schema, versions and error kinds.
#[cfg(feature = "postgres")]
mod postgres;
pub(crate) mod regional;
pub(crate) mod report_cards;
pub(crate) mod rollover;
pub(crate) mod schema;
mod schools;
pub(crate) mod settings;
pub(crate) mod slots;
mod standing;
pub(crate) mod timetable;
pub(crate) mod transfer_codes;
pub(crate) mod trusted;
pub(crate) mod turnstile;
pub(crate) mod visits;

pub use migrations::LATEST_VERSION;
pub use open::OpenMode;
pub(crate) use open::{apply_key, open_file, open_for_repair, open_memory, Key};

pub(crate) use classes::*;
pub(crate) use marks::*;
pub(crate) use people::*;
pub(crate) use schools::*;
pub(crate) use standing::standing;

pub(crate) use db::Db;
use db::{DbError, DbResult};

use crate::error::{Error, Result};

/// How long a call waits for another connection's lock before it gives up
/// with [`crate::Error::Busy`] (safe to retry): SQLite's busy handler
/// retries with growing pauses within this bound.
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// How hard a commit tries to reach the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Durability {
    /// `synchronous=NORMAL`: safe against crashes of the application; the
    /// newest commits may be lost on power failure. The default.
    #[default]
    Normal,
    /// `synchronous=FULL`: every commit is synced to disk.
    Full,
}

/// The `application_id` stamped into every diary file ("DIRY").
pub const APPLICATION_ID: i32 = 0x4449_5259;

/// An [`Error::IoError`] from a write that failed because the disk (or the
/// process's file-size limit) is full becomes [`Error::DiskFull`]: SQLite
/// reports ENOSPC as "full" but EFBIG (RLIMIT_FSIZE, a quota) as an I/O
/// error, so the operating system's error number decides.
pub(crate) fn refine_io_error(c: &rusqlite::Connection, e: Error) -> Error {
    match e {
        Error::IoError(m) => {
            // SAFETY: the handle belongs to a live connection; the call only
            // reads the errno SQLite saved for it.
            let errno = unsafe { rusqlite::ffi::sqlite3_system_errno(c.handle()) };
            if errno == 28 /* ENOSPC */ || errno == 27
            /* EFBIG */
            {
                Error::DiskFull(format!("{m} (the disk or the file-size limit is full)"))
            } else {
                Error::IoError(m)
            }
        }
        other => other,
    }
}

/// Maps a uniqueness violation to a [`Error::Conflict`] with `what`, and any
/// other failure to a storage error.
pub(crate) fn conflict_on_unique(e: DbError, what: impl FnOnce() -> String) -> Error {
    if e.is_unique_violation() {
        Error::Conflict(what())
    } else {
        Error::from(e)
    }
}

/// Turns "no row" into a [`Error::NotFound`].
pub(crate) fn found<T>(r: DbResult<T>, entity: &'static str, id: i64) -> Result<T> {
    match r {
        Err(DbError::NoRows) => Err(Error::not_found(entity, id)),
        other => other.map_err(Error::from),
    }
}
