"""Polling without Textual: one request in flight, the next armed when the last ends, backoff.

`Poller.run()` performs one fetch and records how it went (data, failure, backoff);
`PollDriver` decides when the next fetch starts (the state machine every polled view runs
on) and says when the data on screen is too old to be called live. A screen runs them
through `cuetui.screens.base.poll_schedule`; keeping the policy here makes it testable without
an event loop full of widgets.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from cuetui.client.errors import BadResponse, ConnectionRefused
from cuetui.models.format import short_duration

T = TypeVar("T")
log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 3.0
MAX_BACKOFF = 45.0
STALE_FLOOR = 10.0
"""Data older than three intervals plus this is stale, whatever the schedule believes."""


def _reason(exc: BaseException) -> str:
    # GatewayError subclasses carry a one-line message for people; anything else is a bug
    # or a transport surprise, so name its type.
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    from_client = type(exc).__module__.startswith("cuetui.")
    if from_client and text:
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _name(fetch: Callable[..., object]) -> str:
    return str(getattr(fetch, "__qualname__", None) or type(fetch).__name__)


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
        """Failed fetches since the last good one (the header's stale state)."""
        self.backoff = 0
        """Failed fetches in a row that found the gateway silent (they stretch the wait)."""
        self._answered = False
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
        self._answered = False
        try:
            data = await self.fetch()
        except Exception as exc:
            now = self.clock()
            self.failures += 1
            # Backoff spares a gateway that is overloaded or hanging. One that answered (a
            # malformed body, or a good answer to another call of this fetch) is up, and a
            # refused connection costs nobody anything (nothing listens): the next fetch
            # comes at the normal interval, so a restarted gateway shows within one.
            answered = self._answered or isinstance(exc, BadResponse | ConnectionRefused)
            self.backoff = 0 if answered else self.backoff + 1
            self.error = _reason(exc)
            # The first failure of a run is a warning (a traceback when it is not the client's).
            log.log(
                logging.WARNING if self.failures == 1 else logging.DEBUG,
                "poll %s failed (%d in a row): %s",
                _name(self.fetch),
                self.failures,
                self.error,
                exc_info=None if type(exc).__module__.startswith("cuetui.") else exc,
            )
            if self.stale_since is None:
                self.stale_since = now
            return PollOutcome(False, error=self.error, at=now)
        finally:
            self.busy = False
        now = self.clock()
        if self.failures:
            log.info("poll %s back after %d failures", _name(self.fetch), self.failures)
        self.failures = self.backoff = 0
        self.error = None
        self.stale_since = None
        self.updated_at = now
        return PollOutcome(True, data=data, at=now)

    def note_answer(self) -> None:
        """A call of the fetch in progress was answered well: the gateway is up (no backoff)."""
        self._answered = True

    def next_delay(self) -> float:
        """The interval, doubled per silent failure in a row up to `max_backoff`."""
        if self.backoff <= 0:
            return self.interval
        backoff = min(self.max_backoff, self.interval * 2.0 ** min(self.backoff, 16))
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


class PollDriver(Generic[T]):
    """When one polled source fetches: the one state machine every polled view runs on.

    States, and what moves between them:

    - off view: nothing armed. A refresh asked for meanwhile (an action's) is kept and
      runs on return (`show`); otherwise the return polls when the data is an interval old.
    - armed: on view, `due_at` set. The next fetch starts once it has passed. The host's
      timer is only a hint to look (`check`); the host also calls `check` every second, so
      a timer that never fires delays a poll by a second at most, never for good.
    - in flight: one fetch running. A refresh asked now (ctrl+r) is queued (`again`) and
      runs as soon as it ends; one asked for later (an action's, `soon`) keeps its time.
    - frozen or untimed (`allowed` False): timed fetches stop; asked ones (a key, an
      action's refresh) still run. A finished frame's state is read untimed.
    - backoff: armed further out after silent failures (`Poller.next_delay`).
    - stale: derived, never stored: the poller failed, or the data on screen is older
      than `stale_after()` whatever the states above say (`status`, `late`).

    The host gives three callbacks: `start()` runs `await driver.run()` in a worker,
    `wake(delay)` asks for `check()` in `delay` seconds (None: no need), and
    `deliver(outcome, manual)` shows an outcome (awaited when it returns an awaitable).
    """

    def __init__(
        self,
        poller: Poller[T],
        *,
        start: Callable[[], None],
        wake: Callable[[float | None], None],
        deliver: Callable[[PollOutcome[T], bool], Awaitable[None] | None],
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.poller = poller
        self._start_fetch = start
        self._wake = wake
        self._deliver = deliver
        self._monotonic = monotonic
        self.on_view = False
        self.allowed = True
        """False while frozen."""
        self.in_flight = False
        self.due_at: float | None = None
        """Monotonic time the next fetch is due (None: not armed)."""
        self._again = False  # a refresh asked while one was in flight: once it ends
        self._manual = False  # the next outcome answers a key (ctrl+r, an action)
        self._on_return = False  # a refresh asked while off view: on return
        self._asked = False  # the armed fetch was asked for (`soon`): runs even untimed
        self._first_try: float | None = None  # wall time of the first fetch, for "no answer"

    # -- what the host tells it ------------------------------------------------------------

    def show(self) -> None:
        """The view is on screen (again)."""
        self.on_view = True
        if self._on_return:  # asked for while off view: runs even frozen or untimed
            self.refresh()
        elif self.allowed and not self.in_flight and self.due_at is None:
            self._arm(self.poller.due_in())

    def hide(self) -> None:
        """The view left the screen: no timed fetch until it is back (one in flight ends)."""
        self.on_view = False
        if self._asked:  # an action's refresh not run yet: on return
            self._on_return, self._asked = True, False
        self._disarm()

    def refresh(self, manual: bool = False) -> None:
        """Fetch now, or as soon as the fetch in flight ends (never two at a time)."""
        self._manual = self._manual or manual
        if self.in_flight:
            self._again = True
            return
        self._begin()

    def soon(self, delay: float) -> None:
        """Fetch in `delay` seconds (after an action); off view, on return."""
        if not self.on_view:
            self._on_return = True
            return
        self._asked = True
        self.due_at = self._monotonic() + max(0.0, delay)
        self._wake(max(0.0, delay))

    def on_return(self) -> None:
        """Fetch as soon as the view is back on screen (it changed while off view)."""
        self._on_return = True

    def freeze(self, frozen: bool) -> None:
        """Frozen: timed fetches stop. Thawed: fetch at once."""
        self.timed(not frozen)
        if not frozen:
            self.refresh()

    def timed(self, on: bool) -> None:
        """Timed fetches on or off (a finished frame's state needs none); manual ones run."""
        if on == self.allowed:
            return
        self.allowed = on
        if not on:
            if not self._asked:  # a fetch asked for (after an action) still runs
                self._disarm()
        elif self.on_view and not self.in_flight and self.due_at is None:
            self._arm(self.poller.next_delay())

    def check(self) -> None:
        """Start the fetch that is due; the host's timer and its one-second tick call this."""
        if self.in_flight or not self.on_view:
            return
        if self.due_at is None:
            if self.allowed:  # on view and allowed is always armed: repair, never stop
                log.warning("poll %s was not armed; arming it", _name(self.poller.fetch))
                self._arm(self.poller.next_delay())
            return
        if self._monotonic() >= self.due_at - 0.005 and (self.allowed or self._asked):
            self._begin()

    async def run(self) -> None:
        """The fetch itself; the host awaits it in a worker started by `start()`."""
        try:
            outcome = await self.poller.run()
        finally:
            # Also on cancel (the view or the app closing): then nothing is armed.
            self.in_flight = False
        if outcome is not None:
            manual, self._manual = self._manual, False
            shown = self._deliver(outcome, manual)
            if shown is not None:
                await shown
        if self._again:
            self._again = False
            if self.on_view:
                self._asked = True
                self._arm(0.0)
            else:
                self._on_return = True
        elif self.due_at is not None:
            self._wake(max(0.0, self.due_at - self._monotonic()))  # asked for during the fetch
        elif self.on_view and self.allowed:
            self._arm(self.poller.next_delay())

    # -- what it tells the host --------------------------------------------------------------

    def due_in(self) -> float | None:
        """Seconds until the next fetch (None: not armed)."""
        if self.due_at is None:
            return None
        return max(0.0, self.due_at - self._monotonic())

    def stale_after(self) -> float:
        """Data older than this many seconds is not live, whatever the schedule believes."""
        return 3 * self.poller.interval + STALE_FLOOR

    def late(self) -> float | None:
        """How old the data on screen is when too old to be live (None: fresh or failing).

        Trusts nothing of the schedule's flags: the wall clock against the last good answer
        (or the first try, when nothing came yet). A failing poller says so itself; a frozen
        view is old on purpose.
        """
        poller = self.poller
        if poller.stale or not self.allowed:
            return None
        since = poller.updated_at if poller.updated_at is not None else self._first_try
        if since is None:
            return None
        age = poller.clock() - since
        return age if age > self.stale_after() else None

    def status(self) -> tuple[str, bool]:
        """The header's line and whether it is stale."""
        poller = self.poller
        age = self.late()
        if age is None:
            return poller.status(), poller.stale
        if poller.updated_at is None:
            return f"no answer from the gateway since {hhmmss(self._first_try or 0)}", True
        since = hhmmss(poller.updated_at)
        return f"stale: data {short_duration(age)} old — no answer since {since}", True

    # -- the one place a fetch is armed or started -----------------------------------------------

    def _arm(self, delay: float) -> None:
        self.due_at = self._monotonic() + max(0.0, delay)
        self._wake(max(0.0, delay))

    def _disarm(self) -> None:
        self.due_at = None
        self._wake(None)

    def _begin(self) -> None:
        self.due_at = None
        self._asked = self._on_return = False
        self.in_flight = True
        if self._first_try is None:
            self._first_try = self.poller.clock()
        try:
            self._start_fetch()
        except BaseException:
            self.in_flight = False
            raise
