//! The grading engine without a diary: an average (and the period mark the
//! rule derives) from marks and a rule given as values — no school, no
//! student, no stored marks. What analysts and vendors' own gradebooks
//! call; the stored path computes with the same [`average`] function.
//!
//! Marks and the rule come as JSON text (C) or dicts (Python), read with
//! [`crate::json_input`]: unknown keys are refused by name.

use super::average::{average, Average, MarkInput};
use super::ratio::Ratio;
use super::rule::{GradingRule, MarkRange};
use super::scale::{builtin_scales, NewScale, Scale, ScaleKind};
use crate::error::{Error, Result};
use crate::ids::{MarkId, ScaleId, WorkKindId};
use crate::model::{Counting, EntryKind};
use serde::Deserialize;
use time::Date;

/// One mark as a value.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PureMark {
    /// The value as written on its scale ("5", "B+", "17.5"); omitted for
    /// an entry that is not a grade.
    #[serde(default, deserialize_with = "optional_text")]
    pub value: Option<String>,
    /// The maximum, for a points scale.
    #[serde(default, deserialize_with = "optional_text")]
    pub out_of: Option<String>,
    /// The mark's scale code; default: the rule's scale (a mark on another
    /// scale is converted through its normalised value, as stored marks are).
    #[serde(default)]
    pub scale: Option<String>,
    /// Its weight as a decimal; default 1.
    #[serde(default, deserialize_with = "optional_text")]
    pub weight: Option<String>,
    /// Its kind of work (for category weights and drop rules); default 1.
    #[serde(default)]
    pub work_kind: Option<i64>,
    /// Whether it counts: "always" (default), "if_raises", "bonus", "never".
    #[serde(default)]
    pub counting: Option<Counting>,
    /// What it is: "grade" (default), "absent", "not_submitted", "exempt".
    #[serde(default)]
    pub entry: Option<EntryKind>,
    /// Its date ("YYYY-MM-DD"), which orders ties in drop rules; default
    /// the order given.
    #[serde(default)]
    pub date: Option<String>,
    /// An id to find it in the explanation; default its position (1-based).
    #[serde(default)]
    pub id: Option<i64>,
    /// How late it was handed in, in minutes, for the rule's late policy.
    #[serde(default)]
    pub minutes_late: Option<u32>,
    /// Moodle's per-item multiplicative factor (default 1), applied as
    /// value·factor + offset and clamped to the scale's range.
    #[serde(default, deserialize_with = "optional_text")]
    pub factor: Option<String>,
    /// Moodle's per-item offset (default 0).
    #[serde(default, deserialize_with = "optional_text")]
    pub offset: Option<String>,
    /// Its share of a natural (points) total in percent, 0–100, instead of
    /// its share by points (Moodle's weight override).
    #[serde(default, deserialize_with = "optional_text")]
    pub natural_weight_percent: Option<String>,
}

/// A points value as Canvas takes it: a score above the maximum (extra
/// credit), a negative score, and an item worth 0 points (its score adds
/// to the earned points only) are allowed — within ±10 times the maximum
/// (±1,000,000 for a 0-point item), with at most 2 decimals.
fn points_value(
    value: &str,
    out_of: Option<&str>,
    at: &dyn Fn(&str) -> String,
) -> Result<(i64, i64)> {
    let centi = |field: &str, text: &str| -> Result<i64> {
        let r = Ratio::parse(&at(field), text)?.mul(Ratio::int(100));
        if r.denom() != 1 || r.numer().abs() > 100_000_000 {
            return Err(Error::invalid(
                at(field),
                "must be a number of points with at most 2 decimals, within ±1000000",
            ));
        }
        Ok(r.numer() as i64)
    };
    let max = centi(
        "out_of",
        out_of.ok_or_else(|| Error::invalid(at("out_of"), "a points mark needs its maximum"))?,
    )?;
    if max < 0 {
        return Err(Error::invalid(at("out_of"), "must not be negative"));
    }
    let v = centi("value", value)?;
    let bound = if max == 0 {
        100_000_000
    } else {
        max.saturating_mul(10)
    };
    if v.abs() > bound {
        return Err(Error::invalid(
            at("value"),
            "may exceed the maximum (extra credit) or be negative, but within ten times the maximum",
        ));
    }
    Ok((v, max))
}

use crate::json_input::optional_decimal_text as optional_text;

/// The most marks one computation takes (a year of one subject is a few
/// hundred).
pub const MAX_MARKS: usize = 100_000;

