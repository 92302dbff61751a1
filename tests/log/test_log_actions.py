"""From a frame's log: retry, eat and kill it with the frames table's keys and confirmations,
see the toast and the new state, under the same header and crumbs as every screen."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Button, Footer, Label, Static
from textual.widgets._footer import FooterKey

from cuetui.app import CuetuiApp
from cuetui.config import Settings
from cuetui.models import Frame
from cuetui.screens.frames import FramesScreen
from cuetui.screens.log import LogScreen
from cuetui.sim.harness import SimHarness
from cuetui.widgets.confirm import ConfirmModal
from cuetui.widgets.log_view import LogView

FRAME = "/job.FrameInterface/"
ACTION_PATHS = [FRAME + v for v in ("Retry", "Eat", "Kill", "MarkAsWaiting")]
JOB_NAME = "testing-sh010-jsmith_fx_sim_v012"  # the `failing` anchor: frames 5-7 DEAD, 8 RUNNING


def make_app(sim: SimHarness, **overrides: Any) -> CuetuiApp:
    # A long refresh: no timed poll lands during a test, only the ones the test asks for.
    values: dict[str, Any] = {"show": "testing", "refresh": 600.0, "user": "wrangler"}
    values.update(overrides)
    return CuetuiApp(Settings.for_gateway(sim.url, jwt_secret=sim.secret, **values))


async def settle(pilot: Pilot[Any], until: Callable[[], Any] | None = None, what: str = "") -> None:
    """Pause until no worker runs (log file polls aside) and `until()` (`what`) holds."""
    deadline = time.monotonic() + 15.0  # generous: the test machines are shared
    while time.monotonic() < deadline:
        await pilot.pause(0.02)
        busy = [w for w in pilot.app.workers if w.is_running and w.group != "log-poll"]
        if not busy and (until is None or until()):
            await pilot.pause()
            return
    raise AssertionError(f"the app did not settle{f': no {what}' if what else ''}")


def state_of(frames: Any, frame_id: str) -> str | None:
    row = frames.table.get_item(frame_id)
    return None if row is None else row.state


def frame_calls(sim: SimHarness) -> list[tuple[str, dict[str, Any]]]:
    return [(c.path, c.body) for c in sim.calls if c.path in ACTION_PATHS]


def text(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def crumbs(screen: Any) -> str:
    return str(screen.query_one("#crumbs-left", Label).render())


def header(screen: Any) -> str:
    left = screen.query_one("#header-left", Label).render()
    return f"{left} {screen.query_one('#header-right', Label).render()}"


def toasts(app: CuetuiApp) -> list[str]:
    return [n.message for n in app._notifications]


async def said(pilot: Pilot[Any], text: str, timeout: float = 10.0) -> None:
    """Wait for the toast `text`: the app posts it after its answer (or its key) is handled,
    so reading the toasts once the simulator saw the call races the app's own notify."""
    app: CuetuiApp = pilot.app  # type: ignore[assignment]
    deadline = time.monotonic() + timeout
    while text not in toasts(app):
        if time.monotonic() >= deadline:
            raise AssertionError(f"no toast {text!r}; the toasts: {toasts(app)}")
        await pilot.pause(0.02)


async def open_log(pilot: Pilot[Any], sim: SimHarness, number: int) -> tuple[LogScreen, Frame]:
    """From the failing job's row, `f` for its frames, frame `number`, `l` for its log."""
    app = pilot.app
    await settle(pilot, lambda: app.screen.table.row_count)
    assert app.screen.table.move_to(sim.farm.anchors["failing"])
    await pilot.press("f")
    await settle(pilot, lambda: isinstance(app.screen, FramesScreen) and app.screen.table.row_count)
    frames = app.screen
    frame = next(f for f in frames.table.visible_items() if f.number == number)
    frames.table.move_to(frame.id)
    await pilot.pause()
    await pilot.press("l")
    await settle(pilot, lambda: isinstance(app.screen, LogScreen) and app.screen.window)
    log = app.screen
    assert isinstance(log, LogScreen)
    await settle(pilot, lambda: log.query_one(LogView).lines and log.frame_poller.updated_at)
    sim.clear_calls()
    return log, frame


