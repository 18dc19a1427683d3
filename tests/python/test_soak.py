"""Many processes on one diary file, as a web backend with worker processes
uses it: writers recording single marks and readers reading a parent's
marks and averages at the same time. Zero failed calls; every write a
worker reported as committed is there afterwards; the access log's chain
verifies and integrity_check is clean. Also: a full disk (RLIMIT_FSIZE)
gives DiskFull, and a process killed with SIGKILL in the middle of logged
reads, writes and a backup leaves a sound file."""

import datetime as dt
import multiprocessing as mp
import os
import signal
import subprocess
import sys
import textwrap
import time
from decimal import Decimal

import pytest

import schooldiary as diary
from conftest import build

D = dt.date
SECONDS = 3.0


def _setup(path):
    """School No. 1 of `conftest.build` and a second school beside it in the
    same diary, each with a teacher, a pupil, a mother and a first mark;
    returns the ids of both, [first, second]."""
    s = build(diary.Diary.create(path))
    d = s.diary
    q1 = d.add_period(s.admin, s.year, diary.PeriodKind.QUARTER, "Q1", D(2024, 9, 2), D(2024, 10, 25)).id
    d.assign_teacher(s.admin, s.teacher, s.class_5a, s.maths)
    kind = d.create_work_kind(s.admin, s.school, "Oral", 1).id
    d.record_mark(diary.Actor.vouched(s.teacher), s.student, s.maths, D(2024, 9, 3), "4", kind)
    first = dict(school=s.school, admin=s.admin.person, teacher=s.teacher, student=s.student,
                 mother=s.mother, maths=s.maths, kind=kind, q1=q1)
    second = _second_school(d, s.op)
    d.close()
    return [first, second]


def _second_school(d, op):
    school = d.create_school(op, "School No. 2", "Moscow", "Europe/Moscow").id
    admin_p = d.register_person(op, school, "Adminova", "Alla", D(1981, 1, 1)).id
    d.appoint_staff(op, school, admin_p, diary.StaffRole.ADMIN)
    admin = diary.Actor.vouched(admin_p)
    year = d.create_year(admin, school, "2024/25", D(2024, 9, 1), D(2025, 5, 31)).id
    teacher = d.register_person(admin, school, "Sidorov", "Semyon", D(1976, 6, 6)).id
    d.appoint_staff(admin, school, teacher, "teacher")
    class_5a = d.create_class(admin, year, 5, "A", class_teacher=teacher).id
    maths = d.create_subject(admin, school, "Mathematics").id
    student = d.register_person(admin, school, "Kuznetsov", "Kirill", D(2013, 4, 4)).id
    d.enrol(admin, student, class_5a, D(2024, 9, 1))
    mother = d.register_person(admin, school, "Kuznetsova", "Klara", D(1986, 8, 8)).id
    d.add_guardian(admin, student, mother, diary.Relation.MOTHER, legal_representative=True)
    q1 = d.add_period(admin, year, diary.PeriodKind.QUARTER, "Q1", D(2024, 9, 2), D(2024, 10, 25)).id
    d.assign_teacher(admin, teacher, class_5a, maths)
    kind = d.create_work_kind(admin, school, "Oral", 1).id
    d.record_mark(diary.Actor.vouched(teacher), student, maths, D(2024, 9, 3), "5", kind)
    return dict(school=school, admin=admin_p, teacher=teacher, student=student,
                mother=mother, maths=maths, kind=kind, q1=q1)


def _writer(path, ids, seconds, out):
    d = diary.Diary.open(path, mode="existing")
    teacher = diary.Actor.vouched(ids["teacher"])
    done, failed = [], 0
    end = time.monotonic() + seconds
    n = 0
    while time.monotonic() < end:
        day = D(2024, 9, 2) + dt.timedelta(days=n % 50)
        n += 1
        try:
            done.append(d.record_mark(teacher, ids["student"], ids["maths"], day, "5", ids["kind"]).id)
        except diary.DiaryError as e:  # noqa: PERF203 - counted, never expected
            failed += 1
            print("write failed:", e, file=sys.stderr)
    d.close()
    out.put(("writer", done, failed))


def _reader(path, ids, seconds, out):
    d = diary.Diary.open(path, mode="existing")
    mother = diary.Actor.vouched(ids["mother"])
    reads, failed = 0, 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            d.marks(mother, ids["student"], D(2024, 9, 1), D(2024, 10, 25))
            d.average(mother, ids["student"], ids["maths"], ids["q1"])
            reads += 2
        except diary.DiaryError as e:  # noqa: PERF203
            failed += 1
            print("read failed:", e, file=sys.stderr)
    d.close()
    out.put(("reader", reads, failed))


