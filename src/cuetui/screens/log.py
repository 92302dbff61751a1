"""`LogScreen`: a frame's `.rqlog` full screen, following the end while it grows (`l` on a frame).

Under the app's header and crumbs, like every screen; the frame's retry/eat/kill keys and the
refreshed frame state live in `cuetui.screens.log_frame`.

File reads run in threads (NFS can stall) behind one lock; the view only ever holds the part
of the file that was asked for (the end first, earlier chunks on scrolling up or `g`).
The frame's state comes with it from the frames screen and is read again on open, after an
action, and while the frame runs (GetFrame, every `refresh` seconds), so the status says when
it ends.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from cuetui import navigation
from cuetui.core.polling import Poller, PollOutcome
from cuetui.core.rqlog import (
    CHUNK_BYTES,
    Appended,
    LogWindow,
    Reset,
    attempt_paths,
    frame_log_path,
    unreadable_reason,
)
from cuetui.models.states import RUNNING_FRAME_STATES
from cuetui.screens.base import related
from cuetui.screens.base.place import show_place
from cuetui.screens.base.poll_schedule import ScreenPoll
from cuetui.screens.base.verb import keys
from cuetui.screens.log_frame import FRAME_VERBS, LogFrame
from cuetui.screens.log_search import LogSearch
from cuetui.widgets.footer import KeysFooter
from cuetui.widgets.header import Crumbs, HeaderBar
from cuetui.widgets.log_view import LogView

Change = Appended | Reset
"""What a read of the log's tail found."""


