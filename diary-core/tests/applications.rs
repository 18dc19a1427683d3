//! Access applications (P5): submitted online or at the school with their
//! documents, decided within 3 business days by the school's calendar,
//! approved in one transaction (guardianship and login), rejected with
//! reasons and submitted again; duplicates and strangers refused.

mod common;

use common::person;
use common::world::{school, snils, TestSchool};
use diary_core::*;
use std::sync::Arc;
use time::macros::{date, datetime};
use time::Duration;

struct World {
    d: Diary,
    clock: Arc<ManualClock>,
    s: TestSchool,
    other: TestSchool,
}

fn world() -> World {
    // Friday 20 September 2024, 13:00 in Moscow.
    let clock = Arc::new(ManualClock::new(datetime!(2024-09-20 10:00 UTC)));
    let d = common::fresh_diary(OpenOptions {
        clock: clock.clone(),
        ..OpenOptions::default()
    });
    let s = school(&d, "A", 100_000, None);
    let other = school(&d, "B", 200_000, None);
    World { d, clock, s, other }
}

fn doc(kind: DocumentKind) -> NewDocument {
    NewDocument {
        kind,
        reference: format!("s3://portal/{}.pdf", kind.as_str()),
        sha256: "ab".repeat(32),
    }
}

fn father() -> NewPerson {
    person(
        "StudentA",
        "Pyotr",
        date!(1984 - 04 - 04),
        Some(&snils(100_070)),
    )
}

fn application(w: &World, documents: Vec<NewDocument>) -> NewAccessApplication {
    NewAccessApplication {
        school: w.s.ids.school,
        child_surname: "STUDENTA".into(),
        child_birth_date: date!(2013 - 01 - 01),
        applicant: father(),
        relation: Relation::Father,
        legal_representative: true,
        channel: ApplicationChannel::Online,
        documents,
    }
}

fn check_all(w: &World, id: ApplicationId) {
    let admin = Actor::vouched(w.s.admin);
    for k in DocumentKind::ALL {
        w.d.check_application_document(&admin, id, *k, true)
            .unwrap();
    }
}

#[test]
fn an_online_application_is_approved_with_a_login_in_one_step() {
    let w = world();
    let op = Actor::operator();
    let admin = Actor::vouched(w.s.admin);
    let a =
        w.d.submit_access_application(
            &op,
            &application(
                &w,
                vec![
                    doc(DocumentKind::BirthCertificate),
                    doc(DocumentKind::Consent),
                ],
            ),
        )
        .unwrap();
    assert_eq!(a.student, w.s.ids.student);
    assert_eq!(a.status, ApplicationStatus::Submitted);
    // Friday: Monday, Tuesday, Wednesday.
    assert_eq!(a.due, date!(2024 - 09 - 25));
    assert!(!a.overdue);
    // Not every document yet: approval waits.
    assert!(matches!(
        w.d.approve_access_application(&admin, a.id),
        Err(Error::Conflict(ref m)) if m.contains("identity_document")
    ));
    w.d.provide_application_documents(
        &op,
        a.id,
        &[
            doc(DocumentKind::IdentityDocument),
            doc(DocumentKind::ApplicationForm),
        ],
    )
    .unwrap();
    check_all(&w, a.id);
    let before = w.d.guardians(&admin, w.s.ids.student).unwrap().len();
    let ok = w.d.approve_access_application(&admin, a.id).unwrap();
    let father_id = ok.application.person.unwrap();
    assert_eq!(ok.application.status, ApplicationStatus::Approved);
    let guardians = w.d.guardians(&admin, w.s.ids.student).unwrap();
    assert_eq!(guardians.len(), before + 1);
    assert!(guardians.iter().any(|g| g.guardian == father_id
        && g.legal_representative
        && g.relation == Relation::Father));
    // The login works and the father sees his child's marks.
    let temporary = ok.temporary_password.clone().unwrap();
    let session = w.d.login(&ok.login, &temporary).unwrap();
    assert_eq!(session.person, father_id);
    assert_eq!(
        w.d.marks(
            &Actor::vouched(father_id),
            w.s.ids.student,
            date!(2024 - 09 - 01),
            date!(2024 - 09 - 30)
        )
        .unwrap()
        .len(),
        1
    );
    // Every step, with who.
    let steps: Vec<&str> = ok
        .application
        .steps
        .iter()
        .map(|s| s.what.as_str())
        .collect();
    assert_eq!(
        steps,
        [
            "submitted",
            "document_provided",
            "document_provided",
            "document_provided",
            "document_provided",
            "document_checked",
            "document_checked",
            "document_checked",
            "document_checked",
            "approved"
        ]
    );
    assert_eq!(ok.application.steps[0].by, None);
    assert_eq!(ok.application.steps.last().unwrap().by, Some(w.s.admin));
    // Applying again for a child one represents: refused.
    assert!(matches!(
        w.d.submit_access_application(&op, &application(&w, Vec::new())),
        Err(Error::Conflict(ref m)) if m.contains("already represents")
    ));
    assert!(matches!(
        w.d.approve_access_application(&admin, a.id),
        Err(Error::Conflict(_))
    ));
}

