"""job.JobInterface, as ManageJob and JobManagerSupport behave."""

from __future__ import annotations

from collections.abc import Callable

from opencue_proto import comment_pb2, depend_pb2, job_pb2

from cuetui.sim import model as m
from cuetui.sim import views
from cuetui.sim.farm import SimulatedFarm
from cuetui.sim.rpc import Hang, RpcError, not_found, rpc

J = "job.JobInterface/"
JS = job_pb2.JobState


def job_of(farm: SimulatedFarm, ref: job_pb2.Job) -> m.Job:
    """Resolve `{"job": {...}}` by id only, as ManageJob.setupJobData does."""
    job = farm.jobs.get(ref.id)
    if job is None:
        raise RpcError(5, "Job not found")
    return job


def source_of(req) -> dict[str, str]:
    return {
        "username": req.username,
        "pid": req.pid,
        "host_kill": req.host_kill,
        "reason": req.reason,
    }


def job_seq(jobs) -> job_pb2.JobSeq:
    return job_pb2.JobSeq(jobs=[views.job_msg(j) for j in jobs])


@rpc(J + "GetJobs")
def get_jobs(farm: SimulatedFarm, req: job_pb2.JobGetJobsRequest):
    return job_pb2.JobGetJobsResponse(jobs=job_seq(views.find_jobs(farm, req.r)))


@rpc(J + "GetJobNames")
def get_job_names(farm: SimulatedFarm, req):
    return job_pb2.JobGetJobNamesResponse(names=[j.msg.name for j in views.find_jobs(farm, req.r)])


@rpc(J + "GetJob")
def get_job(farm: SimulatedFarm, req: job_pb2.JobGetJobRequest):
    job = farm.jobs.get(req.id)
    if job is None:
        raise not_found()
    return job_pb2.JobGetJobResponse(job=views.job_msg(job))


def find_job_by_name(farm: SimulatedFarm, name: str) -> m.Job | None:
    """Cuebot's find-by-name queries (FindJob, FindLayer, FindFrame) see pending jobs only."""
    for job in farm.jobs.values():
        if job.msg.name == name and job.msg.state == JS.PENDING:
            return job
    return None


@rpc(J + "FindJob")
def find_job(farm: SimulatedFarm, req: job_pb2.JobFindJobRequest):
    job = find_job_by_name(farm, req.name)
    if job is None:
        raise not_found()
    return job_pb2.JobFindJobResponse(job=views.job_msg(job))


@rpc(J + "IsJobPending")
def is_job_pending(farm: SimulatedFarm, req):
    job = find_job_by_name(farm, req.name)
    return job_pb2.JobIsJobPendingResponse(value=job is not None and job.msg.state == JS.PENDING)


@rpc(J + "GetCurrent")
def get_current(farm: SimulatedFarm, req):
    return job_pb2.JobGetCurrentResponse(job=views.job_msg(job_of(farm, req.job)))


@rpc(J + "GetLayers")
def get_layers(farm: SimulatedFarm, req: job_pb2.JobGetLayersRequest):
    job = job_of(farm, req.job)
    return job_pb2.JobGetLayersResponse(
        layers=job_pb2.LayerSeq(layers=[views.layer_msg(layer) for layer in job.layers])
    )


GATEWAY_MAX_MESSAGE = 4 * 1024 * 1024
"""grpc-go's default MaxCallRecvMsgSize: the gateway dials Cuebot without options, so an
answer over 4 MiB fails there. Cuebot itself pages by the limit asked (getSortedQuery's row
window uses the request's limit; its 1,000 cap only rewrites the criteria it keeps)."""


