"""Stuck frames (`:stuck`): which running frames are far out of line, and the bounded reads
that find them.

CueCommander's stuck-frame plugin flags a running frame whose log has not moved for a while
(Min LLU, 30 min by default) or that runs far past its layer's average completion time; CueWeb
finds them with `GetJobs`, then `GetFrames` on RUNNING frames and `GetLayers` per job. Here:
one `GetJobs` of the shows in view, then, for the jobs with running frames only, their
RUNNING frames (server-side criteria, pages of 1000) and, when a frame has run long enough to
be judged, the job's layers (for their averages, read at most once a minute). Never a frame
dump of the whole farm; the logs read are those of the frames found, in a thread.

No Textual here.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cuetui.client.errors import GatewayError, NotFound
from cuetui.core.signs_of_life import (
    LLU_WARN_MINUTES,
    OVERRUN_FACTOR,
    OVERRUN_MIN_SECONDS,
    LayerTimes,
    LogTail,
    TailCache,
    in_daemon_thread,
    is_stale,
    llu_seconds,
)

if TYPE_CHECKING:
    from cuetui.client import GatewayClient
    from cuetui.models import Frame, Job

PAGE_LIMIT = 1000
"""RUNNING frames per GetFrames page (CueWeb's stuck-frame page size)."""
MAX_PAGES = 50
"""Pages per job at most: 50,000 running frames of one job is past any farm's size."""
CONCURRENCY = 8
TAILS_GRACE = 2.0
"""Seconds a look waits for its rows' logs: a stalled mount delays last lines, not rows."""
"""Jobs read at once: a farm with hundreds of running jobs is not asked all at once."""


@dataclass(frozen=True)
class Thresholds:
    """When a running frame is out of line: its LLU, or its runtime against its layer's."""

    llu_minutes: float = LLU_WARN_MINUTES
    factor: float = OVERRUN_FACTOR
    """Runtime over this many times the layer's average frame time..."""
    floor: int = OVERRUN_MIN_SECONDS
    """...and at least this many seconds (a 20 s average makes a 61 s frame no news)."""

    def describe(self) -> str:
        """The header line: what a row on this view has passed."""
        return (
            f"LLU ≥ {self.llu_minutes:g} min  or  runtime > {self.factor:g}x layer avg "
            f"(and ≥ {self.floor // 60} min)"
        )

    def stale(self, llu: int | None) -> bool:
        return is_stale(llu, self.llu_minutes)

    def overrun(self, runtime: int, layer_avg: int) -> bool:
        return layer_avg > 0 and runtime >= self.floor and runtime > self.factor * layer_avg


@dataclass(frozen=True)
class StuckFrame:
    """One row: a running frame out of line, with its job (for the log and the verbs)."""

    job: Job
    frame: Frame
    layer_avg: int
    """The layer's average frame time (s); 0 when no frame of it has finished yet."""
    log_path: str | None
    tail: LogTail | None = None
    """The log's end as last read; None when not read here (no path, unreadable)."""
    reading: bool = False
    """Its log is being read (a slow mount): the last line comes with a later look."""

    @property
    def id(self) -> str:
        return self.frame.id

    def llu(self, now: float) -> int | None:
        """Seconds since the log last changed: Cuebot's lluTime or the log's mtime."""
        return llu_seconds(self.frame, now, self.tail.mtime if self.tail else None)

    def runtime(self, now: float) -> int:
        return self.frame.runtime_seconds(now)

    @property
    def last_line(self) -> str | None:
        """The log's last non-empty line; None when the log cannot be read here."""
        return self.tail.last_line if self.tail is not None else None

    def reasons(self, now: float, t: Thresholds) -> tuple[str, ...]:
        """Why the row is here: "LLU" (the log stopped), "runtime" (far over its layer)."""
        why: tuple[str, ...] = ("LLU",) if t.stale(self.llu(now)) else ()
        if t.overrun(self.runtime(now), self.layer_avg):
            why += ("runtime",)
        return why


def with_running_frames(jobs: Iterable[Job]) -> list[Job]:
    """The jobs worth asking for frames: those Cuebot counts running frames for."""
    return [j for j in jobs if j.job_stats.running_frames > 0]


def select(
    rows: Iterable[StuckFrame],
    now: float,
    t: Thresholds,
    tails: dict[str, LogTail] | None = None,
    reading: Collection[str] = (),
) -> list[StuckFrame]:
    """The rows out of line by `t`, each with its log's tail from `tails` when read (or
    marked `reading` when its path is among the logs still being read)."""
    tails = tails or {}
    chosen = []
    for row in rows:
        tail = tails.get(row.log_path) if row.log_path else None
        pending = tail is None and row.log_path in reading
        if tail is not None or pending:
            row = StuckFrame(row.job, row.frame, row.layer_avg, row.log_path, tail, pending)
        if row.reasons(now, t):
            chosen.append(row)
    return chosen


def log_path(job: Job, frame: Frame) -> str | None:
    """The frame's log where the job names an absolute log directory, else None."""
    return frame.log_path(job) if job.log_dir.startswith("/") else None


@dataclass
class StuckFinder:
    """The bounded reads behind `:stuck`, run by the screen's poller (one fetch at a time)."""

    client: GatewayClient
    shows: Sequence[str] | None
    """None: every show (GetJobs with no show named returns every pending job)."""
    thresholds: Thresholds
    clock: Callable[[], float]
    read_logs: bool = True
    page_limit: int = PAGE_LIMIT
    max_pages: int = MAX_PAGES
    concurrency: int = CONCURRENCY
    tails: TailCache = field(default_factory=TailCache)
    layer_times: dict[str, LayerTimes] = field(default_factory=dict)
    jobs_asked: int = 0
    """Jobs whose running frames the last fetch read (those with running frames)."""
    requests: int = 0
    """Requests the last fetch sent."""
    took: float = 0.0
    """Seconds the last fetch took (a big farm's look is not repeated every few seconds)."""
    run_blocking: Callable[[Callable[[], object]], Awaitable[object]] = in_daemon_thread
    """Runs the log reads off the loop: a daemon thread, so a read stuck on a dead mount
    never holds the app's exit (asyncio's executor is joined when the loop closes)."""
    tails_grace: float = TAILS_GRACE
    _reading: asyncio.Future[object] | None = None

    async def fetch(self) -> list[StuckFrame]:
        started = time.monotonic()
        try:
            return await self._fetch()
        finally:
            self.took = time.monotonic() - started

    async def _fetch(self) -> list[StuckFrame]:
        shows = list(self.shows) if self.shows is not None else None
        jobs = await self.client.get_jobs(shows=shows)
        running = with_running_frames(jobs)
        self.jobs_asked, self.requests = len(running), 1
        gate = asyncio.Semaphore(max(1, self.concurrency))
        per_job = await asyncio.gather(*(self._read_job(job, gate) for job in running))
        # Forget the layers of jobs no longer running: the map stays the size of the view.
        self.layer_times = {
            j.id: self.layer_times[j.id] for j in running if j.id in self.layer_times
        }
        now = self.clock()
        rows = [row for job_rows in per_job for row in job_rows]
        # Judged on Cuebot's numbers first: the log's mtime can only make an LLU shorter, so
        # only these rows' logs are read, then judged again with what the logs say.
        chosen = select(rows, now, self.thresholds)
        if not self.read_logs:
            return chosen
        paths = [r.log_path for r in chosen if r.log_path]
        reading = self._read_tails(paths)
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(asyncio.shield(reading), self.tails_grace)
        pending = () if reading.done() else paths
        tails = {p: t for p in paths if (t := self.tails.get(p)) is not None}
        return select(chosen, self.clock(), self.thresholds, tails, pending)

    def _read_tails(self, paths: list[str]) -> asyncio.Future[object]:
        """Read the logs' ends off the loop; one read at a time (a stalled one is waited on)."""
        if self._reading is not None and not self._reading.done():
            return self._reading
        tails = self.tails
        self._reading = asyncio.ensure_future(self.run_blocking(lambda: tails.refresh(paths)))
        # A read that failed is only a missing last line; its error is not left unretrieved.
        self._reading.add_done_callback(lambda f: f.cancelled() or f.exception())
        return self._reading

    async def _read_job(self, job: Job, gate: asyncio.Semaphore) -> list[StuckFrame]:
        async with gate:
            try:
                frames = await self._running_frames(job)
                times = self.layer_times.setdefault(job.id, LayerTimes())
                now = self.clock()
                floor = self.thresholds.floor
                if times.due(now) and any(f.runtime_seconds(now) >= floor for f in frames):
                    self.requests += 1
                    await self._read_layers(job, times, now)
            except NotFound:
                return []  # finished (or killed) since GetJobs: nothing of it runs
        return [
            StuckFrame(job, f, times.avg.get(f.layer_name, 0), log_path(job, f)) for f in frames
        ]

    async def _read_layers(self, job: Job, times: LayerTimes, now: float) -> None:
        try:
            times.update(await self.client.get_layers(job), now)
        except NotFound:
            raise
        except GatewayError:
            # Only the runtime rule needs them: keep the last averages (or none) and ask
            # again in a minute, not on every look; the LLU rule still finds hung frames.
            times.read_at = now

    async def _running_frames(self, job: Job) -> list[Frame]:
        frames: list[Frame] = []
        for page in range(1, self.max_pages + 1):
            self.requests += 1
            batch = await self.client.get_frames(
                job, page=page, limit=self.page_limit, states=["RUNNING"], include_finished=False
            )
            frames += batch
            if len(batch) < self.page_limit:
                break
        return frames
