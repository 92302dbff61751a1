"""Host, Proc, Owner and Deed of `host.proto`, with derived values."""

from __future__ import annotations

import time
from typing import Annotated, ClassVar

from pydantic import Field

from cuetui.models._base import HardwareState, LockState, NullAsList, ProtoModel, ThreadMode


class Host(ProtoModel):
    WIRE_VOLATILE: ClassVar[tuple[str, ...]] = ("load", "ping_time")
    """Integer fields every report changes while the rest of the host stays: an answer's
    host that differs from the last one only there is the last model with them (the
    client's reuse of unchanged items; a GetHosts of 5,000 hosts that all reported)."""

    id: str = ""
    name: str = ""
    alloc_name: str = ""
    nimby_enabled: bool = False
    has_comment: bool = False
    cores: float = 0.0
    idle_cores: float = 0.0
    memory: int = 0
    idle_memory: int = 0
    gpu_memory: int = 0
    idle_gpu_memory: int = 0
    total_swap: int = 0
    total_memory: int = 0
    total_gpu_memory: int = 0
    total_mcp: int = 0
    free_swap: int = 0
    free_memory: int = 0
    free_mcp: int = 0
    free_gpu_memory: int = 0
    load: int = 0
    boot_time: int = 0
    ping_time: int = 0
    os: str = ""
    tags: Annotated[list[str], NullAsList] = Field(default_factory=list)
    state: HardwareState = "UP"
    lock_state: LockState = "OPEN"
    thread_mode: ThreadMode = "AUTO"
    gpus: float = 0.0
    idle_gpus: float = 0.0

    def ping_age(self, now: float | None = None) -> int:
        """Seconds since the host last reported (0 when it never did)."""
        if self.ping_time <= 0:
            return 0
        return max(0, int((time.time() if now is None else now) - self.ping_time))

    @property
    def is_locked(self) -> bool:
        """Locked by hand or by NIMBY: either way it takes no new frames."""
        return self.lock_state != "OPEN"

    @property
    def is_down(self) -> bool:
        return self.state in ("DOWN", "REPAIR")

    @property
    def used_cores(self) -> float:
        return max(0.0, self.cores - self.idle_cores)

    @property
    def load_percent(self) -> float:
        """Load as a percentage of the host's cores (`load` is in hundredths, like CueGUI)."""
        # Cuebot reports load * 100 per core; CueGUI shows load / cores as a percentage.
        if self.cores <= 0:
            return 0.0
        return self.load / self.cores


class Proc(ProtoModel):
    id: str = ""
    name: str = ""
    show_name: str = ""
    job_name: str = ""
    frame_name: str = ""
    group_name: str = ""
    ping_time: int = 0
    # The proto field itself is camelCase (`bookedTime`); the attribute is snake_case.
    booked_time: int = 0
    dispatch_time: int = 0
    reserved_memory: int = 0
    reserved_gpu_memory: int = 0
    used_memory: int = 0
    reserved_cores: float = 0.0
    unbooked: bool = False
    log_path: str = ""
    redirect_target: str = ""
    services: Annotated[list[str], NullAsList] = Field(default_factory=list)
    used_gpu_memory: int = 0
    reserved_gpus: float = 0.0
    # `bytes` on the wire: base64 text, kept as received.
    child_processes: str = ""

    @property
    def host_name(self) -> str:
        """The host part of the proc name (`host/cores`)."""
        return self.name.split("/", 1)[0]

    @property
    def layer_name(self) -> str:
        """The layer part of the frame name (`0001-layer`)."""
        return self.frame_name.split("-", 1)[1] if "-" in self.frame_name else ""

    def runtime_seconds(self, now: float | None = None) -> int:
        """Seconds since the proc was dispatched."""
        start = self.dispatch_time or self.booked_time
        if start <= 0:
            return 0
        return max(0, int((time.time() if now is None else now) - start))


class Owner(ProtoModel):
    id: str = ""
    name: str = ""
    show: str = ""
    host_count: int = 0


class Deed(ProtoModel):
    id: str = ""
    host: str = ""
    owner: str = ""
    show: str = ""
