"""protojson as grpc-gateway v2 speaks it: EmitUnpopulated out, DiscardUnknown in.

Python's `json_format` differs from Go's protojson in ways a client can notice (it omits unset
sub-messages instead of sending `null`, prints float32 `16.0` as `16.0` and `0.1` as
`0.10000000149011612`), so responses are built here straight from the descriptors. It is also
several times faster, which the large preset needs.
"""

from __future__ import annotations

import base64
import math
import struct
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from google.protobuf import json_format
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message

_T = FieldDescriptor

_INT64_TYPES = {_T.TYPE_INT64, _T.TYPE_UINT64, _T.TYPE_SINT64, _T.TYPE_FIXED64, _T.TYPE_SFIXED64}


class ParseError(ValueError):
    """The body is not JSON, or not JSON the request message accepts (gateway: 400, code 3)."""


@lru_cache(maxsize=4096)
def _float32_text(value: float) -> float | int:
    """Shortest decimal that round-trips through float32, as Go's protojson prints it."""
    if value == 0:
        return 0
    for digits in range(1, 10):
        text = f"{value:.{digits}g}"
        if struct.unpack("f", struct.pack("f", float(text)))[0] == value:
            break
    number = float(text)
    return int(number) if number.is_integer() and abs(number) < 1e21 else number


def _float64(value: float) -> float | int:
    return int(value) if value.is_integer() and abs(value) < 1e21 else value


def _special_float(value: float) -> str | None:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return None


def _scalar_converter(field: FieldDescriptor) -> Callable[[Any], Any] | None:
    """A function mapping the Python value to its JSON value, or None for identity."""
    t = field.type
    if t in _INT64_TYPES:
        return str
    if t == _T.TYPE_FLOAT:

        def conv_f32(v: float) -> Any:
            if v != v or v in (math.inf, -math.inf):
                return _special_float(v)
            return _float32_text(v)

        return conv_f32
    if t == _T.TYPE_DOUBLE:

        def conv_f64(v: float) -> Any:
            if v != v or v in (math.inf, -math.inf):
                return _special_float(v)
            return _float64(v)

        return conv_f64
    if t == _T.TYPE_BYTES:
        return lambda v: base64.b64encode(v).decode("ascii")
    if t == _T.TYPE_ENUM:
        by_number = {v.number: v.name for v in field.enum_type.values}
        # An enum number the descriptor does not know is printed as a number, as Go does.
        return lambda v: by_number.get(v, v)
    return None


# (json_name, python attribute, kind, converter): kind is 0 scalar, 1 repeated scalar,
# 2 message, 3 repeated message, 4 map.
_Plan = list[tuple[str, str, int, Any]]
_PLANS: dict[str, _Plan] = {}


def _plan(desc: Descriptor) -> _Plan:
    plan = _PLANS.get(desc.full_name)
    if plan is not None:
        return plan
    plan = []
    _PLANS[desc.full_name] = plan  # registered first: recursive messages (NestedGroup)
    for field in desc.fields:
        if field.containing_oneof is not None:
            # Unset oneof members (and proto3 optionals) are left out; handled per message.
            continue
        if field.message_type is not None and field.message_type.GetOptions().map_entry:
            value_field = field.message_type.fields_by_name["value"]
            if value_field.message_type is not None:
                plan.append((field.json_name, field.name, 4, ("msg", value_field.message_type)))
            else:
                plan.append((field.json_name, field.name, 4, ("scalar", value_field)))
        elif field.message_type is not None:
            kind = 3 if field.is_repeated else 2
            plan.append((field.json_name, field.name, kind, field.message_type))
        else:
            kind = 1 if field.is_repeated else 0
            plan.append((field.json_name, field.name, kind, _scalar_converter(field)))
    return plan


def _oneof_fields(msg: Message) -> list[tuple[str, Any]]:
    out = []
    for oneof in msg.DESCRIPTOR.oneofs:
        name = msg.WhichOneof(oneof.name)
        if name is None:
            continue
        field = msg.DESCRIPTOR.fields_by_name[name]
        value = getattr(msg, name)
        if field.message_type is not None:
            out.append((field.json_name, to_dict(value)))
        else:
            conv = _scalar_converter(field)
            out.append((field.json_name, conv(value) if conv else value))
    return out


def _generic_to_dict(msg: Message) -> dict[str, Any]:
    # (A per-type compiled dict literal was tried: no faster, the cost is in upb's getattr.)
    desc = msg.DESCRIPTOR
    out: dict[str, Any] = {}
    for json_name, attr, kind, conv in _plan(desc):
        if kind == 0:
            value = getattr(msg, attr)
            out[json_name] = conv(value) if conv is not None else value
        elif kind == 2:
            # Go's EmitUnpopulated prints an unset singular message as null.
            out[json_name] = to_dict(getattr(msg, attr)) if msg.HasField(attr) else None
        elif kind == 1:
            values = getattr(msg, attr)
            out[json_name] = [conv(v) for v in values] if conv is not None else list(values)
        elif kind == 3:
            out[json_name] = [to_dict(v) for v in getattr(msg, attr)]
        else:
            what, sub = conv
            mapping = getattr(msg, attr)
            if what == "msg":
                out[json_name] = {str(k): to_dict(v) for k, v in mapping.items()}
            else:
                c = _scalar_converter(sub)
                out[json_name] = {str(k): (c(v) if c else v) for k, v in mapping.items()}
    if desc.oneofs:
        out.update(_oneof_fields(msg))
    return out


def to_dict(msg: Message) -> dict[str, Any]:
    """The dict grpc-gateway's marshaler would print for `msg` (EmitUnpopulated)."""
    return _generic_to_dict(msg)


def parse_request(body: bytes, message_class: type[Message]) -> Message:
    """Parse a request body as the gateway does: empty = empty message, unknown fields dropped."""
    import json

    msg = message_class()
    if not body.strip():
        return msg
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ParseError(f"proto: syntax error: {exc}") from exc
    if not isinstance(data, dict):
        raise ParseError(
            f"proto: syntax error (line 1:1): unexpected token {json.dumps(data)[:40]}"
        )
    try:
        json_format.ParseDict(data, msg, ignore_unknown_fields=True)
    except json_format.ParseError as exc:
        raise ParseError(f"proto: {exc}") from exc
    return msg


def drop_fields(msg: Message, names: set[str]) -> None:
    """Clear every `Message.field` of `names` in `msg` and its sub-messages: what a gateway
    built from protos without those fields reads of the request (DiscardUnknown)."""
    for fd, value in msg.ListFields():
        if f"{msg.DESCRIPTOR.name}.{fd.name}" in names:
            msg.ClearField(fd.name)
        elif fd.message_type is not None:
            for sub in value if fd.is_repeated else (value,):
                if isinstance(sub, Message):
                    drop_fields(sub, names)
