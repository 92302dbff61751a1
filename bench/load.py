"""Gateway load: requests per poll of the screen on view, and none from the screens under it.

The app runs with a 1 s refresh so a few seconds hold several polls; the sim's recorded calls
are grouped by path. Screens are stacked the way a user drills (jobs > layers > frames), then
a `:` view replaces the stack (hosts).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

from apphost import SIZE, driver, make_app, open_screen
from cuetui.screens.frames import FramesScreen
from cuetui.screens.hosts import HostsScreen
from cuetui.screens.jobs import JobsScreen
from cuetui.screens.layers import LayersScreen
from simproc import SimProcess

INTERVAL = 1.0
J = "/job.JobInterface/"
PATHS = {
    "jobs": {J + "GetJobs"},
    "layers": {J + "GetLayers"},
    "frames": {J + "GetFrames", J + "GetUpdatedFrames", J + "GetJob"},
    "hosts": {"/host.HostInterface/GetHosts"},
}


async def run(sim: SimProcess, window: float, warm: float = 2.0) -> dict[str, Any]:
    app = make_app(sim.url, sim.secret, refresh=INTERVAL)
    out: dict[str, Any] = {}
    async with app.run_test(headless=False, size=SIZE):
        await driver(app).settle(0.2, 10)
        job = await app.client.get_job(sim.info["big"])
        stack: list[str] = []
        for name, screen, push in (
            ("jobs", JobsScreen(["testing"]), False),
            ("layers", LayersScreen(job), True),
            ("frames", FramesScreen(job), True),
            ("hosts", HostsScreen(), False),
        ):
            applied = await open_screen(app, screen, push=push)
            stack = [*stack, name] if push else [name]
            await asyncio.sleep(warm)  # past the first (full) polls
            # The window opens and closes on an applied poll: a poll's request sent before
            # the window closed but applied after it read as 6 requests for 5 polls.
            await applied.wait()
            start, polls0 = len(sim.calls()), applied.count
            await asyncio.sleep(window)
            await applied.wait()
            counts = Counter(c.path for c in sim.calls(start))
            polls = applied.count - polls0
            own = sum(n for p, n in counts.items() if p in PATHS[name])
            hidden = {
                other: sum(counts[p] for p in PATHS[other]) for other in stack if other != name
            }
            out[name] = {
                "requests": own,
                "polls": polls,
                # Hosts poll every 25 s at 5,000 rows: a short window may hold no poll.
                "per_poll": own / polls if polls else (0.0 if not own else float("inf")),
                "per_minute": own * 60 / window,
                "interval": screen.poller.interval,
                "by_path": dict(counts),
                "hidden_requests": hidden,
            }
    return out
