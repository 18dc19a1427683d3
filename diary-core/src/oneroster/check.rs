//! A checker of OneRoster 1.2 CSV file sets against the binding's tables
//! ([`super::spec`]): the manifest, each file's header, every value's
//! presence and format, bulk and delta rules, unique sourcedIds, and that
//! every reference of a bulk file names a record of the set. It knows
//! nothing of the diary: the tests run it on what the exporter writes and
//! on the hand-made sample set, and the importer runs it first.

use super::spec::{file_of, Column, FileSpec, Format, FILES, MANIFEST_FILES, STATUS};
use crate::csv;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// One thing wrong with a file set: the file, the 1-based line (the header
/// is line 1), the column when one is at fault, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Problem {
    /// The file, e.g. `users.csv`.
    pub file: String,
    /// The line (0 when the file as a whole is at fault).
    pub line: usize,
    /// The column's header, when one is at fault.
    pub column: Option<String>,
    /// What is wrong, in plain words.
    pub reason: String,
}

impl Problem {
    fn new(file: &str, line: usize, column: Option<&str>, reason: impl Into<String>) -> Self {
        Problem {
            file: file.to_owned(),
            line,
            column: column.map(str::to_owned),
            reason: reason.into(),
        }
    }
}

/// How the manifest says a file is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The whole set of records.
    Bulk,
    /// Only changed records, each with status and dateLastModified.
    Delta,
    /// Not sent.
    Absent,
}

/// A file set's parsed files: each file's header and rows by name.
pub type Parsed = BTreeMap<String, (Vec<String>, Vec<(usize, Vec<String>)>)>;

