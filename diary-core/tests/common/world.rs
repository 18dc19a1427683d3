//! A complete small school built through the public API, for the tests
//! that need every kind of object (isolation, refusal logging).
#![allow(dead_code)]

use super::person;
use diary_core::grading::Ratio;
use diary_core::*;
use std::sync::Arc;
use time::macros::{date, datetime, time};
use time::{Date, Duration, Weekday};

pub const MON: Date = date!(2024 - 09 - 09);

/// The ids a call may name: one school's objects, or ids nobody has.
#[derive(Debug, Clone, Copy)]
pub struct Ids {
    pub school: SchoolId,
    pub year: YearId,
    pub class: ClassId,
    pub subject: SubjectId,
    pub period: PeriodId,
    pub teacher: PersonId,
    pub student: PersonId,
    pub mother: PersonId,
    pub mark: MarkId,
    pub lesson: LessonKey,
    pub notice: NoticeId,
    pub homework: HomeworkId,
    pub grant: GrantId,
    pub enrolment: EnrolmentId,
    pub group: GroupId,
}

/// The people of one school, as actors.
#[derive(Debug, Clone, Copy)]
pub struct TestSchool {
    pub ids: Ids,
    pub admin: PersonId,
    pub kind: WorkKindId,
}

pub fn snils(n: u32) -> String {
    Snils::from_number(n).unwrap().digits().to_owned()
}

/// A complete small school: admin, class teacher, class 5A with a group,
/// maths, a quarter, a student with a mother, a mark, a Monday lesson with
/// homework, an absence notice, and a trusted person's grant.
pub fn school(d: &Diary, name: &str, base: u32, nanny: Option<PersonId>) -> TestSchool {
    let op = Actor::operator();
    let s = d
        .create_school(&op, &NewSchool::new(name, "Moscow", "Europe/Moscow"))
        .unwrap()
        .id;
    let reg = |who: &Actor, surname: &str, birth: Date, n: u32| {
        d.register_person(who, s, &person(surname, "X", birth, Some(&snils(base + n))))
            .unwrap()
            .id
    };
    let admin = reg(&op, &format!("Admin{name}"), date!(1980 - 01 - 01), 1);
    d.appoint_staff(&op, s, admin, StaffRole::Admin).unwrap();
    let a = Actor::vouched(admin);
    let year = d
        .create_year(
            &a,
            s,
            &NewYear {
                label: "2024/25".into(),
                start: date!(2024 - 09 - 01),
                end: date!(2025 - 05 - 31),
            },
        )
        .unwrap()
        .id;
    let period = d
        .add_period(
            &a,
            year,
            &NewPeriod {
                kind: PeriodKind::Quarter,
                name: "Q1".into(),
                start: date!(2024 - 09 - 02),
                end: date!(2024 - 10 - 25),
            },
        )
        .unwrap()
        .id;
    let teacher = reg(&a, &format!("Teacher{name}"), date!(1975 - 01 - 01), 2);
    d.appoint_staff(&a, s, teacher, StaffRole::Teacher).unwrap();
    let class = d
        .create_class(
            &a,
            year,
            &NewClass {
                grade: 5,
                letter: "A".into(),
                class_teacher: Some(teacher),
            },
        )
        .unwrap()
        .id;
    let group = d.create_group(&a, class, "English").unwrap().id;
    let subject = d.create_subject(&a, s, "Mathematics").unwrap().id;
    d.assign_teacher(
        &a,
        &NewAssignment {
            teacher,
            class,
            group: None,
            subject,
        },
    )
    .unwrap();
    let kind = d
        .create_work_kind(
            &a,
            s,
            &NewWorkKind {
                name: "Oral".into(),
                default_weight: Ratio::int(1),
                min_weight: Ratio::int(1),
                max_weight: Ratio::int(3),
            },
        )
        .unwrap()
        .id;
    let student = reg(&a, &format!("Student{name}"), date!(2013 - 01 - 01), 3);
    let enrolment = d
        .enrol(&a, student, class, date!(2024 - 09 - 01))
        .unwrap()
        .id;
    let mother = reg(&a, &format!("Mother{name}"), date!(1985 - 01 - 01), 4);
    d.add_guardian(
        &a,
        &Guardianship {
            student,
            guardian: mother,
            relation: Relation::Mother,
            legal_representative: true,
        },
    )
    .unwrap();
    let t = Actor::vouched(teacher);
    let mark = d
        .record_mark(
            &t,
            &NewMark::grade(student, subject, date!(2024 - 09 - 09), "4", kind),
        )
        .unwrap()
        .id;
    d.add_bell_schedule(
        &a,
        &NewBellSchedule {
            school: s,
            name: "Regular".into(),
            shift: 1,
            weekdays: vec![Weekday::Monday, Weekday::Tuesday],
            valid_from: date!(2024 - 09 - 01),
            valid_until: None,
            bells: vec![Bell {
                number: 1,
                start: time!(8:30),
                end: time!(9:15),
            }],
        },
    )
    .unwrap();
    d.set_timetable(
        &a,
        &NewTimetable {
            class,
            shift: 1,
            valid_from: date!(2024 - 09 - 02),
            lessons: vec![TimetableLesson {
                weekday: Weekday::Monday,
                number: 1,
                group: None,
                subject,
                teacher,
                room: Some("101".into()),
            }],
        },
    )
    .unwrap();
    let lesson = LessonKey {
        class,
        date: MON,
        number: 1,
        group: None,
    };
    let homework = d
        .set_homework(
            &t,
            &lesson,
            &NewHomework {
                text: "p. 12".into(),
                due: MON + Duration::days(7),
                students: Vec::new(),
                attachments: Vec::new(),
            },
        )
        .unwrap()
        .id;
    let notice = d
        .notify_absence(
            &Actor::vouched(mother),
            student,
            date!(2024 - 09 - 23),
            date!(2024 - 09 - 24),
            AbsenceReason::Illness,
            Some("flu"),
        )
        .unwrap()
        .id;
    // A trusted person (the nanny), invited and accepted, later revoked.
    let nanny = nanny.unwrap_or(mother);
    let grant = d
        .invite_trusted_person(
            &Actor::vouched(mother),
            &NewInvitation {
                student,
                surname: "Nanny".into(),
                invitee: InviteeId::Snils(snils(999_000)),
                services: Services::DIARY,
                until: None,
                window_days: None,
            },
        )
        .map(|g| g.id)
        .unwrap_or(GrantId(0));
    if grant.0 != 0 {
        d.accept_invitation(&Actor::vouched(nanny), grant).unwrap();
    }
    TestSchool {
        ids: Ids {
            school: s,
            year,
            class,
            subject,
            period,
            teacher,
            student,
            mother,
            mark,
            lesson,
            notice,
            homework,
            grant,
            enrolment,
            group,
        },
        admin,
        kind,
    }
}

