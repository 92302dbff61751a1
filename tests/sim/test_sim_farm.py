"""The farm over time: determinism, evolution, depends, hosts, arrivals, frame logs."""

from __future__ import annotations

import os
from pathlib import Path

from opencue_proto import host_pb2, job_pb2

from cuetui.sim import model as m
from cuetui.sim.farm import SimulatedFarm
from cuetui.sim.protojson import to_dict
from cuetui.sim.scenario import SMALL

EPOCH = 1_800_000_000


def snapshot(farm: SimulatedFarm) -> dict:
    """Everything a client could see, as JSON-ready dicts."""
    from cuetui.sim import views

    with farm.lock:
        return {
            "jobs": [to_dict(views.job_msg(j)) for j in farm.jobs.values()],
            "layers": [to_dict(views.layer_msg(la)) for la in farm.layers.values()],
            "frames": [to_dict(f.msg) for f in farm.frames.values()],
            "hosts": [to_dict(h.msg) for h in farm.hosts.values()],
            "procs": [to_dict(p.msg) for p in farm.procs.values()],
            "allocs": [to_dict(views.alloc_msg(a)) for a in farm.allocs.values()],
        }


def test_same_seed_and_ticks_give_the_same_farm() -> None:
    a = SimulatedFarm("small", 7, epoch=EPOCH)
    b = SimulatedFarm("small", 7, epoch=EPOCH)
    assert snapshot(a) == snapshot(b)
    a.tick(150)
    b.tick(100)
    b.tick(50)
    assert snapshot(a) == snapshot(b)
    c = SimulatedFarm("small", 8, epoch=EPOCH)
    assert snapshot(c)["jobs"] != snapshot(a)["jobs"]


def test_ids_are_stable_uuids_and_anchor_names_fixed() -> None:
    a = SimulatedFarm("small", 7, epoch=EPOCH)
    b = SimulatedFarm("small", 7, epoch=EPOCH + 500)
    assert a.anchors == b.anchors
    names = {k: a.jobs[v].msg.name for k, v in a.anchors.items() if v in a.jobs}
    assert names == {
        "failing": "testing-sh010-jsmith_fx_sim_v012",
        "paused": "testing-sh020-mchen_lighting_v004",
        "depend": "testing-sh030-arojas_comp_v002",
        "running": "pipeline-sh100-kwong_anim_playblast_v007",
        "checkpoint": "aurora-sh200-mchen_fx_sim_v003",
        "finished": "testing-sh005-jsmith_layout_v001",
    }
    import uuid

    for job_id in a.jobs:
        assert str(uuid.UUID(job_id)) == job_id


def test_small_preset_guarantees_for_any_seed() -> None:
    for seed in (7, 1, 12345):
        farm = SimulatedFarm("small", seed, epoch=EPOCH)
        pending = [j for j in farm.jobs.values() if j.msg.state == job_pb2.JobState.PENDING]
        assert 15 <= len(pending) <= 60
        assert any(j.stats.states[m.DEAD] for j in pending)
        assert any(j.msg.is_paused for j in pending)
        assert any(j.stats.states[m.DEPEND] for j in pending)
        assert any(j.comments for j in pending)
        failing = farm.jobs[farm.anchors["failing"]]
        assert [f.msg.state for f in failing.frames] == [m.SUCCEEDED] * 4 + [m.DEAD] * 3 + [
            m.RUNNING
        ] * 3
        hosts = {h.msg.name: h.msg for h in farm.hosts.values()}
        assert hosts["render-0014"].state == host_pb2.HardwareState.DOWN
        assert hosts["render-0015"].lock_state == host_pb2.LockState.LOCKED
        assert hosts["render-0016"].state == host_pb2.HardwareState.REPAIR
        assert sum(1 for h in hosts.values() if h.state == host_pb2.HardwareState.DOWN) == 1
        render = [h for h in farm.hosts.values() if h.msg.name.startswith("render-")]
        assert all(h.procs for h in render if h.msg.name <= "render-0013")
        assert len(farm.allocs) == 4 and len(farm.subs) == 7


def test_farm_evolves_frames_finish_fail_and_get_booked() -> None:
    farm = SimulatedFarm("small", 7, epoch=EPOCH)
    before = {f.msg.id: f.msg.state for f in farm.frames.values()}
    done_before = sum(j.stats.states[m.SUCCEEDED] for j in farm.jobs.values())
    farm.tick(200)
    assert farm.now == EPOCH + 200
    done_after = sum(j.stats.states[m.SUCCEEDED] for j in farm.jobs.values())
    assert done_after > done_before
    changed = sum(1 for f in farm.frames.values() if before.get(f.msg.id) != f.msg.state)
    assert changed > 50
    failing = farm.jobs[farm.anchors["failing"]]
    assert any(f.msg.retry_count for f in failing.frames[7:])  # its frames fail and retry...
    for _ in range(20):
        if failing.stats.states[m.DEAD] > 3:
            break
        farm.tick(100)
    assert failing.stats.states[m.DEAD] > 3  # ...and die once out of retries
    # Counters agree with the frames, and hosts with their procs.
    for job in farm.jobs.values():
        counts = [0] * m.N_STATES
        for f in job.frames:
            counts[f.msg.state] += 1
        assert counts == job.stats.states, job.msg.name
    for host in farm.hosts.values():
        used = sum(p.msg.reserved_cores for p in host.procs)
        assert abs(host.msg.idle_cores - (host.msg.cores - used)) < 1e-6
    for frame in farm.running.values():
        assert frame.proc is not None and frame.msg.state in (m.RUNNING, m.SETUP)


