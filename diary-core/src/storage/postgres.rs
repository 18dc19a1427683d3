//! The PostgreSQL backend (issue 20), under construction: the schema's
//! versions and the engine's errors, in the kinds the SQLite backend gives.
//! The library's SQL does not run on PostgreSQL yet (docs/scale-out.md);
//! what is here is tested against a real server.

use super::migrations::LATEST_VERSION;
use super::{OpenMode, APPLICATION_ID};
use crate::error::{Error, Result};
use postgres::error::SqlState;
use postgres::Client;

/// The schema at the SQLite schema's version [`BASELINE`].
const SCHEMA: &str = include_str!("postgres/schema.sql");

/// The version `schema.sql` stands for. The first PostgreSQL schema is
/// the SQLite schema of this version.
const BASELINE: i64 = 37;

/// The migrations after [`BASELINE`], one per version, in the same order
/// and with the same meaning as SQLite's (a test keeps the counts equal).
const STEPS: &[&str] = &[
    include_str!("postgres/0038_access_log_by_school.sql"),
    include_str!("postgres/0039_access_log_ids_by_sequence.sql"),
    include_str!("postgres/0040_school_day_by_school.sql"),
    include_str!("postgres/0041_school_year_by_school.sql"),
    include_str!("postgres/0042_school_data_by_school.sql"),
];

/// The latest schema as one script: `schema.sql` and every later step.
#[cfg(test)]
pub(crate) fn latest_schema() -> String {
    STEPS
        .iter()
        .fold(SCHEMA.to_owned(), |all, step| all + "\n" + step)
}

/// The key of the advisory lock that makes concurrent migrations of one
/// database wait for each other (the application id, as on SQLite).
const MIGRATION_LOCK: i64 = APPLICATION_ID as i64;

/// Brings the connection's current schema to [`LATEST_VERSION`] in one
/// transaction, or refuses: a schema of a newer version
/// ([`Error::VersionTooNew`]), or one that holds tables but is not a
/// diary's ([`Error::NotADiary`]) is left untouched. Processes that
/// migrate one database at once wait for each other and all succeed.
pub(crate) fn migrate(client: &mut Client, mode: OpenMode) -> Result<()> {
    migrate_to(client, mode, LATEST_VERSION)
}

/// [`migrate`], up to version `target` only (tests build older schemas).
fn migrate_to(client: &mut Client, mode: OpenMode, target: i64) -> Result<()> {
    let mut tx = client.transaction().map_err(error)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .map_err(error)?;
    // Read after the lock: a process that held it may have migrated.
    let marked: bool = tx
        .query_one(
            "SELECT to_regclass(format('%I.diary_schema', current_schema())) IS NOT NULL",
            &[],
        )
        .map_err(error)?
        .get(0);
    let current: i64 = if marked {
        let row = tx
            .query_one("SELECT application_id, version FROM diary_schema", &[])
            .map_err(error)?;
        let (app, version): (i64, i64) = (row.get(0), row.get(1));
        if app != i64::from(APPLICATION_ID) {
            return Err(Error::NotADiary(format!(
                "the schema's application id is {app:#x}, not diary's"
            )));
        }
        version
    } else {
        let tables: i64 = tx
            .query_one(
                "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()",
                &[],
            )
            .map_err(error)?
            .get(0);
        if tables > 0 {
            return Err(Error::NotADiary(format!(
                "the schema holds {tables} tables and no diary_schema; nothing was changed"
            )));
        }
        0
    };
    if current > LATEST_VERSION {
        return Err(Error::VersionTooNew {
            found: current,
            supported: LATEST_VERSION,
        });
    }
    if current == 0 && mode != OpenMode::Create {
        return Err(Error::NotADiary(
            "the schema holds no diary; open it with the create mode to make a new diary".into(),
        ));
    }
    if current >= target {
        return Ok(());
    }
    if mode == OpenMode::ReadOnly {
        return Err(Error::ReadOnly(format!(
            "the schema has version {current} and must be upgraded to {LATEST_VERSION}, which needs write access"
        )));
    }
    if current == 0 {
        tx.batch_execute(SCHEMA).map_err(error)?;
        tx.batch_execute(
            "CREATE TABLE diary_schema (
                 id             integer PRIMARY KEY CHECK (id = 1),
                 application_id bigint  NOT NULL,
                 version        bigint  NOT NULL
             )",
        )
        .map_err(error)?;
        tx.execute(
            "INSERT INTO diary_schema VALUES (1, $1, $2)",
            &[&i64::from(APPLICATION_ID), &BASELINE],
        )
        .map_err(error)?;
    } else if current < BASELINE {
        return Err(Error::Corrupt(format!(
            "schema version {current} predates the first PostgreSQL schema ({BASELINE})"
        )));
    }
    let step_of = |version: i64| usize::try_from(version - BASELINE).unwrap_or(usize::MAX);
    let steps = STEPS
        .get(step_of(current.max(BASELINE))..step_of(target))
        .unwrap_or_default();
    for step in steps {
        tx.batch_execute(step).map_err(error)?;
    }
    tx.execute("UPDATE diary_schema SET version = $1", &[&target])
        .map_err(error)?;
    tx.commit().map_err(error)?;
    Ok(())
}

