"""The frames view polls GetUpdatedFrames and reads the page only when the answer needs it."""

from __future__ import annotations

from typing import Any

from frames_support import make_app, open_frames, settle

from cuetui.screens.frames import FramesScreen
from cuetui.sim import model as m
from cuetui.sim.harness import SimHarness
from cuetui.sim.launch import new_job

UPDATED = "/job.JobInterface/GetUpdatedFrames"
GET_FRAMES = "/job.JobInterface/GetFrames"


def farm_states(sim: SimHarness, job_id: str) -> dict[str, str]:
    with sim.farm.lock:
        job = sim.farm.jobs[job_id]
        return {f.msg.id: m.job_pb2.FrameState.Name(f.msg.state) for f in job.frames}


def shown_states(screen: FramesScreen) -> dict[str, str]:
    return {f.id: f.state for f in screen.table.items()}


async def poll(pilot: Any, sim: SimHarness, ticks: int = 3) -> None:
    sim.tick(ticks)
    before = len(sim.calls)
    await pilot.press("ctrl+r")
    await settle(pilot, lambda: len(sim.calls) > before)


async def test_polls_on_a_moving_job_send_only_updated_frames(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_frames(pilot, sim, "running")
        job_id = sim.farm.anchors["running"]
        before = shown_states(screen)
        sim.clear_calls()
        for _ in range(11):  # more than the periodic full read the view used to make
            await poll(pilot, sim)
        paths = [c.path for c in sim.calls]
        assert paths.count(UPDATED) == 11
        assert GET_FRAMES not in paths
        assert all(c.body["job"] == {"id": job_id} for c in sim.calls_to(UPDATED))
        checks = [c.body["lastCheck"] for c in sim.calls_to(UPDATED)]
        assert checks == sorted(checks) and len(set(checks)) == 11  # each the last serverTime
        assert screen.feed is not None and screen.feed.last_mode == "incremental"
        # The rows show the farm's states, and the farm did move.
        assert shown_states(screen) == farm_states(sim, job_id)
        assert shown_states(screen) != before


async def test_a_capped_answer_reads_the_pages_changed_frames_not_the_page(
    sim: SimHarness,
) -> None:
    farm = sim.farm
    with farm.lock:
        job = new_job(farm, "testing", "sh900", "jsmith", "comp", 1, [("comp", 150, 1)])
    app = make_app(sim)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        opened = await app.client.get_job(job.msg.id)
        app.push_screen(FramesScreen(opened))
        await settle(
            pilot, lambda: isinstance(app.screen, FramesScreen) and app.screen.table.row_count
        )
        screen = app.screen
        assert isinstance(screen, FramesScreen)
        sim.tick(1)
        with farm.lock:
            for f in job.frames:
                farm.touch(f)  # 150 changed: Cuebot's answer stops at 100
            farm.set_state(job.frames[140], m.DEAD)
        sim.clear_calls()
        await poll(pilot, sim, ticks=1)
        updated = sim.calls_to(UPDATED)
        (read,) = sim.calls_to(GET_FRAMES)
        assert len(updated) == 1
        req = read.body["req"]
        # The 100 frames of the answer are fresh: the read asks for the page's other 50.
        assert len(req["ids"]) == 50 and req["changeDate"] == updated[0].body["lastCheck"]
        assert job.frames[140].msg.id in req["ids"]
        assert screen.feed is not None and screen.feed.last_mode == "changes"
        assert shown_states(screen) == farm_states(sim, job.msg.id)
        assert shown_states(screen)[job.frames[140].msg.id] == "DEAD"


async def test_sort_change_and_retry_read_the_page(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await open_frames(pilot, sim, "failing")
        sim.clear_calls()
        await poll(pilot, sim)
        assert not sim.calls_to(GET_FRAMES)
        await pilot.press("s")  # sort by the next column
        await settle(pilot, lambda: bool(sim.calls_to(GET_FRAMES)))
        (page,) = sim.calls_to(GET_FRAMES)
        assert page.body["req"]["page"] == 1 and "ids" not in page.body["req"]
        assert screen.feed is not None and screen.feed.last_mode == "full"
        sim.clear_calls()
        await pilot.press("r")  # retry the highlighted frame
        await settle(pilot, lambda: bool(sim.calls_to(GET_FRAMES)), timeout=15)
        assert sim.calls_to("/job.FrameInterface/Retry")
        assert sim.calls_to(GET_FRAMES)[0].body["req"]["page"] == 1
