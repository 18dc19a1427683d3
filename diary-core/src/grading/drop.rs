//! Drop rules: which marks of each kind of work a rule leaves out before
//! averaging — the N lowest, the N highest, or all but the N highest —
//! chosen by each mark's value (Moodle's and the Russian diaries' rule) or
//! by the kind's points ratio (Canvas's rule).
//!
//! Semantics taken from the peers' own code and documentation:
//! - Moodle, `grade_category::apply_limit_rules` (lib/grade/grade_category.php):
//!   values sorted stably in item order, the lowest dropped first; "keep
//!   highest" keeps the k highest; with extra credit and exclusions a
//!   category may lose every item.
//! - Canvas, `GradeCalculator#drop_assignments` (lib/grade_calculator.rb):
//!   drop_lowest ≥ n is cut to n − 1, drop_highest is ignored when both
//!   rules together cover every item, and the kept items are the ones that
//!   maximise (drop lowest) and then minimise (drop highest) the group's
//!   Σ score / Σ possible, the never-dropped items included in the ratio;
//!   a group without possible points is ordered by score.

use super::average::MarkInput;
use super::ratio::Ratio;
use super::rule::{DropBy, GradingRule};
use crate::ids::MarkId;
use crate::model::Counting;
use std::collections::BTreeMap;

/// The marks the rule drops, each with the reason: per kind of work, and
/// with nested categories per category by the category's own drop rules.
pub(super) fn dropped(candidates: &[&MarkInput], rule: &GradingRule) -> Vec<(MarkId, String)> {
    let mut out = grouped(candidates, rule, &|m| Some(m.work_kind.0));
    for (i, c) in rule.categories.iter().enumerate() {
        if c.drop_lowest == 0 && c.keep_highest == 0 {
            continue;
        }
        let own = GradingRule {
            drop_lowest: c.drop_lowest,
            drop_highest: 0,
            keep_highest: c.keep_highest,
            ..rule.clone()
        };
        let mine: Vec<&MarkInput> = candidates
            .iter()
            .copied()
            .filter(|m| c.work_kinds.contains(&m.work_kind))
            .filter(|m| !out.iter().any(|(id, _)| *id == m.id))
            .collect();
        out.extend(grouped(&mine, &own, &|_| Some(i as i64)));
    }
    out
}

/// Drops by `rule` within each group `group` puts marks in.
fn grouped(
    candidates: &[&MarkInput],
    rule: &GradingRule,
    group: &dyn Fn(&MarkInput) -> Option<i64>,
) -> Vec<(MarkId, String)> {
    if rule.drop_lowest == 0 && rule.drop_highest == 0 && rule.keep_highest == 0 {
        return Vec::new();
    }
    let mut droppable: BTreeMap<i64, Vec<&MarkInput>> = BTreeMap::new();
    let mut fixed: BTreeMap<i64, Vec<&MarkInput>> = BTreeMap::new();
    for m in candidates.iter().filter(|m| m.counting == Counting::Always) {
        let Some(key) = group(m) else { continue };
        let into = if rule.never_drop.contains(&m.work_kind) {
            &mut fixed
        } else {
            &mut droppable
        };
        into.entry(key).or_default().push(m);
    }
    let mut out = Vec::new();
    for (kind, mut ms) in droppable {
        // Lowest first; among equal values the earliest first.
        ms.sort_by(|a, b| {
            a.normalised
                .cmp(&b.normalised)
                .then(a.date.cmp(&b.date))
                .then(a.id.cmp(&b.id))
        });
        match rule.drop_by {
            DropBy::EachMark => by_each_mark(&ms, rule, &mut out),
            DropBy::GroupRatio => {
                let never = fixed.get(&kind).map(Vec::as_slice).unwrap_or(&[]);
                by_group_ratio(&ms, never, rule, &mut out)
            }
        }
    }
    out
}

fn by_each_mark(ms: &[&MarkInput], rule: &GradingRule, out: &mut Vec<(MarkId, String)>) {
    let n = ms.len();
    let limit = if rule.drop_may_empty {
        n
    } else {
        n.saturating_sub(1)
    };
    if rule.keep_highest > 0 {
        let drop = n.saturating_sub(rule.keep_highest as usize);
        for m in &ms[..drop] {
            out.push((
                m.id,
                format!(
                    "dropped: only the {} highest of its kind of work count",
                    rule.keep_highest
                ),
            ));
        }
        return;
    }
    let low = (rule.drop_lowest as usize).min(limit);
    let high = (rule.drop_highest as usize).min(limit - low);
    for m in &ms[..low] {
        out.push((
            m.id,
            format!(
                "dropped: one of the {} lowest of its kind of work",
                rule.drop_lowest
            ),
        ));
    }
    for m in &ms[n - high..] {
        out.push((
            m.id,
            format!(
                "dropped: one of the {} highest of its kind of work",
                rule.drop_highest
            ),
        ));
    }
}

