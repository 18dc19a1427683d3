//! A school with a full timetable, built through the public API: every
//! lesson of the year has a register, homework and marks (about 1.8 marks
//! per student and lesson), and every student a parent. The everyday
//! screens and the region benchmarks build it; deterministic for a seed.

use diary_core::grading::Ratio;
use diary_core::*;
use std::time::{Duration, Instant};
use time::{Date, Month, Weekday};

use super::SplitMix64;

pub const PER_CLASS: u32 = 25;
pub const SUBJECTS: u32 = 15;
/// Teachers per subject: each teaches every fourth class (≈ 10 classes,
/// 20 lessons a week, as a full-time teacher does).
pub const TEACHERS_PER_SUBJECT: u32 = 4;
pub const LESSONS_PER_DAY: u8 = 6;
pub const WEEKDAYS: [Weekday; 5] = [
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
];
/// Quarters as (month, day) pairs of a year starting in September.
pub const QUARTERS: [((u8, u8), (u8, u8)); 4] = [
    ((9, 2), (10, 25)),
    ((11, 5), (12, 27)),
    ((1, 9), (3, 21)),
    ((3, 31), (5, 30)),
];

pub fn ymd(y: i32, m: u8, d: u8) -> Date {
    Date::from_calendar_date(y, Month::try_from(m).expect("month"), d).expect("date")
}

/// One school year as built: its classes, quarters and lessons.
pub struct Year {
    pub id: YearId,
    pub start: Date,
    pub end: Date,
    pub quarters: Vec<Period>,
    pub classes: Vec<ClassId>,
}

pub struct School {
    pub id: SchoolId,
    pub admin: Actor,
    pub teachers: Vec<PersonId>,
    pub subjects: Vec<SubjectId>,
    pub students: Vec<PersonId>,
    pub parents: Vec<PersonId>,
    pub years: Vec<Year>,
    pub marks: usize,
    /// The one kind of work every mark is.
    pub kind: WorkKindId,
    /// Time spent in `record_marks`: the marks' import alone.
    pub marks_time: Duration,
}

pub fn subject_at(class: u32, weekday: usize, number: u8) -> u32 {
    (weekday as u32 * u32::from(LESSONS_PER_DAY) + u32::from(number) + class) % SUBJECTS
}

pub fn teacher_of(class: u32, subject: u32) -> usize {
    (subject * TEACHERS_PER_SUBJECT + class % TEACHERS_PER_SUBJECT) as usize
}

/// What to build.
pub struct Spec<'a> {
    pub name: &'a str,
    /// The SNILS numbers of the school's people follow this one; schools
    /// sharing a store need ranges of their own.
    pub first_snils: u32,
    pub students: u32,
    pub years: u32,
    /// The seed of the marks and absences.
    pub seed: u64,
}

/// Builds the school with `years` school years from 2022/23 (or 2024/25
/// for one year), so that the last year is the same calendar either way.
pub fn build(d: &Diary, clock: &ManualClock, spec: &Spec<'_>) -> Result<School> {
    let (students, years) = (spec.students, spec.years);
    let op = Actor::operator();
    let school = d
        .create_school(&op, &NewSchool::new(spec.name, "Moscow", "Europe/Moscow"))?
        .id;
    let mut snils = spec.first_snils;
    let mut person = |actor: &Actor, surname: String, birth: Date| -> Result<PersonId> {
        snils += 1;
        Ok(d.register_person(
            actor,
            school,
            &NewPerson {
                surname,
                first_name: "Test".into(),
                patronymic: None,
                birth_date: birth,
                snils: Some(Snils::from_number(snils)?.digits().into()),
            },
        )?
        .id)
    };
    let admin_id = person(&op, "Admin".into(), ymd(1980, 1, 1))?;
    d.appoint_staff(&op, school, admin_id, StaffRole::Admin)?;
    let admin = Actor::vouched(admin_id);
    let subjects: Vec<SubjectId> = (1..=SUBJECTS)
        .map(|i| {
            d.create_subject(&admin, school, &format!("Subject {i}"))
                .map(|s| s.id)
        })
        .collect::<Result<_>>()?;
    let kind = d
        .create_work_kind(
            &admin,
            school,
            &NewWorkKind {
                name: "classwork".into(),
                default_weight: Ratio::int(1),
                min_weight: Ratio::int(1),
                max_weight: Ratio::int(5),
            },
        )?
        .id;
    let mut teachers = Vec::new();
    for t in 0..SUBJECTS * TEACHERS_PER_SUBJECT {
        let id = person(&admin, format!("Teacher{t}"), ymd(1985, 1, 1))?;
        d.appoint_staff(&admin, school, id, StaffRole::Teacher)?;
        teachers.push(id);
    }
    let mut pupils = Vec::new();
    let mut parents = Vec::new();
    for i in 0..students {
        let s = person(&admin, format!("Student{i}"), ymd(2012, 1, 1))?;
        let p = person(&admin, format!("Parent{i}"), ymd(1982, 1, 1))?;
        d.add_guardian(
            &admin,
            &Guardianship {
                student: s,
                guardian: p,
                relation: Relation::Mother,
                legal_representative: true,
            },
        )?;
        pupils.push(s);
        parents.push(p);
    }
    d.add_bell_schedule(
        &admin,
        &NewBellSchedule {
            school,
            name: "Regular".into(),
            shift: 1,
            weekdays: WEEKDAYS.to_vec(),
            valid_from: ymd(2000, 1, 1),
            valid_until: None,
            bells: (1..=LESSONS_PER_DAY)
                .map(|n| {
                    let start = 8 * 60 + 30 + (u16::from(n) - 1) * 55;
                    Bell {
                        number: n,
                        start: time::Time::from_hms((start / 60) as u8, (start % 60) as u8, 0)
                            .expect("bell"),
                        end: time::Time::from_hms(
                            ((start + 45) / 60) as u8,
                            ((start + 45) % 60) as u8,
                            0,
                        )
                        .expect("bell"),
                    }
                })
                .collect(),
        },
    )?;
    let first = if years == 1 {
        2024
    } else {
        2025 - years as i32
    };
    let mut rng = SplitMix64(spec.seed);
    let mut out = School {
        id: school,
        admin,
        teachers,
        subjects,
        students: pupils,
        parents,
        years: Vec::new(),
        marks: 0,
        kind,
        marks_time: Duration::ZERO,
    };
    for y in first..2025 {
        let year = build_year(d, clock, &mut out, y, kind, &mut rng)?;
        out.years.push(year);
    }
    Ok(out)
}

