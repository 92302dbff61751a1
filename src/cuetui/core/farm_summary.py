"""The dashboard's model and reducer: one poll's answers reduced to a small `FarmSummary`.

Headless: the dashboard screen polls and calls `summarize`; its panels render the result.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from cuetui.client.errors import AuthError, GatewayTimeout, GatewayUnreachable
from cuetui.models import Allocation, Host, Job, Show, Subscription

MAX_TRIAGE = 60
"""Jobs kept for the triage list: more than any terminal shows, and a bound on memory."""
JOBS_PER_SECOND = 200
"""The interval stretches with the pending jobs (2,000 jobs -> 10 s), as hosts.py does."""
HOSTS_EVERY = 30.0
"""Seconds between reads of the down and locked hosts (CueWeb polls hosts every 30 s)."""
SUBS_EVERY = 30.0
"""Seconds between reads of the subscriptions (one call per allocation)."""

Use = tuple[float, float, float]
"""A show's subscriptions summed: (used, size, burst) in cores."""


@dataclass(frozen=True, slots=True)
class HostCounts:
    """Hosts by state; UP and DOWN from allocation stats, REPAIR and NIMBY read apart."""

    total: int = 0
    up: int = 0
    down: int = 0
    repair: int = 0
    locked: int = 0
    nimby: int = 0


@dataclass(frozen=True, slots=True)
class ShowRow:
    """One show's pending work."""

    name: str
    pending_jobs: int = 0
    running: int = 0
    dead: int = 0
    waiting: int = 0
    cores: float = 0.0
    sub: Use | None = None
    """Its subscriptions summed, once read (None: not read yet, or no subscription)."""


@dataclass(frozen=True, slots=True)
class TriageRow:
    """A job with dead frames; `counts` as `progress_bar` takes them (succeeded first)."""

    id: str
    name: str
    dead: int
    counts: tuple[int, ...] = ()

    @property
    def done(self) -> str:
        total = sum(self.counts)
        return f"{self.counts[0] if self.counts else 0}/{total}"


@dataclass(frozen=True, slots=True)
class AllocRow:
    """One allocation's cores and hosts."""

    name: str
    running_cores: float = 0.0
    cores: float = 0.0
    hosts: int = 0
    down_hosts: int = 0
    locked_hosts: int = 0


@dataclass(frozen=True, slots=True)
class FarmSummary:
    """Everything the dashboard shows, small and comparable (no job or host lists kept)."""

    pending_jobs: int = 0
    running: int = 0
    dead: int = 0
    waiting: int = 0
    reserved_cores: float = 0.0
    total_cores: float = 0.0
    hosts: HostCounts = HostCounts()
    shows: tuple[ShowRow, ...] = ()
    triage: tuple[TriageRow, ...] = ()
    dead_jobs: int = 0
    """Jobs with dead frames: `triage` holds the worst of them only."""
    allocs: tuple[AllocRow, ...] = ()
    job_count: int = 0


def host_counts(
    allocs: Iterable[Allocation], down: Iterable[Host], locked: Iterable[Host]
) -> HostCounts:
    """Hosts by state: the total from allocation stats, the rest from the filtered reads."""
    total = sum(a.stats.hosts for a in allocs)
    states = Counter(h.state for h in down)
    locks = Counter(h.lock_state for h in locked)
    not_up = sum(states.values())
    return HostCounts(
        total=total,
        up=max(0, total - not_up),
        down=not_up - states["REPAIR"],
        repair=states["REPAIR"],
        locked=locks["LOCKED"],
        nimby=locks["NIMBY_LOCKED"],
    )


def sub_use(subs: Iterable[Subscription]) -> dict[str, Use]:
    """Show name -> its subscriptions over every allocation, summed."""
    use: dict[str, Use] = {}
    for sub in subs:
        used, size, burst = use.get(sub.show_name, (0.0, 0.0, 0.0))
        use[sub.show_name] = (
            used + sub.reserved_cores_value,
            size + sub.size_cores,
            burst + sub.burst_cores,
        )
    return use


def _with_use(use: Use | None, reserved: float) -> Use | None:
    """Size and burst as last read (they change rarely), the use from this poll's show stats
    (the same cores, fresher than a subscriptions read every `SUBS_EVERY` seconds)."""
    return None if use is None else (reserved, use[1], use[2])


def summarize(
    shows: Iterable[Show],
    jobs: Iterable[Job],
    allocs: Iterable[Allocation],
    hosts: HostCounts | None = None,
    subs: Mapping[str, Use] | None = None,
) -> FarmSummary:
    """Reduce one poll's answers to what the dashboard shows (no lists of the farm kept)."""
    allocs = list(allocs)
    waiting: Counter[str] = Counter()
    dead: list[Job] = []
    job_count = 0
    for job in jobs:
        job_count += 1
        waiting[job.show] += job.job_stats.waiting_frames
        if job.job_stats.dead_frames > 0:
            dead.append(job)
    dead.sort(key=lambda j: (-j.job_stats.dead_frames, j.name))
    triage = tuple(
        TriageRow(j.id, j.name, j.job_stats.dead_frames, j.job_stats.part_counts())
        for j in dead[:MAX_TRIAGE]
    )
    rows: list[ShowRow] = []
    for show in shows:
        st = show.show_stats
        if not (show.active or st.pending_jobs or st.reserved_cores):
            continue  # a retired show says nothing about today's farm
        rows.append(
            ShowRow(
                show.name,
                pending_jobs=st.pending_jobs,
                running=st.running_frames,
                dead=st.dead_frames,
                waiting=waiting.get(show.name, 0),
                cores=st.reserved_cores,
                sub=_with_use((subs or {}).get(show.name), st.reserved_cores),
            )
        )
    rows.sort(key=lambda r: (r.pending_jobs == 0, r.name))
    alloc_rows = sorted(
        (
            AllocRow(
                a.name,
                running_cores=a.stats.running_cores,
                cores=a.stats.cores,
                hosts=a.stats.hosts,
                down_hosts=a.stats.down_hosts,
                locked_hosts=a.stats.locked_hosts,
            )
            for a in allocs
        ),
        # Allocations with hosts down first: the list may be cut to what fits.
        key=lambda a: (-a.down_hosts, a.name),
    )
    return FarmSummary(
        pending_jobs=sum(r.pending_jobs for r in rows),
        running=sum(r.running for r in rows),
        dead=sum(r.dead for r in rows),
        waiting=sum(waiting.values()),
        reserved_cores=sum(r.cores for r in rows),
        total_cores=sum(a.stats.cores for a in allocs),
        hosts=hosts or host_counts(allocs, (), ()),
        shows=tuple(rows),
        triage=triage,
        dead_jobs=len(dead),
        allocs=tuple(alloc_rows),
        job_count=job_count,
    )


def describe_failure(exc: BaseException) -> str:
    """What the banner calls the outage."""
    if isinstance(exc, GatewayUnreachable):
        return "gateway unreachable"
    if isinstance(exc, GatewayTimeout):
        return "gateway not answering"
    if isinstance(exc, AuthError):
        return "gateway refuses the token"
    return "gateway failing"
