"""A person's data from Python: the export as one JSON document with the
represented children and nothing of other families; refusals."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import schooldiary as diary
from conftest import build

D = dt.date


def test_export() -> None:
    s = build(diary.Diary.in_memory())
    d = s.diary
    d.add_period(s.admin, s.year, diary.PeriodKind.QUARTER, "Q1", D(2024, 9, 2), D(2024, 10, 25))
    kind = d.create_work_kind(s.admin, s.school, "Oral", "1").id
    d.assign_teacher(s.admin, s.teacher, s.class_5a, s.maths)
    other = d.register_person(s.admin, s.school, "Zyablikova", "Zoya", D(2013, 5, 5)).id
    d.enrol(s.admin, other, s.class_5a, D(2024, 9, 1))
    teacher = diary.Actor.vouched(s.teacher)
    d.record_mark(teacher, s.student, s.maths, D(2024, 9, 9), "4", kind)
    d.record_mark(teacher, other, s.maths, D(2024, 9, 9), "5", kind)
    mother = diary.Actor.vouched(s.mother)
    text = d.export_personal_data(mother, s.mother)
    doc = json.loads(text)
    assert doc["schema"] == "diary.personal-data/1"
    [child] = doc["represented_children"]
    assert child["person"]["id"] == s.student
    assert [m["label"] for m in child["marks"]] == ["4"]
    assert child["classes"][0]["students"] == 2
    assert "Zyablikova" not in text
    with pytest.raises(diary.AccessDenied):
        d.export_personal_data(teacher, s.student)
    with pytest.raises(diary.InvalidInput):
        d.export_personal_data(mother, 0)


def test_erasure() -> None:
    s = build(diary.Diary.in_memory())
    d = s.diary
    with pytest.raises(diary.Conflict):
        d.erase_person(s.admin, s.student, diary.ErasureGround.SUBJECT_REQUEST)
    with pytest.raises(diary.AccessDenied):
        d.erase_person(diary.Actor.vouched(s.teacher), s.mother, "subject_request")
    with pytest.raises(diary.Conflict):
        d.erase_person(s.admin, s.mother, "retention_expired", note="file 12")
    nanny = d.register_person(s.admin, s.school, "Nanny", "N", D(1970, 1, 1)).id
    r = d.erase_person(s.admin, nanny, diary.ErasureGround.RETENTION_EXPIRED, note="file 12")
    assert r.ground is diary.ErasureGround.RETENTION_EXPIRED and r.pseudonym.startswith("P-")
    assert ("identity", 1) in r.erased
    assert d.erasure_record(s.admin, nanny) == r
    assert d.person(s.admin, nanny).surname == "Erased"
    with pytest.raises(diary.NotFound):
        d.erasure_record(s.admin, s.mother)


def test_merge() -> None:
    s = build(diary.Diary.in_memory())
    d = s.diary
    twin = d.register_person(s.admin, s.school, "Ivanova", "Mariya", D(1985, 7, 7)).id
    d.add_guardian(s.admin, s.student, twin, diary.Relation.MOTHER, legal_representative=True)
    with pytest.raises(diary.AccessDenied):
        d.merge_people(diary.Actor.vouched(s.teacher), s.mother, twin, "twice")
    with pytest.raises(diary.Conflict):
        d.merge_people(s.admin, s.mother, s.student, "twice")
    kept = d.merge_people(s.admin, s.mother, twin, "registered twice")
    assert kept.id == s.mother
    assert [g.guardian for g in d.guardians(s.admin, s.student)] == [s.mother]


def test_a_key_is_refused_by_a_build_without_encryption(tmp_path) -> None:
    # The bindings are built without SQLCipher: a key is refused, never
    # silently ignored (which would write clear text).
    with pytest.raises(diary.InvalidInput) as e:
        diary.Diary.create(tmp_path / "secret.diary", key="correct horse")
    assert e.value.field == "key"
    assert not (tmp_path / "secret.diary").exists()
