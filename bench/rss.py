"""Memory after visiting every screen of the preset, in a fresh process (nothing else in it).

Run by bench/run.py as `python bench/rss.py` with BENCH_URL, BENCH_SECRET, BENCH_BIG and
BENCH_BUSY (a host with procs) set; prints one JSON line. Views are opened as a user would:
`:` views go on the path taken (`app.goto`, which starts the path again past `JUMP_DEPTH`),
drills are pushed; the script holds no screen itself, so what stays alive is what the app
keeps. The peak is the process's own high-water mark (VmHWM): `ru_maxrss` carries the
parent's peak over `exec` on Linux, and printed the bench's (1.6 GB after all 100,000 frames
of the xlarge job were loaded in it) instead of this process's.

    python bench/rss.py --soak 10 [--preset xlarge]

soaks instead: its own simulator ticking once a second, every screen visited, then the jobs
view with the hosts view over it, the hosts polled at the default interval plus a whole-list
refresh each minute; prints RSS and the live Python objects each minute, and the growth after
the first minute.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from apphost import SIZE, driver, make_app, open_screen


def _status(field: str) -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def rss_mb() -> float:
    return _status("VmRSS")


def peak_mb() -> float:
    """This process's peak RSS since its exec (not the parent's: see the docstring)."""
    return _status("VmHWM")


def _plan(job: Any, busy: Any) -> list[tuple[str, Callable[[], Any], bool]]:
    from cuetui.screens.allocs import AllocsScreen
    from cuetui.screens.frames import FramesScreen
    from cuetui.screens.hosts import HostsScreen
    from cuetui.screens.jobs import JobsScreen
    from cuetui.screens.layers import LayersScreen
    from cuetui.screens.procs import ProcsScreen
    from cuetui.screens.shows import ShowsScreen
    from cuetui.screens.subs import SubsScreen

    # Factories: a list of screens made up front would keep every one alive to the end.
    return [
        ("shows", ShowsScreen, False),
        ("jobs (all)", lambda: JobsScreen(None), False),
        ("layers", lambda: LayersScreen(job), True),
        ("frames (a page of the big job)", lambda: FramesScreen(job), True),
        ("hosts (all)", HostsScreen, False),
        ("procs of a host", lambda: ProcsScreen(host=busy), True),
        ("allocs", AllocsScreen, False),
        ("subs", lambda: SubsScreen("testing"), False),
    ]


async def _visit_all(app: Any, big: str, busy_name: str, steps: list[tuple[str, float]]) -> None:
    from cuetui.screens.comments import CommentsScreen
    from cuetui.screens.frames import FramesScreen
    from cuetui.screens.log import LogScreen

    job = await app.client.get_job(big)
    # One host with procs, by name: reading every host here would count them twice.
    busy = (await app.client.get_hosts(names=[busy_name]))[0]
    for name, make, push in _plan(job, busy):
        screen = make()
        await open_screen(app, screen, push=push)
        steps.append((name, rss_mb()))
        if isinstance(screen, FramesScreen):
            app.push_screen(LogScreen.for_frame(job, screen.table.items()[0]))
            await driver(app).settle(0.3, 5)
            steps.append(("log of a frame", rss_mb()))
            app.pop_screen()
        del screen
    app.push_screen(CommentsScreen(job))
    await driver(app).settle(0.3, 5)
    steps.append(("comments", rss_mb()))


async def visit(url: str, secret: str, big: str, busy_name: str) -> dict[str, Any]:
    app = make_app(url, secret)
    steps: list[tuple[str, float]] = [("imported", rss_mb())]
    async with app.run_test(headless=False, size=SIZE):
        await driver(app).settle(0.2, 10)
        await _visit_all(app, big, busy_name, steps)
        path = [type(s).__name__ for s in app.screen_stack[1:]]
    return {"rss_mb": steps[-1][1], "peak_mb": peak_mb(), "steps": steps, "path": path}


async def soak(url: str, secret: str, big: str, busy: str, minutes: float) -> dict[str, Any]:
    """Every screen, then the jobs view with the hosts view over it on the path, the hosts
    polled at the default interval (the rows on view) with a whole-list refresh (ctrl+r's
    path) each minute; RSS and live objects sampled each minute."""
    from cuetui.screens.hosts import HostsScreen
    from cuetui.screens.jobs import JobsScreen

    app = make_app(url, secret, refresh=5.0)
    steps: list[tuple[str, float]] = [("imported", rss_mb())]
    samples: list[dict[str, float]] = []
    async with app.run_test(headless=False, size=SIZE):
        await driver(app).settle(0.2, 10)
        await _visit_all(app, big, busy, steps)
        await open_screen(app, JobsScreen(None))
        hosts = await open_screen(app, HostsScreen())
        start = time.monotonic()
        end = start + minutes * 60
        while time.monotonic() < end:
            await asyncio.sleep(min(60.0, max(0.0, end - time.monotonic())))
            app.screen.poll_now(manual=True)
            await hosts.wait(120)
            await driver(app).settle(0.5, 10)
            gc.collect()
            samples.append(
                {
                    "minute": (time.monotonic() - start) / 60,
                    "rss_mb": rss_mb(),
                    "objects": len(gc.get_objects()),
                    "polls": hosts.count,
                }
            )
    first, last = samples[0], samples[-1]
    return {
        "steps": steps,
        "samples": samples,
        "growth_mb": last["rss_mb"] - first["rss_mb"],
        "growth_objects": last["objects"] - first["objects"],
        "peak_mb": peak_mb(),
    }


def _soak_main(preset: str, minutes: float) -> dict[str, Any]:
    from simproc import SimProcess

    with SimProcess(preset) as sim:
        sim.live(1.0)
        info = sim.info
        return asyncio.run(soak(sim.url, sim.secret, info["big"], info["busy_host"], minutes))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--soak", type=float, default=0.0, help="minutes of soak (own simulator)")
    p.add_argument("--preset", default="xlarge", help="the soak's farm (default xlarge)")
    args = p.parse_args()
    if args.soak > 0:
        result = _soak_main(args.preset, args.soak)
    else:
        env = os.environ
        result = asyncio.run(
            visit(env["BENCH_URL"], env["BENCH_SECRET"], env["BENCH_BIG"], env["BENCH_BUSY"])
        )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
