//! Many connections on one file: reads never fail while others write,
//! writes queue on the lock and give a retryable `Busy` only past the
//! bounded wait, every read is still logged with the chain intact; open
//! modes (existing only, read-only); online backup while others write, and
//! a restore that checks the backup first.

mod common;

use common::world::*;
use common::*;
use diary_core::*;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use time::macros::{date, datetime};

fn options(clock: &Arc<ManualClock>, mode: OpenMode) -> OpenOptions {
    OpenOptions {
        clock: clock.clone(),
        mode,
        ..OpenOptions::default()
    }
}

fn setup() -> (
    tempfile::TempDir,
    std::path::PathBuf,
    Arc<ManualClock>,
    TestSchool,
) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("school.diary");
    let (clock, s) = school_at(path.to_str().unwrap());
    (dir, path, clock, s)
}

/// A school in a new diary at `at` (a file or a database's URL).
fn school_at(at: &str) -> (Arc<ManualClock>, TestSchool) {
    let clock = Arc::new(ManualClock::new(datetime!(2024-09-20 10:00 UTC)));
    let d = Diary::open_with(at, options(&clock, OpenMode::Create)).unwrap();
    let s = school(&d, "A", 700_000, None);
    (clock, s)
}

/// Three threads, each on a handle of its own on `at` (a file or a
/// database's URL), reading the mother's view of her child's marks and
/// average until `stop`; every read must succeed, and `reads` counts them.
fn mothers_reading(
    at: &(impl AsRef<std::path::Path> + ?Sized),
    clock: &Arc<ManualClock>,
    s: &TestSchool,
    stop: &Arc<AtomicBool>,
    reads: &Arc<AtomicUsize>,
) -> Vec<std::thread::JoinHandle<()>> {
    (0..3)
        .map(|_| {
            let at = at.as_ref().to_path_buf();
            let (clock, stop, reads, ids) = (clock.clone(), stop.clone(), reads.clone(), s.ids);
            std::thread::spawn(move || {
                let d = Diary::open_with(&at, options(&clock, OpenMode::Existing)).unwrap();
                let mother = Actor::vouched(ids.mother);
                while !stop.load(Ordering::Relaxed) {
                    d.marks(
                        &mother,
                        ids.student,
                        date!(2024 - 09 - 01),
                        date!(2024 - 10 - 25),
                    )
                    .expect("a read never fails");
                    d.average(&mother, ids.student, ids.subject, ids.period)
                        .expect("a read never fails");
                    reads.fetch_add(2, Ordering::Relaxed);
                }
            })
        })
        .collect()
}

