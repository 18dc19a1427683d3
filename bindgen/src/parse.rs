//! The declaration language of `bindgen/calls/*.calls`.
//!
//! ```text
//! # a comment
//! c-use crate::structure::enum_arg       (an import for the generated C file)
//! py-use crate::records::*                (an import for the generated Python file)
//! py-records crate::records               (where the returned Python records live)
//!
//! /// Shown in the C header and in the Python docstring.
//! /// c: Only in the C header.
//! /// py: Only in the Python docstring.
//! call <c name> [<python name>](<arguments>) -> <result>
//!     = <core expression>                 (optional; default d.<python name>(a, <arguments>))
//! ```
//!
//! An argument is `[kw] name[/python_name]: kind [= python default]`; `kw`
//! makes it keyword-only in Python (the C order is the declared order). Kinds:
//! `XxxId` and `XxxId?` (an id, or 0 / None for none), `text`, `text?`,
//! `date`, `date?`, `bool`, `enum Kind` (C: an int32 index into `Kind::ALL`;
//! Python: a member or its text value), `enum? Kind` (C: -1 for none;
//! Python: None), `u8 as i32` (a number of the first
//! type passed in C as the second). Results: `()`, `id Record` (C: the new
//! record's id; Python: the record), `record Record` (C: nothing; Python:
//! the changed record), `one Record` and `list Record` (C: JSON;
//! Python: the record or a list of them), `bool`, `int`, `text` (C: a
//! string the caller frees); a C out-parameter
//! name may follow (`-> bool out_working`).
//!
//! In the expression, `d` is the diary, `a` the actor and every argument a
//! local of its core type (`SchoolId`, `&str`, `Date`, `Option<..>`, `bool`,
//! the enum, the number).

/// One argument's kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// An id newtype such as `SchoolId`.
    Id(String),
    /// An optional id (0 in C, None in Python).
    OptId(String),
    /// UTF-8 text (`&str` in the core).
    Text,
    /// Optional text (NULL / None).
    OptText,
    /// A date.
    Date,
    /// An optional date.
    OptDate,
    /// A flag (int32 0/1 in C).
    Bool,
    /// A core enum with `ALL` and `parse`.
    Enum(String),
    /// An optional core enum (C: -1 for none; Python: None).
    OptEnum(String),
    /// A number: core type, C type.
    Num(String, String),
}

/// One argument.
#[derive(Debug, Clone)]
pub struct Arg {
    /// The C name, and the local's name in the expression.
    pub name: String,
    /// The Python name (differs where the C name is a Python keyword).
    pub py_name: String,
    /// What it is.
    pub kind: Kind,
    /// Keyword-only in Python.
    pub kw: bool,
    /// The Python default, as written in Python (`None`, `5`, `False`).
    pub default: Option<String>,
}

/// What a call returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ret {
    /// Nothing but success.
    Unit,
    /// A new record: its id in C, the record in Python.
    Id(String),
    /// A changed record: nothing in C, the record in Python.
    Record(String),
    /// One record: JSON in C.
    One(String),
    /// A list of records: a JSON array in C.
    List(String),
    /// A yes/no answer: int32 0/1 in C.
    Bool,
    /// An integer.
    Int,
    /// A text (C: a string the caller frees).
    Text,
}

/// Which surface a documentation line is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    /// Both.
    Both,
    /// Only the C header.
    C,
    /// Only the Python docstring.
    Py,
}

/// One call.
#[derive(Debug, Clone)]
pub struct Call {
    /// The C name without `diary_`.
    pub c_name: String,
    /// The Python method name.
    pub py_name: String,
    /// Documentation lines.
    pub docs: Vec<(Surface, String)>,
    /// Arguments in C order.
    pub args: Vec<Arg>,
    /// The result.
    pub ret: Ret,
    /// The C out-parameter's name.
    pub out_name: String,
    /// The core expression.
    pub expr: String,
}

/// One declaration file.
#[derive(Debug, Clone, Default)]
pub struct File {
    /// Imports of the generated C file.
    pub c_uses: Vec<String>,
    /// Imports of the generated Python file.
    pub py_uses: Vec<String>,
    /// The module of the Python record types the calls return.
    pub py_records: Option<String>,
    /// The calls, in order.
    pub calls: Vec<Call>,
}

/// Parses one declaration file; errors name the file and line.
pub fn parse_file(name: &str, text: &str) -> Result<File, String> {
    let mut file = File::default();
    let mut docs = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let lineno = i + 1;
        let at = |msg: String| format!("{name}:{lineno}: {msg}");
        let t = line.trim();
        i += 1;
        if t.is_empty() || t.starts_with('#') {
            if !docs.is_empty() && t.is_empty() {
                return Err(at("documentation not followed by a call".into()));
            }
            continue;
        }
        if let Some(doc) = t.strip_prefix("///") {
            let doc = doc.strip_prefix(' ').unwrap_or(doc);
            docs.push(if let Some(c) = doc.strip_prefix("c: ") {
                (Surface::C, c.to_owned())
            } else if let Some(p) = doc.strip_prefix("py: ") {
                (Surface::Py, p.to_owned())
            } else {
                (Surface::Both, doc.to_owned())
            });
        } else if let Some(u) = t.strip_prefix("c-use ") {
            file.c_uses.push(u.trim().to_owned());
        } else if let Some(r) = t.strip_prefix("py-records ") {
            file.py_records = Some(r.trim().to_owned());
        } else if let Some(u) = t.strip_prefix("py-use ") {
            file.py_uses.push(u.trim().to_owned());
        } else if let Some(head) = t.strip_prefix("call ") {
            let first = i;
            let mut header = head.to_owned();
            let mut expr = String::new();
            while i < lines.len() && lines[i].starts_with(char::is_whitespace) {
                let cont = lines[i].trim();
                if let Some(e) = cont.strip_prefix("= ") {
                    expr = e.to_owned();
                } else if expr.is_empty() {
                    header.push(' ');
                    header.push_str(cont);
                } else {
                    expr.push(' ');
                    expr.push_str(cont);
                }
                i += 1;
            }
            let call = parse_call(&header, expr, std::mem::take(&mut docs))
                .map_err(|m| format!("{name}:{first}: {m}"))?;
            if call.docs.is_empty() {
                return Err(format!("{name}:{first}: the call has no documentation"));
            }
            file.calls.push(call);
        } else {
            return Err(at(format!("not a declaration: {t}")));
        }
    }
    Ok(file)
}

