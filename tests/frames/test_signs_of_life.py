"""Signs of life on the frames table against the simulator: LLU and the log's last line of the
running frames, the stale and over-average marks, and what they cost on the wire (nothing per
frame: the tails come from the filesystem, the layer times from one GetLayers now and then)."""

from __future__ import annotations

import os
import threading
from collections import Counter
from pathlib import Path
from typing import Any

from frames_support import make_app, open_frames, settle

from cuetui.core.signs_of_life import LAYER_TIMES_EVERY, last_line_of
from cuetui.models import Frame
from cuetui.models.format import short_duration
from cuetui.screens.frames import FramesScreen
from cuetui.sim.harness import SimHarness
from cuetui.widgets.life_cells import last_line_cell

WIDE = (220, 30)  # room for every column, Last line included
GET_LAYERS = "/job.JobInterface/GetLayers"
FRAME_READS = {
    "/job.JobInterface/GetFrames",
    "/job.JobInterface/GetUpdatedFrames",
    "/job.JobInterface/GetJob",
    "/job.JobInterface/FindJob",
}


def clocked(sim: SimHarness, **settings: Any) -> tuple[Any, list[float]]:
    """The app on the sim, its clock the farm's instant (moved by hand)."""
    app = make_app(sim, **settings)
    now = [float(sim.farm.now)]
    app.clock = lambda: now[0]
    return app, now


def running_frames(screen: FramesScreen) -> list[Frame]:
    return sorted(
        (f for f in screen.table.visible_items() if f.state == "RUNNING"), key=lambda f: f.number
    )


def cell(screen: FramesScreen, frame: Frame, column: str) -> str:
    return str(screen.table.get_cell(frame.id, column))


def style(screen: FramesScreen, frame: Frame, column: str) -> str:
    return str(screen.table.get_cell(frame.id, column).__rich__().style)


def log_of(sim: SimHarness, frame: Frame) -> Path:
    return Path(sim.farm.log_path(sim.farm.frames[frame.id]))


def last_wrote(sim: SimHarness, frame: Frame, at: float, llu_time: int | None = None) -> None:
    """The frame's log last changed at `at` (its mtime); Cuebot's lluTime says `llu_time`.
    The frame started two hours before (LLU never reaches back past the start)."""
    os.utime(log_of(sim, frame), (at, at))
    with sim.farm.lock:
        msg = sim.farm.frames[frame.id].msg
        msg.llu_time = int(at if llu_time is None else llu_time)
        msg.start_time = min(msg.start_time, int(at) - 7200)


async def refreshed(pilot: Any, screen: FramesScreen, until: Any) -> None:
    """A manual refresh (ctrl+r: a full read), then the tails' read, until `until()` holds."""
    assert screen.feed is not None
    screen.feed.invalidate()
    await pilot.press("ctrl+r")
    await settle(pilot, until)


async def test_running_frames_show_llu_and_their_logs_last_line(sim: SimHarness) -> None:
    app, now = clocked(sim)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_frames(pilot, sim)
        run8, run9, run10 = running_frames(screen)
        last_wrote(sim, run8, now[0] - 125)
        # Cuebot has not heard from rqd for an hour, but the log moved 10 s ago: 10 s it is.
        last_wrote(sim, run9, now[0] - 10, llu_time=int(now[0]) - 3600)
        with log_of(sim, run10).open("a") as f:
            f.write("rendering bucket 12 of 40\n\n")
        last_wrote(sim, run10, now[0] - 40)
        await refreshed(pilot, screen, lambda: cell(screen, run10, "llu") == "40s")
        assert cell(screen, run8, "llu") == "2m"
        assert cell(screen, run9, "llu") == "10s"
        assert cell(screen, run10, "lastline") == "rendering bucket 12 of 40"
        expected = last_line_of(log_of(sim, run8).read_bytes())
        assert expected and cell(screen, run8, "lastline") == expected
        # Frames not running: no LLU, no last line (their logs are not read).
        done = next(f for f in screen.table.visible_items() if f.state == "SUCCEEDED")
        dead = next(f for f in screen.table.visible_items() if f.state == "DEAD")
        for frame in (done, dead):
            assert cell(screen, frame, "llu") == "" and cell(screen, frame, "lastline") == ""
        # Live: the clock alone moves LLU, a line written shows at the next read.
        now[0] += 60
        await settle(pilot, lambda: cell(screen, run8, "llu") == "3m")
        with log_of(sim, run8).open("a") as f:
            f.write("frame done, writing output\n")
        os.utime(log_of(sim, run8), (now[0] - 5, now[0] - 5))  # Cuebot has not heard yet
        await refreshed(
            pilot, screen, lambda: cell(screen, run8, "lastline") == "frame done, writing output"
        )
        assert cell(screen, run8, "llu") == "5s"  # the log's mtime, newer than lluTime


