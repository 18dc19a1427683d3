//! The period kind a class is graded in is the school's setting (or the
//! class's own), with the default rule (quarters below grade 10, semesters
//! from grade 10) when the school sets none: a school whose classes use
//! trimesters records marks in its trimesters.

mod common;

use common::world::*;
use common::*;
use diary_core::*;
use time::macros::date;

fn trimester(
    d: &Diary,
    a: &Actor,
    year: YearId,
    n: u8,
    start: time::Date,
    end: time::Date,
) -> PeriodId {
    d.add_period(
        a,
        year,
        &NewPeriod {
            kind: PeriodKind::Trimester,
            name: format!("Trimester {n}"),
            start,
            end,
        },
    )
    .unwrap()
    .id
}

#[test]
fn a_trimester_school_records_marks_in_its_trimesters() {
    let d = fresh();
    let s = school(&d, "T", 900_000, None);
    let (admin, teacher) = (Actor::vouched(s.admin), Actor::vouched(s.ids.teacher));
    // The default rule: grade 5 in quarters, grade 10 in semesters.
    assert_eq!(d.school(&admin, s.ids.school).unwrap().period_kind, None);
    let tenth = d
        .create_class(
            &admin,
            s.ids.year,
            &NewClass {
                grade: 10,
                letter: "A".into(),
                class_teacher: None,
            },
        )
        .unwrap();
    assert_eq!(tenth.period_kind, PeriodKind::Semester);
    assert_eq!(
        d.class(&admin, s.ids.class).unwrap().period_kind,
        PeriodKind::Quarter
    );

    // The school grades in trimesters: new classes follow it.
    let school = d
        .set_school_period_kind(&admin, s.ids.school, Some(PeriodKind::Trimester))
        .unwrap();
    assert_eq!(school.period_kind, Some(PeriodKind::Trimester));
    let sixth = d
        .create_class(
            &admin,
            s.ids.year,
            &NewClass {
                grade: 6,
                letter: "T".into(),
                class_teacher: None,
            },
        )
        .unwrap();
    assert_eq!(sixth.period_kind, PeriodKind::Trimester);
    let t1 = trimester(
        &d,
        &admin,
        s.ids.year,
        1,
        date!(2024 - 09 - 02),
        date!(2024 - 11 - 30),
    );

    // A class moves to another kind only while it has no marks: the new
    // class may, the fixture's class (which has marks) may not.
    let moved = d.set_class_period_kind(&admin, sixth.id, PeriodKind::Trimester);
    assert_eq!(moved.unwrap().period_kind, PeriodKind::Trimester);
    let e = d
        .set_class_period_kind(&admin, s.ids.class, PeriodKind::Trimester)
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Conflict, "{e}");
    assert_eq!(
        d.class(&admin, s.ids.class).unwrap().period_kind,
        PeriodKind::Quarter,
        "a refused change changes nothing"
    );

    // A student of the trimester class gets marks in trimester 1.
    let pupil = d
        .register_person(
            &admin,
            s.ids.school,
            &person(
                "Trim",
                "Tanya",
                date!(2013 - 02 - 02),
                Some(&snils(900_050)),
            ),
        )
        .unwrap()
        .id;
    d.enrol(&admin, pupil, sixth.id, date!(2024 - 09 - 01))
        .unwrap();
    d.assign_teacher(
        &admin,
        &NewAssignment {
            teacher: s.ids.teacher,
            class: sixth.id,
            group: None,
            subject: s.ids.subject,
        },
    )
    .unwrap();
    let m = d
        .record_mark(
            &teacher,
            &NewMark::grade(pupil, s.ids.subject, date!(2024 - 10 - 01), "5", s.kind),
        )
        .unwrap();
    assert_eq!(m.period, t1);
    let avg = d.average(&admin, pupil, s.ids.subject, t1).unwrap();
    assert_eq!(avg.exact, Some(grading::Ratio::int(5)));

    // Back to the default rule for classes created later.
    let school = d
        .set_school_period_kind(&admin, s.ids.school, None)
        .unwrap();
    assert_eq!(school.period_kind, None);
}

/// Another school's admin names this school's class and school by id: the
/// same "not found" as for an id that does not exist, nothing changes, and
/// the refusal is logged for the school.
#[test]
fn another_schools_admin_cannot_change_the_period_kinds() {
    let d = fresh();
    let a = school(&d, "A", 910_000, None);
    let b = school(&d, "B", 920_000, None);
    let other = Actor::vouched(b.admin);
    let e = d
        .set_class_period_kind(&other, a.ids.class, PeriodKind::Trimester)
        .unwrap_err();
    let missing = d
        .set_class_period_kind(&other, ClassId(987_654), PeriodKind::Trimester)
        .unwrap_err();
    assert_eq!(e.code(), missing.code());
    assert_eq!(
        e.to_string().replace(&a.ids.class.0.to_string(), "N"),
        missing.to_string().replace("987654", "N")
    );
    let e = d
        .set_school_period_kind(&other, a.ids.school, Some(PeriodKind::Trimester))
        .unwrap_err();
    assert!(
        matches!(e.code(), ErrorCode::NotFound | ErrorCode::AccessDenied),
        "{e}"
    );
    let admin = Actor::vouched(a.admin);
    assert_eq!(d.school(&admin, a.ids.school).unwrap().period_kind, None);
    assert_eq!(
        d.class(&admin, a.ids.class).unwrap().period_kind,
        PeriodKind::Quarter
    );
    // The refusals are in school A's access log.
    let log = d.access_log_of_school(&admin, a.ids.school).unwrap();
    assert!(
        log.iter().any(|e| !e.allowed && e.actor == Some(b.admin)),
        "refusals logged: {log:?}"
    );
}
