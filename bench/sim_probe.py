"""What the simulator itself costs per call, measured in its own process before the bench starts.

The bench measures the client; the farm must not be what it measures. Each read a screen
makes is answered here the way the gateway answers it (the handler under the farm's lock and
the JSON bytes, without HTTP): once cold, then the median of three repeats with nothing
changed in between, and once after a tick (every running frame and host reported in).
"""

from __future__ import annotations

import json
import statistics
import time
from typing import Any

from cuetui.sim.protojson import parse_request


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _requests(farm: Any, big: str) -> dict[str, tuple[str, dict[str, Any]]]:
    jobs = [j.msg.id for j in list(farm.jobs.values())[:50]]
    hosts = list(farm.hosts)[:50]
    j, h = "/job.JobInterface/", "/host.HostInterface/"
    return {
        "GetJobs, all pending": (j + "GetJobs", {"r": {}}),
        "GetJobs, 50 by id": (j + "GetJobs", {"r": {"ids": jobs}}),
        "GetHosts, all": (h + "GetHosts", {"r": {}}),
        "GetHosts, 50 by id": (h + "GetHosts", {"r": {"ids": hosts}}),
        "GetFrames, a page of 500 (big job)": (
            j + "GetFrames",
            {"job": {"id": big}, "req": {"page": 1, "limit": 500}},
        ),
        "GetFrames, last page (big job)": (
            j + "GetFrames",
            {"job": {"id": big}, "req": {"page": len(farm.jobs[big].frames) // 500, "limit": 500}},
        ),
        "GetUpdatedFrames (big job)": (
            j + "GetUpdatedFrames",
            {"job": {"id": big}, "lastCheck": farm.now - 10},
        ),
    }


def per_call(harness: Any, big: str) -> dict[str, dict[str, float]]:
    """Per read: CPU seconds cold, repeated (median of 3) and after a tick; and its size."""
    app, farm = harness.app, harness.farm
    out: dict[str, dict[str, float]] = {}
    for name, (path, body) in _requests(farm, big).items():
        request_class, handler = app.routes[path]
        request = parse_request(json.dumps(body).encode(), request_class)

        def once(handler: Any = handler, request: Any = request) -> tuple[float, int]:
            t0 = time.process_time()
            with farm.lock:
                payload = app.fragments.encode(handler(farm, request))
            return time.process_time() - t0, len(payload)

        cold, size = once()
        warm = statistics.median(once()[0] for _ in range(3))
        out[name] = {"cold": cold, "repeat": warm, "bytes": size}
    farm.tick(1)
    for name, (path, body) in _requests(farm, big).items():
        request_class, handler = app.routes[path]
        request = parse_request(json.dumps(body).encode(), request_class)
        t0 = time.process_time()
        with farm.lock:
            app.fragments.encode(handler(farm, request))
        out[name]["after_tick"] = time.process_time() - t0
    t0 = time.process_time()
    farm.tick(1)
    out["a tick of the farm"] = {"cold": time.process_time() - t0}
    return out
