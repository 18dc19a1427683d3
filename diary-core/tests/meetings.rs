//! Meetings with agendas (D12): organising, invitations resolved like
//! announcements, answers, minutes, cancellation, bad input with nothing
//! stored, and another school's admin learning nothing.

mod common;

use common::world::*;
use diary_core::*;
use std::sync::Arc;
use time::macros::{date, datetime};

fn setup() -> (Diary, Arc<ManualClock>, TestSchool, TestSchool) {
    let clock = Arc::new(ManualClock::new(datetime!(2024-09-20 10:00 UTC)));
    let d = Diary::open_in_memory_with(OpenOptions {
        clock: clock.clone(),
        ..OpenOptions::default()
    })
    .unwrap();
    let a = school(&d, "A", 500_000, None);
    let b = school(&d, "B", 600_000, None);
    (d, clock, a, b)
}

fn parents_evening(s: &TestSchool) -> NewMeeting {
    NewMeeting {
        school: s.ids.school,
        kind: MeetingKind::ParentsEvening,
        title: "Parents' evening 5A".into(),
        description: Some("The first quarter".into()),
        day: date!(2024 - 09 - 26),
        starts: "18:00".into(),
        minutes: 60,
        place: Some("Room 12".into()),
        online_link: None,
        audience: vec![Audience {
            scope: AudienceScope::Class,
            id: Some(s.ids.class.0),
            role: AudienceRole::Parents,
        }],
        agenda: vec![
            AgendaItem {
                title: "Marks of the quarter".into(),
                presenter: Some(s.ids.teacher),
                starts: "18:00".into(),
                minutes: 30,
            },
            AgendaItem {
                title: "The excursion".into(),
                presenter: None,
                starts: "18:30".into(),
                minutes: 20,
            },
        ],
    }
}

#[test]
fn a_class_teacher_holds_a_parents_evening() {
    let (d, clock, a, b) = setup();
    let teacher = Actor::vouched(a.ids.teacher);
    let mother = Actor::vouched(a.ids.mother);
    let m = d.organise_meeting(&teacher, &parents_evening(&a)).unwrap();
    assert_eq!((m.starts.as_str(), m.agenda.len()), ("18:00", 2));
    let week = |who: PersonId, child: Option<PersonId>| {
        d.meetings_for(
            &Actor::vouched(who),
            who,
            child,
            date!(2024 - 09 - 20),
            date!(2024 - 09 - 30),
        )
        .unwrap()
        .into_iter()
        .map(|m| m.title)
        .collect::<Vec<_>>()
    };
    assert_eq!(week(a.ids.mother, None), ["Parents' evening 5A"]);
    assert_eq!(
        week(a.ids.mother, Some(a.ids.student)),
        ["Parents' evening 5A"]
    );
    assert!(week(a.ids.student, None).is_empty()); // parents only
    assert_eq!(week(a.ids.teacher, None), ["Parents' evening 5A"]); // the organiser
    assert!(week(b.ids.mother, None).is_empty());
    // The mother answers; the organiser sees it.
    let r = d
        .reply_to_meeting(&mother, m.id, MeetingAnswer::Maybe, Some("If work allows"))
        .unwrap();
    assert_eq!(r.reply.unwrap().answer, MeetingAnswer::Maybe);
    d.reply_to_meeting(&mother, m.id, MeetingAnswer::Yes, None)
        .unwrap();
    let replies = d.meeting_replies(&teacher, m.id).unwrap();
    assert_eq!((replies.len(), replies[0].answer), (1, MeetingAnswer::Yes));
    assert!(matches!(
        d.meeting_replies(&mother, m.id),
        Err(Error::AccessDenied(_))
    ));
    // Minutes only from the meeting's day on; then the invited see them.
    let decisions = vec!["Excursion on 3 October".to_owned()];
    assert_eq!(
        d.record_meeting_minutes(&teacher, m.id, "We met.", &decisions)
            .unwrap_err()
            .field(),
        Some("minutes")
    );
    clock.set(datetime!(2024-09-26 20:00 UTC));
    d.record_meeting_minutes(&teacher, m.id, "We met.", &decisions)
        .unwrap();
    let seen = d.meeting(&mother, m.id).unwrap();
    assert_eq!(seen.record.unwrap().decisions, decisions);
    // After its day no more answers.
    clock.set(datetime!(2024-09-27 10:00 UTC));
    assert!(matches!(
        d.reply_to_meeting(&mother, m.id, MeetingAnswer::No, None),
        Err(Error::Conflict(_))
    ));
}