/// Ids no object has.
pub fn missing() -> Ids {
    let n = 90_000;
    Ids {
        school: SchoolId(n + 1),
        year: YearId(n + 2),
        class: ClassId(n + 3),
        subject: SubjectId(n + 4),
        period: PeriodId(n + 5),
        teacher: PersonId(n + 6),
        student: PersonId(n + 7),
        mother: PersonId(n + 8),
        mark: MarkId(n + 9),
        lesson: LessonKey {
            class: ClassId(n + 3),
            date: MON,
            number: 1,
            group: None,
        },
        notice: NoticeId(n + 10),
        homework: HomeworkId(n + 11),
        grant: GrantId(n + 12),
        enrolment: EnrolmentId(n + 13),
        group: GroupId(n + 14),
    }
}

/// A diary in memory on a manual clock in the school year.
/// (With the test key set: an encrypted file in a folder kept until the
/// process ends, since a diary in memory is never encrypted.)
pub fn fresh() -> Diary {
    let clock = Arc::new(ManualClock::new(datetime!(2024-09-20 10:00 UTC)));
    let options = OpenOptions {
        clock,
        ..OpenOptions::default()
    };
    match super::test_key() {
        None => super::fresh_diary(options),
        Some(_) => {
            static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
            let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let dir = std::env::temp_dir().join(format!("diary-test-{}-{n}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            Diary::open_with(dir.join("fresh.diary"), super::keyed(options)).unwrap()
        }
    }
}

/// A nanny registered at `s`'s school with an account, invited by the
/// mother for `services` and accepted; the school opens grants at once.
pub fn trusted_nanny(d: &Diary, s: &TestSchool, services: Services, snils_no: u32) -> PersonId {
    let admin = Actor::vouched(s.admin);
    d.set_trusted_person_rules(&admin, s.ids.school, 0, 7)
        .unwrap();
    let nanny = d
        .register_person(
            &admin,
            s.ids.school,
            &person("Nanny", "N", date!(1970 - 01 - 01), Some(&snils(snils_no))),
        )
        .unwrap()
        .id;
    d.issue_credentials(&admin, nanny).unwrap();
    let g = d
        .invite_trusted_person(
            &Actor::vouched(s.ids.mother),
            &NewInvitation {
                student: s.ids.student,
                surname: "Nanny".into(),
                invitee: InviteeId::Snils(snils(snils_no)),
                services,
                until: None,
                window_days: None,
            },
        )
        .unwrap();
    d.accept_invitation(&Actor::vouched(nanny), g.id).unwrap();
    nanny
}
