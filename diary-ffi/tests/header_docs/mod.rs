//! Reading include/diary.h in tests: its text and the comment of every
//! function that returns JSON.

use std::path::PathBuf;

/// The committed header.
pub fn header() -> String {
    std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../include/diary.h"))
        .unwrap()
}

/// Every documentation comment in `header`, with the name of the
/// `diary_*_json` function it documents (`None` for anything else).
pub fn comments(header: &str) -> Vec<(Option<String>, String)> {
    header
        .split("/**")
        .skip(1)
        .filter_map(|part| part.split_once("*/"))
        .map(|(doc, rest)| {
            let name = rest
                .trim_start()
                .strip_prefix("diary_status ")
                .and_then(|r| r.split('(').next())
                .filter(|n| n.ends_with("_json"))
                .map(str::to_owned);
            (name, doc.to_owned())
        })
        .collect()
}
