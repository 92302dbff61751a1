"""Owners and deeds, answered as Cuebot's ManageOwner, ManageDeed, ManageShow and ManageHost do
(OwnerManagerService, OwnerDaoJdbc, DeedDaoJdbc, WhiteboardDaoJdbc).

OwnerInterface/GetOwner finds an owner by name or id and answers 404 on a miss; every other
OwnerInterface call finds it by id (a miss: uncaught 500). TakeOwnership finds the host by name,
refuses a host that is not NIMBY-enabled (500) and replaces the host's deed. SetShow finds the
show by name. Owner names are unique (CreateOwner: 500 on a duplicate). Deleting an owner
leaves its deeds ownerless, so no query returns them (dropped here). DeedInterface/Delete of an
unknown id changes nothing; DeedInterface/GetHost always fails (it looks the deed's id up as a
host's). Deeds come back without `show` (WhiteboardDaoJdbc.DEED_MAPPER never sets it).
"""

from __future__ import annotations

from dataclasses import dataclass

from opencue_proto import host_pb2, show_pb2

from cuetui.sim import model as m
from cuetui.sim.farm import SimulatedFarm
from cuetui.sim.rpc import EMPTY_RESULT, internal, not_found, rpc
from cuetui.sim.svc_host import host_of
from cuetui.sim.svc_show import show_of

OWN = "host.OwnerInterface/"
DE = "host.DeedInterface/"
NOT_NIMBY = "com.imageworks.spcue.SpcueRuntimeException: Cannot setup deeeds on non-NIMBY hosts."
DUPLICATE = (
    "org.springframework.dao.DuplicateKeyException: duplicate key value violates unique "
    'constraint "i_owner_str_username"'
)


@dataclass(eq=False, slots=True)
class SimOwner:
    id: str
    name: str
    show: m.Show


@dataclass(eq=False, slots=True)
class SimDeed:
    id: str
    owner: SimOwner
    host: m.Host


@dataclass(eq=False, slots=True)
class OwnerState:
    owners: dict[str, SimOwner]
    deeds: dict[str, SimDeed]


def owner_state(farm: SimulatedFarm) -> OwnerState:
    """The farm's owners and deeds, seeded on first use: two desktop owners of the first show."""
    state = getattr(farm, "owner_state", None)
    if state is None:
        state = OwnerState({}, {})
        farm.owner_state = state  # type: ignore[attr-defined]
        shows = sorted(farm.shows.values(), key=lambda s: s.msg.name)
        desktops = sorted(
            (h for h in farm.hosts.values() if h.msg.nimby_enabled), key=lambda h: h.msg.name
        )
        if shows and len(desktops) >= 2:
            show = next((s for s in shows if s.msg.name == "testing"), shows[0])
            # ws-<user> is <user>'s desktop; the second also borrows the third one
            for hosts in (desktops[:1], desktops[1:3]):
                owner = _create(farm, state, show, hosts[0].msg.name.removeprefix("ws-"))
                for host in hosts:
                    _take(farm, state, owner, host)
    return state


def _create(farm: SimulatedFarm, state: OwnerState, show: m.Show, name: str) -> SimOwner:
    if any(o.name == name for o in state.owners.values()):
        raise internal(DUPLICATE)
    owner = SimOwner(farm.new_id("owner", name), name, show)
    n = 0
    while owner.id in state.owners:  # a name deleted and created again gets a new id
        n += 1
        owner.id = farm.new_id("owner", f"{name}#{n}")
    state.owners[owner.id] = owner
    return owner


def _take(farm: SimulatedFarm, state: OwnerState, owner: SimOwner, host: m.Host) -> SimDeed:
    if not host.msg.nimby_enabled:
        raise internal(NOT_NIMBY)
    for did in [d.id for d in state.deeds.values() if d.host is host]:
        del state.deeds[did]
    n = 0
    while (did := farm.new_id("deed", f"{owner.id}:{host.msg.id}:{n}")) in state.deeds:
        n += 1
    deed = SimDeed(did, owner, host)
    state.deeds[did] = deed
    return deed


def owner_msg(state: OwnerState, owner: SimOwner) -> host_pb2.Owner:
    count = sum(1 for d in state.deeds.values() if d.owner is owner)
    return host_pb2.Owner(id=owner.id, name=owner.name, show=owner.show.msg.name, host_count=count)


def deed_msg(deed: SimDeed) -> host_pb2.Deed:
    return host_pb2.Deed(id=deed.id, host=deed.host.msg.name, owner=deed.owner.name)


def owner_by_id(farm: SimulatedFarm, ref: host_pb2.Owner) -> SimOwner:
    """OwnerManager.getOwner(id): queryForObject, a miss an uncaught 500."""
    owner = owner_state(farm).owners.get(ref.id)
    if owner is None:
        raise internal()
    return owner


def _deeds(state: OwnerState, keep) -> host_pb2.DeedSeq:
    return host_pb2.DeedSeq(deeds=[deed_msg(d) for d in state.deeds.values() if keep(d)])


# -- ShowInterface ---------------------------------------------------------------------------


