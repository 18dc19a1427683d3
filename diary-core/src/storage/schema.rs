//! The schema objects a diary file must hold: exactly the library's own
//! tables, indexes and triggers, as the migrations define them. A file
//! whose append-only triggers were dropped, whose indexes were altered or
//! that carries foreign triggers is refused when opened (it may have been
//! tampered with to rewrite the access log), and can be repaired
//! explicitly by the operator.

use super::fresh::{self, Object};
use crate::error::{Error, Result};
use crate::storage::db::Db;
use crate::storage::db::DbResult;
use std::sync::OnceLock;

fn objects(c: Db<'_>) -> Result<Vec<Object>> {
    let mut st = c.prepare(
        "SELECT type, name, sql FROM sqlite_schema
         WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )?;
    let rows = st
        .query_map((), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// The library's own objects (parsed once per process from `fresh.sql`,
/// which a test keeps equal to what the migrations create).
fn expected() -> Result<&'static [Object]> {
    static EXPECTED: OnceLock<std::result::Result<Vec<Object>, String>> = OnceLock::new();
    EXPECTED
        .get_or_init(|| fresh::objects().map_err(|e| e.to_string()))
        .as_ref()
        .map(Vec::as_slice)
        .map_err(|e| Error::Internal(format!("reference schema: {e}")))
}

/// What differs between the file and the library's definitions, worded
/// for a person: "trigger access_log_no_delete is missing", ...
pub(crate) fn differences(c: Db<'_>) -> Result<Vec<String>> {
    let have = objects(c)?;
    let want = expected()?;
    let mut out = Vec::new();
    for (kind, name, sql) in want {
        match have.iter().find(|(k, n, _)| k == kind && n == name) {
            None => out.push(format!("{kind} {name} is missing")),
            Some((_, _, s)) if s != sql => out.push(format!("{kind} {name} was altered")),
            Some(_) => {}
        }
    }
    for (kind, name, _) in &have {
        if !want.iter().any(|(k, n, _)| k == kind && n == name) {
            out.push(format!("{kind} {name} is not the library's own"));
        }
    }
    Ok(out)
}

/// Refuses a file whose schema is not exactly the library's.
pub(crate) fn check(c: Db<'_>) -> Result<()> {
    let diff = differences(c)?;
    if diff.is_empty() {
        return Ok(());
    }
    Err(Error::Corrupt(format!(
        "{}; restore a backup, or let the operator repair the triggers and indexes with Diary::repair_schema",
        diff.join(", ")
    )))
}

/// Recreates the library's triggers and indexes that are missing or
/// altered, and drops foreign triggers, views and indexes, in the caller's
/// transaction. Tables cannot be repaired this way: a missing or altered
/// table is an error. Returns what was repaired.
pub(crate) fn repair(c: Db<'_>) -> Result<Vec<String>> {
    let have = objects(c)?;
    let want = expected()?;
    let mut done = Vec::new();
    for (kind, name, sql) in want {
        let found = have.iter().find(|(k, n, _)| k == kind && n == name);
        if found.is_some_and(|(_, _, s)| s == sql) {
            continue;
        }
        if kind == "table" {
            return Err(Error::Corrupt(format!(
                "table {name} is missing or altered; restore a backup"
            )));
        }
        if found.is_some() {
            c.execute_batch(&format!("DROP {} \"{}\";", kind.to_uppercase(), name))?;
        }
        if let Some(sql) = sql {
            c.execute_batch(sql)?;
        }
        done.push(format!("{kind} {name} recreated"));
    }
    for (kind, name, _) in &have {
        if !want.iter().any(|(k, n, _)| k == kind && n == name) {
            if kind == "table" {
                return Err(Error::Corrupt(format!(
                    "table {name} is not the library's own; restore a backup"
                )));
            }
            c.execute_batch(&format!("DROP {} \"{}\";", kind.to_uppercase(), name))?;
            done.push(format!("{kind} {name} removed"));
        }
    }
    Ok(done)
}
