//! Announcements (D9): who may publish where, who sees what (and after a
//! transfer), read receipts, ordering, edits with history, withdrawal, and
//! another school's admin naming ids and learning nothing.

mod common;

use common::person;
use common::world::*;
use diary_core::*;
use std::sync::Arc;
use time::macros::{date, datetime};

struct Two {
    d: Diary,
    clock: Arc<ManualClock>,
    a: TestSchool,
    b: TestSchool,
}

fn setup() -> Two {
    let clock = Arc::new(ManualClock::new(datetime!(2024-09-20 10:00 UTC)));
    let d = common::fresh_diary(OpenOptions {
        clock: clock.clone(),
        ..OpenOptions::default()
    });
    let a = school(&d, "A", 300_000, None);
    let b = school(&d, "B", 400_000, None);
    Two { d, clock, a, b }
}

fn new(school: SchoolId, audience: Vec<Audience>, title: &str) -> NewAnnouncement {
    NewAnnouncement {
        school,
        kind: AnnouncementKind::News,
        urgent: false,
        title: title.into(),
        body: "Text".into(),
        audience,
        shown_from: date!(2024 - 09 - 20),
        shown_until: date!(2024 - 10 - 20),
        pinned: false,
        attachments: Vec::new(),
    }
}

fn to(scope: AudienceScope, id: Option<i64>, role: AudienceRole) -> Audience {
    Audience { scope, id, role }
}

fn titles(d: &Diary, who: PersonId, child: Option<PersonId>) -> Vec<String> {
    d.announcements_for(&Actor::vouched(who), who, child)
        .unwrap()
        .into_iter()
        .map(|a| a.title)
        .collect()
}

#[test]
fn each_audience_reaches_its_people_only() {
    let w = setup();
    let (d, a) = (&w.d, &w.a);
    let admin = Actor::vouched(a.admin);
    let teacher = Actor::vouched(a.ids.teacher);
    let mut quarantine = new(
        a.ids.school,
        vec![to(AudienceScope::School, None, AudienceRole::Everyone)],
        "Quarantine",
    );
    quarantine.kind = AnnouncementKind::Quarantine;
    quarantine.urgent = true;
    d.publish_announcement(&admin, &quarantine).unwrap();
    let class = a.ids.class.0;
    d.publish_announcement(
        &teacher,
        &new(
            a.ids.school,
            vec![to(AudienceScope::Class, Some(class), AudienceRole::Parents)],
            "Parents of 5A",
        ),
    )
    .unwrap();
    d.publish_announcement(
        &admin,
        &new(
            a.ids.school,
            vec![to(AudienceScope::School, None, AudienceRole::Staff)],
            "Staff meeting",
        ),
    )
    .unwrap();
    d.publish_announcement(
        &teacher,
        &new(
            a.ids.school,
            vec![to(
                AudienceScope::Person,
                Some(a.ids.student.0),
                AudienceRole::Everyone,
            )],
            "To the student",
        ),
    )
    .unwrap();
    assert_eq!(
        titles(d, a.ids.mother, None),
        ["Quarantine", "Parents of 5A"]
    );
    assert_eq!(
        titles(d, a.ids.mother, Some(a.ids.student)),
        ["Quarantine", "Parents of 5A"]
    );
    assert_eq!(
        titles(d, a.ids.student, None),
        ["Quarantine", "To the student"]
    );
    assert_eq!(
        titles(d, a.ids.teacher, None),
        ["Quarantine", "Staff meeting"]
    );
    // School B's people see none of school A's.
    assert!(titles(d, w.b.ids.mother, None).is_empty());
    assert!(titles(d, w.b.admin, None).is_empty());
}

