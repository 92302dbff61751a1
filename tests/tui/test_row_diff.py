"""ResourceTable.apply when an answer has the last one's keys in the same order (row_diff):
rows on view repainted, rows off view written when they come into view, cursor, marks and
the sort kept, as the general diff does."""

from __future__ import annotations

from dataclasses import replace

from tests.tui import test_line_table
from tests.tui.test_line_table import text
from tests.tui.test_resource_table import Item, items

from cuetui.widgets.line_table import LineTable
from cuetui.widgets.resource_table import ResourceTable

running = test_line_table.running  # the same table of 40 items, on view at 80x12


def line_of(table: ResourceTable, key: str) -> str:
    """The painted line of a row on view (the header is line 0)."""
    return text(table, table._index[key] - int(table.scroll_y) + 1)


async def test_a_same_order_answer_repaints_rows_on_view_and_keeps_cursor_and_marks(
    running,
) -> None:
    _app, pilot, table = running
    await pilot.press("end", "home")  # rows at the end computed once, now off view
    table.move_to("id2")
    table.toggle_mark()  # marks id2, moves to id3
    table.toggle_mark()  # marks id3, moves to id4
    rows = table._rows
    data = items(40)
    data[4] = replace(data[4], dead=7)  # on view, under the cursor
    data[20] = replace(data[20], dead=8)  # off view, never shown
    data[35] = replace(data[35], dead=9)  # off view, shown before
    data[6] = Item("id6", "job06", 0)  # an equal item, not the same object
    table.apply(data)
    assert table._rows is rows  # the same-order path: rows kept in place
    await pilot.pause()
    assert table.cursor_key == "id4" and table.marks == {"id2", "id3"}
    assert line_of(table, "id4").rstrip().endswith("7")
    assert "●" in line_of(table, "id2") and "●" in line_of(table, "id3")
    # Off view: the table still holds what it showed, written when it comes into view.
    assert LineTable.get_cell(table, "id35", "dead") != "9"
    table.scroll_to(y=30, animate=False)
    await pilot.pause()
    assert line_of(table, "id35").rstrip().endswith("9")
    table.scroll_to(y=16, animate=False)
    await pilot.pause()
    assert line_of(table, "id20").rstrip().endswith("8")
    assert [i.dead for i in table.visible_items()][20] == 8
    assert table.cursor_key == "id4" and table.marks == {"id2", "id3"}


async def test_a_same_order_answer_resorts_when_a_row_off_view_moves(running) -> None:
    _app, pilot, table = running
    table.sort_by("name", False)
    table.move_to("id3")
    await pilot.pause()
    data = items(40)
    data[30] = replace(data[30], name="aaa")  # off view: now first by name
    table.apply(data)
    assert [i.id for i in table.visible_items()][:2] == ["id30", "id0"]
    assert table.cursor_key == "id3"
    await pilot.pause()
    table.scroll_to(y=0, animate=False)
    await pilot.pause()
    assert "aaa" in line_of(table, "id30")
    table.apply(data)  # the same again: nothing moves
    assert [i.id for i in table.visible_items()][:2] == ["id30", "id0"]


async def test_an_answer_in_another_order_takes_the_general_diff(running) -> None:
    _app, _pilot, table = running
    rows = table._rows
    table.apply(list(reversed(items(40))))
    assert table._rows is not rows
    assert [i.id for i in table.visible_items()][:2] == ["id39", "id38"]
