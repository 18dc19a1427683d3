"""Hardening through the Python module: another school's objects are "not
found", numbers outside their ranges and hostile text are refused with
InvalidInput naming the field, wrong current passwords lock the account,
transfer codes, and access-log anchors and repair."""

import datetime as dt
import sqlite3
from decimal import Decimal

import pytest

import schooldiary as diary
from conftest import build

D = dt.date


def second_school(d: diary.Diary, op: diary.Actor):
    school = d.create_school(op, "Lyceum 2", "Moscow", "Europe/Moscow").id
    admin = d.register_person(op, school, "Sidorova", "Olga", D(1970, 2, 2), snils="222-333-444 16").id
    d.appoint_staff(op, school, admin, diary.StaffRole.ADMIN)
    admin = diary.Actor.vouched(admin)
    year = d.create_year(admin, school, "2024/25", D(2024, 9, 1), D(2025, 5, 31)).id
    cls = d.create_class(admin, year, 5, "B").id
    pupil = d.register_person(admin, school, "Orlov", "Oleg", D(2013, 4, 4)).id
    d.enrol(admin, pupil, cls, D(2024, 9, 1))
    return school, admin, cls, pupil


def test_another_schools_people_are_not_found(school):
    d = school.diary
    _, admin2, cls2, pupil2 = second_school(d, school.op)
    # School 2's admin names school 1's mother and student by id.
    with pytest.raises(diary.NotFound) as foreign:
        d.add_guardian(admin2, pupil2, school.mother, diary.Relation.MOTHER, legal_representative=True)
    with pytest.raises(diary.NotFound) as missing:
        d.add_guardian(admin2, pupil2, 99999, diary.Relation.MOTHER, legal_representative=True)
    assert str(foreign.value).replace(str(school.mother), "#") == str(missing.value).replace("99999", "#")
    for call in (
        lambda: d.issue_credentials(admin2, school.mother),
        lambda: d.enrol(admin2, school.student, cls2, D(2024, 9, 2)),
        lambda: d.person(admin2, school.student),
        lambda: d.marks(admin2, school.student, D(2024, 9, 1), D(2024, 10, 1)),
        lambda: d.class_roster(admin2, school.class_5a, D(2024, 9, 2)),
    ):
        with pytest.raises(diary.NotFound):
            call()
    # The refusals are in school 1's log.
    refused = [e for e in d.access_log_of_school(school.admin, school.school) if not e.allowed]
    assert len(refused) >= 5


def test_transfer_codes_move_a_student_with_the_old_schools_consent(school):
    d = school.diary
    _, admin2, cls2, _ = second_school(d, school.op)
    code = d.issue_transfer_code(school.admin, school.student)
    assert code.student == school.student and len(code.code) == 14
    [e] = d.enrolments(school.admin, school.student)
    d.end_enrolment(school.admin, e.id, D(2025, 1, 31), diary.EndReason.TRANSFERRED)
    enrolment = d.enrol_with_transfer_code(admin2, code.code, cls2, D(2025, 2, 1))
    assert enrolment.student == school.student
    with pytest.raises(diary.InvalidInput) as err:
        d.enrol_with_transfer_code(admin2, code.code, cls2, D(2025, 2, 1))
    assert err.value.field == "code"


def test_numbers_outside_their_ranges_are_refused(school):
    d = school.diary
    with pytest.raises(diary.InvalidInput) as err:
        d.create_scale(school.admin, school.school, "huge", "Huge", {"a": Decimal("99999999999999999999999999.99"), "b": 0})
    assert err.value.field == "values"
    with pytest.raises(diary.InvalidInput) as err:
        d.create_scale(school.admin, school.school, "big", "Big", {"a": 2**62, "b": 0})
    assert err.value.field == "values"
    kind = d.create_work_kind(school.admin, school.school, "Test", 2, min_weight=1, max_weight=10).id
    d.add_period(school.admin, school.year, diary.PeriodKind.QUARTER, "Q1", D(2024, 9, 2), D(2024, 10, 25))
    d.assign_teacher(school.admin, school.teacher, school.class_5a, school.maths)
    teacher = diary.Actor.vouched(school.teacher)
    for weight in (Decimal("5.000000000000000000001"), Decimal("0"), Decimal("1000.01")):
        with pytest.raises(diary.InvalidInput) as err:
            d.record_mark(teacher, school.student, school.maths, D(2024, 9, 10), "5", kind, weight=weight)
        assert err.value.field == "weight"
    with pytest.raises(diary.InvalidInput) as err:
        d.create_work_kind(school.admin, school.school, "Huge", 5000)
    assert err.value.field in ("default_weight", "max_weight", "min_weight")


