"""Marks, averages and grading rules from Python: exact Decimals and
Fractions, explanations, refusals, history, bulk and threads."""

import datetime as dt
import threading
from decimal import Decimal
from fractions import Fraction

import pytest

import schooldiary as diary

D = dt.date


@pytest.fixture
def marks(school):
    d, admin = school.diary, school.admin
    q1 = d.add_period(admin, school.year, diary.PeriodKind.QUARTER, "Quarter 1", D(2024, 9, 2), D(2024, 10, 25))
    q2 = d.add_period(admin, school.year, diary.PeriodKind.QUARTER, "Quarter 2", D(2024, 11, 5), D(2024, 12, 27))
    homework = d.create_work_kind(admin, school.school, "Homework", 1, min_weight=Decimal("0.5"), max_weight=2)
    test = d.create_work_kind(admin, school.school, "Test", Decimal("3"), min_weight=1, max_weight=5)
    d.assign_teacher(admin, school.teacher, school.class_5a, school.maths)
    school.q1, school.q2 = q1.id, q2.id
    school.homework, school.test = homework.id, test.id
    school.teacher_actor = diary.Actor.vouched(school.teacher)
    return school


def test_record_and_explain_an_average(marks):
    s = marks
    d, t = s.diary, s.teacher_actor
    m = d.record_mark(t, s.student, s.maths, D(2024, 9, 10), "5", s.homework)
    assert m.value == Decimal("5") and m.weight == Decimal("1") and m.entry is diary.EntryKind.GRADE
    assert m.entered_at.tzinfo is not None and m.entered_at.utcoffset() == dt.timedelta(0)
    d.record_mark(t, s.student, s.maths, D(2024, 9, 17), 4, s.homework)
    d.record_mark(t, s.student, s.maths, D(2024, 9, 24), "3", s.test)
    absent = d.record_mark(t, s.student, s.maths, D(2024, 10, 1), None, s.test, entry=diary.EntryKind.ABSENT)
    assert absent.label == "н"

    for who in [t, s.admin, diary.Actor.vouched(s.student), diary.Actor.vouched(s.mother)]:
        a = d.average(who, s.student, s.maths, s.q1)
        assert a.exact == Fraction(18, 5)
        assert a.value == Decimal("3.60") and a.display == "3.60"
        assert a.mark == "4" and a.certified
        assert [c.weight for c in a.counted] == [1, 1, 3]
        assert a.excluded[0].mark == absent.id and "never counts" in a.excluded[0].reason
    assert isinstance(a.value, Decimal) and isinstance(a.exact, Fraction)


def test_refusals_name_the_field_and_store_nothing(marks):
    s = marks
    d, t = s.diary, s.teacher_actor
    cases = [
        (dict(value="6"), "value"),
        (dict(date=D(2024, 10, 30)), "date"),
        (dict(weight=Decimal("2.5")), "weight"),
        (dict(scale="nope"), "scale"),
    ]
    for override, field in cases:
        args = dict(date=D(2024, 9, 10), value="5", weight=None, scale=None)
        args.update(override)
        with pytest.raises(diary.InvalidInput) as e:
            d.record_mark(t, s.student, s.maths, args["date"], args["value"], s.homework, weight=args["weight"], scale=args["scale"])
        assert e.value.field == field
    with pytest.raises(diary.InvalidInput) as e:
        d.record_mark(t, s.student, s.maths, D(2024, 9, 10), "5", s.homework, weight=1.5)
    assert e.value.field == "weight" and "float" in str(e.value)
    for who in [diary.Actor.vouched(s.student), diary.Actor.vouched(s.mother)]:
        with pytest.raises(diary.AccessDenied):
            d.record_mark(who, s.student, s.maths, D(2024, 9, 10), "5", s.homework)
    assert d.marks(s.admin, s.student, D(2024, 9, 1), D(2025, 5, 31)) == []


def test_bulk_is_all_or_nothing(marks):
    s = marks
    d, t = s.diary, s.teacher_actor
    batch = [
        {"student": s.student, "subject": s.maths, "date": D(2024, 9, 2) + dt.timedelta(days=i), "value": "4", "work_kind": s.homework}
        for i in range(10)
    ]
    batch[7]["value"] = "9"
    with pytest.raises(diary.InvalidInput) as e:
        d.record_marks(t, batch)
    assert e.value.field == "marks[7].value"
    assert d.marks(s.admin, s.student, D(2024, 9, 1), D(2025, 5, 31)) == []
    batch[7]["value"] = Decimal("5")
    ids = d.record_marks(t, batch)
    assert len(ids) == 10 and d.mark(s.admin, ids[7]).label == "5"


