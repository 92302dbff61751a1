"""The keyed diff of `ResourceTable.apply` when an answer has the very keys of the last, in
the same order: the common poll of a big list, where nothing came, went or moved.

No row changes place, so the walk keeps the table's dict of rows and each row's index and
only gives each row its item: a row on view computes its values, a row off view takes its
item (and sort value) and is written when it comes into view. At 25,000 hosts, whose every
poll brings each host anew (its ping), that is the walk less a dict, a key and an index per
row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from cuetui.widgets.resource_table import _Row

T = TypeVar("T")


def same_order_keys(items: Sequence[T], key_of: Callable[[T], str], rows: dict[str, Any]) -> bool:
    """Whether `items` have exactly the keys of `rows`, in their order (then all are
    unique and none is empty, as the table's keys are)."""
    return len(items) == len(rows) and list(map(key_of, items)) == list(rows)


class InPlace(Generic[T]):
    """What `diff_in_place` needs of the table: how a row is computed, made and sorted."""

    def __init__(
        self,
        values: Callable[[T], tuple[Any, ...]],
        style: Callable[[T], str],
        new_row: Callable[[T, tuple[Any, ...] | None, str, int], _Row[T]],
        sort: tuple[str, int, Callable[[T], Any]] | None,
    ) -> None:
        self.values, self.style, self.new_row, self.sort = values, style, new_row, sort


def diff_in_place(
    items: Sequence[T],
    rows: dict[str, _Row[T]],
    on_view: set[str],
    stale: dict[str, _Row[T] | None],
    changed: dict[str, _Row[T] | None],
    how: InPlace[T],
) -> bool:
    """Give each row of `rows` (keyed as `items`, in their order) its new item; rows on view
    whose values or style changed go into `changed` (key -> the row last written). True when
    a sort value off view moved: the order must be rebuilt (`apply` checks `changed`)."""
    dirty = False
    sort_col, si, sort_value = how.sort if how.sort is not None else ("", 0, None)
    values_of, style_of, new_row = how.values, how.style, how.new_row
    for (k, old), item in zip(list(rows.items()), items, strict=True):
        if k in on_view:
            values, style = values_of(item), style_of(item)
            if old.values == values and old.style == style:
                old.item = item
            else:
                rows[k] = new_row(item, values, style, old.index)
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
        rows[k] = row = new_row(item, None, "", old.index)
        if sort_value is not None:
            row.sort = now = (sort_col, sort_value(item))
            if now != (sort_col, old.values[si]):
                dirty = True
    return dirty
