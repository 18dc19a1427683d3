//! The access policy as a matrix (every role against every action), the
//! trusted-person lifecycle with a settable clock, visibility windows,
//! cross-school isolation and the tamper-evident access log.

mod common;

use common::*;
use diary_core::grading::Ratio;
use diary_core::*;
use std::sync::Arc;
use time::macros::{date, datetime};
use time::Duration;

struct World {
    f: Fixture,
    clock: Arc<ManualClock>,
    q1: PeriodId,
    homework: WorkKindId,
    mark: MarkId,
    father: PersonId,
    other_teacher: PersonId,
    other_student: PersonId,
    other_admin: PersonId,
    granny: PersonId,
    nanny: PersonId,
    officer: PersonId,
}

fn world() -> World {
    let clock = Arc::new(ManualClock::new(datetime!(2024-09-20 10:00 UTC)));
    let d = common::fresh_diary(OpenOptions {
        clock: clock.clone(),
        ..OpenOptions::default()
    });
    let f = build(d);
    let d = &f.diary;
    let q1 = d
        .add_period(
            &f.admin,
            f.year,
            &NewPeriod {
                kind: PeriodKind::Quarter,
                name: "Q1".into(),
                start: date!(2024 - 09 - 02),
                end: date!(2024 - 10 - 25),
            },
        )
        .unwrap()
        .id;
    let r = |s: &str| Ratio::parse("w", s).unwrap();
    let homework = d
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
    let reg = |surname: &str, snils: u32, birth| {
        d.register_person(
            &f.admin,
            f.school,
            &person(
                surname,
                "X",
                birth,
                Some(Snils::from_number(snils).unwrap().digits()),
            ),
        )
        .unwrap()
        .id
    };
    let father = reg("Ivanov", 300_000_001, date!(1984 - 01 - 01));
    d.add_guardian(
        &f.admin,
        &Guardianship {
            student: f.student,
            guardian: father,
            relation: Relation::Father,
            legal_representative: false,
        },
    )
    .unwrap();
    let other_teacher = reg("Sidorov", 300_000_002, date!(1970 - 01 - 01));
    d.appoint_staff(&f.admin, f.school, other_teacher, StaffRole::Teacher)
        .unwrap();
    let other_student = reg("Petrova", 300_000_003, date!(2013 - 02 - 02));
    d.enrol(&f.admin, other_student, f.class_5b, date!(2024 - 09 - 01))
        .unwrap();
    let granny = reg("Ivanova", 300_000_004, date!(1955 - 05 - 05));
    let nanny = reg("Kozlova", 300_000_005, date!(1990 - 05 - 05));
    // Only people with an account can be invited.
    d.issue_credentials(&f.admin, granny).unwrap();
    d.issue_credentials(&f.admin, nanny).unwrap();
    let other_school = d
        .create_school(&f.op, &NewSchool::new("Lyceum", "Tver", "Europe/Moscow"))
        .unwrap()
        .id;
    let other_admin = d
        .register_person(
            &f.op,
            other_school,
            &person(
                "Other",
                "Admin",
                date!(1975 - 01 - 01),
                Some(Snils::from_number(300_000_006).unwrap().digits()),
            ),
        )
        .unwrap()
        .id;
    d.appoint_staff(&f.op, other_school, other_admin, StaffRole::Admin)
        .unwrap();
    let teacher = Actor::vouched(f.teacher);
    let mark = d
        .record_mark(
            &teacher,
            &NewMark::grade(f.student, f.maths, date!(2024 - 09 - 10), "5", homework),
        )
        .unwrap()
        .id;
    d.record_mark(
        &teacher,
        &NewMark::grade(f.student, f.maths, date!(2024 - 09 - 18), "4", homework),
    )
    .unwrap();
    let officer = reg("Regionova", 300_000_007, date!(1972 - 01 - 01));
    d.appoint_regional_officer(&f.op, officer, "Moscow")
        .unwrap();
    World {
        f,
        clock,
        q1,
        homework,
        mark,
        father,
        other_teacher,
        other_student,
        other_admin,
        granny,
        nanny,
        officer,
    }
}

