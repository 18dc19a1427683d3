//! The database interface every storage function is written against.
//!
//! Storage functions take a [`Db`] — a handle on the current transaction —
//! and talk to it in a small vocabulary: prepare a statement (kept in the
//! connection's cache), run it with [`Params`], read [`Row`]s with
//! [`Row::get`]. Engine errors arrive as [`DbError`], which becomes the
//! crate's [`Error`] at the storage boundary with the same kinds as before
//! (busy, read-only, disk full, corrupt, I/O, conflict).
//!
//! Two engines stand behind it: the embedded SQLite file, and PostgreSQL
//! (the `postgres` feature, [`postgres`]), where the same statement text
//! runs with its `?N` placeholders renumbered as `$N`. Values keep SQLite's
//! representation in Rust — days as Julian day numbers or ISO text,
//! instants as Unix seconds, flags as 0/1 — and the PostgreSQL arm converts
//! them to and from the server's declared types (`date`, `timestamptz`,
//! `bigint`, `numeric`, `jsonb`) at the boundary, so storage code does not
//! change by engine (docs/scale-out.md, "How the library's SQL is to run on
//! both engines"). What only one engine has (opening, migrations, backups,
//! `PRAGMA`s) stays outside it, in the engine's own files.

use crate::error::Error;

#[cfg(feature = "postgres")]
pub(crate) mod postgres;
#[cfg(feature = "postgres")]
pub(crate) use postgres::PgConn;

/// The result of a call on the database.
pub(crate) type DbResult<T> = std::result::Result<T, DbError>;

/// What a call on the database can fail with.
#[derive(Debug)]
pub(crate) enum DbError {
    /// The engine refused or failed.
    Sqlite(rusqlite::Error),
    /// The PostgreSQL server refused or failed.
    #[cfg(feature = "postgres")]
    Postgres(::postgres::Error),
    /// A one-row query found no row.
    NoRows,
    /// Mapping a row failed with the diary's own error (a stored value that
    /// does not decode).
    Diary(Error),
}

impl DbError {
    /// A uniqueness (or primary-key) violation.
    pub(crate) fn is_unique_violation(&self) -> bool {
        match self {
            DbError::Sqlite(rusqlite::Error::SqliteFailure(f, _)) => {
                f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                    || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
            }
            #[cfg(feature = "postgres")]
            DbError::Postgres(e) => {
                e.code() == Some(&::postgres::error::SqlState::UNIQUE_VIOLATION)
            }
            _ => false,
        }
    }

    /// A stored value in column `column` that does not decode.
    pub(crate) fn undecodable(column: usize, e: impl std::fmt::Display) -> DbError {
        DbError::Diary(Error::Storage(format!(
            "column {column} holds a value that does not decode: {e}"
        )))
    }
}

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DbError::Sqlite(e) => e.fmt(f),
            #[cfg(feature = "postgres")]
            DbError::Postgres(e) => postgres::error_kind(e).fmt(f),
            DbError::NoRows => rusqlite::Error::QueryReturnedNoRows.fmt(f),
            DbError::Diary(e) => e.fmt(f),
        }
    }
}

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> Self {
        match e {
            rusqlite::Error::QueryReturnedNoRows => DbError::NoRows,
            e => DbError::Sqlite(e),
        }
    }
}

impl From<Error> for DbError {
    fn from(e: Error) -> Self {
        DbError::Diary(e)
    }
}

impl From<DbError> for Error {
    /// The engine's codes become the kinds a host acts on (see
    /// `From<rusqlite::Error> for Error`).
    fn from(e: DbError) -> Self {
        match e {
            DbError::Sqlite(e) => Error::from(e),
            #[cfg(feature = "postgres")]
            DbError::Postgres(e) => postgres::error_kind(&e),
            DbError::NoRows => Error::from(rusqlite::Error::QueryReturnedNoRows),
            DbError::Diary(e) => e,
        }
    }
}

/// `.optional()` on a one-row query: no row is `None`, not an error.
pub(crate) trait OptionalExtension<T> {
    /// `Ok(None)` in place of [`DbError::NoRows`].
    fn optional(self) -> DbResult<Option<T>>;
}

