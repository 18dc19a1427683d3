//! OneRoster sourcedIds (migration 0031): what another system calls the
//! diary's objects.

use crate::error::Result;
use rusqlite::Connection;
use std::collections::HashMap;

/// Every stored sourcedId by (kind, local key).
pub(crate) fn ids(c: &Connection) -> Result<HashMap<(String, String), String>> {
    let mut st = c.prepare_cached("SELECT kind, local_key, sourced_id FROM oneroster_id")?;
    let rows = st
        .query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
