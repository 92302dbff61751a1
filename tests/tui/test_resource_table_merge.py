"""ResourceTable.merge: the named items updated in place by id, new ones after the last row,
the others untouched (all frames: a page or 50 changed frames into 100,000 rows)."""

from __future__ import annotations

from dataclasses import replace

from test_resource_table import Item, items, names, table, versions, written

from cuetui.widgets.resource_table import ResourceTable

__all__ = ["table"]  # the fixture, used by name


async def test_merge_updates_in_place_and_appends(table: ResourceTable) -> None:
    data = items(5)
    table.apply(data)
    table.move_to("id3")
    before = versions(table)
    table.merge([replace(data[1], dead=9), Item("id9", "zzz"), Item("id8", "aaa")])
    assert names(table) == ["job00", "job01", "job02", "job03", "job04", "zzz", "aaa"]
    assert table.counts == (7, 7) and table.cursor_key == "id3"
    assert str(table.get_cell("id1", "dead")) == "9"
    # Only the changed cell and the new rows were written; the others kept their cells.
    assert [w for w in written(table, before) if w[0] not in ("id9", "id8")] == [("id1", "dead")]
    table.merge([])
    assert table.counts == (7, 7)


async def test_merge_under_a_sort_puts_new_and_moved_rows_in_order(table: ResourceTable) -> None:
    table.apply(items(4))
    table.sort_by("name")
    table.merge([Item("new", "job015"), Item("id0", "job99")])
    assert names(table) == ["job01", "job015", "job02", "job03", "job99"]


async def test_merge_under_a_filter_shows_only_matching_rows(table: ResourceTable) -> None:
    table.apply(items(4))
    table.set_filter("job0[12]")
    table.merge([Item("new", "job02b"), Item("other", "xyz"), replace(items(4)[3], name="job01c")])
    assert names(table) == ["job01", "job02", "job01c", "job02b"]
    assert table.counts == (4, 6)
