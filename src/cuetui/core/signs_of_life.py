"""Signs of life of running frames: LLU (time since the log last changed), the log's last line,
and which frames look stuck or far over their layer's average time.

No Textual here. `TailCache.refresh` blocks on the filesystem (NFS may stall): the frames
screen runs it in a thread, for the running frames on screen only, one read at a time.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import stat
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from cuetui.models.states import RUNNING_FRAME_STATES

if TYPE_CHECKING:
    from cuetui.models import Frame, Job, Layer

T = TypeVar("T")

TAIL_BYTES = 4096
"""Bytes read from a log's end for its last line: a line longer than this shows its end."""
LLU_WARN_MINUTES = 30.0
"""Default LLU past which a running frame is marked (`llu_warn_minutes` in the config)."""
OVERRUN_FACTOR = 3.0
"""A running frame over this many times its layer's average frame time is marked..."""
OVERRUN_MIN_SECONDS = 600
"""...once it has also run this long (a 20 s average makes 61 s no news)."""
LAYER_TIMES_EVERY = 60.0
"""Seconds between two reads of a job's layer times: averages move slowly."""

STALE_GLYPH = "!"
"""Before an LLU past the threshold: the mark is not in colour alone (NO_COLOR)."""
OVERRUN_GLYPH = "▲"
"""Before a runtime far over the layer's average."""

# CSI/OSC escapes and the other control characters a log line may hold: shown raw they would
# move the terminal's cursor or change its colours.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.?")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_line(text: str) -> str:
    """What a terminal line would show of `text` (the last `\\r` overwrite, no escapes), its
    runs of blanks made one."""
    if "\r" in text:
        parts = [p for p in text.split("\r") if p.strip()]
        text = parts[-1] if parts else ""
    text = _CONTROLS.sub("", _ESCAPES.sub("", text).replace("\t", " "))
    return " ".join(text.split())  # aligned columns of spaces would fill a narrow cell


# RQD frames its header and footer with rules of `=`: a line of those says nothing.
_RULE = re.compile(r"[=\-_*#~.+ ]*")


def last_line_of(data: bytes) -> str:
    """The last line in `data` (the end of a file) with words in it, cleaned for one cell."""
    for raw in reversed(data.split(b"\n")):
        line = clean_line(raw.decode("utf-8", "replace"))
        if line and not _RULE.fullmatch(line):
            return line
    return ""


@dataclass(frozen=True, slots=True)
class LogTail:
    """A log's modification time and size when read, and its last non-empty line."""

    mtime: float
    size: int
    last_line: str


def read_tail(path: str, previous: LogTail | None = None, tail_bytes: int = TAIL_BYTES) -> LogTail:
    """`path`'s tail; `previous` again, unread, when the size and mtime did not move.

    Raises OSError (missing, unreadable, stalled mount) and IsADirectoryError.
    """
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise IsADirectoryError(path)
    if previous is not None and (previous.mtime, previous.size) == (st.st_mtime, st.st_size):
        return previous
    with open(path, "rb") as f:
        start = max(0, st.st_size - tail_bytes)
        f.seek(start)
        data = f.read(tail_bytes)
    return LogTail(st.st_mtime, st.st_size, last_line_of(data))


class TailCache:
    """The tails of the logs last asked for, keyed by path and kept by (mtime, size).

    `refresh` (in a thread) replaces the whole map at once: the UI's reads see the old one or
    the new one, and logs no longer on screen are forgotten (the cache stays screen-sized).
    """

    def __init__(self, tail_bytes: int = TAIL_BYTES) -> None:
        self.tail_bytes = tail_bytes
        self._tails: dict[str, LogTail] = {}
        self.reads = 0
        """Tails actually read from disk (not served from the cache): for tests and the bench."""

    def get(self, path: str) -> LogTail | None:
        return self._tails.get(path)

    @property
    def cached(self) -> int:
        """Logs whose tails are held."""
        return len(self._tails)

    def refresh(self, paths: Iterable[str]) -> bool:
        """Stat each log; read the end of those that changed. Unreadable logs have no tail.

        True when a tail differs from the last refresh (the table has something to redraw).
        """
        old, new = self._tails, {}
        changed = False
        for path in paths:
            if path in new:
                continue
            before = old.get(path)
            try:
                tail = read_tail(path, before, self.tail_bytes)
            except (OSError, ValueError):  # ValueError: a NUL in a path a gateway sent
                continue
            if tail is not before:
                self.reads += 1
                changed = True
            new[path] = tail
        changed = changed or new.keys() != old.keys()
        self._tails = new
        return changed


