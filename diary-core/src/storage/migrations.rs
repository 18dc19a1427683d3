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
    Step {
        sql: include_str!("migrations/0019_signature_schemes.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0020_person_corrections.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0021_trusted_scopes.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0022_visits_meals.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0023_access_applications.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0024_consents.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0025_erasure.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0026_month_windows.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0027_merged_people.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0028_change_feed.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0029_year_rollover.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0030_report_card_template.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0031_oneroster_ids.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0032_journal_index.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0033_attendance_day.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0034_mark_sums.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0035_homework_class.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0036_homework_attachment_index.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0037_unique_by_school.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0038_access_log_by_school.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0039_access_log_ids_by_sequence.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0040_school_day_by_school.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0041_school_year_by_school.sql"),
        data: None,
    },
    Step {
        sql: include_str!("migrations/0042_school_data_by_school.sql"),
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

/// Applies every pending step in one immediate transaction. A database
/// that is still empty gets the latest schema in one step (`fresh`).
///
/// References are not enforced while the steps run, and checked once
/// before the commit: a step that rebuilds a table other tables refer to
/// (SQLite's procedure for changes `ALTER TABLE` cannot make) drops the old
/// table while their rows still point at its ids, which the new table
/// keeps. The pragma takes effect only outside a transaction, so it is
/// switched around it.
pub(crate) fn migrate(conn: &Connection) -> Result<()> {
    conn.execute_batch("PRAGMA foreign_keys=OFF")?;
    let migrated = migrate_unchecked(conn);
    conn.execute_batch("PRAGMA foreign_keys=ON")?;
    migrated
}

fn migrate_unchecked(conn: &Connection) -> Result<()> {
    // `Connection::transaction_with_behavior` needs `&mut`; the unchecked
    // variant is fine here because nothing else uses the connection yet.
    let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    // Re-read inside the lock: another process may have migrated meanwhile.
    let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current >= LATEST_VERSION {
        return Ok(());
    }
    let objects: i64 = tx.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    if current == 0 && objects == 0 {
        super::fresh::create(&tx)?;
    } else {
        run_steps(&tx, current)?;
        let broken: i64 =
            tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })?;
        if broken > 0 {
            return Err(Error::Storage(format!(
                "the upgrade to schema version {LATEST_VERSION} would leave {broken} rows referring to rows that do not exist; the file is left as it was"
            )));
        }
    }
    tx.execute_batch(&format!(
        "PRAGMA application_id={APPLICATION_ID}; PRAGMA user_version={LATEST_VERSION};"
    ))?;
    tx.commit()?;
    Ok(())
}

/// Runs the steps up to version `to` on an empty database: a file as an
/// older build left it, for tests of a migration.
#[cfg(test)]
pub(crate) fn run_steps_until(c: &Connection, to: i64) -> Result<()> {
    for step in &STEPS[..to as usize] {
        c.execute_batch(step.sql)?;
        if let Some(data) = step.data {
            data(c)?;
        }
    }
    Ok(())
}

/// Runs the steps after version `from`, in the caller's transaction.
pub(crate) fn run_steps(c: &Connection, from: i64) -> Result<()> {
    for step in &STEPS[from as usize..] {
        c.execute_batch(step.sql)?;
        if let Some(data) = step.data {
            data(c)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Migration 19 rebuilds the signing keys and the replies that point at
    /// them: a file of version 18 with a signed reply keeps both, and the
    /// references still hold.
    #[test]
    fn signature_schemes_keep_keys_and_signed_replies() {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch("PRAGMA foreign_keys = ON").unwrap();
        let tx = rusqlite::Transaction::new_unchecked(&c, TransactionBehavior::Immediate).unwrap();
        for step in &STEPS[..18] {
            tx.execute_batch(step.sql).unwrap();
            if let Some(data) = step.data {
                data(&tx).unwrap();
            }
        }
        tx.execute_batch(
            "INSERT INTO school (id, name, region, time_zone, days_per_week, created_at)
                 VALUES (1, 'S', 'R', 'Europe/Moscow', 5, 0);
             INSERT INTO person (id, surname, first_name, birth_date, created_at)
                 VALUES (1, 'A', 'A', '1980-01-01', 0), (2, 'B', 'B', '1980-01-01', 0);
             INSERT INTO signing_key (id, person_id, scheme, public_key, registered_by, registered_at, identity_check)
                 VALUES (7, 2, 'ed25519', x'01', 1, 0, 'passport');
             INSERT INTO teacher_message (id, school_id, author_id, student_id, recipient_id, subject, body, needs_signature, sent_at)
                 VALUES (3, 1, 1, 1, 2, 's', 'b', 1, 0);
             INSERT INTO teacher_message_reply (message_id, replier_id, text, at, key_id, signature, signed_at)
                 VALUES (3, 2, 'yes', 0, 7, x'02', 0);",
        )
        .unwrap();
        tx.execute_batch(STEPS[18].sql).unwrap();
        tx.commit().unwrap();
        let key: (String, Option<i64>, i64) = c
            .query_row(
                "SELECT scheme, registered_by, vouched_by_host FROM signing_key WHERE id = 7",
                (),
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(key, ("ed25519".into(), Some(1), 0));
        let reply: i64 = c
            .query_row(
                "SELECT key_id FROM teacher_message_reply WHERE message_id = 3",
                (),
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(reply, 7);
        let broken: i64 = c
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(broken, 0);
        let sql: String = c
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE name = 'teacher_message_reply'",
                (),
                |r| r.get(0),
            )
            .unwrap();
        assert!(
            sql.contains("REFERENCES \"signing_key\"") || sql.contains("REFERENCES signing_key"),
            "{sql}"
        );
        // A host's scheme is accepted; a bad name is not.
        c.execute(
            "INSERT INTO signing_key (person_id, scheme, public_key, registered_at, identity_check, vouched_by_host)
             VALUES (2, 'gost2012-256', x'03', 0, 'vouched', 1)",
            (),
        )
        .unwrap();
        assert!(c
            .execute(
                "INSERT INTO signing_key (person_id, scheme, public_key, registered_at, identity_check, vouched_by_host)
                 VALUES (2, 'GOST 2012', x'04', 0, 'vouched', 1)",
                (),
            )
            .is_err());
    }
}