/// A built-in scale by its code, or a scale defined by the caller (the
/// caller's first); its id is its position in that list, so that marks on
/// the rule's own scale can be told from others.
fn scale_named(code: &str, own: &[NewScale]) -> Result<Scale> {
    own.iter()
        .cloned()
        .chain(builtin_scales())
        .enumerate()
        .find(|(_, s)| s.code == code)
        .map(|(i, n)| Scale {
            id: ScaleId(i as i64 + 1),
            school: None,
            code: n.code,
            name: n.name,
            kind: n.kind,
            lower_is_better: n.lower_is_better,
        })
        .ok_or_else(|| {
            Error::invalid(
                "scale",
                format!("{code:?} is neither a built-in scale nor one of the scales given"),
            )
        })
}

/// The explained average of `marks` under `rule` (its scale one of the
/// built-in scales, or of `scales` given as their definitions), with the
/// period mark it derives.
pub fn average_of(marks: &[PureMark], rule: &GradingRule, scales: &[NewScale]) -> Result<Average> {
    let (inputs, rule_scale) = inputs_of(marks, rule, scales)?;
    average(&inputs, rule, &rule_scale)
}

/// The engine's view of `marks`, and the rule's scale (the rule checked
/// against it).
fn inputs_of(
    marks: &[PureMark],
    rule: &GradingRule,
    scales: &[NewScale],
) -> Result<(Vec<MarkInput>, Scale)> {
    let rule_scale = scale_named(&rule.scale, scales)?;
    rule.check_against(&rule_scale)?;
    if marks.len() > MAX_MARKS {
        return Err(Error::invalid(
            "marks",
            format!("at most {MAX_MARKS} marks in one computation"),
        ));
    }
    let first_day = Date::from_calendar_date(2000, time::Month::January, 1)
        .map_err(|e| Error::Internal(e.to_string()))?;
    let mut inputs = Vec::with_capacity(marks.len());
    for (i, m) in marks.iter().enumerate() {
        let at = |f: &str| format!("marks[{i}].{f}");
        let scale = match &m.scale {
            Some(code) => scale_named(code, scales).map_err(|_| {
                Error::invalid(at("scale"), format!("{code:?} is not a known scale"))
            })?,
            None => rule_scale.clone(),
        };
        let entry = m.entry.unwrap_or(EntryKind::Grade);
        let (value_centi, out_of_centi) = match (&m.value, entry) {
            (Some(v), EntryKind::Grade) if matches!(scale.kind, ScaleKind::Points) => {
                let (v, max) = points_value(v, m.out_of.as_deref(), &at)?;
                (v, Some(max))
            }
            (Some(v), EntryKind::Grade) => {
                let sv = scale
                    .value(v, m.out_of.as_deref())
                    .map_err(|e| Error::invalid(at("value"), e.to_string()))?;
                (sv.value_centi, sv.out_of_centi)
            }
            (None, EntryKind::Grade) => {
                return Err(Error::invalid(at("value"), "a grade needs its value"))
            }
            (_, _) => (
                0,
                match (&m.out_of, &scale.kind) {
                    (Some(o), ScaleKind::Points) => Some(points_value("0", Some(o), &at)?.1),
                    _ => None,
                },
            ),
        };
        let weight = match &m.weight {
            Some(w) => {
                let r = Ratio::parse(&at("weight"), w)?;
                crate::limits::weight(&at("weight"), r)?
            }
            None => 100,
        };
        let date = match &m.date {
            Some(d) => crate::text::parse_date(&at("date"), d)?,
            None => first_day + time::Duration::days(i as i64),
        };
        let mut input = MarkInput::new(
            MarkId(m.id.unwrap_or(i as i64 + 1)),
            date,
            entry,
            &scale,
            value_centi,
            out_of_centi,
            WorkKindId(m.work_kind.unwrap_or(1)),
            weight,
            m.counting.unwrap_or(Counting::Always),
            None,
        );
        if m.factor.is_some() || m.offset.is_some() {
            let factor = match &m.factor {
                Some(f) => {
                    crate::limits::threshold(&at("factor"), Ratio::parse(&at("factor"), f)?)?
                }
                None => Ratio::int(1),
            };
            let offset = match &m.offset {
                Some(o) => {
                    crate::limits::threshold(&at("offset"), Ratio::parse(&at("offset"), o)?)?
                }
                None => Ratio::ZERO,
            };
            input = input.adjusted(&scale, factor, offset);
        }
        input.minutes_late = m.minutes_late.unwrap_or(0);
        if let Some(w) = &m.natural_weight_percent {
            let field = at("natural_weight_percent");
            let r = crate::limits::threshold(&field, Ratio::parse(&field, w)?)?;
            if r < Ratio::ZERO || r > Ratio::int(100) {
                return Err(Error::invalid(field, "must be a percent between 0 and 100"));
            }
            input.weight_override = Some(r.mul(Ratio::new(1, 100)));
        }
        inputs.push(input);
    }
    Ok((inputs, rule_scale))
}

