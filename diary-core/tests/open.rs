//! Opening files: new, existing, foreign, newer; all left untouched when refused.

use diary_core::*;
use std::fs;

fn assert_refused_untouched(bytes: &[u8], expect: fn(&Error) -> bool) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("file.db");
    fs::write(&path, bytes).unwrap();
    let err = Diary::open(&path).expect_err("must be refused");
    assert!(expect(&err), "unexpected error: {err}");
    assert_eq!(fs::read(&path).unwrap(), bytes, "file changed");
    let extra: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(extra.len(), 1, "side files were left: {extra:?}");
}

#[test]
fn creates_reopens_and_keeps_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("school.diary");
    {
        let d = Diary::open(&path).unwrap();
        assert_eq!(d.schema_version().unwrap(), LATEST_VERSION);
        d.create_school(
            &Actor::operator(),
            &NewSchool::new("School 5", "Tula", "Europe/Moscow"),
        )
        .unwrap();
    }
    let d = Diary::open(&path).unwrap();
    let schools = d.schools(&Actor::operator()).unwrap();
    assert_eq!(schools.len(), 1);
    assert_eq!(schools[0].region, "Tula");
    // An empty file (e.g. made by `touch`) becomes a new diary only when
    // creating, as `Diary::open` does; `OpenMode::Existing` refuses it.
    let empty = dir.path().join("empty.diary");
    fs::write(&empty, b"").unwrap();
    assert!(Diary::open(&empty).is_ok());
}

#[test]
fn connection_settings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("school.diary");
    drop(Diary::open(&path).unwrap());
    let c = rusqlite::Connection::open(&path).unwrap();
    let mode: String = c
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let app: i32 = c
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(app, APPLICATION_ID);
    let strict: i64 = c
        .query_row(
            // FTS5's index tables (created by SQLite itself) cannot be STRICT.
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE '%STRICT%'
               AND name NOT LIKE 'chat_search%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(strict, 0, "every table is STRICT");
}

#[test]
fn refuses_random_bytes_text_and_foreign_databases() {
    let random: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    assert_refused_untouched(&random, |e| matches!(e, Error::NotADiary(_)));
    assert_refused_untouched(b"name,surname\nIvan,Ivanov\n", |e| {
        matches!(e, Error::NotADiary(_))
    });
    // Another application's SQLite file.
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.db");
    {
        let c = rusqlite::Connection::open(&other).unwrap();
        c.execute_batch("CREATE TABLE notes(t TEXT); INSERT INTO notes VALUES ('hello');")
            .unwrap();
    }
    let bytes = fs::read(&other).unwrap();
    assert_refused_untouched(&bytes, |e| matches!(e, Error::NotADiary(_)));
    // A header-only fake with SQLite's magic but garbage after it.
    let mut fake = b"SQLite format 3\0".to_vec();
    fake.extend(std::iter::repeat_n(0xAB, 2000));
    assert_refused_untouched(&fake, |e| matches!(e, Error::NotADiary(_)));
}

#[test]
fn refuses_a_file_from_a_newer_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.diary");
    drop(Diary::open(&path).unwrap());
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(&format!("PRAGMA user_version = {}", LATEST_VERSION + 1))
            .unwrap();
        // Fold the WAL back so the file alone is the whole database.
        c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;")
            .unwrap();
    }
    let bytes = fs::read(&path).unwrap();
    let err = Diary::open(&path).unwrap_err();
    assert!(matches!(err, Error::VersionTooNew { .. }), "{err}");
    assert!(err.to_string().contains("upgrade"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), bytes);
}

#[test]
fn a_diary_is_shared_between_threads() {
    let d = std::sync::Arc::new(Diary::open_in_memory().unwrap());
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let d = d.clone();
            std::thread::spawn(move || {
                d.create_school(
                    &Actor::operator(),
                    &NewSchool::new(&format!("School {i}"), "Kazan", "Europe/Moscow"),
                )
                .unwrap();
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    assert_eq!(d.schools(&Actor::operator()).unwrap().len(), 4);
}

#[test]
fn the_same_snils_registered_from_two_threads_at_once_makes_one_profile() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("race.diary");
    let d = Diary::open(&path).unwrap();
    let school = d
        .create_school(&Actor::operator(), &NewSchool::new("S", "R", "UTC"))
        .unwrap()
        .id;
    drop(d);
    // Two connections (two threads, each its own Diary on the same file).
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
    let handles: Vec<_> = (0..2)
        .map(|i| {
            let path = path.clone();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                let d = Diary::open(&path).unwrap();
                barrier.wait();
                d.register_person(
                    &Actor::operator(),
                    school,
                    &NewPerson {
                        surname: format!("Twin{i}"),
                        first_name: "X".into(),
                        patronymic: None,
                        birth_date: time::macros::date!(2010 - 01 - 01),
                        snils: Some("112-233-445 95".into()),
                    },
                )
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
    assert!(
        results.iter().any(|r| matches!(r, Err(Error::Conflict(_)))),
        "{results:?}"
    );
}
