"""Frame log files on the shared filesystem: where they are, why one cannot be read, and a
windowed reader that never loads a whole multi-gigabyte log.

No Textual here. All calls block on the filesystem (NFS may stall): the viewer runs them in
a thread.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cuetui.core.text_match import smart_case

if TYPE_CHECKING:
    from cuetui.models import Frame, Job

# Read this much per step: most rqlogs fit in one chunk; huge ones open at the end fast.
CHUNK_BYTES = 256 * 1024
# A single line longer than this is split rather than read whole.
MAX_LINE_BYTES = 4 * 1024 * 1024


def frame_log_path(job: Job, frame: Frame) -> Path:
    """`<job.log_dir>/<job.name>.<frame.name>.rqlog` (CueGUI's and CueWeb's rule)."""
    return Path(job.log_dir) / f"{job.name}.{frame.name}.rqlog"


def attempt_paths(base: Path) -> list[Path]:
    """Every attempt's log, oldest first: `<base>.1`, `<base>.2`, ..., then `base` (the latest).

    RQD renames the previous attempt's log to the next free `.N` when a frame restarts, so the
    highest N is the most recent earlier attempt (CueGUI's "View Last Log"). `base` is always
    listed, even when missing, since it is the one the running attempt writes.
    """
    numbered: list[tuple[int, Path]] = []
    rotated = re.compile(re.escape(base.name) + r"\.(\d+)")
    try:
        with os.scandir(base.parent) as entries:
            for entry in entries:
                if m := rotated.fullmatch(entry.name):
                    numbered.append((int(m.group(1)), Path(entry.path)))
    except OSError:
        pass
    return [p for _, p in sorted(numbered)] + [base]


def unreadable_reason(path: Path) -> str | None:
    """Why `path` cannot be read here, in words for a wrangler; None when it can."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return _missing_reason(path)
    except PermissionError:
        return f"permission denied: cannot look inside {path.parent}"
    except OSError as exc:
        return _os_reason(exc)
    if stat.S_ISDIR(st.st_mode):
        return "it is a directory, not a log file"
    if not stat.S_ISREG(st.st_mode):
        return "it is not a regular file"
    try:
        with open(path, "rb"):
            pass
    except PermissionError:
        return "permission denied: this user cannot read it"
    except OSError as exc:
        return _os_reason(exc)
    return None


def _missing_reason(path: Path) -> str:
    if not str(path.parent) or str(path.parent) == ".":
        return "the job has no log directory"
    # Walk up to the deepest existing directory: a missing top means a missing mount.
    ancestor = path.parent
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if ancestor == path.parent:
        return "no such file: the frame may not have started yet, or its log was removed"
    missing = path.parent
    while missing.parent != ancestor:
        missing = missing.parent
    return f"{missing} does not exist on this machine: is the log filesystem mounted here?"


def _os_reason(exc: OSError) -> str:
    if exc.errno in (errno.ESTALE, errno.EIO, errno.ENOTCONN):
        return f"the log filesystem is not answering ({exc.strerror})"
    return exc.strerror or str(exc)


def _decode(data: bytes) -> list[str]:
    text = data.decode("utf-8", "replace")
    return [line.rstrip("\r") for line in text.split("\n")]


@dataclass
class Appended:
    """New bytes at the end: drop the viewer's last line first if `drop_last` (it was partial)."""

    lines: list[str]
    drop_last: bool


@dataclass
class Reset:
    """The file was truncated or replaced: show these lines instead of everything."""

    lines: list[str]
    why: str


class LogWindow:
    """A window `[start, end)` of a log file, extended on demand in either direction.

    `end` always falls just after a newline; an unfinished last line (the frame is still
    writing it) is returned as the last line and re-read once it grows.
    """

    def __init__(self, path: Path, chunk: int = CHUNK_BYTES) -> None:
        self.path = path
        self.chunk = chunk
        self.start = 0
        self.end = 0
        self.size = 0
        self.partial = b""
        self._ino: int | None = None

    @property
    def at_head(self) -> bool:
        return self.start == 0

    @property
    def at_tail(self) -> bool:
        return self.end + len(self.partial) >= self.size

    def _read(self, lo: int, hi: int) -> bytes:
        with open(self.path, "rb") as f:
            st = os.fstat(f.fileno())
            self._ino, self.size = st.st_ino, st.st_size
            f.seek(lo)
            return f.read(max(0, hi - lo))

    def tail(self) -> list[str]:
        """Open at the end: the last chunk's whole lines plus any unfinished last line."""
        size = os.stat(self.path).st_size
        lo = max(0, size - self.chunk)
        data = self._read(lo, size)
        lo, data = self._align_start(lo, data)
        self.start = lo
        return self._take_to_end(lo, data)

    def head(self) -> list[str]:
        """Open at the top: the first chunk's whole lines."""
        self.start = 0
        self.end = 0
        self.partial = b""
        return self.later()

    def earlier(self) -> list[str]:
        """The chunk before the window (empty at the top); the window grows upward."""
        if self.start == 0:
            return []
        want = self.chunk
        while True:
            lo = max(0, self.start - want)
            data = self._read(lo, self.start)
            new_lo, data = self._align_start(lo, data)
            if data or lo == 0 or want >= MAX_LINE_BYTES:
                break
            want *= 2  # one line longer than the chunk: read further back
        if not data and lo > 0:
            new_lo, data = lo, self._read(lo, self.start)  # give up aligning a huge line
        self.start = new_lo
        lines = _decode(data)
        return lines[:-1] if lines and lines[-1] == "" else lines

    def later(self) -> list[str]:
        """The chunk after the window's end (whole lines; the partial tail when at the end)."""
        hi = self.end + self.chunk
        data = self._read(self.end, hi)
        if self.end + len(data) >= self.size:
            return self._take_to_end(self.end, data)
        self.partial = b""
        cut = data.rfind(b"\n")
        if cut < 0:  # a line longer than a chunk: split it
            self.end += len(data)
            return _decode(data)
        self.end += cut + 1
        return _decode(data[: cut + 1])[:-1]

    def poll(self) -> Appended | Reset | None:
        """What changed at the end since the last call (only meaningful at the tail)."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None  # RQD is between rotating and recreating it
        if self._ino is not None and st.st_ino != self._ino:
            return Reset(self.tail(), "a new attempt started: showing its log")
        shown_to = self.end + len(self.partial)
        if st.st_size < shown_to:
            return Reset(self.tail(), "the log was truncated: reloaded")
        if not self.at_tail:
            self.size = st.st_size  # the viewer reads on when scrolled down
            return None
        if st.st_size == shown_to:
            return None
        had_partial = bool(self.partial)
        data = self._read(self.end, st.st_size)
        lines = self._take_to_end(self.end, data)
        return Appended(lines, drop_last=had_partial)

    def _align_start(self, lo: int, data: bytes) -> tuple[int, bytes]:
        """Drop the leading piece of a line cut by `lo` (unless `lo` is the file's start)."""
        if lo == 0:
            return lo, data
        cut = data.find(b"\n")
        if cut < 0:
            return lo + len(data), b""
        return lo + cut + 1, data[cut + 1 :]

    def _take_to_end(self, lo: int, data: bytes) -> list[str]:
        """Whole lines up to the last newline; the rest is kept as the partial last line."""
        cut = data.rfind(b"\n")
        whole, self.partial = data[: cut + 1], data[cut + 1 :]
        self.end = lo + cut + 1
        lines = _decode(whole)[:-1] if whole else []
        if self.partial:
            lines.extend(_decode(self.partial))
        return lines


_ERROR = re.compile(
    r"error|aborted|fatal|failed|killed|command not found|no licenses could be found"
    r"|killmessage|exception|traceback",
    re.IGNORECASE,
)
_WARNING = re.compile(r"warning|not found", re.IGNORECASE)


def line_level(line: str) -> str | None:
    """ "error" / "warning" for lines CueGUI highlights (its `render_logs.highlight` words)."""
    if _ERROR.search(line):
        return "error"
    if _WARNING.search(line):
        return "warning"
    return None


def search_pattern(query: str) -> re.Pattern[str] | None:
    """Literal text; case-insensitive unless the query has a capital (smart case)."""
    return smart_case(query)


def find_line(lines: list[str], pattern: re.Pattern[str], start: int, forward: bool) -> int | None:
    """Index of the first line matching from `start` (inclusive) in one direction, or None."""
    rng = range(max(0, start), len(lines)) if forward else range(min(start, len(lines) - 1), -1, -1)
    for i in rng:
        if pattern.search(lines[i]):
            return i
    return None
