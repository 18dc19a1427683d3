//! School entry and exit (D14): events recorded by the host, late, out of
//! order and repeated; a child's presence for the family; a class's day
//! for the class teacher, reconciled with the register; refusals.

mod common;

use common::person;
use common::world::{school, snils, trusted_nanny, TestSchool};
use diary_core::*;
use std::sync::Arc;
use time::macros::{date, datetime};
use time::{Duration, OffsetDateTime};

const DAY: time::Date = date!(2024 - 09 - 16);

struct World {
    d: Diary,
    clock: Arc<ManualClock>,
    s: TestSchool,
    other: TestSchool,
    /// A second student of 5A, never through the turnstile.
    second: PersonId,
}

fn world() -> World {
    let clock = Arc::new(ManualClock::new(datetime!(2024-09-20 10:00 UTC)));
    let d = common::fresh_diary(OpenOptions {
        clock: clock.clone(),
        ..OpenOptions::default()
    });
    let s = school(&d, "A", 100_000, None);
    let other = school(&d, "B", 200_000, None);
    let admin = Actor::vouched(s.admin);
    let second = d
        .register_person(
            &admin,
            s.ids.school,
            &person("Second", "S", date!(2013 - 02 - 02), Some(&snils(100_050))),
        )
        .unwrap()
        .id;
    d.enrol(&admin, second, s.ids.class, date!(2024 - 09 - 01))
        .unwrap();
    World {
        d,
        clock,
        s,
        other,
        second,
    }
}

fn event(student: PersonId, direction: VisitDirection, at: OffsetDateTime) -> NewVisitEvent {
    NewVisitEvent {
        student,
        direction,
        at,
        device: "gate-1".into(),
    }
}

