//! The data behind a progress chart, what-if averages and the target
//! planner ("two 5s at weight 1 reach a 5").

use super::average::{average, MarkInput};
use super::ratio::Ratio;
use super::rule::GradingRule;
use super::scale::{Scale, ScaleKind};
use crate::error::Result;
use crate::ids::MarkId;
use serde::Serialize;
use time::Date;

/// The running average after the marks of one date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgressPoint {
    /// The date.
    pub date: Date,
    /// The average of all marks up to and including that date.
    pub average: Ratio,
    /// Rounded for display.
    pub display: String,
}

/// Running averages after each mark date.
pub fn progress(
    marks: &[MarkInput],
    rule: &GradingRule,
    scale: &Scale,
) -> Result<Vec<ProgressPoint>> {
    let mut dates: Vec<Date> = marks.iter().map(|m| m.date).collect();
    dates.sort();
    dates.dedup();
    let mut out = Vec::new();
    for d in dates {
        let upto: Vec<MarkInput> = marks.iter().filter(|m| m.date <= d).cloned().collect();
        if let Some(avg) = average(&upto, rule, scale)?.exact {
            out.push(ProgressPoint {
                date: d,
                average: avg,
                display: avg.to_decimal_with(rule.decimals, rule.rounding),
            });
        }
    }
    Ok(out)
}

/// One way to reach a target: `count` marks of `value` at `weight`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanOption {
    /// The mark to get, e.g. "5".
    pub value: String,
    /// At this weight.
    pub weight: Ratio,
    /// How many of them.
    pub count: u32,
    /// The average they would give.
    pub average: Ratio,
}

/// The most marks a plan suggests.
pub const MAX_PLAN_MARKS: u32 = 30;

/// The smallest number of marks of each value (best values of the scale)
/// and weight that lift the average to at least `target`'s threshold.
/// `template` supplies the date and kind of work of the hypothetical marks.
pub fn plan(
    marks: &[MarkInput],
    rule: &GradingRule,
    scale: &Scale,
    target: &str,
    weights: &[Ratio],
    template: &MarkInput,
) -> Result<Vec<PlanOption>> {
    let thresholds = rule.threshold_values()?;
    let min = match thresholds.iter().find(|(_, m)| m == target) {
        Some((min, _)) => *min,
        None => return Ok(Vec::new()),
    };
    let candidates: Vec<(String, i64)> = match &scale.kind {
        ScaleKind::Discrete { entries } => entries
            .iter()
            .map(|e| (e.label.clone(), e.value_centi))
            .collect(),
        ScaleKind::Range { max_centi, .. } => {
            vec![(Ratio::centi(*max_centi).to_decimal(0), *max_centi)]
        }
        ScaleKind::Points => Vec::new(),
    };
    let mut out = Vec::new();
    for (label, value_centi) in candidates {
        let reachable = if scale.lower_is_better {
            Ratio::centi(value_centi) <= min
        } else {
            Ratio::centi(value_centi) >= min
        };
        if !reachable {
            continue;
        }
        for w in weights {
            let mut trial: Vec<MarkInput> = marks.to_vec();
            for k in 1..=MAX_PLAN_MARKS {
                let mut m = template.clone();
                m.id = MarkId(-i64::from(k));
                m.normalised = scale.normalise(value_centi, None);
                m.weight = *w;
                trial.push(m);
                let avg = average(&trial, rule, scale)?;
                if let Some(v) = avg.exact {
                    let compared = rule.compared(v);
                    if if scale.lower_is_better {
                        compared <= min
                    } else {
                        compared >= min
                    } {
                        out.push(PlanOption {
                            value: label.clone(),
                            weight: *w,
                            count: k,
                            average: v,
                        });
                        break;
                    }
                }
            }
        }
    }
    out.sort_by(|a, b| a.count.cmp(&b.count).then(b.weight.cmp(&a.weight)));
    Ok(out)
}
