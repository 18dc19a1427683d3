//! Schools are isolated: in random multi-school worlds, every call by an
//! actor of one school (its admin, a teacher, a parent, a student), a
//! regional officer or a nanny whose grant was revoked, that names another
//! school's person, class, mark, lesson, notice, homework or grant, is
//! refused with an error indistinguishable from the one a missing id gets;
//! nothing is stored, and the refusal is in the access log.

mod common;

use common::world::*;
use common::*;
use diary_core::grading::Ratio;
use diary_core::*;
use proptest::prelude::*;
use std::sync::Arc;
use time::macros::{date, datetime};
use time::Duration;

type Call = fn(&Diary, &Actor, &Ids, &TestSchool) -> Result<()>;

/// Every call that names an object by id; `own` is the attacker's school
/// (for calls that name one of its objects and one of the target's).
fn calls() -> Vec<(&'static str, Call)> {
    let from = date!(2024 - 09 - 01);
    let _ = from;
    vec![
        ("school", |d, a, t, _| d.school(a, t.school).map(drop)),
        ("years", |d, a, t, _| d.years(a, t.school).map(drop)),
        ("subjects", |d, a, t, _| d.subjects(a, t.school).map(drop)),
        ("holidays", |d, a, t, _| d.holidays(a, t.school).map(drop)),
        ("school_overview", |d, a, t, _| {
            d.school_overview(a, t.school).map(drop)
        }),
        ("staff", |d, a, t, _| d.staff(a, t.school).map(drop)),
        ("bell_schedules", |d, a, t, _| {
            d.bell_schedules(a, t.school).map(drop)
        }),
        ("scales", |d, a, t, _| d.scales(a, t.school).map(drop)),
        ("work_kinds", |d, a, t, _| {
            d.work_kinds(a, t.school).map(drop)
        }),
        ("access_log_of_school", |d, a, t, _| {
            d.access_log_of_school(a, t.school).map(drop)
        }),
        ("create_subject", |d, a, t, _| {
            d.create_subject(a, t.school, "Art").map(drop)
        }),
        ("register_person", |d, a, t, _| {
            d.register_person(
                a,
                t.school,
                &person("Spy", "S", date!(1990 - 01 - 01), None),
            )
            .map(drop)
        }),
        ("classes", |d, a, t, _| d.classes(a, t.year).map(drop)),
        ("periods", |d, a, t, _| d.periods(a, t.year).map(drop)),
        ("assignments", |d, a, t, _| {
            d.assignments(a, t.year).map(drop)
        }),
        ("school_period_averages", |d, a, t, _| {
            d.school_period_averages(a, t.year).map(drop)
        }),
        ("create_class", |d, a, t, _| {
            d.create_class(
                a,
                t.year,
                &NewClass {
                    grade: 9,
                    letter: "Z".into(),
                    class_teacher: None,
                },
            )
            .map(drop)
        }),
        ("class", |d, a, t, _| d.class(a, t.class).map(drop)),
        ("groups", |d, a, t, _| d.groups(a, t.class).map(drop)),
        ("group_members", |d, a, t, _| {
            d.group_members(a, t.group).map(drop)
        }),
        ("timetables", |d, a, t, _| {
            d.timetables(a, t.class).map(drop)
        }),
        ("class_roster", |d, a, t, _| {
            d.class_roster(a, t.class, MON).map(drop)
        }),
        ("class_day", |d, a, t, _| {
            d.class_day(a, t.class, MON).map(drop)
        }),
        ("class_marks", |d, a, t, _| {
            d.class_marks(a, t.class, t.period, None).map(drop)
        }),
        ("class_statistics", |d, a, t, _| {
            d.class_statistics(a, t.class, t.subject, t.period)
                .map(drop)
        }),
        ("class_attendance", |d, a, t, _| {
            d.class_attendance(a, t.class, MON, MON).map(drop)
        }),
        ("set_class_teacher", |d, a, t, _| {
            d.set_class_teacher(a, t.class, None).map(drop)
        }),
        ("create_group", |d, a, t, _| {
            d.create_group(a, t.class, "Spies").map(drop)
        }),
        ("person", |d, a, t, _| d.person(a, t.student).map(drop)),
        ("enrolments", |d, a, t, _| {
            d.enrolments(a, t.student).map(drop)
        }),
        ("guardians", |d, a, t, _| {
            d.guardians(a, t.student).map(drop)
        }),
        ("children", |d, a, t, _| d.children(a, t.mother).map(drop)),
        ("marks", |d, a, t, _| {
            d.marks(a, t.student, date!(2024 - 09 - 01), date!(2024 - 10 - 25))
                .map(drop)
        }),
        ("average", |d, a, t, _| {
            d.average(a, t.student, t.subject, t.period).map(drop)
        }),
        ("subject_averages", |d, a, t, _| {
            d.subject_averages(a, t.student, t.period).map(drop)
        }),
        ("progress", |d, a, t, _| {
            d.progress(a, t.student, t.subject, t.period).map(drop)
        }),
        ("student_day", |d, a, t, _| {
            d.student_day(a, t.student, MON).map(drop)
        }),
        ("student_week", |d, a, t, _| {
            d.student_week(a, t.student, MON).map(drop)
        }),
        ("remarks", |d, a, t, _| {
            d.remarks(a, t.student, MON, MON).map(drop)
        }),
        ("absence_notices", |d, a, t, _| {
            d.absence_notices(a, t.student).map(drop)
        }),
        ("attendance_summary", |d, a, t, _| {
            d.attendance_summary(a, t.student, MON, MON).map(drop)
        }),
        ("upcoming_tests", |d, a, t, _| {
            d.upcoming_tests(a, t.student, MON, MON).map(drop)
        }),
        ("student_calendar", |d, a, t, _| {
            d.student_calendar(a, t.student, MON, MON).map(drop)
        }),
        ("family_contacts", |d, a, t, _| {
            d.family_contacts(a, t.student).map(drop)
        }),
        ("trusted_grants", |d, a, t, _| {
            d.trusted_grants(a, t.student).map(drop)
        }),
        ("access_log_of_child", |d, a, t, _| {
            d.access_log_of_child(a, t.student).map(drop)
        }),
        ("teacher_week", |d, a, t, _| {
            d.teacher_week(a, t.teacher, MON).map(drop)
        }),
        ("teacher_calendar", |d, a, t, _| {
            d.teacher_calendar(a, t.teacher, MON, MON).map(drop)
        }),
        ("untaken_registers", |d, a, t, _| {
            d.untaken_registers(a, t.teacher, MON, MON).map(drop)
        }),
        ("issue_credentials", |d, a, t, _| {
            d.issue_credentials(a, t.mother).map(drop)
        }),
        ("unlock_account", |d, a, t, _| {
            d.unlock_account(a, t.mother).map(drop)
        }),
        ("issue_link_code", |d, a, t, _| {
            d.issue_link_code(a, t.student, Relation::Other, true)
                .map(drop)
        }),
        ("issue_transfer_code", |d, a, t, _| {
            d.issue_transfer_code(a, t.student).map(drop)
        }),
        ("add_remark", |d, a, t, _| {
            d.add_remark(a, t.student, MON, None, RemarkKind::Neutral, "x")
                .map(drop)
        }),
        ("notify_absence", |d, a, t, _| {
            d.notify_absence(
                a,
                t.student,
                date!(2024 - 09 - 30),
                date!(2024 - 09 - 30),
                AbsenceReason::Family,
                None,
            )
            .map(drop)
        }),
        ("invite_trusted_person", |d, a, t, _| {
            d.invite_trusted_person(
                a,
                &NewInvitation {
                    student: t.student,
                    surname: "Nanny".into(),
                    invitee: InviteeId::Snils(snils(999_000)),
                    services: Services::DIARY,
                    until: None,
                    window_days: None,
                },
            )
            .map(drop)
        }),
        ("mark", |d, a, t, _| d.mark(a, t.mark).map(drop)),
        ("mark_history", |d, a, t, _| {
            d.mark_history(a, t.mark).map(drop)
        }),
        ("change_mark", |d, a, t, _| {
            d.change_mark(
                a,
                t.mark,
                &MarkEdit {
                    value: Some("5".into()),
                    ..MarkEdit::default()
                },
                "spy",
            )
            .map(drop)
        }),
        ("delete_mark", |d, a, t, _| d.delete_mark(a, t.mark, "spy")),
        ("record_mark", |d, a, t, own| {
            d.record_mark(
                a,
                &NewMark::grade(t.student, own.ids.subject, MON, "5", own.kind),
            )
            .map(drop)
        }),
        ("lesson_register", |d, a, t, _| {
            d.lesson_register(a, &t.lesson).map(drop)
        }),
        ("lesson_homework", |d, a, t, _| {
            d.lesson_homework(a, &t.lesson).map(drop)
        }),
        ("set_lesson_topic", |d, a, t, _| {
            d.set_lesson_topic(a, &t.lesson, Some("x"), None).map(drop)
        }),
        ("record_attendance", |d, a, t, _| {
            d.record_attendance(
                a,
                &t.lesson,
                &[AttendanceEntry {
                    student: t.student,
                    status: AttendanceStatus::Present,
                    late_minutes: None,
                    reason: None,
                    excused: false,
                }],
            )
            .map(drop)
        }),
        ("set_homework", |d, a, t, _| {
            d.set_homework(
                a,
                &t.lesson,
                &NewHomework {
                    text: "x".into(),
                    due: MON,
                    students: Vec::new(),
                    attachments: Vec::new(),
                },
            )
            .map(drop)
        }),
        ("mark_homework_done", |d, a, t, _| {
            d.mark_homework_done(a, t.homework, true)
        }),
        ("decide_excuse", |d, a, t, _| {
            d.decide_excuse(a, t.notice, true, None).map(drop)
        }),
        ("revoke_grant", |d, a, t, _| {
            d.revoke_grant(a, t.grant).map(drop)
        }),
        ("end_enrolment", |d, a, t, _| {
            d.end_enrolment(a, t.enrolment, MON, EndReason::Left)
                .map(drop)
        }),
        // Naming the target's person from one's own school's objects.
        ("enrol", |d, a, t, own| {
            d.enrol(a, t.student, own.ids.class, MON).map(drop)
        }),
        ("transfer_student", |d, a, t, own| {
            d.transfer_student(a, t.student, own.ids.class, MON)
                .map(drop)
        }),
        ("add_guardian", |d, a, t, own| {
            d.add_guardian(
                a,
                &Guardianship {
                    student: own.ids.student,
                    guardian: t.mother,
                    relation: Relation::Other,
                    legal_representative: true,
                },
            )
            .map(drop)
        }),
        ("appoint_staff", |d, a, t, own| {
            d.appoint_staff(a, own.ids.school, t.teacher, StaffRole::Teacher)
                .map(drop)
        }),
        ("set_class_teacher_foreign", |d, a, t, own| {
            d.set_class_teacher(a, own.ids.class, Some(t.teacher))
                .map(drop)
        }),
        ("assign_teacher_foreign", |d, a, t, own| {
            d.assign_teacher(
                a,
                &NewAssignment {
                    teacher: t.teacher,
                    class: own.ids.class,
                    group: None,
                    subject: own.ids.subject,
                },
            )
            .map(drop)
        }),
        ("assign_subject_foreign", |d, a, t, own| {
            d.assign_teacher(
                a,
                &NewAssignment {
                    teacher: own.ids.teacher,
                    class: own.ids.class,
                    group: None,
                    subject: t.subject,
                },
            )
            .map(drop)
        }),
        ("add_group_member_foreign", |d, a, t, own| {
            d.add_group_member(a, own.ids.group, t.student)
        }),
        ("publish_announcement", |d, a, t, _| {
            d.publish_announcement(
                a,
                &NewAnnouncement {
                    school: t.school,
                    kind: AnnouncementKind::News,
                    urgent: false,
                    title: "Spy".into(),
                    body: "Spy".into(),
                    audience: vec![Audience {
                        scope: AudienceScope::School,
                        id: None,
                        role: AudienceRole::Everyone,
                    }],
                    shown_from: date!(2024 - 09 - 20),
                    shown_until: date!(2024 - 09 - 30),
                    pinned: false,
                    attachments: Vec::new(),
                },
            )
            .map(drop)
        }),
        ("announcements_for_foreign_child", |d, a, t, _| {
            d.announcements_for(a, a.person().unwrap_or(t.mother), Some(t.student))
                .map(drop)
        }),
        ("record_visits", |d, a, t, _| {
            d.record_visits(a, t.school, &[visit(t.student)]).map(drop)
        }),
        ("record_visits_foreign_student", |d, a, t, own| {
            d.record_visits(a, own.ids.school, &[visit(t.student)])
                .map(drop)
        }),
        ("presence", |d, a, t, _| {
            d.presence(a, t.student, MON, MON).map(drop)
        }),
        ("class_presence", |d, a, t, _| {
            d.class_presence(a, t.class, MON).map(drop)
        }),
        ("set_meal_settings", |d, a, t, _| {
            d.set_meal_settings(a, t.school, &MealSettings::default())
        }),
        ("school_menus", |d, a, t, _| {
            d.school_menus(a, t.school, MON, MON).map(drop)
        }),
        ("publish_menu", |d, a, t, _| {
            d.publish_menu(
                a,
                &NewMenu {
                    school: t.school,
                    day: MON,
                    meal: MealKind::Lunch,
                    items: vec![MenuItem {
                        name: "Spy soup".into(),
                        price: 100,
                        allergens: Vec::new(),
                    }],
                },
            )
            .map(drop)
        }),
        ("menus_for", |d, a, t, _| {
            d.menus_for(a, t.student, MON, MON).map(drop)
        }),
        ("order_meal", |d, a, t, _| {
            d.order_meal(a, t.student, MenuId(1), None).map(drop)
        }),
        ("meal_orders", |d, a, t, _| {
            d.meal_orders(a, t.student, MON, MON).map(drop)
        }),
        ("record_meal_served", |d, a, t, _| {
            d.record_meal_served(a, t.student, MenuId(1), None)
                .map(drop)
        }),
        ("record_meal_payment", |d, a, t, _| {
            d.record_meal_payment(a, t.student, 100, "spy:1").map(drop)
        }),
        ("meal_balance", |d, a, t, _| {
            d.meal_balance(a, t.student).map(drop)
        }),
        ("meal_statement", |d, a, t, _| {
            d.meal_statement(a, t.student, MON).map(drop)
        }),
        ("submit_access_application", |d, a, t, _| {
            d.submit_access_application(
                a,
                &NewAccessApplication {
                    school: t.school,
                    child_surname: "Spy".into(),
                    child_birth_date: date!(2013 - 01 - 01),
                    applicant: person("Spy", "S", date!(1980 - 01 - 01), None),
                    relation: Relation::Father,
                    legal_representative: true,
                    channel: ApplicationChannel::Online,
                    documents: Vec::new(),
                },
            )
            .map(drop)
        }),
        ("access_applications", |d, a, t, _| {
            d.access_applications(a, t.school, None).map(drop)
        }),
        ("overdue_access_applications", |d, a, t, _| {
            d.overdue_access_applications(a, t.school).map(drop)
        }),
        ("publish_consent_text", |d, a, t, _| {
            d.publish_consent_text(a, t.school, ConsentPurpose::Photos, "Spy")
                .map(drop)
        }),
        ("consent_texts", |d, a, t, _| {
            d.consent_texts(a, t.school).map(drop)
        }),
        ("record_consent", |d, a, t, _| {
            d.record_consent(
                a,
                t.student,
                t.school,
                ConsentPurpose::Diary,
                ConsentDecision::Withdrawn,
                ConsentChannel::Online,
            )
            .map(drop)
        }),
        ("consents", |d, a, t, _| d.consents(a, t.student).map(drop)),
        ("export_personal_data", |d, a, t, _| {
            d.export_personal_data(a, t.student).map(drop)
        }),
        ("export_personal_data_of_mother", |d, a, t, _| {
            d.export_personal_data(a, t.mother).map(drop)
        }),
        ("erase_person", |d, a, t, _| {
            d.erase_person(a, t.student, ErasureGround::SubjectRequest, None)
                .map(drop)
        }),
        ("erasure_record", |d, a, t, _| {
            d.erasure_record(a, t.mother).map(drop)
        }),
        ("roll_over_year", |d, a, t, _| {
            let next = NewYear {
                label: "2025/26".into(),
                start: time::macros::date!(2025 - 09 - 01),
                end: time::macros::date!(2026 - 05 - 31),
            };
            d.roll_over_year(a, &YearRollover::new(t.year, next), true)
                .map(drop)
        }),
        ("rollover_report", |d, a, t, _| {
            d.rollover_report(a, t.year).map(drop)
        }),
        ("report_card", |d, a, t, _| {
            d.report_card(a, t.student, t.year, Some(t.period))
                .map(drop)
        }),
        ("report_card_of_year", |d, a, t, _| {
            d.report_card(a, t.student, t.year, None).map(drop)
        }),
        ("report_card_html", |d, a, t, _| {
            d.report_card_html(a, t.student, t.year, Some(t.period))
                .map(drop)
        }),
        ("report_card_pdf", |d, a, t, _| {
            d.report_card_pdf(a, t.student, t.year, None).map(drop)
        }),
        ("class_report_cards", |d, a, t, _| {
            d.class_report_cards(a, t.class, Some(t.period)).map(drop)
        }),
        ("class_report_cards_html", |d, a, t, _| {
            d.class_report_cards_html(a, t.class, None).map(drop)
        }),
        ("class_report_cards_pdf", |d, a, t, _| {
            d.class_report_cards_pdf(a, t.class, Some(t.period))
                .map(drop)
        }),
        ("report_card_template", |d, a, t, _| {
            d.report_card_template(a, t.school).map(drop)
        }),
        ("set_report_card_template", |d, a, t, _| {
            d.set_report_card_template(a, t.school, &ReportCardTemplate::default())
                .map(drop)
        }),
        ("export_oneroster", |d, a, t, _| {
            d.export_oneroster(a, Some(t.school)).map(drop)
        }),
        ("import_oneroster", |d, a, t, _| {
            // The target school's own org, as its export names it.
            let op = Actor::operator();
            let mut files = d.export_oneroster(&op, Some(t.school))?;
            files.retain(|name, _| name == "manifest.csv" || name == "orgs.csv");
            let manifest: String = files["manifest.csv"]
                .lines()
                .map(|l| {
                    if l.starts_with("file.") && !l.starts_with("file.orgs,") {
                        format!("{},absent\r\n", l.split(',').next().unwrap_or(""))
                    } else {
                        format!("{l}\r\n")
                    }
                })
                .collect();
            files.insert("manifest.csv".into(), manifest);
            d.import_oneroster(a, &files, false).map(drop)
        }),
        ("merge_people", |d, a, t, _| {
            d.merge_people(a, t.mother, t.student, "same").map(drop)
        }),
        ("merge_people_into_own", |d, a, t, own| {
            d.merge_people(a, own.ids.mother, t.mother, "same")
                .map(drop)
        }),
    ]
}

