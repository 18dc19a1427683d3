//! The PostgreSQL arm of the database interface.
//!
//! The same statement text runs here as on SQLite: `?N` (and bare `?`)
//! placeholders become `$N` once, when the statement is prepared, outside
//! quoted text. Values keep SQLite's representation on the Rust side and
//! are converted by the type the server declares for each parameter and
//! column:
//!
//! | Rust (SQLite) value | PostgreSQL type | conversion |
//! |---|---|---|
//! | integer | `bigint`, `integer`, `smallint` | the number (range-checked) |
//! | integer 0/1 | `boolean` | false/true |
//! | integer (Julian day number) | `date` | days since 2000-01-01 |
//! | text `YYYY-MM-DD` | `date` | the same day |
//! | integer (Unix seconds) | `timestamptz` | microseconds since 2000-01-01 |
//! | text | `text`, `varchar`, `json`, `jsonb` | the text |
//! | bytes | `bytea` | the bytes |
//! | real | `double precision`, `real` | the number |
//!
//! A `numeric` result (PostgreSQL's `sum` of `bigint`s) is an integer when
//! it has no fraction, else a real. A `date` result is read as a Julian day
//! number by code that asks for an integer and as `YYYY-MM-DD` by code that
//! asks for text, as the SQLite column stored it.

use super::{DbError, DbResult, Param};
use crate::error::Error;
use bytes::BytesMut;
use postgres::types::{to_sql_checked, FromSql, IsNull, ToSql, Type};
use rusqlite::types::{FromSql as SqliteFromSql, FromSqlError, ToSqlOutput, Value, ValueRef};
use std::cell::RefCell;
use std::collections::HashMap;

/// The Julian day number of 2000-01-01, PostgreSQL's epoch for `date`.
const PG_EPOCH_JULIAN_DAY: i64 = 2_451_545;
/// The Unix time of 2000-01-01T00:00:00Z, PostgreSQL's epoch for instants.
const PG_EPOCH_UNIX: i64 = 946_684_800;

/// The engine's errors in the kinds SQLite's give (see
/// `storage::postgres::error`).
pub(crate) fn error_kind(e: &postgres::Error) -> Error {
    crate::storage::postgres::error(e)
}

impl From<postgres::Error> for DbError {
    fn from(e: postgres::Error) -> Self {
        DbError::Postgres(e)
    }
}

/// A PostgreSQL session: the client and its prepared statements.
pub(crate) struct PgConn {
    client: RefCell<postgres::Client>,
    statements: RefCell<HashMap<String, postgres::Statement>>,
}

impl std::fmt::Debug for PgConn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PgConn")
    }
}

/// How many prepared statements a session keeps (as SQLite's cache is
/// bounded): beyond it, the cache starts again.
const STATEMENT_CACHE: usize = 512;

impl PgConn {
    /// A session over a connected client.
    pub(crate) fn new(client: postgres::Client) -> Self {
        PgConn {
            client: RefCell::new(client),
            statements: RefCell::default(),
        }
    }

    pub(super) fn prepare(&self, sql: &str, keep: bool) -> DbResult<PgStatement<'_>> {
        if let Some(st) = self.statements.borrow().get(sql) {
            return Ok(PgStatement::new(self, st.clone()));
        }
        let text = placeholders(sql);
        let st = self.client.borrow_mut().prepare(&text).map_err(|e| {
            // A statement the server cannot take (class 42: syntax, names,
            // types) is the library's fault: say which one.
            match e.code().map(|c| c.code()) {
                Some(code) if code.starts_with("42") => DbError::Diary(Error::Storage(format!(
                    "{} in the statement: {}",
                    error_kind(&e),
                    sql.split_whitespace().collect::<Vec<_>>().join(" ")
                ))),
                _ => DbError::from(e),
            }
        })?;
        if keep {
            let mut cache = self.statements.borrow_mut();
            if cache.len() >= STATEMENT_CACHE {
                cache.clear();
            }
            cache.insert(sql.to_owned(), st.clone());
        }
        Ok(PgStatement::new(self, st))
    }

    pub(super) fn execute_batch(&self, sql: &str) -> DbResult<()> {
        Ok(self.client.borrow_mut().batch_execute(sql)?)
    }

    /// The id the session's last `INSERT` into a table with an identity
    /// column drew.
    pub(super) fn last_insert_id(&self) -> DbResult<i64> {
        Ok(self
            .client
            .borrow_mut()
            .query_one("SELECT lastval()", &[])?
            .get(0))
    }
}