@rpc(J + "GetFrames")
def get_frames(farm: SimulatedFarm, req: job_pb2.JobGetFramesRequest):
    job = job_of(farm, req.job)
    frames = views.page_frames(farm, job, req.req)
    resp = job_pb2.JobGetFramesResponse(frames=job_pb2.FrameSeq(frames=[f.msg for f in frames]))
    if len(frames) * 64 > GATEWAY_MAX_MESSAGE:  # a frame is never under 64 bytes: may be over
        size = resp.ByteSize()
        if size > GATEWAY_MAX_MESSAGE:
            # What grpc-go says, as RESOURCE_EXHAUSTED (the gateway answers 429).
            raise RpcError(
                8, f"grpc: received message larger than max ({size} vs. {GATEWAY_MAX_MESSAGE})"
            )
    return resp


# The scalar fields an UpdatedFrame copies from the Frame.
UPDATED_FIELDS = [f.name for f in job_pb2.UpdatedFrame.DESCRIPTOR.fields if f.message_type is None]


@rpc(J + "GetUpdatedFrames")
def get_updated_frames(farm: SimulatedFarm, req: job_pb2.JobGetUpdatedFramesRequest):
    job = job_of(farm, req.job)
    if req.last_check < farm.now - 60:
        # WhiteboardDaoJdbc throws IllegalArgumentException, ManageJob prints it and never
        # completes the call: the client waits until its own deadline.
        raise Hang()
    layer_ids = {layer.id for layer in req.layer_filter.layers}
    out = []
    for frame in job.frames:
        if frame.changed <= req.last_check:  # FrameSearch.filterByChangeDate: ts_updated > ?
            continue
        if layer_ids and frame.layer.msg.id not in layer_ids:
            continue
        f = frame.msg
        uf = job_pb2.UpdatedFrame(**{name: getattr(f, name) for name in UPDATED_FIELDS})
        if f.HasField("frame_state_display_override"):
            uf.frame_state_display_override.CopyFrom(f.frame_state_display_override)
        out.append(uf)
        if len(out) == 100:  # r.setMaxResults(100)
            break
    return job_pb2.JobGetUpdatedFramesResponse(
        state=job.msg.state,
        server_time=farm.now - 1,
        updated_frames=job_pb2.UpdatedFrameSeq(updated_frames=out),
    )


@rpc(J + "GetComments")
def get_comments(farm: SimulatedFarm, req):
    job = job_of(farm, req.job)
    return job_pb2.JobGetCommentsResponse(comments=comment_pb2.CommentSeq(comments=job.comments))


@rpc(J + "AddComment")
def add_comment(farm: SimulatedFarm, req: job_pb2.JobAddCommentRequest):
    job = job_of(farm, req.job)
    c = comment_pb2.Comment(
        id=farm.new_id("comment", f"{job.msg.id}/{len(job.comments)}/{farm.now}"),
        timestamp=farm.now,  # Cuebot stamps it; the request's timestamp is ignored
        user=req.new_comment.user,
        subject=req.new_comment.subject,
        message=req.new_comment.message,
    )
    job.comments.append(c)
    job.msg.has_comment = True
    farm.comments[c.id] = (job.comments, c)
    return job_pb2.JobAddCommentResponse()


@rpc(J + "Pause")
def pause(farm: SimulatedFarm, req):
    job_of(farm, req.job).msg.is_paused = True
    return job_pb2.JobPauseResponse()


@rpc(J + "Resume")
def resume(farm: SimulatedFarm, req):
    job_of(farm, req.job).msg.is_paused = False
    return job_pb2.JobResumeResponse()


@rpc(J + "Kill")
def kill(farm: SimulatedFarm, req: job_pb2.JobKillRequest):
    # Cuebot queues DispatchJobComplete and answers {}; without a reason it logs
    # "Invalid Job Kill Request" and does nothing.
    job, source = job_of(farm, req.job), source_of(req)
    farm.later(lambda: farm.kill_job(job, source))
    return job_pb2.JobKillResponse()


def _queued_search(
    farm: SimulatedFarm,
    job: m.Job,
    req: job_pb2.FrameSearchCriteria,
    each: Callable[[m.Frame], None],
    ignore_states: bool = False,
) -> None:
    """Queued in Cuebot (manageQueue): the search runs when dequeued, the call answers {} at
    once; a search whose SQL fails is logged there and does nothing."""

    def run() -> None:
        try:
            frames = views.find_frames(farm, job, req, ignore_states=ignore_states)
        except views.BadCriteria:
            return
        for frame in frames:
            each(frame)

    farm.later(run)