/// An entry of `student` at the gate on the world's Monday.
fn visit(student: PersonId) -> NewVisitEvent {
    NewVisitEvent {
        student,
        direction: VisitDirection::Entry,
        at: time::macros::datetime!(2024-09-09 05:00 UTC),
        device: "gate-1".into(),
    }
}

/// The error with every number replaced, so that a foreign id and a
/// missing one can be compared.
fn shape(e: &Error) -> String {
    let s = format!("{e:?}");
    let mut out = String::new();
    let mut in_digits = false;
    for ch in s.chars() {
        if ch.is_ascii_digit() {
            if !in_digits {
                out.push('#');
            }
            in_digits = true;
        } else {
            in_digits = false;
            out.push(ch);
        }
    }
    out
}

fn refusals_by(c: &rusqlite::Connection, actor: &Actor) -> i64 {
    match actor.person() {
        Some(p) => c
            .query_row(
                "SELECT count(*) FROM access_log WHERE allowed = 0 AND actor_id = ?1",
                [p.0],
                |r| r.get(0),
            )
            .unwrap(),
        None => c
            .query_row(
                "SELECT count(*) FROM access_log WHERE allowed = 0 AND actor_id IS NULL",
                [],
                |r| r.get(0),
            )
            .unwrap(),
    }
}

