//! Marks through the public API: entry, bulk, access, history, averages,
//! period and year marks, statistics, progress, what-if and planning.

mod common;

use common::*;
use diary_core::grading::{GradingRule, Ratio};
use diary_core::*;
use time::macros::date;

struct Marks {
    f: Fixture,
    teacher: Actor,
    q1: PeriodId,
    q2: PeriodId,
    homework: WorkKindId,
    test: WorkKindId,
    other_student: PersonId,
}

fn r(s: &str) -> Ratio {
    Ratio::parse("x", s).unwrap()
}

fn setup() -> Marks {
    let f = in_memory();
    let d = &f.diary;
    let q = |n: &str, a, b| NewPeriod {
        kind: PeriodKind::Quarter,
        name: n.into(),
        start: a,
        end: b,
    };
    let q1 = d
        .add_period(
            &f.admin,
            f.year,
            &q("Quarter 1", date!(2024 - 09 - 02), date!(2024 - 10 - 25)),
        )
        .unwrap()
        .id;
    let q2 = d
        .add_period(
            &f.admin,
            f.year,
            &q("Quarter 2", date!(2024 - 11 - 05), date!(2024 - 12 - 27)),
        )
        .unwrap()
        .id;
    let kind = |name: &str, w: &str, max: &str| NewWorkKind {
        name: name.into(),
        default_weight: r(w),
        min_weight: r("0.5"),
        max_weight: r(max),
    };
    let homework = d
        .create_work_kind(&f.admin, f.school, &kind("Homework", "1", "2"))
        .unwrap()
        .id;
    let test = d
        .create_work_kind(&f.admin, f.school, &kind("Test", "3", "5"))
        .unwrap()
        .id;
    d.assign_teacher(
        &f.admin,
        &NewAssignment {
            teacher: f.teacher,
            class: f.class_5a,
            group: None,
            subject: f.maths,
        },
    )
    .unwrap();
    let other_student = d
        .register_person(
            &f.admin,
            f.school,
            &person(
                "Smirnova",
                "Olga",
                date!(2013 - 05 - 05),
                Some("222-333-444 16"),
            ),
        )
        .unwrap()
        .id;
    d.enrol(&f.admin, other_student, f.class_5a, date!(2024 - 09 - 01))
        .unwrap();
    let teacher = Actor::vouched(f.teacher);
    Marks {
        f,
        teacher,
        q1,
        q2,
        homework,
        test,
        other_student,
    }
}

impl Marks {
    fn mark(
        &self,
        student: PersonId,
        day: time::Date,
        value: &str,
        kind: WorkKindId,
    ) -> Result<Mark> {
        self.f.diary.record_mark(
            &self.teacher,
            &NewMark::grade(student, self.f.maths, day, value, kind),
        )
    }
}

#[test]
fn a_teacher_records_marks_and_everyone_entitled_sees_the_average() {
    let m = setup();
    let s = m.f.student;
    m.mark(s, date!(2024 - 09 - 10), "5", m.homework).unwrap();
    m.mark(s, date!(2024 - 09 - 17), "4", m.homework).unwrap();
    let t = m.mark(s, date!(2024 - 09 - 24), "3", m.test).unwrap();
    assert_eq!(t.weight, Ratio::int(3));
    assert_eq!(t.scale, "ru5");
    assert_eq!(t.period, m.q1);
    assert_eq!(
        m.f.diary.mark(&m.f.admin, t.id).unwrap(),
        t,
        "the returned mark is what was stored"
    );
    let mut absent = NewMark::grade(s, m.f.maths, date!(2024 - 10 - 01), "", m.test);
    absent.entry = EntryKind::Absent;
    assert_eq!(
        m.f.diary.record_mark(&m.teacher, &absent).unwrap().label,
        "н"
    );

    for who in [
        m.teacher,
        m.f.admin,
        Actor::vouched(s),
        Actor::vouched(m.f.mother),
    ] {
        let a = m.f.diary.average(&who, s, m.f.maths, m.q1).unwrap();
        assert_eq!(a.exact, Some(Ratio::new(18, 5)), "{who:?}");
        assert_eq!(a.display.as_deref(), Some("3.60"));
        assert_eq!(a.mark.as_deref(), Some("4"));
        assert_eq!(a.counted.len(), 3);
        assert_eq!(a.excluded.len(), 1);
    }
    let diary_view =
        m.f.diary
            .marks(
                &Actor::vouched(m.f.mother),
                s,
                date!(2024 - 09 - 01),
                date!(2024 - 12 - 31),
            )
            .unwrap();
    assert_eq!(
        diary_view
            .iter()
            .map(|x| x.label.as_str())
            .collect::<Vec<_>>(),
        ["5", "4", "3", "н"]
    );
    // Another family sees nothing of this child.
    let other = Actor::vouched(m.other_student);
    assert!(matches!(
        m.f.diary.average(&other, s, m.f.maths, m.q1),
        Err(Error::AccessDenied(_))
    ));
    assert!(matches!(
        m.f.diary
            .marks(&other, s, date!(2024 - 09 - 01), date!(2024 - 12 - 31)),
        Err(Error::AccessDenied(_))
    ));
}

