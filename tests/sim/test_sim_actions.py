"""Each action's exact state change, as Cuebot would make it."""

from __future__ import annotations

from simhelpers import call, frames, host, job, states

from cuetui.sim import model as m
from cuetui.sim.harness import SimHarness

J = "job.JobInterface/"


def running_frame(sim: SimHarness, job_id: str) -> dict:
    return next(f for f in frames(sim, job_id) if f["state"] == "RUNNING")


def test_pause_stops_dispatch_and_resume_restarts_it(sim: SimHarness) -> None:
    job_id = sim.farm.anchors["paused"]
    assert job(sim, job_id)["isPaused"] is True
    sim.tick(5)
    assert "RUNNING" not in states(sim, job_id).values()  # paused: nothing booked
    call(sim, J + "Resume", {"job": {"id": job_id}})
    assert job(sim, job_id)["isPaused"] is False
    # Free some room: the paused job is low priority on a full farm.
    call(sim, J + "Pause", {"job": {"id": sim.farm.anchors["running"]}})
    for other in call(sim, J + "GetJobs", {"r": {}})["jobs"]["jobs"]:
        if other["id"] != job_id:
            call(sim, J + "Kill", {"job": {"id": other["id"]}, "reason": "make room"})
    sim.tick(2)
    assert "RUNNING" in states(sim, job_id).values() or "SETUP" in states(sim, job_id).values()
    call(sim, J + "Pause", {"job": {"id": job_id}})
    assert job(sim, job_id)["isPaused"] is True


def test_kill_with_reason_finishes_the_job_and_stops_its_frames(sim: SimHarness) -> None:
    job_id = sim.farm.anchors["running"]
    before = states(sim, job_id)
    running = [n for n, s in before.items() if s == "RUNNING"]
    assert running
    body = {"job": {"id": job_id}, "username": "wrangler", "pid": "42", "hostKill": "ws1",
            "reason": "Manual Job Kill Request in cuetui by wrangler"}  # fmt: skip
    assert call(sim, J + "Kill", body) == {}
    j = job(sim, job_id)
    assert j["state"] == "FINISHED" and j["stopTime"] == sim.farm.now
    after = states(sim, job_id)
    assert all(after[n] == "WAITING" for n in running)  # manualStopFrame(WAITING)
    assert not [p for p in sim.farm.procs.values() if p.msg.job_name == j["name"]]
    assert sim.farm.killed_jobs[-1][1]["username"] == "wrangler"
    assert job_id not in {x["id"] for x in call(sim, J + "GetJobs", {"r": {}})["jobs"]["jobs"]}


def test_kill_without_a_reason_is_silently_ignored(sim: SimHarness) -> None:
    job_id = sim.farm.anchors["running"]
    before = states(sim, job_id)
    assert call(sim, J + "Kill", {"job": {"id": job_id}}) == {}
    assert call(sim, J + "Kill", {"job": {"id": job_id}, "reason": ""}) == {}
    assert job(sim, job_id)["state"] == "PENDING"
    assert states(sim, job_id) == before
    assert len(sim.farm.ignored_kills) == 2


def test_retry_dead_frames_sets_them_waiting_and_reopens_nothing_else(sim: SimHarness) -> None:
    job_id = sim.farm.anchors["failing"]
    before = states(sim, job_id)
    dead = sorted(n for n, s in before.items() if s == "DEAD")
    assert dead == ["0005-sim", "0006-sim", "0007-sim"]
    call(
        sim,
        J + "RetryFrames",
        {"job": {"id": job_id}, "req": {"states": {"frameStates": ["DEAD"]}}},
    )
    after = states(sim, job_id)
    assert [after[n] for n in dead] == ["WAITING"] * 3
    assert {n: s for n, s in after.items() if n not in dead} == {
        n: s for n, s in before.items() if n not in dead
    }


