"""The keyed diffs of `ResourceTable`: what `apply` and `merge` change in the table's rows.

A row (`Row`) is what the table knows of one entity. `diff_keyed` walks a whole answer
against the last one by key; `merge_page` names only a page of items. Neither writes to the
screen: the table syncs what they report as changed.

`diff_in_place` is the keyed diff when an answer has the very keys of the last, in the same
order: the common poll of a big list, where nothing came, went or moved. No row changes
place, so the walk keeps the table's dict of rows and each row's index and only gives each
row its item: a row on view computes its values, a row off view takes its item (and sort
value) and is written when it comes into view. At 25,000 hosts, whose every poll brings each
host anew (its ping), that is the walk less a dict, a key and an index per row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from cuetui.widgets.resource_table import ResourceTable

T = TypeVar("T")


class Row(Generic[T]):
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


def diff_keyed(
    table: ResourceTable[T], items: Iterable[T]
) -> tuple[dict[str, Row[T]], dict[str, Row[T] | None], bool, list[T]]:
    """The rows `items` make of the table's rows: (new rows, changed: key -> the row last
    written, whether the order must be rebuilt, items without an id or repeating one)."""
    cols = table._cols
    key_of, style_of = table._key, table._row_style
    old_rows = table._rows
    new_rows: dict[str, Row[T]] = {}
    changed: dict[str, Row[T] | None] = {}
    order_dirty = False
    stale = table._stale
    # A row off view only takes its new item (and sort value): its values are computed
    # when it comes into view. At 5,000 hosts that skips ~60,000 column calls per poll.
    lazy = bool(table._shown) and table._pattern is None
    on_view = table._keys_on_view() if lazy else set()
    si = table._col_index.get(table._sort_col) if table._sort_col else None
    sort_col, sort_value = (cols[si].key, cols[si].value) if si is not None else ("", _none)
    order = table._order
    items = items if isinstance(items, list) else list(items)
    if lazy and order is None and same_order_keys(items, key_of, old_rows):
        how = InPlace(
            lambda item: tuple([c.value(item) for c in cols]),
            style_of if style_of is not None else _no_style,
            (sort_col, si, sort_value) if si is not None else None,
        )
        order_dirty = diff_in_place(items, old_rows, on_view, stale, changed, how)
        return old_rows, changed, order_dirty, []
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
                row = Row(item, None, "", old.index)
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
                order_dirty = order_dirty or table._sort_col is None
            new_rows[k] = old
            continue
        new_rows[k] = new = Row(item, values, style, index)
        new.rank = rank
        changed[k] = stale.pop(k, old)
    return new_rows, changed, order_dirty, unkeyed


def merge_page(
    table: ResourceTable[T], keys: list[str], items: list[T]
) -> tuple[dict[str, Row[T] | None], list[str], bool]:
    """Update the table's rows of these items (keyed by `keys`: all set, none repeated) in
    place and append the new ones: (changed: key -> the row last written, keys added,
    whether the order must be rebuilt)."""
    rows, cols, style_of = table._rows, table._cols, table._row_style
    si = table._col_index.get(table._sort_col) if table._sort_col else None
    order = table._order
    on_view = table._keys_on_view() if table._shown else set()
    stale = table._stale
    changed: dict[str, Row[T] | None] = {}
    added: list[str] = []
    order_dirty = False
    for k, item in zip(keys, items, strict=True):
        old = rows.get(k)
        rank = order(item) if order is not None else None
        if old is None:  # new rows come blank: their values when they are painted
            row = rows[k] = Row(item, None, "", len(rows))
            row.rank = rank
            added.append(k)
            continue
        if order is not None and si is None and old.rank != rank:
            order_dirty = True
        if k not in on_view:
            prev = table._sort_of(old, si) if si is not None else None
            if old.values is None:
                row = old
                row.item, row.sort, row.texts, row.match_gen = item, None, None, -1
            else:
                stale.setdefault(k, old)
                row = rows[k] = Row(item, None, "", old.index)
            row.rank = rank
            if si is not None:
                order_dirty = order_dirty or table._sort_of(row, si) != prev
            continue
        values = tuple([c.value(item) for c in cols])
        style = style_of(item) if style_of is not None else ""
        if old.values == values and old.style == style:
            old.item, old.rank = item, rank
            continue
        new = rows[k] = Row(item, values, style, old.index)
        new.rank = rank
        changed[k] = stale.pop(k, old)
        if si is not None and (old.values is None or old.values[si] != values[si]):
            order_dirty = True
    return changed, added, order_dirty


def same_order_keys(items: Sequence[T], key_of: Callable[[T], str], rows: dict[str, Any]) -> bool:
    """Whether `items` have exactly the keys of `rows`, in their order (then all are
    unique and none is empty, as the table's keys are)."""
    return len(items) == len(rows) and list(map(key_of, items)) == list(rows)


class InPlace(Generic[T]):
    """What `diff_in_place` needs of the table: how a row is computed and sorted."""

    def __init__(
        self,
        values: Callable[[T], tuple[Any, ...]],
        style: Callable[[T], str],
        sort: tuple[str, int, Callable[[T], Any]] | None,
    ) -> None:
        self.values, self.style, self.sort = values, style, sort


def diff_in_place(
    items: Sequence[T],
    rows: dict[str, Row[T]],
    on_view: set[str],
    stale: dict[str, Row[T] | None],
    changed: dict[str, Row[T] | None],
    how: InPlace[T],
) -> bool:
    """Give each row of `rows` (keyed as `items`, in their order) its new item; rows on view
    whose values or style changed go into `changed` (key -> the row last written). True when
    a sort value off view moved: the order must be rebuilt (`apply` checks `changed`)."""
    dirty = False
    sort_col, si, sort_value = how.sort if how.sort is not None else ("", 0, None)
    values_of, style_of = how.values, how.style
    for (k, old), item in zip(list(rows.items()), items, strict=True):
        if k in on_view:
            values, style = values_of(item), style_of(item)
            if old.values == values and old.style == style:
                old.item = item
            else:
                rows[k] = Row(item, values, style, old.index)
                changed[k] = stale.pop(k, old)
            continue
        if old.values is None:  # off view already: the row shown is in `stale`
            if sort_value is None:
                if old.item is not item:
                    old.item, old.sort, old.texts, old.match_gen = item, None, None, -1
                continue
            prev = old.sort
            if old.item is item:
                # The very item again, never computed since: only a live sort value moves.
                old.sort = now = (sort_col, sort_value(item))
                if prev is not None and prev[0] == sort_col and prev != now:
                    dirty = True
                continue
            if prev is None or prev[0] != sort_col:
                prev = (sort_col, sort_value(old.item))
            old.item, old.texts, old.match_gen = item, None, -1
            old.sort = now = (sort_col, sort_value(item))
            if now != prev:
                dirty = True
            continue
        stale.setdefault(k, old)  # computed, now off view: the row the table still shows
        rows[k] = row = Row(item, None, "", old.index)
        if sort_value is not None:
            row.sort = now = (sort_col, sort_value(item))
            if now != (sort_col, old.values[si]):
                dirty = True
    return dirty


def _none(item: Any) -> None:
    return None


def _no_style(item: Any) -> str:
    return ""
