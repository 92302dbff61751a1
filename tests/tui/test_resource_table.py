"""ResourceTable's keyed diff, cursor, filter, sort and marks, on plain items (no gateway)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest
from textual.app import App, ComposeResult

from cuetui.widgets.resource_table import Column, ResourceTable


@dataclass(frozen=True)
class Item:
    id: str
    name: str
    dead: int = 0


COLUMNS = [
    Column("name", "Name", lambda i: i.name, width=12, flex=True),
    Column("dead", "Dead", lambda i: i.dead, width=4, justify="right"),
]


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ResourceTable(list(COLUMNS))


def items(n: int = 10) -> list[Item]:
    return [Item(f"id{i}", f"job{i:02d}", i % 3) for i in range(n)]


@pytest.fixture
async def table():
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        t = app.query_one(ResourceTable)
        t.focus()
        await pilot.pause()
        yield t


def names(t: ResourceTable) -> list[str]:
    return [i.name for i in t.visible_items()]


def versions(t: ResourceTable) -> dict[tuple[str, str], object]:
    """Each cell's value: another object only when the cell was written (and so re-rendered).
    Holding them keeps a replaced one's id from being reused by its successor."""
    return {(k, ck): value for k, cells in t._data.items() for ck, value in cells.items()}


def written(t: ResourceTable, before: dict[tuple[str, str], object]) -> list[tuple[str, str]]:
    return sorted(k for k, v in versions(t).items() if before.get(k) is not v)


async def test_same_data_touches_nothing(table: ResourceTable) -> None:
    table.apply(items())
    before = versions(table)
    table.apply(items())
    assert written(table, before) == []


async def test_one_changed_value_updates_one_cell(table: ResourceTable) -> None:
    data = items()
    table.apply(data)
    before = versions(table)
    data[4] = replace(data[4], dead=9)
    table.apply(data)
    assert written(table, before) == [("id4", "dead")]
    assert str(table.get_cell("id4", "dead")) == "9"


async def test_cursor_stays_on_same_id_when_rows_come_and_go(table: ResourceTable) -> None:
    data = items()
    table.apply(data)
    table.move_to("id5")
    table.apply([Item("new", "aaa"), *data[3:]])  # id0-2 vanish, one row added on top
    assert table.cursor_key == "id5"
    assert names(table)[0] == "aaa"


async def test_sort_keeps_cursor_and_reacts_to_changes(table: ResourceTable) -> None:
    data = items()
    table.apply(data)
    table.move_to("id4")
    table.sort_by("name", reverse=True)
    assert names(table)[0] == "job09"
    assert table.cursor_key == "id4"
    data[0] = replace(data[0], name="zzz")
    table.apply(data)
    assert names(table)[0] == "zzz"
    assert table.cursor_key == "id4"
    table.invert_sort()
    assert names(table)[-1] == "zzz" and table.cursor_key == "id4"
    assert str(table.columns["name"].label).endswith("▲")


async def test_cycle_sort_walks_columns_then_back_to_server_order(table: ResourceTable) -> None:
    table.apply(list(reversed(items())))
    table.cycle_sort()
    assert table.sort_state == ("name", False) and names(table)[0] == "job00"
    table.cycle_sort()
    assert table.sort_state[0] == "dead"
    table.cycle_sort()
    assert table.sort_state[0] is None and names(table)[0] == "job09"


async def test_filter_substring_regex_invert(table: ResourceTable) -> None:
    table.apply(items())
    table.move_to("id3")
    table.set_filter("JOB0[3-5]")
    assert names(table) == ["job03", "job04", "job05"]
    assert table.cursor_key == "id3"
    table.set_filter("!job0")
    assert names(table) == []
    table.set_filter("!job03")
    assert "job03" not in names(table) and len(names(table)) == 9
    assert table.set_filter("job(") is not None  # not a regex: matched as text
    assert names(table) == []
    table.set_filter("")
    assert len(names(table)) == 10


async def test_filter_applies_to_new_data(table: ResourceTable) -> None:
    table.apply(items())
    table.set_filter("job1")
    table.apply([*items(), Item("id99", "job199")])
    assert names(table) == ["job199"]


async def test_marks_survive_refresh_and_drop_when_row_vanishes(table: ResourceTable) -> None:
    data = items()
    table.apply(data)
    table.move_to("id2")
    table.toggle_mark()  # marks id2, moves to id3
    table.toggle_mark()  # marks id3
    assert table.marks == {"id2", "id3"}
    table.apply(data)
    assert table.marks == {"id2", "id3"}
    assert [i.id for i in table.targets()] == ["id2", "id3"]
    table.apply([d for d in data if d.id != "id3"])
    assert table.marks == {"id2"}
    assert str(table.get_cell("id2", "_mark")) == "●"
    table.clear_marks()
    assert [i.id for i in table.targets()] == [table.cursor_key]


async def test_marked_rows_hidden_by_filter_are_not_targets(table: ResourceTable) -> None:
    table.apply(items())
    table.move_to("id1")
    table.toggle_mark(advance=False)
    table.set_filter("job05")
    assert [i.id for i in table.targets()] == ["id5"]


async def test_narrow_table_hides_high_priority_columns() -> None:
    cols = [
        Column("name", "Name", lambda i: i.name, width=10, flex=True),
        Column("a", "A", lambda i: i.dead, width=30, priority=1),
        Column("b", "B", lambda i: i.dead, width=30, priority=2),
    ]

    class Wide(App[None]):
        def compose(self) -> ComposeResult:
            yield ResourceTable(cols)

    app = Wide()
    async with app.run_test(size=(80, 24)) as pilot:
        t = app.query_one(ResourceTable)
        t.apply(items())
        await pilot.pause()
        assert list(t.columns) == ["_mark", "name", "a"]
        t.move_to("id6")
        await pilot.resize_terminal(140, 24)
        await pilot.pause()
        assert list(t.columns) == ["_mark", "name", "a", "b"]
        assert t.cursor_key == "id6"


async def test_large_refresh_removes_many_rows_in_one_pass(table: ResourceTable) -> None:
    many = [Item(f"id{i}", f"job{i:05d}") for i in range(3000)]
    table.apply(many)
    table.move_to("id2500")
    table.apply(many[2000:])
    assert table.row_count == 1000
    assert table.cursor_key == "id2500"
    assert table.get_row_index("id2000") == 0
