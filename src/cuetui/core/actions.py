"""Farm actions as data, and `perform`: run one per target, never retry, summarise for a toast.

No Textual here: screens build an `Action`, confirm it if `destructive`, run `perform` in an
action worker and show `ActionResult.message` with `ActionResult.severity`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

from cuetui.client.errors import ActionOutcomeUnknown, GatewayError

T = TypeVar("T")

Status = Literal["done", "failed", "unknown"]
Severity = Literal["information", "warning", "error"]

UNKNOWN_TEXT = "sent, but no answer came: check before trying again"

# Small on purpose: Cuebot queues these calls anyway, and a wrangler marking 300 frames must
# not open 300 connections at once.
DEFAULT_CONCURRENCY = 4
# How many failing names a toast lists before "and N more".
_NAMES_IN_MESSAGE = 3
# Longest reason of our own quoted in a toast.
_MAX_REASON = 160
log = logging.getLogger(__name__)


def plural(kind: str, count: int) -> str:
    """`"frame", 3` -> `"3 frames"`; `"frame", 1` -> `"1 frame"`."""
    if count == 1:
        return f"1 {kind}"
    return f"{count} {kind}es" if kind.endswith(("s", "x", "sh", "ch")) else f"{count} {kind}s"


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

    def names(self) -> list[str]:
        return [self.name(t) for t in self.targets]

    def subject(self, *, counted: bool = False) -> str:
        """ "3 frames of job_x"; the target's name when there is one, unless `counted`."""
        one = len(self.targets) == 1 and not counted
        what = self.name(self.targets[0]) if one else plural(self.kind, len(self.targets))
        return f"{what} of {self.context}" if self.context else what


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What happened to one target."""

    target: T
    name: str
    status: Status
    error: str | None = None
    """The gateway's one-line message when `status` is "failed"."""


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
        parts.append(f"{action.verb} {success} for {len(done)} of {action.subject()}")
    else:
        parts.append(f"{action.verb} for {action.subject()}")
    if failed:
        parts.append(f"{len(failed)} failed: {_list_failures(failed)}")
    if unknown:
        names = _list_names([o.name for o in unknown])
        parts.append(f"{len(unknown)} {UNKNOWN_TEXT} ({names})")
    return "; ".join(parts)


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


async def _one(action: Action[T], target: T, gate: asyncio.Semaphore) -> Outcome[T]:
    name = action.name(target)
    async with gate:
        try:
            await action.call(target)
        except ActionOutcomeUnknown:
            return Outcome(target, name, "unknown")
        except GatewayError as exc:
            return Outcome(target, name, "failed", str(exc))
        except Exception as exc:
            # A bug must not be mistaken for a farm answer, but must not lose the other
            # targets' outcomes either.
            log.error("%s of %s failed before any answer", action.verb, name, exc_info=exc)
            return Outcome(target, name, "failed", _not_sent(exc))
    return Outcome(target, name, "done")


async def perform(action: Action[T]) -> ActionResult[T]:
    """Run the action's call once per target (bounded concurrency, no retry) and summarise."""
    gate = asyncio.Semaphore(max(1, action.concurrency))
    outcomes = await asyncio.gather(*(_one(action, t, gate) for t in action.targets))
    return ActionResult(action, list(outcomes))


def confirm_lines(action: Action[Any]) -> list[str]:
    """Lines for `ConfirmModal`: the count first, then every name (the modal truncates)."""
    return [f"{action.verb} {action.subject(counted=True)}:", *action.names()]
