"""Signs of life without Textual: LLU, the tail cache, the stale and overrun judgements."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cuetui.config import ConfigError, load_settings
from cuetui.core.signs_of_life import (
    TAIL_BYTES,
    LayerTimes,
    SignsOfLife,
    TailCache,
    clean_line,
    is_stale,
    last_line_of,
    llu_seconds,
)
from cuetui.models import Frame, Job, Layer, LayerStats

NOW = 1_800_000_000


def running(**kw: object) -> Frame:
    values: dict[str, object] = {"id": "f1", "name": "0001-render", "layer_name": "render"}
    values.update(state="RUNNING", start_time=NOW - 3600)
    values.update(kw)
    return Frame(**values)


# -- LLU --------------------------------------------------------------------------------------


def test_llu_is_the_later_of_cuebots_time_and_the_logs_mtime() -> None:
    frame = running(llu_time=NOW - 600)
    assert llu_seconds(frame, NOW) == 600
    assert llu_seconds(frame, NOW, log_mtime=NOW - 5) == 5  # the log moved since
    assert llu_seconds(frame, NOW, log_mtime=NOW - 900) == 600  # an older mtime says less


def test_llu_only_for_running_frames_and_not_before_this_attempt_started() -> None:
    assert llu_seconds(running(llu_time=NOW - 10, state="DEAD"), NOW) is None
    assert llu_seconds(running(llu_time=0), NOW) is None  # nobody knows
    # An lluTime left from the previous attempt: the current one started 100 s ago.
    assert llu_seconds(running(llu_time=NOW - 7200, start_time=NOW - 100), NOW) == 100
    assert llu_seconds(running(llu_time=NOW + 30), NOW) == 0  # a clock ahead of ours


def test_runtimes_and_llu_read_the_same_until_a_second_ends(tmp_path: Path) -> None:
    """What lets the frames view skip a redraw: whole-second starts and lluTimes move at the
    clock's whole seconds, a log's LLU at its mtime's (fractions kept)."""
    job = Job(id="j", name="job", log_dir=str(tmp_path))
    life = SignsOfLife(job, lambda: NOW)
    frame = running(llu_time=NOW - 600)
    assert life.same_since(NOW + 0.1, NOW + 0.9, [frame])
    assert not life.same_since(NOW + 0.9, NOW + 1.0, [frame])
    log = Path(frame.log_path(job))
    log.write_text("frame 1 at 10%\n")
    os.utime(log, (NOW - 4.7, NOW - 4.7))
    life.tails.refresh([str(log)])
    assert life.llu(frame) == (4, False)  # the log's mtime, later than Cuebot's lluTime
    assert life.same_since(NOW + 0.2, NOW + 0.25, [frame])
    # At NOW + 0.3 the log's 5th second ends: that LLU moves though the clock's second did not.
    assert llu_seconds(frame, NOW + 0.2, NOW - 4.7) != llu_seconds(frame, NOW + 0.5, NOW - 4.7)
    assert not life.same_since(NOW + 0.2, NOW + 0.5, [frame])
    # A log older than Cuebot's lluTime, or of a frame not running, says nothing of the LLU.
    assert life.same_since(NOW + 0.2, NOW + 0.5, [running(llu_time=NOW - 2)])
    assert life.same_since(NOW + 0.2, NOW + 0.5, [running(llu_time=NOW - 600, state="DEAD")])


def test_stale_at_the_threshold() -> None:
    assert not is_stale(None, 30)
    assert not is_stale(30 * 60 - 1, 30)
    assert is_stale(30 * 60, 30)


# -- the last line ------------------------------------------------------------------------------


def test_last_line_skips_blank_lines_progress_overwrites_and_escapes() -> None:
    data = b"one\ntwo: \x1b[31mred\x1b[0m done\n\n  \n"
    assert last_line_of(data) == "two: red done"
    assert clean_line("10%\r20%\r30%\r") == "30%"
    assert clean_line("a\tb\x07\x00c") == "a bc"
    assert clean_line("runTime             70  ") == "runTime 70"
    assert clean_line("\x1b]0;title\x07text") == "text"
    assert last_line_of("caf\u00e9 \u2713\n".encode() + b"\xff\n") == "\ufffd"
    assert last_line_of(b"") == ""
    # RQD's footer rules are not what the frame last said.
    assert last_line_of(b"exitStatus 1\n" + b"=" * 60 + b"\n\n") == "exitStatus 1"
    assert last_line_of(b"---- ----\n") == ""


def test_a_tail_is_read_once_per_mtime_and_size(tmp_path: Path) -> None:
    log = tmp_path / "job.0001-render.rqlog"
    log.write_text("start\nframe 1 at 10%\n")
    cache = TailCache()
    assert cache.refresh([str(log)])
    tail = cache.get(str(log))
    assert tail is not None and tail.last_line == "frame 1 at 10%" and cache.reads == 1
    assert not cache.refresh([str(log)])  # nothing moved: not read again, nothing to redraw
    assert cache.get(str(log)) is tail and cache.reads == 1
    with log.open("a") as f:
        f.write("frame 1 at 20%\n")
    assert cache.refresh([str(log)])
    assert cache.get(str(log)).last_line == "frame 1 at 20%" and cache.reads == 2  # type: ignore[union-attr]