async def test_a_tick_in_the_second_of_the_last_draw_redraws_nothing(sim: SimHarness) -> None:
    """Runtimes and LLU move when a second ends: a tick (1/s) in the same second as the poll
    that drew the rows leaves the page alone, the next second's tick moves the runtimes."""
    app, now = clocked(sim)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_frames(pilot, sim)
        frames = running_frames(screen)
        for frame in frames:  # whole-second mtimes: only the clock's seconds matter
            last_wrote(sim, frame, now[0] - 30)
        await refreshed(pilot, screen, lambda: cell(screen, frames[0], "llu") == "30s")
        runtime = cell(screen, frames[0], "runtime")
        redraws: list[float] = []
        real = screen.redraw_rows
        screen.redraw_rows = lambda: (redraws.append(now[0]), real())[1]  # type: ignore[method-assign]
        now[0] += 0.6
        screen._tick_runtimes()
        await pilot.pause()
        assert redraws == [] and cell(screen, frames[0], "runtime") == runtime
        now[0] += 0.4  # the next second: the runtimes and LLUs move by one
        screen._tick_runtimes()
        await settle(pilot, lambda: cell(screen, frames[0], "llu") == "31s")
        assert redraws and cell(screen, frames[0], "runtime") != runtime


async def test_a_running_frame_silent_past_the_threshold_is_marked(sim: SimHarness) -> None:
    app, now = clocked(sim)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_frames(pilot, sim)
        quiet, busy, _ = running_frames(screen)
        last_wrote(sim, quiet, now[0] - 31 * 60)
        last_wrote(sim, busy, now[0] - 29 * 60)
        await refreshed(pilot, screen, lambda: cell(screen, quiet, "llu") == "!31m")
        # A glyph and a style on the cell, not colour alone.
        assert "bold" in style(screen, quiet, "llu") and "red" in style(screen, quiet, "llu")
        assert cell(screen, busy, "llu") == "29m" and "red" not in style(screen, busy, "llu")
        now[0] += 60  # a minute later the other one is past it too
        await settle(pilot, lambda: cell(screen, busy, "llu") == "!30m")


async def test_the_threshold_comes_from_the_config(sim: SimHarness) -> None:
    app, now = clocked(sim, llu_warn_minutes=45)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_frames(pilot, sim)
        quiet = running_frames(screen)[0]
        last_wrote(sim, quiet, now[0] - 31 * 60)
        await refreshed(pilot, screen, lambda: cell(screen, quiet, "llu") == "31m")
        now[0] += 14 * 60
        await settle(pilot, lambda: cell(screen, quiet, "llu") == "!45m")


