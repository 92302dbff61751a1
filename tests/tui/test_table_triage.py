"""Issue 12, points 3 and 5 on a real screen: marking many rows, sorting by a chosen column,
first/last row keys, the attention order of jobs, and a view's sort kept for the session."""

from __future__ import annotations

from typing import Any

from tests.tui.conftest import goto_row, job_id, refresh, settle
from tests.tui.screen_text import screen_text
from textual.geometry import Offset
from textual.pilot import Pilot

from cuetui.screens.help import binding_rows
from cuetui.sim import model as m
from cuetui.widgets.resource_table import ResourceTable

SIZE = (120, 30)


def shown_keys(app: Any) -> list[str]:
    return list(app.screen.table._keys)


async def command(pilot: Pilot[Any], text: str) -> None:
    await pilot.press("colon", *text, "enter")
    await settle(pilot)


async def test_mark_all_with_a_filter_marks_exactly_the_shown_rows(make_app) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.table
        total = table.row_count
        await pilot.press("slash", *"jsmith", "enter")
        shown = set(shown_keys(app))
        assert 0 < len(shown) < total
        await pilot.press("plus")
        assert table.marks == shown
        assert f"● {len(shown)} marked" in screen_text(app)
        assert [j.id for j in table.targets()] == shown_keys(app)
        await refresh(pilot)  # marks of rows still there survive a refresh
        assert table.marks == shown
        await pilot.press("escape")  # clears the filter: the marks stay, all on view now
        assert table.row_count == total and table.marks == shown
        await pilot.press("slash", *"mchen", "enter")  # hides the marked rows
        assert "(+" in screen_text(app) and "hidden)" in screen_text(app)
        assert table.targets() != [] and all(j.id not in shown for j in table.targets())


async def test_invert_and_clear_marks(make_app) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.table
        first = table.cursor_key
        await pilot.press("space", "asterisk")
        assert table.marks == set(shown_keys(app)) - {first}
        assert f"● {table.row_count - 1} marked" in screen_text(app)
        await pilot.press("asterisk")
        assert table.marks == {first}
        await pilot.press("minus")
        assert table.marks == frozenset()
        assert "marked" not in screen_text(app)


async def test_mark_a_range_with_v_and_with_shift_arrows(make_app) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.table
        keys = shown_keys(app)
        await pilot.press("down", "space")  # marks row 1, the cursor goes to row 2
        await pilot.press("down", "down", "V")  # row 4: rows 1..4
        assert table.marks == set(keys[1:5])
        assert "● 4 marked" in screen_text(app)
        await pilot.press("down", "down", "shift+down", "shift+down")  # rows 6, 7, 8
        assert table.marks == set(keys[1:5]) | set(keys[6:9])
        assert table.cursor_row == 8
        await pilot.press("up", "up", "up", "up", "up", "up", "V")  # from 8 back up to 2
        assert table.marks == set(keys[1:9])
        # V with no mark before it starts a range at the cursor.
        await pilot.press("minus", "G", "V", "up", "up", "V")
        assert table.marks == set(keys[-3:])


async def test_a_header_click_sorts_by_its_column_and_again_reverses(make_app) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.table
        x, _ = table._column_spans()["dead"]
        await pilot.click(ResourceTable, offset=Offset(x + 2, 0))
        assert table.sort_state == ("dead", False)
        dead = [j.job_stats.dead_frames for j in table.visible_items()]
        assert dead == sorted(dead)
        assert "Dead▲" in screen_text(app)
        await pilot.click(ResourceTable, offset=Offset(x + 2, 0))
        assert table.sort_state == ("dead", True)
        dead = [j.job_stats.dead_frames for j in table.visible_items()]
        assert dead == sorted(dead, reverse=True)
        assert "Dead▼" in screen_text(app)


async def test_sort_column_keys_and_the_pick_list(make_app) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.table
        await pilot.press("greater_than_sign")
        assert table.sort_state[0] == "name"
        await pilot.press("greater_than_sign", "less_than_sign", "less_than_sign")
        assert table.sort_state[0] is None  # back to the default order
        await pilot.press("o")
        await pilot.pause()
        assert "Sort by" in screen_text(app)
        # The list: the default order, then every column; the highlight starts on the current.
        keys = [key for key, _ in table.sort_choices()]
        await pilot.press(*["down"] * (keys.index("dead") + 1), "enter")
        await pilot.pause()
        assert table.sort_state == ("dead", False)
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("enter")  # the current column again: reversed
        await pilot.pause()
        assert table.sort_state == ("dead", True)


async def test_a_views_sort_is_kept_after_leaving_and_reopening_it(make_app) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        x, _ = app.screen.table._column_spans()["pri"]
        await pilot.click(ResourceTable, offset=Offset(x + 1, 0))
        await pilot.click(ResourceTable, offset=Offset(x + 1, 0))
        first = app.screen
        assert first.table.sort_state == ("pri", True)
        await command(pilot, "hosts")
        assert app.screen.KIND == "hosts"
        assert app.screen.table.sort_state != ("pri", True)  # per view
        await command(pilot, "jobs testing")
        assert app.screen.KIND == "jobs" and app.screen is not first
        assert app.screen.table.sort_state == ("pri", True)
        assert "Pri▼" in screen_text(app)
        pri = [j.priority for j in app.screen.table.visible_items()]
        assert pri == sorted(pri, reverse=True)


