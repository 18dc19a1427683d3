use super::*;
use crate::storage::fresh;
use rusqlite::Connection;

fn catalogue_of(sql: &str) -> Catalogue {
    let c = Connection::open_in_memory().unwrap();
    c.execute_batch(sql).unwrap();
    Catalogue::of_sqlite(&c).unwrap()
}

fn schema() -> Catalogue {
    let c = Connection::open_in_memory().unwrap();
    fresh::create(&c).unwrap();
    Catalogue::of_sqlite(&c).unwrap()
}

/// What `check` says of the tables `sql` creates, leaving out the tables
/// placed but not created. With the postgres feature, the same tables are
/// also created on the test server and must be judged the same from its
/// catalogue.
fn breaches(sql: &str) -> Vec<String> {
    let judge = |cat: Catalogue| -> Vec<String> {
        check(&cat)
            .into_iter()
            .filter(|v| v.what != "is placed but not in the schema")
            .map(|v| v.to_string())
            .collect()
    };
    let found = judge(catalogue_of(sql));
    #[cfg(feature = "postgres")]
    assert_eq!(
        judge(crate::storage::catalogue::postgres_catalogue_of(sql)),
        found,
        "PostgreSQL's catalogue is judged otherwise"
    );
    found
}

const DEBT_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/src/storage/distribution/debt.txt"
);

/// The schema breaks no rule of distribution but those listed in
/// `debt.txt`, and every listed breach still exists: the list can only
/// shrink. `DIARY_BLESS_DEBT=1` rewrites it when breaches were mended
/// and none was added.
#[test]
fn the_schema_breaks_no_rule_but_its_listed_debt() {
    let found: Vec<String> = check(&schema()).iter().map(|v| v.to_string()).collect();
    let debt = include_str!("debt.txt");
    let listed: Vec<&str> = debt
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let new: Vec<&String> = found
        .iter()
        .filter(|v| !listed.contains(&v.as_str()))
        .collect();
    assert!(
        new.is_empty(),
        "the schema breaks rules of distribution by school (docs/scale-out.md):\n{}",
        new.iter().map(|v| format!("  {v}\n")).collect::<String>()
    );
    let mended: Vec<&&str> = listed
        .iter()
        .filter(|l| !found.iter().any(|v| v == **l))
        .collect();
    if std::env::var_os("DIARY_BLESS_DEBT").is_some() {
        let head: String = debt
            .lines()
            .take_while(|l| l.starts_with('#'))
            .map(|l| format!("{l}\n"))
            .collect();
        let body: String = found.iter().map(|v| format!("{v}\n")).collect();
        std::fs::write(DEBT_PATH, head + &body).unwrap();
        return;
    }
    assert!(
        mended.is_empty(),
        "mended, so take them off debt.txt (DIARY_BLESS_DEBT=1):\n{}",
        mended
            .iter()
            .map(|v| format!("  {v}\n"))
            .collect::<String>()
    );
}

#[test]
fn every_table_is_placed_once() {
    for (i, (name, _, why)) in TABLES.iter().enumerate() {
        assert!(!why.is_empty(), "{name}");
        assert!(
            TABLES[i + 1..].iter().all(|(n, _, _)| n != name),
            "{name} is placed twice"
        );
    }
    let cat = schema();
    for t in &cat.tables {
        assert!(placement(&t.name).is_some(), "{} has no placement", t.name);
    }
    assert_eq!(cat.tables.len(), TABLES.len());
}

#[test]
fn a_schema_that_keeps_the_rules_passes() {
    let sql = "
        CREATE TABLE school (id INTEGER PRIMARY KEY);
        CREATE TABLE person (id INTEGER PRIMARY KEY, registered_school INTEGER REFERENCES school(id));
        CREATE TABLE mark (school_id INTEGER NOT NULL REFERENCES school(id), id INTEGER NOT NULL,
            student_id INTEGER NOT NULL REFERENCES person(id), PRIMARY KEY (school_id, id));
        CREATE TABLE mark_change (school_id INTEGER NOT NULL, id INTEGER NOT NULL, mark_id INTEGER NOT NULL,
            PRIMARY KEY (school_id, id), UNIQUE (school_id, mark_id),
            FOREIGN KEY (school_id, mark_id) REFERENCES mark(school_id, id));
        CREATE TABLE account (person_id INTEGER PRIMARY KEY REFERENCES person(id));
        CREATE TABLE session (person_id INTEGER NOT NULL REFERENCES account(person_id),
            token_hash TEXT NOT NULL, PRIMARY KEY (person_id, token_hash));
        CREATE TABLE feed_state (id INTEGER PRIMARY KEY);";
    assert_eq!(breaches(sql), Vec::<String>::new());
}