fn parse_call(header: &str, expr: String, docs: Vec<(Surface, String)>) -> Result<Call, String> {
    let open = header.find('(').ok_or("expected `(` after the name")?;
    let close = matching_paren(header, open).ok_or("the argument list is not closed")?;
    let names: Vec<&str> = header[..open].split_whitespace().collect();
    let (c_name, py_name) = match names.as_slice() {
        [c] => (c.to_string(), c.to_string()),
        [c, p] => (c.to_string(), p.to_string()),
        _ => return Err("expected `call <c name> [<python name>](`".into()),
    };
    let mut args = Vec::new();
    for part in split_top(&header[open + 1..close]) {
        args.push(parse_arg(part.trim())?);
    }
    let rest = header[close + 1..].trim();
    let rest = rest
        .strip_prefix("->")
        .ok_or("expected `->` and a result")?
        .trim();
    let words: Vec<&str> = rest.split_whitespace().collect();
    let (ret, out) = match words.as_slice() {
        ["()"] => (Ret::Unit, None),
        ["id", r, out @ ..] => (Ret::Id(r.to_string()), out.first()),
        ["record", r] => (Ret::Record(r.to_string()), None),
        ["one", r, out @ ..] => (Ret::One(r.to_string()), out.first()),
        ["list", r, out @ ..] => (Ret::List(r.to_string()), out.first()),
        ["bool", out @ ..] => (Ret::Bool, out.first()),
        ["int", out @ ..] => (Ret::Int, out.first()),
        ["text", out @ ..] => (Ret::Text, out.first()),
        _ => return Err(format!("unknown result `{rest}`")),
    };
    let out_name = match (out, &ret) {
        (Some(o), _) => o.to_string(),
        (None, Ret::Id(_)) => "out_id".into(),
        (None, Ret::One(_) | Ret::List(_)) => "out_json".into(),
        (None, Ret::Text) => "out_text".into(),
        _ => "out".into(),
    };
    let expr = if expr.is_empty() {
        let list: Vec<&str> = args.iter().map(|a| a.name.as_str()).collect();
        format!("d.{py_name}(a, {})", list.join(", "))
    } else {
        expr
    };
    Ok(Call {
        c_name,
        py_name,
        docs,
        args,
        ret,
        out_name,
        expr,
    })
}

fn parse_arg(s: &str) -> Result<Arg, String> {
    let (kw, s) = match s.strip_prefix("kw ") {
        Some(rest) => (true, rest.trim()),
        None => (false, s),
    };
    let (s, default) = match s.split_once(" = ") {
        Some((a, d)) => (a.trim(), Some(d.trim().to_owned())),
        None => (s, None),
    };
    let (names, kind) = s
        .split_once(':')
        .ok_or_else(|| format!("argument `{s}` needs `name: kind`"))?;
    let (name, py_name) = match names.trim().split_once('/') {
        Some((c, p)) => (c.to_owned(), p.to_owned()),
        None => (names.trim().to_owned(), names.trim().to_owned()),
    };
    let kind = parse_kind(kind.trim()).ok_or_else(|| format!("unknown kind `{}`", kind.trim()))?;
    Ok(Arg {
        name,
        py_name,
        kind,
        kw,
        default,
    })
}

fn parse_kind(k: &str) -> Option<Kind> {
    let words: Vec<&str> = k.split_whitespace().collect();
    Some(match words.as_slice() {
        ["text"] => Kind::Text,
        ["text?"] => Kind::OptText,
        ["date"] => Kind::Date,
        ["date?"] => Kind::OptDate,
        ["bool"] => Kind::Bool,
        ["enum", e] => Kind::Enum(e.to_string()),
        ["enum?", e] => Kind::OptEnum(e.to_string()),
        [n, "as", c] if is_int(n) && is_int(c) => Kind::Num(n.to_string(), c.to_string()),
        [id] if id.ends_with("Id?") => Kind::OptId(id.trim_end_matches('?').to_owned()),
        [id] if id.ends_with("Id") && id.len() > 2 => Kind::Id(id.to_string()),
        _ => return None,
    })
}

fn is_int(t: &str) -> bool {
    matches!(t, "u8" | "u16" | "u32" | "u64" | "i32" | "i64")
}

fn matching_paren(s: &str, open: usize) -> Option<usize> {
    let mut depth = 0;
    for (i, c) in s.char_indices().skip(open) {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Splits on commas outside brackets; empty parts are dropped.
fn split_top(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in s.char_indices() {
        match c {
            '(' | '<' | '[' | '{' => depth += 1,
            ')' | '>' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts.into_iter().filter(|p| !p.trim().is_empty()).collect()
}
