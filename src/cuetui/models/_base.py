"""Shared plumbing for the protojson models: naming, enum and null handling."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler
from pydantic_core import core_schema

from cuetui.models.states import (
    CHECKPOINT_STATES,
    DEPEND_TARGETS,
    DEPEND_TYPES,
    FRAME_STATES,
    HARDWARE_STATES,
    JOB_STATES,
    LAYER_TYPES,
    LOCK_STATES,
    THREAD_MODES,
)


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

    # pydantic keeps, per model, the set of fields its input had: ~2 KB for a host, a job
    # or a job's stats (~100 MB for 25,000 hosts and 10,000 jobs). The gateway sends every
    # field (EmitUnpopulated), so that set is the same for each model of a class: one set
    # per class holds them all. Adding an assigned field to a set that holds every field
    # changes nothing, so pydantic's `fields_set.add` on assignment stays right.
    __all_fields__: ClassVar[set[str]] = set()
    __field_count__: ClassVar[int] = -1

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls.__all_fields__ = set(cls.model_fields)
        cls.__field_count__ = len(cls.__all_fields__)

    def model_post_init(self, context: Any, /) -> None:
        # Each model's own set is dropped as it is made, not after the whole list: freed
        # in bulk later, 25,000 sets left holes between the live models that the process
        # kept (+50 MB of RSS at 25,000 hosts). ~0.2 us a model.
        if len(self.__pydantic_fields_set__) == self.__field_count__:
            _set_slot(self, "__pydantic_fields_set__", self.__all_fields__)


_set_slot = object.__setattr__


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


class EnumName:
    """`Annotated[str, EnumName(names)]`: a proto enum whose values are `names` in number order.

    Validates like `enum_validator`, without a Python call for a name (the usual input).

    A BeforeValidator is a Python call per field per item: at 5,000 hosts that was a third
    of GetHosts' parse time (96 -> 63 ms in the bench). Names stay in pydantic-core; numbers,
    null and anything odd still go through `enum_validator`.
    """

    def __init__(self, names: tuple[str, ...]) -> None:
        self.convert = enum_validator(names)

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        slow = core_schema.no_info_plain_validator_function(self.convert)
        return core_schema.union_schema(
            [core_schema.str_schema(strict=True), slow], mode="left_to_right"
        )


class _NullAs:
    """grpc-gateway prints an unset sub-message or list as `null`: it becomes a fresh empty
    value, the protojson default (`JobStats()`, `[]`, from `empty(source_type)`); anything else
    validates as usual, in pydantic-core (the BeforeValidator it replaces was a Python call
    per item)."""

    def __init__(self, empty: Callable[[Any], Any]) -> None:
        self.empty = empty

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        empty = self.empty
        null = core_schema.no_info_after_validator_function(
            lambda _: empty(source), core_schema.none_schema()
        )
        return core_schema.union_schema([handler(source), null], mode="left_to_right")


NullAsEmpty = _NullAs(lambda model: model())
NullAsList = _NullAs(lambda _: [])

# Enums of the real protos (opencue_proto), in number order: the lists are in states.py.
# Spelled out (not made by a function) so that mypy reads each as the str it holds.
JobState = Annotated[str, EnumName(JOB_STATES)]
FrameState = Annotated[str, EnumName(FRAME_STATES)]
LayerType = Annotated[str, EnumName(LAYER_TYPES)]
CheckpointState = Annotated[str, EnumName(CHECKPOINT_STATES)]
HardwareState = Annotated[str, EnumName(HARDWARE_STATES)]
LockState = Annotated[str, EnumName(LOCK_STATES)]
ThreadMode = Annotated[str, EnumName(THREAD_MODES)]
DependType = Annotated[str, EnumName(DEPEND_TYPES)]
DependTarget = Annotated[str, EnumName(DEPEND_TARGETS)]
