//! Rules with hand-computed expectations, and properties of the averages.

use super::*;
use crate::ids::{MarkId, WorkKindId};
use crate::model::{Counting, EntryKind};
use proptest::prelude::*;
use time::macros::date;

fn scale(code: &str) -> Scale {
    super::scale::builtin_for_tests(code)
}

const HOMEWORK: WorkKindId = WorkKindId(1);
const TEST: WorkKindId = WorkKindId(2);

struct M {
    scale: Scale,
    next: i64,
    marks: Vec<MarkInput>,
}

impl M {
    fn on(code: &str) -> M {
        M {
            scale: scale(code),
            next: 1,
            marks: Vec::new(),
        }
    }
    fn add(
        &mut self,
        value: &str,
        weight_centi: i64,
        kind: WorkKindId,
        counting: Counting,
    ) -> MarkId {
        let v = self.scale.value(value, Some("20")).unwrap();
        let id = MarkId(self.next);
        self.next += 1;
        let day = date!(2024 - 09 - 02) + time::Duration::days(self.next);
        self.marks.push(MarkInput::new(
            id,
            day,
            EntryKind::Grade,
            &self.scale,
            v.value_centi,
            v.out_of_centi,
            kind,
            weight_centi,
            counting,
            None,
        ));
        id
    }
    fn mark(&mut self, value: &str, w: i64) -> MarkId {
        self.add(value, w * 100, HOMEWORK, Counting::Always)
    }
    fn sign(&mut self, entry: EntryKind) -> MarkId {
        let id = MarkId(self.next);
        self.next += 1;
        self.marks.push(MarkInput::new(
            id,
            date!(2024 - 09 - 20),
            entry,
            &self.scale,
            0,
            None,
            HOMEWORK,
            100,
            Counting::Always,
            None,
        ));
        id
    }
    fn avg(&self, rule: &GradingRule) -> Average {
        let s = scale(&rule.scale);
        average(&self.marks, rule, &s).unwrap()
    }
}

fn r(s: &str) -> Ratio {
    Ratio::parse("x", s).unwrap()
}

fn rule() -> GradingRule {
    GradingRule {
        min_marks: 1,
        ..GradingRule::default()
    }
}

#[test]
fn weighted_mean_by_hand() {
    let mut m = M::on("ru5");
    m.mark("5", 1);
    m.mark("4", 1);
    m.add("3", 300, TEST, Counting::Always);
    let a = m.avg(&rule());
    assert_eq!(a.exact, Some(Ratio::new(18, 5))); // (5 + 4 + 3·3) / 5
    assert_eq!(a.display.as_deref(), Some("3.60"));
    assert_eq!(a.mark.as_deref(), Some("4"));
    assert_eq!(a.counted.len(), 3);
}

#[test]
fn rounding_edges_decide_the_period_mark() {
    // 4 + w1/(w1 + w2) with weights 1.19 and 0.81 is exactly 4.595.
    let mut m = M::on("ru5");
    m.add("5", 119, HOMEWORK, Counting::Always);
    m.add("4", 81, HOMEWORK, Counting::Always);
    let a = m.avg(&rule());
    assert_eq!(a.exact, Some(r("4.595")));
    assert_eq!(a.display.as_deref(), Some("4.60"));
    assert_eq!(a.mark.as_deref(), Some("5"));
    let exact = GradingRule {
        compare: CompareStage::Exact,
        ..rule()
    };
    assert_eq!(m.avg(&exact).mark.as_deref(), Some("4"));
    // 4.45 shown with one decimal is 4.5, with none it is 4.
    let mut m = M::on("ru5");
    m.add("5", 45, HOMEWORK, Counting::Always);
    m.add("4", 55, HOMEWORK, Counting::Always);
    assert_eq!(
        m.avg(&GradingRule {
            decimals: 1,
            ..rule()
        })
        .display
        .as_deref(),
        Some("4.5")
    );
    assert_eq!(
        m.avg(&GradingRule {
            decimals: 0,
            ..rule()
        })
        .display
        .as_deref(),
        Some("4")
    );
    // 4.55 -> 4.6 at one decimal.
    let mut m = M::on("ru5");
    m.add("5", 55, HOMEWORK, Counting::Always);
    m.add("4", 45, HOMEWORK, Counting::Always);
    assert_eq!(
        m.avg(&GradingRule {
            decimals: 1,
            ..rule()
        })
        .display
        .as_deref(),
        Some("4.6")
    );
}

