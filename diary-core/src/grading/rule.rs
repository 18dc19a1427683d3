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
    /// Its share in percent, a decimal from 0 to 1000 with at most 6
    /// decimals ("40", "33.33"); 0 keeps the kind in the rule without
    /// weight. How shares that do not sum to 100 are used:
    /// [`GradingRule::rescale_weights`].
    #[serde(deserialize_with = "crate::json_input::decimal_text")]
    pub percent: String,
}

/// How category shares are used when those of the kinds with marks do not
/// sum to 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum WeightRescaling {
    /// Σ share·average / Σ shares of the kinds with marks: the result is
    /// always within the scale (the default).
    #[default]
    Always,
    /// Canvas's rule: divide by the shares' sum only when it is below 100;
    /// shares summing to more than 100 are used as given (the result can
    /// exceed the scale's best, as in Canvas).
    BelowHundred,
}

/// How drop rules choose the marks they drop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DropBy {
    /// By each mark's own value (Moodle's and the Russian diaries' rule):
    /// the N lowest values; among equal values the earliest (by date, then
    /// id) is dropped first — Moodle sorts stably in item order.
    #[default]
    EachMark,
    /// Canvas's rule: the marks whose removal gives the kind of work the
    /// best (drop lowest) or worst (drop highest) points ratio
    /// Σ earned / Σ possible, counting the marks that are never dropped;
    /// drop_lowest is cut to leave one mark, and drop_highest is ignored
    /// when both together would cover every mark.
    GroupRatio,
}

/// A category of a nested gradebook (Moodle's grade categories): the
/// marks of its kinds of work and its child categories, combined by its
/// own method; its value is an item of its parent (or of the whole
/// average), with its weight.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// Its name, 1–64 characters, unique in the rule.
    pub name: String,
    /// The parent category's name; absent: a top-level category.
    #[serde(default)]
    pub parent: Option<String>,
    /// Marks of these kinds of work belong to it (a kind in at most one
    /// category; marks of kinds in none are items of the whole average).
    #[serde(default)]
    pub work_kinds: Vec<WorkKindId>,
    /// How its items are combined.
    #[serde(default)]
    pub method: Aggregation,
    /// Its weight as an item of its parent, a decimal 0–1000 (default 1).
    #[serde(default = "one", deserialize_with = "crate::json_input::decimal_text")]
    pub weight: String,
    /// Drop the N lowest of its marks.
    #[serde(default)]
    pub drop_lowest: u32,
    /// Keep only its N highest marks (0: off).
    #[serde(default)]
    pub keep_highest: u32,
}

fn one() -> String {
    "1".into()
}

/// What happens to a mark on another scale than the rule's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum OtherScales {
    /// Converted through its fraction of its own scale (the default).
    #[default]
    Convert,
    /// Left out, with the reason (Sharezone's rule).
    Skip,
}

/// The unit of lateness a late deduction counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum LateInterval {
    /// Per started day (1,440 minutes).
    #[default]
    Day,
    /// Per started hour.
    Hour,
}

/// Canvas's late policy: each started interval late deducts a share of the
/// mark's possible points, never below a floor (and a mark already below
/// the floor loses nothing).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LatePolicy {
    /// Percent of the possible points deducted per interval, 0–100.
    #[serde(deserialize_with = "crate::json_input::decimal_text")]
    pub deduction_percent: String,
    /// The interval.
    #[serde(default)]
    pub interval: LateInterval,
    /// The lowest percent of the possible points a deduction leaves, 0–100.
    #[serde(default = "zero", deserialize_with = "crate::json_input::decimal_text")]
    pub floor_percent: String,
}

/// Canvas's missing policy: work not handed in counts as this percent
/// below full marks (100: counts as zero).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MissingPolicy {
    /// Percent of the possible points deducted, 0–100.
    #[serde(deserialize_with = "crate::json_input::decimal_text")]
    pub deduction_percent: String,
}

fn zero() -> String {
    "0".into()
}

