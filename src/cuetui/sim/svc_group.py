"""GroupInterface's moves, structure, cores and job defaults, and the nested whiteboard,
answered as Cuebot's ManageGroup does (reads and the GPU setters: svc_layer).

Every group is looked up by id (`groupDao.getGroup`): a miss is an uncaught 500. Cores arrive
as floats and are kept in whole cores (`Convert.coresToWholeCoreUnits` truncates); -1 means
no limit / no default. Refusals are GroupDaoJdbc's and the servant's own texts.
"""

from __future__ import annotations

from opencue_proto import job_pb2, show_pb2

from cuetui.sim import model as m
from cuetui.sim import views
from cuetui.sim.farm import SimulatedFarm
from cuetui.sim.rpc import internal, rpc
from cuetui.sim.svc_layer import group_of  # by id; a miss is a 500
from cuetui.sim.svc_show import show_of

G = "job.GroupInterface/"
UNSET = -1
ONE_CORE = 100
PENDING = job_pb2.JobState.PENDING
# ManageGroup.delete replaces whatever GroupDao threw with this text.
DELETE_REFUSED = (
    "Failed to remove group, be sure that there are no jobs or filter actions "
    "pointing at the group."
)
DUPLICATE = (
    "org.springframework.dao.DuplicateKeyException: duplicate key value violates unique "
    'constraint "c_folder_uk"'
)
TOO_LONG = (
    "org.springframework.dao.DataIntegrityViolationException: "
    "value too long for type character varying(36)"
)
ILLEGAL = "java.lang.IllegalArgumentException: "


def core_units(cores: float) -> int:
    """Convert.coresToWholeCoreUnits: -1 stays -1, else truncated to whole cores (x100)."""
    if cores == UNSET:
        return UNSET
    return int((cores * 100.0 + 0.5) / 100) * 100


def _cores(units: int) -> float:
    return float(UNSET) if units == UNSET else units / 100.0


def _check_name(group: m.Group | None, parent: m.Group | None, name: str) -> None:
    if len(name) > 36:
        raise internal(TOO_LONG)
    siblings = parent.children if parent is not None else []
    if any(g.msg.name == name and g is not group for g in siblings):
        raise internal(DUPLICATE)


# -- reads -------------------------------------------------------------------------------


def _nested(group: m.Group) -> job_pb2.NestedGroup:
    """NestedWhiteboardDao: stats and jobs of the group's own pending jobs, jobs inline."""
    g = group.msg
    pending = [j for j in group.jobs if j.msg.state == PENDING]
    stats = job_pb2.GroupStats(
        pending_jobs=len(pending),
        running_frames=sum(j.stats.states[m.RUNNING] + j.stats.states[m.SETUP] for j in pending),
        dead_frames=sum(j.stats.states[m.DEAD] for j in pending),
        depend_frames=sum(j.stats.states[m.DEPEND] for j in pending),
        waiting_frames=sum(j.stats.states[m.WAITING] for j in pending),
        reserved_cores=sum(j.stats.reserved_cores for j in pending),
    )
    nested = job_pb2.NestedGroup(
        id=g.id, name=g.name, department=g.department,
        default_job_priority=g.default_job_priority,
        default_job_min_cores=g.default_job_min_cores,
        default_job_max_cores=g.default_job_max_cores,
        min_cores=g.min_cores, max_cores=g.max_cores, level=g.level, stats=stats,
        default_job_min_gpus=g.default_job_min_gpus, default_job_max_gpus=g.default_job_max_gpus,
        min_gpus=g.min_gpus, max_gpus=g.max_gpus,
    )  # fmt: skip
    nested.jobs.extend(j.msg.id for j in pending)
    nested.inline_jobs.extend(views.job_msg(j) for j in pending)
    for child in group.children:
        sub = _nested(child)
        # Cuebot sets each child's parent: the parent without its subgroups.
        parent = job_pb2.NestedGroup()
        parent.CopyFrom(nested)
        sub.parent.CopyFrom(parent)
        nested.groups.nested_groups.append(sub)
    return nested


# Cuebot sends the jobs inline and each group's stats of its own jobs only.
@rpc("show.ShowInterface/GetJobWhiteboard")
def job_whiteboard(farm: SimulatedFarm, req):
    show = show_of(farm, req.show)
    assert show.root is not None
    return show_pb2.ShowGetJobWhiteboardResponse(whiteboard=_nested(show.root))


# -- moves and structure -----------------------------------------------------------------


@rpc(G + "ReparentJobs")
def reparent_jobs(farm: SimulatedFarm, req):
    group = group_of(farm, req.group)
    d = group.msg
    for ref in req.jobs.jobs:
        job = farm.jobs.get(ref.id)
        if job is None:
            raise internal()  # jobDao.getJob: the jobs before this one stay moved
        if job.show is not group.show:
            raise internal(
                "com.imageworks.spcue.EntityModificationError: error moving job, "
                "cannot move jobs between shows"
            )
        job.group.jobs.remove(job)
        group.jobs.append(job)
        job.group = group
        job.msg.group = d.name
        # Inherit.All: the group's job defaults that are set.
        if d.default_job_priority != UNSET:
            job.msg.priority = d.default_job_priority
        if d.default_job_min_cores != UNSET:
            job.msg.min_cores = d.default_job_min_cores
        if d.default_job_max_cores != UNSET:
            job.msg.max_cores = d.default_job_max_cores
    return job_pb2.GroupReparentJobsResponse()