def footer_keys(screen: Any) -> dict[str, str]:
    return {k.description: k.key_display for k in screen.query_one(Footer).query(FooterKey)}


async def test_retry_from_a_dead_frames_log(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(100, 24), notifications=True) as pilot:
        log, frame = await open_log(pilot, sim, 5)
        assert "frame DEAD, exit 1" in text(log, "#log-status")
        frames = app.screen_stack[-2]
        await pilot.press("r")  # not destructive: no confirmation, as on the frames table
        await settle(pilot, lambda: frame_calls(sim))
        assert frame_calls(sim) == [(FRAME + "Retry", {"frame": {"id": frame.id}})]
        await said(pilot, f"Retry requested for 0005-sim of {JOB_NAME}")
        # The state line follows: the frame is read again a moment after the action.
        await settle(pilot, lambda: "frame WAITING" in text(log, "#log-status"))
        assert sim.calls_to(FRAME + "GetFrame")
        # Back on the table, its page is read again at once: no DEAD frame 5 left behind.
        # The read starts once the table is back on view (deferred): wait for its rows, not
        # merely for the screen, or no worker may have started yet when settle looks.
        await pilot.press("escape")
        await settle(
            pilot,
            lambda: app.screen is frames and state_of(frames, frame.id) == "WAITING",
            "frame 5 WAITING on the table",
        )


async def test_eat_confirms_with_cancel_focused_and_cancel_sends_nothing(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(100, 24), notifications=True) as pilot:
        log, frame = await open_log(pilot, sim, 6)
        await pilot.press("e")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ConfirmModal)
        assert isinstance(app.focused, Button) and app.focused.id == "cancel"
        assert modal.lines == [f"Eat 1 frame of {JOB_NAME}:", "0006-sim"]
        assert modal.warning == "Eaten frames will not run again."
        await pilot.press("enter")  # Cancel
        await pilot.pause(0.2)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause(0.2)
        assert app.screen is log and frame_calls(sim) == []
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("tab", "enter")  # to the Eat button
        await settle(pilot, lambda: frame_calls(sim))
        assert frame_calls(sim) == [(FRAME + "Eat", {"frame": {"id": frame.id}})]
        await said(pilot, f"Eat requested for 0006-sim of {JOB_NAME}")
        await settle(pilot, lambda: "frame EATEN" in text(log, "#log-status"))


async def test_kill_a_running_frame_from_its_log(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(100, 24), notifications=True) as pilot:
        log, frame = await open_log(pilot, sim, 8)
        assert frame.state == "RUNNING"
        await pilot.press("ctrl+k")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ConfirmModal)
        assert modal.warning == "1 running frame will die and go back to waiting."
        await pilot.press("enter")  # Cancel has the focus
        await pilot.pause(0.2)
        assert app.screen is log and frame_calls(sim) == []
        await pilot.press("ctrl+k")
        await pilot.pause()
        await pilot.press("tab", "enter")
        await settle(pilot, lambda: frame_calls(sim))
        assert frame_calls(sim) == [
            (
                FRAME + "Kill",
                {
                    "frame": {"id": frame.id},
                    "username": "wrangler",
                    "pid": str(os.getpid()),
                    "hostKill": socket.gethostname(),
                    "reason": "Manual Frame Kill Request in cuetui by wrangler",
                },
            )
        ]
        await said(pilot, f"Kill requested for 0008-sim of {JOB_NAME}")
        await settle(pilot, lambda: log.frame.state != "RUNNING")
        assert f"frame {log.frame.state}" in text(log, "#log-status")


async def test_kill_of_a_dead_frame_says_why_and_sends_nothing(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(100, 24), notifications=True) as pilot:
        log, _ = await open_log(pilot, sim, 7)
        await pilot.press("ctrl+k")
        await pilot.pause(0.2)
        assert app.screen is log and frame_calls(sim) == []
        await said(pilot, "Kill: 0007-sim is not running (DEAD)")