/// A statement prepared on the server.
pub(crate) struct PgStatement<'c> {
    conn: &'c PgConn,
    st: postgres::Statement,
    bound: Vec<PgValue>,
}

impl<'c> PgStatement<'c> {
    fn new(conn: &'c PgConn, st: postgres::Statement) -> Self {
        PgStatement {
            conn,
            st,
            bound: Vec::new(),
        }
    }

    pub(super) fn execute(&mut self, params: &[&dyn rusqlite::ToSql]) -> DbResult<usize> {
        let values = values(params)?;
        let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v as _).collect();
        let n = self.conn.client.borrow_mut().execute(&self.st, &refs)?;
        Ok(n as usize)
    }

    pub(super) fn bind_at(&mut self, i: usize, value: &dyn Param) -> DbResult<()> {
        if self.bound.len() < i {
            self.bound.resize(i, PgValue::Null);
        }
        self.bound[i - 1] = PgValue::of(value)?;
        Ok(())
    }

    pub(super) fn execute_bound(&mut self) -> DbResult<usize> {
        let refs: Vec<&(dyn ToSql + Sync)> = self.bound.iter().map(|v| v as _).collect();
        let n = self.conn.client.borrow_mut().execute(&self.st, &refs)?;
        self.bound.clear();
        Ok(n as usize)
    }

    pub(super) fn query(&mut self, params: &[&dyn rusqlite::ToSql]) -> DbResult<PgRows<'_>> {
        let values = values(params)?;
        let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v as _).collect();
        let rows = self.conn.client.borrow_mut().query(&self.st, &refs)?;
        Ok(PgRows {
            rows,
            next: 0,
            _statement: std::marker::PhantomData,
        })
    }
}

/// The rows of a query, as the server sent them.
pub(crate) struct PgRows<'s> {
    rows: Vec<postgres::Row>,
    next: usize,
    _statement: std::marker::PhantomData<&'s ()>,
}

impl PgRows<'_> {
    pub(super) fn next(&mut self) -> Option<&postgres::Row> {
        let row = self.rows.get(self.next)?;
        self.next += 1;
        Some(row)
    }
}

/// Column `i` of `row` as a `T`, through SQLite's representation.
pub(crate) fn get<T: SqliteFromSql>(row: &postgres::Row, i: usize) -> DbResult<T> {
    let cell: Cell = row.try_get(i)?;
    match T::column_result(cell.value()) {
        Err(FromSqlError::InvalidType) => match cell.text_form() {
            Some(text) => T::column_result(ValueRef::Text(text.as_bytes())),
            None => Err(FromSqlError::InvalidType),
        },
        other => other,
    }
    .map_err(|e| DbError::undecodable(i, e))
}

fn values(params: &[&dyn rusqlite::ToSql]) -> DbResult<Vec<PgValue>> {
    params.iter().map(|p| PgValue::of(*p)).collect()
}

/// `?N` and bare `?` become `$N`, outside quoted text and identifiers.
pub(crate) fn placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut quote: Option<char> = None;
    let mut next = 1;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => {
                out.push(c);
                if c == q {
                    quote = None;
                }
            }
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                out.push(c);
            }
            None if c == '?' => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                out.push('$');
                if digits.is_empty() {
                    out.push_str(&next.to_string());
                    next += 1;
                } else {
                    out.push_str(&digits);
                }
            }
            None => out.push(c),
        }
    }
    out
}

