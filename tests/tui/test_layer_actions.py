"""Every layer verb sends exactly the contract's request, and the refresh shows its effect."""

from __future__ import annotations

import os
import socket

from tests.tui.conftest import confirm, goto_row, job_id, refresh, settle

from cuetui.screens.layers import LayersScreen
from cuetui.widgets.confirm import ConfirmModal

LAYER = "/job.LayerInterface/"
JOB = "/job.JobInterface/"


async def open_layers(pilot, sim, anchor: str = "failing") -> tuple[str, str]:
    """From the testing show's jobs, Enter on the anchor job; returns (job id, layer id)."""
    await settle(pilot)
    jid = job_id(sim, anchor)
    await goto_row(pilot, jid)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, LayersScreen)
    sim.clear_calls()
    return jid, pilot.app.screen.table.cursor_key


def layer(app, lid: str):
    return app.screen.table.get_item(lid)


async def test_retry_and_eat_dead_frames_of_a_layer(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        jid, lid = await open_layers(pilot, sim)
        assert layer(app, lid).layer_stats.dead_frames == 3
        await pilot.press("r")
        await settle(pilot)
        dead_of_sim = {"layers": ["sim"], "states": {"frameStates": ["DEAD"]}}
        assert [c.body for c in sim.calls_to(JOB + "RetryFrames")] == [
            {"job": {"id": jid}, "req": dead_of_sim}
        ]
        await refresh(pilot)
        assert layer(app, lid).layer_stats.dead_frames == 0
        # Let frames die again (this job's frames fail 90% of their runs), then eat them.
        for _ in range(20):
            sim.tick(30)
            await refresh(pilot)
            if layer(app, lid).layer_stats.dead_frames:
                break
        dead = layer(app, lid).layer_stats.dead_frames
        sim.clear_calls()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert app.screen.lines == [
            "Eat dead frames 1 layer of testing-sh010-jsmith_fx_sim_v012:",
            "sim",
        ]
        await confirm(pilot)
        assert [c.body for c in sim.calls_to(JOB + "EatFrames")] == [
            {"job": {"id": jid}, "req": dead_of_sim}
        ]
        await refresh(pilot)
        assert layer(app, lid).layer_stats.dead_frames == 0
        assert layer(app, lid).layer_stats.eaten_frames >= dead


async def test_kill_layer_frames(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        _, lid = await open_layers(pilot, sim)
        assert layer(app, lid).layer_stats.running_frames == 3
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert "3 running frames will die" in app.screen.warning
        await confirm(pilot)
        assert [c.body for c in sim.calls_to(LAYER + "KillFrames")] == [
            {
                "layer": {"id": lid},
                "username": "tester",
                "pid": str(os.getpid()),
                "hostKill": socket.gethostname(),
                "reason": "Manual Layer Kill Request in cuetui by tester",
            }
        ]
        await refresh(pilot)
        assert layer(app, lid).layer_stats.running_frames == 0


async def test_kill_cancelled_sends_nothing(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_layers(pilot, sim)
        await pilot.press("ctrl+k")
        await pilot.pause()
        await pilot.press("enter")  # Cancel has the focus
        await settle(pilot)
        assert [c.path for c in sim.calls if "Get" not in c.path] == []


async def test_set_tags_replaces_all(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        _, lid = await open_layers(pilot, sim)
        before = list(layer(app, lid).tags)
        await pilot.press("t")
        await pilot.pause()
        field = app.screen.query_one("Input")
        assert field.value == " ".join(before)  # prefilled with the current tags
        await pilot.press("ctrl+u", *"general fx", "enter")
        await settle(pilot)
        assert [c.body for c in sim.calls_to(LAYER + "SetTags")] == [
            {"layer": {"id": lid}, "tags": ["general", "fx"]}
        ]
        await refresh(pilot)
        assert layer(app, lid).tags == ["general", "fx"]


async def test_set_min_cores_and_memory(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        _, lid = await open_layers(pilot, sim)
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("ctrl+u", *"4", "enter")
        await settle(pilot)
        assert [c.body for c in sim.calls_to(LAYER + "SetMinCores")] == [
            {"layer": {"id": lid}, "cores": 4.0}
        ]
        await pilot.press("M")
        await pilot.pause()
        await pilot.press("ctrl+u", *"8G", "enter")
        await settle(pilot)
        assert [c.body for c in sim.calls_to(LAYER + "SetMinMemory")] == [
            {"layer": {"id": lid}, "memory": 8 * 1024 * 1024}
        ]
        await refresh(pilot)
        assert layer(app, lid).min_cores == 4.0
        assert layer(app, lid).min_memory == 8 * 1024 * 1024