fn build_year(
    d: &Diary,
    clock: &ManualClock,
    s: &mut School,
    y: i32,
    kind: WorkKindId,
    rng: &mut SplitMix64,
) -> Result<Year> {
    // Registers are taken after the lesson: the clock stands at the end of
    // the year being built.
    clock.set(
        ymd(y + 1, 6, 15)
            .with_hms(12, 0, 0)
            .expect("time")
            .assume_utc(),
    );
    let admin = s.admin;
    let (start, end) = (ymd(y, 9, 1), ymd(y + 1, 5, 31));
    let school = s.id;
    let id = d
        .create_year(
            &admin,
            school,
            &NewYear {
                label: format!("{y}/{}", (y + 1) % 100),
                start,
                end,
            },
        )?
        .id;
    let mut quarters = Vec::new();
    for (i, ((sm, sd), (em, ed))) in QUARTERS.iter().enumerate() {
        let (sy, ey) = (
            if *sm >= 9 { y } else { y + 1 },
            if *em >= 9 { y } else { y + 1 },
        );
        quarters.push(d.add_period(
            &admin,
            id,
            &NewPeriod {
                kind: PeriodKind::Quarter,
                name: format!("Quarter {}", i + 1),
                start: ymd(sy, *sm, *sd),
                end: ymd(ey, *em, *ed),
            },
        )?);
    }
    let n_classes = (s.students.len() as u32).div_ceil(PER_CLASS);
    let mut classes = Vec::new();
    let mut marks = Vec::new();
    for c in 0..n_classes {
        let class = d
            .create_class(
                &admin,
                id,
                &NewClass {
                    grade: (5 + c / 8) as u8,
                    letter: ["A", "B", "C", "D", "E", "F", "G", "H"][(c % 8) as usize].into(),
                    class_teacher: Some(s.teachers[teacher_of(c, 0)]),
                },
            )?
            .id;
        classes.push(class);
        let members: Vec<PersonId> = s
            .students
            .iter()
            .skip((c * PER_CLASS) as usize)
            .take(PER_CLASS as usize)
            .copied()
            .collect();
        for m in &members {
            d.enrol(&admin, *m, class, start)?;
        }
        for subject in 0..SUBJECTS {
            d.assign_teacher(
                &admin,
                &NewAssignment {
                    teacher: s.teachers[teacher_of(c, subject)],
                    class,
                    group: None,
                    subject: s.subjects[subject as usize],
                },
            )?;
        }
        let mut lessons = Vec::new();
        for (w, weekday) in WEEKDAYS.iter().enumerate() {
            for number in 1..=LESSONS_PER_DAY {
                let subject = subject_at(c, w, number - 1);
                lessons.push(TimetableLesson {
                    weekday: *weekday,
                    number,
                    group: None,
                    subject: s.subjects[subject as usize],
                    teacher: s.teachers[teacher_of(c, subject)],
                    room: Some(format!("{}", 100 + c)),
                });
            }
        }
        d.set_timetable(
            &admin,
            &NewTimetable {
                class,
                shift: 1,
                valid_from: start,
                lessons,
            },
        )?;
        // Every lesson of every quarter: a register, homework, marks.
        for q in &quarters {
            let mut day = q.start;
            while day <= q.end {
                let w = day.weekday().number_days_from_monday() as usize;
                if w < 5 {
                    for number in 1..=LESSONS_PER_DAY {
                        let subject = s.subjects[subject_at(c, w, number - 1) as usize];
                        let key = LessonKey {
                            class,
                            date: day,
                            number,
                            group: None,
                        };
                        let entries: Vec<AttendanceEntry> = members
                            .iter()
                            .map(|m| {
                                let absent = rng.below(100) < 6;
                                AttendanceEntry {
                                    student: *m,
                                    status: if absent {
                                        AttendanceStatus::Absent
                                    } else {
                                        AttendanceStatus::Present
                                    },
                                    late_minutes: None,
                                    reason: absent.then_some(AbsenceReason::Illness),
                                    excused: absent,
                                }
                            })
                            .collect();
                        d.record_attendance(&admin, &key, &entries)?;
                        d.set_homework(
                            &admin,
                            &key,
                            &NewHomework {
                                due: day.next_day().expect("day"),
                                text: format!("Exercises {} to {}", number, number + 5),
                                students: Vec::new(),
                                attachments: Vec::new(),
                            },
                        )?;
                        for m in &members {
                            for _ in 0..1 + usize::from(rng.below(10) < 8) {
                                let v = ["2", "3", "4", "5"][rng.below(4)];
                                marks.push(NewMark::grade(*m, subject, day, v, kind));
                            }
                        }
                    }
                }
                day = day.next_day().expect("day");
            }
        }
    }
    s.marks += marks.len();
    let t = Instant::now();
    d.record_marks(&admin, &marks)?;
    s.marks_time += t.elapsed();
    Ok(Year {
        id,
        start,
        end,
        quarters,
        classes,
    })
}
