//! The main demo: builds a realistic school in an embedded SQLite file and
//! prints a readable summary.
//!
//! Run: `cargo run -p diary-core --example demo [-- path/to/file.diary]`
//! (default `school.diary`; an existing file is replaced).

#[path = "demo_communication.rs"]
mod communication;
#[path = "demo_services.rs"]
mod services;

use diary_core::grading::Ratio;
use diary_core::*;
use time::macros::date;
use time::Date;

const SURNAMES: [&str; 20] = [
    "Ivanov",
    "Smirnov",
    "Kuznetsov",
    "Popov",
    "Vasiliev",
    "Petrov",
    "Sokolov",
    "Mikhailov",
    "Novikov",
    "Fedorov",
    "Morozov",
    "Volkov",
    "Alekseev",
    "Lebedev",
    "Semenov",
    "Egorov",
    "Pavlov",
    "Kozlov",
    "Stepanov",
    "Nikolaev",
];
const BOYS: [&str; 8] = [
    "Ivan", "Artem", "Maksim", "Dmitry", "Lev", "Mark", "Timofey", "Matvey",
];
const GIRLS: [&str; 8] = [
    "Sofia", "Maria", "Anna", "Alisa", "Eva", "Polina", "Varvara", "Viktoria",
];
const SUBJECTS: [&str; 8] = [
    "Russian language",
    "Literature",
    "Mathematics",
    "English",
    "History",
    "Biology",
    "Physical education",
    "Art",
];

/// Deterministic pseudo-random numbers (SplitMix64), so every run builds the
/// same school.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[(self.next() % from.len() as u64) as usize]
    }
}

struct Builder {
    diary: Diary,
    rng: Rng,
    next_snils: u32,
}

impl Builder {
    /// Registers someone with a random surname (or the family's `surname`).
    fn person(
        &mut self,
        actor: &Actor,
        school: SchoolId,
        female: bool,
        birth: Date,
    ) -> Result<Person> {
        let surname = self.rng.pick(&SURNAMES);
        self.family_member(actor, school, surname, female, birth)
    }

    fn family_member(
        &mut self,
        actor: &Actor,
        school: SchoolId,
        surname: &str,
        female: bool,
        birth: Date,
    ) -> Result<Person> {
        let surname = if female {
            format!("{surname}a")
        } else {
            surname.to_owned()
        };
        let first = if female {
            self.rng.pick(&GIRLS)
        } else {
            self.rng.pick(&BOYS)
        };
        self.next_snils += 7_919;
        let snils = Snils::from_number(self.next_snils)?;
        self.diary.register_person(
            actor,
            school,
            &NewPerson {
                surname,
                first_name: first.into(),
                patronymic: None,
                birth_date: birth,
                snils: Some(snils.digits().into()),
            },
        )
    }
}

