"""DetailStrip: one line under a table with what its hidden columns say of the highlighted row.

At 80 columns the jobs table keeps the name, state and frame counts; cores, priority, min/max,
user and age step aside. The strip shows them for the row under the cursor, so a narrow
terminal loses no field, only the side-by-side view of every row.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

from cuetui.widgets.columns import Column

_SEPARATOR = "  "


def strip_text(columns: list[Column[Any]], values: tuple[Any, ...]) -> Text:
    """`Label value` for each column, most wanted first; the value as its column shows it."""
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    for col, value in zip(columns, values, strict=True):
        shown = col.fmt(value).strip() if col.cell is None else _bar_text(col, value)
        if text:
            text.append(_SEPARATOR)
        text.append(col.label or col.key, style="dim")
        text.append(" ")
        style = col.style(value) if callable(col.style) else col.style
        text.append(shown or "-", style=style or "bold")
    return text


def _bar_text(col: Column[Any], value: Any) -> str:
    """A bar column said in words: a progress bar's counts (done first) as the share done."""
    if isinstance(value, tuple) and value and all(isinstance(v, int) for v in value):
        total = sum(value)
        return f"{value[0] * 100 // total}%" if total else "0%"
    return col.fmt(value)


class DetailStrip(Static):
    """Shown only while some column is hidden; redrawn only when what it says changes."""

    DEFAULT_CSS = """
    DetailStrip {
        height: 1;
        width: 100%;
        padding: 0 1;
        background: $boost;
        display: none;
    }
    DetailStrip.-on { display: block; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self._said: tuple[Any, ...] | None = None

    def show_row(self, columns: list[Column[Any]], key: str | None, item: Any) -> None:
        """Say the `columns` (the table's hidden ones) of `item`, or hide when there are none."""
        # No row (an empty or filtered-out table): nothing to say, and no blank line either.
        self.set_class(bool(columns) and item is not None, "-on")
        if not columns or item is None:
            said: tuple[Any, ...] = (None,)
        else:
            said = (key, tuple(c.key for c in columns), tuple(c.value(item) for c in columns))
        if said == self._said:
            return  # a poll that changed nothing here costs a few value reads, no repaint
        self._said = said
        # One line of fixed size: no layout of the screen (it was one per cursor move).
        self.update(strip_text(columns, said[2]) if len(said) > 1 else "", layout=False)
