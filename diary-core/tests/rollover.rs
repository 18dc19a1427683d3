//! Year rollover (issue 18): classes move up a grade with their class
//! teacher, groups and assignments; the final grade graduates; repeaters
//! and leavers follow the school's decision; the old year's enrolments end
//! with their reason; a dry run shows the same and stores nothing; the old
//! year stays readable; another school's admin learns nothing.

mod common;

use common::world::*;
use common::*;
use diary_core::*;
use time::macros::date;

fn next_year() -> NewYear {
    NewYear {
        label: "2025/26".into(),
        start: date!(2025 - 09 - 01),
        end: date!(2026 - 05 - 31),
    }
}

/// School A with a second student in 5A, an 11th grade with one student,
/// and a 4th grade "4A" whose student will repeat.
struct Setup {
    s: TestSchool,
    second: PersonId,
    senior: PersonId,
    repeater: PersonId,
    class_11: ClassId,
    class_4: ClassId,
}

fn setup(d: &Diary) -> Setup {
    let s = school(d, "A", 100, None);
    let a = Actor::vouched(s.admin);
    let reg = |n: u32, name: &str| {
        d.register_person(
            &a,
            s.ids.school,
            &person(name, "X", date!(2012 - 01 - 01), Some(&snils(100 + n))),
        )
        .unwrap()
        .id
    };
    let second = reg(10, "Second");
    d.enrol(&a, second, s.ids.class, date!(2024 - 09 - 01))
        .unwrap();
    d.add_group_member(&a, s.ids.group, second).unwrap();
    let class_11 = d
        .create_class(
            &a,
            s.ids.year,
            &NewClass {
                grade: 11,
                letter: "A".into(),
                class_teacher: None,
            },
        )
        .unwrap()
        .id;
    let senior = reg(11, "Senior");
    d.enrol(&a, senior, class_11, date!(2024 - 09 - 01))
        .unwrap();
    let class_4 = d
        .create_class(
            &a,
            s.ids.year,
            &NewClass {
                grade: 4,
                letter: "B".into(),
                class_teacher: None,
            },
        )
        .unwrap()
        .id;
    let repeater = reg(12, "Repeater");
    d.enrol(&a, repeater, class_4, date!(2024 - 09 - 01))
        .unwrap();
    Setup {
        s,
        second,
        senior,
        repeater,
        class_11,
        class_4,
    }
}

fn plan(x: &Setup) -> YearRollover {
    YearRollover {
        letters: vec![(x.s.ids.class, "B".into())],
        repeating: vec![x.repeater],
        leaving: vec![x.second],
        ..YearRollover::new(x.s.ids.year, next_year())
    }
}

#[test]
fn a_dry_run_shows_what_the_rollover_then_does() {
    let d = fresh();
    let x = setup(&d);
    let a = Actor::vouched(x.s.admin);
    let before = d.years(&a, x.s.ids.school).unwrap();
    let dry = d.roll_over_year(&a, &plan(&x), true).unwrap();
    assert!(dry.dry_run && dry.new_year.is_none());
    assert_eq!(
        d.years(&a, x.s.ids.school).unwrap(),
        before,
        "a dry run stores nothing"
    );
    assert!(d.rollover_report(&a, x.s.ids.year).unwrap().is_none());

    let done = d.roll_over_year(&a, &plan(&x), false).unwrap();
    let new_year = done.new_year.unwrap();
    // The same report but for the ids only a real run has.
    assert_eq!(
        RolloverReport {
            dry_run: true,
            new_year: None,
            classes: done
                .classes
                .iter()
                .map(|k| ClassRollover {
                    to: None,
                    ..k.clone()
                })
                .collect(),
            ..done.clone()
        },
        dry
    );
    let names: Vec<(String, Option<String>, u32)> = done
        .classes
        .iter()
        .map(|k| (k.from_name.clone(), k.to_name.clone(), k.promoted))
        .collect();
    assert_eq!(
        names,
        vec![
            ("4B".into(), Some("5B".into()), 0),
            ("5A".into(), Some("6B".into()), 1),
            ("11A".into(), None, 0),
        ]
    );
    assert_eq!(done.created_for_repeaters, vec!["4B".to_string()]);
    assert_eq!(done.graduated.len(), 1);
    assert_eq!(done.graduated[0].student, x.senior);
    assert_eq!(done.repeating[0].to_name.as_deref(), Some("4B"));
    assert_eq!(done.leaving[0].student, x.second);
    assert_eq!((done.enrolments_ended, done.enrolments_created), (4, 2));
    assert_eq!(done.groups, 1);
    assert_eq!(done.assignments, 1);
    assert_eq!(done.periods.len(), 1);
    assert_eq!(
        done.periods[0].1, "2025-09-01",
        "moved by whole weeks: a Monday again"
    );
    assert!(done.kept.iter().any(|(k, n)| k == "subjects" && *n == 1));
    assert_eq!(
        d.rollover_report(&a, x.s.ids.year).unwrap(),
        Some(done.clone())
    );

    // The student is in 6B with the class teacher; the old year reads as before.
    let enrolments = d.enrolments(&a, x.s.ids.student).unwrap();
    assert_eq!(enrolments.len(), 2);
    assert_eq!(enrolments[0].end_reason, Some(EndReason::Promoted));
    assert_eq!(enrolments[0].end, Some(date!(2025 - 05 - 31)));
    let new_classes = d.classes(&a, new_year).unwrap();
    let six_b = new_classes.iter().find(|k| k.name() == "6B").unwrap();
    assert_eq!(six_b.class_teacher, Some(x.s.ids.teacher));
    assert_eq!(enrolments[1].class, six_b.id);
    assert_eq!(enrolments[1].start, date!(2025 - 09 - 01));
    let seniors = d.enrolments(&a, x.senior).unwrap();
    assert_eq!(seniors[0].end_reason, Some(EndReason::Graduated));
    assert_eq!(
        d.enrolments(&a, x.repeater).unwrap()[0].end_reason,
        Some(EndReason::Repeating)
    );
    let teacher = Actor::vouched(x.s.ids.teacher);
    let old = d
        .marks(
            &teacher,
            x.s.ids.student,
            date!(2024 - 09 - 01),
            date!(2025 - 05 - 31),
        )
        .unwrap();
    assert_eq!(old.len(), 1);
    assert_eq!(old[0].class, x.s.ids.class);
    assert!(d.classes(&a, x.s.ids.year).unwrap().len() == 3);
    let _ = (x.class_11, x.class_4);

    // Once only.
    assert!(matches!(
        d.roll_over_year(&a, &plan(&x), false),
        Err(Error::Conflict(_))
    ));
}