/// The manifest's properties, or the problems that keep it from being
/// read.
pub fn manifest(
    files: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, Vec<Problem>> {
    const M: &str = "manifest.csv";
    let Some(text) = files.get(M) else {
        return Err(vec![Problem::new(M, 0, None, "the manifest is missing")]);
    };
    let rows = csv::parse(text).map_err(|e| vec![Problem::new(M, e.line, None, e.reason)])?;
    let mut out = BTreeMap::new();
    let mut problems = Vec::new();
    match rows.first() {
        Some((_, h)) if h == &["propertyName", "value"] => {}
        _ => problems.push(Problem::new(
            M,
            1,
            None,
            "the header must be propertyName,value",
        )),
    }
    for (line, row) in rows.iter().skip(1) {
        if row.len() != 2 {
            problems.push(Problem::new(M, *line, None, "a row has two fields"));
            continue;
        }
        if out.insert(row[0].clone(), row[1].clone()).is_some() {
            problems.push(Problem::new(
                M,
                *line,
                Some("propertyName"),
                format!("{} is listed twice", row[0]),
            ));
        }
    }
    for (property, want) in [("manifest.version", "1.0"), ("oneroster.version", "1.2")] {
        match out.get(property) {
            Some(v) if v == want => {}
            Some(v) => problems.push(Problem::new(
                M,
                0,
                Some("value"),
                format!("{property} is {v:?}, must be {want}"),
            )),
            None => problems.push(Problem::new(M, 0, None, format!("{property} is missing"))),
        }
    }
    for property in MANIFEST_FILES {
        match out.get(*property).map(String::as_str) {
            Some("bulk" | "delta" | "absent") => {}
            Some(v) => problems.push(Problem::new(
                M,
                0,
                Some("value"),
                format!("{property} is {v:?}; must be bulk, delta or absent"),
            )),
            None => problems.push(Problem::new(M, 0, None, format!("{property} is missing"))),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// The mode the manifest gives a file.
pub fn mode(manifest: &BTreeMap<String, String>, spec: &FileSpec) -> Mode {
    match manifest.get(spec.property).map(String::as_str) {
        Some("bulk") => Mode::Bulk,
        Some("delta") => Mode::Delta,
        _ => Mode::Absent,
    }
}

fn is_date(v: &str) -> bool {
    time::Date::parse(
        v,
        &time::macros::format_description!("[year]-[month]-[day]"),
    )
    .is_ok()
        && v.len() == 10
}

fn is_datetime(v: &str) -> bool {
    let Some(rest) = v.strip_suffix('Z') else {
        return false;
    };
    let (date, clock) = match rest.split_once('T') {
        Some(p) => p,
        None => return false,
    };
    let clock = clock.split_once('.').map_or(clock, |(c, ms)| {
        if !ms.is_empty() && ms.len() <= 3 && ms.bytes().all(|b| b.is_ascii_digit()) {
            c
        } else {
            "invalid"
        }
    });
    is_date(date)
        && time::Time::parse(
            clock,
            &time::macros::format_description!("[hour]:[minute]:[second]"),
        )
        .is_ok()
        && clock.len() == 8
}

fn is_float(v: &str) -> bool {
    let digits = v.strip_prefix('-').unwrap_or(v);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    !int.is_empty()
        && !frac.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

fn is_guid(v: &str) -> bool {
    !v.is_empty() && v.trim() == v && !v.contains(',') && !v.chars().any(char::is_control)
}

fn is_pair(v: &str) -> bool {
    v.strip_prefix('{')
        .and_then(|v| v.strip_suffix('}'))
        .and_then(|v| v.split_once(':'))
        .is_some_and(|(l, r)| !l.trim().is_empty() && !r.trim().is_empty())
}

/// Splits a list field: comma-separated items (a `{..}` item may hold
/// commas).
pub fn list_items(v: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut cur = String::new();
    let mut depth = 0u32;
    for c in v.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if c == ',' && depth == 0 {
            items.push(std::mem::take(&mut cur).trim().to_owned());
        } else {
            cur.push(c);
        }
    }
    items.push(cur.trim().to_owned());
    items
}

/// Why `v` is not in `format`, or `None` when it is.
fn format_error(format: Format, v: &str) -> Option<String> {
    let ok = match format {
        Format::Guid => is_guid(v),
        Format::GuidList => list_items(v).iter().all(|i| is_guid(i)),
        Format::Text | Format::TextList => {
            !v.chars().any(|c| c.is_control() && c != '\n' && c != '\t')
        }
        Format::Date => is_date(v),
        Format::DateTime => is_datetime(v),
        Format::Year => v.len() == 4 && v.bytes().all(|b| b.is_ascii_digit()),
        Format::Bool => v == "true" || v == "false",
        Format::Float => is_float(v),
        Format::Enum(values) => {
            values.contains(&v) || v.strip_prefix("ext:").is_some_and(|t| !t.is_empty())
        }
        Format::IdPairs | Format::Mappings => list_items(v).iter().all(|i| is_pair(i)),
    };
    if ok {
        return None;
    }
    Some(match format {
        Format::Guid => "must be an identifier (not empty, no commas or surrounding spaces)".into(),
        Format::GuidList => "must be a comma-separated list of identifiers".into(),
        Format::Text | Format::TextList => "must not contain control characters".into(),
        Format::Date => "must be a date YYYY-MM-DD".into(),
        Format::DateTime => "must be a UTC date and time, e.g. 2024-09-01T08:00:00Z".into(),
        Format::Year => "must be a year YYYY".into(),
        Format::Bool => "must be true or false".into(),
        Format::Float => "must be a decimal number, e.g. 4.5".into(),
        Format::Enum(values) => format!("must be one of: {} (or ext:...)", values.join(", ")),
        Format::IdPairs => "must be a list of {type:identifier}".into(),
        Format::Mappings => "must be a list of {value:meaning}".into(),
    })
}

/// Parses the manifest's data files; problems of encoding and quoting are
/// reported, the rest is left to [`check`].
pub fn parse_files(files: &BTreeMap<String, String>) -> (Parsed, Vec<Problem>) {
    let mut parsed = Parsed::new();
    let mut problems = Vec::new();
    for spec in FILES {
        let Some(text) = files.get(spec.name) else {
            continue;
        };
        match csv::parse(text) {
            Ok(mut rows) => {
                if rows.is_empty() {
                    problems.push(Problem::new(spec.name, 1, None, "the file has no header"));
                    continue;
                }
                let (_, header) = rows.remove(0);
                parsed.insert(spec.name.to_owned(), (header, rows));
            }
            Err(e) => problems.push(Problem::new(spec.name, e.line, None, e.reason)),
        }
    }
    (parsed, problems)
}

/// Reads a folder's `.csv` files for [`check`] (other files are ignored);
/// a file that is not UTF-8 is reported as a problem.
pub fn read_dir(
    dir: &std::path::Path,
) -> crate::error::Result<(BTreeMap<String, String>, Vec<Problem>)> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        crate::error::Error::invalid("dir", format!("cannot read {}: {e}", dir.display()))
    })?;
    let mut files = BTreeMap::new();
    let mut problems = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| crate::error::Error::invalid("dir", e.to_string()))?
            .path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
            continue;
        };
        if !name.ends_with(".csv") || !path.is_file() {
            continue;
        }
        let bytes = std::fs::read(&path)
            .map_err(|e| crate::error::Error::invalid("dir", format!("cannot read {name}: {e}")))?;
        match String::from_utf8(bytes) {
            Ok(text) => {
                files.insert(name, text);
            }
            Err(e) => problems.push(Problem::new(
                &name,
                0,
                None,
                format!("not UTF-8 (byte {})", e.utf8_error().valid_up_to()),
            )),
        }
    }
    Ok((files, problems))
}

/// [`check`] of a folder's files (see [`read_dir`]).
pub fn check_dir(dir: &std::path::Path) -> crate::error::Result<Vec<Problem>> {
    let (files, mut problems) = read_dir(dir)?;
    problems.extend(check(&files));
    problems.sort();
    Ok(problems)
}

