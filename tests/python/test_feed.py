"""The change feed from Python: a parent's pages of changes with a mark's
old -> new value, another school's admin seeing nothing, a listener callable
hearing every committed change (an exception in it undoes nothing), and
the resync error for a pruned or future cursor."""

from __future__ import annotations

import datetime as dt
import sys
from datetime import date as D

import pytest

import schooldiary as diary
from conftest import Fixture, build, mark_two_students

UTC = dt.timezone.utc


def everything(d: diary.Diary, who: diary.Actor, cursor: int, limit: int) -> list[diary.FeedChange]:
    out: list[diary.FeedChange] = []
    while True:
        page = d.changes_since(who, cursor, limit=limit)
        assert len(page.changes) <= limit and page.next_cursor >= cursor
        out.extend(page.changes)
        if not page.more:
            return out
        cursor = page.next_cursor


def test_a_parent_follows_the_feed_and_strangers_see_nothing() -> None:
    clock = diary.ManualClock(dt.datetime(2024, 9, 27, 10, tzinfo=UTC))
    s: Fixture = mark_two_students(build(diary.Diary.in_memory(clock=clock)))
    d = s.diary
    teacher, mother = diary.Actor.vouched(s.teacher), diary.Actor.vouched(s.mother)
    seen = everything(d, mother, 0, 2)
    marks = [c for c in seen if c.entity is diary.FeedEntity.MARK]
    assert [(c.student, c.new_value) for c in marks] == [(s.student, "5"), (s.student, "4"), (s.student, "5")]
    assert all(c.operation is diary.FeedOperation.CREATED and c.subject == s.maths for c in marks)
    assert marks[0].date == D(2024, 9, 10) and marks[0].class_id == s.class_5a
    assert [c.seq for c in seen] == sorted({c.seq for c in seen})

    head = d.change_feed_head(mother)
    d.change_mark(teacher, marks[0].id, "recounted", value="3")
    page = d.changes_since(mother, head)
    assert [(c.entity, c.operation, c.old_value, c.new_value) for c in page.changes] == [
        (diary.FeedEntity.MARK, diary.FeedOperation.CHANGED, "5", "3")
    ]
    assert page.changes[0].at == int(clock.now().timestamp())
    assert not page.more and page.next_cursor == d.change_feed_head(mother)

    # Another school's admin, and a stranger, see nothing of this school.
    op = diary.Actor.operator()
    other = d.create_school(op, "Other", "Moscow", "Europe/Moscow").id
    other_admin = d.register_person(op, other, "Other", "O", D(1981, 1, 1), snils="200-300-400 48").id
    d.appoint_staff(op, other, other_admin, diary.StaffRole.ADMIN)
    assert everything(d, diary.Actor.vouched(other_admin), 0, 50) == []
    with pytest.raises(diary.AccessDenied):
        d.changes_since(op, 0)
    with pytest.raises(diary.InvalidInput) as e:
        d.changes_since(mother, 0, limit=0)
    assert e.value.field == "limit"


def test_the_listener_and_resync(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = diary.ManualClock(dt.datetime(2024, 9, 27, 10, tzinfo=UTC))
    s = build(diary.Diary.in_memory(clock=clock))
    d, op = s.diary, diary.Actor.operator()
    heard: list[diary.FeedChange] = []
    d.set_change_listener(heard.append)
    mark_two_students(s)
    assert d.wait_for_change_listener(10)
    assert len([c for c in heard if c.entity is diary.FeedEntity.MARK]) == 6
    assert {c.entity for c in heard} >= {diary.FeedEntity.MARK, diary.FeedEntity.ENROLMENT}

    def broken(change: diary.FeedChange) -> None:
        raise RuntimeError("push service down")

    reported: list[str] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: reported.append(repr(u.exc_value)))
    d.set_change_listener(broken)
    teacher = diary.Actor.vouched(s.teacher)
    kind = d.work_kinds(s.admin, s.school)[0].id
    m = d.record_mark(teacher, s.student, s.maths, D(2024, 9, 25), "5", kind)
    assert d.wait_for_change_listener(10)
    assert d.mark(teacher, m.id).label == "5"
    assert reported and "push service down" in reported[0]
    with pytest.raises(diary.InvalidInput):
        d.set_change_listener(42)  # type: ignore[arg-type]
    d.set_change_listener(None)

    assert d.change_feed_retention(op) == 90
    with pytest.raises(diary.AccessDenied):
        d.set_change_feed_retention(s.admin, 7)
    d.set_change_feed_retention(op, 7)
    head = d.change_feed_head(s.admin)
    clock.set(dt.datetime(2024, 10, 10, 10, tzinfo=UTC))
    d.delete_mark(teacher, m.id, "entered twice")
    assert d.prune_change_feed(op) > 0
    with pytest.raises(diary.ResyncNeeded):
        d.changes_since(s.admin, 0)
    with pytest.raises(diary.ResyncNeeded):
        d.changes_since(s.admin, head + 10_000)
    deleted = d.changes_since(s.admin, head).changes
    assert [(c.operation, c.id) for c in deleted] == [(diary.FeedOperation.DELETED, m.id)]


def test_closing_delivers_what_was_committed_and_never_hangs() -> None:
    import gc
    import time

    s = build(diary.Diary.in_memory())
    d = s.diary
    heard: list[int] = []

    def slow(change: diary.FeedChange) -> None:
        time.sleep(0.01)
        heard.append(change.seq)

    d.set_change_listener(slow)
    mark_two_students(s)
    committed = d.change_feed_head(s.admin)
    d.close()  # delivers the rest first, with the interpreter free
    assert heard and heard[-1] == committed
    assert heard == sorted(set(heard))

    # A listener that keeps the diary alive, dropped without close: the
    # cycle is collected and nothing hangs.
    s2 = build(diary.Diary.in_memory())
    d2 = s2.diary
    seen: list[int] = []
    d2.set_change_listener(lambda c: seen.append(d2.change_feed_head(s2.admin)))
    mark_two_students(s2)
    assert d2.wait_for_change_listener(10)
    del d2, s2
    gc.collect()
    assert seen
