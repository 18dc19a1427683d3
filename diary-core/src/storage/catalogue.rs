//! The schema as the database's own catalogue describes it: tables, their
//! columns, primary keys, unique constraints and foreign keys, in a form
//! that does not depend on the engine. [`super::distribution`] checks the
//! rules of distribution by school against it; SQLite's catalogue is read
//! here (the PostgreSQL backend will read `pg_catalog` into the same
//! shape).

use crate::error::Result;
use rusqlite::Connection;

/// One column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Column {
    pub name: String,
    pub not_null: bool,
}

/// A foreign key: `columns` of the table refer to `parent_columns` of
/// `parent`, pairwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ForeignKey {
    pub columns: Vec<String>,
    pub parent: String,
    pub parent_columns: Vec<String>,
}

/// One table. A key part that is an expression, not a column, is named
/// `<expression>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Table {
    pub name: String,
    pub columns: Vec<Column>,
    pub primary_key: Vec<String>,
    /// Unique constraints and unique indexes other than the primary key.
    pub uniques: Vec<Vec<String>>,
    pub foreign_keys: Vec<ForeignKey>,
    /// The names of the indexes made by CREATE INDEX (not those behind a
    /// key or constraint), sorted.
    pub indexes: Vec<String>,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// Every ordinary table of a database, by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Catalogue {
    pub tables: Vec<Table>,
}

impl Catalogue {
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// Reads SQLite's catalogue. Virtual tables and their shadow tables
    /// (the full-text index) are left out: they are an engine's index, not
    /// data of their own, and PostgreSQL keeps the same index as a column.
    pub fn of_sqlite(c: &Connection) -> Result<Self> {
        let names: Vec<(String, String)> = c
            .prepare(
                "SELECT name, sql FROM sqlite_schema
                 WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let virtual_tables: Vec<&str> = names
            .iter()
            .filter(|(_, sql)| sql.starts_with("CREATE VIRTUAL TABLE"))
            .map(|(n, _)| n.as_str())
            .collect();
        let mut tables = Vec::new();
        for (name, _) in &names {
            let engine_owned = virtual_tables
                .iter()
                .any(|v| name == v || name.strip_prefix(v).is_some_and(|s| s.starts_with('_')));
            if !engine_owned {
                tables.push(sqlite_table(c, name)?);
            }
        }
        // A foreign key that names no parent columns refers to the
        // parent's primary key.
        let keys: Vec<(String, Vec<String>)> = tables
            .iter()
            .map(|t| (t.name.clone(), t.primary_key.clone()))
            .collect();
        for t in &mut tables {
            for fk in &mut t.foreign_keys {
                if fk.parent_columns.iter().any(String::is_empty) {
                    if let Some((_, pk)) = keys.iter().find(|(n, _)| *n == fk.parent) {
                        fk.parent_columns.clone_from(pk);
                    }
                }
            }
        }
        Ok(Catalogue { tables })
    }
}

/// Reads PostgreSQL's catalogue (`pg_catalog`) for the ordinary and
/// partitioned tables of the connection's current schema.
#[cfg(feature = "postgres")]
pub(crate) fn of_postgres(client: &mut postgres::Client) -> Result<Catalogue> {
    let pg = super::postgres::error;
    // The names of an array of attribute numbers of a relation, in order.
    const NAMES: &str = "ARRAY(SELECT coalesce(a.attname::text, '<expression>')
        FROM unnest(KEYS) WITH ORDINALITY k(n, o)
        LEFT JOIN pg_attribute a ON a.attrelid = REL AND a.attnum = k.n AND k.n <> 0
        WHERE k.o <= LIMIT ORDER BY k.o)";
    let names = |keys: &str, rel: &str, limit: &str| {
        NAMES
            .replace("KEYS", keys)
            .replace("REL", rel)
            .replace("LIMIT", limit)
    };
    let relations = client
        .query(
            "SELECT c.oid, c.relname::text FROM pg_class c
             JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
             ORDER BY c.relname",
            &[],
        )
        .map_err(pg)?;
    let constraints = format!(
        "SELECT con.contype::text, {}, coalesce(p.relname::text, ''), {}
         FROM pg_constraint con LEFT JOIN pg_class p ON p.oid = con.confrelid
         WHERE con.conrelid = $1 AND con.contype IN ('p', 'u', 'f')
         ORDER BY con.conname",
        names("con.conkey", "con.conrelid", "1000"),
        names("con.confkey", "con.confrelid", "1000"),
    );
    let unique_indexes = format!(
        "SELECT {} FROM pg_index i
         WHERE i.indrelid = $1 AND i.indisunique AND NOT i.indisprimary
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
         ORDER BY i.indexrelid::regclass::text",
        names("i.indkey::int2[]", "i.indrelid", "i.indnkeyatts"),
    );
    let mut tables = Vec::new();
    for rel in relations {
        let oid: u32 = rel.get(0);
        let mut t = Table {
            name: rel.get(1),
            columns: Vec::new(),
            primary_key: Vec::new(),
            uniques: Vec::new(),
            foreign_keys: Vec::new(),
            indexes: Vec::new(),
        };
        for r in client
            .query(
                "SELECT attname::text, attnotnull FROM pg_attribute
                 WHERE attrelid = $1 AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
                &[&oid],
            )
            .map_err(pg)?
        {
            t.columns.push(Column {
                name: r.get(0),
                not_null: r.get(1),
            });
        }
        for r in client.query(&constraints, &[&oid]).map_err(pg)? {
            let kind: String = r.get(0);
            let columns: Vec<String> = r.get(1);
            match kind.as_str() {
                "p" => t.primary_key = columns,
                "u" => t.uniques.push(columns),
                _ => t.foreign_keys.push(ForeignKey {
                    columns,
                    parent: r.get(2),
                    parent_columns: r.get(3),
                }),
            }
        }
        for r in client.query(&unique_indexes, &[&oid]).map_err(pg)? {
            t.uniques.push(r.get(0));
        }
        for r in client
            .query(
                "SELECT c.relname::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                 WHERE i.indrelid = $1
                   AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
                 ORDER BY 1",
                &[&oid],
            )
            .map_err(pg)?
        {
            t.indexes.push(r.get(0));
        }
        tables.push(t);
    }
    Ok(Catalogue { tables })
}

