"""Every job verb sends exactly the contract's request, and the refresh shows its effect."""

from __future__ import annotations

import os
import socket

import pytest
from tests.tui.conftest import confirm, goto_row, job_id, refresh, settle

from cuetui.widgets.confirm import ConfirmModal

JOB = "/job.JobInterface/"
DEAD = {"states": {"frameStates": ["DEAD"]}}


def bodies(sim, method: str) -> list[dict]:
    return [c.body for c in sim.calls_to(JOB + method)]


async def open_jobs(pilot, sim, anchor: str = "failing") -> str:
    await settle(pilot)
    jid = job_id(sim, anchor)
    await goto_row(pilot, jid)
    sim.clear_calls()
    return jid


SHOW = {"failing": "testing", "paused": "testing", "running": "pipeline"}


def item(app, jid: str):
    return app.screen.table.get_item(jid)


async def test_pause_then_resume(make_app, sim) -> None:
    app = make_app(show="pipeline")
    async with app.run_test(size=(80, 24)) as pilot:
        jid = await open_jobs(pilot, sim, "running")
        await pilot.press("p")
        await settle(pilot)
        assert bodies(sim, "Pause") == [{"job": {"id": jid}}]
        await refresh(pilot)
        assert item(app, jid).is_paused and item(app, jid).display_state == "Paused"
        await pilot.press("p")
        await settle(pilot)
        assert bodies(sim, "Resume") == [{"job": {"id": jid}}]
        await refresh(pilot)
        assert not item(app, jid).is_paused


async def test_retry_dead_frames(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        jid = await open_jobs(pilot, sim)
        assert item(app, jid).job_stats.dead_frames == 3
        await pilot.press("r")
        await settle(pilot)
        assert bodies(sim, "RetryFrames") == [{"job": {"id": jid}, "req": DEAD}]
        toast = "Retry requested for 3 dead frames of testing-sh010-jsmith_fx_sim_v012"
        assert toast in [n.message for n in app._notifications]
        await refresh(pilot)
        assert item(app, jid).job_stats.dead_frames == 0


async def test_eat_dead_frames_confirms_first(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        jid = await open_jobs(pilot, sim)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert app.screen.title_text == "Eat 3 dead frames of testing-sh010-jsmith_fx_sim_v012?"
        assert "testing-sh010-jsmith_fx_sim_v012" in app.screen.lines
        assert app.screen.warning == "3 dead frames will be eaten."
        assert sim.calls_to(JOB + "EatFrames") == []
        await confirm(pilot)
        assert bodies(sim, "EatFrames") == [{"job": {"id": jid}, "req": DEAD}]
        await refresh(pilot)
        assert item(app, jid).job_stats.dead_frames == 0
        assert item(app, jid).job_stats.eaten_frames == 3


async def test_kill_names_the_running_frames_and_sends_a_reason(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        jid = await open_jobs(pilot, sim)
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert "3 running frames will die" in app.screen.warning
        await confirm(pilot)
        assert bodies(sim, "Kill") == [
            {
                "job": {"id": jid},
                "username": "tester",
                "pid": str(os.getpid()),
                "hostKill": socket.gethostname(),
                "reason": "Manual Job Kill Request in cuetui by tester",
            }
        ]
        await refresh(pilot)
        assert jid not in {j.id for j in app.screen.table.items()}  # killed = no longer pending


@pytest.mark.parametrize("key", ["escape", "n", "enter"])
async def test_cancel_sends_nothing(make_app, sim, key: str) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_jobs(pilot, sim)
        await pilot.press("ctrl+k")
        await pilot.pause()
        await pilot.press(key)  # Enter presses the focused button: Cancel
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmModal)
        assert sim.calls_to(JOB + "Kill") == []
        assert [c.path for c in sim.calls if "GetJobs" not in c.path] == []


async def test_marked_jobs_are_the_targets(make_app, sim) -> None:
    app = make_app(show="pipeline")
    async with app.run_test(size=(80, 24)) as pilot:
        first = await open_jobs(pilot, sim, "running")
        await pilot.press("space")  # marks and moves down
        second = app.screen.table.cursor_key
        await pilot.press("space")
        await refresh(pilot)
        assert app.screen.table.marks == {first, second}  # marks survive a refresh
        sim.clear_calls()
        await pilot.press("p")
        await settle(pilot)
        paused = {b["job"]["id"] for b in bodies(sim, "Pause")}
        assert paused == {first, second} - {j.id for j in app.screen.table.items() if j.is_paused}
        assert app.screen.table.marks == frozenset()  # acted on: marks cleared


@pytest.mark.parametrize(
    ("key", "method", "typed", "body_value"),
    [
        ("P", "SetPriority", "250", 250),
        ("m", "SetMinCores", "2", 2.0),
        ("M", "SetMaxCores", "16.5", 16.5),
    ],
)
async def test_set_priority_and_cores(make_app, sim, key, method, typed, body_value) -> None:
    app = make_app(show="pipeline")
    async with app.run_test(size=(80, 24)) as pilot:
        jid = await open_jobs(pilot, sim, "running")
        await pilot.press(key)
        await pilot.pause()
        await pilot.press("ctrl+u", *typed, "enter")  # ctrl+u clears the prefilled value
        await settle(pilot)
        assert bodies(sim, method) == [{"job": {"id": jid}, "val": body_value}]
        await refresh(pilot)
        attr = {"SetPriority": "priority", "SetMinCores": "min_cores"}.get(method, "max_cores")
        assert getattr(item(app, jid), attr) == body_value


async def test_invalid_value_is_refused_in_the_prompt(make_app, sim) -> None:
    app = make_app(show="pipeline")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_jobs(pilot, sim, "running")
        await pilot.press("P")
        await pilot.pause()
        await pilot.press("ctrl+u", *"lots", "enter")
        await settle(pilot)
        assert sim.calls_to(JOB + "SetPriority") == []
        await pilot.press("escape")
        await settle(pilot)
        assert sim.calls_to(JOB + "SetPriority") == []
