"""Marks handed over as Arrow columns (pyarrow, polars, a stream of
batches): the same marks as dicts would give, no Python object per mark,
errors naming the mark's position across batches, and nothing stored on
failure."""

import datetime as dt
from decimal import Decimal

import polars as pl
import pyarrow as pa
import pytest

import schooldiary as diary

D = dt.date


@pytest.fixture
def s(school):
    d, admin = school.diary, school.admin
    school.q1 = d.add_period(admin, school.year, diary.PeriodKind.QUARTER, "Q1", D(2024, 9, 2), D(2024, 10, 25)).id
    school.homework = d.create_work_kind(admin, school.school, "Homework", 1, min_weight=Decimal("0.5"), max_weight=2).id
    d.assign_teacher(admin, school.teacher, school.class_5a, school.maths)
    school.other = d.register_person(admin, school.school, "Smirnova", "Olga", D(2013, 5, 5), snils="222-333-444 16").id
    d.enrol(admin, school.other, school.class_5a, D(2024, 9, 1))
    school.t = diary.Actor.vouched(school.teacher)
    return school


def rows(s, n=12):
    return [
        {
            "student": s.student if i % 2 else s.other,
            "subject": s.maths,
            "date": D(2024, 9, 2) + dt.timedelta(days=i),
            "value": str(2 + i % 4),
            "work_kind": s.homework,
            "weight": Decimal("1.5") if i % 3 == 0 else None,
            "comment": "устно" if i == 5 else None,
        }
        for i in range(n)
    ]


def stored(s, ids):
    out = []
    for i in ids:
        m = s.diary.mark(s.admin, i)
        out.append((m.student, m.date, m.label, m.weight, m.comment))
    return out


def expected(batch):
    return [(r["student"], r["date"], r["value"], r["weight"] or Decimal(1), r["comment"]) for r in batch]


def test_a_pyarrow_table_gives_the_marks_dicts_give(s):
    batch = rows(s)
    table = pa.table(
        {
            "student": pa.array([r["student"] for r in batch], pa.int64()),
            "subject": pa.array([r["subject"] for r in batch], pa.int32()),
            "date": pa.array([r["date"] for r in batch], pa.date32()),
            "value": [r["value"] for r in batch],
            "work_kind": [r["work_kind"] for r in batch],
            "weight": pa.array([r["weight"] for r in batch], pa.decimal128(5, 2)),
            "comment": [r["comment"] for r in batch],
        }
    )
    ids = s.diary.record_marks(s.t, table)
    assert len(ids) == len(batch)
    assert stored(s, ids) == expected(batch)


def test_a_polars_frame_with_text_dates_and_integer_values(s):
    batch = rows(s)
    frame = pl.DataFrame(
        {
            "student": [r["student"] for r in batch],
            "subject": [r["subject"] for r in batch],
            "date": [r["date"].isoformat() for r in batch],
            "value": [int(r["value"]) for r in batch],
            "work_kind": [r["work_kind"] for r in batch],
            "weight": [str(r["weight"]) if r["weight"] else None for r in batch],
            "comment": [r["comment"] for r in batch],
        }
    )
    ids = s.diary.record_marks(s.t, frame)
    assert stored(s, ids) == expected(batch)


def test_a_stream_of_batches_is_one_import_with_positions_across_batches(s):
    batch = rows(s, 30)
    table = pa.table({k: [r[k] for r in batch] for k in ["student", "subject", "date", "value", "work_kind"]})
    chunks = table.to_batches(max_chunksize=7)
    assert len(chunks) == 5
    reader = pa.RecordBatchReader.from_batches(table.schema, chunks)
    ids = s.diary.record_marks(s.t, reader)
    assert len(set(ids)) == 30
    assert [m[:3] for m in stored(s, ids)] == [e[:3] for e in expected(batch)]
    # A bad mark in the fourth batch is named by its place in the import,
    # and nothing of the import is stored.
    before = len(s.diary.class_marks(s.admin, s.class_5a, s.q1))
    values = [r["value"] for r in batch]
    values[23] = "9"
    bad = table.set_column(3, "value", pa.array(values))
    reader = pa.RecordBatchReader.from_batches(bad.schema, bad.to_batches(max_chunksize=7))
    with pytest.raises(diary.InvalidInput) as e:
        s.diary.record_marks(s.t, reader)
    assert e.value.field == "marks[23].value"
    assert len(s.diary.class_marks(s.admin, s.class_5a, s.q1)) == before
    # Batches made by a Python generator as the library asks (the library
    # reads them without holding the GIL; pyarrow takes it to call back).
    def chunks_of(t):
        for b in t.to_batches(max_chunksize=4):
            yield b
    ids = s.diary.record_marks(s.t, pa.RecordBatchReader.from_batches(table.schema, chunks_of(table)))
    assert [m[:3] for m in stored(s, ids)] == [e[:3] for e in expected(batch)]
    # A single record batch works too.
    ids = s.diary.record_marks(s.t, table.to_batches()[0])
    assert len(ids) == 30


