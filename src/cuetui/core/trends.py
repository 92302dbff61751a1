"""The wall's trends: the last hour of a few farm figures, in fixed memory.

Each figure keeps one value per bucket (the last poll's value in that bucket) in a ring of
`BUCKETS` slots, so nothing grows with time: a wall that runs for weeks holds the same few
hundred numbers. The first poll fills the first bucket, so a trend shows from the start.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from cuetui.core.farm_summary import FarmSummary

WINDOW = 3600.0
"""Seconds of history: the last hour."""
BUCKETS = 120
"""Slots per figure: one per 30 s over the hour (more than a wall's width needs)."""
BUCKET_SECONDS = WINDOW / BUCKETS
CARRY_SECONDS = 180.0
"""Buckets between two polls this close hold the earlier value (a wall polling every minute
draws a line); a longer gap is an outage and stays empty, never invented."""

FIGURES: tuple[tuple[str, str], ...] = (
    ("cores", "Cores in use"),
    ("running", "Running frames"),
    ("dead", "Dead frames"),
    ("waiting", "Waiting frames"),
    ("jobs", "Pending jobs"),
)
"""(key, label), in the order the wall shows them."""


def figures_of(summary: FarmSummary) -> dict[str, float]:
    return {
        "cores": summary.reserved_cores,
        "running": float(summary.running),
        "dead": float(summary.dead),
        "waiting": float(summary.waiting),
        "jobs": float(summary.pending_jobs),
    }


@dataclass(frozen=True, slots=True)
class Trend:
    """One figure over the window: oldest value first, `None` where no poll landed."""

    key: str
    label: str
    values: tuple[float | None, ...]

    @property
    def last(self) -> float | None:
        return next((v for v in reversed(self.values) if v is not None), None)

    @property
    def low(self) -> float | None:
        known = [v for v in self.values if v is not None]
        return min(known) if known else None

    @property
    def high(self) -> float | None:
        known = [v for v in self.values if v is not None]
        return max(known) if known else None


class Trends:
    """The ring of buckets for every figure, fed one summary per good poll."""

    def __init__(self, buckets: int = BUCKETS, bucket_seconds: float = BUCKET_SECONDS) -> None:
        self.bucket_seconds = bucket_seconds
        self._slots: dict[str, deque[float | None]] = {
            key: deque(maxlen=buckets) for key, _ in FIGURES
        }
        self._bucket: int | None = None  # the bucket number of the newest slot

    def add(self, at: float, summary: FarmSummary) -> None:
        """Record a poll's figures at wall time `at` (stale data is never added)."""
        bucket = int(at // self.bucket_seconds)
        values = figures_of(summary)
        if self._bucket is not None and bucket < self._bucket:
            return  # a clock that went back: keep the newer history
        gap = 1 if self._bucket is None else bucket - self._bucket
        for key, slots in self._slots.items():
            if gap == 0 and slots:
                slots[-1] = values[key]  # the same bucket: its last value wins
                continue
            carry = (
                slots[-1] if slots and (gap - 1) * self.bucket_seconds <= CARRY_SECONDS else None
            )
            for _ in range(min(gap - 1, slots.maxlen or 0)):
                slots.append(carry)
            slots.append(values[key])
        self._bucket = bucket

    def series(self) -> tuple[Trend, ...]:
        return tuple(Trend(key, label, tuple(self._slots[key])) for key, label in FIGURES)

    def __len__(self) -> int:
        return len(self._slots[FIGURES[0][0]])
