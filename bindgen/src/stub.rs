//! Emits the Python stub lines (`_diary.pyi`) of the generated methods, in
//! the layout black gives them (lines of at most 100 characters).

use crate::parse::{Arg, Call, Kind, Ret};
use crate::py::python_order;

const WIDTH: usize = 100;

fn record_name(t: &str) -> &str {
    t.rsplit("::").next().unwrap_or(t)
}

/// A Rust result type's name in Python.
fn python_type(t: &str) -> String {
    match record_name(t) {
        "i64" | "u32" | "u8" => "int".into(),
        "String" => "str".into(),
        other => other.to_owned(),
    }
}

fn param_type(k: &Kind) -> String {
    match k {
        Kind::Id(_) | Kind::Num(..) => "int".into(),
        Kind::OptId(_) => "Optional[int]".into(),
        Kind::Text => "str".into(),
        Kind::OptText => "Optional[str]".into(),
        Kind::Date => "datetime.date".into(),
        Kind::OptDate => "Optional[datetime.date]".into(),
        Kind::Bool => "bool".into(),
        Kind::Enum(e) => format!("Union[{e}, str]"),
        Kind::OptEnum(e) => format!("Union[{e}, str, None]"),
    }
}

fn param(a: &Arg) -> String {
    let t = param_type(&a.kind);
    match &a.default {
        Some(d) if d == "None" && !t.starts_with("Optional") => {
            format!("{}: Optional[{t}] = None", a.py_name)
        }
        Some(d) => format!("{}: {t} = {d}", a.py_name),
        None => format!("{}: {t}", a.py_name),
    }
}

fn ret(r: &Ret) -> String {
    match r {
        Ret::Unit => "None".into(),
        Ret::Id(t) | Ret::One(t) | Ret::Record(t) => python_type(t),
        Ret::List(t) => format!("list[{}]", python_type(t)),
        Ret::Bool => "bool".into(),
        Ret::Int => "int".into(),
        Ret::Text => "str".into(),
    }
}

/// The stub of one method, indented for `class Diary`.
pub fn method(call: &Call) -> String {
    let (positional, keyword) = python_order(call);
    let mut params = vec!["self".to_owned(), "actor: Actor".to_owned()];
    params.extend(positional.iter().map(|a| param(a)));
    if !keyword.is_empty() {
        params.push("*".into());
        params.extend(keyword.iter().map(|a| param(a)));
    }
    let (name, result) = (&call.py_name, ret(&call.ret));
    let one = format!("    def {name}({}) -> {result}: ...\n", params.join(", "));
    if one.len() <= WIDTH + 1 {
        return one;
    }
    let middle = format!("        {}\n", params.join(", "));
    if middle.len() <= WIDTH + 1 {
        return format!("    def {name}(\n{middle}    ) -> {result}: ...\n");
    }
    let mut s = format!("    def {name}(\n");
    for p in &params {
        s.push_str(&format!("        {p},\n"));
    }
    s.push_str(&format!("    ) -> {result}: ...\n"));
    s
}
