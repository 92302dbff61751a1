"""The log viewer says "following" only while the frame runs, and how a finished one ended."""

from __future__ import annotations

from typing import Any

from frames_support import make_app, open_frames, settle
from textual.widgets import Static

from cuetui.screens.log import LogScreen
from cuetui.sim.harness import SimHarness
from cuetui.widgets.log_view import LogView


async def open_log(pilot: Any, sim: SimHarness, number: int) -> LogScreen:
    app = pilot.app
    screen = await open_frames(pilot, sim)
    frame = next(f for f in screen.table.visible_items() if f.number == number)
    screen.table.move_to(frame.id)
    await pilot.pause()
    await pilot.press("l")
    await settle(pilot, lambda: isinstance(app.screen, LogScreen) and app.screen.window)
    log = app.screen
    assert isinstance(log, LogScreen)
    await settle(pilot, lambda: bool(log.query_one(LogView).lines))
    return log


def status(log: LogScreen) -> str:
    return str(log.query_one("#log-status", Static).render())


async def test_dead_frame_log_says_how_it_ended_not_following(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(100, 24)) as pilot:
        log = await open_log(pilot, sim, 5)  # the failing job's frame 5 is DEAD, exit 1
        text = status(log)
        assert "following" not in text
        assert "frame DEAD, exit 1" in text and "end of log" in text


async def test_running_frame_log_follows_until_the_frame_ends(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(100, 24)) as pilot:
        log = await open_log(pilot, sim, 8)  # RUNNING
        assert "following the end" in status(log)
        for _ in range(40):
            sim.tick(60)
            log._poll_frame()  # what the refresh timer does while the frame runs
            await settle(pilot)
            if not log.running:
                break
        assert not log.running
        text = status(log)
        assert "following" not in text and "end of log" in text
        assert log.frame.state in text