/// Every problem of a file set (files by name, each the CSV text), sorted
/// by file and line; empty when the set conforms.
pub fn check(files: &BTreeMap<String, String>) -> Vec<Problem> {
    let manifest = match manifest(files) {
        Ok(m) => m,
        Err(p) => return p,
    };
    let mut problems = Vec::new();
    for property in MANIFEST_FILES {
        let Some(name) = file_of(property) else {
            continue;
        };
        let present = files.contains_key(&name);
        match (manifest.get(*property).map(String::as_str), present) {
            (Some("absent"), true) => problems.push(Problem::new(
                &name,
                0,
                None,
                format!("the manifest says {property} is absent, but the file is there"),
            )),
            (Some("bulk" | "delta"), false) => problems.push(Problem::new(
                &name,
                0,
                None,
                format!("the manifest lists {property}, but the file is missing"),
            )),
            _ => {}
        }
    }
    for name in files.keys() {
        if name != "manifest.csv"
            && !MANIFEST_FILES
                .iter()
                .any(|p| file_of(p).as_deref() == Some(name.as_str()))
        {
            problems.push(Problem::new(
                name,
                0,
                None,
                "not a file of the OneRoster 1.2 binding",
            ));
        }
    }
    let (parsed, parse_problems) = parse_files(files);
    problems.extend(parse_problems);
    // sourcedIds of each bulk file, for references.
    let mut ids: HashMap<&str, HashSet<&str>> = HashMap::new();
    for spec in FILES {
        if let Some((_, rows)) = parsed.get(spec.name) {
            if mode(&manifest, spec) == Mode::Bulk {
                ids.insert(
                    spec.name,
                    rows.iter()
                        .filter_map(|(_, r)| r.first().map(String::as_str))
                        .collect(),
                );
            }
        }
    }
    for spec in FILES {
        let Some((header, rows)) = parsed.get(spec.name) else {
            continue;
        };
        problems.extend(check_file(spec, mode(&manifest, spec), header, rows, &ids));
    }
    problems.sort();
    problems
}

fn check_file(
    spec: &FileSpec,
    mode: Mode,
    header: &[String],
    rows: &[(usize, Vec<String>)],
    ids: &HashMap<&str, HashSet<&str>>,
) -> Vec<Problem> {
    let f = spec.name;
    let mut problems = Vec::new();
    for (i, column) in spec.columns.iter().enumerate() {
        match header.get(i) {
            Some(h) if h == column.name => {}
            Some(h) => problems.push(Problem::new(
                f,
                1,
                Some(column.name),
                format!("column {} must be {}, not {h:?}", i + 1, column.name),
            )),
            None => problems.push(Problem::new(
                f,
                1,
                Some(column.name),
                format!("column {} ({}) is missing", i + 1, column.name),
            )),
        }
    }
    let mut seen_ext = HashSet::new();
    for h in header.iter().skip(spec.columns.len()) {
        if !h.starts_with("metadata.") || h.len() <= "metadata.".len() {
            problems.push(Problem::new(
                f,
                1,
                Some(h),
                "an extra column must be named metadata.<name>",
            ));
        } else if !seen_ext.insert(h) {
            problems.push(Problem::new(f, 1, Some(h), "the column is listed twice"));
        }
    }
    if !problems.is_empty() {
        return problems;
    }
    let mut seen = HashSet::new();
    for (line, row) in rows {
        if row.len() != header.len() {
            problems.push(Problem::new(
                f,
                *line,
                None,
                format!("{} fields, the header has {}", row.len(), header.len()),
            ));
            continue;
        }
        for (column, v) in spec.columns.iter().zip(row) {
            problems.extend(check_value(f, *line, column, v, mode, ids));
        }
        if !seen.insert(row[0].as_str()) {
            problems.push(Problem::new(
                f,
                *line,
                Some(spec.columns[0].name),
                format!("{:?} is listed twice", row[0]),
            ));
        }
    }
    problems
}

