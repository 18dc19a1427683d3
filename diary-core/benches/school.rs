//! The school-sized benchmark on the data set of `../shared/baseline/`:
//! one school, 1,000 students in 40 classes, 15 subjects, 4 quarters and
//! 1,800,315 marks generated deterministically (SplitMix64), the same data
//! as the raw rusqlite baseline, through diary's public API.
//!
//! Run `bash bench/run.sh` to build and run it together with the baseline and
//! print the ratios. Alone: `cargo bench -p diary-core --bench school -- [--quick] [--reps N]`.

#[path = "support/mod.rs"]
mod support;

use diary_core::grading::Ratio;
use diary_core::*;
use std::hint::black_box;
use std::time::{Duration, Instant};
use support::{memory, pct, reset_peak, SplitMix64};
use time::Date;

const N_STUDENTS: u32 = 1000;
const N_CLASSES: u32 = 40;
const PER_CLASS: u32 = N_STUDENTS / N_CLASSES;
const N_SUBJECTS: u32 = 15;
const TEACHERS_PER_SUBJECT: u32 = 3;
const SEED_DATA: u64 = 0x5EED_D1A7_2024_0001;
const SEED_LOOKUP: u64 = 0x5EED_D1A7_2024_0002;
type Ymd = (i32, u8, u8);
const QUARTERS: [(Ymd, Ymd); 4] = [
    ((2024, 9, 2), (2024, 10, 25)),
    ((2024, 11, 5), (2024, 12, 27)),
    ((2025, 1, 9), (2025, 3, 21)),
    ((2025, 3, 31), (2025, 5, 30)),
];
/// Cumulative percentages of the values 1..=5 per ability tier.
const VALUE_CUM: [[u64; 5]; 4] = [
    [3, 28, 73, 93, 100],
    [1, 11, 46, 86, 100],
    [0, 4, 24, 69, 100],
    [0, 1, 8, 40, 100],
];
/// Kinds of work: (name, weight, cumulative %).
const WORK: [(&str, i64, u64); 6] = [
    ("oral", 1, 25),
    ("homework", 1, 50),
    ("classwork", 2, 70),
    ("quiz", 3, 85),
    ("test", 4, 95),
    ("exam", 5, 100),
];

fn day(d: Ymd) -> Date {
    Date::from_calendar_date(d.0, time::Month::try_from(d.1).expect("month"), d.2).expect("date")
}

#[derive(Clone, Copy)]
struct Gen {
    created_at: i64,
    day: Date,
    student: u32,
    subject: u32,
    value: u8,
    work: usize,
    teacher: u32,
}

fn class_of(student: u32) -> u32 {
    (student - 1) / PER_CLASS + 1
}

fn teacher_of(student: u32, subject: u32) -> u32 {
    (subject - 1) * TEACHERS_PER_SUBJECT + (class_of(student) - 1) % TEACHERS_PER_SUBJECT + 1
}

/// The baseline's data set, in the teachers' (chronological) entry order.
fn generate() -> Vec<Gen> {
    let lesson_days: Vec<Vec<Date>> = QUARTERS
        .iter()
        .map(|(s, e)| {
            let mut v = Vec::new();
            let mut d = day(*s);
            while d <= day(*e) {
                if d.weekday().number_days_from_monday() < 5 {
                    v.push(d);
                }
                d = d.next_day().expect("day");
            }
            v
        })
        .collect();
    let mut rng = SplitMix64(SEED_DATA);
    let ability: Vec<usize> = (0..N_STUDENTS).map(|_| (rng.next() % 4) as usize).collect();
    let mut out = Vec::with_capacity(1_850_000);
    for student in 1..=N_STUDENTS {
        let cum = &VALUE_CUM[ability[(student - 1) as usize]];
        for subject in 1..=N_SUBJECTS {
            let teacher = teacher_of(student, subject);
            for days in &lesson_days {
                let n = 27 + rng.next() % 7;
                for _ in 0..n {
                    let x = rng.next();
                    let d = days[((x & 0xFFFF) % days.len() as u64) as usize];
                    let rv = ((x >> 16) & 0xFFFF) % 100;
                    let rw = ((x >> 32) & 0xFFFF) % 100;
                    let value = cum.iter().position(|&c| rv < c).expect("tier") as u8 + 1;
                    let work = WORK.iter().position(|w| rw < w.2).expect("kind");
                    let unix_day = (d - Date::from_calendar_date(1970, time::Month::January, 1)
                        .expect("epoch"))
                    .whole_days();
                    let created_at =
                        unix_day * 86_400 + 8 * 3600 + (rng.next() % (3 * 86_400)) as i64;
                    out.push(Gen {
                        created_at,
                        day: d,
                        student,
                        subject,
                        value,
                        work,
                        teacher,
                    });
                }
            }
        }
    }
    out.sort_unstable_by_key(|g| {
        (
            g.created_at,
            g.student,
            g.subject,
            g.day,
            g.value,
            WORK[g.work].1,
            g.work,
        )
    });
    out
}

