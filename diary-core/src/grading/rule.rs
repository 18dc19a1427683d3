//! Grading rules: how marks become an average and a period mark. A rule is
//! plain data, set per school and optionally overridden per subject.

use super::ratio::Ratio;
use crate::error::{Error, Result};
use crate::ids::WorkKindId;
use serde::{Deserialize, Serialize};

/// How marks are combined (the methods of Moodle's gradebook).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// Σ weight·value / Σ weight (the Russian e-diary "средневзвешенный балл").
    #[default]
    WeightedMean,
    /// Plain mean; weights ignored.
    Mean,
    /// Each mark weighted by its scale's range (max − min; points: the maximum).
    SimpleWeightedMean,
    /// The middle value; with an even count, the mean of the two middle ones.
    Median,
    /// The lowest value.
    Lowest,
    /// The highest value.
    Highest,
    /// The most frequent value; a tie goes to the highest of the tied values.
    Mode,
    /// Σ points earned / Σ points possible (value − scale minimum over the range).
    Natural,
    /// Mean where bonus marks add to the sum but not to the count (Moodle's
    /// "mean of grades with extra credits").
    MeanWithExtraCredit,
}

/// When the average is compared with the thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum CompareStage {
    /// Round first (to `decimals`, half away from zero), then compare: the
    /// mark always agrees with the average families see. The default.
    #[default]
    Rounded,
    /// Compare the exact value; 4.5999… stays below 4.60.
    Exact,
}

/// How an average is rounded to the rule's decimals (the peers' modes:
/// Moodle and most school rules round half up, banks and some Polish and
/// Portuguese rules half even, German report cards often truncate).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RoundingMode {
    /// Halves away from zero: 4.45 → 4.5 (the default).
    #[default]
    HalfUp,
    /// Halves toward zero: 4.45 → 4.4, 4.46 → 4.5.
    HalfDown,
    /// Halves to the even digit: 4.45 → 4.4, 4.55 → 4.6.
    HalfEven,
    /// Drops the digits beyond the decimals (truncation): 4.59 → 4.5.
    TowardZero,
    /// Toward minus infinity: 4.59 → 4.5, −4.51 → −4.6.
    Down,
    /// Toward plus infinity: 4.41 → 4.5.
    Up,
}

/// What happens to a mark that a retake improves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RetakePolicy {
    /// The retake replaces the original.
    #[default]
    Replace,
    /// Both count.
    BothCount,
    /// The better of the two counts.
    Best,
}

/// One row of a threshold table: an average of at least `min` earns `mark`
/// (on a scale where lower is better, such as German 1–6: at most `min`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    /// Lowest average for this mark, as a decimal, e.g. `"4.60"`.
    #[serde(deserialize_with = "crate::json_input::decimal_text")]
    pub min: String,
    /// The mark's label on the rule's scale, e.g. `"5"`.
    #[serde(deserialize_with = "crate::json_input::decimal_text")]
    pub mark: String,
}

/// A weight for one kind of work (Canvas assignment-group weights).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryWeight {
    /// The kind of work.
    pub work_kind: WorkKindId,
    /// Its share in percent; shares are rescaled when they do not sum to 100
    /// or a kind has no marks.
    pub percent: u32,
}

