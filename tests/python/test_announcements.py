"""Announcements from Python: publishing from a dict (enums or their text),
a family's list, read receipts, edits with versions, withdrawal, and
another school's admin learning nothing."""

from __future__ import annotations

import datetime as dt

import pytest

import schooldiary as diary
from conftest import build

D = dt.date


def quarantine(school: int, class_id: int) -> diary.NewAnnouncement:
    return {
        "school": school,
        "kind": diary.AnnouncementKind.QUARANTINE,
        "urgent": True,
        "title": "Quarantine",
        "body": "5A stays home",
        "audience": [{"scope": diary.AudienceScope.CLASS, "id": class_id, "role": "parents"}],
        "shown_from": D(2024, 9, 20),
        "shown_until": D(2024, 9, 27),
    }


def test_announcements_reach_the_family_and_are_tracked() -> None:
    clock = diary.ManualClock(dt.datetime(2024, 9, 20, 10, tzinfo=dt.timezone.utc))
    s = build(diary.Diary.in_memory(clock=clock))
    d, teacher = s.diary, diary.Actor.vouched(s.teacher)
    mother = diary.Actor.vouched(s.mother)
    a = d.publish_announcement(teacher, quarantine(s.school, s.class_5a))
    assert a.kind == diary.AnnouncementKind.QUARANTINE and a.urgent
    assert a.audience[0].role == diary.AudienceRole.PARENTS
    mine = d.announcements_for(mother, s.mother)
    assert [x.title for x in mine] == ["Quarantine"] and mine[0].read_at is None
    assert [x.id for x in d.announcements_for(mother, s.mother, child=s.student)] == [a.id]
    assert d.announcements_for(diary.Actor.vouched(s.student), s.student) == []
    d.mark_announcement_read(mother, a.id)
    receipts = d.announcement_receipts(teacher, a.id)
    assert [(r.person, r.read_at is not None) for r in receipts] == [(s.mother, True)]
    edited = d.edit_announcement(teacher, a.id, {"body": "5A stays home until Friday"})
    assert edited.edits == 1
    assert d.announcement_versions(s.admin, a.id)[0].body == "5A stays home"
    with pytest.raises(diary.InvalidInput) as e:
        d.edit_announcement(teacher, a.id, {"titel": "x"})  # type: ignore[typeddict-unknown-key]
    assert e.value.field == "edit.titel"
    with pytest.raises(diary.AccessDenied):
        d.publish_announcement(mother, quarantine(s.school, s.class_5a))
    # Another school's admin: the same answer as for a missing id.
    op = diary.Actor.operator()
    other = d.create_school(op, "Other", "Moscow", "Europe/Moscow").id
    spy = d.register_person(op, other, "Spy", "S", D(1980, 1, 1), snils="222-333-444 16").id
    d.appoint_staff(op, other, spy, diary.StaffRole.ADMIN)
    with pytest.raises(diary.NotFound):
        d.announcement(diary.Actor.vouched(spy), a.id)
    with pytest.raises(diary.NotFound):
        d.announcement_receipts(diary.Actor.vouched(spy), a.id)
    d.withdraw_announcement(s.admin, a.id)
    assert d.announcements_for(mother, s.mother) == []
