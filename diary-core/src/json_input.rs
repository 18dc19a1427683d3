//! Structured input given as JSON (rules, scales, hypothetical marks,
//! attachments) — from C as text, from Python as dicts — read the same way
//! everywhere: unknown keys are refused naming the key and the accepted
//! ones, and every error names the field by its path in the input
//! (`rule.category_weights[1].percent`), never a line and column.

use crate::error::{Error, Result};
use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde::Deserialize;
use std::fmt;

/// Parses `text` as a `T`; `name` is the argument, the root of the paths
/// errors name.
pub fn parse<T: DeserializeOwned>(name: &str, text: &str) -> Result<T> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| error(name, &e.path().to_string(), e.into_inner()))?;
    de.end().map_err(|e| error(name, "", e))?;
    Ok(value)
}

/// The error for `name` at `path` (serde_path_to_error's form, "." for the
/// root).
fn error(name: &str, path: &str, inner: serde_json::Error) -> Error {
    let message = without_position(&inner.to_string());
    if inner.is_syntax() || inner.is_eof() {
        return Error::invalid(name, format!("is not valid JSON: {message}"));
    }
    let base = if path == "." || path.is_empty() {
        name.to_owned()
    } else if path.starts_with('[') {
        format!("{name}{path}")
    } else {
        format!("{name}.{path}")
    };
    // A missing key is named by its own path.
    if let Some(key) = message
        .strip_prefix("missing field `")
        .and_then(|r| r.split_once('`'))
        .map(|(k, _)| k)
    {
        return Error::invalid(format!("{base}.{key}"), "is required");
    }
    // For an unknown key the path already ends with the key.
    match unknown_key(&message) {
        Some((key, accepted)) => Error::invalid(
            if base.ends_with(&key) {
                base
            } else {
                format!("{base}.{key}")
            },
            format!("is not a key here; the accepted keys are {accepted}"),
        ),
        None => Error::invalid(base, message),
    }
}

/// serde's messages end with " at line L column C": the field path says
/// where instead.
fn without_position(m: &str) -> String {
    match m.rfind(" at line ") {
        Some(i) => m[..i].to_owned(),
        None => m.to_owned(),
    }
}

/// `unknown field `drop_low`, expected one of `a`, `b`` → ("drop_low", "a, b").
fn unknown_key(m: &str) -> Option<(String, String)> {
    let rest = m.strip_prefix("unknown field `")?;
    let (key, tail) = rest.split_once('`')?;
    let accepted = tail
        .split_once("expected ")
        .map(|(_, a)| a.trim_start_matches("one of ").replace('`', ""))
        .unwrap_or_default();
    Some((key.to_owned(), accepted))
}

/// [`decimal_text`] for an optional field (`null` or absent: `None`).
pub fn optional_decimal_text<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<String>, D::Error> {
    #[derive(serde::Deserialize)]
    struct Wrap(#[serde(deserialize_with = "decimal_text")] String);
    Option::<Wrap>::deserialize(d).map(|o| o.map(|w| w.0))
}

/// A decimal number or a label given as text, or as a JSON integer (as
/// Python's `int` and `Decimal` arrive); a JSON number with a fraction is a
/// binary float, which would not be exact, and is refused.
pub fn decimal_text<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<String, D::Error> {
    struct V;
    impl Visitor<'_> for V {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a decimal number as text (\"4.60\"), an int or a Decimal")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<String, E> {
            Ok(v.to_owned())
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<String, E> {
            Err(E::custom(format!(
                "{v} is a binary floating-point number, which is not exact: give it as text \
                 (\"4.60\"), an int or a Decimal"
            )))
        }
    }
    d.deserialize_any(V)
}