async def test_readonly_hides_and_refuses_the_frame_keys(sim: SimHarness) -> None:
    app = make_app(sim, readonly=True)
    async with app.run_test(size=(100, 24), notifications=True) as pilot:
        log, _ = await open_log(pilot, sim, 5)
        keys = footer_keys(log)
        assert not {"Retry", "Eat", "Kill"} & set(keys)
        assert "read-only" in header(log)
        await pilot.press("r", "e", "ctrl+k")
        await pilot.pause(0.3)
        assert app.screen is log and frame_calls(sim) == []
        # Refused by the action flow too, when called without the key (the palette, a keymap).
        log.action_verb("retry")
        await pilot.pause(0.2)
        assert frame_calls(sim) == []
        await said(pilot, "Read-only: actions are off")


async def test_footer_offers_the_frame_keys_of_the_frames_table(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        log, _ = await open_log(pilot, sim, 5)
        keys = footer_keys(log)
        assert [keys.get(d) for d in ("Retry", "Eat", "Kill")] == ["r", "e", "^k"]
        # The viewer's own keys are still there and still work.
        assert {"Search", "Next", "Top", "Attempts", "Back"} <= set(keys)
        await pilot.press("slash", *"error", "enter")
        await settle(pilot)
        view = log.query_one(LogView)
        assert view.current is not None and "ERROR" in view.lines[view.current]
        assert frame_calls(sim) == []


async def test_question_mark_lists_every_key_of_the_log(sim: SimHarness) -> None:
    from cuetui.screens.help import HelpScreen, binding_rows

    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        log, _ = await open_log(pilot, sim, 5)
        await pilot.press("question_mark")
        await settle(pilot, lambda: isinstance(app.screen, HelpScreen))
        rows = dict((d, k) for k, d in binding_rows(log))
        # Including the keys the footer has no room for at 80 columns.
        assert rows["Retry"] == "r" and rows["Previous match"] == "N"
        assert rows["End, follow"] == "G" and rows["Newer attempt"] == "]"
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is log)


async def test_log_header_and_crumbs_show_where_it_is(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot, lambda: app.screen.table.row_count)
        assert app.screen.table.move_to(sim.farm.anchors["failing"])
        await pilot.press("enter")  # its layers
        await settle(pilot, lambda: type(app.screen).__name__ == "LayersScreen")
        await settle(pilot, lambda: app.screen.table.row_count)
        await pilot.press("enter")  # the layer's frames
        await settle(pilot, lambda: isinstance(app.screen, FramesScreen))
        await settle(pilot, lambda: app.screen.table.row_count)
        frames = app.screen
        frame = next(f for f in frames.table.visible_items() if f.number == 5)
        frames.table.move_to(frame.id)
        await pilot.pause()
        await pilot.press("l")
        await settle(pilot, lambda: isinstance(app.screen, LogScreen) and app.screen.window)
        log = app.screen
        await settle(pilot, lambda: log.frame_poller.updated_at)
        assert crumbs(log) == f"testing > {JOB_NAME} > sim > 0005-sim > log"
        top = header(log)
        assert top.startswith(f"cuetui │ {sim.url} │ show testing")
        assert "● updated " in top
        # The crumbs name job and frame: the title line is the attempt and the path.
        assert text(log, "#log-title").startswith("[attempt ")
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is frames)
        assert crumbs(frames) == f"testing > {JOB_NAME} > sim"


async def test_gateway_down_marks_the_header_stale_and_keeps_the_frame_state(
    sim: SimHarness,
) -> None:
    app = make_app(sim)
    async with app.run_test(size=(100, 24)) as pilot:
        log, _ = await open_log(pilot, sim, 5)
        assert "● updated " in header(log)
        sim.stop()
        try:
            log._fetch_frame()  # what the timer does after an action or while the frame runs
            await settle(pilot, lambda: log.frame_poller.stale)
            assert "▲ stale since " in header(log)
            assert "frame DEAD, exit 1" in text(log, "#log-status")
        finally:
            sim.start()