/// A percent field of a rule: a decimal from 0 to `max`.
fn percent(field: &str, text: &str, max: i64) -> Result<Ratio> {
    let r = crate::limits::threshold(field, Ratio::parse(field, text)?)?;
    if r < Ratio::ZERO || r > Ratio::int(max) {
        return Err(Error::invalid(
            field,
            format!("must be a percent between 0 and {max}"),
        ));
    }
    Ok(r)
}

/// The band of averages that gives one mark (see [`GradingRule::range_of`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MarkRange {
    /// The mark.
    pub mark: String,
    /// The lower end; `None`: unbounded.
    pub low: Option<Ratio>,
    /// Whether the lower end itself gives the mark.
    pub low_inclusive: bool,
    /// The upper end; `None`: unbounded.
    pub high: Option<Ratio>,
    /// Whether the upper end itself gives the mark.
    pub high_inclusive: bool,
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
    /// Keep only the N highest marks of each kind of work (Moodle's "keep
    /// highest"; 0: off). Not together with the drop rules.
    pub keep_highest: u32,
    /// How the drop rules choose (each mark's value, or Canvas's group
    /// ratio).
    pub drop_by: DropBy,
    /// Whether drop rules may remove every mark of a kind of work, as
    /// Moodle's do (default: at least one mark of each kind is kept).
    pub drop_may_empty: bool,
    /// Kinds of work whose marks are never dropped.
    pub never_drop: Vec<WorkKindId>,
    /// Weights per kind of work; empty for none.
    pub category_weights: Vec<CategoryWeight>,
    /// How shares that do not sum to 100 are used.
    pub rescale_weights: WeightRescaling,
    /// Nested categories, each with its own method; the rule's `method`
    /// then combines the top-level categories (and marks in none). Not
    /// together with `category_weights`.
    pub categories: Vec<Category>,
    /// Marks on other scales: converted (default) or left out.
    pub other_scales: OtherScales,
    /// Marks worse than this value on the rule's scale are left out of the
    /// mean (some Polish and Portuguese rules leave failing marks out), as
    /// a decimal; `None`: every mark counts.
    #[serde(deserialize_with = "crate::json_input::optional_decimal_text")]
    pub leave_out_below: Option<String>,
    /// Deduction for late work (marks given with their lateness).
    pub late_policy: Option<LatePolicy>,
    /// Work not handed in counts, with this deduction, instead of never.
    pub missing_policy: Option<MissingPolicy>,
    /// Retake handling.
    pub retakes: RetakePolicy,
    /// The subject's weight (coefficient) in a student's overall average
    /// across subjects, a decimal 0–1000 (default 1; set on a subject's own
    /// rule).
    #[serde(deserialize_with = "crate::json_input::decimal_text")]
    pub coefficient: String,
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
            keep_highest: 0,
            drop_by: DropBy::EachMark,
            drop_may_empty: false,
            never_drop: Vec::new(),
            category_weights: Vec::new(),
            rescale_weights: WeightRescaling::Always,
            categories: Vec::new(),
            other_scales: OtherScales::Convert,
            leave_out_below: None,
            late_policy: None,
            missing_policy: None,
            retakes: RetakePolicy::Replace,
            bonus_above: "0.5".into(),
            coefficient: "1".into(),
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
        self.category_shares()?;
        crate::limits::rule_count("keep_highest", self.keep_highest)?;
        if self.keep_highest > 0 && (self.drop_lowest > 0 || self.drop_highest > 0) {
            return Err(Error::invalid(
                "keep_highest",
                "cannot be combined with drop_lowest or drop_highest (as in Moodle)",
            ));
        }
        if self.keep_highest > 0 && self.drop_by == DropBy::GroupRatio {
            return Err(Error::invalid(
                "keep_highest",
                "is Moodle's rule; with drop_by \"group_ratio\" use drop_lowest",
            ));
        }
        self.check_categories()?;
        self.subject_coefficient()?;
        self.leave_out_value()?;
        self.late_deduction()?;
        self.missing_score()?;
        self.bonus_cutoff()?;
        Ok(())
    }

    /// Checks the rule against the scale it names: its own consistency,
    /// every mark label on the scale (on the points scale, whose average
    /// is a percent of the points possible, any label of 1–16 characters),
    /// every threshold within the scale's range (points: 0–100 percent),
    /// and no thresholds left at the Russian defaults on a scale they do
    /// not fit — such a rule could not give the marks it seems to.
    pub fn check_against(&self, scale: &super::scale::Scale) -> Result<()> {
        self.check(scale.lower_is_better)?;
        let russian = GradingRule::default();
        if self.thresholds == russian.thresholds
            && self.below_all == russian.below_all
            && !matches!(scale.code.as_str(), "ru5" | "ru5_2")
        {
            return Err(Error::invalid(
                "thresholds",
                format!(
                    "the default thresholds are for the Russian 5-point scale; give thresholds and below_all for the scale \"{}\"",
                    scale.code
                ),
            ));
        }
        let (lo, hi) = match scale.bounds() {
            Some((a, b)) => (Ratio::centi(a.min(b)), Ratio::centi(a.max(b))),
            None => (Ratio::ZERO, Ratio::int(100)),
        };
        for (i, (min, _)) in self.threshold_values()?.iter().enumerate() {
            if *min < lo || *min > hi {
                return Err(Error::invalid(
                    format!("thresholds[{i}].min"),
                    format!(
                        "{min} is outside the scale \"{}\" ({lo} to {hi}{})",
                        scale.code,
                        if scale.bounds().is_none() {
                            " percent of the points possible"
                        } else {
                            ""
                        }
                    ),
                ));
            }
        }
        let labels = self
            .thresholds
            .iter()
            .enumerate()
            .map(|(i, t)| (format!("thresholds[{i}].mark"), &t.mark))
            .chain([("below_all".to_owned(), &self.below_all)]);
        for (field, label) in labels {
            let fits = match scale.kind {
                super::scale::ScaleKind::Points => {
                    !label.is_empty() && label.chars().count() <= 16 && label.trim() == label
                }
                _ => scale.value(label, None).is_ok(),
            };
            if !fits {
                return Err(Error::invalid(
                    field,
                    format!("{label:?} is not a mark of the scale \"{}\"", scale.code),
                ));
            }
        }
        Ok(())
    }

    /// Checks the nested categories: unique names, known parents, no
    /// cycle, at most 10 levels and 100 categories, each kind of work in at
    /// most one, weights 0–1000.
    fn check_categories(&self) -> Result<()> {
        if self.categories.is_empty() {
            return Ok(());
        }
        if !self.category_weights.is_empty() {
            return Err(Error::invalid(
                "categories",
                "give either categories or category_weights, not both",
            ));
        }
        if self.categories.len() > 100 {
            return Err(Error::invalid("categories", "at most 100 categories"));
        }
        let mut kinds = std::collections::BTreeSet::new();
        for (i, c) in self.categories.iter().enumerate() {
            let at = |f: &str| format!("categories[{i}].{f}");
            let n = c.name.chars().count();
            if n == 0 || n > 64 || c.name.trim() != c.name {
                return Err(Error::invalid(
                    at("name"),
                    "must be 1-64 characters without surrounding spaces",
                ));
            }
            if self.categories[..i].iter().any(|o| o.name == c.name) {
                return Err(Error::invalid(
                    at("name"),
                    format!("{:?} appears twice", c.name),
                ));
            }
            if let Some(p) = &c.parent {
                if !self.categories.iter().any(|o| &o.name == p) {
                    return Err(Error::invalid(
                        at("parent"),
                        format!("no category named {p:?}"),
                    ));
                }
            }
            for k in &c.work_kinds {
                if !kinds.insert(*k) {
                    return Err(Error::invalid(
                        at("work_kinds"),
                        format!("kind of work {k} is in two categories"),
                    ));
                }
            }
            percent(&at("weight"), &c.weight, 1000)?;
            crate::limits::rule_count(&at("drop_lowest"), c.drop_lowest)?;
            crate::limits::rule_count(&at("keep_highest"), c.keep_highest)?;
            if c.drop_lowest > 0 && c.keep_highest > 0 {
                return Err(Error::invalid(
                    at("keep_highest"),
                    "cannot be combined with drop_lowest (as in Moodle)",
                ));
            }
            // Walk up: a cycle or more than 10 levels is refused.
            let mut up = c.parent.clone();
            let mut depth = 1;
            while let Some(p) = up {
                depth += 1;
                if p == c.name || depth > 10 {
                    return Err(Error::invalid(
                        at("parent"),
                        "categories must form a tree at most 10 levels deep",
                    ));
                }
                up = self
                    .categories
                    .iter()
                    .find(|o| o.name == p)
                    .and_then(|o| o.parent.clone());
            }
        }
        Ok(())
    }

    /// The category shares by kind of work, parsed (percent, 0–1000).
    pub fn category_shares(&self) -> Result<std::collections::BTreeMap<WorkKindId, Ratio>> {
        let mut out = std::collections::BTreeMap::new();
        for (i, c) in self.category_weights.iter().enumerate() {
            let field = format!("category_weights[{i}].percent");
            let share = percent(&field, &c.percent, 1000)?;
            if out.insert(c.work_kind, share).is_some() {
                return Err(Error::invalid(
                    format!("category_weights[{i}].work_kind"),
                    format!("kind of work {} has two shares", c.work_kind),
                ));
            }
        }
        Ok(out)
    }

    /// The subject's coefficient in the overall average, parsed.
    pub fn subject_coefficient(&self) -> Result<Ratio> {
        percent("coefficient", &self.coefficient, 1000)
    }

    /// `leave_out_below` parsed.
    pub fn leave_out_value(&self) -> Result<Option<Ratio>> {
        self.leave_out_below
            .as_deref()
            .map(|t| {
                crate::limits::threshold("leave_out_below", Ratio::parse("leave_out_below", t)?)
            })
            .transpose()
    }

    /// The late policy as (deduction per interval, interval in minutes,
    /// floor), all fractions of the possible points.
    pub fn late_deduction(&self) -> Result<Option<(Ratio, i64, Ratio)>> {
        let Some(p) = &self.late_policy else {
            return Ok(None);
        };
        let per = percent("late_policy.deduction_percent", &p.deduction_percent, 100)?;
        let floor = percent("late_policy.floor_percent", &p.floor_percent, 100)?;
        let minutes = match p.interval {
            LateInterval::Day => 1440,
            LateInterval::Hour => 60,
        };
        Ok(Some((
            per.mul(Ratio::new(1, 100)),
            minutes,
            floor.mul(Ratio::new(1, 100)),
        )))
    }

    /// The fraction of the possible points missing work counts as.
    pub fn missing_score(&self) -> Result<Option<Ratio>> {
        self.missing_policy
            .as_ref()
            .map(|p| {
                let d = percent(
                    "missing_policy.deduction_percent",
                    &p.deduction_percent,
                    100,
                )?;
                Ok(Ratio::int(1).sub(d.mul(Ratio::new(1, 100))))
            })
            .transpose()
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

    /// The averages that give `label`: the bounds of its threshold band, as
    /// compared (rounded by the rule when `compare` is "rounded"). On a
    /// scale where higher is better a band is `[low, high)`; where lower
    /// is better `(low, high]`; `None` for an open end.
    pub fn range_of(&self, label: &str, lower_is_better: bool) -> Result<MarkRange> {
        let t = self.threshold_values()?;
        let at = t.iter().position(|(_, m)| m == label);
        let (bound, next) = match at {
            Some(i) => (Some(t[i].0), i.checked_sub(1).map(|j| t[j].0)),
            None if self.below_all == label => (None, t.last().map(|(b, _)| *b)),
            None => {
                return Err(Error::invalid(
                    "mark",
                    format!("{label:?} is not a mark this rule gives"),
                ))
            }
        };
        Ok(if lower_is_better {
            MarkRange {
                mark: label.to_owned(),
                low: next,
                low_inclusive: false,
                high: bound,
                high_inclusive: bound.is_some(),
            }
        } else {
            MarkRange {
                mark: label.to_owned(),
                low: bound,
                low_inclusive: bound.is_some(),
                high: next,
                high_inclusive: false,
            }
        })
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
