"""The Line API table: what it repaints, the header, keys, clicks, and no private Textual API."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from tests.tui.test_resource_table import COLUMNS, Item, items
from textual.app import App, ComposeResult
from textual.geometry import Offset, Region

from cuetui.widgets.line_table import LineTable
from cuetui.widgets.resource_table import ResourceTable

SRC = Path(__file__).resolve().parents[2] / "src"


class TableApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.selected: list[str] = []
        self.highlighted: list[str] = []

    def compose(self) -> ComposeResult:
        yield ResourceTable(list(COLUMNS))

    def on_line_table_row_selected(self, event: LineTable.RowSelected) -> None:
        self.selected.append(event.key)

    def on_line_table_row_highlighted(self, event: LineTable.RowHighlighted) -> None:
        self.highlighted.append(event.key)


@pytest.fixture
async def running():
    app = TableApp()
    async with app.run_test(size=(80, 12)) as pilot:
        table = app.query_one(ResourceTable)
        table.focus()
        table.apply(items(40))
        await pilot.pause()
        yield app, pilot, table


def record_refreshes(table: ResourceTable) -> list[tuple[Region, ...]]:
    """Patch the table's `refresh` to log the regions asked for (() = the whole widget)."""
    calls: list[tuple[Region, ...]] = []
    original = table.refresh

    def refresh(*regions: Region, **kwargs: Any) -> Any:
        if kwargs.get("repaint", True):
            calls.append(regions)
        return original(*regions, **kwargs)

    table.refresh = refresh  # type: ignore[method-assign]
    return calls


def text(table: ResourceTable, y: int) -> str:
    return "".join(segment.text for segment in table.render_line(y))


async def test_a_changed_value_repaints_its_cell_only(running) -> None:
    _app, pilot, table = running
    data = items(40)
    calls = record_refreshes(table)
    data[2] = replace(data[2], dead=7)  # on view, line 3 (the header is line 0)
    data[30] = replace(data[30], dead=7)  # off view: nothing to repaint now
    table.apply(data)
    x = sum(c.render_width(table.cell_padding) for k, c in table.columns.items() if k != "dead")
    width = table.columns["dead"].render_width(table.cell_padding)
    assert calls == [(Region(x, 3, width, 1),)]
    await pilot.pause()
    assert text(table, 3).rstrip().endswith("7")


async def test_a_cursor_move_repaints_two_lines(running) -> None:
    app, pilot, table = running
    calls = record_refreshes(table)
    await pilot.press("down")
    assert calls == [(Region(0, 1, 80, 1),), (Region(0, 2, 80, 1),)]
    assert table.cursor_key == "id1" and app.highlighted[-1] == "id1"


async def test_keys_move_the_cursor_and_keep_it_under_the_header(running) -> None:
    app, pilot, table = running
    body = table.scrollable_content_region.height - 1
    await pilot.press("pagedown")
    assert table.cursor_row == body
    await pilot.press("end")
    assert table.cursor_key == "id39"
    assert table.scroll_y == 40 - body  # the last row is on the last line
    assert text(table, 0).split()[0] == "Name"  # the header stays on top
    assert "job39" in text(table, body)
    await pilot.press("pageup")
    assert table.cursor_row == 39 - body
    await pilot.press("home")
    assert table.cursor_key == "id0" and table.scroll_y == 0
    await pilot.press("up")  # at the top already
    assert table.cursor_key == "id0"
    await pilot.press("enter")
    assert app.selected == ["id0"]


async def test_a_click_highlights_a_row_and_a_second_click_opens_it(running) -> None:
    app, pilot, table = running
    await pilot.click(ResourceTable, offset=Offset(5, 4))
    assert table.cursor_key == "id3" and app.selected == []
    await pilot.click(ResourceTable, offset=Offset(5, 4))
    assert app.selected == ["id3"]


async def test_a_click_on_a_header_sorts_by_it_and_again_inverts(running) -> None:
    _app, pilot, table = running
    table.move_to("id5")
    x = table.columns["_mark"].render_width(table.cell_padding) + 2
    await pilot.click(ResourceTable, offset=Offset(x, 0))
    assert table.sort_state == ("name", False)
    await pilot.click(ResourceTable, offset=Offset(x, 0))
    assert table.sort_state == ("name", True)
    assert next(i.id for i in table.visible_items()) == "id39"
    assert table.cursor_key == "id5"
    assert "Name▼" in text(table, 0)


async def test_rows_that_come_repaint_only_the_lines_that_show_another_row(running) -> None:
    _app, _pilot, table = running
    calls = record_refreshes(table)
    table.apply([*items(40), Item("new", "zzz")])  # appended, off view
    assert calls == []
    assert table.row_count == 41


async def test_blank_rows_share_their_cells_until_one_is_written(running) -> None:
    _, _, table = running
    blank = [k for k in table._keys if k in table._shared]
    assert len(blank) >= 20  # rows off view came in blank: one dict for them, not one each
    a, b = blank[-2], blank[-1]
    assert table._data[a] is table._data[b]
    LineTable.write_cells(table, a, {"name": "written"})
    table.cells_written()
    assert LineTable.get_cell(table, a, "name") == "written"
    assert LineTable.get_cell(table, b, "name") == ""
    assert a not in table._shared and b in table._shared


def test_no_private_textual_import_in_the_product() -> None:
    private = re.compile(r"^\s*(from|import)\s+textual(\.widgets)?\._", re.M)
    found = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if private.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []
