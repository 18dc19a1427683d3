"""The grading engine without a diary: an average and the period mark it
derives, from marks and a rule given as values — no school, no student, no
stored marks. The diary computes its stored averages with the same code.

Example::

    from schooldiary import grading
    avg = grading.average([{"value": "5"}, {"value": 4}, {"value": "3", "weight": 3}])
    avg.exact, avg.value, avg.mark          # Fraction(18, 5), Decimal('3.60'), '4'
"""

from __future__ import annotations

import decimal
import fractions
import json
from typing import Any, Iterable, List, Mapping, Optional, Union

from ._diary import (
    Average,
    _grading_average,
    _grading_builtin_scales,
    _grading_mark_for,
    _grading_mark_range,
    _grading_plan,
    PlanOption,
)
from .types import GradingRule, MarkRange, PureMark

__all__ = ["average", "builtin_scales", "mark_for", "mark_range", "plan", "MarkRange", "PureMark"]


def average(
    marks: Iterable[PureMark],
    rule: Optional[GradingRule] = None,
    *,
    scales: Optional[Iterable[Mapping[str, Any]]] = None,
) -> Average:
    """The explained average of ``marks`` under ``rule``.

    Each mark is a dict (``PureMark``): ``value`` as written on its scale
    (``"5"``, ``"B+"``, ``17``; required for a grade), and optionally
    ``out_of`` (points), ``scale`` (a scale code; default the rule's),
    ``weight`` (an int, ``Decimal`` or decimal string; default 1),
    ``work_kind`` (an int; default 1), ``counting`` (``"always"``,
    ``"if_raises"``, ``"bonus"``, ``"never"``), ``entry`` (``"grade"``,
    ``"absent"``, ``"not_submitted"``, ``"exempt"``), ``date`` and ``id``.
    ``rule`` is a ``GradingRule`` dict (None: the default Russian rule);
    ``scales`` defines scales that are not built in, as for
    ``Diary.create_scale``'s JSON form. Unknown keys raise ``InvalidInput``
    naming them (``marks[0].wieght``).
    """
    return _grading_average(list(marks), rule, list(scales) if scales is not None else None)


def mark_for(
    value: Union[int, str, decimal.Decimal, fractions.Fraction],
    rule: Optional[GradingRule] = None,
    *,
    scales: Optional[Iterable[Mapping[str, Any]]] = None,
) -> str:
    """The period mark ``rule`` gives an average ``value`` (on the rule's
    scale; on the points scale a percent), compared as the rule compares
    (rounded by its mode and decimals, or exact): score → letter.

    Example: ``mark_for(Decimal("4.595"))`` is ``"5"`` under the default
    rule (4.595 rounds to 4.60).
    """
    return _grading_mark_for(value, rule, list(scales) if scales is not None else None)


def _fraction(text: Optional[str]) -> Optional[fractions.Fraction]:
    return None if text is None else fractions.Fraction(text)


def mark_range(
    mark: str,
    rule: Optional[GradingRule] = None,
    *,
    scales: Optional[Iterable[Mapping[str, Any]]] = None,
) -> MarkRange:
    """The band of averages for which ``rule`` gives ``mark`` (letter →
    range): ``low`` and ``high`` as exact ``Fraction``s (None for an open
    end) with ``low_inclusive`` / ``high_inclusive``. Raises
    ``InvalidInput`` (field ``mark``) when the rule never gives it."""
    raw = json.loads(_grading_mark_range(mark, rule, list(scales) if scales is not None else None))
    return MarkRange(
        mark=raw["mark"],
        low=_fraction(raw["low"]),
        low_inclusive=raw["low_inclusive"],
        high=_fraction(raw["high"]),
        high_inclusive=raw["high_inclusive"],
    )


def builtin_scales() -> List[Mapping[str, Any]]:
    """The built-in scales with their values: ``code``, ``name``,
    ``lower_is_better`` and ``kind`` (``{"kind": "discrete", "entries":
    [{"label", "value_centi"}]}``, ``{"kind": "range", ...}`` or
    ``{"kind": "points"}``) — the same form ``Diary.create_scale`` takes."""
    scales: List[Mapping[str, Any]] = json.loads(_grading_builtin_scales())
    return scales


def plan(
    marks: Iterable[PureMark],
    target: str,
    rule: Optional[GradingRule] = None,
    *,
    scales: Optional[Iterable[Mapping[str, Any]]] = None,
) -> List[PlanOption]:
    """Ways to reach ``target`` as the period mark from ``marks`` (as for
    ``average``), fewest marks first: each ``PlanOption`` is a value of the
    rule's scale, a weight (one of the weights among ``marks``, or 1), how
    many such marks are needed and the average they would give."""
    return _grading_plan(list(marks), target, rule, list(scales) if scales is not None else None)
