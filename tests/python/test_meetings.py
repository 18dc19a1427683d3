"""Meetings from Python: a parents' evening with an agenda, answers,
minutes, refusals naming the field, and another school's admin learning
nothing."""

from __future__ import annotations

import datetime as dt

import pytest

import schooldiary as diary
from conftest import build

D = dt.date


def evening(school: int, class_id: int, teacher: int) -> diary.NewMeeting:
    return {
        "school": school,
        "kind": diary.MeetingKind.PARENTS_EVENING,
        "title": "Parents' evening",
        "day": D(2024, 9, 26),
        "starts": "18:00",
        "minutes": 60,
        "place": "Room 12",
        "audience": [{"scope": "class", "id": class_id, "role": diary.AudienceRole.PARENTS}],
        "agenda": [
            {"title": "Marks", "presenter": teacher, "starts": "18:00", "minutes": 30},
            {"title": "Excursion", "starts": "18:30", "minutes": 20},
        ],
    }


def test_a_parents_evening_from_python() -> None:
    clock = diary.ManualClock(dt.datetime(2024, 9, 20, 10, tzinfo=dt.timezone.utc))
    s = build(diary.Diary.in_memory(clock=clock))
    d, teacher = s.diary, diary.Actor.vouched(s.teacher)
    mother = diary.Actor.vouched(s.mother)
    m = d.organise_meeting(teacher, evening(s.school, s.class_5a, s.teacher))
    assert m.kind == diary.MeetingKind.PARENTS_EVENING and [i.starts for i in m.agenda] == ["18:00", "18:30"]
    mine = d.meetings_for(mother, s.mother, D(2024, 9, 1), D(2024, 12, 31), child=s.student)
    assert [x.id for x in mine] == [m.id]
    answered = d.reply_to_meeting(mother, m.id, diary.MeetingAnswer.MAYBE, comment="If work allows")
    assert answered.reply is not None and answered.reply.answer == diary.MeetingAnswer.MAYBE
    assert [r.person for r in d.meeting_replies(teacher, m.id)] == [s.mother]
    bad = evening(s.school, s.class_5a, s.teacher)
    bad["agenda"][1]["starts"] = "18:20"
    with pytest.raises(diary.InvalidInput) as e:
        d.organise_meeting(teacher, bad)
    assert e.value.field == "agenda[1].starts"
    clock.set(dt.datetime(2024, 9, 26, 20, tzinfo=dt.timezone.utc))
    done = d.record_meeting_minutes(teacher, m.id, "We met.", ["Excursion on 3 October"])
    assert done.record is not None and done.record.decisions == ["Excursion on 3 October"]
    op = diary.Actor.operator()
    other = d.create_school(op, "Other", "Moscow", "Europe/Moscow").id
    spy = d.register_person(op, other, "Spy", "S", D(1980, 1, 1), snils="222-333-444 16").id
    d.appoint_staff(op, other, spy, diary.StaffRole.ADMIN)
    with pytest.raises(diary.NotFound):
        d.meeting(diary.Actor.vouched(spy), m.id)
    d.cancel_meeting(s.admin, m.id)
    assert d.meetings_for(mother, s.mother, D(2024, 9, 1), D(2024, 12, 31)) == []


def test_meetings_in_icalendar() -> None:
    import icalendar

    clock = diary.ManualClock(dt.datetime(2024, 9, 20, 10, tzinfo=dt.timezone.utc))
    s = build(diary.Diary.in_memory(clock=clock))
    d, teacher = s.diary, diary.Actor.vouched(s.teacher)
    mother = diary.Actor.vouched(s.mother)
    m = d.organise_meeting(teacher, evening(s.school, s.class_5a, s.teacher))
    feed = icalendar.Calendar.from_ical(d.meetings_calendar(mother, s.mother, D(2024, 9, 1), D(2024, 12, 31)))
    assert feed["METHOD"] == "PUBLISH"
    events = [e for e in feed.walk("VEVENT")]
    assert [str(e["UID"]) for e in events] == [f"meeting-{m.id}@diary"]
    start = events[0].decoded("DTSTART")
    assert start.utcoffset() == dt.timedelta(hours=3) and (start.hour, start.minute) == (18, 0)
    d.reply_to_meeting(mother, m.id, diary.MeetingAnswer.MAYBE)
    invite = icalendar.Calendar.from_ical(d.meeting_invitation(mother, m.id))
    assert invite["METHOD"] == "REQUEST"
    (event,) = invite.walk("VEVENT")
    assert event["ATTENDEE"].params["PARTSTAT"] == "TENTATIVE"


def test_appointment_slots() -> None:
    clock = diary.ManualClock(dt.datetime(2024, 9, 20, 10, tzinfo=dt.timezone.utc))
    s = build(diary.Diary.in_memory(clock=clock))
    d, teacher = s.diary, diary.Actor.vouched(s.teacher)
    mother = diary.Actor.vouched(s.mother)
    slots = d.publish_appointment_slots(teacher, s.school, D(2024, 9, 26), "18:00", 15, 3, place="Room 12")
    assert [x.starts for x in slots] == ["18:00", "18:15", "18:30"]
    with pytest.raises(diary.InvalidInput) as e:
        d.publish_appointment_slots(teacher, s.school, D(2024, 9, 26), "18:00", 15, 0)
    assert e.value.field == "count"
    booked = d.book_appointment(mother, slots[0].id, s.student, note="About maths")
    assert booked.booking is not None and booked.booking.child == s.student
    with pytest.raises(diary.Conflict):
        d.book_appointment(mother, slots[0].id, s.student)
    seen = d.appointment_slots(teacher, s.teacher, D(2024, 9, 20), D(2024, 9, 30))
    assert [x.booked for x in seen] == [True, False, False]
    d.cancel_booking(mother, slots[0].id)
    d.cancel_appointment_slot(teacher, slots[2].id)
    with pytest.raises(diary.Conflict):
        d.book_appointment(mother, slots[2].id, s.student)