#[test]
fn who_may_publish_where() {
    let w = setup();
    let (d, a) = (&w.d, &w.a);
    let teacher = Actor::vouched(a.ids.teacher);
    let school_wide = new(
        a.ids.school,
        vec![to(AudienceScope::School, None, AudienceRole::Everyone)],
        "All",
    );
    assert!(matches!(
        d.publish_announcement(&teacher, &school_wide),
        Err(Error::AccessDenied(_))
    ));
    let mother = Actor::vouched(a.ids.mother);
    let class = new(
        a.ids.school,
        vec![to(
            AudienceScope::Class,
            Some(a.ids.class.0),
            AudienceRole::Everyone,
        )],
        "5A",
    );
    assert!(matches!(
        d.publish_announcement(&mother, &class),
        Err(Error::AccessDenied(_))
    ));
    // Another school's class named in school A's announcement: the same
    // answer as a class that does not exist.
    let foreign = new(
        a.ids.school,
        vec![to(
            AudienceScope::Class,
            Some(w.b.ids.class.0),
            AudienceRole::Everyone,
        )],
        "x",
    );
    let missing = new(
        a.ids.school,
        vec![to(
            AudienceScope::Class,
            Some(99_999),
            AudienceRole::Everyone,
        )],
        "x",
    );
    let e1 = d.publish_announcement(&teacher, &foreign).unwrap_err();
    let e2 = d.publish_announcement(&teacher, &missing).unwrap_err();
    assert_eq!(e1.field(), Some("audience[0].id"));
    assert_eq!(
        e1.to_string().replace(&w.b.ids.class.0.to_string(), "N"),
        e2.to_string().replace("99999", "N")
    );
    // School B's admin publishing in school A: not found, nothing stored.
    let b_admin = Actor::vouched(w.b.admin);
    assert!(matches!(
        d.publish_announcement(&b_admin, &school_wide),
        Err(Error::NotFound { .. })
    ));
    assert!(titles(d, a.ids.mother, None).is_empty());
    // Bad input is named.
    let mut bad = class.clone();
    bad.title = " ".into();
    assert_eq!(
        d.publish_announcement(&teacher, &bad).unwrap_err().field(),
        Some("title")
    );
    let mut bad = class.clone();
    bad.shown_until = date!(2024 - 09 - 01);
    assert_eq!(
        d.publish_announcement(&teacher, &bad).unwrap_err().field(),
        Some("shown_until")
    );
    let mut bad = class.clone();
    bad.audience.clear();
    assert_eq!(
        d.publish_announcement(&teacher, &bad).unwrap_err().field(),
        Some("audience")
    );
    // Hostile text: bidi overrides, zero-width and control characters.
    for (title, body) in [
        ("Exam \u{202E}txt.exe", "ok"),
        ("Exam\u{200B}", "ok"),
        ("Exam", "line\u{0007}bell"),
    ] {
        let mut bad = class.clone();
        bad.title = title.into();
        bad.body = body.into();
        let e = d.publish_announcement(&teacher, &bad).unwrap_err();
        assert!(matches!(e.field(), Some("title") | Some("body")), "{e}");
    }
    // Far-off dates and windows longer than a year.
    let mut bad = class.clone();
    bad.shown_from = date!(2300 - 01 - 01);
    bad.shown_until = date!(2300 - 01 - 02);
    assert_eq!(
        d.publish_announcement(&teacher, &bad).unwrap_err().field(),
        Some("shown_from")
    );
    let mut bad = class.clone();
    bad.shown_until = date!(2026 - 01 - 01);
    assert_eq!(
        d.publish_announcement(&teacher, &bad).unwrap_err().field(),
        Some("shown_until")
    );
    let mut bad = class.clone();
    bad.audience = vec![to(AudienceScope::Class, Some(-5), AudienceRole::Everyone)];
    assert_eq!(
        d.publish_announcement(&teacher, &bad).unwrap_err().field(),
        Some("audience[0].id")
    );
    let mut bad = class;
    bad.audience = vec![to(AudienceScope::School, Some(1), AudienceRole::Everyone)];
    assert_eq!(
        d.publish_announcement(&teacher, &bad).unwrap_err().field(),
        Some("audience[0].id")
    );
}