/// Reads an instant: Unix seconds, or RFC 3339 text with its offset
/// (`"2024-09-16T07:52:00+03:00"`; a space for the `T`, as Python's
/// `str(datetime)` writes it, is accepted). Text without an offset is
/// refused: an entry time must say which clock it was read from.
pub fn instant<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<time::OffsetDateTime, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Seconds(i64),
        Text(String),
    }
    let what = "an instant: Unix seconds, or RFC 3339 text with an offset";
    match Raw::deserialize(d).map_err(|_| de::Error::custom(what))? {
        Raw::Seconds(s) => time::OffsetDateTime::from_unix_timestamp(s)
            .map_err(|_| de::Error::custom("outside the supported range of times")),
        Raw::Text(t) => {
            let t = if t.len() > 10 && t.as_bytes()[10] == b' ' {
                format!("{}T{}", &t[..10], &t[11..])
            } else {
                t
            };
            time::OffsetDateTime::parse(&t, &time::format_description::well_known::Rfc3339)
                .map_err(|_| de::Error::custom(what))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::GradingRule;

    #[test]
    fn an_unknown_key_is_named_with_the_accepted_ones() {
        let e = parse::<GradingRule>("rule", r#"{"method":"mean","drop_low":1}"#).unwrap_err();
        assert_eq!(e.field(), Some("rule.drop_low"));
        let text = e.to_string();
        assert!(
            text.contains("drop_lowest") && text.contains("method"),
            "{text}"
        );
        let e = parse::<GradingRule>(
            "rule",
            r#"{"category_weights":[{"work_kind":1,"percent":40},{"work_kind":2,"pct":60}]}"#,
        )
        .unwrap_err();
        assert_eq!(e.field(), Some("rule.category_weights[1].pct"));
    }

    #[test]
    fn a_missing_key_is_named_by_its_path() {
        let e = parse::<GradingRule>("rule", r#"{"thresholds":[{"min":"4.6"}]}"#).unwrap_err();
        assert_eq!(e.field(), Some("rule.thresholds[0].mark"));
        assert!(e.to_string().contains("is required"), "{e}");
    }

    #[test]
    fn a_wrong_value_is_named_by_its_path_without_line_and_column() {
        let e = parse::<GradingRule>(
            "rule",
            r#"{"category_weights":[{"work_kind":1,"percent":40},{"work_kind":2,"percent":60.5}]}"#,
        )
        .unwrap_err();
        assert_eq!(e.field(), Some("rule.category_weights[1].percent"));
        // Text that is no number is named when the rule is checked.
        let r = parse::<GradingRule>(
            "rule",
            r#"{"category_weights":[{"work_kind":1,"percent":40},{"work_kind":2,"percent":"sixty"}]}"#,
        )
        .unwrap();
        let e = r.check(false).unwrap_err();
        assert_eq!(e.field(), Some("category_weights[1].percent"));
        assert!(!e.to_string().contains("line"), "{e}");
        let e = parse::<GradingRule>("rule", r#"{"never_drop":[1,"x"]}"#).unwrap_err();
        assert_eq!(e.field(), Some("rule.never_drop[1]"));
        let e = parse::<GradingRule>("rule", "{").unwrap_err();
        assert_eq!(e.field(), Some("rule"));
    }

    #[test]
    fn decimals_come_as_text_or_int_never_as_a_float() {
        let r: GradingRule = parse(
            "rule",
            r#"{"thresholds":[{"min":4,"mark":5}],"bonus_above":"0.5"}"#,
        )
        .unwrap();
        assert_eq!(r.thresholds[0].min, "4");
        assert_eq!(r.thresholds[0].mark, "5");
        let e =
            parse::<GradingRule>("rule", r#"{"thresholds":[{"min":4.6,"mark":"5"}]}"#).unwrap_err();
        assert_eq!(e.field(), Some("rule.thresholds[0].min"));
        assert!(e.to_string().contains("not exact"), "{e}");
    }

    #[test]
    fn instants_need_an_offset() {
        #[derive(serde::Deserialize)]
        struct At {
            #[serde(deserialize_with = "super::instant")]
            at: time::OffsetDateTime,
        }
        let read = |j: &str| parse::<At>("x", j).map(|a| a.at.unix_timestamp());
        assert_eq!(read(r#"{"at":1726462320}"#).unwrap(), 1_726_462_320);
        assert_eq!(
            read(r#"{"at":"2024-09-16T07:52:00+03:00"}"#).unwrap(),
            1_726_462_320
        );
        assert_eq!(
            read(r#"{"at":"2024-09-16 04:52:00+00:00"}"#).unwrap(),
            1_726_462_320
        );
        assert_eq!(
            read(r#"{"at":"2024-09-16 04:52:00.5+00:00"}"#).unwrap(),
            1_726_462_320
        );
        for bad in [
            r#"{"at":"2024-09-16 07:52:00"}"#,
            r#"{"at":1.5}"#,
            r#"{"at":"яяяяяяяяяя яя"}"#,
            r#"{"at":9223372036854775807}"#,
            r#"{"at":null}"#,
        ] {
            assert!(
                matches!(read(bad), Err(Error::InvalidInput { ref field, .. }) if field == "x.at"),
                "{bad}"
            );
        }
    }
}
