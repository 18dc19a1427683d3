//! Consent records (P6): versioned texts per purpose, decisions with time
//! and channel, withdrawal, what a withdrawal stops (visits and meals), an
//! append-only history; refusals.

mod common;

use common::world::{school, TestSchool};
use diary_core::*;
use std::sync::Arc;
use time::macros::{date, datetime};

struct World {
    d: Diary,
    s: TestSchool,
    other: TestSchool,
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
}

fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("consents.diary");
    let clock = Arc::new(ManualClock::new(datetime!(2024-09-20 10:00 UTC)));
    let d = Diary::open_with(
        &path,
        OpenOptions {
            clock,
            ..OpenOptions::default()
        },
    )
    .unwrap();
    let s = school(&d, "A", 100_000, None);
    let other = school(&d, "B", 200_000, None);
    let admin = Actor::vouched(s.admin);
    for purpose in [ConsentPurpose::Diary, ConsentPurpose::VisitsMeals] {
        d.publish_consent_text(&admin, s.ids.school, purpose, "I consent to …")
            .unwrap();
    }
    World {
        d,
        s,
        other,
        _dir: dir,
        path,
    }
}

fn entry(student: PersonId) -> NewVisitEvent {
    NewVisitEvent {
        student,
        direction: VisitDirection::Entry,
        at: datetime!(2024-09-16 05:00 UTC),
        device: "gate-1".into(),
    }
}

