"""The grading engine without a diary: an average and the period mark it
derives, from marks and a rule given as values — no school, no student, no
stored marks. The diary computes its stored averages with the same code.

Example::

    from schooldiary import grading
    avg = grading.average([{"value": "5"}, {"value": 4}, {"value": "3", "weight": 3}])
    avg.exact, avg.value, avg.mark          # Fraction(18, 5), Decimal('3.60'), '4'
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional

from ._diary import Average, _grading_average
from .types import GradingRule, PureMark

__all__ = ["average", "PureMark"]


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
