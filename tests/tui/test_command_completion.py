"""`:` completes every show of the farm (not only the ones visited), `all`, and allocations."""

from __future__ import annotations

import time
from typing import Any

from tests.tui.conftest import settle


async def typed(pilot: Any, text: str) -> str:
    """Open `:`, type `text` and return what Tab completes it to (the line stays open)."""
    line = pilot.app.screen.query_one("#command-line")
    await pilot.press("colon", *text)
    await settle(pilot)
    await pilot.press("tab")
    return line.value


async def test_jobs_completes_shows_never_visited_and_all(make_app) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert await typed(pilot, "jobs p") == "jobs pipeline"
        await pilot.press("escape")
        assert await typed(pilot, "jobs al") == "jobs all"
        await pilot.press("escape")
        assert await typed(pilot, "jobs testing,au") == "jobs testing,aurora"


async def test_subs_and_hosts_complete_before_they_were_ever_opened(make_app) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert await typed(pilot, "subs au") == "subs aurora"
        await pilot.press("escape")
        assert await typed(pilot, "hosts alloc=local.g") == "hosts alloc=local.general"
        await pilot.press("escape")
        assert await typed(pilot, "hosts state=DOWN lock=L") == "hosts state=DOWN lock=LOCKED"


async def test_names_that_arrive_after_the_typing_complete_what_is_typed(make_app) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.known_shows = {"testing"}  # as before the names were read
        app._catalog_at = time.monotonic()  # fresh: `:` does not read them
        line = app.screen.query_one("#command-line")
        await pilot.press("colon", *"jobs p")
        await settle(pilot)
        assert line._suggestion == ""
        app.refresh_catalog()  # the read lands while the line is open
        await settle(pilot)
        assert line._suggestion == "jobs pipeline"