def test_eat_dead_frames_sets_them_eaten(sim: SimHarness) -> None:
    job_id = sim.farm.anchors["failing"]
    call(
        sim, J + "EatFrames", {"job": {"id": job_id}, "req": {"states": {"frameStates": ["DEAD"]}}}
    )
    after = states(sim, job_id)
    assert [after[f"000{i}-sim"] for i in (5, 6, 7)] == ["EATEN"] * 3
    assert after["0001-sim"] == "SUCCEEDED"
    stats = job(sim, job_id)["jobStats"]
    assert stats["eatenFrames"] == 3 and stats["deadFrames"] == 0


def test_retry_and_eat_honour_layer_and_range_criteria(sim: SimHarness) -> None:
    job_id = sim.farm.anchors["depend"]
    body = {"job": {"id": job_id}, "req": {"layers": ["render"], "frameRange": "1-2"}}
    call(sim, J + "EatFrames", body)
    after = states(sim, job_id)
    assert after["0001-render"] == after["0002-render"] == "EATEN"
    assert after["0003-render"] == "SUCCEEDED"
    assert after["0001-comp"] == "DEPEND"  # other layer untouched
    call(sim, J + "RetryFrames", {"job": {"id": job_id}, "req": {"frames": ["0001-render"]}})
    assert states(sim, job_id)["0001-render"] == "WAITING"
    assert states(sim, job_id)["0002-render"] == "EATEN"


def test_job_kill_frames_kills_running_matches_whatever_the_states_filter(sim: SimHarness) -> None:
    job_id = sim.farm.anchors["depend"]
    running = [f["name"] for f in frames(sim, job_id) if f["state"] == "RUNNING"]
    target = running[0]
    body = {"job": {"id": job_id}, "req": {"frames": [target], "states": {"frameStates": ["DEAD"]}},
            "username": "w", "reason": "stuck"}  # fmt: skip
    call(sim, J + "KillFrames", body)
    after = {f["name"]: f for f in frames(sim, job_id)}
    assert after[target]["state"] == "WAITING" and after[target]["retryCount"] == 1
    assert after[target]["exitStatus"] == 1
    assert all(after[n]["state"] == "RUNNING" for n in running[1:])


def test_mark_as_waiting_releases_depend_frames(sim: SimHarness) -> None:
    job_id = sim.farm.anchors["depend"]
    call(sim, J + "MarkAsWaiting", {"job": {"id": job_id}, "req": {"frames": ["0001-comp"]}})
    after = states(sim, job_id)
    assert after["0001-comp"] == "WAITING" and after["0002-comp"] == "DEPEND"


def test_priority_and_cores(sim: SimHarness) -> None:
    job_id = sim.farm.anchors["paused"]
    call(sim, J + "SetPriority", {"job": {"id": job_id}, "val": 321})
    call(sim, J + "SetMinCores", {"job": {"id": job_id}, "val": 2.5})
    call(sim, J + "SetMaxCores", {"job": {"id": job_id}, "val": 64})
    j = job(sim, job_id)
    assert (j["priority"], j["minCores"], j["maxCores"]) == (321, 2.5, 64)


def test_comments(sim: SimHarness) -> None:
    job_id = sim.farm.anchors["paused"]
    assert job(sim, job_id)["hasComment"] is False
    assert call(sim, J + "GetComments", {"job": {"id": job_id}})["comments"]["comments"] == []
    new = {"user": "wrangler", "subject": "why paused", "message": "waiting on lookdev"}
    call(sim, J + "AddComment", {"job": {"id": job_id}, "newComment": new})
    comments = call(sim, J + "GetComments", {"job": {"id": job_id}})["comments"]["comments"]
    assert [(c["user"], c["subject"], c["message"]) for c in comments] == [
        ("wrangler", "why paused", "waiting on lookdev")
    ]
    assert comments[0]["timestamp"] == sim.farm.now and comments[0]["id"]
    assert job(sim, job_id)["hasComment"] is True
    failing = call(sim, J + "GetComments", {"job": {"id": sim.farm.anchors["failing"]}})
    assert len(failing["comments"]["comments"]) == 2


# ---------------------------------------------------------------------- layers
def layer_named(sim: SimHarness, job_id: str, name: str) -> dict:
    layers = call(sim, J + "GetLayers", {"job": {"id": job_id}})["layers"]["layers"]
    return next(la for la in layers if la["name"] == name)


