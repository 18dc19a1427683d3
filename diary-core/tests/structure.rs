//! The school structure through the public API, happy paths.

mod common;

use common::*;
use diary_core::*;
use time::macros::date;

#[test]
fn builds_a_school_and_reads_it_back() {
    let s = in_memory();
    let d = &s.diary;
    let years = d.years(&s.admin, s.school).unwrap();
    assert_eq!(years.len(), 1);
    assert_eq!(years[0].label, "2024/25");

    let q = |n: &str, a, b| NewPeriod {
        kind: PeriodKind::Quarter,
        name: n.into(),
        start: a,
        end: b,
    };
    d.add_period(
        &s.admin,
        s.year,
        &q("Quarter 2", date!(2024 - 11 - 05), date!(2024 - 12 - 27)),
    )
    .unwrap();
    d.add_period(
        &s.admin,
        s.year,
        &q("Quarter 1", date!(2024 - 09 - 02), date!(2024 - 10 - 25)),
    )
    .unwrap();
    let sem = NewPeriod {
        kind: PeriodKind::Semester,
        name: "Semester 1".into(),
        start: date!(2024 - 09 - 02),
        end: date!(2024 - 12 - 27),
    };
    d.add_period(&s.admin, s.year, &sem).unwrap();
    let periods = d.periods(&s.admin, s.year).unwrap();
    let summary: Vec<_> = periods
        .iter()
        .map(|p| (p.name.as_str(), p.kind, p.number))
        .collect();
    assert_eq!(
        summary,
        [
            ("Quarter 1", PeriodKind::Quarter, 1),
            ("Semester 1", PeriodKind::Semester, 1),
            ("Quarter 2", PeriodKind::Quarter, 2)
        ]
    );

    d.add_holiday(
        &s.admin,
        s.school,
        &NewHoliday {
            name: "Autumn holidays".into(),
            first_day: date!(2024 - 10 - 28),
            last_day: date!(2024 - 11 - 04),
        },
    )
    .unwrap();
    assert!(!d
        .is_working_day(&s.admin, s.school, date!(2024 - 10 - 29))
        .unwrap());
    assert!(d
        .is_working_day(&s.admin, s.school, date!(2024 - 11 - 05))
        .unwrap());

    let classes = d.classes(&s.admin, s.year).unwrap();
    assert_eq!(
        classes.iter().map(Class::name).collect::<Vec<_>>(),
        ["5A", "5B"]
    );
    assert_eq!(classes[0].class_teacher, Some(s.teacher));

    let group = d.create_group(&s.admin, s.class_5a, "English 1").unwrap();
    d.add_group_member(&s.admin, group.id, s.student).unwrap();
    assert_eq!(d.group_members(&s.admin, group.id).unwrap(), [s.student]);
    let english = d.create_subject(&s.admin, s.school, "English").unwrap();
    let a = d
        .assign_teacher(
            &s.admin,
            &NewAssignment {
                teacher: s.teacher,
                class: s.class_5a,
                group: Some(group.id),
                subject: english.id,
            },
        )
        .unwrap();
    d.assign_teacher(
        &s.admin,
        &NewAssignment {
            teacher: s.teacher,
            class: s.class_5a,
            group: None,
            subject: s.maths,
        },
    )
    .unwrap();
    assert_eq!(a.year, s.year);
    assert_eq!(d.assignments(&s.admin, s.year).unwrap().len(), 2);
    assert_eq!(d.subjects(&s.admin, s.school).unwrap().len(), 2);

    let roster = d
        .class_roster(&s.admin, s.class_5a, date!(2024 - 09 - 10))
        .unwrap();
    assert_eq!(roster.len(), 1);
    assert_eq!(roster[0].full_name(), "Ivanov Ivan");
    assert_eq!(roster[0].snils.as_ref().unwrap().masked(), "***-***-*** 02");

    let staff = d.staff(&s.admin, s.school).unwrap();
    assert_eq!(staff.len(), 2);
    let kids = d.children(&Actor::vouched(s.mother), s.mother).unwrap();
    assert_eq!(kids[0].student, s.student);
    assert!(kids[0].legal_representative);
}