#[test]
fn a_double_mark_for_one_lesson_is_two_entries() {
    let m = setup();
    let s = m.f.student;
    let a = m.mark(s, date!(2024 - 09 - 10), "5", m.homework).unwrap();
    let b = m.mark(s, date!(2024 - 09 - 10), "4", m.homework).unwrap();
    assert_ne!(a.id, b.id);
    let day =
        m.f.diary
            .marks(&m.f.admin, s, date!(2024 - 09 - 10), date!(2024 - 09 - 10))
            .unwrap();
    assert_eq!(
        day.iter().map(|x| x.label.as_str()).collect::<Vec<_>>(),
        ["5", "4"]
    );
}

#[test]
fn students_guardians_and_strangers_cannot_write_marks() {
    let m = setup();
    let new = NewMark::grade(
        m.f.student,
        m.f.maths,
        date!(2024 - 09 - 10),
        "5",
        m.homework,
    );
    for who in [
        Actor::vouched(m.f.student),
        Actor::vouched(m.f.mother),
        Actor::vouched(m.other_student),
        Actor::operator(),
    ] {
        assert!(
            matches!(
                m.f.diary.record_mark(&who, &new),
                Err(Error::AccessDenied(_))
            ),
            "{who:?}"
        );
    }
    // A teacher of another subject may not either.
    let english =
        m.f.diary
            .create_subject(&m.f.admin, m.f.school, "English")
            .unwrap()
            .id;
    let mut e = new.clone();
    e.subject = english;
    assert!(matches!(
        m.f.diary.record_mark(&m.teacher, &e),
        Err(Error::AccessDenied(_))
    ));
}

#[test]
fn bad_marks_are_refused_with_the_field_named() {
    let m = setup();
    let s = m.f.student;
    let check = |new: NewMark, field: &str| {
        let e = m.f.diary.record_mark(&m.teacher, &new).unwrap_err();
        assert_eq!(e.field(), Some(field), "{e}");
    };
    check(
        NewMark::grade(s, m.f.maths, date!(2024 - 09 - 10), "6", m.homework),
        "value",
    );
    check(
        NewMark::grade(s, m.f.maths, date!(2024 - 10 - 30), "5", m.homework),
        "date",
    ); // holidays: no period
    check(
        NewMark::grade(s, m.f.maths, date!(2024 - 08 - 20), "5", m.homework),
        "date",
    ); // not enrolled yet
    let mut heavy = NewMark::grade(s, m.f.maths, date!(2024 - 09 - 10), "5", m.homework);
    heavy.weight = Some(r("2.5"));
    check(heavy, "weight");
    let mut scale = NewMark::grade(s, m.f.maths, date!(2024 - 09 - 10), "5", m.homework);
    scale.scale = Some("nope".into());
    check(scale, "scale");
    check(
        NewMark::grade(s, m.f.maths, date!(2024 - 09 - 10), "5", WorkKindId(99)),
        "work_kind",
    );
    assert!(m
        .f
        .diary
        .marks(&m.f.admin, s, date!(2024 - 09 - 01), date!(2025 - 06 - 01))
        .unwrap()
        .is_empty());
}

#[test]
fn a_bulk_batch_is_all_or_nothing() {
    let m = setup();
    let mut batch: Vec<NewMark> = (0..20)
        .map(|i| {
            NewMark::grade(
                if i % 2 == 0 {
                    m.f.student
                } else {
                    m.other_student
                },
                m.f.maths,
                date!(2024 - 09 - 02) + time::Duration::days(i),
                "4",
                m.homework,
            )
        })
        .collect();
    batch[13].value = "7".into();
    let e = m.f.diary.record_marks(&m.teacher, &batch).unwrap_err();
    assert_eq!(e.field(), Some("marks[13].value"));
    assert!(m
        .f
        .diary
        .marks(
            &m.f.admin,
            m.f.student,
            date!(2024 - 09 - 01),
            date!(2024 - 12 - 31)
        )
        .unwrap()
        .is_empty());
    batch[13].value = "5".into();
    let ids = m.f.diary.record_marks(&m.teacher, &batch).unwrap();
    assert_eq!(ids.len(), 20);
    assert_eq!(m.f.diary.mark(&m.f.admin, ids[13]).unwrap().label, "5");
    assert_eq!(
        m.f.diary
            .marks(
                &m.f.admin,
                m.other_student,
                date!(2024 - 09 - 01),
                date!(2024 - 12 - 31)
            )
            .unwrap()
            .len(),
        10
    );
}

