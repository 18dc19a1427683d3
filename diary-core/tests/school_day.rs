//! The school day: bells, timetable and changes, lessons and homework,
//! attendance with notices and excuses, remarks, views and the calendar
//! feed — on a manual clock, through the access policy.

mod common;

use common::*;
use diary_core::*;
use std::sync::Arc;
use time::macros::{date, datetime, time};
use time::{Date, Duration, Weekday};

struct Day {
    f: Fixture,
    clock: Arc<ManualClock>,
    russian: SubjectId,
    /// Teaches Russian; not a class teacher.
    teacher2: PersonId,
    classmate: PersonId,
    group: GroupId,
    path: Option<std::path::PathBuf>,
    _dir: Option<tempfile::TempDir>,
}

const MON: Date = date!(2024 - 09 - 02);
const TUE: Date = date!(2024 - 09 - 03);

fn key(class: ClassId, date: Date, number: u8) -> LessonKey {
    LessonKey {
        class,
        date,
        number,
        group: None,
    }
}

fn bells() -> Vec<Bell> {
    [
        (1, time!(8:30), time!(9:15)),
        (2, time!(9:25), time!(10:10)),
        (3, time!(10:30), time!(11:15)),
        (4, time!(11:25), time!(12:10)),
    ]
    .into_iter()
    .map(|(number, start, end)| Bell { number, start, end })
    .collect()
}

fn lesson(
    weekday: Weekday,
    number: u8,
    subject: SubjectId,
    teacher: PersonId,
    room: &str,
) -> TimetableLesson {
    TimetableLesson {
        weekday,
        number,
        group: None,
        subject,
        teacher,
        room: Some(room.into()),
    }
}

fn setup_in(diary: Diary, clock: Arc<ManualClock>) -> Day {
    let f = build(diary);
    let d = &f.diary;
    let russian = d.create_subject(&f.admin, f.school, "Russian").unwrap().id;
    let teacher2 = d
        .register_person(
            &f.admin,
            f.school,
            &person("Sidorova", "Olga", date!(1980 - 02 - 02), None),
        )
        .unwrap()
        .id;
    d.appoint_staff(&f.admin, f.school, teacher2, StaffRole::Teacher)
        .unwrap();
    let classmate = d
        .register_person(
            &f.admin,
            f.school,
            &person("Orlov", "Oleg", date!(2013 - 04 - 04), None),
        )
        .unwrap()
        .id;
    d.enrol(&f.admin, classmate, f.class_5a, date!(2024 - 09 - 01))
        .unwrap();
    let group = d
        .create_group(&f.admin, f.class_5a, "English 1")
        .unwrap()
        .id;
    d.add_group_member(&f.admin, group, classmate).unwrap();
    d.add_bell_schedule(
        &f.admin,
        &NewBellSchedule {
            school: f.school,
            name: "Regular".into(),
            shift: 1,
            weekdays: vec![
                Weekday::Monday,
                Weekday::Tuesday,
                Weekday::Wednesday,
                Weekday::Thursday,
                Weekday::Friday,
            ],
            valid_from: date!(2024 - 09 - 01),
            valid_until: None,
            bells: bells(),
        },
    )
    .unwrap();
    d.set_timetable(
        &f.admin,
        &NewTimetable {
            class: f.class_5a,
            shift: 1,
            valid_from: MON,
            lessons: vec![
                lesson(Weekday::Monday, 1, f.maths, f.teacher, "101"),
                lesson(Weekday::Monday, 2, russian, teacher2, "102"),
                TimetableLesson {
                    group: Some(group),
                    ..lesson(Weekday::Monday, 3, russian, teacher2, "103")
                },
                lesson(Weekday::Tuesday, 1, f.maths, f.teacher, "101"),
                lesson(Weekday::Tuesday, 2, russian, teacher2, "102"),
            ],
        },
    )
    .unwrap();
    Day {
        f,
        clock,
        russian,
        teacher2,
        classmate,
        group,
        path: None,
        _dir: None,
    }
}

fn setup() -> Day {
    let clock = Arc::new(ManualClock::new(datetime!(2024-09-02 07:00 UTC)));
    setup_in(
        common::fresh_diary(OpenOptions {
            clock: clock.clone(),
            ..OpenOptions::default()
        }),
        clock,
    )
}

fn setup_file() -> Day {
    let clock = Arc::new(ManualClock::new(datetime!(2024-09-02 07:00 UTC)));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("day.diary");
    let mut day = setup_in(
        Diary::open_with(
            &path,
            OpenOptions {
                clock: clock.clone(),
                ..OpenOptions::default()
            },
        )
        .unwrap(),
        clock,
    );
    day.path = Some(path);
    day._dir = Some(dir);
    day
}

