"""Cuebot's quirks a client must live with, and how it fails on missing entities."""

from __future__ import annotations

import httpx
import pytest
from simhelpers import call, frames, job, states

from cuetui.sim.harness import SimHarness
from cuetui.sim.launch import new_job

J = "job.JobInterface/"
MISSING = "00000000-0000-0000-0000-000000000000"


def test_get_frames_returns_nothing_without_a_positive_limit(sim: SimHarness) -> None:
    job_id = sim.farm.anchors["running"]
    for req in ({}, {"page": 1}, {"page": 1, "limit": 0}, {"limit": -5}):
        data = call(sim, J + "GetFrames", {"job": {"id": job_id}, "req": req})
        assert data == {"frames": {"frames": []}}, req
    no_req = call(sim, J + "GetFrames", {"job": {"id": job_id}})
    assert no_req["frames"]["frames"] == []


def test_get_frames_pages(sim: SimHarness) -> None:
    job_id = sim.farm.anchors["running"]  # 40 frames
    pages = [frames(sim, job_id, page=p, limit=15) for p in (1, 2, 3, 4)]
    assert [len(p) for p in pages] == [15, 15, 10, 0]
    names = [f["name"] for p in pages for f in p]
    assert names == [f"{i:04d}-playblast" for i in range(1, 41)]
    assert len(frames(sim, job_id, limit=5)) == 5  # page 0 or missing = the first page


def test_get_frames_filters(sim: SimHarness) -> None:
    job_id = sim.farm.anchors["depend"]
    dead_or_depend = frames(sim, job_id, states={"frameStates": ["DEPEND"]})
    assert {f["layerName"] for f in dead_or_depend} == {"comp"} and len(dead_or_depend) == 10
    assert {f["number"] for f in frames(sim, job_id, frameRange="2-4", layers=["render"])} == {
        2,
        3,
        4,
    }


def test_updated_frames_returns_changes_since_last_check_and_server_time(sim: SimHarness) -> None:
    job_id = sim.farm.anchors["running"]
    first = call(sim, J + "GetUpdatedFrames", {"job": {"id": job_id}, "lastCheck": sim.farm.now})
    assert first["serverTime"] == sim.farm.now - 1
    assert first["state"] == "PENDING"
    assert first["updatedFrames"]["updatedFrames"] == []  # nothing changed this very second
    sim.tick(30)  # every host has reported its running frames once (rqd: every 5-30 s)
    second = call(
        sim, J + "GetUpdatedFrames", {"job": {"id": job_id}, "lastCheck": first["serverTime"]}
    )
    changed = second["updatedFrames"]["updatedFrames"]
    running = [f for f in frames(sim, job_id) if f["state"] in ("RUNNING", "SETUP")]
    assert running and {f["id"] for f in running} <= {f["id"] for f in changed}
    assert set(changed[0]) >= {"id", "state", "retryCount", "usedMemory", "lastResource"}


def test_updated_frames_caps_at_100(sim: SimHarness) -> None:
    farm = sim.farm
    with farm.lock:
        job_obj = new_job(farm, "testing", "sh500", "jsmith", "comp", 1, [("comp", 150, 2)])
        for f in job_obj.frames:
            f.changed = farm.now
    data = call(sim, J + "GetUpdatedFrames", {"job": {"id": job_obj.msg.id},
                                              "lastCheck": farm.now - 5})  # fmt: skip
    assert len(data["updatedFrames"]["updatedFrames"]) == 100


def test_updated_frames_with_a_stale_last_check_never_answers(sim: SimHarness) -> None:
    job_id = sim.farm.anchors["running"]
    body = {"job": {"id": job_id}, "lastCheck": sim.farm.now - 61}
    with pytest.raises(httpx.ReadTimeout):
        httpx.post(f"{sim.url}/{J}GetUpdatedFrames", json=body, headers=sim.headers(), timeout=0.5)
    ok = {"job": {"id": job_id}, "lastCheck": sim.farm.now - 60}
    assert call(sim, J + "GetUpdatedFrames", ok)["serverTime"] == sim.farm.now - 1


def test_targets_are_resolved_by_id_only(sim: SimHarness) -> None:
    paused = job(sim, sim.farm.anchors["paused"])
    # A name alone resolves nothing: "Job not found".
    err = call(sim, J + "Pause", {"job": {"name": paused["name"]}}, status=404)
    assert err == {"code": 5, "message": "Job not found", "details": []}
    # An id with another job's name acts on the id.
    running = sim.farm.anchors["running"]
    call(sim, J + "Pause", {"job": {"id": running, "name": paused["name"]}})
    assert job(sim, running)["isPaused"] is True


def test_get_jobs_criteria(sim: SimHarness) -> None:
    def names(r: dict) -> set[str]:
        return {j["name"] for j in call(sim, J + "GetJobs", {"r": r})["jobs"]["jobs"]}

    pending = names({})
    assert "testing-sh005-jsmith_layout_v001" not in pending  # finished
    assert "testing-sh005-jsmith_layout_v001" in names({"includeFinished": True})
    assert names({"shows": ["pipeline"]}) == {n for n in pending if n.startswith("pipeline-")}
    assert names({"users": ["jsmith"], "shows": ["testing"]}) == {
        n for n in pending if n.startswith("testing-") and "-jsmith_" in n
    }
    assert names({"regex": ["fx_sim"]}) == {n for n in pending if "fx_sim" in n}
    failing = job(sim, sim.farm.anchors["failing"])
    assert names({"ids": [failing["id"]]}) == {failing["name"]}
    assert names({"jobs": [failing["name"]]}) == {failing["name"]}
    assert names({"shots": ["sh010"], "shows": ["testing"]}) >= {failing["name"]}


