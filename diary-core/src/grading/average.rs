//! The average of a student's marks under a rule, with its explanation:
//! which marks entered it with which weights, which were left out and why,
//! and the result before and after rounding.
//!
//! All values are first expressed as a fraction of their own scale's range
//! (0 = worst, 1 = best), combined, and the result is mapped onto the rule's
//! scale. For marks on the rule's own scale this equals combining the raw
//! numbers, because the mapping is affine.

use super::ratio::Ratio;
use super::rule::{Aggregation, GradingRule, OtherScales, RetakePolicy, WeightRescaling};
use crate::error::Result;
use crate::grading::scale::Scale;
use crate::ids::{MarkId, ScaleId, WorkKindId};
use crate::model::{Counting, EntryKind};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use time::Date;

/// A mark as the averaging engine sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkInput {
    /// The mark (hypothetical marks use negative ids).
    pub id: MarkId,
    /// Lesson date.
    pub date: Date,
    /// A real mark, or a sign that never counts.
    pub entry: EntryKind,
    /// Fraction of the mark's scale range, 0 (worst) to 1 (best).
    pub normalised: Ratio,
    /// Points earned above the scale minimum (for `Natural`).
    pub earned: Ratio,
    /// Points possible: the scale's range or the points maximum.
    pub possible: Ratio,
    /// Kind of work.
    pub work_kind: WorkKindId,
    /// Weight.
    pub weight: Ratio,
    /// Counting policy.
    pub counting: Counting,
    /// The mark this one retakes.
    pub retake_of: Option<MarkId>,
    /// The scale it was given on (a rule may skip other scales).
    pub scale: ScaleId,
    /// How late the work was handed in, in minutes (0: on time), for a
    /// rule's late policy.
    pub minutes_late: u32,
    /// Its weight in a natural (points) aggregation as a fraction of the
    /// total, overriding the weight by points (Moodle's weight override).
    pub weight_override: Option<Ratio>,
}

impl MarkInput {
    /// Builds the engine's view of a stored value on `scale`.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        id: MarkId,
        date: Date,
        entry: EntryKind,
        scale: &Scale,
        value_centi: i64,
        out_of_centi: Option<i64>,
        work_kind: WorkKindId,
        weight_centi: i64,
        counting: Counting,
        retake_of: Option<MarkId>,
    ) -> MarkInput {
        let normalised = scale.normalise(value_centi, out_of_centi);
        let (earned, possible) = match (scale.bounds(), out_of_centi) {
            (Some((worst, best)), _) => (
                Ratio::new((i128::from(value_centi) - i128::from(worst)).abs(), 100),
                Ratio::new((i128::from(best) - i128::from(worst)).abs(), 100),
            ),
            (None, Some(max)) => (Ratio::centi(value_centi), Ratio::centi(max)),
            (None, None) => (Ratio::ZERO, Ratio::ZERO),
        };
        MarkInput {
            id,
            date,
            entry,
            normalised,
            earned,
            possible,
            work_kind,
            weight: Ratio::centi(weight_centi),
            counting,
            retake_of,
            scale: scale.id,
            minutes_late: 0,
            weight_override: None,
        }
    }

    /// The mark with its value `v` (on `scale`) replaced by
    /// `clamp(v·factor + offset)` to the scale's range (for points, 0 to
    /// the maximum): Moodle's per-item multiplicative factor and offset.
    pub fn adjusted(mut self, scale: &Scale, factor: Ratio, offset: Ratio) -> MarkInput {
        let (worst, best) = match scale.bounds() {
            Some((w, b)) => (Ratio::centi(w), Ratio::centi(b)),
            None => (Ratio::ZERO, self.possible),
        };
        let value = if scale.bounds().is_some() {
            scale.denormalise(self.normalised)
        } else {
            self.earned
        };
        let (lo, hi) = if worst <= best {
            (worst, best)
        } else {
            (best, worst)
        };
        let v = value.mul(factor).add(offset).max(lo).min(hi);
        let span = best.sub(worst);
        self.normalised = v.sub(worst).checked_div(span).unwrap_or(Ratio::ZERO);
        self.earned = if scale.bounds().is_some() {
            v.sub(worst).abs()
        } else {
            v
        };
        self
    }

    /// A copy whose value is `fraction` of its possible points (a late
    /// deduction, or missing work counted by a policy).
    fn scored(&self, fraction: Ratio) -> MarkInput {
        MarkInput {
            normalised: fraction,
            earned: fraction.mul(self.possible),
            entry: EntryKind::Grade,
            ..self.clone()
        }
    }
}