#[test]
fn french_19_495_rounds_up() {
    // 19.5 and 19.49 do not exist on a quarter-point scale; 19.495 arises
    // as a weighted mean: (19.5·0.99 + 19·0.01)/1 = 19.495.
    let fr = GradingRule {
        scale: "fr20".into(),
        thresholds: vec![Threshold {
            min: "10".into(),
            mark: "20".into(),
        }],
        below_all: "0".into(),
        ..rule()
    };
    let mut m = M::on("fr20");
    m.add("19.5", 99, HOMEWORK, Counting::Always);
    m.add("19", 1, HOMEWORK, Counting::Always);
    let a = m.avg(&fr);
    assert_eq!(a.exact, Some(r("19.495")));
    assert_eq!(a.display.as_deref(), Some("19.50"));
}

#[test]
fn signs_and_not_counting_marks_are_explained() {
    let mut m = M::on("ru5");
    let five = m.mark("5", 1);
    let n = m.sign(EntryKind::Absent);
    let ns = m.sign(EntryKind::NotSubmitted);
    let ex = m.sign(EntryKind::Exempt);
    let never = m.add("2", 100, HOMEWORK, Counting::Never);
    let a = m.avg(&GradingRule::default()); // min 3 marks
    assert_eq!(a.exact, Some(Ratio::int(5)));
    assert!(!a.certified);
    assert_eq!(a.mark, None);
    assert_eq!(a.counted.iter().map(|c| c.mark).collect::<Vec<_>>(), [five]);
    let reasons: Vec<_> = a
        .excluded
        .iter()
        .map(|e| (e.mark, e.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 4);
    assert!(reasons.contains(&(n, "absent at the work (н): never counts")));
    assert!(reasons.iter().any(|(id, _)| *id == ns));
    assert!(reasons.iter().any(|(id, _)| *id == ex));
    assert!(reasons.contains(&(never, "marked as not counting")));
    assert!(a.formula.contains("not certified"));
}

#[test]
fn optional_marks_count_only_when_they_raise_the_average() {
    let mut m = M::on("ru5");
    for _ in 0..3 {
        m.mark("4", 1);
    }
    let five = m.add("5", 100, HOMEWORK, Counting::IfRaises);
    let three = m.add("3", 100, HOMEWORK, Counting::IfRaises);
    let a = m.avg(&rule());
    assert_eq!(a.exact, Some(r("4.25")));
    assert!(a.counted.iter().any(|c| c.mark == five));
    assert!(a.excluded.iter().any(|e| e.mark == three));
}

#[test]
fn bonus_counts_only_above_the_cut_off() {
    let fr = GradingRule {
        scale: "fr20".into(),
        thresholds: vec![Threshold {
            min: "10".into(),
            mark: "20".into(),
        }],
        below_all: "0".into(),
        ..rule()
    };
    let mut m = M::on("fr20");
    m.mark("10", 1);
    m.mark("14", 1);
    m.add("16", 100, HOMEWORK, Counting::Bonus);
    // base 12/20 = 0.6; bonus (0.8 − 0.5)·1 / Σw 2 = 0.15 -> 0.75 -> 15.
    assert_eq!(m.avg(&fr).exact, Some(Ratio::int(15)));
    let mut low = M::on("fr20");
    low.mark("10", 1);
    low.add("8", 100, HOMEWORK, Counting::Bonus);
    assert_eq!(low.avg(&fr).exact, Some(Ratio::int(10)));
}

#[test]
fn dropping_lowest_and_highest_per_kind() {
    let mut m = M::on("ru5");
    let two = m.add("2", 100, HOMEWORK, Counting::Always);
    m.add("5", 100, HOMEWORK, Counting::Always);
    m.add("4", 100, HOMEWORK, Counting::Always);
    m.add("3", 300, TEST, Counting::Always);
    let a = m.avg(&GradingRule {
        drop_lowest: 1,
        never_drop: vec![TEST],
        ..rule()
    });
    // (5 + 4 + 3·3) / 5 = 3.6
    assert_eq!(a.exact, Some(r("3.6")));
    assert!(a
        .excluded
        .iter()
        .any(|e| e.mark == two && e.reason.contains("lowest")));
    let a = m.avg(&GradingRule {
        drop_highest: 1,
        ..rule()
    });
    // Homework 2,4 and the single test (never dropped: one must stay): (2 + 4 + 9)/5 = 3
    assert_eq!(a.exact, Some(Ratio::int(3)));
}

#[test]
fn category_weights_are_rescaled() {
    let mut m = M::on("ru5");
    m.mark("5", 1);
    m.mark("3", 1); // homework average 4
    m.add("3", 100, TEST, Counting::Always); // test average 3
    let cw = |kind, percent: u32| CategoryWeight {
        work_kind: kind,
        percent: percent.to_string(),
    };
    let a = m.avg(&GradingRule {
        category_weights: vec![cw(HOMEWORK, 40), cw(TEST, 60)],
        ..rule()
    });
    assert_eq!(a.exact, Some(r("3.4"))); // 0.4·4 + 0.6·3
                                         // Shares that do not sum to 100 are rescaled: 20 + 30 of 50.
    let b = m.avg(&GradingRule {
        category_weights: vec![cw(HOMEWORK, 20), cw(TEST, 30)],
        ..rule()
    });
    assert_eq!(b.exact, a.exact);
    // A kind without marks drops out and the others are rescaled.
    let c = m.avg(&GradingRule {
        category_weights: vec![cw(HOMEWORK, 40), cw(WorkKindId(9), 60)],
        ..rule()
    });
    assert_eq!(c.exact, Some(Ratio::int(4)));
}

/// Moodle's weighted means with extra-credit items
/// (docs.moodle.org/en/Grade_aggregation, "Mean of grades (with extra
/// credits)" and "Simple weighted mean of grades"): an extra-credit item
/// adds its weighted grade to the numerator only, and the denominator is
/// the sum of the weights of the items that are aggregated — with category
/// weights, the categories' shares. So the weights inside a category,
/// which only shape that category's own mean, must not change a bonus's
/// effect (reported: 71.67 with weights 1,1 became 57.38 with 10,10).
#[test]
fn a_bonus_beside_category_weights_is_divided_by_the_shares() {
    let cw = |kind, percent: u32| CategoryWeight {
        work_kind: kind,
        percent: percent.to_string(),
    };
    let rule = GradingRule {
        scale: "hundred".into(),
        thresholds: vec![Threshold {
            min: "50".into(),
            mark: "100".into(),
        }],
        below_all: "0".into(),
        category_weights: vec![cw(HOMEWORK, 40), cw(TEST, 60)],
        ..rule()
    };
    let with_weights = |w: i64| {
        let mut m = M::on("hundred");
        m.add("60", w * 100, HOMEWORK, Counting::Always);
        m.add("80", w * 100, HOMEWORK, Counting::Always); // homework 70
        m.add("50", 100, TEST, Counting::Always); // test 50
        m.add("100", 1000, HOMEWORK, Counting::Bonus); // weight 10, 0.5 above the cut-off
        m.avg(&rule).exact
    };
    // base 0.4·70 + 0.6·50 = 58; bonus 10·0.5 / (40 + 60) = 0.05 of the scale = 5.
    assert_eq!(with_weights(1), Some(Ratio::int(63)));
    assert_eq!(with_weights(10), with_weights(1));
    assert_eq!(with_weights(3), with_weights(1));
}

#[test]
fn retakes_replace_or_compete() {
    let mut m = M::on("ru5");
    let orig = m.mark("2", 1);
    m.mark("4", 1);
    let retake = m.add("5", 100, HOMEWORK, Counting::Always);
    m.marks.last_mut().unwrap().retake_of = Some(orig);
    assert_eq!(m.avg(&rule()).exact, Some(r("4.5")));
    assert!(m
        .avg(&rule())
        .excluded
        .iter()
        .any(|e| e.mark == orig && e.reason.contains(&retake.to_string())));
    assert_eq!(
        m.avg(&GradingRule {
            retakes: RetakePolicy::BothCount,
            ..rule()
        })
        .exact,
        Some(Ratio::new(11, 3))
    );
    // A worse retake under Best: the original counts.
    m.marks[2].normalised = scale("ru5").normalise(100, None);
    assert_eq!(
        m.avg(&GradingRule {
            retakes: RetakePolicy::Best,
            ..rule()
        })
        .exact,
        Some(Ratio::int(3))
    );
}

#[test]
fn moodle_methods() {
    let mut m = M::on("ru5");
    for v in ["2", "5", "4", "4", "5"] {
        m.mark(v, 1);
    }
    let with = |method| m.avg(&GradingRule { method, ..rule() }).exact.unwrap();
    assert_eq!(with(Aggregation::Median), Ratio::int(4));
    assert_eq!(with(Aggregation::Lowest), Ratio::int(2));
    assert_eq!(with(Aggregation::Highest), Ratio::int(5));
    assert_eq!(with(Aggregation::Mode), Ratio::int(5)); // 4 and 5 tie: the higher
    assert_eq!(with(Aggregation::Mean), r("4"));
    // Natural: (1 + 4 + 3 + 3 + 4) / (5·4) = 15/20 -> 1 + 0.75·4 = 4
    assert_eq!(with(Aggregation::Natural), Ratio::int(4));
    m.mark("3", 1);
    let even = m
        .avg(&GradingRule {
            method: Aggregation::Median,
            ..rule()
        })
        .exact
        .unwrap();
    assert_eq!(even, Ratio::int(4)); // 2 3 4 4 5 5 -> (4 + 4)/2
}

#[test]
fn mean_with_extra_credit_adds_to_the_sum_only() {
    let mut m = M::on("ru5");
    m.mark("4", 1);
    m.mark("3", 1);
    m.add("5", 100, HOMEWORK, Counting::Bonus);
    let extra = GradingRule {
        method: Aggregation::MeanWithExtraCredit,
        bonus_above: "0".into(),
        ..rule()
    };
    // Mean of 0.75 and 0.5 is 0.625; the extra-credit mark adds its whole
    // normalised value (1, cut-off 0) over the count of 2: 0.625 + 0.5,
    // capped at 1 -> 5.
    assert_eq!(m.avg(&extra).exact, Some(Ratio::int(5)));
    let half = GradingRule {
        bonus_above: "0.75".into(),
        ..extra
    };
    // (1 − 0.75) / 2 = 0.125 -> 0.75 -> 1 + 0.75·4 = 4.
    assert_eq!(m.avg(&half).exact, Some(Ratio::int(4)));
    // Non-mean methods ignore bonus marks, with a reason.
    let med = m.avg(&GradingRule {
        method: Aggregation::Median,
        ..rule()
    });
    assert!(med.excluded.iter().any(|e| e.reason.contains("bonus")));
}

#[test]
fn mixed_scales_are_normalised() {
    let ru = scale("ru5");
    let hundred = scale("hundred");
    let pts = scale("points");
    let mk = |id, s: &Scale, v, out| {
        MarkInput::new(
            MarkId(id),
            date!(2024 - 09 - 02),
            EntryKind::Grade,
            s,
            v,
            out,
            HOMEWORK,
            100,
            Counting::Always,
            None,
        )
    };
    let marks = [
        mk(1, &ru, 500, None),
        mk(2, &hundred, 5000, None),
        mk(3, &pts, 1500, Some(2000)),
    ];
    // 1, 0.5 and 0.75 -> mean 0.75 -> 1 + 0.75·4 = 4 on the 5-point scale.
    assert_eq!(
        average(&marks, &rule(), &ru).unwrap().exact,
        Some(Ratio::int(4))
    );
    // Simple weighted mean weighs by range: (4·1 + 100·0.5 + 20·0.75)/(124) of the range.
    let swm = average(
        &marks,
        &GradingRule {
            method: Aggregation::SimpleWeightedMean,
            ..rule()
        },
        &ru,
    )
    .unwrap();
    assert_eq!(
        swm.exact,
        Some(Ratio::int(1).add(Ratio::new(69, 124).mul(Ratio::int(4))))
    );
    // German: 1 is best; a 2 and a 4 average to 3.
    let de = scale("de6");
    let g = [mk(4, &de, 200, None), mk(5, &de, 400, None)];
    let de_rule = GradingRule {
        scale: "de6".into(),
        thresholds: vec![Threshold {
            min: "0".into(),
            mark: "1".into(),
        }],
        ..rule()
    };
    assert_eq!(
        average(&g, &de_rule, &de).unwrap().exact,
        Some(Ratio::int(3))
    );
}

fn ru5_marks() -> impl Strategy<Value = Vec<(i64, i64)>> {
    prop::collection::vec((1i64..=5, 1i64..=5), 1..40)
}

proptest! {
    #[test]
    fn adding_a_mark_equal_to_the_average_changes_nothing(marks in ru5_marks(), w in 1i64..=5) {
        let mut m = M::on("ru5");
        for (v, wt) in &marks {
            m.mark(&v.to_string(), *wt);
        }
        let before = m.avg(&rule()).exact.unwrap();
        // The average itself is rarely a value on the scale, so it is added
        // as an exact hypothetical input.
        let f = before.sub(Ratio::int(1)).checked_div(Ratio::int(4)).unwrap();
        let mut extra = m.marks[0].clone();
        extra.id = MarkId(999);
        extra.normalised = f;
        extra.weight = Ratio::int(w);
        m.marks.push(extra);
        prop_assert_eq!(m.avg(&rule()).exact.unwrap(), before);
    }

    #[test]
    fn scaling_all_weights_together_changes_nothing(marks in ru5_marks(), k in 2i64..=7) {
        let mut a = M::on("ru5");
        let mut b = M::on("ru5");
        for (v, w) in &marks {
            a.mark(&v.to_string(), *w);
            b.mark(&v.to_string(), w * k);
        }
        prop_assert_eq!(a.avg(&rule()).exact, b.avg(&rule()).exact);
    }

    #[test]
    fn the_average_lies_between_the_lowest_and_highest_mark(marks in ru5_marks()) {
        let mut m = M::on("ru5");
        for (v, w) in &marks {
            m.mark(&v.to_string(), *w);
        }
        let avg = m.avg(&rule()).exact.unwrap();
        let lo = marks.iter().map(|(v, _)| *v).min().unwrap();
        let hi = marks.iter().map(|(v, _)| *v).max().unwrap();
        prop_assert!(Ratio::int(lo) <= avg && avg <= Ratio::int(hi));
    }
}

/// A school scale over the whole accepted range: −1,000,000 to 1,000,000
/// in hundredths.
fn widest() -> Scale {
    let new = NewScale {
        code: "wide".into(),
        name: "Widest".into(),
        kind: ScaleKind::Range {
            min_centi: -crate::limits::MAX_VALUE_CENTI,
            max_centi: crate::limits::MAX_VALUE_CENTI,
            step_centi: 1,
        },
        lower_is_better: false,
    };
    Scale::check(&new).unwrap();
    Scale {
        id: crate::ids::ScaleId(99),
        school: None,
        code: new.code,
        name: new.name,
        kind: new.kind,
        lower_is_better: false,
    }
}

fn extreme_value() -> impl Strategy<Value = i64> {
    let m = crate::limits::MAX_VALUE_CENTI;
    prop_oneof![
        Just(m),
        Just(-m),
        Just(m - 1),
        Just(-m + 1),
        Just(0),
        Just(1),
        -m..=m
    ]
}

fn extreme_weight() -> impl Strategy<Value = i64> {
    let m = crate::limits::MAX_WEIGHT_CENTI;
    prop_oneof![Just(m), Just(1), Just(m - 1), 1..=m]
}

const METHODS: [Aggregation; 9] = [
    Aggregation::WeightedMean,
    Aggregation::Mean,
    Aggregation::SimpleWeightedMean,
    Aggregation::Median,
    Aggregation::Lowest,
    Aggregation::Highest,
    Aggregation::Mode,
    Aggregation::Natural,
    Aggregation::MeanWithExtraCredit,
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Extreme but accepted values and weights go through every method, the
    /// statistics, the rank, the progress series and the planner without a
    /// panic (in debug builds every overflow would panic; release builds
    /// keep overflow checks on, so they compute the same), and every average
    /// lies between the lowest and highest mark.
    #[test]
    fn extreme_accepted_values_never_overflow(
        marks in prop::collection::vec((extreme_value(), extreme_weight(), any::<bool>(), 0u8..4), 1..60),
        drops in 0u32..3,
        method in 0usize..9,
    ) {
        let s = widest();
        let inputs: Vec<MarkInput> = marks
            .iter()
            .enumerate()
            .map(|(i, (v, w, test, counting))| {
                MarkInput::new(
                    MarkId(i as i64 + 1),
                    date!(2024 - 09 - 02) + time::Duration::days(i as i64 % 50),
                    EntryKind::Grade,
                    &s,
                    *v,
                    None,
                    if *test { TEST } else { HOMEWORK },
                    *w,
                    match counting {
                        0 => Counting::Always,
                        1 => Counting::IfRaises,
                        2 => Counting::Bonus,
                        _ => Counting::Always,
                    },
                    None,
                )
            })
            .collect();
        let rule = GradingRule {
            method: METHODS[method],
            scale: "wide".into(),
            thresholds: vec![
                Threshold { min: "999999.999999".into(), mark: "5".into() },
                Threshold { min: "0".into(), mark: "3".into() },
                Threshold { min: "-999999.5".into(), mark: "2".into() },
            ],
            below_all: "1".into(),
            min_marks: 0,
            drop_lowest: drops,
            drop_highest: drops / 2,
            category_weights: vec![
                CategoryWeight { work_kind: HOMEWORK, percent: "1000".into() },
                CategoryWeight { work_kind: TEST, percent: "1".into() },
            ],
            ..GradingRule::default()
        };
        let avg = average(&inputs, &rule, &s);
        let avg = match avg {
            Ok(a) => a,
            Err(e) => return Err(TestCaseError::fail(format!("{e}"))),
        };
        // Bonus marks and extra credit add on top, so only the others are
        // bound by the lowest and highest mark.
        let bonus = marks.iter().any(|(.., c)| *c == 2);
        if let (Some(exact), false) = (avg.exact, bonus || rule.method == Aggregation::MeanWithExtraCredit) {
            let lo = marks.iter().map(|(v, ..)| *v).min().unwrap();
            let hi = marks.iter().map(|(v, ..)| *v).max().unwrap();
            prop_assert!(exact >= Ratio::centi(lo) && exact <= Ratio::centi(hi), "{} outside [{}, {}]", exact, lo, hi);
        }
        let _ = avg.exact.map(|e| e.to_decimal(6));
        let values: Vec<Ratio> = inputs.iter().map(|m| m.normalised).collect();
        let _ = stats::summarise(&values);
        let _ = stats::rank(values[0], &values, false);
        let _ = progress::progress(&inputs, &rule, &s);
        let template = inputs[0].clone();
        let _ = progress::plan(
            &inputs,
            &rule,
            &s,
            "5",
            &[Ratio::centi(crate::limits::MAX_WEIGHT_CENTI), Ratio::centi(1)],
            &template,
        );
    }
}

/// Rounding modes as data, on the cases the modes are defined by (IEEE
/// 754-2008's rounding-direction attributes; Python's `decimal` module
/// ROUND_HALF_UP, ROUND_HALF_DOWN, ROUND_HALF_EVEN, ROUND_DOWN = toward
/// zero, ROUND_FLOOR, ROUND_CEILING), on exact values.
#[test]
fn rounding_modes_by_hand() {
    use RoundingMode::*;
    let cases: &[(&str, u32, RoundingMode, &str)] = &[
        ("4.45", 1, HalfUp, "4.5"),
        ("4.45", 1, HalfDown, "4.4"),
        ("4.46", 1, HalfDown, "4.5"),
        ("4.45", 1, HalfEven, "4.4"),
        ("4.55", 1, HalfEven, "4.6"),
        ("4.59", 1, TowardZero, "4.5"),
        ("-4.59", 1, TowardZero, "-4.5"),
        ("4.59", 1, Down, "4.5"),
        ("-4.51", 1, Down, "-4.6"),
        ("4.41", 1, Up, "4.5"),
        ("4.40", 1, Up, "4.4"),
        ("2.5", 0, HalfEven, "2"),
        ("3.5", 0, HalfEven, "4"),
        ("-2.5", 0, HalfUp, "-3"),
        ("-2.5", 0, HalfDown, "-2"),
    ];
    for (v, places, mode, want) in cases {
        assert_eq!(
            r(v).to_decimal_with(*places, *mode),
            *want,
            "{v} to {places} places, {mode:?}"
        );
    }
    // A third (never a finite decimal) rounds like its expansion.
    let third = Ratio::new(1, 3);
    assert_eq!(third.to_decimal_with(2, Up), "0.34");
    assert_eq!(third.to_decimal_with(2, HalfEven), "0.33");
}

/// The rule's mode decides the displayed average and the period mark, and a
/// second stage rounds again before the thresholds (4.549 → 4.55 → 4.6).
#[test]
fn rounding_mode_and_two_stages_decide_the_mark() {
    let mut m = M::on("ru5");
    // 5·549 + 4·451 over 1000 = 4.549.
    m.add("5", 549, HOMEWORK, Counting::Always);
    m.add("4", 451, HOMEWORK, Counting::Always);
    let base = rule();
    let a = m.avg(&base);
    assert_eq!(a.exact, Some(r("4.549")));
    assert_eq!(a.display.as_deref(), Some("4.55"));
    assert_eq!(a.mark.as_deref(), Some("4")); // 4.55 < 4.60
    let two_stage = GradingRule {
        compare_decimals: Some(1),
        ..rule()
    };
    assert_eq!(m.avg(&two_stage).mark.as_deref(), Some("5")); // 4.55 -> 4.6
    let truncating = GradingRule {
        rounding: RoundingMode::TowardZero,
        compare_decimals: Some(1),
        ..rule()
    };
    let t = m.avg(&truncating);
    assert_eq!(t.display.as_deref(), Some("4.54"));
    assert_eq!(t.mark.as_deref(), Some("4")); // 4.54 -> 4.5
    assert!(GradingRule {
        compare_decimals: Some(2),
        ..rule()
    }
    .check(false)
    .is_err());
}

proptest! {
    /// Every mode lands on a multiple of 10^-places within one step of the
    /// value, on the side its name says; half up agrees with `round`.
    #[test]
    fn rounding_modes_stay_within_one_step(num in -1_000_000i64..1_000_000, den in 1i64..10_000, places in 0u32..4) {
        use RoundingMode::*;
        let v = Ratio::new(i128::from(num), i128::from(den));
        let step = Ratio::new(1, 10i128.pow(places));
        let abs = |r: Ratio| if r < Ratio::ZERO { Ratio::ZERO.sub(r) } else { r };
        for mode in [HalfUp, HalfDown, HalfEven, TowardZero, Down, Up] {
            let x = v.round_with(places, mode);
            prop_assert!(abs(x.sub(v)) < step, "{:?}", mode);
            prop_assert!(x.mul(Ratio::int(10i64.pow(places))).is_exact_at(0));
            match mode {
                Down => prop_assert!(x <= v),
                Up => prop_assert!(x >= v),
                TowardZero => prop_assert!(abs(x) <= abs(v)),
                _ => prop_assert!(abs(x.sub(v)).mul(Ratio::int(2)) <= step),
            }
        }
        prop_assert_eq!(v.round_with(places, HalfUp), v.round(places));
    }
}