#[test]
fn each_rule_is_caught() {
    let sql = "
        CREATE TABLE school (id INTEGER PRIMARY KEY);
        CREATE TABLE mark (id INTEGER PRIMARY KEY, school_id INTEGER);
        CREATE TABLE mark_change (school_id INTEGER NOT NULL, id INTEGER PRIMARY KEY,
            mark_id INTEGER REFERENCES mark(id), UNIQUE (mark_id));
        CREATE TABLE lesson (id INTEGER PRIMARY KEY);
        CREATE TABLE homework (school_id INTEGER NOT NULL, lesson_id INTEGER NOT NULL);
        CREATE TABLE person (id INTEGER PRIMARY KEY, first_mark INTEGER REFERENCES mark(id));
        CREATE TABLE contact (person_id INTEGER PRIMARY KEY, mark_id INTEGER REFERENCES mark(id));
        CREATE TABLE feed_state (id INTEGER PRIMARY KEY, mark_id INTEGER REFERENCES mark(id));
        CREATE TABLE holiday (school_id INTEGER NOT NULL, id INTEGER NOT NULL,
            note INTEGER REFERENCES feed_state(id), PRIMARY KEY (school_id, id));
        CREATE TABLE unplaced (id INTEGER PRIMARY KEY);";
    assert_eq!(
        breaches(sql),
        [
            "contact: foreign key (mark_id) -> mark(id) joins a table distributed by person to a table distributed by school",
            "feed_state: foreign key (mark_id) -> mark(id) joins an operator table to a table distributed by school",
            "holiday: foreign key (note) -> feed_state(id) joins a table distributed by school to an operator table",
            "homework: has no primary key (one with school_id)",
            "lesson: has no school_id column",
            "mark: primary key (id) lacks school_id",
            "mark: school_id may be NULL",
            "mark_change: foreign key (mark_id) -> mark(id) does not join on school_id",
            "mark_change: primary key (id) lacks school_id",
            "mark_change: unique (mark_id) lacks school_id",
            "person: foreign key (first_mark) -> mark(id) refers from a reference table to a table distributed by school",
            "unplaced: has no placement",
        ]
    );
}

/// The Citus script distributes every table after the tables it refers
/// to within its group, and places every table but the operator's.
#[test]
fn citus_script_orders_parents_first() {
    let cat = schema();
    let script = citus_script(&cat);
    let line_of = |t: &str| script.lines().position(|l| l.contains(&format!("('{t}'")));
    for t in &cat.tables {
        let p = placement(&t.name).unwrap();
        if p == Operator {
            assert!(line_of(&t.name).is_none(), "{}", t.name);
            continue;
        }
        let me = line_of(&t.name).unwrap_or_else(|| panic!("{} is not in the script", t.name));
        for fk in &t.foreign_keys {
            if fk.parent != t.name && placement(&fk.parent) == Some(p) {
                assert!(
                    line_of(&fk.parent).unwrap() < me,
                    "{} before {}",
                    fk.parent,
                    t.name
                );
            }
        }
    }
}

/// The breaches of today's schema counted by kind, as a Markdown table.
fn debt_summary(found: &[Violation]) -> String {
    const KINDS: &[(&str, &str)] = &[
        (
            "foreign key",
            "a foreign key that does not join on the distribution column, or crosses placements",
        ),
        (
            "has no school_id column",
            "a table distributed by school without a `school_id` column",
        ),
        (
            "primary key",
            "a primary key without the distribution column",
        ),
        (
            "has no primary key",
            "a distributed table without a primary key",
        ),
        (
            "unique",
            "a unique constraint without the distribution column",
        ),
        ("may be NULL", "a distribution column that may be NULL"),
    ];
    let mut out = String::from("| breach | count |\n|---|---|\n");
    let mut counted = 0;
    for (start, words) in KINDS {
        let n = found
            .iter()
            .filter(|v| v.what.starts_with(start) || v.what.ends_with(start))
            .count();
        counted += n;
        out.push_str(&format!("| {words} | {n} |\n"));
    }
    assert_eq!(counted, found.len(), "a breach of no kind in debt_summary");
    out
}

/// docs/scale-out.md shows the placement, the script and the breaches as
/// they are.
#[test]
fn the_scale_out_page_shows_the_placement_and_script() {
    let doc = include_str!("../../../../docs/scale-out.md");
    let found = check(&schema());
    let total = format!("rules in {} places", found.len());
    assert!(
        doc.contains(&total),
        "docs/scale-out.md should say: {total}"
    );
    let summary = debt_summary(&found);
    assert!(
        doc.contains(&summary),
        "docs/scale-out.md lacks the breaches by kind:\n{summary}"
    );
    let table = placement_table();
    assert!(
        doc.contains(&table),
        "docs/scale-out.md lacks the placement table:\n{table}"
    );
    let script = citus_script(&schema());
    assert!(
        doc.contains(&script),
        "docs/scale-out.md lacks the Citus script:\n{script}"
    );
}

/// The PostgreSQL schema, created on the test server and read from its
/// catalogue, keeps every rule of distribution: no debt there.
#[cfg(feature = "postgres")]
#[test]
fn the_postgres_schema_keeps_every_rule() {
    let cat = crate::storage::catalogue::postgres_catalogue_of(
        &crate::storage::postgres::latest_schema(),
    );
    let found: Vec<String> = check(&cat).iter().map(|v| v.to_string()).collect();
    assert_eq!(found, Vec::<String>::new());
    // The Citus script on the page, rendered from SQLite's catalogue, is
    // the one PostgreSQL's gives: the same tables refer to the same ones.
    assert_eq!(citus_script(&cat), citus_script(&schema()));
}

