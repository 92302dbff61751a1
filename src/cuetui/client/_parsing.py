"""Response shapes: pydantic models of the gateway's list and single-object wrappers.

Responses are parsed from bytes straight into these (pydantic-core does the JSON), so a
GetHosts of 5,000 hosts never goes through Python dicts on the fast path.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel, create_model


@cache
def list_model(outer: str, inner: str, item: type[BaseModel]) -> type[BaseModel]:
    """A model of the double-wrapped list shape `{"<outer>": {"<inner>": [item, ...]}}`."""
    seq = create_model(  # type: ignore[call-overload]
        f"{item.__name__}Seq",
        __config__={"extra": "ignore"},
        **{inner: (list[item] | None, None)},
    )
    return create_model(  # type: ignore[call-overload]
        f"{item.__name__}SeqResponse",
        __config__={"extra": "ignore"},
        **{outer: (seq | None, None)},
    )


@cache
def flat_list_model(key: str, item: type[BaseModel]) -> type[BaseModel]:
    """A model of the single-wrapped list shape `{"<key>": [item, ...]}` (e.g. limits)."""
    return create_model(  # type: ignore[call-overload]
        f"{item.__name__}ListResponse",
        __config__={"extra": "ignore"},
        **{key: (list[item] | None, None)},
    )


@cache
def single_model(key: str, item: type[BaseModel]) -> type[BaseModel]:
    """A model of `{"<key>": {...}}` (GetJob, FindShow, ...)."""
    return create_model(  # type: ignore[call-overload]
        f"{item.__name__}Response",
        __config__={"extra": "ignore"},
        **{key: (item | None, None)},
    )


def drop_nulls(value: Any) -> Any:
    # Slow path only: a response the fast parser refused is retried without nulls, so a
    # gateway that prints `null` where we expect a scalar still gives the defaults.
    if isinstance(value, dict):
        return {k: drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [drop_nulls(v) for v in value if v is not None]
    return value
