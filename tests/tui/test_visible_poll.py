"""Poll what is seen, often; the rest, rarely: the jobs and hosts views against the simulator.

The small preset's lists are cheap, so these tests lower a view's byte budget until its whole
list is "big" (`rows_poll.budget`); the bytes themselves are the simulator's real answers.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from tests.tui.conftest import QUIET_REFRESH, settle
from textual.pilot import Pilot

from cuetui.app import CuetuiApp
from cuetui.config import Settings
from cuetui.core.criteria import HostFilter
from cuetui.screens.base.table_screen import BaseScreen
from cuetui.screens.hosts import HostsScreen
from cuetui.sim.harness import SimHarness
from cuetui.widgets.header import HeaderBar
from cuetui.widgets.resource_table import ResourceTable

GET_HOSTS = "/host.HostInterface/GetHosts"


def app_on(sim: SimHarness, *, refresh: float = QUIET_REFRESH, clock: Any = None) -> CuetuiApp:
    settings = Settings.for_gateway(sim.url, jwt_secret=sim.secret, user="tester", refresh=refresh)
    return CuetuiApp(settings, clock=clock or time.time)


async def until(pilot: Pilot[Any], cond: Callable[[], bool], timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < end, "timed out"
        await pilot.pause(0.05)
    await settle(pilot)


async def show(pilot: Pilot[Any], screen: BaseScreen[Any], budget: float | None = 1.0) -> None:
    """Open `screen` with this byte budget (1 B/s: every list of the small farm is big)."""
    if budget is not None:
        screen.rows_poll.budget = budget
    await settle(pilot)  # the first screen is up
    pilot.app.goto(screen)

    def loaded() -> bool:
        tables = screen.query(ResourceTable) if pilot.app.screen is screen else []
        return any(table.row_count for table in tables)

    await until(pilot, loaded)


def bodies(sim: SimHarness, path: str) -> list[dict[str, Any]]:
    return [c.body for c in sim.calls_to(path)]


def header(app: CuetuiApp) -> str:
    return app.screen.query_one(HeaderBar)._state.plain


def row_is_dim(screen: BaseScreen[Any], key: str) -> bool:
    """Every printed cell of the row (as painted now) is dim."""
    table = screen.table
    y = table.get_row_index(key) + 1 - round(table.scroll_y)  # line 0 is the header
    cells = [s for s in table.render_line(y) if s.text.strip()]
    return bool(cells) and all(s.style is not None and s.style.dim for s in cells)


async def test_a_rows_poll_asks_for_exactly_the_rows_on_view_and_the_marked(sim) -> None:
    app = app_on(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = HostsScreen()
        await show(pilot, screen)
        everything = [h.id for h in screen.table.visible_items()]
        assert bodies(sim, GET_HOSTS)[-1] == {"r": {}}
        assert screen.rows_poll.split
        # A host off view, marked: it is asked for too (the next action may take it).
        await pilot.press("end", "space", "home")
        marked = everything[-1]
        assert screen.table.marks == {marked}
        on_view = screen.table.keys_on_view()
        assert marked not in on_view and 0 < len(on_view) < len(everything)
        sim.clear_calls()
        screen.poll_now()
        await until(pilot, lambda: bool(sim.calls_to(GET_HOSTS)))
        assert bodies(sim, GET_HOSTS) == [{"r": {"ids": [*on_view, marked]}}]
        assert [h.id for h in screen.table.visible_items()] == everything  # nothing lost
        # The view's interval stays the configured one; the header says when the list came.
        assert screen.poller.interval == QUIET_REFRESH
        assert "· list " in header(app)


async def test_rows_refresh_at_the_views_interval_with_the_views_criteria(sim) -> None:
    app = app_on(sim, refresh=0.5)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = HostsScreen(HostFilter.parse("alloc=local.general"))
        await show(pilot, screen)
        sim.clear_calls()
        await until(pilot, lambda: len(sim.calls_to(GET_HOSTS)) >= 2, timeout=15)
        on_view = screen.table.keys_on_view()
        for body in bodies(sim, GET_HOSTS):
            assert body == {"r": {"ids": on_view, "allocs": ["local.general"]}}
        # The whole list is not due for hours at 1 B/s.
        assert screen.rows_poll.full_due_in() > 3600


async def test_the_whole_list_comes_at_once_on_ctrl_r_filter_sort_and_action(sim) -> None:
    app = app_on(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = HostsScreen()
        await show(pilot, screen)

        async def whole_list_after(*keys: str) -> None:
            sim.clear_calls()
            await pilot.press(*keys)
            await until(pilot, lambda: bool(sim.calls_to(GET_HOSTS)))
            assert bodies(sim, GET_HOSTS) == [{"r": {}}], keys

        await whole_list_after("ctrl+r")
        await whole_list_after("slash", "r", "enter")
        await whole_list_after("escape")  # the filter cleared
        await whole_list_after("s")  # a sort column
        await whole_list_after("L")  # lock (or unlock): an action, then the whole list
        assert sim.calls_to("/host.HostInterface/Lock") or sim.calls_to(
            "/host.HostInterface/Unlock"
        )
        # In between, a poll asks for the rows on view only.
        sim.clear_calls()
        screen.poll_now()
        await until(pilot, lambda: bool(sim.calls_to(GET_HOSTS)))
        assert "ids" in bodies(sim, GET_HOSTS)[0]["r"]


async def test_a_row_not_refreshed_for_several_intervals_is_dimmed_and_counted(sim) -> None:
    now = [1_767_225_600.0]
    app = app_on(sim, clock=lambda: now[0])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = HostsScreen()
        await show(pilot, screen)
        table = screen.table
        first, last = table.keys_on_view()[0], table.visible_items()[-1].id
        assert not row_is_dim(screen, first)
        # Much later, the rows on view are refreshed; the others are as old as the list.
        now[0] += screen.polling.stale_after() + 60
        screen.poll_now()
        await until(pilot, lambda: screen.rows_poll.age(first) == 0)
        assert screen.rows_poll.is_old(last, screen.polling.stale_after())
        # The gateway answers garbage now: scrolled to, the old rows are asked for at once,
        # do not come, and are drawn dim, the header saying how many.
        sim.clear_calls()
        sim.faults.queue("garbage")
        await pilot.press("end")
        await until(pilot, lambda: bool(sim.calls_to(GET_HOSTS)) and screen.poller.failures > 0)
        assert last in bodies(sim, GET_HOSTS)[0]["r"]["ids"]
        await until(pilot, lambda: row_is_dim(screen, last))
        assert "rows old" in header(app)
        # Answered again (ctrl+r: the whole list), they are fresh and drawn so.
        await pilot.press("ctrl+r")
        await until(pilot, lambda: not row_is_dim(screen, last))
        assert screen.rows_poll.age(last) == 0
        assert "rows old" not in header(app)


async def test_a_small_farm_polls_the_whole_list_every_time_as_before(sim) -> None:
    app = app_on(sim, refresh=3.0)  # the default interval
    async with app.run_test(size=(80, 24)) as pilot:
        screen = HostsScreen()
        await show(pilot, screen, budget=None)  # the default budget: 24 hosts are cheap
        assert not screen.rows_poll.split
        sim.clear_calls()
        await until(pilot, lambda: len(sim.calls_to(GET_HOSTS)) >= 2, timeout=15)
        assert all(body == {"r": {}} for body in bodies(sim, GET_HOSTS))
        assert "· list " not in header(app)
