//! Opening a diary file: recognise it, configure the connection, migrate.

use super::{migrations, Durability, APPLICATION_ID};
use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::io::Read;
use std::path::Path;

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Opens the diary file at `path` in `mode`. A file that is not a diary
/// database is refused before anything is written to it.
pub(crate) fn open_file(
    path: &Path,
    durability: Durability,
    mode: OpenMode,
    key: Option<&str>,
) -> Result<Connection> {
    if let Some(key) = key {
        check_key(key)?;
    }
    let size = check_header(path, key.is_some())?;
    if mode != OpenMode::Create && size.is_none_or(|n| n == 0) {
        return Err(Error::NotADiary(format!(
            "{} {}; open it with the create mode to make a new diary",
            path.display(),
            if size.is_none() {
                "does not exist"
            } else {
                "is empty"
            }
        )));
    }
    let flags = match mode {
        OpenMode::ReadOnly => OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        OpenMode::Existing => OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        OpenMode::Create => {
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
        }
    };
    let mut conn = Connection::open_with_flags(path, flags).map_err(|e| match Error::from(e) {
        Error::ReadOnly(m) => Error::ReadOnly(format!(
            "cannot open {} for writing: {m}; open it read-only",
            path.display()
        )),
        other => other,
    })?;
    conn.busy_handler(Some(super::busy::handler))?;
    if let Some(key) = key {
        apply_key(&conn, key)?;
        recognise(&conn).map_err(|e| match e {
            Error::NotADiary(_) => Error::NotADiary(format!(
                "{}: the key does not open it, or it is not a diary",
                path.display()
            )),
            e => e,
        })?;
    } else {
        recognise(&conn)?;
    }
    if mode == OpenMode::ReadOnly {
        configure_read_only(&conn)?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version < migrations::LATEST_VERSION {
            return Err(Error::ReadOnly(format!(
                "the file has schema version {version} and must be upgraded to {}, which needs write access",
                migrations::LATEST_VERSION
            )));
        }
    } else {
        configure(&conn, durability, true)?;
        migrations::migrate(&conn)?;
    }
    super::schema::check(super::Db::Sqlite(&conn))?;
    Ok(conn)
}

/// How a diary file is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OpenMode {
    /// Open an existing diary, or create a new one when the path does not
    /// exist or is an empty file (the default of `Diary::open`).
    #[default]
    Create,
    /// Open an existing diary only: a missing or empty file is refused
    /// (`NotADiary`) instead of becoming a new, empty diary.
    Existing,
    /// Open an existing, up-to-date diary for reading only (a read-only
    /// file or folder, a backup). Nothing is written: changes are refused
    /// with `ReadOnly`, and so are reads of children's data, which must be
    /// logged; structure, the access log's verification and backups work.
    ReadOnly,
}

/// Settings of a read-only connection: no WAL switch (a write), only the
/// pragmas that write nothing.
fn configure_read_only(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "PRAGMA foreign_keys=ON;
         PRAGMA trusted_schema=OFF;
         PRAGMA cache_size=-65536;
         PRAGMA query_only=ON;",
    )?;
    plan_once(conn)
}

/// Statements are planned once and kept: with the query planner's
/// stability guarantee on, a prepared statement is not recompiled when new
/// values are bound (SQLite 3.54 otherwise re-plans any statement whose
/// parameters its planner looked at — every quarter diary's and every
/// membership query's, on every call, a third of a read's time). The plans
/// do not depend on the values: every query is by index on ids and days.
/// The cache holds every statement the diary prepares, so none is evicted
/// and parsed again between calls.
fn plan_once(conn: &Connection) -> Result<()> {
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    Ok(())
}

/// How many prepared statements a connection keeps (the diary prepares
/// fewer than this many distinct ones).
const STATEMENT_CACHE: usize = 512;

/// Opens a diary file for the operator's schema repair: recognised and
/// migrated, but not refused for a schema that differs.
pub(crate) fn open_for_repair(path: &Path) -> Result<Connection> {
    if !path.exists() {
        return Err(Error::NotADiary(format!(
            "{} does not exist",
            path.display()
        )));
    }
    check_header(path, false)?;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| Error::Storage(format!("cannot open {}: {e}", path.display())))?;
    let mut conn = conn;
    conn.busy_handler(Some(super::busy::handler))?;
    recognise(&conn)?;
    configure(&conn, Durability::Full, true)?;
    migrations::migrate(&conn)?;
    Ok(conn)
}