/// Waits (up to 30 s) until the readers have read once, so that the writes
/// that follow meet reads: on a busy machine a reader's handle may open
/// only after the writes are done.
fn first_read(reads: &AtomicUsize) {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while reads.load(Ordering::Relaxed) == 0 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn readers_on_their_own_handles_never_fail_while_a_writer_writes() {
    let (_dir, path, clock, s) = setup();
    let stop = Arc::new(AtomicBool::new(false));
    let reads = Arc::new(AtomicUsize::new(0));
    let readers = mothers_reading(&path, &clock, &s, &stop, &reads);
    let writer = Diary::open_with(&path, options(&clock, OpenMode::Existing)).unwrap();
    let teacher = Actor::vouched(s.ids.teacher);
    let mut written = Vec::new();
    first_read(&reads);
    for i in 0..60 {
        let day = date!(2024 - 09 - 02) + time::Duration::days(i % 40);
        let m = writer
            .record_mark(
                &teacher,
                &NewMark::grade(s.ids.student, s.ids.subject, day, "5", s.kind),
            )
            .expect("a write queues on the lock");
        written.push(m.id);
    }
    stop.store(true, Ordering::Relaxed);
    for r in readers {
        r.join().unwrap();
    }
    assert!(reads.load(Ordering::Relaxed) > 0);
    for id in written {
        writer.mark(&Actor::vouched(s.admin), id).unwrap();
    }
    let v = writer.verify_access_log(&Actor::operator()).unwrap();
    assert_eq!(v.first_broken, None);
    // Every read was logged: at least one entry per read call.
    let logged = writer
        .access_log_of_child(&Actor::vouched(s.admin), s.ids.student)
        .unwrap()
        .iter()
        .filter(|e| e.actor == Some(s.ids.mother) && e.action == "read")
        .count();
    assert!(
        logged >= reads.load(Ordering::Relaxed),
        "{logged} log entries for {} reads",
        reads.load(Ordering::Relaxed)
    );
    writer.check(false).unwrap();
}

#[test]
fn a_held_lock_gives_busy_after_the_bounded_wait_and_nothing_changes() {
    let (_dir, path, clock, s) = setup();
    let d = Diary::open_with(
        &path,
        OpenOptions {
            busy_timeout: Duration::from_millis(200),
            ..options(&clock, OpenMode::Existing)
        },
    )
    .unwrap();
    let before = snapshot(&path);
    let blocker = rusqlite::Connection::open(&path).unwrap();
    blocker.execute_batch("BEGIN IMMEDIATE").unwrap();
    let started = std::time::Instant::now();
    let e = d
        .record_mark(
            &Actor::vouched(s.ids.teacher),
            &NewMark::grade(s.ids.student, s.ids.subject, MON, "5", s.kind),
        )
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Busy, "{e}");
    assert!(e.is_retryable());
    assert!(started.elapsed() >= Duration::from_millis(150));
    // A read that logs nothing works under the lock.
    d.school(&Actor::vouched(s.admin), s.ids.school).unwrap();
    // A read that must be logged waits for the long write to end (longer
    // than a write's busy timeout) instead of failing.
    let releaser = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(800));
        blocker.execute_batch("ROLLBACK").unwrap();
    });
    let started = std::time::Instant::now();
    d.marks(&Actor::vouched(s.ids.mother), s.ids.student, MON, MON)
        .expect("a read outwaits a long write");
    assert!(started.elapsed() >= Duration::from_millis(600));
    releaser.join().unwrap();
    // The refused write left nothing behind (the read added only its log
    // entry).
    assert_eq!(snapshot(&path), before);
    d.record_mark(
        &Actor::vouched(s.ids.teacher),
        &NewMark::grade(s.ids.student, s.ids.subject, MON, "5", s.kind),
    )
    .unwrap();
}

#[test]
fn open_modes() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.diary");
    let existing = |p: &std::path::Path| {
        Diary::open_with(
            p,
            OpenOptions {
                mode: OpenMode::Existing,
                ..OpenOptions::default()
            },
        )
    };
    assert_eq!(existing(&missing).unwrap_err().code(), ErrorCode::NotADiary);
    assert!(!missing.exists(), "nothing was created");
    let empty = dir.path().join("empty.diary");
    std::fs::write(&empty, b"").unwrap();
    assert_eq!(existing(&empty).unwrap_err().code(), ErrorCode::NotADiary);
    assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0);
    // Creating is explicit (the default of Diary::open).
    Diary::open(&empty).unwrap();
    existing(&empty).unwrap();
}

#[test]
fn a_read_only_diary_serves_structure_and_refuses_writes_and_unlogged_reads() {
    let (_dir, path, clock, s) = setup();
    let ro = Diary::open_with(&path, options(&clock, OpenMode::ReadOnly)).unwrap();
    let before = snapshot_with_log(&path);
    assert_eq!(
        ro.school(&Actor::vouched(s.admin), s.ids.school)
            .unwrap()
            .name,
        "A"
    );
    assert_eq!(
        ro.verify_access_log(&Actor::operator())
            .unwrap()
            .first_broken,
        None
    );
    let anchor = ro.access_log_head(&Actor::operator()).unwrap().unwrap();
    let v = ro
        .verify_access_log_against(&Actor::operator(), &anchor)
        .unwrap();
    assert_eq!(v.anchor_matches, Some(true));
    let e = ro
        .marks(&Actor::vouched(s.ids.mother), s.ids.student, MON, MON)
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::ReadOnly, "{e}");
    let e = ro
        .create_subject(&Actor::vouched(s.admin), s.ids.school, "Art")
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::ReadOnly, "{e}");
    ro.check(true).unwrap();
    assert_eq!(snapshot_with_log(&path), before);
    // A read-only handle cannot open a missing file.
    let e = Diary::open_with(
        path.with_file_name("nothing.diary"),
        options(&clock, OpenMode::ReadOnly),
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotADiary);
}

