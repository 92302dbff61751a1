"""The table's quick way to paint a plain cell gives exactly what Rich's layout gives."""

from __future__ import annotations

import itertools
from typing import Any

from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App
from textual.renderables.styled import Styled

from cuetui.widgets import table_paint
from cuetui.widgets.table_paint import cell_styles, paint_cell, renderable


def rich_way(app: App[Any], cell: Any, width: int, pad: int, pre: Style, post: Style) -> list:
    options = app.console_options.update_dimensions(width, 1).update(no_wrap=True)
    styled = Styled(Padding(renderable(cell), (0, pad)), pre_style=pre, post_style=post)
    return app.console.render_lines(styled, options)[0]


def seen(segments: list[Segment]) -> list[tuple[str, Style | None]]:
    """What a terminal shows: the text of each run of one style."""
    return [(s.text, s.style) for s in Segment.simplify(segments) if s.text]


TEXTS = ["7", "RUNNING", "1:02:03", "12.5G", "0004-comp", "a b", "ab ", "⚠ 12m", "x" * 9, "—"]
STYLES = ["", "bold red", "dim", "yellow on blue", "italic"]
JUSTIFY = [None, "left", "right", "center"]


async def test_plain_cells_paint_as_rich_lays_them_out() -> None:
    app: App[Any] = App()
    async with app.run_test():
        base = Style.parse("white on black")
        quick = 0
        for plain, style, justify, width, pad, cursor in itertools.product(
            TEXTS, STYLES, JUSTIFY, (3, 8, 11), (0, 1), (None, Style.parse("reverse"))
        ):
            component, post = cell_styles(cursor)
            pre = base + Style.from_meta({"row": 3, "column": 2}) + component
            cell = Text(plain, style=style, justify=justify, no_wrap=True, overflow="ellipsis")
            got = paint_cell(app, cell, width, pad, pre, post)
            want = rich_way(app, cell, width, pad, pre, post)
            assert seen(got) == seen(want), (plain, style, justify, width, pad, cursor)
            # Joined already (the line is not simplified again) and exactly `width` cells.
            assert got == list(Segment.simplify(got))
            assert Segment.get_line_length(got) == width
            quick += table_paint._plain_cell(app, cell, width, pad, pre, post) is not None
        assert quick > 400  # most cases take the quick way