fn checksum(marks: &[Gen]) -> u64 {
    let epoch = Date::from_calendar_date(1970, time::Month::January, 1).expect("epoch");
    marks.iter().fold(0u64, |h, g| {
        let t = u64::from(g.student)
            .wrapping_mul(1_000_003)
            .wrapping_add(u64::from(g.subject).wrapping_mul(10_007))
            .wrapping_add(((g.day - epoch).whole_days() as u64).wrapping_mul(101))
            .wrapping_add(u64::from(g.value) * 11)
            .wrapping_add(WORK[g.work].1 as u64 * 7)
            .wrapping_add((g.work as u64 + 1) * 3)
            .wrapping_add(u64::from(g.teacher))
            .wrapping_add(g.created_at as u64);
        h.wrapping_mul(31).wrapping_add(t)
    })
}

struct School {
    school: SchoolId,
    admin: Actor,
    year: YearId,
    quarters: Vec<Period>,
    students: Vec<PersonId>,
    teachers: Vec<PersonId>,
    subjects: Vec<SubjectId>,
    kinds: Vec<WorkKindId>,
}

fn build_school(d: &Diary) -> Result<School> {
    let op = Actor::operator();
    let school = d
        .create_school(
            &op,
            &NewSchool::new("Bench School", "Moscow", "Europe/Moscow"),
        )?
        .id;
    let mut next_snils = 100_000_000u32;
    let mut person = |d: &Diary, actor: &Actor, surname: String| -> Result<PersonId> {
        next_snils += 1;
        Ok(d.register_person(
            actor,
            school,
            &NewPerson {
                surname,
                first_name: "Test".into(),
                patronymic: None,
                birth_date: day((1990, 1, 1)),
                snils: Some(Snils::from_number(next_snils)?.digits().into()),
            },
        )?
        .id)
    };
    let admin_id = person(d, &op, "Admin".into())?;
    d.appoint_staff(&op, school, admin_id, StaffRole::Admin)?;
    let admin = Actor::vouched(admin_id);
    let year = d
        .create_year(
            &admin,
            school,
            &NewYear {
                label: "2024/25".into(),
                start: day((2024, 9, 1)),
                end: day((2025, 5, 31)),
            },
        )?
        .id;
    let mut quarters = Vec::new();
    for (i, (s, e)) in QUARTERS.iter().enumerate() {
        quarters.push(d.add_period(
            &admin,
            year,
            &NewPeriod {
                kind: PeriodKind::Quarter,
                name: format!("Quarter {}", i + 1),
                start: day(*s),
                end: day(*e),
            },
        )?);
    }
    let mut kinds = Vec::new();
    for (name, w, _) in WORK {
        kinds.push(
            d.create_work_kind(
                &admin,
                school,
                &NewWorkKind {
                    name: name.into(),
                    default_weight: Ratio::int(w),
                    min_weight: Ratio::int(1),
                    max_weight: Ratio::int(5),
                },
            )?
            .id,
        );
    }
    let subjects: Vec<SubjectId> = (1..=N_SUBJECTS)
        .map(|i| {
            d.create_subject(&admin, school, &format!("Subject {i}"))
                .map(|s| s.id)
        })
        .collect::<Result<_>>()?;
    let mut teachers = Vec::new();
    for t in 1..=N_SUBJECTS * TEACHERS_PER_SUBJECT {
        let id = person(d, &admin, format!("Teacher{t}"))?;
        d.appoint_staff(&admin, school, id, StaffRole::Teacher)?;
        teachers.push(id);
    }
    let mut students = Vec::new();
    for c in 1..=N_CLASSES {
        let class = d
            .create_class(
                &admin,
                year,
                &NewClass {
                    grade: (5 + (c - 1) / 8) as u8,
                    letter: ["A", "B", "C", "D", "E", "F", "G", "H"][((c - 1) % 8) as usize].into(),
                    class_teacher: None,
                },
            )?
            .id;
        for subject in 1..=N_SUBJECTS {
            let first_student = (c - 1) * PER_CLASS + 1;
            let teacher = teachers[(teacher_of(first_student, subject) - 1) as usize];
            d.assign_teacher(
                &admin,
                &NewAssignment {
                    teacher,
                    class,
                    group: None,
                    subject: subjects[(subject - 1) as usize],
                },
            )?;
        }
        for _ in 0..PER_CLASS {
            let id = person(d, &admin, format!("Student{}", students.len() + 1))?;
            d.enrol(&admin, id, class, day((2024, 9, 1)))?;
            students.push(id);
        }
    }
    Ok(School {
        school,
        admin,
        year,
        quarters,
        students,
        teachers,
        subjects,
        kinds,
    })
}

