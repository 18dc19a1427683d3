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
}

impl Csv {
    /// An empty document (just the byte-order mark).
    pub(crate) fn new() -> Self {
        Csv {
            out: String::from('\u{feff}'),
        }
    }

    /// Appends one row.
    pub(crate) fn row<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) {
        for (i, c) in cells.into_iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            push_field(&mut self.out, c.as_ref());
        }
        self.out.push_str("\r\n");
    }

    /// The document.
    pub(crate) fn finish(self) -> String {
        self.out
    }
}

fn push_field(out: &mut String, s: &str) {
    let guarded = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
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
}
