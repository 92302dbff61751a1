"""What the whiteboard serves: stats filled into the stored messages, and search criteria."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from itertools import islice
from typing import TYPE_CHECKING

from opencue_proto import facility_pb2, host_pb2, job_pb2, show_pb2

from cuetui.sim import model as m
from cuetui.sim.rpc import RpcError
from cuetui.sim.search import find_hosts as find_hosts
from cuetui.sim.search import find_jobs as find_jobs
from cuetui.sim.search import find_procs as find_procs

if TYPE_CHECKING:
    from cuetui.sim.farm import SimulatedFarm

JS = job_pb2.JobState
HW = host_pb2.HardwareState
LOCK = host_pb2.LockState


def _fill_stats(stats, c: m.Counters, low: bool) -> None:
    s = c.states
    running = s[m.RUNNING] + s[m.SETUP] + s[m.CHECKPOINT]
    stats.total_frames = sum(s)
    stats.waiting_frames = s[m.WAITING]
    stats.running_frames = running
    stats.dead_frames = s[m.DEAD]
    stats.eaten_frames = s[m.EATEN]
    stats.depend_frames = s[m.DEPEND]
    stats.succeeded_frames = s[m.SUCCEEDED]
    stats.pending_frames = s[m.WAITING] + s[m.DEPEND]
    rendered = c.rendered_frame_count
    avg_frame = c.rendered_frame_sec // rendered if rendered else 0
    avg_core = c.rendered_core_sec // rendered if rendered else 0
    stats.avg_frame_sec = avg_frame
    stats.high_frame_sec = c.high_frame_sec
    if low:
        stats.low_frame_sec = c.low_frame_sec
    stats.avg_core_sec = avg_core
    stats.rendered_frame_count = rendered
    stats.failed_frame_count = c.failed_frame_count
    stats.remaining_core_sec = avg_core * (s[m.WAITING] + s[m.DEPEND])  # pending x avg
    stats.total_core_sec = c.rendered_core_sec + c.failed_core_sec
    stats.rendered_core_sec = c.rendered_core_sec
    stats.failed_core_sec = c.failed_core_sec
    stats.max_rss = c.max_rss
    stats.reserved_cores = c.reserved_cores
    stats.reserved_gpus = c.reserved_gpus
    stats.total_gpu_sec = c.rendered_gpu_sec + c.failed_gpu_sec
    stats.rendered_gpu_sec = c.rendered_gpu_sec
    stats.failed_gpu_sec = c.failed_gpu_sec
    stats.max_gpu_memory = c.max_gpu_memory


def job_msg(job: m.Job) -> job_pb2.Job:
    stats = job.msg.job_stats
    _fill_stats(stats, job.stats, low=False)
    stats.total_layers = len(job.layers)
    return job.msg


def layer_msg(layer: m.Layer) -> job_pb2.Layer:
    _fill_stats(layer.msg.layer_stats, layer.stats, low=True)
    return layer.msg


def show_msg(show: m.Show) -> show_pb2.Show:
    st = show.msg.show_stats
    pending = [j for j in show.jobs if j.msg.state == JS.PENDING]
    st.pending_jobs = len(pending)
    st.running_frames = sum(j.stats.states[m.RUNNING] + j.stats.states[m.SETUP] for j in pending)
    st.dead_frames = sum(j.stats.states[m.DEAD] for j in pending)
    st.pending_frames = sum(j.stats.states[m.WAITING] + j.stats.states[m.DEPEND] for j in pending)
    st.created_job_count = show.created_job_count
    st.created_frame_count = show.created_frame_count
    st.rendered_frame_count = show.rendered_frame_count
    st.failed_frame_count = show.failed_frame_count
    st.reserved_cores = sum(j.stats.reserved_cores for j in pending)
    st.reserved_gpus = sum(j.stats.reserved_gpus for j in pending)
    return show.msg


def group_msg(group: m.Group) -> job_pb2.Group:
    st = group.msg.group_stats
    jobs = [j for j in _group_jobs(group) if j.msg.state == JS.PENDING]
    st.pending_jobs = len(jobs)
    st.running_frames = sum(j.stats.states[m.RUNNING] + j.stats.states[m.SETUP] for j in jobs)
    st.dead_frames = sum(j.stats.states[m.DEAD] for j in jobs)
    st.depend_frames = sum(j.stats.states[m.DEPEND] for j in jobs)
    st.waiting_frames = sum(j.stats.states[m.WAITING] for j in jobs)
    st.reserved_cores = sum(j.stats.reserved_cores for j in jobs)
    st.reserved_gpus = sum(j.stats.reserved_gpus for j in jobs)
    return group.msg


def _group_jobs(group: m.Group) -> Iterable[m.Job]:
    yield from group.jobs
    for child in group.children:
        yield from _group_jobs(child)


def sub_msg(sub: m.Subscription):
    sub.msg.reserved_cores = round(sub.reserved_cores * 100)
    sub.msg.reserved_gpus = round(sub.reserved_gpus)  # float after a release (proc gpus are float)
    return sub.msg


def alloc_msg(alloc: m.Alloc) -> facility_pb2.Allocation:
    st = alloc.msg.stats
    cores = idle = running = locked = 0.0
    gpus = idle_g = running_g = locked_g = 0
    locked_hosts = down_hosts = 0
    available = 0.0
    available_g = 0
    for host in alloc.hosts:
        h = host.msg
        cores += h.cores
        gpus += h.gpus
        booked = h.cores - h.idle_cores
        running += booked
        running_g += h.gpus - h.idle_gpus
        if h.state != HW.UP:
            down_hosts += 1
        if h.lock_state != LOCK.OPEN:
            locked_hosts += 1
            locked += h.cores
            locked_g += h.gpus
        elif h.state == HW.UP:
            idle += h.idle_cores
            idle_g += h.idle_gpus
            available += h.idle_cores
            available_g += h.idle_gpus
    st.cores = cores
    st.available_cores = available
    st.idle_cores = idle
    st.running_cores = running
    st.locked_cores = locked
    st.hosts = len(alloc.hosts)
    st.locked_hosts = locked_hosts
    st.down_hosts = down_hosts
    st.gpus = gpus
    st.available_gpus = available_g
    st.idle_gpus = idle_g
    st.running_gpus = running_g
    st.locked_gpus = locked_g
    return alloc.msg


# ------------------------------------------- frame search (jobs, hosts, procs: search.py)
def parse_frame_set(spec: str) -> set[int] | None:
    """FrameSet syntax: `1-10`, `1,3,5`, `1-100x5`, `1-10:2`; None when unparseable."""
    out: set[int] = set()
    try:
        for part in spec.replace(" ", "").split(","):
            if not part:
                continue
            step = 1
            for sep in ("x", ":", "y"):
                if sep in part:
                    part, step_s = part.split(sep, 1)
                    step = int(step_s)
            if "-" in part[1:]:
                idx = part.index("-", 1)
                lo, hi = int(part[:idx]), int(part[idx + 1 :])
                out.update(range(lo, hi + 1, max(step, 1)) if lo <= hi else range(lo, hi - 1, -1))
            else:
                out.add(int(part))
    except ValueError:
        return None
    return out


_NUM = re.compile(r"^([0-9]+)$")
_NUM_RANGE = re.compile(r"^([0-9]+)-([0-9]+)$")
_FLOAT_RANGE = re.compile(r"^([0-9.]+)-([0-9.]+)$")
_GB_KB = 1048576  # CueUtil.GB: memory fields are KB


class BadCriteria(RpcError):
    """A FrameSearch chunk Cuebot could not build: its SQL fails (UNKNOWN, a 500, on a read;
    a queued action logs it on Cuebot's queue and does nothing)."""

    def __init__(self, what: str) -> None:
        super().__init__(2, f"PreparedStatementCallback; bad SQL grammar ({what})")


def _frame_numbers(spec: str) -> set[int] | None:
    """FrameSearch.filterByFrameSet: `N`, `A-B` (A > B matches nothing), else a FrameSet."""
    if m1 := _NUM.match(spec):
        return {int(m1.group(1))}
    if m2 := _NUM_RANGE.match(spec):
        return set(range(int(m2.group(1)), int(m2.group(2)) + 1))
    numbers = parse_frame_set(spec)
    if numbers is None or len(numbers) > 1000:  # RANGE_MAX_SIZE: an empty chunk, bad SQL
        raise BadCriteria(f"frame range {spec!r}")
    return numbers


def _at_least_or_between(spec: str, scale: float) -> tuple[float, float]:
    """filterByMemoryRange/DurationRange: `A-B` is between, one number is at least it."""
    try:
        if m := _FLOAT_RANGE.match(spec):
            return float(m.group(1)) * scale, float(m.group(2)) * scale
        return float(spec) * scale, float("inf")
    except ValueError:
        # Cuebot logs "Failed to convert float range" and adds an empty chunk: bad SQL.
        raise BadCriteria(f"range {spec!r}") from None


def _frame_filter(
    farm: SimulatedFarm, r: job_pb2.FrameSearchCriteria, ignore_states: bool = False
) -> Callable[[m.Frame], bool] | None:
    """FrameSearch's where clause as a predicate; None when it matches every frame."""
    ids = set(r.ids)
    names = set(r.frames)
    layers = set(r.layers)
    states = set() if ignore_states else set(r.states.frame_states)
    numbers = _frame_numbers(r.frame_range) if r.frame_range else None
    mem = _at_least_or_between(r.memory_range, _GB_KB) if r.memory_range else None
    dur = _at_least_or_between(r.duration_range, 3600) if r.duration_range else None
    change_date = r.change_date
    if not (ids or names or layers or states or numbers is not None or mem or dur) and (
        change_date <= 0
    ):
        return None

    def match(frame: m.Frame) -> bool:
        f = frame.msg
        if ids and f.id not in ids:
            return False
        if names and f.name not in names:
            return False
        if layers and f.layer_name not in layers:
            return False
        if states and f.state not in states:
            return False
        if numbers is not None and f.number not in numbers:
            return False
        if mem is not None and not (mem[0] <= f.max_rss <= mem[1]):
            return False
        if dur is not None:
            # str_state != 'WAITING' AND find_duration(ts_started, ts_stopped) in range; an
            # unstarted frame lasts 0, a running one until now.
            seconds = ((f.stop_time or farm.now) - f.start_time) if f.start_time else 0
            if f.state == m.WAITING or not dur[0] <= int(seconds) <= dur[1]:
                return False
        return not (change_date > 0 and frame.changed <= change_date)

    return match


def find_frames(
    farm: SimulatedFarm,
    job: m.Job,
    r: job_pb2.FrameSearchCriteria,
    layer: m.Layer | None = None,
    ignore_states: bool = False,
) -> list[m.Frame]:
    """FrameSearch's filter, unpaged (findFrames: what Retry/Eat/Kill/MarkAsWaiting act on).

    As FrameSearchFactory.create(job, criteria) + buildWhereClause: the job (or layer) AND
    every field that is set; a list matches any of its values exactly (`frames` are frame
    names, `0001-layer`; `layers` layer names; `ids` frame ids); an unset or empty field adds
    nothing, so an empty criteria matches every frame of the job. BadCriteria when a range
    cannot be read (Cuebot's query then fails).
    """
    match = _frame_filter(farm, r, ignore_states)
    frames = layer.frames if layer is not None else job.frames
    return list(frames) if match is None else [f for f in frames if match(f)]


def _dispatch_sorted(farm: SimulatedFarm, owner: m.Job | m.Layer) -> list[m.Frame]:
    """The owner's frames in GetFrames' order, sorted once per frame count and reorder."""
    key = owner.msg.id
    version = (len(owner.frames), farm.frame_order_version)
    cached = farm.frame_order.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]
    frames = sorted(
        owner.frames, key=lambda fr: (fr.msg.dispatch_order, fr.layer.msg.dispatch_order)
    )
    farm.frame_order[key] = (version, frames)
    return frames


def page_frames(
    farm: SimulatedFarm, job: m.Job, r: job_pb2.FrameSearchCriteria, layer: m.Layer | None = None
) -> list[m.Frame]:
    """Whiteboard getFrames: FrameSearch.getSortedQuery pages by the request's `limit`.

    `limit` 0 (or missing) makes the row window `row_number <= 0`: no frames at all.
    """
    if r.limit <= 0:
        return []
    match = _frame_filter(farm, r)
    frames = _dispatch_sorted(farm, layer if layer is not None else job)
    start = (max(r.page, 1) - 1) * r.limit
    if match is None:
        return frames[start : start + r.limit]
    # Stop at the end of the page: the 100,000-frame job's first pages stay cheap.
    return list(islice(filter(match, frames), start, start + r.limit))
