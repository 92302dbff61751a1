"""The log file: tracebacks, retries, token re-mints and poll failures go here, never on screen.

`setup()` sends the `cuetui` loggers (INFO, or DEBUG with `--debug`) and other libraries'
warnings to a size-rotated file, `platformdirs.user_log_dir("cuetui")/cuetui.log` unless told
otherwise, created owner-only (0600, its folder 0700). Every line passes `REDACTOR` first:
the configured secrets (`protect()`), `Bearer ...`, JWTs, `Authorization` values and URL
userinfo come out as `**********`. No Textual here.
"""

from __future__ import annotations

import contextlib
import io
import logging
import logging.handlers
import os
import re
from pathlib import Path
from typing import cast

import platformdirs

LOG_NAME = "cuetui.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
"""Rotated copies kept (cuetui.log.1 ... .3): at most ~4 MB of log."""
MASK = "**********"
MIN_SECRET = 4
"""Shorter values are not masked one by one: masking every `ab` would make the log unreadable."""
_HANDLER_NAME = "cuetui-file"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

# Order matters: a whole Authorization value first, then what is left of a Bearer or a JWT.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?)(?:(?:bearer|basic)\s+)?[^'\"\s,;}]+"
        ),
        rf"\g<1>{MASK}",
    ),
    (re.compile(r"(?i)\b(bearer)\s+[^\s'\",;}]+"), rf"\g<1> {MASK}"),
    (re.compile(r"\beyJ[\w-]+\.[\w-]+\.[\w-]*"), MASK),
    (re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@'\"]+@"), rf"\g<1>{MASK}@"),
)


def default_log_path() -> Path:
    """`<user log dir>/cuetui.log` (platformdirs; ~/.local/state/cuetui/log on Linux)."""
    return Path(platformdirs.user_log_dir("cuetui")) / LOG_NAME


class Redactor(logging.Filter):
    """Masks known secret values and secret-shaped text in a record before it is written."""

    def __init__(self) -> None:
        super().__init__()
        self._values: set[str] = set()

    def protect(self, *values: str | None) -> None:
        """Never write these values (the JWT secret, a token, a URL's password)."""
        self._values.update(v for v in values if v and len(v) >= MIN_SECRET)

    def redact(self, text: str) -> str:
        for value in sorted(self._values, key=len, reverse=True):
            text = text.replace(value, MASK)
        for pattern, replacement in _PATTERNS:
            text = pattern.sub(replacement, text)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        # Render message and traceback now, so the formatter only sees redacted text.
        try:
            message = record.getMessage()
        except Exception:  # arguments that do not fit the format: keep the format alone
            message = str(record.msg)
        record.msg, record.args = self.redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = _PLAIN.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


_PLAIN = logging.Formatter()
REDACTOR = Redactor()
"""The one redactor every log line passes; the app adds its settings' secrets to it."""


def protect(*values: str | None) -> None:
    """Add values the log must never hold (see `Redactor.protect`)."""
    REDACTOR.protect(*values)


class OwnerOnlyFileHandler(logging.handlers.RotatingFileHandler):
    """A size-rotated log whose files are created 0600, the fresh one after a rollover too."""

    def _open(self) -> io.TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        # mode is "a" (a rotating handler forces it): open gives a text stream.
        return cast(
            io.TextIOWrapper, open(fd, self.mode, encoding=self.encoding, errors=self.errors)
        )


def _prepare(path: Path, *, own_folder: bool) -> None:
    """Create the folder (0700 when it is ours) and the file (0600); OSError when impossible."""
    folder = path.parent
    if not folder.is_dir():
        folder.mkdir(parents=True, mode=0o700)
        own_folder = True
    if own_folder and os.name == "posix":
        os.chmod(folder, 0o700)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
    if os.name == "posix":
        # An older file made looser by hand or by another tool: it holds tracebacks.
        with contextlib.suppress(OSError):
            os.chmod(path, 0o600)


def setup(path: Path | None = None, *, debug: bool = False) -> Path:
    """Send the log to `path` (default `default_log_path()`) and return the path written.

    Raises OSError when the file cannot be created; calling it again replaces the last setup.
    """
    target = (path or default_log_path()).expanduser().absolute()
    _prepare(target, own_folder=path is None)
    handler = OwnerOnlyFileHandler(
        target, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
    )
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler.addFilter(REDACTOR)
    teardown()
    root = logging.getLogger()
    root.addHandler(handler)
    # Other libraries log only their warnings (httpx's per-request lines would drown ours).
    if root.level == logging.NOTSET or root.level > logging.WARNING:
        root.setLevel(logging.WARNING)
    logging.getLogger("cuetui").setLevel(logging.DEBUG if debug else logging.INFO)
    logging.getLogger("httpx").setLevel(logging.INFO if debug else logging.NOTSET)
    logging.captureWarnings(True)  # a warning printed over the TUI would garble it
    return target


def current_path() -> Path | None:
    """The file the log goes to, or None when `setup()` was not called (or failed)."""
    for handler in logging.getLogger().handlers:
        if handler.get_name() == _HANDLER_NAME and isinstance(handler, logging.FileHandler):
            return Path(handler.baseFilename)
    return None


def teardown() -> None:
    """Undo `setup()`: close the file and put the levels back (tests, a second setup)."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if h.get_name() == _HANDLER_NAME]:
        root.removeHandler(handler)
        handler.close()
    logging.getLogger("cuetui").setLevel(logging.NOTSET)
    logging.getLogger("httpx").setLevel(logging.NOTSET)
    logging.captureWarnings(False)
