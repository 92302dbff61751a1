"""The frame behind a log: its state from the gateway, and the frame verbs from the log viewer.

A wrangler reads why a frame died, then retries, eats or kills it from there: the same keys,
confirmation and toast as the frames table (`cuetui.screens.verbs.jobs.FrameVerbs`), on the one
frame whose log is on view. Mixed into `LogScreen`; kept apart so log.py stays about reading.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from cuetui.core.polling import Poller, PollOutcome
from cuetui.models.format import duration, epoch, short_duration
from cuetui.models.states import FINISHED_FRAME_STATES, RUNNING_FRAME_STATES
from cuetui.screens.base.action_flow import ActionFlow
from cuetui.screens.base.poll_schedule import ScreenPoll
from cuetui.screens.base.table_screen import ACTION_REFRESH_DELAY
from cuetui.screens.base.verb import VerbScreen
from cuetui.screens.verbs.jobs import EAT_FRAMES, KILL_FRAMES, RETRY_FRAMES, FrameVerbs
from cuetui.widgets.header import HeaderBar

if TYPE_CHECKING:
    from textual.screen import Screen

    from cuetui.models import Frame

    # A mixin of LogScreen: to the type checker it is the Screen it is mixed into (its
    # query_one, is_current, is_attached), so it declares only what LogScreen adds.
    _Screen = Screen[None]
else:
    _Screen = object

# The frames table's verbs, keys and binding ids: one keymap entry moves the key on both
# screens. None of them clashes with the viewer's own keys (/ n N g G [ ] q j k space home
# end); in the search line, letters and ctrl+k (delete to the end) belong to the input.
FRAME_VERBS = (RETRY_FRAMES, EAT_FRAMES, KILL_FRAMES)


class LogFrame(VerbScreen, ActionFlow, _Screen):
    """Needs `self.frame`, `self.job`, `self.running` and `self._update_status()` (LogScreen)."""

    if TYPE_CHECKING:
        frame: Any
        job: Any
        running: bool
        app: Any  # VerbScreen's and ActionFlow's CuetuiApp over Screen's App

        def _update_status(self) -> None: ...

    def _init_frame(self) -> None:
        self.frame_poller: Poller[Frame] = Poller(self._get_frame)
        self._frame_poll = ScreenPoll(
            self,
            self.frame_poller,
            self._frame_polled,
            name="log-frame",
            on_tick=self._show_frame_state,
        )
        self._below: Screen[Any] | None = None

    @property
    def acts_on_frame(self) -> bool:
        """A frame's log opened from the farm (not a bare file): there is a frame to act on."""
        return bool(getattr(self.frame, "id", "")) and self.job is not None

    def _mount_frame(self) -> None:
        """On mount: note the screen to refresh after an action, read the frame afresh."""
        stack = self.app.screen_stack
        self._below = stack[-2] if len(stack) > 1 and stack[-1] is self else None
        self.frame_poller.clock = getattr(self.app, "clock", time.time)
        refresh = getattr(getattr(self.app, "settings", None), "refresh", None)
        self.frame_poller.interval = float(refresh or 3.0)
        if self.acts_on_frame:
            # The state came with the table's last poll: that is its age until the read
            # below lands (and what a failing gateway leaves on view, marked stale).
            table_poller = getattr(self._below, "poller", None)
            self.frame_poller.updated_at = getattr(table_poller, "updated_at", None)
            self._show_frame_state()
            # Timed reads while the frame runs; the first one now, whatever its state.
            self._frame_poll.driver.timed(self.running)
            self._frame_poll.mount()
            self._fetch_frame()

    def _frame_on_view(self, on_view: bool) -> None:
        """From the screen's resume and suspend: the frame is read only while on view."""
        if self.acts_on_frame:
            self._frame_poll.set_on_view(on_view)

    def frame_action_allowed(self, action: str, parameters: tuple[object, ...]) -> bool:
        """False hides the key: no frame to act on, or a read-only session."""
        if action != "verb":
            return True
        return self.acts_on_frame and self.verb_allowed(action, parameters)

    # -- the frame's state -----------------------------------------------------------------

    async def _get_frame(self) -> Frame:
        frame: Frame = await self.app.client.get_frame(self.frame.id)
        return frame

    def _poll_frame(self) -> None:
        """What the timed read does: the frame's state, while it runs and is on view."""
        if self.running and self.is_current:
            self._fetch_frame()

    def _fetch_frame(self) -> None:
        """Read the frame now (or as soon as the read in flight ends)."""
        self._frame_poll.driver.refresh()

    def _frame_polled(self, outcome: PollOutcome[Frame], manual: bool) -> None:
        if outcome.ok and outcome.data is not None:
            self.frame = outcome.data
            self.running = outcome.data.state in RUNNING_FRAME_STATES
            self._frame_poll.driver.timed(self.running)  # an ended frame is read no more
        # A failure keeps the last known state; the header marks it stale with the reason.
        self._show_frame_state()
        self._update_status()

    def _show_frame_state(self) -> None:
        if not self.acts_on_frame:
            return
        status, stale = self._frame_poll.driver.status()
        self.query_one(HeaderBar).set_state(status, stale=stale, frozen=False)

    def _ended(self) -> str:
        """How the frame ended ("frame DEAD, exit 1"), when the log is a known frame's."""
        state = str(getattr(self.frame, "state", ""))
        if not state:
            return ""
        if state in FINISHED_FRAME_STATES:
            return f"frame {state}, exit {self.frame.exit_status}"
        return f"frame {state}"

    def gateway_lines(self) -> list[str]:
        """What the gateway knows of the frame, for a log that cannot be read.

        OpenCue's Frame carries no line of the log (no last-line field in job.proto; the
        gateway serves no log text): its state, exit status, host, times and Cuebot's
        last-log-update time (`llu_time`) are what there is, and the lines say so.
        """
        frame = self.frame
        if not self.acts_on_frame:
            return []
        lines = ["", "The gateway has no line of the log (OpenCue keeps no copy); it knows:"]
        state = str(frame.state)
        if state in FINISHED_FRAME_STATES:
            state += f", exit {frame.exit_status}"
        facts = [f"state {state}", f"retries {frame.retry_count}"]
        if frame.host_name:
            facts.append(f"host {frame.host_name}")
        lines.append("  " + ", ".join(facts))
        now = self.frame_poller.clock()
        if frame.start_time > 0:
            ran = duration(frame.runtime_seconds(now))
            lines.append(f"  started {epoch(frame.start_time)}, ran {ran}")
        if frame.llu_time > 0:
            ago = short_duration(max(0, int(now - frame.llu_time)))
            lines.append(f"  log last written {ago} ago (Cuebot's last log update)")
        return lines

    # -- verbs -----------------------------------------------------------------------------

    def verbs(self) -> FrameVerbs:
        return FrameVerbs(self, self.job, lambda: [self.frame] if self.acts_on_frame else [])

    def poll_soon(self, delay: float = ACTION_REFRESH_DELAY) -> None:
        """After an action: read the frame shortly (Cuebot queues it), and have the table the
        log was opened from read its page again when it is back on view."""
        below = self._below
        if below is not None and below.is_attached and hasattr(below, "poll_soon"):
            below.poll_soon()
        if self.is_attached and self.acts_on_frame:
            self._frame_poll.driver.soon(delay)