impl<T> OptionalExtension<T> for DbResult<T> {
    fn optional(self) -> DbResult<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(DbError::NoRows) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// A value that can be bound to a statement's parameter.
pub(crate) trait Param: rusqlite::ToSql {}

impl<T: rusqlite::ToSql + ?Sized> Param for T {}

/// A statement's parameters: `()`, an array of one type, or
/// [`params!`](crate::storage::db::params) of mixed types.
pub(crate) trait Params {
    /// Calls `f` with the parameters as the engine binds them.
    fn bind<R>(self, f: impl FnOnce(&[&dyn rusqlite::ToSql]) -> R) -> R;
}

impl Params for () {
    fn bind<R>(self, f: impl FnOnce(&[&dyn rusqlite::ToSql]) -> R) -> R {
        f(&[])
    }
}

impl<T: Param, const N: usize> Params for [T; N] {
    fn bind<R>(self, f: impl FnOnce(&[&dyn rusqlite::ToSql]) -> R) -> R {
        let refs: [&dyn rusqlite::ToSql; N] = std::array::from_fn(|i| &self[i] as _);
        f(&refs)
    }
}

impl<T: Param, const N: usize> Params for &[T; N] {
    fn bind<R>(self, f: impl FnOnce(&[&dyn rusqlite::ToSql]) -> R) -> R {
        let refs: [&dyn rusqlite::ToSql; N] = std::array::from_fn(|i| &self[i] as _);
        f(&refs)
    }
}

impl Params for &[&dyn Param] {
    fn bind<R>(self, f: impl FnOnce(&[&dyn rusqlite::ToSql]) -> R) -> R {
        let refs: Vec<&dyn rusqlite::ToSql> = self.iter().map(|p| *p as _).collect();
        f(&refs)
    }
}

/// The VALUES list of a multi-row statement: `rows` groups of `columns`
/// numbered placeholders, `(?1, ?2), (?3, ?4)`.
pub(crate) fn values_list(rows: usize, columns: usize) -> String {
    let group = |r: usize| {
        let slots: Vec<String> = (r * columns + 1..=(r + 1) * columns)
            .map(|n| format!("?{n}"))
            .collect();
        format!("({})", slots.join(", "))
    };
    (0..rows).map(group).collect::<Vec<_>>().join(", ")
}

/// How many of `left` rows the next multi-row statement writes: 16, 4 or
/// 1, so that a few prepared shapes write any number of rows in few
/// statements (each one round trip on PostgreSQL).
pub(crate) fn next_chunk(left: usize) -> usize {
    [16, 4, 1].into_iter().find(|&n| n <= left).unwrap_or(1)
}

/// Parameters of mixed types, in order: `params![school.0, name]`.
macro_rules! params {
    () => { () };
    ($($p:expr),+ $(,)?) => { [$(&$p as &dyn $crate::storage::db::Param),+] };
}
pub(crate) use params;

/// A value that can be read from a column: anything SQLite's driver reads
/// (the PostgreSQL arm hands it the value in SQLite's representation).
pub(crate) trait Column: rusqlite::types::FromSql {}

impl<T: rusqlite::types::FromSql> Column for T {}

/// A handle on the open transaction (or connection) that storage
/// functions run their statements on. Copied freely.
#[derive(Clone, Copy)]
pub(crate) enum Db<'c> {
    /// An embedded SQLite file (or memory database).
    Sqlite(&'c rusqlite::Connection),
    /// A PostgreSQL session.
    #[cfg(feature = "postgres")]
    Postgres(&'c PgConn),
}

impl std::fmt::Debug for Db<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Db::Sqlite(_) => f.write_str("Db::Sqlite"),
            #[cfg(feature = "postgres")]
            Db::Postgres(_) => f.write_str("Db::Postgres"),
        }
    }
}

