"""Polling without Textual: one request in flight, the next armed when the last ends, backoff.

`Poller.run()` performs one fetch and records how it went; the screen that owns the poller
(see `cuetui.screens.base`) runs it in a worker and arms a timer for `poller.next_delay()`.
Keeping the policy here makes it testable without an event loop full of widgets.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

DEFAULT_INTERVAL = 3.0
MAX_BACKOFF = 45.0


def _reason(exc: BaseException) -> str:
    # GatewayError subclasses carry a one-line message for people; anything else is a bug
    # or a transport surprise, so name its type.
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    from_client = type(exc).__module__.startswith("cuetui.")
    if from_client and text:
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


@dataclass(frozen=True, slots=True)
class PollOutcome(Generic[T]):
    """One poll: the data, or the reason it failed (the last data then stays on screen)."""

    ok: bool
    data: T | None = None
    error: str | None = None
    at: float = 0.0


class Poller(Generic[T]):
    """Policy and state of one polled data source."""

    def __init__(
        self,
        fetch: Callable[[], Awaitable[T]],
        interval: float = DEFAULT_INTERVAL,
        *,
        max_backoff: float = MAX_BACKOFF,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.fetch = fetch
        self.interval = max(0.2, float(interval))
        self.max_backoff = max_backoff
        self.clock = clock
        self.busy = False
        self.failures = 0
        self.updated_at: float | None = None
        """Wall time of the last successful fetch."""
        self.stale_since: float | None = None
        """Wall time of the first failure after the last success."""
        self.error: str | None = None

    async def run(self) -> PollOutcome[T] | None:
        """Fetch once; None when a fetch is already in flight (never two at a time)."""
        if self.busy:
            return None
        self.busy = True
        try:
            data = await self.fetch()
        except Exception as exc:
            now = self.clock()
            self.failures += 1
            self.error = _reason(exc)
            if self.stale_since is None:
                self.stale_since = now
            return PollOutcome(False, error=self.error, at=now)
        finally:
            self.busy = False
        now = self.clock()
        self.failures = 0
        self.error = None
        self.stale_since = None
        self.updated_at = now
        return PollOutcome(True, data=data, at=now)

    def next_delay(self) -> float:
        """The interval, doubled per consecutive failure up to `max_backoff` (never shorter)."""
        if self.failures <= 0:
            return self.interval
        backoff = min(self.max_backoff, self.interval * (2 ** min(self.failures, 16)))
        return max(self.interval, backoff)

    def due_in(self) -> float:
        """Seconds until the data is an interval old (0 when never fetched or overdue)."""
        if self.updated_at is None or self.failures:
            return 0.0
        return max(0.0, self.updated_at + self.interval - self.clock())

    @property
    def stale(self) -> bool:
        return self.stale_since is not None

    def status(self) -> str:
        """One line for the header: connecting, updated HH:MM:SS, or stale since ... - reason."""
        if self.stale_since is not None:
            if self.updated_at is None:  # nothing on screen is stale: there is nothing yet
                return f"no data — {self.error}"
            since = hhmmss(self.stale_since)
            return f"stale since {since} — {self.error}"
        if self.updated_at is None:
            return "connecting…"
        return f"updated {hhmmss(self.updated_at)}"


def hhmmss(ts: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(ts))