fn invite(
    w: &World,
    from: PersonId,
    who: PersonId,
    surname: &str,
    snils: u32,
    window: Option<u32>,
) -> Result<TrustedGrant> {
    let _ = who;
    w.f.diary.invite_trusted_person(
        &Actor::vouched(from),
        &NewInvitation {
            student: w.f.student,
            surname: surname.into(),
            invitee: InviteeId::Snils(Snils::from_number(snils).unwrap().digits().into()),
            services: Services::DIARY,
            until: None,
            window_days: window,
        },
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    ReadMarks,
    ReadAverage,
    ReadHistory,
    WriteMark,
    ReadChildLog,
    InviteTrusted,
    ReadFamilyContacts,
}

const ACTS: [Act; 7] = [
    Act::ReadMarks,
    Act::ReadAverage,
    Act::ReadHistory,
    Act::WriteMark,
    Act::ReadChildLog,
    Act::InviteTrusted,
    Act::ReadFamilyContacts,
];

fn attempt(w: &World, actor: &Actor, act: Act) -> Result<()> {
    let d = &w.f.diary;
    let s = w.f.student;
    match act {
        Act::ReadMarks => d
            .marks(actor, s, date!(2024 - 09 - 01), date!(2024 - 10 - 25))
            .map(drop),
        Act::ReadAverage => d.average(actor, s, w.f.maths, w.q1).map(drop),
        Act::ReadHistory => d.mark_history(actor, w.mark).map(drop),
        Act::WriteMark => d
            .record_mark(
                actor,
                &NewMark::grade(s, w.f.maths, date!(2024 - 09 - 19), "3", w.homework),
            )
            .map(drop),
        Act::ReadChildLog => d.access_log_of_child(actor, s).map(drop),
        Act::ReadFamilyContacts => d.family_contacts(actor, s).map(drop),
        Act::InviteTrusted => {
            // A fresh invitee each time so that repeats do not collide.
            let n = 400_000_000
                + d.access_log_of_child(&w.f.admin, s)
                    .map(|v| v.len() as u32)
                    .unwrap_or(0);
            let guest = d
                .register_person(
                    &w.f.admin,
                    w.f.school,
                    &person(
                        "Guest",
                        "G",
                        date!(1980 - 01 - 01),
                        Some(Snils::from_number(n).unwrap().digits()),
                    ),
                )
                .unwrap()
                .id;
            d.issue_credentials(&w.f.admin, guest).unwrap();
            d.invite_trusted_person(
                actor,
                &NewInvitation {
                    student: s,
                    surname: "Guest".into(),
                    invitee: InviteeId::Snils(Snils::from_number(n).unwrap().digits().into()),
                    services: Services::DIARY.union(Services::VISITS_MEALS),
                    until: None,
                    window_days: None,
                },
            )
            .map(drop)
        }
    }
}

#[test]
fn every_role_against_every_action() {
    let w = world();
    // An active trusted person (granny) and a pending one (nanny).
    let g = invite(&w, w.f.mother, w.granny, "Ivanova", 300_000_004, None).unwrap();
    w.f.diary
        .accept_invitation(&Actor::vouched(w.granny), g.id)
        .unwrap();
    w.clock.advance(Duration::hours(25));
    invite(&w, w.f.mother, w.nanny, "Kozlova", 300_000_005, None).unwrap();

    let y = true;
    let n = false;
    // who, [read marks, read average, read history, write mark, read child's log, invite trusted,
    //       read family contacts]
    let table: Vec<(&str, Actor, [bool; 7])> = vec![
        ("school admin", w.f.admin, [y, y, y, y, y, n, y]),
        (
            "admin of another school",
            Actor::vouched(w.other_admin),
            [n, n, n, n, n, n, n],
        ),
        (
            "subject teacher, class teacher of 5A",
            Actor::vouched(w.f.teacher),
            [y, y, y, y, n, n, y],
        ),
        (
            "teacher of nothing here",
            Actor::vouched(w.other_teacher),
            [n, n, n, n, n, n, n],
        ),
        (
            "student",
            Actor::vouched(w.f.student),
            [y, y, y, n, y, n, n],
        ),
        (
            "another student",
            Actor::vouched(w.other_student),
            [n, n, n, n, n, n, n],
        ),
        (
            "mother, legal representative",
            Actor::vouched(w.f.mother),
            [y, y, y, n, y, y, n],
        ),
        (
            "father, not a legal representative",
            Actor::vouched(w.father),
            [y, y, y, n, y, n, n],
        ),
        (
            "active trusted person",
            Actor::vouched(w.granny),
            [y, y, y, n, n, n, n],
        ),
        (
            "pending trusted person",
            Actor::vouched(w.nanny),
            [n, n, n, n, n, n, n],
        ),
        (
            "regional officer",
            Actor::vouched(w.officer),
            [n, n, n, n, n, n, n],
        ),
        ("operator", Actor::operator(), [n, n, n, n, n, n, n]),
    ];
    for (who, actor, expected) in &table {
        for (act, want) in ACTS.iter().zip(expected) {
            let got = attempt(&w, actor, *act);
            assert_eq!(got.is_ok(), *want, "{who} {act:?}: {got:?}");
            if !want {
                assert!(
                    matches!(got, Err(Error::AccessDenied(_) | Error::NotFound { .. })),
                    "{who} {act:?} refused with AccessDenied: {got:?}"
                );
            }
        }
    }
}

#[test]
fn trusted_person_lifecycle() {
    let w = world();
    let d = &w.f.diary;
    let granny = Actor::vouched(w.granny);
    let read = || {
        d.marks(
            &granny,
            w.f.student,
            date!(2024 - 09 - 01),
            date!(2024 - 10 - 25),
        )
    };
    let g = invite(&w, w.f.mother, w.granny, "Ivanova", 300_000_004, None).unwrap();
    assert_eq!(g.status, GrantStatus::Pending);
    assert_eq!(d.my_invitations(&granny).unwrap()[0].id, g.id);
    assert!(
        matches!(read(), Err(Error::AccessDenied(_) | Error::NotFound { .. })),
        "before acceptance"
    );
    let g = d.accept_invitation(&granny, g.id).unwrap();
    assert_eq!(g.status, GrantStatus::Waiting);
    assert!(
        matches!(read(), Err(Error::AccessDenied(_) | Error::NotFound { .. })),
        "during the delay"
    );
    w.clock.advance(Duration::hours(23));
    assert!(read().is_err(), "still within 24 hours");
    w.clock.advance(Duration::hours(1));
    assert_eq!(read().unwrap().len(), 2, "open 24 hours after acceptance");
    assert!(d.average(&granny, w.f.student, w.f.maths, w.q1).is_ok());
    // A trusted person cannot re-share.
    assert!(matches!(
        invite(&w, w.granny, w.nanny, "Kozlova", 300_000_005, None),
        Err(Error::AccessDenied(_) | Error::NotFound { .. })
    ));
    // The parent lists and revokes; revocation takes effect at once.
    let grants = d
        .trusted_grants(&Actor::vouched(w.f.mother), w.f.student)
        .unwrap();
    assert_eq!(grants[0].status, GrantStatus::Active);
    d.revoke_grant(&Actor::vouched(w.f.mother), g.id).unwrap();
    assert!(matches!(
        read(),
        Err(Error::AccessDenied(_) | Error::NotFound { .. })
    ));
    assert_eq!(
        d.trusted_grants(&w.f.admin, w.f.student).unwrap()[0].status,
        GrantStatus::Revoked
    );

    // Unanswered invitations expire; the school's rules set the delay.
    d.set_trusted_person_rules(&w.f.admin, w.f.school, 0, 3)
        .unwrap();
    let late = invite(&w, w.f.mother, w.nanny, "Kozlova", 300_000_005, None).unwrap();
    w.clock.advance(Duration::days(4));
    assert!(matches!(
        d.accept_invitation(&Actor::vouched(w.nanny), late.id),
        Err(Error::Conflict(_))
    ));
    let quick = invite(&w, w.f.mother, w.nanny, "Kozlova", 300_000_005, None).unwrap();
    // Nobody but the invitee may answer.
    assert!(matches!(
        d.accept_invitation(&granny, quick.id),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(
        d.accept_invitation(&Actor::vouched(w.nanny), quick.id)
            .unwrap()
            .status,
        GrantStatus::Active
    );
    assert!(d
        .marks(
            &Actor::vouched(w.nanny),
            w.f.student,
            date!(2024 - 09 - 01),
            date!(2024 - 10 - 25)
        )
        .is_ok());
    let declined = invite(&w, w.f.mother, w.granny, "Ivanova", 300_000_004, None).unwrap();
    assert_eq!(
        d.decline_invitation(&granny, declined.id).unwrap().status,
        GrantStatus::Declined
    );
}

#[test]
fn invitations_do_not_reveal_who_is_registered() {
    let w = world();
    let wrong_surname =
        invite(&w, w.f.mother, w.granny, "Smirnova", 300_000_004, None).unwrap_err();
    let unknown = invite(&w, w.f.mother, w.granny, "Ivanova", 399_999_999, None).unwrap_err();
    assert_eq!(wrong_surname, unknown);
    assert_eq!(wrong_surname.field(), Some("invitee"));
}

#[test]
fn a_visibility_window_hides_older_marks() {
    let w = world();
    let d = &w.f.diary;
    w.clock.set(datetime!(2024-10-15 10:00 UTC));
    let g = invite(&w, w.f.mother, w.granny, "Ivanova", 300_000_004, Some(30)).unwrap();
    d.accept_invitation(&Actor::vouched(w.granny), g.id)
        .unwrap();
    w.clock.advance(Duration::hours(24));
    // Window: the last 30 days up to 16 October, i.e. from 17 September.
    let seen = d
        .marks(
            &Actor::vouched(w.granny),
            w.f.student,
            date!(2024 - 09 - 01),
            date!(2024 - 10 - 25),
        )
        .unwrap();
    assert_eq!(
        seen.iter().map(|m| m.date).collect::<Vec<_>>(),
        [date!(2024 - 09 - 18)]
    );
    assert!(matches!(
        d.mark(&Actor::vouched(w.granny), w.mark),
        Err(Error::AccessDenied(_) | Error::NotFound { .. })
    ));
    assert!(matches!(
        d.average(&Actor::vouched(w.granny), w.f.student, w.f.maths, w.q1),
        Err(Error::AccessDenied(_) | Error::NotFound { .. })
    ));
    // The parents' own view is not limited.
    assert_eq!(
        d.marks(
            &Actor::vouched(w.f.mother),
            w.f.student,
            date!(2024 - 09 - 01),
            date!(2024 - 10 - 25)
        )
        .unwrap()
        .len(),
        2
    );
}

#[test]
fn the_regional_role_sees_aggregates_only() {
    let w = world();
    let d = &w.f.diary;
    let stats = d
        .regional_statistics(&Actor::vouched(w.officer), "Moscow")
        .unwrap();
    assert_eq!(stats.len(), 1);
    let s = &stats[0];
    assert_eq!(
        (
            s.school_name.as_str(),
            s.subject.as_str(),
            s.period.as_str(),
            s.students,
            s.marks
        ),
        ("School No. 1", "Mathematics", "Q1", 1, 0)
    );
    // One student: the cell is withheld (minimum group size 10).
    assert!(s.suppressed);
    assert_eq!(s.mean, None);
    let json = serde_json::to_string(&stats).unwrap();
    assert!(
        !json.contains("\"student\"") && !json.contains("Ivanov"),
        "no people in regional figures: {json}"
    );
    assert!(matches!(
        d.regional_statistics(&Actor::vouched(w.officer), "Tver"),
        Err(Error::AccessDenied(_) | Error::NotFound { .. })
    ));
    assert!(matches!(
        d.regional_statistics(&w.f.admin, "Moscow"),
        Err(Error::AccessDenied(_) | Error::NotFound { .. })
    ));
    assert!(matches!(
        d.appoint_regional_officer(&w.f.admin, w.father, "Moscow"),
        Err(Error::AccessDenied(_) | Error::NotFound { .. })
    ));
}

#[test]
fn group_teachers_see_their_group_and_class_teachers_their_class() {
    let w = world();
    let d = &w.f.diary;
    // The English teacher teaches only group "English 1", without the student.
    let english = d
        .create_subject(&w.f.admin, w.f.school, "English")
        .unwrap()
        .id;
    let group = d
        .create_group(&w.f.admin, w.f.class_5a, "English 1")
        .unwrap()
        .id;
    d.assign_teacher(
        &w.f.admin,
        &NewAssignment {
            teacher: w.other_teacher,
            class: w.f.class_5a,
            group: Some(group),
            subject: english,
        },
    )
    .unwrap();
    let eng = Actor::vouched(w.other_teacher);
    let mark = NewMark::grade(w.f.student, english, date!(2024 - 09 - 12), "5", w.homework);
    assert!(matches!(
        d.record_mark(&eng, &mark),
        Err(Error::AccessDenied(_) | Error::NotFound { .. })
    ));
    d.add_group_member(&w.f.admin, group, w.f.student).unwrap();
    assert!(d.record_mark(&eng, &mark).is_ok());
    // The class teacher (the maths teacher here) reads the class's people.
    let ct = Actor::vouched(w.f.teacher);
    assert_eq!(
        d.class_roster(&ct, w.f.class_5a, date!(2024 - 09 - 12))
            .unwrap()
            .len(),
        1
    );
    assert!(d.person(&ct, w.f.student).is_ok());
    assert_eq!(d.guardians(&ct, w.f.student).unwrap().len(), 2);
    assert!(matches!(
        d.class_roster(&eng, w.f.class_5a, date!(2024 - 09 - 12)),
        Err(Error::AccessDenied(_) | Error::NotFound { .. })
    ));
    assert!(matches!(
        d.person(&ct, w.other_student),
        Err(Error::AccessDenied(_) | Error::NotFound { .. })
    ));
}

#[test]
fn a_school_may_limit_families_to_recent_marks() {
    let w = world();
    let d = &w.f.diary;
    w.clock.set(datetime!(2024-10-16 10:00 UTC));
    let mother = Actor::vouched(w.f.mother);
    let range = (date!(2024 - 09 - 01), date!(2024 - 10 - 25));
    assert!(matches!(
        d.set_family_visibility_window(&mother, w.f.school, Some(30)),
        Err(Error::AccessDenied(_) | Error::NotFound { .. })
    ));
    assert_eq!(
        d.set_family_visibility_window(&w.f.admin, w.f.school, Some(0))
            .unwrap_err()
            .field(),
        Some("days")
    );
    d.set_family_visibility_window(&w.f.admin, w.f.school, Some(30))
        .unwrap();
    let seen = d.marks(&mother, w.f.student, range.0, range.1).unwrap();
    assert_eq!(
        seen.iter().map(|m| m.date).collect::<Vec<_>>(),
        [date!(2024 - 09 - 18)]
    );
    // The period's average (over all its marks) stays visible to the family.
    assert_eq!(
        d.average(&mother, w.f.student, w.f.maths, w.q1).unwrap(),
        d.average(&w.f.admin, w.f.student, w.f.maths, w.q1).unwrap()
    );
    assert!(matches!(
        d.mark(&Actor::vouched(w.f.student), w.mark),
        Err(Error::AccessDenied(_) | Error::NotFound { .. })
    ));
    // Staff are not limited.
    assert_eq!(
        d.marks(&Actor::vouched(w.f.teacher), w.f.student, range.0, range.1)
            .unwrap()
            .len(),
        2
    );
    d.set_family_visibility_window(&w.f.admin, w.f.school, None)
        .unwrap();
    assert_eq!(
        d.marks(&mother, w.f.student, range.0, range.1)
            .unwrap()
            .len(),
        2
    );
    assert!(d.average(&mother, w.f.student, w.f.maths, w.q1).is_ok());
}

#[test]
fn schools_are_isolated() {
    let w = world();
    let other = Actor::vouched(w.other_admin);
    assert!(matches!(
        w.f.diary.marks(
            &other,
            w.f.student,
            date!(2024 - 09 - 01),
            date!(2024 - 10 - 25)
        ),
        Err(Error::AccessDenied(_) | Error::NotFound { .. })
    ));
    assert!(matches!(
        w.f.diary.access_log_of_school(&other, w.f.school),
        Err(Error::AccessDenied(_) | Error::NotFound { .. })
    ));
    assert!(matches!(
        w.f.diary.trusted_grants(&other, w.f.student),
        Err(Error::AccessDenied(_) | Error::NotFound { .. })
    ));
}

#[test]
fn the_access_log_records_reads_writes_and_refusals() {
    let w = world();
    let d = &w.f.diary;
    d.marks(
        &Actor::vouched(w.f.mother),
        w.f.student,
        date!(2024 - 09 - 01),
        date!(2024 - 10 - 25),
    )
    .unwrap();
    d.average(&Actor::vouched(w.father), w.f.student, w.f.maths, w.q1)
        .unwrap();
    assert!(d
        .marks(
            &Actor::vouched(w.other_student),
            w.f.student,
            date!(2024 - 09 - 01),
            date!(2024 - 10 - 25)
        )
        .is_err());
    let log = d
        .access_log_of_child(&Actor::vouched(w.f.mother), w.f.student)
        .unwrap();
    let summary: Vec<(Option<PersonId>, &str, &str, &str, bool)> = log
        .iter()
        .map(|e| {
            (
                e.actor,
                e.acting_as.as_str(),
                e.data_kind.as_str(),
                e.action.as_str(),
                e.allowed,
            )
        })
        .collect();
    assert!(
        summary.contains(&(Some(w.f.teacher), "subject_teacher", "marks", "write", true)),
        "{summary:?}"
    );
    assert!(
        summary.contains(&(
            Some(w.f.mother),
            "legal_representative",
            "marks",
            "read",
            true
        )),
        "{summary:?}"
    );
    assert!(
        summary.contains(&(Some(w.father), "guardian", "averages", "read", true)),
        "{summary:?}"
    );
    assert!(
        summary.contains(&(Some(w.other_student), "unrelated", "marks", "read", false)),
        "{summary:?}"
    );
    // Structural changes and reads of personal records are logged too.
    d.class_roster(&w.f.admin, w.f.class_5a, date!(2024 - 09 - 10))
        .unwrap();
    assert!(d
        .person(&Actor::vouched(w.other_student), w.f.student)
        .is_err());
    let log = d
        .access_log_of_child(&Actor::vouched(w.f.mother), w.f.student)
        .unwrap();
    let summary: Vec<(Option<PersonId>, &str, &str, &str, bool)> = log
        .iter()
        .map(|e| {
            (
                e.actor,
                e.acting_as.as_str(),
                e.data_kind.as_str(),
                e.action.as_str(),
                e.allowed,
            )
        })
        .collect();
    let admin = w.f.admin.person();
    assert!(
        summary.contains(&(admin, "school_admin", "enrolments", "write", true)),
        "{summary:?}"
    );
    assert!(
        summary.contains(&(admin, "school_admin", "guardians", "write", true)),
        "{summary:?}"
    );
    assert!(
        summary.contains(&(admin, "school_admin", "roster", "read", true)),
        "{summary:?}"
    );
    assert!(
        summary.contains(&(Some(w.other_student), "unrelated", "person", "read", false)),
        "{summary:?}"
    );
    // No SNILS or other personal values in the log, only ids and kinds.
    let json = serde_json::to_string(&log).unwrap();
    assert!(!json.contains("08765432102"));
    assert!(
        d.access_log_of_school(&w.f.admin, w.f.school)
            .unwrap()
            .len()
            >= log.len()
    );
    assert_eq!(d.verify_access_log(&w.f.admin).unwrap().first_broken, None);
    assert!(matches!(
        d.verify_access_log(&Actor::vouched(w.f.mother)),
        Err(Error::AccessDenied(_) | Error::NotFound { .. })
    ));
}

#[test]
fn the_access_log_is_tamper_evident() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.diary");
    let f = build(Diary::open(&path).unwrap());
    let d = &f.diary;
    let q1 = d
        .add_period(
            &f.admin,
            f.year,
            &NewPeriod {
                kind: PeriodKind::Quarter,
                name: "Q1".into(),
                start: date!(2024 - 09 - 02),
                end: date!(2024 - 10 - 25),
            },
        )
        .unwrap()
        .id;
    for _ in 0..3 {
        let _ = d.marks(
            &Actor::vouched(f.mother),
            f.student,
            date!(2024 - 09 - 01),
            date!(2024 - 10 - 25),
        );
        let _ = d.average(&Actor::vouched(f.mother), f.student, f.maths, q1);
    }
    let v = d.verify_access_log(&f.admin).unwrap();
    assert!(v.entries >= 3 && v.first_broken.is_none(), "{v:?}");
    let c = rusqlite::Connection::open(&path).unwrap();
    // The log refuses in-place changes and deletions...
    assert!(c
        .execute("UPDATE access_log SET allowed = 0 WHERE id = 2", [])
        .is_err());
    assert!(c
        .execute("DELETE FROM access_log WHERE id = 2", [])
        .is_err());
    // ...and a change made around the triggers breaks the chain at that entry.
    c.execute_batch("DROP TRIGGER access_log_no_update; UPDATE access_log SET allowed = 1 - allowed WHERE id = 2;").unwrap();
    drop(c);
    // The dropped trigger is noticed at the next open...
    assert_eq!(Diary::open(&path).unwrap_err().code(), ErrorCode::Corrupt);
    Diary::repair_schema(&path).unwrap();
    let d2 = Diary::open(&path).unwrap();
    assert_eq!(
        d2.verify_access_log(&f.admin).unwrap().first_broken,
        Some(2)
    );
}