@rpc("show.ShowInterface/GetDeeds")
def show_deeds(farm: SimulatedFarm, req: show_pb2.ShowGetDeedsRequest):
    show = show_of(farm, req.show)
    state = owner_state(farm)
    return show_pb2.ShowGetDeedsResponse(deeds=_deeds(state, lambda d: d.owner.show is show))


@rpc("show.ShowInterface/CreateOwner")
def show_create_owner(farm: SimulatedFarm, req: show_pb2.ShowCreateOwnerRequest):
    show = show_of(farm, req.show)
    state = owner_state(farm)
    owner = _create(farm, state, show, req.name)
    return show_pb2.ShowCreateOwnerResponse(owner=owner_msg(state, owner))


# -- OwnerInterface --------------------------------------------------------------------------


@rpc(OWN + "GetOwner")
def owner_get(farm: SimulatedFarm, req: host_pb2.OwnerGetOwnerRequest):
    state = owner_state(farm)
    for owner in state.owners.values():
        if req.name in (owner.name, owner.id):
            return host_pb2.OwnerGetOwnerResponse(owner=owner_msg(state, owner))
    raise not_found(EMPTY_RESULT)


@rpc(OWN + "GetDeeds")
def owner_deeds(farm: SimulatedFarm, req: host_pb2.OwnerGetDeedsRequest):
    owner = owner_by_id(farm, req.owner)
    state = owner_state(farm)
    return host_pb2.OwnerGetDeedsResponse(deeds=_deeds(state, lambda d: d.owner is owner))


@rpc(OWN + "GetHosts")
def owner_hosts(farm: SimulatedFarm, req: host_pb2.OwnerGetHostsRequest):
    owner = owner_by_id(farm, req.owner)
    hosts = [d.host.msg for d in owner_state(farm).deeds.values() if d.owner is owner]
    return host_pb2.OwnerGetHostsResponse(hosts=host_pb2.HostSeq(hosts=hosts))


@rpc(OWN + "TakeOwnership")
def owner_take(farm: SimulatedFarm, req: host_pb2.OwnerTakeOwnershipRequest):
    owner = owner_by_id(farm, req.owner)
    host = next((h for h in farm.hosts.values() if h.msg.name == req.host), None)
    if host is None:
        raise internal()  # hostManager.findHost(name): an uncaught EmptyResult
    _take(farm, owner_state(farm), owner, host)
    return host_pb2.OwnerTakeOwnershipResponse()


@rpc(OWN + "SetShow")
def owner_set_show(farm: SimulatedFarm, req: host_pb2.OwnerSetShowRequest):
    owner = owner_by_id(farm, req.owner)
    show = next((s for s in farm.shows.values() if s.msg.name == req.show), None)
    if show is None:
        raise internal()  # adminManager.findShowEntity(name)
    owner.show = show
    return host_pb2.OwnerSetShowResponse()


@rpc(OWN + "Delete")
def owner_delete(farm: SimulatedFarm, req: host_pb2.OwnerDeleteRequest):
    owner = owner_by_id(farm, req.owner)
    state = owner_state(farm)
    del state.owners[owner.id]
    for did in [d.id for d in state.deeds.values() if d.owner is owner]:
        del state.deeds[did]  # ownerless in Cuebot's table: no query finds them
    return host_pb2.OwnerDeleteResponse()


# -- DeedInterface, HostInterface ------------------------------------------------------------


@rpc(DE + "Delete")
def deed_delete(farm: SimulatedFarm, req: host_pb2.DeedDeleteRequest):
    owner_state(farm).deeds.pop(req.deed.id, None)  # DELETE ... WHERE pk_deed = ?: 0 rows is fine
    return host_pb2.DeedDeleteResponse()


@rpc(DE + "GetOwner")
def deed_owner(farm: SimulatedFarm, req: host_pb2.DeedGetOwnerRequest):
    state = owner_state(farm)
    deed = state.deeds.get(req.deed.id)
    if deed is None:
        raise internal()
    return host_pb2.DeedGetOwnerResponse(owner=owner_msg(state, deed.owner))


@rpc(DE + "GetHost")
def deed_host(farm: SimulatedFarm, req: host_pb2.DeedGetHostRequest):
    raise internal()  # WhiteboardDaoJdbc.getHost(deed) matches host.pk_host to the deed's id


def _deed_of_host(farm: SimulatedFarm, ref: host_pb2.Host) -> SimDeed:
    host = host_of(farm, ref)
    deed = next((d for d in owner_state(farm).deeds.values() if d.host is host), None)
    if deed is None:
        raise internal()
    return deed


@rpc("host.HostInterface/GetOwner")
def host_owner(farm: SimulatedFarm, req: host_pb2.HostGetOwnerRequest):
    state = owner_state(farm)
    return host_pb2.HostGetOwnerResponse(
        owner=owner_msg(state, _deed_of_host(farm, req.host).owner)
    )


@rpc("host.HostInterface/GetDeed")
def host_deed(farm: SimulatedFarm, req: host_pb2.HostGetDeedRequest):
    return host_pb2.HostGetDeedResponse(deed=deed_msg(_deed_of_host(farm, req.host)))
