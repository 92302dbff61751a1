"""job.LayerInterface, job.FrameInterface and job.GroupInterface (ManageLayer/Frame/Group).

Actions on a missing layer, frame or group fail with INTERNAL and a Java exception text, as
Cuebot's servants let the DAO's EmptyResultDataAccessException escape; lookups are NOT_FOUND.
"""

from __future__ import annotations

from google.protobuf import symbol_database
from opencue_proto import depend_pb2, job_pb2

from cuetui.sim import model as m
from cuetui.sim import views
from cuetui.sim.farm import SimulatedFarm
from cuetui.sim.rpc import RpcError, internal, not_found, rpc
from cuetui.sim.svc_job import find_job_by_name, job_seq, reorder_layer

L = "job.LayerInterface/"
F = "job.FrameInterface/"
G = "job.GroupInterface/"


def layer_of(farm: SimulatedFarm, ref: job_pb2.Layer) -> m.Layer:
    layer = farm.layers.get(ref.id)
    if layer is None:
        raise internal()
    return layer


def frame_of(farm: SimulatedFarm, ref: job_pb2.Frame) -> m.Frame:
    frame = farm.frames.get(ref.id)
    if frame is None:
        raise internal()
    return frame


def group_of(farm: SimulatedFarm, ref: job_pb2.Group) -> m.Group:
    group = farm.groups.get(ref.id)
    if group is None:
        raise internal()
    return group


# ---------------------------------------------------------------------- layers
@rpc(L + "GetLayer")
def get_layer(farm: SimulatedFarm, req):
    layer = farm.layers.get(req.id)
    if layer is None:
        raise not_found()
    return job_pb2.LayerGetLayerResponse(layer=views.layer_msg(layer))


@rpc(L + "FindLayer")
def find_layer(farm: SimulatedFarm, req: job_pb2.LayerFindLayerRequest):
    job = find_job_by_name(farm, req.job)
    layer = next((la for la in job.layers if la.msg.name == req.layer), None) if job else None
    if layer is None:
        raise not_found()
    return job_pb2.LayerFindLayerResponse(layer=views.layer_msg(layer))


@rpc(L + "GetFrames")
def layer_get_frames(farm: SimulatedFarm, req: job_pb2.LayerGetFramesRequest):
    layer = layer_of(farm, req.layer)
    frames = views.page_frames(farm, layer.job, req.s, layer)
    return job_pb2.LayerGetFramesResponse(frames=job_pb2.FrameSeq(frames=[f.msg for f in frames]))


@rpc(L + "KillFrames")
def layer_kill_frames(farm: SimulatedFarm, req):
    layer = layer_of(farm, req.layer)

    def kill() -> None:
        for frame in list(layer.frames):
            farm.kill_running(frame)

    farm.later(kill)
    return job_pb2.LayerKillFramesResponse()


@rpc(L + "RetryFrames")
def layer_retry_frames(farm: SimulatedFarm, req):
    # Cuebot retries every frame of the layer (a FrameSearch on the layer alone).
    layer = layer_of(farm, req.layer)

    def retry() -> None:
        for frame in list(layer.frames):
            farm.retry_frame(frame)

    farm.later(retry)
    return job_pb2.LayerRetryFramesResponse()


@rpc(L + "EatFrames")
def layer_eat_frames(farm: SimulatedFarm, req):
    layer = layer_of(farm, req.layer)

    def eat() -> None:
        for frame in list(layer.frames):
            farm.eat_frame(frame)

    farm.later(eat)
    return job_pb2.LayerEatFramesResponse()


@rpc(L + "MarkdoneFrames")
def layer_markdone(farm: SimulatedFarm, req):
    layer = layer_of(farm, req.layer)
    for dep in list(farm.deps_on.get(layer.msg.id, ())):
        farm.satisfy(dep)
    for frame in layer.frames:
        for dep in list(farm.deps_on.get(frame.msg.id, ())):
            farm.satisfy(dep)
    return job_pb2.LayerMarkdoneFramesResponse()


@rpc(L + "SetTags")
def layer_set_tags(farm: SimulatedFarm, req):
    layer = layer_of(farm, req.layer)
    del layer.msg.tags[:]
    layer.msg.tags.extend(req.tags)
    return job_pb2.LayerSetTagsResponse()


