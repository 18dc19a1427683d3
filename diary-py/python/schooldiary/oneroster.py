"""OneRoster 1.2 CSV file sets, without a diary: the checker written from
the CSV binding's tables. (A diary writes its schools as such a set with
``Diary.export_oneroster``.)

Example::

    from schooldiary import oneroster
    for p in oneroster.check("exports/2025-09-01"):
        print(f'{p["file"]}:{p["line"]} {p["column"]}: {p["reason"]}')
"""

from __future__ import annotations

import os
from typing import List, Mapping, Union

from ._diary import _oneroster_check
from .types import OneRosterProblem

__all__ = ["check", "OneRosterProblem"]


def check(source: Union[str, "os.PathLike[str]", Mapping[str, str]]) -> List[OneRosterProblem]:
    """The problems of a OneRoster 1.2 CSV file set — a folder of ``.csv``
    files, or a mapping of file name to CSV text — checked against the
    binding's tables: the manifest, each file's columns in order, required
    values, formats, bulk and delta rules, unique sourcedIds and
    references between bulk files. Each problem names the file, the line
    (1 is the header, 0 the file as a whole), the column (None when no one
    column is at fault) and the reason; sorted by file and line. Empty
    when the set conforms."""
    if isinstance(source, Mapping):
        return _oneroster_check(dict(source))  # type: ignore[no-any-return]
    return _oneroster_check(os.fspath(source))  # type: ignore[no-any-return]
