//! Individual appointment slots (D12): a teacher publishes slots, parents
//! of the children the teacher teaches book them, a slot is booked once,
//! a parent holds no two overlapping bookings, bookings are private, and
//! another school's people learn nothing.

mod common;

use common::person;
use common::world::*;
use diary_core::*;
use std::sync::Arc;
use time::macros::{date, datetime};

fn setup() -> (Diary, TestSchool, TestSchool, PersonId, PersonId) {
    let clock = Arc::new(ManualClock::new(datetime!(2024-09-20 10:00 UTC)));
    let d = common::fresh_diary(OpenOptions {
        clock,
        ..OpenOptions::default()
    });
    let a = school(&d, "A", 700_000, None);
    let b = school(&d, "B", 800_000, None);
    let admin = Actor::vouched(a.admin);
    let reg = |name: &str, n: u32| {
        d.register_person(
            &admin,
            a.ids.school,
            &person(name, "Y", date!(1980 - 01 - 01), Some(&snils(700_700 + n))),
        )
        .unwrap()
        .id
    };
    // Another family of 5A.
    let son = reg("Son", 1);
    d.enrol(&admin, son, a.ids.class, date!(2024 - 09 - 01))
        .unwrap();
    let father = reg("Father", 2);
    d.add_guardian(
        &admin,
        &Guardianship {
            student: son,
            guardian: father,
            relation: Relation::Father,
            legal_representative: true,
        },
    )
    .unwrap();
    (d, a, b, father, son)
}

fn evening(a: &TestSchool) -> NewSlots {
    NewSlots {
        school: a.ids.school,
        day: date!(2024 - 09 - 26),
        starts: "18:00".into(),
        minutes: 15,
        count: 4,
        place: Some("Room 12".into()),
        online_link: None,
    }
}

#[test]
fn parents_book_a_teachers_slots_once_each() {
    let (d, a, _, father, son) = setup();
    let teacher = Actor::vouched(a.ids.teacher);
    let mother = Actor::vouched(a.ids.mother);
    let slots = d.publish_appointment_slots(&teacher, &evening(&a)).unwrap();
    assert_eq!(
        slots.iter().map(|s| s.starts.as_str()).collect::<Vec<_>>(),
        ["18:00", "18:15", "18:30", "18:45"]
    );
    // Overlapping slots of the same teacher are refused, nothing stored.
    let mut again = evening(&a);
    again.starts = "18:40".into();
    assert!(matches!(
        d.publish_appointment_slots(&teacher, &again),
        Err(Error::Conflict(_))
    ));
    let (from, to) = (date!(2024 - 09 - 20), date!(2024 - 09 - 30));
    assert_eq!(
        d.appointment_slots(&teacher, a.ids.teacher, None, from, to)
            .unwrap()
            .len(),
        4
    );
    let booked = d
        .book_appointment(&mother, slots[0].id, a.ids.student, Some("About maths"))
        .unwrap();
    let b = booked.booking.unwrap();
    assert_eq!((b.by, b.child), (a.ids.mother, a.ids.student));
    // Double booking: the same slot, or an overlapping one for the parent.
    assert!(matches!(
        d.book_appointment(&Actor::vouched(father), slots[0].id, son, None),
        Err(Error::Conflict(_))
    ));
    // The father sees the slot taken, not by whom.
    let seen = d
        .appointment_slots(&Actor::vouched(father), a.ids.teacher, Some(son), from, to)
        .unwrap();
    assert!(seen[0].booked && seen[0].booking.is_none());
    d.book_appointment(&Actor::vouched(father), slots[1].id, son, None)
        .unwrap();
    // The teacher sees every booking.
    let all = d
        .appointment_slots(&teacher, a.ids.teacher, None, from, to)
        .unwrap();
    assert_eq!(all.iter().filter(|s| s.booking.is_some()).count(), 2);
    // A parent books for their own child only.
    assert!(d.book_appointment(&mother, slots[2].id, son, None).is_err());
    // Cancelling a booking frees the slot; a cancelled slot is not booked.
    d.cancel_booking(&mother, slots[0].id).unwrap();
    // Not his booking; and a free slot has no booking to cancel.
    assert!(matches!(
        d.cancel_booking(&Actor::vouched(father), slots[0].id),
        Err(Error::AccessDenied(_))
    ));
    assert!(matches!(
        d.cancel_booking(&teacher, slots[0].id),
        Err(Error::InvalidInput { .. })
    ));
    assert!(matches!(
        d.cancel_appointment_slot(&mother, slots[3].id),
        Err(Error::AccessDenied(_))
    ));
    d.cancel_appointment_slot(&teacher, slots[3].id).unwrap();
    assert!(matches!(
        d.book_appointment(&mother, slots[3].id, a.ids.student, None),
        Err(Error::Conflict(_))
    ));
    d.book_appointment(&mother, slots[0].id, a.ids.student, None)
        .unwrap();
}