def _layer_setter(field: str, req_field: str, response):
    def handler(farm: SimulatedFarm, req):
        setattr(layer_of(farm, req.layer).msg, field, getattr(req, req_field))
        return response()

    return handler


for _m, _f, _r in (
    ("SetMinCores", "min_cores", "cores"),
    ("SetMaxCores", "max_cores", "cores"),
    ("SetMinMemory", "min_memory", "memory"),
    ("SetMinGpuMemory", "min_gpu_memory", "gpu_memory"),
    ("SetThreadable", "is_threadable", "threadable"),
    ("SetMinGpus", "min_gpus", "min_gpus"),
    ("SetMaxGpus", "max_gpus", "max_gpus"),
    ("SetTimeout", "timeout", "timeout"),
    ("SetTimeoutLLU", "timeout_llu", "timeout_llu"),
):
    _resp = getattr(job_pb2, f"Layer{_m}Response", None)
    if _resp is not None and _r in getattr(job_pb2, f"Layer{_m}Request").DESCRIPTOR.fields_by_name:
        rpc(L + _m)(_layer_setter(_f, _r, _resp))


@rpc(L + "ReorderFrames")
def layer_reorder(farm: SimulatedFarm, req):
    layer = layer_of(farm, req.layer)
    reorder_layer(farm, layer, views.parse_frame_set(req.range) or set(), req.order)
    return job_pb2.LayerReorderFramesResponse()


@rpc(L + "GetOutputPaths")
def layer_output_paths(farm: SimulatedFarm, req):
    layer = layer_of(farm, req.layer)
    job = layer.job.msg
    path = f"/shots/{job.show}/{job.shot}/render/{job.name}/{layer.msg.name}/#.exr"
    return job_pb2.LayerGetOutputPathsResponse(output_paths=[path])


@rpc(L + "GetWhatThisDependsOn")
def layer_what_this_depends_on(farm: SimulatedFarm, req):
    layer = layer_of(farm, req.layer)
    deps = [
        d
        for d in farm.deps_er.get(layer.job.msg.id, [])
        if d.msg.active and d.er_frames and d.er_frames[0].layer is layer
    ]
    return job_pb2.LayerGetWhatThisDependsOnResponse(
        depends=depend_pb2.DependSeq(depends=[d.msg for d in deps])
    )


@rpc(L + "GetWhatDependsOnThis")
def layer_what_depends_on_this(farm: SimulatedFarm, req):
    layer = layer_of(farm, req.layer)
    deps = [d for d in farm.deps_on.get(layer.msg.id, []) if d.msg.active]
    return job_pb2.LayerGetWhatDependsOnThisResponse(
        depends=depend_pb2.DependSeq(depends=[d.msg for d in deps])
    )


# ---------------------------------------------------------------------- frames
@rpc(F + "GetFrame")
def get_frame(farm: SimulatedFarm, req):
    frame = farm.frames.get(req.id)
    if frame is None:
        raise not_found()
    return job_pb2.FrameGetFrameResponse(frame=frame.msg)


@rpc(F + "FindFrame")
def find_frame(farm: SimulatedFarm, req: job_pb2.FrameFindFrameRequest):
    job = find_job_by_name(farm, req.job)
    if job is not None:
        for frame in job.frames:
            if frame.msg.layer_name == req.layer and frame.msg.number == req.frame:
                return job_pb2.FrameFindFrameResponse(frame=frame.msg)
    raise not_found()


@rpc(F + "Retry")
def frame_retry(farm: SimulatedFarm, req):
    frame = frame_of(farm, req.frame)
    farm.later(lambda: farm.retry_frame(frame))
    return job_pb2.FrameRetryResponse()


@rpc(F + "Eat")
def frame_eat(farm: SimulatedFarm, req):
    frame = frame_of(farm, req.frame)
    farm.later(lambda: farm.eat_frame(frame))
    return job_pb2.FrameEatResponse()


@rpc(F + "Kill")
def frame_kill(farm: SimulatedFarm, req):
    frame = frame_of(farm, req.frame)
    farm.later(lambda: farm.kill_running(frame))
    return job_pb2.FrameKillResponse()


@rpc(F + "MarkAsWaiting")
def frame_mark_waiting(farm: SimulatedFarm, req):
    farm.mark_waiting(frame_of(farm, req.frame))
    return job_pb2.FrameMarkAsWaitingResponse()


