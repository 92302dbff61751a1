"""SingleLineRows: DataTable geometry and line caching for tables whose rows are one line.

DataTable supports rows of any height, so it maps a screen line to a row through a list of
every line of the table, rebuilt (with the row order) after every change: at 5,000 rows that
was ~40 ms on the next paint, and each cursor move summed the heights of the rows above it.
With one-line rows, line y is row y. Its rendered lines are cached on a table-wide update
counter, so any change re-rendered every visible line; here a line is cached per row version
and only rows whose cells changed are rendered (and repainted) again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.coordinate import Coordinate
from textual.geometry import Region, Size, Spacing
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey

_Lines = list[list[Segment]]


class SingleLineRows(DataTable[Any]):
    """A DataTable for rows of height 1 (what `add_row(..., height=1)` gives)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._row_versions: dict[RowKey, int] = {}
        self._row_version = 0
        self._lines: LRUCache[tuple[Any, ...], Any] = LRUCache(4000)
        self._base_style: Style | None = None
        self._sized: tuple[Size, Size, Size] | None = None

    def rows_changed(self, keys: Iterable[RowKey]) -> None:
        """These rows' cells changed: render them again when they are painted."""
        self._update_count += 1  # DataTable's own caches must not serve the old lines either
        self._row_version += 1
        version, versions = self._row_version, self._row_versions
        for rk in keys:
            versions[rk] = version

    def refresh_cells(self, cells: dict[RowKey, set[ColumnKey]]) -> None:
        """Repaint these cells if their rows are on view: a runtime or an age that moved
        repaints its cell (~30 bytes), not its line (~650 bytes at 160 columns)."""
        top = int(self.scroll_y) - 1
        bottom = top + self.size.height + 2
        loc, columns = self._row_locations, self._column_locations
        half = len(self.columns) // 2
        for rk, cks in cells.items():
            index = loc.get(rk)
            if index is None or not top <= index <= bottom:
                continue
            if len(cks) > half:
                self.refresh_row(index)
                continue
            for ck in cks:
                column = columns.get(ck)
                if column is not None:
                    self.refresh_coordinate(Coordinate(index, column))

    def view_keys(self) -> tuple[int, list[RowKey | None]]:
        """(first row index on view, the key on each line of the view) for `repaint_moved`."""
        top = max(0, int(self.scroll_y))
        n, get_key = self.row_count, self._row_locations.get_key
        return top, [get_key(i) if i < n else None for i in range(top, top + self.size.height)]

    def repaint_moved(self, before: tuple[int, list[RowKey | None]]) -> None:
        """Repaint the lines on view that show another row than `before` (rows came, went or
        moved); a refresh of the whole table re-sent ~28 KB when all of that was off view."""
        top, keys = self.view_keys()
        if top != before[0] or not keys:
            self.refresh()
            return
        width = max(self.size.width, self.virtual_size.width)
        for i, (was, now) in enumerate(zip(before[1], keys, strict=False)):
            if was != now:
                self._refresh_region(Region(0, self._row_top(top + i), width, 1))

    def visible_keys(self) -> list[RowKey]:
        """Row keys on view now, top to bottom."""
        top = max(0, int(self.scroll_y))
        stop = min(self.row_count, top + self.size.height)
        get_key = self._row_locations.get_key
        return [get_key(i) for i in range(top, stop)]

    # -- geometry: line y of the body is row y ----------------------------------------------

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # ScrollView compares the compositor's virtual size (the region) with its own (the
        # rows), which never match: any layout anywhere on the screen (a label updated)
        # repainted the scrollbar, ~1 KB per refresh. Skip when nothing really changed.
        seen = (size, container_size, self.virtual_size)
        if seen == self._sized:
            return False
        self._sized = seen
        return super()._size_updated(size, virtual_size, container_size, layout)

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        new_rows = list(new_rows)
        if new_rows:  # rows from add_row: DataTable measures them
            super()._update_dimensions(new_rows)
            return
        width = sum(c.get_render_width(self) for c in self.columns.values())
        height = self.row_count + (self.header_height if self.show_header else 0)
        size = Size(width + self._row_label_column_width, height)
        if size != self.virtual_size:
            # Setting the reactive repaints the whole table (~28 KB at 160x48) when rows
            # come or go; only the layout (the scrollbar) needs to know.
            self.set_reactive(DataTable.virtual_size, size)
            self.refresh(repaint=False, layout=True)

    def _get_offsets(self, y: int) -> tuple[RowKey, int]:
        if self.show_header:
            if y < self.header_height:
                return self._header_row_key, y
            y -= self.header_height
        if not 0 <= y < self.row_count:
            raise LookupError(f"Y coord {y!r} is greater than total height")
        return self._row_locations.get_key(y), 0

    @property
    def _total_row_height(self) -> int:
        return self.row_count

    def _row_top(self, row_index: int) -> int:
        return row_index + (self.header_height if self.show_header else 0)

    def _get_row_region(self, row_index: int) -> Region:
        if not self.is_valid_row_index(row_index):
            return Region(0, 0, 0, 0)
        width = sum(c.get_render_width(self) for c in self.columns.values())
        width += self._row_label_column_width
        return Region(0, self._row_top(row_index), max(self.size.width, width), 1)

    def _get_cell_region(self, coordinate: Coordinate) -> Region:
        if not self.is_valid_coordinate(coordinate):
            return Region(0, 0, 0, 0)
        row_index, column_index = coordinate
        columns = self.ordered_columns
        x = sum(c.get_render_width(self) for c in columns[:column_index])
        x += self._row_label_column_width
        width = columns[column_index].get_render_width(self)
        return Region(x, self._row_top(row_index), width, 1)

    def _get_fixed_offset(self) -> Spacing:
        top = (self.header_height if self.show_header else 0) + self.fixed_rows
        left = sum(c.get_render_width(self) for c in self.ordered_columns[: self.fixed_columns])
        return Spacing(top, 0, 0, left + self._row_label_column_width)

    # -- line cache ---------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # DataTable.render_line asks the DOM for the widget's style on every line.
        self._base_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._base_style = None

    def render_line(self, y: int) -> Strip:
        style = self._base_style
        if style is None:
            return super().render_line(y)
        scroll_x, scroll_y = self.scroll_offset
        if y >= (self.header_height if self.show_header else 0) + self.fixed_rows:
            y += scroll_y
        return self._render_line(y, scroll_x, scroll_x + self.size.width, style)

    def _render_line_in_row(
        self,
        row_key: RowKey,
        line_no: int,
        base_style: Style,
        cursor_location: Coordinate,
        hover_location: Coordinate,
    ) -> tuple[_Lines, _Lines]:
        if self.cursor_type != "row":
            return super()._render_line_in_row(
                row_key, line_no, base_style, cursor_location, hover_location
            )
        index = self._row_locations.get(row_key)
        if index is None:
            index = -1
        # The row index is in the key because DataTable puts it in each segment's meta
        # (clicks); the cursor and hover matter only as "on this row or not".
        key = (
            row_key,
            self._row_versions.get(row_key, 0),
            index,
            line_no,
            base_style,
            cursor_location.row == index,
            hover_location.row == index,
            self.show_cursor,
            self._show_hover_cursor,
            self._pseudo_class_state,
            self.size.width,
        )
        lines = self._lines.get(key)
        if lines is None:
            lines = super()._render_line_in_row(
                row_key, line_no, base_style, cursor_location, hover_location
            )
            self._lines[key] = lines
        return lines

    def _render_line(self, y: int, x1: int, x2: int, base_style: Style) -> Strip:
        if self.cursor_type != "row":
            return super()._render_line(y, x1, x2, base_style)
        try:
            row_key, _ = self._get_offsets(y)
        except LookupError:
            return super()._render_line(y, x1, x2, base_style)
        index = y - (self.header_height if self.show_header else 0)
        key = (
            "strip",
            row_key,
            self._row_versions.get(row_key, 0),
            y,
            x1,
            x2,
            self.size.width,
            base_style,
            self.cursor_coordinate.row == index,
            self.hover_coordinate.row == index,
            self.show_cursor,
            self._show_hover_cursor,
            self._pseudo_class_state,
        )
        strip = self._lines.get(key)
        if strip is None:
            strip = super()._render_line(y, x1, x2, base_style)
            self._lines[key] = strip
        return strip

    def _clear_caches(self) -> None:
        super()._clear_caches()
        self._lines.clear()

    def notify_style_update(self) -> None:
        self._lines.clear()
        super().notify_style_update()
