"""Bytes received from the gateway, counted per task: what one poll cost the gateway.

`counting()` opens a tally in the current asyncio task (a context variable, so concurrent
calls of other tasks, an action or the catalog, are not counted); every answered call made
inside it adds its body's size. Polling uses it to keep a view's gateway load in a budget.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar


class Tally:
    """Bytes and calls answered while the tally was open."""

    __slots__ = ("bytes", "calls")

    def __init__(self) -> None:
        self.bytes = 0
        self.calls = 0


_OPEN: ContextVar[Tally | None] = ContextVar("cuetui_tally", default=None)


@contextmanager
def counting() -> Iterator[Tally]:
    """Count the bytes of every answer received in this task until the block ends."""
    tally = Tally()
    token = _OPEN.set(tally)
    try:
        yield tally
    finally:
        _OPEN.reset(token)


def received(size: int) -> None:
    """An answer of `size` bytes came (called by the client for every 2xx body)."""
    tally = _OPEN.get()
    if tally is not None:
        tally.bytes += size
        tally.calls += 1