@rpc(J + "RetryFrames")
def retry_frames(farm: SimulatedFarm, req: job_pb2.JobRetryFramesRequest):
    _queued_search(farm, job_of(farm, req.job), req.req, farm.retry_frame)
    return job_pb2.JobRetryFramesResponse()


@rpc(J + "EatFrames")
def eat_frames(farm: SimulatedFarm, req: job_pb2.JobEatFramesRequest):
    _queued_search(farm, job_of(farm, req.job), req.req, farm.eat_frame)
    return job_pb2.JobEatFramesResponse()


@rpc(J + "KillFrames")
def kill_frames(farm: SimulatedFarm, req: job_pb2.JobKillFramesRequest):
    # JobManagerSupport.killProcs clears the state filter: every match with a proc is killed.
    job = job_of(farm, req.job)
    _queued_search(farm, job, req.req, farm.kill_running, ignore_states=True)
    return job_pb2.JobKillFramesResponse()


@rpc(J + "MarkAsWaiting")
def mark_as_waiting(farm: SimulatedFarm, req):
    # Not queued: JobManagerSupport.markFramesAsWaiting runs in the call (DEPEND frames only).
    job = job_of(farm, req.job)
    for frame in views.find_frames(farm, job, req.req):
        farm.mark_waiting(frame)
    return job_pb2.JobMarkAsWaitingResponse()


@rpc(J + "MarkDoneFrames")
def mark_done_frames(farm: SimulatedFarm, req):
    # DispatchSatisfyDepends: what depends on the matching frames is released.
    job = job_of(farm, req.job)
    for frame in views.find_frames(farm, job, req.req):
        for dep in list(farm.deps_on.get(frame.msg.id, ())):
            farm.satisfy(dep)
    return job_pb2.JobMarkDoneFramesResponse()


@rpc(J + "DropDepends")
def drop_depends(farm: SimulatedFarm, req: job_pb2.JobDropDependsRequest):
    job = job_of(farm, req.job)
    for dep in list(farm.deps_er.get(job.msg.id, ())):
        internal = dep.msg.target == depend_pb2.DependTarget.INTERNAL
        if req.target == depend_pb2.DependTarget.ANY_TARGET or (
            internal == (req.target == depend_pb2.DependTarget.INTERNAL)
        ):
            farm.satisfy(dep)
    return job_pb2.JobDropDependsResponse()


def _depends(deps) -> depend_pb2.DependSeq:
    return depend_pb2.DependSeq(depends=[d.msg for d in deps])


@rpc(J + "GetDepends", J + "GetWhatThisDependsOn")
def get_depends(farm: SimulatedFarm, req):
    job = job_of(farm, req.job)
    deps = farm.deps_er.get(job.msg.id, [])
    if req.DESCRIPTOR.name == "JobGetDependsRequest":
        # WhiteboardDaoJdbc.getDepends: every type but FRAME_ON_FRAME, satisfied ones too.
        fof = depend_pb2.DependType.FRAME_ON_FRAME
        return job_pb2.JobGetDependsResponse(depends=_depends(d for d in deps if d.msg.type != fof))
    active = [d for d in deps if d.msg.active]
    return job_pb2.JobGetWhatThisDependsOnResponse(depends=_depends(active))


@rpc(J + "GetWhatDependsOnThis")
def get_what_depends_on_this(farm: SimulatedFarm, req):
    # WhiteboardDaoJdbc: `pk_parent IS NULL AND pk_job_depend_on = ?`, satisfied ones too (a
    # depend on one of its layers or frames as well; a frame-by-frame's children stay out).
    job = job_of(farm, req.job)
    deps = [d for d in farm.depends.values() if on_job(d) is job and d.parent is None]
    return job_pb2.JobGetWhatDependsOnThisResponse(depends=_depends(deps))