/// Opens a private in-memory diary.
pub(crate) fn open_memory() -> Result<Connection> {
    let conn = Connection::open_in_memory()?;
    configure(&conn, Durability::Normal, false)?;
    migrations::migrate(&conn)?;
    Ok(conn)
}

/// Refuses a non-empty file that does not start with SQLite's header,
/// without letting SQLite touch it. Returns the file's size, `None` when it
/// does not exist.
fn check_header(path: &Path, encrypted: bool) -> Result<Option<u64>> {
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Error::IoError(format!(
                "cannot read {}: {e}",
                path.display()
            )))
        }
    };
    let size = file
        .metadata()
        .map_err(|e| Error::IoError(format!("cannot read {}: {e}", path.display())))?
        .len();
    let mut head = Vec::with_capacity(16);
    file.by_ref()
        .take(16)
        .read_to_end(&mut head)
        .map_err(|e| Error::IoError(format!("cannot read {}: {e}", path.display())))?;
    // An encrypted file's first bytes are ciphertext: the key decides.
    if head.is_empty() || head == SQLITE_HEADER || encrypted {
        Ok(Some(size))
    } else {
        Err(Error::NotADiary(format!(
            "{} is not an SQLite database (an encrypted diary needs its key)",
            path.display()
        )))
    }
}

/// An encryption key held for later use (backups), never printed.
#[derive(Clone)]
pub(crate) struct Key(pub String);

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(<set>)")
    }
}

/// Longest key accepted.
const MAX_KEY: usize = 1024;

/// Checks a key and that this build can encrypt, before any file is
/// touched: a build without SQLCipher refuses a key rather than ignoring
/// it (plain SQLite silently accepts `PRAGMA key` and writes clear text).
fn check_key(key: &str) -> Result<()> {
    if key.is_empty() || key.len() > MAX_KEY || key.contains('\0') {
        return Err(Error::invalid(
            "key",
            format!("a key has 1 to {MAX_KEY} bytes and no NUL"),
        ));
    }
    let probe = Connection::open_in_memory()?;
    let cipher: Option<String> = probe
        .query_row("PRAGMA cipher_version", [], |r| r.get(0))
        .optional()?;
    if cipher.is_none() {
        return Err(Error::invalid(
            "key",
            "this build has no encryption at rest: build diary-core with the sqlcipher feature",
        ));
    }
    Ok(())
}

/// Gives a connection its encryption key (SQLCipher) before anything is
/// read from it.
pub(crate) fn apply_key(conn: &Connection, key: &str) -> Result<()> {
    check_key(key)?;
    conn.pragma_update(None, "key", key)?;
    Ok(())
}

/// Reads (without writing) whether the database is a diary, an empty file or
/// something else, and whether its version is one this build understands.
fn recognise(conn: &Connection) -> Result<()> {
    let not_db = |e: rusqlite::Error| Error::NotADiary(format!("unreadable database: {e}"));
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(not_db)?;
    let objects: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
        .map_err(not_db)?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    match app_id {
        APPLICATION_ID if version > migrations::LATEST_VERSION => Err(Error::VersionTooNew {
            found: version,
            supported: migrations::LATEST_VERSION,
        }),
        APPLICATION_ID => Ok(()),
        0 if objects == 0 && version == 0 => Ok(()),
        _ => Err(Error::NotADiary(
            "the file is an SQLite database of another application".into(),
        )),
    }
}

/// The one place where connection settings are made.
fn configure(conn: &Connection, durability: Durability, wal: bool) -> Result<()> {
    if wal {
        let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(Error::Storage(format!(
                "could not switch to WAL mode (got {mode})"
            )));
        }
    }
    let sync = match durability {
        Durability::Normal => "NORMAL",
        Durability::Full => "FULL",
    };
    conn.execute_batch(&format!(
        "PRAGMA synchronous={sync};
         PRAGMA foreign_keys=ON;
         PRAGMA trusted_schema=OFF;
         PRAGMA cache_size=-65536;"
    ))?;
    plan_once(conn)
}
