"""GetFrames pages as Cuebot and the gateway give them: by the limit asked, up to 4 MiB."""

from __future__ import annotations

import httpx
import pytest

from cuetui.sim import model as m
from cuetui.sim import svc_job
from cuetui.sim.harness import SimHarness

GET_FRAMES = "/job.JobInterface/GetFrames"


def frames(sim: SimHarness, page: int, limit: int) -> httpx.Response:
    body = {
        "job": {"id": sim.farm.anchors["depend"]},
        "req": {"page": page, "limit": limit, "includeFinished": True},
    }
    return httpx.post(f"{sim.url}{GET_FRAMES}", json=body, headers=sim.headers(), timeout=10)


def names(r: httpx.Response) -> list[str]:
    assert r.status_code == 200, r.text
    return [f["name"] for f in r.json()["frames"]["frames"]]


def test_pages_by_the_limit_asked_over_a_thousand_too(sim: SimHarness) -> None:
    every = names(frames(sim, 1, 2000))
    assert len(every) == 20
    assert names(frames(sim, 2, 7)) == every[7:14]
    assert names(frames(sim, 3, 7)) == every[14:]
    assert names(frames(sim, 1, 0)) == []  # no limit: Cuebot's row window is empty


def test_an_answer_over_the_gateways_4_mib_is_refused(
    sim: SimHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ~120 bytes of protobuf a frame here: 2 frames fit in 1,000 bytes, 20 do not.
    monkeypatch.setattr(svc_job, "GATEWAY_MAX_MESSAGE", 1000)
    assert len(names(frames(sim, 1, 2))) == 2
    r = frames(sim, 1, 20)
    assert r.status_code == 429  # RESOURCE_EXHAUSTED, as grpc-gateway maps it
    assert "received message larger than max" in r.text


def test_running_frames_change_when_their_host_reports_not_every_tick(sim: SimHarness) -> None:
    """GetUpdatedFrames returns rows whose ts_updated moved: a running frame's moves when its
    host's rqd reports (every 5-30 s), so one second holds a few of them, 30 s all."""
    farm = sim.farm
    big = max(farm.jobs.values(), key=lambda j: sum(f.msg.state == m.RUNNING for f in j.frames))
    sim.tick(1)
    running = [f for f in big.frames if f.msg.state == m.RUNNING]
    assert len(running) >= 5
    seen: set[str] = set()
    for _ in range(30):
        sim.tick(1)
        now = [f for f in running if f.changed == farm.now and f.msg.state == m.RUNNING]
        assert len(now) < len(running)  # not every running frame each second
        seen.update(f.msg.id for f in now)
    assert seen >= {f.msg.id for f in running if f.msg.state == m.RUNNING}
