//! Conversations and class chats (D11): who may reach whom under the
//! school's rules, read state and unread counters, edits within the window
//! with history, tombstones, search, moderation (hide, mute, reports),
//! leaving, losing access with the relation, retention, and other schools
//! naming ids.

mod common;

use common::person;
use common::world::*;
use diary_core::*;
use std::sync::Arc;
use time::macros::{date, datetime};

struct World {
    d: Diary,
    clock: Arc<ManualClock>,
    a: TestSchool,
    b: TestSchool,
    /// Another family of class 5A at school A: a father and his son.
    father: PersonId,
    son: PersonId,
    /// A teacher of school A with no tie to 5A.
    stranger_teacher: PersonId,
}

fn setup() -> World {
    let clock = Arc::new(ManualClock::new(datetime!(2024-09-20 10:00 UTC)));
    let d = common::fresh_diary(OpenOptions {
        clock: clock.clone(),
        ..OpenOptions::default()
    });
    let a = school(&d, "A", 700_000, None);
    let b = school(&d, "B", 800_000, None);
    let admin = Actor::vouched(a.admin);
    let reg = |surname: &str, birth, n: u32| {
        d.register_person(
            &admin,
            a.ids.school,
            &person(surname, "Y", birth, Some(&snils(700_500 + n))),
        )
        .unwrap()
        .id
    };
    let son = reg("Son", date!(2013 - 05 - 05), 1);
    d.enrol(&admin, son, a.ids.class, date!(2024 - 09 - 01))
        .unwrap();
    let father = reg("Father", date!(1980 - 05 - 05), 2);
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
    let stranger_teacher = reg("Other", date!(1970 - 05 - 05), 3);
    d.appoint_staff(&admin, a.ids.school, stranger_teacher, StaffRole::Teacher)
        .unwrap();
    World {
        d,
        clock,
        a,
        b,
        father,
        son,
        stranger_teacher,
    }
}

fn about(w: &World, with: Vec<PersonId>) -> NewConversation {
    NewConversation {
        school: w.a.ids.school,
        child: Some(w.a.ids.student),
        participants: with,
        title: Some("Maths homework".into()),
    }
}

fn say(conversation: ConversationId, text: &str) -> NewChatMessage {
    NewChatMessage {
        conversation,
        text: text.into(),
        attachments: Vec::new(),
        reply_to: None,
    }
}

fn texts(page: &ChatPage) -> Vec<Option<String>> {
    page.messages.iter().map(|m| m.text.clone()).collect()
}