fn by_group_ratio(
    ms: &[&MarkInput],
    never: &[&MarkInput],
    rule: &GradingRule,
    out: &mut Vec<(MarkId, String)>,
) {
    let n = ms.len();
    if n == 0 {
        return;
    }
    let drop_lowest = (rule.drop_lowest as usize).min(n - 1);
    let drop_highest = if drop_lowest + rule.drop_highest as usize >= n {
        0
    } else {
        rule.drop_highest as usize
    };
    let keep_high = n - drop_lowest;
    let keep_low = keep_high - drop_highest;
    let pointed = ms.iter().chain(never).any(|m| m.possible > Ratio::ZERO);
    let (high, low) = if pointed {
        let high = best_subset(ms, never, keep_high, true);
        let low = best_subset(&high, never, keep_low, false);
        (high, low)
    } else {
        // By score (already ascending): the keep_high highest, then the
        // keep_low lowest of those.
        let high: Vec<&MarkInput> = ms[n - keep_high..].to_vec();
        let low = high[..keep_low].to_vec();
        (high, low)
    };
    let kept = |set: &[&MarkInput], m: &MarkInput| set.iter().any(|k| k.id == m.id);
    for m in ms {
        if !kept(&high, m) {
            out.push((
                m.id,
                format!(
                    "dropped (drop lowest {}): without it its kind of work has the best points ratio",
                    rule.drop_lowest
                ),
            ));
        } else if !kept(&low, m) {
            out.push((
                m.id,
                format!(
                    "dropped (drop highest {}): without it its kind of work has the lowest points ratio",
                    rule.drop_highest
                ),
            ));
        }
    }
}

fn sums(ms: &[&MarkInput]) -> (Ratio, Ratio) {
    ms.iter().fold((Ratio::ZERO, Ratio::ZERO), |(e, p), m| {
        (e.add(m.earned), p.add(m.possible))
    })
}

/// The `keep` marks of `ms` whose Σ earned / Σ possible (with `never`
/// added) is greatest (`maximise`) or least: Dinkelbach's iteration, exact
/// in rationals — with q the ratio of the current choice, the next choice
/// is the `keep` marks with the greatest (least) earned − q·possible; it
/// stops when the ratio no longer moves, which is the optimum.
fn best_subset<'a>(
    ms: &[&'a MarkInput],
    never: &[&MarkInput],
    keep: usize,
    maximise: bool,
) -> Vec<&'a MarkInput> {
    if ms.len() <= keep {
        return ms.to_vec();
    }
    let (fixed_e, fixed_p) = sums(never);
    let (all_e, all_p) = sums(ms);
    let mut q = all_e
        .add(fixed_e)
        .checked_div(all_p.add(fixed_p))
        .unwrap_or(Ratio::ZERO);
    let mut order: Vec<&'a MarkInput> = ms.to_vec();
    // Bounded: each step strictly improves the ratio over finitely many
    // subsets; the cap only guards against a logic error.
    for step in 0..1000 {
        let key = |m: &MarkInput| m.earned.sub(q.mul(m.possible));
        // Ties: keep the later mark (the earlier is dropped first, as in
        // the per-mark rule).
        order.sort_by(|a, b| {
            let by_key = if maximise {
                key(b).cmp(&key(a))
            } else {
                key(a).cmp(&key(b))
            };
            by_key.then(b.date.cmp(&a.date)).then(b.id.cmp(&a.id))
        });
        let chosen = &order[..keep];
        let (e, p) = sums(chosen);
        let Some(next) = e.add(fixed_e).checked_div(p.add(fixed_p)) else {
            return chosen.to_vec();
        };
        // The first q is the ratio of all marks, not of a choice of
        // `keep`; from the second step on it never gets worse.
        let improved = if maximise { next > q } else { next < q };
        if step > 0 && !improved {
            return chosen.to_vec();
        }
        q = next;
    }
    order[..keep].to_vec()
}