async def first_last(pilot: Pilot[Any]) -> None:
    table = pilot.app.screen.table
    assert table.row_count > 2, pilot.app.screen.KIND
    for last, first in (("G", "g"), ("end", "home")):
        await pilot.press(last)
        assert table.cursor_row == table.row_count - 1, (pilot.app.screen.KIND, last)
        await pilot.press(first)
        assert table.cursor_row == 0, (pilot.app.screen.KIND, first)


async def test_first_and_last_row_keys_on_jobs_hosts_and_frames(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await first_last(pilot)
        await goto_row(pilot, job_id(sim, "failing"))
        await pilot.press("f")
        await settle(pilot)
        assert app.screen.KIND == "frames"
        await first_last(pilot)
        await command(pilot, "hosts")
        assert app.screen.KIND == "hosts"
        await first_last(pilot)


async def test_jobs_needing_attention_come_first(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        jobs = app.screen.table.visible_items()
        failing = [j.job_stats.dead_frames > 0 or j.display_state == "Failing" for j in jobs]
        assert any(failing) and not all(failing)
        assert failing == sorted(failing, reverse=True)  # every failing job before the rest
        dead = [j.job_stats.dead_frames for j, f in zip(jobs, failing, strict=True) if f]
        assert dead == sorted(dead, reverse=True)
        assert jobs[0].id == job_id(sim, "failing")


async def test_the_help_and_the_palette_list_the_marking_sorting_and_moving_keys(
    make_app,
) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = dict((d, k) for k, d in binding_rows(app.screen))  # what `?` and ^p list
        assert rows["Mark all shown"] == "+ ^a"
        assert rows["Invert marks"] == "*"
        assert rows["Mark range"].startswith("V")
        assert rows["Clear marks"] == "- ^\\"
        assert rows["Sort column left"] == "<" and rows["Sort column right"] == ">"
        assert "Mark down" in rows and "Mark up" in rows
        assert rows["First row"].startswith("g") and rows["Last row"].startswith("G")
        assert rows["Sort by…"] == "o"


async def test_a_job_that_starts_failing_moves_up_on_the_next_refresh(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.table
        jobs = table.visible_items()
        calm = next(j for j in reversed(jobs) if j.job_stats.dead_frames == 0)
        before = [j.id for j in jobs].index(calm.id)
        await pilot.press("s")  # a column sort: the ranks stay fresh under it
        with sim.farm.lock:
            job = sim.farm.jobs[calm.id]
            for frame in job.frames[:5]:  # more dead frames than any job has
                sim.farm.set_state(frame, m.DEAD)
        await refresh(pilot)
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("home", "enter")  # back to the default order
        await pilot.pause()
        assert table.sort_state == (None, False)
        order = [j.id for j in table.visible_items()]
        assert order.index(calm.id) == 0 < before
        assert table.visible_items()[0].job_stats.dead_frames == 5
        # Under the default order itself, a refresh alone moves the rows.
        other = next(j for j in reversed(table.visible_items()) if j.job_stats.dead_frames == 0)
        with sim.farm.lock:
            for frame in sim.farm.jobs[other.id].frames[:6]:
                sim.farm.set_state(frame, m.DEAD)
        await refresh(pilot)
        assert [j.id for j in table.visible_items()][:2] == [other.id, calm.id]


async def test_c_chooses_the_columns_of_a_view_and_keeps_them_for_the_session(make_app) -> None:
    from textual.widgets import SelectionList

    from cuetui.widgets.column_picker import ColumnPicker

    app = make_app(show="testing")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = app.screen
        assert "user" in [c.key for c in first.table._shown]
        await pilot.press("C")
        await settle(pilot)
        assert isinstance(app.screen, ColumnPicker)
        picker = app.screen.query_one(SelectionList)
        picker.highlighted = [k for k, _, _ in app.screen.choices].index("user")
        await pilot.press("space", "escape")  # Esc: nothing changes
        await settle(pilot)
        assert app.screen is first and "user" in [c.key for c in first.table._shown]
        await pilot.press("C")
        await settle(pilot)
        picker = app.screen.query_one(SelectionList)
        picker.highlighted = [k for k, _, _ in app.screen.choices].index("user")
        await pilot.press("space", "enter")
        await settle(pilot)
        assert app.screen is first
        assert "user" not in [c.key for c in first.table._shown]
        # A column the user hid is not "what does not fit": the detail strip leaves it out.
        assert "user" not in [c.key for c in first.table.hidden_columns]
        await command(pilot, "hosts")
        assert app.screen.table.user_hidden == frozenset()  # per view
        await command(pilot, "jobs testing")
        assert app.screen.KIND == "jobs" and app.screen is not first
        assert "user" not in [c.key for c in app.screen.table._shown]
        assert (
            app.screen.table.column_choices()[
                [k for k, _, _ in app.screen.table.column_choices()].index("user")
            ][2]
            is False
        )
