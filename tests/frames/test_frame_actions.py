"""Frame actions send exactly the contract's POSTs; a cancelled confirmation sends nothing.

One frame (the highlighted row) goes by id to FrameInterface; marked frames go in one request
per job (tests/frames/test_frame_bulk.py)."""

from __future__ import annotations

import os
import socket
from typing import Any

from frames_support import make_app, open_frames, said, settle

from cuetui.screens.frames import FramesScreen
from cuetui.screens.log import LogScreen
from cuetui.sim.harness import SimHarness
from cuetui.widgets.confirm import ConfirmModal
from cuetui.widgets.log_view import LogView

FRAME = "/job.FrameInterface/"
ACTION_PATHS = [FRAME + v for v in ("Retry", "Eat", "Kill", "MarkAsWaiting")]


def frame_calls(sim: SimHarness) -> list[tuple[str, dict[str, Any]]]:
    return [(c.path, c.body) for c in sim.calls if c.path in ACTION_PATHS]


async def cursor_to(pilot: Any, screen: FramesScreen, number: int) -> Any:
    """Put the cursor on frame `number` and return it."""
    for frame in screen.table.visible_items():
        if frame.number == number:
            screen.table.move_to(frame.id)
            await pilot.pause()
            return frame
    raise AssertionError(f"frame {number} is not on view")


async def done(pilot: Any, sim: SimHarness, n: int) -> None:
    await settle(pilot, lambda: len(frame_calls(sim)) >= n)


async def test_retry_sends_frame_retry(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_frames(pilot, sim)
        frame = await cursor_to(pilot, screen, 5)
        await pilot.press("r")
        await done(pilot, sim, 1)
        assert frame_calls(sim) == [(FRAME + "Retry", {"frame": {"id": frame.id}})]
        await said(
            pilot, "Retry requested for 0005-sim of testing-sh010-jsmith_fx_sim_v012", exact=True
        )


async def test_eat_asks_first_and_cancel_sends_nothing(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_frames(pilot, sim)
        frame = await cursor_to(pilot, screen, 6)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("enter")  # Cancel has the focus
        await pilot.pause(0.2)
        assert app.screen is screen and frame_calls(sim) == []
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause(0.2)
        assert frame_calls(sim) == []
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("tab", "enter")  # to the Eat button
        await done(pilot, sim, 1)
        assert frame_calls(sim) == [(FRAME + "Eat", {"frame": {"id": frame.id}})]


async def test_kill_confirms_and_sends_attribution(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_frames(pilot, sim)
        frame = await cursor_to(pilot, screen, 8)
        assert frame.state == "RUNNING"
        await pilot.press("ctrl+k")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ConfirmModal)
        assert (
            modal.warning is not None
            and "1 running frame will die and go back to waiting" in modal.warning
        )
        assert "0008-sim" in modal.lines
        await pilot.press("tab", "enter")
        await done(pilot, sim, 1)
        ((path, body),) = frame_calls(sim)
        assert path == FRAME + "Kill"
        assert body == {
            "frame": {"id": frame.id},
            "username": "wrangler",
            "pid": str(os.getpid()),
            "hostKill": socket.gethostname(),
            "reason": "Manual Frame Kill Request in cuetui by wrangler",
        }


async def test_kill_of_frames_not_running_sends_nothing(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_frames(pilot, sim)
        await cursor_to(pilot, screen, 5)  # DEAD
        await pilot.press("ctrl+k")
        await pilot.pause(0.2)
        assert app.screen is screen
        assert frame_calls(sim) == []


async def test_retry_shows_after_the_refresh(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_frames(pilot, sim)
        frame = await cursor_to(pilot, screen, 5)
        gets = len(sim.calls_to("/job.JobInterface/GetFrames"))
        await pilot.press("r")
        await done(pilot, sim, 1)
        # The action is followed by a full fetch of the page (not a diff) a moment later.
        await settle(pilot, lambda: len(sim.calls_to("/job.JobInterface/GetFrames")) > gets)
        row = screen.table.get_item(frame.id)
        assert row is not None and row.state != "DEAD"


async def test_readonly_sends_nothing(sim: SimHarness) -> None:
    app = make_app(sim, readonly=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_frames(pilot, sim)
        await cursor_to(pilot, screen, 8)
        await pilot.press("r", "e", "w", "ctrl+k")
        await pilot.pause(0.3)
        assert app.screen is screen
        assert frame_calls(sim) == []


async def test_l_opens_the_frames_log(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_frames(pilot, sim)
        frame = await cursor_to(pilot, screen, 8)
        await pilot.press("l")
        await settle(pilot, lambda: isinstance(app.screen, LogScreen))
        log = app.screen
        assert isinstance(log, LogScreen)
        assert str(log.base) == frame.log_path(screen.job)
        view = log.query_one(LogView)
        await settle(pilot, lambda: any("starting sim frame 8" in line for line in view.lines))
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