fn check_value(
    f: &str,
    line: usize,
    column: &Column,
    v: &str,
    mode: Mode,
    ids: &HashMap<&str, HashSet<&str>>,
) -> Vec<Problem> {
    let at = |reason: String| vec![Problem::new(f, line, Some(column.name), reason)];
    match (column.name, mode) {
        ("status", Mode::Delta) if !STATUS.contains(&v) => {
            return at("a delta file's status must be active or tobedeleted".into())
        }
        ("status", Mode::Bulk | Mode::Absent) if !(v.is_empty() || v == "active") => {
            return at("a bulk file's status is empty or active".into())
        }
        ("dateLastModified", Mode::Delta) if v.is_empty() => {
            return at("a delta file needs dateLastModified".into())
        }
        _ => {}
    }
    if v.is_empty() {
        return if column.required {
            at("a value is required".into())
        } else {
            Vec::new()
        };
    }
    if let Some(why) = format_error(column.format, v) {
        return at(why);
    }
    if let (Some(target), Mode::Bulk) = (column.refers_to, mode) {
        if let Some(known) = ids.get(target) {
            let items = match column.format {
                Format::GuidList => list_items(v),
                _ => vec![v.to_owned()],
            };
            if let Some(missing) = items.iter().find(|i| !known.contains(i.as_str())) {
                return at(format!("{missing:?} is not a sourcedId of {target}"));
            }
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest_text(files: &[(&str, &str)]) -> String {
        let mut m =
            String::from("propertyName,value\nmanifest.version,1.0\noneroster.version,1.2\n");
        for p in MANIFEST_FILES {
            let mode = files
                .iter()
                .find(|(f, _)| f == p)
                .map_or("absent", |(_, m)| m);
            m.push_str(&format!("{p},{mode}\n"));
        }
        m
    }

    fn set(manifest: &[(&str, &str)], files: &[(&str, &str)]) -> BTreeMap<String, String> {
        let mut out: BTreeMap<String, String> = files
            .iter()
            .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
            .collect();
        out.insert("manifest.csv".into(), manifest_text(manifest));
        out
    }

    const ORGS_H: &str = "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\n";

    #[test]
    fn a_conforming_set_has_no_problems() {
        let s = set(
            &[("file.orgs", "bulk")],
            &[(
                "orgs.csv",
                &format!("{ORGS_H}d1,,,District,district,,\ns1,,,School 1,school,1,d1\n"),
            )],
        );
        assert_eq!(check(&s), vec![]);
    }

    #[test]
    fn each_problem_names_file_line_and_column() {
        let s = set(
            &[("file.orgs", "bulk")],
            &[(
                "orgs.csv",
                &format!("{ORGS_H}s1,,,School,academy,,d9\ns1,,,,school,,\n"),
            )],
        );
        let p = check(&s);
        let got: Vec<(usize, Option<&str>)> =
            p.iter().map(|p| (p.line, p.column.as_deref())).collect();
        assert_eq!(
            got,
            vec![
                (2, Some("parentSourcedId")),
                (2, Some("type")),
                (3, Some("name")),
                (3, Some("sourcedId"))
            ],
            "{p:#?}"
        );
        assert!(p.iter().all(|p| p.file == "orgs.csv"));
    }

    #[test]
    fn headers_manifest_and_delta_rules() {
        let s = set(
            &[("file.orgs", "bulk")],
            &[("orgs.csv", "sourcedId,name\n")],
        );
        assert!(check(&s)
            .iter()
            .any(|p| p.line == 1 && p.column.as_deref() == Some("status")));
        let s = set(&[], &[("orgs.csv", ORGS_H)]);
        assert!(check(&s)[0].reason.contains("absent"));
        let s = set(
            &[("file.orgs", "delta")],
            &[("orgs.csv", &format!("{ORGS_H}s1,,,School,school,,\n"))],
        );
        let cols: Vec<_> = check(&s).into_iter().filter_map(|p| p.column).collect();
        assert_eq!(cols, ["dateLastModified", "status"]);
        let s = set(
            &[("file.orgs", "delta")],
            &[(
                "orgs.csv",
                &format!(
                    "{ORGS_H}s1,tobedeleted,2024-09-01T08:00:00.000Z,School,school,,elsewhere\n"
                ),
            )],
        );
        assert_eq!(
            check(&s),
            vec![],
            "a delta's references may name records sent before"
        );
        let mut bad = set(&[], &[]);
        bad.insert(
            "manifest.csv".into(),
            "propertyName,value\nmanifest.version,1.0\n".into(),
        );
        assert!(check(&bad)
            .iter()
            .any(|p| p.reason.contains("oneroster.version")));
    }

    #[test]
    fn formats() {
        assert!(is_datetime("2024-09-01T08:00:00Z") && is_datetime("2024-09-01T08:00:00.123Z"));
        assert!(!is_datetime("2024-09-01 08:00:00") && !is_datetime("2024-09-01T08:00:00+03:00"));
        assert!(
            is_float("4.5")
                && is_float("-1")
                && !is_float("4,5")
                && !is_float("1e3")
                && !is_float(".")
        );
        assert!(format_error(Format::Mappings, "{5:отлично},{4:хорошо}").is_none());
        assert!(format_error(Format::Mappings, "5:отлично").is_some());
        assert_eq!(list_items("{a:b,c},d"), ["{a:b,c}", "d"]);
        assert!(format_error(Format::Enum(&["school"]), "ext:gymnasium").is_none());
        assert!(format_error(Format::Date, "2024-02-30").is_some());
    }
}
