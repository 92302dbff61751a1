"""The large preset: the farm it promises, and its biggest reads answered whole.

How fast it builds and answers is the bench's (`bench/run.py` prints the simulator's build
time, and `bench/sim_probe.py` its CPU per call, cold, repeated and after a tick); a
wall-clock bound here only failed on a loaded machine.
"""

from __future__ import annotations

import httpx
from opencue_proto import job_pb2

from cuetui.sim.farm import SimulatedFarm
from cuetui.sim.harness import SimHarness


def post(sim: SimHarness, path: str, body: dict) -> dict:
    r = httpx.post(f"{sim.url}{path}", json=body, headers=sim.headers(), timeout=30)
    assert r.status_code == 200
    return r.json()


def test_large_preset_has_the_farm_it_promises() -> None:
    farm = SimulatedFarm("large", 3)
    pending = [j for j in farm.jobs.values() if j.msg.state == job_pb2.JobState.PENDING]
    assert len(pending) >= 2000
    assert len({j.msg.show for j in pending}) == 10
    assert len(farm.hosts) == 5000
    assert len(farm.jobs[farm.anchors["big"]].frames) == 20000


def test_large_reads_answer_every_job_and_host(sim_large: SimHarness) -> None:
    for _ in range(2):  # the second read comes from the simulator's cached JSON
        jobs = post(sim_large, "/job.JobInterface/GetJobs", {"r": {}})
        hosts = post(sim_large, "/host.HostInterface/GetHosts", {"r": {}})
        assert len(jobs["jobs"]["jobs"]) >= 2000
        assert len(hosts["hosts"]["hosts"]) == 5000


def test_a_page_of_the_20000_frame_job(sim_large: SimHarness) -> None:
    big = sim_large.farm.anchors["big"]
    body = {"job": {"id": big}, "req": {"page": 40, "limit": 500}}
    data = post(sim_large, "/job.JobInterface/GetFrames", body)
    names = [f["name"] for f in data["frames"]["frames"]]
    assert names[0] == "19501-render" and names[-1] == "20000-render"