fn check_world(target_first: bool, extra: u32) -> std::result::Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("region.diary");
    let clock = Arc::new(ManualClock::new(datetime!(2024-09-20 10:00 UTC)));
    let d = Diary::open_with(
        &path,
        keyed(OpenOptions {
            clock: clock.clone(),
            ..OpenOptions::default()
        }),
    )
    .unwrap();
    let op = Actor::operator();
    // The nanny: registered by the target school, with an account.
    let make = |name: &str, base: u32, nanny: Option<PersonId>| school(&d, name, base, nanny);
    // A filler school shifts ids between worlds.
    for i in 0..extra {
        d.create_school(
            &op,
            &NewSchool::new(&format!("Filler {i}"), "Omsk", "Asia/Omsk"),
        )
        .unwrap();
    }
    let (own, mut target) = if target_first {
        let t = make("B", 600_000, None);
        (make("A", 700_000, None), t)
    } else {
        let o = make("A", 700_000, None);
        (o, make("B", 600_000, None))
    };
    // The target's nanny: invited by the target's mother, accepted, then
    // revoked.
    let nanny = d
        .register_person(
            &Actor::vouched(target.admin),
            target.ids.school,
            &person("Nanny", "N", date!(1970 - 01 - 01), Some(&snils(999_001))),
        )
        .unwrap()
        .id;
    d.issue_credentials(&Actor::vouched(target.admin), nanny)
        .unwrap();
    let g = d
        .invite_trusted_person(
            &Actor::vouched(target.ids.mother),
            &NewInvitation {
                student: target.ids.student,
                surname: "Nanny".into(),
                invitee: InviteeId::Snils(snils(999_001)),
                services: Services::DIARY.union(Services::VISITS_MEALS),
                until: None,
                window_days: None,
            },
        )
        .unwrap();
    d.accept_invitation(&Actor::vouched(nanny), g.id).unwrap();
    target.ids.grant = g.id;
    clock.advance(Duration::hours(25));
    d.revoke_grant(&Actor::vouched(target.ids.mother), g.id)
        .unwrap();
    let officer = d
        .register_regional_officer(
            &op,
            &person("Officer", "O", date!(1970 - 01 - 01), Some(&snils(999_002))),
            "Moscow",
        )
        .unwrap()
        .id;
    let actors = [
        ("admin of another school", Actor::vouched(own.admin)),
        ("teacher of another school", Actor::vouched(own.ids.teacher)),
        ("parent at another school", Actor::vouched(own.ids.mother)),
        ("student at another school", Actor::vouched(own.ids.student)),
        ("regional officer", Actor::vouched(officer)),
        ("nanny whose grant was revoked", Actor::vouched(nanny)),
    ];
    let none = missing();
    // One connection of the test's own watches the file throughout.
    let watch = raw(&path);
    for (who, actor) in &actors {
        for (name, call) in calls() {
            let before = snapshot_of(&watch);
            let refused_before = refusals_by(&watch, actor);
            let foreign = call(&d, actor, &target.ids, &own);
            let got = match foreign {
                Ok(()) => {
                    return Err(TestCaseError::fail(format!(
                        "{who} {name}: allowed on another school's object"
                    )))
                }
                Err(e) => e,
            };
            prop_assert!(
                matches!(
                    got,
                    Error::NotFound { .. } | Error::AccessDenied(_) | Error::InvalidInput { .. }
                ),
                "{} {}: {:?}",
                who,
                name,
                got
            );
            prop_assert_eq!(
                &snapshot_of(&watch),
                &before,
                "{} {} stored something",
                who,
                name
            );
            let unknown = call(&d, actor, &none, &own).expect_err("a missing id is refused");
            prop_assert_eq!(
                shape(&got),
                shape(&unknown),
                "{} {}: another school's object is told apart from a missing one",
                who,
                name
            );
            // Refusals of calls that reached another school's object are
            // logged (a refused argument check before any object was
            // resolved is not an access).
            if !matches!(got, Error::InvalidInput { .. }) {
                prop_assert!(
                    refusals_by(&watch, actor) > refused_before,
                    "{} {}: the refusal is not in the access log",
                    who,
                    name
                );
            }
        }
    }
    prop_assert_eq!(d.verify_access_log(&op).unwrap().first_broken, None);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3, ..ProptestConfig::default() })]

    #[test]
    fn another_schools_objects_are_not_found_and_the_refusal_is_logged(
        target_first in any::<bool>(),
        extra in 0u32..3,
    ) {
        check_world(target_first, extra)?;
    }
}

