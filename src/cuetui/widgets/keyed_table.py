"""KeyedDataTable: DataTable with bulk, keyed row operations and a per-cell render cache.

Everything here leans on DataTable internals (`_data`, `_row_locations`, its caches), which is
why textual is pinned exactly; ResourceTable builds its diff on these few methods:

- DataTable keys its cell render cache on a table-wide update counter, so one changed cell
  re-renders every visible cell; here each cell has its own version and only written cells
  (and cells that moved) are rendered again.
- `remove_row` rebuilds the whole row index per call and `add_row` lists the columns per
  call: both become quadratic for thousands of rows; the bulk forms are linear.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual._two_way_dict import TwoWayDict
from textual.cache import LRUCache
from textual.widgets._data_table import Row
from textual.widgets.data_table import CellKey, ColumnKey, RowKey

from cuetui.widgets.table_lines import SingleLineRows


class KeyedDataTable(SingleLineRows):
    """Rows addressed by string keys; single-line rows and fixed column widths only."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._cell_versions: dict[tuple[RowKey, ColumnKey], int] = {}
        self._version = 0
        self._cells_cache: LRUCache[tuple[Any, ...], list[list[Segment]]] = LRUCache(4000)
        self._written: dict[RowKey, set[ColumnKey]] = {}

    @property
    def cursor_key(self) -> str | None:
        """Id of the highlighted row, or None when the table is empty."""
        if not self.row_count or not self.is_valid_row_index(self.cursor_row):
            return None
        return self._row_locations.get_key(self.cursor_row).value

    def write_cells(self, key: str, cells: dict[str, Any]) -> bool:
        """Set cells of one row without a refresh each; call `cells_written()` after a batch."""
        if not cells:
            return False
        rk = RowKey(key)
        data = self._data[rk]
        self._version += 1
        written = self._written.setdefault(rk, set())
        for ck_text, value in cells.items():
            ck = ColumnKey(ck_text)
            data[ck] = value
            self._cell_versions[(rk, ck)] = self._version
            written.add(ck)
        return True

    def cells_written(self, repaint: bool = True) -> None:
        # Only the written rows that are on view are repainted: a refresh of the whole table
        # re-sent every visible line (28 KB per poll at 160x48) when one row off view changed.
        written, self._written = self._written, {}
        self.rows_changed(written)
        if repaint:
            self.refresh_cells(written)

    def add_rows_keyed(self, new: list[tuple[str, list[Any]]]) -> None:
        """Append rows `(key, cells)` at once (add_row re-lists the columns per row)."""
        if not new:
            return
        col_keys = [c.key for c in self.ordered_columns]
        was_empty = self.row_count == 0
        before = self.view_keys()
        loc, data, rows, versions = self._row_locations, self._data, self.rows, self._cell_versions
        self._version += 1
        for key, cells in new:
            rk = RowKey(key)
            if rk in loc:
                continue
            loc[rk] = len(rows)
            data[rk] = dict(zip(col_keys, cells, strict=True))
            rows[rk] = Row(rk, 1)
            # A row can come back (filter cleared) under its old key with other contents.
            for ck in col_keys:
                versions[(rk, ck)] = self._version
        self.rows_changed(RowKey(key) for key, _ in new)
        # Widths are fixed, so DataTable's measuring of new rows (on idle) is not needed.
        self._require_update_dimensions = True
        self._update_count += 1
        self.cursor_coordinate = self.cursor_coordinate
        if was_empty and self.row_count and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()
        self.check_idle()
        self.repaint_moved(before)

    def remove_rows(self, keys: Iterable[str]) -> None:
        """Drop many rows in one pass."""
        versions = self._cell_versions
        before = self.view_keys()
        for k in keys:
            rk = RowKey(k)
            data = self._data.pop(rk, None)
            self.rows.pop(rk, None)
            self._row_versions.pop(rk, None)
            self._new_rows.discard(rk)
            if data:
                for ck in data:
                    self._updated_cells.discard(CellKey(rk, ck))
                    versions.pop((rk, ck), None)
        loc = self._row_locations
        remaining = sorted(self.rows, key=loc.get)
        self._row_locations = TwoWayDict({rk: i for i, rk in enumerate(remaining)})
        self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate
        self._update_count += 1
        self.check_idle()  # the new height reaches the layout (and scrollbar) on idle
        self.repaint_moved(before)

    def set_order(self, keys: list[str]) -> None:
        """Show the rows in this order (every row key exactly once); no-op when unchanged."""
        loc = self._row_locations
        if all(loc.get(RowKey(k)) == i for i, k in enumerate(keys)):
            return
        before = self.view_keys()
        self._row_locations = TwoWayDict({RowKey(k): i for i, k in enumerate(keys)})
        self._update_count += 1
        self.repaint_moved(before)

    # -- rendering cache --------------------------------------------------------------------

    def update_cell(
        self,
        row_key: RowKey | str,
        column_key: ColumnKey | str,
        value: Any,
        *,
        update_width: bool = False,
    ) -> None:
        rk = RowKey(row_key) if isinstance(row_key, str) else row_key
        ck = ColumnKey(column_key) if isinstance(column_key, str) else column_key
        self._version += 1
        self._cell_versions[(rk, ck)] = self._version
        self.rows_changed((rk,))
        super().update_cell(rk, ck, value, update_width=update_width)

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        if row_index < 0 or column_index < 0:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        rk = self._row_locations.get_key(row_index)
        ck = self._column_locations.get_key(column_index)
        key = (
            rk,
            ck,
            row_index,
            width,
            self._cell_versions.get((rk, ck), 0),
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._pseudo_class_state,
        )
        lines = self._cells_cache.get(key)
        if lines is None:
            lines = super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
            self._cells_cache[key] = lines
        return lines

    def _clear_caches(self) -> None:
        super()._clear_caches()
        self._cells_cache.clear()

    def notify_style_update(self) -> None:
        self._cells_cache.clear()
        super().notify_style_update()
