//! The demo's families' services part (issue 17): a father applies online
//! for diary access and is approved with a login; on a Monday class 5A
//! goes through the turnstile (one child's entry arrives late and twice),
//! the canteen serves lunch ordered the week before, the class teacher
//! sees who is in and where the register disagrees, and a mother reads her
//! child's day and meal statement.

use diary_core::*;
use std::sync::Arc;
use time::macros::{date, datetime};
use time::Duration;

/// Runs the part and prints what the school and the families see.
pub fn run(path: &str, admin: &Actor, class: &Class) -> Result<()> {
    // Friday before: applications and orders.
    let clock = Arc::new(ManualClock::new(datetime!(2025-02-07 09:00 UTC)));
    let d = Diary::open_with(
        path,
        OpenOptions {
            clock: clock.clone(),
            ..OpenOptions::default()
        },
    )?;
    let monday = date!(2025 - 02 - 10);
    let roster = d.class_roster(admin, class.id, monday)?;
    let child = &roster[2];
    let mother = Actor::vouched(d.guardians(admin, child.id)?[0].guardian);
    let school = class.school;
    println!(
        "\nFamilies' services in class {} (week of {monday}):",
        class.name()
    );

    // A father applies online through the host's portal.
    let hash = "3f".repeat(32);
    let document = |kind: DocumentKind| NewDocument {
        kind,
        reference: format!("portal://applications/2025-0211/{}", kind.as_str()),
        sha256: hash.clone(),
    };
    let application = d.submit_access_application(
        &Actor::operator(),
        &NewAccessApplication {
            school,
            child_surname: child.surname.clone(),
            child_birth_date: child.birth_date,
            applicant: NewPerson {
                surname: "Sokolov".into(),
                first_name: "Andrei".into(),
                patronymic: Some("Sergeevich".into()),
                birth_date: date!(1983 - 06 - 12),
                snils: None,
            },
            relation: Relation::Father,
            legal_representative: true,
            channel: ApplicationChannel::Online,
            documents: DocumentKind::ALL.iter().map(|k| document(*k)).collect(),
        },
    )?;
    println!(
        "  application {} from {} {}: decide by {}",
        application.id,
        application.applicant_surname,
        application.applicant_first_name,
        application.due
    );
    for kind in DocumentKind::ALL {
        d.check_application_document(admin, application.id, *kind, true)?;
    }
    let approved = d.approve_access_application(admin, application.id)?;
    println!(
        "  approved: login {} with a temporary password ({} steps recorded)",
        approved.login,
        approved.application.steps.len()
    );

    // The canteen's menu and the families' orders before the cut-off.
    d.set_meal_settings(
        admin,
        school,
        &MealSettings {
            cutoff_days: 1,
            cutoff_time: "14:00".into(),
            low_balance: 20_000,
        },
    )?;
    let lunch = d.publish_menu(
        admin,
        &NewMenu {
            school,
            day: monday,
            meal: MealKind::Lunch,
            items: vec![
                MenuItem {
                    name: "Щи из свежей капусты".into(),
                    price: 6_540,
                    allergens: vec!["celery".into()],
                },
                MenuItem {
                    name: "Котлета с гречкой".into(),
                    price: 11_800,
                    allergens: vec!["gluten".into(), "eggs".into()],
                },
                MenuItem {
                    name: "Компот".into(),
                    price: 1_260,
                    allergens: Vec::new(),
                },
            ],
        },
    )?;
    let operator = Actor::operator();
    for (i, s) in roster.iter().enumerate().take(10) {
        let parent = Actor::vouched(d.guardians(admin, s.id)?[0].guardian);
        d.record_meal_payment(&operator, s.id, 40_000, &format!("sbp:2025-02-07:{i}"))?;
        d.order_meal(&parent, s.id, lunch.id, None)?;
    }

    // Monday: the turnstile, the canteen, the register.
    clock.set(datetime!(2025-02-10 12:30 UTC));
    let gate = |s: &Person, direction: VisitDirection, at: time::OffsetDateTime| NewVisitEvent {
        student: s.id,
        direction,
        at,
        device: "main-gate".into(),
    };
    let mut events = Vec::new();
    let last = roster.len() - 1;
    for (i, s) in roster.iter().enumerate().take(last).skip(1) {
        let arrived = datetime!(2025-02-10 04:40 UTC) + Duration::minutes(i as i64);
        events.push(gate(s, VisitDirection::Entry, arrived));
    }
    let first = d.record_visits(&operator, school, &events)?;
    // The first child's entry comes late from a tablet that retries.
    let late = gate(
        &roster[0],
        VisitDirection::Entry,
        datetime!(2025-02-10 05:05 UTC),
    );
    let again = d.record_visits(&operator, school, &[late.clone(), late])?;
    println!(
        "  turnstile: {} events, then {} late and {} repeated",
        first.recorded, again.recorded, again.duplicates
    );
    for s in roster.iter().take(10) {
        d.record_meal_served(&operator, s.id, lunch.id, None)?;
    }
    let teacher = Actor::vouched(
        class
            .class_teacher
            .ok_or_else(|| Error::invalid("class", "has no class teacher"))?,
    );
    // The first lesson's register: one child who came in is marked
    // absent, and the one who never passed the gate is marked present.
    let register: Vec<AttendanceEntry> = roster
        .iter()
        .enumerate()
        .map(|(i, s)| AttendanceEntry {
            student: s.id,
            status: if i == 1 {
                AttendanceStatus::Absent
            } else {
                AttendanceStatus::Present
            },
            late_minutes: None,
            reason: None,
            excused: false,
        })
        .collect();
    let lesson = LessonKey {
        class: class.id,
        date: monday,
        number: 1,
        group: None,
    };
    d.record_attendance(admin, &lesson, &register)?;
    let now = d.class_presence(&teacher, class.id, monday)?;
    let inside = now.students.iter().filter(|p| p.inside).count();
    println!(
        "  class teacher: {inside} of {} inside; absent but entered: {:?}; present but never entered: {:?}",
        now.students.len(),
        names(&roster, &now.absent_but_entered),
        names(&roster, &now.present_but_never_entered)
    );

    // The mother's view.
    let day = &d.presence(&mother, child.id, monday, monday)?[0];
    let statement = d.meal_statement(&mother, child.id, monday)?;
    println!(
        "  {} {}: entered {}, {}; February: paid {}, charged {}, balance {}",
        child.surname,
        child.first_name,
        day.entered.as_deref().unwrap_or("—"),
        if day.inside { "in school now" } else { "left" },
        rubles(statement.topped_up),
        rubles(statement.charged),
        rubles(statement.closing)
    );
    Ok(())
}

/// The first names of the students listed.
fn names(roster: &[Person], list: &[PresenceMismatch]) -> Vec<String> {
    list.iter()
        .filter_map(|m| roster.iter().find(|p| p.id == m.student))
        .map(|p| p.first_name.clone())
        .collect()
}

fn rubles(k: i64) -> String {
    format!("{}.{:02} ₽", k / 100, (k % 100).abs())
}