impl<'c> Db<'c> {
    /// Prepares `sql` once per connection and keeps it for the next call.
    pub(crate) fn prepare_cached(self, sql: &str) -> DbResult<Statement<'c>> {
        match self {
            Db::Sqlite(c) => Ok(Statement(Prepared::Cached(c.prepare_cached(sql)?))),
            #[cfg(feature = "postgres")]
            Db::Postgres(c) => Ok(Statement(Prepared::Postgres(c.prepare(sql, true)?))),
        }
    }

    /// Prepares `sql` for this call only (text built at run time).
    pub(crate) fn prepare(self, sql: &str) -> DbResult<Statement<'c>> {
        match self {
            Db::Sqlite(c) => Ok(Statement(Prepared::Once(c.prepare(sql)?))),
            #[cfg(feature = "postgres")]
            Db::Postgres(c) => Ok(Statement(Prepared::Postgres(c.prepare(sql, false)?))),
        }
    }

    /// Runs a statement that returns no rows; the number of rows changed.
    pub(crate) fn execute(self, sql: &str, params: impl Params) -> DbResult<usize> {
        self.prepare_cached(sql)?.execute(params)
    }

    /// Runs statements separated by `;` without parameters.
    pub(crate) fn execute_batch(self, sql: &str) -> DbResult<()> {
        match self {
            Db::Sqlite(c) => Ok(c.execute_batch(sql)?),
            #[cfg(feature = "postgres")]
            Db::Postgres(c) => c.execute_batch(sql),
        }
    }

    /// The first row of `sql` (prepared for this call only), mapped by `f`;
    /// [`DbError::NoRows`] when there is none.
    pub(crate) fn query_row<T>(
        self,
        sql: &str,
        params: impl Params,
        f: impl FnOnce(&Row<'_>) -> DbResult<T>,
    ) -> DbResult<T> {
        self.prepare(sql)?.query_row(params, f)
    }

    /// [`Db::query_row`] with the statement prepared once per connection
    /// and kept: the diary asks the same few hundred questions over and
    /// over (who is this person, which schools are theirs).
    pub(crate) fn cached_row<T>(
        self,
        sql: &str,
        params: impl Params,
        f: impl FnOnce(&Row<'_>) -> DbResult<T>,
    ) -> DbResult<T> {
        self.prepare_cached(sql)?.query_row(params, f)
    }

    /// Whether this is an SQLite connection (for what only SQLite does,
    /// such as setting indexes aside during a load).
    pub(crate) fn is_sqlite(self) -> bool {
        matches!(self, Db::Sqlite(_))
    }

    /// A query of the integers in the JSON array bound to parameter `n`,
    /// one row each in column `value`: one statement for a list of any
    /// length.
    pub(crate) fn json_ids(self, n: usize) -> String {
        match self {
            Db::Sqlite(_) => format!("SELECT value FROM json_each(?{n})"),
            #[cfg(feature = "postgres")]
            Db::Postgres(_) => format!(
                "SELECT CAST(value AS BIGINT) AS value FROM jsonb_array_elements_text(CAST(?{n} AS jsonb))"
            ),
        }
    }

    /// The column that orders the rows of a table without a key of its own
    /// as they were inserted: SQLite's `rowid`; on PostgreSQL such tables
    /// have an identity column `id`.
    pub(crate) fn insertion_order(self) -> &'static str {
        match self {
            Db::Sqlite(_) => "rowid",
            #[cfg(feature = "postgres")]
            Db::Postgres(_) => "id",
        }
    }

    /// The id of the row the last `INSERT` on this connection made.
    pub(crate) fn last_insert_rowid(self) -> DbResult<i64> {
        match self {
            Db::Sqlite(c) => Ok(c.last_insert_rowid()),
            #[cfg(feature = "postgres")]
            Db::Postgres(c) => c.last_insert_id(),
        }
    }
}

