"""Farm events worth telling a user about, found by comparing fresh reads of the farm.

`AlertWatch.read(client)` reads only what the rules that are on need (the watched jobs, show
stats, the down hosts, the subscriptions); a read that fails in any part yields nothing, so
no rule ever looks at stale or partial data. `AlertEngine.observe(snapshot)` compares a read
with the previous one and returns each event once: a condition fires when it starts and is
armed again only once it has cleared (a show falling back under the threshold, a host back
up). The first read only sets the baseline: starting cuetui does not replay the farm's state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from cuetui.client.gateway import GatewayClient
from cuetui.models.format import cores, short_duration
from cuetui.models.states import DOWN_HARDWARE_STATES
from cuetui.notify_settings import NotifySettings

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Farm text as one printable line: a job name must not carry a terminal escape."""
    return _CONTROL.sub(" ", text)


Severity = Literal["information", "warning", "error"]


@dataclass(frozen=True, slots=True)
class FarmEvent:
    """One thing that happened, said once. `key` names the condition (for once-only)."""

    rule: str
    key: str
    title: str
    text: str
    severity: Severity = "warning"
    data: dict[str, Any] = field(default_factory=dict)

    def as_json(self, at: float, gateway: str, profile: str | None) -> dict[str, Any]:
        """What the command hook reads on stdin."""
        return {
            "rule": self.rule,
            "title": self.title,
            "text": self.text,
            "severity": self.severity,
            "time": at,
            "gateway": gateway,
            "profile": profile,
            **self.data,
        }


@dataclass(frozen=True, slots=True)
class WatchedJob:
    id: str
    name: str
    show: str
    user: str
    dead: int


@dataclass(frozen=True, slots=True)
class FarmRead:
    """One complete, fresh read of what the rules watch (None: that rule is off)."""

    jobs: dict[str, WatchedJob] | None = None
    show_dead: dict[str, int] | None = None
    down_hosts: dict[str, str] | None = None
    """Host name -> its state, for hosts DOWN or REPAIR (or REBOOTING, as Cuebot says)."""
    subs: dict[str, tuple[float, float]] | None = None
    """Subscription name -> (reserved cores, burst cores)."""


class AlertWatch:
    """Reads the farm for the rules that are on: a handful of small, server-filtered calls."""

    def __init__(self, notify: NotifySettings, user: str) -> None:
        self.notify = notify
        self.user = user

    async def read(self, client: GatewayClient) -> FarmRead:
        rules = self.notify.rules
        jobs = show_dead = down = subs = None
        if "my_jobs" in rules:
            found = await client.get_jobs(users=[self.user, *self.notify.users])
            if self.notify.shows:
                found += await client.get_jobs(shows=list(self.notify.shows))
            jobs = {
                j.id: WatchedJob(j.id, j.name, j.show, j.user, j.job_stats.dead_frames)
                for j in found
                if j.id
            }
        if "dead_frames" in rules:
            show_dead = {s.name: s.show_stats.dead_frames for s in await client.get_shows()}
        if "host_down" in rules:
            hosts = await client.get_hosts(states=DOWN_HARDWARE_STATES)
            down = {h.name: h.state for h in hosts if h.name}
        if "sub_burst" in rules:
            subs = {}
            for alloc in await client.get_allocations():
                for sub in await client.get_allocation_subscriptions(alloc):
                    subs[sub.name] = (sub.reserved_cores_value, sub.burst_cores)
        if all(part is None for part in (jobs, show_dead, down, subs)):
            await client.get_shows()  # gateway_down alone: the smallest read that proves an answer
        return FarmRead(jobs, show_dead, down, subs)


