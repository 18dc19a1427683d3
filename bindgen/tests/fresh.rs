//! The committed generated sources equal a fresh generation from
//! `bindgen/calls/*.calls` (regenerate with `cargo run -p diary-bindgen`).

use std::path::PathBuf;

#[test]
fn generated_bindings_are_current() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let files = diary_bindgen::generate(&root).expect("the declarations parse");
    let stale: Vec<String> = files
        .iter()
        .filter(|f| std::fs::read_to_string(&f.path).ok().as_deref() != Some(f.text.as_str()))
        .map(|f| f.path.display().to_string())
        .collect();
    assert!(
        stale.is_empty(),
        "stale generated bindings (run `cargo run -p diary-bindgen`): {stale:?}"
    );
}

#[test]
fn a_malformed_declaration_is_reported_with_its_line() {
    let err = diary_bindgen::parse::parse_file("t.calls", "call x(a: nonsense) -> ()\n")
        .expect_err("an unknown kind is refused");
    assert!(err.contains("t.calls:1"), "{err}");
    assert!(err.contains("nonsense"), "{err}");
    let err = diary_bindgen::parse::parse_file("t.calls", "/// doc\ncall y(a: text -> ()\n")
        .expect_err("an unclosed list is refused");
    assert!(err.contains("t.calls:2"), "{err}");
}
