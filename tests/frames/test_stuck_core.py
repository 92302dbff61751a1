"""Stuck frames without Textual: the thresholds, the selection, and the bounded reads (the real
client against the simulator: exactly which requests one look at the shows costs)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

from cuetui.client import GatewayClient
from cuetui.client.errors import Internal, NotFound
from cuetui.config import Settings
from cuetui.core.signs_of_life import LogTail
from cuetui.core.stuck import StuckFinder, StuckFrame, Thresholds, select, with_running_frames
from cuetui.models import Frame, Job, JobStats
from cuetui.sim import model as m
from cuetui.sim.harness import SimHarness

NOW = 1_800_000_000
MIN = 60
JOB = "/job.JobInterface/"


def running(n: int = 1, **kw: Any) -> Frame:
    values: dict[str, Any] = {"id": f"f{n}", "name": f"{n:04d}-render", "layer_name": "render"}
    values.update(state="RUNNING", start_time=NOW - 3600, llu_time=NOW - 10)
    values.update(kw)
    return Frame(**values)


def row(frame: Frame, avg: int = 0, path: str | None = None) -> StuckFrame:
    return StuckFrame(Job(id="j1", name="job1", log_dir="/logs"), frame, avg, path)


# -- thresholds and selection -----------------------------------------------------------------


def test_the_thresholds_line_says_both_rules() -> None:
    t = Thresholds(llu_minutes=45, factor=2.5, floor=600)
    assert t.describe() == "LLU ≥ 45 min  or  runtime > 2.5x layer avg (and ≥ 10 min)"


def test_a_frame_whose_log_stopped_past_the_llu_threshold_is_stuck() -> None:
    t = Thresholds(llu_minutes=30)
    stale = row(running(1, llu_time=NOW - 31 * MIN))
    fresh = row(running(2, llu_time=NOW - 29 * MIN))
    assert select([stale, fresh], NOW, t) == [stale]
    assert stale.reasons(NOW, t) == ("LLU",)
    assert select([stale, fresh], NOW, Thresholds(llu_minutes=20)) == [stale, fresh]


def test_a_frame_far_over_its_layers_average_is_out_of_line_when_long_enough() -> None:
    t = Thresholds(factor=3, floor=600)
    over = row(running(1, start_time=NOW - 20 * MIN), avg=5 * MIN)  # 4x, 20 min
    under = row(running(2, start_time=NOW - 14 * MIN), avg=5 * MIN)  # 2.8x
    short = row(running(3, start_time=NOW - 9 * MIN), avg=60)  # 9x but under the floor
    unknown = row(running(4, start_time=NOW - 300 * MIN), avg=0)  # no frame finished yet
    assert select([over, under, short, unknown], NOW, t) == [over]
    assert over.reasons(NOW, t) == ("runtime",)
    assert select([under], NOW, Thresholds(factor=2.5, floor=600)) == [under]


def test_a_log_that_moved_since_cuebots_report_is_not_stale(tmp_path: Path) -> None:
    t = Thresholds(llu_minutes=30)
    frame = row(running(1, llu_time=NOW - 40 * MIN), path="/logs/a.rqlog")
    moved = {"/logs/a.rqlog": LogTail(NOW - 60, 100, "bucket 80%")}
    still = {"/logs/a.rqlog": LogTail(NOW - 50 * MIN, 100, "bucket 12%")}
    assert select([frame], NOW, t, moved) == []
    [kept] = select([frame], NOW, t, still)
    assert kept.last_line == "bucket 12%" and kept.llu(NOW) == 40 * MIN
    assert frame.last_line is None  # not read: the screen says so


def test_only_jobs_with_running_frames_are_asked() -> None:
    jobs = [Job(id="a", job_stats=JobStats(running_frames=2)), Job(id="b")]
    assert [j.id for j in with_running_frames(jobs)] == ["a"]


# -- the reads, against the simulator ---------------------------------------------------------


def client_for(sim: SimHarness) -> GatewayClient:
    settings = Settings.for_gateway(sim.url, jwt_secret=sim.secret, user="wrangler")
    return GatewayClient.from_settings(settings, read_timeout=5.0)


def sim_hung(sim: SimHarness, shows: set[str]) -> set[str]:
    farm = sim.farm
    return {
        f"{f.job.msg.name}/{f.msg.name}"
        for f in farm.running.values()
        if farm.now - f.msg.llu_time >= 30 * MIN and f.job.msg.show in shows
    }


async def test_one_look_reads_the_running_frames_of_running_jobs_only(sim: SimHarness) -> None:
    shows = ["testing", "pipeline", "aurora"]
    farm = sim.farm
    with farm.lock:
        pending = [j for j in farm.jobs.values() if j.msg.state == m.job_pb2.JobState.PENDING]
        busy = (m.RUNNING, m.SETUP, m.CHECKPOINT)  # what Cuebot counts as running frames
        running_jobs = {j.msg.id for j in pending if sum(j.stats.states[s] for s in busy)}
        idle_jobs = {j.msg.id for j in farm.jobs.values()} - running_jobs
    assert idle_jobs  # a look that skipped nothing would prove nothing
    sim.clear_calls()
    async with client_for(sim) as client:
        finder = StuckFinder(client, shows, Thresholds(), lambda: float(farm.now))
        rows = await finder.fetch()
    found = {f"{r.job.name}/{r.frame.name}" for r in rows}
    assert sim_hung(sim, set(shows)) <= found
    assert len(sim_hung(sim, set(shows))) >= 2
    gets = sim.calls_to(JOB + "GetJobs")
    assert [c.body for c in gets] == [{"r": {"shows": shows, "includeFinished": False}}]
    frames = sim.calls_to(JOB + "GetFrames")
    asked = {c.body["job"]["id"] for c in frames}
    assert asked == running_jobs and not asked & idle_jobs
    for call in frames:
        assert call.body["req"] == {
            "page": 1,
            "limit": 1000,
            "includeFinished": False,
            "states": {"frameStates": ["RUNNING"]},
        }
    layers = sim.calls_to(JOB + "GetLayers")
    assert {c.body["job"]["id"] for c in layers} <= running_jobs
    assert finder.jobs_asked == len(running_jobs)
    assert finder.requests == 1 + len(frames) + len(layers)
    assert finder.took > 0
    # The layers' averages are read at most once a minute: the next look skips them.
    sim.clear_calls()
    async with client_for(sim) as client:
        finder.client = client
        await finder.fetch()
    assert sim.calls_to(JOB + "GetLayers") == []


async def test_the_logs_of_the_rows_give_their_last_line(sim: SimHarness) -> None:
    farm = sim.farm
    async with client_for(sim) as client:
        finder = StuckFinder(client, ["testing", "pipeline", "aurora"], Thresholds(), time_of(sim))
        rows = await finder.fetch()
    hung = [r for r in rows if "LLU" in r.reasons(float(farm.now), finder.thresholds)]
    assert hung
    for r in hung:
        assert r.log_path is not None and os.path.exists(r.log_path)
        assert r.last_line is not None and "rendering bucket" in r.last_line
    assert finder.tails.cached == len(rows)  # only the rows' logs were read


def time_of(sim: SimHarness) -> Any:
    return lambda: float(sim.farm.now)


class GoneJobClient:
    """A job that finished between GetJobs and GetFrames: its frames are NotFound."""

    def __init__(self) -> None:
        stats = JobStats(running_frames=1)
        self.jobs = [Job(id="gone", name="gone", job_stats=stats),
                     Job(id="here", name="here", job_stats=stats, log_dir="/nowhere")]  # fmt: skip

    async def get_jobs(self, **kw: Any) -> list[Job]:
        return self.jobs

    async def get_frames(self, job: Job, **kw: Any) -> list[Frame]:
        if job.id == "gone":
            raise NotFound("no such job")
        return [running(1, llu_time=NOW - 50 * MIN, start_time=NOW - 60 * MIN)]

    async def get_layers(self, job: Job) -> list[Any]:
        return []


async def test_a_job_gone_since_the_job_list_is_skipped_and_an_unread_log_says_none() -> None:
    finder = StuckFinder(GoneJobClient(), None, Thresholds(), lambda: float(NOW))  # type: ignore[arg-type]
    [only] = await finder.fetch()
    assert only.job.name == "here" and only.last_line is None


async def test_a_stalled_log_mount_delays_the_last_lines_never_the_rows(tmp_path: Path) -> None:
    import threading

    log_dir = tmp_path / "logs"
    log_dir.mkdir()
    client = GoneJobClient()
    client.jobs[1] = client.jobs[1].model_copy(update={"log_dir": str(log_dir)})
    frame = running(1, llu_time=NOW - 50 * MIN, start_time=NOW - 60 * MIN)
    (log_dir / f"here.{frame.name}.rqlog").write_text("start\nbucket 40%\n")
    gate = threading.Event()
    finder = StuckFinder(client, None, Thresholds(), lambda: float(NOW), tails_grace=0.2)  # type: ignore[arg-type]
    refresh = finder.tails.refresh
    finder.tails.refresh = lambda paths: gate.wait(10) and refresh(paths)  # type: ignore[method-assign]
    try:
        [row] = await finder.fetch()  # the mount does not answer: the row comes anyway
        assert row.reading and row.last_line is None
        [row] = await finder.fetch()  # one read at a time: still the same one
        assert row.reading
    finally:
        gate.set()
    await asyncio.sleep(0.1)
    [row] = await finder.fetch()
    assert not row.reading and row.last_line == "bucket 40%"


class RefusedLayersClient(GoneJobClient):
    """GetLayers refused (a 503): the look goes on without the layers' averages."""

    layer_calls = 0

    async def get_layers(self, job: Job) -> list[Any]:
        self.layer_calls += 1
        raise Internal("Cuebot unavailable")


async def test_refused_layers_leave_the_llu_rule_and_are_asked_again_a_minute_later() -> None:
    client = RefusedLayersClient()
    now = [float(NOW)]
    finder = StuckFinder(client, None, Thresholds(), lambda: now[0])  # type: ignore[arg-type]
    [row] = await finder.fetch()
    assert row.layer_avg == 0 and row.reasons(now[0], finder.thresholds) == ("LLU",)
    await finder.fetch()
    assert client.layer_calls == 1  # not again on the next look
    now[0] += 61
    await finder.fetch()
    assert client.layer_calls == 2