def in_daemon_thread(fn: Callable[[], T]) -> asyncio.Future[T]:
    """`fn()` (a `TailCache.refresh`) in a daemon thread of its own, awaitable: asyncio's
    default executor (`to_thread`) is joined when the app's loop closes, so a read stuck on a
    dead log mount would keep `q` from quitting until the mount answered."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def run() -> None:
        try:
            done = partial(_succeed, future, fn())
        except Exception as exc:  # the awaiting side says it
            done = partial(_fail, future, exc)
        with contextlib.suppress(RuntimeError):  # the app quit meanwhile: nobody waits
            loop.call_soon_threadsafe(done)

    threading.Thread(target=run, name="cuetui-log-tails", daemon=True).start()
    return future


def _succeed(future: asyncio.Future[T], value: T) -> None:
    if not future.done():
        future.set_result(value)


def _fail(future: asyncio.Future[T], exc: Exception) -> None:
    if not future.done():
        future.set_exception(exc)


def llu_seconds(frame: Frame, now: float, log_mtime: float | None = None) -> int | None:
    """Seconds since the running frame's log last changed; None when not running or unknown.

    The later of Cuebot's `llu_time` and the log's mtime (read here: fresher than Cuebot's,
    which comes with RQD's reports); never before the frame's current start (an `llu_time` of
    an earlier attempt says nothing of this one).
    """
    if frame.state not in RUNNING_FRAME_STATES:
        return None
    last = max(float(frame.llu_time), log_mtime or 0.0)
    if last <= 0:
        return None
    last = max(last, float(frame.start_time))
    return max(0, int(now - last))


def is_stale(llu: int | None, warn_minutes: float) -> bool:
    """An LLU at or past the threshold: the frame may be hung."""
    return llu is not None and llu >= warn_minutes * 60


class LayerTimes:
    """Average and longest frame time per layer name, from the job's LayerStats."""

    def __init__(
        self,
        every: float = LAYER_TIMES_EVERY,
        factor: float = OVERRUN_FACTOR,
        floor: int = OVERRUN_MIN_SECONDS,
    ) -> None:
        self.every = every
        self.factor = factor
        self.floor = floor
        self.avg: dict[str, int] = {}
        self.high: dict[str, int] = {}
        self.read_at: float | None = None

    def due(self, now: float) -> bool:
        """Time to read the layers again (never read, or read `every` seconds ago)."""
        return self.read_at is None or now - self.read_at >= self.every

    def update(self, layers: Iterable[Layer], now: float) -> None:
        for ly in layers:
            self.avg[ly.name] = ly.layer_stats.avg_frame_sec
            self.high[ly.name] = ly.layer_stats.high_frame_sec
        self.read_at = now

    def overrun(self, frame: Frame, runtime: int) -> bool:
        """A running frame far over its layer's average (`factor` x, and at least `floor` s)."""
        if frame.state not in RUNNING_FRAME_STATES:
            return False
        avg = self.avg.get(frame.layer_name, 0)
        return avg > 0 and runtime >= self.floor and runtime > self.factor * avg


class SignsOfLife:
    """What the frames table shows of one job's running frames: LLU, last line, overrun.

    Every lookup is a dict read (the table calls them for each row on each refresh); the
    filesystem is only touched by `tails.refresh` (in a thread) and Cuebot by the screen's poll.
    """

    def __init__(
        self,
        job: Job | None,
        clock: Callable[[], float],
        warn_minutes: float = LLU_WARN_MINUTES,
    ) -> None:
        self.job = job
        self.clock = clock
        self.warn_minutes = warn_minutes
        self.tails = TailCache()
        self.layers = LayerTimes()

    def same_since(self, then: float, now: float, frames: Iterable[Frame]) -> bool:
        """Every runtime and LLU of `frames` (and their marks) computed at `then` reads the
        same at `now`: they count whole seconds from whole-second times (a start, Cuebot's
        LLU), or an LLU from a log's mtime, so they move only when one of those seconds ends."""
        if int(now) != int(then):
            return False
        for frame in frames:
            tail = self._tail(frame)
            if tail is not None and llu_seconds(frame, now, tail.mtime) != llu_seconds(
                frame, then, tail.mtime
            ):
                return False
        return True

    def log_path(self, frame: Frame) -> str | None:
        """The frame's log, when the job names an absolute log directory (a relative one
        would be read from wherever cuetui was started)."""
        job = self.job
        if job is None or not os.path.isabs(job.log_dir):
            return None
        return frame.log_path(job)

    def paths_to_read(self, frames: Iterable[Frame]) -> list[str]:
        """The logs of the running frames among `frames` (the rows on screen)."""
        paths = (self.log_path(f) for f in frames if f.state in RUNNING_FRAME_STATES)
        return [p for p in paths if p is not None]

    def _tail(self, frame: Frame) -> LogTail | None:
        if frame.state not in RUNNING_FRAME_STATES:
            return None
        path = self.log_path(frame)
        return None if path is None else self.tails.get(path)

    def llu(self, frame: Frame) -> tuple[int | None, bool]:
        """(LLU seconds, past the threshold); (None, False) when not running, -1 if unknown."""
        if frame.state not in RUNNING_FRAME_STATES:
            return (None, False)
        tail = self._tail(frame)
        seconds = llu_seconds(frame, self.clock(), tail.mtime if tail else None)
        if seconds is None:
            return (-1, False)
        return (seconds, is_stale(seconds, self.warn_minutes))

    def last_line(self, frame: Frame) -> str:
        """The running frame's log's last line, as last read ("" when not read or unreadable)."""
        tail = self._tail(frame)
        return tail.last_line if tail else ""

    def runtime(self, frame: Frame) -> tuple[int, bool]:
        """(runtime seconds, far over the layer's average)."""
        seconds = frame.runtime_seconds(self.clock())
        return (seconds, self.layers.overrun(frame, seconds))
