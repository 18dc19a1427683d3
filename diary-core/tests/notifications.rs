//! Host notifications: what reaches whom when a message is posted, an
//! announcement published, a meeting organised or a signed reply asked
//! for; muted events; quiet hours (queued, then handed over when they end;
//! urgent ones at once where allowed); a failing notifier refusing the
//! write; preferences only for oneself.

mod common;

use common::person;
use common::world::*;
use diary_core::delivery::Notifier;
use diary_core::*;
use std::sync::{Arc, Mutex};
use time::macros::{date, datetime};

#[derive(Debug, Default)]
struct Recorder {
    got: Mutex<Vec<Notification>>,
    fail: Mutex<bool>,
}

impl Notifier for Recorder {
    fn notify(&self, n: &Notification) -> std::result::Result<(), String> {
        if *self.fail.lock().unwrap() {
            return Err("push service down".into());
        }
        self.got.lock().unwrap().push(n.clone());
        Ok(())
    }
}

impl Recorder {
    fn take(&self) -> Vec<Notification> {
        std::mem::take(&mut *self.got.lock().unwrap())
    }
}

struct World {
    d: Diary,
    clock: Arc<ManualClock>,
    rec: Arc<Recorder>,
    a: TestSchool,
    father: PersonId,
}

fn setup() -> World {
    // 10:00 UTC is 13:00 in Moscow.
    let clock = Arc::new(ManualClock::new(datetime!(2024-09-20 10:00 UTC)));
    let rec = Arc::new(Recorder::default());
    let d = common::fresh_diary(OpenOptions {
        clock: clock.clone(),
        notifier: Some(rec.clone()),
        ..OpenOptions::default()
    });
    let a = school(&d, "A", 700_000, None);
    let admin = Actor::vouched(a.admin);
    let father = d
        .register_person(
            &admin,
            a.ids.school,
            &person("Father", "F", date!(1980 - 01 - 01), Some(&snils(700_601))),
        )
        .unwrap()
        .id;
    d.add_guardian(
        &admin,
        &Guardianship {
            student: a.ids.student,
            guardian: father,
            relation: Relation::Father,
            legal_representative: true,
        },
    )
    .unwrap();
    rec.take();
    World {
        d,
        clock,
        rec,
        a,
        father,
    }
}

fn to(ns: &[Notification]) -> Vec<PersonId> {
    let mut v: Vec<PersonId> = ns.iter().map(|n| n.to).collect();
    v.sort();
    v
}

fn say(conversation: ConversationId, text: &str) -> NewChatMessage {
    NewChatMessage {
        conversation,
        text: text.into(),
        attachments: Vec::new(),
        reply_to: None,
    }
}

