"""Services (CueCommander's Services view): the facility's defaults (ServiceInterface) and a
show's overrides (ShowInterface GetServiceOverrides/CreateServiceOverride,
ServiceOverrideInterface Update/Delete).

What Cuebot does with them (ManageService, ManageServiceOverride, ManageShow, ServiceDaoJdbc):
- Update and Delete find the row by the Service's **id** only (`WHERE pk_service = ?`,
  `pk_show_service = ?`): an unknown id is a silent no-op (200, nothing changes), and an
  override's id sent to ServiceInterface (or the reverse) changes nothing either.
- Update is not a patch: it writes every field, name included; a field left out becomes 0 or
  empty. So an edit reads the row afresh (GetService / GetServiceOverride, which match the
  id as well as the name) and sends it whole with the one value changed: two edits between
  polls, or another wrangler's, are not undone by a stale row.
- Names are unique (`service.str_name`, and `(str_name, pk_show)` for overrides), at most 36
  characters; tags are stored joined by " | " in 128 characters. A clash is a 500 from the
  database; these are refused here before sending.
- CreateServiceOverride finds the show by id (a miss: 500) and does not copy `timeout` and
  `timeoutLlu` (stored as 0): `create_service_override` sets them with an Update after.
- Units: cores in hundredths of a core (100 = 1 thread, as CueGUI's form says), memory and GPU
  memory in KB, timeouts in minutes. Memory columns are 32-bit (at most 2^31-1 KB).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from cuetui.client import _paths as P
from cuetui.client._core import ClientBase
from cuetui.client._targets import ref, target_id
from cuetui.models import Service, ServiceOverride, Show

MAX_SERVICE_NAME = 36  # service.str_name VARCHAR(36)
MAX_TAGS_TEXT = 128  # str_tags VARCHAR(128), the tags joined by " | "
MAX_INT = 2**31 - 1  # every number column is a 32-bit INT (GPU memory's is read as one)
MAX_CENTCORES = 100 * 1024  # CueGUI's form stops far below; a guard against a typo in cores
_NAME = re.compile(r"^[A-Za-z0-9|/_-]+$")  # CueGUI: alphanumeric and | / - _


def service_name(name: str) -> str:
    """A service name Cuebot stores and CueGUI accepts; ValueError says what is wrong."""
    name = name.strip()
    if len(name) < 3:
        raise ValueError("a service name has at least 3 characters")
    if len(name) > MAX_SERVICE_NAME:
        raise ValueError(f"a service name has at most {MAX_SERVICE_NAME} characters")
    if not _NAME.match(name):
        raise ValueError("a service name takes letters, digits and | / - _ only")
    return name


def service_tags(tags: Iterable[str]) -> list[str]:
    """Tags as Cuebot stores them: spaces dropped, repeats once, joined in 128 characters."""
    out = list(dict.fromkeys(t.replace(" ", "") for t in tags if t.strip()))
    if not out:
        raise ValueError("a service needs at least one tag")
    if len(" | ".join(out)) > MAX_TAGS_TEXT:
        raise ValueError(f"a service's tags fit in {MAX_TAGS_TEXT} characters (joined by ' | ')")
    return out


def _count(what: str, low: int = 0, high: int = MAX_INT) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or int(value) != value or not low <= value <= high:
            raise ValueError(f"{what} is a whole number from {low} to {high:,}")
        return int(value)

    return check


# attr -> (wire name, the strict check a value set by the user passes)
_FIELDS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "name": ("name", service_name),
    "threadable": ("threadable", bool),
    "min_cores": ("minCores", _count("min cores (hundredths of a core)", 1, MAX_CENTCORES)),
    "max_cores": ("maxCores", _count("max cores (hundredths of a core)", 0, MAX_CENTCORES)),
    "min_memory": ("minMemory", _count("min memory (KB)")),
    "min_gpu_memory": ("minGpuMemory", _count("GPU memory (KB)")),
    "tags": ("tags", service_tags),
    "timeout": ("timeout", _count("a timeout (minutes)")),
    "timeout_llu": ("timeoutLlu", _count("an LLU timeout (minutes)")),
    "min_gpus": ("minGpus", _count("min GPUs")),
    "max_gpus": ("maxGpus", _count("max GPUs")),
    # pycue refuses 0: a retry after running out of memory would get no more.
    "min_memory_increase": ("minMemoryIncrease", _count("the memory increase (KB)", 1)),
}


def check_values(svc: Service, attrs: Iterable[str]) -> Service:
    """`svc` with the values of `attrs` (those a user set) checked strictly and normalised."""
    attrs = set(attrs)
    unknown = attrs - set(_FIELDS)
    if unknown:
        raise ValueError(f"a service has no {sorted(unknown)[0]}")
    values = {a: _FIELDS[a][1](getattr(svc, a)) for a in attrs}
    out = svc.model_copy(update=values)
    if attrs & {"min_cores", "max_cores"} and 0 < out.max_cores < out.min_cores:
        raise ValueError("max cores is below min cores (0 means no limit)")
    if attrs & {"min_gpus", "max_gpus"} and 0 < out.max_gpus < out.min_gpus:
        raise ValueError("max GPUs is below min GPUs (0 means no limit)")
    return out


def service_body(svc: Service, *, with_id: bool = True) -> dict[str, Any]:
    """The whole Service message as stored (Update writes every field): values not set by the
    user pass as Cuebot sent them, whatever they are, so an edit never fails on another."""
    body: dict[str, Any] = {wire: getattr(svc, attr) for attr, (wire, _) in _FIELDS.items()}
    body["tags"] = [t for t in body["tags"] if t]  # Cuebot reads "" back as [""]
    if with_id:
        body = {"id": target_id(svc, "service"), **body}
    return body


class ServicesMixin(ClientBase):
    """Default services and show overrides; writes send the whole service, found by id."""

    async def get_service_overrides(self, show: Show | str) -> list[ServiceOverride]:
        """The show's overrides (the show by id: a miss is a 500)."""
        body = {"show": ref(show, "show")}
        return await self._read_list(
            P.SHOW_GET_SERVICE_OVERRIDES, body, "serviceOverrides", ServiceOverride
        )

    async def get_service(self, name_or_id: str) -> Service:
        """One default service by name or id (a miss: 404)."""
        return await self._read_one(P.SERVICE_GET, {"name": name_or_id}, "service", Service)

    async def get_service_override(self, show: Show | str, name_or_id: str) -> ServiceOverride:
        """One of the show's overrides by name or id (a miss: an uncaught 500)."""
        body = {"show": ref(show, "show"), "name": name_or_id}
        return await self._read_one(
            P.SHOW_GET_SERVICE_OVERRIDE, body, "serviceOverride", ServiceOverride
        )

    async def edit_service(self, svc: Service, **changes: Any) -> None:
        """Change some values of a default service: read afresh, then Update it whole."""
        check_values(Service(**changes), changes)  # a bad value sends nothing at all
        fresh = await self.get_service(target_id(svc, "service"))
        edited = check_values(fresh.model_copy(update=changes), changes)
        await self._act(P.SERVICE_UPDATE, {"service": service_body(edited)})

    async def edit_service_override(self, show: Show | str, svc: Service, **changes: Any) -> None:
        """Change some values of a show's override: read afresh, then Update it whole."""
        check_values(Service(**changes), changes)
        found = await self.get_service_override(show, target_id(svc, "service override"))
        edited = check_values(found.service.model_copy(update=changes), changes)
        await self._act(P.SERVICE_OVERRIDE_UPDATE, {"service": service_body(edited)})

    async def create_service(self, svc: Service) -> Service:
        """A new default service (a taken name is a 500 from Cuebot's unique index)."""
        body = {"data": service_body(check_values(svc, _FIELDS), with_id=False)}
        return await self._read_one(P.SERVICE_CREATE, body, "service", Service)

    async def delete_service(self, svc: Service | str) -> None:
        """Delete a default service (by id; an unknown id changes nothing)."""
        await self._act(P.SERVICE_DELETE, {"service": ref(svc, "service")})

    async def create_service_override(self, show: Show | str, svc: Service) -> ServiceOverride:
        """The show's own values for service `svc.name`; timeouts follow in an Update, since
        CreateServiceOverride does not store them."""
        svc = check_values(svc, _FIELDS)
        data = service_body(svc, with_id=False)
        body = {"show": ref(show, "show"), "service": data}
        made = await self._read_one(
            P.SHOW_CREATE_SERVICE_OVERRIDE, body, "serviceOverride", ServiceOverride
        )
        new_id = made.service.id
        if (svc.timeout or svc.timeout_llu) and new_id:
            # The values just stored, with the timeouts, onto the new override's id.
            timed = svc.model_copy(update={"id": new_id})
            await self._act(P.SERVICE_OVERRIDE_UPDATE, {"service": service_body(timed)})
        return made

    async def delete_service_override(self, svc: Service | str) -> None:
        """Delete a show's override (by id): the show's new layers get the default again."""
        await self._act(P.SERVICE_OVERRIDE_DELETE, {"service": ref(svc, "service override")})
