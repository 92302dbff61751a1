"""Shared plumbing for the protojson models: naming, enum and null handling."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict


def json_name(name: str) -> str:
    """The protojson (lowerCamelCase) name of a proto field, as protoc computes it."""
    # protoc capitalises the character after each underscore and drops the underscore; it
    # does not lower-case anything, so `bookedTime` (a camelCase proto field) stays as is.
    out: list[str] = []
    upper = False
    for ch in name:
        if ch == "_":
            upper = True
            continue
        out.append(ch.upper() if upper else ch)
        upper = False
    return "".join(out)


class ProtoModel(BaseModel):
    """Base of every wire model: snake_case attributes, camelCase aliases, tolerant input."""

    model_config = ConfigDict(
        alias_generator=json_name,
        populate_by_name=True,
        extra="ignore",
        # Frozen would cost nothing at parse time, but screens patch frames in place from
        # GetUpdatedFrames, so models stay mutable.
        frozen=False,
        validate_assignment=False,
        str_strip_whitespace=False,
    )


def _null_to_empty(value: Any) -> Any:
    # grpc-gateway prints an unset sub-message as `null`; the model wants its defaults.
    return {} if value is None else value


def _null_to_list(value: Any) -> Any:
    return [] if value is None else value


def enum_validator(names: tuple[str, ...]) -> Callable[[Any], Any]:
    """Keep enum values as their proto names; numbers become names; unknown values stay text."""

    def convert(value: Any) -> Any:
        if isinstance(value, str):
            return value
        if value is None:
            return names[0]
        if isinstance(value, int) and not isinstance(value, bool):
            # A gateway built from newer protos prints values it knows and we do not as
            # numbers; keep them as text so they still display.
            return names[value] if 0 <= value < len(names) else str(value)
        return str(value)

    return convert


def enum_type(*names: str) -> Any:
    """An `Annotated[str, ...]` for a proto enum whose values are `names` in number order."""
    return Annotated[str, BeforeValidator(enum_validator(names))]


NullAsEmpty = BeforeValidator(_null_to_empty)
NullAsList = BeforeValidator(_null_to_list)

# Enums of the real protos (opencue_proto), in number order.
JobState = enum_type("PENDING", "FINISHED", "STARTUP", "SHUTDOWN", "POSTED")
FrameState = enum_type(
    "WAITING", "SETUP", "RUNNING", "SUCCEEDED", "DEPEND", "DEAD", "EATEN", "CHECKPOINT"
)
LayerType = enum_type("PRE", "POST", "RENDER", "UTIL")
CheckpointState = enum_type("DISABLED", "ENABLED", "COPYING", "COMPLETE")
HardwareState = enum_type("UP", "DOWN", "REBOOTING", "REBOOT_WHEN_IDLE", "REPAIR")
LockState = enum_type("OPEN", "LOCKED", "NIMBY_LOCKED")
ThreadMode = enum_type("AUTO", "ALL", "VARIABLE")
DependType = enum_type(
    "JOB_ON_JOB",
    "JOB_ON_LAYER",
    "JOB_ON_FRAME",
    "LAYER_ON_JOB",
    "LAYER_ON_LAYER",
    "LAYER_ON_FRAME",
    "FRAME_ON_JOB",
    "FRAME_ON_LAYER",
    "FRAME_ON_FRAME",
    "FRAME_BY_FRAME",
    "PREVIOUS_FRAME",
    "LAYER_ON_SIM_FRAME",
)
DependTarget = enum_type("INTERNAL", "EXTERNAL", "ANY_TARGET")
