"""The log viewer on the simulated farm: following survives a resize, the path can be copied,
and a log that cannot be read says which path, why, and what the gateway knows instead."""

from __future__ import annotations

from pathlib import Path

from tests.log.test_log_actions import make_app, open_log, said, settle, text

from cuetui.screens.frames import FramesScreen
from cuetui.screens.log import LogScreen
from cuetui.sim.harness import SimHarness
from cuetui.widgets.log_view import LogView

FRAME = "/job.FrameInterface/"


def at_end(view: LogView) -> bool:
    """The last line is on view (not merely scrolled near it)."""
    return view.bottom_line == len(view.lines) - 1 and view.scroll_y == view.max_scroll_y


async def test_follow_keeps_following_after_the_terminal_is_resized(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(100, 40)) as pilot:
        log, frame = await open_log(pilot, sim, 8)  # the failing job's running frame
        assert frame.state == "RUNNING" and log.following
        view = log.query_one(LogView)
        path = Path(log.path)
        with path.open("a") as f:  # enough lines that the view scrolls
            f.write("".join(f"render progress {i}%\n" for i in range(120)))
        await settle(pilot, lambda: view.lines[-1] == "render progress 119%")
        await pilot.pause()
        assert at_end(view)
        for size in ((100, 16), (60, 12), (120, 30)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            with path.open("a") as f:
                f.write(f"after resize to {size[0]}x{size[1]}\n")
            await settle(pilot, lambda s=size: view.lines[-1] == f"after resize to {s[0]}x{s[1]}")
            await pilot.pause()
            assert at_end(view), size
            assert log.following and "following the end" in text(log, "#log-status")
        # Scrolled back by hand, a resize does not pull the view to the end.
        await pilot.press("pageup")
        await pilot.pause()
        assert not log.following
        top = view.scroll_y
        await pilot.resize_terminal(100, 20)
        await pilot.pause()
        with path.open("a") as f:
            f.write("while scrolled back\n")
        await settle(pilot, lambda: view.lines[-1] == "while scrolled back")
        assert not at_end(view) and view.scroll_y <= top


async def test_c_or_y_copies_the_full_log_path(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        log, _ = await open_log(pilot, sim, 5)
        path = str(log.path)
        assert path.startswith("/") and path.endswith(".rqlog")
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard == path
        await said(pilot, f"Copied log path: {path}")
        app.copy_to_clipboard("")
        await pilot.press("c")
        await pilot.pause()
        assert app.clipboard == path


async def test_unreadable_log_names_path_and_why_and_what_the_gateway_knows(
    sim: SimHarness,
) -> None:
    app = make_app(sim)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: app.screen.table.row_count)
        assert app.screen.table.move_to(sim.farm.anchors["failing"])
        await pilot.press("f")
        await settle(
            pilot, lambda: isinstance(app.screen, FramesScreen) and app.screen.table.row_count
        )
        frames = app.screen
        frame = next(f for f in frames.table.visible_items() if f.number == 5)
        assert frame.state == "DEAD" and frame.host_name
        job = frames.job
        base = Path(frame.log_path(job))
        for attempt in [base, *base.parent.glob(base.name + ".*")]:
            attempt.unlink()  # the log went: a cleaned-up log directory
        frames.table.move_to(frame.id)
        await pilot.pause()
        sim.clear_calls()
        await pilot.press("l")
        await settle(pilot, lambda: isinstance(app.screen, LogScreen))
        log = app.screen
        await settle(pilot, lambda: sim.calls_to(FRAME + "GetFrame") and log._problem)
        message = text(log, "#log-message")
        assert f"Tried: {base}" in message
        assert "no such file" in message
        # No line of the log from the gateway (OpenCue has none): it says so, and what it has.
        assert "The gateway has no line of the log" in message
        assert f"state DEAD, exit {frame.exit_status}" in message
        assert f"host {frame.host_name}" in message
        assert "c or y copies the path" in message
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard == str(base)