#[test]
fn a_bulk_batch_names_its_first_bad_mark_in_the_callers_order() {
    let m = setup();
    // Written student by student, the other student's marks come last;
    // the error still names the first bad mark as the caller ordered them.
    let mut batch: Vec<NewMark> = (0..12)
        .map(|i| {
            NewMark::grade(
                if i < 6 { m.other_student } else { m.f.student },
                m.f.maths,
                date!(2024 - 09 - 02) + time::Duration::days(11 - i),
                "4",
                m.homework,
            )
        })
        .collect();
    batch[3].value = "7".into();
    batch[10].weight = Some(r("9"));
    let e = m.f.diary.record_marks(&m.teacher, &batch).unwrap_err();
    assert_eq!(e.field(), Some("marks[3].value"));
    batch[3].value = "3".into();
    let e = m.f.diary.record_marks(&m.teacher, &batch).unwrap_err();
    assert_eq!(e.field(), Some("marks[10].weight"));
    batch[10].weight = None;
    // Ids come back in the caller's order.
    let ids = m.f.diary.record_marks(&m.teacher, &batch).unwrap();
    for (id, new) in ids.iter().zip(&batch) {
        let stored = m.f.diary.mark(&m.f.admin, *id).unwrap();
        assert_eq!(
            (stored.student, stored.date, stored.label.as_str()),
            (new.student, new.date, new.value.as_str())
        );
    }
}

#[test]
fn a_retake_in_a_batch_names_a_mark_that_existed_before_it() {
    let m = setup();
    let first = m
        .mark(m.f.student, date!(2024 - 09 - 02), "2", m.homework)
        .unwrap();
    let retake = |of: MarkId| NewMark {
        retake_of: Some(of),
        ..NewMark::grade(
            m.f.student,
            m.f.maths,
            date!(2024 - 10 - 21),
            "4",
            m.homework,
        )
    };
    // More marks than one multi-row statement holds come before the retake
    // in the order they are written, so some are inserted before the
    // retake is checked.
    let mut batch: Vec<NewMark> = (0..100)
        .map(|i| {
            let day = date!(2024 - 09 - 03) + time::Duration::days(i % 40);
            NewMark::grade(m.f.student, m.f.maths, day, "5", m.homework)
        })
        .collect();
    // The id the batch's first mark gets is not a mark yet when it starts.
    batch.push(retake(MarkId(first.id.0 + 1)));
    let e = m.f.diary.record_marks(&m.teacher, &batch).unwrap_err();
    assert_eq!(e.field(), Some("marks[100].retake_of"));
    batch[100] = retake(first.id);
    let ids = m.f.diary.record_marks(&m.teacher, &batch).unwrap();
    assert_eq!(
        m.f.diary.mark(&m.f.admin, ids[100]).unwrap().retake_of,
        Some(first.id)
    );
}

#[test]
fn changes_and_deletions_keep_history() {
    let m = setup();
    let mk = m
        .mark(m.f.student, date!(2024 - 09 - 10), "3", m.homework)
        .unwrap();
    assert!(m
        .f
        .diary
        .change_mark(
            &m.teacher,
            mk.id,
            &MarkEdit {
                value: Some("4".into()),
                ..MarkEdit::default()
            },
            " "
        )
        .is_err());
    let changed =
        m.f.diary
            .change_mark(
                &m.teacher,
                mk.id,
                &MarkEdit {
                    value: Some("4".into()),
                    ..MarkEdit::default()
                },
                "checked again",
            )
            .unwrap();
    assert_eq!(changed.label, "4");
    m.f.diary
        .delete_mark(&m.teacher, mk.id, "entered for the wrong student")
        .unwrap();
    let h =
        m.f.diary
            .mark_history(&Actor::vouched(m.f.mother), mk.id)
            .unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(
        (
            h[0].action.as_str(),
            h[0].old_label.as_str(),
            h[0].new_label.as_deref()
        ),
        ("update", "3", Some("4"))
    );
    assert_eq!(h[0].reason, "checked again");
    assert_eq!(h[0].changed_by, m.f.teacher);
    assert_eq!(
        (h[1].action.as_str(), h[1].new_label.as_deref()),
        ("delete", None)
    );
    assert!(m.f.diary.mark(&m.f.admin, mk.id).unwrap().deleted);
    assert!(m
        .f
        .diary
        .marks(
            &m.f.admin,
            m.f.student,
            date!(2024 - 09 - 01),
            date!(2024 - 12 - 31)
        )
        .unwrap()
        .is_empty());
    assert!(matches!(
        m.f.diary.delete_mark(&m.teacher, mk.id, "again"),
        Err(Error::Conflict(_))
    ));
}

