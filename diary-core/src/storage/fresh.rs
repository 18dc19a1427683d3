//! A new diary in one step: the schema and the rows the migrations leave in
//! an empty database, rendered once into `fresh.sql` (committed, like
//! `diary.h`) and replayed when a diary is created.
//!
//! Running the 35 migrations one after another re-parses the growing
//! schema at every table rebuild: about 290 million instructions for an
//! empty diary, 60 ms natively and 5 s under valgrind, paid by every new
//! file and every in-memory diary. Replaying the final objects parses each
//! once. Files of older versions are still upgraded by the migrations, and
//! a test renders a freshly migrated database and compares it with this
//! file and with a database created from it, so the two paths cannot drift
//! apart: `DIARY_BLESS_SCHEMA=1 cargo test -p diary-core --lib fresh`
//! rewrites the file after a new migration.
//!
//! The file's format: blocks that start with a line `-- table NAME`,
//! `-- index NAME`, `-- view NAME`, `-- trigger NAME` (an object, its SQL
//! as SQLite stores it, then `;`), `-- shadow NAME` (a table a virtual
//! table creates itself: checked, not replayed) or `-- rows` (the seed
//! rows, one script). Tables come first, then the rows (so that no trigger
//! fires for them), then indexes, views and triggers.

use crate::error::{Error, Result};
use rusqlite::Connection;

/// The rendered schema of the latest version.
const FRESH: &str = include_str!("fresh.sql");

/// One schema object as `sqlite_schema` holds it: (type, name, sql).
pub(crate) type Object = (String, String, Option<String>);

/// A block of the file.
enum Block<'a> {
    Object {
        kind: &'a str,
        name: &'a str,
        sql: &'a str,
        shadow: bool,
    },
    Rows(&'a str),
}

const KINDS: [&str; 5] = ["table", "index", "view", "trigger", "shadow"];

fn blocks(text: &str) -> Result<Vec<Block<'_>>> {
    let bad = |why: &str| Error::Internal(format!("fresh.sql: {why}"));
    let mut out = Vec::new();
    let mut rest = text;
    // Skip the leading comment lines (the file's own description).
    while rest.starts_with("-- ") && !is_header(rest) {
        rest = rest.split_once('\n').map_or("", |(_, r)| r);
    }
    while !rest.is_empty() {
        let (head, body_and_rest) = rest.split_once('\n').ok_or_else(|| bad("truncated"))?;
        let end = next_header(body_and_rest);
        let body = &body_and_rest[..end];
        rest = &body_and_rest[end..];
        let head = head
            .strip_prefix("-- ")
            .ok_or_else(|| bad("a block without a header"))?;
        if head == "rows" {
            out.push(Block::Rows(body));
            continue;
        }
        let (kind, name) = head
            .split_once(' ')
            .ok_or_else(|| bad("a header without a name"))?;
        if !KINDS.contains(&kind) {
            return Err(bad(&format!("unknown block {kind}")));
        }
        let sql = body
            .strip_suffix(";\n")
            .ok_or_else(|| bad(&format!("{kind} {name} does not end with ;")))?;
        out.push(if kind == "shadow" {
            Block::Object {
                kind: "table",
                name,
                sql,
                shadow: true,
            }
        } else {
            Block::Object {
                kind,
                name,
                sql,
                shadow: false,
            }
        });
    }
    Ok(out)
}

fn is_header(s: &str) -> bool {
    s == "-- rows"
        || s.starts_with("-- rows\n")
        || KINDS.iter().any(|k| {
            s.strip_prefix("-- ")
                .and_then(|h| h.strip_prefix(k))
                .is_some_and(|h| h.starts_with(' '))
        })
}

/// Where the next block begins in `s` (a header at the start of a line).
fn next_header(s: &str) -> usize {
    let mut at = 0;
    for line in s.split_inclusive('\n') {
        if is_header(line) {
            return at;
        }
        at += line.len();
    }
    s.len()
}

/// The objects a diary of the latest version holds, sorted by (type, name)
/// — what the schema check compares a file with.
pub(crate) fn objects() -> Result<Vec<Object>> {
    let mut out: Vec<Object> = blocks(FRESH)?
        .into_iter()
        .filter_map(|b| match b {
            Block::Object {
                kind, name, sql, ..
            } => Some((kind.to_owned(), name.to_owned(), Some(sql.to_owned()))),
            Block::Rows(_) => None,
        })
        .collect();
    out.sort();
    Ok(out)
}

