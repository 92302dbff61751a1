"""Shows, facilities, allocations, comments, limits, services, depends (subscriptions:
svc_subscription)."""

from __future__ import annotations

import re

from opencue_proto import (
    comment_pb2,
    department_pb2,
    depend_pb2,
    facility_pb2,
    job_pb2,
    limit_pb2,
    service_pb2,
    show_pb2,
    subscription_pb2,
)

from cuetui.sim import model as m
from cuetui.sim import views
from cuetui.sim.farm import SimulatedFarm
from cuetui.sim.launch import DEPARTMENTS
from cuetui.sim.rpc import internal, not_found, rpc
from cuetui.sim.svc_host import host_seq
from cuetui.sim.svc_job import job_seq

S = "show.ShowInterface/"
A = "facility.AllocationInterface/"
FAC = "facility.FacilityInterface/"


def show_of(farm: SimulatedFarm, ref: show_pb2.Show) -> m.Show:
    show = farm.shows.get(ref.id)
    if show is None:
        raise internal()
    return show


def _shows(farm: SimulatedFarm, active_only: bool) -> show_pb2.ShowSeq:
    shows = sorted(farm.shows.values(), key=lambda s: s.msg.name)
    return show_pb2.ShowSeq(
        shows=[views.show_msg(s) for s in shows if s.msg.active or not active_only]
    )


@rpc(S + "GetShows")
def get_shows(farm: SimulatedFarm, req):
    return show_pb2.ShowGetShowsResponse(shows=_shows(farm, False))


@rpc(S + "GetActiveShows")
def get_active_shows(farm: SimulatedFarm, req):
    return show_pb2.ShowGetActiveShowsResponse(shows=_shows(farm, True))


@rpc(S + "FindShow")
def find_show(farm: SimulatedFarm, req):
    for show in farm.shows.values():
        if show.msg.name == req.name:
            return show_pb2.ShowFindShowResponse(show=views.show_msg(show))
    raise not_found()


@rpc(S + "GetSubscriptions")
def show_subscriptions(farm: SimulatedFarm, req):
    show = show_of(farm, req.show)
    subs = [views.sub_msg(s) for s in show.subs.values()]
    return show_pb2.ShowGetSubscriptionResponse(
        subscriptions=subscription_pb2.SubscriptionSeq(subscriptions=subs)
    )


@rpc(S + "GetGroups")
def show_groups(farm: SimulatedFarm, req):
    show = show_of(farm, req.show)
    groups = [views.group_msg(g) for g in farm.groups.values() if g.show is show]
    return show_pb2.ShowGetGroupsResponse(groups=job_pb2.GroupSeq(groups=groups))


@rpc(S + "GetRootGroup")
def show_root_group(farm: SimulatedFarm, req):
    show = show_of(farm, req.show)
    assert show.root is not None
    return show_pb2.ShowGetRootGroupResponse(group=views.group_msg(show.root))


@rpc(S + "GetJobs")
def show_jobs(farm: SimulatedFarm, req):
    show = show_of(farm, req.show)
    jobs = [j for j in show.jobs if j.msg.state == job_pb2.JobState.PENDING]
    return show_pb2.ShowGetJobsResponse(jobs=job_seq(jobs))


def _show_setter(field: str, req_field: str, response, convert=None):
    def handler(farm: SimulatedFarm, req):
        show = show_of(farm, req.show)  # ManageShow.getShowEntity: by id, a miss is a 500
        value = getattr(req, req_field)
        setattr(show.msg, field, convert(value, field) if convert else value)
        return response()

    return handler


def whole_cores(cores: float, field: str) -> float:
    """ShowDao's default cores: Convert.coresToWholeCoreUnits (whole cores), none below 0."""
    units = -1 if cores == -1 else int((cores * 100.0 + 0.5) / 100) * 100
    if units < 0:
        what = field.replace("default_", "default ").replace("_", " ")
        raise internal(
            f"java.lang.IllegalArgumentException: Invalid argument, {what} {units}"
            "must be greater tham 0"  # sic: Cuebot's words
        )
    return units / 100


def comment_email(email: str, field: str) -> str:
    """AdminManager splits on commas and ShowDao joins them again (Java drops trailing '')."""
    parts = email.split(",")
    while len(parts) > 1 and parts[-1] == "":
        parts.pop()
    return ",".join(parts)


