//! Emits the Python methods of one declaration file (diary-py).

use crate::parse::{Arg, Call, File, Kind, Ret, Surface};
use std::fmt::Write;

/// The Rust type of a Python parameter.
fn param_type(a: &Arg) -> String {
    let bound = "&Bound<'_, PyAny>";
    if let Some(t) = numeric_default(a) {
        return t.to_owned();
    }
    let optional =
        a.default.is_some() || matches!(a.kind, Kind::OptId(_) | Kind::OptDate | Kind::OptEnum(_));
    match &a.kind {
        Kind::Text => "String".into(),
        Kind::OptText => "Option<String>".into(),
        Kind::Bool => "bool".into(),
        _ if optional => format!("Option<{bound}>"),
        _ => bound.into(),
    }
}

/// The core type of a number with a numeric default, which is extracted
/// by an argument function of its own so that Python sees the default.
fn numeric_default(a: &Arg) -> Option<&str> {
    match (&a.kind, a.default.as_deref()) {
        (Kind::Num(t, _), Some(d)) if d != "None" => Some(t),
        _ => None,
    }
}

/// The name of that argument function.
fn argument_fn(call: &Call, a: &Arg) -> String {
    format!("{}_{}", call.py_name, a.py_name)
}

/// The default in pyo3's `signature`.
fn rust_default(a: &Arg) -> Option<String> {
    let d = a.default.as_deref()?;
    Some(match (&a.kind, d) {
        (Kind::Bool, "False") => "false".into(),
        (Kind::Bool, "True") => "true".into(),
        (Kind::Text, text) => format!("{text}.to_owned()"),
        (Kind::Num(..), n) if n != "None" => n.to_owned(),
        _ => "None".into(),
    })
}

/// The statement converting a Python argument to its core value.
fn convert(a: &Arg) -> String {
    let (n, p) = (&a.name, &a.py_name);
    let with_default = |value: String| match (&a.default, &a.kind) {
        (Some(d), Kind::Num(..) | Kind::Enum(_)) if d != "None" => {
            format!("let {n} = match {p} {{ Some(ob) => {value}, None => {d} }};")
        }
        _ => format!("let {n} = {value};"),
    };
    match &a.kind {
        Kind::Id(t) if a.default.is_some() => {
            format!("let {n} = {p}.map(|ob| ids::id_arg(ob, \"{p}\")).transpose()?.map({t});")
        }
        Kind::Id(t) => format!("let {n} = {t}(ids::id_arg({p}, \"{p}\")?);"),
        Kind::OptId(t) => {
            format!("let {n} = {p}.map(|ob| ids::id_arg(ob, \"{p}\")).transpose()?.map({t});")
        }
        Kind::Text => format!("let {n} = {p}.as_str();"),
        Kind::OptText => format!("let {n} = {p}.as_deref();"),
        Kind::Date if a.default.is_none() => format!("let {n} = ids::date({p})?;"),
        Kind::Date | Kind::OptDate => format!("let {n} = {p}.map(ids::date).transpose()?;"),
        Kind::Bool if n == p => String::new(),
        Kind::Bool => format!("let {n} = {p};"),
        Kind::Enum(e) if a.default.is_some() => {
            with_default(format!("enum_arg(ob, \"{p}\", {e}::parse)?"))
        }
        Kind::Enum(e) => format!("let {n} = enum_arg({p}, \"{p}\", {e}::parse)?;"),
        Kind::OptEnum(e) => {
            format!("let {n} = {p}.map(|ob| enum_arg(ob, \"{p}\", {e}::parse)).transpose()?;")
        }
        Kind::Num(..) if numeric_default(a).is_some() => String::new(),
        Kind::Num(t, _) if a.default.is_some() => {
            with_default(format!("ids::number_arg::<{t}>(ob, \"{p}\")?"))
        }
        Kind::Num(t, _) => format!("let {n} = ids::number_arg::<{t}>({p}, \"{p}\")?;"),
    }
}

/// Python's parameter order: positional ones as declared, then the
/// keyword-only ones.
pub fn python_order(call: &Call) -> (Vec<&Arg>, Vec<&Arg>) {
    call.args.iter().partition(|a| !a.kw)
}

