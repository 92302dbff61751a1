"""The large preset: start-up time and the latency of the biggest reads."""

from __future__ import annotations

import time

import httpx
from opencue_proto import job_pb2

from cuetui.sim.farm import SimulatedFarm
from cuetui.sim.harness import SimHarness


def timed_post(sim: SimHarness, path: str, body: dict) -> tuple[float, dict]:
    headers = sim.headers()
    t0 = time.perf_counter()
    r = httpx.post(f"{sim.url}{path}", json=body, headers=headers, timeout=30)
    elapsed = time.perf_counter() - t0
    assert r.status_code == 200
    return elapsed, r.json()


def test_large_preset_builds_within_a_few_seconds() -> None:
    t0 = time.perf_counter()
    farm = SimulatedFarm("large", 3)
    elapsed = time.perf_counter() - t0
    # About 2 s on a quiet core; the bound leaves room for a shared CI machine.
    assert elapsed < 8, f"large preset took {elapsed:.1f}s"
    pending = [j for j in farm.jobs.values() if j.msg.state == job_pb2.JobState.PENDING]
    assert len(pending) >= 2000
    assert len({j.msg.show for j in pending}) == 10
    assert len(farm.hosts) == 5000
    assert len(farm.jobs[farm.anchors["big"]].frames) == 20000


def test_large_reads_answer_well_under_a_second(sim_large: SimHarness) -> None:
    best_jobs = best_hosts = 99.0
    for _ in range(3):
        t, jobs = timed_post(sim_large, "/job.JobInterface/GetJobs", {"r": {}})
        best_jobs = min(best_jobs, t)
        t, hosts = timed_post(sim_large, "/host.HostInterface/GetHosts", {"r": {}})
        best_hosts = min(best_hosts, t)
    assert len(jobs["jobs"]["jobs"]) >= 2000
    assert len(hosts["hosts"]["hosts"]) == 5000
    assert best_jobs < 1.0, f"GetJobs took {best_jobs:.2f}s"
    assert best_hosts < 1.0, f"GetHosts took {best_hosts:.2f}s"


def test_a_page_of_the_20000_frame_job(sim_large: SimHarness) -> None:
    big = sim_large.farm.anchors["big"]
    body = {"job": {"id": big}, "req": {"page": 40, "limit": 500}}
    t, data = timed_post(sim_large, "/job.JobInterface/GetFrames", body)
    names = [f["name"] for f in data["frames"]["frames"]]
    assert names[0] == "19501-render" and names[-1] == "20000-render"
    assert t < 1.0
