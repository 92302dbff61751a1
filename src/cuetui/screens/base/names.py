"""Job and host names for the `:` line: what the app already polled, plus one cached read.

The jobs, hosts and procs views report the rows they show (`seen_jobs`, `seen_hosts`). A
completion returns what is known at once; when the names are older than their max age it
also starts one read in a worker (GetJobNames: names only; GetHosts), and the line completes
again when the names land. Typing never waits on the gateway.

`:layers JOB` and `:frames JOB` find their job here (`open_job_view`): a job seen on a view
opens at once, another one after a FindJob in a worker.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from cuetui.client.errors import GatewayError, NotFound
from cuetui.widgets.command_line import CommandLine

if TYPE_CHECKING:
    from textual.app import App

    from cuetui.models import Job
    from cuetui.navigation import ViewContext

JOB_NAMES_MAX_AGE = 60.0
"""Seconds a GetJobNames answer serves completion (jobs come and go by the minute)."""
HOST_NAMES_MAX_AGE = 300.0
"""Seconds the host names serve completion (a GetHosts of a big farm is megabytes)."""
RETRY_AFTER = 15.0
"""After a failed read, completion asks again after this long, not on every key."""
MAX_JOBS = 20_000
"""Jobs kept by name for `:layers JOB`: the oldest go first beyond this."""
SHOWN_MATCHES = 3


@dataclass
class Names:
    """One app's known names (`names(app)`)."""

    jobs: dict[str, Job] = field(default_factory=dict)
    """Job name -> the job as last polled: `:layers NAME` opens it without a request."""
    job_names: set[str] = field(default_factory=set)
    """Every pending job's name, from the last GetJobNames."""
    hosts: set[str] = field(default_factory=set)
    read_at: dict[str, float] = field(default_factory=dict)
    """"jobs"/"hosts" -> monotonic time of the last read (or of the hosts view's last poll)."""

    def all_job_names(self) -> set[str]:
        return self.job_names | self.jobs.keys()

    def stale(self, kind: str, max_age: float) -> bool:
        at = self.read_at.get(kind)
        return at is None or time.monotonic() - at >= max_age


_BY_APP: WeakKeyDictionary[Any, Names] = WeakKeyDictionary()


def names(app: App[Any]) -> Names:
    """The names `app` knows (one store per app, gone with it)."""
    known = _BY_APP.get(app)
    if known is None:
        known = _BY_APP[app] = Names()
    return known


def seen_jobs(app: App[Any], jobs: Iterable[Job]) -> None:
    """Jobs a view just showed (the jobs view's rows)."""
    known = names(app).jobs
    for job in jobs:
        if job.name:
            known.pop(job.name, None)  # re-inserted last: the oldest are at the front
            known[job.name] = job
    while len(known) > MAX_JOBS:
        del known[next(iter(known))]


def seen_hosts(app: App[Any], hosts: Iterable[str], *, every_host: bool = False) -> None:
    """Host names a view just showed; `every_host` when they are the whole farm's."""
    known = names(app)
    known.hosts.update(hosts)  # in C: a hosts view hands 25,000 names on each whole list
    known.hosts.discard("")
    if every_host:
        known.read_at["hosts"] = time.monotonic()


# -- completions (navigation's `Completions`) -------------------------------------------------


def job_arguments(app: App[Any]) -> list[str]:
    """Completions of `:layers` and `:frames`: every job name known (read if stale)."""
    _read_if_stale(app, "jobs")
    return sorted(names(app).all_job_names())


def host_names(app: App[Any]) -> list[str]:
    """Every host name known (read if stale), for `:hosts` and `:procs host=`."""
    _read_if_stale(app, "hosts")
    return sorted(names(app).hosts)


def _read_if_stale(app: App[Any], kind: str) -> None:
    known = names(app)
    max_age = JOB_NAMES_MAX_AGE if kind == "jobs" else HOST_NAMES_MAX_AGE
    if not known.stale(kind, max_age):
        return
    group = f"names-{kind}"
    if any(w.group == group and w.is_running for w in app.workers):
        return
    read = _read_job_names if kind == "jobs" else _read_host_names
    app.run_worker(read(app), group=group, exit_on_error=False, description=f"{kind[:-1]} names")


async def _read_job_names(app: App[Any]) -> None:
    known = names(app)
    try:
        job_names = await app.client.get_job_names()  # type: ignore[attr-defined]
    except GatewayError:
        known.read_at["jobs"] = time.monotonic() - JOB_NAMES_MAX_AGE + RETRY_AFTER
        return
    known.job_names = set(job_names)
    known.read_at["jobs"] = time.monotonic()
    _complete_again(app)


async def _read_host_names(app: App[Any]) -> None:
    known = names(app)
    try:
        hosts = await app.client.get_hosts()  # type: ignore[attr-defined]
    except GatewayError:
        known.read_at["hosts"] = time.monotonic() - HOST_NAMES_MAX_AGE + RETRY_AFTER
        return
    seen_hosts(app, (h.name for h in hosts), every_host=True)
    _complete_again(app)


def _complete_again(app: App[Any]) -> None:
    """A `:layers te` typed before the names came completes now."""
    for line in app.screen.query(CommandLine):
        line.suggest_again()


# -- `:layers JOB`, `:frames JOB` -------------------------------------------------------------


def open_job_view(
    app: App[Any], context: ViewContext, arg: str, view: str, open_with: Callable[[Job], None]
) -> str | None:
    """Run `open_with(job)` for the job named by `arg` (or the highlighted one without it).

    A name seen on a view opens at once; a part of one name opens that job; any other name
    is looked up with FindJob in a worker. Returns a message instead when there is no job.
    """
    name = arg.strip()
    if not name:
        if context.job is None:
            return f":{view} needs a job: highlight one in :jobs, or name it (:{view} JOB)"
        open_with(context.job)
        return None
    if len(name.split()) > 1:
        return f":{view} takes one job name, not {name!r}"
    known = names(app)
    if context.job is not None and context.job.name == name:
        open_with(context.job)
        return None
    if name not in known.all_job_names():
        part = name.lower()
        matches = sorted(n for n in known.all_job_names() if part in n.lower())
        if len(matches) > 1:
            shown = ", ".join(matches[:SHOWN_MATCHES])
            more = (
                f" and {len(matches) - SHOWN_MATCHES} more" if len(matches) > SHOWN_MATCHES else ""
            )
            return f":{view} {name} matches {len(matches)} jobs ({shown}{more}): Tab completes"
        if matches:
            name = matches[0]
    job = known.jobs.get(name)
    if job is not None:
        open_with(job)
        return None
    app.run_worker(
        _find_then_open(app, name, view, open_with),
        group="open-job",
        exclusive=True,
        exit_on_error=False,
        description="find job",
    )
    return None


async def _find_then_open(
    app: App[Any], name: str, view: str, open_with: Callable[[Job], None]
) -> None:
    try:
        job = await app.client.find_job(name)  # type: ignore[attr-defined]
    except NotFound:
        app.notify(
            f":{view} {name}: no pending job has that name (finished, or a typo?)",
            severity="warning",
            markup=False,
        )
        return
    except GatewayError as exc:
        app.notify(f":{view} {name}: {exc}", severity="error", markup=False)
        return
    seen_jobs(app, [job])
    open_with(job)
