"""Rows a table cannot follow by id: counted and said once, never dropped without a word."""

from __future__ import annotations

from collections.abc import Iterable

NO_ID = "came without an id"
REPEATED_ID = "repeat the id of another"
_NAMES = 3


def unshown_message(count: int, total: int, kind: str, why: str, names: Iterable[object]) -> str:
    """`2 of 40 jobs came without an id and are not shown: job_a, job_b`."""
    named = [n for n in names if isinstance(n, str) and n]
    listed = ", ".join(named[:_NAMES]) + (" …" if len(named) > _NAMES else "")
    verb = "is" if count == 1 else "are"
    said = f"{count} of {total} {kind} {why} and {verb} not shown"
    return f"{said}: {listed}" if listed else said
