//! A region on two engines, side by side in one run: the same schools in
//! one PostgreSQL database and in one SQLite file per school.
//!
//! Every school is the everyday screens' school (`support/school.rs`): a
//! full timetable, a register, homework and about 1.8 marks per student
//! and lesson for one year, a parent per student. The student at position
//! 1 of each school also has, as a second guardian, the parent at position
//! 1 of the school before it: a parent with children in two schools. On
//! PostgreSQL that parent is one person; with a file per school a host
//! keeps one identity per file, and reads both.
//!
//! Measured on each engine:
//! - the import: the build's wall time, and the rate of `record_marks`;
//! - all period averages of one school (`school_period_averages`);
//! - a parent's quarter diary: the child's marks of a quarter and the
//!   quarter's subject averages, a random child of a random school;
//! - the parent with children in two schools: their children, then each
//!   child's quarter diary;
//! - throughput with `--clients` threads, each with handles of its own, for
//!   `--seconds`: nine in ten requests a parent's quarter diary, one in ten
//!   a teacher's mark; every failed call is counted.
//!
//! `cargo bench -p diary-core --features postgres --bench region --
//! --url postgresql://… [--schools N] [--students S] [--reps R] [--clients
//! C] [--seconds T]` (defaults: 6 schools of 200 students, 200 repetitions,
//! 8 clients, 20 seconds); `bash bench/region.sh` starts a throwaway server
//! and runs it. The region goes to a new schema of the URL's database.

#[path = "support/mod.rs"]
mod support;

use diary_core::*;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::school::{build, subject_at, ymd, School, Spec, PER_CLASS};
use support::{arg, pct, time_it, SplitMix64};

/// Where the region lives.
enum Store {
    /// One database: every handle opens the same URL.
    Postgres(String),
    /// One file per school in this folder.
    Sqlite(PathBuf),
}

impl Store {
    fn name(&self) -> &'static str {
        match self {
            Store::Postgres(_) => "PostgreSQL, one database",
            Store::Sqlite(_) => "SQLite, a file per school",
        }
    }

    fn location(&self, school: usize) -> String {
        match self {
            Store::Postgres(url) => url.clone(),
            Store::Sqlite(dir) => dir
                .join(format!("school-{school}.diary"))
                .to_string_lossy()
                .into_owned(),
        }
    }

    /// The handles of one client: one on PostgreSQL, one per school's file.
    fn handles(&self, schools: usize, clock: &Arc<ManualClock>) -> Result<Handles> {
        let open = |school| {
            Diary::open_with(
                self.location(school),
                OpenOptions {
                    clock: clock.clone(),
                    ..OpenOptions::default()
                },
            )
        };
        Ok(match self {
            Store::Postgres(_) => Handles::One(open(0)?),
            Store::Sqlite(_) => Handles::PerSchool((0..schools).map(open).collect::<Result<_>>()?),
        })
    }

    /// Bytes on disk: the database's size, or the files' with their logs.
    fn size(&self) -> u64 {
        match self {
            Store::Postgres(url) => {
                let Ok(mut c) = postgres::Client::connect(url, postgres::NoTls) else {
                    return 0;
                };
                c.query_one("SELECT pg_database_size(current_database())", &[])
                    .map_or(0, |r| r.get::<_, i64>(0) as u64)
            }
            Store::Sqlite(dir) => std::fs::read_dir(dir)
                .map(|it| {
                    it.flatten()
                        .filter_map(|e| e.metadata().ok())
                        .map(|m| m.len())
                        .sum()
                })
                .unwrap_or(0),
        }
    }
}

enum Handles {
    One(Diary),
    PerSchool(Vec<Diary>),
}

impl Handles {
    fn of(&self, school: usize) -> &Diary {
        match self {
            Handles::One(d) => d,
            Handles::PerSchool(v) => &v[school],
        }
    }
}

/// A region as built on one engine.
struct Region {
    store: Store,
    clock: Arc<ManualClock>,
    schools: Vec<School>,
    build_time: Duration,
}

fn text_arg(name: &str) -> Option<String> {
    std::env::args().skip_while(|a| a != name).nth(1)
}

fn clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(
        ymd(2024, 8, 15)
            .with_hms(12, 0, 0)
            .expect("time")
            .assume_utc(),
    ))
}

/// Builds `n` schools of `students` on `store`, then links each school's
/// parent 1 to the student 1 of the next school by a link code (on
/// PostgreSQL only: a file cannot name another file's person).
fn build_region(store: Store, n: usize, students: u32) -> Result<Region> {
    let clock = clock();
    let t = Instant::now();
    let mut schools = Vec::new();
    let mut shared = None;
    for i in 0..n {
        let d = match (&store, shared.take()) {
            (Store::Postgres(_), Some(d)) => d,
            _ => Diary::open_with(
                store.location(i),
                OpenOptions {
                    clock: clock.clone(),
                    ..OpenOptions::default()
                },
            )?,
        };
        let s = build(
            &d,
            &clock,
            &Spec {
                name: &format!("School {i}"),
                first_snils: 200_000_000 + i as u32 * 100_000,
                students,
                years: 1,
                seed: 0x5E61_0000 + i as u64,
            },
        )?;
        schools.push(s);
        if matches!(store, Store::Postgres(_)) {
            shared = Some(d);
        }
    }
    if let Some(d) = shared {
        // As a family does: the next school's admin issues a link code for
        // the child, and the parent redeems it.
        for i in 0..n {
            let next = &schools[(i + 1) % n];
            let code = d.issue_link_code(&next.admin, next.students[1], Relation::Father, true)?;
            d.redeem_link_code(&Actor::vouched(schools[i].parents[1]), &code.code)?;
        }
    }
    Ok(Region {
        store,
        clock,
        schools,
        build_time: t.elapsed(),
    })
}

