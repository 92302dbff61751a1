"""ResourceTable: a table that follows a changing list of entities by id.

Each refresh goes through `apply(items)`, a keyed diff: rows whose values did not change are
skipped entirely, changed rows update only their changed cells, vanished rows go, new rows
come, and the order is rebuilt only when something that decides it changed. The cursor stays
on the same entity (by id) and the scroll position is kept. Marks, the `/` filter and the sort
live here too, so every screen gets them the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from operator import attrgetter
from typing import Any, Generic, TypeVar

from rich.text import Text
from textual import events, on
from textual.binding import Binding
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip

from cuetui.core.text_match import FILTER_BUDGET, TOO_SLOW, as_text, compile_filter, within
from cuetui.core.unkeyed import NO_ID, REPEATED_ID, unshown_message
from cuetui.widgets.columns import _MARK_COLUMN, MARK_KEY, Column, _Cell
from cuetui.widgets.line_table import LineTable, TableColumn
from cuetui.widgets.row_diff import InPlace, diff_in_place, same_order_keys
from cuetui.widgets.table_marks import RowMarks

__all__ = ["MARK_KEY", "Column", "ResourceTable"]

T = TypeVar("T")

_SORT_GLYPHS = ("▲", "▼")
# Scrollbar and borders: columns never get this much of the width.
_RESERVED = 2


class _Row(Generic[T]):
    """What the table knows of one entity: the item, its values, texts and filter match.

    `values` is None for a row that was off view when its item came: they are computed when
    the row is shown or a filter or sort needs them (`ResourceTable._values`); `sort` then
    holds (sort column, its value) alone.
    """

    __slots__ = (
        "index",
        "item",
        "match_gen",
        "matches",
        "rank",
        "sort",
        "style",
        "texts",
        "values",
    )

    def __init__(self, item: T, values: tuple[Any, ...] | None, style: str, index: int) -> None:
        self.item = item
        self.values = values
        self.style = style
        self.index = index
        self.texts: tuple[str, ...] | None = None
        self.match_gen = -1
        self.matches = True
        self.sort: tuple[str, Any] | None = None
        self.rank: Any = None


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
        self._rows: dict[str, _Row[T]] = {}
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
        self._stale: dict[str, _Row[T] | None] = {}
        self._unkeyed = (0, 0)
        """(rows without an id, rows repeating an id) of the last apply, as last reported."""

    # -- public API -------------------------------------------------------------------------

    def apply(self, items: Iterable[T]) -> None:
        """Show exactly `items`: keyed diff, only changed cells redrawn, cursor kept by id."""
        cols = self._cols
        key_of, style_of = self._key, self._row_style
        old_rows = self._rows
        new_rows: dict[str, _Row[T]] = {}
        changed: dict[str, _Row[T] | None] = {}
        order_dirty = False
        stale = self._stale
        # A row off view only takes its new item (and sort value): its values are computed
        # when it comes into view. At 5,000 hosts that skips ~60,000 column calls per poll.
        lazy = bool(self._shown) and self._pattern is None
        on_view = self._keys_on_view() if lazy else set()
        si = self._col_index.get(self._sort_col) if self._sort_col else None
        sort_col, sort_value = (
            (self._cols[si].key, self._cols[si].value) if si is not None else ("", _none)
        )
        order = self._order
        items = items if isinstance(items, list) else list(items)
        if lazy and order is None and same_order_keys(items, key_of, old_rows):
            how = InPlace(
                lambda item: tuple([c.value(item) for c in cols]),
                style_of if style_of is not None else _no_style,
                _Row,
                (sort_col, si, sort_value) if si is not None else None,
            )
            order_dirty = diff_in_place(items, old_rows, on_view, stale, changed, how)
            self._settle(old_rows, old_rows, changed, order_dirty, [])
            return
        ranked = order is not None and si is None
        unkeyed: list[T] = []  # no id, or one an earlier row has: cannot be followed
        rank = None
        for item in items:
            k = key_of(item)
            if not k or k in new_rows:
                unkeyed.append(item)
                continue
            index = len(new_rows)
            old = old_rows.get(k)
            if (
                old is not None
                and old.item is item
                and old.values is None
                and lazy
                and k not in on_view
            ):
                # The very item again (the client reuses the model of an unchanged item), off
                # view and never computed since: only its place (and a live sort value) can
                # have moved. `order` is of the item alone, so its rank stands.
                if si is not None:
                    prev, old.sort = old.sort, (sort_col, sort_value(item))
                    if prev is not None and prev[0] == sort_col and prev != old.sort:
                        order_dirty = True
                elif old.index != index:
                    order_dirty = True
                old.index = index
                new_rows[k] = old
                continue
            if order is not None:
                # Ranks are kept fresh under a column sort too: back to no column, they order.
                rank = order(item)
                if ranked and (old is None or old.rank != rank):
                    order_dirty = True
            if lazy and old is not None and k not in on_view:
                # `_sort_of` inlined: a call per row was a tenth of this loop at 25,000 hosts.
                prev = None
                if si is not None:
                    prev = old.sort if old.values is None else (sort_col, old.values[si])
                    if prev is None or prev[0] != sort_col:
                        prev = (sort_col, sort_value(old.item))
                if old.values is None:  # off view already: the row shown is in `stale`
                    row = old
                    row.item, row.sort, row.texts, row.match_gen = item, None, None, -1
                else:
                    stale.setdefault(k, old)  # the row the table still shows
                    row = _Row(item, None, "", old.index)
                if si is not None:
                    row.sort = now = (sort_col, sort_value(item))
                    if now != prev:
                        order_dirty = True
                elif row.index != index:
                    order_dirty = True
                row.index = index
                row.rank = rank
                new_rows[k] = row
                continue
            values = tuple([c.value(item) for c in cols])
            style = style_of(item) if style_of is not None else ""
            if old is not None and old.values == values and old.style == style:
                old.item = item
                old.rank = rank
                if old.index != index:
                    old.index = index
                    order_dirty = order_dirty or self._sort_col is None
                new_rows[k] = old
                continue
            new_rows[k] = new = _Row(item, values, style, index)
            new.rank = rank
            changed[k] = stale.pop(k, old)
        self._settle(old_rows, new_rows, changed, order_dirty, unkeyed)

    def _settle(
        self,
        old_rows: dict[str, _Row[T]],
        new_rows: dict[str, _Row[T]],
        changed: dict[str, _Row[T] | None],
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
        self._sync(changed, order_dirty, same_keys=new_rows.keys() == old_rows.keys())
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
        cols, style_of = self._cols, self._row_style
        si = self._col_index.get(self._sort_col) if self._sort_col else None
        order = self._order
        on_view = self._keys_on_view() if self._shown else set()
        stale = self._stale
        changed: dict[str, _Row[T] | None] = {}
        added: list[str] = []
        order_dirty = False
        for k, item in zip(keys, items, strict=True):
            old = rows.get(k)
            rank = order(item) if order is not None else None
            if old is None:  # new rows come blank: their values when they are painted
                row = rows[k] = _Row(item, None, "", len(rows))
                row.rank = rank
                added.append(k)
                continue
            if order is not None and si is None and old.rank != rank:
                order_dirty = True
            if k not in on_view:
                prev = self._sort_of(old, si) if si is not None else None
                if old.values is None:
                    row = old
                    row.item, row.sort, row.texts, row.match_gen = item, None, None, -1
                else:
                    stale.setdefault(k, old)
                    row = rows[k] = _Row(item, None, "", old.index)
                row.rank = rank
                if si is not None:
                    order_dirty = order_dirty or self._sort_of(row, si) != prev
                continue
            values = tuple([c.value(item) for c in cols])
            style = style_of(item) if style_of is not None else ""
            if old.values == values and old.style == style:
                old.item, old.rank = item, rank
                continue
            new = rows[k] = _Row(item, values, style, old.index)
            new.rank = rank
            changed[k] = stale.pop(k, old)
            if si is not None and (old.values is None or old.values[si] != values[si]):
                order_dirty = True
        self._sync(changed, order_dirty, same_keys=not added, added=added)

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
            self._layout_columns(self.size.width or 120)

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
        self._sync({}, False)
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
        self._update_labels()
        self._sync({}, True)

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

    # -- diff -------------------------------------------------------------------------------

    def _sync(
        self,
        changed: dict[str, _Row[T] | None],
        order_dirty: bool,
        same_keys: bool = False,
        added: list[str] | None = None,
    ) -> None:
        """Bring the shown rows in line with `_rows` (filtered); `changed` maps key -> old row;
        `added` (from `merge`, unfiltered): the only rows that came, none went."""
        if not self._shown:
            return  # not mounted yet: on_mount builds everything
        rows = self._rows
        stale = self._stale
        visible: Any
        shown: AbstractSet[str]
        remove: set[str] = set()
        add: list[str] = []
        if same_keys and self._pattern is None and len(self._index) == len(rows):
            # Nothing came or went, nothing is filtered: every row is shown already.
            visible = shown = rows.keys()
        elif added is not None and self._pattern is None:
            visible, shown, add = rows.keys(), self._index.keys(), added
            for k in add:
                stale.pop(k, None)
        else:
            gen = self._filter_gen
            if self._pattern is None:
                visible = set(rows)
            else:
                visible = {k for k, r in rows.items() if self._matches(r, gen)}
            shown = set(self._index)
            remove = shown - visible
            add = [k for k in rows if k in visible and k not in shown]
            for k in (*remove, *add):
                stale.pop(k, None)
        cursor_key = self.cursor_key
        top, bottom = self._view_range()
        loc = self._index
        with self.app.batch_update():
            if remove:
                self.remove_rows(remove)
            touched = False
            for k, old in changed.items():
                if k in shown and k not in remove:
                    index = loc.get(k)
                    if index is not None and top <= index < bottom:
                        touched = self._update_row(k, rows[k], stale.pop(k, old)) or touched
                    else:
                        stale.setdefault(k, old)
            if touched:
                self.cells_written()
            # New rows go in blank and are written when painted (a page of 500 frames added
            # to 10,000 computed 5,000 values for rows nobody sees yet).
            self.add_rows_keyed([(k, self._blank(k)) for k in add])
            stale.update(dict.fromkeys(add))
            appended = (
                self._sort_col is None
                and self._order is None
                and all(rows[k].index >= len(rows) - len(add) for k in add)
            )
            if remove or order_dirty or (add and not appended):
                self._reorder(visible)
            if add:
                self._flush(self._keys_on_view().intersection(add))
                if self._written:
                    self.cells_written()
            if cursor_key is not None and cursor_key in visible:
                index = self._index.get(cursor_key)
                if index is not None and index != self.cursor_row:
                    self.move_cursor(row=index)
        # New items, a filter or a sort: what the detail strip says may have changed.
        self.post_message(self.Shown(self))

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

    def _matches(self, row: _Row[T], gen: int) -> bool:
        if self._pattern is None:
            return True
        if row.match_gen != gen:
            search = self._pattern.search
            texts = self._texts(row)
            hit = any(search(t) for c, t in zip(self._cols, texts, strict=True) if c.searchable)
            row.matches = hit != self._invert
            row.match_gen = gen
        return row.matches

    def _texts(self, row: _Row[T]) -> tuple[str, ...]:
        if row.texts is None:
            values = self._values(row)
            row.texts = tuple([c.fmt(v) for c, v in zip(self._cols, values, strict=True)])
        return row.texts

    def _values(self, row: _Row[T]) -> tuple[Any, ...]:
        """The row's values (and style), computed now if apply left them for later."""
        if row.values is None:
            item = row.item
            row.values = tuple([c.value(item) for c in self._cols])
            row.style = self._row_style(item) if self._row_style is not None else ""
        return row.values

    def _sort_of(self, row: _Row[T], si: int) -> tuple[str, Any]:
        col = self._cols[si]
        if row.values is not None:
            return (col.key, row.values[si])
        if row.sort is None or row.sort[0] != col.key:
            row.sort = (col.key, col.value(row.item))
        return row.sort

    def _reorder(self, visible: set[str]) -> None:
        rows = self._rows
        si = self._col_index.get(self._sort_col) if self._sort_col else None
        if si is None and self._order is not None:
            keys = sorted(visible, key=lambda k: (rows[k].rank, rows[k].index))
        elif si is None:
            keys = sorted(visible, key=lambda k: rows[k].index)
        else:
            col = self._cols[si]
            skey = col.sort_key or _default_sort_key

            def key(k: str) -> tuple[Any, ...]:
                value = self._sort_of(rows[k], si)[1]
                return (value is None, skey(value) if value is not None else 0)

            keys = sorted(sorted(visible, key=lambda k: rows[k].index), key=key)
            if self._reverse:
                keys.reverse()
        self.set_order(keys)

    def _update_row(self, key: str, row: _Row[T], old: _Row[T] | None) -> bool:
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

    def _cells(self, key: str, row: _Row[T]) -> list[Any]:
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

    def _bar(self, col: Column[T], row: _Row[T]) -> _Cell:
        assert row.values is not None
        return self._cell_for(col, row.values[self._col_index[col.key]], row.style)

    # -- columns and width ------------------------------------------------------------------

    def on_mount(self) -> None:
        self._layout_columns(self.size.width or 120)

    def on_resize(self, event: events.Resize) -> None:
        self._layout_columns(event.size.width)

    def _fit(self, width: int) -> tuple[list[Column[T]], dict[str, int]]:
        """Columns that fit in `width` (dropping the highest priority first) and their widths."""
        pad = 2 * self.cell_padding
        cols: list[Column[T]] = [_MARK_COLUMN]
        cols += [c for c in self._cols if c.key not in self._user_hidden]
        budget = max(20, width - _RESERVED)
        while True:
            need = sum(c.width + pad for c in cols)
            droppable = [c for c in cols if c.priority > 0]
            if need <= budget or not droppable:
                break
            worst = max(droppable, key=lambda c: (c.priority, cols.index(c)))
            cols.remove(worst)
        widths = {c.key: c.width for c in cols}
        spare = budget - sum(c.width + pad for c in cols)
        flex = [c for c in cols if c.flex]
        for c in flex:
            widths[c.key] += max(0, spare) // len(flex)
        return cols, widths

    def _layout_columns(self, width: int) -> None:
        cols, widths = self._fit(width)
        if [c.key for c in cols] == [c.key for c in self._shown]:
            if widths != self._widths:
                self._widths = widths
                for c in cols:
                    self.columns[c.key].width = widths[c.key]
                # A wider flex column re-renders its cells (bars are drawn to width, names
                # are cut in the middle to it).
                bars = [c for c in cols if c.cell is not None or c.flex]
                for k, row in self._rows.items():
                    shown = self._stale.get(k) or row  # what the cells show now
                    if bars and k in self._index and shown.values is not None:
                        self.write_cells(k, {c.key: self._bar(c, shown) for c in bars})
                self.cells_written(repaint=False)
                self.columns_changed()
            return
        cursor_key, scroll_y = self.cursor_key, self.scroll_y
        self._shown, self._widths = cols, widths
        self.post_message(self.Shown(self))
        with self.app.batch_update():
            self._stale.clear()  # every row is built again from its current values
            self.set_columns([TableColumn(c.key, self._label(c), widths[c.key]) for c in cols])
            gen = self._filter_gen
            visible = {k for k, r in self._rows.items() if self._matches(r, gen)}
            self.add_rows_keyed(
                [(k, self._cells(k, r)) for k, r in self._rows.items() if k in visible]
            )
            self._reorder(visible)
            if cursor_key is not None and cursor_key in visible:
                self.move_cursor(row=self.get_row_index(cursor_key), scroll=False)
            self.scroll_to(y=scroll_y, animate=False, immediate=False)

    def _label(self, col: Column[T]) -> Text:
        label = col.label
        if col.key == self._sort_col:
            label = f"{label}{_SORT_GLYPHS[self._reverse]}"
        return Text(label, justify=col.justify, no_wrap=True, overflow="ellipsis")

    def _update_labels(self) -> None:
        for c in self._shown:
            if c.key != MARK_KEY:
                self.columns[c.key].label = self._label(c)
        self.columns_changed()


def _none(item: Any) -> None:
    return None


def _no_style(item: Any) -> str:
    return ""


def _value(row: _Row[Any], i: int) -> Any:
    """Value `i` of a row whose values are computed (a row shown or changed)."""
    return None if row.values is None else row.values[i]


def _default_sort_key(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value