def _new_id(farm: SimulatedFarm, show: m.Show, name: str) -> str:
    n = 0
    while True:
        gid = farm.new_id("group", f"{show.msg.name}/{name}#{n}")
        if gid not in farm.groups:
            return gid
        n += 1


@rpc(G + "CreateSubGroup")
def create_subgroup(farm: SimulatedFarm, req):
    parent = group_of(farm, req.group)
    _check_name(None, parent, req.name)
    # folder's column defaults: no job defaults, no min, no max; the default department.
    msg = job_pb2.Group(
        id=_new_id(farm, parent.show, req.name), name=req.name, department="Unknown",
        default_job_priority=UNSET, default_job_min_cores=UNSET, default_job_max_cores=UNSET,
        min_cores=0, max_cores=UNSET, level=parent.msg.level + 1, parent_id=parent.msg.id,
        default_job_min_gpus=UNSET, default_job_max_gpus=UNSET, min_gpus=0, max_gpus=UNSET,
    )  # fmt: skip
    group = m.Group(msg, parent.show, parent)
    farm.groups[msg.id] = group
    parent.children.append(group)
    return job_pb2.GroupCreateSubGroupResponse(group=views.group_msg(group))


@rpc(G + "SetName")
def set_name(farm: SimulatedFarm, req):
    group = group_of(farm, req.group)
    _check_name(group, group.parent, req.name)
    group.msg.name = req.name
    for job in group.jobs:
        job.msg.group = req.name  # a job's group name is read from its folder
    return job_pb2.GroupSetNameResponse()


@rpc(G + "Delete")
def delete(farm: SimulatedFarm, req):
    group = group_of(farm, req.group)
    if group.children or any(j.msg.state == PENDING for j in group.jobs):
        raise internal(DELETE_REFUSED)
    root = group.show.root
    if group.parent is None or root is None:
        return job_pb2.GroupDeleteResponse()  # the root group: "pk_parent_folder IS NOT NULL"
    for job in list(group.jobs):  # finished jobs go to the root group
        root.jobs.append(job)
        job.group = root
        job.msg.group = root.msg.name
    group.jobs.clear()
    group.parent.children.remove(group)
    del farm.groups[group.msg.id]
    return job_pb2.GroupDeleteResponse()


# -- cores and job defaults --------------------------------------------------------------


@rpc(G + "SetMinCores")
def set_min_cores(farm: SimulatedFarm, req):
    group = group_of(farm, req.group)
    units = max(0, core_units(req.min_cores))
    group.msg.min_cores = units / 100.0
    return job_pb2.GroupSetMinCoresResponse()


@rpc(G + "SetMaxCores")
def set_max_cores(farm: SimulatedFarm, req):
    group = group_of(farm, req.group)
    units = core_units(req.max_cores)
    if units < 0:
        units = UNSET
    if units < ONE_CORE and units != UNSET:
        raise internal(
            f"{ILLEGAL}The group max cores feature must be a whole core or greater, "
            f"pass in: {units}"
        )
    group.msg.max_cores = _cores(units)
    return job_pb2.GroupSetMaxCoresResponse()


@rpc(G + "SetDefaultJobPriority")
def set_default_job_priority(farm: SimulatedFarm, req):
    group = group_of(farm, req.group)
    group.msg.default_job_priority = UNSET if req.priority < 0 else req.priority
    for job in group.jobs:  # jobDao.updatePriority(group, priority): the value as sent
        job.msg.priority = req.priority
    return job_pb2.GroupSetDefJobPriorityResponse()


def _job_default(field: str, what: str, response):
    def handler(farm: SimulatedFarm, req):
        group = group_of(farm, req.group)
        sent = core_units(getattr(req, field))
        units = UNSET if sent <= 0 else sent
        if units < ONE_CORE and units != UNSET:
            raise internal(
                f"{ILLEGAL}The default {what} cores for a job must be greater than a single core"
            )
        setattr(group.msg, f"default_job_{field}", _cores(units))
        if sent != UNSET:  # GroupManagerService: the jobs get the value as sent, 0 too
            for job in group.jobs:
                setattr(job.msg, field, sent / 100.0)
        return response()

    return handler


rpc(G + "SetDefaultJobMinCores")(
    _job_default("min_cores", "min", job_pb2.GroupSetDefJobMinCoresResponse)
)
rpc(G + "SetDefaultJobMaxCores")(
    _job_default("max_cores", "max", job_pb2.GroupSetDefJobMaxCoresResponse)
)