/// A mark that entered the average.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Counted {
    /// The mark.
    pub mark: MarkId,
    /// The weight it entered with (after category rescaling: its share).
    pub weight: Ratio,
    /// Its value as a fraction of its scale.
    pub normalised: Ratio,
    /// How it counted: "counted", "optional, raises the average", "bonus".
    pub how: String,
}

/// A mark left out, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Excluded {
    /// The mark.
    pub mark: MarkId,
    /// Why it was left out.
    pub reason: String,
}

/// An average with everything needed to explain it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Average {
    /// The exact average on the rule's scale (`None` without counted marks).
    pub exact: Option<Ratio>,
    /// Rounded to `decimals` places, half away from zero.
    pub rounded: Option<Ratio>,
    /// The rounded value as text, e.g. "4.58".
    pub display: Option<String>,
    /// Decimals used.
    pub decimals: u32,
    /// The period mark by the thresholds, or `None` when not certified.
    pub mark: Option<String>,
    /// Whether enough marks counted (`min_marks`).
    pub certified: bool,
    /// Marks that entered the average.
    pub counted: Vec<Counted>,
    /// Marks left out, with reasons.
    pub excluded: Vec<Excluded>,
    /// The formula in words, e.g. "Σ weight·value / Σ weight = 55/12".
    pub formula: String,
}

fn excluded(mark: MarkId, reason: impl Into<String>) -> Excluded {
    Excluded {
        mark,
        reason: reason.into(),
    }
}

/// The category shares in use: by kind of work, with how their sum is
/// treated.
struct Shares<'r> {
    by_kind: BTreeMap<WorkKindId, Ratio>,
    rule: &'r GradingRule,
}

impl Shares<'_> {
    fn is_empty(&self) -> bool {
        self.by_kind.is_empty()
    }

    /// What Σ share·value is divided by: the shares of the kinds that have
    /// a value (`has`), or — Canvas's rule — at most 100 (shares summing
    /// to more are used as given).
    fn divisor(&self, has: impl Fn(WorkKindId) -> bool) -> Ratio {
        let sum = self
            .by_kind
            .iter()
            .filter(|(k, _)| has(**k))
            .fold(Ratio::ZERO, |a, (_, s)| a.add(*s));
        match self.rule.rescale_weights {
            WeightRescaling::Always => sum,
            WeightRescaling::BelowHundred if sum == Ratio::ZERO => sum,
            WeightRescaling::BelowHundred => sum.min(Ratio::int(100)),
        }
    }
}

/// Moodle's natural weights: each counted mark's share of the total, by
/// its possible points, unless overridden; overrides summing to 1 or more
/// (or with no mark left to share the rest) are scaled to sum to 1
/// (`grade_category::auto_update_weights`, lib/grade/grade_category.php).
fn natural_weights(marks: &[&MarkInput]) -> BTreeMap<MarkId, Ratio> {
    let overridden = marks
        .iter()
        .filter_map(|m| m.weight_override)
        .fold(Ratio::ZERO, |a, w| a.add(w));
    let free_points = marks
        .iter()
        .filter(|m| m.weight_override.is_none())
        .fold(Ratio::ZERO, |a, m| a.add(m.possible));
    let one = Ratio::int(1);
    let scale_overrides = overridden >= one || free_points == Ratio::ZERO;
    marks
        .iter()
        .map(|m| {
            let w = match m.weight_override {
                Some(w) if scale_overrides => w.checked_div(overridden).unwrap_or(Ratio::ZERO),
                Some(w) => w,
                None if scale_overrides => Ratio::ZERO,
                None => one
                    .sub(overridden)
                    .mul(m.possible)
                    .checked_div(free_points)
                    .unwrap_or(Ratio::ZERO),
            };
            (m.id, w)
        })
        .collect()
}

