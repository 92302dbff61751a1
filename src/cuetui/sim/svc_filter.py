"""Job filters, answered as Cuebot's ManageFilter, ManageMatcher, ManageAction and ManageShow
do (FilterDaoJdbc, FilterManagerService).

Filters, matchers and actions are found by id; a miss is an uncaught 500. Order is a float
renumbered 1, 2, 3... by `reorder_filters` after every insert, move and delete. CreateFilter
answers with `findFilter(show, name)`: a duplicate name is stored, then answered 500. Delete
runs on the manage queue (`farm.later`). RunFilterOnJobs runs the filter on each job by id,
enabled or not: matchers against the job's lower-cased name, show, shot and user (the input
as stored), then each action, as FilterManagerService.applyAction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from opencue_proto import filter_pb2, job_pb2, show_pb2

from cuetui.sim import model as m
from cuetui.sim.farm import SimulatedFarm
from cuetui.sim.rpc import JAVA_EMPTY_RESULT, internal, not_found, rpc
from cuetui.sim.svc_show import show_of

F = "filter.FilterInterface/"
FT = filter_pb2.FilterType
AT = filter_pb2.ActionType
VT = filter_pb2.ActionValueType
MS = filter_pb2.MatchSubject
MT = filter_pb2.MatchType
LT = job_pb2.LayerType
TOO_MANY = "org.springframework.dao.IncorrectResultSizeDataAccessException: " + (
    "Incorrect result size: expected 1, actual {n}"
)


@dataclass(eq=False, slots=True)
class SimFilter:
    msg: filter_pb2.Filter
    show: m.Show
    matchers: list[filter_pb2.Matcher] = field(default_factory=list)
    actions: list[filter_pb2.Action] = field(default_factory=list)


def filters(farm: SimulatedFarm) -> dict[str, SimFilter]:
    """The farm's filters by id (kept on the farm; made empty on first use)."""
    state = getattr(farm, "filters", None)
    if state is None:
        state = {}
        farm.filters = state  # type: ignore[attr-defined]
    return state


def _of(farm: SimulatedFarm, fid: str) -> SimFilter:
    flt = filters(farm).get(fid)
    if flt is None:
        raise internal()
    return flt


def _show_filters(farm: SimulatedFarm, show: m.Show) -> list[SimFilter]:
    return sorted((f for f in filters(farm).values() if f.show is show), key=lambda f: f.msg.order)


def _reorder(farm: SimulatedFarm, show: m.Show) -> None:
    """reorder_filters(show): 1, 2, 3... in the order of f_order."""
    for n, flt in enumerate(_show_filters(farm, show), start=1):
        flt.msg.order = float(n)


def add_filter(farm: SimulatedFarm, show: m.Show, name: str, type_: int) -> SimFilter:
    """FilterDaoJdbc.insertFilter: last in order (MAX + 1), enabled (the column's default)."""
    n = len(filters(farm))
    fid = farm.new_id("filter", f"{show.msg.name}/{name}#{n}")
    orders = [f.msg.order for f in _show_filters(farm, show)]
    msg = filter_pb2.Filter(
        id=fid, name=name, type=type_, order=(max(orders) + 1) if orders else 1, enabled=True
    )
    flt = SimFilter(msg, show)
    filters(farm)[fid] = flt
    _reorder(farm, show)
    return flt


def _add_matcher(farm: SimulatedFarm, flt: SimFilter, data: filter_pb2.Matcher):
    msg = filter_pb2.Matcher()
    msg.CopyFrom(data)
    msg.id = farm.new_id("matcher", f"{flt.msg.id}#{len(flt.matchers)}#{farm.ticks}")
    flt.matchers.append(msg)
    return msg


def _add_action(farm: SimulatedFarm, flt: SimFilter, data: filter_pb2.Action):
    msg = filter_pb2.Action()
    msg.CopyFrom(data)
    msg.id = farm.new_id("action", f"{flt.msg.id}#{len(flt.actions)}#{farm.ticks}")
    flt.actions.append(msg)
    return msg


def _matcher(subject: int, type_: int, text: str) -> filter_pb2.Matcher:
    return filter_pb2.Matcher(subject=subject, type=type_, input=text)


