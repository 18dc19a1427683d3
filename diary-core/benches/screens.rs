//! The screens a school opens all day, on a school with a full timetable:
//! every lesson of the year has a register, homework and marks (about 1.8
//! marks per student and lesson), and every student a parent. The same
//! school is built twice — with one school year and with three (the first
//! two before the one measured) — and each operation is measured on the
//! last year of both, beside a raw rusqlite query for the same rows on the
//! same file, so that cost is seen to follow the answer, not the file.
//!
//! `cargo bench -p diary-core --bench screens -- [--students N] [--years Y]
//! [--reps R]` (defaults: 1,000 students in classes of 25, 3 years, 15
//! repetitions); `bash bench/run.sh` runs it with the other benchmarks.
//! Both files are built before any timing, and measured in turn twice; each
//! screen reports its faster round.

#[path = "support/mod.rs"]
mod support;

use diary_core::*;
use rusqlite::Connection;
use std::sync::Arc;
use std::time::Instant;
use support::school::{build, teacher_of, ymd, School, Spec, PER_CLASS, SUBJECTS};
use support::{arg, memory, reset_peak, time_it, SplitMix64};
use time::{Date, Weekday};

/// Times each file is measured (see `main`).
const ROUNDS: usize = 2;

fn raw_err(e: rusqlite::Error) -> Error {
    Error::Storage(e.to_string())
}

