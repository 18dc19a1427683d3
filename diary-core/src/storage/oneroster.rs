//! OneRoster sourcedIds (migration 0031): what another system calls the
//! diary's objects.

use crate::error::Result;
use crate::storage::db::Db;
use crate::storage::db::{params, DbResult};
use std::collections::HashMap;

/// Every stored sourcedId by (kind, local key).
pub(crate) fn ids(c: Db<'_>) -> Result<HashMap<(String, String), String>> {
    let mut st = c.prepare_cached("SELECT kind, local_key, sourced_id FROM oneroster_id")?;
    let rows = st
        .query_map((), |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// The local key of the object another system calls `sourced_id` (in
/// `school`, or among people with `None`).
pub(crate) fn find(
    c: Db<'_>,
    kind: &str,
    school: Option<crate::ids::SchoolId>,
    sourced_id: &str,
) -> Result<Option<String>> {
    use crate::storage::db::OptionalExtension;
    Ok(c.prepare_cached(
        "SELECT local_key FROM oneroster_id WHERE kind = ?1 AND school_id = ?2 AND sourced_id = ?3",
    )?
    .query_row(params![kind, school.map_or(0, |s| s.0), sourced_id], |r| {
        r.get(0)
    })
    .optional()?)
}

/// Remembers (or changes) the sourcedId of an object (`school` `None` for
/// people and schools).
pub(crate) fn remember(
    c: Db<'_>,
    kind: &str,
    local_key: &str,
    sourced_id: &str,
    school: Option<crate::ids::SchoolId>,
) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO oneroster_id (kind, local_key, sourced_id, school_id) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (kind, local_key, school_id) DO UPDATE SET sourced_id = ?3",
    )?
    .execute(params![
        kind,
        local_key,
        sourced_id,
        school.map_or(0, |s| s.0)
    ])?;
    Ok(())
}

/// Every object (school, local key) another system calls `sourced_id`.
pub(crate) fn find_any(c: Db<'_>, kind: &str, sourced_id: &str) -> Result<Vec<(i64, String)>> {
    let mut st = c.prepare_cached(
        "SELECT school_id, local_key FROM oneroster_id WHERE kind = ?1 AND sourced_id = ?2 ORDER BY school_id",
    )?;
    let rows = st
        .query_map(params![kind, sourced_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}
