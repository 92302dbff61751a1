"""Facility, Allocation (+stats) of `facility.proto` and Subscription of `subscription.proto`."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from cuetui.models._base import NullAsEmpty, ProtoModel


class Facility(ProtoModel):
    id: str = ""
    name: str = ""


class AllocationStats(ProtoModel):
    cores: float = 0.0
    available_cores: float = 0.0
    idle_cores: float = 0.0
    running_cores: float = 0.0
    locked_cores: float = 0.0
    hosts: int = 0
    locked_hosts: int = 0
    down_hosts: int = 0
    gpus: float = 0.0
    available_gpus: float = 0.0
    idle_gpus: float = 0.0
    running_gpus: float = 0.0
    locked_gpus: float = 0.0


class Allocation(ProtoModel):
    id: str = ""
    name: str = ""
    tag: str = ""
    facility: str = ""
    billable: bool = False
    stats: Annotated[AllocationStats, NullAsEmpty] = Field(default_factory=AllocationStats)

    @property
    def usage(self) -> float:
        """Running cores as a fraction of the allocation's cores."""
        return self.stats.running_cores / self.stats.cores if self.stats.cores > 0 else 0.0


class Subscription(ProtoModel):
    """A show's share of an allocation. `size`, `burst`, `reserved_cores` are centcores."""

    id: str = ""
    name: str = ""
    show_name: str = ""
    facility: str = ""
    allocation_name: str = ""
    size: int = 0
    burst: int = 0
    reserved_cores: int = 0
    reserved_gpus: int = 0

    @property
    def size_cores(self) -> float:
        """Guaranteed cores (the wire value is in hundredths of a core)."""
        return self.size / 100.0

    @property
    def burst_cores(self) -> float:
        """Maximum cores (the wire value is in hundredths of a core)."""
        return self.burst / 100.0

    @property
    def reserved_cores_value(self) -> float:
        """Cores in use (the wire value is in hundredths of a core)."""
        return self.reserved_cores / 100.0

    @property
    def usage(self) -> float:
        """Reserved cores as a fraction of the size (CueGUI's "Used" %); 0 when size is 0."""
        return self.reserved_cores / self.size if self.size > 0 else 0.0
