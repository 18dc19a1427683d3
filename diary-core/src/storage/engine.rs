//! The database a diary handle holds — an SQLite connection, or a
//! PostgreSQL session — and its transactions.
//!
//! Both engines give a call the same guarantees:
//! - a write runs alone among the writers of the database, from its first
//!   statement to its commit (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: a
//!   transaction-scoped advisory lock taken first, then every statement
//!   sees every earlier commit), waiting for the lock up to the calling
//!   thread's deadline and failing with [`Error::Busy`] after it;
//! - the access-log entries of reads are appended by school: on
//!   PostgreSQL, appenders to different schools' chains run at the same
//!   time (each holds the database's lock shared and its chains' locks
//!   alone), and wait only for appenders to the same chain and for
//!   writers; on SQLite they take turns like writes;
//! - a read runs in one consistent snapshot, takes no write lock and is
//!   never refused because someone else writes (SQLite: a deferred
//!   transaction in WAL mode; PostgreSQL: `REPEATABLE READ`);
//! - a settled read (an anchor of the log) waits until no append is
//!   under way, so that every entry up to the newest it sees is committed;
//! - an error rolls the whole call back.

use super::db::Db;
#[cfg(feature = "postgres")]
use super::db::PgConn;
use crate::error::{Error, Result};
use rusqlite::{Connection, TransactionBehavior};

/// The database a handle works on.
#[derive(Debug)]
pub(crate) enum Engine {
    /// An embedded SQLite file (or memory database).
    Sqlite(Connection),
    /// A PostgreSQL database, and the keys of its diary's locks.
    #[cfg(feature = "postgres")]
    Postgres(Box<PgConn>, Locks),
}

/// The keys of the advisory locks a diary on PostgreSQL takes. Advisory
/// locks belong to the database, and a database may hold several diaries
/// in schemas of their own, which must not wait for each other: so each
/// key carries the diary's schema (its oid, in the high 32 bits) and what
/// it locks in the low ones.
#[cfg(feature = "postgres")]
#[derive(Debug, Clone, Copy)]
pub(crate) struct Locks {
    schema: i64,
}

#[cfg(feature = "postgres")]
impl Locks {
    /// The locks of the diary in the schema with this oid.
    pub(crate) fn of_schema(oid: u32) -> Locks {
        Locks {
            schema: i64::from(oid & 0x7fff_ffff) << 32,
        }
    }

    /// The lock writers take in turn, alone: one writer at a time per
    /// diary, as on SQLite. Appenders to the access log hold it shared.
    pub(crate) fn write(self) -> i64 {
        self.schema | 0x8000_0000
    }

    /// The lock of one chain of the access log (a school's, 0 for entries
    /// of no school), which its appenders take alone. A school id above
    /// 2³¹ is folded into 31 bits: two schools that fold alike share a
    /// lock, which costs waiting, never correctness.
    pub(crate) fn chain(self, chain: i64) -> i64 {
        self.schema | ((chain ^ (chain >> 31)) & 0x7fff_ffff)
    }
}

/// What a transaction is for, which decides the locks it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Purpose<'a> {
    /// A consistent snapshot, no lock.
    Read,
    /// A write: alone among writers and appenders.
    Write,
    /// Appending access-log entries to these chains (school ids, 0 for
    /// entries of no school; in any order, repeats allowed: each lock is
    /// taken once, in key order).
    Append(&'a [i64]),
    /// A read that starts once no append is under way, and none starts
    /// before it ends.
    Settled,
}