#[test]
fn lessons_of_a_date_come_from_timetable_bells_and_calendar() {
    let s = setup();
    let d = &s.f.diary;
    let student = Actor::vouched(s.f.student);
    let day = d.class_day(&student, s.f.class_5a, MON).unwrap();
    assert_eq!(day.len(), 3);
    assert_eq!(
        (day[0].start, day[0].end),
        (Some(time!(8:30)), Some(time!(9:15)))
    );
    assert_eq!(day[0].subject_name, "Mathematics");
    assert_eq!(day[2].key.group, Some(s.group));
    // Weekend and holidays have no lessons.
    assert!(d
        .class_day(&student, s.f.class_5a, date!(2024 - 09 - 07))
        .unwrap()
        .is_empty());
    d.add_holiday(
        &s.f.admin,
        s.f.school,
        &NewHoliday {
            name: "Autumn".into(),
            first_day: date!(2024 - 10 - 28),
            last_day: date!(2024 - 11 - 03),
        },
    )
    .unwrap();
    assert!(d
        .class_day(&student, s.f.class_5a, date!(2024 - 10 - 28))
        .unwrap()
        .is_empty());
    assert_eq!(
        d.class_day(&student, s.f.class_5a, date!(2024 - 11 - 04))
            .unwrap()
            .len(),
        3
    );

    // A shortened day: a one-day schedule overrides the usual bells.
    d.add_bell_schedule(
        &s.f.admin,
        &NewBellSchedule {
            school: s.f.school,
            name: "Shortened".into(),
            shift: 1,
            weekdays: vec![Weekday::Monday],
            valid_from: date!(2024 - 09 - 09),
            valid_until: Some(date!(2024 - 09 - 09)),
            bells: vec![
                Bell {
                    number: 1,
                    start: time!(8:30),
                    end: time!(9:00),
                },
                Bell {
                    number: 2,
                    start: time!(9:10),
                    end: time!(9:40),
                },
                Bell {
                    number: 3,
                    start: time!(9:50),
                    end: time!(10:20),
                },
            ],
        },
    )
    .unwrap();
    let short = d
        .class_day(&student, s.f.class_5a, date!(2024 - 09 - 09))
        .unwrap();
    assert_eq!(short[1].end, Some(time!(9:40)));
    assert_eq!(
        d.class_day(&student, s.f.class_5a, date!(2024 - 09 - 16))
            .unwrap()[1]
            .end,
        Some(time!(10:10))
    );
    // Strangers to the school see nothing.
    let other = d
        .create_school(&s.f.op, &NewSchool::new("Lyceum", "Tver", "Europe/Moscow"))
        .unwrap();
    let outsider = d
        .register_person(
            &s.f.op,
            other.id,
            &person("Out", "Sider", date!(1990 - 01 - 01), None),
        )
        .unwrap()
        .id;
    assert!(matches!(
        d.class_day(&Actor::vouched(outsider), s.f.class_5a, MON),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn timetable_refusals_name_what_is_wrong_and_store_nothing() {
    let s = setup_file();
    let d = &s.f.diary;
    let path = s.path.clone().unwrap();
    let before = snapshot(&path);
    let base = |lessons| NewTimetable {
        class: s.f.class_5b,
        shift: 1,
        valid_from: MON,
        lessons,
    };
    // A lesson number without a bell.
    let e = d
        .set_timetable(
            &s.f.admin,
            &base(vec![lesson(
                Weekday::Monday,
                7,
                s.f.maths,
                s.f.teacher,
                "201",
            )]),
        )
        .unwrap_err();
    assert_eq!(e.field(), Some("lessons.number"), "{e}");
    // The teacher already teaches 5A then, in another room.
    let e = d
        .set_timetable(
            &s.f.admin,
            &base(vec![lesson(
                Weekday::Monday,
                1,
                s.f.maths,
                s.f.teacher,
                "201",
            )]),
        )
        .unwrap_err();
    assert!(matches!(e, Error::Conflict(_)), "{e}");
    assert!(e.to_string().contains("5A"), "{e}");
    // The room is taken by 5A then.
    let e = d
        .set_timetable(
            &s.f.admin,
            &base(vec![lesson(
                Weekday::Monday,
                2,
                s.f.maths,
                s.f.teacher,
                "102",
            )]),
        )
        .unwrap_err();
    assert!(e.to_string().contains("room 102"), "{e}");
    // Someone who is not a teacher of the school.
    let e = d
        .set_timetable(
            &s.f.admin,
            &base(vec![lesson(
                Weekday::Monday,
                4,
                s.f.maths,
                s.f.mother,
                "201",
            )]),
        )
        .unwrap_err();
    assert_eq!(e.field(), Some("lessons.teacher"));
    // Two whole-class lessons in one slot.
    let e = d
        .set_timetable(
            &s.f.admin,
            &base(vec![
                lesson(Weekday::Monday, 4, s.f.maths, s.f.teacher, "201"),
                lesson(Weekday::Monday, 4, s.russian, s.teacher2, "202"),
            ]),
        )
        .unwrap_err();
    assert!(matches!(e, Error::Conflict(_)));
    // Teachers do not set timetables.
    assert!(matches!(
        d.set_timetable(&Actor::vouched(s.f.teacher), &base(vec![])),
        Err(Error::AccessDenied(_))
    ));
    // Bad bells.
    let e = d
        .add_bell_schedule(
            &s.f.admin,
            &NewBellSchedule {
                school: s.f.school,
                name: "Broken".into(),
                shift: 1,
                weekdays: vec![Weekday::Monday],
                valid_from: MON,
                valid_until: None,
                bells: vec![
                    Bell {
                        number: 1,
                        start: time!(8:30),
                        end: time!(9:15),
                    },
                    Bell {
                        number: 2,
                        start: time!(9:00),
                        end: time!(9:45),
                    },
                ],
            },
        )
        .unwrap_err();
    assert_eq!(e.field(), Some("bells"));
    // A change: an extra lesson on a holiday-free weekend, a missing field,
    // a substitute who is busy.
    let change = |lesson: LessonKey, kind| NewLessonChange {
        lesson,
        kind,
        teacher: None,
        room: None,
        subject: None,
        to_date: None,
        to_number: None,
        reason: None,
        announce: false,
    };
    let e = d
        .change_lesson(
            &s.f.admin,
            &NewLessonChange {
                subject: Some(s.f.maths),
                teacher: Some(s.f.teacher),
                ..change(
                    key(s.f.class_5a, date!(2024 - 09 - 07), 1),
                    ChangeKind::Extra,
                )
            },
        )
        .unwrap_err();
    assert_eq!(e.field(), Some("date"));
    let e = d
        .change_lesson(
            &s.f.admin,
            &change(key(s.f.class_5a, MON, 1), ChangeKind::Substitution),
        )
        .unwrap_err();
    assert_eq!(e.field(), Some("teacher"));
    let e = d
        .change_lesson(
            &s.f.admin,
            &change(key(s.f.class_5a, MON, 4), ChangeKind::Cancellation),
        )
        .unwrap_err();
    assert_eq!(e.field(), Some("lesson"));
    assert_eq!(snapshot(&path), before, "no refusal changed the file");
}

#[test]
fn changes_show_was_and_now() {
    let s = setup();
    let d = &s.f.diary;
    let admin = &s.f.admin;
    let next_mon = date!(2024 - 09 - 09);
    let change = |lesson: LessonKey, kind| NewLessonChange {
        lesson,
        kind,
        teacher: None,
        room: None,
        subject: None,
        to_date: None,
        to_number: None,
        reason: Some("teacher ill".into()),
        announce: false,
    };
    let sub = d
        .change_lesson(
            admin,
            &NewLessonChange {
                teacher: Some(s.teacher2),
                ..change(key(s.f.class_5a, next_mon, 1), ChangeKind::Substitution)
            },
        )
        .unwrap();
    assert_eq!(sub.teacher, s.teacher2);
    assert_eq!(sub.was.as_ref().unwrap().teacher, s.f.teacher);
    assert_eq!(sub.change_reason.as_deref(), Some("teacher ill"));
    // One change per lesson and date.
    assert!(matches!(
        d.change_lesson(
            admin,
            &change(key(s.f.class_5a, next_mon, 1), ChangeKind::Cancellation)
        ),
        Err(Error::InvalidInput { .. } | Error::Conflict(_))
    ));
    d.change_lesson(
        admin,
        &change(
            key(s.f.class_5a, TUE + Duration::weeks(1), 1),
            ChangeKind::Cancellation,
        ),
    )
    .unwrap();
    d.change_lesson(
        admin,
        &NewLessonChange {
            room: Some("Gym".into()),
            ..change(
                key(s.f.class_5a, TUE + Duration::weeks(1), 2),
                ChangeKind::RoomChange,
            )
        },
    )
    .unwrap();
    let moved = d
        .change_lesson(
            admin,
            &NewLessonChange {
                to_date: Some(date!(2024 - 09 - 11)),
                to_number: Some(3),
                ..change(key(s.f.class_5a, next_mon, 2), ChangeKind::Moved)
            },
        )
        .unwrap();
    assert_eq!(moved.status, LessonStatus::MovedHere);
    assert_eq!(moved.key.date, date!(2024 - 09 - 11));
    assert_eq!(moved.start, Some(time!(10:30)));
    let extra = d
        .change_lesson(
            admin,
            &NewLessonChange {
                subject: Some(s.f.maths),
                teacher: Some(s.f.teacher),
                room: Some("101".into()),
                ..change(
                    key(s.f.class_5a, date!(2024 - 09 - 12), 4),
                    ChangeKind::Extra,
                )
            },
        )
        .unwrap();
    assert_eq!(extra.status, LessonStatus::Extra);
    d.set_lesson_topic(
        admin,
        &key(s.f.class_5a, TUE + Duration::weeks(1), 2),
        Some("Fractions"),
        None,
    )
    .unwrap();

    // A week read at once (its changes and notes in a few queries) is the
    // same as its days read one by one: the classmate attends every lesson,
    // the group's too.
    let week = d.student_week(admin, s.classmate, next_mon).unwrap();
    for (i, day) in week.iter().enumerate() {
        let alone = d
            .class_day(admin, s.f.class_5a, next_mon + Duration::days(i as i64))
            .unwrap();
        let lessons: Vec<Lesson> = day.lessons.iter().map(|l| l.lesson.clone()).collect();
        assert_eq!(lessons, alone, "{}", day.date);
    }
    assert!(week
        .iter()
        .flat_map(|w| &w.lessons)
        .any(|l| l.lesson.topic.as_deref() == Some("Fractions")));
    assert!(week
        .iter()
        .flat_map(|w| &w.lessons)
        .any(|l| l.lesson.status == LessonStatus::MovedHere));

    let student = Actor::vouched(s.f.student);
    let mon = d.class_day(&student, s.f.class_5a, next_mon).unwrap();
    assert_eq!(mon[1].status, LessonStatus::MovedAway);
    assert_eq!(mon[1].moved_to, Some((date!(2024 - 09 - 11), 3)));
    let tue = d
        .class_day(&student, s.f.class_5a, TUE + Duration::weeks(1))
        .unwrap();
    assert_eq!(tue[0].status, LessonStatus::Cancelled);
    assert_eq!(tue[1].room.as_deref(), Some("Gym"));
    assert_eq!(tue[1].was.as_ref().unwrap().room.as_deref(), Some("102"));

    // Teacher's week: the substitute has the lesson; the original teacher
    // sees it changed.
    let week = d
        .teacher_week(&Actor::vouched(s.teacher2), s.teacher2, next_mon)
        .unwrap();
    assert!(week
        .iter()
        .any(|l| l.key.date == next_mon && l.key.number == 1 && l.teacher == s.teacher2));
    let rooms = d
        .room_day(&student, s.f.school, "Gym", TUE + Duration::weeks(1))
        .unwrap();
    assert_eq!(rooms.len(), 1);
    // A substitute who is busy elsewhere is refused.
    d.set_timetable(
        admin,
        &NewTimetable {
            class: s.f.class_5b,
            shift: 1,
            valid_from: MON,
            lessons: vec![lesson(Weekday::Monday, 4, s.russian, s.teacher2, "202")],
        },
    )
    .unwrap();
    let e = d
        .change_lesson(
            admin,
            &NewLessonChange {
                subject: Some(s.f.maths),
                teacher: Some(s.teacher2),
                ..change(
                    key(s.f.class_5a, date!(2024 - 09 - 16), 4),
                    ChangeKind::Extra,
                )
            },
        )
        .unwrap_err();
    assert!(matches!(e, Error::Conflict(_)), "{e}");
}

#[test]
fn topics_homework_and_tests() {
    let s = setup();
    let d = &s.f.diary;
    let teacher = Actor::vouched(s.f.teacher);
    let mother = Actor::vouched(s.f.mother);
    let k = key(s.f.class_5a, MON, 1);
    assert!(matches!(
        d.set_lesson_topic(&mother, &k, Some("Fractions"), None),
        Err(Error::AccessDenied(_))
    ));
    assert!(matches!(
        d.set_lesson_topic(&Actor::vouched(s.teacher2), &k, Some("Fractions"), None),
        Err(Error::AccessDenied(_))
    ));
    let l = d
        .set_lesson_topic(&teacher, &k, Some("Fractions"), None)
        .unwrap();
    assert_eq!(l.topic.as_deref(), Some("Fractions"));
    d.set_lesson_topic(
        &teacher,
        &key(s.f.class_5a, TUE + Duration::weeks(1), 1),
        None,
        Some("Control work: fractions"),
    )
    .unwrap();

    let e = d
        .set_homework(
            &teacher,
            &k,
            &NewHomework {
                due: MON - Duration::days(1),
                text: "p. 12".into(),
                students: vec![],
                attachments: vec![],
            },
        )
        .unwrap_err();
    assert_eq!(e.field(), Some("due"));
    let e = d
        .set_homework(
            &teacher,
            &k,
            &NewHomework {
                due: TUE,
                text: "p. 12".into(),
                students: vec![s.f.mother],
                attachments: vec![],
            },
        )
        .unwrap_err();
    assert_eq!(e.field(), Some("students"));
    let e = d
        .set_homework(
            &teacher,
            &k,
            &NewHomework {
                due: TUE,
                text: "p. 12".into(),
                students: vec![],
                attachments: vec![Attachment {
                    name: "sheet.pdf".into(),
                    media_type: "pdf".into(),
                    size: 1000,
                    url: Some("https://files.example/sheet.pdf".into()),
                    sha256: None,
                }],
            },
        )
        .unwrap_err();
    assert_eq!(e.field(), Some("attachments.media_type"));
    let hw = d
        .set_homework(
            &teacher,
            &k,
            &NewHomework {
                due: TUE,
                text: "Exercises 1–5 on p. 12\nShow your working.".into(),
                students: vec![],
                attachments: vec![Attachment {
                    name: "sheet.pdf".into(),
                    media_type: "application/pdf".into(),
                    size: 1000,
                    url: Some("https://files.example/sheet.pdf".into()),
                    sha256: None,
                }],
            },
        )
        .unwrap();
    // Per date and subject: the Monday Russian lesson, found by subject.
    let by_subject = d
        .set_homework_for_subject(
            &Actor::vouched(s.teacher2),
            s.f.class_5a,
            None,
            s.russian,
            MON,
            &NewHomework {
                due: TUE,
                text: "Read chapter 2".into(),
                students: vec![],
                attachments: vec![],
            },
        )
        .unwrap();
    assert_eq!(by_subject.lesson.number, 2);
    let e = d
        .set_homework_for_subject(
            &teacher,
            s.f.class_5a,
            None,
            s.f.maths,
            date!(2024 - 09 - 04),
            &NewHomework {
                due: TUE,
                text: "x".into(),
                students: vec![],
                attachments: vec![],
            },
        )
        .unwrap_err();
    assert_eq!(e.field(), Some("date"));
    assert!(e.to_string().contains("no Mathematics lesson"), "{e}");
    let only_classmate = d
        .set_homework(
            &teacher,
            &k,
            &NewHomework {
                due: TUE,
                text: "Extra task".into(),
                students: vec![s.classmate],
                attachments: vec![],
            },
        )
        .unwrap();
    assert!(only_classmate.individual);

    // The student sees the homework in the lesson and due on Tuesday, but not
    // the classmate's individual task.
    let day = d.student_day(&mother, s.f.student, MON).unwrap();
    assert_eq!(day.lessons[0].lesson.topic.as_deref(), Some("Fractions"));
    assert_eq!(day.lessons[0].homework.len(), 1);
    assert_eq!(
        day.lessons.len(),
        2,
        "the group lesson is not the student's"
    );
    let due = d
        .homework_due(&Actor::vouched(s.f.student), s.f.student, TUE)
        .unwrap();
    assert_eq!(
        due.iter().map(|h| h.id).collect::<Vec<_>>(),
        vec![hw.id, by_subject.id]
    );
    let classmate_due = d
        .homework_due(&Actor::vouched(s.classmate), s.classmate, TUE)
        .unwrap();
    assert_eq!(classmate_due.len(), 3);

    // Done: the student only; the teacher sees who.
    assert!(matches!(
        d.mark_homework_done(&mother, hw.id, true),
        Err(Error::AccessDenied(_) | Error::NotFound { .. })
    ));
    assert!(matches!(
        d.mark_homework_done(&Actor::vouched(s.f.student), only_classmate.id, true),
        Err(Error::AccessDenied(_))
    ));
    d.mark_homework_done(&Actor::vouched(s.f.student), hw.id, true)
        .unwrap();
    let listed = d.lesson_homework(&teacher, &k).unwrap();
    assert_eq!(listed[0].done_by, vec![s.f.student]);
    // A classmate's family sees only their own child in the lists.
    let classmate_view = d
        .homework_due(&Actor::vouched(s.classmate), s.classmate, TUE)
        .unwrap();
    assert!(classmate_view.iter().all(|h| h.done_by.is_empty()));

    // The week view carries the same: the lesson's homework with its
    // attachment and who did it, what is due on Tuesday in order, the
    // classmate's individual task for the classmate only.
    let week = d
        .student_week(&Actor::vouched(s.f.student), s.f.student, MON)
        .unwrap();
    let set_monday = &week[0].lessons[0].homework;
    assert_eq!(
        set_monday.iter().map(|h| h.id).collect::<Vec<_>>(),
        vec![hw.id]
    );
    assert_eq!(set_monday[0].attachments.len(), 1);
    assert_eq!(set_monday[0].attachments[0].name, "sheet.pdf");
    assert_eq!(set_monday[0].done_by, vec![s.f.student]);
    assert_eq!(
        week[1]
            .homework_due
            .iter()
            .map(|h| h.id)
            .collect::<Vec<_>>(),
        vec![hw.id, by_subject.id]
    );
    let classmate_week = d
        .student_week(&Actor::vouched(s.classmate), s.classmate, MON)
        .unwrap();
    let theirs = &classmate_week[0].lessons[0].homework;
    assert_eq!(theirs.len(), 2);
    let individual = theirs.iter().find(|h| h.id == only_classmate.id).unwrap();
    assert_eq!(individual.students, vec![s.classmate]);
    assert!(theirs.iter().all(|h| h.done_by.is_empty()));
    // When the classmate has done it too, a family still sees only their
    // child among those who did; the school's admin sees both.
    d.mark_homework_done(&Actor::vouched(s.classmate), hw.id, true)
        .unwrap();
    let done_seen_by = |actor: &Actor| {
        d.student_week(actor, s.f.student, MON).unwrap()[0].lessons[0].homework[0]
            .done_by
            .clone()
    };
    assert_eq!(done_seen_by(&mother), vec![s.f.student]);
    let mut all = vec![s.f.student, s.classmate];
    all.sort();
    assert_eq!(done_seen_by(&s.f.admin), all);
    // Homework set this week and due next Monday is due in next week's view.
    let next_monday = MON + Duration::weeks(1);
    let later = d
        .set_homework(
            &teacher,
            &key(s.f.class_5a, TUE, 1),
            &NewHomework {
                due: next_monday,
                text: "Revise".into(),
                students: vec![],
                attachments: vec![],
            },
        )
        .unwrap();
    let next_week = d.student_week(&mother, s.f.student, next_monday).unwrap();
    assert_eq!(
        next_week[0]
            .homework_due
            .iter()
            .map(|h| h.id)
            .collect::<Vec<_>>(),
        vec![later.id]
    );
    assert!(next_week[0].lessons.iter().all(|l| l.homework.is_empty()));

    let tests = d
        .upcoming_tests(&mother, s.f.student, MON, date!(2024 - 09 - 30))
        .unwrap();
    assert_eq!(tests.len(), 1);
    assert_eq!(tests[0].test.as_deref(), Some("Control work: fractions"));
}

#[test]
fn attendance_with_notices_and_excuses() {
    let s = setup();
    let d = &s.f.diary;
    let teacher = Actor::vouched(s.f.teacher);
    let teacher2 = Actor::vouched(s.teacher2);
    let mother = Actor::vouched(s.f.mother);
    let entry = |student, status, reason| AttendanceEntry {
        student,
        status,
        late_minutes: None,
        reason,
        excused: false,
    };
    // Not in the future; not for someone outside the class.
    let e = d
        .record_attendance(
            &teacher,
            &key(s.f.class_5a, TUE, 1),
            &[entry(s.f.student, AttendanceStatus::Present, None)],
        )
        .unwrap_err();
    assert_eq!(e.field(), Some("lesson"));
    let e = d
        .record_attendance(
            &teacher,
            &key(s.f.class_5a, MON, 1),
            &[entry(s.f.mother, AttendanceStatus::Present, None)],
        )
        .unwrap_err();
    assert_eq!(e.field(), Some("entries.student"));
    let e = d
        .record_attendance(
            &teacher,
            &key(s.f.class_5a, MON, 1),
            &[AttendanceEntry {
                late_minutes: None,
                ..entry(s.f.student, AttendanceStatus::Late, None)
            }],
        )
        .unwrap_err();
    assert_eq!(e.field(), Some("late_minutes"));
    // Another subject's teacher may not take this register.
    assert!(matches!(
        d.record_attendance(&teacher2, &key(s.f.class_5a, MON, 1), &[]),
        Err(Error::AccessDenied(_))
    ));

    s.clock.set(datetime!(2024-09-02 12:00 UTC));
    d.record_attendance(
        &teacher,
        &key(s.f.class_5a, MON, 1),
        &[
            entry(
                s.f.student,
                AttendanceStatus::Absent,
                Some(AbsenceReason::Illness),
            ),
            AttendanceEntry {
                late_minutes: Some(10),
                ..entry(s.classmate, AttendanceStatus::Late, None)
            },
        ],
    )
    .unwrap();
    d.record_attendance(
        &teacher2,
        &key(s.f.class_5a, MON, 2),
        &[
            entry(
                s.f.student,
                AttendanceStatus::Absent,
                Some(AbsenceReason::Illness),
            ),
            entry(s.classmate, AttendanceStatus::Present, None),
        ],
    )
    .unwrap();
    // Illness is health data: the subject teacher sees that a reason
    // exists, not what it is; the class teacher and the mother see it.
    let reg2 = d
        .lesson_register(&teacher2, &key(s.f.class_5a, MON, 2))
        .unwrap();
    let mine = reg2.iter().find(|a| a.student == s.f.student).unwrap();
    assert_eq!((mine.reason, mine.reason_hidden), (None, true));
    let reg = d
        .lesson_register(&teacher, &key(s.f.class_5a, MON, 2))
        .unwrap();
    assert_eq!(
        reg.iter()
            .find(|a| a.student == s.f.student)
            .unwrap()
            .reason,
        Some(AbsenceReason::Illness)
    );
    let day = d.student_day(&mother, s.f.student, MON).unwrap();
    assert_eq!(
        day.lessons[0].attendance.as_ref().unwrap().reason,
        Some(AbsenceReason::Illness)
    );

    // An excuse for a day without absence is refused; for Monday it waits
    // for the class teacher.
    let e = d
        .submit_excuse(
            &mother,
            s.f.student,
            date!(2024 - 08 - 30),
            date!(2024 - 08 - 30),
            AbsenceReason::Family,
            None,
        )
        .unwrap_err();
    assert_eq!(e.field(), Some("first_day"));
    assert!(matches!(
        d.submit_excuse(
            &Actor::vouched(s.f.student),
            s.f.student,
            MON,
            MON,
            AbsenceReason::Illness,
            None
        ),
        Err(Error::AccessDenied(_))
    ));
    let excuse = d
        .submit_excuse(
            &mother,
            s.f.student,
            MON,
            MON,
            AbsenceReason::Illness,
            Some("doctor's note"),
        )
        .unwrap();
    assert_eq!(excuse.status, NoticeStatus::Pending);
    assert!(matches!(
        d.decide_excuse(&teacher2, excuse.id, true, None),
        Err(Error::AccessDenied(_))
    ));
    let summary = d
        .attendance_summary(&mother, s.f.student, MON, MON)
        .unwrap();
    assert_eq!((summary.absent_unexcused, summary.absent_excused), (2, 0));
    let decided = d
        .decide_excuse(&teacher, excuse.id, true, Some("ok"))
        .unwrap();
    assert_eq!(decided.status, NoticeStatus::Approved);
    assert_eq!(decided.decided_by, Some(s.f.teacher));
    assert!(matches!(
        d.decide_excuse(&teacher, excuse.id, false, None),
        Err(Error::Conflict(_))
    ));
    let summary = d
        .attendance_summary(&mother, s.f.student, MON, MON)
        .unwrap();
    assert_eq!(
        (
            summary.absent_unexcused,
            summary.absent_excused,
            summary.lessons_held
        ),
        (0, 2, 2)
    );
    assert_eq!(summary.rate, Some(grading::Ratio::new(0, 1)));

    // A notice in advance excuses Tuesday's absence when it is recorded.
    let notice = d
        .notify_absence(
            &mother,
            s.f.student,
            TUE,
            TUE,
            AbsenceReason::Family,
            Some("wedding"),
        )
        .unwrap();
    assert_eq!(notice.status, NoticeStatus::Approved);
    assert!(d
        .notify_absence(
            &mother,
            s.f.student,
            MON - Duration::days(3),
            MON,
            AbsenceReason::Family,
            None
        )
        .is_err());
    s.clock.set(datetime!(2024-09-03 12:00 UTC));
    let reg = d
        .record_attendance(
            &teacher,
            &key(s.f.class_5a, TUE, 1),
            &[
                entry(s.f.student, AttendanceStatus::Absent, None),
                entry(s.classmate, AttendanceStatus::Present, None),
            ],
        )
        .unwrap();
    let tue = reg.iter().find(|a| a.student == s.f.student).unwrap();
    assert!(tue.excused);
    assert_eq!(
        (tue.reason, tue.notice),
        (Some(AbsenceReason::Family), Some(notice.id))
    );

    // The classmate: late once, present twice → rate 3/3.
    let c = d
        .attendance_summary(&s.f.admin, s.classmate, MON, TUE)
        .unwrap();
    assert_eq!(
        (c.present, c.late, c.late_minutes, c.rate),
        (2, 1, 10, Some(grading::Ratio::new(1, 1)))
    );
    assert_eq!(
        c.lessons_held, 5,
        "Monday's group lesson counts for the classmate"
    );
    let class = d
        .class_attendance(&teacher, s.f.class_5a, MON, TUE)
        .unwrap();
    assert_eq!(class.len(), 2);
    assert!(matches!(
        d.class_attendance(&teacher2, s.f.class_5a, MON, TUE),
        Err(Error::AccessDenied(_))
    ));

    // Registers not taken: teacher2's Monday group lesson and Tuesday's lesson 2.
    let todo = d
        .untaken_registers(&teacher2, s.teacher2, MON, TUE)
        .unwrap();
    assert_eq!(
        todo.iter()
            .map(|l| (l.key.date, l.key.number))
            .collect::<Vec<_>>(),
        vec![(MON, 3), (TUE, 2)]
    );
    assert!(matches!(
        d.untaken_registers(&teacher, s.teacher2, MON, TUE),
        Err(Error::AccessDenied(_))
    ));
    let notices = d.absence_notices(&mother, s.f.student).unwrap();
    assert_eq!(notices.len(), 2);
}

#[test]
fn remarks_are_for_the_family() {
    let s = setup();
    let d = &s.f.diary;
    let r = d
        .add_remark(
            &Actor::vouched(s.f.teacher),
            s.f.student,
            MON,
            Some(s.f.maths),
            RemarkKind::Positive,
            "Excellent work at the board",
        )
        .unwrap();
    assert_eq!(r.kind, RemarkKind::Positive);
    assert!(matches!(
        d.add_remark(
            &Actor::vouched(s.f.mother),
            s.f.student,
            MON,
            None,
            RemarkKind::Negative,
            "x"
        ),
        Err(Error::AccessDenied(_))
    ));
    assert_eq!(
        d.add_remark(
            &Actor::vouched(s.f.teacher),
            s.f.student,
            MON,
            None,
            RemarkKind::Neutral,
            "  "
        )
        .unwrap_err()
        .field(),
        Some("text")
    );
    assert_eq!(
        d.remarks(&Actor::vouched(s.f.mother), s.f.student, MON, TUE)
            .unwrap(),
        vec![r.clone()]
    );
    assert_eq!(
        d.student_day(&Actor::vouched(s.f.student), s.f.student, MON)
            .unwrap()
            .remarks,
        vec![r]
    );
    assert!(matches!(
        d.remarks(&Actor::vouched(s.classmate), s.f.student, MON, TUE),
        Err(Error::AccessDenied(_))
    ));
    // Every read of the child's day is in the access log.
    let log = d.access_log_of_child(&s.f.admin, s.f.student).unwrap();
    assert!(log
        .iter()
        .any(|e| e.data_kind == "remarks" && e.actor == Some(s.classmate) && !e.allowed));
    assert!(log
        .iter()
        .any(|e| e.data_kind == "school_day" && e.actor == Some(s.f.student) && e.allowed));
}

#[test]
fn the_week_view_joins_everything() {
    let s = setup();
    let d = &s.f.diary;
    d.add_period(
        &s.f.admin,
        s.f.year,
        &NewPeriod {
            kind: PeriodKind::Quarter,
            name: "Q1".into(),
            start: MON,
            end: date!(2024 - 10 - 25),
        },
    )
    .unwrap();
    let kind = d
        .create_work_kind(
            &s.f.admin,
            s.f.school,
            &NewWorkKind {
                name: "Homework".into(),
                default_weight: grading::Ratio::int(1),
                min_weight: grading::Ratio::int(1),
                max_weight: grading::Ratio::int(1),
            },
        )
        .unwrap()
        .id;
    d.assign_teacher(
        &s.f.admin,
        &NewAssignment {
            teacher: s.f.teacher,
            class: s.f.class_5a,
            group: None,
            subject: s.f.maths,
        },
    )
    .unwrap();
    d.record_mark(
        &Actor::vouched(s.f.teacher),
        &NewMark::grade(s.f.student, s.f.maths, MON, "5", kind),
    )
    .unwrap();
    let week = d
        .student_week(&Actor::vouched(s.f.mother), s.f.student, MON)
        .unwrap();
    assert_eq!(week.len(), 7);
    assert_eq!(week[0].lessons[0].marks.len(), 1);
    assert_eq!(week[0].lessons[0].marks[0].label, "5");
    assert!(week[5].lessons.is_empty());
    // A stranger may not see the week.
    assert!(matches!(
        d.student_week(&Actor::vouched(s.teacher2), s.f.student, MON),
        Err(Error::AccessDenied(_))
    ));
}

/// The week view keeps the timetable, bells, classes and groups it read
/// for the next call of the same handle; a change to any of them — by the
/// same handle or by another one on the same file — shows at the next read.
#[test]
fn the_week_view_follows_timetable_bells_and_groups_changed_between_reads() {
    let s = setup_file();
    let d = &s.f.diary;
    let mother = Actor::vouched(s.f.mother);
    let next = MON + Duration::weeks(1);
    let monday = |d: &Diary| {
        d.student_week(&mother, s.f.student, next).unwrap()[0]
            .lessons
            .iter()
            .map(|l| (l.lesson.key.number, l.lesson.subject, l.lesson.start))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        monday(d),
        vec![
            (1, s.f.maths, Some(time!(8:30))),
            (2, s.russian, Some(time!(9:25)))
        ]
    );
    // The same handle sets a new timetable version from next Monday.
    d.set_timetable(
        &s.f.admin,
        &NewTimetable {
            class: s.f.class_5a,
            shift: 1,
            valid_from: next,
            lessons: vec![
                lesson(Weekday::Monday, 1, s.russian, s.teacher2, "102"),
                lesson(Weekday::Monday, 2, s.f.maths, s.f.teacher, "101"),
                TimetableLesson {
                    group: Some(s.group),
                    ..lesson(Weekday::Monday, 3, s.russian, s.teacher2, "103")
                },
            ],
        },
    )
    .unwrap();
    assert_eq!(
        monday(d),
        vec![
            (1, s.russian, Some(time!(8:30))),
            (2, s.f.maths, Some(time!(9:25)))
        ]
    );
    // Another handle on the same file moves the bells and puts the student
    // into the group of lesson 3.
    let other = Diary::open(s.path.as_ref().unwrap()).unwrap();
    other
        .add_bell_schedule(
            &s.f.admin,
            &NewBellSchedule {
                school: s.f.school,
                name: "Later".into(),
                shift: 1,
                weekdays: vec![Weekday::Monday],
                valid_from: next,
                valid_until: None,
                bells: vec![
                    Bell {
                        number: 1,
                        start: time!(9:00),
                        end: time!(9:45),
                    },
                    Bell {
                        number: 2,
                        start: time!(9:55),
                        end: time!(10:40),
                    },
                ],
            },
        )
        .unwrap();
    other
        .add_group_member(&s.f.admin, s.group, s.f.student)
        .unwrap();
    assert_eq!(
        monday(d),
        vec![
            (1, s.russian, Some(time!(9:00))),
            (2, s.f.maths, Some(time!(9:55))),
            (3, s.russian, None)
        ]
    );
}

#[test]
fn the_calendar_feed_is_stable_and_folded() {
    let s = setup();
    let d = &s.f.diary;
    let student = Actor::vouched(s.f.student);
    let first = d
        .student_calendar(&student, s.f.student, MON, date!(2024 - 09 - 15))
        .unwrap();
    assert!(first.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(first.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Moscow\r\n"));
    assert!(first.contains("DTSTART;TZID=Europe/Moscow:20240902T083000\r\n"));
    for line in first.split("\r\n") {
        assert!(line.len() <= 75, "{line}");
    }
    let uid = format!("UID:lesson-{}-20240909-1-0@diary", s.f.class_5a);
    assert_eq!(first.matches(&uid).count(), 1);
    // After a cancellation the same UID is there, cancelled.
    d.change_lesson(
        &s.f.admin,
        &NewLessonChange {
            lesson: key(s.f.class_5a, date!(2024 - 09 - 09), 1),
            kind: ChangeKind::Cancellation,
            teacher: None,
            room: None,
            subject: None,
            to_date: None,
            to_number: None,
            reason: Some("Excursion, see the letter to parents; bring a packed lunch".into()),
            announce: false,
        },
    )
    .unwrap();
    let second = d
        .student_calendar(&student, s.f.student, MON, date!(2024 - 09 - 15))
        .unwrap();
    assert_eq!(second.matches(&uid).count(), 1);
    let event = &second[second.find(&uid).unwrap()..];
    let event = &event[..event.find("END:VEVENT").unwrap()];
    assert!(event.contains("STATUS:CANCELLED"), "{event}");
    assert_eq!(
        first.matches("BEGIN:VEVENT").count(),
        second.matches("BEGIN:VEVENT").count()
    );
    let teacher = d
        .teacher_calendar(
            &Actor::vouched(s.f.teacher),
            s.f.teacher,
            MON,
            date!(2024 - 09 - 15),
        )
        .unwrap();
    assert_eq!(teacher.matches("BEGIN:VEVENT").count(), 4);
    assert!(matches!(
        d.student_calendar(&Actor::vouched(s.classmate), s.f.student, MON, TUE),
        Err(Error::AccessDenied(_))
    ));
}

#[test]
fn a_class_of_next_year_may_take_the_slots_of_last_years_timetable() {
    let s = setup();
    let d = &s.f.diary;
    // 5A's timetable has no end; its year ends in May 2025.
    let next = d
        .create_year(
            &s.f.admin,
            s.f.school,
            &NewYear {
                label: "2025/26".into(),
                start: date!(2025 - 09 - 01),
                end: date!(2026 - 05 - 31),
            },
        )
        .unwrap()
        .id;
    let class = d
        .create_class(
            &s.f.admin,
            next,
            &NewClass {
                grade: 6,
                letter: "A".into(),
                class_teacher: None,
            },
        )
        .unwrap()
        .id;
    // The same teacher and room at 5A's first Monday lesson, a year later.
    let t = d
        .set_timetable(
            &s.f.admin,
            &NewTimetable {
                class,
                shift: 1,
                valid_from: date!(2025 - 09 - 01),
                lessons: vec![lesson(Weekday::Monday, 1, s.f.maths, s.f.teacher, "101")],
            },
        )
        .unwrap();
    assert_eq!(t.lessons.len(), 1);
    // In 5A's own year the slot is still taken.
    let e = d
        .set_timetable(
            &s.f.admin,
            &NewTimetable {
                class: s.f.class_5b,
                shift: 1,
                valid_from: MON,
                lessons: vec![lesson(Weekday::Monday, 1, s.f.maths, s.f.teacher, "201")],
            },
        )
        .unwrap_err();
    assert!(matches!(e, Error::Conflict(_)), "{e}");
}

/// A whole class's register (22 students: stored in statements of 16, 4
/// and 1 rows) keeps every row as entered, and taking it again corrects
/// each row in place; a notice still excuses its student.
#[test]
fn a_whole_class_register_is_stored_and_corrected_row_by_row() {
    let s = setup();
    let d = &s.f.diary;
    let teacher = Actor::vouched(s.f.teacher);
    let mut students = vec![s.f.student, s.classmate];
    for n in 0..20 {
        let p = d
            .register_person(
                &s.f.admin,
                s.f.school,
                &person(&format!("Pupil{n}"), "P", date!(2013 - 05 - 05), None),
            )
            .unwrap()
            .id;
        d.enrol(&s.f.admin, p, s.f.class_5a, date!(2024 - 09 - 01))
            .unwrap();
        students.push(p);
    }
    s.clock.set(datetime!(2024-09-02 12:00 UTC));
    let status = |n: usize, round: usize| match (n + round) % 3 {
        0 => AttendanceStatus::Present,
        1 => AttendanceStatus::Absent,
        _ => AttendanceStatus::Late,
    };
    let register = |round: usize| -> Vec<AttendanceEntry> {
        students
            .iter()
            .enumerate()
            .map(|(n, &student)| {
                let st = status(n, round);
                AttendanceEntry {
                    student,
                    status: st,
                    late_minutes: (st == AttendanceStatus::Late).then_some(5 + n as u16),
                    reason: None,
                    excused: false,
                }
            })
            .collect()
    };
    let lesson = key(s.f.class_5a, MON, 1);
    for round in 0..2 {
        let stored = d
            .record_attendance(&teacher, &lesson, &register(round))
            .unwrap();
        assert_eq!(stored.len(), students.len());
        let now = d.lesson_register(&teacher, &lesson).unwrap();
        assert_eq!(now.len(), students.len(), "one row per student");
        for (n, &student) in students.iter().enumerate() {
            let row = now.iter().find(|a| a.student == student).unwrap();
            assert_eq!(row.status, status(n, round), "student {n}, round {round}");
            let late = (row.status == AttendanceStatus::Late).then_some(5 + n as u16);
            assert_eq!(row.late_minutes, late, "student {n}, round {round}");
        }
    }
    // Each row's write is logged (in statements of several entries), and
    // the chain still verifies.
    let written = d
        .access_log_of_school(&s.f.admin, s.f.school)
        .unwrap()
        .into_iter()
        .filter(|e| e.data_kind == "attendance" && e.action == "write")
        .count();
    assert_eq!(written, 2 * students.len());
    let v = d.verify_access_log(&Actor::operator()).unwrap();
    assert_eq!(v.first_broken, None);
}
