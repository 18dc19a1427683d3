"""Class marks and averages as rows and columns, straight into pandas and
polars DataFrames."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pandas as pd
import polars as pl
import pytest

import schooldiary as diary
from conftest import mark_two_students

D = dt.date


@pytest.fixture
def marked(school):
    return mark_two_students(school)


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
