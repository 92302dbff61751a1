"""The progress bar reads the same on the highlighted row as on any other row."""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from tests.tui.conftest import goto_row, job_id, settle


def seen(segments: list[Segment]) -> list[Any]:
    """The colour each cell shows: a block's foreground, a blank's background."""
    colours = []
    for seg in segments:
        style = seg.style
        for ch in seg.text:
            if ch == "█":
                colours.append(style.color if style else None)
            else:
                colours.append(style.bgcolor if style else None)
    return colours


def bar_colours(table: Any, key: str) -> list[Any]:
    """Colours of the progress cell (its bar, without padding) of the row `key`."""
    x = 0
    for col in table.columns.values():
        if col.key == "progress":
            break
        x += col.render_width(table.cell_padding)
    width = table.columns["progress"].width
    start = x + table.cell_padding
    y = table.get_row_index(key) + 1 - int(table.scroll_y)  # +1: the header line
    strip = table.render_line(y).crop(start, start + width)
    return seen(list(strip))


async def check_bar_under_cursor(pilot: Any, key: str, elsewhere: str) -> None:
    table = pilot.app.screen.table
    await goto_row(pilot, elsewhere)
    off = bar_colours(table, key)
    await goto_row(pilot, key)
    assert table.cursor_key == key
    on = bar_colours(table, key)
    assert len(set(off)) >= 2, off  # a bar of several parts
    assert on == off


async def test_job_progress_bar_keeps_its_colours_under_the_cursor(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        failing = job_id(sim, "failing")
        other = next(j for j in app.screen.table.visible_items() if j.id != failing)
        await check_bar_under_cursor(pilot, failing, other.id)


async def test_layer_progress_bar_keeps_its_colours_under_the_cursor(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await goto_row(pilot, job_id(sim, "depend"))
        await pilot.press("enter")
        await settle(pilot)
        layers = pilot.app.screen.table.visible_items()
        assert len(layers) >= 2
        target = max(layers, key=lambda la: sum(map(bool, la.layer_stats.part_counts())))
        other = next(la for la in layers if la.id != target.id)
        await check_bar_under_cursor(pilot, target.id, other.id)
