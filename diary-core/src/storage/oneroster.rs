//! OneRoster sourcedIds (migration 0031): what another system calls the
//! diary's objects.

use crate::error::Result;
use crate::ids::SchoolId;
use rusqlite::{params, Connection};
use std::collections::HashMap;

/// Every stored sourcedId by (kind, local key).
pub(crate) fn ids(c: &Connection) -> Result<HashMap<(String, String), String>> {
    let mut st = c.prepare_cached("SELECT kind, local_key, sourced_id FROM oneroster_id")?;
    let rows = st
        .query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Remembers (or changes) the sourcedId of an object.
pub(crate) fn remember(
    c: &Connection,
    kind: &str,
    local_key: &str,
    sourced_id: &str,
    school: Option<SchoolId>,
) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO oneroster_id (kind, local_key, sourced_id, school_id) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (kind, local_key) DO UPDATE SET sourced_id = ?3, school_id = ?4",
    )?
    .execute(params![kind, local_key, sourced_id, school.map(|s| s.0)])?;
    Ok(())
}
