//! The reference generation (migration 0009): a counter that triggers bump
//! on every change to the data a handle's reference cache holds, read at
//! the start of every transaction to decide whether the cache is still
//! good. Unlike `PRAGMA data_version`, which moves on any commit by another
//! connection, it stays put while others record marks, registers or
//! access-log entries, so that concurrent readers keep their caches warm.

use crate::error::Result;
use crate::storage::db::Db;

/// The tables whose every insert, update and delete bumps the generation:
/// everything the reference cache (`diary/cache.rs`) reads, and some rarely
/// written tables beside it. (A migration that adds a table creates its
/// triggers; the test below checks both lists against the schema.)
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) const WATCHED: &[&str] = &[
    "school",
    "academic_year",
    "period",
    "holiday",
    "class",
    "class_group",
    "group_member",
    "subject",
    "teaching_assignment",
    "person",
    "staff",
    "enrolment",
    "guardianship",
    "work_kind",
    "scale",
    "grading_rule",
    "grading_rule_version",
    "trusted_grant",
    "regional_officer",
    "account_setting",
    "bell_schedule",
    "bell",
    "timetable",
    "timetable_lesson",
];

/// The tables the reference cache never reads, which change all day: a
/// commit there by another handle keeps the cache. A table on neither list
/// fails a test, so that a new table is decided on.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) const UNWATCHED: &[&str] = &[
    "access_log",
    "access_log_split",
    "mark_sum",
    "feed_state",
    "change",
    "visit_event",
    "meal_settings",
    "menu",
    "menu_item",
    "meal_order",
    "meal_ledger",
    "access_application",
    "application_document",
    "application_step",
    "consent_text",
    "consent_record",
    "erasure_record",
    "merge_record",
    "year_rollover",
    "report_card_template",
    "oneroster_id",
    "mark",
    "mark_change",
    "final_mark",
    "attendance",
    "absence_notice",
    "remark",
    "homework",
    "homework_student",
    "homework_attachment",
    "homework_done",
    "lesson",
    "lesson_change",
    "session",
    "delivery_log",
    "one_time_secret",
    "link_code",
    "link_code_failure",
    "transfer_code",
    "contact",
    "account",
    "reference_generation",
    "announcement",
    "announcement_audience",
    "announcement_version",
    "announcement_read",
    "meeting",
    "meeting_audience",
    "meeting_agenda",
    "meeting_reply",
    "meeting_record",
    "signing_key",
    "teacher_message",
    "teacher_message_reply",
    "conversation",
    "conversation_member",
    "chat_message",
    "chat_message_version",
    "chat_report",
    "conversation_retention",
    "notification_preference",
    "notification_queue",
    "appointment_slot",
    "person_correction",
    // The full-text index of chat messages (FTS5 and its shadow tables).
    "chat_search",
    "chat_search_data",
    "chat_search_idx",
    "chat_search_docsize",
    "chat_search_config",
];

/// The current generation, read inside the caller's transaction (which
/// also starts its snapshot), on either engine: SQLite's triggers and
/// PostgreSQL's (`storage/postgres/schema.sql`) keep it alike. `None` would
/// empty the cache at every transaction; no engine needs that today.
pub(crate) fn current(c: Db<'_>) -> Result<Option<i64>> {
    Ok(Some(
        c.prepare_cached("SELECT n FROM reference_generation WHERE id = 1")?
            .query_row((), |r| r.get(0))?,
    ))
}

/// Moves the generation far away, so that no handle's cache can match
/// after the file's content was replaced wholesale (a restore).
pub(crate) fn jump(c: Db<'_>) -> Result<()> {
    c.execute_batch("UPDATE reference_generation SET n = n + 1 + (abs(random()) % 1000000007)")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    /// Every table is watched or deliberately not, and every watched table
    /// has its three triggers.
    #[test]
    fn every_table_is_decided_on() {
        let c = Connection::open_in_memory().unwrap();
        super::super::migrations::migrate(&c).unwrap();
        let tables: Vec<String> = c
            .prepare(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .unwrap()
            .query_map((), |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        for t in &tables {
            assert!(
                WATCHED.contains(&t.as_str()) != UNWATCHED.contains(&t.as_str()),
                "table {t} must be on exactly one of WATCHED and UNWATCHED (storage/generation.rs)"
            );
        }
        for t in WATCHED {
            for ev in ["ins", "upd", "del"] {
                let n: i64 = c
                    .query_row(
                        "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name = ?1",
                        [format!("refgen_{t}_{ev}")],
                        |r| r.get(0),
                    )
                    .unwrap();
                assert_eq!(n, 1, "trigger refgen_{t}_{ev}");
            }
        }
        for t in UNWATCHED {
            for ev in ["ins", "upd", "del"] {
                let n: i64 = c
                    .query_row(
                        "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name = ?1",
                        [format!("refgen_{t}_{ev}")],
                        |r| r.get(0),
                    )
                    .unwrap();
                assert_eq!(n, 0, "{t} is unwatched but has a trigger");
            }
        }
    }

    /// On PostgreSQL, exactly the watched tables have a trigger that
    /// moves the generation, and a change to one moves it.
    #[cfg(feature = "postgres")]
    #[test]
    fn postgres_moves_it_on_the_watched_tables_alone() {
        use crate::storage::postgres::scratch::Scratch;
        let s = Scratch::new();
        crate::storage::postgres::migrate(&mut s.client(), crate::storage::OpenMode::Create)
            .unwrap();
        let mut c = s.client();
        let mut found: Vec<String> = c
            .query(
                "SELECT c.relname::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                  JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = current_schema() AND t.tgname = 'refgen_' || c.relname",
                &[],
            )
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        found.sort();
        let mut watched: Vec<String> = WATCHED.iter().map(|t| t.to_string()).collect();
        watched.sort();
        assert_eq!(found, watched);
        let n = |c: &mut postgres::Client| -> i64 {
            c.query_one("SELECT n FROM reference_generation", &[])
                .unwrap()
                .get(0)
        };
        let before = n(&mut c);
        c.batch_execute(
            "INSERT INTO school (name, region, time_zone, days_per_week, created_at)
             VALUES ('S', 'R', 'UTC', 5, now())",
        )
        .unwrap();
        assert_eq!(n(&mut c), before + 1, "a watched insert moves it");
        c.batch_execute("UPDATE feed_state SET bulk = 0 WHERE id = 1")
            .unwrap();
        assert_eq!(n(&mut c), before + 1, "an unwatched table leaves it");
    }

    #[test]
    fn a_watched_change_moves_it_and_a_restore_jumps_it() {
        let c = Connection::open_in_memory().unwrap();
        super::super::migrations::migrate(&c).unwrap();
        let before = current(Db::Sqlite(&c)).unwrap().unwrap();
        c.execute(
            "INSERT INTO school (name, region, time_zone, days_per_week, created_at) \
             VALUES ('S', 'R', 'UTC', 5, 0)",
            (),
        )
        .unwrap();
        let after = current(Db::Sqlite(&c)).unwrap().unwrap();
        assert_eq!(after, before + 1);
        jump(Db::Sqlite(&c)).unwrap();
        assert!(current(Db::Sqlite(&c)).unwrap().unwrap() > after);
    }
}