#[test]
fn a_mother_and_the_class_teacher_talk_about_her_child() {
    let w = setup();
    let (d, a) = (&w.d, &w.a);
    let mother = Actor::vouched(a.ids.mother);
    let teacher = Actor::vouched(a.ids.teacher);
    let c = d
        .start_conversation(&mother, &about(&w, vec![a.ids.teacher]))
        .unwrap();
    assert_eq!(c.kind, ConversationKind::Direct);
    assert_eq!(c.child, Some(a.ids.student));
    let people: Vec<PersonId> = c.participants.iter().map(|p| p.person).collect();
    assert_eq!(people.len(), 2);
    assert!(people.contains(&a.ids.mother) && people.contains(&a.ids.teacher));

    let first = d
        .post_chat_message(&mother, &say(c.id, "Здравствуйте! Какое домашнее задание?"))
        .unwrap();
    d.post_chat_message(
        &mother,
        &NewChatMessage {
            attachments: vec![Attachment {
                name: "photo.jpg".into(),
                media_type: "image/jpeg".into(),
                size: 1000,
                url: Some("https://files.example/1".into()),
                sha256: None,
            }],
            ..say(c.id, "Фото тетради")
        },
    )
    .unwrap();
    // The teacher has two unread, under the child.
    let unread = d.unread_counts(&teacher, a.ids.teacher).unwrap();
    assert_eq!(unread.total, 2);
    assert_eq!(unread.by_conversation, vec![(c.id, 2)]);
    assert_eq!(unread.by_child, vec![(a.ids.student, 2)]);
    // The mother's own messages are not unread for her.
    assert_eq!(d.unread_counts(&mother, a.ids.mother).unwrap().total, 0);
    let answer = d
        .post_chat_message(
            &teacher,
            &NewChatMessage {
                reply_to: Some(first.id),
                ..say(c.id, "Стр. 12, упр. 3")
            },
        )
        .unwrap();
    assert_eq!(answer.reply_to, Some(first.id));
    assert_eq!(d.unread_counts(&teacher, a.ids.teacher).unwrap().total, 0);
    assert_eq!(d.unread_counts(&mother, a.ids.mother).unwrap().total, 1);
    // Pages, newest first, with a cursor.
    let page = d.chat_messages(&mother, c.id, None, 2).unwrap();
    assert_eq!(
        texts(&page),
        [Some("Стр. 12, упр. 3".into()), Some("Фото тетради".into())]
    );
    assert_eq!(page.messages[1].attachments.len(), 1);
    let rest = d.chat_messages(&mother, c.id, page.next, 2).unwrap();
    assert_eq!(rest.messages.len(), 1);
    assert_eq!(rest.next, None);
    // Reading is logged under the child.
    let log = d.access_log_of_child(&mother, a.ids.student).unwrap();
    assert!(log
        .iter()
        .any(|e| e.data_kind == "conversations" && e.allowed));
    // Marking read clears the counter; a read mark never moves back.
    d.mark_conversation_read(&mother, c.id, None).unwrap();
    assert_eq!(d.unread_counts(&mother, a.ids.mother).unwrap().total, 0);
    d.mark_conversation_read(&mother, c.id, Some(first.id))
        .unwrap();
    assert_eq!(d.unread_counts(&mother, a.ids.mother).unwrap().total, 0);
    // Lists.
    let list = d.conversations(&teacher, a.ids.teacher).unwrap();
    assert_eq!(list.iter().map(|c| c.id).collect::<Vec<_>>(), [c.id]);
    assert_eq!(list[0].last_message, Some(answer.id));
}

#[test]
fn the_schools_rules_decide_who_reaches_whom() {
    let w = setup();
    let (d, a) = (&w.d, &w.a);
    let mother = Actor::vouched(a.ids.mother);
    let admin = Actor::vouched(a.admin);
    // Parents never reach another family, nor a teacher who does not
    // teach the child.
    for who in [w.father, w.stranger_teacher] {
        assert!(
            matches!(
                d.start_conversation(&mother, &about(&w, vec![who])),
                Err(Error::AccessDenied(_))
            ),
            "{who}"
        );
    }
    // A person of another school is not found.
    assert!(matches!(
        d.start_conversation(&mother, &about(&w, vec![w.b.ids.teacher])),
        Err(Error::NotFound { .. })
    ));
    // The school closes parents' way to teachers and class teachers.
    let rules = MessagingSettings {
        parents_reach_teachers: false,
        parents_reach_class_teacher: false,
        ..d.messaging_settings(&admin, a.ids.school).unwrap()
    };
    d.set_messaging_settings(&admin, a.ids.school, &rules)
        .unwrap();
    assert!(matches!(
        d.start_conversation(&mother, &about(&w, vec![a.ids.teacher])),
        Err(Error::AccessDenied(_))
    ));
    // Admins stay reachable, and staff still reach the family.
    d.start_conversation(&mother, &about(&w, vec![a.admin]))
        .unwrap();
    d.start_conversation(
        &Actor::vouched(a.ids.teacher),
        &about(&w, vec![a.ids.mother]),
    )
    .unwrap();
    // Students take no part until the school lets them.
    let student = Actor::vouched(a.ids.student);
    assert!(matches!(
        d.start_conversation(&student, &about(&w, vec![a.ids.teacher])),
        Err(Error::AccessDenied(_))
    ));
    d.set_messaging_settings(
        &admin,
        a.ids.school,
        &MessagingSettings {
            students_take_part: true,
            ..rules
        },
    )
    .unwrap();
    d.start_conversation(&student, &about(&w, vec![a.ids.teacher]))
        .unwrap();
    // Only admins set the rules; bad values are named.
    assert!(matches!(
        d.set_messaging_settings(&mother, a.ids.school, &rules),
        Err(Error::AccessDenied(_))
    ));
    let bad = MessagingSettings {
        edit_window_minutes: 5000,
        ..rules
    };
    assert!(matches!(
        d.set_messaging_settings(&admin, a.ids.school, &bad),
        Err(Error::InvalidInput { field, .. }) if field == "edit_window_minutes"
    ));
    // Staff talk among themselves without a child; a parent cannot join.
    let staff = NewConversation {
        school: a.ids.school,
        child: None,
        participants: vec![w.stranger_teacher],
        title: None,
    };
    d.start_conversation(&Actor::vouched(a.ids.teacher), &staff)
        .unwrap();
    assert!(matches!(
        d.start_conversation(
            &Actor::vouched(a.ids.teacher),
            &NewConversation {
                participants: vec![a.ids.mother],
                ..staff
            }
        ),
        Err(Error::AccessDenied(_))
    ));
}

