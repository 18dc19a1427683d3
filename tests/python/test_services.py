"""Visits and meals from Python: turnstile events as aware datetimes, late
and repeated; a child's day and a class's; a menu in integer kopecks, an
order before the cut-off, a payment counted once, a meal served and
charged, the statement and the low-balance notification; bad input and
other schools refused with nothing stored."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

import schooldiary as diary
from conftest import Fixture, build

UTC = dt.timezone.utc
MSK = dt.timezone(dt.timedelta(hours=3))
D = dt.date


@dataclass
class World(Fixture):
    clock: diary.ManualClock
    other: int
    spy: diary.Actor


def world() -> World:
    clock = diary.ManualClock(dt.datetime(2024, 9, 20, 10, tzinfo=UTC))
    s = build(diary.Diary.in_memory(clock=clock))
    op = diary.Actor.operator()
    other = s.diary.create_school(op, "Other", "Moscow", "Europe/Moscow").id
    spy = s.diary.register_person(op, other, "Spy", "S", D(1981, 1, 1)).id
    s.diary.appoint_staff(op, other, spy, diary.StaffRole.ADMIN)
    return World(**vars(s), clock=clock, other=other, spy=diary.Actor.vouched(spy))


def test_visits() -> None:
    s = world()
    d, mother, teacher = s.diary, diary.Actor.vouched(s.mother), diary.Actor.vouched(s.teacher)
    entry = {
        "student": s.student,
        "direction": diary.VisitDirection.ENTRY,
        "at": dt.datetime(2024, 9, 16, 7, 52, tzinfo=MSK),
        "device": "gate-1",
    }
    leave = {"student": s.student, "direction": "exit", "at": dt.datetime(2024, 9, 16, 11, 10, tzinfo=UTC), "device": "gate-1"}
    first = d.record_visits(s.op, s.school, [leave])
    assert (first.recorded, first.duplicates) == (1, 0)
    got = d.record_visits(s.admin, s.school, [entry, leave])
    assert (got.recorded, got.duplicates) == (1, 1)
    [day] = d.presence(mother, s.student, D(2024, 9, 16), D(2024, 9, 16))
    assert (day.entered, day.left, day.inside) == ("07:52", "14:10", False)
    assert [e.direction for e in day.events] == [diary.VisitDirection.ENTRY, diary.VisitDirection.EXIT]
    assert day.events[0].at == dt.datetime(2024, 9, 16, 4, 52, tzinfo=UTC)
    cls = d.class_presence(teacher, s.class_5a, D(2024, 9, 16))
    assert [p.student for p in cls.students] == [s.student]
    assert cls.absent_but_entered == [] and cls.present_but_never_entered == []

    # Bad events name the field and store nothing.
    naive = dict(entry, at=dt.datetime(2024, 9, 16, 7, 52))
    for events, field in [
        ([], "events"),
        ([entry, dict(entry, device="gate 1")], "events[1].device"),
        ([dict(entry, device="")], "events[0].device"),
        ([dict(entry, direction="sideways")], "events[0].direction"),
        ([naive], "events[0].at"),
        ([dict(entry, at=dt.datetime(2024, 9, 21, tzinfo=UTC))], "events[0].at"),
        ([dict(entry, student=0)], "events[0].student"),
        ([dict(entry, student=-1)], "events[0].student"),
    ]:
        with pytest.raises(diary.InvalidInput) as e:
            d.record_visits(s.admin, s.school, events)
        assert e.value.field == field, (field, e.value)
    with pytest.raises(diary.InvalidInput) as e:
        d.record_visits(s.admin, s.school, [dict(entry, at=1.5e9)])
    assert e.value.field == "events[0].at"
    assert len(d.presence(mother, s.student, D(2024, 9, 16), D(2024, 9, 16))[0].events) == 2

    # Another school's admin: "not found", as for ids nobody has.
    with pytest.raises(diary.NotFound):
        d.record_visits(s.spy, s.school, [entry])
    with pytest.raises(diary.InvalidInput) as e:
        d.record_visits(s.spy, s.other, [entry])
    assert e.value.field == "events[0].student"
    with pytest.raises(diary.NotFound):
        d.presence(s.spy, s.student, D(2024, 9, 16), D(2024, 9, 16))
    with pytest.raises(diary.NotFound):
        d.class_presence(s.spy, s.class_5a, D(2024, 9, 16))
    with pytest.raises(diary.AccessDenied):
        d.class_presence(mother, s.class_5a, D(2024, 9, 16))


def test_meals() -> None:
    s = world()
    d, mother = s.diary, diary.Actor.vouched(s.mother)
    monday = D(2024, 9, 23)
    menu = d.publish_menu(
        s.admin,
        {
            "school": s.school,
            "day": monday,
            "meal": diary.MealKind.LUNCH,
            "items": [
                {"name": "Борщ", "price": 8550, "allergens": ["celery"]},
                {"name": "Котлета", "price": 12000, "allergens": ["gluten", "eggs"]},
                {"name": "Компот", "price": 1999},
            ],
        },
    )
    assert (menu.price, menu.meal, menu.items[1].allergens) == (22549, diary.MealKind.LUNCH, ["gluten", "eggs"])
    for items, field in [
        ([{"name": "X", "price": 1.5}], "menu.items[0].price"),
        ([{"name": "X", "price": -1}], "items[0].price"),
        ([{"name": "X", "price": 1, "allergens": ["cheese"]}], "items[0].allergens"),
        ([{"name": "X\u202e", "price": 1}], "items[0].name"),
    ]:
        with pytest.raises(diary.InvalidInput) as e:
            d.publish_menu(s.admin, {"school": s.school, "day": monday, "meal": "snack", "items": items})
        assert e.value.field == field
    with pytest.raises(diary.NotFound):
        d.publish_menu(s.spy, {"school": s.school, "day": monday, "meal": "snack", "items": [{"name": "X", "price": 1}]})
    assert [m.id for m in d.school_menus(s.admin, s.school, monday, monday)] == [menu.id]

    d.set_meal_settings(s.admin, s.school, 1, "14:00", 20000)
    settings = d.meal_settings(mother, s.school)
    assert (settings.cutoff_days, settings.cutoff_time, settings.low_balance) == (1, "14:00", 20000)
    with pytest.raises(diary.InvalidInput) as e:
        d.order_meal(mother, s.student, menu.id, items=[-1])
    assert e.value.field == "items"
    order = d.order_meal(mother, s.student, menu.id, items=[0, 2])
    assert (order.items, order.price, order.status) == ([0, 2], 10549, diary.MealOrderStatus.ORDERED)
    with pytest.raises(diary.Conflict):
        d.order_meal(mother, s.student, menu.id)
    with pytest.raises(diary.NotFound):
        d.order_meal(s.spy, s.student, menu.id)

    told: list[dict[str, Any]] = []
    d.set_notifier(told.append)
    assert d.record_meal_payment(s.op, s.student, 30000, "sbp:0001") == 30000
    assert d.record_meal_payment(s.op, s.student, 30000, "sbp:0001") == 30000
    with pytest.raises(diary.Conflict):
        d.record_meal_payment(s.op, s.student, 100, "sbp:0001")
    for amount in (0, -1, 100_000_001, 2**63 - 1):
        with pytest.raises(diary.InvalidInput):
            d.record_meal_payment(s.op, s.student, amount, "sbp:0002")
    with pytest.raises((OverflowError, diary.InvalidInput)):
        d.record_meal_payment(s.op, s.student, 2**64, "sbp:0002")
    with pytest.raises(diary.NotFound):
        d.record_meal_payment(s.spy, s.student, 100, "sbp:0003")
    assert d.meal_balance(mother, s.student) == 30000

    # After the cut-off (Sunday 14:00 in Moscow) the family cannot cancel.
    s.clock.set(dt.datetime(2024, 9, 22, 11, tzinfo=UTC))
    with pytest.raises(diary.Conflict):
        d.cancel_meal_order(mother, order.id)
    s.clock.set(dt.datetime(2024, 9, 23, 9, 30, tzinfo=UTC))
    served = d.record_meal_served(s.op, s.student, menu.id)
    assert (served.id, served.status) == (order.id, diary.MealOrderStatus.SERVED)
    assert d.meal_balance(mother, s.student) == 30000 - 10549
    assert [(n["to"], n["event"], n["child"]) for n in told] == [(s.mother, "low_meal_balance", s.student)]
    st = d.meal_statement(mother, s.student, D(2024, 9, 1))
    assert (st.opening, st.topped_up, st.charged, st.refunded, st.closing) == (0, 30000, 10549, 0, 19451)
    assert [e.kind for e in st.entries] == [diary.LedgerKind.TOP_UP, diary.LedgerKind.CHARGE]
    assert all(isinstance(e.amount, int) for e in st.entries)
    with pytest.raises(diary.AccessDenied):
        d.meal_statement(diary.Actor.vouched(s.teacher), s.student, D(2024, 9, 1))
    assert d.refund_meal(s.admin, order.id) == 30000
    with pytest.raises(diary.Conflict):
        d.refund_meal(s.admin, order.id)
    assert [o.status for o in d.meal_orders(mother, s.student, monday, monday)] == [diary.MealOrderStatus.SERVED]
    assert [m.id for m in d.menus_for(mother, s.student, monday, monday)] == [menu.id]


def test_consent_withdrawal_stops_visits_and_meals() -> None:
    s = world()
    d, mother = s.diary, diary.Actor.vouched(s.mother)
    with pytest.raises(diary.InvalidInput) as e:
        d.record_consent(mother, s.student, s.school, "visits_meals", "given", "online")
    assert e.value.field == "purpose"
    text = d.publish_consent_text(s.admin, s.school, diary.ConsentPurpose.VISITS_MEALS, "I consent…")
    assert (text.version, text.purpose) == (1, diary.ConsentPurpose.VISITS_MEALS)
    with pytest.raises(diary.NotFound):
        d.publish_consent_text(s.spy, s.school, "photos", "x")
    with pytest.raises(diary.Conflict):
        d.record_consent(mother, s.student, s.school, "visits_meals", diary.ConsentDecision.WITHDRAWN, "online")
    d.record_consent(mother, s.student, s.school, "visits_meals", "given", diary.ConsentChannel.ONLINE)
    d.record_consent(mother, s.student, s.school, "visits_meals", "withdrawn", diary.ConsentChannel.PAPER)
    entry: diary.NewVisitEvent = {
        "student": s.student,
        "direction": "entry",
        "at": dt.datetime(2024, 9, 16, 7, 52, tzinfo=MSK),
        "device": "gate-1",
    }
    got = d.record_visits(s.admin, s.school, [entry])
    assert (got.recorded, got.without_consent) == (0, 1)
    with pytest.raises(diary.Conflict):
        d.record_meal_payment(s.op, s.student, 100, "p1")
    history = d.consents(mother, s.student)
    assert [r.decision for r in history] == [diary.ConsentDecision.GIVEN, diary.ConsentDecision.WITHDRAWN]
    with pytest.raises(diary.AccessDenied):
        d.consents(diary.Actor.vouched(s.teacher), s.student)
    with pytest.raises(diary.NotFound):
        d.consents(s.spy, s.student)
