"""Show, host, proc, allocation and subscription calls (the farm side)."""

from __future__ import annotations

from collections.abc import Iterable

from cuetui.client import _paths as P
from cuetui.client._core import ClientBase
from cuetui.client._targets import criteria, ref, str_list, target_id
from cuetui.client.errors import NotFound, UnknownShow
from cuetui.models import (
    Allocation,
    Facility,
    Group,
    Host,
    Job,
    Layer,
    Limit,
    Proc,
    Service,
    Show,
    Subscription,
)
from cuetui.models.states import HARDWARE_STATES, LOCK_STATES


def _enum_list(
    values: str | Iterable[str] | None, known: tuple[str, ...], what: str
) -> list[str] | None:
    items = str_list(values)
    if items is None:
        return None
    upper = [v.upper() for v in items]
    unknown = [v for v in upper if v not in known]
    if unknown:
        # The gateway would drop an unknown name and the filter would match everything.
        raise ValueError(f"unknown {what} {unknown}; known: {', '.join(known)}")
    return upper


def _names(values: str | Job | Layer | Iterable[str | Job | Layer] | None) -> list[str] | None:
    if values is None:
        return None
    if isinstance(values, str | Job | Layer):
        values = [values]
    return [v.name if isinstance(v, Job | Layer) else str(v) for v in values]