#[test]
fn receipts_order_edits_and_withdrawal() {
    let w = setup();
    let (d, a) = (&w.d, &w.a);
    let admin = Actor::vouched(a.admin);
    let everyone = vec![to(
        AudienceScope::Class,
        Some(a.ids.class.0),
        AudienceRole::Everyone,
    )];
    let old = d
        .publish_announcement(&admin, &new(a.ids.school, everyone.clone(), "Old news"))
        .unwrap();
    w.clock.advance(time::Duration::minutes(1));
    let mut urgent = new(a.ids.school, everyone.clone(), "Urgent");
    urgent.urgent = true;
    let urgent = d.publish_announcement(&admin, &urgent).unwrap();
    w.clock.advance(time::Duration::minutes(1));
    let mut pinned = new(a.ids.school, everyone, "Pinned");
    pinned.pinned = true;
    d.publish_announcement(&admin, &pinned).unwrap();
    assert_eq!(
        titles(d, a.ids.mother, None),
        ["Pinned", "Urgent", "Old news"]
    );
    // Read ones go after unread ones.
    let mother = Actor::vouched(a.ids.mother);
    d.mark_announcement_read(&mother, urgent.id).unwrap();
    d.mark_announcement_read(&mother, urgent.id).unwrap(); // the first time counts
    assert_eq!(
        titles(d, a.ids.mother, None),
        ["Pinned", "Old news", "Urgent"]
    );
    // The author sees who has read it: everyone it reaches, readers last.
    let receipts = d.announcement_receipts(&admin, urgent.id).unwrap();
    let read: Vec<PersonId> = receipts
        .iter()
        .filter(|r| r.read_at.is_some())
        .map(|r| r.person)
        .collect();
    assert_eq!(read, [a.ids.mother]);
    for who in [a.ids.student, a.ids.teacher] {
        assert!(
            receipts
                .iter()
                .any(|r| r.person == who && r.read_at.is_none()),
            "{who}"
        );
    }
    // Others may not: the mother is refused, school B's admin learns nothing.
    assert!(matches!(
        d.announcement_receipts(&mother, urgent.id),
        Err(Error::AccessDenied(_))
    ));
    let b_admin = Actor::vouched(w.b.admin);
    let hidden = d.announcement_receipts(&b_admin, urgent.id).unwrap_err();
    let absent = d
        .announcement_receipts(&b_admin, AnnouncementId(99_999))
        .unwrap_err();
    assert!(matches!(hidden, Error::NotFound { .. }) && matches!(absent, Error::NotFound { .. }));
    assert!(matches!(
        d.announcement(&b_admin, urgent.id),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        d.mark_announcement_read(&Actor::vouched(w.b.ids.mother), urgent.id),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        d.withdraw_announcement(&b_admin, urgent.id),
        Err(Error::NotFound { .. })
    ));
    // Edit: the old text is kept.
    let teacher = Actor::vouched(a.ids.teacher);
    assert!(matches!(
        d.edit_announcement(
            &teacher,
            old.id,
            &AnnouncementEdit {
                title: Some("Mine".into()),
                ..Default::default()
            }
        ),
        Err(Error::AccessDenied(_))
    ));
    let edited = d
        .edit_announcement(
            &admin,
            old.id,
            &AnnouncementEdit {
                title: Some("Corrected".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!((edited.title.as_str(), edited.edits), ("Corrected", 1));
    let versions = d.announcement_versions(&admin, old.id).unwrap();
    assert_eq!(versions[0].title, "Old news");
    assert_eq!(
        d.edit_announcement(
            &admin,
            old.id,
            &AnnouncementEdit {
                body: Some("".into()),
                ..Default::default()
            }
        )
        .unwrap_err()
        .field(),
        Some("body")
    );
    // Withdrawn: gone for the recipients, kept for the author.
    d.withdraw_announcement(&admin, old.id).unwrap();
    assert_eq!(titles(d, a.ids.mother, None), ["Pinned", "Urgent"]);
    assert!(matches!(
        d.announcement(&mother, old.id),
        Err(Error::NotFound { .. })
    ));
    assert!(d.announcement(&admin, old.id).unwrap().withdrawn);
    // Outside its window it is not shown.
    w.clock.set(datetime!(2024-10-21 10:00 UTC));
    assert!(titles(d, a.ids.mother, None).is_empty());
}

#[test]
fn a_transferred_childs_family_sees_the_new_schools_announcements() {
    let w = setup();
    let (d, a, b) = (&w.d, &w.a, &w.b);
    let everyone = || vec![to(AudienceScope::School, None, AudienceRole::Parents)];
    let mut old = new(a.ids.school, everyone(), "School A");
    old.shown_until = date!(2025 - 01 - 31);
    d.publish_announcement(&Actor::vouched(a.admin), &old)
        .unwrap();
    let mut current = new(b.ids.school, everyone(), "School B");
    current.shown_until = date!(2025 - 01 - 31);
    d.publish_announcement(&Actor::vouched(b.admin), &current)
        .unwrap();
    assert_eq!(titles(d, a.ids.mother, None), ["School A"]);
    // Transfer to school B from 1 October.
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
    assert_eq!(titles(d, a.ids.mother, None), ["School B"]);
    assert_eq!(titles(d, a.ids.mother, Some(a.ids.student)), ["School B"]);
}

#[test]
fn a_person_reads_only_their_own_list() {
    let w = setup();
    let (d, a) = (&w.d, &w.a);
    let teacher = Actor::vouched(a.ids.teacher);
    assert!(matches!(
        d.announcements_for(&teacher, a.ids.mother, None),
        Err(Error::AccessDenied(_)) | Err(Error::NotFound { .. })
    ));
    // A mother names another family's child: not found.
    let stranger = d
        .register_person(
            &Actor::vouched(a.admin),
            a.ids.school,
            &person("Other", "O", date!(2013 - 03 - 03), None),
        )
        .unwrap()
        .id;
    assert!(matches!(
        d.announcements_for(&Actor::vouched(a.ids.mother), a.ids.mother, Some(stranger)),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn a_timetable_change_announces_itself_when_asked() {
    let w = setup();
    let (d, a) = (&w.d, &w.a);
    let admin = Actor::vouched(a.admin);
    let monday = date!(2024 - 09 - 23);
    let lesson = LessonKey {
        class: a.ids.class,
        date: monday,
        number: 1,
        group: None,
    };
    let change = |announce| NewLessonChange {
        lesson,
        kind: ChangeKind::Cancellation,
        teacher: None,
        room: None,
        subject: None,
        to_date: None,
        to_number: None,
        reason: Some("The teacher is ill".into()),
        announce,
    };
    // Without asking: no announcement.
    d.change_lesson(&admin, &change(false)).unwrap();
    assert!(titles(d, a.ids.mother, None).is_empty());
    // A second change on another Monday, announced.
    let next = NewLessonChange {
        lesson: LessonKey {
            date: date!(2024 - 09 - 30),
            ..lesson
        },
        ..change(true)
    };
    d.change_lesson(&admin, &next).unwrap();
    let got = d
        .announcements_for(&Actor::vouched(a.ids.mother), a.ids.mother, None)
        .unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].kind, AnnouncementKind::ScheduleChange);
    assert!(
        got[0]
            .title
            .contains("2024-09-30, lesson 1 (Mathematics) is cancelled"),
        "{}",
        got[0].title
    );
    assert!(got[0].body.contains("Reason: The teacher is ill"));
    assert_eq!(got[0].shown_until, date!(2024 - 09 - 30));
    // The student sees it too; another school's family does not.
    assert_eq!(titles(d, a.ids.student, None).len(), 1);
    assert!(titles(d, w.b.ids.mother, None).is_empty());
}
