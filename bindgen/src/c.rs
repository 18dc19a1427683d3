//! Emits the C functions of one declaration file (diary-ffi).

use crate::parse::{Call, File, Kind, Ret, Surface};
use std::fmt::Write;

/// The C type of an argument.
fn c_type(k: &Kind) -> String {
    match k {
        Kind::Id(_) | Kind::OptId(_) => "i64".into(),
        Kind::Text | Kind::OptText | Kind::Date | Kind::OptDate => "*const c_char".into(),
        Kind::Bool | Kind::Enum(_) | Kind::OptEnum(_) => "i32".into(),
        Kind::Num(_, c) => c.clone(),
    }
}

/// The statement converting a C argument to its core value.
fn convert(name: &str, k: &Kind) -> String {
    let unsafe_call = |f: &str| format!("let {name} = args::{f}({name}, \"{name}\")?;");
    match k {
        Kind::Id(t) => format!("let {name} = {t}({name});"),
        Kind::OptId(t) => format!("let {name} = args::optional_id({name}, \"{name}\")?.map({t});"),
        Kind::Text => unsafe_call("text"),
        Kind::OptText => unsafe_call("optional_text"),
        Kind::Date => unsafe_call("date"),
        Kind::OptDate => unsafe_call("optional_date"),
        Kind::Bool => format!("let {name} = args::flag({name}, \"{name}\")?;"),
        Kind::Enum(e) => format!("let {name} = args::enum_arg({e}::ALL, {name}, \"{name}\")?;"),
        Kind::OptEnum(e) => {
            format!("let {name} = args::optional_enum_arg({e}::ALL, {name}, \"{name}\")?;")
        }
        Kind::Num(core, c) if core == c => String::new(),
        Kind::Num(core, _) => {
            format!("let {name} = args::number::<{core}, _>({name}, \"{name}\")?;")
        }
    }
}

fn out_type(r: &Ret) -> Option<&'static str> {
    match r {
        Ret::Unit | Ret::Record(_) => None,
        Ret::Id(_) | Ret::Int => Some("*mut i64"),
        Ret::One(_) | Ret::List(_) | Ret::Text => Some("*mut *mut c_char"),
        Ret::Bool => Some("*mut i32"),
    }
}

fn safety(call: &Call) -> String {
    let texts: Vec<String> = call
        .args
        .iter()
        .filter(|a| {
            matches!(
                a.kind,
                Kind::Text | Kind::OptText | Kind::Date | Kind::OptDate
            )
        })
        .map(|a| format!("`{}`", a.name))
        .collect();
    let mut parts = vec!["`db` is a live handle or NULL".to_owned()];
    match texts.len() {
        0 => {}
        1 => parts.push(format!("{} is NUL-terminated or NULL", texts[0])),
        n => parts.push(format!(
            "{} and {} are NUL-terminated or NULL",
            texts[..n - 1].join(", "),
            texts[n - 1]
        )),
    }
    if out_type(&call.ret).is_some() {
        parts.push(format!("`{}` is writable or NULL", call.out_name));
    }
    format!("{}.", join_and(&parts))
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{}; {last}", init.join("; ")),
    }
}

/// The Rust source of one C function.
pub fn function(call: &Call) -> String {
    let mut s = String::new();
    for (surface, line) in &call.docs {
        if *surface != Surface::Py {
            writeln!(s, "///{}{line}", if line.is_empty() { "" } else { " " }).unwrap();
        }
    }
    for a in &call.args {
        if matches!(a.kind, Kind::OptText | Kind::OptDate) {
            writeln!(s, "/// `{}` may be NULL for none.", a.name).unwrap();
        }
        if matches!(a.kind, Kind::OptEnum(_)) {
            writeln!(s, "/// `{}` is -1 for none.", a.name).unwrap();
        }
    }
    writeln!(s, "///\n/// # Safety\n/// {}", safety(call)).unwrap();
    writeln!(s, "#[no_mangle]").unwrap();
    writeln!(s, "pub unsafe extern \"C\" fn diary_{}(", call.c_name).unwrap();
    writeln!(s, "db: *const diary_db, actor: diary_actor,").unwrap();
    for a in &call.args {
        writeln!(s, "{}: {},", a.name, c_type(&a.kind)).unwrap();
    }
    if let Some(t) = out_type(&call.ret) {
        writeln!(s, "{}: {t},", call.out_name).unwrap();
    }
    writeln!(s, ") -> diary_status {{").unwrap();
    let out = &call.out_name;
    let (helper, outs) = match call.ret {
        Ret::Unit | Ret::Record(_) => ("unit", String::new()),
        Ret::Id(_) | Ret::Int => ("int", format!("{out}, \"{out}\", ")),
        Ret::One(_) | Ret::List(_) => ("json", format!("{out}, \"{out}\", ")),
        Ret::Bool => ("flag", format!("{out}, \"{out}\", ")),
        Ret::Text => ("text", format!("{out}, \"{out}\", ")),
    };
    writeln!(
        s,
        "// SAFETY: the pointers are as this function's contract says.\n\
         unsafe {{ run::{helper}(db, actor, {outs}|d, a| {{"
    )
    .unwrap();
    for a in &call.args {
        writeln!(s, "{}", convert(&a.name, &a.kind)).unwrap();
    }
    let e = &call.expr;
    match call.ret {
        Ret::Unit | Ret::Record(_) => writeln!(s, "({e}).map(drop)"),
        Ret::Id(_) => writeln!(s, "Ok(({e})?.id.0)"),
        _ => writeln!(s, "{e}"),
    }
    .unwrap();
    writeln!(s, "}}) }}\n}}").unwrap();
    s
}

/// The whole generated C file of one topic.
pub fn file(source: &str, f: &File) -> String {
    let mut s = format!(
        "//! Generated by diary-bindgen from `bindgen/calls/{source}`; do not edit.\n\
         //! Regenerate with `cargo run -p diary-bindgen`.\n\n\
         #[allow(unused_imports)]\nuse crate::args;\nuse crate::handle::{{diary_actor, diary_db}};\n\
         use crate::run;\nuse crate::status::diary_status;\n\
         #[allow(unused_imports)]\nuse diary_core::*;\n\
         #[allow(unused_imports)]\nuse std::ffi::c_char;\n"
    );
    for u in &f.c_uses {
        writeln!(s, "use {u};").unwrap();
    }
    for call in &f.calls {
        s.push('\n');
        s.push_str(&function(call));
    }
    s
}
