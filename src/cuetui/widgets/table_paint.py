"""How LineTable paints a line: DataTable's cell layout, styles and segment metadata.

Each cell is `Styled(Padding(cell, (0, padding)), pre_style, post_style)` rendered to one
line, as DataTable drew it, so a screen looks the same as it did on DataTable: the cursor's
colour wins over a cell's foreground (post style) but a cell keeps its own backgrounds (the
progress bars are drawn in backgrounds for that). Each segment carries `{"row", "column"}`
meta, which is how a click finds its row or header.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from rich.cells import cell_len
from rich.console import RenderableType
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App
from textual.renderables.styled import Styled
from textual.strip import Strip

from cuetui.widgets.cells import colour_scope

_EMPTY = Text(no_wrap=True, end="")
_NULL = Style.null()


class TableColumn:
    """A column on view: key, header label and content width (padding is added around it)."""

    __slots__ = ("key", "label", "width")

    def __init__(self, key: str, label: Text, width: int) -> None:
        self.key = key
        self.label = label
        self.width = width

    def render_width(self, padding: int) -> int:
        return self.width + 2 * padding


def renderable(cell: Any) -> RenderableType:
    """What DataTable's default formatter made of a cell in a one-line row (a str is markup)."""
    if cell is None or cell == "":
        return _EMPTY
    if isinstance(cell, str):
        text = Text.from_markup(cell, end="")
        text.no_wrap = True
        return text
    return cell


@lru_cache(maxsize=64)
def cell_styles(cursor: Style | None) -> tuple[Style, Style]:
    """(style over the row's, style after the cell's own) for a row under the cursor or not."""
    component = Style() if cursor is None else Style() + cursor
    return component, Style.from_color(color=component.color) + Style.null()


@lru_cache(maxsize=16384)
def cell_meta(row: int, column: int, out_of_bounds: bool = False) -> Style:
    """The `{"row", "column"}` meta a click reads (made once: it is marshalled each time)."""
    meta: dict[str, Any] = {"row": row, "column": column}
    if out_of_bounds:
        meta["out_of_bounds"] = True
    return Style.from_meta(meta)


def paint_cell(
    app: App[Any], cell: Any, width: int, padding: int, pre: Style, post: Style
) -> list[Segment]:
    """One cell, `width` cells wide with its padding."""
    with colour_scope(app.no_color):  # a bar is drawn in glyphs without colours
        item = renderable(cell)
        if hasattr(item, "__rich__"):
            item = item.__rich__()
        quick = _plain_cell(app, item, width, padding, pre, post)
        if quick is None:
            options = app.console_options.update_dimensions(width, 1).update(no_wrap=True)
            styled = Styled(Padding(item, (0, padding)), pre_style=pre, post_style=post)
            quick = app.console.render_lines(styled, options)[0]
    # Joined here, once per changed cell: no two cells of a line share a style (each has
    # its own click meta), so the line needs no joining of its own on every paint.
    return list(Segment.simplify(quick))


def _plain_cell(
    app: App[Any], item: Any, width: int, padding: int, pre: Style, post: Style
) -> list[Segment] | None:
    """The segments Rich makes of a one-style Text that fits, without Rich's layout pass.

    Most cells are such a Text (a number, a name, a state): laid out by Rich (Styled,
    Padding, wrap, justify, crop) each costs ~30 times this, and a full frames page repaints
    two or three per row on view. Anything else (spans, wide or control characters, a cut,
    trailing blanks Rich would strip) returns None and takes Rich's way; test_cell_paint
    compares the two on every case it can make.
    """
    if type(item) is not Text or item.spans:
        return None
    plain = item.plain
    room = width - 2 * padding
    n = len(plain)
    if not 0 < n <= room or not plain.isprintable() or cell_len(plain) != n:
        return None
    justify = item.justify or "default"
    style = app.console.get_style(item.style) if item.style else None
    gap = room - n
    if justify in ("right", "center") and plain[-1] == " ":
        return None  # Rich strips trailing blanks before it aligns
    if justify == "left":
        inner = [Segment(plain + " " * gap, style)]
    elif justify == "right":
        inner = [Segment(" " * gap + plain, style)]
    elif justify == "center":
        left = gap // 2
        inner = [Segment(" " * left + plain + " " * (gap - left), style)]
    elif justify == "default":
        inner = (
            [Segment(plain, style), Segment(" " * gap, _NULL)] if gap else [Segment(plain, style)]
        )
    else:
        return None
    side = [Segment(" " * padding, _NULL)] if padding else []
    return list(Segment.apply_style([*side, *inner, *side], pre, post))


def blank_after(
    columns: Iterable[TableColumn], padding: int, index: int, style: Style, width: int
) -> Segment:
    """The blank right of the last column, in the row's style (the cursor spans it)."""
    table_width = sum(c.render_width(padding) for c in columns)
    return Segment(" " * max(0, width - table_width), style + cell_meta(index, 0, True))


def finish(
    segments: list[Segment], scroll_x: int, width: int, base: Style, length: int | None = None
) -> Strip:
    """The line as seen: scrolled, cut or filled to `width` (`length`: its cells, if known).

    The cells come joined (`paint_cell`) and no two share a style, so the line is not
    simplified again."""
    strip = Strip(segments, length)
    if scroll_x:
        strip = strip.crop(scroll_x, scroll_x + width)
    return strip.adjust_cell_length(width, base)
