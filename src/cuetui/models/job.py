"""Job, Layer, Frame, Group and the GetUpdatedFrames result of `job.proto`, with derived values."""

from __future__ import annotations

import os
import time
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from cuetui.models._base import (
    CheckpointState,
    FrameState,
    JobState,
    LayerType,
    NullAsEmpty,
    NullAsList,
    ProtoModel,
    _NullAs,
)
from cuetui.models.states import JOB_STATES, RUNNING_FRAME_STATES

# Order of the parts of a progress bar, as CueGUI draws them (succeeded first).
PROGRESS_PARTS = ("succeeded", "running", "waiting", "depend", "dead", "eaten")


class _FrameCounts(ProtoModel):
    """Frame counters shared by JobStats and LayerStats."""

    total_frames: int = 0
    waiting_frames: int = 0
    running_frames: int = 0
    dead_frames: int = 0
    eaten_frames: int = 0
    depend_frames: int = 0
    succeeded_frames: int = 0
    pending_frames: int = 0

    @property
    def progress(self) -> float:
        """Succeeded frames as a fraction of all frames (0 when the job has none)."""
        return self.succeeded_frames / self.total_frames if self.total_frames > 0 else 0.0

    @property
    def done_fraction(self) -> float:
        """Succeeded plus eaten frames as a fraction: what will not run again."""
        if self.total_frames <= 0:
            return 0.0
        return (self.succeeded_frames + self.eaten_frames) / self.total_frames

    def part_counts(self) -> tuple[int, int, int, int, int, int]:
        """Frames in each part of the progress bar, in PROGRESS_PARTS order."""
        return (
            self.succeeded_frames,
            self.running_frames,
            self.waiting_frames,
            self.depend_frames,
            self.dead_frames,
            self.eaten_frames,
        )

    def fractions(self) -> dict[str, float]:
        """Share of each part of the progress bar (keys in PROGRESS_PARTS order; sum <= 1)."""
        total = self.total_frames
        counts = self.part_counts()
        if total <= 0:
            return dict.fromkeys(PROGRESS_PARTS, 0.0)
        return {name: n / total for name, n in zip(PROGRESS_PARTS, counts, strict=True)}


class _RunStats(_FrameCounts):
    """The time, core and memory totals JobStats and LayerStats share (proto field names)."""

    avg_frame_sec: int = 0
    high_frame_sec: int = 0
    avg_core_sec: int = 0
    rendered_frame_count: int = 0
    failed_frame_count: int = 0
    remaining_core_sec: int = 0
    total_core_sec: int = 0
    rendered_core_sec: int = 0
    failed_core_sec: int = 0
    max_rss: int = 0
    reserved_cores: float = 0.0
    total_gpu_sec: int = 0
    rendered_gpu_sec: int = 0
    failed_gpu_sec: int = 0
    reserved_gpus: float = 0.0
    max_gpu_memory: int = 0
    max_pss: int = 0


class JobStats(_RunStats):
    total_layers: int = 0


class Job(ProtoModel):
    id: str = ""
    state: JobState = "PENDING"
    name: str = ""
    shot: str = ""
    show: str = ""
    user: str = ""
    group: str = ""
    facility: str = ""
    os: str = ""
    # `uid` is in a oneof: grpc-gateway leaves it out when unset.
    uid: int | None = None
    priority: int = 0
    min_cores: float = 0.0
    max_cores: float = 0.0
    log_dir: str = ""
    is_paused: bool = False
    has_comment: bool = False
    auto_eat: bool = False
    start_time: int = 0
    stop_time: int = 0
    job_stats: Annotated[JobStats, NullAsEmpty] = Field(default_factory=JobStats)
    min_gpus: float = 0.0
    max_gpus: float = 0.0
    loki_url: str = ""
    eligible_time: int = 0

    @property
    def display_state(self) -> str:
        """The state CueGUI shows: Finished / Paused / Failing / Dependency / In Progress;
        a state these protos do not know (a newer Cuebot's) shows as it came."""
        if self.state not in JOB_STATES:
            return self.state
        # Same order and tests as cuegui/JobMonitorTree.py displayState().
        if self.state == "FINISHED":
            return "Finished"
        if self.is_paused:
            return "Paused"
        stats = self.job_stats
        if stats.dead_frames > 0:
            return "Failing"
        if (
            stats.depend_frames
            and stats.depend_frames == stats.pending_frames
            and stats.running_frames == 0
        ):
            return "Dependency"
        return "In Progress"

    @property
    def is_finished(self) -> bool:
        return self.state == "FINISHED"

    @property
    def progress(self) -> float:
        """Succeeded frames as a fraction of all frames."""
        return self.job_stats.progress

    def fractions(self) -> dict[str, float]:
        """Share of succeeded/running/waiting/depend/dead/eaten frames, for a progress bar."""
        return self.job_stats.fractions()

    def age_seconds(self, now: float | None = None) -> int:
        """Seconds in the queue: to stop_time when finished, else to now (CueGUI's Age)."""
        if self.start_time <= 0:
            return 0
        end = self.stop_time or (time.time() if now is None else now)
        return max(0, int(end - self.start_time))