class AlertEngine:
    """Turns fresh reads (and the gateway's silences) into events, each once."""

    def __init__(self, notify: NotifySettings) -> None:
        self.notify = notify
        self._last: FarmRead | None = None
        self._down_since: float | None = None
        self._down_said = False

    def observe(self, read: FarmRead) -> list[FarmEvent]:
        """Events between the previous fresh read and this one (none on the first)."""
        before, self._last = self._last, read
        if before is None:
            return []
        events: list[FarmEvent] = []
        if read.jobs is not None and before.jobs is not None:
            events += self._jobs(before.jobs, read.jobs)
        if read.show_dead is not None and before.show_dead is not None:
            events += self._dead(before.show_dead, read.show_dead)
        if read.down_hosts is not None and before.down_hosts is not None:
            for name, state in sorted(read.down_hosts.items()):
                if name not in before.down_hosts:
                    events.append(
                        FarmEvent(
                            "host_down",
                            f"host_down:{name}",
                            f"Host {clean(name)} is {state}",
                            f"{clean(name)} went {state}",
                            "error",
                            {"host": name, "state": state},
                        )
                    )
        if read.subs is not None and before.subs is not None:
            for name, (used, burst) in sorted(read.subs.items()):
                was = before.subs.get(name)
                at_burst = burst > 0 and used >= burst
                if at_burst and not (was is not None and was[1] > 0 and was[0] >= was[1]):
                    events.append(
                        FarmEvent(
                            "sub_burst",
                            f"sub_burst:{name}",
                            f"{clean(name)} at its burst",
                            f"{clean(name)} uses {cores(used)} of a {cores(burst)}-core burst",
                            "warning",
                            {"subscription": name, "cores": used, "burst": burst},
                        )
                    )
        return events

    def _jobs(self, before: dict[str, WatchedJob], now: dict[str, WatchedJob]) -> list[FarmEvent]:
        events = []
        for job in sorted(now.values(), key=lambda j: j.name):
            was = before.get(job.id)
            if was is not None and was.dead == 0 and job.dead > 0:
                events.append(
                    FarmEvent(
                        "my_jobs",
                        f"failing:{job.id}",
                        f"{clean(job.name)} is failing",
                        f"{clean(job.name)}: {job.dead} dead frame{'s' * (job.dead != 1)}",
                        "error",
                        {"job": job.name, "job_id": job.id, "show": job.show, "user": job.user,
                         "dead_frames": job.dead},
                    )
                )  # fmt: skip
        for job in sorted(before.values(), key=lambda j: j.name):
            if job.id not in now:  # left the pending jobs: finished (a kill finishes it too)
                dead = f" with {job.dead} dead frames" if job.dead else ""
                events.append(
                    FarmEvent(
                        "my_jobs",
                        f"finished:{job.id}",
                        f"{clean(job.name)} finished",
                        f"{clean(job.name)} left the farm{dead}",
                        "warning" if job.dead else "information",
                        {"job": job.name, "job_id": job.id, "show": job.show, "user": job.user,
                         "dead_frames": job.dead},
                    )
                )  # fmt: skip
        return events

    def _dead(self, before: dict[str, int], now: dict[str, int]) -> list[FarmEvent]:
        over = self.notify.dead_frames_over
        events = []
        for show, dead in sorted(now.items()):
            if dead > over >= before.get(show, 0):
                events.append(
                    FarmEvent(
                        "dead_frames",
                        f"dead_frames:{show}",
                        f"{clean(show)}: {dead} dead frames",
                        f"{clean(show)} has {dead} dead frames (more than {over})",
                        "error",
                        {"show": show, "dead_frames": dead, "over": over},
                    )
                )
        return events

    def gateway(self, ok: bool, at: float, reason: str = "") -> list[FarmEvent]:
        """A read answered (ok) or failed at wall time `at`: the outage event, once."""
        if "gateway_down" not in self.notify.rules:
            return []
        if ok:
            said, since = self._down_said, self._down_since
            self._down_since, self._down_said = None, False
            if said and since is not None:
                lasted = short_duration(at - since)
                return [
                    FarmEvent(
                        "gateway_down",
                        "gateway_back",
                        "Gateway back",
                        f"the gateway answers again after {lasted}",
                        "information",
                        {"down_seconds": at - since},
                    )
                ]
            return []
        if self._down_since is None:
            self._down_since = at
        if not self._down_said and at - self._down_since >= self.notify.gateway_down_after:
            self._down_said = True
            lasted = short_duration(at - self._down_since)
            why = f": {clean(reason)}" if reason else ""
            return [
                FarmEvent(
                    "gateway_down",
                    "gateway_down",
                    "Gateway down",
                    f"no answer from the gateway for {lasted}{why}",
                    "error",
                    {"down_seconds": at - self._down_since, "reason": reason},
                )
            ]
        return []
