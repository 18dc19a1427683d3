"""A small school shared by the Python tests."""

import datetime as dt
from decimal import Decimal
from dataclasses import dataclass

import pytest

import schooldiary as diary

D = dt.date


@dataclass
class Fixture:
    diary: diary.Diary
    op: diary.Actor
    admin: diary.Actor
    school: int
    year: int
    teacher: int
    class_5a: int
    class_5b: int
    maths: int
    student: int
    mother: int


def build(d: diary.Diary) -> Fixture:
    op = diary.Actor.operator()
    school = d.create_school(op, "School No. 1", "Moscow", "Europe/Moscow").id
    admin_p = d.register_person(op, school, "Admin", "Anna", D(1980, 1, 1), snils="112-233-445 95").id
    d.appoint_staff(op, school, admin_p, diary.StaffRole.ADMIN)
    admin = diary.Actor.vouched(admin_p)
    year = d.create_year(admin, school, "2024/25", D(2024, 9, 1), D(2025, 5, 31)).id
    teacher = d.register_person(
        admin, school, "Petrov", "Pavel", D(1975, 5, 5), patronymic="Ivanovich", snils="123-456-789 64"
    ).id
    d.appoint_staff(admin, school, teacher, "teacher")
    class_5a = d.create_class(admin, year, 5, "A", class_teacher=teacher).id
    class_5b = d.create_class(admin, year, 5, "B").id
    maths = d.create_subject(admin, school, "Mathematics").id
    student = d.register_person(admin, school, "Ivanov", "Ivan", D(2013, 3, 3), snils="087-654-321 02").id
    d.enrol(admin, student, class_5a, D(2024, 9, 1))
    mother = d.register_person(admin, school, "Ivanova", "Maria", D(1985, 7, 7), snils="111-111-111 45").id
    d.add_guardian(admin, student, mother, diary.Relation.MOTHER, legal_representative=True)
    return Fixture(d, op, admin, school, year, teacher, class_5a, class_5b, maths, student, mother)


@pytest.fixture
def school() -> Fixture:
    return build(diary.Diary.in_memory())


@pytest.fixture
def file_school(tmp_path) -> Fixture:
    return build(diary.Diary.create(tmp_path / "school.diary"))


def mark_two_students(s: Fixture, weight_on_17: Decimal = Decimal(1)) -> Fixture:
    """Quarter 1 (``s.q1``) of 5A in maths with a second student
    (``s.other``) and three homework marks each: 5, 4, 3 for the first on
    10, 17 and 24 September (the 17th at ``weight_on_17``), 3, 4, 3 for the
    other. The analysis and Arrow tests read them back."""
    d, admin = s.diary, s.admin
    s.q1 = d.add_period(admin, s.year, diary.PeriodKind.QUARTER, "Q1", D(2024, 9, 2), D(2024, 10, 25)).id
    kind = d.create_work_kind(admin, s.school, "Homework", 1, min_weight=Decimal("0.5"), max_weight=2).id
    d.assign_teacher(admin, s.teacher, s.class_5a, s.maths)
    s.other = d.register_person(admin, s.school, "Smirnova", "Olga", D(2013, 5, 5), snils="222-333-444 16").id
    d.enrol(admin, s.other, s.class_5a, D(2024, 9, 1))
    t = diary.Actor.vouched(s.teacher)
    for day, a, b in [(10, "5", "3"), (17, "4", "4"), (24, "5", "3")]:
        d.record_mark(t, s.student, s.maths, D(2024, 9, day), a, kind, weight=weight_on_17 if day == 17 else 1)
        d.record_mark(t, s.other, s.maths, D(2024, 9, day), b, kind)
    return s