#[test]
fn bad_meetings_are_refused_with_nothing_stored() {
    let (d, _, a, _) = setup();
    let teacher = Actor::vouched(a.ids.teacher);
    let bad = |f: &dyn Fn(&mut NewMeeting)| {
        let mut m = parents_evening(&a);
        f(&mut m);
        d.organise_meeting(&teacher, &m)
            .unwrap_err()
            .field()
            .map(str::to_owned)
    };
    assert_eq!(
        bad(&|m| m.day = date!(2024 - 09 - 19)).as_deref(),
        Some("day")
    );
    assert_eq!(
        bad(&|m| m.starts = "25:00".into()).as_deref(),
        Some("starts")
    );
    assert_eq!(bad(&|m| m.minutes = 2).as_deref(), Some("minutes"));
    assert_eq!(
        bad(&|m| m.starts = "23:30".into()).as_deref(),
        Some("minutes")
    );
    assert_eq!(
        bad(&|m| m.online_link = Some("http://x".into())).as_deref(),
        Some("online_link")
    );
    assert_eq!(
        bad(&|m| m.agenda[1].starts = "18:10".into()).as_deref(),
        Some("agenda[1].starts")
    );
    assert_eq!(
        bad(&|m| m.agenda[1].minutes = 40).as_deref(),
        Some("agenda[1].minutes")
    );
    assert_eq!(
        bad(&|m| m.agenda[0].starts = "17:50".into()).as_deref(),
        Some("agenda[0].starts")
    );
    assert_eq!(
        bad(&|m| m.agenda[0].presenter = Some(PersonId(99_999))).as_deref(),
        Some("agenda[0].presenter")
    );
    assert!(d
        .meetings_for(
            &Actor::vouched(a.ids.mother),
            a.ids.mother,
            None,
            date!(2024 - 09 - 01),
            date!(2024 - 12 - 31)
        )
        .unwrap()
        .is_empty());
    // A parent may not organise; the school-wide audience is for admins.
    assert!(matches!(
        d.organise_meeting(&Actor::vouched(a.ids.mother), &parents_evening(&a)),
        Err(Error::AccessDenied(_))
    ));
    let mut all = parents_evening(&a);
    all.audience = vec![Audience {
        scope: AudienceScope::School,
        id: None,
        role: AudienceRole::Everyone,
    }];
    assert!(matches!(
        d.organise_meeting(&teacher, &all),
        Err(Error::AccessDenied(_))
    ));
    d.organise_meeting(&Actor::vouched(a.admin), &all).unwrap();
}

#[test]
fn another_schools_admin_learns_nothing() {
    let (d, _, a, b) = setup();
    let m = d
        .organise_meeting(&Actor::vouched(a.ids.teacher), &parents_evening(&a))
        .unwrap();
    let spy = Actor::vouched(b.admin);
    let missing = MeetingId(99_999);
    for id in [m.id, missing] {
        assert!(matches!(d.meeting(&spy, id), Err(Error::NotFound { .. })));
        assert!(matches!(
            d.meeting_replies(&spy, id),
            Err(Error::NotFound { .. })
        ));
        assert!(matches!(
            d.cancel_meeting(&spy, id),
            Err(Error::NotFound { .. })
        ));
        assert!(matches!(
            d.reply_to_meeting(&Actor::vouched(b.ids.mother), id, MeetingAnswer::Yes, None),
            Err(Error::NotFound { .. })
        ));
    }
    // Organising in school A from school B: not found.
    assert!(matches!(
        d.organise_meeting(&spy, &parents_evening(&a)),
        Err(Error::NotFound { .. })
    ));
    // Cancelled: gone from the invitees' lists.
    d.cancel_meeting(&Actor::vouched(a.admin), m.id).unwrap();
    assert!(d
        .meetings_for(
            &Actor::vouched(a.ids.mother),
            a.ids.mother,
            None,
            date!(2024 - 09 - 01),
            date!(2024 - 12 - 31)
        )
        .unwrap()
        .is_empty());
}