#[test]
fn bad_input_is_named_and_stores_nothing() {
    let w = setup();
    let (d, a) = (&w.d, &w.a);
    let mother = Actor::vouched(a.ids.mother);
    let cases: Vec<(NewConversation, &str)> = vec![
        (about(&w, vec![]), "participants"),
        (
            about(&w, vec![a.ids.teacher, a.ids.teacher]),
            "participants[1]",
        ),
        (about(&w, vec![PersonId(-4)]), "participants[0]"),
        (about(&w, vec![a.ids.mother]), "participants"),
        (
            NewConversation {
                title: Some("x".repeat(201)),
                ..about(&w, vec![a.ids.teacher])
            },
            "title",
        ),
        (
            NewConversation {
                child: Some(w.b.ids.student),
                ..about(&w, vec![a.ids.teacher])
            },
            "",
        ),
    ];
    for (new, field) in cases {
        match d.start_conversation(&mother, &new) {
            Err(Error::InvalidInput { field: f, .. }) => assert_eq!(f, field),
            Err(Error::NotFound { .. }) if field.is_empty() => {}
            other => panic!("{field}: {other:?}"),
        }
    }
    assert!(d.conversations(&mother, a.ids.mother).unwrap().is_empty());
    let c = d
        .start_conversation(&mother, &about(&w, vec![a.ids.teacher]))
        .unwrap();
    for (m, field) in [
        (say(c.id, "   "), "text"),
        (say(c.id, &"я".repeat(10_001)), "text"),
        (say(c.id, "a\u{0}b"), "text"),
        (
            NewChatMessage {
                reply_to: Some(ChatMessageId(999_999)),
                ..say(c.id, "x")
            },
            "reply_to",
        ),
    ] {
        assert!(
            matches!(d.post_chat_message(&mother, &m), Err(Error::InvalidInput { field: f, .. }) if f == field),
            "{field}"
        );
    }
    assert!(matches!(
        d.chat_messages(&mother, c.id, None, 0),
        Err(Error::InvalidInput { field, .. }) if field == "limit"
    ));
    assert!(matches!(
        d.chat_messages(&mother, c.id, None, 101),
        Err(Error::InvalidInput { field, .. }) if field == "limit"
    ));
    assert!(d
        .chat_messages(&mother, c.id, None, 100)
        .unwrap()
        .messages
        .is_empty());
}

