//! The one error type of the diary, and the stable numeric codes shared with
//! the C ABI (`diary_status`) and the Python exception hierarchy.

use std::fmt;

/// Result alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in a diary call.
///
/// Each variant is something a caller can act on; [`Error::code`] gives its
/// stable number. A failed call never leaves a partial change behind: every
/// write runs in one transaction that is rolled back on error.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// An argument is malformed or breaks a rule; `field` names it.
    #[error("invalid {field}: {reason}")]
    InvalidInput {
        /// The argument or field at fault, e.g. `"surname"` or `"period.start"`.
        field: String,
        /// What is wrong with it, in plain words.
        reason: String,
    },
    /// The record named does not exist (or the actor may not know it exists).
    #[error("{entity} {id} not found")]
    NotFound {
        /// Kind of record, e.g. `"school"`.
        entity: &'static str,
        /// The identifier that was looked up.
        id: String,
    },
    /// The change would contradict stored data (a duplicate, an overlap).
    #[error("conflict: {0}")]
    Conflict(String),
    /// The actor is not allowed to do this.
    #[error("access denied: {0}")]
    AccessDenied(String),
    /// Credentials or a session were not accepted.
    #[error("authentication failed")]
    AuthenticationFailed,
    /// The storage layer failed (I/O, a locked or corrupt file).
    #[error("storage error: {0}")]
    Storage(String),
    /// The file is not a diary database; it was left untouched.
    #[error("not a diary database: {0}")]
    NotADiary(String),
    /// The file was written by a newer version of diary.
    #[error("the diary file has schema version {found}, newer than the {supported} this library supports; upgrade the library")]
    VersionTooNew {
        /// Schema version stored in the file.
        found: i64,
        /// Newest schema version this build knows.
        supported: i64,
    },
    /// A bug in diary itself; please report it.
    #[error("internal error: {0}")]
    Internal(String),
    /// The host's delivery (e-mail, SMS) reported a failure; nothing was
    /// stored, so the request can simply be repeated.
    #[error("delivery failed: {0}")]
    DeliveryFailed(String),
    /// The file is damaged or was altered outside diary (a schema object
    /// that is not the library's own, a failed integrity check); it was
    /// not changed. Restore a backup, or repair what the message names.
    #[error("the diary file is damaged or was altered outside diary: {0}")]
    Corrupt(String),
    /// Another connection held the database lock for longer than the
    /// bounded wait (see docs/deployment.md); nothing was changed, so the
    /// call is safe to retry.
    #[error("the diary is busy (another process or thread holds its lock); nothing was changed, retry: {0}")]
    Busy(String),
    /// The file (or its folder) is read-only, or the diary was opened
    /// read-only; nothing was changed.
    #[error("the diary is read-only: {0}")]
    ReadOnly(String),
    /// The disk (or the process's file-size limit) is full; nothing was
    /// changed.
    #[error("the disk is full: {0}")]
    DiskFull(String),
    /// The operating system reported an I/O error reading or writing the
    /// file.
    #[error("I/O error: {0}")]
    IoError(String),
    /// The change-feed cursor cannot be continued from: the changes after
    /// it were pruned, or it is ahead of the feed (the file was restored
    /// from a backup). Read the current state again and continue from the
    /// feed's head (see docs/integration.md).
    #[error("resync needed: {0}")]
    ResyncNeeded(String),
}

/// Stable numeric code of an [`Error`] variant, shared with C and Python.
///
/// Values are append-only: a released number never changes meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(i32)]
pub enum ErrorCode {
    /// Success (only used across the C boundary).
    Ok = 0,
    /// [`Error::InvalidInput`].
    InvalidInput = 1,
    /// [`Error::NotFound`].
    NotFound = 2,
    /// [`Error::Conflict`].
    Conflict = 3,
    /// [`Error::AccessDenied`].
    AccessDenied = 4,
    /// [`Error::AuthenticationFailed`].
    AuthenticationFailed = 5,
    /// [`Error::Storage`].
    Storage = 6,
    /// [`Error::NotADiary`].
    NotADiary = 7,
    /// [`Error::VersionTooNew`].
    VersionTooNew = 8,
    /// [`Error::Internal`].
    Internal = 9,
    /// [`Error::DeliveryFailed`].
    DeliveryFailed = 10,
    /// [`Error::Corrupt`].
    Corrupt = 11,
    /// [`Error::Busy`].
    Busy = 12,
    /// [`Error::ReadOnly`].
    ReadOnly = 13,
    /// [`Error::DiskFull`].
    DiskFull = 14,
    /// [`Error::IoError`].
    IoError = 15,
    /// [`Error::ResyncNeeded`].
    ResyncNeeded = 16,
}

impl ErrorCode {
    /// Every code, in numeric order.
    pub const ALL: [ErrorCode; 17] = [
        ErrorCode::Ok,
        ErrorCode::InvalidInput,
        ErrorCode::NotFound,
        ErrorCode::Conflict,
        ErrorCode::AccessDenied,
        ErrorCode::AuthenticationFailed,
        ErrorCode::Storage,
        ErrorCode::NotADiary,
        ErrorCode::VersionTooNew,
        ErrorCode::Internal,
        ErrorCode::DeliveryFailed,
        ErrorCode::Corrupt,
        ErrorCode::Busy,
        ErrorCode::ReadOnly,
        ErrorCode::DiskFull,
        ErrorCode::IoError,
        ErrorCode::ResyncNeeded,
    ];

