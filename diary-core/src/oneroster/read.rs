//! A checked OneRoster file set's rows by column name, for the import:
//! each row keeps its line so that every later problem can name it.

use super::check::{list_items, parse_files, Parsed};
use std::collections::{BTreeMap, HashMap};

/// One row of a file.
#[derive(Debug, Clone)]
pub(crate) struct Row<'a> {
    pub file: &'static str,
    pub line: usize,
    cells: &'a [String],
    index: &'a HashMap<String, usize>,
}

impl Row<'_> {
    /// The value of a column (empty when the file has no such column).
    pub(crate) fn get(&self, column: &str) -> &str {
        self.index
            .get(column)
            .and_then(|i| self.cells.get(*i))
            .map_or("", |s| s.as_str())
    }

    /// A column's value, `None` when empty.
    pub(crate) fn opt(&self, column: &str) -> Option<&str> {
        Some(self.get(column)).filter(|v| !v.is_empty())
    }

    /// A list column's items (none when empty).
    pub(crate) fn list(&self, column: &str) -> Vec<String> {
        match self.opt(column) {
            Some(v) => list_items(v),
            None => Vec::new(),
        }
    }

    /// The row's sourcedId.
    pub(crate) fn id(&self) -> &str {
        self.get("sourcedId")
    }
}

/// A file set's files, parsed (after [`super::check`] found no problem).
pub(crate) struct FileSet {
    parsed: Parsed,
    indexes: BTreeMap<String, HashMap<String, usize>>,
}

impl FileSet {
    pub(crate) fn new(files: &BTreeMap<String, String>) -> Self {
        let (parsed, _) = parse_files(files);
        let indexes = parsed
            .iter()
            .map(|(name, (header, _))| {
                let idx = header
                    .iter()
                    .enumerate()
                    .map(|(i, h)| (h.clone(), i))
                    .collect();
                (name.clone(), idx)
            })
            .collect();
        FileSet { parsed, indexes }
    }

    /// The rows of `file` (none when it was not sent), but those a delta
    /// file marks `tobedeleted`.
    pub(crate) fn rows(&self, file: &'static str) -> Vec<Row<'_>> {
        self.all_rows(file)
            .into_iter()
            .filter(|r| r.get("status") != "tobedeleted")
            .collect()
    }

    /// The rows a delta file marks `tobedeleted`.
    pub(crate) fn deleted(&self, file: &'static str) -> Vec<Row<'_>> {
        self.all_rows(file)
            .into_iter()
            .filter(|r| r.get("status") == "tobedeleted")
            .collect()
    }

    fn all_rows(&self, file: &'static str) -> Vec<Row<'_>> {
        let (Some((_, rows)), Some(index)) = (self.parsed.get(file), self.indexes.get(file)) else {
            return Vec::new();
        };
        rows.iter()
            .map(|(line, cells)| Row {
                file,
                line: *line,
                cells,
                index,
            })
            .collect()
    }
}