#[test]
fn edits_keep_history_within_the_window_and_deletion_leaves_a_tombstone() {
    let w = setup();
    let (d, a) = (&w.d, &w.a);
    let mother = Actor::vouched(a.ids.mother);
    let teacher = Actor::vouched(a.ids.teacher);
    let c = d
        .start_conversation(&mother, &about(&w, vec![a.ids.teacher]))
        .unwrap();
    let m = d
        .post_chat_message(&mother, &say(c.id, "Экскурсия в пятницу?"))
        .unwrap();
    // Only the author edits.
    assert!(matches!(
        d.edit_chat_message(&teacher, m.id, "changed"),
        Err(Error::AccessDenied(_))
    ));
    let edited = d
        .edit_chat_message(&mother, m.id, "Экскурсия в субботу?")
        .unwrap();
    assert!(edited.edited_at.is_some());
    let versions = d.chat_message_versions(&mother, m.id).unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0].text, "Экскурсия в пятницу?");
    // Search finds the current text by word prefix, any case; not the old.
    let found = d
        .search_chat_messages(&teacher, a.ids.teacher, "экскурс суббот", 10)
        .unwrap();
    assert_eq!(found.iter().map(|m| m.id).collect::<Vec<_>>(), [m.id]);
    // What the search found about the child is in the child's access log.
    let log = d.access_log_of_child(&mother, a.ids.student).unwrap();
    assert!(log
        .iter()
        .any(|e| e.data_kind == "conversations" && e.actor == Some(a.ids.teacher) && e.allowed));
    // Inflected forms match by their first six letters.
    assert_eq!(
        d.search_chat_messages(&teacher, a.ids.teacher, "экскурсию", 10)
            .unwrap()
            .len(),
        1
    );
    assert!(d
        .search_chat_messages(&teacher, a.ids.teacher, "пятницу", 10)
        .unwrap()
        .is_empty());
    // Another family's search never reaches this conversation.
    assert!(d
        .search_chat_messages(&Actor::vouched(w.father), w.father, "экскурсия", 10)
        .unwrap()
        .is_empty());
    // Nobody searches another person's conversations.
    assert!(matches!(
        d.search_chat_messages(&teacher, a.ids.mother, "экскурсия", 10),
        Err(Error::NotFound { .. })
    ));
    // After the school's window (15 minutes) no more edits.
    w.clock.set(datetime!(2024-09-20 10:16 UTC));
    assert!(matches!(
        d.edit_chat_message(&mother, m.id, "late"),
        Err(Error::InvalidInput { field, .. }) if field == "message"
    ));
    // Deleting keeps a tombstone and removes the text from search.
    d.delete_chat_message(&mother, m.id).unwrap();
    let page = d.chat_messages(&teacher, c.id, None, 10).unwrap();
    assert_eq!(page.messages.len(), 1);
    assert_eq!(page.messages[0].text, None);
    assert!(page.messages[0].deleted_at.is_some());
    assert!(d
        .search_chat_messages(&teacher, a.ids.teacher, "экскурсия", 10)
        .unwrap()
        .is_empty());
    assert!(d.chat_message_versions(&mother, m.id).unwrap().is_empty());
    assert!(matches!(
        d.delete_chat_message(&mother, m.id),
        Err(Error::InvalidInput { .. })
    ));
}