impl Engine {
    /// The handle as storage functions take it, outside a transaction
    /// (each statement on its own).
    pub(crate) fn db(&self) -> Db<'_> {
        match self {
            Engine::Sqlite(c) => Db::Sqlite(c),
            #[cfg(feature = "postgres")]
            Engine::Postgres(c, _) => Db::Postgres(c),
        }
    }

    /// The SQLite connection, for what only an SQLite file has (online
    /// backup); refused on PostgreSQL, whose backups are the server's.
    pub(crate) fn sqlite(&self, what: &str) -> Result<&Connection> {
        match self {
            Engine::Sqlite(c) => {
                let _ = what;
                Ok(c)
            }
            #[cfg(feature = "postgres")]
            Engine::Postgres(..) => Err(Error::invalid(
                "backend",
                format!("{what} is for SQLite files; on PostgreSQL use the server's own tools"),
            )),
        }
    }

    /// Starts a transaction for `purpose`.
    pub(crate) fn begin(&mut self, purpose: Purpose<'_>) -> Result<Tx<'_>> {
        match self {
            Engine::Sqlite(c) => {
                // One writer at a time: appending takes the write lock too,
                // and a settled read needs no lock (commits are in order).
                let behavior = match purpose {
                    Purpose::Write | Purpose::Append(_) => TransactionBehavior::Immediate,
                    Purpose::Read | Purpose::Settled => TransactionBehavior::Deferred,
                };
                Ok(Tx(Open::Sqlite(Some(
                    c.transaction_with_behavior(behavior)?,
                ))))
            }
            #[cfg(feature = "postgres")]
            Engine::Postgres(c, locks) => {
                let locks = *locks;
                if purpose == Purpose::Read {
                    Db::Postgres(c).execute_batch("BEGIN ISOLATION LEVEL REPEATABLE READ")?;
                    return Ok(Tx(Open::Postgres {
                        conn: c,
                        open: true,
                    }));
                }
                // Read committed: each statement sees every commit made
                // before it, so whoever takes a lock after another sees that
                // one's work. The transaction is rolled back if a lock is
                // not had by the deadline.
                let wait = super::busy::deadline()
                    .saturating_duration_since(std::time::Instant::now())
                    .as_millis()
                    .max(1);
                let tx = Tx(Open::Postgres {
                    conn: c,
                    open: true,
                });
                let mut sql = format!(
                    "BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL lock_timeout = {wait};"
                );
                match purpose {
                    Purpose::Append(chains) => {
                        let write = locks.write();
                        sql += &format!("SELECT pg_advisory_xact_lock_shared({write});");
                        let mut keys: Vec<i64> = chains.iter().map(|&c| locks.chain(c)).collect();
                        keys.sort_unstable();
                        keys.dedup();
                        for key in keys {
                            sql += &format!("SELECT pg_advisory_xact_lock({key});");
                        }
                    }
                    _ => sql += &format!("SELECT pg_advisory_xact_lock({});", locks.write()),
                }
                tx.db()
                    .execute_batch(&sql)
                    .map_err(|e| match Error::from(e) {
                        Error::Busy(m) => Error::Busy(format!(
                            "another connection is writing to the database: {m}"
                        )),
                        other => other,
                    })?;
                Ok(tx)
            }
        }
    }

    /// The schema version of the database.
    pub(crate) fn schema_version(&self) -> Result<i64> {
        match self {
            Engine::Sqlite(c) => Ok(c.query_row("PRAGMA user_version", [], |r| r.get(0))?),
            #[cfg(feature = "postgres")]
            Engine::Postgres(c, _) => {
                Ok(Db::Postgres(c)
                    .query_row("SELECT version FROM diary_schema", (), |r| r.get(0))?)
            }
        }
    }

    /// An I/O error that is a full disk says so (SQLite only; the server
    /// reports its own).
    pub(crate) fn refine(&self, e: Error) -> Error {
        match self {
            Engine::Sqlite(c) => super::refine_io_error(c, e),
            #[cfg(feature = "postgres")]
            Engine::Postgres(..) => e,
        }
    }
}

/// An open transaction; rolled back when dropped without [`Tx::commit`].
pub(crate) struct Tx<'e>(Open<'e>);

enum Open<'e> {
    /// `None` once committed.
    Sqlite(Option<rusqlite::Transaction<'e>>),
    #[cfg(feature = "postgres")]
    Postgres { conn: &'e PgConn, open: bool },
}

impl Tx<'_> {
    /// The transaction as storage functions take it.
    pub(crate) fn db(&self) -> Db<'_> {
        match &self.0 {
            Open::Sqlite(Some(t)) => Db::Sqlite(t),
            Open::Sqlite(None) => unreachable!("a committed transaction is consumed"),
            #[cfg(feature = "postgres")]
            Open::Postgres { conn, .. } => Db::Postgres(conn),
        }
    }

    /// Commits.
    pub(crate) fn commit(mut self) -> Result<()> {
        match &mut self.0 {
            Open::Sqlite(t) => match t.take() {
                Some(t) => Ok(t.commit()?),
                None => Ok(()),
            },
            #[cfg(feature = "postgres")]
            Open::Postgres { conn, open } => {
                *open = false;
                Ok(Db::Postgres(conn).execute_batch("COMMIT")?)
            }
        }
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        // SQLite's transaction rolls back when dropped.
        #[cfg(feature = "postgres")]
        if let Open::Postgres { conn, open: true } = &self.0 {
            // A failed rollback leaves the session unusable, which the next
            // statement reports; nothing is committed either way.
            let _ = Db::Postgres(conn).execute_batch("ROLLBACK");
        }
    }
}