fn new_mark(s: &School, g: &Gen) -> NewMark {
    NewMark::grade(
        s.students[(g.student - 1) as usize],
        s.subjects[(g.subject - 1) as usize],
        g.day,
        ["1", "2", "3", "4", "5"][(g.value - 1) as usize],
        s.kinds[g.work],
    )
}

fn main() -> Result<()> {
    if std::env::args().any(|a| a == "--reader") {
        return reader_process();
    }
    let quick = std::env::args().any(|a| a == "--quick");
    let dir = std::env::temp_dir().join(format!("diary-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| Error::Storage(e.to_string()))?;

    let t = Instant::now();
    let mut gen = generate();
    println!("# diary school benchmark");
    println!(
        "data set: {} marks, checksum {:016x}; generated in {:.0} ms",
        gen.len(),
        checksum(&gen),
        t.elapsed().as_secs_f64() * 1e3
    );
    if quick {
        gen.truncate(200_000);
    }
    // (a) bulk import through the public API: validation, policy, one
    // transaction; each repetition into a fresh file, the median reported.
    let reps: usize = std::env::args()
        .skip_while(|a| a != "--reps")
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(3);
    let mut times = Vec::new();
    let mut peaks = Vec::new();
    let mut kept = None;
    for rep in 0..reps.max(1) {
        let path = dir.join(format!("school-{rep}.diary"));
        let d = Diary::open(&path)?;
        let s = build_school(&d)?;
        let batch: Vec<NewMark> = gen.iter().map(|g| new_mark(&s, g)).collect();
        reset_peak();
        let (before, _) = memory();
        let t = Instant::now();
        let ids = d.record_marks(&s.admin, &batch)?;
        times.push(t.elapsed());
        let (_, peak) = memory();
        assert_eq!(ids.len(), gen.len());
        // Above the caller's input: the returned ids (8 bytes a mark) and
        // SQLite's page cache (64 MiB at most) included.
        let above = peak.saturating_sub(before) as f64;
        peaks.push(above / gen.len() as f64);
        eprintln!(
            "bulk import rep {rep}: {:?}, memory peak {:.0} MiB above the input ({:.0} bytes a mark)",
            times[rep],
            above / 1048576.0,
            above / gen.len() as f64
        );
        kept = Some((d, s));
    }
    let (d, s) = kept.expect("at least one repetition");
    let bulk = pct(&mut times, 0.5);
    println!(
        "RESULT bulk_import_s {:.3} ({:.0} marks/s, {} marks, median of {})",
        bulk.as_secs_f64(),
        gen.len() as f64 / bulk.as_secs_f64(),
        gen.len(),
        times.len()
    );
    println!(
        "RESULT bulk_import_peak_bytes_per_mark {:.0} (largest of {}; resident peak above the caller's marks, the returned ids and SQLite's 64 MiB page cache included)",
        peaks.iter().cloned().fold(0.0, f64::max),
        peaks.len()
    );

    // (c/d) all period averages of the school.
    let mut samples = Vec::new();
    let mut groups = 0;
    let mut sum = Ratio::ZERO;
    for _ in 0..3 {
        let t = Instant::now();
        let all = d.school_period_averages(&s.admin, s.year)?;
        samples.push(t.elapsed());
        groups = all.len();
        sum = all.iter().fold(Ratio::ZERO, |a, x| a + x.average);
    }
    println!(
        "RESULT all_averages_s {:.3} ({} groups, sum of averages {})",
        pct(&mut samples, 0.5).as_secs_f64(),
        groups,
        sum.to_decimal(6)
    );

    // (e) one student's quarter diary, as their parent sees it.
    let mut rng = SplitMix64(SEED_LOOKUP);
    let mut lat = Vec::new();
    let mut rows = 0usize;
    for _ in 0..1000 {
        let st = s.students[(rng.next() % u64::from(N_STUDENTS)) as usize];
        let q = &s.quarters[(rng.next() % 4) as usize];
        let t = Instant::now();
        let marks = d.marks(&Actor::vouched(st), st, q.start, q.end)?;
        lat.push(t.elapsed());
        rows += black_box(marks.len());
    }
    println!(
        "RESULT diary_p50_ms {:.3} p95_ms {:.3} ({} rows per diary on average)",
        pct(&mut lat, 0.5).as_secs_f64() * 1e3,
        pct(&mut lat, 0.95).as_secs_f64() * 1e3,
        rows / 1000
    );

    // (f) the change feed: a parent of three children follows it; the day's
    // activity is the single marks below.
    let parent = d
        .register_person(
            &s.admin,
            s.school,
            &NewPerson {
                surname: "Parent".into(),
                first_name: "Of Three".into(),
                patronymic: None,
                birth_date: day((1985, 1, 1)),
                snils: Some(Snils::from_number(199_999_999)?.digits().into()),
            },
        )?
        .id;
    for k in 0..3 {
        d.add_guardian(
            &s.admin,
            &Guardianship {
                student: s.students[k * 401 % s.students.len()],
                guardian: parent,
                relation: Relation::Mother,
                legal_representative: true,
            },
        )?;
    }
    let parent = Actor::vouched(parent);
    let morning = d.change_feed_head(&parent)?;

    // (b) one mark recorded and committed on its own, by its teacher.
    let mut lat = Vec::new();
    let singles: usize = std::env::args()
        .skip_while(|a| a != "--single-marks")
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(2000);
    for g in gen.iter().take(singles) {
        let teacher = Actor::vouched(s.teachers[(g.teacher - 1) as usize]);
        let m = new_mark(&s, g);
        let t = Instant::now();
        black_box(d.record_mark(&teacher, &m)?);
        lat.push(t.elapsed());
    }
    println!(
        "RESULT single_mark_us {:.1} (median of {}; p95 {:.1} µs)",
        pct(&mut lat, 0.5).as_secs_f64() * 1e6,
        lat.len(),
        pct(&mut lat, 0.95).as_secs_f64() * 1e6
    );

    let mut lat = Vec::new();
    let mut seen = 0;
    for _ in 0..1000 {
        let t = Instant::now();
        let page = d.changes_since(&parent, morning, 500)?;
        lat.push(t.elapsed());
        assert!(!page.more);
        seen = black_box(page.changes.len());
    }
    println!(
        "RESULT parent_changes_p50_ms {:.3} p95_ms {:.3} ({} changes of three children among {} of the day)",
        pct(&mut lat, 0.5).as_secs_f64() * 1e3,
        pct(&mut lat, 0.95).as_secs_f64() * 1e3,
        seen,
        d.change_feed_head(&s.admin)? - morning
    );

    if std::env::args().any(|a| a == "--concurrency") {
        let path = dir.join(format!("school-{}.diary", times.len() - 1));
        drop(d);
        concurrency(&path, &s, &gen)?;
    } else {
        drop(d);
    }
    if std::env::args().any(|a| a == "--keep") {
        // For profiling: `--reader <file> <secs> <seed>` reads the kept file.
        println!("kept {}", dir.display());
    } else {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(())
}

/// One reader's loop: random students' quarter diaries (as their parent,
/// i.e. the student's own view) for `secs`, returning the latencies.
fn read_loop(
    path: &std::path::Path,
    s: &ConcurrencyIds,
    secs: f64,
    seed: u64,
) -> Result<(Vec<Duration>, usize)> {
    let d = Diary::open_with(
        path,
        OpenOptions {
            mode: OpenMode::Existing,
            ..OpenOptions::default()
        },
    )?;
    timed_reads(s, secs, seed, |st, from, to| {
        d.marks(&Actor::vouched(st), st, from, to).map(|m| m.len())
    })
}

/// [`read_loop`] without the library: the same quarters of the same
/// students read with one indexed query on a plain rusqlite connection,
/// every column decoded, nothing logged — the physical limit of this read
/// under the same load (the "raw" rows of the concurrency table).
fn raw_read_loop(
    path: &std::path::Path,
    s: &ConcurrencyIds,
    secs: f64,
    seed: u64,
) -> Result<(Vec<Duration>, usize)> {
    type RawMark = (i64, i64, i64, String, i64, i64, i64, Option<String>);
    let storage = |e: rusqlite::Error| Error::Storage(e.to_string());
    let c = rusqlite::Connection::open(path).map_err(storage)?;
    c.busy_timeout(Duration::from_secs(5)).map_err(storage)?;
    timed_reads(s, secs, seed, |st, from, to| {
        let mut q = c
            .prepare_cached(
                "SELECT id, subject_id, lesson_day, label, value_centi, weight_centi, teacher_id, comment
                 FROM mark WHERE student_id = ?1 AND lesson_day BETWEEN ?2 AND ?3 AND deleted = 0",
            )
            .map_err(storage)?;
        let rows = q
            .query_map((st.0, from.to_julian_day(), to.to_julian_day()), |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            })
            .map_err(storage)?
            .collect::<rusqlite::Result<Vec<RawMark>>>()
            .map_err(storage)?;
        Ok(rows.len())
    })
}

/// Reads random (student, quarter) pairs with `read` for `secs`: the
/// latency of each successful read, and how many failed.
fn timed_reads(
    s: &ConcurrencyIds,
    secs: f64,
    seed: u64,
    mut read: impl FnMut(PersonId, Date, Date) -> Result<usize>,
) -> Result<(Vec<Duration>, usize)> {
    let mut rng = SplitMix64(seed);
    let mut lat = Vec::new();
    let mut failed = 0;
    let end = Instant::now() + Duration::from_secs_f64(secs);
    while Instant::now() < end {
        let st = s.students[(rng.next() % s.students.len() as u64) as usize];
        let (from, to) = s.quarters[(rng.next() % s.quarters.len() as u64) as usize];
        let t = Instant::now();
        match read(st, from, to) {
            Ok(n) => {
                black_box(n);
                lat.push(t.elapsed());
            }
            Err(_) => failed += 1,
        }
    }
    Ok((lat, failed))
}

/// The ids a reader process needs, passed on its command line.
struct ConcurrencyIds {
    students: Vec<PersonId>,
    quarters: Vec<(Date, Date)>,
}

/// Readers in threads and in processes, each with its own handle, beside
/// one writer recording single marks: reads per second, read and write
/// latencies, failures (there must be none).
fn concurrency(path: &std::path::Path, s: &School, gen: &[Gen]) -> Result<()> {
    const SECS: f64 = 3.0;
    let ids = ConcurrencyIds {
        students: s.students.clone(),
        quarters: s.quarters.iter().map(|q| (q.start, q.end)).collect(),
    };
    let ids = std::sync::Arc::new(ids);
    println!(
        "# concurrency: {SECS} s per row, one writer recording single marks beside the readers"
    );
    println!("| readers | how | reads/s | read p50 ms | read p95 ms | writes | write p50 ms | write p95 ms | failed | CPU ms per read |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    // `--rows 8threads,2processes` runs only those rows (for profiling).
    let only: Option<String> = std::env::args().skip_while(|a| a != "--rows").nth(1);
    // "raw": threads reading with plain rusqlite (`raw_read_loop`).
    for how in ["threads", "processes", "raw"] {
        for n in [1usize, 2, 4, 8] {
            if let Some(only) = &only {
                if !only.split(',').any(|r| r == format!("{n}{how}")) {
                    continue;
                }
            }
            let cpu_before = cpu_seconds();
            let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
            let writer = {
                let (path, stop) = (path.to_owned(), stop.clone());
                let marks: Vec<NewMark> = gen
                    .iter()
                    .skip(5000)
                    .take(20_000)
                    .map(|g| new_mark(s, g))
                    .collect();
                let teachers: Vec<Actor> = gen
                    .iter()
                    .skip(5000)
                    .take(20_000)
                    .map(|g| Actor::vouched(s.teachers[(g.teacher - 1) as usize]))
                    .collect();
                std::thread::spawn(move || -> Result<(Vec<Duration>, usize)> {
                    let d = Diary::open_with(
                        &path,
                        OpenOptions {
                            mode: OpenMode::Existing,
                            ..OpenOptions::default()
                        },
                    )?;
                    let mut lat = Vec::new();
                    let mut failed = 0;
                    for (m, t) in marks.iter().zip(&teachers) {
                        if stop.load(std::sync::atomic::Ordering::Relaxed) {
                            break;
                        }
                        let t0 = Instant::now();
                        match d.record_mark(t, m) {
                            Ok(_) => lat.push(t0.elapsed()),
                            Err(_) => failed += 1,
                        }
                    }
                    Ok((lat, failed))
                })
            };
            let (mut lat, mut failed) = (Vec::new(), 0usize);
            if how != "processes" {
                let raw = how == "raw";
                let handles: Vec<_> = (0..n)
                    .map(|i| {
                        let (path, ids) = (path.to_owned(), ids.clone());
                        std::thread::spawn(move || {
                            if raw {
                                raw_read_loop(&path, &ids, SECS, 77 + i as u64)
                            } else {
                                read_loop(&path, &ids, SECS, 77 + i as u64)
                            }
                        })
                    })
                    .collect();
                for h in handles {
                    let (l, f) = h
                        .join()
                        .map_err(|_| Error::Internal("reader panicked".into()))??;
                    lat.extend(l);
                    failed += f;
                }
            } else {
                let exe = std::env::current_exe().map_err(|e| Error::IoError(e.to_string()))?;
                let children: Vec<_> = (0..n)
                    .map(|i| {
                        std::process::Command::new(&exe)
                            .arg("--reader")
                            .arg(path)
                            .arg(SECS.to_string())
                            .arg((177 + i).to_string())
                            .stdout(std::process::Stdio::piped())
                            .spawn()
                            .map_err(|e| Error::IoError(e.to_string()))
                    })
                    .collect::<Result<_>>()?;
                for c in children {
                    let out = c
                        .wait_with_output()
                        .map_err(|e| Error::IoError(e.to_string()))?;
                    for line in String::from_utf8_lossy(&out.stdout).lines() {
                        if let Some(f) = line.strip_prefix("failed ") {
                            failed += f.parse::<usize>().unwrap_or(1);
                        } else if let Ok(ns) = line.parse::<u64>() {
                            lat.push(Duration::from_nanos(ns));
                        }
                    }
                }
            }
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
            let (mut wlat, wfailed) = writer
                .join()
                .map_err(|_| Error::Internal("writer panicked".into()))??;
            let reads = lat.len();
            // CPU time of the readers and the writer (processes included),
            // per read: what a read costs the machine, whatever the load.
            let cpu_per_read = (cpu_seconds() - cpu_before) * 1e3 / reads.max(1) as f64;
            println!(
                "| {n} | {how} | {:.0} | {:.3} | {:.3} | {} | {:.3} | {:.3} | {} | {cpu_per_read:.3} |",
                reads as f64 / SECS,
                if reads > 0 {
                    pct(&mut lat, 0.5).as_secs_f64() * 1e3
                } else {
                    f64::NAN
                },
                if reads > 0 {
                    pct(&mut lat, 0.95).as_secs_f64() * 1e3
                } else {
                    f64::NAN
                },
                wlat.len(),
                if wlat.is_empty() {
                    f64::NAN
                } else {
                    pct(&mut wlat, 0.5).as_secs_f64() * 1e3
                },
                if wlat.is_empty() {
                    f64::NAN
                } else {
                    pct(&mut wlat, 0.95).as_secs_f64() * 1e3
                },
                failed + wfailed
            );
        }
    }
    Ok(())
}

/// CPU seconds used so far by this process and its waited-for children
/// (user and system, from /proc/self/stat; 0 where that is missing).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses): utime is
    // the 14th field of the line, stime, cutime, cstime follow.
    let rest = stat.rsplit_once(") ").map_or("", |(_, r)| r);
    let f: Vec<f64> = rest.split(' ').map(|x| x.parse().unwrap_or(0.0)).collect();
    let ticks = f.get(11..15).map_or(0.0, |t| t.iter().sum::<f64>());
    ticks / 100.0
}

/// A reader process of the concurrency benchmark: prints one latency in
/// nanoseconds per line, then "failed N".
fn reader_process() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let pos = args.iter().position(|a| a == "--reader").unwrap_or(0);
    let path = std::path::PathBuf::from(&args[pos + 1]);
    let secs: f64 = args[pos + 2].parse().unwrap_or(1.0);
    let seed: u64 = args[pos + 3].parse().unwrap_or(1);
    // The ids are read from the file itself: the school's students and
    // quarters, through the operator's structure reads.
    let d = Diary::open_with(
        &path,
        OpenOptions {
            mode: OpenMode::Existing,
            ..OpenOptions::default()
        },
    )?;
    let op = Actor::operator();
    let school = d.schools(&op)?[0].id;
    let year = d.years(&op, school)?[0].id;
    let quarters: Vec<(Date, Date)> = d
        .periods(&op, year)?
        .iter()
        .map(|p| (p.start, p.end))
        .collect();
    drop(d);
    let ids = ConcurrencyIds {
        students: student_ids(&path)?,
        quarters,
    };
    let (lat, failed) = read_loop(&path, &ids, secs, seed)?;
    let mut out = String::new();
    for l in lat {
        out.push_str(&format!("{}\n", l.as_nanos()));
    }
    out.push_str(&format!("failed {failed}\n"));
    print!("{out}");
    Ok(())
}

/// The students of the benchmark school (ids of enrolled persons), read
/// with plain SQL: the bench's own knowledge of the file it built.
fn student_ids(path: &std::path::Path) -> Result<Vec<PersonId>> {
    let c = rusqlite::Connection::open(path).map_err(|e| Error::Storage(e.to_string()))?;
    let mut st = c
        .prepare("SELECT DISTINCT student_id FROM enrolment ORDER BY 1")
        .map_err(|e| Error::Storage(e.to_string()))?;
    let ids = st
        .query_map([], |r| Ok(PersonId(r.get(0)?)))
        .map_err(|e| Error::Storage(e.to_string()))?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(|e| Error::Storage(e.to_string()))?;
    Ok(ids)
}
