"""Fixtures for driving CuetuiApp against the simulated gateway over real HTTP."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from cuetui.app import CuetuiApp
from cuetui.config import Settings
from cuetui.sim.harness import SimHarness

# Long enough that no timed poll lands during a test: tests refresh with ctrl+r.
QUIET_REFRESH = 600.0
FIXED_NOW = 1_767_225_600.0  # a fixed clock for the header's times


@pytest.fixture
def make_app(sim: SimHarness) -> Callable[..., CuetuiApp]:
    """`make_app(show=None, readonly=False, **settings)` -> an app on the sim, user "tester"."""

    def make(**overrides: Any) -> CuetuiApp:
        values: dict[str, Any] = {"user": "tester", "refresh": QUIET_REFRESH}
        values.update(overrides)
        settings = Settings.for_gateway(sim.url, jwt_secret=sim.secret, **values)
        return CuetuiApp(settings)

    return make


async def settle(pilot: Pilot[Any]) -> None:
    """Let every worker (polls, actions) finish and their messages land."""
    app = pilot.app
    for _ in range(50):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in app.workers):
            break
    await pilot.pause()


async def refresh(pilot: Pilot[Any]) -> None:
    await pilot.press("ctrl+r")
    await settle(pilot)


def job_id(sim: SimHarness, anchor: str) -> str:
    return sim.farm.anchors[anchor]


async def goto_row(pilot: Pilot[Any], key: str) -> None:
    """Put the cursor of the screen's table on the row with this id."""
    table = pilot.app.screen.table
    assert table.move_to(key), f"{key} is not on view"
    await pilot.pause()


async def confirm(pilot: Pilot[Any]) -> None:
    """Confirm the open ConfirmModal the way a user does: move to the confirm button, Enter."""
    await pilot.press("right", "enter")
    await settle(pilot)