    /// Short stable name, e.g. `"not_found"`.
    pub fn name(self) -> &'static str {
        match self {
            ErrorCode::Ok => "ok",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Conflict => "conflict",
            ErrorCode::AccessDenied => "access_denied",
            ErrorCode::AuthenticationFailed => "authentication_failed",
            ErrorCode::Storage => "storage",
            ErrorCode::NotADiary => "not_a_diary",
            ErrorCode::VersionTooNew => "version_too_new",
            ErrorCode::Internal => "internal",
            ErrorCode::DeliveryFailed => "delivery_failed",
            ErrorCode::Corrupt => "corrupt",
            ErrorCode::Busy => "busy",
            ErrorCode::ReadOnly => "read_only",
            ErrorCode::DiskFull => "disk_full",
            ErrorCode::IoError => "io_error",
            ErrorCode::ResyncNeeded => "resync_needed",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Error {
    /// The stable code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::InvalidInput { .. } => ErrorCode::InvalidInput,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::Conflict(_) => ErrorCode::Conflict,
            Error::AccessDenied(_) => ErrorCode::AccessDenied,
            Error::AuthenticationFailed => ErrorCode::AuthenticationFailed,
            Error::Storage(_) => ErrorCode::Storage,
            Error::NotADiary(_) => ErrorCode::NotADiary,
            Error::VersionTooNew { .. } => ErrorCode::VersionTooNew,
            Error::Internal(_) => ErrorCode::Internal,
            Error::DeliveryFailed(_) => ErrorCode::DeliveryFailed,
            Error::Corrupt(_) => ErrorCode::Corrupt,
            Error::Busy(_) => ErrorCode::Busy,
            Error::ReadOnly(_) => ErrorCode::ReadOnly,
            Error::DiskFull(_) => ErrorCode::DiskFull,
            Error::IoError(_) => ErrorCode::IoError,
            Error::ResyncNeeded(_) => ErrorCode::ResyncNeeded,
        }
    }

    /// The field at fault, for [`Error::InvalidInput`].
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::InvalidInput { field, .. } => Some(field),
            _ => None,
        }
    }

    /// Shorthand for [`Error::InvalidInput`].
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::InvalidInput {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// The same error with an invalid field named inside `part` ("value"
    /// becomes "mark.value"), for an argument that is a record of fields.
    /// Other errors, and fields already named inside `part`, are unchanged.
    pub fn within(self, part: &str) -> Self {
        match self {
            Error::InvalidInput { field, reason }
                if field != part && !field.starts_with(&format!("{part}.")) =>
            {
                Error::InvalidInput {
                    field: format!("{part}.{field}"),
                    reason,
                }
            }
            other => other,
        }
    }

    /// Shorthand for [`Error::NotFound`].
    pub fn not_found(entity: &'static str, id: impl fmt::Display) -> Self {
        Error::NotFound {
            entity,
            id: id.to_string(),
        }
    }

    /// Shorthand for [`Error::AccessDenied`].
    pub fn denied(reason: impl Into<String>) -> Self {
        Error::AccessDenied(reason.into())
    }
}

impl Error {
    /// Whether the call may simply be repeated: the database was busy.
    pub fn is_retryable(&self) -> bool {
        matches!(self, Error::Busy(_))
    }
}

impl From<rusqlite::Error> for Error {
    /// SQLite's result codes become the kinds a host can act on: busy
    /// (retry), read-only, disk full, corrupt, I/O error; anything else is a
    /// storage error.
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode as C;
        let text = e.to_string();
        match e.sqlite_error_code() {
            Some(C::DatabaseBusy | C::DatabaseLocked) => Error::Busy(text),
            Some(C::ReadOnly) => Error::ReadOnly(text),
            Some(C::DiskFull) => Error::DiskFull(text),
            Some(C::DatabaseCorrupt | C::NotADatabase) => Error::Corrupt(text),
            Some(C::SystemIoFailure | C::CannotOpen) => Error::IoError(text),
            _ => Error::Storage(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_dense_and_ordered() {
        for (i, code) in ErrorCode::ALL.iter().enumerate() {
            assert_eq!(*code as i32, i as i32, "{code}");
        }
    }

    #[test]
    fn each_variant_maps_to_its_code() {
        let cases = [
            (Error::invalid("surname", "empty"), ErrorCode::InvalidInput),
            (Error::not_found("school", 3), ErrorCode::NotFound),
            (Error::Conflict("x".into()), ErrorCode::Conflict),
            (Error::denied("x"), ErrorCode::AccessDenied),
            (Error::AuthenticationFailed, ErrorCode::AuthenticationFailed),
            (Error::Storage("x".into()), ErrorCode::Storage),
            (Error::NotADiary("x".into()), ErrorCode::NotADiary),
            (
                Error::VersionTooNew {
                    found: 9,
                    supported: 1,
                },
                ErrorCode::VersionTooNew,
            ),
            (Error::Internal("x".into()), ErrorCode::Internal),
            (Error::DeliveryFailed("x".into()), ErrorCode::DeliveryFailed),
            (Error::Corrupt("x".into()), ErrorCode::Corrupt),
            (Error::Busy("x".into()), ErrorCode::Busy),
            (Error::ReadOnly("x".into()), ErrorCode::ReadOnly),
            (Error::DiskFull("x".into()), ErrorCode::DiskFull),
            (Error::IoError("x".into()), ErrorCode::IoError),
            (Error::ResyncNeeded("x".into()), ErrorCode::ResyncNeeded),
        ];
        for (err, code) in cases {
            assert_eq!(err.code(), code);
        }
        assert_eq!(
            Error::invalid("surname", "must not be empty").to_string(),
            "invalid surname: must not be empty"
        );
    }
}