def test_only_the_end_of_a_big_log_is_read(tmp_path: Path) -> None:
    log = tmp_path / "big.rqlog"
    log.write_bytes(b"x" * 1_000_000 + b"\nthe end\n")
    cache = TailCache()
    cache.refresh([str(log)])
    assert cache.get(str(log)).last_line == "the end"  # type: ignore[union-attr]
    # A last line longer than the tail shows its end.
    log.write_bytes(b"start\n" + b"y" * (TAIL_BYTES * 3) + b"z")
    cache.refresh([str(log)])
    line = cache.get(str(log)).last_line  # type: ignore[union-attr]
    assert line.endswith("yz") and len(line) == TAIL_BYTES


def test_unreadable_logs_have_no_tail_and_the_cache_forgets_logs_off_screen(
    tmp_path: Path,
) -> None:
    a, b = tmp_path / "a.rqlog", tmp_path / "b.rqlog"
    a.write_text("a line\n")
    b.write_text("b line\n")
    locked = tmp_path / "locked.rqlog"
    locked.write_text("secret\n")
    locked.chmod(0)
    cache = TailCache()
    paths = [str(a), str(b), str(tmp_path / "missing.rqlog"), str(tmp_path), "bad\0path"]
    if os.geteuid() != 0:  # root reads anything
        paths.append(str(locked))
    cache.refresh(paths)
    assert cache.cached == 2
    assert cache.refresh([str(b)])  # a forgotten: its row has no last line now
    assert cache.get(str(a)) is None and cache.get(str(b)) is not None


# -- the overrun mark -----------------------------------------------------------------------------


def layer(name: str, avg: int, high: int = 0) -> Layer:
    return Layer(name=name, layer_stats=LayerStats(avg_frame_sec=avg, high_frame_sec=high))


def test_overrun_needs_three_times_the_average_and_ten_minutes() -> None:
    times = LayerTimes()
    assert times.due(NOW)
    times.update([layer("render", 300, 900), layer("quick", 20)], NOW)
    assert not times.due(NOW + 59) and times.due(NOW + 60)
    assert times.high["render"] == 900
    frame = running()
    assert not times.overrun(frame, 900)  # 3x: not over
    assert times.overrun(frame, 901)
    quick = running(layer_name="quick")
    assert not times.overrun(quick, 599)  # 30x a 20 s average, but under ten minutes
    assert times.overrun(quick, 600)
    assert not times.overrun(running(layer_name="new"), 99_999)  # no average yet
    assert not times.overrun(running(state="DEAD"), 99_999)


def test_signs_of_life_reads_logs_only_under_an_absolute_log_dir(tmp_path: Path) -> None:
    job = Job(id="j", name="job", log_dir=str(tmp_path))
    life = SignsOfLife(job, lambda: NOW, warn_minutes=30)
    frames = [running(), running(id="f2", name="0002-render", state="WAITING")]
    assert life.paths_to_read(frames) == [str(tmp_path / "job.0001-render.rqlog")]
    life.job = Job(id="j", name="job", log_dir="relative/logs")
    assert life.paths_to_read(frames) == []
    life.job = Job(id="j", name="job", log_dir="")
    assert life.paths_to_read(frames) == [] and life.log_path(frames[0]) is None


def test_signs_of_life_cells(tmp_path: Path) -> None:
    job = Job(id="j", name="job", log_dir=str(tmp_path))
    life = SignsOfLife(job, lambda: NOW, warn_minutes=30)
    stuck = running(llu_time=NOW - 31 * 60)
    assert life.llu(stuck) == (31 * 60, True)
    assert life.llu(running(llu_time=NOW - 60)) == (60, False)
    assert life.llu(running(llu_time=0)) == (-1, False)
    assert life.llu(running(state="SUCCEEDED")) == (None, False)
    log = tmp_path / "job.0001-render.rqlog"
    log.write_text("rendering bucket 40%\n")
    os.utime(log, (NOW - 10, NOW - 10))
    life.tails.refresh(life.paths_to_read([stuck]))
    assert life.llu(stuck) == (10, False)  # the log moved: not stuck after all
    assert life.last_line(stuck) == "rendering bucket 40%"
    assert life.last_line(running(state="DEAD")) == ""
    life.layers.update([layer("render", 600)], NOW)
    assert life.runtime(running(start_time=NOW - 1801)) == (1801, True)
    assert life.runtime(running(start_time=NOW - 1800)) == (1800, False)


# -- the setting ------------------------------------------------------------------------------


def test_llu_warn_minutes_from_the_config_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("")
    assert load_settings({"config": str(path)}, {}).llu_warn_minutes == 30
    path.write_text("llu_warn_minutes = 45\n")
    settings = load_settings({"config": str(path)}, {})
    assert settings.llu_warn_minutes == 45 and settings.masked()["llu_warn_minutes"] == "45"
    path.write_text("[profiles.p]\nllu_warn_minutes = 0\n")
    with pytest.raises(ConfigError, match=r"line 2: llu_warn_minutes must be from 1 to 10080 min"):
        load_settings({"config": str(path)}, {})
    path.write_text('llu_warn_minutes = "soon"\n')
    with pytest.raises(ConfigError, match="llu_warn_minutes"):
        load_settings({"config": str(path)}, {})


async def test_in_daemon_thread_gives_the_result_or_the_error_from_a_daemon_thread() -> None:
    import threading

    from cuetui.core.signs_of_life import in_daemon_thread

    seen: list[threading.Thread] = []

    def work() -> int:
        seen.append(threading.current_thread())
        return 42

    assert await in_daemon_thread(work) == 42
    assert seen[0].daemon and seen[0] is not threading.main_thread()

    def broken() -> int:
        raise PermissionError("no")

    with pytest.raises(PermissionError):
        await in_daemon_thread(broken)
