"""Bringing a ResourceTable's shown rows in line with its rows: which come, go, are written
again or wait off view (`_stale`) until they are painted, and in what order they stand.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from cuetui.widgets.resource_table import ResourceTable
    from cuetui.widgets.row_diff import Row

T = TypeVar("T")


def sync_rows(
    table: ResourceTable[T],
    changed: dict[str, Row[T] | None],
    order_dirty: bool,
    same_keys: bool = False,
    added: list[str] | None = None,
) -> None:
    """Bring the shown rows in line with `_rows` (filtered); `changed` maps key -> old row;
    `added` (from `merge`, unfiltered): the only rows that came, none went."""
    if not table._shown:
        return  # not mounted yet: on_mount builds everything
    rows = table._rows
    stale = table._stale
    visible: Any
    shown: AbstractSet[str]
    remove: set[str] = set()
    add: list[str] = []
    if same_keys and table._pattern is None and len(table._index) == len(rows):
        # Nothing came or went, nothing is filtered: every row is shown already.
        visible = shown = rows.keys()
    elif added is not None and table._pattern is None:
        visible, shown, add = rows.keys(), table._index.keys(), added
        for k in add:
            stale.pop(k, None)
    else:
        gen = table._filter_gen
        if table._pattern is None:
            visible = set(rows)
        else:
            visible = {k for k, r in rows.items() if table._matches(r, gen)}
        shown = set(table._index)
        remove = shown - visible
        add = [k for k in rows if k in visible and k not in shown]
        for k in (*remove, *add):
            stale.pop(k, None)
    cursor_key = table.cursor_key
    top, bottom = table._view_range()
    loc = table._index
    with table.app.batch_update():
        if remove:
            table.remove_rows(remove)
        touched = False
        for k, old in changed.items():
            if k in shown and k not in remove:
                index = loc.get(k)
                if index is not None and top <= index < bottom:
                    touched = table._update_row(k, rows[k], stale.pop(k, old)) or touched
                else:
                    stale.setdefault(k, old)
        if touched:
            table.cells_written()
        # New rows go in blank and are written when painted (a page of 500 frames added
        # to 10,000 computed 5,000 values for rows nobody sees yet).
        table.add_rows_keyed([(k, table._blank(k)) for k in add])
        stale.update(dict.fromkeys(add))
        appended = (
            table._sort_col is None
            and table._order is None
            and all(rows[k].index >= len(rows) - len(add) for k in add)
        )
        if remove or order_dirty or (add and not appended):
            reorder_rows(table, visible)
        if add:
            table._flush(table._keys_on_view().intersection(add))
            if table._written:
                table.cells_written()
        if cursor_key is not None and cursor_key in visible:
            index = table._index.get(cursor_key)
            if index is not None and index != table.cursor_row:
                table.move_cursor(row=index)
    # New items, a filter or a sort: what the detail strip says may have changed.
    table.post_message(table.Shown(table))


def reorder_rows(table: ResourceTable[Any], visible: set[str]) -> None:
    """Put the shown rows in order: by the sort column, else by rank, else as the gateway sent."""
    rows = table._rows
    si = table._col_index.get(table._sort_col) if table._sort_col else None
    if si is None and table._order is not None:
        keys = sorted(visible, key=lambda k: (rows[k].rank, rows[k].index))
    elif si is None:
        keys = sorted(visible, key=lambda k: rows[k].index)
    else:
        col = table._cols[si]
        skey = col.sort_key or _default_sort_key

        def key(k: str) -> tuple[Any, ...]:
            value = table._sort_of(rows[k], si)[1]
            return (value is None, skey(value) if value is not None else 0)

        keys = sorted(sorted(visible, key=lambda k: rows[k].index), key=key)
        if table._reverse:
            keys.reverse()
    table.set_order(keys)


def _default_sort_key(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value