#[test]
fn a_class_chat_is_moderated_by_the_class_teacher() {
    let w = setup();
    let (d, a) = (&w.d, &w.a);
    let mother = Actor::vouched(a.ids.mother);
    let father = Actor::vouched(w.father);
    let teacher = Actor::vouched(a.ids.teacher);
    let admin = Actor::vouched(a.admin);
    // Only the class teacher (or an admin) opens it; opening twice gives
    // the same chat.
    assert!(matches!(
        d.open_class_chat(&mother, a.ids.class),
        Err(Error::AccessDenied(_))
    ));
    let chat = d.open_class_chat(&teacher, a.ids.class).unwrap();
    assert_eq!(d.open_class_chat(&admin, a.ids.class).unwrap().id, chat.id);
    assert_eq!(chat.kind, ConversationKind::ClassChat);
    let people: Vec<PersonId> = chat.participants.iter().map(|p| p.person).collect();
    for p in [a.ids.teacher, a.ids.mother, w.father] {
        assert!(people.contains(&p), "{p}");
    }
    // Families of the class see it in their lists, with unread per child.
    d.post_chat_message(&mother, &say(chat.id, "Hello, 5A!"))
        .unwrap();
    assert_eq!(
        d.unread_counts(&father, w.father).unwrap().by_child,
        vec![(w.son, 1)]
    );
    d.mark_conversation_read(&mother, chat.id, None).unwrap();
    let rude = d
        .post_chat_message(&father, &say(chat.id, "Rude words"))
        .unwrap();
    let unread = d.unread_counts(&mother, a.ids.mother).unwrap();
    assert_eq!(unread.by_conversation, vec![(chat.id, 1)]);
    assert_eq!(unread.by_child, vec![(a.ids.student, 1)]);
    // A report goes to the moderators; once per reporter; never one's own.
    d.report_chat_message(&mother, rude.id, "insults").unwrap();
    assert!(matches!(
        d.report_chat_message(&mother, rude.id, "again"),
        Err(Error::Conflict(_))
    ));
    assert!(matches!(
        d.report_chat_message(&father, rude.id, "mine"),
        Err(Error::InvalidInput { .. })
    ));
    let reports = d
        .chat_reports(&teacher, a.ids.school, Some(chat.id))
        .unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].text.as_deref(), Some("Rude words"));
    assert_eq!(d.chat_reports(&admin, a.ids.school, None).unwrap().len(), 1);
    // Parents do not read reports nor moderate.
    assert!(d.chat_reports(&mother, a.ids.school, None).is_err());
    assert!(matches!(
        d.hide_chat_message(&mother, rude.id, "no"),
        Err(Error::AccessDenied(_))
    ));
    // The class teacher hides it: gone for others, marked for the author
    // and admins.
    d.hide_chat_message(&teacher, rude.id, "insults another family")
        .unwrap();
    assert_eq!(
        texts(&d.chat_messages(&mother, chat.id, None, 10).unwrap()),
        [Some("Hello, 5A!".to_string())]
    );
    assert_eq!(d.unread_counts(&mother, a.ids.mother).unwrap().total, 0);
    for who in [&father, &admin] {
        let page = d.chat_messages(who, chat.id, None, 10).unwrap();
        let h = page.messages[0].hidden.as_ref().unwrap();
        assert_eq!(h.reason, "insults another family");
        assert_eq!(h.by, a.ids.teacher);
    }
    assert!(matches!(
        d.report_chat_message(&mother, rude.id, "x"),
        Err(Error::NotFound { .. })
    ));
    // Muted: the father reads but cannot post until the mute ends.
    let until = datetime!(2024-09-21 10:00 UTC).unix_timestamp();
    d.mute_participant(&teacher, chat.id, w.father, Some(until))
        .unwrap();
    match d.post_chat_message(&father, &say(chat.id, "hello")) {
        Err(Error::AccessDenied(reason)) => assert!(reason.contains("muted"), "{reason}"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        d.mute_participant(&teacher, chat.id, a.admin, Some(until)),
        Err(Error::InvalidInput { .. })
    ));
    assert!(matches!(
        d.mute_participant(&teacher, chat.id, w.father, Some(0)),
        Err(Error::InvalidInput { field, .. }) if field == "until"
    ));
    w.clock.set(datetime!(2024-09-21 10:01 UTC));
    d.post_chat_message(&father, &say(chat.id, "sorry"))
        .unwrap();
    // Leaving is final; the class teacher owns the chat and stays.
    d.leave_conversation(&mother, chat.id).unwrap();
    assert!(matches!(
        d.chat_messages(&mother, chat.id, None, 10),
        Err(Error::AccessDenied(_))
    ));
    assert!(matches!(
        d.post_chat_message(&mother, &say(chat.id, "back")),
        Err(Error::AccessDenied(_))
    ));
    assert!(d.conversations(&mother, a.ids.mother).unwrap().is_empty());
    assert!(matches!(
        d.leave_conversation(&teacher, chat.id),
        Err(Error::InvalidInput { .. })
    ));
}