#[test]
fn closed_periods_are_changed_only_by_admins_with_a_reason() {
    let m = setup();
    let mk = m
        .mark(m.f.student, date!(2024 - 09 - 10), "3", m.homework)
        .unwrap();
    assert!(matches!(
        m.f.diary.close_period(&m.teacher, m.q1),
        Err(Error::AccessDenied(_))
    ));
    m.f.diary.close_period(&m.f.admin, m.q1).unwrap();
    assert!(m.f.diary.is_period_closed(&m.teacher, m.q1).unwrap());
    assert!(matches!(
        m.mark(m.f.student, date!(2024 - 09 - 11), "5", m.homework),
        Err(Error::AccessDenied(_))
    ));
    let edit = MarkEdit {
        value: Some("4".into()),
        ..MarkEdit::default()
    };
    assert!(matches!(
        m.f.diary.change_mark(&m.teacher, mk.id, &edit, "late fix"),
        Err(Error::AccessDenied(_))
    ));
    assert_eq!(
        m.f.diary
            .change_mark(&m.f.admin, mk.id, &edit, "appeal granted")
            .unwrap()
            .label,
        "4"
    );
    // Quarter 2 is still open for the teacher.
    m.mark(m.f.student, date!(2024 - 11 - 11), "5", m.homework)
        .unwrap();
}

#[test]
fn period_year_and_final_marks() {
    let m = setup();
    let s = m.f.student;
    for (day, v) in [
        (date!(2024 - 09 - 10), "5"),
        (date!(2024 - 09 - 11), "5"),
        (date!(2024 - 09 - 12), "4"),
    ] {
        m.mark(s, day, v, m.homework).unwrap();
    }
    for (day, v) in [
        (date!(2024 - 11 - 11), "3"),
        (date!(2024 - 11 - 12), "4"),
        (date!(2024 - 11 - 13), "3"),
    ] {
        m.mark(s, day, v, m.homework).unwrap();
    }
    let p1 =
        m.f.diary
            .period_mark(&m.teacher, s, m.f.maths, m.q1)
            .unwrap();
    assert_eq!((p1.mark.as_deref(), p1.confirmed), (Some("5"), false)); // 14/3 = 4.67
    assert_eq!(p1.value, Some(Ratio::new(14, 3)));
    // Q2: 10/3 = 3.33 -> 3; the teacher raises it to 4 with a reason.
    assert!(m
        .f
        .diary
        .confirm_period_mark(&m.teacher, s, m.f.maths, m.q2, Some("4"), None)
        .is_err());
    let p2 =
        m.f.diary
            .confirm_period_mark(
                &m.teacher,
                s,
                m.f.maths,
                m.q2,
                Some("4"),
                Some("project work"),
            )
            .unwrap();
    assert_eq!(
        (p2.mark.as_deref(), p2.derived.as_deref(), p2.overridden),
        (Some("4"), Some("3"), true)
    );
    assert_eq!(p2.value, Some(Ratio::new(10, 3)));
    assert!(matches!(
        m.f.diary
            .confirm_period_mark(&Actor::vouched(m.f.mother), s, m.f.maths, m.q2, None, None),
        Err(Error::AccessDenied(_))
    ));
    // Year: mean of 5 and 4 = 4.5 -> 4 (below 4.60).
    let y =
        m.f.diary
            .year_mark(&m.f.admin, s, m.f.maths, m.f.year)
            .unwrap();
    assert_eq!(y.mark.as_deref(), Some("4"));
    assert_eq!(y.value, Some(Ratio::new(9, 2))); // the numeric mean
    m.f.diary
        .set_exam_mark(&m.teacher, s, m.f.maths, m.f.year, "5")
        .unwrap();
    // Final: mean of year 4 and exam 5 = 4.5 -> 4.
    let fin =
        m.f.diary
            .final_mark(&m.f.admin, s, m.f.maths, m.f.year)
            .unwrap();
    assert_eq!(
        (fin.mark.as_deref(), fin.value),
        (Some("4"), Some(Ratio::new(9, 2)))
    );
    m.f.diary
        .confirm_year_mark(
            &m.teacher,
            s,
            m.f.maths,
            m.f.year,
            Some("5"),
            Some("strong exam"),
        )
        .unwrap();
    assert_eq!(
        m.f.diary
            .final_mark(&m.f.admin, s, m.f.maths, m.f.year)
            .unwrap()
            .mark
            .as_deref(),
        Some("5")
    );
}

