"""Gateway load per view: bytes and requests per minute the real app pulls at its default
interval, counted at the simulator (response bodies per path), with the farm live.

Whatever the app does (the rows on view often, the whole list rarely, incremental frames)
is what is counted: the screen is opened, its first load is let through, then every answer
over a timed window is summed. The window is cut in slices: the figure is the whole
window's rate, its range the slices' rates (a rare whole-list read lands in one slice).
The client's CPU over the window is measured too (everything it did: polls, paints, clocks).
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from typing import Any

from apphost import SIZE, Applied, driver, make_app, open_screen
from cuetui.config import Settings
from cuetui.screens.frames import FramesScreen
from cuetui.screens.hosts import HostsScreen
from cuetui.screens.jobs import JobsScreen
from simproc import SimProcess
from stats import summary

SLICES = 3


def default_interval() -> float:
    return float(Settings.model_fields["refresh"].default)


async def run(sim: SimProcess, window: float, warm: float = 3.0) -> dict[str, Any]:
    """Per view: MB/min, requests/min (total and per path), client CPU; farm ticking 1/s."""
    interval = default_interval()
    app = make_app(sim.url, sim.secret, refresh=interval)
    out: dict[str, Any] = {"interval": interval, "window": window, "views": {}}
    sim.live(1.0)
    try:
        async with app.run_test(headless=False, size=SIZE):
            await driver(app).settle(0.2, 10)
            job = await app.client.get_job(sim.info["big"])
            for name, make in (
                ("jobs", lambda: JobsScreen(None)),
                ("hosts", HostsScreen),
                ("frames page", lambda: FramesScreen(job)),
                ("all frames", lambda: FramesScreen(job)),
            ):
                screen = make()
                applied = await open_screen(app, screen)
                if name == "all frames":
                    if not hasattr(screen, "action_all_frames"):
                        continue
                    screen.action_all_frames()
                    end = time.perf_counter() + 300
                    while screen.feed.loading and time.perf_counter() < end:
                        await applied.wait(60)
                await asyncio.sleep(warm)
                out["views"][name] = await _window(sim, applied, window)
    finally:
        sim.live(0)
    return out


async def _window(sim: SimProcess, applied: Applied, window: float) -> dict[str, Any]:
    start = len(sim.traffic())
    polls0 = applied.count
    cpu0, wall0 = time.process_time(), time.perf_counter()
    cuts = [wall0 + window * (i + 1) / SLICES for i in range(SLICES)]
    marks = []
    for cut in cuts:
        await asyncio.sleep(max(0.0, cut - time.perf_counter()))
        marks.append(time.time())
    cpu = time.process_time() - cpu0
    elapsed = time.perf_counter() - wall0
    answers = sim.traffic(start)
    by_path: dict[str, list[int]] = defaultdict(list)
    for a in answers:
        by_path[a.path].append(a.size)
    per_slice: list[float] = []
    req_slice: list[float] = []
    begin = marks[0] - window / SLICES
    for mark in marks:
        inside = [a for a in answers if begin <= a.time < mark]
        minutes = (mark - begin) / 60
        per_slice.append(sum(a.size for a in inside) / 1e6 / minutes)
        req_slice.append(len(inside) / minutes)
        begin = mark
    minutes = elapsed / 60
    polls = applied.count - polls0
    return {
        "mb_per_minute": sum(a.size for a in answers) / 1e6 / minutes,
        "mb_slices": summary(per_slice),
        "requests_per_minute": len(answers) / minutes,
        "requests_slices": summary(req_slice),
        "by_path": {
            p.rsplit("/", 1)[-1]: {
                "per_minute": len(sizes) / minutes,
                "mb_per_minute": sum(sizes) / 1e6 / minutes,
                "largest_mb": max(sizes) / 1e6,
            }
            for p, sizes in sorted(by_path.items())
        },
        "errors": sum(1 for a in answers if a.status != 200),
        "cpu_share": cpu / elapsed,
        "applies": polls,
        "cpu_per_apply": cpu / polls if polls else float("nan"),
        "window": elapsed,
    }