def on_job(dep: m.Depend) -> m.Job | None:
    """The job on the depend-on side."""
    if dep.on_job is not None:
        return dep.on_job
    on = dep.on_layer or dep.on_frame
    return on.job if on is not None else None


def _set(field: str, response):
    def handler(farm: SimulatedFarm, req):
        setattr(job_of(farm, req.job).msg, field, req.val)
        return response()

    return handler


rpc(J + "SetPriority")(_set("priority", job_pb2.JobSetPriorityResponse))
rpc(J + "SetMinCores")(_set("min_cores", job_pb2.JobSetMinCoresResponse))
rpc(J + "SetMaxCores")(_set("max_cores", job_pb2.JobSetMaxCoresResponse))
rpc(J + "SetMinGpus")(_set("min_gpus", job_pb2.JobSetMinGpusResponse))
rpc(J + "SetMaxGpus")(_set("max_gpus", job_pb2.JobSetMaxGpusResponse))


@rpc(J + "SetMaxRetries")
def set_max_retries(farm: SimulatedFarm, req):
    job_of(farm, req.job).max_retries = req.max_retries
    return job_pb2.JobSetMaxRetriesResponse()


@rpc(J + "SetAutoEat")
def set_auto_eat(farm: SimulatedFarm, req):
    # JobDaoJdbc.updateAutoEat: the flag and max retries (0 on, 1 off) only; the frames that
    # are dead already stay dead, and the job's earlier max retries is lost either way.
    job = job_of(farm, req.job)
    job.msg.auto_eat = req.value
    job.max_retries = 0 if req.value else 1
    return job_pb2.JobSetAutoEatResponse()


@rpc(J + "SetGroup")
def set_group(farm: SimulatedFarm, req):
    job = job_of(farm, req.job)
    group = farm.groups.get(req.group_id)
    if group is None:
        raise RpcError(5, "Job not found")
    job.group.jobs.remove(job)
    group.jobs.append(job)
    job.group = group
    job.msg.group = group.msg.name
    return job_pb2.JobSetGroupResponse()


@rpc(J + "AddSubscriber")
def add_subscriber(farm: SimulatedFarm, req):
    job_of(farm, req.job).subscribers.append(req.subscriber)
    return job_pb2.JobAddSubscriberResponse()


@rpc(J + "ShutdownIfCompleted")
def shutdown_if_completed(farm: SimulatedFarm, req):
    farm.check_job_complete(job_of(farm, req.job))
    return job_pb2.JobShutdownIfCompletedResponse()


@rpc(J + "ReorderFrames")
def reorder_frames(farm: SimulatedFarm, req: job_pb2.JobReorderFramesRequest):
    job = job_of(farm, req.job)
    numbers = views.parse_frame_set(req.range) or set()
    for layer in job.layers:
        reorder_layer(farm, layer, numbers, req.order)
    return job_pb2.JobReorderFramesResponse()


def reorder_layer(farm: SimulatedFarm, layer: m.Layer, numbers: set[int], order: int) -> None:
    picked = [f for f in layer.frames if f.msg.number in numbers]
    if not picked:
        return
    orders = [f.msg.dispatch_order for f in layer.frames]
    if order == job_pb2.Order.FIRST:
        base = min(orders) - len(picked)
        seq = picked
    elif order == job_pb2.Order.LAST:
        base = max(orders) + 1
        seq = picked
    else:
        base = min(f.msg.dispatch_order for f in picked)
        seq = list(reversed(picked))
    for i, frame in enumerate(seq):
        frame.msg.dispatch_order = base + i
        farm.touch(frame)
    layer.queue.clear()
    for frame in layer.frames:
        frame.queued = False
        if frame.msg.state == m.WAITING:
            layer.push(frame)


@rpc(J + "StaggerFrames")
def stagger_frames(farm: SimulatedFarm, req):
    job_of(farm, req.job)  # accepted; the simulator's dispatch order is left as it is
    return job_pb2.JobStaggerFramesResponse()