_SP = show_pb2
# EnableBooking/EnableDispatching store flags Cuebot's dispatcher never reads (CONTRACT 7).
for _m, _f, _r, _resp, _conv in (
    ("EnableBooking", "booking_enabled", "enabled", show_pb2.ShowEnableBookingResponse, None),
    ("EnableDispatching", "dispatch_enabled", "enabled", _SP.ShowEnableDispatchingResponse, None),
    ("SetActive", "active", "value", show_pb2.ShowSetActiveResponse, None),
    ("SetCommentEmail", "comment_email", "email", _SP.ShowSetCommentEmailResponse, comment_email),
    ("SetDefaultMaxCores", "default_max_cores", "max_cores", _SP.ShowSetDefaultMaxCoresResponse,
     whole_cores),
    ("SetDefaultMinCores", "default_min_cores", "min_cores", _SP.ShowSetDefaultMinCoresResponse,
     whole_cores),
    ("SetDefaultMaxGpus", "default_max_gpus", "max_gpus", _SP.ShowSetDefaultMaxGpusResponse, None),
    ("SetDefaultMinGpus", "default_min_gpus", "min_gpus", _SP.ShowSetDefaultMinGpusResponse, None),
):  # fmt: skip
    rpc(S + _m)(_show_setter(_f, _r, _resp, _conv))


# ---------------------------------------------------------------------- allocations
def _alloc_seq(allocs) -> facility_pb2.AllocationSeq:
    return facility_pb2.AllocationSeq(allocations=[views.alloc_msg(a) for a in allocs])


_ALLOC_NAME = re.compile(r"(\w+)\.(\w+)", re.ASCII)


def alloc_by_facility_name(farm: SimulatedFarm, ref: facility_pb2.Allocation) -> m.Alloc:
    """ManageAllocation's setters: `<facility>.<name>`, never the id (a miss is a 500).

    Cuebot strips a `facility.` prefix from the name only when the whole name is
    `\\w+.\\w+` (CueUtil.verifyAllocationNameFormat), then looks up
    `<request facility>.<name>` (AllocationDaoJdbc.findAllocationEntity).
    """
    name = ref.name
    if _ALLOC_NAME.fullmatch(name):
        name = name.split(".", 1)[1]
    full = f"{ref.facility}.{name}"
    for alloc in farm.allocs.values():
        if alloc.msg.name == full:
            return alloc
    raise internal()


@rpc(A + "GetAll")
def alloc_get_all(farm: SimulatedFarm, req):
    allocs = sorted(farm.allocs.values(), key=lambda a: a.msg.name)
    return facility_pb2.AllocGetAllResponse(allocations=_alloc_seq(allocs))


def _alloc_by_name(farm: SimulatedFarm, name: str) -> m.Alloc:
    for alloc in farm.allocs.values():
        if alloc.msg.name == name:
            return alloc
    raise not_found()


@rpc(A + "Find")
def alloc_find(farm: SimulatedFarm, req):
    return facility_pb2.AllocFindResponse(
        allocation=views.alloc_msg(_alloc_by_name(farm, req.name))
    )


@rpc(A + "Get")
def alloc_get(farm: SimulatedFarm, req):
    # ManageAllocation.get passes the id to a lookup by name: only a name finds anything.
    return facility_pb2.AllocGetResponse(allocation=views.alloc_msg(_alloc_by_name(farm, req.id)))


@rpc(A + "GetDefault")
def alloc_get_default(farm: SimulatedFarm, req):
    alloc = _alloc_by_name(farm, "local.general")
    return facility_pb2.AllocGetDefaultResponse(allocation=views.alloc_msg(alloc))


@rpc(A + "GetHosts")
def alloc_get_hosts(farm: SimulatedFarm, req):
    # HostSearch.filterByAlloc: host.pk_alloc = the id sent; an unknown id lists nothing.
    alloc = farm.allocs.get(req.allocation.id)
    hosts = sorted(alloc.hosts, key=lambda h: h.msg.name) if alloc else []
    return facility_pb2.AllocGetHostsResponse(hosts=host_seq(hosts))


@rpc(A + "FindHosts")
def alloc_find_hosts(farm: SimulatedFarm, req):
    # ManageAllocation.findHosts adds the allocation's *id* to the criteria's allocs, which
    # HostSearch matches against allocation names: only allocs named in `r` ever match.
    r = type(req.r)()
    r.CopyFrom(req.r)
    r.allocs.append(req.allocation.id)
    return facility_pb2.AllocFindHostsResponse(hosts=host_seq(views.find_hosts(farm, r)))


@rpc(A + "GetSubscriptions")
def alloc_subscriptions(farm: SimulatedFarm, req):
    # whiteboard.getSubscriptions(alloc) selects by pk_alloc: an unknown id lists nothing.
    alloc = farm.allocs.get(req.allocation.id)
    subs = [views.sub_msg(s) for s in farm.subs.values() if alloc and s.alloc is alloc]
    return facility_pb2.AllocGetSubscriptionsResponse(
        subscriptions=subscription_pb2.SubscriptionSeq(subscriptions=subs)
    )