/// Subject coefficients weight the overall average; a rule may leave
/// failing period marks out of the year's mean.
#[test]
fn coefficients_and_failing_period_marks() {
    let m = setup();
    let s = m.f.student;
    let d = &m.f.diary;
    let english = d
        .create_subject(&m.f.admin, m.f.school, "English")
        .unwrap()
        .id;
    d.assign_teacher(
        &m.f.admin,
        &NewAssignment {
            teacher: m.f.teacher,
            class: m.f.class_5a,
            group: None,
            subject: english,
        },
    )
    .unwrap();
    let day = date!(2024 - 09 - 10);
    m.mark(s, day, "5", m.homework).unwrap();
    d.record_mark(
        &m.teacher,
        &NewMark::grade(s, english, day, "3", m.homework),
    )
    .unwrap();
    let min_one = GradingRule {
        min_marks: 1,
        ..GradingRule::default()
    };
    d.set_grading_rule(&m.f.admin, m.f.school, None, &min_one)
        .unwrap();
    let mother = Actor::vouched(m.f.mother);
    assert_eq!(
        d.overall_average(&mother, s, m.q1).unwrap(),
        Some(Ratio::int(4))
    );
    // Mathematics counts three times: (3·5 + 3) / 4.
    let triple = GradingRule {
        coefficient: "3".into(),
        ..min_one.clone()
    };
    d.set_grading_rule(&m.f.admin, m.f.school, Some(m.f.maths), &triple)
        .unwrap();
    assert_eq!(
        d.overall_average(&mother, s, m.q1).unwrap(),
        Some(Ratio::new(9, 2))
    );
    let bad = GradingRule {
        coefficient: "-1".into(),
        ..min_one.clone()
    };
    assert_eq!(
        d.set_grading_rule(&m.f.admin, m.f.school, None, &bad)
            .unwrap_err()
            .field(),
        Some("coefficient")
    );
    // English: 3 in Q1 and 2 in Q2; leaving marks below 3 out of the year's
    // mean gives 3 instead of 2.5.
    d.record_mark(
        &m.teacher,
        &NewMark::grade(s, english, date!(2024 - 11 - 11), "2", m.homework),
    )
    .unwrap();
    assert_eq!(
        d.year_mark(&m.f.admin, s, english, m.f.year).unwrap().value,
        Some(Ratio::new(5, 2))
    );
    let lenient = GradingRule {
        leave_out_below: Some("3".into()),
        ..min_one
    };
    d.set_grading_rule(&m.f.admin, m.f.school, Some(english), &lenient)
        .unwrap();
    let y = d.year_mark(&m.f.admin, s, english, m.f.year).unwrap();
    assert_eq!(
        (y.value, y.mark.as_deref()),
        (Some(Ratio::int(3)), Some("3"))
    );
}

