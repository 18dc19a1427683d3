//! Every kind of bad input gets a clear error naming what is wrong, and the
//! stored data stays exactly as it was.

mod common;

use common::*;
use diary_core::*;
use time::macros::date;

/// Runs `f` against a file-backed school and asserts that it fails with an
/// error accepted by `check`, leaving every table unchanged.
fn refused(f: impl FnOnce(&Fixture) -> Result<()>, check: impl FnOnce(&Error)) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("school.diary");
    let s = build(Diary::open(&path).unwrap());
    let before = snapshot(&path);
    let err = f(&s).expect_err("the call should have been refused");
    check(&err);
    assert_eq!(
        snapshot(&path),
        before,
        "a refused call changed stored data ({err})"
    );
}

fn invalid(field: &'static str) -> impl FnOnce(&Error) {
    move |e| assert_eq!(e.field(), Some(field), "{e}")
}

fn conflict(e: &Error) {
    assert!(matches!(e, Error::Conflict(_)), "{e}");
}

fn not_found(e: &Error) {
    assert!(matches!(e, Error::NotFound { .. }), "{e}");
}

#[test]
fn empty_or_whitespace_names() {
    refused(
        |s| s.diary.create_subject(&s.admin, s.school, "   ").map(drop),
        invalid("name"),
    );
    refused(
        |s| {
            s.diary
                .register_person(
                    &s.admin,
                    s.school,
                    &person("", "Ivan", date!(2013 - 01 - 01), None),
                )
                .map(drop)
        },
        invalid("surname"),
    );
    refused(
        |s| {
            s.diary
                .register_person(
                    &s.admin,
                    s.school,
                    &person("Ivanov", " \t", date!(2013 - 01 - 01), None),
                )
                .map(drop)
        },
        invalid("first_name"),
    );
    refused(
        |s| {
            s.diary
                .create_school(&s.op, &NewSchool::new(" ", "Moscow", "Europe/Moscow"))
                .map(drop)
        },
        invalid("name"),
    );
    refused(
        |s| s.diary.create_group(&s.admin, s.class_5a, "").map(drop),
        invalid("name"),
    );
    refused(
        |s| {
            s.diary
                .create_class(
                    &s.admin,
                    s.year,
                    &NewClass {
                        grade: 6,
                        letter: " ".into(),
                        class_teacher: None,
                    },
                )
                .map(drop)
        },
        invalid("letter"),
    );
}

