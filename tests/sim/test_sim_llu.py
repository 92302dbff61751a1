"""Signs of life in the simulator: lluTime moves with a running frame's log, a few frames
hang (their log and lluTime stop) and a few run far beyond their layer, per seed."""

from __future__ import annotations

import os
from pathlib import Path

from cuetui.sim import model as m
from cuetui.sim.farm import SimulatedFarm
from cuetui.sim.logs import _stamp
from cuetui.sim.scenario import SMALL
from cuetui.sim.transitions import HANG_PER_MILLE, RQD_PING, hang_time

EPOCH = 1_800_000_000
MIN = 60


def _hung(farm: SimulatedFarm) -> dict[str, m.Frame]:
    return {f.msg.id: f for f in farm.running.values() if farm.now - f.msg.llu_time >= 30 * MIN}


def _long(farm: SimulatedFarm) -> dict[str, m.Frame]:
    return {
        f.msg.id: f
        for f in farm.running.values()
        if farm.now - f.msg.start_time >= 8 * f.layer.run_seconds[1]
        and farm.now - f.msg.llu_time < 30 * MIN
    }


def test_a_few_frames_hung_30_to_90_minutes_ago_at_build() -> None:
    farm = SimulatedFarm("small", 7, epoch=EPOCH)
    hung = _hung(farm)
    running = len(farm.running)
    assert 2 <= len(hung) <= max(2, running // 20)
    anchored = set(farm.anchors.values())
    for frame in hung.values():
        f = frame.msg
        assert f.state == m.RUNNING and frame.proc is not None
        assert 30 * MIN <= farm.now - f.llu_time <= 90 * MIN
        assert f.start_time < f.llu_time  # it worked a while before it hung
        assert frame.job.msg.id not in anchored


def test_hung_frames_stay_stale_while_the_others_report_their_log() -> None:
    """Cuebot takes lluTime (and memory) from each host's rqd report, every 5-30 s: a healthy
    running frame's lluTime is its host's last report, a hung one's stays where it hung."""
    farm = SimulatedFarm("small", 7, epoch=EPOCH)
    hung = _hung(farm)
    before = {fid: f.msg.llu_time for fid, f in hung.items()}
    farm.tick(RQD_PING[1])
    for fid, frame in hung.items():
        assert frame.msg.llu_time == before[fid]  # frozen
        assert frame.msg.state == m.RUNNING  # and runs on (until its LLU timeout)
    alive = [f for fid, f in farm.running.items() if fid not in hung and f.proc is not None]
    reported = [f for f in alive if farm.now - f.msg.llu_time < RQD_PING[1]]
    # Every healthy frame that ran the whole window was reported in it (a new one may not).
    started = [f for f in alive if farm.now - f.msg.start_time >= RQD_PING[1]]
    assert {f.msg.id for f in started} <= {f.msg.id for f in reported}
    assert len(reported) > 0.8 * len(alive)
    # Between reports the row stands still: one tick moves only the hosts that reported.
    llu = {f.msg.id: (f.msg.llu_time, f.msg.used_memory) for f in alive}
    farm.tick(1)
    moved = sum(1 for f in alive if (f.msg.llu_time, f.msg.used_memory) != llu[f.msg.id])
    assert 0 < moved < 0.5 * len(alive), (moved, len(alive))


def test_a_long_runner_runs_far_beyond_its_layer_with_its_log_alive() -> None:
    farm = SimulatedFarm("small", 7, epoch=EPOCH)
    long = _long(farm)
    assert long
    farm.tick(RQD_PING[1])
    for frame in long.values():
        assert frame.msg.state == m.RUNNING
        assert farm.now - frame.msg.llu_time < RQD_PING[1]


def test_which_frames_hang_is_fixed_by_the_seed() -> None:
    a = SimulatedFarm("small", 7, epoch=EPOCH)
    b = SimulatedFarm("small", 7, epoch=EPOCH)
    c = SimulatedFarm("small", 8, epoch=EPOCH)
    assert sorted(_hung(a)) == sorted(_hung(b))
    assert sorted(_long(a)) == sorted(_long(b))
    names = lambda farm: {(f.job.msg.name, f.msg.name) for f in _hung(farm).values()}  # noqa: E731
    assert names(a) != names(c)


def test_retrying_a_hung_frame_gives_it_a_live_run() -> None:
    farm = SimulatedFarm("small", 7, epoch=EPOCH)
    frame = next(iter(_hung(farm).values()))
    farm.retry_frame(frame)
    assert frame.msg.state == m.WAITING and frame.proc is None
    for _ in range(30):
        farm.tick()
        if frame.msg.state == m.RUNNING:
            break
    assert frame.msg.state == m.RUNNING
    farm.tick(RQD_PING[1])
    if frame.msg.state == m.RUNNING and not frame.hang_at:
        assert farm.now - frame.msg.llu_time < RQD_PING[1]  # its host reported it alive


def test_hang_time_is_rare_and_part_way_through_a_run() -> None:
    ids = [f"{n:04x}{n % 256:02x}00-0000" for n in range(0, 65536, 7)]
    hangs = [hang_time(i, 1000, 100) for i in ids]
    share = sum(1 for h in hangs if h) / len(hangs)
    assert abs(share - HANG_PER_MILLE / 1000) < 0.003
    assert all(1030 <= h <= 1070 for h in hangs if h)


def test_a_hung_frames_log_ends_where_it_hung_and_its_mtime_says_when(tmp_path: Path) -> None:
    farm = SimulatedFarm("small", 7, epoch=EPOCH, log_root=tmp_path)
    for frame in _hung(farm).values():
        path = farm.log_path(frame)
        assert int(os.path.getmtime(path)) == frame.msg.llu_time
        last = Path(path).read_text().splitlines()[-1]
        assert "rendering bucket" in last
    farm.tick(2)
    for frame in _hung(farm).values():  # no line since
        assert int(os.path.getmtime(farm.log_path(frame))) == frame.msg.llu_time


def test_every_frame_hung_at_build_stays_hung_half_an_hour_before_its_llu_timeout() -> None:
    # `:stuck` flags 30 min of silence: a hung frame must be there to be found.
    for seed in (3, 7, 11):
        farm = SimulatedFarm("small", seed, epoch=EPOCH)
        hung = _hung(farm)
        assert hung
        for frame in hung.values():
            assert farm.now - frame.msg.llu_time <= farm.scenario.llu_timeout - 30 * MIN


def _ended(farm: SimulatedFarm, frame: m.Frame, run: m.Proc, retries: int, failed: int) -> bool:
    """The hung run is over: its proc gone from its host, counted as a failed run, and the
    frame retried (perhaps booked again at once, then logging) or dead. Plain bools only:
    pytest would spend minutes printing a frame and its farm."""
    gone = run.msg.id not in farm.procs and all(p is not run for p in run.host.procs)
    counted = frame.layer.stats.failed_frame_count == failed + 1
    if frame.msg.state == m.DEAD:
        return gone and counted
    again = frame.proc is None or frame.msg.llu_time == farm.now
    return gone and counted and frame.msg.retry_count == retries + 1 and again


def test_a_hung_frame_is_killed_at_its_llu_timeout_and_retried() -> None:
    farm = SimulatedFarm(SMALL.with_(llu_timeout=100 * MIN), 7, epoch=EPOCH)
    frame = max(_hung(farm).values(), key=lambda f: farm.now - f.msg.llu_time)
    run, retries = frame.proc, frame.msg.retry_count
    failed, silent = frame.layer.stats.failed_frame_count, farm.now - frame.msg.llu_time
    assert run is not None
    farm.tick(100 * MIN - silent - 1)
    still = frame.proc is run and frame.msg.state == m.RUNNING
    assert still  # silent 99:59, still hung
    farm.tick()
    assert _ended(farm, frame, run, retries, failed)


def test_a_layers_own_llu_timeout_comes_first() -> None:
    farm = SimulatedFarm("small", 7, epoch=EPOCH)
    frame = min(_hung(farm).values(), key=lambda f: farm.now - f.msg.llu_time)
    run, retries = frame.proc, frame.msg.retry_count
    failed, silent = frame.layer.stats.failed_frame_count, farm.now - frame.msg.llu_time
    assert run is not None
    frame.layer.msg.timeout_llu = silent // MIN + 2  # minutes, as SetTimeoutLLU sends
    farm.tick(frame.layer.msg.timeout_llu * MIN - silent - 1)
    still = frame.proc is run
    assert still
    farm.tick()
    assert _ended(farm, frame, run, retries, failed)


def test_without_an_llu_timeout_a_hung_frame_runs_on() -> None:
    farm = SimulatedFarm(SMALL.with_(llu_timeout=0), 7, epoch=EPOCH)
    hung = _hung(farm)
    farm.tick(200)
    assert all(f.msg.state == m.RUNNING and f.proc is not None for f in hung.values())


def test_every_progress_line_of_a_tick_is_on_disk_when_the_tick_returns(tmp_path: Path) -> None:
    """Progress lines are flushed once per `tick(n)`, not per line: none may be left behind."""
    farm = SimulatedFarm("small", 7, epoch=EPOCH, log_root=tmp_path)
    running = [f for f in farm.running.values() if not f.hang_at]
    farm.tick(3)
    still = [f for f in running if f.msg.state == m.RUNNING and f.proc is not None]
    assert still
    for frame in still:
        lines = Path(farm.log_path(frame)).read_text().splitlines()
        stamps = [line for line in lines if "rendering bucket" in line]
        assert len(stamps) >= 3, lines  # one a tick, the last one of the tick just run
        assert stamps[-1].startswith(f"[{_stamp(farm.now)}]"), stamps[-1]
