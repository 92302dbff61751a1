"""Creating depends (ManageJob, ManageLayer, ManageFrame `createDependencyOn*`, and
`createFrameByFrameDependency`), as DependManagerService.createDepend makes them.

Both sides are looked up by id. In JobInterface a miss (either side) is 404 "Job not found";
in LayerInterface and FrameInterface it is an uncaught 500. A depend is made in the call, not
queued: the depend-er's frames get a depend count and leave WAITING, SUCCEEDED and DEAD for
DEPEND (Cuebot's `update_frame_wait_to_dep` trigger). On a FINISHED job the depend is refused;
on a layer or frame already done it is created satisfied. Nothing may depend on itself but a
frame. These handlers replace svc_job's earlier job-side ones (registered after them).
"""

from __future__ import annotations

from opencue_proto import depend_pb2, job_pb2

from cuetui.sim import model as m
from cuetui.sim.farm import SimulatedFarm
from cuetui.sim.launch import make_depend
from cuetui.sim.rpc import RpcError, internal, rpc
from cuetui.sim.svc_job import job_of
from cuetui.sim.svc_layer import frame_of, layer_of

J = "job.JobInterface/"
L = "job.LayerInterface/"
F = "job.FrameInterface/"

_DEPEND_EXCEPTION = "com.imageworks.spcue.depend.DependException: "
JOB_COMPLETE = "The job you are depending on is already complete."
JOB_ON_ITSELF = "A job cannot depend on itself."
DUPLICATE = (
    "org.springframework.dao.DuplicateKeyException: PreparedStatementCallback; ERROR: duplicate "
    'key value violates unique constraint "i_depend_signature"'
)
# The trigger's states: a frame with a depend count in one of these goes DEPEND. (CHECKPOINT
# too in Cuebot; the simulator's checkpoint copy keeps its own frames.)
_TO_DEPEND = (m.WAITING, m.SUCCEEDED, m.DEAD)


def refused(message: str) -> RpcError:
    """A DependException: uncaught in the servants, so INTERNAL with the Java text."""
    return internal(_DEPEND_EXCEPTION + message)


def layer_on_itself(layer: m.Layer) -> RpcError:
    return refused(f"Cannot make the layer {layer.msg.name} depend on itself.")


def _in_job(table: dict, ref_id: str):
    """The other side of a JobInterface depend: its miss is the servant's 404 too."""
    found = table.get(ref_id)
    if found is None:
        raise RpcError(5, "Job not found")
    return found


def _other(table: dict, ref_id: str):
    """The other side of a Layer/Frame depend: jobManager.get*Detail lets the miss escape."""
    found = table.get(ref_id)
    if found is None:
        raise internal()
    return found


def create(farm: SimulatedFarm, er, on) -> m.Depend:
    """createDepend: refuse a finished job, make the depend, hold the frames it holds."""
    if isinstance(on, m.Job) and on.msg.state == job_pb2.JobState.FINISHED:
        raise refused(JOB_COMPLETE)
    # make_depend's id is the pair's: a satisfied one keeps it (its signature became its id),
    # an active one is the unique signature Cuebot's insert trips over.
    key = f"{er.msg.id}->{on.msg.id}"
    before = farm.depends.get(farm.new_id("depend", key))
    if before is not None and before.msg.active:
        raise internal(DUPLICATE)
    dep = make_depend(farm, er, on)
    if before is not None:
        farm.depends[before.msg.id] = before
        n = 1
        while farm.new_id("depend", f"{key}#{n}") in farm.depends:
            n += 1
        dep.msg.id = farm.new_id("depend", f"{key}#{n}")
        farm.depends[dep.msg.id] = dep
    if dep.msg.active:
        hold(farm, dep)
    return dep


def hold(farm: SimulatedFarm, dep: m.Depend) -> None:
    """The trigger: a held frame that had already run (or died) goes DEPEND as well."""
    for frame in dep.er_frames:
        if frame.depend_count > 0 and frame.msg.state in _TO_DEPEND:
            farm.set_state(frame, m.DEPEND)


# ------------------------------------------------------------------------- JobInterface
@rpc(J + "CreateDependencyOnJob")
def job_on_job(farm: SimulatedFarm, req: job_pb2.JobCreateDependencyOnJobRequest):
    job, on = job_of(farm, req.job), job_of(farm, req.on_job)
    if job is on:
        raise refused(JOB_ON_ITSELF)
    return job_pb2.JobCreateDependencyOnJobResponse(depend=create(farm, job, on).msg)


@rpc(J + "CreateDependencyOnLayer")
def job_on_layer(farm: SimulatedFarm, req: job_pb2.JobCreateDependencyOnLayerRequest):
    job, on = job_of(farm, req.job), _in_job(farm.layers, req.layer.id)
    return job_pb2.JobCreateDependencyOnLayerResponse(depend=create(farm, job, on).msg)


