"""GetJobs, GetHosts and GetProcs criteria, field by field as Cuebot builds its SQL.

Read from Cuebot at 1cea9a8 (`cuebot/src/main/java/com/imageworks/spcue/dao/criteria/
postgres/`): `JobSearch.buildWhereClause` (lines 47-58), `HostSearch.buildWhereClause`
(43-60), `ProcSearch.buildWhereClause` (102-132), the phrases they use in `Criteria.java`
(`addPhrase` 155-171: `col=?` OR'd; `addRegexPhrase` 200-217: `col ~ ?` OR'd;
`addLikePhrase` 219-237: `col LIKE '%w%'` OR'd; paging 97-144), and the queries they end in
(`WhiteboardDaoJdbc.getJobs`, `getHosts`, `getProcs`). Every set field is one chunk, the
chunks are AND'ed; a list matches any of its values; an empty list adds nothing.

Older Cuebots differ, and a farm may run one: `lockStates` is in HostSearchCriteria only
since v1.8 (#1679, March 2025; v1.4.x, the first releases with the REST gateway, lack it,
and their gateway drops the field unread), and before #1076 (January 2022) `substr` was an
exact name. The simulator plays such a farm with `faults.unknown_fields`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from opencue_proto import host_pb2, job_pb2

from cuetui.sim import model as m
from cuetui.sim.rpc import RpcError

if TYPE_CHECKING:
    from cuetui.sim.farm import SimulatedFarm

JS = job_pb2.JobState


class BadRegex(RpcError):
    """PostgreSQL refuses the pattern of a `~` chunk; the read fails with its text (a 500)."""

    def __init__(self, pattern: str, why: str) -> None:
        super().__init__(
            2,
            "PreparedStatementCallback; SQL []; ERROR: invalid regular expression: "
            f"{why} ({pattern!r})",
        )


def regex_phrase(patterns: Iterable[str]) -> Callable[[str], bool] | None:
    """addRegexPhrase: `col ~ ?` (a search, case-sensitive) OR'd; None when no pattern."""
    compiled = []
    for p in set(patterns):
        try:
            compiled.append(re.compile(p))
        except re.error as exc:
            raise BadRegex(p, str(exc)) from None
    if not compiled:
        return None
    return lambda name: any(rx.search(name) for rx in compiled)


def like_to_regex(pattern: str) -> re.Pattern[str]:
    """A LIKE pattern as a whole-string regex: `%` any run, `_` one character, `\\` escapes."""
    out = []
    chars = iter(pattern)
    for c in chars:
        if c == "\\":
            # PostgreSQL: "LIKE pattern must not end with escape character"; the caller's
            # pattern always ends with its own `%`, so a lone backslash escapes that.
            out.append(re.escape(next(chars, "")))
        elif c == "%":
            out.append(".*")
        elif c == "_":
            out.append(".")
        else:
            out.append(re.escape(c))
    return re.compile("".join(out), re.DOTALL)


def like_phrase(words: Iterable[str]) -> Callable[[str], bool] | None:
    """addLikePhrase: `col LIKE '%' || w || '%'` (case-sensitive; `%` and `_` in w are
    wildcards) OR'd; None when no word."""
    compiled = [like_to_regex(f"%{w}%") for w in set(words)]
    if not compiled:
        return None
    return lambda name: any(rx.fullmatch(name) for rx in compiled)


def find_jobs(farm: SimulatedFarm, r: job_pb2.JobSearchCriteria) -> list[m.Job]:
    """JobSearch: ids (job.pk_job), jobs (exact str_name), substr (LIKE), regex (~), shots,
    shows, users (exact), and `job.str_state = 'PENDING'` unless include_finished; ordered
    by job.str_name (getJobs' ORDER BY)."""
    ids = set(r.ids)
    names = set(r.jobs)
    users = set(r.users)
    shots = set(r.shots)
    shows = set(r.shows)
    regex = regex_phrase(r.regex)
    substr = like_phrase(r.substr)
    out = []
    # By id (a client refreshing the rows it shows): no scan of the whole farm.
    jobs = [farm.jobs[i] for i in ids if i in farm.jobs] if ids else farm.jobs.values()
    for job in jobs:
        j = job.msg
        if not r.include_finished and j.state != JS.PENDING:
            continue
        if names and j.name not in names:
            continue
        if users and j.user not in users:
            continue
        if shots and j.shot not in shots:
            continue
        if shows and j.show not in shows:
            continue
        if regex and not regex(j.name):
            continue
        if substr and not substr(j.name):
            continue
        out.append(job)
    out.sort(key=lambda j: j.msg.name)
    return out