class LayerStats(_RunStats):
    low_frame_sec: int = 0


class Layer(ProtoModel):
    id: str = ""
    name: str = ""
    range: str = ""
    tags: Annotated[list[str], NullAsList] = Field(default_factory=list)
    min_cores: float = 0.0
    max_cores: float = 0.0
    is_threadable: bool = False
    min_memory: int = 0
    min_gpu_memory: int = 0
    chunk_size: int = 0
    dispatch_order: int = 0
    type: LayerType = "PRE"
    services: Annotated[list[str], NullAsList] = Field(default_factory=list)
    memory_optimizer_enabled: bool = False
    layer_stats: Annotated[LayerStats, NullAsEmpty] = Field(default_factory=LayerStats)
    parent_id: str = ""
    limits: Annotated[list[str], NullAsList] = Field(default_factory=list)
    timeout: int = 0
    timeout_llu: int = 0
    min_gpus: float = 0.0
    max_gpus: float = 0.0
    command: str = ""
    eligible_time: int = 0
    start_time: int = 0
    stop_time: int = 0
    start_after: int = 0
    start_after_reason: str = ""

    @property
    def job_id(self) -> str:
        """The id of the job this layer belongs to (`parentId` on the wire)."""
        return self.parent_id

    @property
    def progress(self) -> float:
        return self.layer_stats.progress

    def fractions(self) -> dict[str, float]:
        return self.layer_stats.fractions()

    @property
    def cores_text(self) -> str:
        """Min cores as CueGUI shows them: `ALL` for 0, `ALL (-n)` for negative reservations."""
        if self.min_cores == 0:
            return "ALL"
        if self.min_cores < 0:
            return f"ALL ({self.min_cores:g})"
        return f"{self.min_cores:g}"


class RGB(ProtoModel):
    red: int = 0
    green: int = 0
    blue: int = 0


class FrameStateDisplayOverride(ProtoModel):
    state: FrameState = "WAITING"
    text: str = ""
    color: Annotated[RGB, NullAsEmpty] = Field(default_factory=RGB)


NO_DISPLAY_OVERRIDE = FrameStateDisplayOverride()
"""The display override of every frame without one (shared: never change it in place)."""


def _split_resource(last_resource: str) -> tuple[str, str, str]:
    # lastResource is "host/cores/gpus"; a frame never run has "/0.00/0".
    parts = last_resource.split("/")
    while len(parts) < 3:
        parts.append("")
    return parts[0], parts[1], parts[2]