#[test]
fn rejected_corrected_and_submitted_again() {
    let w = world();
    let admin = Actor::vouched(w.s.admin);
    // At the school's desk, with a typo in the father's first name.
    let mut new = application(&w, DocumentKind::ALL.iter().map(|k| doc(*k)).collect());
    new.channel = ApplicationChannel::AtSchool;
    new.applicant.first_name = "Ptyor".into();
    let a = w.d.submit_access_application(&admin, &new).unwrap();
    check_all(&w, a.id);
    // A second waiting application from the same person: refused.
    assert!(matches!(
        w.d.submit_access_application(&Actor::operator(), &new),
        Err(Error::Conflict(ref m)) if m.contains("waiting")
    ));
    for (reasons, note, field) in [
        (&[][..], None, "reasons"),
        (&[RejectionReason::Other][..], None, "note"),
        (&[RejectionReason::Other][..], Some("a\u{202e}b"), "note"),
    ] {
        match w.d.reject_access_application(&admin, a.id, reasons, note) {
            Err(Error::InvalidInput { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    let r =
        w.d.reject_access_application(
            &admin,
            a.id,
            &[
                RejectionReason::FormFilledWrongly,
                RejectionReason::DataMismatch,
            ],
            Some("form filled in wrongly: the first name differs from the passport"),
        )
        .unwrap();
    assert_eq!(r.status, ApplicationStatus::Rejected);
    assert_eq!(
        r.reasons,
        [
            RejectionReason::FormFilledWrongly,
            RejectionReason::DataMismatch
        ]
    );
    assert!(matches!(
        w.d.approve_access_application(&admin, a.id),
        Err(Error::Conflict(_))
    ));
    // Corrected a week later: a new deadline, the new form checked again.
    w.clock.set(datetime!(2024-09-27 07:00 UTC));
    let again =
        w.d.resubmit_access_application(
            &Actor::operator(),
            a.id,
            Some(&father()),
            &[doc(DocumentKind::ApplicationForm)],
        )
        .unwrap();
    assert_eq!(again.status, ApplicationStatus::Submitted);
    assert_eq!(again.applicant_first_name, "Pyotr");
    assert_eq!(again.due, date!(2024 - 10 - 02));
    assert!(again.reasons.is_empty() && again.note.is_none());
    let form = again
        .documents
        .iter()
        .find(|d| d.kind == DocumentKind::ApplicationForm)
        .unwrap();
    assert_eq!(form.accepted, None);
    assert!(matches!(
        w.d.approve_access_application(&admin, a.id),
        Err(Error::Conflict(ref m)) if m.contains("application_form")
    ));
    w.d.check_application_document(&admin, a.id, DocumentKind::ApplicationForm, true)
        .unwrap();
    let ok = w.d.approve_access_application(&admin, a.id).unwrap();
    let steps: Vec<&str> = ok
        .application
        .steps
        .iter()
        .map(|s| s.what.as_str())
        .collect();
    assert!(steps.contains(&"rejected") && steps.contains(&"resubmitted"));
}

#[test]
fn deadlines_follow_the_school_calendar_and_overdue_ones_are_listed() {
    let w = world();
    let admin = Actor::vouched(w.s.admin);
    w.d.add_holiday(
        &admin,
        w.s.ids.school,
        &NewHoliday {
            name: "Day off".into(),
            first_day: date!(2024 - 09 - 23),
            last_day: date!(2024 - 09 - 23),
        },
    )
    .unwrap();
    let a =
        w.d.submit_access_application(&Actor::operator(), &application(&w, Vec::new()))
            .unwrap();
    // Monday is a holiday: Tuesday, Wednesday, Thursday.
    assert_eq!(a.due, date!(2024 - 09 - 26));
    assert!(w
        .d
        .overdue_access_applications(&admin, w.s.ids.school)
        .unwrap()
        .is_empty());
    // Thursday 23:30 in Moscow is still in time; Friday 00:30 is not.
    w.clock.set(datetime!(2024-09-26 20:30 UTC));
    assert!(w
        .d
        .overdue_access_applications(&admin, w.s.ids.school)
        .unwrap()
        .is_empty());
    w.clock.set(datetime!(2024-09-26 21:30 UTC));
    let late =
        w.d.overdue_access_applications(&admin, w.s.ids.school)
            .unwrap();
    assert_eq!(late.iter().map(|a| a.id).collect::<Vec<_>>(), [a.id]);
    assert!(late[0].overdue);
    assert_eq!(
        w.d.access_applications(&admin, w.s.ids.school, Some(ApplicationStatus::Approved))
            .unwrap()
            .len(),
        0
    );
}

#[test]
fn an_applicant_with_an_account_keeps_it() {
    let w = world();
    let admin = Actor::vouched(w.s.admin);
    // The mother of school A's student applies for a second child... here
    // the applicant is the teacher, who has an account, for the student.
    let teacher = w.d.person(&admin, w.s.ids.teacher).unwrap();
    w.d.issue_credentials(&admin, w.s.ids.teacher).unwrap();
    let mut new = application(&w, DocumentKind::ALL.iter().map(|k| doc(*k)).collect());
    new.applicant = person(
        &teacher.surname,
        &teacher.first_name,
        teacher.birth_date,
        teacher.snils.as_ref().map(|s| s.digits()),
    );
    new.relation = Relation::Other;
    new.legal_representative = false;
    let a = w.d.submit_access_application(&admin, &new).unwrap();
    check_all(&w, a.id);
    let ok = w.d.approve_access_application(&admin, a.id).unwrap();
    assert_eq!(ok.application.person, Some(w.s.ids.teacher));
    assert!(ok.temporary_password.is_none() && ok.expires_at.is_none());
    assert!(ok.login.starts_with("teacher"), "{}", ok.login);
}

#[test]
fn bad_applications_are_refused_naming_the_field_and_store_nothing() {
    let w = world();
    let op = Actor::operator();
    let admin = Actor::vouched(w.s.admin);
    let base = application(&w, Vec::new());
    let with = |f: &dyn Fn(&mut NewAccessApplication)| {
        let mut a = base.clone();
        f(&mut a);
        a
    };
    let cases: Vec<(NewAccessApplication, &str)> = vec![
        (
            with(&|a| a.child_surname = "Nobody".into()),
            "child_surname",
        ),
        (
            with(&|a| a.child_surname = "Student\u{202e}A".into()),
            "child_surname",
        ),
        (
            with(&|a| a.child_birth_date = date!(2013 - 01 - 02)),
            "child_surname",
        ),
        (
            with(&|a| a.child_birth_date = date!(2030 - 01 - 01)),
            "child_birth_date",
        ),
        (
            with(&|a| a.applicant.surname = String::new()),
            "applicant.surname",
        ),
        (
            with(&|a| a.applicant.first_name = "P\u{200b}".into()),
            "applicant.first_name",
        ),
        (
            with(&|a| a.applicant.snils = Some("112-233-445 96".into())),
            "applicant.snils",
        ),
        (
            with(&|a| a.documents = vec![doc(DocumentKind::Consent), doc(DocumentKind::Consent)]),
            "documents[1].kind",
        ),
        (
            with(&|a| {
                a.documents = vec![NewDocument {
                    sha256: "xyz".into(),
                    ..doc(DocumentKind::Consent)
                }]
            }),
            "documents[0].sha256",
        ),
        (
            with(&|a| {
                a.documents = vec![NewDocument {
                    sha256: "g".repeat(64),
                    ..doc(DocumentKind::Consent)
                }]
            }),
            "documents[0].sha256",
        ),
        (
            with(&|a| {
                a.documents = vec![NewDocument {
                    reference: String::new(),
                    ..doc(DocumentKind::Consent)
                }]
            }),
            "documents[0].reference",
        ),
        (
            with(&|a| {
                a.documents = vec![NewDocument {
                    reference: "x".repeat(501),
                    ..doc(DocumentKind::Consent)
                }]
            }),
            "documents[0].reference",
        ),
    ];
    for (a, field) in cases {
        match w.d.submit_access_application(&op, &a) {
            Err(Error::InvalidInput { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    assert!(w
        .d
        .access_applications(&admin, w.s.ids.school, None)
        .unwrap()
        .is_empty());
    // The mother, who already represents the child, cannot apply.
    let mother = w.d.person(&admin, w.s.ids.mother).unwrap();
    let mut again = base.clone();
    again.applicant = person(
        &mother.surname,
        &mother.first_name,
        mother.birth_date,
        mother.snils.as_ref().map(|s| s.digits()),
    );
    assert!(matches!(
        w.d.submit_access_application(&op, &again),
        Err(Error::Conflict(ref m)) if m.contains("already represents")
    ));
    let _ = Duration::ZERO;
}

#[test]
fn strangers_and_staff_without_the_right_are_refused() {
    let w = world();
    let admin = Actor::vouched(w.s.admin);
    let a =
        w.d.submit_access_application(&Actor::operator(), &application(&w, Vec::new()))
            .unwrap();
    let missing = ApplicationId(999_999);
    // Another school's admin, teacher and mother: "not found", as a
    // missing id; a submission to the other school is "not found" too.
    for who in [w.other.admin, w.other.ids.teacher, w.other.ids.mother] {
        let actor = Actor::vouched(who);
        for (x, y) in [
            (
                w.d.access_application(&actor, a.id).map(drop),
                w.d.access_application(&actor, missing).map(drop),
            ),
            (
                w.d.check_application_document(&actor, a.id, DocumentKind::Consent, true)
                    .map(drop),
                w.d.check_application_document(&actor, missing, DocumentKind::Consent, true)
                    .map(drop),
            ),
            (
                w.d.approve_access_application(&actor, a.id).map(drop),
                w.d.approve_access_application(&actor, missing).map(drop),
            ),
            (
                w.d.reject_access_application(&actor, a.id, &[RejectionReason::Other], Some("x"))
                    .map(drop),
                w.d.reject_access_application(
                    &actor,
                    missing,
                    &[RejectionReason::Other],
                    Some("x"),
                )
                .map(drop),
            ),
        ] {
            let (x, y) = (x.unwrap_err(), y.unwrap_err());
            assert!(matches!(x, Error::NotFound { .. }), "{x:?}");
            assert_eq!(
                x.to_string().replace(&a.id.to_string(), "#"),
                y.to_string().replace("999999", "#")
            );
        }
        assert!(matches!(
            w.d.access_applications(&actor, w.s.ids.school, None),
            Err(Error::NotFound { .. })
        ));
    }
    assert!(matches!(
        w.d.submit_access_application(&Actor::vouched(w.other.admin), &application(&w, Vec::new())),
        Err(Error::NotFound { .. })
    ));
    // The school's teacher and a parent are refused, and it is logged.
    for who in [w.s.ids.teacher, w.s.ids.mother] {
        let actor = Actor::vouched(who);
        assert!(matches!(
            w.d.access_application(&actor, a.id),
            Err(Error::AccessDenied(_))
        ));
        assert!(matches!(
            w.d.approve_access_application(&actor, a.id),
            Err(Error::AccessDenied(_))
        ));
    }
    let log = w.d.access_log_of_school(&admin, w.s.ids.school).unwrap();
    assert!(log
        .iter()
        .any(|e| e.actor == Some(w.s.ids.teacher) && e.data_kind == "applications" && !e.allowed));
    // The operator (the portal) reads but does not decide.
    assert!(w.d.access_application(&Actor::operator(), a.id).is_ok());
    assert!(matches!(
        w.d.approve_access_application(&Actor::operator(), a.id),
        Err(Error::AccessDenied(_))
    ));
    assert_eq!(
        w.d.access_application(&admin, a.id).unwrap().status,
        ApplicationStatus::Submitted
    );
}
