"""Read calls: every response parses back into its real response message, strictly."""

from __future__ import annotations

import httpx
import pytest
from google.protobuf import json_format
from opencue_proto import (
    facility_pb2,
    host_pb2,
    job_pb2,
    limit_pb2,
    service_pb2,
    show_pb2,
    subscription_pb2,
)

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


def test_every_other_read_parses_strictly(sim: SimHarness) -> None:
    sim.tick(300)  # procs come and go (GPU ones included) before reading
    farm = sim.farm
    job_id = farm.anchors["failing"]
    job_name = farm.jobs[job_id].msg.name
    show_id = next(s.msg.id for s in farm.shows.values() if s.msg.name == "testing")
    frame = farm.jobs[job_id].frames[0]
    layer = farm.jobs[job_id].layers[0]
    host = next(h for h in farm.hosts.values() if h.msg.name == "render-0001")
    group = farm.shows[show_id].root
    assert group is not None
    sub = next(iter(farm.subs.values()))
    reads = [
        ("job.JobInterface/GetJob", {"id": job_id}, job_pb2.JobGetJobResponse),
        ("job.JobInterface/FindJob", {"name": job_name}, job_pb2.JobFindJobResponse),
        ("job.JobInterface/GetComments", {"job": {"id": job_id}}, job_pb2.JobGetCommentsResponse),
        ("job.JobInterface/GetUpdatedFrames", {"job": {"id": job_id}, "lastCheck": farm.now - 5},
         job_pb2.JobGetUpdatedFramesResponse),
        ("job.JobInterface/GetDepends", {"job": {"id": farm.anchors["depend"]}},
         job_pb2.JobGetDependsResponse),
        ("job.LayerInterface/GetLayer", {"id": layer.msg.id}, job_pb2.LayerGetLayerResponse),
        ("job.LayerInterface/GetFrames", {"layer": {"id": layer.msg.id}, "s": {"limit": 5}},
         job_pb2.LayerGetFramesResponse),
        ("job.FrameInterface/GetFrame", {"id": frame.msg.id}, job_pb2.FrameGetFrameResponse),
        ("job.GroupInterface/GetGroup", {"id": group.msg.id}, job_pb2.GroupGetGroupResponse),
        ("job.GroupInterface/GetJobs", {"group": {"id": group.msg.id}},
         job_pb2.GroupGetJobsResponse),
        ("host.HostInterface/FindHost", {"name": "render-0001"}, host_pb2.HostFindHostResponse),
        ("host.HostInterface/GetProcs", {"host": {"id": host.msg.id}},
         host_pb2.HostGetProcsResponse),
        ("host.HostInterface/GetComments", {"host": {"id": farm.anchors["host_repair"]}},
         host_pb2.HostGetCommentsResponse),
        ("show.ShowInterface/FindShow", {"name": "testing"}, show_pb2.ShowFindShowResponse),
        ("show.ShowInterface/GetSubscriptions", {"show": {"id": show_id}},
         show_pb2.ShowGetSubscriptionResponse),
        ("show.ShowInterface/GetGroups", {"show": {"id": show_id}}, show_pb2.ShowGetGroupsResponse),
        ("show.ShowInterface/GetRootGroup", {"show": {"id": show_id}},
         show_pb2.ShowGetRootGroupResponse),
        ("show.ShowInterface/GetJobWhiteboard", {"show": {"id": show_id}},
         show_pb2.ShowGetJobWhiteboardResponse),
        ("facility.AllocationInterface/Find", {"name": "local.gpu"},
         facility_pb2.AllocFindResponse),
        ("subscription.SubscriptionInterface/Get", {"id": sub.msg.id},
         subscription_pb2.SubscriptionGetResponse),
        ("limit.LimitInterface/GetAll", {}, limit_pb2.LimitGetAllResponse),
        ("service.ServiceInterface/GetDefaultServices", {},
         service_pb2.ServiceGetDefaultServicesResponse),
    ]  # fmt: skip
    for path, body, response_class in reads:
        r = post(sim, "/" + path, body)
        assert r.status_code == 200, (path, r.text)
        strict(r.json(), response_class)


def test_subscriptions_and_allocation_stats_add_up(sim: SimHarness) -> None:
    farm = sim.farm
    show_id = next(s.msg.id for s in farm.shows.values() if s.msg.name == "testing")
    subs = post(sim, "/show.ShowInterface/GetSubscriptions", {"show": {"id": show_id}}).json()
    by_alloc = {s["allocationName"]: s for s in subs["subscriptions"]["subscriptions"]}
    assert set(by_alloc) == {"local.general", "local.gpu", "local.desktop"}
    general = by_alloc["local.general"]
    assert general["name"] == "local.general.testing" and general["showName"] == "testing"
    assert general["burst"] == 16 * 16 * 100  # hundredths of a core: 16 hosts x 16 cores
    booked = sum(
        p.msg.reserved_cores
        for p in farm.procs.values()
        if p.msg.show_name == "testing" and p.host.alloc.msg.name == "local.general"
    )
    assert general["reservedCores"] == round(booked * 100)
    allocs = post(sim, "/facility.AllocationInterface/GetAll").json()["allocations"]["allocations"]
    stats = next(a for a in allocs if a["name"] == "local.general")["stats"]
    assert stats["hosts"] == 16 and stats["cores"] == 256
    assert stats["downHosts"] == 2 and stats["lockedHosts"] == 1  # DOWN + REPAIR; LOCKED
    assert stats["runningCores"] + stats["idleCores"] + stats["lockedCores"] <= stats["cores"]