def test_layer_kill_frames_kills_only_its_running_frames(sim: SimHarness) -> None:
    job_id = sim.farm.anchors["depend"]
    layer = layer_named(sim, job_id, "render")
    before = states(sim, job_id)
    call(sim, "job.LayerInterface/KillFrames", {"layer": {"id": layer["id"]}, "reason": "x"})
    after = states(sim, job_id)
    for name, state in before.items():
        expected = "WAITING" if state == "RUNNING" and name.endswith("-render") else state
        assert after[name] == expected, name


def test_layer_retry_retries_every_frame_of_the_layer(sim: SimHarness) -> None:
    job_id = sim.farm.anchors["failing"]
    layer = layer_named(sim, job_id, "sim")
    call(sim, "job.LayerInterface/RetryFrames", {"layer": {"id": layer["id"]}})
    assert set(states(sim, job_id).values()) == {"WAITING"}


def test_layer_eat_eats_every_frame_and_finishes_the_job(sim: SimHarness) -> None:
    job_id = sim.farm.anchors["failing"]
    layer = layer_named(sim, job_id, "sim")
    call(sim, "job.LayerInterface/EatFrames", {"layer": {"id": layer["id"]}})
    after = states(sim, job_id)
    assert {s for n, s in after.items() if n not in ("0001-sim", "0002-sim")} == {"EATEN"}
    assert job(sim, job_id)["state"] == "FINISHED"  # all frames succeeded or eaten


def test_layer_set_tags_replaces_all(sim: SimHarness) -> None:
    job_id = sim.farm.anchors["paused"]
    layer = layer_named(sim, job_id, "beauty")
    call(sim, "job.LayerInterface/SetTags", {"layer": {"id": layer["id"]}, "tags": ["a", "b"]})
    assert layer_named(sim, job_id, "beauty")["tags"] == ["a", "b"]


# ---------------------------------------------------------------------- frames
def test_frame_retry_eat_kill_mark_waiting(sim: SimHarness) -> None:
    job_id = sim.farm.anchors["failing"]
    by_name = {f["name"]: f for f in frames(sim, job_id)}
    call(sim, "job.FrameInterface/Retry", {"frame": {"id": by_name["0005-sim"]["id"]}})
    call(sim, "job.FrameInterface/Eat", {"frame": {"id": by_name["0006-sim"]["id"]}})
    running = running_frame(sim, job_id)
    call(sim, "job.FrameInterface/Kill", {"frame": {"id": running["id"]}, "reason": "r"})
    after = states(sim, job_id)
    assert after["0005-sim"] == "WAITING" and after["0006-sim"] == "EATEN"
    assert after[running["name"]] == "WAITING" and after["0007-sim"] == "DEAD"
    dep = sim.farm.anchors["depend"]
    comp = next(f for f in frames(sim, dep) if f["name"] == "0004-comp")
    call(sim, "job.FrameInterface/MarkAsWaiting", {"frame": {"id": comp["id"]}})
    assert states(sim, dep)["0004-comp"] == "WAITING"


def test_retrying_a_running_frame_stops_it_into_waiting(sim: SimHarness) -> None:
    job_id = sim.farm.anchors["running"]
    frame = running_frame(sim, job_id)
    call(sim, "job.FrameInterface/Retry", {"frame": {"id": frame["id"]}})
    after = next(f for f in frames(sim, job_id) if f["id"] == frame["id"])
    assert after["state"] == "WAITING"
    assert after["exitStatus"] == m.WAITING + 500  # manualStopFrame's exit status
    assert after["retryCount"] == frame["retryCount"]