#[test]
fn transfer_keeps_the_earlier_enrolment() {
    let s = in_memory();
    let d = &s.diary;
    let new = d
        .transfer_student(&s.admin, s.student, s.class_5b, date!(2025 - 01 - 13))
        .unwrap();
    assert_eq!(new.start, date!(2025 - 01 - 13));
    let all = d.enrolments(&s.admin, s.student).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].class, s.class_5a);
    assert_eq!(all[0].end, Some(date!(2025 - 01 - 12)));
    assert_eq!(all[0].end_reason, Some(EndReason::Transferred));
    assert!(all[1].covers(date!(2025 - 03 - 01)));
    assert!(d
        .class_roster(&s.admin, s.class_5a, date!(2025 - 01 - 13))
        .unwrap()
        .is_empty());
    assert_eq!(
        d.class_roster(&s.admin, s.class_5a, date!(2025 - 01 - 12))
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        d.class_roster(&s.admin, s.class_5b, date!(2025 - 01 - 13))
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn transfer_to_another_school_by_end_and_enrol() {
    let s = in_memory();
    let d = &s.diary;
    let other = d
        .create_school(
            &s.op,
            &NewSchool::new("Lyceum 2", "Moscow", "Europe/Moscow"),
        )
        .unwrap()
        .id;
    let admin2 = d
        .register_person(
            &s.op,
            other,
            &person(
                "Sidorova",
                "Olga",
                date!(1970 - 02 - 02),
                Some("222-333-444 16"),
            ),
        )
        .unwrap()
        .id;
    d.appoint_staff(&s.op, other, admin2, StaffRole::Admin)
        .unwrap();
    let admin2 = Actor::vouched(admin2);
    let y2 = d
        .create_year(
            &admin2,
            other,
            &NewYear {
                label: "2024/25".into(),
                start: date!(2024 - 09 - 01),
                end: date!(2025 - 05 - 31),
            },
        )
        .unwrap()
        .id;
    let c2 = d
        .create_class(
            &admin2,
            y2,
            &NewClass {
                grade: 5,
                letter: "в".into(),
                class_teacher: None,
            },
        )
        .unwrap();
    assert_eq!(c2.name(), "5В");
    // The new school does not know the pupil: naming the id is "not
    // found", exactly like an id that does not exist...
    let unknown = d
        .enrol(&admin2, PersonId(9999), c2.id, date!(2025 - 02 - 01))
        .unwrap_err();
    let named = d
        .enrol(&admin2, s.student, c2.id, date!(2025 - 02 - 01))
        .unwrap_err();
    assert!(matches!(named, Error::NotFound { .. }), "{named}");
    assert_eq!(
        named.to_string().replace(&s.student.to_string(), "#"),
        unknown.to_string().replace("9999", "#")
    );
    // ...nor can it end the old school's enrolment.
    let e = d.enrolments(&s.admin, s.student).unwrap()[0].clone();
    assert!(matches!(
        d.end_enrolment(&admin2, e.id, date!(2025 - 01 - 31), EndReason::Transferred),
        Err(Error::NotFound { .. })
    ));
    // The old school releases the pupil with a transfer code; while its
    // enrolment runs, the new school still cannot enrol them (and the
    // refusal does not name the old school's class).
    let code = d.issue_transfer_code(&s.admin, s.student).unwrap();
    assert!(d.issue_transfer_code(&admin2, s.student).is_err());
    let clash = d
        .enrol_with_transfer_code(&admin2, &code.code, c2.id, date!(2025 - 02 - 01))
        .unwrap_err();
    assert!(matches!(clash, Error::Conflict(_)), "{clash}");
    assert!(!clash.to_string().contains("5A"), "{clash}");
    d.end_enrolment(
        &s.admin,
        e.id,
        date!(2025 - 01 - 31),
        EndReason::Transferred,
    )
    .unwrap();
    assert_eq!(
        d.enrol_with_transfer_code(&admin2, "AAAA-BBBB-CCCC", c2.id, date!(2025 - 02 - 01))
            .unwrap_err()
            .field(),
        Some("code")
    );
    d.enrol_with_transfer_code(
        &admin2,
        &code.code.to_lowercase(),
        c2.id,
        date!(2025 - 02 - 01),
    )
    .unwrap();
    // Used once.
    assert_eq!(
        d.enrol_with_transfer_code(&admin2, &code.code, c2.id, date!(2025 - 02 - 01))
            .unwrap_err()
            .field(),
        Some("code")
    );
    let all = d.enrolments(&Actor::vouched(s.student), s.student).unwrap();
    assert_eq!(
        all.iter().map(|e| e.school).collect::<Vec<_>>(),
        [s.school, other]
    );
    // The mother now sees both schools.
    let schools = d.schools(&Actor::vouched(s.mother)).unwrap();
    assert_eq!(schools.len(), 2);
}

#[test]
fn next_year_enrolment_does_not_clash_with_last_year() {
    let s = in_memory();
    let d = &s.diary;
    let y = d
        .create_year(
            &s.admin,
            s.school,
            &NewYear {
                label: "2025/26".into(),
                start: date!(2025 - 09 - 01),
                end: date!(2026 - 05 - 31),
            },
        )
        .unwrap();
    let c6 = d
        .create_class(
            &s.admin,
            y.id,
            &NewClass {
                grade: 6,
                letter: "A".into(),
                class_teacher: None,
            },
        )
        .unwrap();
    d.enrol(&s.admin, s.student, c6.id, date!(2025 - 09 - 01))
        .unwrap();
    assert_eq!(d.enrolments(&s.admin, s.student).unwrap().len(), 2);
}

#[test]
fn people_without_snils_are_kept_unique_by_name_and_birth_date() {
    let s = in_memory();
    let d = &s.diary;
    let newcomer = person("Karimov", "Timur", date!(2013 - 04 - 04), None);
    d.register_person(&s.admin, s.school, &newcomer).unwrap();
    assert!(matches!(
        d.register_person(&s.admin, s.school, &newcomer),
        Err(Error::Conflict(_))
    ));
    // Registering the same name and birth date with a SNILS would create a
    // second profile of the same child: refused too.
    let with_snils = person(
        "Karimov",
        "Timur",
        date!(2013 - 04 - 04),
        Some("333-444-555 61"),
    );
    assert!(matches!(
        d.register_person(&s.admin, s.school, &with_snils),
        Err(Error::Conflict(_))
    ));
}

#[test]
fn access_is_limited_to_admins_and_members() {
    let s = in_memory();
    let d = &s.diary;
    let teacher = Actor::vouched(s.teacher);
    let mother = Actor::vouched(s.mother);
    // Members read the structure.
    assert_eq!(d.classes(&teacher, s.year).unwrap().len(), 2);
    assert_eq!(d.subjects(&mother, s.school).unwrap().len(), 1);
    // Only admins change it or read people.
    assert!(matches!(
        d.create_subject(&teacher, s.school, "Art"),
        Err(Error::AccessDenied(_))
    ));
    assert!(matches!(
        d.class_roster(&mother, s.class_5a, date!(2024 - 09 - 10)),
        Err(Error::AccessDenied(_))
    ));
    assert!(matches!(
        d.person(&mother, s.teacher),
        Err(Error::AccessDenied(_))
    ));
    assert_eq!(d.person(&mother, s.mother).unwrap().surname, "Ivanova");
    assert_eq!(d.guardians(&mother, s.student).unwrap().len(), 1);
    // The operator creates schools but reads nobody's data.
    assert!(matches!(
        d.class_roster(&s.op, s.class_5a, date!(2024 - 09 - 10)),
        Err(Error::AccessDenied(_))
    ));
    assert!(matches!(
        d.create_school(&s.admin, &NewSchool::new("X", "Y", "UTC")),
        Err(Error::AccessDenied(_))
    ));
    // A stranger from another school sees nothing.
    let other = d
        .create_school(&s.op, &NewSchool::new("Other", "Tver", "Europe/Moscow"))
        .unwrap()
        .id;
    let outsider = d
        .register_person(
            &s.op,
            other,
            &person(
                "Outsider",
                "Oleg",
                date!(1990 - 01 - 01),
                Some("444-555-666 05"),
            ),
        )
        .unwrap()
        .id;
    d.appoint_staff(&s.op, other, outsider, StaffRole::Admin)
        .unwrap();
    let outsider = Actor::vouched(outsider);
    assert!(matches!(
        d.years(&outsider, s.school),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        d.create_subject(&outsider, s.school, "Art"),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(d.schools(&outsider).unwrap().len(), 1);
    assert!(matches!(
        d.schools(&Actor::vouched(PersonId(9999))),
        Err(Error::AccessDenied(_))
    ));
}
