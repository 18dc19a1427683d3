//! Marking scales as data. Every mark is stored with its scale; a value not
//! on the mark's scale is refused. Values are kept in hundredths (exact).

use super::ratio::Ratio;
use crate::error::{Error, Result};
use crate::ids::{ScaleId, SchoolId};
use serde::{Deserialize, Serialize};

/// One allowed value of a discrete scale, e.g. `"B+"` worth 3.30.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleEntry {
    /// What is written in the diary, e.g. `"5"`, `"B+"`, `"2-"`, `"pass"`.
    pub label: String,
    /// Its numeric worth in hundredths, e.g. 330 for 3.30.
    pub value_centi: i64,
}

/// The shape of a scale.
///
/// Besides the three stored shapes, a scale may be given as
/// `{"kind":"with_modifiers","min":1,"max":6,"plus":"-0.25","minus":"0.25"}`:
/// whole marks from `min` to `max`, each with "n+" worth n + `plus` and
/// "n-" worth n + `minus` (signed offsets, less than one whole step, of
/// opposite signs: German schools use ±0.25, ±0.3 or ±0.33 with "+"
/// better, i.e. lower; Polish +0.5 / −0.25), without a "+" on the best
/// whole mark or a "-" on the worst unless `plus_on_best` /
/// `minus_on_worst` ("1+" exists on some). It is stored as the discrete
/// list it describes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "ScaleKindInput")]
pub enum ScaleKind {
    /// A fixed list of values (5-point, letters, German 1–6 with +/-,
    /// pass/fail, school-defined lists).
    Discrete {
        /// The allowed values.
        entries: Vec<ScaleEntry>,
    },
    /// Any multiple of `step` from `min` to `max` (100-point, French 0–20).
    Range {
        /// Lowest value, hundredths.
        min_centi: i64,
        /// Highest value, hundredths.
        max_centi: i64,
        /// Granularity, hundredths (e.g. 25 for quarter points).
        step_centi: i64,
    },
    /// Points out of a maximum given with each mark (Pronote's "sur").
    Points,
}

/// The forms a scale's shape is read from: the stored ones, and whole
/// marks with ± modifiers.
#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
enum ScaleKindInput {
    Discrete {
        entries: Vec<ScaleEntry>,
    },
    Range {
        min_centi: i64,
        max_centi: i64,
        step_centi: i64,
    },
    Points,
    WithModifiers {
        min: i64,
        max: i64,
        #[serde(deserialize_with = "crate::json_input::decimal_text")]
        plus: String,
        #[serde(deserialize_with = "crate::json_input::decimal_text")]
        minus: String,
        #[serde(default)]
        plus_on_best: bool,
        #[serde(default)]
        minus_on_worst: bool,
    },
}

impl TryFrom<ScaleKindInput> for ScaleKind {
    type Error = String;
    fn try_from(input: ScaleKindInput) -> std::result::Result<ScaleKind, String> {
        Ok(match input {
            ScaleKindInput::Discrete { entries } => ScaleKind::Discrete { entries },
            ScaleKindInput::Range {
                min_centi,
                max_centi,
                step_centi,
            } => ScaleKind::Range {
                min_centi,
                max_centi,
                step_centi,
            },
            ScaleKindInput::Points => ScaleKind::Points,
            ScaleKindInput::WithModifiers {
                min,
                max,
                plus,
                minus,
                plus_on_best,
                minus_on_worst,
            } => {
                let centi = |name: &str, t: &str| -> std::result::Result<i64, String> {
                    let r = Ratio::parse(name, t)
                        .map_err(|e| e.to_string())?
                        .mul(Ratio::int(100));
                    if r.denom() != 1 || r.numer().abs() >= 100 || r.numer() == 0 {
                        return Err(format!(
                            "{name} must be a nonzero offset below one whole mark, with at most 2 decimals"
                        ));
                    }
                    Ok(r.numer() as i64)
                };
                let (plus, minus) = (centi("plus", &plus)?, centi("minus", &minus)?);
                if plus.signum() == minus.signum() {
                    return Err("plus and minus must go in opposite directions".into());
                }
                if !(-1000..=1000).contains(&min) || !(-1000..=1000).contains(&max) || min >= max {
                    return Err(
                        "min and max must be whole marks from -1000 to 1000, min < max".into(),
                    );
                }
                modifiers(min, max, plus, minus, plus_on_best, minus_on_worst)
            }
        })
    }
}

