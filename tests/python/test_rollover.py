"""Year rollover and the office's CSV tables from Python: a dry run that stores nothing, then the
rollover it showed; a bad plan refused naming the field; another school's
admin refused without learning the year exists."""

from __future__ import annotations

from datetime import date as D

import pytest

import schooldiary as diary
from conftest import Fixture


def test_rollover_from_python(school: Fixture) -> None:
    d, admin = school.diary, school.admin
    d.add_period(admin, school.year, diary.PeriodKind.QUARTER, "Q1", D(2024, 9, 2), D(2024, 10, 25))
    senior_class = d.create_class(admin, school.year, 11, "A").id
    senior = d.register_person(admin, school.school, "Senior", "S", D(2007, 1, 1), snils="222-333-444 16").id
    d.enrol(admin, senior, senior_class, D(2024, 9, 1))
    plan: diary.YearRolloverInput = {
        "from_year": school.year,
        "new_year": {"label": "2025/26", "start": D(2025, 9, 1), "end": D(2026, 5, 31)},
        "letters": [(school.class_5a, "V")],
    }
    years = d.years(admin, school.school)
    dry = d.roll_over_year(admin, plan, dry_run=True)
    assert dry["dry_run"] and dry["new_year"] is None
    assert d.years(admin, school.school) == years
    # Renaming 5A to B would collide with 5B's promotion.
    with pytest.raises(diary.Conflict):
        d.roll_over_year(admin, {**plan, "letters": [(school.class_5a, "B")]}, dry_run=True)
    done = d.roll_over_year(admin, plan)
    assert done["new_year"] is not None
    assert [(k["from_name"], k["to_name"], k["promoted"]) for k in done["classes"]] == [
        ("5A", "6V", 1),
        ("5B", "6B", 0),
        ("11A", None, 0),
    ]
    assert done["classes"][0]["from"] == school.class_5a
    assert [g["student"] for g in done["graduated"]] == [senior]
    assert done["periods"] == [["Q1", "2025-09-01", "2025-10-24"]]
    assert d.rollover_report(admin, school.year) == done
    enrolments = d.enrolments(admin, school.student)
    assert enrolments[0].end_reason is diary.EndReason.PROMOTED
    with pytest.raises(diary.Conflict):
        d.roll_over_year(admin, plan)


def test_bad_plans_and_strangers(school: Fixture) -> None:
    d, admin, op = school.diary, school.admin, diary.Actor.operator()
    plan: diary.YearRolloverInput = {
        "from_year": school.year,
        "new_year": {"label": "2025/26", "start": D(2025, 9, 1), "end": D(2026, 5, 31)},
        "final_grade": 13,
    }
    with pytest.raises(diary.InvalidInput) as e:
        d.roll_over_year(admin, plan, dry_run=True)
    assert e.value.field == "final_grade"
    other = d.create_school(op, "Other", "Moscow", "Europe/Moscow").id
    other_admin = d.register_person(op, other, "Other", "O", D(1981, 1, 1), snils="200-300-400 48").id
    d.appoint_staff(op, other, other_admin, diary.StaffRole.ADMIN)
    del plan["final_grade"]
    with pytest.raises(diary.NotFound):
        d.roll_over_year(diary.Actor.vouched(other_admin), plan, dry_run=True)
    with pytest.raises(diary.AccessDenied):
        d.roll_over_year(diary.Actor.vouched(school.mother), plan, dry_run=True)
    assert d.rollover_report(admin, school.year) is None


def test_office_tables_as_csv(school: Fixture) -> None:
    from conftest import mark_two_students

    s = mark_two_students(school)
    d, admin = s.diary, s.admin
    t = diary.Actor.vouched(s.teacher)
    marks = d.class_marks_csv(t, s.class_5a, s.q1, s.maths)
    lines = marks.lstrip("\ufeff").split("\r\n")
    assert lines[0] == "student,2024-09-10,2024-09-17,2024-09-24,average,mark"
    assert len(lines) == 4 and lines[-1] == ""
    missing = d.missing_marks_csv(admin, s.class_5a, s.q1, min_marks=4)
    assert missing.count("Mathematics,3,") == 2
    assert d.missing_marks_csv(admin, s.class_5a, s.q1).count("\r\n") == 1
    att = d.class_attendance_csv(admin, s.class_5a, D(2024, 9, 2), D(2024, 9, 27))
    assert "\r\ntotal," in att
    with pytest.raises(diary.AccessDenied):
        d.missing_marks_csv(diary.Actor.vouched(s.mother), s.class_5a, s.q1)