#[test]
fn class_statistics_rank_progress_what_if_and_plan() {
    let m = setup();
    let (a, b) = (m.f.student, m.other_student);
    for (day, va, vb) in [
        (date!(2024 - 09 - 10), "5", "3"),
        (date!(2024 - 09 - 17), "4", "3"),
        (date!(2024 - 09 - 24), "5", "4"),
    ] {
        m.mark(a, day, va, m.homework).unwrap();
        m.mark(b, day, vb, m.homework).unwrap();
    }
    // A family sees no figures of a class of two: the other child's
    // average would follow from them (minimum group size, default 10).
    let small =
        m.f.diary
            .class_statistics(&Actor::vouched(m.f.mother), m.f.class_5a, m.f.maths, m.q1)
            .unwrap();
    assert_eq!((small.marks, small.students, small.mean), (0, 2, None));
    assert!(small.distribution.is_empty());
    assert_eq!(
        m.f.diary
            .class_rank(&Actor::vouched(m.f.mother), a, m.f.maths, m.q1)
            .unwrap(),
        None
    );
    let stats =
        m.f.diary
            .class_statistics(&m.teacher, m.f.class_5a, m.f.maths, m.q1)
            .unwrap();
    assert_eq!((stats.marks, stats.students), (6, 2));
    assert_eq!(stats.mean, Some(Ratio::int(4))); // (14/3 + 10/3) / 2
    assert_eq!(stats.max, Some(Ratio::new(14, 3)));
    assert_eq!(
        stats.distribution,
        [
            ("5".to_string(), 2),
            ("4".to_string(), 2),
            ("3".to_string(), 2)
        ]
    );
    assert_eq!(
        m.f.diary
            .class_rank(&m.teacher, a, m.f.maths, m.q1)
            .unwrap()
            .map(|r| (r.position, r.of)),
        Some((1, 2))
    );
    let outsider =
        m.f.diary
            .create_school(&m.f.op, &NewSchool::new("Far", "Omsk", "Asia/Omsk"))
            .unwrap()
            .id;
    let stranger =
        m.f.diary
            .register_person(
                &m.f.op,
                outsider,
                &person("Far", "Away", date!(1990 - 01 - 01), Some("555-666-777 50")),
            )
            .unwrap()
            .id;
    assert!(matches!(
        m.f.diary
            .class_statistics(&Actor::vouched(stranger), m.f.class_5a, m.f.maths, m.q1),
        Err(Error::NotFound { .. })
    ));

    let prog =
        m.f.diary
            .progress(&Actor::vouched(b), b, m.f.maths, m.q1)
            .unwrap();
    assert_eq!(
        prog.iter().map(|p| p.display.as_str()).collect::<Vec<_>>(),
        ["3.00", "3.00", "3.33"]
    );

    let svg =
        m.f.diary
            .progress_chart_svg(&Actor::vouched(b), b, m.f.maths, m.q1, 640, 320)
            .unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("Mathematics — Quarter 1"));
    assert_eq!(svg.matches("<circle").count(), 3);
    assert_eq!(
        m.f.diary
            .progress_chart_svg(&Actor::vouched(b), b, m.f.maths, m.q1, 5, 320)
            .unwrap_err()
            .field(),
        Some("width")
    );
    assert!(matches!(
        m.f.diary
            .progress_chart_svg(&Actor::vouched(stranger), b, m.f.maths, m.q1, 640, 320),
        Err(Error::NotFound { .. })
    ));

    let extra = [HypotheticalMark {
        value: "5".into(),
        work_kind: m.test,
        weight: None,
        scale: None,
        out_of: None,
    }];
    let w =
        m.f.diary
            .what_if(&m.teacher, b, m.f.maths, m.q1, &extra)
            .unwrap();
    assert_eq!(w.exact, Some(Ratio::new(25, 6))); // (10 + 5·3) / 6
    assert_eq!(w.mark.as_deref(), Some("4"));
    // A test in points: 18/20 is 0.9 of the range, 4.6 on the 5-point
    // scale: (10 + 4.6·3) / 6 = 119/30.
    let points = [HypotheticalMark {
        value: "18".into(),
        work_kind: m.test,
        weight: None,
        scale: Some("points".into()),
        out_of: Some("20".into()),
    }];
    let w =
        m.f.diary
            .what_if(&m.teacher, b, m.f.maths, m.q1, &points)
            .unwrap();
    assert_eq!(w.exact, Some(Ratio::new(119, 30)));
    let no_max = [HypotheticalMark {
        out_of: None,
        ..points[0].clone()
    }];
    assert_eq!(
        m.f.diary
            .what_if(&m.teacher, b, m.f.maths, m.q1, &no_max)
            .unwrap_err()
            .field(),
        Some("extra[0].out_of")
    );
    assert_eq!(
        m.f.diary
            .marks(&m.f.admin, b, date!(2024 - 09 - 01), date!(2024 - 12 - 31))
            .unwrap()
            .len(),
        3
    );

    let plan =
        m.f.diary
            .plan_target(&Actor::vouched(b), b, m.f.maths, m.q1, "5")
            .unwrap();
    // (10 + 15k)/(3 + 3k) first shows 4.60 or more at k = 4 (70/15 = 4.67;
    // k = 3 gives 55/12 = 4.58); at weight 1, (10 + 5k)/(3 + k) needs k = 10.
    assert_eq!(
        (plan[0].value.as_str(), plan[0].weight, plan[0].count),
        ("5", Ratio::int(3), 4)
    );
    assert!(plan
        .iter()
        .any(|o| o.value == "5" && o.weight == Ratio::int(1) && o.count == 10));
    assert!(
        plan.iter().all(|o| o.value == "5"),
        "only a 5 can lift 3.33 to a 5"
    );
}