enum Prepared<'c> {
    Cached(rusqlite::CachedStatement<'c>),
    Once(rusqlite::Statement<'c>),
    #[cfg(feature = "postgres")]
    Postgres(postgres::PgStatement<'c>),
}

/// A prepared statement.
pub(crate) struct Statement<'c>(Prepared<'c>);

impl<'c> Statement<'c> {
    /// Runs the statement; the number of rows changed.
    pub(crate) fn execute(&mut self, params: impl Params) -> DbResult<usize> {
        match &mut self.0 {
            Prepared::Cached(st) => Ok(params.bind(|p| st.execute(p))?),
            Prepared::Once(st) => Ok(params.bind(|p| st.execute(p))?),
            #[cfg(feature = "postgres")]
            Prepared::Postgres(st) => params.bind(|p| st.execute(p)),
        }
    }

    /// Binds parameter `i` (from 1) for [`Statement::execute_bound`]: a
    /// multi-row `INSERT` binds its rows one by one without collecting
    /// them.
    pub(crate) fn bind_at(&mut self, i: usize, value: &dyn Param) -> DbResult<()> {
        match &mut self.0 {
            Prepared::Cached(st) => Ok(st.raw_bind_parameter(i, value)?),
            Prepared::Once(st) => Ok(st.raw_bind_parameter(i, value)?),
            #[cfg(feature = "postgres")]
            Prepared::Postgres(st) => st.bind_at(i, value),
        }
    }

    /// Runs the statement with the parameters bound by [`Statement::bind_at`];
    /// the number of rows changed.
    pub(crate) fn execute_bound(&mut self) -> DbResult<usize> {
        match &mut self.0 {
            Prepared::Cached(st) => Ok(st.raw_execute()?),
            Prepared::Once(st) => Ok(st.raw_execute()?),
            #[cfg(feature = "postgres")]
            Prepared::Postgres(st) => st.execute_bound(),
        }
    }

    /// The first row, mapped by `f`; [`DbError::NoRows`] when there is none.
    pub(crate) fn query_row<T>(
        &mut self,
        params: impl Params,
        f: impl FnOnce(&Row<'_>) -> DbResult<T>,
    ) -> DbResult<T> {
        let mut rows = self.query(params)?;
        match rows.next()? {
            Some(r) => f(&r),
            None => Err(DbError::NoRows),
        }
    }

    /// The rows, each mapped by `f` as the iterator is advanced.
    pub(crate) fn query_map<T, F: FnMut(&Row<'_>) -> DbResult<T>>(
        &mut self,
        params: impl Params,
        f: F,
    ) -> DbResult<MappedRows<'_, F>> {
        Ok(MappedRows {
            rows: self.query(params)?,
            f,
        })
    }

    /// The rows, read one by one with [`Rows::next`].
    pub(crate) fn query(&mut self, params: impl Params) -> DbResult<Rows<'_>> {
        match &mut self.0 {
            Prepared::Cached(st) => Ok(Rows(Cursor::Sqlite(params.bind(|p| st.query(p))?))),
            Prepared::Once(st) => Ok(Rows(Cursor::Sqlite(params.bind(|p| st.query(p))?))),
            #[cfg(feature = "postgres")]
            Prepared::Postgres(st) => Ok(Rows(Cursor::Postgres(params.bind(|p| st.query(p))?))),
        }
    }
}

/// The rows of a query.
pub(crate) struct Rows<'s>(Cursor<'s>);

enum Cursor<'s> {
    Sqlite(rusqlite::Rows<'s>),
    #[cfg(feature = "postgres")]
    Postgres(postgres::PgRows<'s>),
}

impl Rows<'_> {
    /// The next row, `None` after the last.
    #[allow(clippy::should_implement_trait)] // rows borrow from the cursor
    pub(crate) fn next(&mut self) -> DbResult<Option<Row<'_>>> {
        match &mut self.0 {
            Cursor::Sqlite(rows) => Ok(rows.next()?.map(|r| Row(Line::Sqlite(r)))),
            #[cfg(feature = "postgres")]
            Cursor::Postgres(rows) => Ok(rows.next().map(|r| Row(Line::Postgres(r)))),
        }
    }
}

/// The rows of a query, mapped by a function as they are read.
pub(crate) struct MappedRows<'s, F> {
    rows: Rows<'s>,
    f: F,
}

impl<T, F: FnMut(&Row<'_>) -> DbResult<T>> Iterator for MappedRows<'_, F> {
    type Item = DbResult<T>;

    fn next(&mut self) -> Option<DbResult<T>> {
        match self.rows.next() {
            Ok(Some(r)) => Some((self.f)(&r)),
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }
}

/// A column's position in a row, from 0.
pub(crate) trait ColumnIndex {
    /// The position.
    fn index(self) -> usize;
}

impl ColumnIndex for usize {
    fn index(self) -> usize {
        self
    }
}

/// One row of a query's result.
pub(crate) struct Row<'r>(Line<'r>);

enum Line<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    #[cfg(feature = "postgres")]
    Postgres(&'r ::postgres::Row),
}

impl Row<'_> {
    /// Column `i` (from 0) as a `T`.
    pub(crate) fn get<I: ColumnIndex, T: Column>(&self, i: I) -> DbResult<T> {
        match self.0 {
            Line::Sqlite(r) => Ok(r.get(i.index())?),
            #[cfg(feature = "postgres")]
            Line::Postgres(r) => postgres::get(r, i.index()),
        }
    }

    /// Column `i`, a text, lent to `f` without copying it (for hot loops
    /// that only compare it).
    pub(crate) fn with_str<T>(&self, i: usize, f: impl FnOnce(&str) -> DbResult<T>) -> DbResult<T> {
        match self.0 {
            Line::Sqlite(r) => f(r.get_ref(i)?.as_str().map_err(rusqlite::Error::from)?),
            #[cfg(feature = "postgres")]
            Line::Postgres(r) => f(&postgres::get::<String>(r, i)?),
        }
    }
}
