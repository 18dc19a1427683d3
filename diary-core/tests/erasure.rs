//! Erasure and anonymisation (P6): identifying data replaced by a
//! pseudonym, aggregates unchanged, the access log's chain intact, a
//! destruction record kept; current ties and strangers refused.

mod common;

use common::person;
use common::world::{fresh, school, snils, MON};
use diary_core::*;
use time::macros::date;

#[test]
fn a_former_student_and_parent_are_erased_and_the_class_is_unchanged() {
    let d = fresh();
    let s = school(&d, "A", 100_000, None);
    let other = school(&d, "B", 200_000, None);
    let admin = Actor::vouched(s.admin);
    let teacher = Actor::vouched(s.ids.teacher);
    // A classmate, so the class has an aggregate to keep.
    let classmate = d
        .register_person(
            &admin,
            s.ids.school,
            &person(
                "Classmate",
                "C",
                date!(2013 - 05 - 05),
                Some(&snils(100_080)),
            ),
        )
        .unwrap()
        .id;
    d.enrol(&admin, classmate, s.ids.class, date!(2024 - 09 - 01))
        .unwrap();
    d.record_mark(
        &teacher,
        &NewMark::grade(classmate, s.ids.subject, MON, "5", s.kind),
    )
    .unwrap();
    let mother = d.person(&admin, s.ids.mother).unwrap();
    let child = d.person(&admin, s.ids.student).unwrap();
    d.issue_credentials(&admin, s.ids.mother).unwrap();

    // Current ties: not yet.
    for who in [s.ids.student, s.ids.mother, s.ids.teacher] {
        assert!(matches!(
            d.erase_person(&admin, who, ErasureGround::SubjectRequest, None),
            Err(Error::Conflict(_))
        ));
    }
    d.end_enrolment(
        &admin,
        s.ids.enrolment,
        date!(2024 - 09 - 19),
        EndReason::Left,
    )
    .unwrap();
    let stats = d
        .class_statistics(&admin, s.ids.class, s.ids.subject, s.ids.period)
        .unwrap();
    let averages = d
        .subject_averages(&admin, s.ids.student, s.ids.period)
        .unwrap();

    // Refused to the teacher (logged) and to another school ("not found").
    assert!(matches!(
        d.erase_person(&teacher, s.ids.student, ErasureGround::SubjectRequest, None),
        Err(Error::AccessDenied(_))
    ));
    for who in [other.admin, other.ids.teacher] {
        assert!(matches!(
            d.erase_person(
                &Actor::vouched(who),
                s.ids.student,
                ErasureGround::SubjectRequest,
                None
            ),
            Err(Error::NotFound { .. })
        ));
    }
    assert!(matches!(
        d.erase_person(&admin, s.ids.student, ErasureGround::CourtOrder, Some("x\u{202e}")),
        Err(Error::InvalidInput { ref field, .. }) if field == "note"
    ));
    assert_eq!(d.person(&admin, s.ids.student).unwrap(), child);

    let record = d
        .erase_person(
            &admin,
            s.ids.student,
            ErasureGround::SubjectRequest,
            Some("request 2024-117 of 19 September"),
        )
        .unwrap();
    assert_eq!(record.ground, ErasureGround::SubjectRequest);
    assert_eq!(record.erased_by, Some(s.admin));
    assert!(record
        .erased
        .iter()
        .any(|(what, n)| what == "identity" && *n == 1));
    assert!(record
        .erased
        .iter()
        .any(|(what, n)| what == "guardianships" && *n == 1));
    let erased = d.person(&admin, s.ids.student).unwrap();
    assert_eq!(erased.surname, "Erased");
    assert_eq!(erased.first_name, record.pseudonym);
    assert!(erased.snils.is_none());
    assert_eq!(
        d.erasure_record(&admin, s.ids.student).unwrap(),
        Some(record.clone())
    );
    // Aggregates: the class and the student's averages are what they were.
    assert_eq!(
        d.class_statistics(&admin, s.ids.class, s.ids.subject, s.ids.period)
            .unwrap(),
        stats
    );
    assert_eq!(
        d.subject_averages(&admin, s.ids.student, s.ids.period)
            .unwrap(),
        averages
    );
    // The log's chain verifies; the export holds nothing of the old name.
    let check = d.verify_access_log(&admin).unwrap();
    assert_eq!(check.first_broken, None);
    let export = d.export_personal_data(&admin, s.ids.student).unwrap();
    assert!(!export.contains(&child.surname), "{export}");
    // The SNILS is free again; a second erasure is refused.
    d.register_person(
        &admin,
        s.ids.school,
        &person(
            "Newcomer",
            "N",
            date!(2014 - 01 - 01),
            child.snils.as_ref().map(|x| x.digits()),
        ),
    )
    .unwrap();
    assert!(matches!(
        d.erase_person(&admin, s.ids.student, ErasureGround::RetentionExpired, None),
        Err(Error::Conflict(_))
    ));

    // The mother no longer represents a current student: erased too, and
    // her account no longer opens.
    let m = d
        .erase_person(
            &Actor::operator(),
            s.ids.mother,
            ErasureGround::RetentionExpired,
            None,
        )
        .unwrap();
    assert!(m
        .erased
        .iter()
        .any(|(what, n)| what == "account" && *n == 1));
    assert_eq!(d.person(&admin, s.ids.mother).unwrap().surname, "Erased");
    assert_ne!(d.person(&admin, s.ids.mother).unwrap(), mother);
    let log = d.access_log_of_school(&admin, s.ids.school).unwrap();
    assert!(log
        .iter()
        .any(|e| e.actor == Some(s.ids.teacher) && e.data_kind == "erasure" && !e.allowed));
    assert!(log
        .iter()
        .any(|e| e.child == Some(s.ids.student) && e.data_kind == "erasure" && e.allowed));
}
