"""Answers as JSON bytes, with each job's and host's JSON kept between calls.

At `xlarge` one GetHosts of all 25,000 hosts is 15 MB of JSON, about a second of
converting and dumping; a farm that did not move in between answers the same bytes. Each
cached entity keeps its serialized protobuf (a microsecond to make and compare) and the JSON
text it printed to: an unchanged entity is not converted again. The bytes are exactly what
`json.dumps(to_dict(msg), separators=(",", ":"))` prints.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from google.protobuf.descriptor import Descriptor
from google.protobuf.message import Message

from cuetui.sim.protojson import _oneof_fields, _plan, _scalar_converter, to_dict

CACHED = frozenset({"job.Job", "host.Host"})
MAX_ENTRIES = 200_000  # a demo left running for days launches jobs for ever
_TOKEN = "\x00fragment:{}\x00"


@cache
def _holds_cached(desc: Descriptor, depth: int = 3) -> bool:
    """Whether a repeated field of a cached type sits within `depth` message levels."""
    if depth == 0:
        return False
    for field in desc.fields:
        sub = field.message_type
        if sub is None or sub.GetOptions().map_entry:
            continue
        if (field.is_repeated and sub.full_name in CACHED) or _holds_cached(sub, depth - 1):
            return True
    return False


def _dumps(data: Any) -> str:
    return json.dumps(data, separators=(",", ":"))


class Fragments:
    """Per-entity JSON text, reused while the entity's serialized bytes are unchanged."""

    def __init__(self) -> None:
        self._by_id: dict[tuple[str, str], tuple[bytes, str]] = {}
        self.hits = 0
        self.misses = 0

    def encode(self, msg: Message) -> bytes:
        """The answer's JSON bytes (grpc-gateway's EmitUnpopulated protojson)."""
        if not _holds_cached(msg.DESCRIPTOR):
            return _dumps(to_dict(msg)).encode()
        pieces: list[str] = []
        text = _dumps(self._walk(msg, pieces))
        for i, piece in enumerate(pieces):
            text = text.replace(f'"{_TOKEN.format(i)}"'.replace("\x00", "\\u0000"), piece, 1)
        return text.encode()

    def _entity(self, msg: Message, kind: str) -> str:
        key = (kind, msg.id)
        raw = msg.SerializeToString()
        hit = self._by_id.get(key)
        if hit is not None and hit[0] == raw:
            self.hits += 1
            return hit[1]
        self.misses += 1
        text = _dumps(to_dict(msg))
        if len(self._by_id) >= MAX_ENTRIES:
            self._by_id.clear()
        self._by_id[key] = (raw, text)
        return text

    def _walk(self, msg: Message, pieces: list[str]) -> Any:
        desc = msg.DESCRIPTOR
        if not _holds_cached(desc):
            return to_dict(msg)
        out: dict[str, Any] = {}
        for json_name, attr, kind, conv in _plan(desc):
            value = getattr(msg, attr)
            if kind == 0:
                out[json_name] = conv(value) if conv is not None else value
            elif kind == 1:
                out[json_name] = [conv(v) for v in value] if conv is not None else list(value)
            elif kind == 2:
                out[json_name] = self._walk(value, pieces) if msg.HasField(attr) else None
            elif kind == 3 and conv.full_name in CACHED:
                pieces.append("[" + ",".join(self._entity(v, conv.full_name) for v in value) + "]")
                out[json_name] = _TOKEN.format(len(pieces) - 1)
            elif kind == 3:
                out[json_name] = [self._walk(v, pieces) for v in value]
            else:
                what, sub = conv
                if what == "msg":
                    out[json_name] = {str(k): to_dict(v) for k, v in value.items()}
                else:
                    c = _scalar_converter(sub)
                    out[json_name] = {str(k): (c(v) if c else v) for k, v in value.items()}
        if desc.oneofs:
            out.update(_oneof_fields(msg))
        return out
