//! CSV for the school office (RFC 4180): UTF-8 with a byte-order mark (so
//! that spreadsheet programs read Cyrillic right), comma-separated, CRLF
//! line ends, fields quoted when they hold a comma, a quote or a line
//! break. A field that a spreadsheet would take for a formula (starting
//! with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading
//! apostrophe, so that a name or comment can never run as a formula.

/// A CSV document being written.
#[derive(Debug)]
pub(crate) struct Csv {
    out: String,
    /// For a spreadsheet: formulas defused. For data interchange
    /// (OneRoster): every value exactly as it is, no byte-order mark.
    office: bool,
}

impl Csv {
    /// An empty document for a spreadsheet (just the byte-order mark).
    pub(crate) fn new() -> Self {
        Csv {
            out: String::from('\u{feff}'),
            office: true,
        }
    }

    /// An empty document for another program (OneRoster): no byte-order
    /// mark, no apostrophes — a value reads back exactly as written.
    pub(crate) fn interchange() -> Self {
        Csv {
            out: String::new(),
            office: false,
        }
    }

    /// Appends one row.
    pub(crate) fn row<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) {
        for (i, c) in cells.into_iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            push_field(&mut self.out, c.as_ref(), self.office);
        }
        self.out.push_str("\r\n");
    }

    /// The document.
    pub(crate) fn finish(self) -> String {
        self.out
    }
}

fn push_field(out: &mut String, s: &str, office: bool) {
    let guarded = office && s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quoted =
        guarded || s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ');
    if quoted {
        out.push('"');
    }
    if guarded {
        out.push('\'');
    }
    for ch in s.chars() {
        if ch == '"' {
            out.push('"');
        }
        out.push(ch);
    }
    if quoted {
        out.push('"');
    }
}

/// A CSV parse failure: the 1-based line it was found on and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParseError {
    pub line: usize,
    pub reason: &'static str,
}

/// Reads an RFC 4180 document (a leading byte-order mark, CRLF or LF line
/// ends, quoted fields with doubled quotes and line breaks): each record
/// with the 1-based line it starts on. A blank last line is no record.
pub(crate) fn parse(text: &str) -> Result<Vec<(usize, Vec<String>)>, ParseError> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut start = 1;
    let mut quoted = false;
    let mut was_quoted = false;
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !was_quoted => {
                quoted = true;
                was_quoted = true;
            }
            '"' => {
                return Err(ParseError {
                    line,
                    reason:
                        "a quote inside an unquoted field (quote the field and double the quote)",
                })
            }
            ',' => {
                row.push(std::mem::take(&mut field));
                was_quoted = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                row.push(std::mem::take(&mut field));
                was_quoted = false;
                rows.push((start, std::mem::take(&mut row)));
                line += 1;
                start = line;
            }
            c if was_quoted => {
                let _ = c;
                return Err(ParseError {
                    line,
                    reason: "text after a quoted field's closing quote",
                });
            }
            c => field.push(c),
        }
    }
    if quoted {
        return Err(ParseError {
            line: start,
            reason: "a quoted field is not closed",
        });
    }
    if !field.is_empty() || !row.is_empty() || was_quoted {
        row.push(field);
        rows.push((start, row));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        let mut c = Csv::new();
        c.row([
            "Иванов, Иван",
            "say \"hi\"",
            "=HYPERLINK(\"x\")",
            "4-",
            "line\nbreak",
            "plain",
        ]);
        assert_eq!(
            c.finish(),
            "\u{feff}\"Иванов, Иван\",\"say \"\"hi\"\"\",\"'=HYPERLINK(\"\"x\"\")\",4-,\"line\nbreak\",plain\r\n"
        );
    }

    #[test]
    fn interchange_reads_back_exactly() {
        let cells = [
            "-5",
            "=x",
            "Иванов, Иван",
            "a \"q\"",
            "two\nlines",
            "",
            " pad ",
        ];
        let mut c = Csv::interchange();
        c.row(["h1", "h2"]);
        c.row(cells);
        let text = c.finish();
        assert!(!text.starts_with('\u{feff}'));
        let rows = parse(&text).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].0, 2);
        assert_eq!(rows[1].1, cells);
    }

    #[test]
    fn parse_names_the_line_of_a_broken_quote() {
        assert_eq!(parse("a,b\n1,\"x\n").unwrap_err().line, 2);
        assert_eq!(parse("a,b\n1,x\"y\n").unwrap_err().line, 2);
        assert_eq!(parse("a,b\n\"1\"x,2\n").unwrap_err().line, 2);
        let rows = parse("\u{feff}a,b\r\n\"multi\nline\",2\r\nlast,3").unwrap();
        assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), [1, 2, 4]);
        assert_eq!(rows[2].1, ["last", "3"]);
    }
}
