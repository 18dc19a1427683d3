//! Against the test server (`DIARY_TEST_POSTGRES`, started by tests/run.sh):
//! each test works in a schema of its own, dropped at its end.

use super::scratch::Scratch;
use super::*;
use crate::error::ErrorCode;
use std::sync::{Arc, Barrier};

#[test]
fn versions_follow_sqlite() {
    assert_eq!(
        BASELINE + STEPS.len() as i64,
        LATEST_VERSION,
        "each SQLite migration needs its PostgreSQL step in storage/postgres.rs"
    );
}

#[test]
fn a_new_schema_gets_the_latest_version_once() {
    let s = Scratch::new();
    migrate(&mut s.client(), OpenMode::Create).unwrap();
    assert_eq!(s.version(), LATEST_VERSION);
    let tables = s.tables();
    assert_eq!(tables, 89, "the 88 tables and diary_schema");
    let scales: i64 = s
        .client()
        .query_one("SELECT count(*) FROM scale WHERE school_id IS NULL", &[])
        .unwrap()
        .get(0);
    assert_eq!(scales, 13);
    migrate(&mut s.client(), OpenMode::Create).unwrap();
    assert_eq!((s.version(), s.tables()), (LATEST_VERSION, tables));
}

/// A multi-row insert of marks is recorded once per statement (version 42):
/// one feed record per mark at the next positions in id order, and the
/// sums of the counting marks per group added to what was there; a bulk
/// insert (the flag set) leaves both to the library.
#[test]
fn a_multi_row_insert_of_marks_is_fed_and_summed_in_order() {
    let s = Scratch::new();
    migrate(&mut s.client(), OpenMode::Create).unwrap();
    let mut c = s.client();
    let mark = |id: i64, subject: i64, value: i64, weight: i64, counting: i64| {
        format!(
            "(1, {id}, 5, {subject}, 1, 1, '2026-09-01', 0, 1, '{}', {value}, 1, {weight}, {counting}, 9, now())",
            value / 100
        )
    };
    let insert = |rows: &[String]| {
        format!(
            "INSERT INTO mark (school_id, id, student_id, subject_id, class_id, period_id, lesson_day,
                               entry, scale_id, label, value_centi, work_kind_id, weight_centi,
                               counting, teacher_id, created_at)
             VALUES {}",
            rows.join(", ")
        )
    };
    c.batch_execute(
        "INSERT INTO person (id, surname, first_name, birth_date, created_at)
         VALUES (5, 'Pupil', 'P', '2015-01-01', now())",
    )
    .unwrap();
    c.batch_execute(&insert(&[mark(30, 1, 500, 100, 0)]))
        .unwrap();
    // Ids out of order in the statement; one mark does not count.
    c.batch_execute(&insert(&[
        mark(42, 1, 400, 200, 0),
        mark(41, 2, 300, 100, 0),
        mark(40, 1, 200, 100, 1),
    ]))
    .unwrap();
    let fed: Vec<(i64, i64)> = c
        .query("SELECT seq, entity FROM change ORDER BY seq", &[])
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(fed, [(1, 30), (2, 40), (3, 41), (4, 42)]);
    let sums = |c: &mut postgres::Client| -> Vec<(i64, i64, i64, i64)> {
        c.query(
            "SELECT subject_id, weighted, weights, marks FROM mark_sum ORDER BY subject_id",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
        .collect()
    };
    assert_eq!(
        sums(&mut c),
        [(1, 100 * 500 + 200 * 400, 300, 2), (2, 100 * 300, 100, 1)]
    );
    c.batch_execute(&format!(
        "BEGIN; UPDATE feed_state SET bulk = 1; {}; UPDATE feed_state SET bulk = 0; COMMIT;",
        insert(&[mark(50, 2, 500, 100, 0)])
    ))
    .unwrap();
    let records: i64 = c
        .query_one("SELECT count(*) FROM change", &[])
        .unwrap()
        .get(0);
    assert_eq!((records, sums(&mut c)[1]), (4, (2, 100 * 300, 100, 1)));
}

/// Version 39 sets the access log's id sequence past the entries version
/// 38 wrote with ids of their own: the next entry follows the newest.
#[test]
fn version_39_draws_log_ids_after_the_newest_entry() {
    let s = Scratch::new();
    migrate_to(&mut s.client(), OpenMode::Create, 38).unwrap();
    assert_eq!(s.version(), 38);
    let mut c = s.client();
    for (id, school) in [(1_i64, 0_i64), (2, 7), (40, 7)] {
        c.execute(
            "INSERT INTO access_log (id, at, acting_as, school_id, data_kind, action, allowed, hash)
             VALUES ($1, now(), 'operator', $2, 'school', 'write', 1, 'h')",
            &[&id, &school],
        )
        .unwrap();
    }
    migrate(&mut c, OpenMode::Existing).unwrap();
    assert_eq!(s.version(), LATEST_VERSION);
    let next: i64 = c
        .query_one(
            "SELECT nextval(pg_get_serial_sequence('access_log', 'id'))",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(next, 41);
}

#[test]
fn a_newer_schema_is_refused_and_left_alone() {
    let s = Scratch::new();
    migrate(&mut s.client(), OpenMode::Create).unwrap();
    s.client()
        .execute(
            "UPDATE diary_schema SET version = $1",
            &[&(LATEST_VERSION + 1)],
        )
        .unwrap();
    let e = migrate(&mut s.client(), OpenMode::Create).unwrap_err();
    assert!(
        matches!(e, Error::VersionTooNew { found, supported }
            if found == LATEST_VERSION + 1 && supported == LATEST_VERSION),
        "{e}"
    );
    assert_eq!(s.version(), LATEST_VERSION + 1);
}

#[test]
fn a_schema_that_is_not_a_diary_is_refused_and_left_alone() {
    let s = Scratch::new();
    s.client()
        .batch_execute("CREATE TABLE invoices (id bigint PRIMARY KEY)")
        .unwrap();
    let e = migrate(&mut s.client(), OpenMode::Create).unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotADiary, "{e}");
    assert_eq!(s.tables(), 1);

    let other = Scratch::new();
    migrate(&mut other.client(), OpenMode::Create).unwrap();
    other
        .client()
        .batch_execute("UPDATE diary_schema SET application_id = 7")
        .unwrap();
    let e = migrate(&mut other.client(), OpenMode::Create).unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotADiary, "{e}");
}

