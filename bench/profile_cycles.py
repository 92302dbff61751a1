"""Profile refresh cycles of one screen with pyinstrument (`pip install -e '.[bench]'`).

    python bench/profile_cycles.py jobs [--cycles 10] [--html out.html] [--still]

`--still` keeps the farm's clock paused between cycles (nothing changes); by default it moves
by one refresh interval, as in the bench.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from apphost import SIZE, cycle, driver, make_app, open_screen
from simproc import SimProcess


async def _screen(app: Any, sim: SimProcess, name: str) -> Any:
    from cuetui.screens.frames import FramesScreen
    from cuetui.screens.hosts import HostsScreen
    from cuetui.screens.jobs import JobsScreen

    if name == "jobs":
        return JobsScreen(None)
    if name == "hosts":
        return HostsScreen()
    return FramesScreen(await app.client.get_job(sim.info["big"]))


async def profile(sim: SimProcess, args: argparse.Namespace) -> None:
    from pyinstrument import Profiler

    app = make_app(sim.url, sim.secret)
    async with app.run_test(headless=False, size=SIZE):
        await driver(app).settle(0.2, 10)
        screen = await _screen(app, sim, args.screen)
        applied = await open_screen(app, screen)
        before = screen.feed.invalidate if args.screen == "frames" else None
        if args.screen.startswith("frames"):
            screen.runtimes_timer.pause()  # as the bench: time the poll alone
        sizes = []
        profiler = Profiler(interval=0.0005, async_mode="disabled")
        cpu = 0.0
        for _ in range(args.cycles):
            if args.screen == "frames-inc":
                sim.touch(sim.info["big"], 0, 500, 5, len(sizes))
                sim.advance(3)
            elif not args.still:
                sim.tick(3)
            profiler.start()
            c, _, size = await cycle(app, applied, before)
            profiler.stop()
            cpu += c
            sizes.append(size)
    # After the app: while it runs, Textual captures stdout.
    print(f"{args.cycles} cycles, {cpu / args.cycles:.3f} s CPU each; bytes painted {sizes}")
    if args.html:
        Path(args.html).write_text(profiler.output_html())
    print(profiler.output_text(unicode=True, color=False, show_all=False))


def main() -> int:
    p = argparse.ArgumentParser(prog="bench/profile_cycles.py")
    p.add_argument("screen", choices=["jobs", "hosts", "frames", "frames-inc"])
    p.add_argument("--cycles", type=int, default=10)
    p.add_argument("--still", action="store_true", help="nothing changes between cycles")
    p.add_argument("--html", default=None)
    args = p.parse_args()
    with SimProcess("large") as sim:
        asyncio.run(profile(sim, args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
