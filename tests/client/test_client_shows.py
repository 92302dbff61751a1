"""Show lookups against the simulator: a missing show is named with the farm's shows."""

from __future__ import annotations

import pytest

from cuetui.client import GatewayClient, MintedToken, NotFound, UnknownShow

FIND = "/show.ShowInterface/FindShow"


def client_for(sim) -> GatewayClient:
    return GatewayClient(sim.url, MintedToken(sim.secret, user="tester"))


async def test_find_show_of_a_missing_show_names_the_farms_shows(sim) -> None:
    async with client_for(sim) as client:
        with pytest.raises(UnknownShow) as info:
            await client.find_show("nosuch")
    err = info.value
    assert isinstance(err, NotFound) and err.status == 404 and err.code == 5
    assert str(err) == "show 'nosuch' is not on this farm (shows: aurora, pipeline, testing)"
    assert err.detail == "Incorrect result size: expected 1, actual 0"  # Cuebot's words kept
    assert [c.status for c in sim.calls_to(FIND)] == [404]


async def test_missing_shows_asks_once(sim) -> None:
    async with client_for(sim) as client:
        missing, shows = await client.missing_shows(["testing", "nosuch", "Pipeline", "nosuch"])
    assert missing == ["nosuch", "Pipeline"]
    assert sorted(shows) == ["aurora", "pipeline", "testing"]
    assert [c.path for c in sim.calls] == ["/show.ShowInterface/GetShows"]


def test_the_message_for_many_shows_and_a_guess() -> None:
    err = UnknownShow(["testng", "zz"], [f"show{i:02}" for i in range(10)] + ["testing"])
    assert str(err) == (
        "shows 'testng', 'zz' are not on this farm (shows: show00, show01, show02, show03, "
        "show04, show05, show06, show07 and 3 more); did you mean 'testing'?"
    )
    assert str(UnknownShow(["a"], [])) == "show 'a' is not on this farm (it has no shows)"
