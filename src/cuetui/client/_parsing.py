"""Response shapes: pydantic models of the gateway's list and single-object wrappers.

Responses are parsed from bytes straight into these (pydantic-core does the JSON), so a
GetHosts of 5,000 hosts never goes through Python dicts on the fast path.
"""

from __future__ import annotations

from functools import cache
from types import GenericAlias
from typing import Any

from pydantic import BaseModel, ConfigDict, create_model


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
