"""Response shapes: pydantic models of the gateway's list and single-object wrappers.

Responses are parsed from bytes straight into these (pydantic-core does the JSON), so a
GetHosts of 5,000 hosts never goes through Python dicts on the fast path.
"""

from __future__ import annotations

import re
from functools import cache
from operator import attrgetter
from types import GenericAlias
from typing import Any

from pydantic import BaseModel, ConfigDict, create_model

from cuetui.models._base import json_name


def _optional_list(item: type[BaseModel]) -> Any:
    """`list[item] | None` for a class known only at run time (a variable is no type to mypy)."""
    return GenericAlias(list, (item,)) | None


def _model(name: str, key: str, annotation: Any) -> type[BaseModel]:
    """A model with one optional field `key`, ignoring any other key."""
    # Typed as Any so mypy does not match the field against create_model's own keywords.
    fields: dict[str, Any] = {key: (annotation, None)}
    return create_model(name, __config__=ConfigDict(extra="ignore"), **fields)


@cache
def list_model(outer: str, inner: str, item: type[BaseModel]) -> type[BaseModel]:
    """A model of the double-wrapped list shape `{"<outer>": {"<inner>": [item, ...]}}`."""
    seq = _model(f"{item.__name__}Seq", inner, _optional_list(item))
    return _model(f"{item.__name__}SeqResponse", outer, seq | None)


@cache
def flat_list_model(key: str, item: type[BaseModel]) -> type[BaseModel]:
    """A model of the single-wrapped list shape `{"<key>": [item, ...]}` (e.g. limits)."""
    return _model(f"{item.__name__}ListResponse", key, _optional_list(item))


@cache
def single_model(key: str, item: type[BaseModel]) -> type[BaseModel]:
    """A model of `{"<key>": {...}}` (GetJob, FindShow, ...)."""
    return _model(f"{item.__name__}Response", key, item | None)


def drop_nulls(value: Any) -> Any:
    # Slow path only: a response the fast parser refused is retried without nulls, so a
    # gateway that prints `null` where we expect a scalar still gives the defaults.
    if isinstance(value, dict):
        return {k: drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [drop_nulls(v) for v in value if v is not None]
    return value


# -- reusing the models of items that did not change -----------------------------------------

_ITEM_SEP = b'},{"id":"'
_ITEM_HEAD = b'{"id":"'

Pieces = list[bytes]


def split_items(content: bytes, outer: str, inner: str) -> Pieces | None:
    """The items of a compact list answer `{"<outer>":{"<inner>":[{"id":"…"…},…]}}`, each
    without its leading `{"id":"` and its closing `}`; None when it is not in that shape.

    Only byte-for-byte comparison uses these pieces, and a piece is parsed on its own only
    once the answer it came in parsed into exactly one item per piece, each with the id its
    piece begins with: a wrong cut (a nested object starting with an id) never passes.
    """
    head = b'{"%s":{"%s":[{"id":"' % (outer.encode(), inner.encode())
    if not content.startswith(head) or not content.endswith(b"}]}}"):
        return None
    pieces = content.split(_ITEM_SEP)
    pieces[0] = pieces[0][len(head) :]
    pieces[-1] = pieces[-1][:-4]
    return pieces


def join_items(pieces: Pieces, outer: str, inner: str) -> bytes:
    """The list answer holding exactly these pieces (the inverse of `split_items`)."""
    head = b'{"%s":{"%s":[' % (outer.encode(), inner.encode())
    return b"".join((head, _ITEM_HEAD, _ITEM_SEP.join(pieces), b"}]}}"))


def piece_id(piece: bytes) -> str | None:
    """The id a piece begins with (None: an escaped or odd one, never trusted)."""
    end = piece.find(b'"')
    raw = piece[:end]
    if end < 0 or b"\\" in raw:
        return None
    try:
        return raw.decode()
    except UnicodeDecodeError:
        return None


Rows = list[tuple[int, ...]]


def match_models(
    pieces: Pieces, last: dict[bytes, Any], volatile: tuple[str, ...]
) -> tuple[list[Any], list[bytes], Rows]:
    """For some of an answer's pieces (`split_items`): the last answer's model of the same
    bytes (None: parse the piece), the keys to remember them by, and each one's `volatile`
    values (empty: none cut out). A caller can take a batch at a time and let the event
    loop run between.

    `volatile` names integer fields of a flat model that change on most answers while the
    rest of the item stays (a host's ping and load): their values are cut out of the keys,
    and an item that differs from the last answer only there is the last model, to be copied
    with its new values by `renew_volatile`. Each must be in every piece once, else the keys
    are the whole pieces.
    """
    keys: list[bytes] | None = None
    rows: Rows = []
    if volatile and pieces:
        # The closing brace is put back so that a volatile field last in the last piece is
        # seen as in the answer.
        whole = _ITEM_SEP.join(pieces) + b"}"
        found: list[list[bytes]] = []
        for pattern in _numbers_of(volatile):
            # A field at a time: a pattern that starts with its whole name is searched for
            # as a string (~10 ms over 25,000 hosts); one of two names took ~30.
            parts = pattern.split(whole)  # [text, value, text, value, ..., text]
            if len(parts) != 2 * len(pieces) + 1:
                break
            whole = b"".join(parts[0::2])
            found.append(parts[1::2])
        else:
            stripped = whole[:-1].split(_ITEM_SEP)
            if len(stripped) == len(pieces):
                keys = stripped
                # The fields' values, as pydantic makes them (a JSON integer is an int).
                rows = list(zip(*(map(int, v) for v in found), strict=True))
    if keys is None:
        keys = pieces
    return list(map(last.get, keys)), keys, rows


def renew_volatile(items: list[Any], rows: Rows, volatile: tuple[str, ...]) -> None:
    """Items whose `volatile` values moved become copies with `rows`' values (in place)."""
    if not rows:
        return
    value_of = attrgetter(*volatile)
    now_of = value_of if len(volatile) > 1 else lambda model: (value_of(model),)
    new, put = object.__new__, object.__setattr__
    for i, (model, now) in enumerate(zip(items, rows, strict=True)):
        if model is not None and now_of(model) != now:
            # A shallow copy with the new values: what model_copy(update=...) makes, at a
            # third of its cost (a call per host of 25,000), fields set kept shared. The
            # loops here are the cheapest found: each statement is paid 25,000 times.
            fields = model.__dict__.copy()
            for name, value in zip(volatile, now, strict=True):
                fields[name] = value
            items[i] = copy = new(model.__class__)
            put(copy, "__dict__", fields)
            put(copy, "__pydantic_fields_set__", model.__pydantic_fields_set__)
            put(copy, "__pydantic_extra__", model.__pydantic_extra__)
            put(copy, "__pydantic_private__", model.__pydantic_private__)


@cache
def _numbers_of(volatile: tuple[str, ...]) -> list[re.Pattern[bytes]]:
    """For each of these fields, in order, the pattern of it with an integer value."""
    return [
        re.compile(rb',"' + re.escape(json_name(name).encode()) + rb'":(-?\d+)(?=[,}])')
        for name in volatile
    ]