def find_hosts(farm: SimulatedFarm, r: host_pb2.HostSearchCriteria) -> list[m.Host]:
    """HostSearch: ids (host.pk_host), hosts (exact host.str_name), substr (LIKE), regex
    (~), allocs (exact alloc.str_name, the full `facility.alloc`), states
    (host_stat.str_state), lockStates (host.str_lock_state). getHosts has no ORDER BY (the
    database's order); the simulator answers by name."""
    ids, names, allocs = set(r.ids), set(r.hosts), set(r.allocs)
    states = set(r.states.state)
    locks = set(r.lock_states.state)
    regex = regex_phrase(r.regex)
    substr = like_phrase(r.substr)
    out = []
    hosts = [farm.hosts[i] for i in ids if i in farm.hosts] if ids else farm.hosts.values()
    for host in hosts:
        h = host.msg
        if names and h.name not in names:
            continue
        if allocs and h.alloc_name not in allocs:
            continue
        if states and h.state not in states:
            continue
        if locks and h.lock_state not in locks:
            continue
        if regex and not regex(h.name):
            continue
        if substr and not substr(h.name):
            continue
        out.append(host)
    out.sort(key=lambda h: h.msg.name)
    return out


def _proc_ranges(
    farm: SimulatedFarm, r: host_pb2.ProcSearchCriteria
) -> list[Callable[[m.Proc], bool]]:
    """ProcSearch's range chunks (the first of each repeated field only)."""
    tests: list[Callable[[m.Proc], bool]] = []
    if r.memory_range:  # proc.int_mem_reserved >= min AND <= max (KB)
        lo, hi = r.memory_range[0].min, r.memory_range[0].max
        tests.append(lambda p: lo <= p.msg.reserved_memory <= hi)
    for field in (r.memory_less_than, r.memory_greater_than):
        # Both are GreaterThanIntegerSearchCriterion in host.proto, so both mean ">= value":
        # memory_less_than is "at least" on a real Cuebot too.
        if field:
            tests.append(_at_least(field[0].value))
    if r.duration_range:  # find_duration(proc.ts_dispatched, null) BETWEEN min AND max
        lo_s, hi_s = r.duration_range[0].min, r.duration_range[0].max
        tests.append(lambda p: lo_s <= farm.now - p.msg.dispatch_time <= hi_s)
    return tests


def _at_least(least: int) -> Callable[[m.Proc], bool]:
    """A proc reserving at least `least` KB (a closure per field, not a default argument)."""
    return lambda p: p.msg.reserved_memory >= least


def find_procs(farm: SimulatedFarm, r: host_pb2.ProcSearchCriteria) -> list[m.Proc]:
    """ProcSearch: hosts, jobs, layers, shows, allocs by exact name (a layer name matches
    that layer in every job), the memory and duration ranges; ordered by host name then
    dispatch time; `first_result` counts from 1 (0 is 1) and `max_results[0]` rows from it."""
    hosts, jobs, layers = set(r.hosts), set(r.jobs), set(r.layers)
    shows, allocs = set(r.shows), set(r.allocs)
    ranges = _proc_ranges(farm, r)
    out = []
    for proc in farm.procs.values():
        p = proc.msg
        frame = proc.frame
        if hosts and proc.host.msg.name not in hosts:
            continue
        if jobs and p.job_name not in jobs:
            continue
        if layers and (frame is None or frame.layer.msg.name not in layers):
            continue
        if shows and p.show_name not in shows:
            continue
        if allocs and proc.host.alloc.msg.name not in allocs:
            continue
        if ranges and not all(test(proc) for test in ranges):
            continue
        out.append(proc)
    out.sort(key=lambda p: (p.host.msg.name, p.msg.dispatch_time))
    # setFirstResult(max(first, 1)), then `RN >= first AND RN < first + max`.
    first = max(r.first_result, 1)
    out = out[first - 1 :]
    if r.max_results and r.max_results[0] > 0:
        out = out[: r.max_results[0]]
    return out