/// A parameter's value in SQLite's representation, bound by the type the
/// server declared for it.
#[derive(Debug, Clone)]
enum PgValue {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl PgValue {
    fn of(p: &dyn rusqlite::ToSql) -> DbResult<PgValue> {
        Ok(match p.to_sql()? {
            ToSqlOutput::Borrowed(v) => match v {
                ValueRef::Null => PgValue::Null,
                ValueRef::Integer(i) => PgValue::Integer(i),
                ValueRef::Real(r) => PgValue::Real(r),
                ValueRef::Text(t) => PgValue::Text(
                    String::from_utf8(t.to_vec()).map_err(|e| DbError::undecodable(0, e))?,
                ),
                ValueRef::Blob(b) => PgValue::Blob(b.to_vec()),
            },
            ToSqlOutput::Owned(v) => match v {
                Value::Null => PgValue::Null,
                Value::Integer(i) => PgValue::Integer(i),
                Value::Real(r) => PgValue::Real(r),
                Value::Text(t) => PgValue::Text(t),
                Value::Blob(b) => PgValue::Blob(b),
            },
            _ => {
                return Err(DbError::Diary(Error::Internal(
                    "a parameter PostgreSQL cannot take".into(),
                )))
            }
        })
    }
}

type BoxError = Box<dyn std::error::Error + Sync + Send>;

fn mismatch(value: &PgValue, ty: &Type) -> BoxError {
    format!("a parameter {value:?} does not fit the column's type {ty}").into()
}

impl ToSql for PgValue {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        match (self, ty) {
            (PgValue::Null, _) => Ok(IsNull::Yes),
            (PgValue::Integer(i), t) if *t == Type::INT8 => i.to_sql(ty, out),
            (PgValue::Integer(i), t) if *t == Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
            (PgValue::Integer(i), t) if *t == Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
            (PgValue::Integer(i), t) if *t == Type::BOOL => (*i != 0).to_sql(ty, out),
            (PgValue::Integer(i), t) if *t == Type::FLOAT8 => (*i as f64).to_sql(ty, out),
            (PgValue::Integer(i), t) if *t == Type::DATE => {
                i32::try_from(i - PG_EPOCH_JULIAN_DAY)?.to_sql(&Type::INT4, out)
            }
            (PgValue::Integer(i), t) if *t == Type::TIMESTAMPTZ || *t == Type::TIMESTAMP => {
                let micros = (i - PG_EPOCH_UNIX)
                    .checked_mul(1_000_000)
                    .ok_or("an instant out of PostgreSQL's range")?;
                micros.to_sql(&Type::INT8, out)
            }
            (PgValue::Integer(i), t) if is_text(t) => i.to_string().as_str().to_sql(ty, out),
            (PgValue::Real(r), t) if *t == Type::FLOAT8 => r.to_sql(ty, out),
            (PgValue::Real(r), t) if *t == Type::FLOAT4 => (*r as f32).to_sql(ty, out),
            (PgValue::Text(s), t) if *t == Type::DATE => {
                let day = time::Date::parse(
                    s,
                    time::macros::format_description!("[year]-[month]-[day]"),
                )?;
                (i64::from(day.to_julian_day()) - PG_EPOCH_JULIAN_DAY)
                    .try_into()
                    .map_err(|_| "a day out of range")
                    .and_then(|d: i32| d.to_sql(&Type::INT4, out).map_err(|_| "a day"))
                    .map_err(Into::into)
            }
            (PgValue::Text(s), t) if *t == Type::JSONB => {
                out.extend_from_slice(&[1]);
                out.extend_from_slice(s.as_bytes());
                Ok(IsNull::No)
            }
            (PgValue::Text(s), t) if is_text(t) || *t == Type::JSON => s.as_str().to_sql(ty, out),
            (PgValue::Blob(b), t) if *t == Type::BYTEA => b.as_slice().to_sql(ty, out),
            (v, t) => Err(mismatch(v, t)),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

fn is_text(t: &Type) -> bool {
    [
        Type::TEXT,
        Type::VARCHAR,
        Type::BPCHAR,
        Type::NAME,
        Type::UNKNOWN,
    ]
    .contains(t)
}

/// A column's value read in SQLite's representation.
enum Cell {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
    /// A `date`: an integer (Julian day number) or `YYYY-MM-DD`.
    Day(i64, String),
}

impl Cell {
    fn value(&self) -> ValueRef<'_> {
        match self {
            Cell::Null => ValueRef::Null,
            Cell::Integer(i) | Cell::Day(i, _) => ValueRef::Integer(*i),
            Cell::Real(r) => ValueRef::Real(*r),
            Cell::Text(t) => ValueRef::Text(t.as_bytes()),
            Cell::Blob(b) => ValueRef::Blob(b),
        }
    }

