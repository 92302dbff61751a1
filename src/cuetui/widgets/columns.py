"""Column specs of a ResourceTable and the lazily rendered cell."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, Literal, TypeVar

from rich.cells import cell_len, set_cell_size
from rich.text import Text

T = TypeVar("T")

MARK_KEY = "_mark"
MARK_GLYPH = "●"


def _text(value: Any) -> str:
    return "" if value is None else str(value)


@dataclass(frozen=True, slots=True)
class Column(Generic[T]):
    """How one column reads, shows, sorts and hides.

    `value` extracts a cheap, comparable value from the item: a refresh compares values, and
    only a changed value is formatted and rendered again.
    """

    key: str
    label: str
    value: Callable[[T], Any]
    width: int = 8
    fmt: Callable[[Any], str] = _text
    """Plain text of the value: what is shown and what the `/` filter searches."""
    style: Callable[[Any], str] | str = ""
    """Rich style of the cell, fixed or from the value (e.g. dead count > 0 -> red)."""
    cell: Callable[[Any, int], Text] | None = None
    """Full renderer `(value, width) -> Text` for cells that are not plain text (bars)."""
    sort_key: Callable[[Any], Any] | None = None
    justify: Literal["left", "right"] = "left"
    priority: int = 0
    """0 always shows; when the table is too narrow the highest priority hides first."""
    flex: bool = False
    """Takes the width the other columns leave (at least `width`): the name column. Its text is
    cut in the middle when too long, so a name keeps its shot and version at the end."""
    searchable: bool = True


ELLIPSIS = "…"


@lru_cache(maxsize=8192)
def cut_middle(text: str, width: int) -> str:
    """`text` in `width` cells, its middle replaced by `…` when too long.

    Render names end in what tells them apart (`…-sh010-lighting_v012`), so cutting the end
    made a screen of `show-seq-sh0…` rows; cached as a name is drawn again on every repaint.
    """
    if width <= 0:
        return ""
    cells = cell_len(text)
    if cells <= width:
        return text
    if width == 1:
        return ELLIPSIS
    head = (width - 1) // 2
    tail = width - 1 - head
    if cells == len(text):  # one cell per character: the usual name
        return f"{text[:head]}{ELLIPSIS}{text[len(text) - tail :]}"
    # Wide characters: whole characters only, each side within its share of the cells.
    start = set_cell_size(text, head).rstrip(" ") if head else ""
    end = set_cell_size(text[::-1], tail)[::-1].lstrip(" ") if tail else ""
    return f"{start}{ELLIPSIS}{end}"


_MARK_COLUMN: Column[Any] = Column(MARK_KEY, "", lambda _: None, width=1)
_MARKED = Text(MARK_GLYPH, style="bold")
_UNMARKED = Text(" ")


class _Cell:
    """A cell rendered only when DataTable draws it: most rows of a big table never are."""

    __slots__ = ("_text", "col", "row_style", "value", "width")

    def __init__(self, col: Column[Any], value: Any, row_style: str, width: int) -> None:
        self.col = col
        self.value = value
        self.row_style = row_style
        self.width = width
        self._text: Text | None = None

    def __rich__(self) -> Text:
        if self._text is None:
            col, row_style = self.col, self.row_style
            if col.cell is not None:
                text = col.cell(self.value, self.width)
                if row_style:
                    text.stylize_before(row_style)
            else:
                style = col.style(self.value) if callable(col.style) else col.style
                if row_style:
                    style = f"{row_style} {style}" if style else row_style
                plain = col.fmt(self.value)
                if col.flex:
                    plain = cut_middle(plain, self.width)
                text = Text(
                    plain, style=style, justify=col.justify, no_wrap=True, overflow="ellipsis"
                )
            self._text = text
        return self._text

    def __str__(self) -> str:
        return self.__rich__().plain