fn main() -> Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "school.diary".into());
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{path}{suffix}"));
    }
    let mut b = Builder {
        diary: Diary::open(&path)?,
        rng: Rng(2024),
        next_snils: 100_200_300,
    };
    let op = Actor::operator();

    let school = b.diary.create_school(
        &op,
        &NewSchool::new("School No. 1535", "Moscow", "Europe/Moscow"),
    )?;
    let admin = b.person(&op, school.id, true, date!(1978 - 04 - 12))?;
    b.diary
        .appoint_staff(&op, school.id, admin.id, StaffRole::Admin)?;
    let admin_actor = Actor::vouched(admin.id);
    let a = &admin_actor;

    let year = b.diary.create_year(
        a,
        school.id,
        &NewYear {
            label: "2024/25".into(),
            start: date!(2024 - 09 - 01),
            end: date!(2025 - 05 - 31),
        },
    )?;
    let quarters = [
        ("Quarter 1", date!(2024 - 09 - 02), date!(2024 - 10 - 25)),
        ("Quarter 2", date!(2024 - 11 - 05), date!(2024 - 12 - 27)),
        ("Quarter 3", date!(2025 - 01 - 09), date!(2025 - 03 - 21)),
        ("Quarter 4", date!(2025 - 03 - 31), date!(2025 - 05 - 30)),
    ];
    for (name, start, end) in quarters {
        b.diary.add_period(
            a,
            year.id,
            &NewPeriod {
                kind: PeriodKind::Quarter,
                name: name.into(),
                start,
                end,
            },
        )?;
    }
    let holidays = [
        (
            "Autumn holidays",
            date!(2024 - 10 - 26),
            date!(2024 - 11 - 04),
        ),
        (
            "Winter holidays",
            date!(2024 - 12 - 28),
            date!(2025 - 01 - 08),
        ),
        (
            "Spring holidays",
            date!(2025 - 03 - 22),
            date!(2025 - 03 - 30),
        ),
    ];
    for (name, first_day, last_day) in holidays {
        b.diary.add_holiday(
            a,
            school.id,
            &NewHoliday {
                name: name.into(),
                first_day,
                last_day,
            },
        )?;
    }

    let subjects: Vec<Subject> = SUBJECTS
        .iter()
        .map(|s| b.diary.create_subject(a, school.id, s))
        .collect::<Result<_>>()?;
    let mut teachers = Vec::new();
    for i in 0..subjects.len() {
        let t = b.person(
            a,
            school.id,
            i % 3 != 0,
            date!(1970 - 01 - 01)
                .replace_day(1 + i as u8)
                .unwrap_or(date!(1970 - 01 - 01)),
        )?;
        b.diary
            .appoint_staff(a, school.id, t.id, StaffRole::Teacher)?;
        teachers.push(t);
    }

    let mut classes = Vec::new();
    for (i, (grade, letter)) in [(5, "A"), (5, "B"), (7, "A"), (9, "A")]
        .into_iter()
        .enumerate()
    {
        let class = b.diary.create_class(
            a,
            year.id,
            &NewClass {
                grade,
                letter: letter.into(),
                class_teacher: Some(teachers[i].id),
            },
        )?;
        for (s, t) in subjects.iter().zip(&teachers) {
            b.diary.assign_teacher(
                a,
                &NewAssignment {
                    teacher: t.id,
                    class: class.id,
                    group: None,
                    subject: s.id,
                },
            )?;
        }
        let birth_year = 2024 - 11 - i32::from(grade - 5);
        for k in 0..12u8 {
            let female = k % 2 == 0;
            let birth = Date::from_calendar_date(birth_year, time::Month::March, 1 + k * 2)
                .unwrap_or(date!(2013 - 03 - 01));
            let student = b.person(a, school.id, female, birth)?;
            b.diary.enrol(a, student.id, class.id, year.start)?;
            let family = student.surname.trim_end_matches('a').to_owned();
            let mother = b.family_member(a, school.id, &family, true, date!(1986 - 05 - 20))?;
            b.diary.add_guardian(
                a,
                &Guardianship {
                    student: student.id,
                    guardian: mother.id,
                    relation: Relation::Mother,
                    legal_representative: true,
                },
            )?;
        }
        classes.push(class);
    }
    // Kinds of work with their default weights, and marks for the first
    // two quarters entered by each subject's teacher as one batch.
    let kinds: Vec<WorkKind> = [
        ("Lesson answer", 1, 1, 2),
        ("Homework", 1, 1, 2),
        ("Test", 3, 2, 4),
        ("Exam", 5, 5, 5),
    ]
    .iter()
    .map(|(name, w, lo, hi)| {
        b.diary.create_work_kind(
            a,
            school.id,
            &NewWorkKind {
                name: (*name).into(),
                default_weight: Ratio::int(*w),
                min_weight: Ratio::int(*lo),
                max_weight: Ratio::int(*hi),
            },
        )
    })
    .collect::<Result<_>>()?;
    let periods = b.diary.periods(a, year.id)?;
    for (s_idx, subject) in subjects.iter().enumerate() {
        let teacher = Actor::vouched(teachers[s_idx].id);
        let mut batch = Vec::new();
        for class in &classes {
            for student in b.diary.class_roster(a, class.id, year.start)? {
                let talent = b.rng.next() % 3;
                for period in &periods[..2] {
                    for k in 0..8u64 {
                        let day = period.start
                            + time::Duration::days(((k * 7 + b.rng.next() % 5) % 50) as i64);
                        let roll = (b.rng.next() % 10) + talent;
                        let value = match roll {
                            0..=1 => "3",
                            2..=6 => "4",
                            _ => "5",
                        };
                        let kind = &kinds[if k == 7 { 2 } else { (k % 2) as usize }];
                        batch.push(NewMark::grade(student.id, subject.id, day, value, kind.id));
                    }
                }
            }
        }
        b.diary.record_marks(&teacher, &batch)?;
    }
    b.diary.close_period(a, periods[0].id)?;

    // A mid-year transfer keeps the earlier enrolment.
    let mover = b
        .diary
        .class_roster(a, classes[0].id, date!(2024 - 09 - 02))?[0]
        .clone();
    b.diary
        .transfer_student(a, mover.id, classes[1].id, date!(2025 - 01 - 13))?;

    print_summary(&b.diary, a, school.id, &path)?;
    school_day(
        &b.diary,
        a,
        school.id,
        &classes[0],
        &subjects,
        &teachers,
        &path,
    )?;
    report_card(&b.diary, a, &classes[0], &subjects, &periods, &path)?;
    communication::run(&path, a, &classes[0])?;
    services::run(&path, a, &classes[0])
}

