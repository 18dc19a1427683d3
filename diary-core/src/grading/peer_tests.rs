//! The peers' rules, case by case, through the pure API: each case is
//! computed by hand from the peer's own code or documentation (cited per
//! test), then checked exactly. Properties of the drop rules follow.

use super::pure::average_json;
use super::{Average, Ratio};
use proptest::prelude::*;

fn avg(marks: &str, rule: &str) -> Average {
    average_json(marks, rule, "[]").unwrap_or_else(|e| panic!("{e}"))
}

/// A rule on the points scale (the average is a percent of the points
/// possible), one mark needed, pass from 50 %.
fn points(extra: &str) -> String {
    let sep = if extra.is_empty() { "" } else { "," };
    format!(
        r#"{{"scale":"points","min_marks":1,"decimals":2,"thresholds":[{{"min":"50","mark":"pass"}}],"below_all":"fail"{sep}{extra}}}"#
    )
}

fn pct(a: &Average) -> Ratio {
    a.exact.expect("a value")
}

fn dropped(a: &Average) -> Vec<i64> {
    a.excluded
        .iter()
        .filter(|e| e.reason.starts_with("dropped"))
        .map(|e| e.mark.0)
        .collect()
}

// ---- Canvas: lib/grade_calculator.rb (GradeCalculator#drop_assignments,
// #calculate_total_from_group_scores) and spec/lib/grade_calculator_spec.rb.