# ---------------------------------------------------------------------- hosts and procs
def test_lock_unlock(sim: SimHarness) -> None:
    hid = next(h.msg.id for h in sim.farm.hosts.values() if h.msg.name == "render-0001")
    call(sim, "host.HostInterface/Lock", {"host": {"id": hid}})
    assert host(sim, hid)["lockState"] == "LOCKED"
    procs_before = len(sim.farm.hosts[hid].procs)
    sim.tick(400)  # every frame on it ends, nothing new is booked
    assert host(sim, hid)["lockState"] == "LOCKED"
    assert len(sim.farm.hosts[hid].procs) == 0 < procs_before
    assert host(sim, hid)["idleCores"] == host(sim, hid)["cores"]
    call(sim, "host.HostInterface/Unlock", {"host": {"id": hid}})
    assert host(sim, hid)["lockState"] == "OPEN"
    sim.tick(1)
    assert sim.farm.hosts[hid].procs  # booked again


def test_host_tags(sim: SimHarness) -> None:
    hid = sim.farm.anchors["host_locked"]
    call(sim, "host.HostInterface/AddTags", {"host": {"id": hid}, "tags": ["nuke", "general"]})
    assert host(sim, hid)["tags"] == ["general", "linux", "nuke"]
    call(sim, "host.HostInterface/RenameTag", {"host": {"id": hid}, "oldTag": "nuke",
                                               "newTag": "comp"})  # fmt: skip
    assert host(sim, hid)["tags"] == ["general", "linux", "comp"]
    call(sim, "host.HostInterface/RemoveTags", {"host": {"id": hid}, "tags": ["linux", "comp"]})
    assert host(sim, hid)["tags"] == ["general"]


def test_set_hardware_state_repair_and_clear(sim: SimHarness) -> None:
    hid = next(h.msg.id for h in sim.farm.hosts.values() if h.msg.name == "render-0002")
    call(sim, "host.HostInterface/SetHardwareState", {"host": {"id": hid}, "state": "REPAIR"})
    assert host(sim, hid)["state"] == "REPAIR"
    call(sim, "host.HostInterface/SetHardwareState", {"host": {"id": hid}, "state": "DOWN"})
    assert host(sim, hid)["state"] == "DOWN"


def test_proc_kill_and_unbook(sim: SimHarness) -> None:
    hid = next(h.msg.id for h in sim.farm.hosts.values() if h.msg.name == "render-0001")
    procs = call(sim, "host.HostInterface/GetProcs", {"host": {"id": hid}})["procs"]["procs"]
    assert len(procs) >= 2
    # Named as CueUtil.buildProcName names them: host/cores with two decimals.
    assert all(p["name"] == f"render-0001/{p['reservedCores']:.2f}" for p in procs)
    victim = procs[0]
    call(sim, "host.ProcInterface/Kill", {"proc": {"id": victim["id"]}})
    left = call(sim, "host.HostInterface/GetProcs", {"host": {"id": hid}})["procs"]["procs"]
    assert victim["id"] not in {p["id"] for p in left}
    call(sim, "host.ProcInterface/Unbook", {"proc": {"id": left[0]["id"]}, "kill": False})
    again = call(sim, "host.HostInterface/GetProcs", {"host": {"id": hid}})["procs"]["procs"]
    assert next(p for p in again if p["id"] == left[0]["id"])["unbooked"] is True
    by_host = call(sim, "host.ProcInterface/GetProcs", {"r": {"hosts": ["render-0001"]}})
    assert {p["id"] for p in by_host["procs"]["procs"]} == {p["id"] for p in again}


def test_set_billable(sim: SimHarness) -> None:
    """ManageAllocation.setBillable finds `<facility>.<name>`; the id alone finds nothing."""
    allocs = call(sim, "facility.AllocationInterface/GetAll")["allocations"]["allocations"]
    general = next(a for a in allocs if a["name"] == "local.general")
    assert general["billable"] is False
    miss = call(sim, "facility.AllocationInterface/SetBillable",
                {"allocation": {"id": general["id"]}, "value": True}, status=500)  # fmt: skip
    assert miss["code"] == 13
    assert "Incorrect result size: expected 1, actual 0" in miss["message"]
    for name in ("general", "local.general"):  # Cuebot strips a "facility." prefix
        value = name == "general"
        call(sim, "facility.AllocationInterface/SetBillable",
             {"allocation": {"name": name, "facility": "local"}, "value": value})  # fmt: skip
        allocs = call(sim, "facility.AllocationInterface/GetAll")["allocations"]["allocations"]
        assert next(a for a in allocs if a["name"] == "local.general")["billable"] is value
    # The facility comes from the request, never from the name.
    cloud = {"name": "local.general", "facility": "cloud"}
    call(sim, "facility.AllocationInterface/SetBillable", {"allocation": cloud, "value": False})
    allocs = call(sim, "facility.AllocationInterface/GetAll")["allocations"]["allocations"]
    assert next(a for a in allocs if a["name"] == "cloud.general")["billable"] is False


