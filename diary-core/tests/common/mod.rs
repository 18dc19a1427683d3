//! A small school shared by the integration tests, and a way to compare
//! everything stored in a diary file before and after a failed call.
#![allow(dead_code)]

pub mod world;

/// The key the test command sets (`DIARY_TEST_KEY`) to run the storage and
/// access suites a second time on encrypted files (the `sqlcipher`
/// feature); none by default.
pub fn test_key() -> Option<String> {
    std::env::var("DIARY_TEST_KEY")
        .ok()
        .filter(|k| !k.is_empty())
}

/// `options` with the test key, when one is set.
pub fn keyed(options: OpenOptions) -> OpenOptions {
    OpenOptions {
        key: test_key(),
        ..options
    }
}

/// A fresh diary with `options` on the engine under test: in memory, or —
/// when the test command sets `DIARY_TEST_ENGINE=postgres` (with the
/// `postgres` feature and the server's URL in `DIARY_TEST_POSTGRES`) — in
/// a schema of its own on the throwaway PostgreSQL server.
pub fn fresh_diary(options: OpenOptions) -> Diary {
    #[cfg(feature = "postgres")]
    if on_postgres() {
        return Diary::open_with(postgres_scratch(), options).unwrap();
    }
    Diary::open_in_memory_with(options).unwrap()
}

/// When the suite runs on PostgreSQL, the URL of a new schema on the test
/// server, which several handles can open (see [`fresh_diary`]).
pub fn postgres_url() -> Option<String> {
    #[cfg(feature = "postgres")]
    if on_postgres() {
        return Some(postgres_scratch());
    }
    None
}

/// Whether the suite runs on PostgreSQL (see [`fresh_diary`]).
pub fn on_postgres() -> bool {
    cfg!(feature = "postgres") && std::env::var("DIARY_TEST_ENGINE").as_deref() == Ok("postgres")
}

/// A new schema on the test server; the URL that opens a diary in it.
#[cfg(feature = "postgres")]
fn postgres_scratch() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let url = std::env::var("DIARY_TEST_POSTGRES")
        .expect("DIARY_TEST_POSTGRES: the test server's postgresql:// URL (tests/run.sh)");
    let name = format!(
        "t_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    );
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).expect("the test server");
    admin
        .batch_execute(&format!("CREATE SCHEMA {name}"))
        .unwrap();
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}options=-c%20search_path%3D{name}")
}

/// A plain SQLite connection to a test's diary file (keyed when the test
/// key is set), for reading what is stored.
pub fn raw(path: &Path) -> rusqlite::Connection {
    let c = rusqlite::Connection::open(path).unwrap();
    if let Some(k) = test_key() {
        c.pragma_update(None, "key", k).unwrap();
    }
    // Room for a snapshot's statement per table (see `snapshot_of`).
    c.set_prepared_statement_cache_capacity(256);
    c
}

use diary_core::*;
use std::path::Path;
use time::macros::date;

pub struct Fixture {
    pub diary: Diary,
    pub op: Actor,
    pub admin: Actor,
    pub school: SchoolId,
    pub year: YearId,
    pub teacher: PersonId,
    pub class_5a: ClassId,
    pub class_5b: ClassId,
    pub maths: SubjectId,
    pub student: PersonId,
    pub mother: PersonId,
}

pub fn person(surname: &str, first: &str, birth: time::Date, snils: Option<&str>) -> NewPerson {
    NewPerson {
        surname: surname.into(),
        first_name: first.into(),
        patronymic: None,
        birth_date: birth,
        snils: snils.map(Into::into),
    }
}

/// Valid SNILS numbers (checksums computed by hand).
pub const SNILS_ADMIN: &str = "112-233-445 95";
pub const SNILS_TEACHER: &str = "123-456-789 64";
pub const SNILS_STUDENT: &str = "087-654-321 02";
pub const SNILS_MOTHER: &str = "111-111-111 45";

