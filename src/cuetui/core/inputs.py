"""Values a user types for a verb (cores, memory, counts): parsers and their messages.

Each `*_error` returns the message an input shows under a bad value, or None when it parses.
"""

from __future__ import annotations

import math
from collections.abc import Callable


def parse_cores(text: str) -> float:
    value = float(text.strip())
    # float() reads "nan" and "inf": neither is a number of cores the gateway can take.
    if not math.isfinite(value) or value < 0:
        raise ValueError
    return value


def cores_error(limit: float) -> Callable[[str], str | None]:
    def check(text: str) -> str | None:
        try:
            value = parse_cores(text)
        except ValueError:
            return "Give a number of cores, e.g. 4 or 0.5"
        return f"At most {limit:g}" if value > limit else None

    return check


def int_error(low: int, high: int) -> Callable[[str], str | None]:
    def check(text: str) -> str | None:
        try:
            value = int(text.strip())
        except ValueError:
            return "Give a whole number"
        return None if low <= value <= high else f"Between {low} and {high}"

    return check


_UNITS_KB = {"k": 1, "m": 1024, "g": 1024**2, "t": 1024**3}


def parse_memory_kb(text: str) -> int:
    """`8` (GB, as CueGUI asks), `8G`, `512M`, `1.5g` -> KB."""
    t = text.strip().lower().removesuffix("b")
    unit = _UNITS_KB.get(t[-1:], 0)
    number = float(t[:-1] if unit else t)
    if not math.isfinite(number) or number < 0:
        raise ValueError
    return int(number * (unit or _UNITS_KB["g"]))


def memory_error(text: str) -> str | None:
    try:
        parse_memory_kb(text)
    except (ValueError, IndexError):
        return "Give a size: 8 (GB), 8G or 512M"
    return None
