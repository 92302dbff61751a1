"""Bounded text matching for the `/` filter and the log search: typed text never freezes the app.

Python's `re` backtracks, cannot be interrupted and holds the GIL while it runs, so a pattern
such as `(.*)*#` pinned a core until cuetui was killed; a worker thread would not help. So a
pattern is first read (with `re`'s own parser) for the shapes that backtrack without end
(a repeat inside a repeat, a repeated choice whose options overlap, too many open-ended
repeats); such a pattern is matched as plain text, and the note says why. What remains is at
worst polynomial in the length of short table cells, and `within` bounds a whole pass in time.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

# Python 3.11+: the parser `re` compiles with (sre_parse before, deprecated). typeshed does
# not describe these private modules, so mypy sees them as Any.
try:
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - a Python without it: only the time budget holds
    _parser = None

MAX_OPEN_REPEATS = 3
"""More open-ended repeats (`.*`, `\\w+`) than this in one pattern are refused: each one
multiplies the work on a cell that does not match."""
FILTER_BUDGET = 0.25
"""Seconds one filter may take over a whole table before it is matched as plain text."""

NOT_A_REGEX = "not a regex"
NESTED = "a repeat inside a repeat, like (a+)+, can run forever"
OVERLAP = "a repeated choice of overlapping options, like (a|ab)*, can run forever"
TOO_MANY = f"more than {MAX_OPEN_REPEATS} open-ended repeats can run forever"
TOO_SLOW = "too slow as a regex on these rows"


@dataclass(frozen=True)
class TextFilter:
    """A compiled filter: `pattern` (None: no filter) and, when the text is matched as plain
    text instead of as a regex, `note` saying why."""

    pattern: re.Pattern[str] | None
    note: str | None = None


def literal(text: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """`text` as plain text (linear to match, whatever it holds)."""
    return re.compile(re.escape(text), flags)


def as_text(text: str, reason: str, flags: int = re.IGNORECASE) -> TextFilter:
    return TextFilter(literal(text, flags), f"{reason}: matching as text")


def compile_filter(text: str, flags: int = re.IGNORECASE) -> TextFilter:
    """A regex when `text` is one that cannot run away, else `text` as plain text with a note."""
    if not text:
        return TextFilter(None)
    try:
        pattern = re.compile(text, flags)
    except (re.error, OverflowError, RecursionError):
        return as_text(text, NOT_A_REGEX, flags)
    reason = runaway_reason(text, flags)
    return as_text(text, reason, flags) if reason else TextFilter(pattern)


def smart_case(query: str) -> re.Pattern[str] | None:
    """The log search: plain text, case-insensitive unless the query has a capital."""
    if not query:
        return None
    return literal(query, 0 if any(c.isupper() for c in query) else re.IGNORECASE)


def within(
    budget: float, steps: Iterable[object], clock: Callable[[], float] = time.perf_counter
) -> bool:
    """Run `steps` (a generator doing the work); False once `budget` seconds are spent
    (the remaining steps are not run)."""
    deadline = clock() + budget
    return all(clock() <= deadline for _ in steps)


# -- reading the pattern ------------------------------------------------------------------

_Items = list[tuple[Any, Any]]


def runaway_reason(text: str, flags: int = 0) -> str | None:
    """Why this regex may backtrack without end, or None when its shape is safe."""
    if _parser is None:
        return None
    try:
        parsed = _parser.parse(text, flags)
    except Exception:  # compiled already; a parser change must not break the filter
        return None
    open_repeats = 0
    for op, av, inside in _walk(list(parsed), inside=False):
        if op not in _REPEATS:
            if op is _c.BRANCH and inside and _overlap(av[1]):
                return OVERLAP
            continue
        low, high, _body = av
        if high == _c.MAXREPEAT:
            open_repeats += 1
        if inside and high != low and op is not _c.POSSESSIVE_REPEAT:
            return NESTED
    return TOO_MANY if open_repeats > MAX_OPEN_REPEATS else None


_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) if _parser else ()


def _walk(items: _Items, inside: bool) -> Iterable[tuple[Any, Any, bool]]:
    """Every node with whether it sits inside a repeat that can run more than once."""
    for op, av in items:
        yield op, av, inside
        if op in _REPEATS:
            _low, high, body = av
            repeats = high > 1
            yield from _walk(list(body), inside or (repeats and op is not _c.POSSESSIVE_REPEAT))
        elif op is _c.SUBPATTERN:
            yield from _walk(list(av[-1]), inside)
        elif op is _c.ATOMIC_GROUP:
            yield from _walk(list(av), False)  # no backtracking into an atomic group
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            yield from _walk(list(av[1]), inside)
        elif op is _c.BRANCH:
            for branch in av[1]:
                yield from _walk(list(branch), inside)
        elif op is _c.GROUPREF_EXISTS:
            for part in av[1:]:
                if part is not None:
                    yield from _walk(list(part), inside)


def _overlap(branches: list[Any]) -> bool:
    """True unless every option starts with its own character (`(foo|bar)`, not `(a|ab)`)."""
    seen: set[str] = set()
    for branch in branches:
        first = _first_chars(list(branch))
        if first is None or first & seen:
            return True
        seen |= first
    return False


def _first_chars(items: _Items) -> set[str] | None:
    """The characters the sequence can start with (lowercase), or None when many or unknown."""
    if not items:
        return None
    op, av = items[0]
    if op is _c.LITERAL:
        return {chr(av).lower()}
    if op is _c.SUBPATTERN:
        return _first_chars(list(av[-1]))
    if op is _c.IN and all(o is _c.LITERAL for o, _ in av):
        return {chr(v).lower() for _, v in av}
    return None