pub fn build(diary: Diary) -> Fixture {
    let op = Actor::operator();
    let school = diary
        .create_school(
            &op,
            &NewSchool::new("School No. 1", "Moscow", "Europe/Moscow"),
        )
        .unwrap()
        .id;
    let admin_p = diary
        .register_person(
            &op,
            school,
            &person("Admin", "Anna", date!(1980 - 01 - 01), Some(SNILS_ADMIN)),
        )
        .unwrap()
        .id;
    diary
        .appoint_staff(&op, school, admin_p, StaffRole::Admin)
        .unwrap();
    let admin = Actor::vouched(admin_p);
    let year = diary
        .create_year(
            &admin,
            school,
            &NewYear {
                label: "2024/25".into(),
                start: date!(2024 - 09 - 01),
                end: date!(2025 - 05 - 31),
            },
        )
        .unwrap()
        .id;
    let teacher = diary
        .register_person(
            &admin,
            school,
            &person(
                "Petrov",
                "Pavel",
                date!(1975 - 05 - 05),
                Some(SNILS_TEACHER),
            ),
        )
        .unwrap()
        .id;
    diary
        .appoint_staff(&admin, school, teacher, StaffRole::Teacher)
        .unwrap();
    let class_5a = diary
        .create_class(
            &admin,
            year,
            &NewClass {
                grade: 5,
                letter: "A".into(),
                class_teacher: Some(teacher),
            },
        )
        .unwrap()
        .id;
    let class_5b = diary
        .create_class(
            &admin,
            year,
            &NewClass {
                grade: 5,
                letter: "B".into(),
                class_teacher: None,
            },
        )
        .unwrap()
        .id;
    let maths = diary
        .create_subject(&admin, school, "Mathematics")
        .unwrap()
        .id;
    let student = diary
        .register_person(
            &admin,
            school,
            &person("Ivanov", "Ivan", date!(2013 - 03 - 03), Some(SNILS_STUDENT)),
        )
        .unwrap()
        .id;
    diary
        .enrol(&admin, student, class_5a, date!(2024 - 09 - 01))
        .unwrap();
    let mother = diary
        .register_person(
            &admin,
            school,
            &person(
                "Ivanova",
                "Maria",
                date!(1985 - 07 - 07),
                Some(SNILS_MOTHER),
            ),
        )
        .unwrap()
        .id;
    diary
        .add_guardian(
            &admin,
            &Guardianship {
                student,
                guardian: mother,
                relation: Relation::Mother,
                legal_representative: true,
            },
        )
        .unwrap();
    Fixture {
        diary,
        op,
        admin,
        school,
        year,
        teacher,
        class_5a,
        class_5b,
        maths,
        student,
        mother,
    }
}

pub fn in_memory() -> Fixture {
    build(fresh_diary(OpenOptions::default()))
}

/// Every row of every table but the access log, as text, read through a
/// separate connection. (A refused call writes its refusal to the access
/// log by design, and changes nothing else.)
pub fn snapshot(path: &Path) -> String {
    snapshot_tables(&raw(path), false)
}

/// [`snapshot`] through a connection the caller keeps open (a loop of many
/// snapshots then parses the schema once).
#[allow(dead_code)]
pub fn snapshot_of(c: &rusqlite::Connection) -> String {
    snapshot_tables(c, false)
}

/// [`snapshot`] with the access log included.
pub fn snapshot_with_log(path: &Path) -> String {
    snapshot_tables(&raw(path), true)
}

fn snapshot_tables(c: &rusqlite::Connection, with_log: bool) -> String {
    let mut tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables.sort();
    tables.retain(|t| with_log || t != "access_log");
    let mut out = String::new();
    for t in tables {
        let mut st = c
            .prepare_cached(&format!("SELECT * FROM \"{t}\" ORDER BY 1"))
            .unwrap();
        let n = st.column_count();
        let rows = st
            .query_map([], |r| {
                let mut line = String::new();
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i)?;
                    line.push_str(&format!("{v:?}|"));
                }
                Ok(line)
            })
            .unwrap();
        out.push_str(&format!("## {t}\n"));
        for r in rows {
            out.push_str(&r.unwrap());
            out.push('\n');
        }
    }
    out
}
