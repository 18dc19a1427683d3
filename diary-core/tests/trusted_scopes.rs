//! Trusted persons' finer services (issue 17): each of marks, homework,
//! attendance, timetable, announcements, visits and meals is granted on
//! its own, and a trusted person sees what was granted and nothing else;
//! a person the school registered gains no reads of the school by that.

mod common;

use common::person;
use common::world::{fresh, school, snils, trusted_nanny, MON};
use diary_core::*;
use time::macros::date;
use time::Duration;

/// A school (from the shared world), and a nanny registered there with an
/// account, invited by the mother for `services` and accepted; the school
/// opens grants at once.
fn with_nanny(services: Option<Services>) -> (Diary, common::world::TestSchool, PersonId) {
    let d = fresh();
    let s = school(&d, "A", 100_000, None);
    let nanny = match services {
        Some(services) => trusted_nanny(&d, &s, services, 999_010),
        None => {
            let admin = Actor::vouched(s.admin);
            let nanny = d
                .register_person(
                    &admin,
                    s.ids.school,
                    &person("Nanny", "N", date!(1970 - 01 - 01), Some(&snils(999_010))),
                )
                .unwrap()
                .id;
            d.issue_credentials(&admin, nanny).unwrap();
            nanny
        }
    };
    (d, s, nanny)
}

fn refused<T: std::fmt::Debug>(r: Result<T>) {
    match r {
        Err(Error::AccessDenied(_)) | Err(Error::NotFound { .. }) => {}
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn service_bits_and_names_round_trip() {
    assert_eq!(Services::from_bits(1), Services::DIARY);
    assert_eq!(Services::from_bits(2), Services::VISITS_MEALS);
    for s in Service::ALL {
        let one = Services::NONE.with(s);
        assert_eq!(Services::from_bits(one.bits()), one);
        assert_eq!(Services::from_names("services", [s.as_str()]).unwrap(), one);
    }
    assert_eq!(Services::DIARY.bits(), 124);
    assert_eq!(Services::VISITS_MEALS.bits(), 384);
    assert!(Services::DIARY.diary() && !Services::DIARY.visits_meals());
    for bad in [0, -1, 512, 1 << 20, i64::MAX, i64::MIN] {
        assert!(matches!(
            Services::from_bits_checked("services", bad),
            Err(Error::InvalidInput { ref field, .. }) if field == "services"
        ));
    }
    assert!(matches!(
        Services::from_names("services", ["marks", "grades"]),
        Err(Error::InvalidInput { ref field, ref reason }) if field == "services" && reason.contains("grades")
    ));
    assert!(Services::from_choice(Some(&["marks".into()]), Some(true), None).is_err());
    assert_eq!(
        Services::from_choice(None, None, None).unwrap(),
        Services::DIARY
    );
}

#[test]
fn an_empty_grant_is_refused_and_stores_nothing() {
    let (d, s, _) = with_nanny(None);
    let mother = Actor::vouched(s.ids.mother);
    let before = d.trusted_grants(&mother, s.ids.student).unwrap().len();
    let r = d.invite_trusted_person(
        &mother,
        &NewInvitation {
            student: s.ids.student,
            surname: "Nanny".into(),
            invitee: InviteeId::Snils(snils(999_010)),
            services: Services::NONE,
            until: None,
            window_days: None,
        },
    );
    assert!(matches!(r, Err(Error::InvalidInput { ref field, .. }) if field == "services"));
    assert_eq!(
        d.trusted_grants(&mother, s.ids.student).unwrap().len(),
        before
    );
}

#[test]
fn homework_only_shows_homework_and_nothing_else() {
    let (d, s, nanny) = with_nanny(Some(Services::NONE.with(Service::Homework)));
    let n = Actor::vouched(nanny);
    let child = s.ids.student;
    let day = d.student_day(&n, child, MON).unwrap();
    // The Monday lesson shows for its homework, without marks or attendance.
    assert_eq!(day.lessons.len(), 1);
    assert_eq!(day.lessons[0].homework.len(), 1);
    assert!(day.lessons[0].marks.is_empty());
    assert!(day.lessons[0].attendance.is_none());
    assert!(day.remarks.is_empty());
    let due = d.student_day(&n, child, MON + Duration::days(7)).unwrap();
    assert_eq!(due.homework_due.len(), 1);
    // Marks, averages, attendance: refused, and each refusal logged.
    refused(d.marks(&n, child, MON, MON));
    refused(d.subject_averages(&n, child, s.ids.period));
    refused(d.attendance_summary(&n, child, MON, MON + Duration::days(5)));
    refused(d.absence_notices(&n, child));
    let log = d
        .access_log_of_child(&Actor::vouched(s.ids.mother), child)
        .unwrap();
    for kind in ["marks", "averages", "attendance"] {
        assert!(
            log.iter()
                .any(|e| e.actor == Some(nanny) && e.data_kind == kind && !e.allowed),
            "no logged refusal of {kind}: {log:?}"
        );
    }
    // The calendar feed carries the homework but no lessons.
    let feed = d
        .student_calendar(&n, child, MON, MON + Duration::days(7))
        .unwrap();
    assert!(feed.contains("BEGIN:VTODO"), "{feed}");
    assert!(!feed.contains("BEGIN:VEVENT"), "{feed}");
}

#[test]
fn marks_only_shows_marks_without_homework() {
    let (d, s, nanny) = with_nanny(Some(Services::NONE.with(Service::Marks)));
    let n = Actor::vouched(nanny);
    let child = s.ids.student;
    assert_eq!(d.marks(&n, child, MON, MON).unwrap().len(), 1);
    assert_eq!(
        d.subject_averages(&n, child, s.ids.period).unwrap().len(),
        1
    );
    let day = d.student_day(&n, child, MON).unwrap();
    assert_eq!(day.lessons.len(), 1);
    assert_eq!(day.lessons[0].marks.len(), 1);
    assert!(day.lessons[0].homework.is_empty());
    // A day with a lesson but nothing granted on it shows no lesson.
    let tuesday_week = d.student_day(&n, child, MON + Duration::days(7)).unwrap();
    assert!(tuesday_week.lessons.is_empty());
    assert!(tuesday_week.homework_due.is_empty());
    refused(d.attendance_summary(&n, child, MON, MON + Duration::days(5)));
    let feed = d
        .student_calendar(&n, child, MON, MON + Duration::days(7))
        .unwrap();
    assert!(!feed.contains("BEGIN:VTODO") && !feed.contains("BEGIN:VEVENT"));
}

#[test]
fn timetable_shows_lessons_and_upcoming_tests_only() {
    let (d, s, nanny) = with_nanny(Some(Services::NONE.with(Service::Timetable)));
    let n = Actor::vouched(nanny);
    let child = s.ids.student;
    let day = d.student_day(&n, child, MON + Duration::days(7)).unwrap();
    assert_eq!(day.lessons.len(), 1);
    assert!(day.homework_due.is_empty());
    let day = d.student_day(&n, child, MON).unwrap();
    assert!(day.lessons[0].marks.is_empty() && day.lessons[0].homework.is_empty());
    assert!(d
        .upcoming_tests(&n, child, MON, MON + Duration::days(30))
        .is_ok());
    refused(d.marks(&n, child, MON, MON));
}

#[test]
fn announcements_reach_a_trusted_person_granted_them() {
    let (d, s, nanny) = with_nanny(Some(Services::NONE.with(Service::Announcements)));
    let admin = Actor::vouched(s.admin);
    d.publish_announcement(
        &admin,
        &NewAnnouncement {
            school: s.ids.school,
            kind: AnnouncementKind::News,
            urgent: false,
            title: "Parents' evening".into(),
            body: "Thursday".into(),
            audience: vec![Audience {
                scope: AudienceScope::Class,
                id: Some(s.ids.class.0),
                role: AudienceRole::Parents,
            }],
            shown_from: date!(2024 - 09 - 20),
            shown_until: date!(2024 - 10 - 20),
            pinned: false,
            attachments: Vec::new(),
        },
    )
    .unwrap();
    let n = Actor::vouched(nanny);
    let got = d.announcements_for(&n, nanny, Some(s.ids.student)).unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].title, "Parents' evening");
    // Nothing of the diary itself.
    refused(d.marks(&n, s.ids.student, MON, MON));
    refused(d.student_day(&n, s.ids.student, MON));
}