/// Ways to reach `target` as the period mark from `marks`, fewest marks
/// first (as the diary's plan for a student): each option is a value of
/// the rule's scale, a weight — one of the weights among `marks`, or 1 —
/// and how many such marks are needed.
pub fn plan_of(
    marks: &[PureMark],
    rule: &GradingRule,
    scales: &[NewScale],
    target: &str,
) -> Result<Vec<super::PlanOption>> {
    let (inputs, rule_scale) = inputs_of(marks, rule, scales)?;
    rule_scale.value(target, None).map_err(|_| {
        Error::invalid(
            "target",
            format!(
                "{target:?} is not a mark of the scale \"{}\"",
                rule_scale.code
            ),
        )
    })?;
    let mut weights: Vec<Ratio> = inputs.iter().map(|m| m.weight).collect();
    if weights.is_empty() {
        weights.push(Ratio::int(1));
    }
    weights.sort();
    weights.dedup();
    let last = inputs.iter().map(|m| m.date).max();
    let day = last.map_or(Ok(Date::MIN), |d| {
        d.next_day()
            .ok_or_else(|| Error::invalid("marks", "a date too late to plan after"))
    })?;
    let template = MarkInput::new(
        MarkId(-1),
        day,
        EntryKind::Grade,
        &rule_scale,
        0,
        None,
        WorkKindId(1),
        100,
        Counting::Always,
        None,
    );
    super::plan(&inputs, rule, &rule_scale, target, &weights, &template)
}

/// [`plan_of`] from JSON text, as [`average_json`].
pub fn plan_json(
    marks: &str,
    rule: &str,
    scales: &str,
    target: &str,
) -> Result<Vec<super::PlanOption>> {
    let marks: Vec<PureMark> = crate::json_input::parse("marks", marks)?;
    let rule: GradingRule = crate::json_input::parse("rule", rule)?;
    let scales: Vec<NewScale> = crate::json_input::parse("scales", scales)?;
    plan_of(&marks, &rule, &scales, target)
}

/// [`average_of`] from JSON text: `marks` an array of marks, `rule` a rule
/// (`{}` for the default Russian rule), `scales` an array of scale
/// definitions (may be empty).
pub fn average_json(marks: &str, rule: &str, scales: &str) -> Result<Average> {
    let marks: Vec<PureMark> = crate::json_input::parse("marks", marks)?;
    let rule: GradingRule = crate::json_input::parse("rule", rule)?;
    let scales: Vec<NewScale> = crate::json_input::parse("scales", scales)?;
    average_of(&marks, &rule, &scales)
}

/// The period mark `rule` gives an average `value` (a decimal on the rule's
/// scale; on the points scale a percent), compared as the rule compares.
pub fn mark_for_json(value: &str, rule: &str, scales: &str) -> Result<String> {
    mark_for_value(Ratio::parse("value", value)?, rule, scales)
}

/// [`mark_for_json`] with the value as an exact number (within ±1,000,000).
pub fn mark_for_value(value: Ratio, rule: &str, scales: &str) -> Result<String> {
    let rule: GradingRule = crate::json_input::parse("rule", rule)?;
    let scales: Vec<NewScale> = crate::json_input::parse("scales", scales)?;
    let scale = scale_named(&rule.scale, &scales)?;
    rule.check_against(&scale)?;
    if value > Ratio::int(1_000_000) || value < Ratio::int(-1_000_000) {
        return Err(Error::invalid(
            "value",
            "must lie between -1000000 and 1000000",
        ));
    }
    rule.mark_for(value, scale.lower_is_better)
}

/// The band of averages for which `rule` gives `mark` (letter → range).
pub fn mark_range_json(mark: &str, rule: &str, scales: &str) -> Result<MarkRange> {
    let rule: GradingRule = crate::json_input::parse("rule", rule)?;
    let scales: Vec<NewScale> = crate::json_input::parse("scales", scales)?;
    let scale = scale_named(&rule.scale, &scales)?;
    rule.check_against(&scale)?;
    rule.range_of(mark, scale.lower_is_better)
}

