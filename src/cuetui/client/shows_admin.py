"""Allocation, subscription and show settings calls (CueCommander's show administration).

Each body sends what Cuebot's servant looks the entity up by (docs/wire-contract.md,
"Administration"): an allocation setter by facility + name (`ManageAllocation`), a
subscription by id (`ManageSubscription`), a show by id (`ManageShow`), and
CreateSubscription by show id and allocation **id**. Units differ by call: CreateSubscription
takes cores, SetSize and SetBurst take centcores (hundredths of a core).
"""

from __future__ import annotations

import math
import re

from cuetui.client import _paths as P
from cuetui.client._core import ClientBase
from cuetui.client._targets import ref, target_id
from cuetui.models import Allocation, Show, Subscription

# int32 fields on the wire: the most centcores SetSize/SetBurst can carry.
MAX_CENTCORES = 2**31 - 1
MAX_SUB_CORES = MAX_CENTCORES // 100


def alloc_key(alloc: Allocation) -> dict[str, str]:
    """`{"id", "name", "facility"}`: ManageAllocation's setters read facility and name only.

    Cuebot finds `<facility>.<name>` and strips a `facility.` prefix from the name only when
    the whole name is `\\w+.\\w+`; sending the bare name finds every allocation, a hyphenated
    one too. The id rides along for readers that use it (GetHosts, GetSubscriptions).
    """
    if not isinstance(alloc, Allocation):
        raise ValueError("an allocation setter needs the allocation's facility and name")
    name, facility = alloc.name, alloc.facility
    if not facility and "." in name:
        facility = name.split(".", 1)[0]
    if facility and name.startswith(facility + "."):
        name = name[len(facility) + 1 :]
    if not name or not facility:
        raise ValueError("the allocation has no name or facility: the gateway sent it without")
    key = {"name": name, "facility": facility}
    if alloc.id:
        key = {"id": alloc.id, **key}
    return key


def _cores(value: float, what: str, *, high: float = MAX_SUB_CORES) -> float:
    value = float(value)
    if not math.isfinite(value) or value < 0 or value > high:
        raise ValueError(f"{what} must be from 0 to {high:g} cores, not {value:g}")
    return value


def _centcores(value: float, what: str) -> int:
    """Cores -> the hundredths of a core SetSize/SetBurst take (rounded, as CueGUI)."""
    return round(_cores(value, what) * 100)


_EMAIL = re.compile(r"^[^@\s,]+@[^@\s,]+$")


def comment_emails(text: str) -> str:
    """A comma-separated address list as Cuebot stores it ("" clears it); ValueError if bad."""
    parts = [p.strip() for p in text.split(",")]
    addresses = [p for p in parts if p]
    bad = [p for p in addresses if not _EMAIL.match(p)]
    if bad:
        raise ValueError(f"not an email address: {bad[0]}")
    return ",".join(addresses)


class ShowsAdminMixin(ClientBase):
    """Billable allocations, subscription size/burst/create/delete, show settings."""

    # -- allocations -----------------------------------------------------------------------

    async def set_allocation_billable(self, alloc: Allocation, value: bool) -> None:
        """AllocationInterface/SetBillable: Cuebot finds the allocation by facility + name."""
        body = {"allocation": alloc_key(alloc), "value": bool(value)}
        await self._act(P.ALLOC_SET_BILLABLE, body)

    # -- subscriptions ---------------------------------------------------------------------

    async def set_subscription_size(self, sub: Subscription | str, cores: float) -> None:
        """The cores a show is guaranteed on the allocation (sent as centcores)."""
        body = {"subscription": ref(sub, "subscription"), "newSize": _centcores(cores, "size")}
        await self._act(P.SUB_SET_SIZE, body)

    async def set_subscription_burst(self, sub: Subscription | str, cores: float) -> None:
        """The most cores a show may use on the allocation (sent as centcores)."""
        body = {"subscription": ref(sub, "subscription"), "burst": _centcores(cores, "burst")}
        await self._act(P.SUB_SET_BURST, body)

    async def create_subscription(
        self, show: Show | str, alloc: Allocation | str, size: float, burst: float
    ) -> None:
        """ShowInterface/CreateSubscription: size and burst in cores (not centcores)."""
        body = {
            "show": ref(show, "show"),
            "allocationId": target_id(alloc, "allocation"),
            "size": _cores(size, "size"),
            "burst": _cores(burst, "burst"),
        }
        await self._act(P.SHOW_CREATE_SUBSCRIPTION, body)

    async def delete_subscription(self, sub: Subscription | str) -> None:
        """Cuebot refuses while the show has cores running on it."""
        await self._act(P.SUB_DELETE, {"subscription": ref(sub, "subscription")})

    # -- show settings ---------------------------------------------------------------------

    async def set_show_default_min_cores(self, show: Show | str, cores: float) -> None:
        """The min cores new jobs of the show get (Cuebot keeps whole cores)."""
        body = {"show": ref(show, "show"), "minCores": _cores(cores, "default min cores")}
        await self._act(P.SHOW_SET_DEFAULT_MIN_CORES, body)

    async def set_show_default_max_cores(self, show: Show | str, cores: float) -> None:
        """The max cores new jobs of the show get (Cuebot keeps whole cores)."""
        body = {"show": ref(show, "show"), "maxCores": _cores(cores, "default max cores")}
        await self._act(P.SHOW_SET_DEFAULT_MAX_CORES, body)

    async def enable_show_booking(self, show: Show | str, enabled: bool) -> None:
        await self._act(
            P.SHOW_ENABLE_BOOKING, {"show": ref(show, "show"), "enabled": bool(enabled)}
        )

    async def enable_show_dispatching(self, show: Show | str, enabled: bool) -> None:
        body = {"show": ref(show, "show"), "enabled": bool(enabled)}
        await self._act(P.SHOW_ENABLE_DISPATCHING, body)

    async def set_show_comment_email(self, show: Show | str, emails: str) -> None:
        """Who gets the show's job comments: addresses separated by commas ("" for none)."""
        body = {"show": ref(show, "show"), "email": comment_emails(emails)}
        await self._act(P.SHOW_SET_COMMENT_EMAIL, body)

    async def set_show_active(self, show: Show | str, active: bool) -> None:
        """An inactive show leaves GetActiveShows; its running jobs carry on."""
        await self._act(P.SHOW_SET_ACTIVE, {"show": ref(show, "show"), "value": bool(active)})
