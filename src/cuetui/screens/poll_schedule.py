"""When a screen polls: one request in flight, the next armed when the last ends, on view only.

`Poller` (cuetui.polling) decides the interval and backoff; this mixin runs it on a Textual
screen: a worker per fetch, one timer, and a `Polled` message with each outcome. Screens
handle `Polled` themselves and say when polling is allowed (`_polling_allowed`).
"""

from __future__ import annotations

import time
from typing import Any

from textual import work
from textual.message import Message
from textual.timer import Timer

from cuetui.polling import Poller, PollOutcome


class Polled(Message):
    """A poll ended; a newer one replaces it in the queue so a slow UI renders only the newest."""

    def __init__(self, outcome: PollOutcome[Any], manual: bool) -> None:
        super().__init__()
        self.outcome = outcome
        self.manual = manual

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, Polled)


class PollSchedule:
    """Mixed into a Screen that has a `poller`; call `_init_schedule()` in `__init__`."""

    poller: Poller[Any]
    POLL_TIMER = "poll"

    def _init_schedule(self) -> None:
        self._timer: Timer | None = None
        self._next_at: float | None = None  # monotonic time of the armed poll
        self._on_view = False
        self._again = False  # poll again as soon as the one in flight ends
        self._manual = False  # the next outcome answers a key (ctrl+r, an action)
        self._force = False  # poll at once on return to view (an action happened off view)
        self._in_flight = False  # a poll worker was started and has not ended

    def _polling_allowed(self) -> bool:
        """False while the screen is frozen: timed polls stop, manual ones still run."""
        return True

    def _resume_polling(self) -> None:
        if not self._on_view or not self.is_attached or self.app.screen is not self:  # type: ignore[attr-defined]
            return
        if not self._polling_allowed():
            return
        force, self._force = self._force, False
        if not force and (self._in_flight or self._timer is not None):
            return  # already polling: the one in flight arms the next
        due = 0.0 if force else self.poller.due_in()
        if due <= 0:
            self.poll_now()
        else:
            self._arm(due)

    def poll_now(self, manual: bool = False) -> None:
        """Fetch now, unless a fetch is in flight (then fetch again as soon as it ends)."""
        self._manual = self._manual or manual
        if self._in_flight or self.poller.busy:
            self._again = True
            return
        self._disarm()
        self._in_flight = True
        self._poll()

    def _arm(self, delay: float) -> None:
        self._disarm()
        self._next_at = time.monotonic() + delay
        self._timer = self.set_timer(delay, self.poll_now, name=self.POLL_TIMER)  # type: ignore[attr-defined]

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._next_at = None

    @work(group="poll", exit_on_error=False, description="poll")
    async def _poll(self) -> None:
        # Failures come back as outcomes; only a cancel (the screen or the app closing) raises
        # here, and then nothing is armed.
        try:
            outcome = await self.poller.run()
        finally:
            self._in_flight = False
        if outcome is not None:
            manual, self._manual = self._manual, False
            self.post_message(Polled(outcome, manual))  # type: ignore[attr-defined]
        if self._again:
            self._again = False
            self._arm(0)
        elif self._on_view and self._polling_allowed():
            self._arm(self.poller.next_delay())