/// Opens a PostgreSQL database by its `postgresql://` URL and brings its
/// schema up to date (see `storage::postgres::migrate`).
#[cfg(feature = "postgres")]
pub(crate) fn open_postgres(url: &str, mode: super::OpenMode) -> Result<Engine> {
    let config: postgres::Config = url
        .parse()
        .map_err(|e| Error::invalid("url", format!("not a PostgreSQL URL: {e}")))?;
    check_config(&config)?;
    let mut client = config
        .connect(postgres::NoTls)
        .map_err(super::postgres::error)?;
    named_schema(&mut client, mode)?;
    super::postgres::migrate(&mut client, mode)?;
    if mode == super::OpenMode::ReadOnly {
        client
            .batch_execute("SET default_transaction_read_only = on")
            .map_err(super::postgres::error)?;
    }
    let oid: u32 = client
        .query_one(
            "SELECT oid FROM pg_namespace WHERE nspname = current_schema()",
            &[],
        )
        .map_err(super::postgres::error)?
        .get(0);
    Ok(Engine::Postgres(
        Box::new(PgConn::new(client)),
        Locks::of_schema(oid),
    ))
}

/// Refuses, before any connection, a URL that names no server or holds
/// characters no setting may: the driver would fail on it as if the
/// network had (`IoError`), and the caller's mistake is the URL.
#[cfg(feature = "postgres")]
fn check_config(config: &postgres::Config) -> Result<()> {
    use postgres::config::Host;
    if config.get_hosts().is_empty() && config.get_hostaddrs().is_empty() {
        return Err(Error::invalid(
            "url",
            "names no server: give a host, e.g. postgresql://diary@localhost/region \
             or postgresql://diary@localhost/region?host=/run/postgresql",
        ));
    }
    let hosts = config.get_hosts().iter().map(|h| match h {
        Host::Tcp(name) => name.clone(),
        Host::Unix(path) => path.to_string_lossy().into_owned(),
    });
    let settings = [
        config.get_user(),
        config.get_dbname(),
        config.get_options(),
        config.get_application_name(),
    ];
    for value in hosts.chain(settings.into_iter().flatten().map(str::to_owned)) {
        crate::text::single_line_alphabet("url", &value)?;
    }
    Ok(())
}

/// A diary may live in a schema of its own (one database, several diaries):
/// the URL names it with `options=-c search_path=NAME`. When that schema
/// does not exist yet, it is created, as a new file is (in the create mode;
/// in the others it is `NotADiary`).
#[cfg(feature = "postgres")]
fn named_schema(client: &mut postgres::Client, mode: super::OpenMode) -> Result<()> {
    let error = super::postgres::error;
    let current: Option<String> = client
        .query_one("SELECT current_schema()", &[])
        .map_err(error)?
        .get(0);
    if current.is_some() {
        return Ok(());
    }
    let path: String = client
        .query_one("SELECT current_setting('search_path')", &[])
        .map_err(error)?
        .get(0);
    let Some(name) = path
        .split(',')
        .map(|s| s.trim().trim_matches('"'))
        .find(|s| !s.is_empty() && *s != "$user")
    else {
        return Err(Error::invalid(
            "url",
            "the URL's search_path names no schema to keep the diary in",
        ));
    };
    if mode != super::OpenMode::Create {
        return Err(Error::NotADiary(format!(
            "the URL's schema {name:?} does not exist; open it with the create mode to make a new diary"
        )));
    }
    let quoted = format!("\"{}\"", name.replace('"', "\"\""));
    client
        .batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS {quoted}"))
        .map_err(error)
}

/// Whether `path` names a PostgreSQL database rather than a file.
pub(crate) fn is_postgres_url(path: &std::path::Path) -> bool {
    path.to_str()
        .is_some_and(|p| p.starts_with("postgresql://") || p.starts_with("postgres://"))
}
