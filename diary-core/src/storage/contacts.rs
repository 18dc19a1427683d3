//! SQL for confirmed contacts and one-time secrets.

use crate::error::Result;
use crate::ids::PersonId;
use crate::storage::db::{params, Db, DbResult, OptionalExtension, Row};

pub(crate) fn contact(c: Db<'_>, person: PersonId, kind: &str) -> Result<Option<String>> {
    Ok(c.cached_row(
        "SELECT address FROM contact WHERE person_id = ?1 AND kind = ?2",
        params![person.0, kind],
        |r| r.get(0),
    )
    .optional()?)
}

pub(crate) fn set_contact(
    c: Db<'_>,
    person: PersonId,
    kind: &str,
    address: &str,
    now: i64,
) -> Result<()> {
    c.execute(
        "INSERT INTO contact (person_id, kind, address, confirmed_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (person_id, kind) DO UPDATE SET address = excluded.address, confirmed_at = excluded.confirmed_at",
        params![person.0, kind, address, now],
    )?;
    Ok(())
}

/// People whose confirmed contact of `kind` is `address`.
pub(crate) fn people_with(c: Db<'_>, kind: &str, address: &str) -> Result<Vec<PersonId>> {
    let mut st = c.prepare_cached(
        "SELECT person_id FROM contact WHERE kind = ?1 AND lower(address) = lower(?2) ORDER BY person_id",
    )?;
    let rows = st
        .query_map(params![kind, address], |r| Ok(PersonId(r.get(0)?)))?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// Stores a new one-time secret, voiding the person's earlier ones of the
/// same purpose.
pub(crate) fn new_secret(
    c: Db<'_>,
    person: PersonId,
    purpose: &str,
    target: Option<&str>,
    hash: &str,
    expires: i64,
    now: i64,
) -> Result<()> {
    c.execute(
        "UPDATE one_time_secret SET used_at = ?3 WHERE person_id = ?1 AND purpose = ?2 AND used_at IS NULL",
        params![person.0, purpose, now],
    )?;
    c.execute(
        "INSERT INTO one_time_secret (person_id, purpose, target, secret_hash, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![person.0, purpose, target, hash, now, expires],
    )?;
    Ok(())
}

/// How many secrets of a purpose the person was sent since `since`.
pub(crate) fn sent_since(c: Db<'_>, person: PersonId, purpose: &str, since: i64) -> Result<i64> {
    Ok(c.cached_row(
        "SELECT count(*) FROM one_time_secret WHERE person_id = ?1 AND purpose = ?2 AND created_at > ?3",
        params![person.0, purpose, since],
        |r| r.get(0),
    )?)
}

/// A stored, unused one-time secret (a confirmation code or reset token).
pub(crate) struct Secret {
    pub id: i64,
    pub person: PersonId,
    pub purpose: String,
    /// The contact being confirmed, for confirmation codes.
    pub target: Option<String>,
    pub hash: String,
    pub expires_at: i64,
    pub attempts: i64,
}

const SECRET_COLUMNS: &str =
    "SELECT id, person_id, purpose, target, secret_hash, expires_at, attempts FROM one_time_secret";

fn secret_row(r: &Row<'_>) -> DbResult<Secret> {
    Ok(Secret {
        id: r.get(0)?,
        person: PersonId(r.get(1)?),
        purpose: r.get(2)?,
        target: r.get(3)?,
        hash: r.get(4)?,
        expires_at: r.get(5)?,
        attempts: r.get(6)?,
    })
}

/// The person's newest unused secret of a purpose.
pub(crate) fn live_secret(c: Db<'_>, person: PersonId, purpose: &str) -> Result<Option<Secret>> {
    Ok(c.cached_row(
        &format!("{SECRET_COLUMNS} WHERE person_id = ?1 AND purpose = ?2 AND used_at IS NULL ORDER BY id DESC LIMIT 1"),
        params![person.0, purpose],
        secret_row,
    )
    .optional()?)
}

/// An unused secret by its hash.
pub(crate) fn secret_by_hash(c: Db<'_>, hash: &str) -> Result<Option<Secret>> {
    Ok(c.cached_row(
        &format!("{SECRET_COLUMNS} WHERE secret_hash = ?1 AND used_at IS NULL"),
        [hash],
        secret_row,
    )
    .optional()?)
}

pub(crate) fn count_attempt(c: Db<'_>, id: i64) -> Result<()> {
    c.execute(
        "UPDATE one_time_secret SET attempts = attempts + 1 WHERE id = ?1",
        [id],
    )?;
    Ok(())
}

pub(crate) fn use_secret(c: Db<'_>, id: i64, now: i64) -> Result<()> {
    c.execute(
        "UPDATE one_time_secret SET used_at = ?2 WHERE id = ?1",
        params![id, now],
    )?;
    Ok(())
}

/// Messages handed to the host for `recipient` (an address hash) since `since`.
pub(crate) fn deliveries_since(c: Db<'_>, recipient: &str, since: i64) -> Result<i64> {
    Ok(c.cached_row(
        "SELECT count(*) FROM delivery_log WHERE recipient_hash = ?1 AND at > ?2",
        params![recipient, since],
        |r| r.get(0),
    )?)
}

/// Records a message handed to the host.
pub(crate) fn record_delivery(c: Db<'_>, recipient: &str, purpose: &str, now: i64) -> Result<()> {
    c.execute(
        "INSERT INTO delivery_log (recipient_hash, purpose, at) VALUES (?1, ?2, ?3)",
        params![recipient, purpose, now],
    )?;
    Ok(())
}
