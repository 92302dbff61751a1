"""The palette's job, layer and frame knobs: the exact request, and the effect after a poll."""

from __future__ import annotations

import pytest
from tests.frames.frames_support import open_frames
from tests.tui.conftest import confirm, goto_row, job_id, refresh, settle

from cuetui.screens.layers import LayersScreen
from cuetui.sim.launch import make_depend
from cuetui.widgets.confirm import ConfirmModal

JOB = "/job.JobInterface/"
LAYER = "/job.LayerInterface/"


def bodies(sim, path: str) -> list[dict]:
    return [c.body for c in sim.calls_to(path)]


async def answer(pilot, verb: str, typed: str) -> None:
    """Run a palette verb of the screen and type its answer."""
    pilot.app.screen.action_verb(verb)
    await pilot.pause()
    await pilot.press("ctrl+u", *typed, "enter")
    await settle(pilot)


async def on_job(pilot, sim, anchor: str) -> str:
    await settle(pilot)
    jid = job_id(sim, anchor)
    await goto_row(pilot, jid)
    sim.clear_calls()
    return jid


async def on_layer(pilot, sim, anchor: str = "failing") -> str:
    await on_job(pilot, sim, anchor)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, LayersScreen)
    sim.clear_calls()
    return pilot.app.screen.table.cursor_key


@pytest.mark.parametrize(
    ("verb", "method", "typed", "field", "attr"),
    [("set_min_gpus", "SetMinGpus", "1", "val", "min_gpus"),
     ("set_max_gpus", "SetMaxGpus", "4", "val", "max_gpus")],
)  # fmt: skip
async def test_job_gpus(make_app, sim, verb, method, typed, field, attr) -> None:
    app = make_app(show="pipeline")
    async with app.run_test(size=(80, 24)) as pilot:
        jid = await on_job(pilot, sim, "running")
        await answer(pilot, verb, typed)
        assert bodies(sim, JOB + method) == [{"job": {"id": jid}, field: int(typed)}]
        await refresh(pilot)
        assert getattr(app.screen.table.get_item(jid), attr) == int(typed)


async def test_job_max_retries_reaches_the_farm(make_app, sim) -> None:
    app = make_app(show="pipeline")
    async with app.run_test(size=(80, 24)) as pilot:
        jid = await on_job(pilot, sim, "running")
        await answer(pilot, "set_max_retries", "7")
        assert bodies(sim, JOB + "SetMaxRetries") == [{"job": {"id": jid}, "maxRetries": 7}]
        # Job messages carry no max retries: the farm's own job holds it.
        assert sim.farm.jobs[jid].max_retries == 7


