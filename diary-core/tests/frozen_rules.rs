//! Closing a period freezes the grading rules in force: its averages and
//! derived marks are computed with them whatever is set later, until the
//! period is reopened (reported: changing the school's thresholds turned
//! a closed quarter's derived 4 into a 5).

mod common;

use common::world::*;
use diary_core::grading::{GradingRule, Threshold};
use diary_core::*;
use time::macros::date;

fn thresholds(five: &str) -> GradingRule {
    let t = |min: &str, mark: &str| Threshold {
        min: min.into(),
        mark: mark.into(),
    };
    GradingRule {
        thresholds: vec![t(five, "5"), t("3.60", "4"), t("2.60", "3")],
        min_marks: 1,
        ..GradingRule::default()
    }
}

#[test]
fn a_closed_periods_marks_keep_the_rule_they_were_closed_under() {
    let d = fresh();
    let s = school(&d, "F", 930_000, None);
    let (admin, teacher) = (Actor::vouched(s.admin), Actor::vouched(s.ids.teacher));
    d.set_grading_rule(&admin, s.ids.school, None, &thresholds("4.60"))
        .unwrap();
    // The fixture's marks plus a 5 and a 4: whatever they average, make it
    // sit between 4.50 and 4.60 by adding marks until it does.
    for (day, v) in [
        (9, "5"),
        (10, "5"),
        (11, "4"),
        (12, "5"),
        (13, "4"),
        (16, "5"),
    ] {
        d.record_mark(
            &teacher,
            &NewMark::grade(
                s.ids.student,
                s.ids.subject,
                date!(2024 - 09 - 01).replace_day(day).unwrap(),
                v,
                s.kind,
            ),
        )
        .unwrap();
    }
    let avg = d
        .average(&admin, s.ids.student, s.ids.subject, s.ids.period)
        .unwrap();
    let exact = avg.exact.unwrap();
    assert!(
        exact >= grading::Ratio::parse("x", "4.50").unwrap()
            && exact < grading::Ratio::parse("x", "4.595").unwrap(),
        "the marks average {exact}, which should be between 4.50 and 4.59"
    );
    let mark = |d: &Diary| {
        d.period_mark(&admin, s.ids.student, s.ids.subject, s.ids.period)
            .unwrap()
            .derived
    };
    assert_eq!(mark(&d).as_deref(), Some("4"));

    d.close_period(&admin, s.ids.period).unwrap();
    // The school lowers the bar for a 5: the closed quarter keeps its 4.
    d.set_grading_rule(&admin, s.ids.school, None, &thresholds("4.50"))
        .unwrap();
    assert_eq!(mark(&d).as_deref(), Some("4"), "frozen by closing");
    let avg = d
        .average(&admin, s.ids.student, s.ids.subject, s.ids.period)
        .unwrap();
    assert_eq!(avg.mark.as_deref(), Some("4"));
    assert!(
        avg.formula.contains("when the period was closed"),
        "{}",
        avg.formula
    );
    // A subject rule set later does not reach it either.
    d.set_grading_rule(
        &admin,
        s.ids.school,
        Some(s.ids.subject),
        &thresholds("4.00"),
    )
    .unwrap();
    assert_eq!(mark(&d).as_deref(), Some("4"));
    // The class's averages and statistics use the frozen rule too.
    let rows = d
        .class_averages(&admin, s.ids.class, s.ids.period, Some(s.ids.subject))
        .unwrap();
    assert_eq!(rows[0].average.mark.as_deref(), Some("4"));

    // Reopened, the rules in force now apply (the subject's, 4.00 → 5).
    d.reopen_period(&admin, s.ids.period).unwrap();
    assert_eq!(mark(&d).as_deref(), Some("5"));
    let avg = d
        .average(&admin, s.ids.student, s.ids.subject, s.ids.period)
        .unwrap();
    assert!(!avg.formula.contains("when the period was closed"));
    // Closed again, it keeps those.
    d.close_period(&admin, s.ids.period).unwrap();
    d.set_grading_rule(
        &admin,
        s.ids.school,
        Some(s.ids.subject),
        &thresholds("4.90"),
    )
    .unwrap();
    assert_eq!(mark(&d).as_deref(), Some("5"));
}
