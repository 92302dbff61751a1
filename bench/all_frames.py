"""All frames: the frames screen's `A` mode on the 20,000-frame job.

Time (and CPU) from the key until every frame is in the table and painted, then the cost of
keeping them live: a poll with some frames changing (GetUpdatedFrames merged into 20,000),
and the runtimes ticking each second with nothing else happening.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from apphost import Applied, cycle, driver
from simproc import SimProcess
from stats import summary

CHANGING = 50  # of 20,000: 0.25%, under GetUpdatedFrames' cap of 100 answers


async def measure(app: Any, sim: SimProcess, applied: Applied, reps: int) -> dict[str, Any]:
    screen = applied.screen
    if not hasattr(screen, "action_all_frames"):
        return {"built": False}
    drv = driver(app)
    await drv.settle(0.05, 2.0)
    total = screen.job.job_stats.total_frames
    cpu0, wall0 = time.process_time(), time.perf_counter()
    screen.action_all_frames()
    pages = 0
    deadline = wall0 + 180
    while screen.feed.loading and time.perf_counter() < deadline:
        if await applied.wait(60):
            pages += 1
    await drv.settle(0.05, 2.0)
    load_cpu = time.process_time() - cpu0
    load_wall = drv.last_write - wall0
    rows = screen.table.counts[1]

    big = sim.info["big"]
    cpus: list[float] = []
    dropped = 0
    for i in range(reps + 2 * reps):
        if len(cpus) >= reps:
            break
        sim.touch(big, 0, rows, CHANGING, i)
        sim.advance(3)
        cpu, _, _ = await cycle(app, applied)
        if screen.feed.last_mode == "incremental" and not screen.feed.loading:
            cpus.append(cpu)
        else:
            dropped += 1
            while screen.feed.loading:  # a fallback pass: let it finish
                await applied.wait(60)
    window = 5.0
    await drv.settle(0.05, 2.0)
    cpu0 = time.process_time()
    await asyncio.sleep(window)
    ticking = (time.process_time() - cpu0) / window
    return {
        "built": True,
        "total": total,
        "rows": rows,
        "pages": pages,
        "load_wall": load_wall,
        "load_cpu": load_cpu,
        "changing": CHANGING,
        "refresh_cpu": summary(cpus),
        "dropped": dropped,
        "live_cpu_share": ticking,
        "samples": cpus,
    }
