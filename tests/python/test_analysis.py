"""Class marks and averages as rows and columns, straight into pandas and
polars DataFrames."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pandas as pd
import polars as pl
import pytest

import schooldiary as diary

D = dt.date


@pytest.fixture
def marked(school):
    s = school
    d, admin = s.diary, s.admin
    s.q1 = d.add_period(admin, s.year, diary.PeriodKind.QUARTER, "Q1", D(2024, 9, 2), D(2024, 10, 25)).id
    kind = d.create_work_kind(admin, s.school, "Homework", 1).id
    d.assign_teacher(admin, s.teacher, s.class_5a, s.maths)
    other = d.register_person(admin, s.school, "Smirnova", "Olga", D(2013, 5, 5), snils="222-333-444 16").id
    d.enrol(admin, other, s.class_5a, D(2024, 9, 1))
    t = diary.Actor.vouched(s.teacher)
    for day, a, b in [(10, "5", "3"), (17, "4", "4"), (24, "5", "3")]:
        d.record_mark(t, s.student, s.maths, D(2024, 9, day), a, kind)
        d.record_mark(t, other, s.maths, D(2024, 9, day), b, kind)
    return s


def test_rows_and_columns(marked):
    s = marked
    rows = s.diary.class_marks(s.admin, s.class_5a, s.q1)
    assert len(rows) == 6
    assert rows[0]["value"] == Decimal(5) and rows[0]["subject_name"] == "Mathematics"
    cols = s.diary.class_averages(s.admin, s.class_5a, s.q1, columns=True)
    assert cols["student_name"] == ["Ivanov Ivan", "Smirnova Olga"]
    assert cols["average"] == [Decimal("4.67"), Decimal("3.33")]
    assert cols["exact"] == [Fraction(14, 3), Fraction(10, 3)]
    assert cols["mark"] == ["5", "3"]


def test_pandas_and_polars_take_the_columns(marked):
    s = marked
    marks = s.diary.class_marks(s.admin, s.class_5a, s.q1, columns=True, as_float=True)
    df = pd.DataFrame(marks)
    assert df.groupby("student_name")["value"].mean().round(2).to_dict() == {"Ivanov Ivan": 4.67, "Smirnova Olga": 3.33}
    pf = pl.DataFrame(s.diary.class_averages(s.admin, s.class_5a, s.q1, columns=True, as_float=True))
    assert pf.height == 2 and pf["average"].to_list() == [4.67, 3.33]
    # Rows work too.
    assert len(pd.DataFrame(s.diary.class_marks(s.admin, s.class_5a, s.q1))) == 6


def test_families_see_only_their_own_rows(marked):
    s = marked
    rows = s.diary.class_marks(diary.Actor.vouched(s.mother), s.class_5a, s.q1)
    assert {r["student"] for r in rows} == {s.student}