/// Whole marks `min..=max` with "n+" (n + `plus`) and "n-" (n + `minus`),
/// offsets in hundredths.
fn modifiers(
    min: i64,
    max: i64,
    plus: i64,
    minus: i64,
    plus_on_best: bool,
    minus_on_worst: bool,
) -> ScaleKind {
    let (best, worst) = if plus > 0 { (max, min) } else { (min, max) };
    let mut entries = Vec::new();
    for n in min..=max {
        entries.push(ScaleEntry {
            label: n.to_string(),
            value_centi: n * 100,
        });
        if n != best || plus_on_best {
            entries.push(ScaleEntry {
                label: format!("{n}+"),
                value_centi: n * 100 + plus,
            });
        }
        if n != worst || minus_on_worst {
            entries.push(ScaleEntry {
                label: format!("{n}-"),
                value_centi: n * 100 + minus,
            });
        }
    }
    ScaleKind::Discrete { entries }
}

/// A marking scale.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Scale {
    /// Identifier.
    pub id: ScaleId,
    /// The school that defined it; `None` for the built-in scales.
    pub school: Option<SchoolId>,
    /// Short stable code, e.g. `"ru5"`.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Values.
    pub kind: ScaleKind,
    /// Whether smaller numbers are better (German 1–6).
    pub lower_is_better: bool,
}

/// What is needed to define a school's own scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewScale {
    /// Short code, unique in the school.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Values.
    pub kind: ScaleKind,
    /// Whether smaller numbers are better.
    pub lower_is_better: bool,
}

/// A value checked against a scale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScaledValue<'s> {
    /// The canonical label, e.g. `"5"`, `"B+"`, `"17.5/20"` (borrowed from
    /// the scale for discrete scales).
    pub label: std::borrow::Cow<'s, str>,
    /// Numeric worth in hundredths.
    pub value_centi: i64,
    /// For points scales, the maximum in hundredths.
    pub out_of_centi: Option<i64>,
}

/// A whole number of up to 15 ASCII digits, in hundredths; `None` for
/// anything else (decimals, signs, spaces), which [`Ratio::parse`] decides.
fn whole_centi(t: &str) -> Option<i64> {
    if t.is_empty() || t.len() > 15 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse::<i64>().ok()?.checked_mul(100)
}

fn centi_label(v: i64) -> String {
    if v >= 0 && v % 100 == 0 {
        return (v / 100).to_string();
    }
    Ratio::centi(v)
        .to_decimal(2)
        .trim_end_matches('0')
        .trim_end_matches('.')
        .to_owned()
}

impl Scale {
    /// The worst and best numeric values (hundredths); `None` for points.
    pub fn bounds(&self) -> Option<(i64, i64)> {
        let (lo, hi) = match &self.kind {
            ScaleKind::Discrete { entries } => (
                entries.iter().map(|e| e.value_centi).min()?,
                entries.iter().map(|e| e.value_centi).max()?,
            ),
            ScaleKind::Range {
                min_centi,
                max_centi,
                ..
            } => (*min_centi, *max_centi),
            ScaleKind::Points => return None,
        };
        Some(if self.lower_is_better {
            (hi, lo)
        } else {
            (lo, hi)
        })
    }