#[test]
fn whoever_loses_the_relation_loses_the_conversation_at_once() {
    let w = setup();
    let (d, a, b) = (&w.d, &w.a, &w.b);
    let mother = Actor::vouched(a.ids.mother);
    let c = d
        .start_conversation(&mother, &about(&w, vec![a.ids.teacher]))
        .unwrap();
    let chat = d
        .open_class_chat(&Actor::vouched(a.ids.teacher), a.ids.class)
        .unwrap();
    d.post_chat_message(&mother, &say(c.id, "before")).unwrap();
    // The child moves to school B.
    let code = d
        .issue_transfer_code(&Actor::vouched(a.admin), a.ids.student)
        .unwrap();
    d.end_enrolment(
        &Actor::vouched(a.admin),
        a.ids.enrolment,
        date!(2024 - 09 - 30),
        EndReason::Transferred,
    )
    .unwrap();
    d.enrol_with_transfer_code(
        &Actor::vouched(b.admin),
        &code.code,
        b.ids.class,
        date!(2024 - 10 - 01),
    )
    .unwrap();
    w.clock.set(datetime!(2024-10-02 10:00 UTC));
    for id in [c.id, chat.id] {
        assert!(d.chat_messages(&mother, id, None, 10).is_err(), "{id}");
        assert!(d.post_chat_message(&mother, &say(id, "after")).is_err());
    }
    assert!(d.conversations(&mother, a.ids.mother).unwrap().is_empty());
    assert_eq!(d.unread_counts(&mother, a.ids.mother).unwrap().total, 0);
    // The teacher keeps a conversation about a child no longer taught:
    // no, the child left the school, so the teacher loses it too.
    assert!(d
        .chat_messages(&Actor::vouched(a.ids.teacher), c.id, None, 10)
        .is_err());
}

#[test]
fn other_schools_trusted_persons_and_strangers_learn_nothing() {
    let w = setup();
    let (d, a, b) = (&w.d, &w.a, &w.b);
    let mother = Actor::vouched(a.ids.mother);
    let c = d
        .start_conversation(&mother, &about(&w, vec![a.ids.teacher]))
        .unwrap();
    let m = d.post_chat_message(&mother, &say(c.id, "private")).unwrap();
    let nanny = d
        .register_person(
            &Actor::operator(),
            b.ids.school,
            &person("Nanny", "N", date!(1990 - 01 - 01), Some(&snils(999_000))),
        )
        .map(|p| p.id);
    let mut outsiders = vec![
        Actor::vouched(b.admin),
        Actor::vouched(b.ids.teacher),
        Actor::vouched(b.ids.mother),
    ];
    if let Ok(n) = nanny {
        outsiders.push(Actor::vouched(n));
    }
    for who in &outsiders {
        let nf = |r: Result<()>| matches!(r, Err(Error::NotFound { .. }));
        assert!(nf(d.conversation(who, c.id).map(drop)), "{who:?}");
        assert!(nf(d.chat_messages(who, c.id, None, 10).map(drop)));
        assert!(nf(d.post_chat_message(who, &say(c.id, "x")).map(drop)));
        assert!(nf(d.mark_conversation_read(who, c.id, None)));
        assert!(nf(d.leave_conversation(who, c.id)));
        assert!(nf(d.edit_chat_message(who, m.id, "x").map(drop)));
        assert!(nf(d.delete_chat_message(who, m.id)));
        assert!(nf(d.hide_chat_message(who, m.id, "x")));
        assert!(nf(d.report_chat_message(who, m.id, "x").map(drop)));
        assert!(nf(d.chat_message_versions(who, m.id).map(drop)));
        assert!(nf(d
            .mute_participant(who, c.id, a.ids.mother, None)
            .map(drop)));
    }
    // A missing id reads the same.
    assert!(matches!(
        d.conversation(&Actor::vouched(b.admin), ConversationId(999_999)),
        Err(Error::NotFound { .. })
    ));
    // The refusals are logged for school A.
    let log = d
        .access_log_of_school(&Actor::vouched(a.admin), a.ids.school)
        .unwrap();
    assert!(log
        .iter()
        .any(|e| e.data_kind == "conversations" && !e.allowed && e.actor == Some(b.admin)));
    // School A's admin does not read a private family conversation, but
    // moderates it (hides, reads reports).
    let admin = Actor::vouched(a.admin);
    assert!(matches!(
        d.chat_messages(&admin, c.id, None, 10),
        Err(Error::AccessDenied(_))
    ));
    d.hide_chat_message(&admin, m.id, "moderation").unwrap();
}