/// Several processes opening one new database at once: one creates the
/// schema, the others wait for it and find it done.
#[test]
fn concurrent_migrations_all_succeed() {
    let s = Arc::new(Scratch::new());
    let start = Arc::new(Barrier::new(6));
    let workers: Vec<_> = (0..6)
        .map(|_| {
            let (s, start) = (Arc::clone(&s), Arc::clone(&start));
            std::thread::spawn(move || {
                let mut c = s.client();
                start.wait();
                migrate(&mut c, OpenMode::Create)
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap().unwrap();
    }
    assert_eq!((s.version(), s.tables()), (LATEST_VERSION, 89));
}

/// Each situation, provoked on the server, gives the kind the SQLite
/// backend gives for it.
#[test]
fn errors_have_the_kinds_of_the_sqlite_backend() {
    let s = Scratch::new();
    let mut a = s.client();
    let mut b = s.client();
    a.batch_execute(
        "CREATE TABLE t (k int PRIMARY KEY, v int NOT NULL);
         INSERT INTO t VALUES (1, 10), (2, 20);",
    )
    .unwrap();

    // A duplicate the caller did not check for.
    let e = error(a.execute("INSERT INTO t VALUES (1, 0)", &[]).unwrap_err());
    assert_eq!(e.code(), ErrorCode::Conflict, "{e}");
    assert!(e.to_string().contains("23505: duplicate key value"), "{e}");

    // Write skew between two serializable transactions: the second to
    // commit fails, and may retry.
    a.batch_execute("BEGIN ISOLATION LEVEL SERIALIZABLE")
        .unwrap();
    b.batch_execute("BEGIN ISOLATION LEVEL SERIALIZABLE")
        .unwrap();
    a.query("SELECT sum(v) FROM t WHERE k = 1", &[]).unwrap();
    b.query("SELECT sum(v) FROM t WHERE k = 2", &[]).unwrap();
    a.execute("UPDATE t SET v = v + 1 WHERE k = 2", &[])
        .unwrap();
    b.execute("UPDATE t SET v = v + 1 WHERE k = 1", &[])
        .unwrap();
    a.batch_execute("COMMIT").unwrap();
    let e = error(b.batch_execute("COMMIT").unwrap_err());
    assert_eq!(e.code(), ErrorCode::Busy, "{e}");

    // A row lock not granted at once.
    a.batch_execute("BEGIN; SELECT * FROM t WHERE k = 1 FOR UPDATE")
        .unwrap();
    let e = error(
        b.query("SELECT * FROM t WHERE k = 1 FOR UPDATE NOWAIT", &[])
            .unwrap_err(),
    );
    assert_eq!(e.code(), ErrorCode::Busy, "{e}");
    a.batch_execute("ROLLBACK").unwrap();

    // A deadlock: one of the two is chosen to fail.
    let start = Arc::new(Barrier::new(2));
    let sides: Vec<_> = [(1, 2), (2, 1)]
        .into_iter()
        .map(|(first, second)| {
            let mut c = s.client();
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                c.batch_execute("SET deadlock_timeout = '50ms'; BEGIN")
                    .unwrap();
                c.execute("UPDATE t SET v = v + 1 WHERE k = $1", &[&first])
                    .unwrap();
                start.wait();
                let r = c.execute("UPDATE t SET v = v + 1 WHERE k = $1", &[&second]);
                let _ = c.batch_execute("ROLLBACK");
                r.map(|_| ()).map_err(error)
            })
        })
        .collect();
    let results: Vec<Result<()>> = sides.into_iter().map(|t| t.join().unwrap()).collect();
    let failed: Vec<&Error> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert_eq!(failed.len(), 1, "{results:?}");
    assert_eq!(failed[0].code(), ErrorCode::Busy, "{}", failed[0]);

    // A read-only transaction (a standby answers writes the same way).
    b.batch_execute("BEGIN READ ONLY").unwrap();
    let e = error(b.execute("UPDATE t SET v = 0", &[]).unwrap_err());
    assert_eq!(e.code(), ErrorCode::ReadOnly, "{e}");
    b.batch_execute("ROLLBACK").unwrap();

    // A connection the server ended.
    let pid: i32 = b.query_one("SELECT pg_backend_pid()", &[]).unwrap().get(0);
    a.execute("SELECT pg_terminate_backend($1)", &[&pid])
        .unwrap();
    let e = error(b.query("SELECT 1", &[]).unwrap_err());
    assert_eq!(e.code(), ErrorCode::IoError, "{e}");

    // Anything else.
    let e = error(a.batch_execute("SELECT * FROM no_such_table").unwrap_err());
    assert_eq!(e.code(), ErrorCode::Storage, "{e}");
}