/// Canvas keeps the marks whose group ratio Σ score / Σ possible is best:
/// of 0/1, 60/100 and 90/100 with one dropped, dropping the 60 % mark
/// leaves 90/101 (89.1 %), better than dropping the 0 % mark (150/200).
/// The per-mark rule drops the 0 %.
#[test]
fn canvas_drops_by_the_group_ratio() {
    let marks = r#"[{"value":"0","out_of":"1"},{"value":"60","out_of":"100"},{"value":"90","out_of":"100"}]"#;
    let by_ratio = avg(
        marks,
        &points(r#""method":"natural","drop_lowest":1,"drop_by":"group_ratio""#),
    );
    assert_eq!(pct(&by_ratio), Ratio::new(9000, 101));
    assert_eq!(dropped(&by_ratio), vec![2]);
    let each = avg(marks, &points(r#""method":"natural","drop_lowest":1"#));
    assert_eq!(pct(&each), Ratio::int(75));
    assert_eq!(dropped(&each), vec![1]);
}

/// Canvas: drop_lowest ≥ n is cut to n − 1, and drop_highest is ignored
/// when both rules together would cover every mark.
#[test]
fn canvas_fudges_drop_rules_that_cover_everything() {
    let marks = r#"[{"value":"4","out_of":"10"},{"value":"9","out_of":"10"}]"#;
    let a = avg(
        marks,
        &points(r#""method":"natural","drop_lowest":1,"drop_highest":1,"drop_by":"group_ratio""#),
    );
    assert_eq!(pct(&a), Ratio::int(90)); // the 4 dropped, drop highest ignored
    let b = avg(
        marks,
        &points(r#""method":"natural","drop_lowest":5,"drop_by":"group_ratio""#),
    );
    assert_eq!(pct(&b), Ratio::int(90)); // cut to drop one
                                         // Three marks, one of each dropped: the middle one stays.
    let c = avg(
        r#"[{"value":"4","out_of":"10"},{"value":"9","out_of":"10"},{"value":"6","out_of":"10"}]"#,
        &points(r#""method":"natural","drop_lowest":1,"drop_highest":1,"drop_by":"group_ratio""#),
    );
    assert_eq!(pct(&c), Ratio::int(60));
    assert_eq!(dropped(&c), vec![1, 2]);
}

/// Never-dropped marks count in the ratio Canvas optimises: with 50/100
/// fixed, of 0/1 and 9/10 the 0/1 is dropped (59/110 beats 50/101).
#[test]
fn canvas_counts_never_dropped_marks_in_the_ratio() {
    let a = avg(
        r#"[{"value":"50","out_of":"100","work_kind":1},{"value":"0","out_of":"1","work_kind":2},{"value":"9","out_of":"10","work_kind":2}]"#,
        &points(r#""method":"natural","drop_lowest":1,"drop_by":"group_ratio","never_drop":[1]"#),
    );
    assert_eq!(dropped(&a), vec![2]);
    assert_eq!(pct(&a), Ratio::new(5900, 110));
}

/// Canvas's weighted groups: each group is Σ score / Σ possible; the
/// groups' weights are used as given when they sum to 100 or more (the
/// grade can exceed 100 %), and scaled up to 100 only when below.
#[test]
fn canvas_group_weights_are_used_as_given() {
    // Homework 16/20 = 80 %, tests 9/10 = 90 %.
    let marks = r#"[{"value":"10","out_of":"10","work_kind":1},{"value":"6","out_of":"10","work_kind":1},{"value":"9","out_of":"10","work_kind":2}]"#;
    let over = avg(
        marks,
        &points(
            r#""method":"natural","rescale_weights":"below_hundred","category_weights":[{"work_kind":1,"percent":50},{"work_kind":2,"percent":100}]"#,
        ),
    );
    assert_eq!(pct(&over), Ratio::int(130)); // 0.5·80 + 1.0·90
    let rescaled = avg(
        marks,
        &points(
            r#""method":"natural","category_weights":[{"work_kind":1,"percent":50},{"work_kind":2,"percent":100}]"#,
        ),
    );
    assert_eq!(pct(&rescaled), Ratio::new(260, 3)); // 130 / 1.5
                                                    // Decimal weights below 100 are scaled up: (33.33·80 + 50·90) / 83.33.
    let decimal = avg(
        marks,
        &points(
            r#""method":"natural","rescale_weights":"below_hundred","category_weights":[{"work_kind":1,"percent":"33.33"},{"work_kind":2,"percent":50}]"#,
        ),
    );
    assert_eq!(
        pct(&decimal),
        Ratio::new(333_300 * 80 + 500_000 * 90, 833_300)
    );
    // A group with weight 0 adds nothing; all weights 0 give no grade.
    let zero = avg(
        marks,
        &points(
            r#""method":"natural","rescale_weights":"below_hundred","category_weights":[{"work_kind":1,"percent":0},{"work_kind":2,"percent":100}]"#,
        ),
    );
    assert_eq!(pct(&zero), Ratio::int(90));
    let none = avg(
        marks,
        &points(
            r#""method":"natural","rescale_weights":"below_hundred","category_weights":[{"work_kind":1,"percent":0},{"work_kind":2,"percent":0}]"#,
        ),
    );
    assert_eq!(none.exact, None);
}

/// Canvas takes scores above the maximum, negative scores and items worth
/// 0 points (their score adds to the earned points only).
#[test]
fn canvas_scores_beyond_the_range() {
    let above = avg(
        r#"[{"value":"12","out_of":"10"}]"#,
        &points(r#""method":"natural""#),
    );
    assert_eq!(pct(&above), Ratio::int(120));
    let negative = avg(
        r#"[{"value":"-2","out_of":"10"},{"value":"10","out_of":"10"}]"#,
        &points(r#""method":"natural""#),
    );
    assert_eq!(pct(&negative), Ratio::int(40));
    let unpointed = avg(
        r#"[{"value":"8","out_of":"10"},{"value":"2","out_of":"0"}]"#,
        &points(r#""method":"natural""#),
    );
    assert_eq!(pct(&unpointed), Ratio::int(100));
    let e = average_json(
        r#"[{"value":"101","out_of":"10"}]"#,
        &points(r#""method":"natural""#),
        "[]",
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("marks[0].value"));
}

/// Canvas's late policy (LatePolicy#points_deducted): each started
/// interval deducts a percent of the possible points, never below the
/// floor, and a score already below the floor loses nothing; the missing
/// policy counts missing work at full marks less the deduction.
#[test]
fn canvas_late_and_missing_policies() {
    let rule = points(
        r#""method":"natural","late_policy":{"deduction_percent":10,"interval":"day","floor_percent":50},"missing_policy":{"deduction_percent":40}"#,
    );
    // 90/100, 2 days and a minute late: three started days, −30.
    let late = avg(
        r#"[{"value":"90","out_of":"100","minutes_late":2881}]"#,
        &rule,
    );
    assert_eq!(pct(&late), Ratio::int(60));
    // Six days late: −60 would pass the floor; 50 remains.
    let floor = avg(
        r#"[{"value":"90","out_of":"100","minutes_late":8640}]"#,
        &rule,
    );
    assert_eq!(pct(&floor), Ratio::int(50));
    // Already below the floor: unchanged.
    let low = avg(
        r#"[{"value":"40","out_of":"100","minutes_late":8640}]"#,
        &rule,
    );
    assert_eq!(pct(&low), Ratio::int(40));
    // Missing: 60 % of its points; without a policy it would not count.
    let missing = avg(
        r#"[{"value":"100","out_of":"100"},{"entry":"not_submitted","out_of":"100"}]"#,
        &rule,
    );
    assert_eq!(pct(&missing), Ratio::int(80));
    let hourly = avg(
        r#"[{"value":"90","out_of":"100","minutes_late":61}]"#,
        &points(r#""method":"natural","late_policy":{"deduction_percent":5,"interval":"hour"}"#),
    );
    assert_eq!(pct(&hourly), Ratio::int(80));
}

// ---- Moodle: lib/grade/grade_category.php (apply_limit_rules,
// aggregate_values_and_adjust_bounds, auto_update_weights) and
// docs.moodle.org/en/Grade_aggregation.

/// "Keep highest": only the k highest of each category count.
#[test]
fn moodle_keep_highest() {
    let a = avg(
        r#"[{"value":3},{"value":5},{"value":4},{"value":2}]"#,
        r#"{"method":"mean","keep_highest":2,"min_marks":1}"#,
    );
    assert_eq!(pct(&a), Ratio::new(9, 2));
    assert_eq!(dropped(&a), vec![1, 4]);
    let e = average_json("[]", r#"{"keep_highest":2,"drop_lowest":1}"#, "[]").unwrap_err();
    assert_eq!(e.field(), Some("keep_highest"));
}

/// Ties: Moodle sorts stably in item order, so of equal lowest values the
/// earlier item is dropped; and Moodle's drop rules may empty a category.
#[test]
fn moodle_ties_and_empty_categories() {
    let a = avg(
        r#"[{"value":3},{"value":5},{"value":3}]"#,
        r#"{"method":"mean","drop_lowest":1,"min_marks":1}"#,
    );
    assert_eq!(dropped(&a), vec![1]);
    let kept_one = avg(
        r#"[{"value":3},{"value":5}]"#,
        r#"{"method":"mean","drop_lowest":2,"min_marks":1}"#,
    );
    assert_eq!(pct(&kept_one), Ratio::int(5));
    let emptied = avg(
        r#"[{"value":3},{"value":5}]"#,
        r#"{"method":"mean","drop_lowest":2,"drop_may_empty":true,"min_marks":1}"#,
    );
    assert_eq!(emptied.exact, None);
}

/// Natural with a weight override: 8/10 overridden to 50 %, the other half
/// shared by points between 5/20 and 30/30: 0.5·0.8 + 0.2·0.25 + 0.3·1.
/// The effective weights are readable in the explanation.
#[test]
fn moodle_natural_with_weight_overrides() {
    let a = avg(
        r#"[{"value":"8","out_of":"10","natural_weight_percent":50},{"value":"5","out_of":"20"},{"value":"30","out_of":"30"}]"#,
        &points(r#""method":"natural""#),
    );
    assert_eq!(pct(&a), Ratio::int(75));
    let weights: Vec<Ratio> = a.counted.iter().map(|c| c.weight).collect();
    assert_eq!(
        weights,
        vec![Ratio::new(1, 2), Ratio::new(1, 5), Ratio::new(3, 10)]
    );
    // Overrides summing to more than 100 % are scaled to sum to 100 %.
    let b = avg(
        r#"[{"value":"10","out_of":"10","natural_weight_percent":100},{"value":"0","out_of":"20","natural_weight_percent":100},{"value":"30","out_of":"30"}]"#,
        &points(r#""method":"natural""#),
    );
    assert_eq!(pct(&b), Ratio::int(50));
}

/// Natural with an extra-credit item: its points add to the earned points
/// only; the total is capped at the maximum.
#[test]
fn moodle_natural_extra_credit() {
    let a = avg(
        r#"[{"value":"8","out_of":"10"},{"value":"6","out_of":"10"},{"value":"5","out_of":"10","counting":"bonus"}]"#,
        &points(r#""method":"natural""#),
    );
    assert_eq!(pct(&a), Ratio::int(95));
    let capped = avg(
        r#"[{"value":"10","out_of":"10"},{"value":"5","out_of":"10","counting":"bonus"}]"#,
        &points(r#""method":"natural""#),
    );
    assert_eq!(pct(&capped), Ratio::int(100));
}

/// Per-item multiplicative factor and offset, clamped to the item's range
/// (grade_item::adjust_raw_grade).
#[test]
fn moodle_factor_and_offset() {
    let up = avg(
        r#"[{"value":"8","out_of":"10","factor":"1.5"}]"#,
        &points(r#""method":"natural""#),
    );
    assert_eq!(pct(&up), Ratio::int(100));
    let down = avg(
        r#"[{"value":"8","out_of":"10","offset":"-3"}]"#,
        &points(r#""method":"natural""#),
    );
    assert_eq!(pct(&down), Ratio::int(50));
    // On a 5-point scale: 3·1.5 − 1 = 3.5.
    let ru = avg(
        r#"[{"value":3,"factor":"1.5","offset":-1}]"#,
        r#"{"min_marks":1}"#,
    );
    assert_eq!(pct(&ru), Ratio::new(7, 2));
}

/// Nested categories, each with its own method (Moodle's grade categories;
/// docs.moodle.org/en/Grade_categories): Homework (mean of 5, 3 → 4),
/// Tests (highest of a test's 3 and the Quizzes subcategory's lowest of
/// 4, 2 → 3), the whole the mean of both: 3.5.
#[test]
fn moodle_nested_categories() {
    let marks = r#"[{"value":5,"work_kind":1},{"value":3,"work_kind":1},{"value":3,"work_kind":2},{"value":4,"work_kind":3},{"value":2,"work_kind":3}]"#;
    let rule = r#"{"method":"mean","min_marks":1,"categories":[
        {"name":"Homework","work_kinds":[1],"method":"mean"},
        {"name":"Tests","work_kinds":[2],"method":"highest"},
        {"name":"Quizzes","parent":"Tests","work_kinds":[3],"method":"lowest"}]}"#;
    assert_eq!(pct(&avg(marks, rule)), Ratio::new(7, 2));
    // The median of the category totals: 5, 2 and 4 → 4.
    let median = avg(
        r#"[{"value":5,"work_kind":1},{"value":2,"work_kind":2},{"value":4,"work_kind":3}]"#,
        r#"{"method":"median","min_marks":1,"categories":[
            {"name":"A","work_kinds":[1]},{"name":"B","work_kinds":[2]},{"name":"C","work_kinds":[3]}]}"#,
    );
    assert_eq!(pct(&median), Ratio::int(4));
    // Weighted categories: 5 with weight 3 and 1 with weight 1 → 4.
    let weighted = avg(
        r#"[{"value":5,"work_kind":1},{"value":1,"work_kind":2}]"#,
        r#"{"min_marks":1,"categories":[
            {"name":"A","work_kinds":[1],"weight":3},{"name":"B","work_kinds":[2]}]}"#,
    );
    assert_eq!(pct(&weighted), Ratio::int(4));
    // A category's own drop rule: keep the highest of 2, 5, 3.
    let kept = avg(
        r#"[{"value":2,"work_kind":1},{"value":5,"work_kind":1},{"value":3,"work_kind":1}]"#,
        r#"{"min_marks":1,"categories":[{"name":"A","work_kinds":[1],"keep_highest":1}]}"#,
    );
    assert_eq!(pct(&kept), Ratio::int(5));
    assert_eq!(dropped(&kept), vec![1, 3]);
}

#[test]
fn nested_categories_are_checked() {
    let bad = |cats: &str| {
        average_json("[]", &format!(r#"{{"categories":{cats}}}"#), "[]")
            .unwrap_err()
            .field()
            .map(str::to_owned)
    };
    assert_eq!(
        bad(r#"[{"name":"A","parent":"B"},{"name":"B","parent":"A"}]"#).as_deref(),
        Some("categories[0].parent")
    );
    assert_eq!(
        bad(r#"[{"name":"A","work_kinds":[1]},{"name":"B","work_kinds":[1]}]"#).as_deref(),
        Some("categories[1].work_kinds")
    );
    assert_eq!(
        bad(r#"[{"name":"A"},{"name":"A"}]"#).as_deref(),
        Some("categories[1].name")
    );
    assert_eq!(
        bad(r#"[{"name":"A","parent":"Z"}]"#).as_deref(),
        Some("categories[0].parent")
    );
    assert_eq!(
        bad(r#"[{"name":"A","weight":"x"}]"#).as_deref(),
        Some("categories[0].weight")
    );
    assert_eq!(
        bad(r#"[{"name":"A","colour":"red"}]"#).as_deref(),
        Some("rule.categories[0].colour")
    );
}

// ---- Sharezone (skipping other scales) and Polish / Portuguese rules
// (failing marks left out of the mean).

/// Sharezone averages only the marks on the subject's own scale.
#[test]
fn other_scales_may_be_skipped() {
    let marks =
        r#"[{"value":"2","scale":"de6"},{"value":"1","scale":"de6"},{"value":"5","scale":"ru5"}]"#;
    let rule = r#"{"scale":"de6","min_marks":1,"thresholds":[{"min":"1.5","mark":"1"},{"min":"2.5","mark":"2"}],"below_all":"3"}"#;
    let converted = avg(marks, rule);
    assert_eq!(pct(&converted), Ratio::new(4, 3)); // ru5 "5" is a German 1
    let skip = rule.replace("\"min_marks\"", "\"other_scales\":\"skip\",\"min_marks\"");
    let skipped = avg(marks, &skip);
    assert_eq!(pct(&skipped), Ratio::new(3, 2));
    assert!(skipped.excluded[0].reason.contains("another scale"));
}

/// Leaving failing marks out: on 0–20 with 10 to pass, 8 is left out.
#[test]
fn failing_marks_may_be_left_out() {
    let a = avg(
        r#"[{"value":"8"},{"value":"14"},{"value":"16"}]"#,
        r#"{"scale":"fr20","method":"mean","min_marks":1,"leave_out_below":"9.5","thresholds":[{"min":"9.5","mark":"10"}],"below_all":"0"}"#,
    );
    assert_eq!(pct(&a), Ratio::int(15));
    assert_eq!(a.excluded.len(), 1);
}

/// The formula names the method as rules write it, and says the points
/// scale's average is a percent.
#[test]
fn the_formula_uses_the_documented_names() {
    let a = avg(
        r#"[{"value":"8","out_of":"10"}]"#,
        &points(r#""method":"natural""#),
    );
    assert!(a.formula.starts_with("natural of 1 marks"), "{}", a.formula);
    assert!(a.formula.contains("percent of the points possible"));
    let b = avg(
        r#"[{"value":5}]"#,
        r#"{"min_marks":1,"method":"mean_with_extra_credit"}"#,
    );
    assert!(
        b.formula.starts_with("mean_with_extra_credit"),
        "{}",
        b.formula
    );
}

/// A rule whose thresholds cannot give marks on its scale is refused.
#[test]
fn thresholds_must_fit_the_scale() {
    let e = average_json("[]", r#"{"scale":"hundred"}"#, "[]").unwrap_err();
    assert_eq!(e.field(), Some("thresholds"));
    assert!(e.to_string().contains("5-point"));
    let e = average_json(
        "[]",
        r#"{"scale":"ten","thresholds":[{"min":"11","mark":"10"}],"below_all":"1"}"#,
        "[]",
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("thresholds[0].min"));
    let e = average_json(
        "[]",
        r#"{"scale":"ten","thresholds":[{"min":"8","mark":"A"}],"below_all":"1"}"#,
        "[]",
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("thresholds[0].mark"));
}

// ---- Properties.

fn pointed_marks() -> impl Strategy<Value = Vec<(i64, i64)>> {
    prop::collection::vec((1i64..=20).prop_flat_map(|max| (0..=max, Just(max))), 1..7)
}

fn marks_json(marks: &[(i64, i64)]) -> String {
    let items: Vec<String> = marks
        .iter()
        .map(|(v, m)| format!(r#"{{"value":"{v}","out_of":"{m}"}}"#))
        .collect();
    format!("[{}]", items.join(","))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Canvas's choice is the best of every way to drop k marks (checked
    /// against all subsets).
    #[test]
    fn group_ratio_drop_is_optimal(marks in pointed_marks(), k in 1u32..4) {
        let a = avg(
            &marks_json(&marks),
            &points(&format!(r#""method":"natural","drop_lowest":{k},"drop_by":"group_ratio""#)),
        );
        let n = marks.len();
        let keep = n - (k as usize).min(n - 1);
        let mut best: Option<Ratio> = None;
        for set in 0u32..(1 << n) {
            if set.count_ones() as usize != keep {
                continue;
            }
            let (e, p) = (0..n)
                .filter(|i| set & (1 << i) != 0)
                .fold((0, 0), |(e, p), i| (e + marks[i].0, p + marks[i].1));
            let r = Ratio::new(i128::from(e) * 100, i128::from(p));
            best = Some(best.map_or(r, |b: Ratio| b.max(r)));
        }
        prop_assert_eq!(a.exact, best);
    }

    /// Drop rules never count more marks than there are, keep at least one
    /// unless told they may empty a kind, and never lower the best-ratio
    /// average below the undropped one.
    #[test]
    fn drop_rules_only_remove(marks in pointed_marks(), k in 0u32..8, empty in any::<bool>()) {
        let json = marks_json(&marks);
        let plain = avg(&json, &points(r#""method":"natural""#));
        let each = avg(
            &json,
            &points(&format!(r#""method":"natural","drop_lowest":{k},"drop_may_empty":{empty}"#)),
        );
        prop_assert!(each.counted.len() <= plain.counted.len());
        prop_assert_eq!(each.counted.len() + dropped(&each).len(), marks.len());
        if !empty {
            prop_assert!(!each.counted.is_empty());
        }
        let ratio = avg(
            &json,
            &points(&format!(r#""method":"natural","drop_lowest":{k},"drop_by":"group_ratio""#)),
        );
        prop_assert!(ratio.exact >= plain.exact);
    }

    /// Scaling every category share by the same factor changes nothing
    /// (with the default rescaling).
    #[test]
    fn scaling_category_shares_changes_nothing(marks in pointed_marks(), a in 1u32..100, b in 1u32..100, k in 2u32..10) {
        let items: Vec<String> = marks
            .iter()
            .enumerate()
            .map(|(i, (v, m))| format!(r#"{{"value":"{v}","out_of":"{m}","work_kind":{}}}"#, i % 2 + 1))
            .collect();
        let json = format!("[{}]", items.join(","));
        let rule = |x: u32, y: u32| points(&format!(
            r#""method":"natural","category_weights":[{{"work_kind":1,"percent":{x}}},{{"work_kind":2,"percent":{y}}}]"#
        ));
        prop_assert_eq!(avg(&json, &rule(a, b)).exact, avg(&json, &rule(a * k, b * k)).exact);
    }
}
