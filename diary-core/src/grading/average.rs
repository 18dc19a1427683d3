//! The average of a student's marks under a rule, with its explanation:
//! which marks entered it with which weights, which were left out and why,
//! and the result before and after rounding.
//!
//! All values are first expressed as a fraction of their own scale's range
//! (0 = worst, 1 = best), combined, and the result is mapped onto the rule's
//! scale. For marks on the rule's own scale this equals combining the raw
//! numbers, because the mapping is affine.

use super::ratio::Ratio;
use super::rule::{Aggregation, GradingRule, RetakePolicy};
use crate::error::Result;
use crate::grading::scale::Scale;
use crate::ids::{MarkId, WorkKindId};
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

/// Combines normalised values by `method` (without bonus marks).
fn combine(
    method: Aggregation,
    marks: &[&MarkInput],
    category: &BTreeMap<WorkKindId, u32>,
) -> Option<Ratio> {
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
    let mut sorted: Vec<Ratio> = marks.iter().map(|m| m.normalised).collect();
    sorted.sort();
    match method {
        Aggregation::WeightedMean if !category.is_empty() => {
            // Per kind of work, then the kinds by their shares (rescaled over
            // the kinds that have marks; kinds without a share count 0).
            let (mut num, mut den) = (Ratio::ZERO, Ratio::ZERO);
            for (kind, pct) in category {
                let ms: Vec<&MarkInput> = marks
                    .iter()
                    .copied()
                    .filter(|m| m.work_kind == *kind)
                    .collect();
                if let Some(avg) = mean(&ms, &|m| m.weight) {
                    num = num.add(Ratio::int(i64::from(*pct)).mul(avg));
                    den = den.add(Ratio::int(i64::from(*pct)));
                }
            }
            num.checked_div(den)
        }
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
        Aggregation::Natural => {
            let (mut e, mut p) = (Ratio::ZERO, Ratio::ZERO);
            for m in marks {
                e = e.add(m.earned);
                p = p.add(m.possible);
            }
            e.checked_div(p)
        }
    }
}

/// Adds bonus marks: each adds (value − cut-off)·weight to the numerator
/// only, for the mean methods; the result is capped at the scale's best.
///
/// The denominator is what the base average was divided by: the counted
/// marks' weights for a weighted mean, their count for the plain means,
/// and — with category weights — the sum of the shares of the categories
/// that have counted marks (the categories are the items of the top-level
/// mean, as in Moodle's weighted means with extra-credit items), so that
/// scaling the weights inside one category changes nothing.
fn with_bonus(
    method: Aggregation,
    base: Option<Ratio>,
    counted: &[&MarkInput],
    bonus: &[&MarkInput],
    cutoff: Ratio,
    category: &BTreeMap<WorkKindId, u32>,
) -> Option<Ratio> {
    let base = base?;
    if bonus.is_empty() {
        return Some(base);
    }
    let denom = match method {
        Aggregation::WeightedMean if !category.is_empty() => category
            .iter()
            .filter(|(kind, _)| counted.iter().any(|m| m.work_kind == **kind))
            .fold(Ratio::ZERO, |a, (_, pct)| {
                a.add(Ratio::int(i64::from(*pct)))
            }),
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

/// Computes the average of `marks` under `rule`, expressed on `scale` (the
/// rule's scale).
pub fn average(marks: &[MarkInput], rule: &GradingRule, scale: &Scale) -> Result<Average> {
    let cutoff = rule.bonus_cutoff()?;
    let mut out_excluded = Vec::new();
    let mut candidates: Vec<&MarkInput> = Vec::new();
    for m in marks {
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
            (EntryKind::Grade, _) => candidates.push(m),
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
    if rule.drop_lowest > 0 || rule.drop_highest > 0 {
        let mut by_kind: BTreeMap<WorkKindId, Vec<&MarkInput>> = BTreeMap::new();
        for m in candidates
            .iter()
            .filter(|m| m.counting == Counting::Always && !rule.never_drop.contains(&m.work_kind))
        {
            by_kind.entry(m.work_kind).or_default().push(m);
        }
        for (_, mut ms) in by_kind {
            // Lowest first; among equal values the earliest is dropped first.
            ms.sort_by(|a, b| {
                a.normalised
                    .cmp(&b.normalised)
                    .then(a.date.cmp(&b.date))
                    .then(a.id.cmp(&b.id))
            });
            let keep_one = ms.len().saturating_sub(1);
            let low = (rule.drop_lowest as usize).min(keep_one);
            let high = (rule.drop_highest as usize).min(keep_one - low);
            for m in &ms[..low] {
                gone.insert(m.id);
                out_excluded.push(excluded(
                    m.id,
                    format!(
                        "dropped: one of the {} lowest of its kind of work",
                        rule.drop_lowest
                    ),
                ));
            }
            for m in &ms[ms.len() - high..] {
                gone.insert(m.id);
                out_excluded.push(excluded(
                    m.id,
                    format!(
                        "dropped: one of the {} highest of its kind of work",
                        rule.drop_highest
                    ),
                ));
            }
        }
        candidates.retain(|m| !gone.contains(&m.id));
    }

    let category: BTreeMap<WorkKindId, u32> = rule
        .category_weights
        .iter()
        .map(|c| (c.work_kind, c.percent))
        .collect();
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
    if !category.is_empty() {
        for m in counted
            .iter()
            .filter(|m| !category.contains_key(&m.work_kind))
        {
            out_excluded.push(excluded(
                m.id,
                "its kind of work has no share in the category weights",
            ));
        }
        counted.retain(|m| category.contains_key(&m.work_kind));
    }

    // Optional marks, best first, each kept only if it raises the result.
    optional.sort_by(|a, b| b.normalised.cmp(&a.normalised).then(a.date.cmp(&b.date)));
    let mut how: BTreeMap<MarkId, &str> = counted.iter().map(|m| (m.id, "counted")).collect();
    for m in optional {
        let before = combine(rule.method, &counted, &category);
        let mut trial = counted.clone();
        trial.push(m);
        let after = combine(rule.method, &trial, &category);
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
        Aggregation::WeightedMean | Aggregation::Mean | Aggregation::MeanWithExtraCredit
    );
    let bonus: Vec<&MarkInput> = if bonus_applies {
        bonus
    } else {
        for m in &bonus {
            out_excluded.push(excluded(m.id, "bonus marks apply only to the mean methods"));
        }
        Vec::new()
    };
    let fraction = with_bonus(
        rule.method,
        combine(rule.method, &counted, &category),
        &counted,
        &bonus,
        cutoff,
        &category,
    );
    for m in &bonus {
        how.insert(
            m.id,
            "bonus: only the part above the cut-off adds to the average",
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
        "{:?} of {} marks on scale {} = {}{}",
        rule.method,
        n_counted,
        scale.code,
        exact.map_or("no value".into(), |v| v.to_string()),
        if certified {
            String::new()
        } else {
            format!(
                "; not certified (fewer than {} counted marks)",
                rule.min_marks
            )
        }
    );
    let mut counted_out: Vec<Counted> = counted
        .iter()
        .chain(bonus.iter())
        .map(|m| Counted {
            mark: m.id,
            weight: m.weight,
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