#[test]
fn a_grant_without_announcements_sees_none() {
    let (d, s, nanny) = with_nanny(Some(Services::NONE.with(Service::Marks)));
    refused(d.announcements_for(&Actor::vouched(nanny), nanny, Some(s.ids.student)));
}

#[test]
fn visits_and_meals_alone_give_no_diary_reads() {
    let (d, s, nanny) = with_nanny(Some(Services::VISITS_MEALS));
    let n = Actor::vouched(nanny);
    let child = s.ids.student;
    refused(d.student_day(&n, child, MON));
    refused(d.marks(&n, child, MON, MON));
    refused(d.attendance_summary(&n, child, MON, MON + Duration::days(5)));
    refused(d.student_calendar(&n, child, MON, MON + Duration::days(7)));
    refused(d.announcements_for(&n, nanny, Some(child)));
}

/// A person the school registered (a nanny, before or after any grant)
/// reads nothing of the school by that: not its calendar, classes,
/// timetables, bell schedules or people.
fn reads_nothing_of_the_school(d: &Diary, s: &common::world::TestSchool, who: &Actor) {
    refused(d.bell_schedules(who, s.ids.school));
    refused(d.timetables(who, s.ids.class));
    refused(d.class_day(who, s.ids.class, MON));
    refused(d.years(who, s.ids.school));
    refused(d.classes(who, s.ids.year));
    refused(d.staff(who, s.ids.school));
    refused(d.student_day(who, s.ids.student, MON));
}

#[test]
fn registration_alone_gives_no_reads() {
    let (d, s, nanny) = with_nanny(None);
    reads_nothing_of_the_school(&d, &s, &Actor::vouched(nanny));
}

#[test]
fn a_granted_nanny_reads_no_more_of_the_school_and_loses_the_child_on_revocation() {
    let (d, s, nanny) = with_nanny(Some(Services::DIARY.union(Services::VISITS_MEALS)));
    let n = Actor::vouched(nanny);
    // The grant is for the child, not the school.
    refused(d.bell_schedules(&n, s.ids.school));
    refused(d.timetables(&n, s.ids.class));
    refused(d.class_day(&n, s.ids.class, MON));
    refused(d.staff(&n, s.ids.school));
    assert!(d.student_day(&n, s.ids.student, MON).is_ok());
    let g = d
        .trusted_grants(&Actor::vouched(s.ids.mother), s.ids.student)
        .unwrap()
        .into_iter()
        .find(|g| g.invitee == nanny)
        .unwrap();
    d.revoke_grant(&Actor::vouched(s.ids.mother), g.id).unwrap();
    reads_nothing_of_the_school(&d, &s, &n);
    refused(d.marks(&n, s.ids.student, MON, MON));
}