/// Σ earned / Σ possible, or the overridden natural weights.
fn natural(marks: &[&MarkInput]) -> Option<Ratio> {
    if marks.iter().any(|m| m.weight_override.is_some()) {
        let w = natural_weights(marks);
        let total = w.values().fold(Ratio::ZERO, |a, v| a.add(*v));
        if total == Ratio::ZERO {
            return None;
        }
        return Some(
            marks
                .iter()
                .fold(Ratio::ZERO, |a, m| a.add(w[&m.id].mul(m.normalised))),
        );
    }
    let (e, p) = marks.iter().fold((Ratio::ZERO, Ratio::ZERO), |(e, p), m| {
        (e.add(m.earned), p.add(m.possible))
    });
    e.checked_div(p)
}

/// The value of nested categories (Moodle's grade categories): each
/// category combines its marks and its child categories' values by its own
/// method; a category's value enters its parent as an item with the
/// category's weight and the possible points of everything below it.
/// Empty categories are left out, as Moodle leaves out empty grades.
fn nested(rule: &GradingRule, marks: &[&MarkInput]) -> Option<Ratio> {
    fn item(
        rule: &GradingRule,
        at: Option<usize>,
        marks: &[&MarkInput],
        shares: &Shares,
    ) -> Option<MarkInput> {
        let cats = &rule.categories;
        let parent_name = at.map(|i| cats[i].name.as_str());
        let mut items: Vec<MarkInput> = Vec::new();
        for (j, c) in cats.iter().enumerate() {
            if c.parent.as_deref() == parent_name {
                items.extend(item(rule, Some(j), marks, shares));
            }
        }
        let own: Vec<&MarkInput> = marks
            .iter()
            .copied()
            .filter(|m| match at {
                Some(i) => cats[i].work_kinds.contains(&m.work_kind),
                None => !cats.iter().any(|c| c.work_kinds.contains(&m.work_kind)),
            })
            .collect();
        let all: Vec<&MarkInput> = own.into_iter().chain(items.iter()).collect();
        let template = all.first().copied()?;
        let method = at.map_or(rule.method, |i| cats[i].method);
        let value = combine(method, &all, shares)?;
        let possible = all.iter().fold(Ratio::ZERO, |a, m| a.add(m.possible));
        let weight = at.map_or(Ratio::int(1), |i| {
            Ratio::parse("weight", &cats[i].weight).unwrap_or(Ratio::int(1))
        });
        Some(MarkInput {
            id: MarkId(-1_000_000 - at.map_or(0, |i| i as i64 + 1)),
            normalised: value,
            earned: value.mul(possible),
            possible,
            weight,
            weight_override: None,
            ..template.clone()
        })
    }
    let none = Shares {
        by_kind: BTreeMap::new(),
        rule,
    };
    item(rule, None, marks, &none).map(|m| m.normalised)
}

/// The rule's value of the counted marks: nested categories, or `combine`.
fn evaluate(rule: &GradingRule, marks: &[&MarkInput], shares: &Shares) -> Option<Ratio> {
    if rule.categories.is_empty() {
        combine(rule.method, marks, shares)
    } else {
        nested(rule, marks)
    }
}

/// Combines normalised values by `method` (without bonus marks).
fn combine(method: Aggregation, marks: &[&MarkInput], shares: &Shares) -> Option<Ratio> {
    if marks.is_empty() {
        return None;
    }
    let mean = |ms: &[&MarkInput], w: &dyn Fn(&MarkInput) -> Ratio| -> Option<Ratio> {
        let (mut num, mut den) = (Ratio::ZERO, Ratio::ZERO);
        for m in ms {
            num = num.add(w(m).mul(m.normalised));
            den = den.add(w(m));
        }
        num.checked_div(den)
    };
    if !shares.is_empty() && matches!(method, Aggregation::WeightedMean | Aggregation::Natural) {
        // Per kind of work (a weighted mean, or Canvas's Σ score / Σ
        // possible), then the kinds by their shares.
        let mut num = Ratio::ZERO;
        let mut with_value = Vec::new();
        for (kind, share) in &shares.by_kind {
            let ms: Vec<&MarkInput> = marks
                .iter()
                .copied()
                .filter(|m| m.work_kind == *kind)
                .collect();
            let value = if ms.is_empty() {
                None
            } else if method == Aggregation::Natural {
                natural(&ms)
            } else {
                mean(&ms, &|m| m.weight)
            };
            if let Some(v) = value {
                num = num.add(share.mul(v));
                with_value.push(*kind);
            }
        }
        return num.checked_div(shares.divisor(|k| with_value.contains(&k)));
    }
    let mut sorted: Vec<Ratio> = marks.iter().map(|m| m.normalised).collect();
    sorted.sort();
    match method {
        Aggregation::WeightedMean => mean(marks, &|m| m.weight),
        Aggregation::Mean | Aggregation::MeanWithExtraCredit => mean(marks, &|_| Ratio::int(1)),
        Aggregation::SimpleWeightedMean => mean(marks, &|m| m.possible),
        Aggregation::Median => {
            let n = sorted.len();
            Some(if n % 2 == 1 {
                sorted[n / 2]
            } else {
                sorted[n / 2 - 1].add(sorted[n / 2]).mul(Ratio::new(1, 2))
            })
        }
        Aggregation::Lowest => sorted.first().copied(),
        Aggregation::Highest => sorted.last().copied(),
        Aggregation::Mode => {
            let mut best: Option<(usize, Ratio)> = None;
            let mut i = 0;
            while i < sorted.len() {
                let j = sorted[i..].iter().take_while(|v| **v == sorted[i]).count();
                // `>=` over ascending values: a tie goes to the higher value.
                if best.is_none_or(|(n, _)| j >= n) {
                    best = Some((j, sorted[i]));
                }
                i += j;
            }
            best.map(|(_, v)| v)
        }
        Aggregation::Natural => natural(marks),
    }
}

