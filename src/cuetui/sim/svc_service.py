"""Service writes and show overrides, answered as Cuebot's ManageService, ManageServiceOverride,
ManageShow and ServiceDaoJdbc do (GetDefaultServices/GetService stay in svc_show).

- Update and Delete find the row by id only (`pk_service`, `pk_show_service`): an unknown id
  is a silent no-op, an override's id sent to ServiceInterface too. Update writes every field.
- Names are unique (service: str_name; overrides: str_name + pk_show), VARCHAR(36); the tags
  are stored joined by " | " in VARCHAR(128) and read back split, spaces removed; the number
  columns are 32-bit. A violation is the database's error, an uncaught 500.
- CreateServiceOverride finds the show by id (a miss: 500) and stores no timeouts (0).
- GetServiceOverride (show + name or id) has no catch: a miss is a 500.

The overrides live beside the farm (a weak map), seeded with the testing show's own arnold.
"""

from __future__ import annotations

import weakref
from typing import cast

from opencue_proto import service_pb2, show_pb2

from cuetui.sim.farm import SimulatedFarm
from cuetui.sim.rpc import internal, rpc
from cuetui.sim.svc_show import show_of

SV = "service.ServiceInterface/"
SO = "service.ServiceOverrideInterface/"
S = "show.ShowInterface/"
GB = 1024 * 1024
INT_MAX = 2**31 - 1
DUPLICATE = (
    "org.springframework.dao.DuplicateKeyException: PreparedStatementCallback; "
    'ERROR: duplicate key value violates unique constraint "{index}"'
)
TOO_LONG = (
    "org.springframework.dao.DataIntegrityViolationException: PreparedStatementCallback; "
    "ERROR: value too long for type character varying({n})"
)
OUT_OF_RANGE = (
    "org.springframework.dao.DataIntegrityViolationException: PreparedStatementCallback; "
    "ERROR: integer out of range"
)

Override = tuple[str, service_pb2.Service]  # (show id, values; values.id is the override's)
_OVERRIDES: weakref.WeakKeyDictionary[SimulatedFarm, dict[str, Override]] = (
    weakref.WeakKeyDictionary()
)


def overrides(farm: SimulatedFarm) -> dict[str, Override]:
    """The farm's show overrides by id, seeded on first use."""
    found = _OVERRIDES.get(farm)
    if found is None:
        found = _OVERRIDES[farm] = {}
        for show in farm.shows.values():
            if show.msg.name == "testing":
                seed = service_pb2.Service(
                    id=farm.new_id("show_service", "testing/arnold"), name="arnold",
                    threadable=True, min_cores=800, max_cores=1600, min_memory=16 * GB,
                    tags=["general", "gpu"], timeout=720, timeout_llu=60,
                    min_memory_increase=4 * GB,
                )  # fmt: skip
                found[seed.id] = (show.msg.id, seed)
    return found


def _services(farm: SimulatedFarm) -> dict[str, service_pb2.Service]:
    return cast(dict[str, service_pb2.Service], farm.services)


def _stored(farm: SimulatedFarm, data: service_pb2.Service, sid: str) -> service_pb2.Service:
    """`data` as the row reads back: the database's checks, tags split and stripped."""
    if len(data.name) > 36:
        raise internal(TOO_LONG.format(n=36))
    joined = " | ".join(data.tags)
    if len(joined) > 128:
        raise internal(TOO_LONG.format(n=128))
    numbers = (data.min_cores, data.max_cores, data.min_memory, data.min_gpu_memory,
               data.timeout, data.timeout_llu, data.min_gpus, data.max_gpus,
               data.min_memory_increase)  # fmt: skip
    if any(abs(n) > INT_MAX for n in numbers):
        raise internal(OUT_OF_RANGE)
    row = service_pb2.Service()
    row.CopyFrom(data)
    row.id = sid
    del row.tags[:]
    row.tags.extend(dict.fromkeys(t.replace(" ", "") for t in joined.split(" | ")))
    return row


