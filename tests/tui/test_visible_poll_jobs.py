"""Poll what is seen, often, on the jobs view: GetJobs by ids under the view's criteria."""

from __future__ import annotations

from opencue_proto import job_pb2
from tests.tui.test_visible_poll import app_on, bodies, show, until

from cuetui.screens.jobs import JobsScreen

GET_JOBS = "/job.JobInterface/GetJobs"


async def test_jobs_rows_poll_sends_getjobs_with_exactly_the_ids_on_view(sim) -> None:
    app = app_on(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = JobsScreen()
        await show(pilot, screen)
        everything = [j.id for j in screen.table.visible_items()]
        assert bodies(sim, GET_JOBS)[-1] == {"r": {"includeFinished": False}}
        await pilot.press("end", "space", "home")  # a job off view, marked
        marked = everything[-1]
        on_view = screen.table.keys_on_view()
        assert marked not in on_view and 0 < len(on_view) < len(everything)
        sim.clear_calls()
        screen.poll_now()
        await until(pilot, lambda: bool(sim.calls_to(GET_JOBS)))
        asked = {"ids": [*on_view, marked], "includeFinished": False}
        assert bodies(sim, GET_JOBS) == [{"r": asked}]
        # After an action (pause), the whole list.
        sim.clear_calls()
        await pilot.press("p")
        await until(pilot, lambda: bool(sim.calls_to(GET_JOBS)))
        assert bodies(sim, GET_JOBS) == [{"r": {"includeFinished": False}}]


async def test_a_job_on_view_that_finished_leaves_with_the_next_rows_poll(sim) -> None:
    app = app_on(sim, refresh=0.5)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = JobsScreen()
        await show(pilot, screen)
        job = screen.table.visible_items()[0]
        with sim.farm.lock:
            sim.farm.jobs[job.id].msg.state = job_pb2.FINISHED
        sim.clear_calls()
        await until(pilot, lambda: screen.table.get_item(job.id) is None, timeout=15)
        assert all("ids" in body["r"] for body in bodies(sim, GET_JOBS))
        assert screen.rows_poll.full_due_in() > 3600  # not the whole list: the rows did it
