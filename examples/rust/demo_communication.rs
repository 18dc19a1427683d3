//! The demo's communication part (issue 16): on a Monday of the school
//! year (a second handle on the same file with its clock set there, since
//! the demo school lives in 2024/25), class 5A's families are told of a
//! quarantine, talk in the class chat, are invited to a parents' evening
//! with an agenda, and a mother signs her consent to an excursion.

use diary_core::signature::signed_reply_bytes;
use diary_core::*;
use ed25519_dalek::Signer;
use std::sync::Arc;
use time::macros::{date, datetime};

/// Runs the part and prints what the families see.
pub fn run(path: &str, admin: &Actor, class: &Class) -> Result<()> {
    let clock = Arc::new(ManualClock::new(datetime!(2025-02-03 06:00 UTC)));
    let d = Diary::open_with(
        path,
        OpenOptions {
            clock: clock.clone(),
            ..OpenOptions::default()
        },
    )?;
    let today = date!(2025 - 02 - 03);
    let roster = d.class_roster(admin, class.id, today)?;
    let family = |i: usize| -> Result<(PersonId, PersonId)> {
        let child = roster[i].id;
        let mother = d.guardians(admin, child)?[0].guardian;
        Ok((child, mother))
    };
    let (child, mother_id) = family(0)?;
    let (_, other_mother_id) = family(1)?;
    let (mother, other_mother) = (Actor::vouched(mother_id), Actor::vouched(other_mother_id));
    let teacher_id = class
        .class_teacher
        .ok_or_else(|| Error::invalid("class", "has no class teacher"))?;
    let teacher = Actor::vouched(teacher_id);
    println!("\nCommunication in class {} (as on {today}):", class.name());

    // An urgent announcement to the class's parents.
    d.publish_announcement(
        admin,
        &NewAnnouncement {
            school: class.school,
            kind: AnnouncementKind::Quarantine,
            urgent: true,
            title: format!("Quarantine in class {} until 10 February", class.name()),
            body: "Lessons move online; homework is in the diary.".into(),
            audience: vec![Audience {
                scope: AudienceScope::Class,
                id: Some(class.id.0),
                role: AudienceRole::Parents,
            }],
            shown_from: today,
            shown_until: date!(2025 - 02 - 10),
            pinned: true,
            attachments: Vec::new(),
        },
    )?;
    for a in d.announcements_for(&mother, mother_id, Some(child))? {
        println!(
            "  announcement ({}, urgent: {}): {}",
            a.kind, a.urgent, a.title
        );
    }

    // The class chat.
    let chat = d.open_class_chat(&teacher, class.id)?;
    let say = |who: &Actor, text: &str| {
        d.post_chat_message(
            who,
            &NewChatMessage {
                conversation: chat.id,
                text: text.into(),
                attachments: Vec::new(),
                reply_to: None,
            },
        )
    };
    say(
        &teacher,
        "Good morning! Online lessons start at 9:00, links are in the diary.",
    )?;
    say(&mother, "Thank you! Will the test on Thursday be moved?")?;
    say(&teacher, "Yes, to the week after the quarantine.")?;
    println!(
        "  class chat \"{}\": {} participants; {} unread for another mother",
        chat.title.as_deref().unwrap_or_default(),
        chat.participants.len(),
        d.unread_counts(&other_mother, other_mother_id)?.total
    );
    let mut page = d.chat_messages(&other_mother, chat.id, None, 10)?.messages;
    page.reverse();
    for m in page {
        let who = d.person(admin, m.author)?;
        println!("    {}: {}", who.first_name, m.text.unwrap_or_default());
    }

    // A parents' evening with an agenda, answered.
    let meeting = d.organise_meeting(
        &teacher,
        &NewMeeting {
            school: class.school,
            kind: MeetingKind::ParentsEvening,
            title: format!("Parents' evening {}", class.name()),
            description: Some("Online, after the quarantine week.".into()),
            day: date!(2025 - 02 - 06),
            starts: "18:00".into(),
            minutes: 60,
            place: None,
            online_link: Some("https://meet.example.org/5a".into()),
            audience: vec![Audience {
                scope: AudienceScope::Class,
                id: Some(class.id.0),
                role: AudienceRole::Parents,
            }],
            agenda: vec![
                AgendaItem {
                    title: "Marks of the second quarter".into(),
                    presenter: Some(teacher_id),
                    starts: "18:00".into(),
                    minutes: 30,
                },
                AgendaItem {
                    title: "The spring excursion".into(),
                    presenter: None,
                    starts: "18:30".into(),
                    minutes: 20,
                },
            ],
        },
    )?;
    d.reply_to_meeting(
        &mother,
        meeting.id,
        MeetingAnswer::Yes,
        Some("We will join"),
    )?;
    println!(
        "  meeting \"{}\" on {} at {} ({} min):",
        meeting.title, meeting.day, meeting.starts, meeting.minutes
    );
    for item in &meeting.agenda {
        println!("    {} {} ({} min)", item.starts, item.title, item.minutes);
    }
    println!(
        "    answers: {}",
        d.meeting_replies(&teacher, meeting.id)?
            .iter()
            .map(|r| r.answer.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );

    // A consent that must be signed: the admin registers the mother's key
    // after checking her passport; she signs the library's exact bytes.
    let secret = ed25519_dalek::SigningKey::from_bytes(&[42; 32]);
    let key = d.register_signing_key(
        admin,
        &NewSigningKey {
            person: mother_id,
            public_key: secret.verifying_key().to_bytes().to_vec(),
            identity_check: "passport checked at the school office".into(),
            valid_until: Some(date!(2025 - 08 - 31)),
        },
    )?;
    let message = d.send_teacher_message(
        &teacher,
        &NewTeacherMessage {
            student: child,
            recipient: mother_id,
            subject: "Consent: spring excursion to the Planetarium".into(),
            body: "Please confirm that your child may take part.".into(),
            needs_signature: true,
        },
    )?;
    let at = clock.now().unix_timestamp();
    let text = "I agree.";
    let signature = secret.sign(&signed_reply_bytes(message.id.0, mother_id.0, text, at));
    let hex: String = signature
        .to_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    d.reply_to_teacher_message(
        &mother,
        message.id,
        text,
        Some(&ReplySignature {
            key: key.id,
            signature: hex,
            signed_at: at,
        }),
    )?;
    println!(
        "  signed reply to \"{}\": \"{text}\", signature verified: {}",
        message.subject,
        d.verify_signed_reply(&teacher, message.id)?
    );
    Ok(())
}
