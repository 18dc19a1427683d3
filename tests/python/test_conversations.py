"""Conversations and class chats from Python: a mother and the class
teacher talk about her child, unread counts per child, pages with a cursor,
edits with history, search, a class chat's moderation, the school's rules,
retention, and another school's admin learning nothing."""

from __future__ import annotations

import datetime as dt

import pytest

import schooldiary as diary
from conftest import Fixture, build

D = dt.date
UTC = dt.timezone.utc


def setup() -> tuple[Fixture, diary.ManualClock, int]:
    clock = diary.ManualClock(dt.datetime(2024, 9, 20, 10, tzinfo=UTC))
    s = build(diary.Diary.in_memory(clock=clock))
    d = s.diary
    son = d.register_person(s.admin, s.school, "Sidorov", "S", D(2013, 4, 4), snils="100-200-300 30").id
    d.enrol(s.admin, son, s.class_5a, D(2024, 9, 1))
    father = d.register_person(s.admin, s.school, "Sidorov", "F", D(1982, 8, 8), snils="200-300-400 48").id
    d.add_guardian(s.admin, son, father, diary.Relation.FATHER, legal_representative=True)
    return s, clock, father


def test_a_mother_and_the_class_teacher_talk() -> None:
    s, clock, father = setup()
    d = s.diary
    mother, teacher = diary.Actor.vouched(s.mother), diary.Actor.vouched(s.teacher)
    c = d.start_conversation(
        mother, {"school": s.school, "child": s.student, "participants": [s.teacher], "title": "Homework"}
    )
    assert c.kind == diary.ConversationKind.DIRECT and c.child == s.student
    assert sorted(p.person for p in c.participants) == sorted([s.mother, s.teacher])
    first = d.post_chat_message(mother, {"conversation": c.id, "text": "Какое домашнее задание?"})
    d.post_chat_message(
        mother,
        {
            "conversation": c.id,
            "text": "Фото тетради",
            "attachments": [{"name": "a.jpg", "media_type": "image/jpeg", "size": 10, "url": "https://f.example/a"}],
        },
    )
    unread = d.unread_counts(teacher, s.teacher)
    assert unread.total == 2 and unread.by_child == [(s.student, 2)] and unread.by_conversation == [(c.id, 2)]
    reply = d.post_chat_message(teacher, {"conversation": c.id, "text": "Стр. 12", "reply_to": first.id})
    assert reply.reply_to == first.id and isinstance(reply.sent_at, dt.datetime)
    page = d.chat_messages(mother, c.id, limit=2)
    assert [m.text for m in page.messages] == ["Стр. 12", "Фото тетради"]
    assert page.messages[1].attachments[0].name == "a.jpg"
    rest = d.chat_messages(mother, c.id, before=page.next, limit=2)
    assert [m.id for m in rest.messages] == [first.id] and rest.next is None
    d.mark_conversation_read(mother, c.id)
    assert d.unread_counts(mother, s.mother).total == 0
    # Edits within the window keep the old text; search finds the new one.
    d.edit_chat_message(mother, first.id, "Какое задание по алгебре?")
    assert [v.text for v in d.chat_message_versions(mother, first.id)] == ["Какое домашнее задание?"]
    assert [m.id for m in d.search_chat_messages(teacher, s.teacher, "АЛГЕБР")] == [first.id]
    assert d.search_chat_messages(diary.Actor.vouched(father), father, "алгебре") == []
    clock.set(dt.datetime(2024, 9, 20, 10, 16, tzinfo=UTC))
    with pytest.raises(diary.InvalidInput) as e:
        d.edit_chat_message(mother, first.id, "late")
    assert e.value.field == "message"
    d.delete_chat_message(mother, first.id)
    assert d.chat_messages(teacher, c.id).messages[-1].text is None
    # Bad input is named; nothing is stored.
    with pytest.raises(diary.InvalidInput) as e:
        d.post_chat_message(mother, {"conversation": c.id, "text": "x", "reply_too": 1})
    assert e.value.field == "message.reply_too"
    with pytest.raises(diary.InvalidInput) as e:
        d.chat_messages(mother, c.id, limit=101)
    assert e.value.field == "limit"
    with pytest.raises(diary.AccessDenied):
        d.start_conversation(mother, {"school": s.school, "child": s.student, "participants": [father]})


