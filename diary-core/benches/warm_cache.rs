//! What a read costs while another handle writes marks: a parent reads a
//! child's quarter (15 subjects, 450 marks) through one handle while a
//! teacher records a mark through another before every read. Run it under
//! callgrind to count the instructions of the reads alone (they do not
//! depend on the machine's load):
//!
//! ```sh
//! cargo bench -p diary-core --bench warm_cache --no-run
//! valgrind --tool=callgrind --toggle-collect='*Diary*marks*' target/release/deps/warm_cache-*
//! ```
//!
//! Plain runs print the median time per read.

#[path = "../tests/common/mod.rs"]
#[allow(dead_code, clippy::all)]
mod common;

use common::world;
use diary_core::*;
use std::time::Instant;
use time::macros::date;

fn main() -> Result<()> {
    let dir = tempfile::tempdir().map_err(|e| Error::IoError(e.to_string()))?;
    let path = dir.path().join("warm.diary");
    let clock = std::sync::Arc::new(ManualClock::new(
        time::macros::datetime!(2024-09-20 10:00 UTC),
    ));
    let open = || {
        Diary::open_with(
            &path,
            OpenOptions {
                clock: clock.clone(),
                ..OpenOptions::default()
            },
        )
    };
    let d = open()?;
    let s = world::school(&d, "Warm", 800_000, None);
    let (admin, teacher) = (Actor::vouched(s.admin), Actor::vouched(s.ids.teacher));
    let mut subjects = vec![s.ids.subject];
    for i in 1..15 {
        let subject = d
            .create_subject(&admin, s.ids.school, &format!("Subject {i}"))?
            .id;
        d.assign_teacher(
            &admin,
            &NewAssignment {
                teacher: s.ids.teacher,
                class: s.ids.class,
                group: None,
                subject,
            },
        )?;
        subjects.push(subject);
    }
    let mut batch = Vec::new();
    for (i, subject) in subjects.iter().enumerate() {
        for k in 0..30u32 {
            let day = date!(2024 - 09 - 02) + time::Duration::days(i64::from((k + i as u32) % 50));
            batch.push(NewMark::grade(s.ids.student, *subject, day, "4", s.kind));
        }
    }
    d.record_marks(&teacher, &batch)?;
    drop(d);

    let reader = open()?;
    let writer = open()?;
    let mother = Actor::vouched(s.ids.mother);
    let rounds: usize = std::env::args()
        .skip_while(|a| a != "--rounds")
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(300);
    // `--no-writer`: the reads alone, for comparison.
    let writes = !std::env::args().any(|a| a == "--no-writer");
    let mut lat = Vec::with_capacity(rounds);
    let mut rows = 0;
    for i in 0..rounds {
        let day = date!(2024 - 09 - 02) + time::Duration::days((i % 50) as i64);
        if writes {
            writer.record_mark(
                &teacher,
                &NewMark::grade(s.ids.student, s.ids.subject, day, "5", s.kind),
            )?;
        }
        let t = Instant::now();
        rows += reader
            .marks(
                &mother,
                s.ids.student,
                date!(2024 - 09 - 01),
                date!(2024 - 10 - 25),
            )?
            .len();
        lat.push(t.elapsed());
    }
    lat.sort();
    println!(
        "RESULT warm_cache_read_us {:.1} (median of {rounds} reads of {} marks, each after another handle's mark)",
        lat[rounds / 2].as_secs_f64() * 1e6,
        rows / rounds
    );
    Ok(())
}