#[test]
fn an_admin_cannot_take_over_another_schools_parent() {
    let d = fresh();
    let a = school(&d, "A", 700_000, None);
    let b = school(&d, "B", 600_000, None);
    let admin_a = Actor::vouched(a.admin);
    // Attaching B's parent to A's own student, then issuing credentials.
    assert!(matches!(
        d.add_guardian(
            &admin_a,
            &Guardianship {
                student: a.ids.student,
                guardian: b.ids.mother,
                relation: Relation::Mother,
                legal_representative: true,
            },
        ),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        d.issue_credentials(&admin_a, b.ids.mother),
        Err(Error::NotFound { .. })
    ));
    // An unenrolled person registered by B cannot be enrolled into A.
    let loose = d
        .register_person(
            &Actor::vouched(b.admin),
            b.ids.school,
            &person("Loose", "L", date!(2013 - 05 - 05), None),
        )
        .unwrap()
        .id;
    assert!(matches!(
        d.enrol(&admin_a, loose, a.ids.class, MON),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        d.person(&admin_a, loose),
        Err(Error::NotFound { .. })
    ));
    // The parent joins A only through a link code A issues and the parent
    // redeems themselves.
    let code = d
        .issue_link_code(&admin_a, a.ids.student, Relation::Mother, true)
        .unwrap();
    d.redeem_link_code(&Actor::vouched(b.ids.mother), &code.code)
        .unwrap();
    assert_eq!(
        d.children(&Actor::vouched(b.ids.mother), b.ids.mother)
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn regional_figures_appear_only_for_groups_of_the_minimum_size() {
    let d = fresh();
    let a = school(&d, "A", 700_000, None);
    let op = Actor::operator();
    let officer = d
        .register_regional_officer(
            &op,
            &person("Officer", "O", date!(1970 - 01 - 01), None),
            "Moscow",
        )
        .unwrap()
        .id;
    let officer = Actor::vouched(officer);
    // The officer belongs to no school and reads no single object.
    assert!(d.schools(&officer).unwrap().is_empty());
    assert!(matches!(
        d.teacher_calendar(&officer, a.ids.teacher, MON, MON),
        Err(Error::NotFound { .. })
    ));
    let stats = d.regional_statistics(&officer, "Moscow").unwrap();
    assert!(stats.iter().all(|s| s.suppressed && s.mean.is_none()));
    // Nine more students with a mark: ten in all.
    let admin = Actor::vouched(a.admin);
    let teacher = Actor::vouched(a.ids.teacher);
    for i in 0..9 {
        let s = d
            .register_person(
                &admin,
                a.ids.school,
                &person(&format!("Pupil{i}"), "P", date!(2013 - 02 - 02), None),
            )
            .unwrap()
            .id;
        d.enrol(&admin, s, a.ids.class, date!(2024 - 09 - 01))
            .unwrap();
        d.record_mark(
            &teacher,
            &NewMark::grade(s, a.ids.subject, MON, "5", a.kind),
        )
        .unwrap();
    }
    let stats = d.regional_statistics(&officer, "Moscow").unwrap();
    let cell = stats.iter().find(|s| s.students == 10).unwrap();
    assert!(!cell.suppressed);
    assert_eq!(cell.mean, Some(Ratio::new(49, 10)));
    assert!(matches!(
        d.set_min_group_size(&admin, 20),
        Err(Error::AccessDenied(_))
    ));
    assert_eq!(
        d.set_min_group_size(&op, 4).unwrap_err().field(),
        Some("min_group_size")
    );
    d.set_min_group_size(&op, 11).unwrap();
    let stats = d.regional_statistics(&officer, "Moscow").unwrap();
    assert!(stats.iter().all(|s| s.suppressed));
}