#[test]
fn staff_rooms_are_for_staff() {
    let w = setup();
    let (d, a) = (&w.d, &w.a);
    let admin = Actor::vouched(a.admin);
    assert!(matches!(
        d.open_staff_room(&Actor::vouched(a.ids.teacher), a.ids.school, "Staff"),
        Err(Error::AccessDenied(_))
    ));
    let room = d.open_staff_room(&admin, a.ids.school, "Staff").unwrap();
    let people: Vec<PersonId> = room.participants.iter().map(|p| p.person).collect();
    for p in [a.admin, a.ids.teacher, w.stranger_teacher] {
        assert!(people.contains(&p), "{p}");
    }
    d.post_chat_message(
        &Actor::vouched(w.stranger_teacher),
        &say(room.id, "Coffee?"),
    )
    .unwrap();
    assert_eq!(
        d.unread_counts(&Actor::vouched(a.ids.teacher), a.ids.teacher)
            .unwrap()
            .total,
        1
    );
    assert!(d
        .chat_messages(&Actor::vouched(a.ids.mother), room.id, None, 10)
        .is_err());
}

#[test]
fn retention_archives_or_deletes_past_years_with_a_record() {
    let w = setup();
    let (d, a) = (&w.d, &w.a);
    let admin = Actor::vouched(a.admin);
    let mother = Actor::vouched(a.ids.mother);
    let c = d
        .start_conversation(&mother, &about(&w, vec![a.ids.teacher]))
        .unwrap();
    let chat = d.open_class_chat(&admin, a.ids.class).unwrap();
    d.post_chat_message(&mother, &say(c.id, "old news"))
        .unwrap();
    d.post_chat_message(&admin, &say(chat.id, "class news"))
        .unwrap();
    // No retention set: refused, naming it.
    assert!(matches!(
        d.apply_conversation_retention(&admin, a.ids.school),
        Err(Error::InvalidInput { .. })
    ));
    let mut rules = d.messaging_settings(&admin, a.ids.school).unwrap();
    rules.retention_years = Some(1);
    d.set_messaging_settings(&admin, a.ids.school, &rules)
        .unwrap();
    // Within a year of the year's end nothing goes.
    w.clock.set(datetime!(2026-05-30 10:00 UTC));
    assert!(d
        .apply_conversation_retention(&admin, a.ids.school)
        .unwrap()
        .is_empty());
    w.clock.set(datetime!(2026-06-02 10:00 UTC));
    assert!(matches!(
        d.apply_conversation_retention(&mother, a.ids.school),
        Err(Error::AccessDenied(_))
    ));
    let done = d
        .apply_conversation_retention(&admin, a.ids.school)
        .unwrap();
    assert_eq!(done.len(), 2);
    assert!(done.iter().all(|r| r.action == RetentionAction::Archive));
    assert_eq!(
        d.conversation_retention_records(&admin, a.ids.school)
            .unwrap(),
        done
    );
    // Archived: readable by the class teacher, closed to new messages.
    let teacher = Actor::vouched(a.ids.teacher);
    assert_eq!(
        d.chat_messages(&teacher, chat.id, None, 10)
            .unwrap()
            .messages
            .len(),
        1
    );
    assert!(matches!(
        d.post_chat_message(&teacher, &say(chat.id, "x")),
        Err(Error::InvalidInput { field, .. }) if field == "conversation"
    ));
    // A second run does nothing; deletion on a newer conversation removes
    // its messages and keeps a record.
    assert!(d
        .apply_conversation_retention(&admin, a.ids.school)
        .unwrap()
        .is_empty());
    rules.retention_action = RetentionAction::Delete;
    d.set_messaging_settings(&admin, a.ids.school, &rules)
        .unwrap();
    let room = d.open_staff_room(&admin, a.ids.school, "Staff").unwrap();
    d.post_chat_message(&admin, &say(room.id, "bye")).unwrap();
    w.clock.set(datetime!(2027-06-03 10:00 UTC));
    let done = d
        .apply_conversation_retention(&admin, a.ids.school)
        .unwrap();
    assert_eq!(done.len(), 1);
    assert_eq!(done[0].conversation, room.id);
    assert_eq!(done[0].messages, 1);
    assert!(matches!(
        d.conversation(&admin, room.id),
        Err(Error::NotFound { .. })
    ));
    assert!(d
        .search_chat_messages(&admin, a.admin, "bye", 10)
        .unwrap()
        .is_empty());
    assert_eq!(
        d.conversation_retention_records(&admin, a.ids.school)
            .unwrap()
            .len(),
        3
    );
}