#[test]
fn news_reaches_the_people_it_concerns() {
    let w = setup();
    let (d, a) = (&w.d, &w.a);
    let teacher = Actor::vouched(a.ids.teacher);
    // A class chat: everyone but the author.
    let chat = d.open_class_chat(&teacher, a.ids.class).unwrap();
    let m = d
        .post_chat_message(&teacher, &say(chat.id, "Excursion on Friday"))
        .unwrap();
    let got = w.rec.take();
    let mut want = vec![a.ids.mother, w.father];
    want.sort();
    assert_eq!(to(&got), want);
    assert!(got.iter().all(|n| n.event == NotificationEvent::ChatMessage
        && n.object == m.id.0
        && n.conversation == Some(chat.id.0)
        && n.preview.as_deref() == Some("Excursion on Friday")
        && !n.delayed));
    // A direct conversation names its child.
    let c = d
        .start_conversation(
            &Actor::vouched(a.ids.mother),
            &NewConversation {
                school: a.ids.school,
                child: Some(a.ids.student),
                participants: vec![a.ids.teacher],
                title: Some("Homework".into()),
            },
        )
        .unwrap();
    d.post_chat_message(&Actor::vouched(a.ids.mother), &say(c.id, "Hello"))
        .unwrap();
    let got = w.rec.take();
    assert_eq!(to(&got), [a.ids.teacher]);
    assert_eq!(got[0].child, Some(a.ids.student));
    assert_eq!(got[0].title, "Homework");
    // An urgent announcement to the class's parents.
    d.publish_announcement(
        &Actor::vouched(a.admin),
        &NewAnnouncement {
            school: a.ids.school,
            kind: AnnouncementKind::Quarantine,
            urgent: true,
            title: "Quarantine".into(),
            body: "5A stays home until Monday".into(),
            audience: vec![Audience {
                scope: AudienceScope::Class,
                id: Some(a.ids.class.0),
                role: AudienceRole::Parents,
            }],
            shown_from: date!(2024 - 09 - 20),
            shown_until: date!(2024 - 09 - 30),
            pinned: false,
            attachments: Vec::new(),
        },
    )
    .unwrap();
    let got = w.rec.take();
    assert_eq!(to(&got), want);
    assert!(got
        .iter()
        .all(|n| n.event == NotificationEvent::Announcement && n.urgent));
    // A meeting invites; a message asking for a signature says so.
    d.organise_meeting(
        &teacher,
        &NewMeeting {
            school: a.ids.school,
            kind: MeetingKind::ParentsEvening,
            title: "Parents' evening".into(),
            description: None,
            day: date!(2024 - 09 - 26),
            starts: "18:00".into(),
            minutes: 60,
            place: None,
            online_link: None,
            audience: vec![Audience {
                scope: AudienceScope::Class,
                id: Some(a.ids.class.0),
                role: AudienceRole::Parents,
            }],
            agenda: Vec::new(),
        },
    )
    .unwrap();
    let got = w.rec.take();
    assert_eq!(to(&got), want);
    assert!(got
        .iter()
        .all(|n| n.event == NotificationEvent::MeetingInvitation));
    d.send_teacher_message(
        &teacher,
        &NewTeacherMessage {
            student: a.ids.student,
            recipient: w.father,
            subject: "Consent".into(),
            body: "Please sign".into(),
            needs_signature: true,
        },
    )
    .unwrap();
    let got = w.rec.take();
    assert_eq!(to(&got), [w.father]);
    assert_eq!(got[0].event, NotificationEvent::SignatureRequest);
}

#[test]
fn preferences_mute_events_and_quiet_hours_delay_them() {
    let w = setup();
    let (d, a) = (&w.d, &w.a);
    let teacher = Actor::vouched(a.ids.teacher);
    let chat = d.open_class_chat(&teacher, a.ids.class).unwrap();
    d.set_notification_preferences(
        &Actor::vouched(w.father),
        w.father,
        &NotificationPreferences {
            muted: vec![NotificationEvent::ChatMessage],
            ..NotificationPreferences::default()
        },
    )
    .unwrap();
    // Quiet 22:00–07:00 Moscow time (19:00–04:00 UTC).
    let quiet = NotificationPreferences {
        quiet_from: Some("22:00".into()),
        quiet_until: Some("07:00".into()),
        ..NotificationPreferences::default()
    };
    d.set_notification_preferences(&Actor::vouched(a.ids.mother), a.ids.mother, &quiet)
        .unwrap();
    assert_eq!(
        d.notification_preferences(&Actor::vouched(a.ids.mother), a.ids.mother)
            .unwrap(),
        quiet
    );
    d.post_chat_message(&teacher, &say(chat.id, "at noon"))
        .unwrap();
    assert_eq!(to(&w.rec.take()), [a.ids.mother]);
    w.clock.set(datetime!(2024-09-20 20:00 UTC)); // 23:00 in Moscow
    d.post_chat_message(&teacher, &say(chat.id, "late at night"))
        .unwrap();
    assert!(w.rec.take().is_empty());
    let op = Actor::operator();
    assert_eq!(d.queued_notifications(&op).unwrap(), 1);
    w.clock.set(datetime!(2024-09-21 03:59 UTC));
    assert_eq!(d.deliver_due_notifications(&op).unwrap(), 0);
    w.clock.set(datetime!(2024-09-21 04:00 UTC)); // 07:00 in Moscow
    assert!(matches!(
        d.deliver_due_notifications(&teacher),
        Err(Error::AccessDenied(_))
    ));
    assert_eq!(d.deliver_due_notifications(&op).unwrap(), 1);
    let got = w.rec.take();
    assert_eq!(to(&got), [a.ids.mother]);
    assert!(got[0].delayed);
    assert_eq!(got[0].preview.as_deref(), Some("late at night"));
    assert_eq!(d.queued_notifications(&op).unwrap(), 0);
    // Urgent news breaks quiet hours for those who allow it.
    d.set_notification_preferences(
        &Actor::vouched(a.ids.mother),
        a.ids.mother,
        &NotificationPreferences {
            urgent_in_quiet_hours: true,
            ..quiet.clone()
        },
    )
    .unwrap();
    w.clock.set(datetime!(2024-09-21 21:00 UTC));
    let urgent = |title: &str| NewAnnouncement {
        school: a.ids.school,
        kind: AnnouncementKind::Quarantine,
        urgent: true,
        title: title.into(),
        body: "Stay home".into(),
        audience: vec![Audience {
            scope: AudienceScope::Person,
            id: Some(a.ids.mother.0),
            role: AudienceRole::Everyone,
        }],
        shown_from: date!(2024 - 09 - 22),
        shown_until: date!(2024 - 09 - 30),
        pinned: false,
        attachments: Vec::new(),
    };
    d.publish_announcement(&Actor::vouched(a.admin), &urgent("Quarantine"))
        .unwrap();
    assert_eq!(to(&w.rec.take()), [a.ids.mother]);
}