@pytest.mark.parametrize(
    "change, field, words",
    [
        ({"weight": pa.array([1.5] * 3, pa.float64())}, "marks.weight", "float"),
        ({"extra": pa.array([1, 2, 3])}, "marks", "unknown column"),
        ({"student": pa.array([None, 1, 1], pa.int64())}, "marks[0].student", "null"),
        ({"date": pa.array(["2024-09-02", "2024-13-01", "2024-09-03"])}, "marks[1].date", "date"),
        ({"date": pa.array([1.0, 2.0, 3.0])}, "marks.date", "date"),
        ({"entry": pa.array(["grade", "sick", "grade"])}, "marks[1].entry", ""),
    ],
)
def test_bad_columns_are_refused_naming_the_column_or_mark(s, change, field, words):
    base = {
        "student": pa.array([s.student] * 3, pa.int64()),
        "subject": pa.array([s.maths] * 3, pa.int64()),
        "date": pa.array([D(2024, 9, 2), D(2024, 9, 3), D(2024, 9, 4)], pa.date32()),
        "value": pa.array(["5", "4", "3"]),
        "work_kind": pa.array([s.homework] * 3, pa.int64()),
    }
    base.update(change)
    with pytest.raises(diary.InvalidInput) as e:
        s.diary.record_marks(s.t, pa.table(base))
    assert e.value.field == field
    assert words in str(e.value)
    assert s.diary.class_marks(s.admin, s.class_5a, s.q1) == []


def test_a_missing_required_column_is_named(s):
    table = pa.table({"student": [s.student], "subject": [s.maths], "date": [D(2024, 9, 2)], "value": ["5"]})
    with pytest.raises(diary.InvalidInput) as e:
        s.diary.record_marks(s.t, table)
    assert e.value.field == "marks" and "work_kind" in str(e.value)


def test_columns_are_checked_by_the_same_policy(s):
    table = pa.table(
        {"student": [s.student], "subject": [s.maths], "date": [D(2024, 9, 2)], "value": ["5"], "work_kind": [s.homework]}
    )
    for who in [diary.Actor.vouched(s.student), diary.Actor.vouched(s.mother)]:
        with pytest.raises(diary.AccessDenied):
            s.diary.record_marks(who, table)
    assert s.diary.class_marks(s.admin, s.class_5a, s.q1) == []


@pytest.mark.parametrize(
    "change, field",
    [
        ({"comment": ["ok", "a\u202eb"]}, "marks[1].comment"),
        ({"comment": ["ok", "a\u200bb"]}, "marks[1].comment"),
        ({"value": ["5", "4\x07"]}, "marks[1].value"),
        ({"student": pa.array([2**63 - 1, 1], pa.int64())}, "marks[0]"),
        ({"date": pa.array([2**31 - 1, 0], pa.int32()).cast(pa.date32())}, "marks[0].date"),
        ({"date": pa.array([D(9999, 12, 31), D(2024, 9, 2)], pa.date32())}, "marks[0].date"),
        ({"weight": pa.array([Decimal(1), Decimal("9" * 38)], pa.decimal128(38, 0))}, "marks[1].weight"),
        ({"weight": pa.array([Decimal(1), Decimal("0.00001")], pa.decimal128(10, 5))}, "marks[1].weight"),
        ({"retake_of": pa.array([None, -5], pa.int64())}, "marks[1].retake_of"),
    ],
)
def test_hostile_text_and_numbers_at_their_limits_store_nothing(s, change, field):
    base = {
        "student": pa.array([s.student] * 2, pa.int64()),
        "subject": [s.maths] * 2,
        "date": pa.array([D(2024, 9, 2)] * 2, pa.date32()),
        "value": ["5", "4"],
        "work_kind": [s.homework] * 2,
    }
    base.update(change)
    with pytest.raises(diary.InvalidInput) as e:
        s.diary.record_marks(s.t, pa.table(base))
    assert e.value.field == field
    assert s.diary.class_marks(s.admin, s.class_5a, s.q1) == []