@rpc(F + "DropDepends")
def frame_drop_depends(farm: SimulatedFarm, req):
    frame = frame_of(farm, req.frame)
    for dep in list(farm.deps_er.get(frame.job.msg.id, ())):
        if frame in dep.er_frames:
            farm.satisfy(dep)
    return job_pb2.FrameDropDependsResponse()


@rpc(F + "GetWhatThisDependsOn")
def frame_what_this_depends_on(farm: SimulatedFarm, req):
    # WhiteboardDaoJdbc.getWhatThisDependsOn(frame): the job's, layer's and frame's own
    # depends that hold it, with no b_active filter (satisfied ones too).
    frame = frame_of(farm, req.frame)
    deps = [d for d in farm.deps_er.get(frame.job.msg.id, []) if frame in d.er_frames]
    return job_pb2.FrameGetWhatThisDependsOnResponse(
        depends=depend_pb2.DependSeq(depends=[d.msg for d in deps])
    )


@rpc(F + "GetWhatDependsOnThis")
def frame_what_depends_on_this(farm: SimulatedFarm, req):
    frame = frame_of(farm, req.frame)
    deps = [d for d in farm.deps_on.get(frame.msg.id, []) if d.msg.active]
    return job_pb2.FrameGetWhatDependsOnThisResponse(
        depends=depend_pb2.DependSeq(depends=[d.msg for d in deps])
    )


# ---------------------------------------------------------------------- groups
@rpc(G + "GetGroup")
def get_group(farm: SimulatedFarm, req):
    group = farm.groups.get(req.id)
    if group is None:
        raise not_found()
    return job_pb2.GroupGetGroupResponse(group=views.group_msg(group))


@rpc(G + "FindGroup")
def find_group(farm: SimulatedFarm, req):
    for group in farm.groups.values():
        if group.show.msg.name == req.show and group.msg.name == req.name:
            return job_pb2.GroupFindGroupResponse(group=views.group_msg(group))
    raise not_found()


@rpc(G + "GetJobs")
def group_get_jobs(farm: SimulatedFarm, req):
    group = group_of(farm, req.group)
    jobs = [j for j in group.jobs if j.msg.state == job_pb2.JobState.PENDING]
    return job_pb2.GroupGetJobsResponse(jobs=job_seq(jobs))


@rpc(G + "GetGroups")
def group_get_groups(farm: SimulatedFarm, req):
    group = group_of(farm, req.group)
    return job_pb2.GroupGetGroupsResponse(
        groups=job_pb2.GroupSeq(groups=[views.group_msg(g) for g in group.children])
    )


# The GPU and department setters; names, cores, job defaults, moves and deletes are
# svc_group's (with Cuebot's checks).
def _group_setter(field: str, req_field: str, response):
    def handler(farm: SimulatedFarm, req):
        setattr(group_of(farm, req.group).msg, field, getattr(req, req_field))
        return response()

    return handler


for _m, _f, _r in (
    ("SetDefaultJobMaxGpus", "default_job_max_gpus", "max_gpus"),
    ("SetDefaultJobMinGpus", "default_job_min_gpus", "min_gpus"),
    ("SetDepartment", "department", "dept"),
    ("SetMaxGpus", "max_gpus", "max_gpus"),
    ("SetMinGpus", "min_gpus", "min_gpus"),
):
    _out = job_pb2.DESCRIPTOR.services_by_name["GroupInterface"].methods_by_name[_m].output_type
    rpc(G + _m)(_group_setter(_f, _r, symbol_database.Default().GetSymbol(_out.full_name)))


FIVE_YEARS = 5 * 365 * 86400


@rpc(L + "SetStartAfter")
def layer_set_start_after(farm: SimulatedFarm, req: job_pb2.LayerSetStartAfterRequest):
    layer = layer_of(farm, req.layer)
    if req.start_after < 0 or req.start_after > farm.now + FIVE_YEARS:
        raise RpcError(3, f"start_after must be 0 or within five years: {req.start_after}")
    layer.msg.start_after = req.start_after
    layer.msg.start_after_reason = f"set by {req.username}" if req.start_after else ""
    return job_pb2.LayerSetStartAfterResponse()