def six_processes(path):
    """Two writers and four readers on the diary at `path` (a file or a
    database's URL) for SECONDS, half of them in each of two schools; zero
    failed calls, every reported write stored, each school's chain of the
    access log verifying for its admin with that school's entries alone,
    every chain for the operator, and the sums checked."""
    schools = _setup(path)
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(path, schools[n % 2], SECONDS, out)) for n in range(2)]
    procs += [ctx.Process(target=_reader, args=(path, schools[n % 2], SECONDS, out)) for n in range(4)]
    for p in procs:
        p.start()
    results = [out.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    written = [i for kind, done, _ in results if kind == "writer" for i in done]
    reads = sum(n for kind, n, _ in results if kind == "reader")
    assert sum(failed for *_, failed in results) == 0
    assert written and reads > 0
    d = diary.Diary.open(path, mode="existing")
    stored = set()
    of_schools = 0
    for ids in schools:
        admin = diary.Actor.vouched(ids["admin"])
        stored |= {m.id for m in d.marks(admin, ids["student"], D(2024, 9, 1), D(2024, 10, 25))}
        own = d.access_log_of_school(admin, ids["school"])
        entries, broken = d.verify_access_log(admin)
        assert broken is None, f"school {ids['school']}'s chain"
        assert entries == len(own)
        of_schools += entries
    assert set(written) <= stored
    entries, broken = d.verify_access_log(diary.Actor.operator())
    assert broken is None and entries >= max(reads, of_schools)
    d.check(quick=False)
    d.close()


def test_two_writers_and_four_readers_in_six_processes(tmp_path):
    six_processes(str(tmp_path / "soak.diary"))


DISK_FULL = textwrap.dedent(
    """
    import datetime as dt, resource, signal, sys
    import schooldiary as diary
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    path, teacher, student, maths, kind, limit = sys.argv[1:7]
    d = diary.Diary.open(path, mode="existing")
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(limit), int(limit)))
    t = diary.Actor.vouched(int(teacher))
    try:
        for n in range(200000):
            d.record_mark(t, int(student), int(maths), dt.date(2024, 9, 2) + dt.timedelta(days=n % 50),
                          "5", int(kind), comment="x" * 1500)
    except diary.DiskFull as e:
        print("disk full:", e.code)
        sys.exit(0)
    except diary.DiaryError as e:
        print("other error:", type(e).__name__, e)
        sys.exit(2)
    print("never full")
    sys.exit(3)
    """
)


def test_a_full_disk_gives_disk_full_and_keeps_the_file_sound(tmp_path):
    path = str(tmp_path / "full.diary")
    ids = _setup(path)[0]
    limit = os.path.getsize(path) + 400_000
    r = subprocess.run(
        [sys.executable, "-c", DISK_FULL, path, str(ids["teacher"]), str(ids["student"]),
         str(ids["maths"]), str(ids["kind"]), str(limit)],
        capture_output=True, text=True, timeout=300,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "disk full: 14" in r.stdout
    d = diary.Diary.open(path, mode="existing")
    d.check(quick=False)
    assert d.verify_access_log(diary.Actor.operator())[1] is None
    d.close()


KILLED = textwrap.dedent(
    """
    import datetime as dt, os, sys
    import schooldiary as diary
    path, teacher, student, mother, maths, kind = sys.argv[1:7]
    d = diary.Diary.open(path, mode="existing")
    t, m, op = diary.Actor.vouched(int(teacher)), diary.Actor.vouched(int(mother)), diary.Actor.operator()
    n = 0
    print("ready", flush=True)
    while True:
        n += 1
        d.record_mark(t, int(student), int(maths), dt.date(2024, 9, 2) + dt.timedelta(days=n % 50), "4", int(kind))
        d.marks(m, int(student), dt.date(2024, 9, 1), dt.date(2024, 10, 25))
        if n % 20 == 0:
            target = path + f".backup{n}"
            d.backup_to(op, target)
            os.remove(target)
    """
)


def test_sigkill_during_logged_reads_writes_and_a_backup_leaves_a_sound_file(tmp_path):
    path = str(tmp_path / "killed.diary")
    ids = _setup(path)[0]
    for delay in (0.3, 0.7, 1.1):
        p = subprocess.Popen(
            [sys.executable, "-c", KILLED, path, str(ids["teacher"]), str(ids["student"]),
             str(ids["mother"]), str(ids["maths"]), str(ids["kind"])],
            stdout=subprocess.PIPE, text=True,
        )
        assert p.stdout is not None and p.stdout.readline().strip() == "ready"
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        p.wait(timeout=30)
        p.stdout.close()
        d = diary.Diary.open(path, mode="existing")
        d.check(quick=False)
        assert d.verify_access_log(diary.Actor.operator())[1] is None
        d.close()


def test_open_modes_backup_and_a_checked_restore(tmp_path):
    path = tmp_path / "school.diary"
    with pytest.raises(diary.NotADiary):
        diary.Diary.open(tmp_path / "missing.diary", mode="existing")
    assert not (tmp_path / "missing.diary").exists()
    empty = tmp_path / "empty.diary"
    empty.write_bytes(b"")
    with pytest.raises(diary.NotADiary):
        diary.Diary.open(empty, mode="existing")
    with pytest.raises(diary.InvalidInput) as err:
        diary.Diary.open(path, mode="sometimes")
    assert err.value.field == "mode"
    ids = _setup(str(path))[0]
    d = diary.Diary.open(path, mode="existing", busy_timeout=Decimal("0.5"))
    d.check(quick=False)
    with pytest.raises(diary.AccessDenied):
        d.backup_to(diary.Actor.vouched(1), tmp_path / "copy.diary")
    d.backup_to(diary.Actor.operator(), tmp_path / "copy.diary")
    d.close()
    ro = diary.Diary.open(tmp_path / "copy.diary", mode="read_only")
    with pytest.raises(diary.ReadOnly):
        ro.marks(diary.Actor.vouched(ids["mother"]), ids["student"], D(2024, 9, 1), D(2024, 10, 25))
    with pytest.raises(diary.ReadOnly):
        ro.create_subject(diary.Actor.vouched(1), 1, "Art")
    assert ro.verify_access_log(diary.Actor.operator())[1] is None
    ro.close()
    target = tmp_path / "restored.diary"
    bad = tmp_path / "bad.diary"
    bad.write_text("not a diary")
    with pytest.raises(diary.NotADiary):
        diary.Diary.restore(bad, target)
    assert not target.exists()
    diary.Diary.restore(tmp_path / "copy.diary", target)
    r = diary.Diary.open(target, mode="existing")
    r.check()
    r.close()
