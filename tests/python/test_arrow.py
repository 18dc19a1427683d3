"""Large results as Arrow tables through the PyCapsule interface: polars,
pyarrow and pandas read them with exact Decimal and integer columns."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import schooldiary as diary
from conftest import mark_two_students

D = dt.date


@pytest.fixture
def marked(school):
    return mark_two_students(school, weight_on_17=Decimal("1.5"))


def test_marks_arrive_with_exact_decimals_in_polars_and_pyarrow(marked):
    s = marked
    t = s.diary.class_marks_arrow(s.admin, s.class_5a, s.q1)
    assert hasattr(t, "__arrow_c_stream__")
    table = pa.table(t)
    assert table.num_rows == 6
    assert table.schema.field("value").type == pa.decimal128(18, 2)
    assert table.schema.field("weight").type == pa.decimal128(18, 2)
    assert table.schema.field("date").type == pa.date32()
    assert table.schema.field("counts").type == pa.bool_()
    rows = s.diary.class_marks(s.admin, s.class_5a, s.q1)
    assert table.column("mark").to_pylist() == [r["mark"] for r in rows]
    assert table.column("value").to_pylist() == [r["value"] for r in rows]
    assert table.column("weight").to_pylist() == [r["weight"] for r in rows]
    assert table.column("date").to_pylist() == [r["date"] for r in rows]
    assert Decimal("1.50") in table.column("weight").to_pylist()

    df = pl.DataFrame(s.diary.class_marks_arrow(s.admin, s.class_5a, s.q1))
    assert df.schema["value"] == pl.Decimal(18, 2)
    assert df.schema["date"] == pl.Date
    means = df.group_by("student_name").agg((pl.col("value") * pl.col("weight")).sum() / pl.col("weight").sum())
    assert means.height == 2
    # pandas through pyarrow keeps Decimal objects, not floats.
    pdf = pa.table(s.diary.class_marks_arrow(s.admin, s.class_5a, s.q1)).to_pandas()
    assert isinstance(pdf["value"].iloc[0], Decimal)


def test_averages_are_exact_fractions_and_rounded_decimals(marked):
    s = marked
    table = pa.table(s.diary.class_averages_arrow(s.admin, s.class_5a, s.q1))
    cols = s.diary.class_averages(s.admin, s.class_5a, s.q1, columns=True)
    exact = [Fraction(n, d) for n, d in zip(table.column("exact_num").to_pylist(), table.column("exact_den").to_pylist())]
    assert exact == cols["exact"]
    assert table.column("average").to_pylist() == cols["average"]
    assert table.schema.field("average").type == pa.decimal128(18, 2)
    assert table.column("mark").to_pylist() == cols["mark"]
    assert table.column("student_name").to_pylist() == cols["student_name"]
    df = pl.DataFrame(s.diary.class_averages_arrow(s.admin, s.class_5a, s.q1))
    assert df["exact_num"].dtype == pl.Int64 and df["average"].dtype == pl.Decimal(18, 2)


def test_school_averages_and_attendance_as_tables(marked):
    s = marked
    table = pa.table(s.diary.school_period_averages_arrow(s.admin, s.year))
    listed = s.diary.school_period_averages(s.admin, s.year)
    assert table.num_rows == len(listed) == 2
    got = {
        (r["student"], r["subject"], r["period"]): (Fraction(r["average_num"], r["average_den"]), r["marks"])
        for r in table.to_pylist()
    }
    assert got == {(a.student, a.subject, a.period): (a.average, a.marks) for a in listed}

    att = pa.table(s.diary.class_attendance_arrow(s.admin, s.class_5a, D(2024, 9, 2), D(2024, 9, 6)))
    cols = s.diary.class_attendance(s.admin, s.class_5a, D(2024, 9, 2), D(2024, 9, 6), columns=True)
    assert att.column("student").to_pylist() == cols["student"]
    assert att.column("recorded").to_pylist() == cols["recorded"]
    # Nothing recorded yet: the rate is null, not 0 or NaN.
    assert att.column("rate_num").to_pylist() == [None if r is None else r.numerator for r in cols["rate"]]


def test_tables_obey_the_access_policy_and_are_logged(marked):
    s = marked
    mother = diary.Actor.vouched(s.mother)
    table = pa.table(s.diary.class_marks_arrow(mother, s.class_5a, s.q1))
    assert set(table.column("student").to_pylist()) == {s.student}
    with pytest.raises(diary.AccessDenied):
        s.diary.school_period_averages_arrow(mother, s.year)
    log = s.diary.access_log_of_child(s.admin, s.student)
    assert any(e.actor == s.mother and e.data_kind == "class_marks" and e.action == "read" for e in log)
    # The same refusal as the list call for another school's admin.
    with pytest.raises(diary.NotFound):
        s.diary.class_marks_arrow(s.admin, 999_999, s.q1)


def test_a_table_reads_back_through_pandas(marked):
    s = marked
    pdf = pd.DataFrame(pa.table(s.diary.class_averages_arrow(s.admin, s.class_5a, s.q1)).to_pandas())
    assert list(pdf["student_name"]) == ["Ivanov Ivan", "Smirnova Olga"]


def test_a_schools_marks_stream_page_by_page(marked):
    s = marked
    reader = pa.RecordBatchReader.from_stream(s.diary.school_marks_batches(s.admin, s.year, batch_size=4))
    batches = list(reader)
    assert [b.num_rows for b in batches] == [4, 2]
    table = pa.Table.from_batches(batches)
    assert table.schema.field("value").type == pa.decimal128(18, 2)
    assert table.column("mark").to_pylist() == sorted(table.column("mark").to_pylist())
    assert set(table.column("student").to_pylist()) == {s.student, s.other}
    assert sum(table.column("value").to_pylist()) == Decimal(24)
    # polars reads the same stream.
    assert pl.DataFrame(s.diary.school_marks_batches(s.admin, s.year)).height == 6
    # The school's admins only; a refusal is raised at the call, not later.
    with pytest.raises(diary.AccessDenied):
        s.diary.school_marks_batches(diary.Actor.vouched(s.teacher), s.year)
    for bad in (0, -1, 100_001, 2**40):
        with pytest.raises(diary.InvalidInput):
            s.diary.school_marks_batches(s.admin, s.year, batch_size=bad)
    log = s.diary.access_log_of_child(s.admin, s.other)
    assert any(e.data_kind == "school_marks" for e in log)
