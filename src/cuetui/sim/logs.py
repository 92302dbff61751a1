"""Frame logs on disk, laid out as rqd writes them, so the log viewer reads real files.

`<job.logDir>/<job.name>.<frame.name>.rqlog`; when a frame starts again the previous attempt
is renamed to the first free `<that path>.<N>` (N from 1), as rqd rotates logs. A running
frame's log grows every tick (every `log_every` ticks; 0: only its start and end).
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from opencue_proto import job_pb2

    from cuetui.sim.model import Frame


class Farm(Protocol):
    """What the logs read of the farm (SimulatedFarm, or its Transitions mixin)."""

    now: int
    ticks: int

    def log_path(self, frame: Frame) -> str: ...


RESUMES = "copying checkpoint data; the next run resumes from it"


def _done_percent(farm: Farm, frame: Frame) -> int:
    """How far the frame's current run is, by the farm's clock."""
    f = frame.msg
    span = max(frame.end_at - f.start_time, 1)
    return min(100, int(100 * (farm.now - f.start_time) / span))


def _stamp(epoch: int) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(epoch))


class FrameLogs:
    """Writes frame logs under `root` (each job's logDir lives below it)."""

    def __init__(self, root: str | Path, log_every: int = 1) -> None:
        self.root = Path(root)
        self.log_every = max(log_every, 0)
        self._dirs: set[str] = set()  # log dirs known to exist
        # A running frame's log stays open while it grows: reopening it every tick for
        # every running frame would cost more than the rest of the tick.
        self._open: dict[str, TextIO] = {}
        # While a big farm is built, first logs are queued and written later (flush()),
        # so that start-up does not wait on thousands of files.
        self.defer = False
        self._pending: dict[str, Frame] = {}
        # Frames that finished before the farm started: their whole past is written later.
        self._pending_past: dict[str, Frame] = {}

    @property
    def pending(self) -> int:
        return len(self._pending) + len(self._pending_past)

    def flush(self, farm: Farm, limit: int | None = None) -> int:
        """Write up to `limit` queued logs; returns how many are still queued."""
        n = 0
        while self._pending and (limit is None or n < limit):
            _, frame = self._pending.popitem()
            self._write_start(farm, frame)
            n += 1
        while self._pending_past and (limit is None or n < limit):
            _, frame = self._pending_past.popitem()
            self._write_past(farm, frame)
            n += 1
        return self.pending

    def past(self, farm: Farm, frame: Frame) -> None:
        """Log a frame settled before the farm started (every attempt, as rqd left them)."""
        if self.defer:
            self._pending_past[frame.msg.id] = frame
        else:
            self._write_past(farm, frame)

    def _write_past(self, farm: Farm, frame: Frame) -> None:
        if frame.msg.start_time == 0 or frame.msg.id in self._open:
            return  # it has run again since: the live log is the truth
        f = frame.msg
        path = farm.log_path(frame)
        try:
            parent = os.path.dirname(path)
            if parent not in self._dirs:
                os.makedirs(parent, exist_ok=True)
                self._dirs.add(parent)
            # Earlier attempts failed too: a frame only retries after a failure.
            for attempt in range(1, f.retry_count + 1):
                self._write_file(f"{path}.{attempt}", self._past_lines(frame, path, 1))
            self._write_file(path, self._past_lines(frame, path, f.exit_status))
        except OSError:
            pass  # a log is a convenience: never let the disk break the farm

    def _past_lines(self, frame: Frame, path: str, exit_status: int) -> list[str]:
        f, layer = frame.msg, frame.layer.msg
        host = f.last_resource.split("/", 1)[0] or "unknown"
        saved = []
        if frame.resume_left and exit_status == f.exit_status:  # the run a checkpoint kept
            saved = [f"[{_stamp(f.stop_time)}] {layer.name}: checkpoint saved, {RESUMES}"]
        return [
            *self._header(frame, path, host),
            f"[{_stamp(f.start_time)}] starting {layer.name} frame {f.number}",
            f"[{_stamp((f.start_time + f.stop_time) // 2)}] {layer.name}: rendering bucket 50%",
            *saved,
            *self._footer(f, exit_status, f.stop_time),
        ]

    @staticmethod
    def _write_file(path: str, lines: list[str]) -> None:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("".join(line + "\n" for line in lines))

    def close(self) -> None:
        for fh in self._open.values():
            fh.close()
        self._open.clear()

    def _ensure(self, farm: Farm, frame: Frame) -> None:
        if self._pending_past:
            past = self._pending_past.pop(frame.msg.id, None)
            if past is not None:  # its earlier attempts first, so a restart rotates them
                self._write_past(farm, past)
        if self._pending:
            queued = self._pending.pop(frame.msg.id, None)
            if queued is not None:
                self._write_start(farm, queued)

    def _write(
        self, farm: Farm, frame: Frame, lines: list[str], end: bool, flush: bool = True
    ) -> None:
        fid = frame.msg.id
        fh = self._open.get(fid)
        try:
            if fh is None:
                fh = open(farm.log_path(frame), "a", encoding="utf-8")  # noqa: SIM115
                if self.log_every and not end:
                    self._open[fid] = fh
            fh.write("".join(line + "\n" for line in lines))
            if flush:
                fh.flush()
            if end or not self.log_every:
                self._open.pop(fid, None)
                fh.close()
        except OSError:
            pass  # a log is a convenience: never let the disk break the farm

    def start(self, farm: Farm, frame: Frame) -> None:
        if self.defer:
            self._pending[frame.msg.id] = frame
        else:
            self._ensure(farm, frame)  # an earlier attempt still queued gets its file first
            self._write_start(farm, frame)

    def _write_start(self, farm: Farm, frame: Frame) -> None:
        path = farm.log_path(frame)
        old = self._open.pop(frame.msg.id, None)
        if old is not None:
            old.close()
        try:
            parent = os.path.dirname(path)
            if parent not in self._dirs:
                os.makedirs(parent, exist_ok=True)
                self._dirs.add(parent)
            # A first attempt has no earlier log: the job's logDir is new (it holds its id).
            if frame.log_attempt > 1 and os.path.exists(path):
                n = 1
                while os.path.exists(f"{path}.{n}"):
                    n += 1
                os.replace(path, f"{path}.{n}")
        except OSError:
            return
        f, layer = frame.msg, frame.layer.msg
        host = frame.proc.host.msg.name if frame.proc else "unknown"
        lines = [
            *self._header(frame, path, host),
            f"[{_stamp(f.start_time)}] starting {layer.name} frame {f.number}",
        ]
        hung = frame.hang_at if 0 < frame.hang_at <= farm.now else 0
        if hung:  # it hung before the farm started: the log ends where it hung
            span = max(frame.end_at - f.start_time, 1)
            pct = min(99, 100 * (hung - f.start_time) // span)
            lines.append(f"[{_stamp(hung)}] {layer.name}: rendering bucket {pct}%")
        self._write(farm, frame, lines, end=False)
        if hung:
            with contextlib.suppress(OSError):  # the mtime is what rqd reports as lluTime
                os.utime(path, (hung, hung))

    @staticmethod
    def _header(frame: Frame, path: str, host: str) -> list[str]:
        f, job, layer = frame.msg, frame.job.msg, frame.layer.msg
        rule = "=" * 59
        return [
            rule,
            "RenderQ JobSpec      " + _stamp(f.start_time),
            "",
            f"proxy                rqd.rqnetwork.RunningFrame/{f.id}",
            f"command              {layer.command}",
            f"uid                  {job.uid}",
            f"gid                  {job.uid}",
            f"logDestination       {path}",
            f"cwd                  /tmp/{job.name}/{f.name}",
            f"renderHost           {host}",
            f"jobId                {job.id}",
            f"frameId              {f.id}",
            rule,
        ]

    @staticmethod
    def _footer(f: job_pb2.Frame, exit_status: int, end: int) -> list[str]:
        if exit_status == 0:
            last = f"[{_stamp(end)}] frame {f.number} complete"
        elif exit_status == 1:
            last = f"[{_stamp(end)}] ERROR: render failed: segmentation fault"
        else:
            last = f"[{_stamp(end)}] frame stopped (exit status {exit_status})"
        rule = "=" * 59
        return [
            last,
            rule,
            "RenderQ Job Complete",
            "",
            f"exitStatus          {exit_status}",
            f"startTime           {_stamp(f.start_time)}",
            f"endTime             {_stamp(end)}",
            f"maxrss              {f.max_rss}",
            f"runTime             {end - f.start_time}",
            rule,
        ]

    def progress(self, farm: Farm, frame: Frame) -> None:
        if not self.log_every or farm.ticks % self.log_every:
            return
        self._ensure(farm, frame)
        f = frame.msg
        line = (
            f"[{_stamp(farm.now)}] {frame.layer.msg.name}: rendering bucket "
            f"{_done_percent(farm, frame)}% mem {f.used_memory // 1024} MB"
        )
        # Flushed by `sync` once the farm's tick is done: a tick(150) of a busy farm wrote
        # ~16,000 progress lines, and a flush each was a sixth of its CPU.
        self._write(farm, frame, [line], end=False, flush=False)

    def sync(self) -> None:
        """Flush the logs that grew: readers see every line once a tick returns."""
        for fh in self._open.values():
            with contextlib.suppress(OSError):
                fh.flush()

    def checkpoint(self, farm: Farm, frame: Frame, exit_status: int) -> None:
        """The run stops with its work saved: the next attempt resumes from the checkpoint."""
        self._ensure(farm, frame)
        f = frame.msg
        pct = min(99, _done_percent(farm, frame))
        line = f"[{_stamp(farm.now)}] {frame.layer.msg.name}: checkpoint saved at {pct}%, {RESUMES}"
        self._write(farm, frame, [line, *self._footer(f, exit_status, farm.now)], end=True)

    def finish(self, farm: Farm, frame: Frame, exit_status: int) -> None:
        self._ensure(farm, frame)
        self._write(farm, frame, self._footer(frame.msg, exit_status, farm.now), end=True)
