"""Subscriptions: read, create (ShowInterface), size, burst, delete, as ManageSubscription does.

Cuebot finds a subscription by id only (`getSubscriptionDetail(id)`), a miss being an uncaught
EmptyResultDataAccessException (500); CreateSubscription finds the show by id and the
allocation by **id** (`getAllocationDetail`), takes size and burst in cores and stores
centcores (`Convert.coresToCoreUnits`, half up); SetSize/SetBurst store the centcores sent,
unchecked. A second subscription of a show to an allocation breaks the table's unique key,
and Delete refuses while the show has cores running there.
"""

from __future__ import annotations

import itertools
import math

from opencue_proto import show_pb2, subscription_pb2

from cuetui.sim import model as m
from cuetui.sim import views
from cuetui.sim.farm import SimulatedFarm
from cuetui.sim.rpc import internal, not_found, rpc

S = "show.ShowInterface/"
SUB = "subscription.SubscriptionInterface/"

RUNNING_PROCS = (
    "com.imageworks.spcue.EntityModificationError: "
    "You cannot delete a subscription with running procs"
)
DUPLICATE = (
    "org.springframework.dao.DuplicateKeyException: PreparedStatementCallback; "
    'ERROR: duplicate key value violates unique constraint "c_subscription_uk"'
)
_created = itertools.count(1)


def sub_of(farm: SimulatedFarm, ref: subscription_pb2.Subscription) -> m.Subscription:
    sub = farm.subs.get(ref.id)
    if sub is None:
        raise internal()
    return sub


def core_units(cores: float) -> int:
    """Convert.coresToCoreUnits: cores x 100, half up."""
    return math.floor(cores * 100 + 0.5)


@rpc(SUB + "Get")
def sub_get(farm: SimulatedFarm, req):
    sub = farm.subs.get(req.id)
    if sub is None:
        raise not_found()
    return subscription_pb2.SubscriptionGetResponse(subscription=views.sub_msg(sub))


@rpc(SUB + "Find")
def sub_find(farm: SimulatedFarm, req):
    for sub in farm.subs.values():
        if sub.msg.name == req.name:
            return subscription_pb2.SubscriptionFindResponse(subscription=views.sub_msg(sub))
    raise not_found(f"A subscription to {req.name} was not found.")


@rpc(SUB + "SetSize")
def sub_set_size(farm: SimulatedFarm, req):
    sub_of(farm, req.subscription).msg.size = req.new_size
    return subscription_pb2.SubscriptionSetSizeResponse()


@rpc(SUB + "SetBurst")
def sub_set_burst(farm: SimulatedFarm, req):
    sub_of(farm, req.subscription).msg.burst = req.burst
    return subscription_pb2.SubscriptionSetBurstResponse()


@rpc(SUB + "Delete")
def sub_delete(farm: SimulatedFarm, req):
    sub = sub_of(farm, req.subscription)
    if round(sub.reserved_cores * 100) > 0:
        raise internal(RUNNING_PROCS)
    del farm.subs[sub.msg.id]
    sub.show.subs.pop(sub.alloc.msg.id, None)
    return subscription_pb2.SubscriptionDeleteResponse()


@rpc(S + "CreateSubscription")
def show_create_subscription(farm: SimulatedFarm, req):
    alloc = farm.allocs.get(req.allocation_id)
    if alloc is None:
        raise internal()
    show = farm.shows.get(req.show.id)
    if show is None:
        raise internal()
    if alloc.msg.id in show.subs:
        raise internal(DUPLICATE)
    name = f"{alloc.msg.name}.{show.msg.name}"
    msg = subscription_pb2.Subscription(
        id=farm.new_id("subscription", f"{name}#{next(_created)}"),
        name=name,
        show_name=show.msg.name,
        facility=alloc.facility.msg.name,
        allocation_name=alloc.msg.name,
        size=core_units(req.size),
        burst=core_units(req.burst),
    )
    sub = m.Subscription(msg, show, alloc)
    farm.subs[msg.id] = sub
    show.subs[alloc.msg.id] = sub
    return show_pb2.ShowCreateSubscriptionResponse(subscription=views.sub_msg(sub))