/// Creates the latest schema and its seed rows in an empty database, in
/// the caller's transaction.
pub(crate) fn create(c: &Connection) -> Result<()> {
    for block in blocks(FRESH)? {
        match block {
            Block::Object { shadow: true, .. } => {}
            Block::Object { sql, .. } => c.execute_batch(sql)?,
            Block::Rows(script) => c.execute_batch(script)?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::types::ValueRef;
    use std::fmt::Write as _;

    /// Renders a database's schema and rows in the file's format: what
    /// `fresh.sql` must hold for a database the migrations just created.
    fn render(c: &Connection) -> Result<String> {
        let mut st = c.prepare(
        "SELECT type, name, sql FROM sqlite_schema
         WHERE name NOT LIKE 'sqlite_%' AND sql IS NOT NULL
         ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'view' THEN 2 ELSE 3 END, rowid",
    )?;
        let objects = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let virtual_tables: Vec<&str> = objects
            .iter()
            .filter(|(_, _, sql)| sql.starts_with("CREATE VIRTUAL TABLE"))
            .map(|(_, name, _)| name.as_str())
            .collect();
        let shadow = |kind: &str, name: &str| {
            kind == "table"
                && virtual_tables
                    .iter()
                    .any(|v| name.strip_prefix(v).is_some_and(|s| s.starts_with('_')))
        };
        let mut out = String::from(
            "-- The schema and seed rows of a new diary, rendered from the migrations\n\
         -- by storage/fresh.rs. Do not edit: after a new migration, run\n\
         -- DIARY_BLESS_SCHEMA=1 cargo test -p diary-core --lib fresh\n",
        );
        let mut rows_done = false;
        for (kind, name, sql) in &objects {
            if kind != "table" && !rows_done {
                render_rows(c, &objects, &shadow, &mut out)?;
                rows_done = true;
            }
            let head = if shadow(kind, name) { "shadow" } else { kind };
            let _ = write!(out, "-- {head} {name}\n{sql};\n");
        }
        if !rows_done {
            render_rows(c, &objects, &shadow, &mut out)?;
        }
        Ok(out)
    }

    /// The rows of every ordinary table, as INSERT statements.
    fn render_rows(
        c: &Connection,
        objects: &[(String, String, String)],
        shadow: &dyn Fn(&str, &str) -> bool,
        out: &mut String,
    ) -> Result<()> {
        out.push_str("-- rows\n");
        for (kind, name, sql) in objects {
            if kind != "table" || shadow(kind, name) || sql.starts_with("CREATE VIRTUAL TABLE") {
                continue;
            }
            let mut st = c.prepare(&format!("SELECT * FROM \"{name}\""))?;
            let width = st.column_count();
            let mut rows = st.query([])?;
            while let Some(row) = rows.next()? {
                let _ = write!(out, "INSERT INTO \"{name}\" VALUES(");
                for i in 0..width {
                    if i > 0 {
                        out.push(',');
                    }
                    literal(row.get_ref(i)?, out);
                }
                out.push_str(");\n");
            }
        }
        Ok(())
    }

    /// A value as an SQL literal of the same storage class.
    fn literal(v: ValueRef<'_>, out: &mut String) {
        match v {
            ValueRef::Null => out.push_str("NULL"),
            ValueRef::Integer(i) => {
                let _ = write!(out, "{i}");
            }
            ValueRef::Real(f) => {
                let _ = write!(out, "{f:?}");
            }
            ValueRef::Text(t) => {
                out.push('\'');
                out.push_str(&String::from_utf8_lossy(t).replace('\'', "''"));
                out.push('\'');
            }
            ValueRef::Blob(b) => {
                out.push_str("X'");
                for byte in b {
                    let _ = write!(out, "{byte:02X}");
                }
                out.push('\'');
            }
        }
    }

    fn migrated() -> Connection {
        let c = Connection::open_in_memory().unwrap();
        let tx = c.unchecked_transaction().unwrap();
        super::super::migrations::run_steps(&tx, 0).unwrap();
        tx.commit().unwrap();
        c
    }

    /// `fresh.sql` is what the migrations make of an empty database.
    #[test]
    fn fresh_schema_is_the_migrations_result() {
        let want = render(&migrated()).unwrap();
        if std::env::var_os("DIARY_BLESS_SCHEMA").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/storage/fresh.sql");
            std::fs::write(path, &want).unwrap();
            return;
        }
        assert!(
            want == FRESH,
            "diary-core/src/storage/fresh.sql is stale: rewrite it with \
             DIARY_BLESS_SCHEMA=1 cargo test -p diary-core --lib fresh"
        );
    }

    /// A database created from the file renders to the file again: the same
    /// objects with the same SQL, the same rows, shadow tables included.
    #[test]
    fn created_database_equals_the_migrated_one() {
        let c = Connection::open_in_memory().unwrap();
        create(&c).unwrap();
        assert_eq!(render(&c).unwrap(), render(&migrated()).unwrap());
        // The parsed objects are exactly sqlite_schema's of both.
        let mut st = c
            .prepare("SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
            .unwrap();
        let have: Vec<Object> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(have, objects().unwrap());
    }
}
