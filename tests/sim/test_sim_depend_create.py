"""The simulator creates depends as Cuebot's ManageJob/ManageLayer/ManageFrame and
DependManagerService do: lookups by id, the refusals and their errors, the frames held."""

from __future__ import annotations

from tests.sim.simhelpers import call, states

from cuetui.sim import model as m
from cuetui.sim.harness import SimHarness

J, L, F = "job.JobInterface/", "job.LayerInterface/", "job.FrameInterface/"
DEPEND_EXCEPTION = "com.imageworks.spcue.depend.DependException"


def anchor(sim: SimHarness, key: str) -> m.Job:
    return sim.farm.jobs[sim.farm.anchors[key]]


def ref(entity: m.Job | m.Layer | m.Frame) -> dict[str, str]:
    return {"id": entity.msg.id}


def error(sim: SimHarness, path: str, body: dict, status: int) -> str:
    return call(sim, path, body, status=status)["message"]


def test_job_on_job_answers_the_depend_and_holds_every_frame_at_once(sim) -> None:
    held, on = anchor(sim, "paused"), anchor(sim, "depend")
    before = states(sim, held.msg.id)
    assert set(before.values()) == {"SUCCEEDED", "WAITING"}
    body = {"job": ref(held), "onJob": {"id": on.msg.id, "name": "ignored"}}
    depend = call(sim, J + "CreateDependencyOnJob", body)["depend"]
    assert depend["type"] == "JOB_ON_JOB" and depend["target"] == "EXTERNAL"
    assert depend["active"] is True
    assert (depend["dependErJob"], depend["dependOnJob"]) == (held.msg.name, on.msg.name)
    # The wait-to-depend trigger: SUCCEEDED frames go DEPEND too (they render again later).
    assert set(states(sim, held.msg.id).values()) == {"DEPEND"}
    # The same depend again trips the unique signature; satisfied, it can be made anew.
    message = error(sim, J + "CreateDependencyOnJob", body, 500)
    assert "i_depend_signature" in message
    call(sim, "depend.DependInterface/Satisfy", {"depend": {"id": depend["id"]}})
    again = call(sim, J + "CreateDependencyOnJob", body)["depend"]
    assert again["id"] != depend["id"] and again["active"] is True
    deps = call(sim, J + "GetDepends", {"job": ref(held)})["depends"]["depends"]
    assert sorted((d["id"], d["active"]) for d in deps) == sorted(
        [(depend["id"], False), (again["id"], True)]
    )


def test_job_depend_refusals_and_lookups(sim) -> None:
    held, finished = anchor(sim, "paused"), anchor(sim, "finished")
    own = {"job": ref(held), "onJob": ref(held)}
    assert error(sim, J + "CreateDependencyOnJob", own, 500) == (
        f"{DEPEND_EXCEPTION}: A job cannot depend on itself."
    )
    done = {"job": ref(held), "onJob": ref(finished)}
    assert error(sim, J + "CreateDependencyOnJob", done, 500) == (
        f"{DEPEND_EXCEPTION}: The job you are depending on is already complete."
    )
    # ManageJob turns every miss (either side, a layer too) into 404 "Job not found".
    missing = {"job": ref(held), "onJob": {"id": "no-such-job"}}
    assert error(sim, J + "CreateDependencyOnJob", missing, 404) == "Job not found"
    layer = {"job": ref(held), "layer": {"id": "no-such-layer"}}
    assert error(sim, J + "CreateDependencyOnLayer", layer, 404) == "Job not found"
    assert set(states(sim, held.msg.id).values()) == {"SUCCEEDED", "WAITING"}