@rpc(J + "CreateDependencyOnFrame")
def job_on_frame(farm: SimulatedFarm, req: job_pb2.JobCreateDependencyOnFrameRequest):
    job, on = job_of(farm, req.job), _in_job(farm.frames, req.frame.id)
    return job_pb2.JobCreateDependencyOnFrameResponse(depend=create(farm, job, on).msg)


# ----------------------------------------------------------------------- LayerInterface
@rpc(L + "CreateDependencyOnJob")
def layer_on_job(farm: SimulatedFarm, req: job_pb2.LayerCreateDependOnJobRequest):
    layer, on = layer_of(farm, req.layer), _other(farm.jobs, req.job.id)
    return job_pb2.LayerCreateDependOnJobResponse(depend=create(farm, layer, on).msg)


@rpc(L + "CreateDependencyOnLayer")
def layer_on_layer(farm: SimulatedFarm, req: job_pb2.LayerCreateDependOnLayerRequest):
    layer, on = layer_of(farm, req.layer), _other(farm.layers, req.depend_on_layer.id)
    if layer is on:
        raise layer_on_itself(layer)
    return job_pb2.LayerCreateDependOnLayerResponse(depend=create(farm, layer, on).msg)


@rpc(L + "CreateDependencyOnFrame")
def layer_on_frame(farm: SimulatedFarm, req: job_pb2.LayerCreateDependOnFrameRequest):
    layer, on = layer_of(farm, req.layer), _other(farm.frames, req.frame.id)
    return job_pb2.LayerCreateDependOnFrameResponse(depend=create(farm, layer, on).msg)


@rpc(L + "CreateFrameByFrameDependency")
def frame_by_frame(farm: SimulatedFarm, req: job_pb2.LayerCreateFrameByFrameDependRequest):
    layer, on = layer_of(farm, req.layer), _other(farm.layers, req.depend_layer.id)
    if layer is on:
        raise layer_on_itself(layer)
    return job_pb2.LayerCreateFrameByFrameDependResponse(depend=by_frame(farm, layer, on).msg)


def by_frame(farm: SimulatedFarm, layer: m.Layer, on: m.Layer) -> m.Depend:
    """A FRAME_BY_FRAME parent holding nothing itself, and a FRAME_ON_FRAME child for each
    frame of `layer` whose number `on` has (the simulator's layers are not chunked)."""
    er_job, on_job = layer.job, on.job
    pid = farm.new_id("depend", f"{layer.msg.id}=>{on.msg.id}")
    if pid in farm.depends:
        # A composite depend is never set inactive: Cuebot finds it by signature, answers it.
        return farm.depends[pid]
    msg = depend_pb2.Depend(
        id=pid,
        type=depend_pb2.DependType.FRAME_BY_FRAME,
        target=depend_pb2.DependTarget.INTERNAL
        if er_job is on_job
        else depend_pb2.DependTarget.EXTERNAL,
        active=True,
        depend_er_job=er_job.msg.name,
        depend_er_layer=layer.msg.name,
        depend_on_job=on_job.msg.name,
        depend_on_layer=on.msg.name,
    )
    parent = m.Depend(msg, [], on_layer=on)
    farm.depends[msg.id] = parent
    farm.deps_on.setdefault(on.msg.id, []).append(parent)
    farm.deps_er.setdefault(er_job.msg.id, []).append(parent)
    by_number = {f.msg.number: f for f in on.frames}
    for frame in layer.frames:
        other = by_number.get(frame.msg.number)
        if other is None:
            continue
        child = create(farm, frame, other)
        child.parent = parent
        parent.children.append(child)
    return parent


# ----------------------------------------------------------------------- FrameInterface
@rpc(F + "CreateDependencyOnJob")
def frame_on_job(farm: SimulatedFarm, req: job_pb2.FrameCreateDependencyOnJobRequest):
    frame, on = frame_of(farm, req.frame), _other(farm.jobs, req.job.id)
    return job_pb2.FrameCreateDependencyOnJobResponse(depend=create(farm, frame, on).msg)


@rpc(F + "CreateDependencyOnLayer")
def frame_on_layer(farm: SimulatedFarm, req: job_pb2.FrameCreateDependencyOnLayerRequest):
    frame, on = frame_of(farm, req.frame), _other(farm.layers, req.layer.id)
    return job_pb2.FrameCreateDependencyOnLayerResponse(depend=create(farm, frame, on).msg)


@rpc(F + "CreateDependencyOnFrame")
def frame_on_frame(farm: SimulatedFarm, req: job_pb2.FrameCreateDependencyOnFrameRequest):
    # FrameOnFrame's two-argument constructor has no self check: a frame can wait on itself.
    frame, on = frame_of(farm, req.frame), _other(farm.frames, req.depend_on_frame.id)
    return job_pb2.FrameCreateDependencyOnFrameResponse(depend=create(farm, frame, on).msg)