    /// Checks `text` (and `out_of` for points) against the scale.
    pub fn value(&self, text: &str, out_of: Option<&str>) -> Result<ScaledValue<'_>> {
        let t = if text.starts_with(char::is_whitespace) || text.ends_with(char::is_whitespace) {
            text.trim()
        } else {
            text
        };
        let off_scale = || {
            Error::invalid(
                "value",
                format!("{t:?} is not a value of the scale \"{}\"", self.name),
            )
        };
        match &self.kind {
            ScaleKind::Discrete { entries } => {
                let e = entries
                    .iter()
                    .find(|e| e.label == t)
                    .or_else(|| entries.iter().find(|e| e.label.eq_ignore_ascii_case(t)))
                    .ok_or_else(off_scale)?;
                Ok(ScaledValue {
                    label: std::borrow::Cow::Borrowed(e.label.as_str()),
                    value_centi: e.value_centi,
                    out_of_centi: None,
                })
            }
            ScaleKind::Range {
                min_centi,
                max_centi,
                step_centi,
            } => {
                let v = match whole_centi(t) {
                    // The common case, a whole number ("4"), without the
                    // rational arithmetic (an import parses millions).
                    Some(v) => v,
                    None => {
                        let v = Ratio::parse("value", t)
                            .map_err(|_| off_scale())?
                            .mul(Ratio::int(100));
                        if v.denom() != 1 {
                            return Err(off_scale());
                        }
                        i64::try_from(v.numer()).map_err(|_| off_scale())?
                    }
                };
                if v < *min_centi || v > *max_centi || (v - min_centi) % step_centi != 0 {
                    return Err(off_scale());
                }
                Ok(ScaledValue {
                    label: centi_label(v).into(),
                    value_centi: v,
                    out_of_centi: None,
                })
            }
            ScaleKind::Points => {
                let parse = |field: &str, s: &str| -> Result<i64> {
                    let r = Ratio::parse(field, s)?.mul(Ratio::int(100));
                    if r.denom() != 1 || r.numer() < 0 || r.numer() > 100_000_000 {
                        return Err(Error::invalid(
                            field,
                            "must be a number of points with at most 2 decimals",
                        ));
                    }
                    Ok(r.numer() as i64)
                };
                let max = parse(
                    "out_of",
                    out_of.ok_or_else(|| {
                        Error::invalid("out_of", "a points mark needs its maximum")
                    })?,
                )?;
                if max == 0 {
                    return Err(Error::invalid("out_of", "must be greater than 0"));
                }
                let v = parse("value", t)?;
                if v > max {
                    return Err(Error::invalid("value", "must not exceed the maximum"));
                }
                Ok(ScaledValue {
                    label: format!("{}/{}", centi_label(v), centi_label(max)).into(),
                    value_centi: v,
                    out_of_centi: Some(max),
                })
            }
        }
    }

    /// The value as a fraction of the scale's range: 0 is the worst, 1 the
    /// best (for points, points / maximum).
    pub fn normalise(&self, value_centi: i64, out_of_centi: Option<i64>) -> Ratio {
        match (self.bounds(), out_of_centi) {
            (Some((worst, best)), _) if worst != best => Ratio::new(
                i128::from(value_centi) - i128::from(worst),
                i128::from(best) - i128::from(worst),
            ),
            (None, Some(max)) if max > 0 => Ratio::new(i128::from(value_centi), i128::from(max)),
            _ => Ratio::ZERO,
        }
    }

    /// Maps a fraction of the range back to this scale's numbers.
    pub fn denormalise(&self, f: Ratio) -> Ratio {
        match self.bounds() {
            Some((worst, best)) => Ratio::centi(worst)
                .add(f.mul(Ratio::new(i128::from(best) - i128::from(worst), 100))),
            None => f.mul(Ratio::int(100)),
        }
    }

    /// The label of the value nearest `v` (hundredths) on a discrete scale,
    /// e.g. for showing an average as a mark.
    pub fn label_of(&self, value_centi: i64) -> Option<&str> {
        match &self.kind {
            ScaleKind::Discrete { entries } => entries
                .iter()
                .find(|e| e.value_centi == value_centi)
                .map(|e| e.label.as_str()),
            _ => None,
        }
    }

    /// Checks a school-defined scale.
    pub fn check(new: &NewScale) -> Result<()> {
        match &new.kind {
            ScaleKind::Discrete { entries } => {
                if entries.len() < 2 {
                    return Err(Error::invalid(
                        "entries",
                        "a scale needs at least two values",
                    ));
                }
                for (i, e) in entries.iter().enumerate() {
                    let clean = crate::text::required("entries", &e.label, 16).ok();
                    if clean.as_deref() != Some(e.label.as_str()) {
                        return Err(Error::invalid(
                            "entries",
                            format!(
                                "label {:?} must be 1-16 visible characters (NFC) without surrounding or doubled spaces",
                                e.label
                            ),
                        ));
                    }
                    if entries[..i].iter().any(|o| o.label == e.label) {
                        return Err(Error::invalid(
                            "entries",
                            format!("label {:?} appears twice", e.label),
                        ));
                    }
                }
                for e in entries {
                    crate::limits::value_centi("entries", e.value_centi)?;
                }
                if entries.len() > 1000 {
                    return Err(Error::invalid("entries", "at most 1000 values"));
                }
                let lo = entries.iter().map(|e| e.value_centi).min();
                let hi = entries.iter().map(|e| e.value_centi).max();
                if lo == hi {
                    return Err(Error::invalid(
                        "entries",
                        "the values must not all be equal",
                    ));
                }
            }
            ScaleKind::Range {
                min_centi,
                max_centi,
                step_centi,
            } => {
                crate::limits::value_centi("min", *min_centi)?;
                crate::limits::value_centi("max", *max_centi)?;
                crate::limits::value_centi("step", *step_centi)?;
                if min_centi >= max_centi
                    || *step_centi <= 0
                    || (max_centi - min_centi) % step_centi != 0
                {
                    return Err(Error::invalid(
                        "kind",
                        "a range needs min < max and a step that divides max - min",
                    ));
                }
            }
            ScaleKind::Points => {}
        }
        Ok(())
    }
}

