//! Every JSON shape the header documents is the shape the call returns:
//! each `diary_*_json` function whose doc gives a shape (`{"key",...}` or
//! `[{"key",...}]`) is called on a small school, and the keys of the object
//! (or of the first row) must be exactly the documented top-level keys.

#[path = "../../diary-core/tests/common/mod.rs"]
#[allow(dead_code, clippy::all)]
mod common;

use common::world::{self, MON};
use diary::*;
use diary_core::{Actor, AttendanceEntry, AttendanceStatus, Diary, OpenOptions, RemarkKind};
use std::collections::{BTreeSet, HashMap};
use std::ffi::{c_char, CStr, CString};

mod header_docs;

/// Documented shapes: function → (an array of rows?, top-level keys).
fn documented() -> HashMap<String, (bool, BTreeSet<String>)> {
    let header = header_docs::header();
    let mut out = HashMap::new();
    for (name, doc) in header_docs::comments(&header) {
        let Some(name) = name else { continue };
        let text: String = doc
            .lines()
            .map(|l| l.trim().trim_start_matches('*').trim())
            .collect::<Vec<_>>()
            .join("");
        // The first backticked shape that starts an object or rows.
        let Some(shape) = text
            .split('`')
            .skip(1)
            .step_by(2)
            .find(|s| s.starts_with('{') || s.starts_with("[{"))
        else {
            continue;
        };
        // Rows when the shape is written `[{...}]` or the doc says "array".
        let rows = shape.starts_with('[') || text.contains("array");
        out.insert(name, (rows, top_keys(shape)));
    }
    out
}

/// The keys at the top level of the first object in `shape`.
fn top_keys(shape: &str) -> BTreeSet<String> {
    let start = shape.find('{').unwrap();
    let (mut depth, mut keys, mut chars) =
        (0i32, BTreeSet::new(), shape[start..].chars().peekable());
    let mut expect_key = false;
    while let Some(c) = chars.next() {
        match c {
            '{' | '[' => {
                depth += 1;
                expect_key = c == '{' && depth == 1;
            }
            '}' | ']' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            ',' if depth == 1 => expect_key = true,
            '"' => {
                let s: String = chars.by_ref().take_while(|c| *c != '"').collect();
                if expect_key && depth == 1 {
                    keys.insert(s);
                }
                expect_key = false;
            }
            _ => {}
        }
    }
    keys
}

fn c(s: &str) -> CString {
    CString::new(s).unwrap()
}

fn vouched(p: diary_core::PersonId) -> diary_actor {
    diary_actor {
        kind: diary_actor_kind::DIARY_ACTOR_VOUCHED as i32,
        person: p.0,
    }
}

