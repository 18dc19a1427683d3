//! SQL for merging two profiles of one person: every column that
//! references a person, found in the schema itself (so a table added later
//! is covered without a change here), moves from the duplicate to the
//! kept profile.

use crate::error::Result;
use crate::ids::PersonId;
use crate::storage::db::{params, Db, DbResult};

/// Every (table, column) with a foreign key to `person`.
pub(crate) fn person_columns(c: Db<'_>) -> Result<Vec<(String, String)>> {
    let sql = match c {
        Db::Sqlite(_) => {
            "SELECT m.name, f.\"from\" FROM sqlite_master m, pragma_foreign_key_list(m.name) f
             WHERE m.type = 'table' AND f.\"table\" = 'person' ORDER BY 1, 2"
        }
        // Keys to person are of one column (person is a reference table).
        #[cfg(feature = "postgres")]
        Db::Postgres(_) => {
            "SELECT CAST(k.conrelid::regclass AS TEXT), CAST(a.attname AS TEXT)
               FROM pg_constraint k
               JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
              WHERE k.contype = 'f' AND k.confrelid = CAST('person' AS regclass)
              ORDER BY 1, 2"
        }
    };
    let mut st = c.prepare(sql)?;
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
    let moved = match c {
        Db::Sqlite(_) => c.execute(
            &format!("UPDATE OR IGNORE \"{table}\" SET \"{column}\" = ?2 WHERE \"{column}\" = ?1"),
            params![from.0, to.0],
        )? as u64,
        #[cfg(feature = "postgres")]
        Db::Postgres(_) => repoint_rows(c, table, column, from, to)?,
    };
    let dropped = c.execute(
        &format!("DELETE FROM \"{table}\" WHERE \"{column}\" = ?1"),
        params![from.0],
    )? as u64;
    Ok((moved, dropped))
}

/// PostgreSQL has no `UPDATE OR IGNORE`: all rows at once, or — when one
/// would repeat a unique key — row by row, each in a savepoint, leaving
/// the rows that would repeat one. The number moved.
#[cfg(feature = "postgres")]
fn repoint_rows(c: Db<'_>, table: &str, column: &str, from: PersonId, to: PersonId) -> Result<u64> {
    let update = format!("UPDATE \"{table}\" SET \"{column}\" = ?2 WHERE \"{column}\" = ?1");
    c.execute_batch("SAVEPOINT repoint")?;
    match c.execute(&update, params![from.0, to.0]) {
        Ok(n) => {
            c.execute_batch("RELEASE repoint")?;
            return Ok(n as u64);
        }
        Err(e) if e.is_unique_violation() => {
            c.execute_batch("ROLLBACK TO repoint; RELEASE repoint")?
        }
        Err(e) => return Err(e.into()),
    }
    let rows: Vec<String> = c
        .prepare(&format!(
            "SELECT CAST(ctid AS TEXT) FROM \"{table}\" WHERE \"{column}\" = ?1"
        ))?
        .query_map([from.0], |r| r.get(0))?
        .collect::<DbResult<_>>()?;
    let one = format!(
        "UPDATE \"{table}\" SET \"{column}\" = ?2 WHERE ctid = CAST(CAST(?1 AS TEXT) AS tid)"
    );
    let mut moved = 0;
    for row in rows {
        c.execute_batch("SAVEPOINT repoint_row")?;
        match c.execute(&one, params![row, to.0]) {
            Ok(n) => {
                c.execute_batch("RELEASE repoint_row")?;
                moved += n as u64;
            }
            Err(e) if e.is_unique_violation() => {
                c.execute_batch("ROLLBACK TO repoint_row; RELEASE repoint_row")?
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(moved)
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