/// Adds bonus marks: for the mean methods each adds (value − cut-off)·weight
/// to the numerator only; for natural (points) aggregation a bonus mark is
/// Moodle's extra-credit item, adding its earned points over the total
/// possible points. The result is capped at the scale's best.
///
/// The denominator is what the base average was divided by: the counted
/// marks' weights for a weighted mean, their count for the plain means,
/// their possible points for natural, and — with category weights — the
/// sum of the shares of the categories that have counted marks (the
/// categories are the items of the top-level mean, as in Moodle's weighted
/// means with extra-credit items), so that scaling the weights inside one
/// category changes nothing.
fn with_bonus(
    method: Aggregation,
    base: Option<Ratio>,
    counted: &[&MarkInput],
    bonus: &[&MarkInput],
    cutoff: Ratio,
    shares: &Shares,
) -> Option<Ratio> {
    let base = base?;
    if bonus.is_empty() {
        return Some(base);
    }
    if method == Aggregation::Natural {
        let possible = counted.iter().fold(Ratio::ZERO, |a, m| a.add(m.possible));
        let extra = bonus.iter().fold(Ratio::ZERO, |a, m| a.add(m.earned));
        let v = base.add(extra.checked_div(possible).unwrap_or(Ratio::ZERO));
        return Some(v.min(Ratio::int(1)));
    }
    let denom = match method {
        Aggregation::WeightedMean if !shares.is_empty() => {
            shares.divisor(|k| counted.iter().any(|m| m.work_kind == k))
        }
        Aggregation::WeightedMean => counted.iter().fold(Ratio::ZERO, |a, m| a.add(m.weight)),
        _ => Ratio::int(counted.len() as i64),
    };
    let extra = bonus.iter().fold(Ratio::ZERO, |a, m| {
        let above = m.normalised.sub(cutoff);
        let w = if method == Aggregation::WeightedMean {
            m.weight
        } else {
            Ratio::int(1)
        };
        if above > Ratio::ZERO {
            a.add(above.mul(w))
        } else {
            a
        }
    });
    let v = base.add(extra.checked_div(denom).unwrap_or(Ratio::ZERO));
    Some(v.min(Ratio::int(1)))
}

/// Applies the rule's missing and late policies: the marks they change,
/// as adjusted copies (others are used as given).
fn policies(marks: &[MarkInput], rule: &GradingRule) -> Result<BTreeMap<MarkId, MarkInput>> {
    let late = rule.late_deduction()?;
    let missing = rule.missing_score()?;
    let mut out = BTreeMap::new();
    for m in marks {
        if m.entry == EntryKind::NotSubmitted {
            if let Some(score) = missing {
                out.insert(m.id, m.scored(score));
            }
        } else if let (EntryKind::Grade, Some((per, minutes, floor)), true) =
            (m.entry, late, m.minutes_late > 0)
        {
            let intervals = (i64::from(m.minutes_late) + minutes - 1) / minutes;
            let deduction = per.mul(Ratio::int(intervals));
            // Never below the floor; a mark already below it loses nothing.
            let room = m.normalised.sub(floor).max(Ratio::ZERO);
            out.insert(m.id, m.scored(m.normalised.sub(deduction.min(room))));
        }
    }
    Ok(out)
}

