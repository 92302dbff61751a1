"""Smaller messages: Comment, Depend, Limit, Service, ServiceOverride."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from cuetui.models._base import DependTarget, DependType, EnumName, NullAsList, ProtoModel

LimitType = Annotated[str, EnumName(("FRAME", "HOST"))]
LimitEnforcement = Annotated[str, EnumName(("ENFORCED", "ADVISORY", "DISABLED"))]


class Comment(ProtoModel):
    id: str = ""
    timestamp: int = 0
    user: str = ""
    subject: str = ""
    message: str = ""


class Depend(ProtoModel):
    id: str = ""
    type: DependType = "JOB_ON_JOB"
    target: DependTarget = "INTERNAL"
    any_frame: bool = False
    active: bool = False
    depend_er_job: str = ""
    depend_er_layer: str = ""
    depend_er_frame: str = ""
    depend_on_job: str = ""
    depend_on_layer: str = ""
    depend_on_frame: str = ""


class Limit(ProtoModel):
    id: str = ""
    name: str = ""
    max_value: int = 0
    current_running: int = 0
    # Newer fields (present in recent protos only; defaulted when an older gateway omits them).
    type: LimitType = "FRAME"
    enforcement: LimitEnforcement = "ENFORCED"
    soft_value: int = 0
    current_usage: int = 0
    settled_usage: int = 0
    pending_usage: int = 0
    host_count: int = 0
    last_report_time: int = 0
    report_source: str = ""
    report_ttl: int = 0
    report_stale: bool = False
    blocking_disabled: bool = False
    exit_status: int = 0
    delay_minutes: int = 0
    auto_tag: bool = False
    spec_layer_count: int = 0
    auto_layer_count: int = 0


class Service(ProtoModel):
    """A service. Its cores are in hundredths of a core ("threads"); memory is KB."""

    id: str = ""
    name: str = ""
    threadable: bool = False
    min_cores: int = 0
    max_cores: int = 0
    min_memory: int = 0
    min_gpu_memory: int = 0
    tags: Annotated[list[str], NullAsList] = Field(default_factory=list)
    timeout: int = 0
    timeout_llu: int = 0
    min_gpus: int = 0
    max_gpus: int = 0
    min_memory_increase: int = 0


class ServiceOverride(ProtoModel):
    """A show's own values for a service; Cuebot gives `data.id` the override's id too."""

    id: str = ""
    data: Service | None = None

    @property
    def service(self) -> Service:
        """The values as a Service whose id is the override's (what its Update/Delete read)."""
        data = self.data if self.data is not None else Service()
        return data if data.id or not self.id else data.model_copy(update={"id": self.id})