class FarmMixin(ClientBase):
    """Reads and actions on shows, hosts, procs, allocations and subscriptions."""

    # -- shows -----------------------------------------------------------------------------

    async def get_shows(self) -> list[Show]:
        return await self._read_list(P.GET_SHOWS, {}, "shows", Show)

    async def get_active_shows(self) -> list[Show]:
        return await self._read_list(P.GET_ACTIVE_SHOWS, {}, "shows", Show)

    async def find_show(self, name: str) -> Show:
        """One show by name (UnknownShow, naming the farm's shows, when there is none)."""
        if not name:
            raise ValueError("a show name is required")
        try:
            return await self._read_one(P.FIND_SHOW, {"name": name}, "show", Show)
        except NotFound as exc:
            if isinstance(exc, UnknownShow):
                raise
            # Cuebot says "Incorrect result size: expected 1, actual 0"; say which shows exist.
            shows = [s.name for s in await self.get_shows() if s.name]
            raise UnknownShow(
                [name],
                shows,
                path=exc.path,
                url=exc.url,
                status=exc.status,
                code=exc.code,
                detail=exc.detail,
            ) from None

    async def missing_shows(self, names: Iterable[str]) -> tuple[list[str], list[str]]:
        """(the names that are not shows on this farm, every show's name): one GetShows.

        GetJobs for a show that does not exist answers an empty list, as for an idle show;
        this tells the two apart.
        """
        shows = [s.name for s in await self.get_shows() if s.name]
        known = set(shows)
        return [n for n in dict.fromkeys(names) if n not in known], shows

    async def get_show_subscriptions(self, show: Show | str) -> list[Subscription]:
        body = {"show": ref(show, "show")}
        return await self._read_list(P.SHOW_GET_SUBSCRIPTIONS, body, "subscriptions", Subscription)

    async def get_groups(self, show: Show | str) -> list[Group]:
        return await self._read_list(
            P.SHOW_GET_GROUPS, {"show": ref(show, "show")}, "groups", Group
        )

    # -- hosts -----------------------------------------------------------------------------

    async def get_hosts(
        self,
        *,
        allocs: str | Iterable[str] | None = None,
        regex: str | Iterable[str] | None = None,
        states: str | Iterable[str] | None = None,
        lock_states: str | Iterable[str] | None = None,
        names: str | Iterable[str] | None = None,
        substr: str | Iterable[str] | None = None,
        ids: str | Iterable[str] | None = None,
    ) -> list[Host]:
        """Hosts matching every given criterion (all hosts with none).

        `allocs` are full allocation names, `states` HardwareState names, `lock_states`
        LockState names, `regex` name patterns (PostgreSQL `~`, a search), `names` exact
        names, `substr` LIKE fragments. An explicitly empty list matches nothing and sends
        no request. The lock states are sent and also checked here: a Cuebot before v1.8
        has no `lockStates` (its gateway drops the field) and answers every lock state.
        """
        hw = _enum_list(states, HARDWARE_STATES, "hardware state(s)")
        lock = _enum_list(lock_states, LOCK_STATES, "lock state(s)")
        fields = {
            "hosts": str_list(names),
            "regex": str_list(regex),
            "substr": str_list(substr),
            "ids": str_list(ids),
            "allocs": str_list(allocs),
        }
        if any(v == [] for v in (*fields.values(), hw, lock)):
            return []
        r = criteria(**fields)
        if hw:
            r["states"] = {"state": hw}
        if lock:
            r["lockStates"] = {"state": lock}
        hosts = await self._read_list(P.GET_HOSTS, {"r": r}, "hosts", Host)
        return [h for h in hosts if h.lock_state in lock] if lock else hosts

    async def get_host(self, host_id: str) -> Host:
        return await self._read_one(P.GET_HOST, {"id": target_id(host_id, "host")}, "host", Host)

    async def find_host(self, name: str) -> Host:
        """One host by name (NotFound when there is none)."""
        if not name:
            raise ValueError("a host name is required")
        return await self._read_one(P.FIND_HOST, {"name": name}, "host", Host)

    async def get_host_procs(self, host: Host | str) -> list[Proc]:
        return await self._read_list(P.HOST_GET_PROCS, {"host": ref(host, "host")}, "procs", Proc)

    # -- host actions ----------------------------------------------------------------------

    async def lock_host(self, host: Host | str) -> None:
        """Lock a host: it takes no new frames; running frames keep running."""
        await self._act(P.HOST_LOCK, {"host": ref(host, "host")})

    async def unlock_host(self, host: Host | str) -> None:
        await self._act(P.HOST_UNLOCK, {"host": ref(host, "host")})

    async def add_host_tags(self, host: Host | str, tags: Iterable[str]) -> None:
        values = _tags(tags)
        await self._act(P.HOST_ADD_TAGS, {"host": ref(host, "host"), "tags": values})

    async def remove_host_tags(self, host: Host | str, tags: Iterable[str]) -> None:
        values = _tags(tags)
        await self._act(P.HOST_REMOVE_TAGS, {"host": ref(host, "host"), "tags": values})

    async def rename_host_tag(self, host: Host | str, old: str, new: str) -> None:
        if not old.strip() or not new.strip():
            raise ValueError("both the old and the new tag are required")
        body = {"host": ref(host, "host"), "oldTag": old.strip(), "newTag": new.strip()}
        await self._act(P.HOST_RENAME_TAG, body)

    async def set_host_hardware_state(self, host: Host | str, state: str) -> None:
        """Set UP / DOWN / REBOOTING / REBOOT_WHEN_IDLE / REPAIR."""
        (value,) = _enum_list(state, HARDWARE_STATES, "hardware state") or [""]
        await self._act(P.HOST_SET_HARDWARE_STATE, {"host": ref(host, "host"), "state": value})

    async def set_host_repair(self, host: Host | str) -> None:
        """Put a host in REPAIR (CueGUI's "Set Repair State")."""
        await self.set_host_hardware_state(host, "REPAIR")

    async def clear_host_repair(self, host: Host | str) -> None:
        """Take a host out of REPAIR: sends DOWN, as CueGUI does; it comes UP when it reports."""
        await self.set_host_hardware_state(host, "DOWN")

    # -- procs -----------------------------------------------------------------------------

    async def get_procs(
        self,
        *,
        hosts: str | Iterable[str] | None = None,
        jobs: str | Job | Iterable[str | Job] | None = None,
        layers: str | Layer | Iterable[str | Layer] | None = None,
        shows: str | Iterable[str] | None = None,
        allocs: str | Iterable[str] | None = None,
        max_results: int | None = None,
    ) -> list[Proc]:
        """Procs matching every given criterion (by names: host, job, layer, show, alloc).

        With no criterion Cuebot returns every proc on the farm. An explicitly empty list
        matches nothing and sends no request.
        """
        fields = {
            "hosts": str_list(hosts),
            "jobs": _names(jobs),
            "layers": _names(layers),
            "shows": str_list(shows),
            "allocs": str_list(allocs),
        }
        if any(v == [] for v in fields.values()):
            return []
        r = criteria(**fields)
        if max_results is not None:
            # A repeated int32 in the proto; Cuebot reads the first.
            r["maxResults"] = [int(max_results)]
        return await self._read_list(P.GET_PROCS, {"r": r}, "procs", Proc)

    async def kill_proc(self, proc: Proc | str) -> None:
        """Kill a proc (its frame is retried by Cuebot as usual)."""
        await self._act(P.PROC_KILL, {"proc": ref(proc, "proc")})

    async def unbook_proc(self, proc: Proc | str, *, kill: bool = False) -> None:
        """Unbook a proc: it finishes its frame and is freed (kill=True kills the frame now)."""
        await self._act(P.PROC_UNBOOK, {"proc": ref(proc, "proc"), "kill": bool(kill)})

    # -- allocations, facilities, limits, services ------------------------------------------

    async def get_allocations(self) -> list[Allocation]:
        return await self._read_list(P.GET_ALLOCATIONS, {}, "allocations", Allocation)

    async def find_allocation(self, name: str) -> Allocation:
        """One allocation by name (`facility.alloc`); AllocationInterface/Get takes no id."""
        if not name:
            raise ValueError("an allocation name is required")
        return await self._read_one(P.FIND_ALLOCATION, {"name": name}, "allocation", Allocation)

    async def get_allocation_subscriptions(self, alloc: Allocation | str) -> list[Subscription]:
        body = {"allocation": ref(alloc, "allocation")}
        return await self._read_list(P.ALLOC_GET_SUBSCRIPTIONS, body, "subscriptions", Subscription)

    async def get_facility(self, name: str) -> Facility:
        """One facility by name (the gateway has no call listing them: use allocations)."""
        if not name:
            raise ValueError("a facility name is required")
        return await self._read_one(P.GET_FACILITY, {"name": name}, "facility", Facility)

    async def get_limits(self) -> list[Limit]:
        # LimitGetAllResponse is `repeated Limit limits`: wrapped once, not twice.
        return await self._read_flat_list(P.GET_LIMITS, {}, "limits", Limit)

    async def get_default_services(self) -> list[Service]:
        return await self._read_list(P.GET_DEFAULT_SERVICES, {}, "services", Service)


def _tags(tags: Iterable[str]) -> list[str]:
    values = [t.strip() for t in str_list(tags) or [] if t.strip()]
    if not values:
        raise ValueError("at least one tag is required")
    return values