def test_deferred_actions_land_on_the_next_tick(sim: SimHarness) -> None:
    sim.farm.defer_actions = True
    job_id = sim.farm.anchors["failing"]
    body = {"job": {"id": job_id}, "req": {"states": {"frameStates": ["DEAD"]}}}
    assert call(sim, J + "RetryFrames", body) == {}
    assert states(sim, job_id)["0005-sim"] == "DEAD"  # requested, not done yet
    call(sim, J + "Kill", {"job": {"id": job_id}, "reason": "r"})
    assert job(sim, job_id)["state"] == "PENDING"
    sim.tick()
    assert states(sim, job_id)["0005-sim"] == "WAITING"
    assert job(sim, job_id)["state"] == "FINISHED"


def test_layer_start_after_holds_dispatch_and_is_validated(sim: SimHarness) -> None:
    job_id = sim.farm.anchors["depend"]
    layer = layer_named(sim, job_id, "render")
    later = sim.farm.now + 1000
    body = {"layer": {"id": layer["id"]}, "startAfter": later, "username": "w"}
    call(sim, "job.LayerInterface/SetStartAfter", body)
    got = layer_named(sim, job_id, "render")
    assert got["startAfter"] == str(later) and got["startAfterReason"] == "set by w"
    call(sim, "job.LayerInterface/KillFrames", {"layer": {"id": layer["id"]}, "reason": "x"})
    sim.tick(5)
    assert "RUNNING" not in {s for n, s in states(sim, job_id).items() if n.endswith("-render")}
    bad = {"layer": {"id": layer["id"]}, "startAfter": -1}
    assert call(sim, "job.LayerInterface/SetStartAfter", bad, status=400)["code"] == 3


def test_group_setters(sim: SimHarness) -> None:
    show = next(s for s in sim.farm.shows.values() if s.msg.name == "testing")
    assert show.root is not None
    gid = show.root.msg.id
    call(sim, "job.GroupInterface/SetMaxCores", {"group": {"id": gid}, "maxCores": 120})
    call(sim, "job.GroupInterface/SetDefaultJobPriority", {"group": {"id": gid}, "priority": 7})
    group = call(sim, "job.GroupInterface/GetGroup", {"id": gid})["group"]
    assert group["maxCores"] == 120 and group["defaultJobPriority"] == 7


def test_job_depend_on_another_job_holds_its_frames(sim: SimHarness) -> None:
    er = sim.farm.anchors["paused"]
    on = sim.farm.anchors["failing"]  # never finishes by itself: it has dead frames
    data = call(sim, J + "CreateDependencyOnJob", {"job": {"id": er}, "onJob": {"id": on}})
    dep = data["depend"]
    assert (dep["type"], dep["target"], dep["active"]) == ("JOB_ON_JOB", "EXTERNAL", True)
    # Cuebot's update_frame_wait_to_dep trigger: succeeded frames are held too (CONTRACT.md).
    assert set(states(sim, er).values()) == {"DEPEND"}
    deps = call(sim, J + "GetWhatThisDependsOn", {"job": {"id": er}})["depends"]["depends"]
    assert [d["id"] for d in deps] == [dep["id"]]
    call(sim, J + "EatFrames", {"job": {"id": on}, "req": {}})  # on-job finishes
    assert job(sim, on)["state"] == "FINISHED"
    # ...and come back WAITING, to render again.
    assert set(states(sim, er).values()) == {"WAITING"}
    assert call(sim, J + "GetWhatThisDependsOn", {"job": {"id": er}})["depends"]["depends"] == []