#[test]
fn texts_are_versioned_per_purpose() {
    let w = world();
    let admin = Actor::vouched(w.s.admin);
    let v2 =
        w.d.publish_consent_text(
            &admin,
            w.s.ids.school,
            ConsentPurpose::VisitsMeals,
            "Version 2\nwith lines",
        )
        .unwrap();
    assert_eq!(v2.version, 2);
    let texts =
        w.d.consent_texts(&Actor::vouched(w.s.ids.mother), w.s.ids.school)
            .unwrap();
    assert_eq!(
        texts
            .iter()
            .map(|t| (t.purpose, t.version))
            .collect::<Vec<_>>(),
        [
            (ConsentPurpose::Diary, 1),
            (ConsentPurpose::VisitsMeals, 1),
            (ConsentPurpose::VisitsMeals, 2)
        ]
    );
    for bad in ["", "a\u{202e}b", &"x".repeat(20_001)] {
        assert!(matches!(
            w.d.publish_consent_text(&admin, w.s.ids.school, ConsentPurpose::Photos, bad),
            Err(Error::InvalidInput { ref field, .. }) if field == "body"
        ));
    }
    assert!(matches!(
        w.d.publish_consent_text(
            &Actor::vouched(w.s.ids.teacher),
            w.s.ids.school,
            ConsentPurpose::Photos,
            "x"
        ),
        Err(Error::AccessDenied(_))
    ));
    assert!(matches!(
        w.d.publish_consent_text(
            &Actor::vouched(w.other.admin),
            w.s.ids.school,
            ConsentPurpose::Photos,
            "x"
        ),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(w.d.consent_texts(&admin, w.s.ids.school).unwrap().len(), 3);
}

#[test]
fn a_withdrawal_stops_visits_and_meals_processing() {
    let w = world();
    let s = &w.s;
    let (admin, mother) = (Actor::vouched(s.admin), Actor::vouched(s.ids.mother));
    let child = s.ids.student;
    let give = |decision| {
        w.d.record_consent(
            &mother,
            child,
            s.ids.school,
            ConsentPurpose::VisitsMeals,
            decision,
            ConsentChannel::Online,
        )
    };
    // Nothing to withdraw yet.
    assert!(matches!(
        give(ConsentDecision::Withdrawn),
        Err(Error::Conflict(_))
    ));
    give(ConsentDecision::Given).unwrap();
    assert_eq!(
        w.d.record_visits(&admin, s.ids.school, &[entry(child)])
            .unwrap()
            .recorded,
        1
    );
    let withdrawn = give(ConsentDecision::Withdrawn).unwrap();
    assert_eq!(
        (withdrawn.version, withdrawn.recorded_by),
        (1, Some(s.ids.mother))
    );
    // The turnstile's events of the child are not stored; others' are.
    let mut later = entry(child);
    later.at = datetime!(2024-09-17 05:00 UTC);
    let got = w.d.record_visits(&admin, s.ids.school, &[later]).unwrap();
    assert_eq!((got.recorded, got.without_consent), (0, 1));
    assert_eq!(
        w.d.presence(&mother, child, date!(2024 - 09 - 17), date!(2024 - 09 - 17))
            .unwrap()[0]
            .events
            .len(),
        0
    );
    // No orders, meals or payments either.
    let menu =
        w.d.publish_menu(
            &admin,
            &NewMenu {
                school: s.ids.school,
                day: date!(2024 - 09 - 30),
                meal: MealKind::Lunch,
                items: vec![MenuItem {
                    name: "Soup".into(),
                    price: 100,
                    allergens: Vec::new(),
                }],
            },
        )
        .unwrap();
    assert!(matches!(
        w.d.order_meal(&mother, child, menu.id, None),
        Err(Error::Conflict(ref m)) if m.contains("withdrawn")
    ));
    assert!(matches!(
        w.d.record_meal_payment(&Actor::operator(), child, 100, "p1"),
        Err(Error::Conflict(_))
    ));
    assert!(matches!(
        w.d.record_meal_served(&admin, child, menu.id, None),
        Err(Error::Conflict(_))
    ));
    // A new version, consented on paper at the school: processing resumes.
    w.d.publish_consent_text(&admin, s.ids.school, ConsentPurpose::VisitsMeals, "v2")
        .unwrap();
    let again =
        w.d.record_consent(
            &admin,
            child,
            s.ids.school,
            ConsentPurpose::VisitsMeals,
            ConsentDecision::Given,
            ConsentChannel::Paper,
        )
        .unwrap();
    assert_eq!((again.version, again.channel), (2, ConsentChannel::Paper));
    w.d.order_meal(&mother, child, menu.id, None).unwrap();
    // The whole history, oldest first, for the family and the admin.
    let history = w.d.consents(&mother, child).unwrap();
    assert_eq!(
        history.iter().map(|r| r.decision).collect::<Vec<_>>(),
        [
            ConsentDecision::Given,
            ConsentDecision::Withdrawn,
            ConsentDecision::Given
        ]
    );
    assert_eq!(w.d.consents(&admin, child).unwrap(), history);
}

#[test]
fn the_history_is_append_only() {
    let w = world();
    w.d.record_consent(
        &Actor::vouched(w.s.ids.mother),
        w.s.ids.student,
        w.s.ids.school,
        ConsentPurpose::Diary,
        ConsentDecision::Given,
        ConsentChannel::InPerson,
    )
    .unwrap();
    let c = rusqlite::Connection::open(&w.path).unwrap();
    for sql in [
        "UPDATE consent_record SET decision = 'refused'",
        "DELETE FROM consent_record",
    ] {
        let e = c.execute(sql, []).unwrap_err().to_string();
        assert!(e.contains("append-only"), "{e}");
    }
    assert_eq!(
        w.d.consents(&Actor::vouched(w.s.admin), w.s.ids.student)
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn who_may_decide_and_read() {
    let w = world();
    let s = &w.s;
    let child = s.ids.student;
    let record = |who: &Actor, school: SchoolId| {
        w.d.record_consent(
            who,
            child,
            school,
            ConsentPurpose::Diary,
            ConsentDecision::Refused,
            ConsentChannel::Online,
        )
    };
    // The child itself may decide; the teacher may not.
    record(&Actor::vouched(child), s.ids.school).unwrap();
    assert!(matches!(
        record(&Actor::vouched(s.ids.teacher), s.ids.school),
        Err(Error::AccessDenied(_))
    ));
    assert!(matches!(
        w.d.consents(&Actor::vouched(s.ids.teacher), child),
        Err(Error::AccessDenied(_))
    ));
    // Another school's admin, teacher and mother: "not found".
    for who in [w.other.admin, w.other.ids.teacher, w.other.ids.mother] {
        let a = Actor::vouched(who);
        for got in [
            record(&a, s.ids.school).map(drop),
            record(&a, w.other.ids.school).map(drop),
            w.d.consents(&a, child).map(drop),
        ] {
            assert!(matches!(got, Err(Error::NotFound { .. })), "{got:?}");
        }
    }
    // The school must be the person's.
    assert!(matches!(
        record(&Actor::vouched(s.ids.mother), w.other.ids.school),
        Err(Error::InvalidInput { ref field, .. }) if field == "school"
    ));
    // A purpose without a published text.
    assert!(matches!(
        w.d.record_consent(
            &Actor::vouched(s.ids.mother),
            child,
            s.ids.school,
            ConsentPurpose::Photos,
            ConsentDecision::Given,
            ConsentChannel::Online,
        ),
        Err(Error::InvalidInput { ref field, .. }) if field == "purpose"
    ));
    assert_eq!(
        w.d.consents(&Actor::vouched(s.ids.mother), child)
            .unwrap()
            .len(),
        1
    );
    let log =
        w.d.access_log_of_child(&Actor::vouched(s.ids.mother), child)
            .unwrap();
    assert!(log
        .iter()
        .any(|e| e.actor == Some(s.ids.teacher) && e.data_kind == "consents" && !e.allowed));
}
