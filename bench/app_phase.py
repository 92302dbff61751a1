"""Everything measured on the real app in this process: refresh costs and responsiveness."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import all_frames
from apphost import SIZE, Applied, Clock, driver, make_app
from cuetui.screens.frames import FramesScreen
from cuetui.screens.hosts import HostsScreen
from cuetui.screens.jobs import JobsScreen
from floors import Floor
from latency import KeyProbe
from refresh import TICKS_PER_INTERVAL, first_load, interval_ticks, measure
from simproc import SimProcess
from stats import percentile, summary

PAGE = 500
CHANGING = 5  # 1% of the 500 frames on view
HOSTS_PATH = "/host.HostInterface/GetHosts"


async def run(
    sim: SimProcess, reps: int, *, quick: bool = False, only_all_frames: bool = False
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    clock = Clock()
    app = make_app(sim.url, sim.secret, clock=clock)
    floor = Floor(sim.url, sim.secret)
    try:
        async with app.run_test(headless=False, size=SIZE):
            await driver(app).settle(0.2, 10)
            if only_all_frames:  # `--only allframes`: the big job's frames, then `A`
                job = await app.client.get_job(sim.info["big"])
                frames, _ = await first_load(app, FramesScreen(job))
                out["all_frames"] = await all_frames.measure(app, sim, frames, reps)
                return out
            # Frames first: the others tick the farm ahead of the wall clock, which
            # GetUpdatedFrames' 60 s window does not like.
            out["frames"], frames = await _frames(app, sim, floor, reps, quick, clock)
            out["all_frames"] = await all_frames.measure(app, sim, frames, reps)
            out["jobs"], _ = await _plain(app, sim, floor, JobsScreen(None), reps)
            out["hosts"], hosts = await _plain(app, sim, floor, HostsScreen(), reps)
            out["latency"] = await _latency(app, sim, hosts, reps)
    finally:
        await floor.aclose()
    return out


async def _plain(
    app: Any, sim: SimProcess, floor: Floor, screen: Any, reps: int
) -> tuple[dict, Applied]:
    applied, first = await first_load(app, screen)
    result = await measure(app, sim, floor, applied, reps, prepare=interval_ticks(sim))
    result["first_load"] = first
    result["rows"] = screen.table.counts[1]
    return result, applied


async def _frames(
    app: Any, sim: SimProcess, floor: Floor, reps: int, quick: bool, clock: Clock
) -> tuple[dict, Applied]:
    big = sim.info["big"]
    job = await app.client.get_job(big)
    screen = FramesScreen(job)
    applied, first = await first_load(app, screen)
    feed = screen.feed
    assert feed is not None
    # A live page redraws its running frames' runtimes once a second on its own (its cost is
    # "Frames page live" below); a poll repaints what the poll changed. Left running, that
    # redraw landed in the floor's window (its requests take 0.1-0.3 s of wall after a tick)
    # in about half the samples and in the poll's in others: a floor of 20 ms instead of
    # 8 ms, x floor anywhere from 1.1x to 4.4x. So it is paused while polls are timed, and
    # before each poll the runtimes are redrawn as the timer would and the clock is held
    # until the poll is painted: the poll is timed alone, every sample alike.
    screen.runtimes_timer.pause()
    drv = driver(app)

    async def interval_then_runtimes() -> None:
        sim.tick(TICKS_PER_INTERVAL)
        clock.release()
        screen.redraw_rows()
        await drv.settle(0.03, 1.0)
        clock.hold()

    def is_mode(mode: str) -> Any:
        return lambda: feed.last_mode == mode

    full = await measure(
        app, sim, floor, applied, reps,
        prepare=interval_then_runtimes, before=feed.invalidate, accept=is_mode("full"),
    )  # fmt: skip
    clock.release()
    full["first_load"] = first
    full["rows"] = screen.table.counts[1]

    phase = iter(range(1_000_000))

    def one_percent() -> None:
        # Touched, then the clock moves past them: exactly these frames come back next.
        sim.touch(big, 0, PAGE, CHANGING, next(phase))
        sim.advance(3)

    # Two polls to settle the incremental window (the first answer may be capped at 100).
    for _ in range(2):
        one_percent()
        screen.poll_now(manual=True)
        await applied.wait()
    inc = await measure(
        app, sim, floor, applied, reps, prepare=one_percent, accept=is_mode("incremental")
    )
    # The same with the clock held: the visible running frames' runtimes no longer move,
    # so the poll redraws only the frames it changed (what "1% changing" means).
    clock.hold()
    held = await measure(
        app, sim, floor, applied, reps, prepare=one_percent, accept=is_mode("incremental")
    )
    clock.release()
    screen.runtimes_timer.resume()
    for m in (inc, held):
        m["changing"] = CHANGING
        m["share_of_full"] = summary(
            [c / full["cpu"]["median"] for c in m["samples"]["cpu"]] if full["cpu"]["n"] else []
        )
    inc["clock_held"] = held
    # Between polls running frames' runtimes tick every second: that is the cost of the page
    # staying live with nothing else happening.
    window = 3.0 if quick else 6.0
    cpu0 = time.process_time()
    await asyncio.sleep(window)
    live = (time.process_time() - cpu0) / window
    return {"page": full, "incremental": inc, "live_cpu_share": live}, applied


async def _latency(app: Any, sim: SimProcess, applied: Applied, reps: int) -> dict:
    screen = applied.screen
    probe = KeyProbe(app, screen.table)
    drv = driver(app)

    # While a full 5,000-host poll is in flight (request, parse, diff, paint).
    in_flight: list[float] = []
    for _ in range(max(3, reps // 2)):
        sim.tick(3)
        await drv.settle(0.05, 1.0)
        first = len(probe.typed)
        probe.start()
        screen.poll_now(manual=True)
        await applied.wait()
        await drv.settle(0.05, 2.0)
        probe.stop()
        await drv.settle(0.1, 2.0)
        in_flight += probe.latencies(first)

    # While the gateway holds the call: nothing comes back for 1.5 s.
    held: list[float] = []
    for _ in range(max(2, reps // 3)):
        sim.faults(hang_paths={HOSTS_PATH})
        screen.poll_now(manual=True)
        await asyncio.sleep(0.2)
        first = len(probe.typed)
        probe.start()
        await asyncio.sleep(1.5)
        probe.stop()
        await drv.settle(0.1, 2.0)
        held += probe.latencies(first)
        sim.reset_faults()
        await applied.wait()  # the dropped call is retried and answers
        await drv.settle(0.1, 2.0)

    def pct(values: list[float]) -> dict:
        return {
            "p50": percentile(values, 50),
            "p95": percentile(values, 95),
            "max": max(values, default=float("nan")),
            "n": len(values),
        }

    return {"poll_in_flight": pct(in_flight), "call_held": pct(held)}
