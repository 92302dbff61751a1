"""What every table screen shows of one row beyond its columns: the strip and the `i` pane.

Mixed into BaseScreen: the strip under the table says, for the highlighted row, what the
columns too wide for the terminal would (read again as the cursor moves, on each refresh and
when the columns change); `i` opens every field of the row in `screens/detail.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from cuetui import navigation
from cuetui.core.details import details, title_of
from cuetui.widgets.detail_strip import DetailStrip

if TYPE_CHECKING:
    from cuetui.widgets.line_table import LineTable
    from cuetui.widgets.resource_table import ResourceTable

DETAIL_BINDING = Binding("i", "detail", "Details", show=False, id="screen.detail")


class DetailKeys:
    """The strip's updates and the `i` key of a screen with a `table` and a `context()`."""

    def show_detail_strip(self) -> None:
        """Say the hidden columns of the highlighted row (cheap: nothing when unchanged)."""
        screen: Any = self  # a BaseScreen: its table, app and context
        strips = screen.query(DetailStrip)
        if not strips:
            return
        table: ResourceTable[Any] = screen.table
        strips.first().show_row(table.hidden_columns, table.cursor_key, table.cursor_item)

    def on_line_table_row_highlighted(self, event: LineTable.RowHighlighted) -> None:
        self.show_detail_strip()

    def on_resource_table_shown(self, event: ResourceTable.Shown) -> None:
        self.show_detail_strip()

    def action_detail(self) -> None:
        screen: Any = self
        item = screen.table.cursor_item
        if item is None:
            screen.notify("Nothing is highlighted", severity="warning")
            return
        app = screen.app
        lines = details(item, now=app.clock(), job=screen.context().job)
        DetailScreen = navigation.screen("detail")
        app.push_screen(DetailScreen(title_of(item, str(screen.KIND).rstrip("s")), lines))