class _FrameCommon(ProtoModel):
    """Fields and derived values shared by Frame and UpdatedFrame."""

    id: str = ""
    state: FrameState = "WAITING"
    retry_count: int = 0
    exit_status: int = 0
    start_time: int = 0
    stop_time: int = 0
    max_rss: int = 0
    used_memory: int = 0
    last_resource: str = ""
    llu_time: int = 0
    max_gpu_memory: int = 0
    used_gpu_memory: int = 0
    # Nearly every frame has none (null on the wire): they share one, made once, instead of
    # two models made per frame (~1.2 ms of a 500-frame page's parse). Read, never changed
    # in place (GetUpdatedFrames replaces the whole value).
    frame_state_display_override: Annotated[
        FrameStateDisplayOverride, _NullAs(lambda _: NO_DISPLAY_OVERRIDE)
    ] = Field(default_factory=lambda: NO_DISPLAY_OVERRIDE)
    max_pss: int = 0

    @property
    def host_name(self) -> str:
        """The host of the last run (from `lastResource` "host/cores/gpus"); `` if never run."""
        return _split_resource(self.last_resource)[0]

    @property
    def last_cores(self) -> float:
        """Cores of the last run, from `lastResource`."""
        try:
            return float(_split_resource(self.last_resource)[1] or 0)
        except ValueError:
            return 0.0

    @property
    def last_gpus(self) -> int:
        """GPUs of the last run, from `lastResource`."""
        try:
            return int(float(_split_resource(self.last_resource)[2] or 0))
        except ValueError:
            return 0

    @property
    def is_running(self) -> bool:
        return self.state == "RUNNING"

    @property
    def memory_kb(self) -> int:
        """Used memory while running, else the peak (CueGUI's "Memory (RSS)" column), in KB."""
        return self.used_memory if self.state == "RUNNING" else self.max_rss

    @property
    def gpu_memory_kb(self) -> int:
        """GPU memory in use while running, else the peak (CueGUI's "GPU Memory"), in KB."""
        return self.used_gpu_memory if self.state == "RUNNING" else self.max_gpu_memory

    def runtime_seconds(self, now: float | None = None) -> int:
        """Seconds run: stop - start when stopped, now - start while started, else 0."""
        if self.start_time <= 0:
            return 0
        if self.stop_time > 0 and self.stop_time >= self.start_time:
            return self.stop_time - self.start_time
        if self.state in RUNNING_FRAME_STATES or self.stop_time <= 0:
            end = time.time() if now is None else now
            return max(0, int(end - self.start_time))
        return 0

    @property
    def display_state(self) -> str:
        """The state text, or the override text Cuebot may attach."""
        text = self.frame_state_display_override.text
        return text or self.state


class Frame(_FrameCommon):
    name: str = ""
    layer_name: str = ""
    number: int = 0
    dispatch_order: int = 0
    reserved_memory: int = 0
    reserved_gpu_memory: int = 0
    checkpoint_state: CheckpointState = "DISABLED"
    checkpoint_count: int = 0
    total_core_time: int = 0
    total_gpu_time: int = 0
    used_pss: int = 0
    eligible_time: int = 0
    submission_time: int = 0

    def log_path(self, job: Job | Any) -> str:
        """`<logDir>/<jobName>.<frameName>.rqlog` (CueGUI's Utils.getFrameLogFile)."""
        return os.path.join(job.log_dir, f"{job.name}.{self.name}.rqlog")

    def log_path_attempt(self, job: Job | Any, attempt: int) -> str:
        """The log of an earlier attempt: `<log_path>.<attempt>`."""
        return f"{self.log_path(job)}.{attempt}"

    def apply_update(self, update: UpdatedFrame) -> None:
        """Copy the fields GetUpdatedFrames reports onto this frame, in place."""
        for name in _UPDATED_FIELDS:
            setattr(self, name, getattr(update, name))


class UpdatedFrame(_FrameCommon):
    """One changed frame from GetUpdatedFrames (a subset of Frame's fields)."""


_UPDATED_FIELDS = tuple(n for n in UpdatedFrame.model_fields if n != "id")


def _unwrap_updated(value: Any) -> Any:
    # The wire shape is {"updatedFrames": {"updatedFrames": [...]}} (an UpdatedFrameSeq).
    if value is None:
        return []
    if isinstance(value, dict):
        return value.get("updatedFrames", value.get("updated_frames")) or []
    return value


class UpdatedFrames(ProtoModel):
    """The GetUpdatedFrames result: the job's state, the server time, changed frames."""

    state: JobState = "PENDING"
    server_time: int = 0
    updated_frames: Annotated[list[UpdatedFrame], BeforeValidator(_unwrap_updated)] = Field(
        default_factory=list
    )


class GroupStats(ProtoModel):
    running_frames: int = 0
    dead_frames: int = 0
    depend_frames: int = 0
    waiting_frames: int = 0
    pending_jobs: int = 0
    reserved_cores: float = 0.0
    reserved_gpus: float = 0.0


class Group(ProtoModel):
    id: str = ""
    name: str = ""
    department: str = ""
    default_job_priority: int = 0
    default_job_min_cores: float = 0.0
    default_job_max_cores: float = 0.0
    min_cores: float = 0.0
    max_cores: float = 0.0
    level: int = 0
    parent_id: str = ""
    group_stats: Annotated[GroupStats, NullAsEmpty] = Field(default_factory=GroupStats)
    default_job_min_gpus: float = 0.0
    default_job_max_gpus: float = 0.0
    min_gpus: float = 0.0
    max_gpus: float = 0.0
