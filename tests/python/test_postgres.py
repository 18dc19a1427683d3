"""The Python module on PostgreSQL (a module built with the `postgres`
feature; tests/run.sh builds it so and starts a throwaway server whose URL
is DIARY_TEST_POSTGRES): a diary opened by its postgresql:// URL in a
schema of its own, and many processes writing and reading it at once with
zero failed calls and an intact access log. Without a server these tests
are skipped, unless DIARY_REQUIRE_POSTGRES is set (the test command sets
it), when they fail."""

import datetime as dt
import itertools
import os

import pytest

import schooldiary as diary
from conftest import build
from test_soak import six_processes

D = dt.date
_names = itertools.count()


@pytest.fixture
def url():
    server = os.environ.get("DIARY_TEST_POSTGRES")
    if not server:
        if os.environ.get("DIARY_REQUIRE_POSTGRES"):
            pytest.fail("DIARY_REQUIRE_POSTGRES is set but DIARY_TEST_POSTGRES is not")
        pytest.skip("no PostgreSQL server (DIARY_TEST_POSTGRES)")
    schema = f"py_{os.getpid()}_{next(_names)}"
    sep = "&" if "?" in server else "?"
    return f"{server}{sep}options=-c%20search_path%3D{schema}"


def test_a_school_on_postgres_keeps_its_marks_and_log(url):
    s = build(diary.Diary.create(url))
    d = s.diary
    q1 = d.add_period(s.admin, s.year, diary.PeriodKind.QUARTER, "Q1", D(2024, 9, 2), D(2024, 10, 25)).id
    d.assign_teacher(s.admin, s.teacher, s.class_5a, s.maths)
    kind = d.create_work_kind(s.admin, s.school, "Oral", 1).id
    teacher = diary.Actor.vouched(s.teacher)
    d.record_mark(teacher, s.student, s.maths, D(2024, 9, 3), "5", kind)
    d.record_mark(teacher, s.student, s.maths, D(2024, 9, 4), "4", kind)
    with pytest.raises(diary.AccessDenied):
        d.record_mark(diary.Actor.vouched(s.mother), s.student, s.maths, D(2024, 9, 5), "2", kind)
    d.close()
    d = diary.Diary.open(url)
    mother = diary.Actor.vouched(s.mother)
    avg = d.average(mother, s.student, s.maths, q1)
    assert avg.display == "4.50" and len(avg.counted) == 2
    assert [m.label for m in d.marks(mother, s.student, D(2024, 9, 1), D(2024, 9, 30))] == ["5", "4"]
    entries, broken = d.verify_access_log(diary.Actor.operator())
    assert broken is None and entries > 10
    d.check(quick=False)
    d.close()


def test_two_writers_and_four_readers_in_six_processes_on_postgres(url):
    six_processes(url)
