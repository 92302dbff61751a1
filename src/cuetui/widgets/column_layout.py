"""Which of a ResourceTable's columns fit its width, how wide each is, and their headers.

Columns drop by priority when the table is narrow (the highest first) and flex columns share
what is left; the sort column's header carries the sort's direction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from rich.text import Text

from cuetui.widgets.columns import _MARK_COLUMN, MARK_KEY, Column
from cuetui.widgets.line_table import TableColumn
from cuetui.widgets.row_sync import reorder_rows

if TYPE_CHECKING:
    from cuetui.widgets.resource_table import ResourceTable

T = TypeVar("T")

_SORT_GLYPHS = ("▲", "▼")
# Scrollbar and borders: columns never get this much of the width.
_RESERVED = 2


def fit_columns(
    columns: Sequence[Column[T]], hidden: frozenset[str], padding: int, width: int
) -> tuple[list[Column[T]], dict[str, int]]:
    """Columns that fit in `width` (dropping the highest priority first) and their widths."""
    pad = 2 * padding
    cols: list[Column[T]] = [_MARK_COLUMN]
    cols += [c for c in columns if c.key not in hidden]
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


def layout_columns(table: ResourceTable[Any], width: int) -> None:
    """Show the columns that fit `width`: widths only when the same columns fit, else every
    row is built again under the new columns (cursor and scroll kept)."""
    cols, widths = fit_columns(table._cols, table._user_hidden, table.cell_padding, width)
    if [c.key for c in cols] == [c.key for c in table._shown]:
        if widths != table._widths:
            table._widths = widths
            for c in cols:
                table.columns[c.key].width = widths[c.key]
            # A wider flex column re-renders its cells (bars are drawn to width, names
            # are cut in the middle to it).
            bars = [c for c in cols if c.cell is not None or c.flex]
            for k, row in table._rows.items():
                shown = table._stale.get(k) or row  # what the cells show now
                if bars and k in table._index and shown.values is not None:
                    table.write_cells(k, {c.key: table._bar(c, shown) for c in bars})
            table.cells_written(repaint=False)
            table.columns_changed()
        return
    cursor_key, scroll_y = table.cursor_key, table.scroll_y
    table._shown, table._widths = cols, widths
    table.post_message(table.Shown(table))
    with table.app.batch_update():
        table._stale.clear()  # every row is built again from its current values
        table.set_columns([TableColumn(c.key, column_label(table, c), widths[c.key]) for c in cols])
        gen = table._filter_gen
        visible = {k for k, r in table._rows.items() if table._matches(r, gen)}
        table.add_rows_keyed(
            [(k, table._cells(k, r)) for k, r in table._rows.items() if k in visible]
        )
        reorder_rows(table, visible)
        if cursor_key is not None and cursor_key in visible:
            table.move_cursor(row=table.get_row_index(cursor_key), scroll=False)
        table.scroll_to(y=scroll_y, animate=False, immediate=False)


def column_label(table: ResourceTable[Any], col: Column[Any]) -> Text:
    """A column's header: its label, and the sort's direction on the sort column."""
    label = col.label
    sort_col, reverse = table.sort_state
    if col.key == sort_col:
        label = f"{label}{_SORT_GLYPHS[reverse]}"
    return Text(label, justify=col.justify, no_wrap=True, overflow="ellipsis")


def update_labels(table: ResourceTable[Any]) -> None:
    """Write every shown column's header again (the sort moved)."""
    for c in table._shown:
        if c.key != MARK_KEY:
            table.columns[c.key].label = column_label(table, c)
    table.columns_changed()
