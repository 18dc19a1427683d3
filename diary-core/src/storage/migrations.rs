//! Versioned schema migrations. The version lives in `PRAGMA user_version`;
//! all pending steps run in one transaction.

use super::APPLICATION_ID;
use crate::error::{Error, Result};
use crate::grading::builtin_scales;
use rusqlite::{params, Connection, TransactionBehavior};

/// One migration step: SQL, and optionally data written from Rust.
struct Step {
    sql: &'static str,
    data: Option<fn(&Connection) -> Result<()>>,
}

/// The ordered migration steps; step `i` brings the schema to version `i + 1`.
const STEPS: &[Step] = &[
    Step {
        sql: include_str!("migrations/0001_school_structure.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0002_marks.sql"),
        data: Some(seed_scales),
    },
    Step {
        sql: include_str!("migrations/0003_access.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0004_accounts.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0005_contacts.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0006_link_codes.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0007_school_day.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0008_hardening.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0009_reference_generation.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0010_period_kinds.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0011_rule_versions.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0012_more_scales.sql"),
        data: Some(seed_scales),
    },
    Step {
        sql: include_str!("migrations/0013_announcements.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0014_meetings.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0015_signed_replies.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0016_conversations.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0017_notifications.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0018_appointment_slots.sql"),
        data: None,
    },
];

/// Writes the built-in scales (defined in `grading::scale`) a file does not
/// have yet: all of them when it is created, the later ones (German ±0.25
/// and ±0.33, Polish) when an older file is migrated.
fn seed_scales(c: &Connection) -> Result<()> {
    let mut st = c.prepare(
        "INSERT INTO scale (school_id, code, name, definition, lower_is_better) \
         SELECT NULL, ?1, ?2, ?3, ?4 \
         WHERE NOT EXISTS (SELECT 1 FROM scale WHERE school_id IS NULL AND code = ?1)",
    )?;
    for s in builtin_scales() {
        let def = serde_json::to_string(&s.kind).map_err(|e| Error::Internal(e.to_string()))?;
        st.execute(params![s.code, s.name, def, s.lower_is_better])?;
    }
    Ok(())
}

/// The schema version this build writes.
pub const LATEST_VERSION: i64 = STEPS.len() as i64;

/// Applies every pending step in one immediate transaction.
pub(crate) fn migrate(conn: &Connection) -> Result<()> {
    // `Connection::transaction_with_behavior` needs `&mut`; the unchecked
    // variant is fine here because nothing else uses the connection yet.
    let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    // Re-read inside the lock: another process may have migrated meanwhile.
    let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current >= LATEST_VERSION {
        return Ok(());
    }
    for step in &STEPS[current as usize..] {
        tx.execute_batch(step.sql)?;
        if let Some(data) = step.data {
            data(&tx)?;
        }
    }
    tx.execute_batch(&format!(
        "PRAGMA application_id={APPLICATION_ID}; PRAGMA user_version={LATEST_VERSION};"
    ))?;
    tx.commit()?;
    Ok(())
}
