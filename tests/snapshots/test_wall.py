"""The wall after half an hour of polls: trends, subscription use and figures sized to the
terminal, at 80x24, 160x48 and a wall's 240x67 (a farm of its own: the scene moves it)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from tests.snapshots.scenes import Farm, dashboard, until, utc_farm

WALL_SIZES = [(80, 24), (160, 48), (240, 67)]


@pytest.fixture
def moving_farm() -> Iterator[Farm]:
    with utc_farm() as farm:
        yield farm


async def half_an_hour(pilot: Any, farm: Farm) -> None:
    """Twelve polls, the farm moving 150 s between them, the app's clock with it."""
    await dashboard(pilot, farm)
    app, screen = pilot.app, pilot.app.screen
    sim = farm.sim
    for _ in range(12):
        sim.tick(150)
        now = float(sim.farm.now)
        app.clock = screen.poller.clock = lambda now=now: now
        shown = screen.summary
        screen.poll_now(manual=True)
        # The poller has the data before the screen takes it: wait for the screen's.
        await until(pilot, lambda shown=shown: screen.summary is not shown, "the next poll")


@pytest.mark.parametrize("size", WALL_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_wall(snap_compare: Any, moving_farm: Farm, size: tuple[int, int]) -> None:
    app = moving_farm.app(show=None, dashboard=True)
    assert snap_compare(
        app, terminal_size=size, run_before=lambda pilot: half_an_hour(pilot, moving_farm)
    )