def seed_filters(farm: SimulatedFarm) -> None:
    """Three filters per show, the third disabled (deterministic: ids from names)."""
    A = filter_pb2.Action
    for show in list(farm.shows.values()):
        name = show.msg.name
        comp = next((g for g in farm.groups.values() if g.msg.name == f"{name}_comp"), None)
        f1 = add_filter(farm, show, "comp jobs to comp", FT.MATCH_ALL)
        _add_matcher(farm, f1, _matcher(MS.JOB_NAME, MT.CONTAINS, "comp"))
        if comp is not None:
            move = A(type=AT.MOVE_JOB_TO_GROUP, value_type=VT.GROUP_TYPE, group_value=comp.msg.id)
            _add_action(farm, f1, move)
        f2 = add_filter(farm, show, "fx sims low priority", FT.MATCH_ANY)
        _add_matcher(farm, f2, _matcher(MS.JOB_NAME, MT.CONTAINS, "sim"))
        _add_matcher(farm, f2, _matcher(MS.LAYER_NAME, MT.IS, "sim"))
        prio = A(type=AT.SET_JOB_PRIORITY, value_type=VT.INTEGER_TYPE, integer_value=10)
        _add_action(farm, f2, prio)
        f3 = add_filter(farm, show, "hold sh9 shots", FT.MATCH_ANY)
        f3.msg.enabled = False
        _add_matcher(farm, f3, _matcher(MS.SHOT, MT.BEGINS_WITH, "sh9"))
        _add_action(farm, f3, A(type=AT.PAUSE_JOB, value_type=VT.BOOLEAN_TYPE, boolean_value=True))


# -- ShowInterface ---------------------------------------------------------------------


@rpc("show.ShowInterface/GetFilters")
def get_filters(farm: SimulatedFarm, req):
    show = show_of(farm, req.show)
    seq = filter_pb2.FilterSeq(filters=[f.msg for f in _show_filters(farm, show)])
    return show_pb2.ShowGetFiltersResponse(filters=seq)


def _find(farm: SimulatedFarm, show: m.Show, name: str, miss) -> SimFilter:
    found = [f for f in _show_filters(farm, show) if f.msg.name == name]
    if not found:
        raise miss
    if len(found) > 1:
        raise internal(TOO_MANY.format(n=len(found)))
    return found[0]


@rpc("show.ShowInterface/CreateFilter")
def create_filter(farm: SimulatedFarm, req):
    show = show_of(farm, req.show)
    add_filter(farm, show, req.name, FT.MATCH_ALL)  # ManageShow.createFilter: MATCH_ALL
    flt = _find(farm, show, req.name, internal())
    return show_pb2.ShowCreateFilterResponse(filter=flt.msg)


@rpc("show.ShowInterface/FindFilter")
def show_find_filter(farm: SimulatedFarm, req):
    flt = _find(farm, show_of(farm, req.show), req.name, internal())
    return show_pb2.ShowFindFilterResponse(filter=flt.msg)


# -- FilterInterface -------------------------------------------------------------------


@rpc(F + "GetMatchers")
def get_matchers(farm: SimulatedFarm, req):
    flt = _of(farm, req.filter.id)
    seq = filter_pb2.MatcherSeq(matchers=flt.matchers)
    return filter_pb2.FilterGetMatchersResponse(matchers=seq)


@rpc(F + "GetActions")
def get_actions(farm: SimulatedFarm, req):
    flt = _of(farm, req.filter.id)
    return filter_pb2.FilterGetActionsResponse(actions=filter_pb2.ActionSeq(actions=flt.actions))


@rpc(F + "SetEnabled")
def set_enabled(farm: SimulatedFarm, req):
    _of(farm, req.filter.id).msg.enabled = req.enabled
    return filter_pb2.FilterSetEnabledResponse()


@rpc(F + "SetName")
def set_name(farm: SimulatedFarm, req):
    _of(farm, req.filter.id).msg.name = req.name
    return filter_pb2.FilterSetNameResponse()


@rpc(F + "SetType")
def set_type(farm: SimulatedFarm, req):
    _of(farm, req.filter.id).msg.type = req.type
    return filter_pb2.FilterSetTypeResponse()


def _move(farm: SimulatedFarm, fid: str, order) -> None:
    flt = _of(farm, fid)
    flt.msg.order = order(flt.msg.order)
    _reorder(farm, flt.show)


@rpc(F + "SetOrder")
def set_order(farm: SimulatedFarm, req):
    _move(farm, req.filter.id, lambda _: req.order - 0.1)
    return filter_pb2.FilterSetOrderResponse()


@rpc(F + "OrderFirst")
def order_first(farm: SimulatedFarm, req):
    _move(farm, req.filter.id, lambda _: 0 - 0.1)
    return filter_pb2.FilterOrderFirstResponse()