/// The method's name as rules write it (docs/grading.md).
pub fn method_name(method: Aggregation) -> &'static str {
    match method {
        Aggregation::WeightedMean => "weighted_mean",
        Aggregation::Mean => "mean",
        Aggregation::SimpleWeightedMean => "simple_weighted_mean",
        Aggregation::Median => "median",
        Aggregation::Lowest => "lowest",
        Aggregation::Highest => "highest",
        Aggregation::Mode => "mode",
        Aggregation::Natural => "natural",
        Aggregation::MeanWithExtraCredit => "mean_with_extra_credit",
    }
}

/// Computes the average of `marks` under `rule`, expressed on `scale` (the
/// rule's scale).
pub fn average(marks: &[MarkInput], rule: &GradingRule, scale: &Scale) -> Result<Average> {
    let cutoff = rule.bonus_cutoff()?;
    let shares = Shares {
        by_kind: rule.category_shares()?,
        rule,
    };
    let leave_out = rule.leave_out_value()?;
    let adjusted = policies(marks, rule)?;
    let mut out_excluded = Vec::new();
    let mut candidates: Vec<&MarkInput> = Vec::new();
    for m in marks {
        let m = adjusted.get(&m.id).unwrap_or(m);
        match (m.entry, m.counting) {
            (EntryKind::Absent, _) => {
                out_excluded.push(excluded(m.id, "absent at the work (н): never counts"))
            }
            (EntryKind::NotSubmitted, _) => {
                out_excluded.push(excluded(m.id, "not handed in: never counts"))
            }
            (EntryKind::Exempt, _) => out_excluded.push(excluded(m.id, "exempt: never counts")),
            (EntryKind::Grade, Counting::Never) => {
                out_excluded.push(excluded(m.id, "marked as not counting"))
            }
            (EntryKind::Grade, _)
                if rule.other_scales == OtherScales::Skip && m.scale != scale.id =>
            {
                out_excluded.push(excluded(
                    m.id,
                    format!(
                        "on another scale than {}: the rule skips such marks",
                        scale.code
                    ),
                ))
            }
            (EntryKind::Grade, _) => match leave_out {
                Some(bound)
                    if {
                        let v = scale.denormalise(m.normalised);
                        if scale.lower_is_better {
                            v > bound
                        } else {
                            v < bound
                        }
                    } =>
                {
                    out_excluded.push(excluded(
                        m.id,
                        format!(
                            "worse than {}: the rule leaves such marks out of the mean",
                            bound
                        ),
                    ))
                }
                _ => candidates.push(m),
            },
        }
    }

    // Retakes.
    let by_id: BTreeMap<MarkId, &MarkInput> = candidates.iter().map(|m| (m.id, *m)).collect();
    let mut gone: HashSet<MarkId> = HashSet::new();
    for m in &candidates {
        let Some(orig) = m.retake_of.and_then(|o| by_id.get(&o)) else {
            continue;
        };
        match rule.retakes {
            RetakePolicy::Replace => {
                gone.insert(orig.id);
                out_excluded.push(excluded(orig.id, format!("replaced by retake {}", m.id)));
            }
            RetakePolicy::Best => {
                let (worse, better) = if m.normalised > orig.normalised {
                    (*orig, *m)
                } else {
                    (*m, *orig)
                };
                gone.insert(worse.id);
                out_excluded.push(excluded(
                    worse.id,
                    format!("the better attempt {} counts", better.id),
                ));
            }
            RetakePolicy::BothCount => {}
        }
    }
    candidates.retain(|m| !gone.contains(&m.id));

    // Dropping per kind of work (mandatory marks only).
    for (id, reason) in super::drop::dropped(&candidates, rule) {
        gone.insert(id);
        out_excluded.push(excluded(id, reason));
    }
    candidates.retain(|m| !gone.contains(&m.id));

    let (mut counted, rest): (Vec<&MarkInput>, Vec<&MarkInput>) = candidates
        .iter()
        .partition(|m| m.counting == Counting::Always);
    let bonus: Vec<&MarkInput> = rest
        .iter()
        .copied()
        .filter(|m| m.counting == Counting::Bonus)
        .collect();
    let mut optional: Vec<&MarkInput> = rest
        .iter()
        .copied()
        .filter(|m| m.counting == Counting::IfRaises)
        .collect();
    if !shares.is_empty() {
        for m in counted
            .iter()
            .filter(|m| !shares.by_kind.contains_key(&m.work_kind))
        {
            out_excluded.push(excluded(
                m.id,
                "its kind of work has no share in the category weights",
            ));
        }
        counted.retain(|m| shares.by_kind.contains_key(&m.work_kind));
    }

    // Optional marks, best first, each kept only if it raises the result.
    optional.sort_by(|a, b| b.normalised.cmp(&a.normalised).then(a.date.cmp(&b.date)));
    let mut how: BTreeMap<MarkId, &str> = counted.iter().map(|m| (m.id, "counted")).collect();
    for m in optional {
        let before = evaluate(rule, &counted, &shares);
        let mut trial = counted.clone();
        trial.push(m);
        let after = evaluate(rule, &trial, &shares);
        if before.is_none() || after > before {
            counted = trial;
            how.insert(m.id, "optional: counted because it raises the average");
        } else {
            out_excluded.push(excluded(
                m.id,
                "optional: left out because it would not raise the average",
            ));
        }
    }

    let bonus_applies = matches!(
        rule.method,
        Aggregation::WeightedMean
            | Aggregation::Mean
            | Aggregation::MeanWithExtraCredit
            | Aggregation::Natural
    );
    let bonus: Vec<&MarkInput> = if bonus_applies {
        bonus
    } else {
        for m in &bonus {
            out_excluded.push(excluded(
                m.id,
                "bonus marks apply only to the mean methods and natural",
            ));
        }
        Vec::new()
    };
    let fraction = with_bonus(
        rule.method,
        evaluate(rule, &counted, &shares),
        &counted,
        &bonus,
        cutoff,
        &shares,
    );
    for m in &bonus {
        how.insert(
            m.id,
            if rule.method == Aggregation::Natural {
                "extra credit: its points add to the earned points only"
            } else {
                "bonus: only the part above the cut-off adds to the average"
            },
        );
    }

    let exact = fraction.map(|f| scale.denormalise(f));
    let n_counted = counted.len() + bonus.len();
    let certified = counted.len() as u32 >= rule.min_marks && exact.is_some();
    let mark = match (certified, exact) {
        (true, Some(v)) => Some(rule.mark_for(v, scale.lower_is_better)?),
        _ => None,
    };
    let formula = format!(
        "{} of {} marks on scale {} = {}{}{}",
        method_name(rule.method),
        n_counted,
        scale.code,
        exact.map_or("no value".into(), |v| v.to_string()),
        if scale.bounds().is_none() {
            " (percent of the points possible)"
        } else {
            ""
        },
        if certified {
            String::new()
        } else {
            format!(
                "; not certified (fewer than {} counted marks)",
                rule.min_marks
            )
        }
    );
    // The weight each mark entered with: its own, or for natural
    // aggregation its effective share of the total (Moodle's readable
    // weights).
    let effective =
        if rule.method == Aggregation::Natural && shares.is_empty() && rule.categories.is_empty() {
            Some(natural_weights(&counted))
        } else {
            None
        };
    let mut counted_out: Vec<Counted> = counted
        .iter()
        .chain(bonus.iter())
        .map(|m| Counted {
            mark: m.id,
            weight: effective
                .as_ref()
                .map_or(m.weight, |w| w.get(&m.id).copied().unwrap_or(Ratio::ZERO)),
            normalised: m.normalised,
            how: how.get(&m.id).copied().unwrap_or("counted").into(),
        })
        .collect();
    counted_out.sort_by_key(|c| c.mark);
    out_excluded.sort_by_key(|e| e.mark);
    Ok(Average {
        rounded: exact.map(|v| v.round_with(rule.decimals, rule.rounding)),
        display: exact.map(|v| v.to_decimal_with(rule.decimals, rule.rounding)),
        exact,
        decimals: rule.decimals,
        mark,
        certified,
        counted: counted_out,
        excluded: out_excluded,
        formula,
    })
}
