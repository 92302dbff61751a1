"""Rows without an id, or with a repeated one, are counted and said once; no repr in a toast."""

from __future__ import annotations

from tests.tui.conftest import job_id, refresh, settle
from tests.tui.screen_text import toasts

from cuetui.core.actions import Action, perform
from cuetui.models import Job
from cuetui.sim.faults import OMIT


def said(app, text: str) -> list[str]:
    return [n.message for n in app._notifications if text in n.message]


async def test_jobs_without_an_id_are_counted_and_said_once(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(160, 30), notifications=True) as pilot:
        await settle(pilot)
        table = app.screen.table
        total = table.counts[1]
        failing = table.get_item(job_id(sim, "failing")).name
        paused = table.get_item(job_id(sim, "paused")).name
        sim.faults.alter(failing, id=OMIT)  # protojson leaves an empty id out
        sim.faults.alter(paused, id=None)  # a gateway printing null
        await refresh(pilot)
        assert table.counts == (total - 2, total - 2)
        assert all(j.id for j in table.items())
        message = f"2 of {total} jobs came without an id and are not shown: "
        (toast,) = toasts(app)
        assert toast.startswith(message) and failing in toast and paused in toast
        await refresh(pilot)
        await refresh(pilot)
        assert len(said(app, "without an id")) == 1  # once, not on every poll
        sim.faults.reset()
        await refresh(pilot)
        assert table.counts == (total, total)
        assert len(said(app, "without an id")) == 1


async def test_a_repeated_id_is_said_not_merged(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(160, 30), notifications=True) as pilot:
        await settle(pilot)
        table = app.screen.table
        total = table.counts[1]
        paused = table.get_item(job_id(sim, "paused")).name
        sim.faults.alter(paused, id=job_id(sim, "failing"))
        await refresh(pilot)
        assert table.counts[1] == total - 1
        assert table.get_item(job_id(sim, "failing")).name != paused  # the first one stays
        assert toasts(app) == [
            f"1 of {total} jobs repeat the id of another and is not shown: {paused}"
        ]


async def test_an_action_on_a_job_without_id_says_so_in_one_line(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        job = Job.model_validate(
            {**app.screen.table.get_item(job_id(sim, "failing")).model_dump(), "id": ""}
        )
        sim.clear_calls()
        action = Action("Pause", "job", [job], lambda j: j.name, app.client.pause_job)
        result = await perform(action)
        assert result.message == (
            f"Pause failed for {job.name}: the job has no id: the gateway sent it without one"
        )
        assert sim.calls_to("/job.JobInterface/Pause") == []


async def test_an_unknown_job_state_shows_as_it_came(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        table = app.screen.table
        jid = job_id(sim, "failing")
        name = table.get_item(jid).name
        sim.faults.alter(name, state="FROZEN")
        await refresh(pilot)
        assert table.get_item(jid).display_state == "FROZEN"
        assert str(table.get_cell(jid, "state")) == "FROZEN"
        sim.faults.alter(name, state=7)  # a newer Cuebot's number for a state
        await refresh(pilot)
        assert str(table.get_cell(jid, "state")) == "7"