/// Runs a raw query and decodes every column of every row into owned
/// values, as a host's own query would hand them over; returns the rows.
fn raw_rows(c: &Connection, sql: &str, args: &[&dyn rusqlite::ToSql]) -> Result<usize> {
    let mut st = c.prepare_cached(sql).map_err(raw_err)?;
    let n = st.column_count();
    let rows = st
        .query_map(args, |r| {
            (0..n)
                .map(|i| r.get::<_, rusqlite::types::Value>(i))
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .map_err(raw_err)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(raw_err)?;
    Ok(std::hint::black_box(rows).len())
}

/// The raw journal: every column of a class's marks in a subject and
/// quarter.
fn raw_journal(
    c: &Connection,
    class: ClassId,
    subject: SubjectId,
    period: PeriodId,
) -> Result<usize> {
    raw_rows(
        c,
        "SELECT id, student_id, subject_id, class_id, period_id, lesson_day, entry, label,
                value_centi, out_of_centi, work_kind_id, weight_centi, counting, comment,
                teacher_id, created_at, retake_of, deleted, scale_id
         FROM mark WHERE class_id = ?1 AND subject_id = ?2 AND period_id = ?3 AND deleted = 0
         ORDER BY student_id, lesson_day, id",
        &[&class.0, &subject.0, &period.0],
    )
}

/// The raw attendance summary of a class over dates: counts per student
/// and status.
fn raw_attendance(c: &Connection, class: ClassId, from: Date, to: Date) -> Result<usize> {
    raw_rows(
        c,
        "SELECT a.student_id, a.status, a.excused, count(*) FROM lesson l
         JOIN attendance a ON a.lesson_id = l.id
         WHERE l.class_id = ?1 AND l.day BETWEEN ?2 AND ?3
         GROUP BY a.student_id, a.status, a.excused",
        &[&class.0, &from.to_julian_day(), &to.to_julian_day()],
    )
}

/// The raw week: a student's marks, the class's lessons with the
/// student's attendance, and the homework set in them, of seven days.
fn raw_week(c: &Connection, student: PersonId, class: ClassId, monday: Date) -> Result<usize> {
    let (from, to) = (monday.to_julian_day(), monday.to_julian_day() + 6);
    Ok(raw_rows(
        c,
        "SELECT id, subject_id, lesson_day, entry, label, value_centi, out_of_centi, work_kind_id,
                weight_centi, counting, comment, teacher_id, created_at, retake_of
         FROM mark WHERE student_id = ?1 AND lesson_day BETWEEN ?2 AND ?3 AND deleted = 0",
        &[&student.0, &from, &to],
    )? + raw_rows(
        c,
        "SELECT l.day, l.number, l.topic, l.test_title, a.status, a.late_minutes, a.reason, a.excused
         FROM lesson l LEFT JOIN attendance a ON a.lesson_id = l.id AND a.student_id = ?1
         WHERE l.class_id = ?2 AND l.day BETWEEN ?3 AND ?4",
        &[&student.0, &class.0, &from, &to],
    )? + raw_rows(
        c,
        "SELECT h.id, h.subject_id, h.text, h.set_day, h.due_day, h.individual
         FROM lesson l JOIN homework h ON h.lesson_id = l.id
         WHERE l.class_id = ?1 AND l.day BETWEEN ?2 AND ?3",
        &[&class.0, &from, &to],
    )?)
}

/// The raw rows of a student's year feed: the class's lessons and the
/// homework set in them.
fn raw_feed(c: &Connection, class: ClassId, from: Date, to: Date) -> Result<usize> {
    raw_rows(
        c,
        "SELECT l.day, l.number, l.topic, l.test_title, h.text, h.due_day FROM lesson l
         LEFT JOIN homework h ON h.lesson_id = l.id
         WHERE l.class_id = ?1 AND l.day BETWEEN ?2 AND ?3",
        &[&class.0, &from.to_julian_day(), &to.to_julian_day()],
    )
}

/// One measured operation: (name, diary p50/p95, raw p50 if any, rows).
type Row = (&'static str, f64, f64, Option<f64>, usize);

fn measure(path: &std::path::Path, s: &School, reps: u32) -> Result<Vec<Row>> {
    let clock = Arc::new(ManualClock::new(
        ymd(2025, 6, 15)
            .with_hms(12, 0, 0)
            .expect("time")
            .assume_utc(),
    ));
    let d = Diary::open_with(
        path,
        OpenOptions {
            clock: clock.clone(),
            mode: OpenMode::Existing,
            ..OpenOptions::default()
        },
    )?;
    let raw = Connection::open(path).map_err(raw_err)?;
    let y = s.years.last().expect("a year");
    let mut rng = SplitMix64(0x05C4_EE45_0002);
    let mut picks = Vec::new();
    for _ in 0..reps {
        let c = rng.below(y.classes.len());
        picks.push((
            c,
            rng.below(SUBJECTS as usize),
            rng.below(y.quarters.len()),
            rng.below(PER_CLASS as usize),
            rng.below(30),
        ));
    }
    let pick = |i: u32| picks[i as usize];
    let class_of = |i: u32| y.classes[pick(i).0];
    let teacher_of_pick = |i: u32| {
        let (c, subj, ..) = pick(i);
        s.teachers[teacher_of(c as u32, subj as u32)]
    };
    let student_of = |i: u32| {
        let (c, _, _, k, _) = pick(i);
        (c * PER_CLASS as usize + k).min(s.students.len() - 1)
    };
    // A Monday of the year, from the first of September.
    let monday = |i: u32| {
        let mut m = y.quarters[0].start;
        while m.weekday() != Weekday::Monday {
            m = m.next_day().expect("day");
        }
        m + time::Duration::weeks(pick(i).4 as i64)
    };
    let mut out = Vec::new();
    // `--only <words>` measures the operations whose name contains them
    // (for profiling one screen: `perf record` with a delay past the build).
    let only = std::env::args().skip_while(|a| a != "--only").nth(1);
    let wanted = |name: &str| only.as_ref().is_none_or(|o| name.contains(o.as_str()));
    type Op<'a> = &'a mut dyn FnMut(u32) -> Result<usize>;
    // `warm`: every pick is read once, untimed, by the diary and by the raw
    // query before the timed reads (a handle that has served the school
    // for a while; without it, most reads are the first of their student).
    let mut run = |name: &'static str,
                   reps: u32,
                   warm: bool,
                   diary: Op<'_>,
                   mut raw: Option<Op<'_>>|
     -> Result<()> {
        if wanted(name) {
            if warm {
                for i in 0..reps {
                    diary(i)?;
                    if let Some(f) = raw.as_mut() {
                        f(i)?;
                    }
                }
            }
            let (p50, p95, rows) = time_it(reps, diary)?;
            let raw = raw.map(|f| time_it(reps, f).map(|t| t.0)).transpose()?;
            out.push((name, p50, p95, raw, rows));
        }
        Ok(())
    };

    run(
        "teacher's journal (class × subject × quarter)",
        reps,
        false,
        &mut |i| {
            let (_, subj, q, ..) = pick(i);
            d.class_marks(
                &Actor::vouched(teacher_of_pick(i)),
                class_of(i),
                y.quarters[q].id,
                Some(s.subjects[subj]),
            )
            .map(|v| v.len())
        },
        Some(&mut |i| {
            let (_, subj, q, ..) = pick(i);
            raw_journal(&raw, class_of(i), s.subjects[subj], y.quarters[q].id)
        }),
    )?;
    run(
        "journal, all subjects of a class",
        reps,
        false,
        &mut |i| {
            let (_, _, q, ..) = pick(i);
            d.class_marks(&s.admin, class_of(i), y.quarters[q].id, None)
                .map(|v| v.len())
        },
        None,
    )?;
    run(
        "journal averages (class × subject × quarter)",
        reps,
        false,
        &mut |i| {
            let (_, subj, q, ..) = pick(i);
            d.class_averages(
                &Actor::vouched(teacher_of_pick(i)),
                class_of(i),
                y.quarters[q].id,
                Some(s.subjects[subj]),
            )
            .map(|v| v.len())
        },
        None,
    )?;
    run(
        "class attendance, a year",
        reps,
        false,
        &mut |i| {
            d.class_attendance(&s.admin, class_of(i), y.start, y.end)
                .map(|v| v.len())
        },
        Some(&mut |i| raw_attendance(&raw, class_of(i), y.start, y.end)),
    )?;
    let mut week = |i: u32| {
        let k = student_of(i);
        d.student_week(&Actor::vouched(s.parents[k]), s.students[k], monday(i))
            .map(|v| v.iter().map(|day| day.lessons.len()).sum())
    };
    let mut raw_week = |i: u32| raw_week(&raw, s.students[student_of(i)], class_of(i), monday(i));
    run("parent's week", reps, false, &mut week, Some(&mut raw_week))?;
    run(
        "parent's week, warm handle",
        reps,
        true,
        &mut week,
        Some(&mut raw_week),
    )?;
    run(
        "student calendar feed, a year (bytes)",
        reps,
        false,
        &mut |i| {
            let k = student_of(i);
            d.student_calendar(&Actor::vouched(s.parents[k]), s.students[k], y.start, y.end)
                .map(|v| v.len())
        },
        Some(&mut |i| raw_feed(&raw, class_of(i), y.start, y.end)),
    )?;
    run(
        "teacher calendar feed, a year (bytes)",
        reps,
        false,
        &mut |i| {
            let t = teacher_of_pick(i);
            d.teacher_calendar(&Actor::vouched(t), t, y.start, y.end)
                .map(|v| v.len())
        },
        None,
    )?;
    run(
        "all period averages of the year",
        reps.min(5),
        false,
        &mut |_| d.school_period_averages(&s.admin, y.id).map(|v| v.len()),
        None,
    )?;
    Ok(out)
}

fn main() -> Result<()> {
    let students = arg("--students", 1000).max(PER_CLASS);
    let years = arg("--years", 3).max(1);
    let reps = arg("--reps", 15).max(2);
    let dir = tempfile::tempdir().map_err(|e| Error::IoError(e.to_string()))?;
    println!("# everyday screens: {students} students, the last year measured on files of 1 and {years} years, {reps} repetitions");
    let mut built = Vec::new();
    let sizes: &[u32] = if years == 1 { &[1] } else { &[1, years] };
    for &n_years in sizes {
        let path = dir.path().join(format!("screens-{n_years}.diary"));
        let clock = Arc::new(ManualClock::new(
            ymd(2021, 8, 15)
                .with_hms(12, 0, 0)
                .expect("time")
                .assume_utc(),
        ));
        let d = Diary::open_with(
            &path,
            OpenOptions {
                clock: clock.clone(),
                ..OpenOptions::default()
            },
        )?;
        let t = Instant::now();
        reset_peak();
        let (rss_before, _) = memory();
        let s = build(
            &d,
            &clock,
            &Spec {
                name: "Screens",
                first_snils: 200_000_000,
                students,
                years: n_years,
                seed: 0x05C4_EE45_0001,
            },
        )?;
        let (_, peak) = memory();
        drop(d);
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        println!(
            "built {n_years} year(s): {} marks, {} classes a year, file {:.0} MiB, in {:.1} s; memory peak {:.0} MiB above the start",
            s.marks,
            s.years[0].classes.len(),
            size as f64 / 1048576.0,
            t.elapsed().as_secs_f64(),
            peak.saturating_sub(rss_before) as f64 / 1048576.0
        );
        built.push((path, s));
    }
    // Timing starts only when every file is on disk: the kernel writing
    // back the last build would otherwise slow whichever file is measured
    // next, raw queries included. The files are then measured in turn,
    // ROUNDS times, and each screen keeps the round in which diary was
    // fastest (with that round's raw query), so that one noisy moment on a
    // shared machine does not decide a file's figure.
    let _ = std::process::Command::new("sync").status();
    let mut results: Vec<Vec<Row>> = vec![Vec::new(); built.len()];
    for _ in 0..ROUNDS {
        for ((path, s), best) in built.iter().zip(&mut results) {
            let rows = measure(path, s, reps)?;
            if best.is_empty() {
                *best = rows;
            } else {
                for (b, r) in best.iter_mut().zip(rows) {
                    if r.1 < b.1 {
                        *b = r;
                    }
                }
            }
        }
    }
    println!();
    println!("| operation | rows | 1 year p50 / p95 ms | raw p50 ms | ratio | {years} years p50 / p95 ms | raw p50 ms | ratio | {years} y / 1 y |");
    println!("|---|---|---|---|---|---|---|---|---|");
    let last = results.len() - 1;
    for (one, many) in results[0].iter().zip(&results[last]) {
        let ratio = |r: &Row| {
            r.3.map_or("—".to_owned(), |raw| format!("{:.2}×", r.1 / raw))
        };
        let raw = |r: &Row| r.3.map_or("—".to_owned(), |raw| format!("{raw:.3}"));
        println!(
            "| {} | {} | {:.3} / {:.3} | {} | {} | {:.3} / {:.3} | {} | {} | {:.2} |",
            one.0,
            one.4,
            one.1,
            one.2,
            raw(one),
            ratio(one),
            many.1,
            many.2,
            raw(many),
            ratio(many),
            many.1 / one.1
        );
        println!(
            "RESULT screen {:?} p50_1y {:.3} p50_{years}y {:.3}",
            one.0, one.1, many.1
        );
    }
    Ok(())
}