/// The school day of class 5A: bells, a timetable, a substitution, a topic
/// with homework, a register with an absence, the parent's view of the day
/// and a calendar feed written next to the diary file.
fn school_day(
    d: &Diary,
    admin: &Actor,
    school: SchoolId,
    class: &Class,
    subjects: &[Subject],
    teachers: &[Person],
    path: &str,
) -> Result<()> {
    use time::macros::time;
    use time::Weekday::*;
    let bells = [
        (1, time!(8:30), time!(9:15)),
        (2, time!(9:25), time!(10:10)),
        (3, time!(10:30), time!(11:15)),
        (4, time!(11:35), time!(12:20)),
    ]
    .into_iter()
    .map(|(number, start, end)| Bell { number, start, end })
    .collect();
    d.add_bell_schedule(
        admin,
        &NewBellSchedule {
            school,
            name: "Regular".into(),
            shift: 1,
            weekdays: vec![Monday, Tuesday, Wednesday, Thursday, Friday],
            valid_from: date!(2024 - 09 - 01),
            valid_until: None,
            bells,
        },
    )?;
    let mut lessons = Vec::new();
    for (w, weekday) in [Monday, Tuesday, Wednesday, Thursday, Friday]
        .into_iter()
        .enumerate()
    {
        for number in 1..=4u8 {
            let s = (w * 4 + usize::from(number)) % subjects.len();
            lessons.push(TimetableLesson {
                weekday,
                number,
                group: None,
                subject: subjects[s].id,
                teacher: teachers[s].id,
                room: Some(format!("{}", 200 + s)),
            });
        }
    }
    d.set_timetable(
        admin,
        &NewTimetable {
            class: class.id,
            shift: 1,
            valid_from: date!(2024 - 09 - 02),
            lessons,
        },
    )?;
    let day = date!(2024 - 09 - 10);
    let today = d.class_day(admin, class.id, day)?;
    let first = today[0].key;
    // The first lesson's teacher is ill: the next subject's teacher stands in.
    let substitute = teachers
        .iter()
        .find(|t| t.id != today[0].teacher && !today.iter().any(|l| l.teacher == t.id))
        .map(|t| t.id)
        .unwrap_or(today[0].teacher);
    d.change_lesson(
        admin,
        &NewLessonChange {
            lesson: first,
            kind: ChangeKind::Substitution,
            teacher: Some(substitute),
            room: None,
            subject: None,
            to_date: None,
            to_number: None,
            reason: Some("teacher ill".into()),
            announce: false,
        },
    )?;
    let teacher = Actor::vouched(substitute);
    d.set_lesson_topic(&teacher, &first, Some("Revision"), None)?;
    d.set_homework(
        &teacher,
        &first,
        &NewHomework {
            due: date!(2024 - 09 - 12),
            text: "Exercises 1-5 on page 12".into(),
            students: vec![],
            attachments: vec![],
        },
    )?;
    let roster = d.class_roster(admin, class.id, day)?;
    let entries: Vec<AttendanceEntry> = roster
        .iter()
        .enumerate()
        .map(|(i, s)| AttendanceEntry {
            student: s.id,
            status: if i == 0 {
                AttendanceStatus::Absent
            } else {
                AttendanceStatus::Present
            },
            late_minutes: None,
            reason: (i == 0).then_some(AbsenceReason::Illness),
            excused: false,
        })
        .collect();
    d.record_attendance(&teacher, &first, &entries)?;

    let child = &roster[0];
    let parent = d.guardians(admin, child.id)?[0].guardian;
    let view = d.student_day(&Actor::vouched(parent), child.id, day)?;
    println!(
        "\n{} {}'s Tuesday, {day}, as the family sees it:",
        child.first_name, child.surname
    );
    for l in &view.lessons {
        let was = match &l.lesson.was {
            Some(w) if w.teacher != l.lesson.teacher => " (substitute teacher)",
            _ => "",
        };
        let absent = match &l.attendance {
            Some(a) if a.status == AttendanceStatus::Absent => " — absent",
            _ => "",
        };
        println!(
            "  {}. {}–{} {:<18} room {}{was}{absent}{}",
            l.lesson.key.number,
            l.lesson
                .start
                .map(|t| format!("{:02}:{:02}", t.hour(), t.minute()))
                .unwrap_or_default(),
            l.lesson
                .end
                .map(|t| format!("{:02}:{:02}", t.hour(), t.minute()))
                .unwrap_or_default(),
            l.lesson.subject_name,
            l.lesson.room.as_deref().unwrap_or("-"),
            l.homework
                .first()
                .map(|h| format!(" — homework due {}: {}", h.due, h.text))
                .unwrap_or_default(),
        );
    }
    let ics = d.student_calendar(
        &Actor::vouched(parent),
        child.id,
        date!(2024 - 09 - 09),
        date!(2024 - 09 - 15),
    )?;
    let ics_path = format!("{path}.week.ics");
    std::fs::write(&ics_path, &ics).map_err(|e| Error::Storage(e.to_string()))?;
    println!(
        "  the week as a calendar: {ics_path} ({} events)",
        ics.matches("BEGIN:VEVENT").count()
    );
    Ok(())
}

