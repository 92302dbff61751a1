"""host.HostInterface and host.ProcInterface, as ManageHost and ManageProc behave."""

from __future__ import annotations

from opencue_proto import comment_pb2, host_pb2

from cuetui.sim import model as m
from cuetui.sim import views
from cuetui.sim.farm import SimulatedFarm
from cuetui.sim.rpc import internal, not_found, rpc

H = "host.HostInterface/"
P = "host.ProcInterface/"
HW = host_pb2.HardwareState
LOCK = host_pb2.LockState
MOVE_REFUSED = "You cannot move hosts with running procs between allocations."
DELETE_REFUSED = (
    'ERROR: update or delete on table "host" violates foreign key constraint '
    '"c_proc_pk_host" on table "proc"'
)


def host_of(farm: SimulatedFarm, ref: host_pb2.Host) -> m.Host:
    host = farm.hosts.get(ref.id)
    if host is None:
        raise internal()
    return host


def proc_of(farm: SimulatedFarm, ref: host_pb2.Proc) -> m.Proc:
    proc = farm.procs.get(ref.id)
    if proc is None:
        raise internal()
    return proc


def host_seq(hosts) -> host_pb2.HostSeq:
    return host_pb2.HostSeq(hosts=[h.msg for h in hosts])


def proc_seq(procs) -> host_pb2.ProcSeq:
    return host_pb2.ProcSeq(procs=[p.msg for p in procs])


@rpc(H + "GetHosts")
def get_hosts(farm: SimulatedFarm, req: host_pb2.HostGetHostsRequest):
    return host_pb2.HostGetHostsResponse(hosts=host_seq(views.find_hosts(farm, req.r)))


@rpc(H + "GetHost")
def get_host(farm: SimulatedFarm, req):
    host = farm.hosts.get(req.id)
    if host is None:
        raise not_found()
    return host_pb2.HostGetHostResponse(host=host.msg)


@rpc(H + "FindHost")
def find_host(farm: SimulatedFarm, req):
    for host in farm.hosts.values():
        if host.msg.name == req.name:
            return host_pb2.HostFindHostResponse(host=host.msg)
    raise not_found()


@rpc(H + "GetProcs")
def host_get_procs(farm: SimulatedFarm, req):
    return host_pb2.HostGetProcsResponse(procs=proc_seq(host_of(farm, req.host).procs))


@rpc(H + "GetComments")
def host_get_comments(farm: SimulatedFarm, req):
    host = host_of(farm, req.host)
    return host_pb2.HostGetCommentsResponse(comments=comment_pb2.CommentSeq(comments=host.comments))


@rpc(H + "AddComment")
def host_add_comment(farm: SimulatedFarm, req):
    host = host_of(farm, req.host)
    c = comment_pb2.Comment(
        id=farm.new_id("comment", f"{host.msg.id}/{len(host.comments)}/{farm.now}"),
        timestamp=farm.now,
        user=req.new_comment.user,
        subject=req.new_comment.subject,
        message=req.new_comment.message,
    )
    host.comments.append(c)
    host.msg.has_comment = True
    farm.comments[c.id] = (host.comments, c)
    return host_pb2.HostAddCommentResponse()


@rpc(H + "Lock")
def lock(farm: SimulatedFarm, req):
    host_of(farm, req.host).msg.lock_state = LOCK.LOCKED
    return host_pb2.HostLockResponse()


@rpc(H + "Unlock")
def unlock(farm: SimulatedFarm, req):
    host_of(farm, req.host).msg.lock_state = LOCK.OPEN
    return host_pb2.HostUnlockResponse()


@rpc(H + "AddTags")
def add_tags(farm: SimulatedFarm, req):
    host = host_of(farm, req.host)
    for tag in req.tags:
        if tag not in host.msg.tags:
            host.msg.tags.append(tag)
    return host_pb2.HostAddTagsResponse()


@rpc(H + "RemoveTags")
def remove_tags(farm: SimulatedFarm, req):
    host = host_of(farm, req.host)
    keep = [t for t in host.msg.tags if t not in set(req.tags)]
    del host.msg.tags[:]
    host.msg.tags.extend(keep)
    return host_pb2.HostRemoveTagsResponse()


@rpc(H + "RenameTag")
def rename_tag(farm: SimulatedFarm, req):
    host = host_of(farm, req.host)
    tags = [req.new_tag if t == req.old_tag else t for t in host.msg.tags]
    del host.msg.tags[:]
    host.msg.tags.extend(dict.fromkeys(tags))
    return host_pb2.HostRenameTagResponse()


@rpc(H + "SetHardwareState")
def set_hardware_state(farm: SimulatedFarm, req):
    # HostDao.updateHostState only writes the column; running procs are left alone.
    host = host_of(farm, req.host)
    host.msg.state = req.state
    host.back_at = 0
    return host_pb2.HostSetHardwareStateResponse()


@rpc(H + "Reboot")
def reboot(farm: SimulatedFarm, req):
    host = host_of(farm, req.host)
    host.msg.state = HW.REBOOTING
    return host_pb2.HostRebootResponse()


