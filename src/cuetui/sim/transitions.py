"""Cuebot's state transitions for frames, procs, depends and jobs (mixed into SimulatedFarm).

Everything that changes a frame, proc or host goes through these methods, so the per-state
counters, host resources, subscriptions and frame logs stay consistent.
"""

from __future__ import annotations

import random
import zlib
from functools import lru_cache
from typing import TYPE_CHECKING

from opencue_proto import host_pb2, job_pb2

from cuetui.sim import model as m

if TYPE_CHECKING:
    from cuetui.sim.logs import FrameLogs
    from cuetui.sim.scenario import Scenario

JS = job_pb2.JobState
EXIT_DOWN_HOST = 299  # Dispatcher.EXIT_STATUS_DOWN_HOST: frame lost with its host, not a retry
HANG_PER_MILLE = 5
"""Runs (of jobs that are not anchors) whose process hangs part-way: the log stops, so
lluTime stops, and the frame runs on until a wrangler kills or retries it, or until its
silence reaches the LLU timeout (`llu_timeout_of`), when Cuebot has rqd kill it."""


def llu_timeout_of(layer: m.Layer, farm_default: int) -> int:
    """Seconds of log silence after which Cuebot kills a running frame (0: never).

    HostReportHandler.killTimedOutFrames: a layer's `timeout_llu` (minutes) when set,
    `(now - lluTime) / 60 > timeout_llu - 1`; the simulator gives layers without one the
    farm's (`Scenario.llu_timeout`), so a hung frame ends instead of holding its host for
    ever, long after `:stuck` (30 min of silence) could find it.
    """
    minutes = layer.msg.timeout_llu
    return minutes * 60 if minutes > 0 else farm_default


RQD_PING = (5, 30)
"""Seconds between a host's rqd reports (rqconstants.RQD_MIN/MAX_PING_INTERVAL_SEC). Each
report updates its running frames' rows (FrameDaoJdbc: ts_updated = current_timestamp), which
is what GetUpdatedFrames returns: a running frame changes every 5-30 s, not every second."""


@lru_cache(maxsize=65536)
def _ping(host_id: str) -> tuple[int, int]:
    lo, hi = RQD_PING
    h = zlib.crc32(host_id.encode())
    interval = lo + h % (hi - lo + 1)
    return interval, (h >> 8) % interval


def reports(host_id: str, now: int, tick: int) -> bool:
    """Whether the host's rqd report falls in the tick ending at `now`: its own interval
    and phase, from its id (stable per seed, no rng draw)."""
    interval, phase = _ping(host_id)
    return (now + phase) % interval < tick