/// A school's (or subject's) rule for averages and period marks.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GradingRule {
    /// How marks are combined.
    pub method: Aggregation,
    /// Code of the scale the average and the period mark are expressed on.
    pub scale: String,
    /// Thresholds, best mark first.
    pub thresholds: Vec<Threshold>,
    /// The mark below every threshold.
    #[serde(deserialize_with = "crate::json_input::decimal_text")]
    pub below_all: String,
    /// Fewer counted marks than this: "not certified".
    pub min_marks: u32,
    /// Decimals shown and used for a rounded comparison.
    pub decimals: u32,
    /// Compare the rounded or the exact average.
    pub compare: CompareStage,
    /// How the average is rounded to `decimals` (default half up).
    pub rounding: RoundingMode,
    /// A second rounding stage for the comparison: with `compare` "rounded",
    /// the average rounded to `decimals` is rounded again to this many
    /// decimals before it meets the thresholds (e.g. 4.549 → 4.55 → 4.6).
    /// `None`: one stage.
    pub compare_decimals: Option<u32>,
    /// Drop the N lowest marks of each kind of work.
    pub drop_lowest: u32,
    /// Drop the N highest marks of each kind of work.
    pub drop_highest: u32,
    /// Kinds of work whose marks are never dropped.
    pub never_drop: Vec<WorkKindId>,
    /// Weights per kind of work; empty for none.
    pub category_weights: Vec<CategoryWeight>,
    /// Retake handling.
    pub retakes: RetakePolicy,
    /// A bonus mark counts only above this fraction of its scale (e.g. 1/2:
    /// points above 10 out of 20), as a decimal.
    #[serde(deserialize_with = "crate::json_input::decimal_text")]
    pub bonus_above: String,
}

impl Default for GradingRule {
    /// The common Russian rule: weighted mean on the 5-point scale,
    /// ≥ 4.60 → 5, ≥ 3.60 → 4, ≥ 2.60 → 3, else 2; at least 3 marks.
    fn default() -> Self {
        let t = |min: &str, mark: &str| Threshold {
            min: min.into(),
            mark: mark.into(),
        };
        GradingRule {
            method: Aggregation::WeightedMean,
            scale: "ru5".into(),
            thresholds: vec![t("4.60", "5"), t("3.60", "4"), t("2.60", "3")],
            below_all: "2".into(),
            min_marks: 3,
            decimals: 2,
            compare: CompareStage::Rounded,
            rounding: RoundingMode::HalfUp,
            compare_decimals: None,
            drop_lowest: 0,
            drop_highest: 0,
            never_drop: Vec::new(),
            category_weights: Vec::new(),
            retakes: RetakePolicy::Replace,
            bonus_above: "0.5".into(),
        }
    }
}

impl GradingRule {
    /// Parsed thresholds, best first.
    pub fn threshold_values(&self) -> Result<Vec<(Ratio, String)>> {
        self.thresholds
            .iter()
            .map(|t| {
                let v = crate::limits::threshold(
                    "thresholds.min",
                    Ratio::parse("thresholds.min", &t.min)?,
                )?;
                Ok((v, t.mark.clone()))
            })
            .collect()
    }

    /// The bonus cut-off as a fraction.
    pub fn bonus_cutoff(&self) -> Result<Ratio> {
        let r = Ratio::parse("bonus_above", &self.bonus_above)?;
        if r < Ratio::ZERO || r > Ratio::int(1) {
            return Err(Error::invalid("bonus_above", "must be between 0 and 1"));
        }
        Ok(r)
    }

    /// Checks the rule's own consistency (labels are checked against the
    /// scale by the caller). Thresholds are listed best mark first.
    pub fn check(&self, lower_is_better: bool) -> Result<()> {
        let t = self.threshold_values()?;
        let misordered = |a: Ratio, b: Ratio| if lower_is_better { a >= b } else { a <= b };
        if t.windows(2).any(|w| misordered(w[0].0, w[1].0)) {
            return Err(Error::invalid(
                "thresholds",
                "must be listed best mark first, each bound strictly beyond the next",
            ));
        }
        if self.decimals > 6 {
            return Err(Error::invalid("decimals", "at most 6"));
        }
        if let Some(places) = self.compare_decimals {
            if places >= self.decimals {
                return Err(Error::invalid(
                    "compare_decimals",
                    format!(
                        "the second rounding stage must keep fewer decimals than the first ({})",
                        self.decimals
                    ),
                ));
            }
        }
        crate::limits::rule_count("min_marks", self.min_marks)?;
        crate::limits::rule_count("drop_lowest", self.drop_lowest)?;
        crate::limits::rule_count("drop_highest", self.drop_highest)?;
        if self.never_drop.len() > 1000 || self.category_weights.len() > 1000 {
            return Err(Error::invalid(
                "category_weights",
                "at most 1000 kinds of work in a rule",
            ));
        }
        if self.thresholds.len() > 1000 {
            return Err(Error::invalid("thresholds", "at most 1000 thresholds"));
        }
        if self
            .category_weights
            .iter()
            .any(|c| c.percent == 0 || c.percent > 1000)
        {
            return Err(Error::invalid(
                "category_weights",
                "each share must be between 1 and 1000 percent",
            ));
        }
        self.bonus_cutoff()?;
        Ok(())
    }