def test_layer_calls_find_by_id_and_fail_with_500(sim) -> None:
    job = anchor(sim, "depend")
    render = job.layers[0]
    same = {"layer": ref(render), "dependOnLayer": ref(render)}
    assert error(sim, L + "CreateDependencyOnLayer", same, 500) == (
        f"{DEPEND_EXCEPTION}: Cannot make the layer render depend on itself."
    )
    missing = {"layer": {"id": "no-such-layer"}, "dependOnLayer": ref(render)}
    assert "EmptyResultDataAccessException" in error(
        sim, L + "CreateDependencyOnLayer", missing, 500
    )
    other = {"layer": ref(render), "dependLayer": {"id": "no-such-layer"}}
    assert "EmptyResultDataAccessException" in error(
        sim, L + "CreateFrameByFrameDependency", other, 500
    )


def test_frame_by_frame_is_one_depend_over_frame_on_frame_children(sim) -> None:
    paused, failing = anchor(sim, "paused"), anchor(sim, "failing")
    (beauty,), (simlayer,) = paused.layers, failing.layers
    body = {"layer": ref(beauty), "dependLayer": ref(simlayer)}
    parent = call(sim, L + "CreateFrameByFrameDependency", body)["depend"]
    assert parent["type"] == "FRAME_BY_FRAME" and parent["target"] == "EXTERNAL"
    assert (parent["dependErLayer"], parent["dependOnLayer"]) == ("beauty", "sim")
    # Made again, Cuebot finds the composite by its signature and answers it.
    assert call(sim, L + "CreateFrameByFrameDependency", body)["depend"]["id"] == parent["id"]
    on = {f.msg.number: f for f in simlayer.frames}
    held = {
        f.msg.name
        for f in beauty.frames
        if f.msg.number in on and on[f.msg.number].msg.state not in m.DONE_STATES
    }
    after = states(sim, paused.msg.id)
    assert held and {n for n, s in after.items() if s == "DEPEND"} == held
    # Lists show the parent, never its children.
    deps = call(sim, J + "GetDepends", {"job": ref(paused)})["depends"]["depends"]
    assert [d["type"] for d in deps] == ["FRAME_BY_FRAME"]
    holds = call(sim, J + "GetWhatDependsOnThis", {"job": ref(failing)})["depends"]["depends"]
    assert [d["id"] for d in holds] == [parent["id"]]
    # Satisfying it releases its children; it stays active (composites are never set inactive).
    call(sim, "depend.DependInterface/Satisfy", {"depend": {"id": parent["id"]}})
    assert "DEPEND" not in states(sim, paused.msg.id).values()
    assert call(sim, "depend.DependInterface/GetDepend", {"id": parent["id"]})["depend"]["active"]


def test_frame_on_frame_holds_even_a_dead_frame_and_may_wait_on_itself(sim) -> None:
    job = anchor(sim, "failing")
    frames = {f.msg.number: f for f in job.frames}
    dead, running = frames[5], frames[9]
    body = {"frame": ref(dead), "dependOnFrame": ref(running)}
    depend = call(sim, F + "CreateDependencyOnFrame", body)["depend"]
    assert depend["type"] == "FRAME_ON_FRAME" and depend["target"] == "INTERNAL"
    assert depend["dependErFrame"] == dead.msg.name
    assert states(sim, job.msg.id)[dead.msg.name] == "DEPEND"
    # FrameOnFrame's two-argument constructor has no self check: it then stays DEPEND.
    waiting = frames[6]
    call(sim, F + "CreateDependencyOnFrame", {"frame": ref(waiting), "dependOnFrame": ref(waiting)})
    assert states(sim, job.msg.id)[waiting.msg.name] == "DEPEND"
    # On a frame already done the depend is made satisfied: nothing is held.
    done, other = frames[1], frames[7]
    made = call(
        sim, F + "CreateDependencyOnFrame", {"frame": ref(other), "dependOnFrame": ref(done)}
    )
    assert made["depend"]["active"] is False
    assert states(sim, job.msg.id)[other.msg.name] == "DEAD"
    missing = {"frame": {"id": "no-such-frame"}, "dependOnFrame": ref(done)}
    assert "EmptyResultDataAccessException" in error(
        sim, F + "CreateDependencyOnFrame", missing, 500
    )
