"""Small helpers for the simulator's own tests: httpx straight at the gateway."""

from __future__ import annotations

from typing import Any

import httpx

from cuetui.sim.harness import SimHarness


def call(sim: SimHarness, path: str, body: dict[str, Any] | None = None, status: int = 200):
    """POST `body` to `path` (e.g. "job.JobInterface/Pause"); assert the status; JSON back."""
    path = path if path.startswith("/") else "/" + path
    r = httpx.post(f"{sim.url}{path}", json=body or {}, headers=sim.headers(), timeout=10)
    assert r.status_code == status, f"{path}: {r.status_code} {r.text}"
    return r.json()


def frames(sim: SimHarness, job_id: str, **req: Any) -> list[dict[str, Any]]:
    """Every frame of a job, as GetFrames pages them (limit 1000 unless told)."""
    req.setdefault("limit", 1000)
    data = call(sim, "job.JobInterface/GetFrames", {"job": {"id": job_id}, "req": req})
    return data["frames"]["frames"]


def states(sim: SimHarness, job_id: str) -> dict[str, str]:
    """frame name -> state name."""
    return {f["name"]: f["state"] for f in frames(sim, job_id)}


def job(sim: SimHarness, job_id: str) -> dict[str, Any]:
    return call(sim, "job.JobInterface/GetJob", {"id": job_id})["job"]


def host(sim: SimHarness, host_id: str) -> dict[str, Any]:
    return call(sim, "host.HostInterface/GetHost", {"id": host_id})["host"]
