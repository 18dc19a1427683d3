//! SQL for merging two profiles of one person: every column that
//! references a person, found in the schema itself (so a table added later
//! is covered without a change here), moves from the duplicate to the
//! kept profile.

use crate::error::Result;
use crate::ids::PersonId;
use crate::storage::db::{params, Db, DbResult};

/// Every (table, column) with a foreign key to `person`.
pub(crate) fn person_columns(c: Db<'_>) -> Result<Vec<(String, String)>> {
    let mut st = c.prepare(
        "SELECT m.name, f.\"from\" FROM sqlite_master m, pragma_foreign_key_list(m.name) f
         WHERE m.type = 'table' AND f.\"table\" = 'person' ORDER BY 1, 2",
    )?;
    let rows = st
        .query_map((), |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// Moves `table.column` from `from` to `to`; rows that would then repeat
/// one the kept profile already has (a unique key) stay with the
/// duplicate and are deleted. (moved, dropped).
pub(crate) fn repoint(
    c: Db<'_>,
    table: &str,
    column: &str,
    from: PersonId,
    to: PersonId,
) -> Result<(u64, u64)> {
    // Names come from the schema (person_columns), never from input.
    let moved = c.execute(
        &format!("UPDATE OR IGNORE \"{table}\" SET \"{column}\" = ?2 WHERE \"{column}\" = ?1"),
        params![from.0, to.0],
    )? as u64;
    let dropped = c.execute(
        &format!("DELETE FROM \"{table}\" WHERE \"{column}\" = ?1"),
        params![from.0],
    )? as u64;
    Ok((moved, dropped))
}

pub(crate) fn record(
    c: Db<'_>,
    kept: PersonId,
    merged: PersonId,
    reason: &str,
    moved: &str,
    by: Option<PersonId>,
    now: i64,
) -> Result<()> {
    c.execute(
        "INSERT INTO merge_record (kept_id, merged_id, reason, moved, merged_at, merged_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![kept.0, merged.0, reason, moved, now, by.map(|p| p.0)],
    )?;
    Ok(())
}
