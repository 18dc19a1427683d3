//! SQL for accounts and sessions.

use super::conflict_on_unique;
use crate::error::Result;
use crate::ids::PersonId;
use crate::storage::db::{params, Db, DbResult, OptionalExtension, Row};

/// An account's stored state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AccountRow {
    pub person: PersonId,
    pub login: String,
    pub password: String,
    pub must_change: bool,
    pub temporary_expires_at: Option<i64>,
    pub failed_logins: i64,
    pub locked_until: Option<i64>,
    pub disabled: bool,
}

const SELECT: &str = "SELECT person_id, login, password, must_change, temporary_expires_at, failed_logins, locked_until, disabled FROM account";

fn row(r: &Row<'_>) -> DbResult<AccountRow> {
    Ok(AccountRow {
        person: PersonId(r.get(0)?),
        login: r.get(1)?,
        password: r.get(2)?,
        must_change: r.get(3)?,
        temporary_expires_at: r.get(4)?,
        failed_logins: r.get(5)?,
        locked_until: r.get(6)?,
        disabled: r.get(7)?,
    })
}

pub(crate) fn by_login(c: Db<'_>, login: &str) -> Result<Option<AccountRow>> {
    Ok(c.prepare_cached(&format!("{SELECT} WHERE login = ?1"))?
        .query_row([login], row)
        .optional()?)
}

pub(crate) fn by_person(c: Db<'_>, person: PersonId) -> Result<Option<AccountRow>> {
    Ok(c.prepare_cached(&format!("{SELECT} WHERE person_id = ?1"))?
        .query_row([person.0], row)
        .optional()?)
}

pub(crate) fn login_taken(c: Db<'_>, login: &str) -> Result<bool> {
    Ok(c.cached_row(
        "SELECT 1 FROM account WHERE login = ?1",
        [login],
        |_| Ok(()),
    )
    .optional()?
    .is_some())
}

/// Creates the account or, for a person who has one, issues a new
/// temporary password (a reset by staff).
pub(crate) fn issue(
    c: Db<'_>,
    person: PersonId,
    login: &str,
    phc: &str,
    expires: i64,
    by: PersonId,
    now: i64,
) -> Result<()> {
    c.execute(
        "INSERT INTO account (person_id, login, password, must_change, temporary_expires_at, issued_by, created_at)
         VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6)
         ON CONFLICT (person_id) DO UPDATE SET password = excluded.password, must_change = 1,
             temporary_expires_at = excluded.temporary_expires_at, issued_by = excluded.issued_by,
             failed_logins = 0, locked_until = NULL",
        params![person.0, login, phc, expires, by.0, now],
    )
    .map_err(|e| conflict_on_unique(e, || "the login is taken".into()))?;
    Ok(())
}

pub(crate) fn set_password(c: Db<'_>, person: PersonId, phc: &str) -> Result<()> {
    c.execute(
        "UPDATE account SET password = ?2, must_change = 0, temporary_expires_at = NULL WHERE person_id = ?1",
        params![person.0, phc],
    )?;
    Ok(())
}

pub(crate) fn rehash(c: Db<'_>, person: PersonId, phc: &str) -> Result<()> {
    c.execute(
        "UPDATE account SET password = ?2 WHERE person_id = ?1",
        params![person.0, phc],
    )?;
    Ok(())
}

pub(crate) fn record_failure(
    c: Db<'_>,
    person: PersonId,
    failed: i64,
    locked_until: Option<i64>,
) -> Result<()> {
    c.execute(
        "UPDATE account SET failed_logins = ?2, locked_until = ?3 WHERE person_id = ?1",
        params![person.0, failed, locked_until],
    )?;
    Ok(())
}

pub(crate) fn reset_failures(c: Db<'_>, person: PersonId) -> Result<()> {
    c.execute(
        "UPDATE account SET failed_logins = 0, locked_until = NULL WHERE person_id = ?1",
        [person.0],
    )?;
    Ok(())
}

pub(crate) fn set_disabled(c: Db<'_>, person: PersonId, disabled: bool) -> Result<()> {
    c.execute(
        "UPDATE account SET disabled = ?2 WHERE person_id = ?1",
        params![person.0, disabled],
    )?;
    Ok(())
}

/// A session's stored state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SessionRow {
    pub person: PersonId,
    pub last_seen_at: i64,
    pub expires_at: i64,
    pub revoked: bool,
    pub password_change_only: bool,
}

pub(crate) fn insert_session(
    c: Db<'_>,
    token_hash: &str,
    person: PersonId,
    now: i64,
    expires: i64,
    change_only: bool,
) -> Result<()> {
    c.execute(
        "INSERT INTO session (token_hash, person_id, created_at, last_seen_at, expires_at, password_change_only)
         VALUES (?1, ?2, ?3, ?3, ?4, ?5)",
        params![token_hash, person.0, now, expires, change_only],
    )?;
    Ok(())
}

pub(crate) fn session(c: Db<'_>, token_hash: &str) -> Result<Option<SessionRow>> {
    Ok(c
        .prepare_cached("SELECT person_id, last_seen_at, expires_at, revoked_at IS NOT NULL, password_change_only FROM session WHERE token_hash = ?1")?
        .query_row([token_hash], |r| {
            Ok(SessionRow {
                person: PersonId(r.get(0)?),
                last_seen_at: r.get(1)?,
                expires_at: r.get(2)?,
                revoked: r.get(3)?,
                password_change_only: r.get(4)?,
            })
        })
        .optional()?)
}

pub(crate) fn touch_session(c: Db<'_>, token_hash: &str, now: i64) -> Result<()> {
    c.execute(
        "UPDATE session SET last_seen_at = ?2 WHERE token_hash = ?1",
        params![token_hash, now],
    )?;
    Ok(())
}

pub(crate) fn revoke_session(c: Db<'_>, token_hash: &str, now: i64) -> Result<()> {
    c.execute(
        "UPDATE session SET revoked_at = ?2 WHERE token_hash = ?1 AND revoked_at IS NULL",
        params![token_hash, now],
    )?;
    Ok(())
}

pub(crate) fn revoke_all(c: Db<'_>, person: PersonId, now: i64) -> Result<()> {
    c.execute(
        "UPDATE session SET revoked_at = ?2 WHERE person_id = ?1 AND revoked_at IS NULL",
        params![person.0, now],
    )?;
    Ok(())
}

/// The strictest minimum password length of the person's schools.
pub(crate) fn min_password_chars(c: Db<'_>, schools: &[crate::ids::SchoolId]) -> Result<usize> {
    let mut min = 8i64;
    for s in schools {
        let m: i64 = c.cached_row(
            "SELECT min_password_chars FROM school WHERE id = ?1",
            [s.0],
            |r| r.get(0),
        )?;
        min = min.max(m);
    }
    Ok(min as usize)
}

/// A person's sessions that have not ended: (token hash, created, last seen, expires).
pub(crate) fn open_sessions(
    c: Db<'_>,
    person: PersonId,
    now: i64,
) -> Result<Vec<(String, i64, i64, i64)>> {
    let mut st = c.prepare_cached(
        "SELECT token_hash, created_at, last_seen_at, expires_at FROM session
         WHERE person_id = ?1 AND revoked_at IS NULL AND expires_at > ?2 ORDER BY created_at",
    )?;
    let rows = st
        .query_map(params![person.0, now], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}
