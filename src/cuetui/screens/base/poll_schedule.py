"""A polled screen on Textual: `PollDriver` (cuetui.core.polling) decides, this runs it.

The driver holds the state machine (armed, in flight, on view, frozen, backoff, stale);
`ScreenPoll` gives it a worker per fetch, a timer as a hint to look and a one-second tick
that looks anyway and redraws the data state. `PollSchedule` is the table screens' and the
dashboard's one source, with a `Polled` message per outcome; the comments screen and the
log viewer own `ScreenPoll`s directly.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer

from cuetui.core.polling import PollDriver, Poller, PollOutcome

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


class ScreenPoll:
    """One `PollDriver` run on one Textual screen: a worker per fetch, a timer as a hint to
    look, and a one-second tick that looks anyway and calls `on_tick` (redraw the state).

    A screen owns one per polled source (the log viewer has two: the frame and the file).
    """

    def __init__(
        self,
        screen: Screen[Any],
        poller: Poller[Any],
        deliver: Callable[[PollOutcome[Any], bool], Awaitable[None] | None],
        *,
        name: str = "poll",
        on_tick: Callable[[], None] | None = None,
    ) -> None:
        self.screen = screen
        self.name = name
        self.on_tick = on_tick
        self.driver: PollDriver[Any] = PollDriver(
            poller, start=self._start, wake=self._wake, deliver=deliver
        )
        self._timer: Timer | None = None

    def mount(self) -> None:
        """From the screen's `on_mount`: start the tick."""
        self.screen.set_interval(TICK, self._tick, name=f"{self.name}-tick")

    def set_on_view(self, on_view: bool, is_on_view: Callable[[], bool] | None = None) -> None:
        """The one way to say the screen is (or is no longer) on view."""
        if not on_view:
            self.driver.hide()
            return
        looks = is_on_view or (lambda: self.screen.app.screen is self.screen)

        def show() -> None:
            if self.screen.is_attached and looks():
                self.driver.show()

        # Deferred: when several screens are popped at once, the ones in between get a
        # resume event too, but are gone by the time it runs.
        self.screen.call_later(show)

    def _start(self) -> None:
        # Failures come back as outcomes; only a cancel (the screen or the app closing) raises.
        self.screen.run_worker(
            self.driver.run(), group=self.name, exit_on_error=False, description=self.name
        )

    def _wake(self, delay: float | None) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if delay is None:
            return
        if delay < MIN_TIMER:
            self.screen.call_later(self.driver.check)
        else:
            self._timer = self.screen.set_timer(delay, self.driver.check, name=self.name)

    def _tick(self) -> None:
        if self.driver.on_view:  # off view: nothing polls, nothing shows
            self.driver.check()
            if self.on_tick is not None:
                self.on_tick()


class PollSchedule:
    """Mixed into a Screen with one polled `poller`; call `_init_schedule()` once it has one.

    Screens handle `Polled`, call `_poll_view(True/False)` from their resume and suspend
    handlers and `_start_poll_tick()` from `on_mount`; they never touch the driver's flags.
    """

    poller: Poller[Any]
    POLL_TIMER = "poll"

    def _init_schedule(self) -> None:
        self._screen_poll = ScreenPoll(
            self,  # type: ignore[arg-type]
            self.poller,
            self._deliver,
            name=self.POLL_TIMER,
            on_tick=self._show_state,
        )
        self.polling: PollDriver[Any] = self._screen_poll.driver

    @property
    def in_view(self) -> bool:
        """This screen is the one on view (its data polled, its state ticking)."""
        return self.polling.on_view

    def _poll_view(self, on_view: bool) -> None:
        """The one way to say this screen is (or is no longer) the one on view."""
        self._screen_poll.set_on_view(on_view)

    def _start_poll_tick(self) -> None:
        """From `on_mount`: the tick that looks at the schedule and the data's age."""
        self._screen_poll.mount()

    def poll_now(self, manual: bool = False) -> None:
        """Fetch now, unless a fetch is in flight (then fetch again as soon as it ends)."""
        self.polling.refresh(manual)

    def _show_state(self) -> None:
        """Draw the data state (header, banner); called after each poll and every tick."""

    def _deliver(self, outcome: PollOutcome[Any], manual: bool) -> None:
        self.post_message(Polled(outcome, manual))  # type: ignore[attr-defined]