#[test]
fn bad_slots_and_strangers_are_refused() {
    let (d, a, b, _, _) = setup();
    let teacher = Actor::vouched(a.ids.teacher);
    for (change, field) in [
        (
            NewSlots {
                starts: "25:00".into(),
                ..evening(&a)
            },
            "starts",
        ),
        (
            NewSlots {
                minutes: 2,
                ..evening(&a)
            },
            "minutes",
        ),
        (
            NewSlots {
                count: 0,
                ..evening(&a)
            },
            "count",
        ),
        (
            NewSlots {
                starts: "23:30".into(),
                ..evening(&a)
            },
            "count",
        ),
        (
            NewSlots {
                day: date!(2024 - 09 - 19),
                ..evening(&a)
            },
            "day",
        ),
        (
            NewSlots {
                online_link: Some("http://x".into()),
                ..evening(&a)
            },
            "online_link",
        ),
    ] {
        assert!(
            matches!(d.publish_appointment_slots(&teacher, &change),
                Err(Error::InvalidInput { field: f, .. }) if f == field),
            "{field}"
        );
    }
    // Parents do not publish.
    assert!(matches!(
        d.publish_appointment_slots(&Actor::vouched(a.ids.mother), &evening(&a)),
        Err(Error::AccessDenied(_))
    ));
    let slots = d.publish_appointment_slots(&teacher, &evening(&a)).unwrap();
    // Another school's parent and admin: as for a missing slot.
    for who in [Actor::vouched(b.ids.mother), Actor::vouched(b.admin)] {
        assert!(matches!(
            d.book_appointment(&who, slots[0].id, b.ids.student, None),
            Err(Error::NotFound { .. })
        ));
        assert!(matches!(
            d.cancel_appointment_slot(&who, slots[0].id),
            Err(Error::NotFound { .. })
        ));
        assert!(d
            .appointment_slots(
                &who,
                a.ids.teacher,
                None,
                date!(2024 - 09 - 20),
                date!(2024 - 09 - 30)
            )
            .is_err());
    }
    assert!(matches!(
        d.book_appointment(
            &Actor::vouched(a.ids.mother),
            SlotId(999_999),
            a.ids.student,
            None
        ),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn far_off_days_and_hostile_places_are_refused() {
    let (d, a, _, _, _) = setup();
    let teacher = Actor::vouched(a.ids.teacher);
    assert!(d
        .publish_appointment_slots(
            &teacher,
            &NewSlots {
                day: date!(9999 - 12 - 31),
                ..evening(&a)
            }
        )
        .is_err());
    assert!(matches!(
        d.publish_appointment_slots(
            &teacher,
            &NewSlots {
                place: Some("Room\u{202E}21".into()),
                ..evening(&a)
            }
        ),
        Err(Error::InvalidInput { field, .. }) if field == "place"
    ));
    assert!(d
        .appointment_slots(
            &teacher,
            a.ids.teacher,
            None,
            date!(2024 - 01 - 01),
            date!(2030 - 01 - 01)
        )
        .is_err());
    assert!(d
        .appointment_slots(
            &teacher,
            a.ids.teacher,
            None,
            date!(2024 - 09 - 01),
            date!(2024 - 12 - 01)
        )
        .unwrap()
        .is_empty());
}