def test_hostile_text_and_dates_are_refused(school):
    d = school.diary
    for bad in ("Ivan\u202eovа", "Iv\u200ban", "\ufeffIvan", "Iv\x00an", "Iv\x1b[31man", "Iv\ue000an"):
        with pytest.raises(diary.InvalidInput) as err:
            d.register_person(school.admin, school.school, bad, "X", D(2013, 1, 1))
        assert err.value.field == "surname"
    # NFC and one plain space: "й" typed as и + breve, doubled no-break spaces.
    p = d.register_person(school.admin, school.school, "Ан\u00a0\u00a0на", "\u0438\u0306", D(2013, 1, 1))
    assert (p.surname, p.first_name) == ("Ан на", "\u0439")
    with pytest.raises(diary.InvalidInput) as err:
        d.add_remark(diary.Actor.vouched(school.teacher), school.student, D(1, 1, 1), diary.RemarkKind.NEUTRAL, "x")
    assert err.value.field == "date"
    with pytest.raises(diary.InvalidInput) as err:
        d.create_year(school.admin, school.school, "far", D(9998, 9, 1), D(9999, 5, 31))
    assert err.value.field == "start"


def test_wrong_current_passwords_lock_the_account(school):
    d = school.diary
    creds = d.issue_credentials(school.admin, school.mother)
    first = d.login(creds.login, creds.temporary_password)
    for weak in ("Password1!", "diary2024", "aaaaaaaa", "abcdefgh", "qwertyui", "ivanova2024"):
        with pytest.raises(diary.InvalidInput) as err:
            d.change_password(first.token, creds.temporary_password, weak)
        assert err.value.field == "password"
    d.change_password(first.token, creds.temporary_password, "correct horse battery")
    s = d.login(creds.login, "correct horse battery")
    for _ in range(8):
        with pytest.raises(diary.AuthenticationFailed):
            d.change_password(s.token, "a wrong guess", "another fine passphrase")
    with pytest.raises(diary.AuthenticationFailed):
        d.login(creds.login, "correct horse battery")


def test_access_log_anchors_and_a_tampered_file(tmp_path):
    path = tmp_path / "school.diary"
    s = build(diary.Diary.create(path))
    d = s.diary
    d.marks(diary.Actor.vouched(s.mother), s.student, D(2024, 9, 1), D(2024, 10, 1))
    head = d.access_log_head(s.op)
    assert head is not None
    anchor_id, anchor_hash = head
    entries, broken, matches = d.verify_access_log_against(s.op, anchor_id, anchor_hash)
    assert (broken, matches) == (None, True) and entries >= anchor_id
    with pytest.raises(diary.InvalidInput) as bad:
        d.verify_access_log_against(s.op, anchor_id, anchor_hash.upper())
    assert bad.value.field == "anchor"
    with pytest.raises(diary.AccessDenied):
        d.access_log_head(diary.Actor.vouched(s.teacher))
    d.close()
    c = sqlite3.connect(path)
    c.execute("DROP TRIGGER access_log_no_delete")
    c.execute("DELETE FROM access_log WHERE id = ?", (anchor_id,))
    c.commit()
    c.close()
    with pytest.raises(diary.Corrupt) as err:
        diary.Diary.open(path)
    assert err.value.code == 11 and isinstance(err.value, diary.StorageError)
    assert diary.Diary.repair_schema(path) == ["trigger access_log_no_delete recreated"]
    d = diary.Diary.open(path)
    _, _, matches = d.verify_access_log_against(s.op, anchor_id, anchor_hash)
    assert matches is False
    d.close()


def test_ids_outside_their_range_are_invalid_input(school):
    d = school.diary
    for bad in (2**63, 2**70, -1, 0):
        with pytest.raises(diary.InvalidInput) as err:
            d.person(school.admin, bad)
        assert err.value.field == "person"
        with pytest.raises(diary.InvalidInput) as err:
            d.marks(school.admin, bad, D(2024, 9, 1), D(2024, 9, 2))
        assert err.value.field == "student"
    with pytest.raises(diary.InvalidInput) as err:
        diary.Actor.vouched(2**64)
    assert err.value.field == "person"
    for wrong in ("3", True, 3.0):
        with pytest.raises(TypeError):
            d.person(school.admin, wrong)


def test_counts_outside_their_range_are_invalid_input(school):
    d = school.diary
    for bad in (-1, 2**40):
        with pytest.raises(diary.InvalidInput) as err:
            d.set_min_group_size(school.op, bad)
        assert err.value.field == "n"
        with pytest.raises(diary.InvalidInput) as err:
            d.set_family_visibility_window(school.admin, school.school, bad)
        assert err.value.field == "days"
    with pytest.raises(diary.InvalidInput) as err:
        d.create_class(school.admin, school.year, -5, "Z")
    assert err.value.field == "grade"
    with pytest.raises(diary.InvalidInput) as err:
        diary.LessonKey(school.class_5a, D(2024, 9, 2), 300)
    assert err.value.field == "number"
