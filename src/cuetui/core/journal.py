"""The action journal: every action request cuetui sends, written down before it leaves.

Each request is two JSON lines with one `id`: a "sent" record (time, user, profile, gateway,
verb, targets, path and body), appended before the request leaves, then an "outcome" record
(done / failed with the gateway's message / unknown) when the answer is known. Reading
(`cuetui.core.journal_read`) joins them; a "sent" record alone (cuetui stopped or crashed
between the two) reads "outcome unknown". The file is created owner-only (0600, its folder
0700) and rotated by size. A journal that cannot be written never holds an action back: it
warns once and the action goes on. No Textual here.

The client tells the journal of each request (`GatewayClient.action_observer`); `perform`
says, for the requests of one task, which verb and targets they are (`acting`).
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import stat
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cuetui.applog import MIN_SECRET, REDACTOR
from cuetui.client.errors import ActionOutcomeUnknown, GatewayError
from cuetui.client.urls import redact_url
from cuetui.config import default_journal_path

if TYPE_CHECKING:
    from cuetui.config import Settings

VERSION = 1
MAX_BYTES = 5_000_000
BACKUPS = 3
"""Rotated files kept (journal.jsonl.1 ... .3): at most ~20 MB, tens of thousands of actions."""
MASK = "**********"
log = logging.getLogger(__name__)


def journal_path(settings: Settings) -> Path | None:
    """Where the settings put the journal; None when it is turned off (`journal = false`)."""
    where = settings.journal
    if where is False:
        return None
    if where is True:
        return default_journal_path()
    return Path(where).expanduser()


def rotated(path: Path, backups: int = BACKUPS) -> list[Path]:
    """The journal's files, newest first: the file itself, then `.1`, `.2`, ..."""
    return [path, *(path.with_name(f"{path.name}.{n}") for n in range(1, backups + 1))]


def stamp(ts: float) -> str:
    """An epoch as the journal writes it: ISO 8601 in UTC, to the millisecond."""
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="milliseconds")


# -- what the requests of this task are -----------------------------------------------------


@dataclass(frozen=True)
class Acting:
    """The verb and targets of the requests the current task sends (set by `perform`)."""

    verb: str
    kind: str
    targets: tuple[tuple[str, str | None], ...]
    """(name, id) of each target of the request."""
    of: str | None = None
    """What the targets belong to: the batch's job, or the action's context."""


_ACTING: ContextVar[Acting | None] = ContextVar("cuetui_journal_acting", default=None)


def target_id(target: Any) -> str | None:
    """A target's id: a model's `id`, or the target itself when it is an id string."""
    value = target if isinstance(target, str) else getattr(target, "id", None)
    return value if isinstance(value, str) and value else None


@contextlib.contextmanager
def acting(
    verb: str, kind: str, targets: Iterable[tuple[str, str | None]], of: str | None = None
) -> Iterator[None]:
    """Requests sent inside are journaled as `verb` on `targets` (a task's own context)."""
    token = _ACTING.set(Acting(verb, kind, tuple(targets), of))
    try:
        yield
    finally:
        _ACTING.reset(token)


def _verb_of(path: str) -> str:
    """A request sent outside `perform`: its method's name, `/job.JobInterface/Kill` -> Kill."""
    return path.rsplit("/", 1)[-1] or path


# -- writing ----------------------------------------------------------------------------