@rpc(A + "SetBillable")
def alloc_set_billable(farm: SimulatedFarm, req):
    alloc_by_facility_name(farm, req.allocation).msg.billable = req.value
    return facility_pb2.AllocSetBillableResponse()


@rpc(A + "SetTag")
def alloc_set_tag(farm: SimulatedFarm, req):
    alloc_by_facility_name(farm, req.allocation).msg.tag = req.tag
    return facility_pb2.AllocSetTagResponse()


@rpc(FAC + "Get")
def facility_get(farm: SimulatedFarm, req):
    for fac in farm.facilities.values():
        if fac.msg.name == req.name:
            return facility_pb2.FacilityGetResponse(facility=fac.msg)
    raise not_found()


@rpc(FAC + "GetAllocations")
def facility_allocations(farm: SimulatedFarm, req):
    allocs = [a for a in farm.allocs.values() if a.facility.msg.id == req.facility.id]
    allocs.sort(key=lambda a: a.msg.name)
    return facility_pb2.FacilityGetAllocationsResponse(allocations=_alloc_seq(allocs))


# ---------------------------------------------------------------------- comments
@rpc("comment.CommentInterface/Save")
def comment_save(farm: SimulatedFarm, req):
    # CommentDaoJdbc.updateComment / deleteComment: an UPDATE/DELETE by id, an unknown id a
    # silent no-op (CONTRACT.md section 7).
    entry = farm.comments.get(req.comment.id)
    if entry is None:
        return comment_pb2.CommentSaveResponse()
    stored = entry[1]
    stored.subject = req.comment.subject  # type: ignore[attr-defined]
    stored.message = req.comment.message  # type: ignore[attr-defined]
    return comment_pb2.CommentSaveResponse()


@rpc("comment.CommentInterface/Delete")
def comment_delete(farm: SimulatedFarm, req):
    entry = farm.comments.pop(req.comment.id, None)
    if entry is None:
        return comment_pb2.CommentDeleteResponse()
    owner, stored = entry
    owner.remove(stored)
    return comment_pb2.CommentDeleteResponse()


# ---------------------------------------------------------------------- the rest
@rpc("limit.LimitInterface/GetAll")
def limit_get_all(farm: SimulatedFarm, req):
    return limit_pb2.LimitGetAllResponse(limits=list(farm.limits.values()))


@rpc("limit.LimitInterface/Find")
def limit_find(farm: SimulatedFarm, req):
    for lim in farm.limits.values():
        if lim.name == req.name:  # type: ignore[attr-defined]
            return limit_pb2.LimitFindResponse(limit=lim)
    raise not_found()


@rpc("service.ServiceInterface/GetDefaultServices")
def services_default(farm: SimulatedFarm, req):
    return service_pb2.ServiceGetDefaultServicesResponse(
        services=service_pb2.ServiceSeq(services=list(farm.services.values()))
    )


@rpc("service.ServiceInterface/GetService")
def service_get(farm: SimulatedFarm, req):
    for svc in farm.services.values():  # WhiteboardDaoJdbc: pk_service=? or str_name=?
        if req.name in (svc.name, svc.id):  # type: ignore[attr-defined]
            return service_pb2.ServiceGetServiceResponse(service=svc)
    raise not_found()


@rpc("department.DepartmentInterface/GetDepartmentNames")
def department_names(farm: SimulatedFarm, req):
    return department_pb2.DeptGetDepartmentNamesResponse(names=["Unknown", *DEPARTMENTS])


@rpc("depend.DependInterface/GetDepend")
def depend_get(farm: SimulatedFarm, req):
    dep = farm.depends.get(req.id)
    if dep is None:
        raise not_found()
    return depend_pb2.DependGetDependResponse(depend=dep.msg)


@rpc("depend.DependInterface/Satisfy")
def depend_satisfy(farm: SimulatedFarm, req):
    dep = farm.depends.get(req.depend.id)
    if dep is None:
        raise internal()
    farm.satisfy(dep)
    return depend_pb2.DependSatisfyResponse()


_UNSATISFIABLE = (depend_pb2.DependType.FRAME_ON_FRAME, depend_pb2.DependType.LAYER_ON_LAYER)


@rpc("depend.DependInterface/Unsatisfy")
def depend_unsatisfy(farm: SimulatedFarm, req):
    # ManageDepend.unsatisfy: getDepend by id (a miss is an uncaught 500), then, not queued,
    # DependManagerService.unsatisfyDepend: setActive on any type, but only FRAME_ON_FRAME /
    # LAYER_ON_LAYER raise their frames' depend counts (other types hold nothing again).
    dep = farm.depends.get(req.depend.id)
    if dep is None:
        raise internal()
    if dep.msg.type in _UNSATISFIABLE:
        farm.unsatisfy(dep)
    else:
        dep.msg.active = True
    return depend_pb2.DependUnsatisfyResponse()
