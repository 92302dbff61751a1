"""`key=value` arguments of `:hosts` and `:procs`, parsed into server-side search criteria."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any

from cuetui.models.states import HARDWARE_STATES, LOCK_STATES

# Spellings a wrangler may type for each criterion (the first is the canonical one).
HOST_KEYS: dict[str, tuple[str, ...]] = {
    "host": ("host", "hosts", "h"),
    "alloc": ("alloc", "allocs", "allocation", "a"),
    "state": ("state", "states", "hw", "s"),
    "lock": ("lock", "locks", "lockstate", "l"),
    "regex": ("regex", "re", "name", "r"),
}
PROC_KEYS: dict[str, tuple[str, ...]] = {
    "show": ("show", "shows"),
    "job": ("job", "jobs", "j"),
    "layer": ("layer", "layers"),
    "host": ("host", "hosts", "h"),
    "alloc": ("alloc", "allocs", "allocation", "a"),
}
_LOCK_ALIASES = {"NIMBY": "NIMBY_LOCKED", "UNLOCKED": "OPEN"}

KNOWN_ALLOCS: set[str] = set()
"""Allocation names seen so far, for `:hosts alloc=<Tab>` completion."""


def _split(text: str, keys: dict[str, tuple[str, ...]], bare: str) -> dict[str, list[str]]:
    """`a=x,y b=z w` -> {"a": ["x", "y"], "b": ["z"], bare: ["w"]}; unknown keys raise."""
    alias = {spelling: key for key, spellings in keys.items() for spelling in spellings}
    out: dict[str, list[str]] = {}
    for word in text.split():
        name, sep, value = word.partition("=")
        key = alias.get(name.lower()) if sep else bare
        if key is None:
            known = ", ".join(f"{k}=" for k in keys)
            raise ValueError(f"unknown criterion {name}=; use {known}")
        if not sep:
            value = word
        out.setdefault(key, []).extend(v for v in value.split(",") if v)
    return out


def _enums(values: Iterable[str], known: tuple[str, ...], what: str) -> tuple[str, ...]:
    upper = [_LOCK_ALIASES.get(v.upper(), v.upper()) for v in values]
    bad = [v for v in upper if v not in known]
    if bad:
        raise ValueError(f"unknown {what} {bad[0]}; use one of {', '.join(known)}")
    return tuple(dict.fromkeys(upper))


def _patterns(values: Iterable[str]) -> tuple[str, ...]:
    """Name patterns, checked here: Cuebot runs them as PostgreSQL `~` and a bad one fails
    the whole read with the database's text."""
    out = tuple(dict.fromkeys(values))
    for pattern in out:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"name pattern {pattern} is not a valid regex: {exc}") from None
    return out


@dataclass(frozen=True)
class HostFilter:
    """HostSearchCriteria as a wrangler types it: `alloc=local.general state=DOWN lock=LOCKED`;
    `host=` names hosts exactly (a frame's or a proc's host), bare words are name patterns:
    a fragment (`render-00`) finds the names holding it, a regex (`^ws-`) its matches.

    Each goes to the field Cuebot's HostSearch reads it from: `host=` `hosts` (exact),
    bare words `regex` (`~`, a search: the same on every Cuebot, where `substr` was an
    exact name before 2022), `alloc=` `allocs` (the full name), `state=` `states`, `lock=`
    `lockStates` (unknown to a Cuebot before v1.8: `get_hosts` checks it on its side too).
    """

    host: tuple[str, ...] = ()
    alloc: tuple[str, ...] = ()
    state: tuple[str, ...] = ()
    lock: tuple[str, ...] = ()
    regex: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str) -> HostFilter:
        """Bare words are name regexes; raises ValueError with a message for people."""
        parts = _split(text, HOST_KEYS, bare="regex")
        return cls(
            host=tuple(parts.get("host", ())),
            alloc=tuple(parts.get("alloc", ())),
            state=_enums(parts.get("state", ()), HARDWARE_STATES, "hardware state"),
            lock=_enums(parts.get("lock", ()), LOCK_STATES, "lock state"),
            regex=_patterns(parts.get("regex", ())),
        )

    def client_args(self) -> dict[str, Any]:
        """Keyword arguments of `GatewayClient.get_hosts` (unset criteria left out)."""
        names = {
            "host": "names",
            "alloc": "allocs",
            "state": "states",
            "lock": "lock_states",
            "regex": "regex",
        }
        return {names[k]: list(v) for k, v in _items(self)}

    def describe(self) -> str:
        return " ".join(f"{k}={','.join(v)}" for k, v in _items(self))


@dataclass(frozen=True)
class ProcFilter:
    """ProcSearchCriteria by names: `show=testing`, `job=<name>`, `host=render-0001`."""

    show: tuple[str, ...] = ()
    job: tuple[str, ...] = ()
    layer: tuple[str, ...] = ()
    host: tuple[str, ...] = ()
    alloc: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str) -> ProcFilter:
        """Bare words are show names (as for `:jobs`)."""
        parts = _split(text, PROC_KEYS, bare="show")
        return cls(**{k: tuple(v) for k, v in parts.items()})

    def client_args(self) -> dict[str, Any]:
        """Keyword arguments of `GatewayClient.get_procs`."""
        return {f"{k}s": list(v) for k, v in _items(self)}

    def describe(self) -> str:
        return " ".join(f"{k}={','.join(v)}" for k, v in _items(self))

    def __bool__(self) -> bool:
        return any(v for _, v in _items(self))


def _items(criteria: HostFilter | ProcFilter) -> list[tuple[str, tuple[str, ...]]]:
    values = [(f.name, getattr(criteria, f.name)) for f in fields(criteria)]
    return [(name, value) for name, value in values if value]


def host_completions() -> list[str]:
    """What `:hosts <Tab>` offers."""
    return [
        "host=",
        "alloc=",
        *(f"state={s}" for s in HARDWARE_STATES),
        *(f"lock={s}" for s in LOCK_STATES),
        "regex=",
    ]