@rpc(F + "OrderLast")
def order_last(farm: SimulatedFarm, req):
    _move(farm, req.filter.id, lambda _: 9999 - 0.1)
    return filter_pb2.FilterOrderLastResponse()


@rpc(F + "RaiseOrder")
def raise_order(farm: SimulatedFarm, req):
    _move(farm, req.filter.id, lambda o: o - 1.1)
    return filter_pb2.FilterRaiseOrderResponse()


@rpc(F + "LowerOrder")
def lower_order(farm: SimulatedFarm, req):
    _move(farm, req.filter.id, lambda o: o + 1.1)
    return filter_pb2.FilterLowerOrderResponse()


@rpc(F + "Delete")
def delete(farm: SimulatedFarm, req):
    flt = _of(farm, req.filter.id)

    def run() -> None:
        if filters(farm).pop(flt.msg.id, None) is not None:
            _reorder(farm, flt.show)

    farm.later(run)
    return filter_pb2.FilterDeleteResponse()


@rpc(F + "FindFilter")
def find_filter(farm: SimulatedFarm, req):
    show = next((s for s in farm.shows.values() if s.msg.name == req.show), None)
    if show is None:
        raise internal()
    flt = _find(farm, show, req.name, not_found(JAVA_EMPTY_RESULT))
    return filter_pb2.FilterFindFilterResponse(filter=flt.msg)


@rpc(F + "CreateMatcher")
def create_matcher(farm: SimulatedFarm, req):
    matcher = _add_matcher(farm, _of(farm, req.filter.id), req.data)
    return filter_pb2.FilterCreateMatcherResponse(matcher=matcher)


@rpc(F + "CreateAction")
def create_action(farm: SimulatedFarm, req):
    action = _add_action(farm, _of(farm, req.filter.id), req.data)
    return filter_pb2.FilterCreateActionResponse(action=action)


def _owner(farm: SimulatedFarm, kind: str, eid: str):
    for flt in filters(farm).values():
        for item in getattr(flt, kind):
            if item.id == eid:
                return flt, item
    raise internal()


@rpc("filter.MatcherInterface/Commit")
def matcher_commit(farm: SimulatedFarm, req):
    _, matcher = _owner(farm, "matchers", req.matcher.id)
    matcher.subject, matcher.type, matcher.input = (
        req.matcher.subject, req.matcher.type, req.matcher.input,
    )  # fmt: skip
    return filter_pb2.MatcherCommitResponse()


@rpc("filter.MatcherInterface/Delete")
def matcher_delete(farm: SimulatedFarm, req):
    flt, matcher = _owner(farm, "matchers", req.matcher.id)
    flt.matchers.remove(matcher)
    return filter_pb2.MatcherDeleteResponse()


@rpc("filter.ActionInterface/Commit")
def action_commit(farm: SimulatedFarm, req):
    try:
        _, action = _owner(farm, "actions", req.action.id)
    except Exception:
        raise internal(f"Invalid actionId on Action commit: {req.action.id}") from None
    action.CopyFrom(req.action)
    return filter_pb2.ActionCommitResponse()


@rpc("filter.ActionInterface/Delete")
def action_delete(farm: SimulatedFarm, req):
    flt, action = _owner(farm, "actions", req.action.id)
    flt.actions.remove(action)
    return filter_pb2.ActionDeleteResponse()


# -- running a filter ------------------------------------------------------------------


def _text_match(kind: int, pattern: str, value: str) -> bool:
    if kind == MT.CONTAINS:
        return pattern in value
    if kind == MT.DOES_NOT_CONTAIN:
        return pattern not in value
    if kind == MT.IS:
        return value == pattern
    if kind == MT.IS_NOT:
        return value != pattern
    if kind == MT.BEGINS_WITH:
        return value.startswith(pattern)
    if kind == MT.ENDS_WITH:
        return value.endswith(pattern)
    if kind == MT.REGEX:
        try:
            return re.search(pattern, value) is not None
        except re.error:
            return False
    return False


def _matches(job: m.Job, matcher: filter_pb2.Matcher) -> bool:
    j = job.msg
    subject = matcher.subject
    if subject == MS.PRIORITY:
        try:
            wanted = int(matcher.input)
        except ValueError:
            return False
        return _text_match(matcher.type, str(wanted), str(j.priority))
    if subject in (MS.LAYER_NAME, MS.SERVICE_NAME):
        values = [
            name
            for layer in job.layers
            for name in ([layer.msg.name] if subject == MS.LAYER_NAME else layer.msg.services)
        ]
        return any(_text_match(matcher.type, matcher.input, v) for v in values)
    value = {
        MS.JOB_NAME: j.name.lower(),
        MS.SHOW: j.show.lower(),
        MS.SHOT: j.shot.lower(),
        MS.USER: j.user.lower(),
        MS.FACILITY: j.facility,
    }.get(subject, "")
    return _text_match(matcher.type, matcher.input, value)


