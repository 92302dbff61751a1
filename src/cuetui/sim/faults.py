"""Faults on demand: what a flaky network, proxy or gateway does to a client.

Rates are shares of requests (0.0 to 1.0) drawn from a seeded generator; `queue()` forces
the next N requests to fail a given way, which is what most tests want. `paths` limits the
rate-based faults to some paths (None = every path). `refuse_actions()` makes every action
(any method but Get*/Find*) answer an error status with a reason, after auth, as a gateway
whose Cuebot is down does. `alter()` rewrites fields of named objects in every answer (a job
sent without an id, a state these protos do not know). Everything is thread-safe and
`reset()` puts it back to a healthy gateway.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field

KINDS = ("error", "throttle", "drop", "truncate", "garbage", "hang", "expired")
OMIT = "<omit>"
"""A value for `alter()`: the field is left out of the answer (protojson's unset)."""
# Methods that only read; every other method changes the farm (an "action").
READ_PREFIXES = ("Get", "Find", "Is", "Has")


def is_action_path(path: str) -> bool:
    """`/job.JobInterface/Pause` is an action; `/job.JobInterface/GetJobs` is not."""
    return not path.rsplit("/", 1)[-1].startswith(READ_PREFIXES)


@dataclass
class Faults:
    """The knobs; set attributes directly from tests, or `queue()` one-off faults."""

    latency: float = 0.0  # seconds added before every answer
    error_rate: float = 0.0  # share answered with `error_status`
    error_status: int = 503  # 503: gateway's UNAVAILABLE JSON; 500/502/504: proxy HTML
    throttle_rate: float = 0.0  # share answered 429 with Retry-After
    retry_after: int = 1
    drop_rate: float = 0.0  # share of connections closed without an answer
    truncate_rate: float = 0.0  # share of bodies cut short
    garbage_rate: float = 0.0  # share of 200 bodies that are not JSON
    expired_tokens: bool = False  # every token refused as expired
    hang_paths: set[str] = field(default_factory=set)  # paths that never answer ("*": all)
    action_status: int | None = None  # every action answered with this status (not done)
    action_message: str = ""  # ... and this reason in the gateway's error body
    paths: set[str] | None = None  # rate faults only on these paths
    altered: dict[str, dict[str, object]] = field(default_factory=dict)  # see alter()
    unknown_fields: set[str] = field(default_factory=set)
    """Request fields an older farm's protos lack ("HostSearchCriteria.lock_states": Cuebot
    and gateway before v1.8): its gateway drops them unread, as any unknown field."""
    seed: int = 0
    _forced: list[str] = field(default_factory=list, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _rng: random.Random = field(default_factory=random.Random, repr=False)

    def __post_init__(self) -> None:
        self._rng.seed(self.seed)

    def reset(self) -> None:
        """Back to a healthy gateway."""
        with self._lock:
            self.latency = 0.0
            self.error_rate = self.throttle_rate = self.drop_rate = 0.0
            self.truncate_rate = self.garbage_rate = 0.0
            self.error_status = 503
            self.retry_after = 1
            self.expired_tokens = False
            self.hang_paths = set()
            self.action_status = None
            self.action_message = ""
            self.paths = None
            self.altered = {}
            self.unknown_fields = set()
            self._forced.clear()
            self._rng.seed(self.seed)

    def queue(self, kind: str, n: int = 1) -> None:
        """Force the next `n` requests to fail as `kind` (one of KINDS)."""
        if kind not in KINDS:
            raise ValueError(f"unknown fault {kind!r}: one of {', '.join(KINDS)}")
        with self._lock:
            self._forced.extend([kind] * n)

    def hang(self, path: str = "*") -> None:
        """Make calls to `path` (e.g. "/job.JobInterface/GetJobs") never answer."""
        with self._lock:
            self.hang_paths.add(path)

    def refuse_actions(self, status: int = 503, message: str = "") -> None:
        """Answer every action with `status` and `message` (the farm is left untouched)."""
        with self._lock:
            self.action_status = status
            self.action_message = message

    def alter(self, name: str, /, **fields: object) -> None:
        """Every answer gives the object named `name` these JSON fields (`OMIT` leaves one
        out, None sends null): `alter("job_x", id=OMIT)`, `alter("job_x", state="FROZEN")`."""
        with self._lock:
            self.altered = {**self.altered, name: {**self.altered.get(name, {}), **fields}}

    def rewrite(self, data: object) -> object:
        """`data` (a decoded answer) with the `alter()` changes made, in place."""
        altered = self.altered
        if isinstance(data, list):
            for item in data:
                self.rewrite(item)
        elif isinstance(data, dict):
            changes = altered.get(data["name"]) if isinstance(data.get("name"), str) else None
            for key, value in (changes or {}).items():
                if value == OMIT:
                    data.pop(key, None)
                else:
                    data[key] = value
            for value in data.values():
                if isinstance(value, (dict, list)):
                    self.rewrite(value)
        return data

    def refusal(self, path: str) -> tuple[int, str] | None:
        """(status, message) when this request is an action to refuse, else None."""
        status = self.action_status
        if status is None or not is_action_path(path):
            return None
        return status, self.action_message

    @property
    def active(self) -> bool:
        return bool(
            self.latency
            or self.error_rate
            or self.throttle_rate
            or self.drop_rate
            or self.truncate_rate
            or self.garbage_rate
            or self.expired_tokens
            or self.hang_paths
            or self.action_status is not None
            or self._forced
        )

    def pick(self, path: str) -> str | None:
        """The fault for this request, or None."""
        with self._lock:
            if self._forced:
                return self._forced.pop(0)
            if "*" in self.hang_paths or path in self.hang_paths:
                return "hang"
            if self.expired_tokens:
                return "expired"
            if self.paths is not None and path not in self.paths:
                return None
            roll = self._rng.random
            for kind, rate in (
                ("drop", self.drop_rate),
                ("error", self.error_rate),
                ("throttle", self.throttle_rate),
                ("truncate", self.truncate_rate),
                ("garbage", self.garbage_rate),
            ):
                if rate and roll() < rate:
                    return kind
            return None