    /// The second reading of a value SQLite stores either way.
    fn text_form(&self) -> Option<&str> {
        match self {
            Cell::Day(_, text) => Some(text),
            _ => None,
        }
    }
}

impl<'a> FromSql<'a> for Cell {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        Ok(match ty {
            t if *t == Type::INT8 => Cell::Integer(i64::from_sql(ty, raw)?),
            t if *t == Type::INT4 => Cell::Integer(i32::from_sql(ty, raw)?.into()),
            t if *t == Type::INT2 => Cell::Integer(i16::from_sql(ty, raw)?.into()),
            t if *t == Type::OID => Cell::Integer(u32::from_sql(ty, raw)?.into()),
            t if *t == Type::BOOL => Cell::Integer(bool::from_sql(ty, raw)?.into()),
            t if *t == Type::FLOAT8 => Cell::Real(f64::from_sql(ty, raw)?),
            t if *t == Type::FLOAT4 => Cell::Real(f32::from_sql(ty, raw)?.into()),
            t if *t == Type::NUMERIC => numeric(raw)?,
            t if *t == Type::DATE => {
                let days = i32::from_sql(&Type::INT4, raw)?;
                let julian = i64::from(days) + PG_EPOCH_JULIAN_DAY;
                let day = time::Date::from_julian_day(julian as i32)?;
                Cell::Day(julian, day.to_string())
            }
            t if *t == Type::TIMESTAMPTZ || *t == Type::TIMESTAMP => {
                let micros = i64::from_sql(&Type::INT8, raw)?;
                Cell::Integer(micros.div_euclid(1_000_000) + PG_EPOCH_UNIX)
            }
            t if *t == Type::BYTEA => Cell::Blob(raw.to_vec()),
            t if *t == Type::JSONB => Cell::Text(std::str::from_utf8(&raw[1..])?.to_owned()),
            _ => Cell::Text(String::from_sql(ty, raw)?),
        })
    }

    fn from_sql_null(_: &Type) -> Result<Self, BoxError> {
        Ok(Cell::Null)
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// A `numeric` in PostgreSQL's binary form: digit count, weight (in
/// powers of 10,000), sign, display scale, base-10,000 digits.
fn numeric(raw: &[u8]) -> Result<Cell, BoxError> {
    let word = |k: usize| -> Result<i16, BoxError> {
        raw.get(2 * k..2 * k + 2)
            .map(|b| i16::from_be_bytes([b[0], b[1]]))
            .ok_or_else(|| "a truncated numeric".into())
    };
    let (ndigits, weight, sign) = (word(0)?, word(1)?, word(2)? as u16);
    if sign == 0xC000 {
        return Err("a numeric that is not a number".into());
    }
    let mut whole: i128 = 0;
    let mut fraction = 0f64;
    for k in 0..ndigits as usize {
        let digit = i128::from(word(4 + k)?);
        let power = i32::from(weight) - k as i32;
        if power >= 0 {
            whole = whole
                .checked_add(digit * 10_000i128.checked_pow(power as u32).ok_or("too large")?)
                .ok_or("a numeric too large")?;
        } else {
            fraction += digit as f64 * 10_000f64.powi(power);
        }
    }
    let negative = sign == 0x4000;
    if fraction == 0.0 {
        let v = i64::try_from(if negative { -whole } else { whole })?;
        Ok(Cell::Integer(v))
    } else {
        let v = whole as f64 + fraction;
        Ok(Cell::Real(if negative { -v } else { v }))
    }
}

#[cfg(test)]
mod tests;
