"""Poll what is seen, often; the rest, rarely: the rows on view and the whole list.

The whole list of a big farm is megabytes of JSON (2,000 jobs: 2.1 MB; 5,000 hosts: 3.0 MB):
fetched every few seconds it would make one cuetui the heaviest client of the gateway.
`RowsPoll` plans each poll of a view instead: the rows on view and the marked rows, by id,
at the view's interval; the whole list, which finds new, finished and re-sorted rows, at a
slower interval: the bytes of its last answer against what is left of the view's byte
budget (`budget`, bytes per second) once the rows' polls are paid. While the whole list
fits in the budget at the view's interval (a small farm) every poll is the whole list, as
it always was. ctrl+r, a new filter or sort and an action ask for the whole list at once.

It also knows each row's age (when the gateway last sent it): a row older than the view's
stale age is drawn as such, never as fresh.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterable
from operator import attrgetter
from typing import Any, Generic, TypeVar

from cuetui.client.tally import counting

T = TypeVar("T")

DEFAULT_BUDGET = 25_000.0
"""Bytes per second one view may pull from the gateway (1.5 MB/min; CueGUI's jobs view
pulls 1.7 MB/min at the `large` preset)."""
MIN_FULL_SHARE = 0.25
"""The whole list keeps at least this share of the budget, however tall the terminal."""
MAX_MARKED = 200
"""Marked rows asked for by id beyond those on view (a mark-all of 10,000 rows is the whole
list: the whole list's schedule covers the rest)."""


class RowsPoll(Generic[T]):
    """Which rows the next poll asks for, and the age of every row (headless)."""

    def __init__(
        self,
        key: Callable[[T], str] = attrgetter("id"),
        *,
        budget: float = DEFAULT_BUDGET,
        clock: Callable[[], float] = time.time,
        enabled: bool = True,
    ) -> None:
        self.key = key
        self.budget = budget
        self.clock = clock
        self.enabled = enabled
        """False: the view cannot ask for rows by id; every poll is the whole list."""
        self.interval = 3.0
        """The view's interval (the screen keeps it equal to its poller's)."""
        self.items: dict[str, T] = {}
        """The list as last known, in the gateway's order of its last whole answer."""
        self.ages: dict[str, float] = {}
        """Wall time each row was last sent by the gateway."""
        self.full_bytes: int | None = None
        self.full_at: float | None = None
        self.rows_rate = 0.0
        """Bytes per second the rows' polls cost lately."""
        self.polled_at: float | None = None
        """Wall time of the last answer, whole or rows."""
        self.last_full = False
        """The last answer was the whole list."""
        self._unkeyed: list[T] = []  # rows of the whole list without an id (the table says so)
        self._want_full = True

    # -- what the screen tells it -----------------------------------------------------------

    def want_full(self) -> None:
        """The next poll fetches the whole list (ctrl+r, a new filter or sort, an action)."""
        self._want_full = True

    # -- the schedule -----------------------------------------------------------------------

    @property
    def split(self) -> bool:
        """The whole list costs more than the budget at the view's interval: rows by id."""
        size = self.full_bytes
        return self.enabled and size is not None and size > self.budget * self.interval

    def full_interval(self) -> float:
        """Seconds between whole lists: its bytes against the budget the rows leave."""
        if not self.split or self.full_bytes is None:
            return self.interval
        share = max(self.budget * MIN_FULL_SHARE, self.budget - self.rows_rate)
        return max(self.interval, self.full_bytes / share)

    def full_due_in(self) -> float:
        """Seconds until the whole list is due (0: the next poll fetches it)."""
        if self._want_full or self.full_at is None or not self.split:
            return 0.0
        return max(0.0, self.full_at + self.full_interval() - self.clock())

    def plan(self, on_view: Iterable[str], marked: Iterable[str] = ()) -> list[str] | None:
        """The ids the next poll asks for, or None: the whole list."""
        if self.full_due_in() <= 0.0:
            return None
        items = self.items
        ids = dict.fromkeys(k for k in on_view if k in items)
        extra = [k for k in marked if k in items and k not in ids]
        ids.update(dict.fromkeys(extra[:MAX_MARKED]))
        return list(ids)

    async def run(
        self,
        on_view: Iterable[str],
        marked: Iterable[str],
        fetch: Callable[[], Awaitable[list[T]]],
        fetch_rows: Callable[[list[str]], Awaitable[list[T]]],
    ) -> list[T]:
        """One poll: the whole list or the rows by id, counted; returns the list to show."""
        ids = self.plan(on_view, marked)
        with counting() as tally:
            if ids is None:
                items = await fetch()
            else:
                got = await fetch_rows(ids)
        if ids is None:
            return self.took_full(items, tally.bytes)
        return self.took_rows(ids, got, tally.bytes)

    # -- answers ----------------------------------------------------------------------------

    def took_full(self, items: list[T], size: int) -> list[T]:
        """The whole list came (`size` bytes): every row is fresh; returns what to show."""
        if not self.enabled:
            return items
        now = self.clock()
        key = self.key
        known: dict[str, T] = dict(zip(map(key, items), items, strict=True))
        unkeyed: list[T] = []
        if len(known) != len(items) or "" in known:  # rows without an id or repeating one
            known = {}
            for item in items:
                k = key(item)
                if not k or k in known:
                    unkeyed.append(item)
                else:
                    known[k] = item
        self.items, self._unkeyed = known, unkeyed
        self.ages = dict.fromkeys(known, now)
        self.full_bytes, self.full_at, self.polled_at = size, now, now
        self._want_full = False
        self.last_full = True
        return items

    def took_rows(self, asked: list[str], got: list[T], size: int) -> list[T]:
        """The rows asked for came (`size` bytes); an asked row that did not come left the
        view's criteria (a job finished, a host was deleted) and goes. Returns the list."""
        now = self.clock()
        key = self.key
        fresh = {key(item): item for item in got}
        gone = {k for k in asked if k not in fresh}
        ages = self.ages
        if gone:
            self.items = {k: v for k, v in self.items.items() if k not in gone}
            for k in gone:
                ages.pop(k, None)
        items = self.items
        for k, item in fresh.items():
            if k in items:
                items[k] = item
                ages[k] = now
        rate = size / max(0.2, self.interval)
        # Smoothed: one tall answer (a mark-all) does not swing the whole list's interval.
        self.rows_rate = (self.rows_rate + rate) / 2 if self.rows_rate else rate
        self.polled_at = now
        self.last_full = False
        return [*items.values(), *self._unkeyed]

    # -- ages -------------------------------------------------------------------------------

    def age(self, key: str, now: float | None = None) -> float | None:
        """Seconds since the gateway last sent this row (None: not known here)."""
        at = self.ages.get(key)
        if at is None:
            return None
        return (self.clock() if now is None else now) - at

    def is_old(self, key: str, after: float, now: float | None = None) -> bool:
        """The row was last sent more than `after` seconds ago."""
        age = self.age(key, now)
        return age is not None and age > after

    def unseen(self, on_view: Iterable[str]) -> bool:
        """Rows on view that the last poll did not refresh (scrolled to since): ask now."""
        since = self.polled_at
        if since is None or not self.split:
            return False
        ages = self.ages
        return any(ages.get(k, since) < since for k in on_view)

    def describe(self) -> dict[str, Any]:
        """The schedule in numbers (the bench and `doctor`-style reports)."""
        return {
            "split": self.split,
            "full_bytes": self.full_bytes,
            "full_interval": self.full_interval(),
            "rows_rate": self.rows_rate,
        }