fn entries(list: &[(&str, i64)]) -> ScaleKind {
    ScaleKind::Discrete {
        entries: list
            .iter()
            .map(|(l, v)| ScaleEntry {
                label: (*l).to_owned(),
                value_centi: *v,
            })
            .collect(),
    }
}

fn numbers(lo: i64, hi: i64) -> ScaleKind {
    ScaleKind::Discrete {
        entries: (lo..=hi)
            .map(|v| ScaleEntry {
                label: v.to_string(),
                value_centi: v * 100,
            })
            .collect(),
    }
}

/// The built-in scales: `(code, name, kind, lower_is_better)`. Their ids
/// are assigned when a diary file is created, in this order.
pub fn builtin_scales() -> Vec<NewScale> {
    let s = |code: &str, name: &str, kind, lower_is_better| NewScale {
        code: code.into(),
        name: name.into(),
        kind,
        lower_is_better,
    };
    let mut german = Vec::new();
    for n in 1..=6i64 {
        if n > 1 {
            german.push((format!("{n}+"), n * 100 - 30));
        }
        german.push((n.to_string(), n * 100));
        if n < 6 {
            german.push((format!("{n}-"), n * 100 + 30));
        }
    }
    let german: Vec<(&str, i64)> = german.iter().map(|(l, v)| (l.as_str(), *v)).collect();
    vec![
        s("ru5", "Russian 5-point (1–5)", numbers(1, 5), false),
        s("ru5_2", "Russian 5-point (2–5)", numbers(2, 5), false),
        s("ten", "10-point", numbers(1, 10), false),
        s("twelve", "12-point", numbers(1, 12), false),
        s(
            "hundred",
            "100-point",
            ScaleKind::Range {
                min_centi: 0,
                max_centi: 10_000,
                step_centi: 100,
            },
            false,
        ),
        s(
            "letters",
            "Letters A–F (4.0 GPA)",
            entries(&[
                ("A+", 400),
                ("A", 400),
                ("A-", 370),
                ("B+", 330),
                ("B", 300),
                ("B-", 270),
                ("C+", 230),
                ("C", 200),
                ("C-", 170),
                ("D+", 130),
                ("D", 100),
                ("D-", 70),
                ("F", 0),
            ]),
            false,
        ),
        s(
            "pass_fail",
            "Pass / fail",
            entries(&[("pass", 100), ("fail", 0)]),
            false,
        ),
        s("de6", "German 1–6 (1 is best)", entries(&german), true),
        s(
            "fr20",
            "French 0–20",
            ScaleKind::Range {
                min_centi: 0,
                max_centi: 2_000,
                step_centi: 25,
            },
            false,
        ),
        s(
            "points",
            "Points out of a maximum",
            ScaleKind::Points,
            false,
        ),
        s(
            "de6_25",
            "German 1–6 with ±0.25",
            modifiers(1, 6, -25, 25, false, false),
            true,
        ),
        s(
            "de6_33",
            "German 1–6 with ±0.33 and 1+",
            modifiers(1, 6, -33, 33, true, false),
            true,
        ),
        s(
            "pl6",
            "Polish 1–6 (+0.5, −0.25)",
            modifiers(1, 6, 50, -25, false, false),
            false,
        ),
    ]
}