def filter_matches(flt: SimFilter, job: m.Job) -> bool:
    """FilterManagerService.match: no matchers never match; ALL needs each, ANY one."""
    if not flt.matchers:
        return False
    hits = [_matches(job, mt) for mt in flt.matchers]
    return all(hits) if flt.msg.type == FT.MATCH_ALL else any(hits)


_LAYER_ACTIONS = {
    AT.SET_ALL_RENDER_LAYER_TAGS: (LT.RENDER, "tags"),
    AT.SET_ALL_RENDER_LAYER_MEMORY: (LT.RENDER, "min_memory"),
    AT.SET_ALL_RENDER_LAYER_CORES: (LT.RENDER, "min_cores"),
    AT.SET_ALL_RENDER_LAYER_MIN_CORES: (LT.RENDER, "min_cores"),
    AT.SET_ALL_RENDER_LAYER_MAX_CORES: (LT.RENDER, "max_cores"),
    AT.SET_ALL_UTIL_LAYER_TAGS: (LT.UTIL, "tags"),
    AT.SET_ALL_UTIL_LAYER_MEMORY: (LT.UTIL, "min_memory"),
    AT.SET_ALL_UTIL_LAYER_MIN_CORES: (LT.UTIL, "min_cores"),
    AT.SET_ALL_UTIL_LAYER_MAX_CORES: (LT.UTIL, "max_cores"),
    AT.SET_ALL_PRE_LAYER_TAGS: (LT.PRE, "tags"),
    AT.SET_ALL_PRE_LAYER_MEMORY: (LT.PRE, "min_memory"),
    AT.SET_ALL_PRE_LAYER_MIN_CORES: (LT.PRE, "min_cores"),
    AT.SET_ALL_PRE_LAYER_MAX_CORES: (LT.PRE, "max_cores"),
}


def _move_job(farm: SimulatedFarm, job: m.Job, gid: str) -> None:
    group = farm.groups.get(gid)
    if group is None or group.show is not job.show or group is job.group:
        return
    job.group.jobs.remove(job)
    group.jobs.append(job)
    job.group = group
    job.msg.group = group.msg.name
    d = group.msg  # reparentJob with Inherit.All: the group's job defaults that are set
    if d.default_job_priority != -1:
        job.msg.priority = d.default_job_priority
    if d.default_job_min_cores != -1:
        job.msg.min_cores = d.default_job_min_cores
    if d.default_job_max_cores != -1:
        job.msg.max_cores = d.default_job_max_cores


def apply_action(farm: SimulatedFarm, job: m.Job, action: filter_pb2.Action) -> None:
    t = action.type
    if t == AT.MOVE_JOB_TO_GROUP:
        _move_job(farm, job, action.group_value)
    elif t == AT.PAUSE_JOB:
        job.msg.is_paused = action.boolean_value
    elif t == AT.SET_JOB_PRIORITY:
        job.msg.priority = action.integer_value
    elif t == AT.SET_JOB_MIN_CORES:
        job.msg.min_cores = action.float_value
    elif t == AT.SET_JOB_MAX_CORES:
        job.msg.max_cores = action.float_value
    elif t == AT.SET_MEMORY_OPTIMIZER:
        for layer in job.layers:
            layer.msg.memory_optimizer_enabled = action.boolean_value
    elif t in _LAYER_ACTIONS:
        ltype, fname = _LAYER_ACTIONS[t]
        for layer in (lay for lay in job.layers if lay.msg.type == ltype):
            if fname == "tags":
                del layer.msg.tags[:]
                layer.msg.tags.extend(
                    x.strip() for x in action.string_value.split("|") if x.strip()
                )
            elif fname == "min_memory":
                layer.msg.min_memory = action.integer_value
            else:
                setattr(layer.msg, fname, action.float_value)


@rpc(F + "RunFilterOnJobs")
def run_on_jobs(farm: SimulatedFarm, req):
    flt = _of(farm, req.filter.id)
    for ref in req.jobs.jobs:
        job = farm.jobs.get(ref.id)
        if job is None:
            raise internal()  # jobDao.getJobDetail: the jobs before it were filtered
        if filter_matches(flt, job):
            for action in flt.actions:
                apply_action(farm, job, action)
    return filter_pb2.FilterRunFilterOnJobsResponse()
