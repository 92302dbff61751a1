"""CommentsScreen: lists a job's comments and adds one through AddComment."""

from __future__ import annotations

from frames_support import job_named, make_app, settle
from textual.widgets import DataTable, Label, Static

from cuetui.screens.comments import AddCommentModal, CommentsScreen
from cuetui.sim.harness import SimHarness

ADD = "/job.JobInterface/AddComment"


async def test_lists_and_adds_a_comment(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        job = await job_named(app, sim, "failing")
        app.push_screen(CommentsScreen(job))
        await settle(pilot, lambda: isinstance(app.screen, CommentsScreen))
        screen = app.screen
        table = screen.query_one(DataTable)
        await settle(pilot, lambda: table.row_count == 2)
        body = str(screen.query_one("#comment-body", Static).render())
        first = screen.comments[str(table.coordinate_to_cell_key((0, 0)).row_key.value)]
        assert first.message in body and first.user in body

        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AddCommentModal)
        await pilot.press("ctrl+s")  # nothing typed: refused inline, nothing sent
        assert isinstance(app.screen, AddCommentModal) and not sim.calls_to(ADD)
        await pilot.press(*"Retried 5-7", "enter", *"bad disk on render-0009", "ctrl+s")
        await settle(pilot, lambda: table.row_count == 3)
        ((call),) = [(c.path, c.body) for c in sim.calls_to(ADD)]
        assert call[1] == {
            "job": {"id": job.id},
            "newComment": {
                "user": "wrangler",
                "subject": "Retried 5-7",
                "message": "bad disk on render-0009",
            },
        }
        assert "Added a comment to testing-sh010-jsmith_fx_sim_v012" in str(
            screen.query_one("#comments-status", Static).render()
        )
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CommentsScreen)


async def test_escape_cancels_adding(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        job = await job_named(app, sim, "running")
        app.push_screen(CommentsScreen(job))
        await settle(pilot, lambda: isinstance(app.screen, CommentsScreen))
        await pilot.press("a", *"x", "escape")
        await pilot.pause()
        assert isinstance(app.screen, CommentsScreen)
        assert not sim.calls_to(ADD)


async def test_readonly_hides_add(sim: SimHarness) -> None:
    app = make_app(sim, readonly=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        job = await job_named(app, sim, "running")
        app.push_screen(CommentsScreen(job))
        await settle(pilot, lambda: isinstance(app.screen, CommentsScreen))
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, CommentsScreen)


async def test_header_and_crumbs_say_where_the_comments_are(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot, lambda: app.screen.table.row_count)
        assert app.screen.table.move_to(sim.farm.anchors["failing"])
        await pilot.press("c")  # from the jobs, as a wrangler opens them
        await settle(pilot, lambda: isinstance(app.screen, CommentsScreen))
        screen = app.screen
        await settle(pilot, lambda: screen.query_one(DataTable).row_count == 2)
        crumbs = str(screen.query_one("#crumbs-left", Label).render())
        assert crumbs == "testing > testing-sh010-jsmith_fx_sim_v012 > comments"
        left = str(screen.query_one("#header-left", Label).render())
        assert left == f"cuetui │ {sim.url} │ show testing"
        assert "● updated " in str(screen.query_one("#header-right", Label).render())
