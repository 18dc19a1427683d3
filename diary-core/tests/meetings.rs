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
    let d = common::fresh_diary(OpenOptions {
        clock: clock.clone(),
        ..OpenOptions::default()
    });
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

#[test]
fn meetings_are_in_the_calendar_feed_and_as_invitations() {
    let (d, _, a, b) = setup();
    let teacher = Actor::vouched(a.ids.teacher);
    let mother = Actor::vouched(a.ids.mother);
    let m = d.organise_meeting(&teacher, &parents_evening(&a)).unwrap();
    let (from, to) = (date!(2024 - 09 - 01), date!(2024 - 12 - 31));
    let feed = d
        .meetings_calendar(&mother, a.ids.mother, None, from, to)
        .unwrap();
    let uid = format!("UID:meeting-{}@diary", m.id);
    for line in [
        "METHOD:PUBLISH",
        uid.as_str(),
        "DTSTART;TZID=Europe/Moscow:20240926T180000",
        "DTEND;TZID=Europe/Moscow:20240926T190000",
        "SUMMARY:Parents' evening 5A",
        "LOCATION:Room 12",
        "STATUS:CONFIRMED",
        "BEGIN:VTIMEZONE",
    ] {
        assert!(feed.contains(line), "{line} in\n{feed}");
    }
    // A publication carries no ATTENDEE (RFC 5546); the invitation does.
    assert!(!feed.contains("ATTENDEE"));
    assert!(feed.contains("18:30 (20 min) The excursion"));
    let invite = d.meeting_invitation(&mother, m.id).unwrap();
    assert!(invite.contains("METHOD:REQUEST"));
    assert!(invite.contains("PARTSTAT=NEEDS-ACTION"));
    assert!(invite.contains(&format!("urn:diary:person:{}", a.ids.mother)));
    assert!(invite.contains(&format!(
        "ORGANIZER;CN=\"TeacherA X\":urn:diary:person:{}",
        a.ids.teacher
    )));
    d.reply_to_meeting(&mother, m.id, MeetingAnswer::Yes, None)
        .unwrap();
    let invite = d.meeting_invitation(&mother, m.id).unwrap();
    assert!(invite.contains("PARTSTAT=ACCEPTED"));
    let feed = d
        .meetings_calendar(&mother, a.ids.mother, None, from, to)
        .unwrap();
    assert!(feed.contains("Your answer: yes"));
    // Cancelled: the same UID, STATUS:CANCELLED, a new SEQUENCE.
    d.cancel_meeting(&teacher, m.id).unwrap();
    let feed = d
        .meetings_calendar(&mother, a.ids.mother, None, from, to)
        .unwrap();
    assert!(
        feed.contains(&uid) && feed.contains("STATUS:CANCELLED") && feed.contains("SEQUENCE:1")
    );
    // Nobody reads another person's feed; another school's admin learns
    // nothing about the meeting.
    assert!(d
        .meetings_calendar(&teacher, a.ids.mother, None, from, to)
        .is_err());
    assert!(matches!(
        d.meeting_invitation(&Actor::vouched(b.admin), m.id),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        d.meetings_calendar(&mother, a.ids.mother, None, to, from),
        Err(Error::InvalidInput { .. })
    ));
}
