"""Refresh cost per screen: client CPU per cycle, next to its floor, taken back to back.

A cycle runs from the trigger (`poll_now`, what ctrl+r and the timer call) to the paint that
shows the data: fetch, parse into models, the keyed diff, the table update and the render.
Between cycles the farm moves on by one default interval (3 ticks), so a cycle carries the
changes a real refresh would.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from apphost import Applied, cycle, driver, open_screen
from cuetui.app import CuetuiApp
from floors import Floor
from simproc import SimProcess
from stats import ratios, summary

TICKS_PER_INTERVAL = 3


async def first_load(app: CuetuiApp, screen: Any, *, push: bool = False) -> tuple[Applied, dict]:
    """Open a screen on an empty table: CPU and wall time until its rows are painted."""
    cpu0, wall0 = time.process_time(), time.perf_counter()
    applied = await open_screen(app, screen, push=push)
    cpu = time.process_time() - cpu0
    wall = driver(app).last_write - wall0
    return applied, {"cpu": cpu, "wall": wall, "rows": applied.screen.table.counts[1]}


async def requests_of(
    app: CuetuiApp, sim: SimProcess, applied: Applied, before: Callable[[], None] | None = None
) -> list[tuple[str, bytes]]:
    """Run one cycle and return the requests it sent (what its floor replays)."""
    start = len(sim.calls())
    await cycle(app, applied, before)
    return [(c.path, c.raw) for c in sim.calls(start)]


async def measure(
    app: CuetuiApp,
    sim: SimProcess,
    floor: Floor,
    applied: Applied,
    reps: int,
    *,
    prepare: Callable[[], Awaitable[None] | None] | None = None,
    before: Callable[[], None] | None = None,
    accept: Callable[[], bool] | None = None,
) -> dict[str, Any]:
    """`reps` cycles, each right after its floor; `prepare` runs outside the measured window
    (moving the farm), `before` inside it (what the trigger does), `accept` drops a sample."""
    reqs = await requests_of(app, sim, applied, before)
    cpus: list[float] = []
    walls: list[float] = []
    floors: list[float] = []
    painted: list[float] = []
    dropped = 0
    while len(cpus) < reps and dropped <= 2 * reps:
        if prepare is not None and (pending := prepare()) is not None:
            await pending
        fl = await floor.measure(reqs)
        cpu, wall, size = await cycle(app, applied, before)
        if accept is not None and not accept():
            dropped += 1
            continue
        floors.append(fl)
        cpus.append(cpu)
        walls.append(wall)
        painted.append(size)
    return {
        "cpu": summary(cpus),
        "wall": summary(walls),
        "floor": summary(floors),
        "x_floor": summary(ratios(cpus, floors)),
        "bytes": summary(painted),
        "requests": [p for p, _ in reqs],
        "dropped": dropped,
        "samples": {"cpu": cpus, "floor": floors},
    }


def interval_ticks(sim: SimProcess) -> Callable[[], None]:
    return lambda: sim.tick(TICKS_PER_INTERVAL)