def test_history_and_closed_periods(marks):
    s = marks
    d, t = s.diary, s.teacher_actor
    m = d.record_mark(t, s.student, s.maths, D(2024, 9, 10), "3", s.homework)
    d.change_mark(t, m.id, "recounted", value="4")
    d.close_period(s.admin, s.q1)
    with pytest.raises(diary.AccessDenied):
        d.change_mark(t, m.id, "late", value="5")
    d.change_mark(s.admin, m.id, "appeal", value="5")
    d.delete_mark(s.admin, m.id, "wrong student")
    h = d.mark_history(diary.Actor.vouched(s.mother), m.id)
    assert [(c.action, c.old_label, c.new_label, c.reason) for c in h] == [
        ("update", "3", "4", "recounted"),
        ("update", "4", "5", "appeal"),
        ("delete", "5", None, "wrong student"),
    ]
    assert d.mark(s.admin, m.id).deleted


def test_rules_marks_statistics_and_planning(marks):
    s = marks
    d, t = s.diary, s.teacher_actor
    for day, v in [(10, "5"), (11, "4"), (12, "4")]:
        d.record_mark(t, s.student, s.maths, D(2024, 9, day), v, s.homework)
    pm = d.period_mark(t, s.student, s.maths, s.q1)
    assert (pm.mark, pm.value) == ("4", Fraction(13, 3))  # 4.33: the number behind the mark
    rule = d.grading_rule(t, s.school)
    assert rule["thresholds"][0] == {"min": "4.60", "mark": "5"}
    rule["thresholds"][0]["min"] = Decimal("4.30")
    d.set_grading_rule(s.admin, s.school, rule, subject=s.maths)
    # Rounding as data: truncation, and a second stage before the thresholds.
    d.set_grading_rule(s.admin, s.school, {**rule, "rounding": "toward_zero", "compare_decimals": 1}, subject=s.maths)
    back = d.grading_rule(t, s.school, subject=s.maths)
    assert (back["rounding"], back["compare_decimals"]) == ("toward_zero", 1)
    with pytest.raises(diary.InvalidInput) as e:
        d.set_grading_rule(s.admin, s.school, {**rule, "rounding": "bankers"}, subject=s.maths)
    assert e.value.field == "rule.rounding"
    d.set_grading_rule(s.admin, s.school, rule, subject=s.maths)
    assert d.period_mark(t, s.student, s.maths, s.q1).mark == "5"
    with pytest.raises(diary.InvalidInput) as e:
        d.set_grading_rule(s.admin, s.school, {"thresholds": [{"min": "3", "mark": "5"}, {"min": "4", "mark": "4"}]})
    assert e.value.field == "thresholds"
    # A mistyped key, a float and a wrong value are refused, each named by
    # its path in the rule (the stored rule is unchanged).
    with pytest.raises(diary.InvalidInput) as e:
        d.set_grading_rule(s.admin, s.school, {"drop_low": 1})  # type: ignore[typeddict-unknown-key]
    assert e.value.field == "rule.drop_low" and "drop_lowest" in str(e.value)
    with pytest.raises(diary.InvalidInput) as e:
        d.set_grading_rule(s.admin, s.school, {"thresholds": [{"min": 4.6, "mark": "5"}]})  # type: ignore[typeddict-item]
    assert e.value.field == "rule.thresholds[0].min" and "not exact" in str(e.value)
    with pytest.raises(diary.InvalidInput) as e:
        d.set_grading_rule(s.admin, s.school, {"category_weights": [{"work_kind": s.homework, "percent": "x"}]})  # type: ignore[typeddict-item]
    assert e.value.field == "category_weights[0].percent"
    with pytest.raises(diary.InvalidInput) as e:
        d.set_grading_rule(s.admin, s.school, {"never_drop": [987654]})
    assert e.value.field == "never_drop[0]"
    # Ints and Decimals are taken where a decimal is meant.
    d.set_grading_rule(s.admin, s.school, {"thresholds": [{"min": 4, "mark": 5}, {"min": Decimal("3.5"), "mark": "4"}]}, subject=s.maths)
    assert d.grading_rule(t, s.school, subject=s.maths)["thresholds"][0] == {"min": "4", "mark": "5"}
    d.set_grading_rule(s.admin, s.school, rule, subject=s.maths)

    assert d.overall_average(diary.Actor.vouched(s.mother), s.student, s.q1) == Fraction(13, 3)
    fm = d.confirm_period_mark(t, s.student, s.maths, s.q1, mark="4", reason="missed the test")
    assert (fm.mark, fm.derived, fm.overridden) == ("4", "5", True)
    # A family sees no figures of a class of one (minimum group size).
    small = d.class_statistics(diary.Actor.vouched(s.mother), s.class_5a, s.maths, s.q1)
    assert (small.marks, small.students, small.mean) == (0, 1, None)
    stats = d.class_statistics(t, s.class_5a, s.maths, s.q1)
    assert stats.marks == 3 and stats.mean == Fraction(13, 3) and stats.distribution == [("5", 1), ("4", 2)]
    assert d.class_rank(diary.Actor.vouched(s.mother), s.student, s.maths, s.q1) is None
    assert d.class_rank(t, s.student, s.maths, s.q1) == (1, 1)
    points = d.progress(diary.Actor.vouched(s.student), s.student, s.maths, s.q1)
    assert [p.display for p in points] == ["5.00", "4.50", "4.33"]
    svg = d.progress_chart_svg(diary.Actor.vouched(s.mother), s.student, s.maths, s.q1)
    assert svg.startswith("<svg") and svg.count("<circle") == 3
    w = d.what_if(t, s.student, s.maths, s.q1, [{"value": "5", "work_kind": s.test}])
    assert w.exact == Fraction(28, 6)
    # A test in points: 18/20 is 4.6 on the 5-point scale, (13 + 4.6·3) / 6.
    w = d.what_if(t, s.student, s.maths, s.q1,
                  [{"value": "18", "out_of": 20, "scale": "points", "work_kind": s.test}])
    assert w.exact == Fraction(268, 60)
    with pytest.raises(diary.InvalidInput) as e:
        d.what_if(t, s.student, s.maths, s.q1, [{"value": "18", "scale": "points", "work_kind": s.test}])
    assert e.value.field == "extra[0].out_of"
    plan = d.plan_target(diary.Actor.vouched(s.student), s.student, s.maths, s.q1, "5")
    assert plan[0].count == 1 and plan[0].value == "5"
    assert len(d.marks(s.admin, s.student, D(2024, 9, 1), D(2024, 12, 31))) == 3
    all_avgs = d.school_period_averages(s.admin, s.year)
    assert [(a.student, a.average) for a in all_avgs] == [(s.student, Fraction(13, 3))]


