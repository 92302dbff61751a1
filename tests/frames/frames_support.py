"""Helpers for the frames and comments screens against the simulated gateway."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from cuetui.app import CuetuiApp
from cuetui.config import Settings
from cuetui.models import Job
from cuetui.screens.frames import FramesScreen
from cuetui.sim.harness import SimHarness


def make_app(sim: SimHarness, **overrides: Any) -> CuetuiApp:
    """The real app on the simulator, opening on the `testing` show's jobs."""
    values: dict[str, Any] = {"show": "testing", "refresh": 60.0, "user": "wrangler"}
    values.update(overrides)
    settings = Settings.for_gateway(sim.url, jwt_secret=sim.secret, **values)
    return CuetuiApp(settings)


async def settle(
    pilot: Pilot[Any], until: Callable[[], bool] | None = None, timeout: float = 10.0
) -> None:
    """Pause until the app has no busy workers (and `until()` holds, when given)."""
    app = pilot.app
    deadline = time.monotonic() + timeout  # generous: the test machines are shared
    while time.monotonic() < deadline:
        await pilot.pause(0.02)
        busy = [w for w in app.workers if w.is_running and w.group != "log-poll"]
        if not busy and (until is None or until()):
            await pilot.pause()
            return
    raise AssertionError("the app did not settle")


def toasts(app: CuetuiApp) -> list[str]:
    """Every toast's message, oldest first."""
    return [n.message for n in app._notifications]


async def said(pilot: Pilot[Any], start: str, exact: bool = False, timeout: float = 10.0) -> str:
    """Wait for the last toast that starts with `start` (or is `start`, when exact); return it.

    The gateway has the call before the app has its answer: reading the toasts right after
    the simulator saw the call races the app's own notify (a message the app handles later).
    """
    app: CuetuiApp = pilot.app  # type: ignore[assignment]
    deadline = time.monotonic() + timeout
    while True:
        found = [m for m in toasts(app) if m == start or (not exact and m.startswith(start))]
        if found:
            return found[-1]
        if time.monotonic() >= deadline:
            kind = "being" if exact else "starting"
            raise AssertionError(f"no toast {kind} {start!r}; the toasts: {toasts(app)}")
        await pilot.pause(0.02)


async def job_named(app: CuetuiApp, sim: SimHarness, anchor: str) -> Job:
    return await app.client.get_job(sim.farm.anchors[anchor])


async def open_frames(pilot: Any, sim: SimHarness, anchor: str = "failing") -> FramesScreen:
    app = pilot.app
    await settle(pilot)
    job = await job_named(app, sim, anchor)
    sim.clear_calls()
    app.push_screen(FramesScreen(job))
    await settle(pilot, lambda: isinstance(app.screen, FramesScreen) and app.screen.table.row_count)
    return app.screen
