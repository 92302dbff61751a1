"""Reading the action journal: "sent" and "outcome" records joined into entries, newest first.

An entry whose outcome record never came (cuetui stopped or crashed between the two) reads
"unknown"; one this process is still waiting on reads "sending". Lines that are not JSON (a
write cut short by a full disk) are skipped. Also the entry as a line of text, as JSON and as
the lines of the `i` pane. No Textual here.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cuetui.core.actions import plural
from cuetui.core.details import TIME_FORMAT, Detail
from cuetui.core.journal import BACKUPS, rotated, stamp

NO_OUTCOME = (
    "no answer was recorded: cuetui stopped before it came; it may or may not have been done"
)
_NAMES_IN_LINE = 3
log = logging.getLogger(__name__)


class JournalUnreadable(Exception):
    """A journal file exists but cannot be read; the message names it and why."""


@dataclass(frozen=True)
class JournalTarget:
    name: str
    id: str | None = None


@dataclass(frozen=True, eq=False)
class JournalEntry:
    """One request cuetui sent, with its outcome: "done", "failed", "unknown" or "sending"."""

    id: str
    time: float
    verb: str
    outcome: str = "unknown"
    message: str = NO_OUTCOME
    user: str = ""
    profile: str | None = None
    gateway: str = ""
    kind: str = ""
    targets: tuple[JournalTarget, ...] = ()
    of: str | None = None
    path: str = ""
    body: dict[str, Any] = field(default_factory=dict)
    answered: float | None = None
    pid: int | None = None

    @property
    def subject(self) -> str:
        """ "job_x", "3 frames of job_x: a, b, c" as a wrangler reads it."""
        names = [t.name for t in self.targets]
        if not names:
            return self.of or ""
        if len(names) == 1:
            what = names[0]
        else:
            shown = ", ".join(names[:_NAMES_IN_LINE])
            rest = len(names) - _NAMES_IN_LINE
            listed = f"{shown} and {rest} more" if rest > 0 else shown
            what = f"{plural(self.kind or 'target', len(names))}: {listed}"
        if self.of and self.of != names[0]:
            return f"{what} of {self.of}" if len(names) == 1 else f"{what} ({self.of})"
        return what

    def as_json(self) -> dict[str, Any]:
        """The entry for `cuetui journal --json`: both records joined, times in ISO 8601."""
        return {
            "id": self.id,
            "time": stamp(self.time),
            "outcome": self.outcome,
            "message": self.message,
            "answered": stamp(self.answered) if self.answered is not None else None,
            "user": self.user,
            "profile": self.profile,
            "gateway": self.gateway,
            "verb": self.verb,
            "kind": self.kind,
            "targets": [{"name": t.name, "id": t.id} for t in self.targets],
            "of": self.of,
            "path": self.path,
            "body": self.body,
        }


def local_time(ts: float) -> str:
    return datetime.fromtimestamp(ts).strftime(TIME_FORMAT)


def entry_line(entry: JournalEntry) -> str:
    """`2026-12-03 14:29:14  failed   Kill job_x  [prod, tester]: <message>`."""
    where = ", ".join(x for x in (entry.profile, entry.user) if x)
    text = f"{local_time(entry.time)}  {entry.outcome:<8} {entry.verb} {entry.subject}"
    text += f"  [{where}]" if where else ""
    if entry.outcome != "done" and entry.message:
        text += f": {entry.message}"
    return text


def entry_details(entry: JournalEntry) -> list[Detail]:
    """The `i` pane of `:journal`: the entry, its targets, then the body field by field."""
    lines = [
        Detail("Action", f"{entry.verb} {entry.subject}".strip()),
        Detail("Outcome", entry.outcome),
        Detail("Message", entry.message or "-"),
        Detail("Sent", local_time(entry.time)),
        Detail("Answered", local_time(entry.answered) if entry.answered else "-"),
        Detail("User", entry.user or "-"),
        Detail("Profile", entry.profile or "-"),
        Detail("Gateway", entry.gateway or "-"),
        Detail("Request", entry.path or "-"),
        Detail("Body", json.dumps(entry.body, separators=(",", ":"))),
        Detail("Entry id", entry.id),
    ]
    for target in entry.targets:
        lines.append(Detail(target.name, target.id or "-", "Targets"))
    for label, text in _flatten(entry.body):
        lines.append(Detail(label, text, "Request body"))
    return lines


def _flatten(value: Any, prefix: str = "") -> list[tuple[str, str]]:
    """`{"job": {"id": "x"}}` -> [("job.id", "x")]: the body as lines."""
    if isinstance(value, dict) and value:
        out: list[tuple[str, str]] = []
        for key, sub in value.items():
            out.extend(_flatten(sub, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(value, list) and value and any(isinstance(v, dict | list) for v in value):
        out = []
        for n, sub in enumerate(value):
            out.extend(_flatten(sub, f"{prefix}[{n}]"))
        return out
    if isinstance(value, list):
        return [(prefix or "(body)", ", ".join(str(v) for v in value) or "[]")]
    text = json.dumps(value) if not isinstance(value, str) else value
    return [(prefix or "(body)", text)]


# -- reading ----------------------------------------------------------------------------


def _when(text: Any) -> float | None:
    try:
        return datetime.fromisoformat(str(text)).timestamp()
    except ValueError:
        return None


def _entry(sent: dict[str, Any], outcome: dict[str, Any] | None, pending: bool) -> JournalEntry:
    targets = tuple(
        JournalTarget(str(t.get("name", "")), t.get("id") or None)
        for t in sent.get("targets") or ()
        if isinstance(t, dict)
    )
    body = sent.get("body")
    values: dict[str, Any] = {
        "id": str(sent["id"]),
        "time": _when(sent.get("time")) or 0.0,
        "verb": str(sent.get("verb") or "?"),
        "user": str(sent.get("user") or ""),
        "profile": sent.get("profile") or None,
        "gateway": str(sent.get("gateway") or ""),
        "kind": str(sent.get("kind") or ""),
        "targets": targets,
        "of": sent.get("of") or None,
        "path": str(sent.get("path") or ""),
        "body": body if isinstance(body, dict) else {},
        "pid": sent.get("pid") if isinstance(sent.get("pid"), int) else None,
    }
    if outcome is not None:
        values["outcome"] = str(outcome.get("outcome") or "unknown")
        values["message"] = str(outcome.get("message") or "")
        values["answered"] = _when(outcome.get("time"))
    elif pending:
        values["outcome"], values["message"] = "sending", "sent; the answer has not come yet"
    return JournalEntry(**values)


def _records(path: Path) -> list[dict[str, Any]]:
    """The file's records, last first; missing file: none; lines that are not JSON skipped."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise JournalUnreadable(f"cannot read the journal {path}: {exc.strerror or exc}") from None
    out = []
    for line in reversed(raw.splitlines()):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            log.debug("%s: a line that is not JSON skipped", path)
            continue
        if isinstance(record, dict) and isinstance(record.get("id"), str):
            out.append(record)
    return out


def read_journal(
    path: Path,
    *,
    limit: int | None = None,
    pending: Collection[str] = (),
    backups: int = BACKUPS,
) -> list[JournalEntry]:
    """The newest `limit` entries (all when None), newest first (in the order they were
    written); JournalUnreadable when a file cannot be read."""
    entries: list[JournalEntry] = []
    outcomes: dict[str, dict[str, Any]] = {}
    for part in rotated(path, backups):
        for record in _records(part):
            event = record.get("event")
            if event == "outcome":
                outcomes.setdefault(record["id"], record)
            elif event == "sent":
                ident = record["id"]
                entries.append(_entry(record, outcomes.pop(ident, None), ident in pending))
                if limit is not None and len(entries) >= limit:
                    return entries
    return entries