def _human_bytes(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"


class LogScreen(LogFrame, LogSearch, Screen[None]):
    """One frame's log: `/` search, `n`/`N` next/previous, `g`/`G` top/end, `[`/`]` attempts;
    `r`/`e`/`ctrl+k` retry, eat, kill the frame."""

    CSS_PATH = "log.tcss"
    BINDINGS, VERBS = keys(
        *FRAME_VERBS,  # first, as the verbs are on the frames table's footer
        Binding("slash", "search", "Search"),
        Binding("n", "next_match", "Next", key_display="n/N"),
        Binding("N", "previous_match", "Previous match", show=False),
        Binding("g", "top", "Top", key_display="g/G"),
        Binding("G", "bottom", "End, follow", show=False),
        Binding("left_square_bracket", "older", "Attempts", key_display="[/]"),
        Binding("right_square_bracket", "newer", "Newer attempt", show=False),
        Binding("h", "host", "Host", show=False),
        Binding("c,y", "copy_path", "Copy log path", show=False),
        Binding("escape,q,backspace", "close", "Back"),
        Binding("question_mark", "help", "Help", key_display="?"),
    )
    POLL_SECONDS = 0.75
    CHUNK_BYTES = CHUNK_BYTES

    def __init__(
        self,
        path: Path | str,
        *,
        title: str = "",
        running: bool = False,
        frame: Any = None,
        job: Any = None,
    ) -> None:
        super().__init__()
        self.base = Path(path)
        self.title_text = title or self.base.name
        self.running = running
        """RQD may still write the log: the status says "following" only then."""
        self.frame = frame
        """The frame (state, exit status) when the log is a frame's; re-read while it runs."""
        self.job = job
        """The frame's job: names it in crumbs and toasts; with `frame`, enables the verbs."""
        self._init_frame()
        # The file's tail is one more polled source (no gateway: failures only slow it).
        self.tail_poller: Poller[Change | None] = Poller(
            self._read_tail, self.POLL_SECONDS, max_backoff=5.0
        )
        self._tail_poll = ScreenPoll(self, self.tail_poller, self._tail_polled, name="log-poll")
        self.attempts: list[Path] = [self.base]
        self.attempt = 0
        self.window: LogWindow | None = None
        self._following = True
        self.notice = ""
        self._problem: tuple[Path, str] | None = None
        """The log that could not be read and why, while that is what is on view."""
        self._io = asyncio.Lock()

    @classmethod
    def for_frame(cls, job: Any, frame: Any) -> LogScreen:
        """The viewer for `frame` of `job`, following when the frame is running."""
        running = str(getattr(frame, "state", "")) in RUNNING_FRAME_STATES
        title = f"{job.name} {frame.name}"
        path = frame_log_path(job, frame)
        return cls(path, title=title, running=running, frame=frame, job=job)

    @property
    def path(self) -> Path:
        return self.attempts[self.attempt]

    @property
    def following(self) -> bool:
        """The end stays on view as the log grows (and through a resize)."""
        return self._following

    @following.setter
    def following(self, value: bool) -> None:
        self._following = value
        for view in self.query(LogView):
            view.follow = value

    def crumb(self) -> str:
        name = getattr(self.frame, "name", "")
        return f"{name} > log" if name else "log"

    def compose(self) -> ComposeResult:
        yield HeaderBar()
        yield Crumbs()
        yield Static("", id="log-title", markup=False)
        with Vertical(id="log-body"):
            yield LogView(id="log-view")
            yield Static("", id="log-message", markup=False)
        yield Input(placeholder="search (Enter: find, Esc: close)", id="log-search")
        yield Static("", id="log-status", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#log-search").display = False
        self.query_one("#log-message").display = False
        self.query_one(LogView).focus()
        show_place(self)
        self._open(self.base, latest=True)
        self._tail_poll.mount()
        self._mount_frame()

    def on_screen_resume(self) -> None:
        self._tail_poll.set_on_view(True)
        self._frame_on_view(True)

    def on_screen_suspend(self) -> None:
        self._tail_poll.set_on_view(False)
        self._frame_on_view(False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.frame_action_allowed(action, parameters)

    # -- reading -------------------------------------------------------------

    @work(group="log-io", exit_on_error=False)
    async def _open(self, path: Path, *, latest: bool = False, at_end: bool = True) -> None:
        async with self._io:
            self.attempts = await asyncio.to_thread(attempt_paths, self.base)
            last = len(self.attempts) - 1
            self.attempt = self.attempts.index(path) if path in self.attempts[:-1] else last
            if latest:
                self.attempt = last
            reason = await asyncio.to_thread(unreadable_reason, path)
            if reason:
                self.window = None
                self._show_problem(path, reason)
                return
            window = LogWindow(path, self.CHUNK_BYTES)
            lines = await asyncio.to_thread(window.tail if at_end else window.head)
            # A short tail (huge lines) may not fill the view: read upward until it does.
            while not window.at_head and len(lines) < 2 * self.size.height:
                lines = await asyncio.to_thread(window.earlier) + lines
            self.window = window
        self._problem = None
        self.query_one("#log-message").display = False
        view = self.query_one(LogView)
        view.display = True
        view.set_lines(lines, at_end=at_end)
        self.following = at_end
        self._update_status()

    def _show_problem(self, path: Path, reason: str) -> None:
        self._problem = (path, reason)
        self.query_one(LogView).display = False
        self.query_one("#log-message").display = True
        self._update_status()  # writes the message: see _problem_text

    def _problem_text(self, path: Path, reason: str) -> str:
        """Which path, why, and what the gateway knows of the frame instead."""
        lines = [
            f"Cannot show the log of {self.title_text}.",
            "",
            f"Tried: {path}",
            f"Why:   {reason}",
        ]
        if self.attempt > 0:
            lines += ["", f"{self.attempt} earlier attempt(s) have a log: press [ to open one."]
        lines += self.gateway_lines()
        lines += ["", "c or y copies the path."]
        return "\n".join(lines)

    async def _read_tail(self) -> Change | None:
        """What the file gained since the last read (None: nothing to read yet)."""
        async with self._io:
            window = self.window
            if window is None:
                # Not there yet (the frame has not started): open it once it appears.
                latest = self.attempt == len(self.attempts) - 1
                if latest and await asyncio.to_thread(unreadable_reason, self.base) is None:
                    self._open(self.base, latest=True)
                return None
            return await asyncio.to_thread(window.poll)

    async def _tail_polled(self, outcome: PollOutcome[Change | None], manual: bool) -> None:
        change = outcome.data if outcome.ok else None
        if change is None:
            return
        grew = isinstance(change, Reset) or (isinstance(change, Appended) and change.lines)
        if grew and not self.running:
            if getattr(self.frame, "id", ""):
                self._fetch_frame()  # written to after it ended: retried, or our state is old
            else:
                self.running = True  # no gateway to ask: a growing log is a running frame's
        view = self.query_one(LogView)
        if isinstance(change, Reset):
            self.notice = change.why
            self.attempts = await asyncio.to_thread(attempt_paths, self.base)
            self.attempt = len(self.attempts) - 1
            view.set_lines(change.lines, at_end=True)
            self.following = True
        elif isinstance(change, Appended):
            view.append(change.lines, drop_last=change.drop_last, follow=self.following)
        self._update_status()

    @work(group="log-io", exit_on_error=False)
    async def _load_earlier(self) -> None:
        async with self._io:
            window = self.window
            if window is None or window.at_head:
                return
            lines = await asyncio.to_thread(window.earlier)
        self.query_one(LogView).prepend(lines)
        self._update_status()

    @work(group="log-io", exit_on_error=False)
    async def _load_later(self) -> None:
        async with self._io:
            window = self.window
            if window is None or window.at_tail:
                return
            lines = await asyncio.to_thread(window.later)
        self.query_one(LogView).append(lines, follow=False)
        self._update_status()

    # -- view events ---------------------------------------------------------

    @on(LogView.ReachedTop)
    def _reached_top(self) -> None:
        self._load_earlier()

    @on(LogView.ReachedBottom)
    def _reached_bottom(self) -> None:
        if self.window is not None and not self.window.at_tail:
            self._load_later()
        elif not self.following:
            self.following = True
            self._update_status()

    @on(LogView.LeftBottom)
    def _left_bottom(self) -> None:
        if self.following:
            self.following = False
            self._update_status()

    # -- keys ----------------------------------------------------------------

    def action_help(self) -> None:
        HelpScreen = navigation.screen("help")
        self.app.push_screen(HelpScreen(self))

    def action_host(self) -> None:
        """The hosts view filtered to the frame's host (Esc comes back to this log)."""
        if self.frame is not None:
            related.open_host(self, self.frame.host_name, f"Frame {self.frame.name}")

    def action_copy_path(self) -> None:
        """The full path of the log on view, to the clipboard (OSC 52: over ssh and tmux too)."""
        path = str(self.path)
        self.app.copy_to_clipboard(path)
        self.notify(f"Copied log path: {path}", title="Copy", timeout=6)

    def action_close(self) -> None:
        search = self.query_one("#log-search", Input)
        if search.display:
            search.display = False
            self.query_one(LogView).focus()
            return
        self.dismiss()

    def action_top(self) -> None:
        window = self.window
        if window is not None and not window.at_head:
            self._open(self.path, at_end=False)
        else:
            self.query_one(LogView).scroll_to(y=0, animate=False)
        self.following = False
        self._update_status()

    def action_bottom(self) -> None:
        window = self.window
        if window is not None and not window.at_tail:
            self._open(self.path, at_end=True)  # reload the end rather than read everything
        else:
            view = self.query_one(LogView)
            view.scroll_to(y=view.max_scroll_y, animate=False)
        self.following = True
        self._update_status()

    def action_older(self) -> None:
        if self.attempt > 0:
            self._open(self.attempts[self.attempt - 1])
        else:
            self.notify("This is the first attempt's log.", timeout=2)

    def action_newer(self) -> None:
        if self.attempt < len(self.attempts) - 1:
            self._open(self.attempts[self.attempt + 1])
        else:
            self.notify("This is the latest attempt's log.", timeout=2)

    @on(Input.Submitted, "#log-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.find(event.value)

    # -- status --------------------------------------------------------------

    def _update_status(self) -> None:
        total = len(self.attempts)
        attempt = f"attempt {self.attempt + 1}/{total}"
        if total > 1 and self.attempt == total - 1:
            attempt += ", latest"
        # The crumbs name a frame's job and frame: the title keeps its width for the path.
        title = f"[{attempt}]" if self.acts_on_frame else f"{self.title_text}  [{attempt}]"
        self.query_one("#log-title", Static).update(f"{title}  {self.path}")
        parts: list[str] = []
        window = self.window
        view = self.query_one(LogView)
        if window is not None:
            if self.attempt < len(self.attempts) - 1:
                parts.append("earlier attempt: ] for the next")
            elif window.at_tail and self.running:
                parts.append("following the end" if self.following else "scrolled back: G follows")
            elif window.at_tail:
                parts += [p for p in (self._ended(), "end of log") if p]
            shown = window.end + len(window.partial) - window.start
            if shown < window.size:
                parts.append(f"{_human_bytes(shown)} of {_human_bytes(window.size)} loaded")
            else:
                parts.append(_human_bytes(window.size))
        if view.pattern is not None:
            count = len(view.matches)
            if view.current is not None and view.current in view.matches:
                parts.append(f"match {view.matches.index(view.current) + 1}/{count}")
            else:
                parts.append(f"{count} matches")
        if self.notice:
            parts.append(self.notice)
        self.query_one("#log-status", Static).update("  ·  ".join(parts))
        if self._problem is not None:
            # Again on each frame read: the gateway's lines follow the frame's state.
            self.query_one("#log-message", Static).update(self._problem_text(*self._problem))