async def test_auto_eat_on_asks_then_eats_the_dead(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        jid = await on_job(pilot, sim, "failing")
        dead = app.screen.table.get_item(jid).job_stats.dead_frames
        assert dead > 0
        app.screen.action_verb("auto_eat")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert "never retried" in str(app.screen.warning)
        assert sim.calls_to(JOB + "SetAutoEat") == []
        await confirm(pilot)
        assert bodies(sim, JOB + "SetAutoEat") == [{"job": {"id": jid}, "value": True}]
        await refresh(pilot)
        job = app.screen.table.get_item(jid)
        assert job.auto_eat is True
        assert job.job_stats.dead_frames == dead  # Cuebot eats only what fails from now on
        assert sim.farm.jobs[jid].max_retries == 0
        # Off again: no question, nothing destroyed.
        sim.clear_calls()
        app.screen.action_verb("auto_eat")
        await settle(pilot)
        assert bodies(sim, JOB + "SetAutoEat") == [{"job": {"id": jid}, "value": False}]
        assert sim.farm.jobs[jid].max_retries == 1


async def test_reorder_and_stagger(make_app, sim) -> None:
    app = make_app(show="pipeline")
    async with app.run_test(size=(80, 24)) as pilot:
        jid = await on_job(pilot, sim, "running")
        await answer(pilot, "reorder_last", "1-5")
        assert bodies(sim, JOB + "ReorderFrames") == [
            {"job": {"id": jid}, "range": "1-5", "order": "LAST"}
        ]
        await answer(pilot, "stagger", "1-20 4")
        assert bodies(sim, JOB + "StaggerFrames") == [
            {"job": {"id": jid}, "range": "1-20", "stagger": 4}
        ]


async def test_bad_range_is_refused_in_the_prompt(make_app, sim) -> None:
    app = make_app(show="pipeline")
    async with app.run_test(size=(80, 24)) as pilot:
        await on_job(pilot, sim, "running")
        await answer(pilot, "stagger", "1-20")  # no increment
        await pilot.press("escape")
        await settle(pilot)
        assert sim.calls_to(JOB + "StaggerFrames") == []


@pytest.mark.parametrize(
    ("verb", "method", "typed", "body", "attr", "shown"),
    [("set_max_cores", "SetMaxCores", "8", {"cores": 8.0}, "max_cores", 8.0),
     ("set_min_gpus", "SetMinGpus", "1", {"minGpus": 1}, "min_gpus", 1),
     ("set_max_gpus", "SetMaxGpus", "2", {"maxGpus": 2}, "max_gpus", 2),
     ("set_gpu_memory", "SetMinGpuMemory", "4G", {"gpuMemory": 4 * 1024**2},
      "min_gpu_memory", 4 * 1024**2),
     ("set_timeout", "SetTimeout", "120", {"timeout": 120}, "timeout", 120),
     ("set_timeout_llu", "SetTimeoutLLU", "30", {"timeoutLlu": 30}, "timeout_llu", 30)],
)  # fmt: skip
async def test_layer_settings(make_app, sim, verb, method, typed, body, attr, shown) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        lid = await on_layer(pilot, sim)
        await answer(pilot, verb, typed)
        assert bodies(sim, LAYER + method) == [{"layer": {"id": lid}, **body}]
        await refresh(pilot)
        assert getattr(app.screen.table.get_item(lid), attr) == shown


async def test_layer_threadable_toggles(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        lid = await on_layer(pilot, sim)
        before = app.screen.table.get_item(lid).is_threadable
        app.screen.action_verb("threadable")
        await settle(pilot)
        assert bodies(sim, LAYER + "SetThreadable") == [
            {"layer": {"id": lid}, "threadable": not before}
        ]
        await refresh(pilot)
        assert app.screen.table.get_item(lid).is_threadable is (not before)


async def test_layer_mark_done_releases_the_layer_waiting_on_it(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(120, 30)) as pilot:
        jid = job_id(sim, "depend")
        first, second = sim.farm.jobs[jid].layers[:2]
        await on_job(pilot, sim, "depend")
        await pilot.press("enter")
        await settle(pilot)
        await goto_row(pilot, first.msg.id)
        assert app.screen.table.get_item(second.msg.id).layer_stats.depend_frames > 0
        sim.clear_calls()
        app.screen.action_verb("mark_done")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await confirm(pilot)
        assert bodies(sim, LAYER + "MarkdoneFrames") == [{"layer": {"id": first.msg.id}}]
        await refresh(pilot)
        assert app.screen.table.get_item(second.msg.id).layer_stats.depend_frames == 0


async def test_frame_eat_and_mark_done(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(120, 30)) as pilot:
        jid = job_id(sim, "depend")
        first = sim.farm.jobs[jid].layers[0]
        screen = await open_frames(pilot, sim, "depend")
        frame = first.frames[0]
        await goto_row(pilot, frame.msg.id)
        screen.action_verb("eat_mark_done")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await confirm(pilot)
        names = {"frames": [frame.msg.name]}
        assert bodies(sim, JOB + "EatFrames") == [{"job": {"id": jid}, "req": names}]
        assert bodies(sim, JOB + "MarkDoneFrames") == [{"job": {"id": jid}, "req": names}]
        await refresh(pilot)
        assert app.screen.table.get_item(frame.msg.id).state == "EATEN"


async def test_palette_offers_the_knobs_and_readonly_refuses_them(make_app, sim) -> None:
    app = make_app(show="pipeline")
    async with app.run_test(size=(80, 24)) as pilot:
        await on_job(pilot, sim, "running")
        labels = {v.label for v in app.screen.palette_verbs()}
        assert {"Set max retries", "Auto-eat on/off", "Stagger frames"} <= labels
    app = make_app(show="pipeline", readonly=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_job(pilot, sim, "running")
        assert not any(v.writes for v in app.screen.palette_verbs())
        app.screen.action_verb("set_max_retries")
        await settle(pilot)
        assert sim.calls_to(JOB + "SetMaxRetries") == []


async def test_frame_mark_done_releases_what_waits_on_it(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(120, 30)) as pilot:
        jid = job_id(sim, "failing")
        frame = sim.farm.jobs[jid].frames[0]
        waiter = sim.farm.jobs[job_id(sim, "paused")]
        depend = make_depend(sim.farm, waiter, frame)  # a job waiting on one frame
        screen = await open_frames(pilot, sim, "failing")
        state = screen.table.get_item(frame.msg.id).state
        await goto_row(pilot, frame.msg.id)
        screen.action_verb("mark_done")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await confirm(pilot)
        assert bodies(sim, JOB + "MarkDoneFrames") == [
            {"job": {"id": jid}, "req": {"frames": [frame.msg.name]}}
        ]
        assert depend.msg.active is False
        await refresh(pilot)
        assert app.screen.table.get_item(frame.msg.id).state == state  # not made SUCCEEDED
