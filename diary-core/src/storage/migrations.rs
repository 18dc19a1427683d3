//! Versioned schema migrations. The version lives in `PRAGMA user_version`;
//! all pending steps run in one transaction.

use super::APPLICATION_ID;
use crate::error::Result;
use rusqlite::{Connection, TransactionBehavior};

/// The ordered migration steps; step `i` brings the schema to version `i + 1`.
const STEPS: &[&str] = &[include_str!("migrations/0001_school_structure.sql")];

/// The schema version this build writes.
pub const LATEST_VERSION: i64 = STEPS.len() as i64;

/// Applies every pending step in one immediate transaction.
pub(super) fn migrate(conn: &Connection) -> Result<()> {
    // `Connection::transaction_with_behavior` needs `&mut`; the unchecked
    // variant is fine here because nothing else uses the connection yet.
    let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    // Re-read inside the lock: another process may have migrated meanwhile.
    let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current >= LATEST_VERSION {
        return Ok(());
    }
    for step in &STEPS[current as usize..] {
        tx.execute_batch(step)?;
    }
    tx.execute_batch(&format!(
        "PRAGMA application_id={APPLICATION_ID}; PRAGMA user_version={LATEST_VERSION};"
    ))?;
    tx.commit()?;
    Ok(())
}
