//! Correcting a person's data (issue 17): an admin's correction with a
//! reason and history, a parent's proposal approved or rejected, a SNILS
//! re-checked (checksum and uniqueness), one waiting proposal at a time,
//! and another school's admin learning nothing.

mod common;

use common::world::*;
use diary_core::*;
use time::macros::date;

fn data(p: &Person, surname: &str) -> NewPerson {
    NewPerson {
        surname: surname.into(),
        first_name: p.first_name.clone(),
        patronymic: p.patronymic.clone(),
        birth_date: p.birth_date,
        snils: p.snils.as_ref().map(|s| s.digits().to_owned()),
    }
}

#[test]
fn typos_are_corrected_with_history() {
    let d = fresh();
    let a = school(&d, "A", 700_000, None);
    let b = school(&d, "B", 800_000, None);
    let admin = Actor::vouched(a.admin);
    let mother = Actor::vouched(a.ids.mother);
    let child = d.person(&admin, a.ids.student).unwrap();
    // The admin fixes a typo in the child's surname.
    let k = d
        .correct_person(
            &admin,
            a.ids.student,
            &data(&child, "Studentova"),
            "typo in the surname",
        )
        .unwrap();
    assert_eq!(k.status, CorrectionStatus::Applied);
    assert_eq!(k.before.surname, child.surname);
    assert_eq!(
        d.person(&admin, a.ids.student).unwrap().surname,
        "Studentova"
    );
    // Only admins correct; the mother proposes for her child.
    assert!(matches!(
        d.correct_person(&mother, a.ids.student, &data(&child, "X"), "mine"),
        Err(Error::AccessDenied(_))
    ));
    let now = d.person(&admin, a.ids.student).unwrap();
    let mut birth = data(&now, "Studentova");
    birth.birth_date = date!(2013 - 01 - 02);
    let proposal = d
        .propose_person_correction(&mother, a.ids.student, &birth, "the birth date is the 2nd")
        .unwrap();
    assert_eq!(proposal.status, CorrectionStatus::Pending);
    // One waiting proposal at a time.
    assert!(matches!(
        d.propose_person_correction(&mother, a.ids.student, &data(&now, "Y"), "again"),
        Err(Error::Conflict(_))
    ));
    let done = d
        .decide_person_correction(
            &admin,
            proposal.id,
            true,
            Some("checked the birth certificate"),
        )
        .unwrap();
    assert_eq!(done.status, CorrectionStatus::Applied);
    assert_eq!(done.decided_by, Some(a.admin));
    assert_eq!(
        d.person(&admin, a.ids.student).unwrap().birth_date,
        date!(2013 - 01 - 02)
    );
    assert!(matches!(
        d.decide_person_correction(&admin, proposal.id, false, None),
        Err(Error::Conflict(_))
    ));
    // A rejected proposal changes nothing.
    let again = d
        .propose_person_correction(&mother, a.ids.student, &data(&now, "Wrong"), "no")
        .unwrap();
    d.decide_person_correction(&admin, again.id, false, Some("form filled in wrongly"))
        .unwrap();
    assert_eq!(
        d.person(&admin, a.ids.student).unwrap().surname,
        "Studentova"
    );
    let history = d.person_corrections(&mother, a.ids.student).unwrap();
    assert_eq!(
        history.iter().map(|k| k.status).collect::<Vec<_>>(),
        [
            CorrectionStatus::Applied,
            CorrectionStatus::Applied,
            CorrectionStatus::Rejected
        ]
    );
    // The changes are in the child's access log.
    assert!(d
        .access_log_of_child(&mother, a.ids.student)
        .unwrap()
        .iter()
        .any(|e| e.data_kind == "person" && e.allowed && e.actor == Some(a.admin)));
    // Another school's admin: as for a missing person.
    let other = Actor::vouched(b.admin);
    assert!(matches!(
        d.correct_person(&other, a.ids.student, &data(&now, "Z"), "x"),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        d.person_corrections(&other, a.ids.student),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        d.decide_person_correction(&other, again.id, true, None),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn a_snils_correction_is_checked_again() {
    let d = fresh();
    let a = school(&d, "A", 700_000, None);
    let admin = Actor::vouched(a.admin);
    let child = d.person(&admin, a.ids.student).unwrap();
    let mother = d.person(&admin, a.ids.mother).unwrap();
    let mut bad = data(&child, &child.surname);
    bad.snils = Some("112-233-445 00".into());
    assert!(matches!(
        d.correct_person(&admin, a.ids.student, &bad, "new SNILS"),
        Err(Error::InvalidInput { field, .. }) if field == "snils"
    ));
    // The mother's SNILS is taken.
    let mut taken = data(&child, &child.surname);
    taken.snils = mother.snils.as_ref().map(|s| s.digits().to_owned());
    assert!(matches!(
        d.correct_person(&admin, a.ids.student, &taken, "new SNILS"),
        Err(Error::Conflict(_))
    ));
    // A new valid one is taken over; nothing changes without a change.
    let mut fixed = data(&child, &child.surname);
    fixed.snils = Some(snils(700_555));
    d.correct_person(&admin, a.ids.student, &fixed, "typo in the SNILS")
        .unwrap();
    assert!(matches!(
        d.correct_person(&admin, a.ids.student, &fixed, "again"),
        Err(Error::InvalidInput { field, .. }) if field == "person"
    ));
    assert!(matches!(
        d.correct_person(&admin, a.ids.student, &fixed, " "),
        Err(Error::InvalidInput { field, .. }) if field == "reason"
    ));
}
