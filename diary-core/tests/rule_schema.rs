//! The rule's JSON Schema in docs/grading.md against the parser: the same
//! keys at every level, every enum value accepted and no other, every
//! default the parser's, unknown keys refused, and the documented integer
//! ranges enforced. The schema cannot drift from the code.

use diary_core::grading::GradingRule;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

fn schema() -> Value {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/grading.md"))
        .expect("docs/grading.md");
    let start = doc
        .find("<!-- rule-schema:begin -->")
        .expect("begin marker");
    let end = doc.find("<!-- rule-schema:end -->").expect("end marker");
    let block = &doc[start..end];
    let json_start = block.find("```json").expect("a json block") + "```json".len();
    let json_end = block[json_start..].find("```").expect("block end") + json_start;
    serde_json::from_str(&block[json_start..json_end]).expect("the schema is JSON")
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().expect("an object").keys().cloned().collect()
}

fn parse(v: Value) -> diary_core::Result<GradingRule> {
    let rule: GradingRule = diary_core::json_input::parse("rule", &v.to_string())?;
    rule.check(false)?;
    Ok(rule)
}

/// A rule with every nested object present, as the parser writes it back.
fn full_rule() -> Value {
    let rule = parse(json!({
        "thresholds": [{"min": "4.60", "mark": "5"}],
        "categories": [{"name": "A", "work_kinds": [1]}],
        "late_policy": {"deduction_percent": 10},
        "missing_policy": {"deduction_percent": 100},
    }))
    .unwrap();
    let mut v = serde_json::to_value(&rule).unwrap();
    let weights = parse(json!({"category_weights": [{"work_kind": 1, "percent": 40}]})).unwrap();
    v["category_weights"] = serde_json::to_value(&weights.category_weights).unwrap();
    v
}

fn resolve<'a>(schema: &'a Value, prop: &'a Value) -> &'a Value {
    match prop.get("$ref").and_then(Value::as_str) {
        Some(r) => &schema["$defs"][r.trim_start_matches("#/$defs/")],
        None => prop,
    }
}

#[test]
fn the_schema_has_the_parsers_keys_at_every_level() {
    let s = schema();
    let full = full_rule();
    assert_eq!(keys(&s["properties"]), keys(&full), "top-level keys");
    for (def, sample) in [
        ("threshold", &full["thresholds"][0]),
        ("category_weight", &full["category_weights"][0]),
        ("category", &full["categories"][0]),
        ("late_policy", &full["late_policy"]),
        ("missing_policy", &full["missing_policy"]),
    ] {
        assert_eq!(
            keys(&s["$defs"][def]["properties"]),
            keys(sample),
            "$defs.{def}"
        );
        assert_eq!(
            s["$defs"][def]["additionalProperties"],
            json!(false),
            "{def}"
        );
    }
    assert_eq!(s["additionalProperties"], json!(false));
}

#[test]
fn the_documented_defaults_are_the_parsers() {
    let s = schema();
    let defaults = serde_json::to_value(GradingRule::default()).unwrap();
    for (key, prop) in s["properties"].as_object().unwrap() {
        if let Some(d) = prop.get("default") {
            assert_eq!(&defaults[key], d, "default of {key}");
        }
    }
    // Nested defaults: a category and a late policy given with only their
    // required keys.
    let minimal = serde_json::to_value(
        parse(json!({
            "categories": [{"name": "A"}],
            "late_policy": {"deduction_percent": 10},
        }))
        .unwrap(),
    )
    .unwrap();
    for (def, sample) in [
        ("category", &minimal["categories"][0]),
        ("late_policy", &minimal["late_policy"]),
    ] {
        for (key, prop) in s["$defs"][def]["properties"].as_object().unwrap() {
            if let Some(d) = prop.get("default") {
                assert_eq!(&sample[key], d, "default of {def}.{key}");
            }
        }
    }
}

#[test]
fn every_enum_value_is_accepted_and_no_other() {
    let s = schema();
    let mut checked = 0;
    let mut check = |key: &str, values: &[Value], wrap: &dyn Fn(Value) -> Value| {
        for v in values {
            parse(wrap(v.clone())).unwrap_or_else(|e| panic!("{key} = {v}: {e}"));
            checked += 1;
        }
        let e = parse(wrap(json!("no_such_value"))).unwrap_err();
        assert!(e.field().unwrap_or("").contains(key), "{key}: {e}");
    };
    for (key, prop) in s["properties"].as_object().unwrap() {
        if let Some(values) = resolve(&s, prop).get("enum").and_then(Value::as_array) {
            check(key, values, &|v| json!({ key.as_str(): v }));
        }
    }
    let methods = s["$defs"]["method"]["enum"].as_array().unwrap();
    check(
        "method",
        methods,
        &|v| json!({"categories": [{"name": "A", "method": v}]}),
    );
    let intervals = s["$defs"]["late_policy"]["properties"]["interval"]["enum"]
        .as_array()
        .unwrap();
    check(
        "interval",
        intervals,
        &|v| json!({"late_policy": {"deduction_percent": 5, "interval": v}}),
    );
    assert!(checked >= 30, "{checked}");
}

#[test]
fn unknown_keys_are_refused_at_every_level() {
    for (rule, field) in [
        (json!({"bogus": 1}), "rule.bogus"),
        (
            json!({"thresholds": [{"min": 1, "mark": 2, "bogus": 1}]}),
            "rule.thresholds[0].bogus",
        ),
        (
            json!({"category_weights": [{"work_kind": 1, "percent": 1, "bogus": 1}]}),
            "rule.category_weights[0].bogus",
        ),
        (
            json!({"categories": [{"name": "A", "bogus": 1}]}),
            "rule.categories[0].bogus",
        ),
        (
            json!({"late_policy": {"deduction_percent": 1, "bogus": 1}}),
            "rule.late_policy.bogus",
        ),
        (
            json!({"missing_policy": {"deduction_percent": 1, "bogus": 1}}),
            "rule.missing_policy.bogus",
        ),
    ] {
        assert_eq!(parse(rule).unwrap_err().field(), Some(field));
    }
}

#[test]
fn the_documented_integer_ranges_hold() {
    let s = schema();
    let props: &Map<String, Value> = s["properties"].as_object().unwrap();
    for (key, prop) in props {
        let Some(max) = prop.get("maximum").and_then(Value::as_i64) else {
            continue;
        };
        let ok = if key == "compare_decimals" {
            json!({ key.as_str(): max, "decimals": 6 })
        } else {
            json!({ key.as_str(): max })
        };
        parse(ok).unwrap_or_else(|e| panic!("{key} = {max}: {e}"));
        let e = parse(json!({ key.as_str(): max + 1 })).unwrap_err();
        assert!(e.field().unwrap_or("").contains(key), "{key}: {e}");
    }
}