async def test_a_frame_far_over_its_layers_average_is_marked(sim: SimHarness) -> None:
    app, now = clocked(sim)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_frames(pilot, sim)
        run8 = running_frames(screen)[0]
        with sim.farm.lock:
            sim_frame = sim.farm.frames[run8.id]
            stats = sim_frame.layer.stats
            stats.rendered_frame_count, stats.rendered_frame_sec = 10, 10 * 200  # 200 s average
            sim_frame.msg.start_time = int(now[0]) - 11 * 60  # 3.3x the average, over 10 min
        others = [f for f in running_frames(screen)[1:] if f.layer_name != run8.layer_name]
        now[0] += LAYER_TIMES_EVERY  # the layer times are due again
        await refreshed(pilot, screen, lambda: cell(screen, run8, "runtime") == "▲00:12:00")
        assert "bold" in style(screen, run8, "runtime")
        for frame in others:  # other layers' frames: no mark
            assert not cell(screen, frame, "runtime").startswith("▲")


async def test_no_request_per_frame_and_logs_read_only_when_they_change(sim: SimHarness) -> None:
    app, now = clocked(sim)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_frames(pilot, sim)
        assert screen.life is not None
        running = running_frames(screen)
        await settle(pilot, lambda: screen.life.tails.cached == len(running))  # type: ignore[union-attr]
        reads = screen.life.tails.reads
        sim.clear_calls()
        for _ in range(3):
            calls = len(sim.calls)
            await pilot.press("ctrl+r")
            await settle(pilot, lambda calls=calls: len(sim.calls) > calls)
        paths = Counter(c.path for c in sim.calls)
        # The frames' own reads only: no GetFrame, no log request, no GetLayers within a minute.
        assert set(paths) <= FRAME_READS, paths
        assert screen.life.tails.reads == reads  # nothing moved: no log read again
        now[0] += LAYER_TIMES_EVERY
        sim.clear_calls()
        await pilot.press("ctrl+r")
        await settle(pilot, lambda: bool(sim.calls))
        await settle(pilot)
        assert Counter(c.path for c in sim.calls)[GET_LAYERS] == 1  # one for the job, not per frame


async def test_only_the_running_frames_on_screen_are_read(sim: SimHarness) -> None:
    app, _ = clocked(sim)
    async with app.run_test(size=(120, 8)) as pilot:  # rows for frames 1-4 (and a margin)
        screen = await open_frames(pilot, sim)
        assert screen.life is not None
        await settle(pilot)
        assert screen.life.tails.cached == 0  # frames 8-10 run below the fold: not read
        await pilot.press("end")
        await settle(pilot, lambda: screen.life.tails.cached == 3)  # type: ignore[union-attr]
        assert cell(screen, running_frames(screen)[-1], "llu") != ""


def test_a_long_last_line_keeps_its_end_and_errors_show_red() -> None:
    text = last_line_cell("[2026-01-01 00:00:05] render: bucket 40 of 80", 20)
    assert text.plain == "…er: bucket 40 of 80" and text.cell_len == 20
    assert last_line_cell("short", 20).plain == "short"
    assert "red" in str(last_line_cell("ERROR: no licenses could be found", 40).style)
    assert last_line_cell("漢字漢字漢字", 6).cell_len <= 6  # wide characters: whole ones


# -- the simulator's own hung and long-running frames (its lluTime and logs, untouched) -------


async def open_job_at(pilot: Any, sim: SimHarness, job_id: str, frame_id: str) -> FramesScreen:
    app = pilot.app
    await settle(pilot)
    job = await app.client.get_job(job_id)
    app.push_screen(FramesScreen(job))
    await settle(pilot, lambda: isinstance(app.screen, FramesScreen) and app.screen.table.row_count)
    screen = app.screen
    assert isinstance(screen, FramesScreen) and screen.table.move_to(frame_id)
    return screen


async def test_the_simulators_hung_frame_is_marked_stale(sim: SimHarness) -> None:
    farm = sim.farm
    with farm.lock:
        hung = next(f for f in farm.running.values() if farm.now - f.msg.llu_time >= 30 * 60)
        silent = farm.now - hung.msg.llu_time
        job_id, frame_id = hung.job.msg.id, hung.msg.id
    app, _ = clocked(sim)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_job_at(pilot, sim, job_id, frame_id)
        frame = screen.table.get_item(frame_id)
        assert frame is not None
        await settle(pilot, lambda: cell(screen, frame, "lastline") != "")
        assert cell(screen, frame, "llu") == f"!{short_duration(silent)}"
        assert "bold red" in style(screen, frame, "llu")


