"""A polled screen on Textual: `PollDriver` (cuetui.polling) decides, this runs it.

The driver holds the state machine (armed, in flight, on view, frozen, backoff, stale);
this mixin gives it a worker per fetch, a timer as a hint to look, a one-second tick that
looks anyway and redraws the data state, and a `Polled` message with each outcome. Screens
handle `Polled`, call `_poll_view(True/False)` from their resume and suspend handlers, and
`_start_poll_tick()` from `on_mount`; they never touch the driver's flags.
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.message import Message
from textual.timer import Timer

from cuetui.polling import PollDriver, Poller, PollOutcome

TICK = 1.0
"""Seconds between looks at the schedule and the data's age (header, wall)."""
MIN_TIMER = 0.02
"""Shorter waits run on the next loop turn: Textual 8.2.8's timer never fires a zero delay
(a division by zero, Textualize/textual#6370) and skips a due time already passed."""


class Polled(Message):
    """A poll ended; a newer one replaces it in the queue so a slow UI renders only the newest."""

    def __init__(self, outcome: PollOutcome[Any], manual: bool) -> None:
        super().__init__()
        self.outcome = outcome
        self.manual = manual

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, Polled)


class PollSchedule:
    """Mixed into a Screen that has a `poller`; call `_init_schedule()` once it has one."""

    poller: Poller[Any]
    POLL_TIMER = "poll"

    def _init_schedule(self) -> None:
        self.polling: PollDriver[Any] = PollDriver(
            self.poller, start=self._poll, wake=self._wake, deliver=self._deliver
        )
        self._timer: Timer | None = None
        self._tick_timer: Timer | None = None

    # -- what screens call ---------------------------------------------------------------

    @property
    def in_view(self) -> bool:
        """This screen is the one on view (its data polled, its state ticking)."""
        return self.polling.on_view

    def _poll_view(self, on_view: bool) -> None:
        """The one way to say this screen is (or is no longer) the one on view."""
        if on_view:
            # Deferred: when several screens are popped at once, the ones in between get a
            # resume event too, but are gone by the time it runs.
            self.call_later(self._show_if_on_top)  # type: ignore[attr-defined]
        else:
            self.polling.hide()

    def _show_if_on_top(self) -> None:
        if self.is_attached and self._is_on_view():  # type: ignore[attr-defined]
            self.polling.show()

    def _is_on_view(self) -> bool:
        return self.app.screen is self  # type: ignore[attr-defined]

    def _start_poll_tick(self) -> None:
        """From `on_mount`: the tick that looks at the schedule and the data's age."""
        self._tick_timer = self.set_interval(  # type: ignore[attr-defined]
            TICK, self._poll_tick, name=f"{self.POLL_TIMER}-tick"
        )

    def poll_now(self, manual: bool = False) -> None:
        """Fetch now, unless a fetch is in flight (then fetch again as soon as it ends)."""
        self.polling.refresh(manual)

    def _show_state(self) -> None:
        """Draw the data state (header, banner); called after each poll and every tick."""

    # -- what the driver calls -----------------------------------------------------------

    def _wake(self, delay: float | None) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if delay is None:
            return
        if delay < MIN_TIMER:
            self.call_later(self.polling.check)  # type: ignore[attr-defined]
        else:
            self._timer = self.set_timer(delay, self.polling.check, name=self.POLL_TIMER)  # type: ignore[attr-defined]

    def _deliver(self, outcome: PollOutcome[Any], manual: bool) -> None:
        self.post_message(Polled(outcome, manual))  # type: ignore[attr-defined]

    def _poll_tick(self) -> None:
        if self.polling.on_view:  # off view: nothing polls, nothing shows
            self.polling.check()
            self._show_state()

    @work(group="poll", exit_on_error=False, description="poll")
    async def _poll(self) -> None:
        # Failures come back as outcomes; only a cancel (the screen or the app closing) raises.
        await self.polling.run()
