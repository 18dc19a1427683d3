//! Merging two profiles of the same person: references move, repeats are
//! dropped, the duplicate stays as a tombstone, the account follows; two
//! people are never merged; strangers refused.

mod common;

use common::person;
use common::world::{fresh, school, snils, MON};
use diary_core::*;
use time::macros::date;

#[test]
fn a_parent_registered_twice_becomes_one_with_both_children_and_the_login() {
    let d = fresh();
    let s = school(&d, "A", 100_000, None);
    let other = school(&d, "B", 200_000, None);
    let admin = Actor::vouched(s.admin);
    let mother = d.person(&admin, s.ids.mother).unwrap();
    // The same mother entered again without SNILS, linked to a younger
    // child and to the first one again, with an account.
    let twin = d
        .register_person(
            &admin,
            s.ids.school,
            &person("MotherA", "Mariya", mother.birth_date, None),
        )
        .unwrap()
        .id;
    let younger = d
        .register_person(
            &admin,
            s.ids.school,
            &person(
                "StudentA",
                "Mladshiy",
                date!(2016 - 02 - 02),
                Some(&snils(100_090)),
            ),
        )
        .unwrap()
        .id;
    d.enrol(&admin, younger, s.ids.class, date!(2024 - 09 - 01))
        .unwrap();
    for child in [younger, s.ids.student] {
        d.add_guardian(
            &admin,
            &Guardianship {
                student: child,
                guardian: twin,
                relation: Relation::Mother,
                legal_representative: true,
            },
        )
        .unwrap();
    }
    let creds = d.issue_credentials(&admin, twin).unwrap();

    // Refusals first: nothing changes.
    assert!(matches!(
        d.merge_people(&admin, s.ids.mother, s.ids.mother, "same"),
        Err(Error::InvalidInput { ref field, .. }) if field == "duplicate"
    ));
    assert!(matches!(
        d.merge_people(&admin, s.ids.mother, twin, ""),
        Err(Error::InvalidInput { ref field, .. }) if field == "reason"
    ));
    assert!(matches!(
        d.merge_people(
            &Actor::vouched(s.ids.teacher),
            s.ids.mother,
            twin,
            "same person"
        ),
        Err(Error::AccessDenied(_))
    ));
    for who in [other.admin, other.ids.teacher] {
        assert!(matches!(
            d.merge_people(&Actor::vouched(who), s.ids.mother, twin, "same person"),
            Err(Error::NotFound { .. })
        ));
    }
    // Another school's admin cannot pull our mother into their profile.
    assert!(matches!(
        d.merge_people(
            &Actor::vouched(other.admin),
            other.ids.mother,
            s.ids.mother,
            "same"
        ),
        Err(Error::NotFound { .. })
    ));
    // Two different people: another SNILS, another birth date, a guardian.
    assert!(matches!(
        d.merge_people(&admin, s.ids.mother, s.ids.student, "same person"),
        Err(Error::Conflict(_))
    ));
    assert!(matches!(
        d.merge_people(&admin, s.ids.mother, younger, "same person"),
        Err(Error::Conflict(_))
    ));
    assert_eq!(d.guardians(&admin, younger).unwrap().len(), 1);

    let kept = d
        .merge_people(
            &admin,
            s.ids.mother,
            twin,
            "registered twice: paper form and portal",
        )
        .unwrap();
    assert_eq!(kept.id, s.ids.mother);
    // Both children are hers, once each; the twin's account is hers now.
    let children: Vec<PersonId> = d
        .children(&admin, s.ids.mother)
        .unwrap()
        .into_iter()
        .map(|g| g.student)
        .collect();
    assert_eq!(children.len(), 2);
    assert!(children.contains(&younger) && children.contains(&s.ids.student));
    assert_eq!(d.guardians(&admin, s.ids.student).unwrap().len(), 1);
    let session = d.login(&creds.login, &creds.temporary_password).unwrap();
    assert_eq!(session.person, s.ids.mother);
    assert!(d.children(&admin, twin).unwrap().is_empty());
    // Merged once only; the tombstone cannot be merged again.
    assert!(matches!(
        d.merge_people(&admin, s.ids.mother, twin, "again"),
        Err(Error::Conflict(_))
    ));
    let log = d.access_log_of_school(&admin, s.ids.school).unwrap();
    assert!(log
        .iter()
        .any(|e| e.actor == Some(s.ids.teacher) && e.data_kind == "merge" && !e.allowed));
    assert_eq!(d.verify_access_log(&admin).unwrap().first_broken, None);
}

#[test]
fn a_student_entered_twice_keeps_every_mark_and_the_class_is_unchanged() {
    let d = fresh();
    let s = school(&d, "A", 100_000, None);
    let admin = Actor::vouched(s.admin);
    let teacher = Actor::vouched(s.ids.teacher);
    let child = d.person(&admin, s.ids.student).unwrap();
    let twin = d
        .register_person(
            &admin,
            s.ids.school,
            &person("Studenta", "X", child.birth_date, None),
        )
        .unwrap()
        .id;
    let e = d
        .enrol(&admin, twin, s.ids.class, date!(2024 - 09 - 01))
        .unwrap();
    d.record_mark(
        &teacher,
        &NewMark::grade(twin, s.ids.subject, MON, "3", s.kind),
    )
    .unwrap();
    // Both enrolled now: end the twin's enrolment first.
    assert!(matches!(
        d.merge_people(&admin, s.ids.student, twin, "twice"),
        Err(Error::Conflict(ref m)) if m.contains("enrolled")
    ));
    d.end_enrolment(&admin, e.id, date!(2024 - 09 - 19), EndReason::Left)
        .unwrap();
    d.merge_people(&admin, s.ids.student, twin, "entered twice")
        .unwrap();
    let marks = d
        .marks(
            &admin,
            s.ids.student,
            date!(2024 - 09 - 01),
            date!(2024 - 10 - 25),
        )
        .unwrap();
    assert_eq!(
        marks.iter().map(|m| m.label.as_str()).collect::<Vec<_>>(),
        ["4", "3"]
    );
    // The tombstone has no marks and no class left.
    assert!(d
        .marks(&admin, twin, date!(2024 - 09 - 01), date!(2024 - 10 - 25))
        .map_or(true, |m| m.is_empty()));
    assert!(d.enrolments(&admin, twin).unwrap().is_empty());
}
