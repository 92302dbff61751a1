"""A view that goes takes the client's kept models of its lists with it: the views left
parse their next answer whole once (at xlarge the jobs and hosts lists held ~90 MB)."""

from __future__ import annotations

from tests.tui.conftest import settle

from cuetui.screens.hosts import HostsScreen
from cuetui.screens.jobs import JobsScreen


async def test_a_view_popped_drops_the_kept_models(make_app) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, JobsScreen)
        jobs = app.screen

        async def refreshed() -> list:
            await pilot.press("ctrl+r")
            await settle(pilot)
            return jobs.table.visible_items()

        before = await refreshed()
        again = await refreshed()
        assert before and all(a is b for a, b in zip(again, before, strict=True))  # kept
        await pilot.press("colon", *"hosts", "enter")
        await settle(pilot)
        assert isinstance(app.screen, HostsScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is jobs
        after = await refreshed()
        assert [j.id for j in after] == [j.id for j in again]
        assert not any(a is b for a, b in zip(after, again, strict=True))  # parsed anew
