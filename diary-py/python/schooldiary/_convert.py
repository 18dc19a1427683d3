"""How the Rust side turns a dict argument into JSON: exact numbers and
dates as their text, enum members as their value. A float stays a float,
and the core refuses it where an exact number is meant."""

from __future__ import annotations

import enum
from typing import Any


def json_default(value: Any) -> Any:
    """``json.dumps``'s ``default``: an enum member's value, else ``str``."""
    if isinstance(value, enum.Enum):
        return value.value
    return str(value)