#[test]
fn overlapping_periods_and_periods_outside_the_year() {
    let q = |a, b| NewPeriod {
        kind: PeriodKind::Quarter,
        name: "Q".into(),
        start: a,
        end: b,
    };
    let with_q1 = |s: &Fixture| {
        s.diary
            .add_period(
                &s.admin,
                s.year,
                &q(date!(2024 - 09 - 02), date!(2024 - 10 - 25)),
            )
            .map(drop)
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.diary");
    let s = build(Diary::open(&path).unwrap());
    with_q1(&s).unwrap();
    let before = snapshot(&path);
    let e = s
        .diary
        .add_period(
            &s.admin,
            s.year,
            &q(date!(2024 - 10 - 20), date!(2024 - 12 - 27)),
        )
        .unwrap_err();
    conflict(&e);
    let e = s
        .diary
        .add_period(
            &s.admin,
            s.year,
            &q(date!(2024 - 08 - 20), date!(2024 - 08 - 30)),
        )
        .unwrap_err();
    assert_eq!(e.field(), Some("start"));
    let e = s
        .diary
        .add_period(
            &s.admin,
            s.year,
            &q(date!(2025 - 04 - 01), date!(2025 - 06 - 30)),
        )
        .unwrap_err();
    assert_eq!(e.field(), Some("start"));
    assert_eq!(snapshot(&path), before);
}

#[test]
fn enrolling_a_student_twice_in_one_year() {
    refused(
        |s| {
            s.diary
                .enrol(&s.admin, s.student, s.class_5b, date!(2024 - 10 - 01))
                .map(drop)
        },
        conflict,
    );
    refused(
        |s| {
            s.diary
                .enrol(&s.admin, s.student, s.class_5a, date!(2024 - 09 - 01))
                .map(drop)
        },
        conflict,
    );
    refused(
        |s| {
            s.diary
                .enrol(&s.admin, s.mother, s.class_5a, date!(2025 - 07 - 01))
                .map(drop)
        },
        invalid("start"),
    );
}

#[test]
fn unknown_ids() {
    refused(
        |s| {
            s.diary
                .create_year(
                    &s.admin,
                    SchoolId(999),
                    &NewYear {
                        label: "x".into(),
                        start: date!(2030 - 09 - 01),
                        end: date!(2031 - 05 - 31),
                    },
                )
                .map(drop)
        },
        not_found,
    );
    refused(
        |s| s.diary.create_group(&s.admin, ClassId(999), "G").map(drop),
        not_found,
    );
    refused(
        |s| {
            s.diary
                .enrol(&s.admin, PersonId(999), s.class_5b, date!(2024 - 09 - 02))
                .map(drop)
        },
        not_found,
    );
    refused(
        |s| {
            s.diary
                .assign_teacher(
                    &s.admin,
                    &NewAssignment {
                        teacher: s.teacher,
                        class: s.class_5a,
                        group: None,
                        subject: SubjectId(999),
                    },
                )
                .map(drop)
        },
        invalid("subject"),
    );
    refused(
        |s| {
            s.diary
                .appoint_staff(&s.admin, s.school, PersonId(999), StaffRole::Teacher)
                .map(drop)
        },
        not_found,
    );
}

#[test]
fn snils_with_a_wrong_checksum_or_already_registered() {
    refused(
        |s| {
            s.diary
                .register_person(
                    &s.admin,
                    s.school,
                    &person(
                        "Orlov",
                        "Oleg",
                        date!(2012 - 01 - 01),
                        Some("112-233-445 96"),
                    ),
                )
                .map(drop)
        },
        |e| {
            assert_eq!(e.field(), Some("snils"));
            assert!(
                !e.to_string().contains("112"),
                "SNILS leaked into the error: {e}"
            );
        },
    );
    refused(
        |s| {
            s.diary
                .register_person(
                    &s.admin,
                    s.school,
                    &person("Other", "Name", date!(2012 - 01 - 01), Some(SNILS_STUDENT)),
                )
                .map(drop)
        },
        |e| {
            conflict(e);
            assert!(
                !e.to_string().contains("087"),
                "SNILS leaked into the error: {e}"
            );
        },
    );
    // The same number in another layout is the same person.
    refused(
        |s| {
            s.diary
                .register_person(
                    &s.admin,
                    s.school,
                    &person("Ivanov", "Ivan", date!(2013 - 03 - 03), Some("08765432102")),
                )
                .map(drop)
        },
        conflict,
    );
}

#[test]
fn class_teacher_must_be_a_teacher_of_the_school() {
    refused(
        |s| {
            s.diary
                .create_class(
                    &s.admin,
                    s.year,
                    &NewClass {
                        grade: 7,
                        letter: "A".into(),
                        class_teacher: Some(s.mother),
                    },
                )
                .map(drop)
        },
        invalid("class_teacher"),
    );
    refused(
        |s| {
            s.diary
                .set_class_teacher(&s.admin, s.class_5b, Some(s.student))
                .map(drop)
        },
        invalid("class_teacher"),
    );
    refused(
        |s| {
            s.diary
                .assign_teacher(
                    &s.admin,
                    &NewAssignment {
                        teacher: s.mother,
                        class: s.class_5a,
                        group: None,
                        subject: s.maths,
                    },
                )
                .map(drop)
        },
        invalid("teacher"),
    );
}

#[test]
fn other_bad_input() {
    refused(
        |s| {
            s.diary
                .create_school(&s.op, &NewSchool::new("Dup", "Moscow", "Moscow time"))
                .map(drop)
        },
        invalid("time_zone"),
    );
    refused(
        |s| {
            s.diary
                .create_school(
                    &s.op,
                    &NewSchool::new("School No. 1", "Moscow", "Europe/Moscow"),
                )
                .map(drop)
        },
        conflict,
    );
    refused(
        |s| {
            s.diary
                .create_year(
                    &s.admin,
                    s.school,
                    &NewYear {
                        label: "Overlap".into(),
                        start: date!(2025 - 01 - 01),
                        end: date!(2025 - 12 - 31),
                    },
                )
                .map(drop)
        },
        conflict,
    );
    refused(
        |s| {
            s.diary
                .create_class(
                    &s.admin,
                    s.year,
                    &NewClass {
                        grade: 5,
                        letter: "a".into(),
                        class_teacher: None,
                    },
                )
                .map(drop)
        },
        conflict,
    );
    refused(
        |s| {
            s.diary
                .register_person(
                    &s.admin,
                    s.school,
                    &person("Future", "Kid", date!(2999 - 01 - 01), None),
                )
                .map(drop)
        },
        invalid("birth_date"),
    );
    refused(
        |s| {
            s.diary
                .add_guardian(
                    &s.admin,
                    &Guardianship {
                        student: s.student,
                        guardian: s.mother,
                        relation: Relation::Other,
                        legal_representative: false,
                    },
                )
                .map(drop)
        },
        conflict,
    );
    refused(
        |s| {
            s.diary
                .add_guardian(
                    &s.admin,
                    &Guardianship {
                        student: s.student,
                        guardian: s.student,
                        relation: Relation::Other,
                        legal_representative: false,
                    },
                )
                .map(drop)
        },
        invalid("guardian"),
    );
    refused(
        |s| {
            s.diary
                .transfer_student(&s.admin, s.mother, s.class_5b, date!(2024 - 10 - 01))
                .map(drop)
        },
        invalid("student"),
    );
    refused(
        |s| {
            s.diary
                .transfer_student(&s.admin, s.student, s.class_5a, date!(2024 - 10 - 01))
                .map(drop)
        },
        invalid("to_class"),
    );
    refused(
        |s| {
            s.diary
                .add_holiday(
                    &s.admin,
                    s.school,
                    &NewHoliday {
                        name: "Backwards".into(),
                        first_day: date!(2024 - 11 - 04),
                        last_day: date!(2024 - 11 - 01),
                    },
                )
                .map(drop)
        },
        invalid("last_day"),
    );
    refused(
        |s| {
            s.diary
                .create_subject(&Actor::vouched(s.teacher), s.school, "Art")
                .map(drop)
        },
        |e| assert!(matches!(e, Error::AccessDenied(_)), "{e}"),
    );
}

#[test]
fn implausible_dates_for_school_events() {
    use time::Weekday;
    // A bell schedule in year 9999 or year 1.
    for (from, until) in [
        (date!(9999 - 01 - 01), None),
        (date!(1901 - 01 - 01), None),
        (date!(2024 - 09 - 01), Some(date!(9999 - 12 - 31))),
    ] {
        refused(
            |s| {
                s.diary
                    .add_bell_schedule(
                        &s.admin,
                        &NewBellSchedule {
                            school: s.school,
                            name: "Far".into(),
                            shift: 1,
                            weekdays: vec![Weekday::Monday],
                            valid_from: from,
                            valid_until: until,
                            bells: vec![Bell {
                                number: 1,
                                start: time::macros::time!(8:30),
                                end: time::macros::time!(9:15),
                            }],
                        },
                    )
                    .map(drop)
            },
            |e| {
                assert!(
                    matches!(e.field(), Some("valid_from" | "valid_until")),
                    "{e}"
                )
            },
        );
    }
    // A remark dated in year 1 (the student's class is of 2024/25).
    refused(
        |s| {
            s.diary
                .add_remark(
                    &Actor::vouched(s.teacher),
                    s.student,
                    date!(1901 - 01 - 01),
                    None,
                    RemarkKind::Neutral,
                    "x",
                )
                .map(drop)
        },
        invalid("date"),
    );
}

#[test]
fn hostile_text_in_names_and_free_text() {
    for bad in [
        "Ivan\u{202E}ova",
        "Iv\u{200B}an",
        "\u{FEFF}Ivan",
        "Iv\u{0}an",
        "\u{1B}[2JIvan",
    ] {
        refused(
            |s| {
                s.diary
                    .register_person(
                        &s.admin,
                        s.school,
                        &person(bad, "X", date!(2013 - 01 - 01), None),
                    )
                    .map(drop)
            },
            invalid("surname"),
        );
        refused(
            |s| s.diary.create_subject(&s.admin, s.school, bad).map(drop),
            invalid("name"),
        );
    }
}