#[test]
fn online_backup_while_another_handle_writes_and_a_checked_restore() {
    let (dir, path, clock, s) = setup();
    let d = Diary::open_with(&path, options(&clock, OpenMode::Existing)).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let written = Arc::new(AtomicUsize::new(0));
    let writer = {
        let (path, clock, stop, written) =
            (path.clone(), clock.clone(), stop.clone(), written.clone());
        std::thread::spawn(move || {
            let w = Diary::open_with(&path, options(&clock, OpenMode::Existing)).unwrap();
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) && n < 200 {
                w.record_mark(
                    &Actor::vouched(s.ids.teacher),
                    &NewMark::grade(s.ids.student, s.ids.subject, MON, "4", s.kind),
                )
                .unwrap();
                n += 1;
                written.store(n, Ordering::Relaxed);
            }
            n
        })
    };
    // The backup starts once the writer is writing.
    while written.load(Ordering::Relaxed) == 0 {
        std::thread::sleep(Duration::from_millis(1));
    }
    let copy = dir.path().join("copy.diary");
    assert!(matches!(
        d.backup_to(&Actor::vouched(s.admin), &copy),
        Err(Error::AccessDenied(_))
    ));
    d.backup_to(&Actor::operator(), &copy).unwrap();
    stop.store(true, Ordering::Relaxed);
    assert!(writer.join().unwrap() > 0);
    assert_eq!(
        d.backup_to(&Actor::operator(), &copy).unwrap_err().field(),
        Some("path")
    );
    // The copy is a sound diary with an intact log.
    let c = Diary::open_with(&copy, options(&clock, OpenMode::ReadOnly)).unwrap();
    c.check(false).unwrap();
    assert_eq!(
        c.verify_access_log(&Actor::operator())
            .unwrap()
            .first_broken,
        None
    );
    drop(c);
    // Restore checks the backup first: a damaged one leaves the target alone.
    let target = dir.path().join("restored.diary");
    std::fs::write(&target, b"keep me").unwrap();
    let bad = dir.path().join("bad.diary");
    std::fs::write(&bad, b"this is not a diary at all, just text").unwrap();
    assert_eq!(
        Diary::restore(&bad, &target).unwrap_err().code(),
        ErrorCode::NotADiary
    );
    assert_eq!(std::fs::read(&target).unwrap(), b"keep me");
    std::fs::remove_file(&target).unwrap();
    Diary::restore(&copy, &target).unwrap();
    let r = Diary::open_with(&target, options(&clock, OpenMode::Existing)).unwrap();
    r.check(false).unwrap();
    assert!(!r
        .marks(&Actor::vouched(s.admin), s.ids.student, MON, MON)
        .unwrap()
        .is_empty());
}

#[test]
fn a_damaged_index_is_reported_by_check() {
    let (_dir, path, clock, _s) = setup();
    {
        // Damage two indexes behind the library's back: each now points at
        // the other's pages, so its entries no longer match its table. The
        // schema's text is unchanged, so the file opens.
        let c = rusqlite::Connection::open(&path).unwrap();
        let root = |name: &str| -> i64 {
            c.query_row(
                "SELECT rootpage FROM sqlite_schema WHERE name = ?1",
                [name],
                |r| r.get(0),
            )
            .unwrap()
        };
        let (a, b) = (root("enrolment_student"), root("enrolment_class"));
        c.execute_batch(&format!(
            "PRAGMA writable_schema=ON;
             UPDATE sqlite_schema SET rootpage = {b} WHERE name = 'enrolment_student';
             UPDATE sqlite_schema SET rootpage = {a} WHERE name = 'enrolment_class';
             PRAGMA writable_schema=OFF;"
        ))
        .unwrap();
    }
    let d = Diary::open_with(&path, options(&clock, OpenMode::Existing)).unwrap();
    let e = d.check(false).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Corrupt, "{e}");
    drop(d);
    // A restore from it is refused before anything is copied.
    let target = path.with_file_name("r.diary");
    let e = Diary::restore(&path, &target).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Corrupt, "{e}");
    assert!(!target.exists());
}

