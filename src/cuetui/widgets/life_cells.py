"""Cells of a frame's signs of life (LLU, runtime against its layer, the log's last line), for
every table that shows running frames (the frames view, `:stuck`)."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text

from cuetui.core.rqlog import line_level
from cuetui.core.signs_of_life import OVERRUN_GLYPH, STALE_GLYPH
from cuetui.models.format import duration, short_duration

STALE_STYLE = "bold red"
OVERRUN_STYLE = "bold magenta"
_LEVEL_STYLES = {"error": "red", "warning": "yellow"}


def llu_text(value: tuple[int | None, bool]) -> str:
    """`(seconds, stale)`: `!45m` past the threshold, `` when not running, `-` when unknown."""
    seconds, stale = value
    if seconds is None:
        return ""  # not running: its log does not move
    if seconds < 0:
        return "-"  # running, but neither Cuebot nor the log says when it last wrote
    return f"{STALE_GLYPH if stale else ''}{short_duration(seconds)}"


def llu_style(value: tuple[int | None, bool]) -> str:
    if value[1]:
        return STALE_STYLE
    return "" if value[0] is not None and value[0] >= 0 else "dim"


def llu_sort(value: tuple[int | None, bool]) -> int:
    """Not running sorts below unknown (-1), below any LLU."""
    return -2 if value[0] is None else value[0]


def runtime_text(value: tuple[int, bool]) -> str:
    """`(seconds, over its layer's average)`: `▲01:02:03` when over."""
    return f"{OVERRUN_GLYPH if value[1] else ''}{duration(value[0])}"


def runtime_style(value: tuple[int, bool]) -> str:
    return OVERRUN_STYLE if value[1] else ""


def runtime_sort(value: tuple[int, bool]) -> int:
    return value[0]


def last_line_cell(line: str | None, width: int) -> Text:
    """The end of the line when it is too long (what the frame is doing now is at its end),
    red or yellow for the lines the log viewer marks as errors or warnings."""
    line = line or ""
    if width <= 0:
        return Text("")
    if cell_len(line) > width:
        keep = set_cell_size(line[::-1], width - 1)[::-1].lstrip(" ")
        line = f"…{keep}"
    style = _LEVEL_STYLES.get(line_level(line) or "", "")
    return Text(line, style=style, no_wrap=True, overflow="crop")
