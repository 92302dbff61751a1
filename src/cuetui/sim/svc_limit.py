"""Limit writes, answered as Cuebot's ManageLimit and LimitDaoJdbc do.

Every write finds the limit by NAME (`findLimit`: `WHERE str_name = ?`): a miss is an uncaught
500 (EmptyResultDataAccessException), two limits of that name a 500 "expected 1, actual 2".
Create stores a duplicate name without complaint and answers with the new limit (by id).
"""

from __future__ import annotations

from opencue_proto import limit_pb2

from cuetui.sim.farm import SimulatedFarm
from cuetui.sim.rpc import internal, rpc

L = "limit.LimitInterface/"
TOO_MANY = "org.springframework.dao.IncorrectResultSizeDataAccessException: " + (
    "Incorrect result size: expected 1, actual {n}"
)


def find_limit(farm: SimulatedFarm, name: str) -> limit_pb2.Limit:
    """The one limit called `name`, failing as `queryForObject` does."""
    found = [lim for lim in farm.limits.values() if lim.name == name]  # type: ignore[attr-defined]
    if not found:
        raise internal()
    if len(found) > 1:
        raise internal(TOO_MANY.format(n=len(found)))
    return found[0]


@rpc(L + "Create")
def limit_create(farm: SimulatedFarm, req: limit_pb2.LimitCreateRequest):
    key, n = req.name, 0
    while farm.new_id("limit", key) in farm.limits:  # a duplicate name is a new row
        n += 1
        key = f"{req.name}#{n}"
    lim = limit_pb2.Limit(id=farm.new_id("limit", key), name=req.name, max_value=req.max_value)
    farm.limits[lim.id] = lim
    return limit_pb2.LimitCreateResponse(limit=lim)


@rpc(L + "SetMaxValue")
def limit_set_max_value(farm: SimulatedFarm, req: limit_pb2.LimitSetMaxValueRequest):
    find_limit(farm, req.name).max_value = req.max_value
    return limit_pb2.LimitSetMaxValueResponse()


@rpc(L + "Rename")
def limit_rename(farm: SimulatedFarm, req: limit_pb2.LimitRenameRequest):
    find_limit(farm, req.old_name).name = req.new_name
    return limit_pb2.LimitRenameResponse()


@rpc(L + "Delete")
def limit_delete(farm: SimulatedFarm, req: limit_pb2.LimitDeleteRequest):
    del farm.limits[find_limit(farm, req.name).id]
    return limit_pb2.LimitDeleteResponse()


@rpc(L + "Get")
def limit_get(farm: SimulatedFarm, req: limit_pb2.LimitGetRequest):
    lim = farm.limits.get(req.id)
    if lim is None:
        raise internal()
    return limit_pb2.LimitGetResponse(limit=lim)