/// A school in a new diary (a file in `dir`, or a PostgreSQL database),
/// and two handles of its own on it: the teacher's and the admin's.
fn two_handles(dir: &tempfile::TempDir) -> (TestSchool, Diary, Diary) {
    let path = postgres_url().unwrap_or_else(|| {
        dir.path()
            .join("school.diary")
            .to_string_lossy()
            .into_owned()
    });
    let (clock, s) = school_at(&path);
    let handle = || Diary::open_with(&path, options(&clock, OpenMode::Existing)).unwrap();
    let (teacher, admin) = (handle(), handle());
    (s, teacher, admin)
}

/// A reference change committed by another handle reaches a handle whose
/// cache is warm at its very next call (the reference generation), while
/// marks committed elsewhere leave that handle's answers unchanged. On
/// the engine under test: a file, or a PostgreSQL database.
#[test]
fn another_handles_reference_change_is_seen_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let (s, teacher_handle, admin_handle) = two_handles(&dir);
    let (teacher, admin, mother) = (
        Actor::vouched(s.ids.teacher),
        Actor::vouched(s.admin),
        Actor::vouched(s.ids.mother),
    );
    let mark = |day| NewMark::grade(s.ids.student, s.ids.subject, day, "4", s.kind);
    // Warm the teacher's cache: the period is open, the marks are visible.
    teacher_handle
        .record_mark(&teacher, &mark(date!(2024 - 09 - 16)))
        .unwrap();
    let all = teacher_handle
        .marks(
            &mother,
            s.ids.student,
            date!(2024 - 09 - 01),
            date!(2024 - 10 - 25),
        )
        .unwrap()
        .len();
    // Another handle records a mark: the warm handle sees it (marks are not
    // cached) and its answers stay right.
    admin_handle
        .record_mark(&admin, &mark(date!(2024 - 09 - 17)))
        .unwrap();
    assert_eq!(
        teacher_handle
            .marks(
                &mother,
                s.ids.student,
                date!(2024 - 09 - 01),
                date!(2024 - 10 - 25)
            )
            .unwrap()
            .len(),
        all + 1
    );
    // Another handle limits what families see to the last 3 days: the
    // mother reading through the warm handle sees it at once.
    admin_handle
        .set_family_visibility_window(&admin, s.ids.school, Some(3))
        .unwrap();
    let windowed = teacher_handle
        .marks(
            &mother,
            s.ids.student,
            date!(2024 - 09 - 01),
            date!(2024 - 10 - 25),
        )
        .unwrap()
        .len();
    assert!(
        windowed < all + 1,
        "the window applies at once: {windowed} of {}",
        all + 1
    );
    // Another handle closes the period: the teacher's next mark is refused.
    admin_handle.close_period(&admin, s.ids.period).unwrap();
    let refused = teacher_handle.record_mark(&teacher, &mark(date!(2024 - 09 - 18)));
    assert!(
        matches!(refused, Err(Error::AccessDenied(_))),
        "a closed period refuses the teacher at once: {refused:?}"
    );
}

/// A register keeps the handle's reference cache warm for the next one
/// (the class's enrolments, the lesson's timetable); another handle's
/// change to them is seen at once all the same: a pupil it enrols is taken
/// into the warm handle's next register, and a pupil whose enrolment it
/// ended before the lesson is refused.
#[test]
fn a_warm_handles_register_sees_another_handles_enrolments() {
    let dir = tempfile::tempdir().unwrap();
    let (s, teacher_handle, admin_handle) = two_handles(&dir);
    let (teacher, admin) = (Actor::vouched(s.ids.teacher), Actor::vouched(s.admin));
    let present = |student| AttendanceEntry {
        student,
        status: AttendanceStatus::Present,
        late_minutes: None,
        reason: None,
        excused: false,
    };
    let lesson = s.ids.lesson;
    teacher_handle
        .record_attendance(&teacher, &lesson, &[present(s.ids.student)])
        .unwrap();
    let newcomer = admin_handle
        .register_person(
            &admin,
            s.ids.school,
            &person("Newcomer", "Nina", date!(2013 - 05 - 05), None),
        )
        .unwrap()
        .id;
    let enrolment = admin_handle
        .enrol(&admin, newcomer, s.ids.class, date!(2024 - 09 - 01))
        .unwrap();
    let register = teacher_handle
        .record_attendance(
            &teacher,
            &lesson,
            &[present(s.ids.student), present(newcomer)],
        )
        .expect("the pupil another handle enrolled is in the class");
    assert_eq!(register.len(), 2);
    admin_handle
        .end_enrolment(
            &admin,
            enrolment.id,
            lesson.date.previous_day().unwrap(),
            EndReason::Transferred,
        )
        .unwrap();
    let refused = teacher_handle
        .record_attendance(&teacher, &lesson, &[present(newcomer)])
        .unwrap_err();
    assert_eq!(
        refused.field(),
        Some("entries.student"),
        "the enrolment another handle ended: {refused:?}"
    );
}

