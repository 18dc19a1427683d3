//! SQL for the append-only access log and its hash chain.

use crate::error::Result;
use crate::ids::{PersonId, SchoolId};
use crate::model::{AccessLogEntry, LogVerification};
use crate::storage::db::{params, Db, DbError, DbResult, OptionalExtension, Row};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

/// An access to record.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct LogEvent {
    pub actor: Option<PersonId>,
    pub acting_as: &'static str,
    pub child: Option<PersonId>,
    pub school: Option<SchoolId>,
    pub data_kind: &'static str,
    pub write: bool,
    pub allowed: bool,
}

/// The hash of the chain's start.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[allow(clippy::too_many_arguments)]
fn entry_hash(
    prev: &str,
    id: i64,
    at: i64,
    actor: Option<i64>,
    acting_as: &str,
    child: Option<i64>,
    school: Option<i64>,
    kind: &str,
    action: &str,
    allowed: bool,
) -> String {
    let mut h = Sha256::new();
    let opt = |v: Option<i64>| v.map_or("-".to_owned(), |x| x.to_string());
    h.update(format!(
        "{prev}|{id}|{at}|{}|{acting_as}|{}|{}|{kind}|{action}|{}",
        opt(actor),
        opt(child),
        opt(school),
        u8::from(allowed)
    ));
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(64);
    for b in h.finalize() {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 15)] as char);
    }
    out
}

/// Appends events to the chain in the caller's write transaction, reading
/// the tail inside it (never from a cache: another process may have
/// appended since).
pub(crate) fn append(c: Db<'_>, events: &[LogEvent], now: i64) -> Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    let last: Option<(i64, String)> = c
        .prepare_cached("SELECT id, hash FROM access_log ORDER BY id DESC LIMIT 1")?
        .query_row((), |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (mut id, mut prev) = last.unwrap_or((0, GENESIS.to_owned()));
    let mut st = c.prepare_cached(
        "INSERT INTO access_log (id, at, actor_id, acting_as, child_id, school_id, data_kind, action, allowed, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for e in events {
        id += 1;
        let action = if e.write { "write" } else { "read" };
        let (actor, child, school) = (
            e.actor.map(|p| p.0),
            e.child.map(|p| p.0),
            e.school.map(|s| s.0),
        );
        let hash = entry_hash(
            &prev,
            id,
            now,
            actor,
            e.acting_as,
            child,
            school,
            e.data_kind,
            action,
            e.allowed,
        );
        st.execute(params![
            id,
            now,
            actor,
            e.acting_as,
            child,
            school,
            e.data_kind,
            action,
            e.allowed,
            hash
        ])?;
        prev = hash;
    }
    Ok(())
}

/// The entry's school: no school is NULL on SQLite and 0 on PostgreSQL,
/// where the distribution column is never NULL (no school has id 0).
fn school_at(r: &Row<'_>, i: usize) -> DbResult<Option<i64>> {
    Ok(r.get::<_, Option<i64>>(i)?.filter(|&s| s != 0))
}

fn entry_row(r: &Row<'_>) -> DbResult<AccessLogEntry> {
    let at: i64 = r.get(1)?;
    Ok(AccessLogEntry {
        id: r.get(0)?,
        at: OffsetDateTime::from_unix_timestamp(at).map_err(|e| DbError::undecodable(1, e))?,
        actor: r.get::<_, Option<i64>>(2)?.map(PersonId),
        acting_as: r.get(3)?,
        child: r.get::<_, Option<i64>>(4)?.map(PersonId),
        // No school is NULL on SQLite and 0 on PostgreSQL, where the
        // distribution column is never NULL (no school has id 0).
        school: r
            .get::<_, Option<i64>>(5)?
            .filter(|&s| s != 0)
            .map(SchoolId),
        data_kind: r.get(6)?,
        action: r.get(7)?,
        allowed: r.get(8)?,
        hash: r.get(9)?,
    })
}

const SELECT: &str =
    "SELECT id, at, actor_id, acting_as, child_id, school_id, data_kind, action, allowed, hash FROM access_log";

/// The entries about one child, oldest first.
pub(crate) fn of_child(c: Db<'_>, child: PersonId) -> Result<Vec<AccessLogEntry>> {
    let mut st = c.prepare_cached(&format!("{SELECT} WHERE child_id = ?1 ORDER BY id"))?;
    let rows = st
        .query_map([child.0], entry_row)?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// The entries of what one person did, oldest first.
pub(crate) fn by_actor(c: Db<'_>, actor: PersonId) -> Result<Vec<AccessLogEntry>> {
    let mut st = c.prepare_cached(&format!("{SELECT} WHERE actor_id = ?1 ORDER BY id"))?;
    let rows = st
        .query_map([actor.0], entry_row)?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// The entries of one school, oldest first.
pub(crate) fn of_school(c: Db<'_>, school: SchoolId) -> Result<Vec<AccessLogEntry>> {
    let mut st = c.prepare_cached(&format!("{SELECT} WHERE school_id = ?1 ORDER BY id"))?;
    let rows = st
        .query_map([school.0], entry_row)?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// Recomputes every hash of the chain.
pub(crate) fn verify(c: Db<'_>) -> Result<LogVerification> {
    let mut st = c.prepare_cached(&format!("{SELECT} ORDER BY id"))?;
    let mut rows = st.query(())?;
    let mut prev = GENESIS.to_owned();
    let mut entries = 0u64;
    while let Some(r) = rows.next()? {
        entries += 1;
        let id: i64 = r.get(0)?;
        let stored: String = r.get(9)?;
        let expected = entry_hash(
            &prev,
            id,
            r.get(1)?,
            r.get(2)?,
            &r.get::<_, String>(3)?,
            r.get(4)?,
            school_at(&r, 5)?,
            &r.get::<_, String>(6)?,
            &r.get::<_, String>(7)?,
            r.get(8)?,
        );
        if stored != expected {
            return Ok(LogVerification {
                entries,
                first_broken: Some(id),
                last_id: head(c)?.map(|a| a.id),
                anchor_matches: None,
            });
        }
        prev = stored;
    }
    Ok(LogVerification {
        entries,
        first_broken: None,
        last_id: head(c)?.map(|a| a.id),
        anchor_matches: None,
    })
}

/// The newest entry as an anchor.
pub(crate) fn head(c: Db<'_>) -> Result<Option<crate::model::LogAnchor>> {
    Ok(c.cached_row(
        "SELECT id, hash FROM access_log ORDER BY id DESC LIMIT 1",
        (),
        |r| {
            Ok(crate::model::LogAnchor {
                id: r.get(0)?,
                hash: r.get(1)?,
            })
        },
    )
    .optional()?)
}

/// The hash stored for entry `id`, if it exists.
pub(crate) fn hash_of(c: Db<'_>, id: i64) -> Result<Option<String>> {
    Ok(
        c.cached_row("SELECT hash FROM access_log WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?,
    )
}