/// The built-in scales with their values (labels and worth), as a school's
/// own scales are defined.
pub fn builtin_scale_list() -> Vec<NewScale> {
    builtin_scales()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::Ratio;

    #[test]
    fn an_average_from_values_alone() {
        // The default Russian rule: (5 + 4 + 3·3) / 5 = 3.6 → "4".
        let a = average_json(
            r#"[{"value":"5"},{"value":4},{"value":"3","weight":"3","work_kind":2}]"#,
            "{}",
            "[]",
        )
        .unwrap();
        assert_eq!(a.exact, Some(Ratio::new(18, 5)));
        assert_eq!(a.mark.as_deref(), Some("4"));
        // Points out of a maximum on the points scale, as a percentage.
        let p = average_json(
            r#"[{"value":"17","out_of":"20"},{"value":"9","out_of":"10"}]"#,
            r#"{"scale":"points","method":"natural","min_marks":1,"thresholds":[{"min":"50","mark":"pass"}],"below_all":"fail"}"#,
            "[]",
        );
        // Σ earned / Σ possible = 26/30, stated as a percentage: 260/3.
        let p = p.unwrap();
        assert_eq!(p.exact, Some(Ratio::new(260, 3)));
        assert_eq!(p.mark.as_deref(), Some("pass"));
    }

    #[test]
    fn marks_and_their_ranges() {
        // Canvas's default scheme in part: A from 94, A- from 90, B+ from 87.
        let rule = r#"{"scale":"points","thresholds":[{"min":"94","mark":"A"},{"min":"90","mark":"A-"},{"min":"87","mark":"B+"}],"below_all":"F","decimals":2}"#;
        assert_eq!(mark_for_json("93.995", rule, "[]").unwrap(), "A"); // rounds to 94.00
        assert_eq!(mark_for_json("93.99", rule, "[]").unwrap(), "A-");
        assert_eq!(mark_for_json("12", rule, "[]").unwrap(), "F");
        let r = mark_range_json("A-", rule, "[]").unwrap();
        assert_eq!(
            (r.low, r.low_inclusive, r.high, r.high_inclusive),
            (Some(Ratio::int(90)), true, Some(Ratio::int(94)), false)
        );
        let top = mark_range_json("A", rule, "[]").unwrap();
        assert_eq!((top.low, top.high), (Some(Ratio::int(94)), None));
        let f = mark_range_json("F", rule, "[]").unwrap();
        assert_eq!((f.low, f.high), (None, Some(Ratio::int(87))));
        assert_eq!(
            mark_range_json("Z", rule, "[]").unwrap_err().field(),
            Some("mark")
        );
        // German: lower is better; "1" for averages up to 1.5.
        let de = r#"{"scale":"de6","thresholds":[{"min":"1.5","mark":"1"},{"min":"2.5","mark":"2"}],"below_all":"3"}"#;
        let two = mark_range_json("2", de, "[]").unwrap();
        assert_eq!(
            (two.low, two.low_inclusive, two.high, two.high_inclusive),
            (Some(Ratio::new(3, 2)), false, Some(Ratio::new(5, 2)), true)
        );
        assert_eq!(mark_for_json("2.5", de, "[]").unwrap(), "2");
        assert!(builtin_scale_list().iter().any(|s| s.code == "pl6"));
    }

    #[test]
    fn a_plan_from_values() {
        // 4, 4, 3 (11/3): two 5s give 21/5 = 4.2, not yet 4.60; five give
        // 36/8 = 4.5; six give 41/9 = 4.56; seven 46/10 = 4.6.
        let p = plan_json(r#"[{"value":4},{"value":4},{"value":3}]"#, "{}", "[]", "5").unwrap();
        assert_eq!((p[0].value.as_str(), p[0].count), ("5", 7));
        assert_eq!(p[0].average, Ratio::new(23, 5));
        assert_eq!(
            plan_json("[]", "{}", "[]", "7").unwrap_err().field(),
            Some("target")
        );
    }

    #[test]
    fn bad_input_is_named() {
        let e = average_json(r#"[{"value":"5","wieght":"2"}]"#, "{}", "[]").unwrap_err();
        assert_eq!(e.field(), Some("marks[0].wieght"));
        let e = average_json(r#"[{"value":"7"}]"#, "{}", "[]").unwrap_err();
        assert_eq!(e.field(), Some("marks[0].value"));
        let e = average_json("[]", r#"{"scale":"nope"}"#, "[]").unwrap_err();
        assert_eq!(e.field(), Some("scale"));
    }
}
