//! Someone with the file tries to rewrite the access log: dropping the
//! append-only triggers is refused at the next open; deleting the newest
//! entries, or deleting refusals and re-chaining the rest, is caught by an
//! anchor the host kept outside the file.

mod common;

use common::*;
use diary_core::*;
use rusqlite::Connection;
use sha2::{Digest, Sha256};
use time::macros::date;

fn setup() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("school.diary");
    let f = build(Diary::open(&path).unwrap());
    // Some reads, a refusal among them.
    f.diary
        .marks(
            &Actor::vouched(f.mother),
            f.student,
            date!(2024 - 09 - 01),
            date!(2024 - 10 - 01),
        )
        .unwrap();
    assert!(f
        .diary
        .marks(
            &Actor::vouched(f.teacher),
            f.mother,
            date!(2024 - 09 - 01),
            date!(2024 - 10 - 01)
        )
        .is_err());
    (dir, path)
}

/// An access-log row as stored (without its hash).
type LogRow = (
    i64,
    i64,
    Option<i64>,
    String,
    Option<i64>,
    Option<i64>,
    String,
    String,
    bool,
);

/// Recomputes the whole chain the way the library does (plain SHA-256).
fn rechain(c: &Connection) {
    let rows: Vec<LogRow> = c
        .prepare("SELECT id, at, actor_id, acting_as, child_id, school_id, data_kind, action, allowed FROM access_log ORDER BY id")
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    c.execute_batch("DELETE FROM access_log").unwrap();
    // One chain per school (school 0: entries of no school), each from
    // the genesis hash in a diary created at schema version 38 or later.
    let mut heads = std::collections::HashMap::<i64, String>::new();
    let opt = |v: Option<i64>| v.map_or("-".to_owned(), |x| x.to_string());
    for (new_id, (_, at, actor, acting, child, school, kind, action, allowed)) in
        rows.into_iter().enumerate()
    {
        let id = new_id as i64 + 1;
        let chain = school.unwrap_or(0);
        let prev = heads.entry(chain).or_insert_with(|| "0".repeat(64));
        let text = format!(
            "{prev}|{id}|{at}|{}|{acting}|{}|{}|{kind}|{action}|{}",
            opt(actor),
            opt(child),
            opt(school.filter(|&s| s != 0)),
            u8::from(allowed)
        );
        let hash: String = Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        c.execute(
            "INSERT INTO access_log (id, at, actor_id, acting_as, child_id, school_id, data_kind, action, allowed, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            rusqlite::params![id, at, actor, acting, child, chain, kind, action, allowed, hash],
        )
        .unwrap();
        *prev = hash;
    }
}

const TRIGGER: &str = "CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
    BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END";

#[test]
fn a_dropped_trigger_is_refused_at_open_and_repaired_by_the_operator() {
    let (_dir, path) = setup();
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch("DROP TRIGGER access_log_no_delete")
            .unwrap();
    }
    let e = Diary::open(&path).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Corrupt, "{e}");
    assert!(e.to_string().contains("access_log_no_delete"), "{e}");
    let done = Diary::repair_schema(&path).unwrap();
    assert_eq!(done, ["trigger access_log_no_delete recreated"]);
    let d = Diary::open(&path).unwrap();
    let v = d.verify_access_log(&Actor::operator()).unwrap();
    assert_eq!(v.first_broken, None);
    // The repair itself is in the log.
    let c = Connection::open(&path).unwrap();
    let kind: String = c
        .query_row(
            "SELECT data_kind FROM access_log ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kind, "schema_repair");
}

#[test]
fn foreign_triggers_and_altered_indexes_are_refused() {
    let (_dir, path) = setup();
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch(
            "CREATE TRIGGER hide_refusals AFTER INSERT ON access_log WHEN NEW.allowed = 0
             BEGIN SELECT 1; END",
        )
        .unwrap();
    }
    let e = Diary::open(&path).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Corrupt);
    assert!(e.to_string().contains("hide_refusals"), "{e}");
    assert_eq!(
        Diary::repair_schema(&path).unwrap(),
        ["trigger hide_refusals removed"]
    );
    Diary::open(&path).unwrap();
}

#[test]
fn cutting_the_log_short_is_caught_by_an_anchor() {
    let (_dir, path) = setup();
    let anchor = {
        let d = Diary::open(&path).unwrap();
        d.access_log_head(&Actor::operator()).unwrap().unwrap()
    };
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch("DROP TRIGGER access_log_no_delete")
            .unwrap();
        c.execute("DELETE FROM access_log WHERE id >= ?1", [anchor.id - 1])
            .unwrap();
        c.execute_batch(TRIGGER).unwrap();
    }
    let d = Diary::open(&path).unwrap();
    // The chain inside the file still verifies...
    assert_eq!(
        d.verify_access_log(&Actor::operator())
            .unwrap()
            .first_broken,
        None
    );
    // ...but the anchor kept outside does not.
    let v = d
        .verify_access_log_against(&Actor::operator(), &anchor)
        .unwrap();
    assert_eq!(v.anchor_matches, Some(false));
    assert_eq!(v.first_broken, Some(anchor.id));
}

