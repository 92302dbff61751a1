"""Several frames of a job in one request: the client's FrameSearchCriteria naming them, its
guard against an empty criteria, and the simulator matching it as Cuebot's FrameSearch does."""

from __future__ import annotations

import pytest
from google.protobuf import json_format
from opencue_proto import job_pb2

from cuetui.client import GatewayClient
from cuetui.client.errors import GatewayError
from cuetui.config import Settings
from cuetui.sim import views
from cuetui.sim.harness import SimHarness

JOB = "/job.JobInterface/"
DEAD, RUNNING, DEPEND = "DEAD", "RUNNING", "DEPEND"


def client_for(sim: SimHarness) -> GatewayClient:
    settings = Settings.for_gateway(sim.url, jwt_secret=sim.secret, user="wrangler")
    return GatewayClient.from_settings(settings, read_timeout=5.0)


def states(sim: SimHarness, anchor: str) -> dict[str, str]:
    job = sim.farm.jobs[sim.farm.anchors[anchor]]
    return {f.msg.name: job_pb2.FrameState.Name(f.msg.state) for f in job.frames}


def matched(sim: SimHarness, anchor: str, **criteria: object) -> list[str]:
    job = sim.farm.jobs[sim.farm.anchors[anchor]]
    r = json_format.ParseDict(criteria, job_pb2.FrameSearchCriteria())
    return [f.msg.name for f in views.find_frames(sim.farm, job, r)]


async def test_retry_frames_names_exactly_those_frames_in_one_request(sim: SimHarness) -> None:
    jid = sim.farm.anchors["failing"]
    async with client_for(sim) as client:
        dead = await client.get_frames(jid, states=[DEAD])
        assert [f.name for f in dead] == ["0005-sim", "0006-sim", "0007-sim"]
        sim.clear_calls()
        await client.retry_frames(jid, dead[:2])
    assert [(c.path, c.body) for c in sim.calls] == [
        (JOB + "RetryFrames", {"job": {"id": jid}, "req": {"frames": ["0005-sim", "0006-sim"]}})
    ]
    after = states(sim, "failing")
    assert (after["0005-sim"], after["0006-sim"], after["0007-sim"]) == ("WAITING",) * 2 + (DEAD,)


async def test_eat_kill_and_waiting_send_the_same_criteria(sim: SimHarness) -> None:
    jid = sim.farm.anchors["failing"]
    async with client_for(sim) as client:
        await client.eat_frames(jid, ["0005-sim"])
        await client.kill_frames(jid, ["0008-sim", "0009-sim"])
        await client.mark_frames_waiting(jid, ["0001-sim"])
    eat, kill, waiting = sim.calls
    assert (eat.path, eat.body) == (
        JOB + "EatFrames",
        {"job": {"id": jid}, "req": {"frames": ["0005-sim"]}},
    )
    assert kill.path == JOB + "KillFrames"
    assert kill.body["req"] == {"frames": ["0008-sim", "0009-sim"]}
    assert kill.body["reason"] == "Manual Frame Kill Request in cuetui by wrangler"
    assert kill.body["username"] == "wrangler" and kill.body["pid"] and kill.body["hostKill"]
    assert (waiting.path, waiting.body["req"]) == (JOB + "MarkAsWaiting", {"frames": ["0001-sim"]})
    after = states(sim, "failing")
    assert after["0005-sim"] == "EATEN"
    assert after["0008-sim"] != RUNNING and after["0009-sim"] != RUNNING
    assert after["0010-sim"] == RUNNING  # not named: untouched
    assert after["0001-sim"] == "SUCCEEDED"  # MarkAsWaiting changes DEPEND frames only