#[test]
fn rules_are_configurable_per_school_and_subject() {
    let m = setup();
    let s = m.f.student;
    for (day, v) in [
        (date!(2024 - 09 - 10), "5"),
        (date!(2024 - 09 - 11), "4"),
        (date!(2024 - 09 - 12), "4"),
    ] {
        m.mark(s, day, v, m.homework).unwrap();
    }
    // 13/3 = 4.33: a 4 by default; a school with 4.30 for a 5 gives a 5.
    assert_eq!(
        m.f.diary
            .average(&m.f.admin, s, m.f.maths, m.q1)
            .unwrap()
            .mark
            .as_deref(),
        Some("4")
    );
    let mut lenient = GradingRule::default();
    lenient.thresholds[0].min = "4.30".into();
    m.f.diary
        .set_grading_rule(&m.f.admin, m.f.school, Some(m.f.maths), &lenient)
        .unwrap();
    assert_eq!(
        m.f.diary
            .average(&m.f.admin, s, m.f.maths, m.q1)
            .unwrap()
            .mark
            .as_deref(),
        Some("5")
    );
    assert_eq!(
        m.f.diary
            .grading_rule(&m.teacher, m.f.school, Some(m.f.maths))
            .unwrap(),
        lenient
    );
    let mut bad = GradingRule::default();
    bad.thresholds[0].mark = "A".into();
    assert_eq!(
        m.f.diary
            .set_grading_rule(&m.f.admin, m.f.school, None, &bad)
            .unwrap_err()
            .field(),
        Some("thresholds[0].mark")
    );
    assert!(matches!(
        m.f.diary
            .set_grading_rule(&m.teacher, m.f.school, None, &lenient),
        Err(Error::AccessDenied(_))
    ));
}

#[test]
fn school_scales_and_school_wide_averages() {
    let m = setup();
    let custom = grading::NewScale {
        code: "stars".into(),
        name: "Stars".into(),
        kind: grading::ScaleKind::Discrete {
            entries: vec![
                grading::ScaleEntry {
                    label: "***".into(),
                    value_centi: 300,
                },
                grading::ScaleEntry {
                    label: "**".into(),
                    value_centi: 200,
                },
                grading::ScaleEntry {
                    label: "*".into(),
                    value_centi: 100,
                },
            ],
        },
        lower_is_better: false,
    };
    m.f.diary
        .create_scale(&m.f.admin, m.f.school, &custom)
        .unwrap();
    assert!(m
        .f
        .diary
        .scales(&m.teacher, m.f.school)
        .unwrap()
        .iter()
        .any(|s| s.code == "stars"));
    let mut star = NewMark::grade(
        m.f.student,
        m.f.maths,
        date!(2024 - 09 - 10),
        "**",
        m.homework,
    );
    star.scale = Some("stars".into());
    assert_eq!(
        m.f.diary.record_mark(&m.teacher, &star).unwrap().value,
        Ratio::int(2)
    );

    let m = setup();
    m.mark(m.f.student, date!(2024 - 09 - 10), "5", m.homework)
        .unwrap();
    m.mark(m.f.student, date!(2024 - 09 - 11), "2", m.test)
        .unwrap();
    m.mark(m.other_student, date!(2024 - 11 - 11), "4", m.homework)
        .unwrap();
    let all =
        m.f.diary
            .school_period_averages(&m.f.admin, m.f.year)
            .unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].average, r("2.75")); // (5 + 2·3) / 4
    assert_eq!(all[1].period, m.q2);
    assert!(matches!(
        m.f.diary.school_period_averages(&m.teacher, m.f.year),
        Err(Error::AccessDenied(_))
    ));
}

#[test]
fn class_exports_for_reports() {
    let m = setup();
    for (day, va, vb) in [
        (date!(2024 - 09 - 10), "5", "3"),
        (date!(2024 - 09 - 17), "4", "4"),
    ] {
        m.mark(m.f.student, day, va, m.homework).unwrap();
        m.mark(m.other_student, day, vb, m.homework).unwrap();
    }
    let rows =
        m.f.diary
            .class_marks(&m.teacher, m.f.class_5a, m.q1, None)
            .unwrap();
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().all(|r| r.subject_name == "Mathematics"));
    assert!(rows
        .iter()
        .any(|r| r.student_name == "Ivanov Ivan" && r.mark.label == "5"));
    let avgs =
        m.f.diary
            .class_averages(&m.f.admin, m.f.class_5a, m.q1, Some(m.f.maths))
            .unwrap();
    assert_eq!(
        avgs.iter()
            .map(|a| (a.student_name.as_str(), a.average.display.as_deref()))
            .collect::<Vec<_>>(),
        [
            ("Ivanov Ivan", Some("4.50")),
            ("Smirnova Olga", Some("3.50"))
        ]
    );
    // A family gets only its own child's rows of the class.
    let mine =
        m.f.diary
            .class_marks(&Actor::vouched(m.f.mother), m.f.class_5a, m.q1, None)
            .unwrap();
    assert_eq!(mine.len(), 2);
    assert!(mine.iter().all(|r| r.mark.student == m.f.student));
    // A teacher of another subject sees none of the maths marks.
    let other =
        m.f.diary
            .register_person(
                &m.f.admin,
                m.f.school,
                &person("Other", "T", date!(1970 - 01 - 01), Some("555-666-777 50")),
            )
            .unwrap()
            .id;
    m.f.diary
        .appoint_staff(&m.f.admin, m.f.school, other, StaffRole::Teacher)
        .unwrap();
    assert!(matches!(
        m.f.diary
            .class_marks(&Actor::vouched(other), m.f.class_5a, m.q1, None),
        Err(Error::AccessDenied(_))
    ));
}

