"""The peer gradebooks' cases (tests/vectors/grading_peers.json) through
``schooldiary.grading`` — the same file the Rust and C tests run — and the
lookups between averages and marks."""

from __future__ import annotations

import json
import pathlib
from decimal import Decimal
from fractions import Fraction

import pytest

import schooldiary as diary
from schooldiary import grading

VECTORS = pathlib.Path(__file__).resolve().parents[1] / "vectors" / "grading_peers.json"
CASES = json.loads(VECTORS.read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_peer_case(case: dict) -> None:
    avg = grading.average(case["marks"], case["rule"])
    assert avg.exact == Fraction(case["exact"])
    assert avg.mark == case["mark"]


def test_marks_and_ranges_of_a_grading_scheme() -> None:
    rule: diary.GradingRule = {
        "scale": "points",
        "thresholds": [{"min": "94", "mark": "A"}, {"min": "90", "mark": "A-"}],
        "below_all": "B",
    }
    assert grading.mark_for(Decimal("93.995"), rule) == "A"  # shows as 94.00
    assert grading.mark_for(Fraction(187, 2), rule) == "A-"
    r = grading.mark_range("A-", rule)
    assert (r["low"], r["low_inclusive"], r["high"], r["high_inclusive"]) == (90, True, 94, False)
    assert grading.mark_range("A", rule)["high"] is None
    with pytest.raises(diary.InvalidInput) as e:
        grading.mark_range("Z", rule)
    assert e.value.field == "mark"
    with pytest.raises(diary.InvalidInput):
        grading.mark_for(4.6)  # type: ignore[arg-type]


def test_builtin_scales_are_readable() -> None:
    scales = {s["code"]: s for s in grading.builtin_scales()}
    pl = scales["pl6"]["kind"]["entries"]
    assert {"label": "4+", "value_centi": 450} in pl
    assert scales["de6_25"]["lower_is_better"] is True
    assert scales["points"]["kind"] == {"kind": "points"}


def test_rules_with_the_new_keys_are_typed_and_refused_by_name() -> None:
    with pytest.raises(diary.InvalidInput) as e:
        grading.average([], {"categories": [{"name": "A", "colour": "red"}]})  # type: ignore[typeddict-unknown-key]
    assert e.value.field == "rule.categories[0].colour"
    with pytest.raises(diary.InvalidInput) as e:
        grading.average([], {"scale": "hundred"})
    assert e.value.field == "thresholds"


def test_a_plan_and_a_what_if_from_values() -> None:
    marks: list[diary.PureMark] = [{"value": 4}, {"value": 4}, {"value": 3}]
    options = grading.plan(marks, "5")
    assert (options[0].value, options[0].count, options[0].average) == ("5", 7, Fraction(23, 5))
    # A what-if is an average with the hypothetical marks added, points too.
    w = grading.average(marks + [{"value": "18", "out_of": 20, "scale": "points"}])
    assert w.exact == Fraction(11 + Fraction(46, 10), 4)
