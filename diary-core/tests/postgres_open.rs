//! Opening a diary by its `postgresql://` URL: a URL that cannot name a
//! server is the caller's mistake (`InvalidInput` naming the URL), told
//! apart from a server that cannot be reached (`IoError`); the open modes
//! mean what they mean for a file.
#![cfg(feature = "postgres")]

mod common;

use common::postgres_url;
use diary_core::*;

fn refused(url: &str) -> String {
    match Diary::open(url) {
        Err(Error::InvalidInput { field, reason }) => {
            assert_eq!(field, "url", "{url}");
            reason
        }
        Err(other) => panic!("{url}: expected InvalidInput, got {other:?}"),
        Ok(_) => panic!("{url}: opened"),
    }
}

#[test]
fn a_url_without_a_server_is_invalid_input() {
    let why = refused("postgresql:///region");
    assert!(why.contains("names no server"), "{why}");
    refused("postgresql://diary@/region?options=-c%20search_path%3Dschool_7");
}

#[test]
fn a_url_that_does_not_parse_is_invalid_input() {
    let why = refused("postgresql://diary@localhost/region?sslmode=sometimes");
    assert!(why.contains("not a PostgreSQL URL"), "{why}");
}

#[test]
fn settings_with_characters_no_text_may_hold_are_invalid_input() {
    // A right-to-left override in the schema name, a control character in
    // the user, a zero-width space in the database's name.
    for url in [
        "postgresql://diary@localhost/region?options=-c%20search_path%3Dschool%E2%80%AE7",
        "postgresql://dia%07ry@localhost/region",
        "postgresql://diary@localhost/reg%E2%80%8Bion",
    ] {
        let why = refused(url);
        assert!(why.contains("must not contain"), "{url}: {why}");
    }
}

#[test]
fn a_server_that_cannot_be_reached_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "postgresql://diary@localhost/region?host={}",
        dir.path().display()
    );
    match Diary::open(&url) {
        Err(Error::IoError(why)) => assert!(why.contains("connect"), "{why}"),
        other => panic!("expected IoError, got {:?}", other.err()),
    }
}

fn open(url: &str, mode: OpenMode) -> Result<Diary> {
    Diary::open_with(
        url,
        OpenOptions {
            mode,
            ..OpenOptions::default()
        },
    )
}

/// The number of tables in the schema the URL names.
fn tables(url: &str) -> i64 {
    let d = postgres::Client::connect(url, postgres::NoTls);
    d.unwrap()
        .query_one(
            "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()",
            &[],
        )
        .unwrap()
        .get(0)
}

#[test]
fn an_empty_schema_is_a_diary_only_in_the_create_mode() {
    let url = postgres_url().expect("the suite's PostgreSQL run (DIARY_TEST_ENGINE=postgres)");
    for mode in [OpenMode::Existing, OpenMode::ReadOnly] {
        match open(&url, mode) {
            Err(Error::NotADiary(why)) => assert!(why.contains("create mode"), "{why}"),
            other => panic!("{mode:?}: expected NotADiary, got {:?}", other.err()),
        }
        assert_eq!(tables(&url), 0, "{mode:?} left the schema empty");
    }
    let d = open(&url, OpenMode::Create).unwrap();
    let op = Actor::operator();
    d.create_school(&op, &NewSchool::new("School 1", "Moscow", "Europe/Moscow"))
        .unwrap();
    drop(d);
    for mode in [OpenMode::Existing, OpenMode::ReadOnly] {
        let d = open(&url, mode).unwrap();
        assert_eq!(d.schools(&op).unwrap().len(), 1, "{mode:?}");
    }
    let ro = open(&url, OpenMode::ReadOnly).unwrap();
    assert!(matches!(
        ro.create_school(&op, &NewSchool::new("School 2", "Moscow", "Europe/Moscow")),
        Err(Error::ReadOnly(_))
    ));
    // The log's anchor (a settled read, which takes the write lock to wait
    // for appends under way) works read-only, as on a file.
    assert_eq!(
        ro.access_log_head(&op).unwrap(),
        open(&url, OpenMode::Existing)
            .unwrap()
            .access_log_head(&op)
            .unwrap()
    );
}

#[test]
fn a_missing_schema_is_created_only_in_the_create_mode() {
    let url = postgres_url().expect("the suite's PostgreSQL run (DIARY_TEST_ENGINE=postgres)");
    let missing = url.replace("search_path%3Dt_", "search_path%3Dmissing_t_");
    assert_ne!(missing, url);
    for mode in [OpenMode::Existing, OpenMode::ReadOnly] {
        match open(&missing, mode) {
            Err(Error::NotADiary(why)) => assert!(why.contains("does not exist"), "{why}"),
            other => panic!("{mode:?}: expected NotADiary, got {:?}", other.err()),
        }
    }
    open(&missing, OpenMode::Create).unwrap();
    open(&missing, OpenMode::Existing).unwrap();
}