async def test_the_simulators_long_runner_is_marked_over_its_layers_average(
    sim: SimHarness,
) -> None:
    farm = sim.farm
    with farm.lock:
        long = next(
            f
            for f in farm.running.values()
            if farm.now - f.msg.start_time >= 8 * f.layer.run_seconds[1]
            and farm.now - f.msg.llu_time < 30 * 60
            and f.layer.stats.rendered_frame_count
        )
        job_id, frame_id = long.job.msg.id, long.msg.id
    app, _ = clocked(sim)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_job_at(pilot, sim, job_id, frame_id)
        frame = screen.table.get_item(frame_id)
        assert frame is not None
        await settle(pilot, lambda: cell(screen, frame, "runtime").startswith("▲"))
        assert "magenta" in style(screen, frame, "runtime")
        assert not cell(screen, frame, "llu").startswith("!")  # its log is alive


async def test_a_stalled_log_mount_delays_the_last_lines_never_the_rows(
    sim: SimHarness, monkeypatch: Any
) -> None:
    app, _ = clocked(sim)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_frames(pilot, sim)
        assert screen.life is not None
        run8 = running_frames(screen)[0]
        await settle(pilot, lambda: cell(screen, run8, "lastline") != "")
        before = cell(screen, run8, "lastline")
        # The mount stops answering: stat and read block (NFS), the thread with them.
        gate = threading.Event()
        refresh = screen.life.tails.refresh
        readers: list[threading.Thread] = []

        def stalled(paths: Any) -> bool:
            readers.append(threading.current_thread())
            return gate.wait(30) and refresh(paths)

        monkeypatch.setattr(screen.life.tails, "refresh", stalled)
        try:
            with log_of(sim, run8).open("a") as f:
                f.write("after the stall\n")
            dead = next(f for f in screen.table.visible_items() if f.state == "DEAD")
            with sim.farm.lock:
                sim.farm.frames[dead.id].msg.retry_count = 9
            await refreshed(pilot, screen, lambda: cell(screen, dead, "retries") == "9")
            assert cell(screen, run8, "lastline") == before  # the rows came, the line waits
            # The stuck reader cannot hold cuetui's exit (asyncio's executor would be joined).
            assert len(readers) == 1 and readers[0].daemon
        finally:
            gate.set()
        await settle(pilot, lambda: cell(screen, run8, "lastline") == "after the stall")


async def test_layer_times_that_fail_to_come_are_asked_again_in_a_minute_not_each_poll(
    sim: SimHarness,
) -> None:
    sim.faults.paths = {GET_LAYERS}
    sim.faults.error_rate = 1.0  # every GetLayers fails (503); the frames' own reads do not
    app, now = clocked(sim)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_frames(pilot, sim)
        run8 = running_frames(screen)[0]
        with sim.farm.lock:
            sim_frame = sim.farm.frames[run8.id]
            sim_frame.layer.stats.rendered_frame_count = 10
            sim_frame.layer.stats.rendered_frame_sec = 10 * 200
            sim_frame.msg.start_time = int(now[0]) - 11 * 60
        failed = len(sim.calls_to(GET_LAYERS))
        assert failed >= 1  # asked with the first poll
        for _ in range(2):
            await refreshed(pilot, screen, lambda: cell(screen, run8, "runtime") == "00:11:00")
        assert len(sim.calls_to(GET_LAYERS)) == failed  # not again within the minute
        sim.faults.error_rate = 0.0
        now[0] += LAYER_TIMES_EVERY
        await refreshed(pilot, screen, lambda: cell(screen, run8, "runtime") == "▲00:12:00")
