"""ResourceTable: a table that follows a changing list of entities by id.

Each refresh goes through `apply(items)`, a keyed diff: rows whose values did not change are
skipped entirely, changed rows update only their changed cells, vanished rows go, new rows
come, and the order is rebuilt only when something that decides it changed. The cursor stays
on the same entity (by id) and the scroll position is kept. Marks, the `/` filter and the sort
live here too, so every screen gets them the same way. Its parts: the diffs in `row_diff`,
the shown rows brought in line in `row_sync`, the columns that fit the width in
`column_layout`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import Any, Generic, TypeVar

from textual import events, on
from textual.binding import Binding
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip

from cuetui.core.text_match import FILTER_BUDGET, TOO_SLOW, as_text, compile_filter, within
from cuetui.core.unkeyed import NO_ID, REPEATED_ID, unshown_message
from cuetui.widgets.column_layout import layout_columns, update_labels
from cuetui.widgets.columns import MARK_KEY, Column, _Cell
from cuetui.widgets.line_table import LineTable
from cuetui.widgets.row_diff import Row, diff_keyed, merge_page
from cuetui.widgets.row_sync import sync_rows
from cuetui.widgets.table_marks import RowMarks

__all__ = ["MARK_KEY", "Column", "ResourceTable"]

T = TypeVar("T")


class ResourceTable(RowMarks, LineTable, Generic[T]):
    """Rows keyed by entity id, updated in place by `apply`."""

    DEFAULT_CSS = """
    ResourceTable { height: 1fr; }
    """

    def __init__(
        self,
        columns: list[Column[T]],
        *,
        key: Callable[[T], str] = attrgetter("id"),
        row_style: Callable[[T], str] | None = None,
        sort: str | None = None,
        reverse: bool = False,
        order: Callable[[T], Any] | None = None,
        enter_label: str = "Open",
        hidden: Iterable[str] = (),
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        # Enter stays the table's own binding (it runs in order after the cursor keys typed
        # before it); only its footer label changes per screen.
        enter = Binding("enter", "select_cursor", enter_label, id="table.enter")
        self._bindings.key_to_bindings["enter"] = [enter]
        self._cols = columns
        self._col_index = {c.key: i for i, c in enumerate(columns)}
        self._key = key
        self._row_style = row_style
        self._rows: dict[str, Row[T]] = {}
        self._marks: set[str] = set()
        self._shown: list[Column[T]] = []
        self._user_hidden = frozenset(hidden) & set(self._col_index)
        """Columns the user chose not to see (`C`), whatever the width."""
        self._widths: dict[str, int] = {}
        self._sort_col = sort
        self._reverse = reverse
        self._order = order
        """Rank of an item when no column sorts (rank, then the gateway's order): jobs that
        need attention first. Of the item alone: the same item again keeps its rank."""
        self._anchor: str | None = None  # the row a range of marks starts from
        self._pattern: re.Pattern[str] | None = None
        self._invert = False
        self._filter_text = ""
        self._filter_gen = 0
        # Changed rows off view, with the row last written to the table: they are
        # written when they come into view (a poll of 5,000 hosts changes ~2,000 rows).
        self._stale: dict[str, Row[T] | None] = {}
        self._unkeyed = (0, 0)
        """(rows without an id, rows repeating an id) of the last apply, as last reported."""

    # -- public API -------------------------------------------------------------------------

    def apply(self, items: Iterable[T]) -> None:
        """Show exactly `items`: keyed diff, only changed cells redrawn, cursor kept by id."""
        old_rows = self._rows
        new_rows, changed, order_dirty, unkeyed = diff_keyed(self, items)
        self._settle(old_rows, new_rows, changed, order_dirty, unkeyed)

    def _settle(
        self,
        old_rows: dict[str, Row[T]],
        new_rows: dict[str, Row[T]],
        changed: dict[str, Row[T] | None],
        order_dirty: bool,
        unkeyed: list[T],
    ) -> None:
        """The end of `apply`: the new rows kept, the table synced, rows left out reported."""
        self._rows = new_rows
        self._marks.intersection_update(new_rows)
        if self._sort_col is not None and not order_dirty:
            si = self._col_index.get(self._sort_col)
            order_dirty = si is not None and any(
                old is None or _value(old, si) != _value(new_rows[k], si)
                for k, old in changed.items()
            )
        sync_rows(self, changed, order_dirty, same_keys=new_rows.keys() == old_rows.keys())
        if unkeyed or self._unkeyed != (0, 0):
            self._report_unkeyed(unkeyed, len(new_rows) + len(unkeyed))

    def merge(self, items: Iterable[T]) -> None:
        """Update these items in place by id and append new ones after the last row; the rows
        not named keep their item. A page merged into 100,000 rows costs the page, not the
        table (`apply` diffs every row). Under a `/` filter, or for items without an id or
        with a repeated one, it is an `apply` of everything."""
        items = list(items)
        key_of, rows = self._key, self._rows
        keys = [key_of(item) for item in items]
        if self._pattern is not None or not all(keys) or len(set(keys)) < len(keys):
            merged = {k: r.item for k, r in rows.items()}
            pairs = list(zip(keys, items, strict=True))
            merged.update((k, item) for k, item in pairs if k)
            self.apply([*merged.values(), *(item for k, item in pairs if not k)])
            return
        changed, added, order_dirty = merge_page(self, keys, items)
        sync_rows(self, changed, order_dirty, same_keys=not added, added=added)

    def _report_unkeyed(self, unkeyed: list[T], total: int) -> None:
        """Say once (per distinct count) that rows came without an id, or with a repeated one,
        and are not shown: they vanished without a word."""
        missing = [item for item in unkeyed if not self._key(item)]
        situation = (len(missing), len(unkeyed) - len(missing))
        if situation == self._unkeyed:
            return
        self._unkeyed = situation
        kind = str(getattr(self.screen, "KIND", "") or "rows") if self.is_attached else "rows"
        repeated = [item for item in unkeyed if self._key(item)]
        for why, items in ((NO_ID, missing), (REPEATED_ID, repeated)):
            if count := len(items):
                names = (getattr(item, "name", "") for item in items)
                message = unshown_message(count, total, kind, why, names)
                self.notify(message, severity="warning", timeout=10)

    class Shown(Message):
        """New items, a filter, a sort or other columns on view: the detail strip reads again."""

        def __init__(self, table: ResourceTable[Any]) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> ResourceTable[Any]:
            return self.table

    @property
    def hidden_columns(self) -> list[Column[T]]:
        """Columns too wide for the table now, the one that hid last (the most wanted) first."""
        if not self._shown:
            return []
        shown = {c.key for c in self._shown} | self._user_hidden
        hidden = [c for c in self._cols if c.key not in shown]
        return sorted(hidden, key=lambda c: c.priority)

    @property
    def user_hidden(self) -> frozenset[str]:
        return self._user_hidden

    def column_choices(self) -> list[tuple[str, str, bool]]:
        """(key, label, not hidden by the user) of every column, in the table's order."""
        return [(c.key, c.label or c.key, c.key not in self._user_hidden) for c in self._cols]

    def set_user_hidden(self, keys: Iterable[str]) -> None:
        """Hide these columns (and show the others again, as the width allows)."""
        hidden = frozenset(keys) & set(self._col_index)
        if hidden != self._user_hidden:
            self._user_hidden = hidden
            layout_columns(self, self.size.width or 120)

    @property
    def cursor_item(self) -> T | None:
        key = self.cursor_key
        return self._rows[key].item if key is not None and key in self._rows else None

    def targets(self) -> list[T]:
        """Marked rows still on view (in table order), else the highlighted row."""
        if self._marks:
            loc = self._index
            shown = [k for k in self._marks if k in loc]
            if shown:
                shown.sort(key=loc.__getitem__)
                return [self._rows[k].item for k in shown]
        item = self.cursor_item
        return [] if item is None else [item]

    def items(self) -> list[T]:
        """Every item of the last `apply`, filtered out or not."""
        return [r.item for r in self._rows.values()]

    def visible_items(self) -> list[T]:
        """Items on view, in table order."""
        rows = self._rows
        return [rows[k].item for k in self._keys if k in rows]

    def keys_on_view(self) -> list[str]:
        """Ids of the rows on screen (and a few rows either side), in table order."""
        top, bottom = self._view_range()
        return self._keys[max(0, top) : max(0, bottom)]

    def get_item(self, key: str) -> T | None:
        row = self._rows.get(key)
        return None if row is None else row.item

    @property
    def counts(self) -> tuple[int, int]:
        """(rows on view, rows in all)."""
        return self.row_count, len(self._rows)

    def move_to(self, key: str) -> bool:
        """Put the cursor on the row with this id, if it is on view."""
        index = self._index.get(key)
        if index is None:
            return False
        self.move_cursor(row=index)
        return True

    @property
    def filter_text(self) -> str:
        return self._filter_text

    def set_filter(self, text: str) -> str | None:
        """Filter rows (case-insensitive regex, or substring when not a valid regex; `!` inverts).

        Returns None, or a note when the text was taken as a plain substring (not a regex,
        or one that could run forever or ran too long on these rows: `cuetui.core.text_match`).
        """
        self._filter_text = text
        self._invert = text.startswith("!")
        body = text[1:] if self._invert else text
        found = compile_filter(body)
        self._pattern, note = found.pattern, found.note
        self._filter_gen += 1
        if self._pattern is not None and not self._matched_within(FILTER_BUDGET):
            slow = as_text(body, TOO_SLOW)
            self._pattern, note = slow.pattern, slow.note
            self._filter_gen += 1
        sync_rows(self, {}, False)
        return note

    def _matched_within(self, budget: float) -> bool:
        """Match every row now (the results are kept for `_sync`); False when over `budget`."""
        gen = self._filter_gen
        return within(budget, (self._matches(row, gen) for row in self._rows.values()))

    @property
    def sort_state(self) -> tuple[str | None, bool]:
        return self._sort_col, self._reverse

    def sort_choices(self) -> list[tuple[str, str]]:
        """(column key, label) of every column a sort can take, hidden by width or not."""
        return [(c.key, c.label) for c in self._cols]

    def sort_by(self, column: str | None, reverse: bool = False) -> None:
        self._sort_col, self._reverse = column, reverse
        update_labels(self)
        sync_rows(self, {}, True)

    def cycle_sort(self, step: int = 1) -> None:
        """Next column as sort column; after the last comes the gateway's own order."""
        keys: list[str | None] = [None, *(c.key for c in self._shown if c.key != MARK_KEY)]
        current = keys.index(self._sort_col) if self._sort_col in keys else 0
        self.sort_by(keys[(current + step) % len(keys)], self._reverse)

    def invert_sort(self) -> None:
        self.sort_by(self._sort_col, not self._reverse)

    @on(LineTable.HeaderSelected)
    def _header_clicked(self, event: LineTable.HeaderSelected) -> None:
        """A click on a header sorts by it; a second click inverts the sort."""
        if event.column_key == MARK_KEY:
            event.stop()
            return
        same = event.column_key == self._sort_col
        self.sort_by(event.column_key, not self._reverse if same else False)

    # -- rows on view: values, cells, stale rows written when shown -------------------------

    def _keys_on_view(self) -> set[str]:
        top, bottom = self._view_range()
        return set(self._keys[max(0, top) : max(0, bottom)])

    def _blank(self, key: str) -> list[Any]:
        return [self._mark_cell(key) if c.key == MARK_KEY else "" for c in self._shown]

    def _view_range(self) -> tuple[int, int]:
        """Row indexes on view, with a margin."""
        top = int(self.scroll_y) - 2
        return top, top + self.size.height + 4

    def _flush(self, keys: Iterable[str]) -> None:
        """Write the stale rows among `keys` (they are about to be shown or read)."""
        stale, rows = self._stale, self._rows
        for k in keys:
            if k in stale:
                self._update_row(k, rows[k], stale.pop(k))

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._stale:
            top, bottom = self._view_range()
            self._flush(self._keys[max(0, top) : max(0, bottom)])
            if self._written:
                self.cells_written(repaint=False)  # being painted now
        return super().render_lines(crop)

    def get_cell(self, key: str, column: str) -> Any:
        self._flush([key])
        return super().get_cell(key, column)

    def get_row(self, key: str) -> list[Any]:
        self._flush([key])
        return super().get_row(key)

    def _matches(self, row: Row[T], gen: int) -> bool:
        if self._pattern is None:
            return True
        if row.match_gen != gen:
            search = self._pattern.search
            texts = self._texts(row)
            hit = any(search(t) for c, t in zip(self._cols, texts, strict=True) if c.searchable)
            row.matches = hit != self._invert
            row.match_gen = gen
        return row.matches

    def _texts(self, row: Row[T]) -> tuple[str, ...]:
        if row.texts is None:
            values = self._values(row)
            row.texts = tuple([c.fmt(v) for c, v in zip(self._cols, values, strict=True)])
        return row.texts

    def _values(self, row: Row[T]) -> tuple[Any, ...]:
        """The row's values (and style), computed now if apply left them for later."""
        if row.values is None:
            item = row.item
            row.values = tuple([c.value(item) for c in self._cols])
            row.style = self._row_style(item) if self._row_style is not None else ""
        return row.values

    def _sort_of(self, row: Row[T], si: int) -> tuple[str, Any]:
        col = self._cols[si]
        if row.values is not None:
            return (col.key, row.values[si])
        if row.sort is None or row.sort[0] != col.key:
            row.sort = (col.key, col.value(row.item))
        return row.sort

    def _update_row(self, key: str, row: Row[T], old: Row[T] | None) -> bool:
        """Write the changed cells of a shown row; True when any changed."""
        values = self._values(row)
        before = None if old is None or old.style != row.style else old.values
        cells: dict[str, Any] = {}
        for col in self._shown:
            if col.key == MARK_KEY:
                continue
            i = self._col_index[col.key]
            if before is None or before[i] != values[i]:
                cells[col.key] = self._cell_for(col, values[i], row.style)
        return self.write_cells(key, cells)

    def _cells(self, key: str, row: Row[T]) -> list[Any]:
        cells: list[Any] = []
        for col in self._shown:
            if col.key == MARK_KEY:
                cells.append(self._mark_cell(key))
            else:
                value = self._values(row)[self._col_index[col.key]]
                cells.append(self._cell_for(col, value, row.style))
        return cells

    def _cell_for(self, col: Column[T], value: Any, row_style: str) -> _Cell:
        return _Cell(col, value, row_style, self._widths.get(col.key, col.width))

    def _bar(self, col: Column[T], row: Row[T]) -> _Cell:
        assert row.values is not None
        return self._cell_for(col, row.values[self._col_index[col.key]], row.style)

    # -- columns and width ------------------------------------------------------------------

    def on_mount(self) -> None:
        layout_columns(self, self.size.width or 120)

    def on_resize(self, event: events.Resize) -> None:
        layout_columns(self, event.size.width)


def _value(row: Row[Any], i: int) -> Any:
    """Value `i` of a row whose values are computed (a row shown or changed)."""
    return None if row.values is None else row.values[i]