class Journal:
    """Appends the journal's records; the client's `action_observer`."""

    def __init__(
        self,
        path: Path,
        *,
        user: str,
        profile: str | None,
        gateway: str,
        secrets: Iterable[str | None] = (),
        warn: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.time,
        max_bytes: int = MAX_BYTES,
        backups: int = BACKUPS,
        own_folder: bool = False,
    ) -> None:
        self.path = path
        self.user = user
        self.profile = profile
        self.gateway = redact_url(gateway)
        self.max_bytes = max_bytes
        self.backups = max(1, backups)
        self.pending: set[str] = set()
        """Entries sent by this process whose answer has not come yet."""
        self._secrets = sorted(
            {s for s in secrets if s and len(s) >= MIN_SECRET}, key=len, reverse=True
        )
        self._warn = warn
        self._clock = clock
        self._own_folder = own_folder
        self._folder_ready = False
        self._warned = False
        self._torn = False  # the last write was cut short: start the next on a fresh line
        self._lock = threading.Lock()

    # -- the client's observer ------------------------------------------------------------

    def sent(self, path: str, body: dict[str, Any]) -> str | None:
        """Write the "sent" record; its id, or None when it could not be written."""
        doing = _ACTING.get()
        entry = uuid.uuid4().hex
        record: dict[str, Any] = {
            "v": VERSION,
            "id": entry,
            "event": "sent",
            "time": stamp(self._clock()),
            "user": self.user,
            "profile": self.profile,
            "gateway": self.gateway,
            "verb": doing.verb if doing else _verb_of(path),
            "kind": doing.kind if doing else "",
            "targets": [{"name": n, "id": i} for n, i in (doing.targets if doing else ())],
            "of": doing.of if doing else None,
            "path": path,
            "body": body,
            "pid": os.getpid(),
        }
        if not self._append(record):
            return None
        self.pending.add(entry)
        return entry

    def answered(self, ticket: object, error: GatewayError | None) -> None:
        """Write the "outcome" record of the entry `sent` returned."""
        if not isinstance(ticket, str):
            return
        self.pending.discard(ticket)
        if error is None:
            outcome, message = "done", ""
        elif isinstance(error, ActionOutcomeUnknown):
            outcome, message = "unknown", str(error)
        else:
            outcome, message = "failed", str(error)
        record = {
            "v": VERSION,
            "id": ticket,
            "event": "outcome",
            "time": stamp(self._clock()),
            "outcome": outcome,
            "message": message,
        }
        self._append(record)

    # -- the file -------------------------------------------------------------------------

    def _append(self, record: dict[str, Any]) -> bool:
        """One line, in one write (two cuetuis appending never interleave); False on failure."""
        data = json.dumps(self._scrub(record), ensure_ascii=False, separators=(",", ":"))
        line = (data + "\n").encode("utf-8", "replace")
        with self._lock:
            try:
                self._write(b"\n" + line if self._torn else line)
            except OSError as exc:
                self._problem(exc)
                return False
        return True

    def _write(self, line: bytes) -> None:
        if not self._folder_ready:
            self._prepare_folder()
        fd = self._open()
        try:
            if os.fstat(fd).st_size + len(line) > self.max_bytes:
                os.close(fd)
                fd = -1
                self._rotate()
                fd = self._open()
            written = os.write(fd, line)
            if written != len(line):
                self._torn = True
                raise OSError(errno.ENOSPC, "the disk is full (the line was cut short)")
            self._torn = False
        finally:
            if fd >= 0:
                os.close(fd)

    def _open(self) -> int:
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)
        mode = os.fstat(fd).st_mode
        if os.name == "posix" and stat.S_ISREG(mode) and stat.S_IMODE(mode) & 0o077:
            # A file made looser by hand or another tool: it says what was done to the farm.
            with contextlib.suppress(OSError):
                os.fchmod(fd, 0o600)
        return fd

    def _prepare_folder(self) -> None:
        folder = self.path.parent
        if folder.exists() and not folder.is_dir():
            raise OSError(errno.ENOTDIR, f"{folder} is not a folder")
        if not folder.is_dir():
            folder.mkdir(parents=True, mode=0o700)
            self._own_folder = True
        if self._own_folder and os.name == "posix":
            os.chmod(folder, 0o700)  # mkdir's mode passes through the umask; be sure
        self._folder_ready = True

    def _rotate(self) -> None:
        """journal.jsonl -> .1 -> .2 ...; the oldest beyond `backups` is dropped."""
        files = rotated(self.path, self.backups)
        for newer, older in zip(reversed(files[:-1]), reversed(files[1:]), strict=True):
            if newer.exists():
                os.replace(newer, older)

    def _problem(self, exc: OSError) -> None:
        why = exc.strerror or str(exc) or type(exc).__name__
        if self._warned:
            log.debug("the action journal %s is still not writable: %s", self.path, why)
            return
        self._warned = True
        message = (
            f"The action journal {self.path} cannot be written ({why}): actions are still "
            "sent, but not journaled. Free the disk or set `journal` in the config."
        )
        log.warning("%s", message)
        if self._warn is not None:
            try:
                self._warn(message)
            except Exception:
                log.exception("could not show the journal's warning")

    def _scrub(self, value: Any) -> Any:
        """No secret in the file: the configured secrets and anything shaped like a token."""
        if isinstance(value, str):
            for secret in self._secrets:
                value = value.replace(secret, MASK)
            return REDACTOR.redact(value)
        if isinstance(value, dict):
            return {k: self._scrub(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self._scrub(v) for v in value]
        return value


def journal_for(
    settings: Settings, user: str, warn: Callable[[str], None] | None = None
) -> Journal | None:
    """The journal the settings ask for (None when turned off), for requests sent as `user`."""
    path = journal_path(settings)
    if path is None:
        return None
    secrets = [s.get_secret_value() if s else None for s in (settings.jwt_secret, settings.token)]
    return Journal(
        path.absolute(),
        user=user,
        profile=settings.profile,
        gateway=settings.gateway,
        secrets=secrets,
        warn=warn,
        own_folder=settings.journal is True,
    )