@rpc(H + "RebootWhenIdle")
def reboot_when_idle(farm: SimulatedFarm, req):
    # HostManagerService.rebootWhenIdle writes REBOOT_WHEN_IDLE whatever runs there; rqd
    # reboots once idle. The sim's hosts have no rqd, so the state stays until changed.
    host_of(farm, req.host).msg.state = HW.REBOOT_WHEN_IDLE
    return host_pb2.HostRebootWhenIdleResponse()


@rpc(H + "SetAllocation")
def set_allocation(farm: SimulatedFarm, req):
    # By id (adminManager.getAllocationDetail): a miss is a 500. HostManagerService refuses a
    # host with procs, so no subscription's use moves with it.
    host = host_of(farm, req.host)
    alloc = farm.allocs.get(req.allocation_id)
    if alloc is None:
        raise internal()
    if host.procs:
        raise internal(MOVE_REFUSED)
    host.alloc.hosts.remove(host)
    alloc.hosts.append(host)
    host.alloc = alloc
    host.msg.alloc_name = alloc.msg.name
    return host_pb2.HostSetAllocationResponse()


@rpc(H + "SetThreadMode")
def set_thread_mode(farm: SimulatedFarm, req):
    host_of(farm, req.host).msg.thread_mode = req.mode
    return host_pb2.HostSetThreadModeResponse()


@rpc(H + "SetOs")
def set_os(farm: SimulatedFarm, req):
    host_of(farm, req.host).msg.os = req.os
    return host_pb2.HostSetOsResponse()


@rpc(H + "Delete")
def delete_host(farm: SimulatedFarm, req):
    # HostDaoJdbc.deleteHost deletes the host's comments, then the host, whatever its state
    # (CueGUI only offers it on DOWN hosts); a proc row still pointing at it fails the
    # foreign key: a 500.
    host = host_of(farm, req.host)
    if host.procs:
        raise internal(DELETE_REFUSED)
    for c in host.comments:
        farm.comments.pop(c.id, None)
    host.alloc.hosts.remove(host)
    del farm.hosts[host.msg.id]
    return host_pb2.HostDeleteResponse()


@rpc(H + "RedirectToJob")
def host_redirect_to_job(farm: SimulatedFarm, req):
    # ManageHost never reads `host`: each of procNames is a proc id (getVirtualProc, a miss is
    # a 500), then the job by id (jobManager.getJob: a 500 too).
    procs = []
    for proc_id in req.proc_names:
        proc = farm.procs.get(proc_id)
        if proc is None:
            raise internal()
        procs.append(proc)
    if req.job_id not in farm.jobs:
        raise internal()
    # RedirectManager.addRedirect(procs, job, source) marks each proc, then kills its frame
    # (the freed cores book the job), and answers true whatever happened.
    for proc in procs:
        proc.msg.redirect_target = farm.jobs[req.job_id].msg.name
        if proc.frame is not None:
            farm.kill_running(proc.frame)
    return host_pb2.HostRedirectToJobResponse(value=True)


# ---------------------------------------------------------------------- procs
@rpc(P + "GetProcs")
def get_procs(farm: SimulatedFarm, req: host_pb2.ProcGetProcsRequest):
    return host_pb2.ProcGetProcsResponse(procs=proc_seq(views.find_procs(farm, req.r)))


@rpc(P + "Kill")
def proc_kill(farm: SimulatedFarm, req):
    proc = proc_of(farm, req.proc)
    if proc.frame is not None:
        farm.kill_running(proc.frame)
    return host_pb2.ProcKillResponse()


@rpc(P + "Unbook")
def proc_unbook(farm: SimulatedFarm, req):
    unbook(farm, proc_of(farm, req.proc), req.kill)
    return host_pb2.ProcUnbookResponse()


def unbook(farm: SimulatedFarm, proc: m.Proc, kill: bool) -> None:
    """The proc is released when its frame ends; with `kill` the frame is killed now."""
    proc.msg.unbooked = True
    if kill and proc.frame is not None:
        farm.kill_running(proc.frame)


@rpc(P + "UnbookProcs")
def unbook_procs(farm: SimulatedFarm, req):
    procs = views.find_procs(farm, req.r)
    for proc in procs:
        unbook(farm, proc, req.kill)
    return host_pb2.ProcUnbookProcsResponse(num_procs=len(procs))


@rpc(P + "GetFrame")
def proc_get_frame(farm: SimulatedFarm, req):
    proc = proc_of(farm, req.proc)
    if proc.frame is None:
        raise not_found()
    return host_pb2.ProcGetFrameResponse(frame=proc.frame.msg)


@rpc(P + "GetHost")
def proc_get_host(farm: SimulatedFarm, req):
    return host_pb2.ProcGetHostResponse(host=proc_of(farm, req.proc).host.msg)


@rpc(P + "GetJob")
def proc_get_job(farm: SimulatedFarm, req):
    proc = proc_of(farm, req.proc)
    if proc.frame is None:
        raise not_found()
    return host_pb2.ProcGetJobResponse(job=views.job_msg(proc.frame.job))


@rpc(P + "GetLayer")
def proc_get_layer(farm: SimulatedFarm, req):
    proc = proc_of(farm, req.proc)
    if proc.frame is None:
        raise not_found()
    return host_pb2.ProcGetLayerResponse(layer=views.layer_msg(proc.frame.layer))
