"""Notification rules from the config file: which farm events to tell the user about, how.

    [notify]                       # at the top level, or [profiles.NAME.notify]
    rules = ["my_jobs", "dead_frames", "host_down", "sub_burst", "gateway_down"]
    users = ["kwong"]              # my_jobs also watches these users' jobs...
    shows = ["testing"]            # ...and every job of these shows
    dead_frames_over = 20          # dead_frames: a show's dead frames rising past this
    gateway_down_after = 60        # gateway_down: seconds without an answer
    every = 15                     # seconds between the watcher's reads
    bell = true                    # a terminal bell with each event
    desktop = "auto"               # auto, osc9, osc777 or off: a desktop notification
    command = "~/bin/post-to-chat" # run once per event, the event as JSON on stdin

Headless (no Textual): `cuetui.config` reads the table through `parse_notify`.
"""

from __future__ import annotations

import math
import shlex
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict

RULES: dict[str, str] = {
    "my_jobs": "a job of mine (or of a watched user or show) finished or started failing",
    "dead_frames": "a show's dead frames rising past dead_frames_over",
    "host_down": "a host going DOWN or REPAIR",
    "sub_burst": "a subscription at or past its burst",
    "gateway_down": "the gateway not answering for gateway_down_after seconds",
}
DESKTOP = ("auto", "osc9", "osc777", "off")


class NotifySettings(BaseModel):
    """Which rules are on and how events are delivered (all off by default)."""

    model_config = ConfigDict(frozen=True)

    rules: frozenset[str] = frozenset()
    users: tuple[str, ...] = ()
    shows: tuple[str, ...] = ()
    dead_frames_over: int = 10
    gateway_down_after: float = 60.0
    every: float = 15.0
    bell: bool = True
    desktop: str = "auto"
    command: tuple[str, ...] = ()
    """The hook's argv (split like a shell would, never run through one)."""


def _names(value: Any, key: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"{where}: notify.{key} must be a list of names, not {value!r}")
    return tuple(value)


def _number(value: Any, key: str, where: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise ValueError(f"{where}: notify.{key} must be a number, not {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{where}: notify.{key} must be from {low:g} to {high:g}, not {value}")
    return float(value)


def parse_notify(table: Mapping[str, Any], where: str) -> NotifySettings:
    """The `[notify]` table checked; ValueError names the key and what it must be."""
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key == "rules":
            rules = _names(value, key, where)
            unknown = [r for r in rules if r not in RULES]
            if unknown:
                known = ", ".join(RULES)
                raise ValueError(f"{where}: unknown notify rule {unknown[0]!r}; rules: {known}")
            values["rules"] = frozenset(rules)
        elif key in ("users", "shows"):
            values[key] = _names(value, key, where)
        elif key == "dead_frames_over":
            values[key] = int(_number(value, key, where, 0, 1_000_000))
        elif key == "gateway_down_after":
            values[key] = _number(value, key, where, 5, 86_400)
        elif key == "every":
            values[key] = _number(value, key, where, 2, 3600)
        elif key == "bell":
            if not isinstance(value, bool):
                raise ValueError(f"{where}: notify.bell must be true or false, not {value!r}")
            values[key] = value
        elif key == "desktop":
            if value not in DESKTOP:
                raise ValueError(f"{where}: notify.desktop must be one of {', '.join(DESKTOP)}")
            values[key] = value
        elif key == "command":
            try:
                argv = shlex.split(value) if isinstance(value, str) else None
            except ValueError as exc:
                raise ValueError(f"{where}: notify.command cannot be read: {exc}") from None
            if not argv:
                raise ValueError(f"{where}: notify.command must be a command line (a string)")
            values[key] = tuple(argv)
        else:
            known = "rules, users, shows, dead_frames_over, gateway_down_after, every, bell, "
            raise ValueError(
                f"{where}: unknown notify setting {key!r}; known: {known}desktop, command"
            )
    return NotifySettings(**values)