/// A parent's quarter diary: the child's marks of quarter `q` and its
/// subject averages; returns the rows.
fn quarter_diary(d: &Diary, parent: PersonId, child: PersonId, quarter: &Period) -> Result<usize> {
    let marks = d.marks(&Actor::vouched(parent), child, quarter.start, quarter.end)?;
    let averages = d.subject_averages(&Actor::vouched(parent), child, quarter.id)?;
    Ok(marks.len() + averages.len())
}

/// The figures of one engine.
struct Figures {
    averages: (f64, f64, usize),
    quarter: (f64, f64, usize),
    two_schools: (f64, f64, usize),
    load: Load,
}

fn measure(r: &Region, reps: u32, clients: u32, seconds: u32) -> Result<Figures> {
    let n = r.schools.len();
    let h = r.store.handles(n, &r.clock)?;
    let s0 = &r.schools[0];
    let averages = time_it(reps.min(30), |_| {
        h.of(0)
            .school_period_averages(&s0.admin, s0.years[0].id)
            .map(|v| v.len())
    })?;
    let mut rng = SplitMix64(0xD1A7_0001);
    let quarter = time_it(reps, |_| {
        let i = rng.below(n);
        let s = &r.schools[i];
        let k = rng.below(s.students.len());
        let q = &s.years[0].quarters[rng.below(4)];
        quarter_diary(h.of(i), s.parents[k], s.students[k], q)
    })?;
    let two_schools = time_it(reps, |rep| {
        let i = rep as usize % n;
        let next = (i + 1) % n;
        let q = rep as usize / n % 4;
        let (a, b) = (&r.schools[i], &r.schools[next]);
        match &h {
            Handles::One(d) => {
                let parent = a.parents[1];
                let children = d.children(&Actor::vouched(parent), parent)?;
                let mut rows = 0;
                for c in &children {
                    let s = if c.student == a.students[1] { a } else { b };
                    rows += quarter_diary(d, parent, c.student, &s.years[0].quarters[q])?;
                }
                Ok(rows)
            }
            Handles::PerSchool(files) => {
                let mut rows = 0;
                for (s, d) in [(a, &files[i]), (b, &files[next])] {
                    let parent = s.parents[1];
                    for c in d.children(&Actor::vouched(parent), parent)? {
                        rows += quarter_diary(d, parent, c.student, &s.years[0].quarters[q])?;
                    }
                }
                Ok(rows)
            }
        }
    })?;
    drop(h);
    let load = load(r, clients, seconds)?;
    Ok(Figures {
        averages,
        quarter,
        two_schools,
        load,
    })
}

/// What the concurrent clients did.
struct Load {
    reads: Vec<Duration>,
    writes: Vec<Duration>,
    failed: u64,
    elapsed: Duration,
}