/// PostgreSQL's errors in the kinds the SQLite backend gives for the same
/// situation: a transaction that lost a race (serialization failure,
/// deadlock, a lock not granted, too many connections) is
/// [`Error::Busy`], safe to retry; a read-only server or transaction is
/// [`Error::ReadOnly`]; a full disk [`Error::DiskFull`]; a lost connection
/// [`Error::IoError`]; damaged data [`Error::Corrupt`]; a duplicate that
/// the library did not catch first [`Error::Conflict`]; anything else
/// [`Error::Storage`].
pub(crate) fn error(e: impl std::borrow::Borrow<postgres::Error>) -> Error {
    let e = e.borrow();
    // postgres::Error shows only "db error"; the server's words are in
    // its DbError.
    let text = match e.as_db_error() {
        Some(db) => format!(
            "PostgreSQL {}: {}{}",
            db.code().code(),
            db.message(),
            db.detail().map(|d| format!(" ({d})")).unwrap_or_default()
        ),
        None => match std::error::Error::source(e) {
            Some(cause) => format!("{e}: {cause}"),
            None => e.to_string(),
        },
    };
    let Some(code) = e.code() else {
        // The driver's own failures: a value that would not convert to or
        // from the server's type is the data's fault, not the network's.
        let display = e.to_string();
        return if e.is_closed() {
            Error::IoError(format!("the connection to PostgreSQL is closed: {text}"))
        } else if display.starts_with("error serializing")
            || display.starts_with("error deserializing")
        {
            Error::Storage(text)
        } else {
            Error::IoError(text)
        };
    };
    let class = &code.code()[..2];
    if *code == SqlState::T_R_SERIALIZATION_FAILURE
        || *code == SqlState::T_R_DEADLOCK_DETECTED
        || *code == SqlState::LOCK_NOT_AVAILABLE
        || *code == SqlState::TOO_MANY_CONNECTIONS
        || *code == SqlState::CANNOT_CONNECT_NOW
    {
        Error::Busy(text)
    } else if *code == SqlState::READ_ONLY_SQL_TRANSACTION {
        Error::ReadOnly(text)
    } else if *code == SqlState::DISK_FULL {
        Error::DiskFull(text)
    } else if *code == SqlState::UNIQUE_VIOLATION || *code == SqlState::EXCLUSION_VIOLATION {
        Error::Conflict(text)
    } else if *code == SqlState::DATA_CORRUPTED || *code == SqlState::INDEX_CORRUPTED {
        Error::Corrupt(text)
    } else if class == "08"
        || *code == SqlState::ADMIN_SHUTDOWN
        || *code == SqlState::CRASH_SHUTDOWN
    {
        Error::IoError(text)
    } else {
        Error::Storage(text)
    }
}

#[cfg(test)]
pub(crate) mod scratch;
#[cfg(test)]
mod tests;
