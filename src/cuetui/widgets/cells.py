"""Cell renderers and styles shared by the screens (progress bars, counts, flags)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from rich.text import Text

# CueGUI's progress colours (ItemDelegate.py) mapped to the 16 ANSI colours so they follow
# the terminal palette: succeeded, running, waiting, depend, dead, eaten. The bar is painted
# in backgrounds: a DataTable cursor replaces a cell's foreground colours (a bar of "█" went
# flat on the highlighted row) but keeps the cell's own backgrounds.
BAR_STYLES = ("on green", "on yellow", "on cyan", "on magenta", "on bright_red", "on red")
# Without colour (NO_COLOR, --no-color) each part is drawn with its own glyph instead, in the
# same order: done solid, running shaded, waiting light, depend dotted, dead X, eaten x.
BAR_GLYPHS = ("█", "▒", "░", "·", "X", "x")

# CueGUI frame state colours (cuegui.yaml style.colors.frame_state) on 16 colours.
FRAME_STATE_STYLES = {
    "DEAD": "bold red",
    "DEPEND": "magenta",
    "EATEN": "red",
    "RUNNING": "yellow",
    "SETUP": "magenta",
    "SUCCEEDED": "green",
    "WAITING": "cyan",
    "CHECKPOINT": "blue",
}


# Textual takes NO_COLOR out of the environment when the app starts and keeps it as
# `App.no_color`: the widgets that draw bars say which it is while they render.
_NO_COLOR: ContextVar[bool | None] = ContextVar("cuetui_no_color", default=None)


@contextmanager
def colour_scope(no_color: bool) -> Iterator[None]:
    """Bars drawn in this block are for an app with colours off (`App.no_color`) or on."""
    token = _NO_COLOR.set(no_color)
    try:
        yield
    finally:
        _NO_COLOR.reset(token)


def no_color() -> bool:
    """Colours are off (NO_COLOR or --no-color): what colour tells must be drawn another way."""
    flag = _NO_COLOR.get()
    return "NO_COLOR" in os.environ if flag is None else flag  # outside an app: Textual's rule


def progress_bar(counts: Sequence[int], width: int) -> Text:
    """A stacked bar of frame counts (succeeded, running, waiting, depend, dead, eaten).

    Cells go to parts by largest remainder so the bar always fills `width` and a part with
    any frames gets at least one cell when there is room. Without colour the parts are
    glyphs (`BAR_GLYPHS`).
    """
    total = sum(counts)
    text = Text(no_wrap=True)
    if total <= 0 or width <= 0:
        return text.append("·" * max(0, width), style="dim")
    exact = [c * width / total for c in counts]
    cells = [int(x) for x in exact]
    for i, c in enumerate(counts):
        if c and not cells[i] and sum(cells) < width:
            cells[i] = 1
    spare = width - sum(cells)
    order = sorted(range(len(counts)), key=lambda i: exact[i] - int(exact[i]), reverse=True)
    for i in order:
        if spare <= 0:
            break
        if counts[i]:
            cells[i] += 1
            spare -= 1
    while sum(cells) > width:
        cells[cells.index(max(cells))] -= 1
    if no_color():
        for n, glyph in zip(cells, BAR_GLYPHS, strict=False):
            if n > 0:
                text.append(glyph * n)
        return text
    for n, style in zip(cells, BAR_STYLES, strict=False):
        if n > 0:
            text.append(" " * n, style=style)
    return text


def count_style(bad: str) -> Callable[[int], str]:
    """Style counts > 0 with `bad` (e.g. dead frames red), zeros dim."""

    def style(value: int) -> str:
        return bad if value else "dim"

    return style


def zero_dim(value: int | float) -> str:
    return "" if value else "dim"


def flag(value: bool) -> str:
    return "yes" if value else "no"


def flag_style(value: bool) -> str:
    return "" if value else "yellow"