def test_depend_frames_are_released_when_their_layer_completes() -> None:
    farm = SimulatedFarm("small", 7, epoch=EPOCH)
    job = farm.jobs[farm.anchors["depend"]]
    render, comp = job.layers
    assert all(f.msg.state == m.DEPEND for f in comp.frames)
    for _ in range(2000):
        farm.tick()
        if render.stats.states[m.SUCCEEDED] + render.stats.states[m.EATEN] == 10:
            break
    else:
        raise AssertionError("render never completed")
    assert not any(f.msg.state == m.DEPEND for f in comp.frames)
    dep = next(iter(farm.deps_on[render.msg.id]))
    assert dep.msg.active is False


def test_hosts_go_down_and_come_back_and_new_jobs_arrive() -> None:
    scenario = SMALL.with_(host_down_rate=0.2, host_down_seconds=(5, 10), arrival_rate=0.5)
    farm = SimulatedFarm(scenario, 7, epoch=EPOCH)
    jobs_before = len(farm.jobs)
    down_seen = set()
    for _ in range(60):
        farm.tick()
        down_seen |= {
            h.msg.name
            for h in farm.hosts.values()
            if h.msg.state == host_pb2.HardwareState.DOWN and not h.pinned
        }
    assert down_seen
    ups = {h.msg.name for h in farm.hosts.values() if h.msg.state == host_pb2.HardwareState.UP}
    assert down_seen & ups  # some came back
    assert len(farm.jobs) > jobs_before
    pinned = {h.msg.name: h.msg.state for h in farm.hosts.values() if h.pinned}
    assert pinned["render-0014"] == host_pb2.HardwareState.DOWN


def test_finished_jobs_leave_the_pending_list() -> None:
    farm = SimulatedFarm("small", 7, epoch=EPOCH)
    farm.tick(1500)
    finished = [j for j in farm.jobs.values() if j.msg.state == job_pb2.JobState.FINISHED]
    assert len(finished) > 3
    for job in finished:
        assert job.msg.stop_time > 0
        assert all(f.msg.state in (m.SUCCEEDED, m.EATEN) for f in job.frames)


def test_frame_logs_are_written_rotated_and_grow(tmp_path) -> None:
    farm = SimulatedFarm("small", 7, epoch=EPOCH, log_root=tmp_path)
    frame = next(iter(farm.running.values()))
    path = farm.log_path(frame)
    assert path == (
        f"{frame.job.msg.log_dir}/{frame.job.msg.name}.{frame.msg.number:04d}-"
        f"{frame.layer.msg.name}.rqlog"
    )
    assert path.startswith(str(tmp_path)) and os.path.exists(path)
    size = os.path.getsize(path)
    farm.tick()
    assert os.path.getsize(path) > size
    with farm.lock:
        farm.retry_frame(frame)  # stopped, then booked again on a later tick
    for _ in range(50):
        farm.tick()
        if frame.proc is not None:
            break
    assert frame.proc is not None
    assert os.path.exists(path + ".1")
    assert "exitStatus          500" in Path(path + ".1").read_text()
    assert "RenderQ JobSpec" in Path(path).read_text()


def test_frames_that_ran_before_the_farm_started_have_logs_of_every_attempt(tmp_path) -> None:
    # A wrangler's first move in the demo is to read a dead frame's log: it must exist.
    farm = SimulatedFarm("small", 7, epoch=EPOCH, log_root=tmp_path)
    failing = farm.jobs[farm.anchors["failing"]]
    dead = [f for f in failing.frames if f.msg.state == m.DEAD]
    done = [f for f in failing.frames if f.msg.state == m.SUCCEEDED]
    assert dead and done
    for frame in dead:
        path = Path(farm.log_path(frame))
        assert "ERROR: render failed" in path.read_text()
        assert "exitStatus          1" in path.read_text()
        attempts = sorted(p.name for p in path.parent.glob(path.name + ".*"))
        assert attempts == [f"{path.name}.{n}" for n in range(1, frame.msg.retry_count + 1)]
    for frame in done:
        assert "exitStatus          0" in Path(farm.log_path(frame)).read_text()
