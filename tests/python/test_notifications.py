"""Host notifications from Python: a notifier callable told about a class
chat message, muted events, quiet hours queueing until the operator hands
them over, and a raising notifier refusing the write."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import schooldiary as diary
from conftest import build

UTC = dt.timezone.utc


def test_notifications_from_python() -> None:
    clock = diary.ManualClock(dt.datetime(2024, 9, 20, 10, tzinfo=UTC))  # 13:00 in Moscow
    s = build(diary.Diary.in_memory(clock=clock))
    d = s.diary
    teacher, mother = diary.Actor.vouched(s.teacher), diary.Actor.vouched(s.mother)
    chat = d.open_class_chat(teacher, s.class_5a)
    got: list[dict[str, Any]] = []
    d.set_notifier(got.append)
    m = d.post_chat_message(teacher, {"conversation": chat.id, "text": "Excursion on Friday"})
    assert [(n["to"], n["event"], n["object"], n["delayed"]) for n in got] == [
        (s.mother, "chat_message", m.id, False)
    ]
    got.clear()
    with pytest.raises(diary.InvalidInput) as e:
        d.set_notification_preferences(mother, s.mother, {"quiet_from": "22:00"})
    assert e.value.field == "quiet_until"
    with pytest.raises(diary.NotFound):
        d.notification_preferences(teacher, s.mother)
    d.set_notification_preferences(
        mother,
        s.mother,
        {"muted": [diary.NotificationEvent.CHAT_MESSAGE], "quiet_from": "22:00", "quiet_until": "07:00"},
    )
    prefs = d.notification_preferences(mother, s.mother)
    assert prefs.muted == [diary.NotificationEvent.CHAT_MESSAGE] and prefs.quiet_until == "07:00"
    d.post_chat_message(teacher, {"conversation": chat.id, "text": "muted"})
    assert got == []
    clock.set(dt.datetime(2024, 9, 20, 20, tzinfo=UTC))  # 23:00 in Moscow
    d.organise_meeting(
        teacher,
        {
            "school": s.school,
            "kind": diary.MeetingKind.PARENTS_EVENING,
            "title": "Parents' evening",
            "day": dt.date(2024, 9, 26),
            "starts": "18:00",
            "minutes": 60,
            "audience": [{"scope": "class", "id": s.class_5a, "role": "parents"}],
        },
    )
    assert got == [] and d.queued_notifications(s.op) == 1
    clock.set(dt.datetime(2024, 9, 21, 4, tzinfo=UTC))  # 07:00 in Moscow
    assert d.deliver_due_notifications(s.op) == 1
    assert [(n["event"], n["delayed"]) for n in got] == [("meeting_invitation", True)]

    def refuse(_: dict[str, Any]) -> None:
        raise RuntimeError("push service down")

    d.set_notification_preferences(mother, s.mother, {})
    d.set_notifier(refuse)
    with pytest.raises(diary.DeliveryFailed):
        d.post_chat_message(teacher, {"conversation": chat.id, "text": "lost?"})
    d.set_notifier(None)
    assert "lost?" not in [x.text for x in d.chat_messages(mother, chat.id).messages]
    with pytest.raises(diary.InvalidInput):
        d.set_notifier(42)  # type: ignore[arg-type]