fn refused<T: std::fmt::Debug>(r: Result<T>) -> Error {
    match r {
        Err(e @ (Error::AccessDenied(_) | Error::NotFound { .. })) => e,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// Every stored visit event, to show a failed call stored nothing.
fn all_events(w: &World) -> Vec<DayPresence> {
    w.d.presence(
        &Actor::vouched(w.s.admin),
        w.s.ids.student,
        date!(2024 - 09 - 01),
        date!(2024 - 09 - 30),
    )
    .unwrap()
}

#[test]
fn events_arrive_late_out_of_order_and_twice() {
    let w = world();
    let admin = Actor::vouched(w.s.admin);
    let child = w.s.ids.student;
    // The exit arrives before the entry; the operator (the host's
    // turnstile) sends the second batch, repeating one event.
    let exit = event(child, VisitDirection::Exit, datetime!(2024-09-16 11:10 UTC));
    let entry = event(
        child,
        VisitDirection::Entry,
        datetime!(2024-09-16 04:52 UTC),
    );
    let got =
        w.d.record_visits(&admin, w.s.ids.school, std::slice::from_ref(&exit))
            .unwrap();
    assert_eq!((got.recorded, got.duplicates), (1, 0));
    let got =
        w.d.record_visits(
            &Actor::operator(),
            w.s.ids.school,
            &[entry.clone(), exit.clone()],
        )
        .unwrap();
    assert_eq!((got.recorded, got.duplicates), (1, 1));
    // The family sees the day in Moscow time.
    let mother = Actor::vouched(w.s.ids.mother);
    let days = w.d.presence(&mother, child, DAY, DAY).unwrap();
    assert_eq!(days.len(), 1);
    assert_eq!(days[0].entered.as_deref(), Some("07:52"));
    assert_eq!(days[0].left.as_deref(), Some("14:10"));
    assert!(!days[0].inside);
    assert_eq!(days[0].events.len(), 2);
    assert_eq!(days[0].events[0].direction, VisitDirection::Entry);
    // A second entry after lunch, the exit not yet sent: inside.
    w.d.record_visits(
        &admin,
        w.s.ids.school,
        &[event(
            child,
            VisitDirection::Entry,
            datetime!(2024-09-16 11:40 UTC),
        )],
    )
    .unwrap();
    let days = w.d.presence(&mother, child, DAY, DAY).unwrap();
    assert!(days[0].inside);
    assert_eq!(days[0].entered.as_deref(), Some("07:52"));
    // The same instant from another device is another event.
    let mut again = entry.clone();
    again.device = "guard-tablet:2".into();
    let got = w.d.record_visits(&admin, w.s.ids.school, &[again]).unwrap();
    assert_eq!(got.recorded, 1);
    // A range shows every day, empty ones too; a local day runs from
    // local midnight (21:00 UTC the day before in Moscow).
    w.d.record_visits(
        &admin,
        w.s.ids.school,
        &[event(
            child,
            VisitDirection::Entry,
            datetime!(2024-09-16 21:30 UTC),
        )],
    )
    .unwrap();
    let week =
        w.d.presence(&mother, child, DAY, DAY + Duration::days(6))
            .unwrap();
    assert_eq!(week.len(), 7);
    assert_eq!(week[1].entered.as_deref(), Some("00:30"));
    assert!(week[2].events.is_empty() && week[2].entered.is_none());
}

#[test]
fn the_class_teacher_sees_who_is_in_and_where_the_register_disagrees() {
    let w = world();
    let s = &w.s;
    let admin = Actor::vouched(s.admin);
    let child = s.ids.student;
    w.d.record_visits(
        &admin,
        s.ids.school,
        &[
            event(
                child,
                VisitDirection::Entry,
                datetime!(2024-09-16 04:52 UTC),
            ),
            event(child, VisitDirection::Exit, datetime!(2024-09-16 11:10 UTC)),
        ],
    )
    .unwrap();
    // The register of Monday's lesson: the child "absent", the second
    // student present.
    let teacher = Actor::vouched(s.ids.teacher);
    let lesson = LessonKey {
        class: s.ids.class,
        date: DAY,
        number: 1,
        group: None,
    };
    let entry = |student, status| AttendanceEntry {
        student,
        status,
        late_minutes: None,
        reason: None,
        excused: false,
    };
    w.d.record_attendance(
        &teacher,
        &lesson,
        &[
            entry(child, AttendanceStatus::Absent),
            entry(w.second, AttendanceStatus::Present),
        ],
    )
    .unwrap();
    let day = w.d.class_presence(&teacher, s.ids.class, DAY).unwrap();
    assert_eq!(day.students.len(), 2);
    let mine = day.students.iter().find(|d| d.student == child).unwrap();
    assert_eq!(mine.entered.as_deref(), Some("07:52"));
    assert_eq!(
        day.absent_but_entered,
        vec![PresenceMismatch {
            student: child,
            lessons: vec![1]
        }]
    );
    assert_eq!(
        day.present_but_never_entered,
        vec![PresenceMismatch {
            student: w.second,
            lessons: vec![1]
        }]
    );
    // The admin sees the same; the family does not see the class.
    assert_eq!(w.d.class_presence(&admin, s.ids.class, DAY).unwrap(), day);
    refused(w.d.class_presence(&Actor::vouched(s.ids.mother), s.ids.class, DAY));
}

#[test]
fn bad_events_are_refused_naming_the_field_and_store_nothing() {
    let w = world();
    let admin = Actor::vouched(w.s.admin);
    let child = w.s.ids.student;
    let ok = event(
        child,
        VisitDirection::Entry,
        datetime!(2024-09-16 04:52 UTC),
    );
    let before = all_events(&w);
    let with = |f: &dyn Fn(&mut NewVisitEvent)| {
        let mut e = ok.clone();
        f(&mut e);
        vec![ok.clone(), e]
    };
    let cases: Vec<(Vec<NewVisitEvent>, &str)> = vec![
        (Vec::new(), "events"),
        (
            vec![ok.clone(); diary_core::limits::MAX_VISIT_EVENTS + 1],
            "events",
        ),
        (with(&|e| e.device = String::new()), "events[1].device"),
        (with(&|e| e.device = "gate 1".into()), "events[1].device"),
        (with(&|e| e.device = "g".repeat(65)), "events[1].device"),
        (
            with(&|e| e.device = "gate\u{202e}1".into()),
            "events[1].device",
        ),
        (with(&|e| e.device = "ворота".into()), "events[1].device"),
        (
            with(&|e| e.at = datetime!(2024-09-20 10:11 UTC)),
            "events[1].at",
        ),
        (
            with(&|e| e.at = datetime!(1800-01-01 00:00 UTC)),
            "events[1].at",
        ),
        (with(&|e| e.student = PersonId(0)), "events[1].student"),
        (
            with(&|e| e.student = PersonId(i64::MIN)),
            "events[1].student",
        ),
        (
            with(&|e| e.student = PersonId(i64::MAX)),
            "events[1].student",
        ),
        // Another school's student, and one's own school's mother: not
        // students of this school.
        (
            with(&|e| e.student = w.other.ids.student),
            "events[1].student",
        ),
        (with(&|e| e.student = w.s.ids.mother), "events[1].student"),
    ];
    for (events, field) in cases {
        match w.d.record_visits(&admin, w.s.ids.school, &events) {
            Err(Error::InvalidInput { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    // Ten minutes ahead of the clock is still accepted (devices drift).
    let soon = event(
        child,
        VisitDirection::Entry,
        datetime!(2024-09-20 10:09 UTC),
    );
    assert_eq!(all_events(&w), before);
    w.d.record_visits(&admin, w.s.ids.school, &[soon]).unwrap();
    // Reading: a range the wrong way round, or too long.
    let mother = Actor::vouched(w.s.ids.mother);
    for (from, to) in [
        (DAY, DAY - Duration::days(1)),
        (DAY, DAY + Duration::days(92)),
        (date!(1800 - 01 - 01), date!(1800 - 01 - 02)),
    ] {
        assert!(matches!(
            w.d.presence(&mother, child, from, to),
            Err(Error::InvalidInput { .. })
        ));
    }
}

#[test]
fn who_may_record_and_read() {
    let w = world();
    let s = &w.s;
    let child = s.ids.student;
    let e = [event(
        child,
        VisitDirection::Entry,
        datetime!(2024-09-16 04:52 UTC),
    )];
    let before = all_events(&w);
    // The family and teachers do not record; another school's admin gets
    // "not found" for this school, as for a school nobody has.
    for who in [s.ids.mother, child, s.ids.teacher] {
        refused(w.d.record_visits(&Actor::vouched(who), s.ids.school, &e));
    }
    let foreign = Actor::vouched(w.other.admin);
    let a = refused(w.d.record_visits(&foreign, s.ids.school, &e));
    let b = refused(w.d.record_visits(&foreign, SchoolId(999_999), &e));
    assert_eq!(
        format!("{a}").replace(&s.ids.school.to_string(), "#"),
        format!("{b}").replace("999999", "#")
    );
    assert_eq!(all_events(&w), before);
    // Another school's admin, teacher and mother name the child: "not
    // found", exactly as a missing id.
    for who in [w.other.admin, w.other.ids.teacher, w.other.ids.mother] {
        let got = refused(w.d.presence(&Actor::vouched(who), child, DAY, DAY));
        assert!(matches!(got, Error::NotFound { .. }), "{got:?}");
        let got = refused(w.d.class_presence(&Actor::vouched(who), s.ids.class, DAY));
        assert!(matches!(got, Error::NotFound { .. }), "{got:?}");
    }
    // The child itself reads its own days; refusals are logged.
    assert!(w
        .d
        .presence(&Actor::vouched(child), child, DAY, DAY)
        .is_ok());
    let log =
        w.d.access_log_of_school(&Actor::vouched(s.admin), s.ids.school)
            .unwrap();
    assert!(log
        .iter()
        .any(|e| e.actor == Some(s.ids.mother) && e.data_kind == "visits" && !e.allowed));
    assert!(log
        .iter()
        .any(|e| e.child == Some(child) && e.data_kind == "visits" && e.allowed));
    let _ = &w.clock;
}

#[test]
fn a_trusted_person_sees_visits_only_when_granted_them() {
    for (services, sees) in [
        (Services::NONE.with(Service::Visits), true),
        (Services::NONE.with(Service::Meals), false),
        (Services::DIARY, false),
    ] {
        let w = world();
        let s = &w.s;
        let nanny = Actor::vouched(trusted_nanny(&w.d, s, services, 100_060));
        let got = w.d.presence(&nanny, s.ids.student, DAY, DAY);
        assert_eq!(got.is_ok(), sees, "{services:?}: {got:?}");
    }
}
