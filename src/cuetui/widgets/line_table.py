"""LineTable: rows of one line, addressed by string keys, drawn through Textual's Line API.

A `ScrollView` with `render_line` (as `log_view.py`), public API only. Line 0 is the header,
fixed at the top; line y below it is row `scroll_y + y - 1`. Rows are cached as rendered
lines per row version, and cells per cell version, so a change re-renders only the cells that
changed; `refresh(Region)` repaints only the lines (or cells) on view that show something new.
Rows are drawn as DataTable drew them (same padding, styles and segment metadata), so the
screens look the same as they did on DataTable.

ResourceTable builds its keyed diff on the bulk methods here (`write_cells`, `add_rows_keyed`,
`remove_rows`, `set_order`).
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import is_
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from cuetui.widgets.table_paint import (
    TableColumn,
    blank_after,
    cell_meta,
    cell_styles,
    finish,
    paint_cell,
)

__all__ = ["LineTable", "TableColumn"]

_HEADER = "resource-table--header"
_CURSOR = "resource-table--cursor"
_EMPTY_STYLE = Style(italic=True)


LINE_CACHE = 500
"""Painted lines kept per table (~11 screens at 48 lines): a line at 160 columns is ~7 KB of
segments, and each poll that moves a row on view paints it again under a new version, so the
4,000 kept before grew a paged-through hosts table by ~30 MB; a page painted again costs ~10 ms."""


class LineTable(ScrollView, can_focus=True):
    """Keyed one-line rows with a row cursor, a fixed header and per-cell render caching."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {_HEADER, _CURSOR}
    # DataTable's look, kept so the screens draw as they did.
    DEFAULT_CSS = """
    LineTable {
        background: $surface;
        color: $foreground;
        &:focus {
            background-tint: $foreground 5%;
            & > .resource-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .resource-table--header { background-tint: $foreground 5%; }
        }
        & > .resource-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .resource-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .resource-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Select", show=False),
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home", "cursor_top", "Top", show=False),
        Binding("end,ctrl+end", "cursor_bottom", "Bottom", show=False),
        Binding("left", "scroll_left", "Scroll left", show=False),
        Binding("right", "scroll_right", "Scroll right", show=False),
    ]

    class RowHighlighted(Message):
        """The cursor moved to another row."""

        def __init__(self, table: LineTable, cursor_row: int, key: str) -> None:
            super().__init__()
            self.table, self.cursor_row, self.key = table, cursor_row, key

        @property
        def control(self) -> LineTable:
            return self.table

    class RowSelected(RowHighlighted):
        """Enter on a row, or a click on the highlighted row."""

    class HeaderSelected(Message):
        """A click on a column's header."""

        def __init__(self, table: LineTable, column_key: str, column_index: int) -> None:
            super().__init__()
            self.table, self.column_key, self.column_index = table, column_key, column_index

        @property
        def control(self) -> LineTable:
            return self.table

    def __init__(
        self, *, id: str | None = None, classes: str | None = None, cell_padding: int = 1
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.cell_padding = cell_padding
        self.show_cursor = True
        self._columns: dict[str, TableColumn] = {}
        self._keys: list[str] = []  # row keys in display order
        self._index: dict[str, int] = {}  # row key -> display index
        self._data: dict[str, dict[str, Any]] = {}
        # Rows added with the very cells of the row before them share its dict until their
        # first write: a big table's rows come in blank (ResourceTable writes a row when it
        # is shown), and a dict per blank row was ~17 MB at 10,000 jobs and 25,000 hosts.
        self._shared: set[str] = set()
        self._cursor = 0
        self._scroll_pending = False
        self._version = 0
        self._row_versions: dict[str, int] = {}
        self._written: dict[str, set[str]] = {}
        self._header_version = 0
        self._empty = ""  # said on the first body line while there are no rows
        self._lines: LRUCache[tuple[Any, ...], Strip] = LRUCache(LINE_CACHE)
        # (row, column, index, width, style, cursor) -> (the cell's value, its segments): a
        # value written since is another object. Versions per cell cost a tuple and a dict
        # slot per cell of every row (~40 MB at 10,000 jobs and 25,000 hosts).
        self._cells_cache: LRUCache[tuple[Any, ...], tuple[Any, list[Segment]]] = LRUCache(4000)
        self._paint_base: Style | None = None  # the widget's style during one paint

    # -- reading ----------------------------------------------------------------------------

    @property
    def columns(self) -> dict[str, TableColumn]:
        """Columns on view, left to right, by key."""
        return self._columns

    @property
    def row_count(self) -> int:
        return len(self._keys)

    @property
    def cursor_row(self) -> int:
        return self._cursor

    @property
    def cursor_key(self) -> str | None:
        """Id of the highlighted row, or None when the table is empty."""
        keys = self._keys
        return keys[self._cursor] if 0 <= self._cursor < len(keys) else None

    def get_row_index(self, key: str) -> int:
        """Display index of the row `key`; KeyError when it is not on view."""
        return self._index[key]

    def get_cell(self, key: str, column: str) -> Any:
        return self._data[key][column]

    def get_row(self, key: str) -> list[Any]:
        data = self._data[key]
        return [data[c] for c in self._columns]

    @property
    def empty_text(self) -> str:
        return self._empty

    def set_empty_text(self, text: str) -> None:
        """What the table says in its body while it has no rows ("Loading…", "No jobs …")."""
        if text != self._empty:
            self._empty = text
            if not self._keys:
                self.refresh(Region(0, 1, self.size.width, 1))

    # -- columns ----------------------------------------------------------------------------

    def set_columns(self, columns: list[TableColumn]) -> None:
        """Replace the columns and drop every row (the caller adds them back)."""
        self._columns = {c.key: c for c in columns}
        self._keys, self._index, self._data = [], {}, {}
        self._shared.clear()
        self._row_versions.clear()
        self._written.clear()
        self.columns_changed()

    def columns_changed(self) -> None:
        """Labels or widths changed: draw everything again."""
        self._header_version += 1
        self._lines.clear()
        self._cells_cache.clear()
        self._update_size()
        self.refresh()

    # -- writing ----------------------------------------------------------------------------

    def write_cells(self, key: str, cells: dict[str, Any]) -> bool:
        """Set cells of one row without a repaint each; call `cells_written()` after a batch."""
        if not cells:
            return False
        data = self._data[key]
        if key in self._shared:
            self._shared.discard(key)
            data = self._data[key] = dict(data)
        written = self._written.setdefault(key, set())
        for ck, value in cells.items():
            data[ck] = value
            written.add(ck)
        return True

    def cells_written(self, repaint: bool = True) -> None:
        # Only the written rows on view are repainted: a refresh of the whole table re-sent
        # every visible line (28 KB per poll at 160x48) when one row off view changed.
        written, self._written = self._written, {}
        self._rows_changed(written)
        if repaint:
            self.refresh_cells(written)

    def update_cell(self, key: str, column: str, value: Any) -> None:
        """Set one cell and repaint it if it is on view."""
        if self.write_cells(key, {column: value}):
            self.cells_written()

    def add_rows_keyed(self, new: list[tuple[str, list[Any]]]) -> None:
        """Append rows `(key, cells in column order)` at once."""
        if not new:
            return
        was_empty = not self._keys
        before = self._view_keys()
        col_keys = list(self._columns)
        keys, index, data, shared = self._keys, self._index, self._data, self._shared
        added: list[str] = []
        last: list[Any] = []
        row: dict[str, Any] = {}
        for key, cells in new:
            if key in index:
                continue
            index[key] = len(keys)
            keys.append(key)
            if added and len(cells) == len(last) and all(map(is_, cells, last)):
                shared.add(key)
                shared.add(added[-1])
            else:
                row, last = dict(zip(col_keys, cells, strict=True)), cells
            data[key] = row
            added.append(key)
        self._rows_changed(added)
        self._update_size()
        if was_empty and keys:
            self._set_cursor(0, scroll=False, force=True)
        self._repaint_moved(before)

    def remove_rows(self, keys: Iterable[str]) -> None:
        """Drop many rows in one pass."""
        before = self._view_keys()
        data = self._data
        for k in keys:
            data.pop(k, None)
            self._shared.discard(k)
            self._row_versions.pop(k, None)
            self._written.pop(k, None)
        self._keys = [k for k in self._keys if k in data]
        self._index = {k: i for i, k in enumerate(self._keys)}
        self._update_size()
        self._set_cursor(self._cursor, scroll=False)
        self._repaint_moved(before)

    def set_order(self, keys: list[str]) -> None:
        """Show the rows in this order (every row key exactly once); no-op when unchanged."""
        if keys == self._keys:
            return
        before = self._view_keys()
        self._keys = list(keys)
        self._index = {k: i for i, k in enumerate(keys)}
        self._repaint_moved(before)

    def clear_rows(self) -> None:
        self.remove_rows(list(self._keys))

    # -- cursor -----------------------------------------------------------------------------

    def move_cursor(self, *, row: int, scroll: bool = True) -> None:
        """Put the cursor on display row `row` (clamped) and bring it into view."""
        self._set_cursor(row, scroll=scroll)

    def _set_cursor(self, row: int, *, scroll: bool = True, force: bool = False) -> None:
        row = max(0, min(row, len(self._keys) - 1))
        old = self._cursor
        if row != old or force:
            self._cursor = row
            self._refresh_row(old)
            self._refresh_row(row)
            if self._keys:
                self.post_message(self.RowHighlighted(self, row, self._keys[row]))
        if scroll:
            self.scroll_to_cursor()

    def scroll_to_cursor(self) -> None:
        """Scroll just enough to show the cursor row under the header."""
        if not self.size:  # not laid out yet: once it is
            if not self._scroll_pending:
                self._scroll_pending = True
                self.call_after_refresh(self._scroll_later)
            return
        body = max(1, self.scrollable_content_region.height - 1)
        row, top = self._cursor, int(self.scroll_y)
        if row < top:
            self.scroll_to(y=row, animate=False, force=True)
        elif row >= top + body:
            self.scroll_to(y=row - body + 1, animate=False, force=True)

    def _scroll_later(self) -> None:
        self._scroll_pending = False
        if self.size:
            self.scroll_to_cursor()

    def action_cursor_up(self) -> None:
        self._set_cursor(self._cursor - 1)

    def action_cursor_down(self) -> None:
        self._set_cursor(self._cursor + 1)

    def action_page_down(self) -> None:
        height = max(1, self.scrollable_content_region.height - 1)
        self.scroll_relative(y=height, animate=False, force=True)
        self._set_cursor(self._cursor + height)

    def action_page_up(self) -> None:
        height = max(1, self.scrollable_content_region.height - 1)
        self.scroll_relative(y=-height, animate=False, force=True)
        self._set_cursor(self._cursor - height)

    def action_cursor_top(self) -> None:
        self._set_cursor(0)

    def action_cursor_bottom(self) -> None:
        self._set_cursor(len(self._keys) - 1)

    def action_select_cursor(self) -> None:
        key = self.cursor_key
        if key is not None and self.show_cursor:
            self.post_message(self.RowSelected(self, self._cursor, key))

    def on_click(self, event: events.Click) -> None:
        meta = event.style.meta
        if "row" not in meta or "column" not in meta:
            return
        row, column = meta["row"], meta["column"]
        if row == -1:
            keys = list(self._columns)
            if 0 <= column < len(keys) and not meta.get("out_of_bounds"):
                self.post_message(self.HeaderSelected(self, keys[column], column))
            return
        if not 0 <= row < len(self._keys):
            return
        event.stop()
        if row == self._cursor:
            self.action_select_cursor()
        else:
            self._set_cursor(row)

    # -- repaint ----------------------------------------------------------------------------

    def _rows_changed(self, keys: Iterable[str]) -> None:
        """These rows' cells changed: render them again when they are painted."""
        self._version += 1
        version, versions = self._version, self._row_versions
        for k in keys:
            versions[k] = version

    def _screen_y(self, index: int) -> int:
        return index + 1 - int(self.scroll_y)

    def _refresh_row(self, index: int) -> None:
        y = self._screen_y(index)
        if 1 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def refresh_cells(self, cells: dict[str, set[str]]) -> None:
        """Repaint these cells if their rows are on view: a runtime or an age that moved
        repaints its cell (~30 bytes), not its line (~650 bytes at 160 columns)."""
        height, index_of = self.size.height, self._index
        half = len(self._columns) // 2
        offsets: dict[str, tuple[int, int]] | None = None
        for key, cks in cells.items():
            index = index_of.get(key)
            if index is None:
                continue
            y = self._screen_y(index)
            if not 1 <= y < height:
                continue
            if len(cks) > half:
                self.refresh(Region(0, y, self.size.width, 1))
                continue
            if offsets is None:
                offsets = self._column_spans()
            for ck in cks:
                span = offsets.get(ck)
                if span is not None:
                    self.refresh(Region(span[0], y, span[1], 1))

    def _column_spans(self) -> dict[str, tuple[int, int]]:
        """Column key -> (x on screen, width)."""
        x, pad, spans = -int(self.scroll_x), self.cell_padding, {}
        for key, col in self._columns.items():
            width = col.render_width(pad)
            spans[key] = (x, width)
            x += width
        return spans

    def _view_keys(self) -> tuple[int, list[str | None]]:
        """(first row on view, the key on each line of the view) for `_repaint_moved`."""
        top = max(0, int(self.scroll_y))
        keys, n = self._keys, len(self._keys)
        return top, [keys[i] if i < n else None for i in range(top, top + self.size.height)]

    def _repaint_moved(self, before: tuple[int, list[str | None]]) -> None:
        """Repaint the lines on view that show another row than `before` (rows came, went or
        moved); a refresh of the whole table re-sent ~28 KB when all of that was off view."""
        top, keys = self._view_keys()
        if top != before[0] or not keys:
            self.refresh()
            return
        width = self.size.width
        for i, (was, now) in enumerate(zip(before[1], keys, strict=False)):
            if was != now:
                self.refresh(Region(0, i + 1, width, 1))

    def _update_size(self) -> None:
        pad = self.cell_padding
        width = sum(c.render_width(pad) for c in self._columns.values())
        size = Size(width, len(self._keys) + 1)
        if size != self.virtual_size:
            # Setting the reactive repaints the whole table (~28 KB at 160x48) when rows
            # come or go; only the layout (the scrollbar) needs to know.
            self.set_reactive(Widget.virtual_size, size)
            self.refresh(repaint=False, layout=True)

    def notify_style_update(self) -> None:
        self._lines.clear()
        self._cells_cache.clear()
        super().notify_style_update()

    # -- rendering --------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # The widget's style is the same for every line of one paint; Textual computes it
        # from the ancestors on each access, which was a tenth of a frames page's repaint.
        self._paint_base = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._paint_base = None

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style if self._paint_base is None else self._paint_base
        scroll_x = int(self.scroll_x)
        if y == 0:
            return self._header_line(scroll_x, width, base)
        index = int(self.scroll_y) + y - 1
        keys = self._keys
        if not 0 <= index < len(keys):
            if index == 0 and not keys and self._empty:
                return self._empty_line(width, base)
            return Strip.blank(width, base)
        key = keys[index]
        cursor = index == self._cursor and self.show_cursor
        cursor_style = self.get_component_rich_style(_CURSOR) if cursor else None
        # The index is in the key because each segment's meta holds it (clicks).
        cache_key = (
            key,
            self._row_versions.get(key, 0),
            index,
            scroll_x,
            width,
            base,
            cursor_style,
        )
        strip = self._lines.get(cache_key)
        if strip is None:
            strip = self._row_line(key, index, base, cursor_style, scroll_x, width)
            self._lines[cache_key] = strip
        return strip

    def _empty_line(self, width: int, base: Style) -> Strip:
        pad = " " * self.cell_padding
        segments = [Segment(pad, base), Segment(self._empty, base + _EMPTY_STYLE)]
        return Strip(segments).crop(0, width).adjust_cell_length(width, base)

    def _header_line(self, scroll_x: int, width: int, base: Style) -> Strip:
        header = self.get_component_rich_style(_HEADER)
        cache_key = ("header", self._header_version, scroll_x, width, base, header)
        strip = self._lines.get(cache_key)
        if strip is None:
            columns, pad, app = list(self._columns.values()), self.cell_padding, self.app
            _, post = cell_styles(None)
            segments: list[Segment] = []
            for ci, col in enumerate(columns):
                pre = header + cell_meta(-1, ci)
                segments.extend(paint_cell(app, col.label, col.render_width(pad), pad, pre, post))
            segments.append(blank_after(columns, pad, -1, header, width))
            strip = finish(segments, scroll_x, width, base)
            self._lines[cache_key] = strip
        return strip

    def _row_line(
        self, key: str, index: int, base: Style, cursor: Style | None, scroll_x: int, width: int
    ) -> Strip:
        data, cache = self._data[key], self._cells_cache
        columns, pad, app = self._columns, self.cell_padding, self.app
        component, post = cell_styles(cursor)
        segments: list[Segment] = []
        for ci, (ck, col) in enumerate(columns.items()):
            value = data.get(ck)
            cell_key = (key, ck, index, col.width, base, cursor)
            hit = cache.get(cell_key)
            if hit is not None and hit[0] is value:
                cell = hit[1]
            else:
                pre = base + cell_meta(index, ci) + component
                cell = paint_cell(app, value, col.render_width(pad), pad, pre, post)
                cache[cell_key] = (value, cell)
            segments.extend(cell)
        blank = blank_after(columns.values(), pad, index, base + component, width)
        segments.append(blank)
        length = sum(c.render_width(pad) for c in columns.values()) + len(blank.text)
        return finish(segments, scroll_x, width, base, length)