#[test]
fn deleting_refusals_and_rechaining_is_caught_by_an_anchor() {
    let (_dir, path) = setup();
    let anchor = {
        let d = Diary::open(&path).unwrap();
        d.access_log_head(&Actor::operator()).unwrap().unwrap()
    };
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch("DROP TRIGGER access_log_no_delete")
            .unwrap();
        c.execute_batch("DELETE FROM access_log WHERE allowed = 0")
            .unwrap();
        rechain(&c);
        c.execute_batch(TRIGGER).unwrap();
    }
    let d = Diary::open(&path).unwrap();
    assert_eq!(
        d.verify_access_log(&Actor::operator())
            .unwrap()
            .first_broken,
        None,
        "a re-chained log verifies on its own"
    );
    let v = d
        .verify_access_log_against(&Actor::operator(), &anchor)
        .unwrap();
    assert_eq!(v.anchor_matches, Some(false));
    // An untouched log matches its anchor.
    let fresh = d.access_log_head(&Actor::operator()).unwrap().unwrap();
    let v = d
        .verify_access_log_against(&Actor::operator(), &fresh)
        .unwrap();
    assert_eq!((v.anchor_matches, v.first_broken), (Some(true), None));
    // Teachers may not take anchors; a malformed anchor is refused with
    // an error naming it, not reported as a rewritten log.
    for (id, hash) in [
        (0, "x".to_owned()),
        (fresh.id, "x".to_owned()),
        (fresh.id, fresh.hash.to_uppercase()),
        (fresh.id, format!("\u{202e}{}", &fresh.hash[3..])),
        (fresh.id, format!("{}\u{200b}", &fresh.hash[3..])),
    ] {
        let e = d
            .verify_access_log_against(&Actor::operator(), &LogAnchor { id, hash })
            .unwrap_err();
        assert_eq!(e.field(), Some("anchor"), "{e}");
    }
}

/// Each school's entries form their own chain: cutting one school's chain
/// short is caught by that school's admin's anchor and the operator's, and
/// leaves the other school's admin's anchor and chain intact; an admin
/// verifies and counts their own school's entries alone.
#[test]
fn one_schools_chain_cut_short_is_caught_by_its_own_anchors_alone() {
    use common::world::school;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("two.diary");
    let open = || {
        let clock = std::sync::Arc::new(ManualClock::new(
            time::macros::datetime!(2024-09-20 10:00 UTC),
        ));
        Diary::open_with(
            &path,
            OpenOptions {
                clock,
                ..OpenOptions::default()
            },
        )
        .unwrap()
    };
    let (a, b, a_entries) = {
        let d = open();
        let a = school(&d, "A", 700_000, None);
        let b = school(&d, "B", 710_000, None);
        let a_entries = d
            .access_log_of_school(&Actor::vouched(a.admin), a.ids.school)
            .unwrap()
            .len();
        (a, b, a_entries)
    };
    let (admin_a, admin_b) = (Actor::vouched(a.admin), Actor::vouched(b.admin));
    let d = open();
    let v = d.verify_access_log(&admin_a).unwrap();
    assert_eq!((v.entries as usize, v.first_broken), (a_entries, None));
    let anchors = [
        d.access_log_head(&admin_a).unwrap().unwrap(),
        d.access_log_head(&admin_b).unwrap().unwrap(),
        d.access_log_head(&Actor::operator()).unwrap().unwrap(),
    ];
    drop(d);
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch("DROP TRIGGER access_log_no_delete")
            .unwrap();
        c.execute(
            "DELETE FROM access_log WHERE id = (SELECT max(id) FROM access_log WHERE school_id = ?1)",
            [b.ids.school.0],
        )
        .unwrap();
        c.execute_batch(TRIGGER).unwrap();
    }
    let d = open();
    let check = |who: &Actor, anchor: &LogAnchor| {
        let v = d.verify_access_log_against(who, anchor).unwrap();
        v.anchor_matches
    };
    assert_eq!(
        check(&admin_a, &anchors[0]),
        Some(true),
        "school A is untouched"
    );
    assert_eq!(
        check(&admin_b, &anchors[1]),
        Some(false),
        "school B was cut"
    );
    assert_eq!(check(&Actor::operator(), &anchors[2]), Some(false));
    // What is left of B's chain still links: only an anchor sees the cut.
    assert_eq!(d.verify_access_log(&admin_b).unwrap().first_broken, None);
}
