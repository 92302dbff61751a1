"""Turning the caller's targets (a model or an id string) into request fragments."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol


class _HasId(Protocol):
    id: str


def target_id(target: _HasId | str, what: str) -> str:
    """The id of a model or an id string; refuses an empty one (Cuebot resolves by id only)."""
    value = target if isinstance(target, str) else getattr(target, "id", None)
    if not isinstance(value, str) or not value:
        # Not the target's repr: this text reaches the user (a job's repr ran to 980 chars).
        raise ValueError(f"the {what} has no id: the gateway sent it without one")
    return value


def ref(target: _HasId | str, what: str) -> dict[str, str]:
    """`{"id": "..."}`: the only part of an object Cuebot reads (names are ignored)."""
    return {"id": target_id(target, what)}


def str_list(value: str | Iterable[str] | None) -> list[str] | None:
    """A list of strings from one string, an iterable, or None (None stays None)."""
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def criteria(**fields: Any) -> dict[str, Any]:
    """A search-criteria dict without the unset (None) entries."""
    return {key: val for key, val in fields.items() if val is not None}
