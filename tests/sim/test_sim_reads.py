"""Read calls: every response parses back into its real response message, strictly."""

from __future__ import annotations

import httpx
import pytest
from google.protobuf import json_format
from opencue_proto import facility_pb2, host_pb2, job_pb2, show_pb2

from cuetui.sim.harness import SimHarness


def post(sim: SimHarness, path: str, body: dict | None = None) -> httpx.Response:
    return httpx.post(f"{sim.url}{path}", json=body or {}, headers=sim.headers(), timeout=10)


def strict(data: dict, message_class):
    """Parse as a client must be able to: every field known to the real message."""
    return json_format.ParseDict(data, message_class(), ignore_unknown_fields=False)


READS = [
    ("/show.ShowInterface/GetShows", {}, show_pb2.ShowGetShowsResponse),
    ("/show.ShowInterface/GetActiveShows", {}, show_pb2.ShowGetActiveShowsResponse),
    ("/job.JobInterface/GetJobs", {"r": {"includeFinished": True}}, job_pb2.JobGetJobsResponse),
    ("/host.HostInterface/GetHosts", {"r": {}}, host_pb2.HostGetHostsResponse),
    ("/facility.AllocationInterface/GetAll", {}, facility_pb2.AllocGetAllResponse),
    ("/host.ProcInterface/GetProcs", {"r": {}}, host_pb2.ProcGetProcsResponse),
]


@pytest.mark.parametrize(("path", "body", "response_class"), READS)
def test_read_parses_strictly(sim: SimHarness, path, body, response_class) -> None:
    r = post(sim, path, body)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/json"
    strict(r.json(), response_class)


def test_lists_are_wrapped_twice_and_emit_every_field(sim: SimHarness) -> None:
    data = post(sim, "/job.JobInterface/GetJobs", {"r": {}}).json()
    job = data["jobs"]["jobs"][0]
    assert set(job) >= {"id", "name", "isPaused", "hasComment", "jobStats", "logDir", "uid"}
    assert isinstance(job["jobStats"]["maxRss"], str)  # int64 as a string
    assert isinstance(job["priority"], int)
    hosts = post(sim, "/host.HostInterface/GetHosts", {"r": {}}).json()["hosts"]["hosts"]
    host = hosts[0]
    assert isinstance(host["memory"], str) and host["state"] in ("UP", "DOWN", "REPAIR")
    assert host["tags"] and isinstance(host["cores"], int | float)


def test_layers_and_frames_of_a_job(sim: SimHarness) -> None:
    job_id = sim.farm.anchors["depend"]
    layers = post(sim, "/job.JobInterface/GetLayers", {"job": {"id": job_id}}).json()
    strict(layers, job_pb2.JobGetLayersResponse)
    assert [la["name"] for la in layers["layers"]["layers"]] == ["render", "comp"]
    body = {"job": {"id": job_id}, "req": {"page": 1, "limit": 500, "includeFinished": True}}
    frames = post(sim, "/job.JobInterface/GetFrames", body).json()
    strict(frames, job_pb2.JobGetFramesResponse)
    names = [f["name"] for f in frames["frames"]["frames"]]
    assert len(names) == 20 and "0001-render" in names and "0010-comp" in names
    comp = [f for f in frames["frames"]["frames"] if f["layerName"] == "comp"]
    assert {f["state"] for f in comp} == {"DEPEND"}