fn sqlite_table(c: &Connection, name: &str) -> Result<Table> {
    let mut columns = Vec::new();
    let mut pk: Vec<(i64, String)> = Vec::new();
    let mut st = c.prepare("SELECT name, \"notnull\", pk FROM pragma_table_info(?1)")?;
    let mut rows = st.query([name])?;
    while let Some(r) = rows.next()? {
        let col: String = r.get(0)?;
        let not_null: bool = r.get(1)?;
        let pk_pos: i64 = r.get(2)?;
        if pk_pos > 0 {
            pk.push((pk_pos, col.clone()));
        }
        // SQLite lets a rowid alias be written as NULL (it assigns one),
        // but never stores NULL in it.
        let rowid_alias = pk_pos > 0;
        columns.push(Column {
            name: col,
            not_null: not_null || rowid_alias,
        });
    }
    pk.sort();
    let primary_key = pk.into_iter().map(|(_, c)| c).collect();

    let mut uniques = Vec::new();
    let indexes: Vec<String> = c
        .prepare(
            "SELECT name FROM pragma_index_list(?1)
             WHERE \"unique\" = 1 AND origin <> 'pk' ORDER BY name",
        )?
        .query_map([name], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for index in indexes {
        let cols: Vec<String> = c
            .prepare("SELECT name FROM pragma_index_info(?1) ORDER BY seqno")?
            .query_map([&index], |r| r.get::<_, Option<String>>(0))?
            .map(|n| n.map(|n| n.unwrap_or_else(|| "<expression>".to_owned())))
            .collect::<rusqlite::Result<_>>()?;
        uniques.push(cols);
    }

    let indexes: Vec<String> = c
        .prepare("SELECT name FROM pragma_index_list(?1) WHERE origin = 'c' ORDER BY name")?
        .query_map([name], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;

    let mut foreign_keys: Vec<(i64, ForeignKey)> = Vec::new();
    let mut st = c.prepare(
        "SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?1) ORDER BY id, seq",
    )?;
    let mut rows = st.query([name])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let parent: String = r.get(1)?;
        let from: String = r.get(2)?;
        let to: Option<String> = r.get(3)?;
        let to = to.unwrap_or_default();
        match foreign_keys.last_mut() {
            Some((last, fk)) if *last == id => {
                fk.columns.push(from);
                fk.parent_columns.push(to);
            }
            _ => foreign_keys.push((
                id,
                ForeignKey {
                    columns: vec![from],
                    parent,
                    parent_columns: vec![to],
                },
            )),
        }
    }
    Ok(Table {
        name: name.to_owned(),
        columns,
        primary_key,
        uniques,
        foreign_keys: foreign_keys.into_iter().map(|(_, fk)| fk).collect(),
        indexes,
    })
}

/// The catalogue of the tables `sql` creates on the test server
/// (`DIARY_TEST_POSTGRES`, which tests/run.sh starts), in a schema of
/// their own that is dropped afterwards.
#[cfg(all(test, feature = "postgres"))]
pub(crate) fn postgres_catalogue_of(sql: &str) -> Catalogue {
    let scratch = super::postgres::scratch::Scratch::new();
    let mut client = scratch.client();
    client.batch_execute(sql).expect("the test tables");
    of_postgres(&mut client).expect("read the catalogue")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tables both engines accept, with every kind of key.
    const KEYS: &str = "
        CREATE TABLE p (id INTEGER PRIMARY KEY, a INTEGER NOT NULL, b TEXT, UNIQUE (a, b), UNIQUE (a, id));
        CREATE TABLE q (s INTEGER NOT NULL, x INTEGER, y INTEGER,
            PRIMARY KEY (x, s), FOREIGN KEY (y) REFERENCES p, FOREIGN KEY (s, x) REFERENCES p(a, id));
        CREATE UNIQUE INDEX q_expr ON q (coalesce(y, 0), s);
        CREATE INDEX q_plain ON q (y);";

    #[test]
    fn reads_keys_uniques_and_foreign_keys() {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch(KEYS).unwrap();
        c.execute_batch("CREATE VIRTUAL TABLE v USING fts5(t);")
            .unwrap();
        let cat = Catalogue::of_sqlite(&c).unwrap();
        let names: Vec<&str> = cat.tables.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["p", "q"]);
        let p = cat.table("p").unwrap();
        assert_eq!(p.primary_key, ["id"]);
        assert!(p.column("id").unwrap().not_null);
        assert!(!p.column("b").unwrap().not_null);
        assert_eq!(p.uniques, [vec!["a", "b"], vec!["a", "id"]]);
        let q = cat.table("q").unwrap();
        assert_eq!(q.primary_key, ["x", "s"]);
        assert_eq!(q.uniques, [vec!["<expression>", "s"]]);
        assert_eq!(q.indexes, ["q_expr", "q_plain"]);
        assert!(p.indexes.is_empty());
        let mut fks = q.foreign_keys.clone();
        fks.sort_by(|a, b| a.columns.cmp(&b.columns));
        assert_eq!(
            fks,
            [
                ForeignKey {
                    columns: vec!["s".into(), "x".into()],
                    parent: "p".into(),
                    parent_columns: vec!["a".into(), "id".into()],
                },
                ForeignKey {
                    columns: vec!["y".into()],
                    parent: "p".into(),
                    parent_columns: vec!["id".into()],
                },
            ]
        );
    }

    /// The same tables read from a PostgreSQL server's catalogue give the
    /// same catalogue as SQLite's.
    #[cfg(feature = "postgres")]
    #[test]
    fn postgres_catalogue_equals_sqlite() {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch(KEYS).unwrap();
        let normal = |mut cat: Catalogue| {
            for t in &mut cat.tables {
                t.uniques.sort();
                t.foreign_keys.sort_by(|a, b| a.columns.cmp(&b.columns));
            }
            cat
        };
        assert_eq!(
            normal(postgres_catalogue_of(KEYS)),
            normal(Catalogue::of_sqlite(&c).unwrap())
        );
    }
}
