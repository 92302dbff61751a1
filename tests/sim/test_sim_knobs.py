"""The simulator's job knobs do what Cuebot's ManageJob and JobDaoJdbc do."""

from __future__ import annotations

from simhelpers import call, job, states

from cuetui.sim.harness import SimHarness

J = "job.JobInterface/"


def test_auto_eat_sets_max_retries_and_leaves_the_dead_dead(sim: SimHarness) -> None:
    job_id = sim.farm.anchors["failing"]
    dead = [n for n, s in states(sim, job_id).items() if s == "DEAD"]
    assert dead
    call(sim, J + "SetAutoEat", {"job": {"id": job_id}, "value": True})
    assert job(sim, job_id)["autoEat"] is True
    assert sim.farm.jobs[job_id].max_retries == 0  # JobDaoJdbc.updateAutoEat
    assert [n for n, s in states(sim, job_id).items() if s == "DEAD"] == dead
    call(sim, J + "SetAutoEat", {"job": {"id": job_id}, "value": False})
    assert sim.farm.jobs[job_id].max_retries == 1


def test_max_retries_and_a_missing_job(sim: SimHarness) -> None:
    job_id = sim.farm.anchors["running"]
    call(sim, J + "SetMaxRetries", {"job": {"id": job_id}, "maxRetries": 5})
    assert sim.farm.jobs[job_id].max_retries == 5
    call(sim, J + "SetAutoEat", {"job": {"id": "no-such-job"}, "value": True}, status=404)
