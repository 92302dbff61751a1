"""How LineTable paints a line: DataTable's cell layout, styles and segment metadata.

Each cell is `Styled(Padding(cell, (0, padding)), pre_style, post_style)` rendered to one
line, as DataTable drew it, so a screen looks the same as it did on DataTable: the cursor's
colour wins over a cell's foreground (post style) but a cell keeps its own backgrounds (the
progress bars are drawn in backgrounds for that). Each segment carries `{"row", "column"}`
meta, which is how a click finds its row or header.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

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


def cell_styles(cursor: Style | None) -> tuple[Style, Style]:
    """(style over the row's, style after the cell's own) for a row under the cursor or not."""
    component = Style() if cursor is None else Style() + cursor
    return component, Style.from_color(color=component.color) + Style.null()


def paint_cell(
    app: App[Any], cell: Any, width: int, padding: int, pre: Style, post: Style
) -> list[Segment]:
    """One cell, `width` cells wide with its padding."""
    options = app.console_options.update_dimensions(width, 1).update(no_wrap=True)
    styled = Styled(Padding(renderable(cell), (0, padding)), pre_style=pre, post_style=post)
    with colour_scope(app.no_color):  # a bar is drawn in glyphs without colours
        return app.console.render_lines(styled, options)[0]


def blank_after(
    columns: Iterable[TableColumn], padding: int, index: int, style: Style, width: int
) -> Segment:
    """The blank right of the last column, in the row's style (the cursor spans it)."""
    table_width = sum(c.render_width(padding) for c in columns)
    meta = Style.from_meta({"row": index, "column": 0, "out_of_bounds": True})
    return Segment(" " * max(0, width - table_width), style + meta)


def finish(segments: list[Segment], scroll_x: int, width: int, base: Style) -> Strip:
    """The line as seen: scrolled, cut or filled to `width`."""
    strip = Strip(segments)
    if scroll_x:
        strip = strip.crop(scroll_x, scroll_x + width)
    return strip.adjust_cell_length(width, base).simplify()