#[test]
fn hostile_text_and_limit_numbers_are_refused_with_nothing_stored() {
    let w = setup();
    let (d, a) = (&w.d, &w.a);
    let mother = Actor::vouched(a.ids.mother);
    let teacher = Actor::vouched(a.ids.teacher);
    let c = d
        .start_conversation(&mother, &about(&w, vec![a.ids.teacher]))
        .unwrap();
    let m = d.post_chat_message(&mother, &say(c.id, "hello")).unwrap();
    for bad in ["a\u{202E}b", "a\u{200B}b", "a\u{0007}b", "a\u{E000}b"] {
        assert!(
            matches!(d.post_chat_message(&mother, &say(c.id, bad)),
                Err(Error::InvalidInput { field, .. }) if field == "text"),
            "{bad:?}"
        );
        assert!(matches!(
            d.edit_chat_message(&mother, m.id, bad),
            Err(Error::InvalidInput { .. })
        ));
        assert!(matches!(
            d.report_chat_message(&teacher, m.id, bad),
            Err(Error::InvalidInput { .. })
        ));
    }
    // Limit numbers: ids, cursors, mutes far in the future or past.
    for id in [0, -1, i64::MIN] {
        assert!(d.conversation(&mother, ConversationId(id)).is_err());
        assert!(d
            .chat_messages(&mother, c.id, Some(ChatMessageId(id)), 10)
            .is_err());
    }
    let chat = d.open_class_chat(&teacher, a.ids.class).unwrap();
    for until in [i64::MAX, i64::MIN, 0] {
        assert!(matches!(
            d.mute_participant(&teacher, chat.id, a.ids.mother, Some(until)),
            Err(Error::InvalidInput { field, .. }) if field == "until"
        ));
    }
    let page = d.chat_messages(&teacher, c.id, None, 100).unwrap();
    assert_eq!(page.messages.len(), 1);
    assert_eq!(page.messages[0].text.as_deref(), Some("hello"));
    assert!(page.messages[0].edited_at.is_none());
    assert!(d
        .chat_reports(&Actor::vouched(a.admin), a.ids.school, None)
        .unwrap()
        .is_empty());
}
