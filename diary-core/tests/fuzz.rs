//! A fuzz harness run in the test command: the committed corpus in
//! `tests/fuzz-corpus/` is replayed with deterministic mutations, and
//! proptest adds random inputs, through every parser of untrusted text —
//! grading rules and scale definitions (JSON), names and labels, free
//! text, SNILS, phones, e-mail addresses and passwords. Every input must
//! give a value or an `InvalidInput` naming the field: never a panic and
//! never an internal error.

use diary_core::auth::{contact, password};
use diary_core::grading::{GradingRule, NewScale, Ratio, Scale};
use diary_core::{text, Error, ScaleId, Snils};
use proptest::prelude::*;
use std::path::PathBuf;

fn corpus(kind: &str) -> Vec<Vec<u8>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fuzz-corpus")
        .join(kind);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no corpus in {}", dir.display());
    files
        .into_iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect()
}

/// Splices that break parsers: hostile characters, huge numbers, JSON
/// structure.
const SPLICES: &[&str] = &[
    "\u{202E}",
    "\u{200B}",
    "\u{FEFF}",
    "\0",
    "\u{1B}[2J",
    "\u{E000}",
    "\u{10FFFF}",
    "9999999999999999999999999999999999999",
    "-9223372036854775808",
    "1e400",
    "0.000000000000000000001",
    "\"",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "null",
    "-",
    ".",
    "\\u0000",
    "\\ud800",
    "NaN",
    "й",
    "\u{0306}",
    "\n",
    "\t",
    " ",
];

/// A tiny deterministic generator (xorshift), so that every run mutates
/// the same way and a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// `n` mutations of `seed`: flips, deletions, insertions, splices and
/// duplications of a slice.
fn mutations(seed: &[u8], n: usize, salt: u64) -> Vec<Vec<u8>> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ salt.wrapping_mul(0x2545_F491_4F6C_DD1D) | 1);
    (0..n)
        .map(|_| {
            let mut v = seed.to_vec();
            for _ in 0..1 + rng.below(3) {
                let at = rng.below(v.len() + 1);
                match rng.below(5) {
                    0 if !v.is_empty() => {
                        let i = at.min(v.len() - 1);
                        v[i] ^= 1 << rng.below(8);
                    }
                    1 if !v.is_empty() => {
                        let end = (at + 1 + rng.below(4)).min(v.len());
                        v.drain(at.min(v.len())..end);
                    }
                    2 => v.insert(at, rng.next() as u8),
                    3 => {
                        let s = SPLICES[rng.below(SPLICES.len())].as_bytes();
                        v.splice(at..at, s.iter().copied());
                    }
                    _ if !v.is_empty() => {
                        let start = rng.below(v.len());
                        let end = (start + 1 + rng.below(8)).min(v.len());
                        let part = v[start..end].to_vec();
                        v.splice(at..at, part);
                    }
                    _ => {}
                }
            }
            v
        })
        .collect()
}

/// Every corpus input of `kind` and 300 mutations of each, as text.
fn inputs(kind: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, seed) in corpus(kind).iter().enumerate() {
        out.push(String::from_utf8_lossy(seed).into_owned());
        for m in mutations(seed, 300, i as u64 + kind.len() as u64) {
            out.push(String::from_utf8_lossy(&m).into_owned());
        }
    }
    out
}

/// A clean refusal: invalid input naming a field (never internal).
fn clean<T>(r: Result<T, Error>, what: &str, input: &str) {
    if let Err(e) = r {
        assert!(
            matches!(e, Error::InvalidInput { ref field, .. } if !field.is_empty()),
            "{what} {input:?}: {e:?}"
        );
    }
}

fn rule(input: &str) {
    let Ok(rule) = serde_json::from_str::<GradingRule>(input) else {
        return;
    };
    clean(rule.check(false), "rule", input);
    clean(rule.check(true), "rule", input);
    if rule.check(false).is_ok() {
        for v in ["4.6", "0", "-1000000", "1000000", "4.5999"] {
            clean(
                rule.mark_for(Ratio::parse("v", v).unwrap(), false),
                "rule",
                input,
            );
        }
    }
}

fn scale(input: &str) {
    let Ok(new) = serde_json::from_str::<NewScale>(input) else {
        return;
    };
    if Scale::check(&new).is_err() {
        clean(Scale::check(&new), "scale", input);
        return;
    }
    let s = Scale {
        id: ScaleId(1),
        school: None,
        code: new.code,
        name: new.name,
        kind: new.kind,
        lower_is_better: new.lower_is_better,
    };
    for v in [
        "5",
        "A",
        "17.25",
        "-1",
        "99999999999999999999",
        "",
        "\u{202E}5",
    ] {
        if let Ok(sv) = s.value(v, Some("20")) {
            let _ = s.normalise(sv.value_centi, sv.out_of_centi);
        }
    }
    let _ = s.bounds();
}

fn name(input: &str) {
    clean(text::name("surname", input), "name", input);
    clean(text::free_text("text", input, 2000), "free text", input);
    if let Ok(n) = text::name("surname", input) {
        assert!(!n
            .chars()
            .any(|c| c.is_control() || c == '\u{202E}' || c == '\u{200B}' || c == '\u{FEFF}'));
        assert_eq!(
            text::name("surname", &n).unwrap(),
            n,
            "normalising twice changes nothing"
        );
    }
}

fn snils(input: &str) {
    clean(Snils::parse(input), "snils", input);
}

fn phone(input: &str) {
    clean(contact::phone(input), "phone", input);
    clean(contact::email(input), "email", input);
}

fn pass(input: &str) {
    clean(
        password::check(input, 8, "ivanov.i", &["Ivanov", "School No. 7"]),
        "password",
        input,
    );
}

#[test]
fn corpus_and_mutations() {
    for i in inputs("rules") {
        rule(&i);
    }
    for i in inputs("scales") {
        scale(&i);
    }
    for i in inputs("names") {
        name(&i);
    }
    for i in inputs("snils") {
        snils(&i);
    }
    for i in inputs("phones") {
        phone(&i);
    }
    for i in inputs("passwords") {
        pass(&i);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_text(s in ".{0,300}") {
        name(&s);
        snils(&s);
        phone(&s);
        pass(&s);
        rule(&s);
        scale(&s);
    }

    #[test]
    fn random_rules(
        t in prop::collection::vec(("-?[0-9]{0,30}(\\.[0-9]{0,30})?", "[0-9A-F+-]{0,3}"), 0..6),
        decimals in any::<u32>(),
        drops in any::<u32>(),
        percent in any::<u32>(),
    ) {
        let json = serde_json::json!({
            "thresholds": t.iter().map(|(min, mark)| serde_json::json!({"min": min, "mark": mark})).collect::<Vec<_>>(),
            "decimals": decimals,
            "drop_lowest": drops,
            "category_weights": [{"work_kind": 1, "percent": percent}],
        });
        rule(&json.to_string());
    }
}
