"""The simulated farm's records: each wraps the real proto message it is served as.

The proto messages are the state (what GetJobs and friends return); the records add what
Cuebot keeps in its database and never sends: links between entities, per-state frame
counters, depend counts, and the simulator's plan for the current run of a frame.
"""

from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass, field

from opencue_proto import (
    comment_pb2,
    depend_pb2,
    facility_pb2,
    host_pb2,
    job_pb2,
    show_pb2,
    subscription_pb2,
)

FS = job_pb2.FrameState
WAITING, SETUP, RUNNING, SUCCEEDED, DEPEND, DEAD, EATEN, CHECKPOINT = (
    FS.WAITING,
    FS.SETUP,
    FS.RUNNING,
    FS.SUCCEEDED,
    FS.DEPEND,
    FS.DEAD,
    FS.EATEN,
    FS.CHECKPOINT,
)
N_STATES = 8
DONE_STATES = frozenset((SUCCEEDED, EATEN))
ACTIVE_STATES = frozenset((SETUP, RUNNING, CHECKPOINT))

_queue_seq = itertools.count()


@dataclass(eq=False, slots=True)
class Facility:
    msg: facility_pb2.Facility


@dataclass(eq=False, slots=True)
class Alloc:
    msg: facility_pb2.Allocation
    facility: Facility
    hosts: list[Host] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class Subscription:
    msg: subscription_pb2.Subscription
    show: Show
    alloc: Alloc
    reserved_cores: float = 0.0  # cores booked by the show's procs on this allocation
    reserved_gpus: int = 0


@dataclass(eq=False, slots=True)
class Group:
    msg: job_pb2.Group
    show: Show
    parent: Group | None
    children: list[Group] = field(default_factory=list)
    jobs: list[Job] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class Show:
    msg: show_pb2.Show
    root: Group | None = None
    subs: dict[str, Subscription] = field(default_factory=dict)  # by allocation id
    jobs: list[Job] = field(default_factory=list)
    created_job_count: int = 0
    created_frame_count: int = 0
    rendered_frame_count: int = 0
    failed_frame_count: int = 0


@dataclass(eq=False, slots=True)
class Counters:
    """Frames per state plus the run statistics Cuebot keeps per layer and job."""

    states: list[int] = field(default_factory=lambda: [0] * N_STATES)
    rendered_frame_count: int = 0
    failed_frame_count: int = 0
    rendered_core_sec: int = 0
    failed_core_sec: int = 0
    rendered_frame_sec: int = 0
    high_frame_sec: int = 0
    low_frame_sec: int = 0
    max_rss: int = 0
    reserved_cores: float = 0.0
    reserved_gpus: int = 0
    rendered_gpu_sec: int = 0
    failed_gpu_sec: int = 0
    max_gpu_memory: int = 0


@dataclass(eq=False, slots=True)
class Job:
    msg: job_pb2.Job
    show: Show
    group: Group
    seq: int  # launch order, for stable sorting and dispatch ties
    max_retries: int = 3
    layers: list[Layer] = field(default_factory=list)
    frames: list[Frame] = field(default_factory=list)
    comments: list[comment_pb2.Comment] = field(default_factory=list)
    subscribers: list[str] = field(default_factory=list)
    stats: Counters = field(default_factory=Counters)
    kill_source: dict[str, str] | None = None  # who killed it, as Cuebot records it


@dataclass(eq=False, slots=True)
class Layer:
    msg: job_pb2.Layer
    job: Job
    fail_rate: float = 0.05
    run_seconds: tuple[int, int] = (20, 120)
    memory_kb: tuple[int, int] = (1_048_576, 4_194_304)
    checkpoint: bool = False  # frames stopped mid-run keep their work (CHECKPOINT, then resume)
    frames: list[Frame] = field(default_factory=list)
    stats: Counters = field(default_factory=Counters)
    queue: list[tuple[int, int, int, Frame]] = field(default_factory=list)

    def push(self, frame: Frame) -> None:
        """Queue a WAITING frame for dispatch (lazy heap: stale entries skipped on pop)."""
        if not frame.queued:
            frame.queued = True
            heapq.heappush(
                self.queue, (frame.msg.dispatch_order, frame.msg.number, next(_queue_seq), frame)
            )

    def pop_waiting(self) -> Frame | None:
        while self.queue:
            frame = heapq.heappop(self.queue)[3]
            frame.queued = False
            if frame.msg.state == WAITING:
                return frame
        return None


@dataclass(eq=False, slots=True)
class Frame:
    msg: job_pb2.Frame
    job: Job
    layer: Layer
    proc: Proc | None = None
    changed: int = 0  # farm time of the last change, for GetUpdatedFrames
    depend_count: int = 0
    queued: bool = False
    end_at: int = 0  # when the current run ends
    will_fail: bool = False
    peak_kb: int = 0
    log_attempt: int = 0
    resume_left: int = 0  # seconds of work left after a checkpoint: the next run resumes
    copied_at: int = 0  # when a CHECKPOINT frame's checkpoint copy completes
    hang_at: int = 0  # when this run's process hangs (its log and lluTime stop); 0: never


@dataclass(eq=False, slots=True)
class Host:
    msg: host_pb2.Host
    alloc: Alloc
    procs: list[Proc] = field(default_factory=list)
    comments: list[comment_pb2.Comment] = field(default_factory=list)
    pinned: bool = False  # a preset's guaranteed host: random events leave it alone
    back_at: int = 0  # when a host that went down by itself comes back up
    owner: str = ""


@dataclass(eq=False, slots=True)
class Proc:
    msg: host_pb2.Proc
    host: Host
    frame: Frame | None


@dataclass(eq=False, slots=True)
class Depend:
    msg: depend_pb2.Depend
    er_frames: list[Frame]  # frames held by this depend while it is active
    on_job: Job | None = None
    on_layer: Layer | None = None
    on_frame: Frame | None = None
    parent: Depend | None = None  # a FRAME_BY_FRAME's FRAME_ON_FRAME child
    children: list[Depend] = field(default_factory=list)  # FRAME_BY_FRAME: its children