/// A quarter, a kind of work and 50,000 marks of the fixture's student in
/// it: a batch large enough for the bulk load.
fn large_batch(f: &Fixture) -> (PeriodId, WorkKindId, Vec<NewMark>) {
    let d = &f.diary;
    let q1 = d
        .add_period(
            &f.admin,
            f.year,
            &NewPeriod {
                kind: PeriodKind::Quarter,
                name: "Quarter 1".into(),
                start: date!(2024 - 09 - 02),
                end: date!(2024 - 10 - 25),
            },
        )
        .unwrap()
        .id;
    let kind = d
        .create_work_kind(
            &f.admin,
            f.school,
            &NewWorkKind {
                name: "Homework".into(),
                default_weight: r("1"),
                min_weight: r("1"),
                max_weight: r("2"),
            },
        )
        .unwrap()
        .id;
    let batch: Vec<NewMark> = (0..50_000)
        .map(|i| {
            NewMark::grade(
                f.student,
                f.maths,
                date!(2024 - 09 - 02) + time::Duration::days(i % 50),
                ["3", "4", "5"][(i % 3) as usize],
                kind,
            )
        })
        .collect();
    (q1, kind, batch)
}

#[test]
fn a_bulk_import_rebuilds_the_mark_indexes_as_the_migrations_define_them() {
    // 50,000 marks into an empty file: the secondary indexes are dropped
    // and built after the load; the file must still hold exactly the
    // library's schema (checked when it is opened again).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bulk.diary");
    let f = build(Diary::open(&path).unwrap());
    let (q1, kind, batch) = large_batch(&f);
    let d = &f.diary;
    let head = d.change_feed_head(&f.admin).unwrap();
    assert_eq!(d.record_marks(&f.admin, &batch).unwrap().len(), 50_000);
    let (admin, class, student, maths) = (f.admin, f.class_5a, f.student, f.maths);
    drop(f);
    let d = Diary::open(&path).expect("the schema is the library's own after a bulk load");
    assert_eq!(
        d.class_marks(&admin, class, q1, None).unwrap().len(),
        50_000
    );
    // The load wrote the feed's records and the sums its triggers would
    // have: one feed position per mark, sums equal to the marks.
    assert_eq!(d.change_feed_head(&admin).unwrap(), head + 50_000);
    d.check(false)
        .expect("the maintained sums agree with the marks");
    // And the triggers are back for the next single mark.
    let one = NewMark::grade(student, maths, date!(2024 - 10 - 01), "2", kind);
    d.record_mark(&admin, &one).unwrap();
    assert_eq!(d.change_feed_head(&admin).unwrap(), head + 50_001);
    d.check(false)
        .expect("the single mark's sums were kept by the trigger");
}

#[test]
fn a_large_batch_keeps_the_feed_and_the_sums_on_the_engine_under_test() {
    // The bulk load on the engine under test (on PostgreSQL the indexes
    // stay; the feed and the sums are written per run all the same).
    let f = build(fresh_diary(OpenOptions::default()));
    let (q1, kind, batch) = large_batch(&f);
    let d = &f.diary;
    let head = d.change_feed_head(&f.admin).unwrap();
    assert_eq!(d.record_marks(&f.admin, &batch).unwrap().len(), 50_000);
    assert_eq!(
        d.class_marks(&f.admin, f.class_5a, q1, None).unwrap().len(),
        50_000
    );
    assert_eq!(d.change_feed_head(&f.admin).unwrap(), head + 50_000);
    d.check(false)
        .expect("the maintained sums agree with the marks");
    let one = NewMark::grade(f.student, f.maths, date!(2024 - 10 - 01), "2", kind);
    d.record_mark(&f.admin, &one).unwrap();
    assert_eq!(d.change_feed_head(&f.admin).unwrap(), head + 50_001);
    d.check(false).expect("the single mark's sums were kept");
}
