"""Saving a preference (the theme picked in the palette) into the user's config file.

One line changes and nothing else: the user's comments, order and layout stay as written.
The key is replaced where the active profile sets it, else where the top level sets it,
else added at the top level (before the first table). The result is parsed again before it
replaces the file; the file keeps its mode, a symlink keeps pointing at it, and only the
keys named in `SAVED_KEYS` can be written, never a secret.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import tomllib
from pathlib import Path

from cuetui.config import _line_of

SAVED_KEYS = frozenset({"theme"})
_HEADER = re.compile(r"^\s*\[")
# `key = "value"   # comment`: the comment is kept when the old value is a plain string.
_SIMPLE_VALUE = re.compile(r"""^(\s*)(\S+?\s*=\s*)("[^"\\]*"|'[^']*'|[\w.+-]+)(\s*(#.*)?)$""")


class PrefsError(Exception):
    """The preference could not be saved; the message says why, naming the file."""


def _reason(exc: Exception) -> str:
    """The OS reason alone ("Permission denied"), without the errno and the path again."""
    return getattr(exc, "strerror", None) or str(exc)


def _toml_string(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid TOML basic string


def _first_table_line(lines: list[str]) -> int:
    """Index where a new top-level key goes: before the first table and the comments above it."""
    for index, line in enumerate(lines):
        if _HEADER.match(line):
            while index > 0 and lines[index - 1].lstrip().startswith("#"):
                index -= 1
            return index
    return len(lines)


def updated_text(text: str, key: str, value: str, profile: str | None) -> str:
    """`text` with `key = "value"` set (see the module docstring for where)."""
    if key not in SAVED_KEYS:
        raise ValueError(f"{key} is not a preference cuetui saves")
    lines = text.splitlines()
    assignment = f"{key} = {_toml_string(value)}"
    line = None
    if profile:
        line = _line_of(text, f"profiles.{profile}", key)
    if line is None:
        line = _line_of(text, None, key)
    if line is not None:
        old = lines[line - 1]
        match = _SIMPLE_VALUE.match(old)
        indent, comment = (match.group(1), match.group(4)) if match else ("", "")
        lines[line - 1] = f"{indent}{assignment}{comment}"
    else:
        at = _first_table_line(lines)
        while at > 0 and not lines[at - 1].strip():
            at -= 1  # right after the last top-level line
        insert = [assignment]
        if at < len(lines) and lines[at].strip():
            insert.append("")  # a blank line before the table that follows
        lines[at:at] = insert
    return "\n".join(lines) + "\n"


def _resolved(data: dict[str, object], key: str, profile: str | None) -> object:
    profiles = data.get("profiles")
    if profile and isinstance(profiles, dict):
        table = profiles.get(profile)
        if isinstance(table, dict) and key in table:
            return table[key]
    return data.get(key)


def save_preference(path: Path, key: str, value: str, profile: str | None) -> Path:
    """Set `key = value` in the config file at `path` (created if missing); the file written.

    PrefsError when the file cannot be read, parsed or written, or when the edit would not
    give the file that value (then nothing is written).
    """
    target = path.expanduser().resolve()  # write through a symlink (dotfiles), not over it
    try:
        text = target.read_text(encoding="utf-8")
        mode: int | None = os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        text, mode = "", None
    except (OSError, UnicodeDecodeError) as exc:
        raise PrefsError(f"cannot read {path}: {_reason(exc)}") from None
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PrefsError(f"{path} is not valid TOML ({exc}); not changed") from None
    new_text = updated_text(text, key, value, profile)
    try:
        ok = _resolved(tomllib.loads(new_text), key, profile) == value
    except tomllib.TOMLDecodeError:
        ok = False
    if not ok:
        raise PrefsError(f"{path}: {key} is set in a way cuetui cannot edit; set it by hand")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".config.", suffix=".toml", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(new_text)
            os.chmod(tmp, 0o600 if mode is None else mode)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise PrefsError(f"cannot write {path}: {_reason(exc)}") from None
    return target
