"""The frames screen's log reading: the last lines of the running frames on screen, read in a
thread beside each poll (so they reach the table with its rows) or when a scroll shows other
running frames. One read at a time; a stalled log mount delays the lines, never the rows.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TYPE_CHECKING, TypeVar

from cuetui.core.frame_loader import AllFrames
from cuetui.core.signs_of_life import in_daemon_thread

if TYPE_CHECKING:
    from cuetui.core.signs_of_life import SignsOfLife
    from cuetui.screens.frames import FramesScreen

T = TypeVar("T")

TAILS_GRACE = 0.25
"""Seconds a poll waits, after its answer, for the tails read beside it."""


class FrameTails:
    """Reads `life.tails` for the running rows of `screen`'s table that are on screen."""

    def __init__(self, screen: FramesScreen, life: SignsOfLife) -> None:
        self.screen = screen
        self.life = life
        self.busy = False
        self.asked: tuple[str, ...] = ()
        """The logs the last read was for: a scroll that shows others reads again."""

    def paths_on_view(self) -> tuple[str, ...]:
        """The logs of the running frames on screen (and a row or two beyond, for a scroll)."""
        table = self.screen.table
        # The keys on screen, not every item (100,000 of them in all-frames mode).
        rows = [f for k in table.keys_on_view() if (f := table.get_item(k)) is not None]
        return tuple(self.life.paths_to_read(rows))

    @property
    def moved(self) -> bool:
        """Other running frames are on screen than the last read was for."""
        return self.paths_on_view() != self.asked

    def start(self) -> asyncio.Future[bool] | None:
        """Start a read (None: one is running, the view is frozen or not on screen, or there
        is nothing to read or forget); its result says whether a line or an mtime moved."""
        screen = self.screen
        if self.busy or screen.frozen or not screen.is_current:
            return None
        paths = self.paths_on_view()
        self.asked = paths
        if not paths and not self.life.tails.cached:
            return None
        self.busy = True
        tails = self.life.tails
        future = in_daemon_thread(lambda: tails.refresh(paths))
        future.add_done_callback(self._done)
        return future

    async def beside(self, fetch: Awaitable[T]) -> T:
        """`await fetch` with a read of the logs going on beside it."""
        tails = self.start()
        result = await fetch
        if tails is not None:
            await asyncio.wait({tails}, timeout=TAILS_GRACE)
            if not tails.done():  # the rows go now, their lines when the read ends
                tails.add_done_callback(self._redraw)
        return result

    def read_now(self) -> None:
        """Between polls (a scroll, a new page): read, then redraw what changed (in a worker:
        tests and snapshots that wait for the screen's workers wait for it too)."""
        future = self.start()
        if future is None:
            return

        async def read() -> None:
            await asyncio.wait({future})  # a cancelled worker leaves the read to end alone
            self._redraw(future)

        self.screen.run_worker(read(), group="log-tails", exit_on_error=False)

    def _done(self, future: asyncio.Future[bool]) -> None:
        self.busy = False
        if not future.cancelled() and (exc := future.exception()) is not None:
            self.screen.log.warning(f"reading the frames' logs failed: {exc!r}")

    def _redraw(self, future: asyncio.Future[bool]) -> None:
        if future.cancelled() or future.exception() is not None or not future.result():
            return
        screen = self.screen
        loading = isinstance(screen.feed, AllFrames) and screen.feed.loading
        if screen.is_attached and not loading and not screen.frozen:
            screen.redraw_rows()  # only the cells that changed repaint