@pytest.mark.parametrize("frames", [[], ["  "], ["0005-sim", ""]])
async def test_an_empty_criteria_is_never_sent(sim: SimHarness, frames: list[str]) -> None:
    # Cuebot skips an empty field: {"req": {}} would retry every frame of the job.
    jid = sim.farm.anchors["failing"]
    before = states(sim, "failing")
    async with client_for(sim) as client:
        for call in (client.retry_frames, client.eat_frames, client.mark_frames_waiting):
            with pytest.raises(ValueError, match="nothing sent"):
                await call(jid, frames)
        with pytest.raises(ValueError, match="nothing sent"):
            await client.kill_frames(jid, frames)
    assert sim.calls == []
    assert states(sim, "failing") == before


async def test_an_empty_criteria_would_match_every_frame_of_the_job(sim: SimHarness) -> None:
    # Why the guard: the simulator does what Cuebot does with {"req": {}}.
    jid = sim.farm.anchors["failing"]
    async with client_for(sim) as client:
        await client._act(JOB + "EatFrames", {"job": {"id": jid}, "req": {}})
    assert set(states(sim, "failing").values()) == {"EATEN"}  # succeeded ones too


def test_fields_narrow_together_and_a_list_matches_any_of_its_values(sim: SimHarness) -> None:
    assert matched(sim, "failing") == [f"{n:04d}-sim" for n in range(1, 11)]
    assert matched(sim, "failing", frames=["0005-sim", "0008-sim", "0099-sim"]) == [
        "0005-sim",
        "0008-sim",
    ]
    # AND between fields: a named frame of another state is not matched.
    both = matched(sim, "failing", frames=["0005-sim", "0008-sim"], states={"frameStates": [DEAD]})
    assert both == ["0005-sim"]
    assert matched(sim, "failing", frames=["0005-sim"], layers=["other"]) == []
    assert matched(sim, "failing", frames=["0005-SIM"]) == []  # exact, as str_name=?
    # A frame name of another job (same name) matches in its own job only.
    assert matched(sim, "checkpoint", frames=["0005-sim"]) == ["0005-sim"]


def test_frame_ranges_as_cuebot_reads_them(sim: SimHarness) -> None:
    assert matched(sim, "failing", frameRange="3") == ["0003-sim"]
    assert matched(sim, "failing", frameRange="3-5") == ["0003-sim", "0004-sim", "0005-sim"]
    assert matched(sim, "failing", frameRange="5-3") == []  # >= 5 AND <= 3
    assert matched(sim, "failing", frameRange="1,9-10") == ["0001-sim", "0009-sim", "0010-sim"]


def test_memory_and_duration_ranges_as_cuebot_reads_them(sim: SimHarness) -> None:
    job = sim.farm.jobs[sim.farm.anchors["failing"]]
    for frame in job.frames:
        frame.msg.max_rss = frame.msg.number * 1048576  # frame N used N GB
    assert matched(sim, "failing", memoryRange="9") == ["0009-sim", "0010-sim"]  # at least
    assert matched(sim, "failing", memoryRange="2-3") == ["0002-sim", "0003-sim"]
    with pytest.raises(views.BadCriteria):
        matched(sim, "failing", memoryRange="gt5")
    running = [f.msg for f in job.frames if f.msg.state == job_pb2.RUNNING]
    for f in running:
        f.start_time, f.stop_time = sim.farm.now - 7200, 0  # two hours so far
    assert matched(sim, "failing", durationRange="1.5") == [f.name for f in running]


async def test_a_range_cuebot_cannot_read_fails_a_read_and_does_nothing_queued(
    sim: SimHarness,
) -> None:
    jid = sim.farm.anchors["failing"]
    before = states(sim, "failing")
    async with client_for(sim) as client:
        with pytest.raises(GatewayError):
            await client._post(
                JOB + "GetFrames",
                {"job": {"id": jid}, "req": {"limit": 10, "memoryRange": "lots"}},
                action=False,
            )
        await client._act(JOB + "RetryFrames", {"job": {"id": jid}, "req": {"frameRange": "x"}})
    assert states(sim, "failing") == before
