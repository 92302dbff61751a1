"""The log viewer's search: `/` pattern, `n`/`N` next/previous, reading upward to find one.

Mixed into `LogScreen` (which owns the file window, its lock and the status line).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual import work
from textual.widgets import Input

from cuetui.core.text_match import smart_case
from cuetui.widgets.log_view import LogView

if TYPE_CHECKING:
    from textual.screen import Screen

    from cuetui.core.rqlog import LogWindow

    # A mixin of LogScreen: to the type checker it is the Screen it is mixed into (its
    # query_one, notify, workers), so it declares only what LogScreen adds.
    _Screen = Screen[None]
else:
    _Screen = object

# Bytes a search may read upward past the loaded part before giving up (per key press).
SEARCH_READ_LIMIT = 16 * 1024 * 1024


class LogSearch(_Screen):
    """Needs `self.window`, `self._io`, `self.following` and `self._update_status()`."""

    if TYPE_CHECKING:
        window: LogWindow | None
        _io: asyncio.Lock
        following: bool

        def _update_status(self) -> None: ...

    def action_search(self) -> None:
        search = self.query_one("#log-search", Input)
        search.display = True
        search.focus()

    def find(self, text: str) -> None:
        """The search line's Enter: highlight every match of `text`, show the likeliest."""
        search = self.query_one("#log-search", Input)
        search.display = False
        view = self.query_one(LogView)
        view.focus()
        view.set_pattern(smart_case(text))  # plain text: linear, whatever is typed
        if view.pattern is None:
            self._update_status()
            return
        # The newest occurrence on or above the bottom of the view first: in a log, the last
        # error is usually the one that killed the frame.
        hit = view.match_before(view.bottom_line + 1)
        if hit is None:
            hit = view.match_after(view.bottom_line)
        if hit is not None:
            view.show_match(hit)
            self.following = False
            self._update_status()
        else:
            self._search_upward()

    def action_next_match(self) -> None:
        view = self.query_one(LogView)
        if view.pattern is None:
            return
        start = view.current if view.current is not None else view.bottom_line
        hit = view.match_after(start)
        if hit is None:
            self.notify("No later match.", severity="warning", timeout=2)
            return
        view.show_match(hit)
        self.following = False
        self._update_status()

    def action_previous_match(self) -> None:
        view = self.query_one(LogView)
        if view.pattern is None:
            return
        start = view.current if view.current is not None else view.bottom_line + 1
        hit = view.match_before(start)
        if hit is None:
            self._search_upward()
            return
        view.show_match(hit)
        self.following = False
        self._update_status()

    @work(group="log-io", exit_on_error=False)
    async def _search_upward(self) -> None:
        """Read earlier chunks until the pattern shows up or the read limit is reached."""
        view = self.query_one(LogView)
        pattern = view.pattern
        if pattern is None:
            return
        read = 0
        while True:
            async with self._io:
                window = self.window
                if window is None or window.at_head or read >= SEARCH_READ_LIMIT:
                    break
                before = window.start
                lines = await asyncio.to_thread(window.earlier)
                read += before - window.start
            view.prepend(lines)
            hit = view.match_before(len(lines))
            if hit is not None:
                view.show_match(hit)
                self.following = False
                self._update_status()
                return
        where = "in this log" if self.window is None or self.window.at_head else "so far"
        self.notify(f"Not found {where}: {pattern.pattern!s}", severity="warning", timeout=3)
        self._update_status()
