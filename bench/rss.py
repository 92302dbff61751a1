"""Memory after visiting every screen of the preset, in a fresh process (nothing else in it).

Run by bench/run.py as `python bench/rss.py` with BENCH_URL, BENCH_SECRET, BENCH_BIG and
BENCH_BUSY (a host with procs) set; prints one JSON line. Top-level views replace the
stack (as `:` does), drills push, as a user would go.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from apphost import SIZE, driver, make_app, open_screen


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


async def visit(url: str, secret: str, big: str, busy_name: str) -> dict[str, Any]:
    from cuetui.screens.allocs import AllocsScreen
    from cuetui.screens.comments import CommentsScreen
    from cuetui.screens.frames import FramesScreen
    from cuetui.screens.hosts import HostsScreen
    from cuetui.screens.jobs import JobsScreen
    from cuetui.screens.layers import LayersScreen
    from cuetui.screens.log import LogScreen
    from cuetui.screens.procs import ProcsScreen
    from cuetui.screens.shows import ShowsScreen
    from cuetui.screens.subs import SubsScreen

    app = make_app(url, secret)
    steps: list[tuple[str, float]] = [("imported", rss_mb())]
    async with app.run_test(headless=False, size=SIZE):
        await driver(app).settle(0.2, 10)
        job = await app.client.get_job(big)
        # One host with procs, by name: reading every host here would count them twice.
        busy = (await app.client.get_hosts(names=[busy_name]))[0]
        plan: list[tuple[str, Any, bool]] = [
            ("shows", ShowsScreen(), False),
            ("jobs (all)", JobsScreen(None), False),
            ("layers", LayersScreen(job), True),
            ("frames (a page of the big job)", FramesScreen(job), True),
            ("hosts (all)", HostsScreen(), False),
            ("procs of a host", ProcsScreen(host=busy), True),
            ("allocs", AllocsScreen(), False),
            ("subs", SubsScreen("testing"), False),
        ]
        for name, screen, push in plan:
            await open_screen(app, screen, push=push)
            steps.append((name, rss_mb()))
            if isinstance(screen, FramesScreen):
                app.push_screen(LogScreen.for_frame(job, screen.table.items()[0]))
                await driver(app).settle(0.3, 5)
                steps.append(("log of a frame", rss_mb()))
                app.pop_screen()
        app.push_screen(CommentsScreen(job))
        await driver(app).settle(0.3, 5)
        steps.append(("comments", rss_mb()))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"rss_mb": steps[-1][1], "peak_mb": peak, "steps": steps}


def main() -> int:
    env = os.environ
    result = asyncio.run(
        visit(env["BENCH_URL"], env["BENCH_SECRET"], env["BENCH_BIG"], env["BENCH_BUSY"])
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
