"""GatewayClient: one typed async method per gateway call (docs/wire-contract.md).

Reads return models (lists for list calls); actions return None once the gateway has
accepted them. Every failure is a `cuetui.client.errors.GatewayError`. Nothing outside
this package builds a request body or knows a path.

    async with GatewayClient.from_settings(settings) as client:
        jobs = await client.get_jobs(shows=["testing"])
        await client.retry_job_dead_frames(jobs[0])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cuetui.client.depends import DependsMixin
from cuetui.client.depts import DeptsMixin
from cuetui.client.farm import FarmMixin
from cuetui.client.filters import FiltersMixin
from cuetui.client.groups import GroupsMixin
from cuetui.client.hosts_admin import HostsAdminMixin
from cuetui.client.jobs import JobsMixin
from cuetui.client.knobs import KnobsMixin
from cuetui.client.limits import LimitsMixin
from cuetui.client.owners import OwnersMixin
from cuetui.client.services import ServicesMixin
from cuetui.client.shows_admin import ShowsAdminMixin

if TYPE_CHECKING:
    from cuetui.config import Settings


class GatewayClient(
    JobsMixin,
    FarmMixin,
    ShowsAdminMixin,
    GroupsMixin,
    FiltersMixin,
    HostsAdminMixin,
    KnobsMixin,
    LimitsMixin,
    DependsMixin,
    ServicesMixin,
    DeptsMixin,
    OwnersMixin,
):
    """Async client of the OpenCue REST Gateway.

    `GatewayClient(base_url, auth, *, verify=True, connect_timeout=5.0, read_timeout=15.0,
    user=<login name>, retries=3, updated_frames_timeout=5.0, transport=None)`; `auth` is a
    `cuetui.client.auth` token source (StaticToken, MintedToken) or None. Use it as
    `async with`, or call `await client.aclose()`.
    """

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: Any) -> GatewayClient:
        """A client for a resolved profile; `overrides` go to the constructor (e.g. transport)."""
        kwargs: dict[str, Any] = {
            "verify": settings.verify,
            "connect_timeout": settings.connect_timeout,
            "read_timeout": settings.read_timeout,
            "user": settings.user,
        }
        kwargs.update(overrides)
        return cls(settings.gateway, settings.token_source(), **kwargs)

    async def __aenter__(self) -> GatewayClient:
        return self