#[test]
fn documented_json_shapes_are_what_the_calls_return() {
    // The school, built in a file with the core on the fixture's clock,
    // plus what the fixture does not have: a remark, a register, a test
    // announcement and a group member.
    let dir = std::env::temp_dir().join(format!("diary-shapes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("shapes.diary");
    let _ = std::fs::remove_file(&path);
    let now = time::macros::datetime!(2024-09-20 10:00 UTC);
    let clock = std::sync::Arc::new(diary_core::ManualClock::new(now));
    let s = {
        let d = Diary::open_with(
            &path,
            OpenOptions {
                clock: clock.clone(),
                ..OpenOptions::default()
            },
        )
        .unwrap();
        let s = world::school(&d, "Shapes", 500, None);
        let (t, a) = (Actor::vouched(s.ids.teacher), Actor::vouched(s.admin));
        d.add_remark(
            &t,
            s.ids.student,
            MON,
            Some(s.ids.subject),
            RemarkKind::Positive,
            "Well done",
        )
        .unwrap();
        d.record_attendance(
            &t,
            &s.ids.lesson,
            &[AttendanceEntry {
                student: s.ids.student,
                status: AttendanceStatus::Present,
                late_minutes: None,
                reason: None,
                excused: false,
            }],
        )
        .unwrap();
        let next = diary_core::LessonKey {
            date: MON + time::Duration::days(7),
            ..s.ids.lesson
        };
        d.set_lesson_topic(&t, &next, Some("Fractions"), Some("Fractions test"))
            .unwrap();
        d.add_group_member(&a, s.ids.group, s.ids.student).unwrap();
        d.change_mark(
            &t,
            s.ids.mark,
            &diary_core::MarkEdit {
                comment: Some("Checked again".into()),
                ..Default::default()
            },
            "a comment added",
        )
        .unwrap();
        let nanny = common::person(
            "Nanny",
            "Nina",
            time::macros::date!(1990 - 01 - 01),
            Some(&world::snils(999_000)),
        );
        let nanny = d.register_person(&a, s.ids.school, &nanny).unwrap().id;
        d.add_holiday(
            &a,
            s.ids.school,
            &diary_core::NewHoliday {
                name: "Autumn break".into(),
                first_day: time::macros::date!(2024 - 10 - 28),
                last_day: time::macros::date!(2024 - 11 - 03),
            },
        )
        .unwrap();
        // The nanny's account, with a session past its first password change.
        let creds = d.issue_credentials(&a, nanny).unwrap();
        let first = d.login(&creds.login, &creds.temporary_password).unwrap();
        let passphrase = "a long enough new passphrase 2024";
        d.change_password(&first.token, &creds.temporary_password, passphrase)
            .unwrap();
        let session = d.login(&creds.login, passphrase).unwrap();
        // A regional officer of the school's region.
        let officer = common::person(
            "Officer",
            "Olga",
            time::macros::date!(1980 - 01 - 01),
            Some(&world::snils(999_001)),
        );
        let officer = d
            .register_regional_officer(&Actor::operator(), &officer, "Moscow")
            .unwrap()
            .id;
        d.invite_trusted_person(
            &Actor::vouched(s.ids.mother),
            &diary_core::NewInvitation {
                student: s.ids.student,
                surname: "Nanny".into(),
                invitee: diary_core::InviteeId::Snils(world::snils(999_000)),
                services: diary_core::Services::DIARY,
                until: None,
                window_days: None,
            },
        )
        .unwrap();
        // An announcement to the class, edited once and read by the mother.
        let ann = d
            .publish_announcement(
                &a,
                &diary_core::NewAnnouncement {
                    school: s.ids.school,
                    kind: diary_core::AnnouncementKind::Quarantine,
                    urgent: true,
                    title: "Quarantine".into(),
                    body: "Class 5A stays home".into(),
                    audience: vec![diary_core::Audience {
                        scope: diary_core::AudienceScope::Class,
                        id: Some(s.ids.class.0),
                        role: diary_core::AudienceRole::Everyone,
                    }],
                    shown_from: time::macros::date!(2024 - 09 - 20),
                    shown_until: time::macros::date!(2024 - 09 - 27),
                    pinned: false,
                    attachments: Vec::new(),
                },
            )
            .unwrap()
            .id;
        d.edit_announcement(
            &a,
            ann,
            &diary_core::AnnouncementEdit {
                body: Some("Class 5A stays home until Friday".into()),
                ..Default::default()
            },
        )
        .unwrap();
        d.mark_announcement_read(&Actor::vouched(s.ids.mother), ann)
            .unwrap();
        // A parents' evening with an agenda, answered by the mother.
        let meeting = d
            .organise_meeting(
                &t,
                &diary_core::NewMeeting {
                    school: s.ids.school,
                    kind: diary_core::MeetingKind::ParentsEvening,
                    title: "Parents' evening".into(),
                    description: None,
                    day: time::macros::date!(2024 - 09 - 26),
                    starts: "18:00".into(),
                    minutes: 60,
                    place: Some("Room 12".into()),
                    online_link: None,
                    audience: vec![diary_core::Audience {
                        scope: diary_core::AudienceScope::Class,
                        id: Some(s.ids.class.0),
                        role: diary_core::AudienceRole::Parents,
                    }],
                    agenda: vec![diary_core::AgendaItem {
                        title: "Marks".into(),
                        presenter: Some(s.ids.teacher),
                        starts: "18:00".into(),
                        minutes: 30,
                    }],
                },
            )
            .unwrap()
            .id;
        d.reply_to_meeting(
            &Actor::vouched(s.ids.mother),
            meeting,
            diary_core::MeetingAnswer::Yes,
            Some("We will come"),
        )
        .unwrap();
        // A key for the mother and a teacher's message she answered.
        d.register_signing_key(
            &a,
            &diary_core::NewSigningKey {
                person: s.ids.mother,
                public_key: vec![
                    0xd7, 0x5a, 0x98, 0x01, 0x82, 0xb1, 0x0a, 0xb7, 0xd5, 0x4b, 0xfe, 0xd3, 0xc9,
                    0x64, 0x07, 0x3a, 0x0e, 0xe1, 0x72, 0xf3, 0xda, 0xa6, 0x23, 0x25, 0xaf, 0x02,
                    0x1a, 0x68, 0xf7, 0x07, 0x51, 0x1a,
                ],
                identity_check: "passport".into(),
                valid_until: None,
            },
        )
        .unwrap();
        let message = d
            .send_teacher_message(
                &t,
                &diary_core::NewTeacherMessage {
                    student: s.ids.student,
                    recipient: s.ids.mother,
                    subject: "Excursion".into(),
                    body: "Please reply.".into(),
                    needs_signature: false,
                },
            )
            .unwrap()
            .id;
        d.reply_to_teacher_message(&Actor::vouched(s.ids.mother), message, "Yes", None)
            .unwrap();
        // A conversation with an edited message and a report, a class
        // chat, and retention applied two years later.
        let mother = Actor::vouched(s.ids.mother);
        let conversation = d
            .start_conversation(
                &mother,
                &diary_core::NewConversation {
                    school: s.ids.school,
                    child: Some(s.ids.student),
                    participants: vec![s.ids.teacher],
                    title: Some("Homework".into()),
                },
            )
            .unwrap()
            .id;
        let said = d
            .post_chat_message(
                &mother,
                &diary_core::NewChatMessage {
                    conversation,
                    text: "Which exercise?".into(),
                    attachments: Vec::new(),
                    reply_to: None,
                },
            )
            .unwrap()
            .id;
        d.edit_chat_message(&mother, said, "Which exercises?")
            .unwrap();
        d.report_chat_message(&t, said, "spam").unwrap();
        d.open_class_chat(&t, s.ids.class).unwrap();
        let child = d.person(&a, s.ids.student).unwrap();
        d.correct_person(
            &a,
            s.ids.student,
            &diary_core::NewPerson {
                surname: "Corrected".into(),
                first_name: child.first_name.clone(),
                patronymic: child.patronymic.clone(),
                birth_date: child.birth_date,
                snils: child.snils.as_ref().map(|x| x.digits().to_owned()),
            },
            "typo",
        )
        .unwrap();
        // A day through the turnstile, a menu, a payment and a meal served.
        d.record_visits(
            &Actor::operator(),
            s.ids.school,
            &[diary_core::NewVisitEvent {
                student: s.ids.student,
                direction: diary_core::VisitDirection::Entry,
                at: time::macros::datetime!(2024-09-09 04:52 UTC),
                device: "gate-1".into(),
            }],
        )
        .unwrap();
        let menu = d
            .publish_menu(
                &a,
                &diary_core::NewMenu {
                    school: s.ids.school,
                    day: MON,
                    meal: diary_core::MealKind::Lunch,
                    items: vec![diary_core::MenuItem {
                        name: "Soup".into(),
                        price: 8_550,
                        allergens: vec!["celery".into()],
                    }],
                },
            )
            .unwrap();
        d.record_meal_payment(&a, s.ids.student, 50_000, "pay-1")
            .unwrap();
        d.record_meal_served(&a, s.ids.student, menu.id, None)
            .unwrap();
        // A consent text and the mother's consent.
        d.publish_consent_text(
            &a,
            s.ids.school,
            diary_core::ConsentPurpose::Diary,
            "I consent",
        )
        .unwrap();
        d.record_consent(
            &Actor::vouched(s.ids.mother),
            s.ids.student,
            s.ids.school,
            diary_core::ConsentPurpose::Diary,
            diary_core::ConsentDecision::Given,
            diary_core::ConsentChannel::Online,
        )
        .unwrap();
        // A person registered and erased again.
        let gone = d
            .register_person(
                &a,
                s.ids.school,
                &common::person("Gone", "G", time::macros::date!(1990 - 02 - 02), None),
            )
            .unwrap()
            .id;
        d.erase_person(
            &a,
            gone,
            diary_core::ErasureGround::SubjectRequest,
            Some("request 1"),
        )
        .unwrap();
        // A father's application, one document provided.
        let application = d
            .submit_access_application(
                &Actor::operator(),
                &diary_core::NewAccessApplication {
                    school: s.ids.school,
                    child_surname: "Corrected".into(),
                    child_birth_date: time::macros::date!(2013 - 01 - 01),
                    applicant: common::person(
                        "Father",
                        "F",
                        time::macros::date!(1980 - 01 - 01),
                        None,
                    ),
                    relation: diary_core::Relation::Father,
                    legal_representative: true,
                    channel: diary_core::ApplicationChannel::Online,
                    documents: vec![diary_core::NewDocument {
                        kind: diary_core::DocumentKind::Consent,
                        reference: "s3://x".into(),
                        sha256: "ab".repeat(32),
                    }],
                },
            )
            .unwrap()
            .id;
        let mut rules = d.messaging_settings(&a, s.ids.school).unwrap();
        rules.retention_years = Some(1);
        d.set_messaging_settings(&a, s.ids.school, &rules).unwrap();
        let reads_later = Diary::open_with(
            &path,
            OpenOptions {
                clock: std::sync::Arc::new(diary_core::ManualClock::new(
                    time::macros::datetime!(2026-06-02 10:00 UTC),
                )),
                ..OpenOptions::default()
            },
        )
        .unwrap();
        assert_eq!(
            reads_later
                .apply_conversation_retention(&a, s.ids.school)
                .unwrap()
                .len(),
            2
        );
        (
            s,
            nanny,
            session.token,
            officer,
            ann,
            meeting,
            (conversation, said, application, gone),
        )
    };
    let (s, nanny, token, officer, ann, meeting, (conversation, said, application, gone)) = s;
    let (token, officer, moscow) = (c(&token), vouched(officer), c("Moscow"));
    let nanny = vouched(nanny);
    let p = c(path.to_str().unwrap());
    let mut db: *mut diary_db = std::ptr::null_mut();
    assert_eq!(
        unsafe { diary_open_with_clock(p.as_ptr(), now.unix_timestamp(), &mut db) },
        diary_status::DIARY_OK
    );
    let ids = s.ids;
    let (admin, mother, teacher) = (vouched(s.admin), vouched(ids.mother), vouched(ids.teacher));
    let op = diary_actor {
        kind: diary_actor_kind::DIARY_ACTOR_OPERATOR as i32,
        person: 0,
    };
    let (mon, sun, from, to) = (
        c("2024-09-09"),
        c("2024-09-15"),
        c("2024-09-01"),
        c("2024-10-25"),
    );
    let (tue, monday2, room) = (c("2024-09-16"), c("2024-09-16"), c("101"));
    let key = diary_lesson_key {
        struct_size: std::mem::size_of::<diary_lesson_key>() as u32,
        class_id: ids.class.0,
        date: mon.as_ptr(),
        number: 1,
        group: 0,
    };
    let _ = (&sun, &tue);
    type Call<'a> = Box<dyn Fn(*mut *mut c_char) -> diary_status + 'a>;
    let calls: Vec<(&str, Call)> = vec![
        (
            "diary_lesson_register_json",
            Box::new(|o| unsafe { diary_lesson_register_json(db, teacher, &key, o) }),
        ),
        (
            "diary_absence_notices_json",
            Box::new(|o| unsafe { diary_absence_notices_json(db, mother, ids.student.0, o) }),
        ),
        (
            "diary_class_attendance_json",
            Box::new(|o| unsafe {
                diary_class_attendance_json(db, teacher, ids.class.0, from.as_ptr(), to.as_ptr(), o)
            }),
        ),
        (
            "diary_untaken_registers_json",
            Box::new(|o| unsafe {
                diary_untaken_registers_json(
                    db,
                    teacher,
                    ids.teacher.0,
                    from.as_ptr(),
                    to.as_ptr(),
                    o,
                )
            }),
        ),
        (
            "diary_remarks_json",
            Box::new(|o| unsafe {
                diary_remarks_json(db, mother, ids.student.0, from.as_ptr(), to.as_ptr(), o)
            }),
        ),
        (
            "diary_lesson_homework_json",
            Box::new(|o| unsafe { diary_lesson_homework_json(db, teacher, &key, o) }),
        ),
        (
            "diary_student_day_json",
            Box::new(|o| unsafe {
                diary_student_day_json(db, mother, ids.student.0, mon.as_ptr(), o)
            }),
        ),
        (
            "diary_student_week_json",
            Box::new(|o| unsafe {
                diary_student_week_json(db, mother, ids.student.0, mon.as_ptr(), o)
            }),
        ),
        (
            "diary_upcoming_tests_json",
            Box::new(|o| unsafe {
                diary_upcoming_tests_json(db, mother, ids.student.0, from.as_ptr(), to.as_ptr(), o)
            }),
        ),
        (
            "diary_homework_due_json",
            Box::new(|o| unsafe {
                diary_homework_due_json(db, mother, ids.student.0, monday2.as_ptr(), o)
            }),
        ),
        (
            "diary_mark_json",
            Box::new(|o| unsafe { diary_mark_json(db, mother, ids.mark.0, o) }),
        ),
        (
            "diary_marks_json",
            Box::new(|o| unsafe {
                diary_marks_json(db, mother, ids.student.0, from.as_ptr(), to.as_ptr(), o)
            }),
        ),
        (
            "diary_average_json",
            Box::new(|o| unsafe {
                diary_average_json(db, mother, ids.student.0, ids.subject.0, ids.period.0, o)
            }),
        ),
        (
            "diary_year_average_json",
            Box::new(|o| unsafe {
                diary_year_average_json(db, mother, ids.student.0, ids.subject.0, ids.year.0, o)
            }),
        ),
        (
            "diary_school_period_averages_json",
            Box::new(|o| unsafe { diary_school_period_averages_json(db, admin, ids.year.0, o) }),
        ),
        (
            "diary_class_marks_json",
            Box::new(|o| unsafe {
                diary_class_marks_json(db, admin, ids.class.0, ids.period.0, 0, o)
            }),
        ),
        (
            "diary_class_averages_json",
            Box::new(|o| unsafe {
                diary_class_averages_json(db, admin, ids.class.0, ids.period.0, 0, o)
            }),
        ),
        (
            "diary_report_card_json",
            Box::new(|o| unsafe {
                diary_report_card_json(db, mother, ids.student.0, ids.year.0, ids.period.0, o)
            }),
        ),
        (
            "diary_report_card_template_json",
            Box::new(|o| unsafe { diary_report_card_template_json(db, admin, ids.school.0, o) }),
        ),
        (
            "diary_person_json",
            Box::new(|o| unsafe { diary_person_json(db, admin, ids.student.0, o) }),
        ),
        (
            "diary_class_roster_json",
            Box::new(|o| unsafe {
                diary_class_roster_json(db, admin, ids.class.0, mon.as_ptr(), o)
            }),
        ),
        (
            "diary_class_day_json",
            Box::new(|o| unsafe { diary_class_day_json(db, mother, ids.class.0, mon.as_ptr(), o) }),
        ),
        (
            "diary_teacher_week_json",
            Box::new(|o| unsafe {
                diary_teacher_week_json(db, teacher, ids.teacher.0, mon.as_ptr(), o)
            }),
        ),
        (
            "diary_room_day_json",
            Box::new(|o| unsafe {
                diary_room_day_json(db, admin, ids.school.0, room.as_ptr(), mon.as_ptr(), o)
            }),
        ),
        (
            "diary_trusted_grants_json",
            Box::new(|o| unsafe { diary_trusted_grants_json(db, mother, ids.student.0, o) }),
        ),
        (
            "diary_access_log_child_json",
            Box::new(|o| unsafe { diary_access_log_child_json(db, mother, ids.student.0, o) }),
        ),
        (
            "diary_access_log_school_json",
            Box::new(|o| unsafe { diary_access_log_school_json(db, admin, ids.school.0, o) }),
        ),
        (
            "diary_schools_json",
            Box::new(|o| unsafe { diary_schools_json(db, op, o) }),
        ),
        (
            "diary_school_json",
            Box::new(|o| unsafe { diary_school_json(db, admin, ids.school.0, o) }),
        ),
        (
            "diary_school_overview_json",
            Box::new(|o| unsafe { diary_school_overview_json(db, admin, ids.school.0, o) }),
        ),
        (
            "diary_years_json",
            Box::new(|o| unsafe { diary_years_json(db, admin, ids.school.0, o) }),
        ),
        (
            "diary_periods_json",
            Box::new(|o| unsafe { diary_periods_json(db, admin, ids.year.0, o) }),
        ),
        (
            "diary_holidays_json",
            Box::new(|o| unsafe { diary_holidays_json(db, admin, ids.school.0, o) }),
        ),
        (
            "diary_classes_json",
            Box::new(|o| unsafe { diary_classes_json(db, admin, ids.year.0, o) }),
        ),
        (
            "diary_class_json",
            Box::new(|o| unsafe { diary_class_json(db, admin, ids.class.0, o) }),
        ),
        (
            "diary_subjects_json",
            Box::new(|o| unsafe { diary_subjects_json(db, admin, ids.school.0, o) }),
        ),
        (
            "diary_groups_json",
            Box::new(|o| unsafe { diary_groups_json(db, admin, ids.class.0, o) }),
        ),
        (
            "diary_assignments_json",
            Box::new(|o| unsafe { diary_assignments_json(db, admin, ids.year.0, o) }),
        ),
        (
            "diary_staff_json",
            Box::new(|o| unsafe { diary_staff_json(db, admin, ids.school.0, o) }),
        ),
        (
            "diary_enrolments_json",
            Box::new(|o| unsafe { diary_enrolments_json(db, admin, ids.student.0, o) }),
        ),
        (
            "diary_guardians_json",
            Box::new(|o| unsafe { diary_guardians_json(db, admin, ids.student.0, o) }),
        ),
        (
            "diary_children_json",
            Box::new(|o| unsafe { diary_children_json(db, mother, ids.mother.0, o) }),
        ),
        (
            "diary_work_kinds_json",
            Box::new(|o| unsafe { diary_work_kinds_json(db, admin, ids.school.0, o) }),
        ),
        (
            "diary_scales_json",
            Box::new(|o| unsafe { diary_scales_json(db, admin, ids.school.0, o) }),
        ),
        (
            "diary_mark_history_json",
            Box::new(|o| unsafe { diary_mark_history_json(db, admin, ids.mark.0, o) }),
        ),
        (
            "diary_period_mark_json",
            Box::new(|o| unsafe {
                diary_period_mark_json(db, mother, ids.student.0, ids.subject.0, ids.period.0, o)
            }),
        ),
        (
            "diary_year_mark_json",
            Box::new(|o| unsafe {
                diary_year_mark_json(db, mother, ids.student.0, ids.subject.0, ids.year.0, o)
            }),
        ),
        (
            "diary_final_mark_json",
            Box::new(|o| unsafe {
                diary_final_mark_json(db, mother, ids.student.0, ids.subject.0, ids.year.0, o)
            }),
        ),
        (
            "diary_class_statistics_json",
            Box::new(|o| unsafe {
                diary_class_statistics_json(db, admin, ids.class.0, ids.subject.0, ids.period.0, o)
            }),
        ),
        (
            "diary_progress_json",
            Box::new(|o| unsafe {
                diary_progress_json(db, mother, ids.student.0, ids.subject.0, ids.period.0, o)
            }),
        ),
        (
            "diary_subject_averages_json",
            Box::new(|o| unsafe {
                diary_subject_averages_json(db, mother, ids.student.0, ids.period.0, o)
            }),
        ),
        (
            "diary_invitations_json",
            Box::new(|o| unsafe { diary_invitations_json(db, nanny, o) }),
        ),
        (
            "diary_my_sessions_json",
            Box::new(|o| unsafe { diary_my_sessions_json(db, token.as_ptr(), o) }),
        ),
        (
            "diary_my_contacts_json",
            Box::new(|o| unsafe { diary_my_contacts_json(db, token.as_ptr(), o) }),
        ),
        (
            "diary_regional_statistics_json",
            Box::new(|o| unsafe {
                diary_regional_statistics_json(db, officer, moscow.as_ptr(), o)
            }),
        ),
        (
            "diary_grading_average_json",
            Box::new(|o| unsafe {
                let (marks, rule) = (c(r#"[{"value":"5"},{"value":"4"}]"#), c("{}"));
                diary_grading_average_json(marks.as_ptr(), rule.as_ptr(), std::ptr::null(), o)
            }),
        ),
        (
            "diary_signing_keys_json",
            Box::new(|o| unsafe { diary_signing_keys_json(db, admin, ids.mother.0, o) }),
        ),
        (
            "diary_teacher_messages_json",
            Box::new(|o| unsafe { diary_teacher_messages_json(db, mother, ids.mother.0, o) }),
        ),
        (
            "diary_meetings_json",
            Box::new(|o| unsafe {
                let (from, to) = (c("2024-09-01"), c("2024-12-31"));
                diary_meetings_json(db, mother, ids.mother.0, from.as_ptr(), to.as_ptr(), 0, o)
            }),
        ),
        (
            "diary_meeting_json",
            Box::new(|o| unsafe { diary_meeting_json(db, mother, meeting.0, o) }),
        ),
        (
            "diary_meeting_replies_json",
            Box::new(|o| unsafe { diary_meeting_replies_json(db, admin, meeting.0, o) }),
        ),
        (
            "diary_announcements_json",
            Box::new(|o| unsafe { diary_announcements_json(db, mother, ids.mother.0, 0, o) }),
        ),
        (
            "diary_announcement_json",
            Box::new(|o| unsafe { diary_announcement_json(db, mother, ann.0, o) }),
        ),
        (
            "diary_announcement_receipts_json",
            Box::new(|o| unsafe { diary_announcement_receipts_json(db, admin, ann.0, o) }),
        ),
        (
            "diary_announcement_versions_json",
            Box::new(|o| unsafe { diary_announcement_versions_json(db, admin, ann.0, o) }),
        ),
        (
            "diary_notification_preferences_json",
            Box::new(|o| unsafe {
                diary_notification_preferences_json(db, mother, ids.mother.0, o)
            }),
        ),
        (
            "diary_appointment_slots_publish_json",
            Box::new(|o| unsafe {
                let (day, starts) = (c("2024-09-27"), c("18:00"));
                diary_appointment_slots_publish_json(
                    db,
                    teacher,
                    ids.school.0,
                    day.as_ptr(),
                    starts.as_ptr(),
                    15,
                    2,
                    std::ptr::null(),
                    std::ptr::null(),
                    o,
                )
            }),
        ),
        (
            "diary_access_application_json",
            Box::new(|o| unsafe { diary_access_application_json(db, admin, application.0, o) }),
        ),
        (
            "diary_consent_texts_json",
            Box::new(|o| unsafe { diary_consent_texts_json(db, mother, ids.school.0, o) }),
        ),
        (
            "diary_consents_json",
            Box::new(|o| unsafe { diary_consents_json(db, mother, ids.student.0, o) }),
        ),
        (
            "diary_erasure_record_json",
            Box::new(|o| unsafe { diary_erasure_record_json(db, admin, gone.0, o) }),
        ),
        (
            "diary_changes_since_json",
            Box::new(|o| unsafe { diary_changes_since_json(db, mother, 0, 500, o) }),
        ),
        (
            "diary_presence_json",
            Box::new(|o| unsafe {
                diary_presence_json(db, mother, ids.student.0, mon.as_ptr(), mon.as_ptr(), o)
            }),
        ),
        (
            "diary_class_presence_json",
            Box::new(|o| unsafe {
                diary_class_presence_json(db, teacher, ids.class.0, mon.as_ptr(), o)
            }),
        ),
        (
            "diary_meal_settings_json",
            Box::new(|o| unsafe { diary_meal_settings_json(db, mother, ids.school.0, o) }),
        ),
        (
            "diary_school_menus_json",
            Box::new(|o| unsafe {
                diary_school_menus_json(db, teacher, ids.school.0, mon.as_ptr(), mon.as_ptr(), o)
            }),
        ),
        (
            "diary_meal_orders_json",
            Box::new(|o| unsafe {
                diary_meal_orders_json(db, mother, ids.student.0, mon.as_ptr(), mon.as_ptr(), o)
            }),
        ),
        (
            "diary_meal_statement_json",
            Box::new(|o| unsafe {
                diary_meal_statement_json(db, mother, ids.student.0, mon.as_ptr(), o)
            }),
        ),
        (
            "diary_child_directory_json",
            Box::new(|o| unsafe { diary_child_directory_json(db, mother, ids.student.0, o) }),
        ),
        (
            "diary_person_corrections_json",
            Box::new(|o| unsafe { diary_person_corrections_json(db, admin, ids.student.0, o) }),
        ),
        (
            "diary_messaging_settings_json",
            Box::new(|o| unsafe { diary_messaging_settings_json(db, mother, ids.school.0, o) }),
        ),
        (
            "diary_conversation_json",
            Box::new(|o| unsafe { diary_conversation_json(db, mother, conversation.0, o) }),
        ),
        (
            "diary_unread_counts_json",
            Box::new(|o| unsafe { diary_unread_counts_json(db, teacher, ids.teacher.0, o) }),
        ),
        (
            "diary_chat_messages_json",
            Box::new(|o| unsafe { diary_chat_messages_json(db, mother, conversation.0, 0, 50, o) }),
        ),
        (
            "diary_chat_message_versions_json",
            Box::new(|o| unsafe { diary_chat_message_versions_json(db, mother, said.0, o) }),
        ),
        (
            "diary_chat_reports_json",
            Box::new(|o| unsafe { diary_chat_reports_json(db, admin, ids.school.0, 0, o) }),
        ),
        (
            "diary_conversation_retention_records_json",
            Box::new(|o| unsafe {
                diary_conversation_retention_records_json(db, admin, ids.school.0, o)
            }),
        ),
        (
            "diary_grading_mark_range_json",
            Box::new(|o| unsafe {
                let (mark, rule) = (c("4"), c("{}"));
                diary_grading_mark_range_json(mark.as_ptr(), rule.as_ptr(), std::ptr::null(), o)
            }),
        ),
        (
            "diary_grading_plan_json",
            Box::new(|o| unsafe {
                let (marks, rule, target) = (c(r#"[{"value":4}]"#), c("{}"), c("5"));
                diary_grading_plan_json(
                    marks.as_ptr(),
                    rule.as_ptr(),
                    std::ptr::null(),
                    target.as_ptr(),
                    o,
                )
            }),
        ),
        (
            "diary_grading_builtin_scales_json",
            Box::new(|o| unsafe { diary_grading_builtin_scales_json(o) }),
        ),
        (
            "diary_grading_rule_json",
            Box::new(|o| unsafe { diary_grading_rule_json(db, admin, ids.school.0, 0, o) }),
        ),
        (
            "diary_timetables_json",
            Box::new(|o| unsafe { diary_timetables_json(db, admin, ids.class.0, o) }),
        ),
        (
            "diary_bell_schedules_json",
            Box::new(|o| unsafe { diary_bell_schedules_json(db, admin, ids.school.0, o) }),
        ),
        (
            "diary_family_contacts_json",
            Box::new(|o| unsafe { diary_family_contacts_json(db, admin, ids.student.0, o) }),
        ),
        (
            "diary_what_if_json",
            Box::new(|o| unsafe {
                let marks = c(&format!(r#"[{{"value":"5","work_kind":{}}}]"#, s.kind.0));
                diary_what_if_json(
                    db,
                    mother,
                    ids.student.0,
                    ids.subject.0,
                    ids.period.0,
                    marks.as_ptr(),
                    o,
                )
            }),
        ),
        (
            "diary_plan_json",
            Box::new(|o| unsafe {
                let target = c("5");
                diary_plan_json(
                    db,
                    mother,
                    ids.student.0,
                    ids.subject.0,
                    ids.period.0,
                    target.as_ptr(),
                    o,
                )
            }),
        ),
        (
            // Last: it rolls the year over first.
            "diary_rollover_report_json",
            Box::new(|o| unsafe {
                let plan = c(&format!(
                    "{{\"from_year\":{},\"new_year\":{{\"label\":\"2025/26\",\
                     \"start\":\"2025-09-01\",\"end\":\"2026-05-31\"}}}}",
                    ids.year.0
                ));
                let mut report: *mut c_char = std::ptr::null_mut();
                let st = diary_year_roll_over(db, admin, plan.as_ptr(), 0, &mut report);
                assert_eq!(st, diary_status::DIARY_OK);
                diary_string_free(report);
                diary_rollover_report_json(db, admin, ids.year.0, o)
            }),
        ),
    ];
    let shapes = documented();
    // Every documented shape is checked here.
    let mut unchecked: Vec<&String> = shapes
        .keys()
        .filter(|n| !calls.iter().any(|(c, _)| c == n))
        .collect();
    unchecked.sort();
    assert!(
        unchecked.is_empty(),
        "documented shapes not checked: {unchecked:?}"
    );
    let mut checked = 0;
    let mut problems = Vec::new();
    for (name, call) in &calls {
        let Some((rows, keys)) = shapes.get(*name) else {
            problems.push(format!("{name}: the header documents no shape"));
            continue;
        };
        let mut out: *mut c_char = std::ptr::null_mut();
        let st = call(&mut out);
        if st != diary_status::DIARY_OK {
            let msg = unsafe { CStr::from_ptr(diary_errmsg()) }.to_string_lossy();
            problems.push(format!("{name}: {st:?} {msg}"));
            continue;
        }
        let text = unsafe { CStr::from_ptr(out) }
            .to_string_lossy()
            .into_owned();
        unsafe { diary_string_free(out) };
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let object = if *rows {
            match v.as_array().and_then(|a| a.first()) {
                Some(first) => first.clone(),
                None => {
                    problems.push(format!("{name}: no rows to check the shape on"));
                    continue;
                }
            }
        } else {
            v
        };
        let got: BTreeSet<String> = object
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        if &got != keys {
            problems.push(format!("{name}: documented {keys:?}, returned {got:?}"));
        }
        checked += 1;
    }
    unsafe { diary_close(db) };
    let _ = std::fs::remove_dir_all(&dir);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(checked, calls.len());
}