/// `clients` threads for `seconds`, each with its own handles: nine in
/// ten requests a parent's quarter diary, one in ten a teacher's mark (the
/// school's admin, on a Monday of the last quarter).
fn load(r: &Region, clients: u32, seconds: u32) -> Result<Load> {
    let stop = AtomicBool::new(false);
    let failed = AtomicU64::new(0);
    let n = r.schools.len();
    let t = Instant::now();
    let results = std::thread::scope(|scope| -> Result<Vec<(Vec<Duration>, Vec<Duration>)>> {
        let workers: Vec<_> = (0..clients)
            .map(|c| {
                let (stop, failed) = (&stop, &failed);
                scope.spawn(move || -> Result<(Vec<Duration>, Vec<Duration>)> {
                    let h = r.store.handles(n, &r.clock)?;
                    let mut rng = SplitMix64(0x10AD_0000 + u64::from(c));
                    let (mut reads, mut writes) = (Vec::new(), Vec::new());
                    while !stop.load(Ordering::Relaxed) {
                        let i = rng.below(n);
                        let s = &r.schools[i];
                        let k = rng.below(s.students.len());
                        let write = rng.below(10) == 0;
                        let t = Instant::now();
                        let outcome = if write {
                            let class = k as u32 / PER_CLASS;
                            let subject = s.subjects[subject_at(class, 0, 0) as usize];
                            let day = ymd(2025, 4, 7);
                            let mark = NewMark::grade(s.students[k], subject, day, "4", s.kind);
                            h.of(i).record_mark(&s.admin, &mark).map(|_| 0)
                        } else {
                            let q = &s.years[0].quarters[rng.below(4)];
                            quarter_diary(h.of(i), s.parents[k], s.students[k], q)
                        };
                        match outcome {
                            Ok(_) if write => writes.push(t.elapsed()),
                            Ok(_) => reads.push(t.elapsed()),
                            Err(e) => {
                                if failed.fetch_add(1, Ordering::Relaxed) < 3 {
                                    eprintln!("client {c}: {e}");
                                }
                            }
                        }
                    }
                    Ok((reads, writes))
                })
            })
            .collect();
        std::thread::sleep(Duration::from_secs(u64::from(seconds)));
        stop.store(true, Ordering::Relaxed);
        workers
            .into_iter()
            .map(|w| w.join().expect("client thread"))
            .collect()
    })?;
    let elapsed = t.elapsed();
    let (mut reads, mut writes) = (Vec::new(), Vec::new());
    for (r, w) in results {
        reads.extend(r);
        writes.extend(w);
    }
    Ok(Load {
        reads,
        writes,
        failed: failed.into_inner(),
        elapsed,
    })
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() -> Result<()> {
    let n = arg("--schools", 6).max(2) as usize;
    let students = arg("--students", 200).max(PER_CLASS);
    let reps = arg("--reps", 200).max(4);
    let clients = arg("--clients", 8).max(1);
    let seconds = arg("--seconds", 20).max(1);
    let Some(url) = text_arg("--url").or_else(|| std::env::var("DIARY_BENCH_POSTGRES").ok()) else {
        eprintln!("region: give the server as --url postgresql://… or DIARY_BENCH_POSTGRES");
        std::process::exit(2);
    };
    // A schema of its own, so that runs never meet.
    let schema = format!(
        "region_{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    );
    let sep = if url.contains('?') { '&' } else { '?' };
    let url = format!("{url}{sep}options=-c%20search_path%3D{schema}");
    let dir = tempfile::tempdir().map_err(|e| Error::IoError(e.to_string()))?;
    println!(
        "# region: {n} schools of {students} students, one year each; {reps} repetitions; {clients} clients for {seconds} s"
    );
    let mut regions = Vec::new();
    for store in [
        Store::Sqlite(dir.path().to_path_buf()),
        Store::Postgres(url),
    ] {
        let r = build_region(store, n, students)?;
        let marks: usize = r.schools.iter().map(|s| s.marks).sum();
        let marks_time: Duration = r.schools.iter().map(|s| s.marks_time).sum();
        println!(
            "built on {}: {marks} marks in {:.0} s ({:.1} s a school); record_marks {:.0} marks/s; {:.0} MiB on disk",
            r.store.name(),
            r.build_time.as_secs_f64(),
            r.build_time.as_secs_f64() / n as f64,
            marks as f64 / marks_time.as_secs_f64(),
            r.store.size() as f64 / 1048576.0,
        );
        println!(
            "RESULT region_import_{} {:.0}",
            engine(&r.store),
            marks as f64 / marks_time.as_secs_f64()
        );
        regions.push(r);
    }
    println!();
    println!("| operation | SQLite p50 | p95 | PostgreSQL p50 | p95 | rows |");
    println!("|---|---|---|---|---|---|");
    let figures = regions
        .iter()
        .map(|r| measure(r, reps, clients, seconds))
        .collect::<Result<Vec<_>>>()?;
    let (a, b) = (&figures[0], &figures[1]);
    for (name, x, y) in [
        ("all period averages of one school", a.averages, b.averages),
        ("a parent's quarter diary", a.quarter, b.quarter),
        (
            "a parent with children in two schools",
            a.two_schools,
            b.two_schools,
        ),
    ] {
        println!(
            "| {name} | {:.2} ms | {:.2} ms | {:.2} ms | {:.2} ms | {} |",
            x.0, x.1, y.0, y.1, y.2
        );
    }
    println!();
    println!("{clients} clients for {seconds} s (nine reads to one mark):");
    println!("| engine | requests/s | reads p50 | p95 | marks p50 | p95 | failed |");
    println!("|---|---|---|---|---|---|---|");
    for (r, f) in regions.iter().zip(figures) {
        let mut l = f.load;
        let total = l.reads.len() + l.writes.len();
        let per_s = total as f64 / l.elapsed.as_secs_f64();
        let q = |v: &mut Vec<Duration>, p| if v.is_empty() { 0.0 } else { ms(pct(v, p)) };
        println!(
            "| {} | {per_s:.0} | {:.2} ms | {:.2} ms | {:.2} ms | {:.2} ms | {} |",
            r.store.name(),
            q(&mut l.reads, 0.5),
            q(&mut l.reads, 0.95),
            q(&mut l.writes, 0.5),
            q(&mut l.writes, 0.95),
            l.failed
        );
        println!("RESULT region_throughput_{} {per_s:.0}", engine(&r.store));
    }
    Ok(())
}

fn engine(s: &Store) -> &'static str {
    match s {
        Store::Postgres(_) => "postgres",
        Store::Sqlite(_) => "sqlite",
    }
}