/// What a parent sees: the child's averages and period marks, the class's
/// statistics and the progress chart.
fn report_card(
    d: &Diary,
    admin: &Actor,
    class: &Class,
    subjects: &[Subject],
    periods: &[Period],
    path: &str,
) -> Result<()> {
    let student = d.class_roster(admin, class.id, periods[0].start)?.remove(0);
    let guardian = d.guardians(&Actor::vouched(student.id), student.id)?[0].guardian;
    let parent = Actor::vouched(guardian);
    println!(
        "\nReport card of {} (class {}), as their parent sees it",
        student.full_name(),
        class.name()
    );
    println!(
        "  {:<20} {:>8} {:>6}   {:>8} {:>6}   rank",
        "subject", periods[0].name, "mark", periods[1].name, "mark"
    );
    for subject in subjects {
        let mut line = format!("  {:<20}", subject.name);
        for p in &periods[..2] {
            let avg = d.average(&parent, student.id, subject.id, p.id)?;
            let mark = d.period_mark(&parent, student.id, subject.id, p.id)?;
            line.push_str(&format!(
                " {:>8} {:>6}  ",
                avg.display.unwrap_or_default(),
                mark.mark.unwrap_or_else(|| "—".into())
            ));
        }
        if let Some(r) = d.class_rank(&parent, student.id, subject.id, periods[1].id)? {
            line.push_str(&format!(" {}/{}", r.position, r.of));
        }
        println!("{line}");
    }
    let maths = subjects
        .iter()
        .find(|s| s.name == "Mathematics")
        .unwrap_or(&subjects[0]);
    // Families see class figures only for groups of at least the minimum
    // size (10 by default), so that no other child can be singled out.
    let stats = d.class_statistics(&parent, class.id, maths.id, periods[1].id)?;
    if stats.mean.is_none() && stats.students > 0 {
        println!(
            "  class {} in {}, {}: figures withheld ({} students, fewer than {})",
            class.name(),
            maths.name,
            periods[1].name,
            stats.students,
            d.min_group_size()?
        );
    } else {
        println!(
            "  class {} in {}, {}: {} marks, class mean {}, distribution {:?}",
            class.name(),
            maths.name,
            periods[1].name,
            stats.marks,
            stats.mean.map(|m| m.to_decimal(2)).unwrap_or_default(),
            stats.distribution
        );
    }
    let explained = d.average(&parent, student.id, maths.id, periods[1].id)?;
    println!(
        "  how the {} average {} came about: {}",
        maths.name,
        explained.display.unwrap_or_default(),
        explained.formula
    );
    let svg = d.progress_chart_svg(&parent, student.id, maths.id, periods[1].id, 640, 320)?;
    let chart = format!("{path}.progress.svg");
    std::fs::write(&chart, svg).map_err(|e| Error::Storage(e.to_string()))?;
    println!("  progress chart written to {chart}");
    Ok(())
}