/// The PostgreSQL schema has every table, column and index of the SQLite
/// schema, each column as nullable as there; it adds only the distribution
/// column and, where SQLite has no key, an id.
#[cfg(feature = "postgres")]
#[test]
fn the_postgres_schema_has_every_table_and_column_of_sqlite() {
    let pg = crate::storage::catalogue::postgres_catalogue_of(
        &crate::storage::postgres::latest_schema(),
    );
    let lite = schema();
    let names = |cat: &Catalogue| -> Vec<String> {
        let mut n: Vec<String> = cat.tables.iter().map(|t| t.name.clone()).collect();
        n.sort();
        n
    };
    assert_eq!(names(&pg), names(&lite));
    for t in &lite.tables {
        let p = pg.table(&t.name).unwrap();
        let placed = placement(&t.name).unwrap();
        // The search index stands for SQLite's FTS5 table chat_search; a
        // lookup index serves SQLite's key where PostgreSQL's is led by
        // school_id (schema.sql, at the end).
        let lookup = format!("{}_lookup", t.name);
        let school_led = p.primary_key.len() > 1 && p.primary_key[0] == "school_id";
        assert_eq!(
            p.indexes.contains(&lookup),
            school_led,
            "{}: a lookup index where, and only where, the key is led by school_id",
            t.name
        );
        let pg_indexes: Vec<_> = p
            .indexes
            .iter()
            .filter(|i| i.as_str() != "chat_message_search" && **i != lookup)
            .cloned()
            .collect();
        // SQLite's own key may be school-led too (access_log), with the
        // same lookup index.
        let lite_indexes: Vec<_> = t
            .indexes
            .iter()
            .filter(|i| **i != lookup)
            .cloned()
            .collect();
        assert_eq!(pg_indexes, lite_indexes, "{}: indexes differ", t.name);
        for c in &t.columns {
            let Some(pc) = p.column(&c.name) else {
                panic!("{}.{} is not in the PostgreSQL schema", t.name, c.name);
            };
            let may_tighten = placed.distribution_column() == Some(c.name.as_str());
            assert!(
                pc.not_null == c.not_null || (may_tighten && pc.not_null),
                "{}.{}: NOT NULL differs",
                t.name,
                c.name
            );
        }
        for pc in &p.columns {
            if t.column(&pc.name).is_none() {
                let added_key = pc.name == "id" && t.primary_key.is_empty();
                assert!(
                    placed.distribution_column() == Some(pc.name.as_str()) || added_key,
                    "{}.{} is only in the PostgreSQL schema",
                    t.name,
                    pc.name
                );
            }
        }
    }
}

/// Every table of a school's data has `school_id` in the SQLite schema, so
/// the library's inserts name it, and PostgreSQL has no `BEFORE INSERT`
/// row trigger on any such table that could fill it in: an insert that
/// leaves it out fails there, as Citus would refuse to route it.
#[cfg(feature = "postgres")]
#[test]
fn postgres_fills_no_school_id_by_trigger() {
    let lite = schema();
    let by_school: Vec<&str> = lite
        .tables
        .iter()
        .filter(|t| placement(&t.name) == Some(BySchool))
        .map(|t| t.name.as_str())
        .collect();
    let lacking: Vec<&str> = lite
        .tables
        .iter()
        .filter(|t| by_school.contains(&t.name.as_str()))
        .filter(|t| !t.columns.iter().any(|c| c.name == "school_id"))
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(
        lacking,
        Vec::<&str>::new(),
        "tables of a school's data without school_id"
    );
    let scratch = crate::storage::postgres::scratch::Scratch::new();
    let mut client = scratch.client();
    client
        .batch_execute(&crate::storage::postgres::latest_schema())
        .unwrap();
    // tgtype bits: 1 row, 2 before, 4 insert.
    let filling: Vec<String> = client
        .query(
            "SELECT c.relname::text || ': ' || t.tgname::text FROM pg_trigger t
               JOIN pg_class c ON c.oid = t.tgrelid
              WHERE c.relnamespace = current_schema()::regnamespace
                AND NOT t.tgisinternal AND t.tgtype & 7 = 7
              ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get::<_, String>(0))
        .filter(|t| by_school.contains(&t.split(':').next().unwrap_or_default()))
        .collect();
    assert_eq!(
        filling,
        Vec::<String>::new(),
        "triggers that could fill school_id"
    );
    let e = client
        .batch_execute(
            "INSERT INTO mark (student_id, subject_id, class_id, period_id, lesson_day, entry,
                               scale_id, label, value_centi, work_kind_id, weight_centi, counting,
                               teacher_id, created_at)
             VALUES (1, 1, 1, 1, '2026-09-01', 0, 1, '5', 500, 1, 100, 0, 1, now())",
        )
        .unwrap_err();
    let db = e.as_db_error().expect("refused by the server");
    assert_eq!(
        (db.code().code(), db.column()),
        ("23502", Some("school_id")),
        "a mark without its school is refused as NULL: {db:?}"
    );
}