def test_a_class_chat_is_moderated() -> None:
    s, clock, father_id = setup()
    d = s.diary
    mother, teacher = diary.Actor.vouched(s.mother), diary.Actor.vouched(s.teacher)
    father = diary.Actor.vouched(father_id)
    with pytest.raises(diary.AccessDenied):
        d.open_class_chat(mother, s.class_5a)
    chat = d.open_class_chat(teacher, s.class_5a)
    assert chat.kind == diary.ConversationKind.CLASS_CHAT and chat.class_ == s.class_5a
    rude = d.post_chat_message(father, {"conversation": chat.id, "text": "Rude words"})
    report = d.report_chat_message(mother, rude.id, "insults")
    assert [r.id for r in d.chat_reports(teacher, s.school, conversation=chat.id)] == [report]
    d.hide_chat_message(teacher, rude.id, "insults another family")
    assert d.chat_messages(mother, chat.id).messages == []
    hidden = d.chat_messages(father, chat.id).messages[0].hidden
    assert hidden is not None and hidden.reason == "insults another family" and hidden.by == s.teacher
    until = int(dt.datetime(2024, 9, 21, 10, tzinfo=UTC).timestamp())
    d.mute_participant(teacher, chat.id, father_id, until=until)
    with pytest.raises(diary.AccessDenied) as e:
        d.post_chat_message(father, {"conversation": chat.id, "text": "hello"})
    assert "muted" in str(e.value)
    d.leave_conversation(mother, chat.id)
    assert d.conversations(mother, s.mother) == []
    # The school's rules: only admins set them; values are checked.
    rules = d.messaging_settings(s.admin, s.school)
    assert rules.parents_reach_teachers and rules.retention_action == diary.RetentionAction.ARCHIVE
    settings: diary.MessagingSettingsInput = {
        "parents_reach_teachers": True,
        "parents_reach_class_teacher": True,
        "parents_reach_admins": True,
        "students_take_part": False,
        "edit_window_minutes": 15,
        "retention_years": 1,
        "retention_action": diary.RetentionAction.ARCHIVE,
    }
    with pytest.raises(diary.AccessDenied):
        d.set_messaging_settings(mother, s.school, settings)
    d.set_messaging_settings(s.admin, s.school, settings)
    clock.set(dt.datetime(2026, 6, 2, 10, tzinfo=UTC))
    done = d.apply_conversation_retention(s.admin, s.school)
    assert [r.conversation for r in done] == [chat.id] and done[0].action == diary.RetentionAction.ARCHIVE
    assert d.conversation_retention_records(s.admin, s.school) == done


def test_another_school_learns_nothing() -> None:
    s, _, _ = setup()
    d = s.diary
    mother = diary.Actor.vouched(s.mother)
    c = d.start_conversation(mother, {"school": s.school, "child": s.student, "participants": [s.teacher]})
    m = d.post_chat_message(mother, {"conversation": c.id, "text": "private"})
    op = diary.Actor.operator()
    other = d.create_school(op, "Other", "Moscow", "Europe/Moscow").id
    spy_id = d.register_person(op, other, "Spy", "S", D(1980, 1, 1), snils="222-333-444 16").id
    d.appoint_staff(op, other, spy_id, diary.StaffRole.ADMIN)
    spy = diary.Actor.vouched(spy_id)
    for call in (
        lambda: d.conversation(spy, c.id),
        lambda: d.chat_messages(spy, c.id),
        lambda: d.post_chat_message(spy, {"conversation": c.id, "text": "x"}),
        lambda: d.edit_chat_message(spy, m.id, "x"),
        lambda: d.hide_chat_message(spy, m.id, "x"),
        lambda: d.report_chat_message(spy, m.id, "x"),
        lambda: d.conversation(spy, 999_999),
    ):
        with pytest.raises(diary.NotFound):
            call()
    assert [x.text for x in d.chat_messages(mother, c.id).messages] == ["private"]