/// A record type as Rust names it in the generated file.
pub fn record_path(records: &str, name: &str) -> String {
    if name.contains("::") || name.starts_with(char::is_lowercase) {
        name.to_owned()
    } else {
        format!("{records}::{name}")
    }
}

fn ret_type(records: &str, r: &Ret) -> String {
    match r {
        Ret::Unit => "()".into(),
        Ret::Id(t) | Ret::One(t) | Ret::Record(t) => record_path(records, t),
        Ret::List(t) => format!("Vec<{}>", record_path(records, t)),
        Ret::Bool => "bool".into(),
        Ret::Int => "i64".into(),
        Ret::Text => "String".into(),
    }
}

/// The Rust source of one Python method.
pub fn method(records: &str, call: &Call) -> String {
    let mut s = String::new();
    for (surface, line) in &call.docs {
        if *surface != Surface::C {
            writeln!(s, "///{}{line}", if line.is_empty() { "" } else { " " }).unwrap();
        }
    }
    let (positional, keyword) = python_order(call);
    let mut sig = vec!["actor".to_owned()];
    let entry = |a: &Arg| match rust_default(a) {
        Some(d) => format!("{}={d}", a.py_name),
        None => a.py_name.clone(),
    };
    sig.extend(positional.iter().map(|a| entry(a)));
    if !keyword.is_empty() {
        sig.push("*".into());
        sig.extend(keyword.iter().map(|a| entry(a)));
    }
    writeln!(s, "#[pyo3(signature = ({}))]", sig.join(", ")).unwrap();
    writeln!(
        s,
        "fn {}(&self, py: Python<'_>, actor: &PyActor,",
        call.py_name
    )
    .unwrap();
    for a in positional.iter().chain(keyword.iter()) {
        if numeric_default(a).is_some() {
            writeln!(s, "#[pyo3(from_py_with = args::{})]", argument_fn(call, a)).unwrap();
        }
        writeln!(s, "{}: {},", a.py_name, param_type(a)).unwrap();
    }
    writeln!(s, ") -> PyResult<{}> {{", ret_type(records, &call.ret)).unwrap();
    for a in &call.args {
        let c = convert(a);
        if !c.is_empty() {
            writeln!(s, "{c}").unwrap();
        }
    }
    let map = match call.ret {
        Ret::Unit => ".map(drop)",
        Ret::Id(_) | Ret::One(_) | Ret::Record(_) => ".map(Into::into)",
        Ret::List(_) => ".map(list)",
        Ret::Bool | Ret::Int | Ret::Text => "",
    };
    writeln!(
        s,
        "self.with(py, actor, move |d, a| {}){map}\n}}",
        call.expr
    )
    .unwrap();
    s
}

/// The whole generated Python file of one topic.
pub fn file(source: &str, records: &str, f: &File) -> String {
    let mut s = format!(
        "//! Generated by diary-bindgen from `bindgen/calls/{source}`; do not edit.\n\
         //! Regenerate with `cargo run -p diary-bindgen`.\n\n\
         #![allow(unused_imports, clippy::too_many_arguments)]\n\n\
         use crate::actor::PyActor;\nuse crate::convert::{{enum_arg, list}};\n\
         use crate::diary::PyDiary;\nuse crate::ids;\n\
         use diary_core::*;\nuse pyo3::prelude::*;\n"
    );
    for u in &f.py_uses {
        writeln!(s, "use {u};").unwrap();
    }
    let mut argument_fns = String::new();
    for call in &f.calls {
        for a in &call.args {
            if let Some(t) = numeric_default(a) {
                writeln!(
                    argument_fns,
                    "/// The `{p}` argument of `{m}`.\n\
                     pub fn {f}(ob: &Bound<'_, PyAny>) -> PyResult<{t}> {{\n\
                     ids::number_arg(ob, \"{p}\")\n}}",
                    p = a.py_name,
                    m = call.py_name,
                    f = argument_fn(call, a)
                )
                .unwrap();
            }
        }
    }
    if !argument_fns.is_empty() {
        s.push_str("\n/// Arguments with a numeric default.\nmod args {\nuse super::*;\n");
        s.push_str(&argument_fns);
        s.push_str("}\n");
    }
    s.push_str("\n#[pymethods]\nimpl PyDiary {\n");
    for (i, call) in f.calls.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        s.push_str(&method(records, call));
    }
    s.push_str("}\n");
    s
}