def hang_time(proc_id: str, started: int, duration: int) -> int:
    """When a run hangs (0: it does not), from its proc id: stable per seed, no rng draw,
    so the rest of the farm unfolds as it would without hangs."""
    if int(proc_id[:4], 16) % 1000 >= HANG_PER_MILLE:
        return 0
    return started + max(1, duration * (30 + int(proc_id[4:6], 16) % 41) // 100)


class Transitions:
    """Frame, depend and job transitions; the state lives in SimulatedFarm."""

    now: int
    ticks: int
    scenario: Scenario
    rng: random.Random
    logs: FrameLogs | None
    procs: dict[str, m.Proc]
    running: dict[str, m.Frame]
    depends: dict[str, m.Depend]
    deps_on: dict[str, list[m.Depend]]
    deps_er: dict[str, list[m.Depend]]
    anchors: dict[str, str]
    frame_order_version: int
    killed_jobs: list[tuple[str, dict[str, str]]]
    ignored_kills: list[tuple[str, dict[str, str]]]

    if TYPE_CHECKING:  # SimulatedFarm's, which this is mixed into

        def new_id(self, kind: str, key: str) -> str: ...

    # ------------------------------------------------------------------ frame states
    def set_state(self, frame: m.Frame, state: int) -> None:
        """The one place a frame's state changes: keeps layer/job counters and the queue."""
        old = frame.msg.state
        if old != state:
            frame.layer.stats.states[old] -= 1
            frame.layer.stats.states[state] += 1
            frame.job.stats.states[old] -= 1
            frame.job.stats.states[state] += 1
            frame.msg.state = state
        frame.changed = self.now
        if state == m.WAITING:
            frame.layer.push(frame)

    def touch(self, frame: m.Frame) -> None:
        """The frame changed in place (ReorderFrames moved it): GetFrames' order is redone."""
        frame.changed = self.now
        self.frame_order_version += 1

    def start_frame(self, frame: m.Frame, host: m.Host, elapsed: int = 0) -> m.Proc:
        """Book `frame` on `host` (dispatch). `elapsed` backdates the start (initial farm)."""
        layer, job = frame.layer, frame.job
        cores = max(layer.msg.min_cores, 1.0)
        gpus = layer.msg.min_gpus
        mem = layer.msg.min_memory
        gpu_mem = layer.msg.min_gpu_memory
        hm = host.msg
        hm.idle_cores -= cores
        hm.idle_memory -= mem
        hm.idle_gpus -= gpus
        hm.idle_gpu_memory = max(hm.idle_gpu_memory - gpu_mem, 0)
        hm.free_memory = max(hm.free_memory - mem, 0)
        hm.free_gpu_memory = max(hm.free_gpu_memory - gpu_mem, 0)
        started = self.now - elapsed
        rng = self.rng
        lo, hi = layer.run_seconds
        duration = rng.randint(lo, hi)
        frame.end_at = started + duration
        frame.will_fail = rng.random() < layer.fail_rate
        lo_kb, hi_kb = layer.memory_kb
        frame.peak_kb = rng.randint(lo_kb, hi_kb)
        proc_id = self.new_id("proc", f"{frame.msg.id}:{frame.msg.retry_count}:{started}")
        anchored = job.msg.id in self.anchors.values()
        frame.hang_at = 0 if anchored else hang_time(proc_id, started, duration)
        log_path = self.log_path(frame)
        proc = m.Proc(
            msg=host_pb2.Proc(
                id=proc_id,
                name=f"{hm.name}/{cores:.2f}",  # CueUtil.buildProcName
                show_name=job.msg.show,
                job_name=job.msg.name,
                frame_name=frame.msg.name,
                group_name=job.msg.group,
                ping_time=self.now,
                bookedTime=started,
                dispatch_time=started,
                reserved_memory=mem,
                reserved_gpu_memory=gpu_mem,
                used_memory=0,
                reserved_cores=cores,
                unbooked=False,
                log_path=log_path,
                redirect_target="",
                services=list(layer.msg.services),
                used_gpu_memory=0,
                reserved_gpus=gpus,
            ),
            host=host,
            frame=frame,
        )
        host.procs.append(proc)
        self.procs[proc_id] = proc
        frame.proc = proc
        self.running[frame.msg.id] = frame
        f = frame.msg
        f.start_time = started
        f.stop_time = 0
        f.exit_status = -1
        f.used_memory = 0
        f.max_rss = 0
        f.reserved_memory = mem
        f.reserved_gpu_memory = gpu_mem
        f.used_gpu_memory = 0
        f.max_gpu_memory = 0
        f.total_core_time = 0
        f.total_gpu_time = 0
        f.llu_time = started
        f.last_resource = f"{hm.name}/{cores:.2f}/{gpus}"
        for stats in (layer.stats, job.stats):
            stats.reserved_cores += cores
            stats.reserved_gpus += gpus
        sub = job.show.subs.get(host.alloc.msg.id)
        if sub is not None:
            sub.reserved_cores += cores
            sub.reserved_gpus += gpus
        if layer.msg.start_time == 0:
            layer.msg.start_time = started
        self.set_state(frame, m.SETUP if elapsed == 0 else m.RUNNING)
        if self.logs is not None:
            frame.log_attempt += 1
            self.logs.start(self, frame)
        return proc

    def _release(self, frame: m.Frame) -> float:
        """Free the frame's proc; returns the cores it held."""
        proc = frame.proc
        if proc is None:
            return 0.0
        host, layer, job = proc.host, frame.layer, frame.job
        cores = proc.msg.reserved_cores
        gpus = proc.msg.reserved_gpus
        hm = host.msg
        hm.idle_cores = min(hm.idle_cores + cores, hm.cores)
        hm.idle_memory = min(hm.idle_memory + proc.msg.reserved_memory, hm.memory)
        hm.idle_gpus = min(hm.idle_gpus + gpus, hm.gpus)
        gpu_mem = proc.msg.reserved_gpu_memory
        hm.idle_gpu_memory = min(hm.idle_gpu_memory + gpu_mem, hm.gpu_memory)
        hm.free_memory = min(hm.free_memory + proc.msg.reserved_memory, hm.total_memory)
        hm.free_gpu_memory = min(hm.free_gpu_memory + gpu_mem, hm.total_gpu_memory)
        host.procs.remove(proc)
        del self.procs[proc.msg.id]
        frame.proc = None
        self.running.pop(frame.msg.id, None)
        for stats in (layer.stats, job.stats):
            stats.reserved_cores = max(stats.reserved_cores - cores, 0.0)
            stats.reserved_gpus = max(stats.reserved_gpus - gpus, 0)
        sub = job.show.subs.get(host.alloc.msg.id)
        if sub is not None:
            sub.reserved_cores = max(sub.reserved_cores - cores, 0.0)
            sub.reserved_gpus = max(sub.reserved_gpus - gpus, 0)
        return cores

    def _account(self, frame: m.Frame, ok: bool) -> None:
        f, layer, job = frame.msg, frame.layer, frame.job
        secs = max(self.now - f.start_time, 0)
        core_sec = int(secs * (frame.proc.msg.reserved_cores if frame.proc else 1.0))
        gpu_sec = int(secs * (frame.proc.msg.reserved_gpus if frame.proc else 0))
        for stats in (layer.stats, job.stats):
            stats.max_gpu_memory = max(stats.max_gpu_memory, f.max_gpu_memory)
            if ok:
                stats.rendered_frame_count += 1
                stats.rendered_gpu_sec += gpu_sec
                stats.rendered_core_sec += core_sec
                stats.rendered_frame_sec += secs
                stats.high_frame_sec = max(stats.high_frame_sec, secs)
                if stats.low_frame_sec == 0 or secs < stats.low_frame_sec:
                    stats.low_frame_sec = secs
            else:
                stats.failed_frame_count += 1
                stats.failed_core_sec += core_sec
                stats.failed_gpu_sec += gpu_sec
            stats.max_rss = max(stats.max_rss, f.max_rss)
        if ok:
            job.show.rendered_frame_count += 1
        else:
            job.show.failed_frame_count += 1

    def _advance_running(self) -> None:
        now = self.now
        for frame in list(self.running.values()):
            f = frame.msg
            if f.state == m.SETUP:
                self.set_state(frame, m.RUNNING)
            proc = frame.proc
            # Cuebot writes a running frame's memory, times and lluTime from its host's rqd
            # report (HostReportHandler: updateFrameMemoryUsageAndLluTime, the proc's usage),
            # so its row moves every 5-30 s, not every second; the log file grows meanwhile.
            report = proc is None or reports(proc.host.msg.id, now, self.scenario.tick_seconds)
            if report:
                frame.changed = now  # its host's report updated the frame row
                self._report_usage(frame)
            if frame.hang_at and now >= frame.hang_at:
                # Hung: rqd still reports it, but its log (so lluTime) stopped, until the
                # LLU timeout: rqd kills it, and it is retried (or dead) as any failed run.
                limit = llu_timeout_of(frame.layer, self.scenario.llu_timeout)
                if limit and now - f.llu_time >= limit:
                    self.kill_running(frame)
                continue
            if report:
                f.llu_time = now  # the log grew since the last report (rqd sends its mtime)
            if now >= frame.end_at:
                self.complete_frame(frame, 1 if frame.will_fail else 0)
            elif self.logs is not None:
                self.logs.progress(self, frame)

    def _report_usage(self, frame: m.Frame) -> None:
        """What an rqd report says of a running frame: its memory, core and GPU use now."""
        f, now = frame.msg, self.now
        elapsed = now - f.start_time
        span = max(frame.end_at - f.start_time, 1)
        used = int(frame.peak_kb * min(1.0, 0.3 + elapsed / span))
        f.used_memory = used
        if used > f.max_rss:
            f.max_rss = used
        proc = frame.proc
        if proc is not None:
            proc.msg.used_memory = used
            proc.msg.ping_time = now
            f.total_core_time = int(elapsed * proc.msg.reserved_cores)
            if proc.msg.reserved_gpus:
                # GPU memory climbs to most of the reservation, as a GPU render's does
                gpu_used = int(f.reserved_gpu_memory * min(0.9, 0.4 + elapsed / span))
                f.used_gpu_memory = proc.msg.used_gpu_memory = gpu_used
                f.max_gpu_memory = max(f.max_gpu_memory, gpu_used)
                f.total_gpu_time = int(elapsed * proc.msg.reserved_gpus)

    def complete_frame(self, frame: m.Frame, exit_status: int) -> None:
        """The rqd completion report: Cuebot's FrameCompleteHandler.determineFrameState."""
        f = frame.msg
        f.exit_status = exit_status
        f.stop_time = self.now
        ok = exit_status == 0
        self._account(frame, ok)
        if self.logs is not None:
            self.logs.finish(self, frame, exit_status)
        self._release(frame)
        if ok:
            self.set_state(frame, m.SUCCEEDED)
            self._frame_done(frame)
        elif frame.job.msg.auto_eat:
            self.set_state(frame, m.EATEN)
            self._frame_done(frame)
        elif f.retry_count >= frame.job.max_retries:
            self.set_state(frame, m.DEAD)
        else:
            f.retry_count += 1
            self.set_state(frame, m.WAITING)

    def kill_running(self, frame: m.Frame, lost: bool = False) -> None:
        """rqd killed the frame (user kill, or its host went away): it is retried or dies."""
        if frame.proc is None:
            return
        if lost:
            frame.msg.exit_status = EXIT_DOWN_HOST
            frame.msg.stop_time = self.now
            if self.logs is not None:
                self.logs.finish(self, frame, EXIT_DOWN_HOST)
            self._release(frame)
            self.set_state(frame, m.WAITING)
            return
        self.complete_frame(frame, 1)

    def stop_frame(self, frame: m.Frame, state: int) -> bool:
        """JobManagerSupport.manualStopFrame: a running frame is stopped into `state`."""
        if frame.proc is None:
            return False
        f = frame.msg
        f.exit_status = state + 500
        f.stop_time = self.now
        if self.logs is not None:
            self.logs.finish(self, frame, f.exit_status)
        self._release(frame)
        self.set_state(frame, state)
        return True

    def retry_frame(self, frame: m.Frame) -> None:
        """JobManagerSupport.retryFrame: WAITING again, and what depended on it waits again."""
        if not self.stop_frame(frame, m.WAITING):
            self.set_state(frame, m.WAITING)
        # Cuebot unsatisfies the frame's and its layer's satisfied depends, so the frames
        # behind them are held until the retried frame is done again.
        for on_id in (frame.msg.id, frame.layer.msg.id):
            for dep in self.deps_on.get(on_id, ()):
                self.unsatisfy(dep)
        self.reopen_job(frame.job)

    def eat_frame(self, frame: m.Frame) -> None:
        if not self.stop_frame(frame, m.EATEN):
            self.set_state(frame, m.EATEN)
        self._frame_done(frame)

    def mark_waiting(self, frame: m.Frame) -> None:
        """FrameDao.markFrameAsWaiting: a DEPEND frame becomes WAITING, depends ignored."""
        if frame.msg.state == m.DEPEND:
            frame.depend_count = 0
            self.set_state(frame, m.WAITING)

    # ------------------------------------------------------------------ depends, jobs
    def _frame_done(self, frame: m.Frame) -> None:
        for dep in self.deps_on.get(frame.msg.id, ()):
            self.satisfy(dep)
        layer = frame.layer
        done = layer.stats.states[m.SUCCEEDED] + layer.stats.states[m.EATEN]
        if done == len(layer.frames):
            if layer.msg.stop_time == 0:
                layer.msg.stop_time = self.now
            for dep in self.deps_on.get(layer.msg.id, ()):
                self.satisfy(dep)
        self.check_job_complete(frame.job)

    def satisfy(self, dep: m.Depend) -> None:
        if dep.children:
            # DependManagerService.satisfyDepend: a FRAME_BY_FRAME satisfies its children and
            # stays active itself (a composite depend is never set inactive).
            for child in dep.children:
                self.satisfy(child)
            return
        if not dep.msg.active:
            return
        dep.msg.active = False
        for frame in dep.er_frames:
            frame.depend_count = max(frame.depend_count - 1, 0)
            if frame.depend_count == 0 and frame.msg.state == m.DEPEND:
                self.set_state(frame, m.WAITING)

    def unsatisfy(self, dep: m.Depend) -> None:
        """DependDao.unsatisfyDepend: a satisfied depend holds its frames again."""
        if dep.msg.active:
            return
        dep.msg.active = True
        for frame in dep.er_frames:
            frame.depend_count += 1
            if frame.msg.state == m.WAITING:
                self.set_state(frame, m.DEPEND)

    def add_depend(self, dep: m.Depend) -> None:
        self.depends[dep.msg.id] = dep
        on = dep.on_frame or dep.on_layer or dep.on_job
        assert on is not None
        self.deps_on.setdefault(on.msg.id, []).append(dep)
        if dep.er_frames:
            self.deps_er.setdefault(dep.er_frames[0].job.msg.id, []).append(dep)
        for frame in dep.er_frames:
            frame.depend_count += 1
            if frame.msg.state == m.WAITING:
                self.set_state(frame, m.DEPEND)

    def check_job_complete(self, job: m.Job) -> None:
        s = job.stats.states
        if job.msg.state == JS.PENDING and s[m.SUCCEEDED] + s[m.EATEN] == len(job.frames):
            self.finish_job(job)

    def finish_job(self, job: m.Job) -> None:
        job.msg.state = JS.FINISHED
        job.msg.stop_time = self.now
        for dep in self.deps_on.get(job.msg.id, ()):
            self.satisfy(dep)

    def reopen_job(self, job: m.Job) -> None:
        if job.msg.state != JS.PENDING:
            job.msg.state = JS.PENDING
            job.msg.stop_time = 0

    def kill_job(self, job: m.Job, source: dict[str, str]) -> bool:
        """JobManagerSupport.shutdownJob for a manual kill: ignored without a reason."""
        if not source.get("reason"):
            self.ignored_kills.append((job.msg.id, source))
            return False
        if job.msg.state != JS.PENDING:
            return False
        job.kill_source = source
        self.killed_jobs.append((job.msg.id, source))
        self.finish_job(job)
        for frame in [f for f in self.running.values() if f.job is job]:
            self.stop_frame(frame, m.WAITING)
        return True

    def log_path(self, frame: m.Frame) -> str:
        job = frame.job.msg
        return f"{job.log_dir.rstrip('/')}/{job.name}.{frame.msg.name}.rqlog"
