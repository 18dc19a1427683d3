//! One-row queries through the connection's statement cache.
//!
//! `Connection::query_row` parses and plans its SQL on every call; the
//! diary asks the same few hundred questions over and over (who is this
//! person, which schools are theirs), so every storage query goes through
//! `prepare_cached` instead, planned once per connection.

use rusqlite::{Connection, Params, Row};

/// `query_row` with a cached statement.
pub(crate) trait CachedRow {
    /// Runs `sql` (prepared once and kept) with `params`, mapping its first
    /// row with `f`; `QueryReturnedNoRows` when there is none.
    fn cached_row<T, P: Params, F: FnOnce(&Row<'_>) -> rusqlite::Result<T>>(
        &self,
        sql: &str,
        params: P,
        f: F,
    ) -> rusqlite::Result<T>;
}

impl CachedRow for Connection {
    fn cached_row<T, P: Params, F: FnOnce(&Row<'_>) -> rusqlite::Result<T>>(
        &self,
        sql: &str,
        params: P,
        f: F,
    ) -> rusqlite::Result<T> {
        self.prepare_cached(sql)?.query_row(params, f)
    }
}
