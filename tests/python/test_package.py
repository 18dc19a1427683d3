"""The package as an analyst meets it: its name, opening without
accidents, strict argument types, exceptions that fit Python's own."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

import schooldiary as diary

D = dt.date


def test_the_import_name_is_the_distribution_name():
    # "diary" on the package index is another project: both names are ours.
    assert diary.__name__ == "schooldiary"
    assert diary.Diary.__module__ == "schooldiary"
    assert diary.InvalidInput.__module__ == "schooldiary._errors"


def test_open_never_creates_a_file(tmp_path):
    typo = tmp_path / "shcool.diary"
    with pytest.raises(diary.NotADiary) as err:
        diary.Diary.open(typo)
    assert not typo.exists()
    assert isinstance(err.value, OSError) and err.value.code == 7
    empty = tmp_path / "empty.diary"
    empty.write_bytes(b"")
    with pytest.raises(diary.NotADiary):
        diary.Diary.open(empty)
    assert empty.read_bytes() == b""
    # Creating is explicit, and what was created opens.
    path = tmp_path / "school.diary"
    with diary.Diary.create(path) as d:
        d.create_school(diary.Actor.operator(), "School 9", "Tver", "Europe/Moscow")
    with diary.Diary.open(path) as d:
        assert [s.name for s in d.schools(diary.Actor.operator())] == ["School 9"]
    # create() on an existing diary opens it, keeping what it holds.
    with diary.Diary.create(path) as d:
        assert len(d.schools(diary.Actor.operator())) == 1


@pytest.mark.parametrize(
    "error, bases, code",
    [
        (diary.InvalidInput, (ValueError,), 1),
        (diary.NotFound, (LookupError,), 2),
        (diary.AccessDenied, (PermissionError, OSError), 4),
        (diary.AuthenticationFailed, (PermissionError,), 5),
        (diary.StorageError, (OSError,), 6),
        (diary.NotADiary, (OSError,), 7),
        (diary.Corrupt, (OSError,), 11),
        (diary.Busy, (TimeoutError, OSError), 12),
        (diary.ReadOnly, (OSError,), 13),
        (diary.DiskFull, (OSError,), 14),
        (diary.IoError, (OSError,), 15),
        (diary.ResyncNeeded, (), 16),
    ],
)
def test_exceptions_derive_from_the_matching_builtins(error, bases, code):
    assert issubclass(error, diary.DiaryError)
    for base in bases:
        assert issubclass(error, base)
    assert error.code == code


def test_raised_errors_are_caught_as_builtins(school):
    d, admin = school.diary, school.admin
    with pytest.raises(ValueError) as err:
        d.create_class(admin, school.year, 42, "A")
    assert isinstance(err.value, diary.InvalidInput)
    assert err.value.field == "grade" and err.value.code == 1
    with pytest.raises(LookupError) as err:
        d.person(admin, 999_999)
    assert isinstance(err.value, diary.NotFound) and err.value.field is None
    with pytest.raises(PermissionError) as err:
        d.create_school(diary.Actor.vouched(school.mother), "X", "Y", "Europe/Moscow")
    assert isinstance(err.value, diary.AccessDenied) and err.value.code == 4
    assert str(err.value)  # the message survives the built-in base


def test_a_datetime_is_not_a_date(school):
    d, admin = school.diary, school.admin
    noon = dt.datetime(2024, 9, 2, 12, 0)
    with pytest.raises(TypeError, match="datetime"):
        d.create_year(admin, school.school, "2025/26", noon, D(2026, 5, 31))
    with pytest.raises(TypeError, match="datetime"):
        d.enrol(admin, school.student, school.class_5b, noon)
    # Nothing was stored by the refused calls.
    assert [y.label for y in d.years(admin, school.school)] == ["2024/25"]
    # A plain date (and a date subclass that is not a datetime) is fine.
    assert d.create_year(admin, school.school, "2025/26", D(2025, 9, 1), D(2026, 5, 31)).label == "2025/26"


def test_fractions_are_exact_numbers_like_decimals(school):
    d, admin = school.diary, school.admin
    kind = d.create_work_kind(admin, school.school, "Quiz", Fraction(3, 2), min_weight=Fraction(1, 2), max_weight=2)
    assert kind.default_weight == Decimal("1.5") and kind.min_weight == Decimal("0.5")
    # A Fraction a weight cannot hold (hundredths) is refused, naming it.
    with pytest.raises(diary.InvalidInput) as err:
        d.create_work_kind(admin, school.school, "Essay", Fraction(1, 3))
    assert err.value.field == "default_weight"
    with pytest.raises(diary.InvalidInput):
        d.create_work_kind(admin, school.school, "Essay", 1.5)  # a float is never exact


def test_typed_inputs_and_documented_calls(school):
    # The TypedDicts are plain dicts at run time and name the keys the
    # calls take.
    rule: diary.GradingRule = {"method": "median", "min_marks": 1}
    assert set(diary.GradingRule.__annotations__) >= {"method", "thresholds", "retakes"}
    assert {"student", "subject", "date", "work_kind", "value", "weight"} <= set(diary.MarkInput.__annotations__)
    d, admin = school.diary, school.admin
    d.set_grading_rule(admin, school.school, rule)
    assert d.grading_rule(admin, school.school)["method"] == "median"
    # help() shows an example and the returned keys.
    assert "Example::" in diary.Diary.average.__doc__
    assert "student_name" in diary.Diary.class_marks.__doc__
    assert "rate_num" in diary.Diary.class_attendance_arrow.__doc__