/// A built-in scale by code with a placeholder id, for tests.
#[cfg(test)]
pub(crate) fn builtin_for_tests(code: &str) -> Scale {
    let n = builtin_scales()
        .into_iter()
        .find(|s| s.code == code)
        .expect("a built-in scale code");
    Scale {
        id: ScaleId(1),
        school: None,
        code: n.code,
        name: n.name,
        kind: n.kind,
        lower_is_better: n.lower_is_better,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scale(code: &str) -> Scale {
        builtin_for_tests(code)
    }

    #[test]
    fn values_on_and_off_the_scale() {
        let ru = scale("ru5");
        assert_eq!(ru.value("5", None).unwrap().value_centi, 500);
        for bad in ["6", "0", "4.5", "", "five"] {
            assert_eq!(
                ru.value(bad, None).unwrap_err().field(),
                Some("value"),
                "{bad}"
            );
        }
        assert!(scale("ru5_2").value("1", None).is_err());
        assert_eq!(scale("letters").value("b+", None).unwrap().label, "B+");
        assert_eq!(scale("de6").value("2-", None).unwrap().value_centi, 230);
        assert!(scale("de6").value("1+", None).is_err());
        let fr = scale("fr20");
        assert_eq!(fr.value("17.25", None).unwrap().value_centi, 1725);
        assert!(fr.value("17.3", None).is_err());
        assert!(fr.value("20.25", None).is_err());
        let pts = scale("points");
        let v = pts.value("17.5", Some("20")).unwrap();
        assert_eq!(
            (v.label.as_ref(), v.value_centi, v.out_of_centi),
            ("17.5/20", 1750, Some(2000))
        );
        assert_eq!(
            pts.value("21", Some("20")).unwrap_err().field(),
            Some("value")
        );
        assert_eq!(pts.value("1", None).unwrap_err().field(), Some("out_of"));
    }

    #[test]
    fn whole_numbers_read_as_the_rational_reading_does() {
        for t in [
            "0",
            "4",
            "04",
            "20",
            "999999999999999",
            "1000000000000000",
            "4.0",
            " 4",
            "+4",
            "-4",
            "",
        ] {
            let rational = Ratio::parse("value", t)
                .ok()
                .map(|r| r.mul(Ratio::int(100)))
                .filter(|r| r.denom() == 1 && t.len() <= 15 && !t.contains(['.', ' ', '+', '-']))
                .and_then(|r| i64::try_from(r.numer()).ok());
            assert_eq!(whole_centi(t), rational, "{t:?}");
        }
        for v in [0, 100, 500, 2000, 123_456_700, 150, 1725, 5] {
            let general = Ratio::centi(v).to_decimal(2);
            let general = general.trim_end_matches('0').trim_end_matches('.');
            assert_eq!(centi_label(v), general, "{v}");
        }
        let fr = scale("fr20");
        assert_eq!(fr.value("07", None).unwrap().label, "7");
        assert_eq!(fr.value("20", None).unwrap().value_centi, 2000);
        assert!(fr.value("21", None).is_err());
    }

    #[test]
    fn normalisation_is_a_fraction_of_the_range() {
        assert_eq!(scale("ru5").normalise(400, None), Ratio::new(3, 4));
        assert_eq!(scale("ru5_2").normalise(200, None), Ratio::ZERO);
        // German: 1 is best (1.0), 6 worst (0.0).
        let de = scale("de6");
        assert_eq!(de.normalise(100, None), Ratio::int(1));
        assert_eq!(de.normalise(600, None), Ratio::ZERO);
        assert_eq!(de.denormalise(Ratio::new(1, 2)), Ratio::new(7, 2));
        assert_eq!(
            scale("points").normalise(1750, Some(2000)),
            Ratio::new(7, 8)
        );
        assert_eq!(
            scale("fr20").denormalise(Ratio::new(7, 8)),
            Ratio::new(35, 2)
        );
    }

    #[test]
    fn modifiers_are_configurable() {
        let de = scale("de6_25");
        assert_eq!(de.value("2+", None).unwrap().value_centi, 175);
        assert_eq!(de.value("2-", None).unwrap().value_centi, 225);
        assert!(de.value("1+", None).is_err());
        assert_eq!(scale("de6_33").value("1+", None).unwrap().value_centi, 67);
        let pl = scale("pl6");
        assert_eq!(pl.value("4+", None).unwrap().value_centi, 450);
        assert_eq!(pl.value("4-", None).unwrap().value_centi, 375);
        assert!(pl.value("6+", None).is_err());
        assert!(pl.value("1-", None).is_err());
        let own: ScaleKind = serde_json::from_str(
            r#"{"kind":"with_modifiers","min":1,"max":5,"plus":"0.33","minus":"-0.33","plus_on_best":true}"#,
        )
        .unwrap();
        let ScaleKind::Discrete { entries } = &own else {
            panic!("stored as a list")
        };
        assert!(entries
            .iter()
            .any(|e| e.label == "5+" && e.value_centi == 533));
        assert!(!entries.iter().any(|e| e.label == "1-"));
        for bad in [
            r#"{"kind":"with_modifiers","min":1,"max":5,"plus":"0.33","minus":"0.33"}"#,
            r#"{"kind":"with_modifiers","min":1,"max":5,"plus":"1","minus":"-0.5"}"#,
            r#"{"kind":"with_modifiers","min":5,"max":1,"plus":"0.5","minus":"-0.5"}"#,
            r#"{"kind":"with_modifiers","min":1,"max":5,"plus":"0.5","minus":"-0.5","colour":1}"#,
        ] {
            assert!(serde_json::from_str::<ScaleKind>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn school_scales_are_checked() {
        let bad = NewScale {
            code: "x".into(),
            name: "x".into(),
            kind: entries(&[("A", 1)]),
            lower_is_better: false,
        };
        assert!(Scale::check(&bad).is_err());
        let dup = NewScale {
            kind: entries(&[("A", 1), ("A", 2)]),
            ..bad.clone()
        };
        assert!(Scale::check(&dup).is_err());
        let ok = NewScale {
            kind: entries(&[("excellent", 300), ("good", 200), ("weak", 100)]),
            ..bad
        };
        assert!(Scale::check(&ok).is_ok());
    }
}
