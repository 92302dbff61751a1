"""SimulatedFarm: the farm's state, its clock, host events, arrivals and dispatch.

The state transitions Cuebot makes (frames, depends, jobs) are in `transitions` and
`checkpoints`. The farm is shared by the server thread and the test thread: hold
`farm.lock` (re-entrant) around any access.
"""

from __future__ import annotations

import hashlib
import random
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from opencue_proto import host_pb2, job_pb2

from cuetui.sim import model as m
from cuetui.sim.checkpoints import Checkpoints
from cuetui.sim.logs import FrameLogs
from cuetui.sim.scenario import Scenario, get_scenario

HW = host_pb2.HardwareState
LOCK = host_pb2.LockState
JS = job_pb2.JobState


class SimulatedFarm(Checkpoints):
    """A living OpenCue farm, deterministic for a given scenario, seed, epoch and tick count."""

    def __init__(
        self,
        scenario: Scenario | str = "small",
        seed: int = 7,
        *,
        epoch: int | None = None,
        log_root: str | Path | None = None,
    ) -> None:
        self.lock = threading.RLock()
        self.scenario = get_scenario(scenario) if isinstance(scenario, str) else scenario
        self.seed = seed
        self.rng = random.Random(seed)
        self.now = int(time.time()) if epoch is None else int(epoch)
        self.epoch = self.now
        self.ticks = 0
        self._ns_bytes = uuid.uuid5(uuid.NAMESPACE_URL, f"cuetui-sim/{seed}").bytes
        self.job_names: set[str] = set()  # every job name launched, to keep names unique
        self.logs = FrameLogs(log_root) if log_root is not None else None
        self.facilities: dict[str, m.Facility] = {}
        self.allocs: dict[str, m.Alloc] = {}
        self.shows: dict[str, m.Show] = {}
        self.groups: dict[str, m.Group] = {}
        self.subs: dict[str, m.Subscription] = {}
        self.jobs: dict[str, m.Job] = {}
        self.layers: dict[str, m.Layer] = {}
        self.frames: dict[str, m.Frame] = {}
        self.hosts: dict[str, m.Host] = {}
        self.procs: dict[str, m.Proc] = {}
        self.depends: dict[str, m.Depend] = {}
        self.comments: dict[str, tuple[list, object]] = {}  # id -> (owning list, Comment)
        self.running: dict[str, m.Frame] = {}  # frames holding a proc, in start order
        self.checkpointing: dict[str, m.Frame] = {}  # CHECKPOINT frames, copy not complete
        self.deps_on: dict[str, list[m.Depend]] = {}  # depend-on entity id -> depends
        self.deps_er: dict[str, list[m.Depend]] = {}  # depend-er job id -> depends
        self.limits: dict[str, object] = {}
        self.services: dict[str, object] = {}
        self.anchors: dict[str, str] = {}  # preset name -> entity id, see scenario docs
        self.job_seq = 0
        # GetFrames' order per job/layer id, sorted once (the 100,000-frame job pages fast);
        # bump `frame_order_version` when a dispatch order changes (ReorderFrames).
        self.frame_order: dict[str, tuple[tuple[int, int], list[m.Frame]]] = {}
        self.frame_order_version = 0
        # Cuebot queues kills, retries and eats (manageQueue) and answers at once. With
        # `defer_actions` the simulator does the same: they take effect on the next tick,
        # so a client's "requested, refresh will confirm" path can be tested. Off by default.
        self.defer_actions = False
        self.pending_actions: list[Callable[[], object]] = []
        self.killed_jobs: list[tuple[str, dict[str, str]]] = []  # (job id, source)
        self.ignored_kills: list[tuple[str, dict[str, str]]] = []
        from cuetui.sim.build import build_farm

        build_farm(self)

    # ------------------------------------------------------------------ ids, clock
    def new_id(self, kind: str, key: str) -> str:
        """A uuid-like id, stable for a seed and an entity's natural key (uuid5)."""
        # uuid.uuid5 inlined: the large preset makes ~60,000 ids and the UUID class is slow.
        d = bytearray(hashlib.sha1(self._ns_bytes + f"{kind}:{key}".encode()).digest()[:16])
        d[6] = (d[6] & 0x0F) | 0x50
        d[8] = (d[8] & 0x3F) | 0x80
        h = d.hex()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def tick(self, n: int = 1) -> None:
        """Advance the clock n ticks: run frames, finish them, move hosts, launch, dispatch."""
        with self.lock:
            for _ in range(n):
                self._tick_once()
            if self.logs is not None:
                self.logs.sync()

    def later(self, action: Callable[[], object]) -> None:
        """Run a queued Cuebot action now, or on the next tick when `defer_actions` is set."""
        if self.defer_actions:
            self.pending_actions.append(action)
        else:
            action()

    def _tick_once(self) -> None:
        self.now += self.scenario.tick_seconds
        self.ticks += 1
        actions, self.pending_actions = self.pending_actions, []
        for action in actions:
            action()
        self._advance_running()
        self._advance_checkpoints()
        self._host_events()
        self._arrivals()
        self.dispatch()

    # ------------------------------------------------------------------ hosts
    def host_down(self, host: m.Host, back_in: int = 0) -> None:
        host.msg.state = HW.DOWN
        for proc in list(host.procs):
            if proc.frame is not None:
                self.kill_running(proc.frame, lost=True)
        host.back_at = self.now + back_in if back_in else 0

    def _host_events(self) -> None:
        sc = self.scenario
        rng = self.rng
        if sc.host_down_rate and rng.random() < sc.host_down_rate:
            ups = [h for h in self.hosts.values() if not h.pinned and h.msg.state == HW.UP]
            if ups:
                self.host_down(rng.choice(ups), back_in=rng.randint(*sc.host_down_seconds))
        for host in self.hosts.values():
            if host.back_at and self.now >= host.back_at and host.msg.state == HW.DOWN:
                host.back_at = 0
                host.msg.state = HW.UP
                host.msg.boot_time = self.now
        for host in self.hosts.values():
            if host.msg.state == HW.UP:
                host.msg.ping_time = self.now
                host.msg.load = int(sum(p.msg.reserved_cores for p in host.procs) * 100)

    def _arrivals(self) -> None:
        sc = self.scenario
        if sc.arrival_rate and self.rng.random() < sc.arrival_rate:
            from cuetui.sim.launch import launch_random_job

            launch_random_job(self)

    # ------------------------------------------------------------------ dispatch
    def bookable(self, host: m.Host) -> bool:
        hm = host.msg
        return hm.state == HW.UP and hm.lock_state == LOCK.OPEN and hm.idle_cores >= 1.0

    def dispatch(self, budget: int | None = None) -> int:
        """Book waiting frames onto open hosts, highest priority first; returns frames booked."""
        budget = self.scenario.max_dispatch_per_tick if budget is None else budget
        free: dict[str, list[m.Host]] = {}
        for host in self.hosts.values():
            if self.bookable(host):
                for tag in host.msg.tags:
                    free.setdefault(tag, []).append(host)
        if not free:
            return 0
        jobs = [
            j
            for j in self.jobs.values()
            if j.msg.state == JS.PENDING
            and not j.msg.is_paused
            and j.stats.states[m.WAITING] > 0
            and j.show.msg.dispatch_enabled
            and j.show.msg.booking_enabled
        ]
        jobs.sort(key=lambda j: (-j.msg.priority, j.seq))
        booked = 0
        for job in jobs:
            for layer in job.layers:
                while budget > booked and layer.stats.states[m.WAITING] > 0:
                    if job.msg.max_cores and job.stats.reserved_cores >= job.msg.max_cores:
                        break
                    if layer.msg.start_after and layer.msg.start_after > self.now:
                        break
                    host = self._find_host(free, layer, job)
                    if host is None:
                        break
                    frame = layer.pop_waiting()
                    if frame is None:
                        break
                    self.start_frame(frame, host)
                    booked += 1
            if booked >= budget:
                break
        return booked

    def _find_host(self, free: dict[str, list[m.Host]], layer: m.Layer, job: m.Job):
        lm = layer.msg
        cores = max(lm.min_cores, 1.0)
        for tag in lm.tags:
            hosts = free.get(tag)
            if not hosts:
                continue
            misses = 0
            i = 0
            while i < len(hosts) and misses < 12:
                host = hosts[i]
                hm = host.msg
                if not self.bookable(host):
                    hosts.pop(i)
                    continue
                sub = job.show.subs.get(host.alloc.msg.id)
                if (
                    sub is not None
                    and hm.idle_cores >= cores
                    and hm.idle_memory >= lm.min_memory
                    and hm.idle_gpus >= lm.min_gpus
                    and hm.idle_gpu_memory >= lm.min_gpu_memory
                    and (sub.reserved_cores + cores) * 100 <= sub.msg.burst
                ):
                    return host
                misses += 1
                i += 1
        return None