#[test]
fn bad_plans_are_refused_and_store_nothing() {
    let d = fresh();
    let x = setup(&d);
    let a = Actor::vouched(x.s.admin);
    let snap = |d: &Diary| {
        (
            d.years(&a, x.s.ids.school).unwrap(),
            d.enrolments(&a, x.s.ids.student).unwrap(),
        )
    };
    let before = snap(&d);
    let mut cases: Vec<(YearRollover, &str)> = vec![
        (
            YearRollover {
                final_grade: 0,
                ..plan(&x)
            },
            "final_grade",
        ),
        (
            YearRollover {
                letters: vec![(x.s.ids.class, "B!".into())],
                ..plan(&x)
            },
            "letters[0]",
        ),
        (
            YearRollover {
                repeating: vec![x.repeater, x.second],
                ..plan(&x)
            },
            "leaving[0]",
        ),
        (
            YearRollover {
                repeating: vec![PersonId(90_000)],
                leaving: vec![],
                ..plan(&x)
            },
            "repeating[0]",
        ),
        (
            YearRollover {
                letters: vec![(ClassId(90_000), "C".into())],
                ..plan(&x)
            },
            "letters[0]",
        ),
        (
            YearRollover {
                new_year: NewYear {
                    start: date!(2025 - 05 - 01),
                    ..next_year()
                },
                ..plan(&x)
            },
            "new_year.start",
        ),
    ];
    // Hostile text in the new year's label, and far-off dates.
    for label in [
        "2025\u{202E}26",
        "2025\u{200B}/26",
        "2025\u{0007}/26",
        "   ",
    ] {
        cases.push((
            YearRollover {
                new_year: NewYear {
                    label: label.into(),
                    ..next_year()
                },
                ..plan(&x)
            },
            "new_year.label",
        ));
    }
    cases.push((
        YearRollover {
            new_year: NewYear {
                start: date!(9999 - 09 - 01),
                end: date!(9999 - 12 - 31),
                ..next_year()
            },
            ..plan(&x)
        },
        "start",
    ));
    cases.push((
        YearRollover {
            letters: vec![(x.s.ids.class, "B\u{200B}".into())],
            ..plan(&x)
        },
        "letters[0]",
    ));
    for (bad, field) in cases {
        match d.roll_over_year(&a, &bad, false) {
            Err(Error::InvalidInput { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: expected invalid input, got {other:?}"),
        }
        assert_eq!(snap(&d), before);
    }
    // Two classes into one: 5A renamed to 6A while... 4B becoming 5B and
    // 5A keeping A is fine; 4B renamed A collides with 5A? No: 4B → 5A and
    // 5A → 6A do not collide; make 4B → 5A and a new 4A → 5A collide.
    d.create_class(
        &a,
        x.s.ids.year,
        &NewClass {
            grade: 4,
            letter: "A".into(),
            class_teacher: None,
        },
    )
    .unwrap();
    let collide = YearRollover {
        letters: vec![(x.class_4, "A".into())],
        ..plan(&x)
    };
    assert!(matches!(
        d.roll_over_year(&a, &collide, false),
        Err(Error::Conflict(_))
    ));
    assert_eq!(snap(&d).1, before.1);
}

#[test]
fn only_the_schools_admins_roll_over_and_others_learn_nothing() {
    let d = fresh();
    let x = setup(&d);
    let b = school(&d, "B", 200, None);
    let other = Actor::vouched(b.admin);
    // Another school's admin naming this school's year: not found, logged.
    assert!(matches!(
        d.roll_over_year(&other, &plan(&x), true),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        d.rollover_report(&other, x.s.ids.year),
        Err(Error::NotFound { .. })
    ));
    for who in [x.s.ids.teacher, x.s.ids.mother] {
        assert!(matches!(
            d.roll_over_year(&Actor::vouched(who), &plan(&x), true),
            Err(Error::AccessDenied(_))
        ));
    }
    let log = d
        .access_log_of_school(&Actor::vouched(x.s.admin), x.s.ids.school)
        .unwrap();
    assert!(log.iter().any(|e| !e.allowed && e.data_kind == "structure"));
}