# ---------------------------------------------------------------------- missing entities
@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("job.JobInterface/GetJob", {"id": MISSING}),
        ("job.JobInterface/FindJob", {"name": "nope"}),
        ("job.LayerInterface/GetLayer", {"id": MISSING}),
        ("job.FrameInterface/GetFrame", {"id": MISSING}),
        ("host.HostInterface/GetHost", {"id": MISSING}),
        ("host.HostInterface/FindHost", {"name": "nope"}),
        ("show.ShowInterface/FindShow", {"name": "nope"}),
        ("facility.AllocationInterface/Find", {"name": "nope"}),
    ],
)
def test_lookups_of_missing_entities_are_404(sim: SimHarness, path: str, body: dict) -> None:
    err = call(sim, path, body, status=404)
    assert err == {"code": 5, "message": "Incorrect result size: expected 1, actual 0",
                   "details": []}  # fmt: skip


@pytest.mark.parametrize(
    "path", ["GetLayers", "GetFrames", "Pause", "Resume", "Kill", "RetryFrames", "GetComments"]
)
def test_job_interface_on_a_missing_job_is_404_job_not_found(sim: SimHarness, path: str) -> None:
    body = {"job": {"id": MISSING}, "reason": "x", "req": {"limit": 1}}
    err = call(sim, J + path, body, status=404)
    assert err == {"code": 5, "message": "Job not found", "details": []}


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("job.LayerInterface/KillFrames", {"layer": {"id": MISSING}}),
        ("job.LayerInterface/SetTags", {"layer": {"id": MISSING}, "tags": ["a"]}),
        ("job.FrameInterface/Retry", {"frame": {"id": MISSING}}),
        ("job.FrameInterface/Kill", {"frame": {"id": MISSING}}),
        ("host.HostInterface/Lock", {"host": {"id": MISSING}}),
        ("host.HostInterface/GetProcs", {"host": {"id": MISSING}}),
        ("host.ProcInterface/Kill", {"proc": {"id": MISSING}}),
        ("job.GroupInterface/GetJobs", {"group": {"id": MISSING}}),
        ("show.ShowInterface/GetSubscriptions", {"show": {"id": MISSING}}),
    ],
)
def test_other_actions_on_missing_ids_are_500_internal(sim: SimHarness, path, body) -> None:
    err = call(sim, path, body, status=500)
    assert err["code"] == 13 and err["details"] == []
    assert "EmptyResultDataAccessException" in err["message"]


def test_allocation_get_looks_its_argument_up_as_a_name(sim: SimHarness) -> None:
    allocs = call(sim, "facility.AllocationInterface/GetAll")["allocations"]["allocations"]
    general = next(a for a in allocs if a["name"] == "local.general")
    call(sim, "facility.AllocationInterface/Get", {"id": general["id"]}, status=404)
    by_name = call(sim, "facility.AllocationInterface/Get", {"id": "local.general"})
    assert by_name["allocation"]["id"] == general["id"]


def test_retry_of_a_finished_job_reopens_it(sim: SimHarness) -> None:
    job_id = sim.farm.anchors["finished"]
    call(sim, J + "RetryFrames", {"job": {"id": job_id}, "req": {"frames": ["0001-layout_render"]}})
    assert job(sim, job_id)["state"] == "PENDING"
    assert states(sim, job_id)["0001-layout_render"] == "WAITING"


def test_find_by_name_sees_pending_jobs_only(sim: SimHarness) -> None:
    finished = job(sim, sim.farm.anchors["finished"])
    call(sim, J + "FindJob", {"name": finished["name"]}, status=404)
    assert call(sim, J + "GetJob", {"id": finished["id"]})["job"]["name"] == finished["name"]
    body = {"job": finished["name"], "layer": "layout_render", "frame": 1}
    call(sim, "job.FrameInterface/FindFrame", body, status=404)
    failing = job(sim, sim.farm.anchors["failing"])
    body = {"job": failing["name"], "layer": "sim", "frame": 5}
    assert call(sim, "job.FrameInterface/FindFrame", body)["frame"]["state"] == "DEAD"
    layer = call(sim, "job.LayerInterface/FindLayer", {"job": failing["name"], "layer": "sim"})
    assert layer["layer"]["layerStats"]["deadFrames"] == 3


def test_host_search_criteria(sim: SimHarness) -> None:
    def names(r: dict) -> list[str]:
        return [
            h["name"] for h in call(sim, "host.HostInterface/GetHosts", {"r": r})["hosts"]["hosts"]
        ]

    assert names({"states": {"state": ["DOWN"]}}) == ["render-0014"]
    assert names({"states": {"state": ["REPAIR"]}}) == ["render-0016"]
    assert names({"lockStates": {"state": ["LOCKED", "NIMBY_LOCKED"]}}) == [
        "render-0015",
        "ws-kwong",
    ]
    assert names({"allocs": ["local.gpu"]}) == [f"gpu-000{i}" for i in range(1, 5)]
    assert names({"regex": ["^ws-"], "substr": ["ch"]}) == ["ws-mchen"]
    assert len(names({})) == 24
