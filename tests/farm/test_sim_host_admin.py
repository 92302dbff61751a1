"""The simulator answers host administration as Cuebot's ManageHost/ManageComment do.

Hosts by id (a miss: 500); SetAllocation by allocation id and refused while procs run
(HostManagerService.setAllocation); RebootWhenIdle writes REBOOT_WHEN_IDLE whatever runs;
Delete removes any state's host and its comments, a host with procs fails the proc foreign
key; RedirectToJob looks up each proc id and the job id, kills the frames and answers true.
"""

from __future__ import annotations

from typing import Any

import httpx

from cuetui.sim.harness import SimHarness

H = "/host.HostInterface/"
C = "/comment.CommentInterface/"


def call(sim: SimHarness, path: str, body: dict[str, Any], status: int = 200) -> dict[str, Any]:
    r = httpx.post(f"{sim.url}{path}", json=body, headers=sim.headers(), timeout=10)
    assert r.status_code == status, f"{path}: {r.status_code} {r.text}"
    return r.json()


def host(sim: SimHarness, name: str) -> Any:
    return next(h for h in sim.farm.hosts.values() if h.msg.name == name)


def alloc_id(sim: SimHarness, name: str) -> str:
    return next(a.msg.id for a in sim.farm.allocs.values() if a.msg.name == name)


def test_set_allocation_by_id_and_refused_while_procs_run(sim: SimHarness) -> None:
    idle, busy = host(sim, "render-0015"), host(sim, "render-0003")
    gpu = alloc_id(sim, "local.gpu")
    # By name, as SetBillable's bug did: Cuebot finds no allocation with that id.
    out = call(
        sim, H + "SetAllocation", {"host": {"id": idle.msg.id}, "allocationId": "local.gpu"}, 500
    )
    assert "expected 1, actual 0" in str(out)
    call(sim, H + "SetAllocation", {"host": {"id": idle.msg.id}, "allocationId": gpu})
    assert idle.msg.alloc_name == "local.gpu" and idle in sim.farm.allocs[gpu].hosts
    out = call(sim, H + "SetAllocation", {"host": {"id": busy.msg.id}, "allocationId": gpu}, 500)
    assert "You cannot move hosts with running procs between allocations." in str(out)
    assert busy.msg.alloc_name == "local.general"
    call(sim, H + "SetAllocation", {"host": {"id": "nosuch"}, "allocationId": gpu}, 500)


def test_reboots_set_the_states_cuebot_writes(sim: SimHarness) -> None:
    idle, busy = host(sim, "render-0015"), host(sim, "render-0003")
    call(sim, H + "RebootWhenIdle", {"host": {"id": idle.msg.id}})
    call(sim, H + "RebootWhenIdle", {"host": {"id": busy.msg.id}})
    assert idle.msg.state == busy.msg.state == 3  # REBOOT_WHEN_IDLE, idle or not
    call(sim, H + "Reboot", {"host": {"id": busy.msg.id}})
    assert busy.msg.state == 2  # REBOOTING
    call(sim, H + "Reboot", {"host": {"id": "nosuch"}}, 500)


def test_delete_takes_any_state_but_not_a_host_with_procs(sim: SimHarness) -> None:
    repair, busy = host(sim, "render-0016"), host(sim, "render-0003")
    comment_ids = [c.id for c in repair.comments]
    assert comment_ids
    call(sim, H + "Delete", {"host": {"id": repair.msg.id}})  # REPAIR, not DOWN: Cuebot deletes
    assert repair.msg.id not in sim.farm.hosts
    assert not any(c in sim.farm.comments for c in comment_ids)
    out = call(sim, H + "Delete", {"host": {"id": busy.msg.id}}, 500)
    assert "foreign key" in str(out) and busy.msg.id in sim.farm.hosts


def test_redirect_looks_up_proc_ids_and_the_job_and_kills_the_frames(sim: SimHarness) -> None:
    h = host(sim, "render-0003")
    procs = list(h.procs)
    job = next(iter(sim.farm.jobs.values()))
    body = {"host": {"id": h.msg.id}, "procNames": [p.msg.name for p in procs], "jobId": job.msg.id}
    call(sim, H + "RedirectToJob", body, 500)  # names are not ids: getVirtualProc misses
    body["procNames"] = [p.msg.id for p in procs]
    call(sim, H + "RedirectToJob", {**body, "jobId": "nosuch"}, 500)
    assert call(sim, H + "RedirectToJob", body) == {"value": True}
    assert not any(p.msg.id in sim.farm.procs for p in procs)
    assert all(p.frame is None or p.frame.proc is not p for p in procs)


def test_comments_are_saved_and_deleted_by_id(sim: SimHarness) -> None:
    h = host(sim, "render-0015")
    new = {"user": "u", "subject": "s", "message": "m"}
    call(sim, H + "AddComment", {"host": {"id": h.msg.id}, "newComment": new})
    (c,) = call(sim, H + "GetComments", {"host": {"id": h.msg.id}})["comments"]["comments"]
    call(sim, C + "Save", {"comment": {"id": c["id"], "subject": "s2", "message": "m2"}})
    (saved,) = call(sim, H + "GetComments", {"host": {"id": h.msg.id}})["comments"]["comments"]
    assert (saved["subject"], saved["message"], saved["user"]) == ("s2", "m2", "u")
    call(sim, C + "Delete", {"comment": {"id": c["id"]}})
    assert not call(sim, H + "GetComments", {"host": {"id": h.msg.id}})["comments"].get("comments")
    # ManageComment's UPDATE/DELETE by id: an unknown id changes nothing and answers 200.
    call(sim, C + "Save", {"comment": {"id": "nosuch", "subject": "s", "message": "m"}})
    call(sim, C + "Delete", {"comment": {"id": c["id"]}})
