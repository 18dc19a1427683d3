//! A `postgresql://` URL that cannot name a server is the caller's
//! mistake (`InvalidInput` naming the URL), told apart from a server that
//! cannot be reached (`IoError`); none of these needs a server.
#![cfg(feature = "postgres")]

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