def test_school_scales_and_work_kinds(marks):
    s = marks
    d = s.diary
    scale = d.create_scale(s.admin, s.school, "stars", "Stars", {"***": 3, "**": 2, "*": 1})
    assert scale.labels == ["***", "**", "*"] and scale.school == s.school
    assert "ru5" in {x.code for x in d.scales(s.teacher_actor, s.school)}
    m = d.record_mark(s.teacher_actor, s.student, s.maths, D(2024, 9, 10), "**", s.homework, scale="stars")
    assert m.scale == "stars" and m.value == 2
    kinds = d.work_kinds(s.teacher_actor, s.school)
    assert [(k.name, k.default_weight) for k in kinds] == [("Homework", Decimal(1)), ("Test", Decimal(3))]


def test_marks_from_several_threads(marks):
    s = marks
    d, t = s.diary, s.teacher_actor
    errors = []

    def work(offset: int) -> None:
        try:
            for i in range(10):
                day = D(2024, 9, 2) + dt.timedelta(days=offset * 10 + i)
                d.record_mark(t, s.student, s.maths, day, "4", s.homework)
                d.average(t, s.student, s.maths, s.q1)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert len(d.marks(s.admin, s.student, D(2024, 9, 1), D(2024, 12, 31))) == 40


def test_the_grading_engine_without_a_diary():
    from fractions import Fraction as F

    avg = diary.grading.average([{"value": "5"}, {"value": 4}, {"value": "3", "weight": 3}])
    assert (avg.exact, avg.mark) == (F(18, 5), "4")
    # Points out of a maximum, natural aggregation, a rule with its own marks.
    rule: diary.GradingRule = {
        "scale": "points",
        "method": "natural",
        "min_marks": 1,
        "thresholds": [{"min": "50", "mark": "pass"}],
        "below_all": "fail",
    }
    pts = diary.grading.average([{"value": 17, "out_of": 20}, {"value": "9", "out_of": "10"}], rule)
    assert (pts.exact, pts.mark) == (F(260, 3), "pass")
    # Bonus beside category weights, dates and ids in the explanation.
    cw = diary.grading.average(
        [
            {"value": "60", "work_kind": 1, "id": 11},
            {"value": "80", "work_kind": 1, "id": 12, "weight": Decimal("10")},
            {"value": "50", "work_kind": 2, "date": D(2024, 9, 2)},
            {"value": "100", "work_kind": 1, "counting": "bonus", "weight": 10},
        ],
        {"scale": "hundred", "min_marks": 1, "category_weights": [{"work_kind": 1, "percent": 40}, {"work_kind": 2, "percent": 60}],
         "thresholds": [{"min": "50", "mark": "100"}], "below_all": "0"},
    )
    assert cw.exact is not None and {c.mark for c in cw.counted} >= {11, 12}
    with pytest.raises(diary.InvalidInput) as e:
        diary.grading.average([{"value": "5", "wieght": 2}])  # type: ignore[typeddict-unknown-key]
    assert e.value.field == "marks[0].wieght"
    with pytest.raises(diary.InvalidInput) as e:
        diary.grading.average([{"value": "5", "weight": 1.5}])  # type: ignore[typeddict-item]
    assert e.value.field == "marks[0].weight"
