"""The real CuetuiApp, run in-process through `run_test` with a driver that renders for real.

Textual's headless driver skips turning each frame into escape sequences (`App._display`
returns early), which is part of a refresh's cost. `PaintCounter` says it is not headless, so
the whole render runs, and keeps the bytes instead of writing them: every `write` is a paint,
timestamped, and counted.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from textual.drivers.headless_driver import HeadlessDriver

from cuetui.app import CuetuiApp
from cuetui.config import Settings

SIZE = (160, 48)
# Polls only when the bench asks (ctrl+r's path): no timed poll lands inside a measurement.
QUIET_REFRESH = 3600.0


class PaintCounter(HeadlessDriver):
    """A driver that renders every frame to text, counts it and drops it."""

    listeners: list[Callable[[float, int], None]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bytes = 0
        self.writes = 0
        self.last_write = 0.0
        self.listeners = []
        self._event: asyncio.Event | None = None

    @property
    def is_headless(self) -> bool:
        return False

    def write(self, data: str) -> None:
        now = time.perf_counter()
        size = len(data.encode("utf-8", "replace"))
        self.bytes += size
        self.writes += 1
        self.last_write = now
        for listener in self.listeners:
            listener(now, size)
        if self._event is not None:
            self._event.set()

    async def next_paint(self, timeout: float = 5.0) -> bool:
        """Wait for the next write; False on timeout."""
        self._event = event = asyncio.Event()
        try:
            await asyncio.wait_for(event.wait(), timeout)
            return True
        except TimeoutError:
            return False
        finally:
            self._event = None

    async def settle(self, quiet: float = 0.05, limit: float = 2.0) -> None:
        """Return once nothing was painted for `quiet` seconds (at most `limit`)."""
        end = time.perf_counter() + limit
        while time.perf_counter() < end:
            if not await self.next_paint(quiet):
                return


class Clock:
    """The app's clock: the wall clock, or held at one instant (`hold()`), so that runtimes
    and ages stop moving and a poll shows only what the farm changed."""

    def __init__(self) -> None:
        self.held: float | None = None

    def __call__(self) -> float:
        return time.time() if self.held is None else self.held

    def hold(self) -> None:
        self.held = time.time()

    def release(self) -> None:
        self.held = None


def make_app(
    url: str, secret: str, *, clock: Callable[[], float] = time.time, **overrides: Any
) -> CuetuiApp:
    values: dict[str, Any] = {"user": "bench", "refresh": QUIET_REFRESH}
    values.update(overrides)
    settings = Settings.for_gateway(url, jwt_secret=secret, **values)
    app = CuetuiApp(settings, clock=clock)
    app.driver_class = PaintCounter
    return app


def driver(app: CuetuiApp) -> PaintCounter:
    drv = app._driver
    assert isinstance(drv, PaintCounter), "run the app with run_test(headless=False)"
    return drv


class Applied:
    """Counts the screen's applied polls (and failures); `wait()` for the next one."""

    def __init__(self, screen: Any) -> None:
        self.screen = screen
        self.count = 0
        self._event = asyncio.Event()
        original = screen.after_apply

        def after_apply(items: list[Any]) -> None:
            original(items)
            self.count += 1
            self._event.set()

        screen.after_apply = after_apply

    async def wait(self, timeout: float = 60.0) -> bool:
        """The next apply after this call (True), or a failed poll / timeout (False)."""
        self._event.clear()
        failures = self.screen.poller.failures
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            try:
                await asyncio.wait_for(self._event.wait(), 0.05)
                return True
            except TimeoutError:
                if self.screen.poller.failures > failures:
                    return False
        return False


async def open_screen(app: CuetuiApp, screen: Any, *, push: bool = False) -> Applied:
    """Show `screen`, wait for its first data and paint; returns its apply counter."""
    applied = Applied(screen)
    if push:
        app.push_screen(screen)
    else:
        app.goto(screen)
    if not await applied.wait(120):
        raise RuntimeError(f"{type(screen).__name__} got no data: {screen.poller.error}")
    await driver(app).settle()
    return applied


async def cycle(app: CuetuiApp, applied: Applied, before: Callable[[], None] | None = None):
    """One refresh cycle, from the trigger to its paint: (cpu s, wall s, bytes painted)."""
    drv = driver(app)
    screen = applied.screen
    await drv.settle(0.03, 1.0)
    bytes0 = drv.bytes
    cpu0, wall0 = time.process_time(), time.perf_counter()
    if before is not None:
        before()
    screen.poll_now(manual=True)
    ok = await applied.wait()
    if not ok:
        raise RuntimeError(f"a poll failed during the bench: {screen.poller.error}")
    await drv.settle(0.05, 2.0)
    end = drv.last_write
    cpu = time.process_time() - cpu0
    return cpu, max(0.0, end - wall0), drv.bytes - bytes0