#[test]
fn preferences_are_checked_and_only_ones_own() {
    let w = setup();
    let (d, a) = (&w.d, &w.a);
    let mother = Actor::vouched(a.ids.mother);
    for (prefs, field) in [
        (
            NotificationPreferences {
                quiet_from: Some("25:00".into()),
                quiet_until: Some("07:00".into()),
                ..NotificationPreferences::default()
            },
            "quiet_from",
        ),
        (
            NotificationPreferences {
                quiet_from: Some("22:00".into()),
                ..NotificationPreferences::default()
            },
            "quiet_until",
        ),
        (
            NotificationPreferences {
                quiet_from: Some("22:00".into()),
                quiet_until: Some("22:00".into()),
                ..NotificationPreferences::default()
            },
            "quiet_until",
        ),
    ] {
        assert!(
            matches!(d.set_notification_preferences(&mother, a.ids.mother, &prefs),
                Err(Error::InvalidInput { field: f, .. }) if f == field),
            "{field}"
        );
    }
    for who in [Actor::vouched(a.admin), Actor::vouched(a.ids.teacher)] {
        assert!(matches!(
            d.notification_preferences(&who, a.ids.mother),
            Err(Error::NotFound { .. })
        ));
        assert!(matches!(
            d.set_notification_preferences(&who, a.ids.mother, &NotificationPreferences::default()),
            Err(Error::NotFound { .. })
        ));
    }
}

#[test]
fn a_failing_notifier_refuses_the_write() {
    let w = setup();
    let (d, a) = (&w.d, &w.a);
    let teacher = Actor::vouched(a.ids.teacher);
    let chat = d.open_class_chat(&teacher, a.ids.class).unwrap();
    *w.rec.fail.lock().unwrap() = true;
    assert!(matches!(
        d.post_chat_message(&teacher, &say(chat.id, "lost?")),
        Err(Error::DeliveryFailed(_))
    ));
    *w.rec.fail.lock().unwrap() = false;
    assert!(d
        .chat_messages(&teacher, chat.id, None, 10)
        .unwrap()
        .messages
        .is_empty());
    // Without a notifier nothing is produced, and writes go on.
    d.set_notifier(None);
    d.post_chat_message(&teacher, &say(chat.id, "quiet"))
        .unwrap();
    assert!(w.rec.take().is_empty());
}