fn print_summary(d: &Diary, a: &Actor, school: SchoolId, path: &str) -> Result<()> {
    let o = d.school_overview(a, school)?;
    println!(
        "diary demo — {} ({}, {})",
        o.school.name, o.school.region, o.school.time_zone
    );
    println!(
        "stored in {path} (schema version {})\n",
        d.schema_version()?
    );
    for y in &o.years {
        println!(
            "Academic year {}: {} to {}",
            y.year.label, y.year.start, y.year.end
        );
        for p in &y.periods {
            println!("  {:<10} {} to {}", p.name, p.start, p.end);
        }
        println!();
        for c in &y.classes {
            let roster = d.class_roster(a, c.class.id, date!(2025 - 02 - 03))?;
            let teacher = match c.class.class_teacher {
                Some(t) => d.person(a, t)?.full_name(),
                None => "—".into(),
            };
            println!(
                "  Class {:<3} class teacher {:<22} {} students on 2025-02-03",
                c.name,
                teacher,
                roster.len()
            );
            for s in roster.iter().take(3) {
                let guardians = d.guardians(a, s.id)?;
                println!(
                    "      {:<24} SNILS {}  guardians: {}",
                    s.full_name(),
                    s.snils.as_ref().map(Snils::masked).unwrap_or_default(),
                    guardians.len()
                );
            }
        }
        println!("\n  {} teaching assignments", y.assignments.len());
    }
    println!(
        "  {} subjects: {}",
        o.subjects.len(),
        o.subjects
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "  holidays: {}",
        o.holidays
            .iter()
            .map(|h| format!("{} ({}–{})", h.name, h.first_day, h.last_day))
            .collect::<Vec<_>>()
            .join("; ")
    );
    println!("  staff: {}", d.staff(a, school)?.len());
    Ok(())
}