def _unique(taken: list[str], name: str, index: str) -> None:
    if name in taken:
        raise internal(DUPLICATE.format(index=index))


@rpc(SV + "CreateService")
def service_create(farm: SimulatedFarm, req: service_pb2.ServiceCreateServiceRequest):
    services = _services(farm)
    _unique([s.name for s in services.values()], req.data.name, "i_service_str_name")
    row = _stored(farm, req.data, farm.new_id("service", f"{req.data.name}#{len(services)}"))
    services[row.id] = row
    return service_pb2.ServiceCreateServiceResponse(service=row)


@rpc(SV + "Update")
def service_update(farm: SimulatedFarm, req: service_pb2.ServiceUpdateRequest):
    services = _services(farm)
    if req.service.id in services:  # else: UPDATE ... WHERE pk_service = ? hits nothing
        others = [s.name for k, s in services.items() if k != req.service.id]
        _unique(others, req.service.name, "i_service_str_name")
        services[req.service.id] = _stored(farm, req.service, req.service.id)
    return service_pb2.ServiceUpdateResponse()


@rpc(SV + "Delete")
def service_delete(farm: SimulatedFarm, req: service_pb2.ServiceDeleteRequest):
    farm.services.pop(req.service.id, None)
    return service_pb2.ServiceDeleteResponse()


def _override_msg(row: service_pb2.Service) -> service_pb2.ServiceOverride:
    return service_pb2.ServiceOverride(id=row.id, data=row)


@rpc(S + "GetServiceOverrides")
def show_service_overrides(farm: SimulatedFarm, req: show_pb2.ShowGetServiceOverridesRequest):
    show = show_of(farm, req.show)
    rows = [_override_msg(row) for sid, row in overrides(farm).values() if sid == show.msg.id]
    return show_pb2.ShowGetServiceOverridesResponse(
        service_overrides=service_pb2.ServiceOverrideSeq(service_overrides=rows)
    )


@rpc(S + "GetServiceOverride")
def show_service_override(farm: SimulatedFarm, req: show_pb2.ShowGetServiceOverrideRequest):
    show = show_of(farm, req.show)
    for sid, row in overrides(farm).values():
        if sid == show.msg.id and req.name in (row.name, row.id):
            return show_pb2.ShowGetServiceOverrideResponse(service_override=_override_msg(row))
    raise internal()


@rpc(S + "CreateServiceOverride")
def show_create_service_override(
    farm: SimulatedFarm, req: show_pb2.ShowCreateServiceOverrideRequest
):
    show = show_of(farm, req.show)
    table = overrides(farm)
    taken = [row.name for sid, row in table.values() if sid == show.msg.id]
    _unique(taken, req.service.name, "i_show_service_str_name")
    data = service_pb2.Service()
    data.CopyFrom(req.service)
    data.timeout = data.timeout_llu = 0  # ManageShow copies neither
    key = f"{show.msg.name}/{req.service.name}#{len(table)}"
    row = _stored(farm, data, farm.new_id("show_service", key))
    table[row.id] = (show.msg.id, row)
    return show_pb2.ShowCreateServiceOverrideResponse(service_override=_override_msg(row))


@rpc(SO + "Update")
def service_override_update(farm: SimulatedFarm, req: service_pb2.ServiceOverrideUpdateRequest):
    table = overrides(farm)
    found = table.get(req.service.id)
    if found is not None:  # else: no row, no change
        show_id = found[0]
        others = [r.name for k, (s, r) in table.items() if s == show_id and k != req.service.id]
        _unique(others, req.service.name, "i_show_service_str_name")
        table[req.service.id] = (show_id, _stored(farm, req.service, req.service.id))
    return service_pb2.ServiceOverrideUpdateResponse()


@rpc(SO + "Delete")
def service_override_delete(farm: SimulatedFarm, req: service_pb2.ServiceOverrideDeleteRequest):
    overrides(farm).pop(req.service.id, None)
    return service_pb2.ServiceOverrideDeleteResponse()
