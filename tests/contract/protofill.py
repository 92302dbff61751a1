"""Build fully populated real proto messages (every field a distinct value) for the tests."""

from __future__ import annotations

import importlib
from itertools import count
from typing import Any

from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message

F = FieldDescriptor
_INT64 = (F.TYPE_INT64, F.TYPE_UINT64, F.TYPE_SINT64, F.TYPE_FIXED64, F.TYPE_SFIXED64)
_INT32 = (F.TYPE_INT32, F.TYPE_UINT32, F.TYPE_SINT32, F.TYPE_FIXED32, F.TYPE_SFIXED32)

# Proto packages of the services the gateway serves (docs/wire-contract.md, "Paths").
GATEWAY_SERVICES = {
    "show": ["ShowInterface"],
    "job": ["JobInterface", "LayerInterface", "FrameInterface", "GroupInterface"],
    "host": ["HostInterface", "ProcInterface", "OwnerInterface", "DeedInterface"],
    "facility": ["FacilityInterface", "AllocationInterface"],
    "subscription": ["SubscriptionInterface"],
    "filter": ["FilterInterface", "ActionInterface", "MatcherInterface"],
    "depend": ["DependInterface"],
    "limit": ["LimitInterface"],
    "service": ["ServiceInterface", "ServiceOverrideInterface"],
    "task": ["TaskInterface"],
    "comment": ["CommentInterface"],
    "department": ["DepartmentInterface"],
}


def proto_module(package: str) -> Any:
    return importlib.import_module(f"opencue_proto.{package}_pb2")


def rpc(path: str) -> Any:
    """The MethodDescriptor of `/<package>.<Service>/<Method>`, or None."""
    service_full, _, method = path.lstrip("/").partition("/")
    package, _, service = service_full.partition(".")
    if service not in GATEWAY_SERVICES.get(package, []):
        return None
    desc = proto_module(package).DESCRIPTOR.services_by_name.get(service)
    return desc.methods_by_name.get(method) if desc else None


def message_class(desc: Descriptor) -> type[Message]:
    from google.protobuf import message_factory

    return message_factory.GetMessageClass(desc)


def populate(msg: Message, counter: count | None = None, depth: int = 0) -> Message:
    """Set every field of `msg` (recursively) to a distinct, non-default value."""
    counter = counter or count(1)
    seen_oneofs: set[str] = set()
    for field in msg.DESCRIPTOR.fields:
        if field.containing_oneof is not None:
            if field.containing_oneof.name in seen_oneofs:
                continue
            seen_oneofs.add(field.containing_oneof.name)
        n = next(counter)
        if field.type == F.TYPE_MESSAGE:
            if depth > 4:
                continue
            if field.is_repeated:
                for _ in range(2):
                    populate(getattr(msg, field.name).add(), counter, depth + 1)
            else:
                populate(getattr(msg, field.name), counter, depth + 1)
            continue
        values = [_scalar(field, n), _scalar(field, n + 1000)]
        if field.is_repeated:
            getattr(msg, field.name).extend(values)
        else:
            setattr(msg, field.name, values[0])
    return msg


def _scalar(field: FieldDescriptor, n: int) -> Any:
    if field.type == F.TYPE_STRING:
        return f"{field.name}-{n}"
    if field.type == F.TYPE_BOOL:
        return True
    if field.type in _INT64:
        # Past 2**53, so a float round-trip would show.
        return 9_007_199_254_740_993 + n
    if field.type in _INT32:
        return 100 + n
    if field.type in (F.TYPE_FLOAT, F.TYPE_DOUBLE):
        return n + 0.5
    if field.type == F.TYPE_ENUM:
        values = field.enum_type.values
        return values[-1 - (n % max(1, len(values) - 1))].number if len(values) > 1 else 0
    if field.type == F.TYPE_BYTES:
        return f"b{n}".encode()
    raise AssertionError(f"unhandled field type {field.type}")