/// On PostgreSQL (the suite's second run, with the `postgres` feature): two writers and three readers,
/// each thread on a handle (a session) of its own, on one database. Zero
/// failed calls; every mark written is there; the access log's chain and
/// the maintained sums check out.
#[cfg(feature = "postgres")]
#[test]
fn threads_on_their_own_sessions_of_one_postgres_database_never_fail() {
    let url = postgres_url().expect("run with DIARY_TEST_ENGINE=postgres (tests/run.sh)");
    let clock = Arc::new(ManualClock::new(datetime!(2024-09-20 10:00 UTC)));
    let s = school(
        &Diary::open_with(&url, options(&clock, OpenMode::Create)).unwrap(),
        "A",
        700_000,
        None,
    );
    let stop = Arc::new(AtomicBool::new(false));
    let reads = Arc::new(AtomicUsize::new(0));
    let readers = mothers_reading(&url, &clock, &s, &stop, &reads);
    first_read(&reads);
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let (url, clock) = (url.clone(), clock.clone());
            std::thread::spawn(move || {
                let d = Diary::open_with(&url, options(&clock, OpenMode::Existing)).unwrap();
                let teacher = Actor::vouched(s.ids.teacher);
                (0..40)
                    .map(|i| {
                        let day = date!(2024 - 09 - 02) + time::Duration::days((i + w * 20) % 40);
                        d.record_mark(
                            &teacher,
                            &NewMark::grade(s.ids.student, s.ids.subject, day, "4", s.kind),
                        )
                        .expect("a write waits its turn")
                        .id
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let written: Vec<MarkId> = writers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    stop.store(true, Ordering::Relaxed);
    for r in readers {
        r.join().unwrap();
    }
    assert_eq!(written.len(), 80);
    assert!(reads.load(Ordering::Relaxed) > 0);
    let d = Diary::open_with(&url, options(&clock, OpenMode::Existing)).unwrap();
    let stored = d
        .marks(
            &Actor::vouched(s.admin),
            s.ids.student,
            date!(2024 - 09 - 01),
            date!(2024 - 10 - 25),
        )
        .unwrap();
    assert!(written.iter().all(|id| stored.iter().any(|m| m.id == *id)));
    let v = d.verify_access_log(&Actor::operator()).unwrap();
    assert_eq!(v.first_broken, None);
    assert!(v.entries as usize >= reads.load(Ordering::Relaxed));
    d.check(false).unwrap();
}

/// Two schools in one diary (a file, or the PostgreSQL database of the
/// suite's second run), each with a writer and a reader on handles of
/// their own at once: zero failed calls, and each school's chain of the
/// access log verifies on its own for its admin, counting that school's
/// entries alone; the operator verifies every chain; anchors taken before
/// the load still match after it.
#[test]
fn each_schools_chain_verifies_after_two_schools_write_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let at = postgres_url()
        .unwrap_or_else(|| dir.path().join("region.diary").to_str().unwrap().to_owned());
    let clock = Arc::new(ManualClock::new(datetime!(2024-09-20 10:00 UTC)));
    let d = Diary::open_with(&at, options(&clock, OpenMode::Create)).unwrap();
    let schools = [
        school(&d, "A", 700_000, None),
        school(&d, "B", 710_000, None),
    ];
    let anchor_a = d
        .access_log_head(&Actor::vouched(schools[0].admin))
        .unwrap()
        .unwrap();
    let anchor_all = d.access_log_head(&Actor::operator()).unwrap().unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let reads = Arc::new(AtomicUsize::new(0));
    let readers: Vec<_> = schools
        .iter()
        .flat_map(|s| mothers_reading(&at, &clock, s, &stop, &reads))
        .collect();
    first_read(&reads);
    // Anchors taken while both schools append: each must still match
    // afterwards (on PostgreSQL an anchor waits for appends under way, whose
    // ids are drawn before they commit).
    let anchoring = {
        let (at, clock, stop, admin) = (at.clone(), clock.clone(), stop.clone(), schools[0].admin);
        std::thread::spawn(move || {
            let d = Diary::open_with(&at, options(&clock, OpenMode::Existing)).unwrap();
            let mut anchors = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                for actor in [Actor::operator(), Actor::vouched(admin)] {
                    let a = d.access_log_head(&actor).expect("an anchor").unwrap();
                    anchors.push((actor, a));
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            anchors
        })
    };
    let writers: Vec<_> = schools
        .iter()
        .map(|s| {
            let (at, clock, s) = (at.clone(), clock.clone(), (s.ids, s.kind));
            std::thread::spawn(move || {
                let d = Diary::open_with(&at, options(&clock, OpenMode::Existing)).unwrap();
                let (ids, kind) = s;
                for i in 0..30 {
                    let day = date!(2024 - 09 - 02) + time::Duration::days(i % 40);
                    d.record_mark(
                        &Actor::vouched(ids.teacher),
                        &NewMark::grade(ids.student, ids.subject, day, "4", kind),
                    )
                    .expect("a write waits its turn");
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    stop.store(true, Ordering::Relaxed);
    for r in readers {
        r.join().unwrap();
    }
    let anchors = anchoring.join().unwrap();
    assert!(reads.load(Ordering::Relaxed) > 0);
    assert!(!anchors.is_empty());
    for (actor, anchor) in &anchors {
        let v = d.verify_access_log_against(actor, anchor).unwrap();
        assert_eq!(
            (v.anchor_matches, v.first_broken),
            (Some(true), None),
            "an anchor taken during the load, at entry {}",
            anchor.id
        );
    }
    let mut of_schools = 0;
    for s in &schools {
        let admin = Actor::vouched(s.admin);
        let own = d.access_log_of_school(&admin, s.ids.school).unwrap();
        let v = d.verify_access_log(&admin).unwrap();
        assert_eq!(v.first_broken, None, "school {:?}'s chain", s.ids.school);
        assert_eq!(
            v.entries as usize,
            own.len(),
            "only the school's own entries"
        );
        assert_eq!(v.last_id, own.last().map(|e| e.id));
        of_schools += own.len();
    }
    let all = d.verify_access_log(&Actor::operator()).unwrap();
    assert_eq!(all.first_broken, None);
    assert!(
        all.entries as usize >= of_schools,
        "the operator verifies every chain"
    );
    let v = d
        .verify_access_log_against(&Actor::vouched(schools[0].admin), &anchor_a)
        .unwrap();
    assert_eq!((v.anchor_matches, v.first_broken), (Some(true), None));
    let v = d
        .verify_access_log_against(&Actor::operator(), &anchor_all)
        .unwrap();
    assert_eq!((v.anchor_matches, v.first_broken), (Some(true), None));
}

/// A school's chain lock held (as by another process appending to it)
/// delays that school's reads only; the diary's write lock held shared (an
/// append under way) delays an anchor and a write, not another append; a
/// diary in another schema of the database is not held up at all. The
/// keys are the ones docs/scale-out.md names for database administrators.
/// A call a thread makes on its handle.
#[cfg(feature = "postgres")]
type Call = Box<dyn FnOnce(&Diary) -> Result<()> + Send>;

#[cfg(feature = "postgres")]
#[test]
fn on_postgres_a_schools_log_appends_wait_only_for_that_school() {
    use std::sync::mpsc::{channel, RecvTimeoutError};
    let url = postgres_url().expect("run with DIARY_TEST_ENGINE=postgres (tests/run.sh)");
    let clock = Arc::new(ManualClock::new(datetime!(2024-09-20 10:00 UTC)));
    let d = Diary::open_with(&url, options(&clock, OpenMode::Create)).unwrap();
    let schools = [
        school(&d, "A", 700_000, None),
        school(&d, "B", 710_000, None),
    ];
    // Another process's session in the diary's schema, and the keys of the
    // diary's locks: its schema's oid in the high 32 bits.
    let mut other = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let oid: u32 = other
        .query_one(
            "SELECT oid FROM pg_namespace WHERE nspname = current_schema()",
            &[],
        )
        .unwrap()
        .get(0);
    let write_lock = (i64::from(oid) << 32) | 0x8000_0000;
    let chain_lock = |school: SchoolId| (i64::from(oid) << 32) | school.0;
    // A handle of its own, opened before any lock is held.
    let handle = || Diary::open_with(&url, options(&clock, OpenMode::Existing)).unwrap();
    // Runs `call` on `d` in a thread; its outcome arrives on the channel.
    let start = |d: Diary, call: Call| {
        let (tx, rx) = channel();
        std::thread::spawn(move || tx.send(call(&d)).unwrap());
        rx
    };
    let handles: Vec<Diary> = (0..5).map(|_| handle()).collect();
    let mut handles = handles.into_iter();
    let mut next = || handles.next().unwrap();
    let reading = |s: &TestSchool| -> Call {
        let ids = s.ids;
        Box::new(move |d: &Diary| {
            d.marks(
                &Actor::vouched(ids.mother),
                ids.student,
                date!(2024 - 09 - 01),
                date!(2024 - 10 - 25),
            )
            .map(|_| ())
        })
    };
    let held = Duration::from_millis(600);
    let done = Duration::from_secs(60);

    let a = chain_lock(schools[0].ids.school);
    other.execute("SELECT pg_advisory_lock($1)", &[&a]).unwrap();
    let in_a = start(next(), reading(&schools[0]));
    let in_b = start(next(), reading(&schools[1]));
    in_b.recv_timeout(done)
        .expect("school B's read is not held up")
        .expect("school B's read succeeds");
    assert_eq!(
        in_a.recv_timeout(held).err(),
        Some(RecvTimeoutError::Timeout),
        "school A's read waits for its chain"
    );
    other
        .execute("SELECT pg_advisory_unlock($1)", &[&a])
        .unwrap();
    in_a.recv_timeout(done)
        .expect("school A's read goes on once its chain is free")
        .expect("school A's read succeeds");

    other
        .execute("SELECT pg_advisory_lock_shared($1)", &[&write_lock])
        .unwrap();
    // An append beside another (before any writer waits: a waiting
    // writer goes first, so that appends cannot starve it).
    start(next(), reading(&schools[1]))
        .recv_timeout(done)
        .expect("an append goes on beside another")
        .expect("school B's read succeeds");
    let anchor = start(
        next(),
        Box::new(|d: &Diary| d.access_log_head(&Actor::operator()).map(|_| ())),
    );
    let write = {
        let (ids, kind) = (schools[1].ids, schools[1].kind);
        start(
            next(),
            Box::new(move |d: &Diary| {
                d.record_mark(
                    &Actor::vouched(ids.teacher),
                    &NewMark::grade(ids.student, ids.subject, date!(2024 - 09 - 03), "5", kind),
                )
                .map(|_| ())
            }),
        )
    };
    assert_eq!(
        anchor.recv_timeout(held).err(),
        Some(RecvTimeoutError::Timeout),
        "an anchor waits for the append under way"
    );
    assert_eq!(
        write.recv_timeout(Duration::ZERO).err(),
        Some(RecvTimeoutError::Timeout),
        "a write waits for the append under way"
    );
    other
        .execute("SELECT pg_advisory_unlock_shared($1)", &[&write_lock])
        .unwrap();
    anchor
        .recv_timeout(done)
        .expect("the anchor is taken once the append is done")
        .expect("the anchor succeeds");
    write
        .recv_timeout(done)
        .expect("the write goes on once the append is done")
        .expect("the write succeeds");
    let v = d.verify_access_log(&Actor::operator()).unwrap();
    assert_eq!(v.first_broken, None);

    // The write lock held alone: another diary of the database writes on.
    other
        .execute("SELECT pg_advisory_lock($1)", &[&write_lock])
        .unwrap();
    let elsewhere = postgres_url().unwrap();
    let e = Diary::open_with(&elsewhere, options(&clock, OpenMode::Create)).unwrap();
    school(&e, "C", 720_000, None);
    other
        .execute("SELECT pg_advisory_unlock($1)", &[&write_lock])
        .unwrap();
}