    /// The value an average is compared with the thresholds as: rounded
    /// by the rule's mode to its decimals (and again to `compare_decimals`
    /// in a second stage), or exact.
    pub fn compared(&self, value: Ratio) -> Ratio {
        match self.compare {
            CompareStage::Rounded => {
                let first = value.round_with(self.decimals, self.rounding);
                match self.compare_decimals {
                    Some(places) => first.round_with(places, self.rounding),
                    None => first,
                }
            }
            CompareStage::Exact => value,
        }
    }

    /// The period mark for an average `value` (on the rule's scale).
    pub fn mark_for(&self, value: Ratio, lower_is_better: bool) -> Result<String> {
        let compared = self.compared(value);
        Ok(self
            .threshold_values()?
            .into_iter()
            .find(|(bound, _)| {
                if lower_is_better {
                    compared <= *bound
                } else {
                    compared >= *bound
                }
            })
            .map_or_else(|| self.below_all.clone(), |(_, m)| m))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> Ratio {
        Ratio::parse("x", s).unwrap()
    }

    impl GradingRule {
        fn mark_for_test(&self, v: Ratio) -> Result<String> {
            self.mark_for(v, false)
        }
    }

    #[test]
    fn default_thresholds_compare_the_rounded_average() {
        let rule = GradingRule::default();
        assert_eq!(rule.mark_for_test(r("4.60")).unwrap(), "5");
        assert_eq!(rule.mark_for_test(r("4.5999")).unwrap(), "5"); // shows as 4.60
        assert_eq!(rule.mark_for_test(r("4.5949")).unwrap(), "4"); // shows as 4.59
        assert_eq!(rule.mark_for_test(r("3.60")).unwrap(), "4");
        assert_eq!(rule.mark_for_test(r("2.5")).unwrap(), "2");
        let exact = GradingRule {
            compare: CompareStage::Exact,
            ..GradingRule::default()
        };
        assert_eq!(exact.mark_for_test(r("4.5999")).unwrap(), "4");
        assert_eq!(exact.mark_for_test(r("4.6")).unwrap(), "5");
    }

    #[test]
    fn rule_checks() {
        let mut rule = GradingRule::default();
        rule.thresholds.swap(0, 1);
        assert_eq!(rule.check(false).unwrap_err().field(), Some("thresholds"));
        let rule = GradingRule {
            bonus_above: "2".into(),
            ..GradingRule::default()
        };
        assert_eq!(rule.check(false).unwrap_err().field(), Some("bonus_above"));
        let rule = GradingRule {
            thresholds: vec![Threshold {
                min: "4,6".into(),
                mark: "5".into(),
            }],
            ..GradingRule::default()
        };
        assert_eq!(
            rule.check(false).unwrap_err().field(),
            Some("thresholds.min")
        );
        assert!(GradingRule::default().check(false).is_ok());
        assert!(GradingRule::default().check(true).is_err());
    }

    #[test]
    fn rules_round_trip_through_json() {
        let rule = GradingRule::default();
        let json = serde_json::to_string(&rule).unwrap();
        assert_eq!(serde_json::from_str::<GradingRule>(&json).unwrap(), rule);
        let partial: GradingRule =
            serde_json::from_str(r#"{"method":"median","min_marks":1}"#).unwrap();
        assert_eq!(partial.method, Aggregation::Median);
        assert_eq!(partial.scale, "ru5");
    }
}
