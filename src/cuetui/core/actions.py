"""Farm actions as data, and `perform`: run them, never retry, summarise for a toast.

No Textual here: screens build an `Action`, confirm it if `destructive`, run `perform` in an
action worker and show `ActionResult.message` with `ActionResult.severity`. An action runs its
`call` once per target, or with a `Batch` one request per group of targets (the marked frames of
one job in one FrameSearchCriteria, as CueGUI sends them).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

from cuetui.client.errors import ActionOutcomeUnknown, GatewayError
from cuetui.core.journal import acting, target_id

T = TypeVar("T")

Status = Literal["done", "failed", "unknown"]
Severity = Literal["information", "warning", "error"]

UNKNOWN_TEXT = "sent, but no answer came: check before trying again"

# Small on purpose: Cuebot queues these calls anyway, and a wrangler marking 300 frames must
# not open 300 connections at once.
DEFAULT_CONCURRENCY = 4
# How many failing names a toast lists before "and N more".
_NAMES_IN_MESSAGE = 3
# Most targets in one batched request: CueGUI never names more than its page of 500 frames,
# and each name is one bind parameter of Cuebot's query (Postgres takes at most 32767).
BATCH_SIZE = 500
# Longest reason of our own quoted in a toast.
_MAX_REASON = 160
log = logging.getLogger(__name__)


def plural(kind: str, count: int) -> str:
    """`"frame", 3` -> `"3 frames"`; `"frame", 1` -> `"1 frame"`."""
    if count == 1:
        return f"1 {kind}"
    return f"{count} {kind}es" if kind.endswith(("s", "x", "sh", "ch")) else f"{count} {kind}s"


@dataclass(frozen=True)
class Batch(Generic[T]):
    """Targets sent together: `call(targets)` once per group (at most `size` a request).

    For frames: the group is the frame's job, the call JobInterface/RetryFrames (EatFrames,
    KillFrames, MarkAsWaiting) with a FrameSearchCriteria naming the group's frames.
    """

    key: Callable[[T], str]
    """Which request a target goes in (its job's id: two jobs may share a name)."""
    label: Callable[[T], str]
    """The group as messages name it (the job's name)."""
    call: Callable[[list[T]], Awaitable[Any]]
    """One request for targets of one group."""
    size: int = BATCH_SIZE
    kind: str = "job"
    """What a group is, for "5 frames of 2 jobs"."""


@dataclass
class Action(Generic[T]):
    """One verb applied to a list of targets of one kind."""

    verb: str
    """Capitalised imperative as a wrangler says it: "Retry", "Kill", "Pause"."""
    kind: str
    """Singular target kind: "frame", "layer", "job", "host", "proc"."""
    targets: Sequence[T]
    name: Callable[[T], str]
    call: Callable[[T], Awaitable[Any]]
    queued: bool = False
    """Cuebot only queues it (kill, retry, eat): success means "requested", not "done"."""
    destructive: bool = False
    """Needs a confirmation naming what will be affected."""
    context: str | None = None
    """What the targets belong to, for messages: "Retry requested for 3 frames of <context>"."""
    concurrency: int = DEFAULT_CONCURRENCY
    past: str | None = None
    """Success in words when every target is done, e.g. "Paused" -> "Paused job_x"."""
    batch: Batch[T] | None = None
    """Several targets go in one request per group, not one each (one target: `call`)."""
    unit: str | None = None
    """What each target stands for in messages, counted by `count`: "dead frame"."""
    count: Callable[[T], int] | None = None

    def names(self) -> list[str]:
        return [self.name(t) for t in self.targets]

    @property
    def batched(self) -> bool:
        return self.batch is not None and len(self.targets) > 1

    def groups(self) -> dict[str, list[T]]:
        """The batch's groups by label, in target order (one group without a batch)."""
        if self.batch is None:
            return {self.context or "": list(self.targets)}
        out: dict[str, list[T]] = {}
        for target in self.targets:
            out.setdefault(self.batch.label(target), []).append(target)
        return out

    def of(self) -> str | None:
        """What the targets belong to: the context, the one group, or "2 jobs"."""
        if self.context or self.batch is None:
            return self.context
        labels = self.groups()
        return next(iter(labels)) if len(labels) == 1 else plural(self.batch.kind, len(labels))

    def subject(self, *, counted: bool = False, units: bool = True) -> str:
        """ "3 frames of job_x"; the target's name when there is one, unless `counted`;
        "12 dead frames of job_x" when the action counts `unit`s (unless not `units`)."""
        one = len(self.targets) == 1 and not counted
        what = self.name(self.targets[0]) if one else plural(self.kind, len(self.targets))
        if units and self.unit is not None and self.count is not None:
            what = f"{plural(self.unit, sum(self.count(t) for t in self.targets))} of {what}"
        of = self.of()
        return f"{what} of {of}" if of else what


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What happened to one target."""

    target: T
    name: str
    status: Status
    error: str | None = None
    """The gateway's one-line message when `status` is "failed"."""
    group: str | None = None
    """The batch group the target was sent with (its job's name)."""


@dataclass
class ActionResult(Generic[T]):
    action: Action[T]
    outcomes: list[Outcome[T]] = field(default_factory=list)

    def _with(self, status: Status) -> list[Outcome[T]]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def done(self) -> list[Outcome[T]]:
        return self._with("done")

    @property
    def failed(self) -> list[Outcome[T]]:
        return self._with("failed")

    @property
    def unknown(self) -> list[Outcome[T]]:
        return self._with("unknown")

    @property
    def ok(self) -> bool:
        return all(o.status == "done" for o in self.outcomes)

    @property
    def severity(self) -> Severity:
        if self.ok:
            return "information"
        if not self.done and not self.unknown:
            return "error"
        return "warning"

    @property
    def message(self) -> str:
        return summarise(self)


def summarise(result: ActionResult[Any]) -> str:
    """One toast for the whole action, worded for a wrangler."""
    action = result.action
    total = len(result.outcomes)
    done, failed, unknown = result.done, result.failed, result.unknown
    success = "requested" if action.queued else "done"
    if total == 0:
        return f"{action.verb}: nothing to do"
    if action.batched:
        return _summarise_groups(result, success)
    if len(done) == total:
        if action.past:
            return f"{action.past} {action.subject()}"
        return f"{action.verb} {success} for {action.subject()}"
    if len(failed) == total:
        if total == 1:
            return f"{action.verb} failed for {action.subject()}: {failed[0].error}"
        return f"{action.verb} failed for {action.subject()}: {_list_failures(failed)}"
    if len(unknown) == total:
        return f"{action.verb} for {action.subject()}: {UNKNOWN_TEXT}"
    parts = []
    if done:
        parts.append(f"{action.verb} {success} for {len(done)} of {action.subject(units=False)}")
    else:
        parts.append(f"{action.verb} for {action.subject(units=False)}")
    if failed:
        parts.append(f"{len(failed)} failed: {_list_failures(failed)}")
    if unknown:
        names = _list_names([o.name for o in unknown])
        parts.append(f"{len(unknown)} {UNKNOWN_TEXT} ({names})")
    return "; ".join(parts)


def _summarise_groups(result: ActionResult[Any], success: str) -> str:
    """Targets of several requests: how many each covered, and each request's fate."""
    action = result.action
    done, failed, unknown = result.done, result.failed, result.unknown
    if len(done) == len(result.outcomes):
        whole = f"{action.verb} {success} for {action.subject()}"
        if len({o.group for o in done}) == 1:
            return f"{action.past} {action.subject()}" if action.past else whole
        return f"{whole}: {_per_group(action, done)}"
    parts = []
    if done:
        parts.append(f"{action.verb} {success} for {_per_group(action, done)}")
    if failed:
        lead = "failed for" if done else f"{action.verb} failed for"
        # Each request failed as a whole: say its error once, after its group.
        by_error: dict[str | None, list[Outcome[Any]]] = {}
        for o in failed:
            by_error.setdefault(o.error, []).append(o)
        shown = "; ".join(f"{_per_group(action, os)}: {err}" for err, os in by_error.items())
        parts.append(f"{lead} {shown}")
    if unknown:
        lead = "" if done or failed else f"{action.verb} for "
        parts.append(f"{lead}{_per_group(action, unknown)}: {UNKNOWN_TEXT}")
    return "; ".join(parts)


def _per_group(action: Action[Any], outcomes: Iterable[Outcome[Any]]) -> str:
    """ "3 frames of job_a, 2 frames of job_b" (the first few groups, then "and N more")."""
    counts: dict[str | None, int] = {}
    for o in outcomes:
        counts[o.group] = counts.get(o.group, 0) + 1
    shown = [f"{plural(action.kind, n)} of {group}" for group, n in counts.items()]
    return _list_names(shown)


def _not_sent(exc: Exception) -> str:
    """One line for a failure before the request left: the client's own refusal of a target
    (a ValueError it words for people), else the error's type only (a repr is not for people)."""
    text = " ".join(str(exc).split())
    if isinstance(exc, ValueError) and type(exc).__module__ == "builtins" and text:
        return text if len(text) <= _MAX_REASON else text[: _MAX_REASON - 1] + "…"
    return f"not sent: internal error ({type(exc).__name__})"


def _list_names(names: list[str]) -> str:
    shown = ", ".join(names[:_NAMES_IN_MESSAGE])
    rest = len(names) - _NAMES_IN_MESSAGE
    return f"{shown} and {rest} more" if rest > 0 else shown


def _list_failures(failed: Sequence[Outcome[Any]]) -> str:
    # Failures usually share one cause (a permission, Cuebot down): say it once.
    errors = {o.error for o in failed}
    names = _list_names([o.name for o in failed])
    if len(errors) == 1:
        return f"{names}: {failed[0].error}"
    shown = "; ".join(f"{o.name}: {o.error}" for o in failed[:_NAMES_IN_MESSAGE])
    rest = len(failed) - _NAMES_IN_MESSAGE
    return f"{shown}; and {rest} more" if rest > 0 else shown


async def _send(
    action: Action[T],
    targets: list[T],
    send: Callable[[list[T]], Awaitable[Any]],
    gate: asyncio.Semaphore,
) -> list[Outcome[T]]:
    """One request for `targets`: each of them takes its outcome."""
    group = action.batch.label(targets[0]) if action.batch is not None else None
    status: Status = "done"
    error: str | None = None
    named = [(action.name(t), target_id(t)) for t in targets]
    async with gate:
        try:
            # The journal names the request's verb and targets (the client writes it).
            with acting(action.verb, action.kind, named, group or action.context):
                await send(targets)
        except ActionOutcomeUnknown:
            status = "unknown"
        except GatewayError as exc:
            status, error = "failed", str(exc)
        except Exception as exc:
            # A bug must not be mistaken for a farm answer, but must not lose the other
            # targets' outcomes either.
            what = ", ".join(action.name(t) for t in targets[:_NAMES_IN_MESSAGE])
            log.error("%s of %s failed before any answer", action.verb, what, exc_info=exc)
            status, error = "failed", _not_sent(exc)
    return [Outcome(t, action.name(t), status, error, group) for t in targets]


def requests(action: Action[T]) -> list[list[T]]:
    """The targets of each request `perform` sends: one each, or batched by group and size."""
    if action.batch is None or not action.batched:
        return [[t] for t in action.targets]
    by_key: dict[str, list[T]] = {}
    for target in action.targets:
        by_key.setdefault(action.batch.key(target), []).append(target)
    size = max(1, action.batch.size)
    return [group[i : i + size] for group in by_key.values() for i in range(0, len(group), size)]


async def perform(action: Action[T]) -> ActionResult[T]:
    """Send the action's requests (bounded concurrency, no retry) and summarise."""
    gate = asyncio.Semaphore(max(1, action.concurrency))
    batch = action.batch if action.batched else None

    def send(targets: list[T]) -> Awaitable[Any]:
        return batch.call(targets) if batch is not None else action.call(targets[0])

    sent = await asyncio.gather(*(_send(action, ts, send, gate) for ts in requests(action)))
    return ActionResult(action, [o for outcomes in sent for o in outcomes])


def confirm_lines(action: Action[Any]) -> list[str]:
    """Lines for `ConfirmModal`: the count first, then every name (the modal truncates);
    targets of several groups take a line per group ("3 of job_a: 0001-sim, …")."""
    head = f"{action.verb} {action.subject(counted=True)}:"
    groups = action.groups()
    if action.batch is None or len(groups) < 2:
        return [head, *action.names()]
    lines = [head]
    for label, targets in groups.items():
        names = ", ".join(action.name(t) for t in targets)
        lines.append(f"{len(targets)} of {label}: {names}")
    return lines
