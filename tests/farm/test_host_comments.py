"""Comments of a host (`c` on :hosts: HostInterface GetComments/AddComment) and editing and
deleting any comment (CommentInterface Save/Delete) from the comments screen."""

from __future__ import annotations

from typing import Any

from farm_support import cursor_to, make_app, messages, run, settle
from textual.widgets import Button, DataTable, Input, TextArea

from cuetui.screens.comments import AddCommentModal, CommentsScreen
from cuetui.screens.hosts import HostsScreen
from cuetui.sim.harness import SimHarness
from cuetui.widgets.confirm import ConfirmModal

ADD = "/host.HostInterface/AddComment"
GET = "/host.HostInterface/GetComments"
SAVE = "/comment.CommentInterface/Save"
DELETE = "/comment.CommentInterface/Delete"


def bodies(sim: SimHarness, path: str) -> list[dict[str, Any]]:
    return [c.body for c in sim.calls_to(path)]


async def test_host_comments_read_add_edit_delete(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await run(pilot, "hosts", HostsScreen)
        host = await cursor_to(pilot, screen, "render-0016")
        stored = sim.farm.hosts[host.id].comments
        sim.clear_calls()
        await pilot.press("c")
        await settle(pilot, lambda: isinstance(app.screen, CommentsScreen))
        comments = app.screen
        table = comments.query_one(DataTable)
        await settle(pilot, lambda: table.row_count == 1)
        assert bodies(sim, GET) == [{"host": {"id": host.id}}]
        assert comments.crumb().startswith("render-0016")

        await pilot.press("a")
        await settle(pilot, lambda: isinstance(app.screen, AddCommentModal))
        await pilot.press(*"fan", "enter", *"loud fan, replace", "ctrl+s")
        await settle(pilot, lambda: table.row_count == 2)
        assert bodies(sim, ADD) == [
            {
                "host": {"id": host.id},
                "newComment": {
                    "user": "wrangler",
                    "subject": "fan",
                    "message": "loud fan, replace",
                },
            }
        ]
        assert "Added a comment to render-0016" in messages(app)

        # Edit the newest (highlighted first): prefilled, Save sends id, subject and message.
        table.move_cursor(row=0)
        newest = next(c for c in stored if c.subject == "fan")
        await pilot.press("e")
        await settle(pilot, lambda: isinstance(app.screen, AddCommentModal))
        modal = app.screen
        assert modal.query_one("#subject", Input).value == "fan"
        assert modal.query_one("#message", TextArea).text == "loud fan, replace"
        assert str(modal.query_one("#add", Button).label) == "Save"
        modal.query_one("#message", TextArea).text = "fan replaced"
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: bool(sim.calls_to(SAVE)))
        assert bodies(sim, SAVE) == [
            {"comment": {"id": newest.id, "subject": "fan", "message": "fan replaced"}}
        ]
        await settle(
            pilot, lambda: "fan replaced" in str(comments.query_one("#comment-body").render())
        )

        # Delete asks first (Cancel focused), Esc sends nothing; confirmed, it is gone.
        table.move_cursor(row=0)
        await pilot.press("d")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert app.focused is not None and app.focused.id == "cancel"
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is comments)
        assert not sim.calls_to(DELETE)
        await pilot.press("d")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("right", "enter")
        await settle(pilot, lambda: table.row_count == 1)
        assert bodies(sim, DELETE) == [{"comment": {"id": newest.id}}]
        assert [c.subject for c in stored] != [] and newest not in stored


async def test_job_comments_edit_and_delete(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot, lambda: app.screen.table.row_count)
        job = next(j for j in app.screen.table.visible_items() if j.has_comment)
        app.screen.table.move_to(job.id)
        await pilot.pause()
        await pilot.press("c")
        await settle(pilot, lambda: isinstance(app.screen, CommentsScreen))
        comments = app.screen
        table = comments.query_one(DataTable)
        await settle(pilot, lambda: table.row_count > 0)
        before = table.row_count
        key = table.coordinate_to_cell_key((0, 0)).row_key.value
        first = comments.comments[key]
        sim.clear_calls()
        await pilot.press("e")
        await settle(pilot, lambda: isinstance(app.screen, AddCommentModal))
        app.screen.query_one("#subject", Input).value = "edited"
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: bool(sim.calls_to(SAVE)))
        assert bodies(sim, SAVE) == [
            {"comment": {"id": first.id, "subject": "edited", "message": first.message}}
        ]
        await settle(pilot, lambda: any(c.subject == "edited" for c in comments.comments.values()))
        table.move_cursor(row=0)
        await pilot.press("d")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("right", "enter")
        await settle(pilot, lambda: table.row_count == before - 1)
        assert bodies(sim, DELETE) == [{"comment": {"id": first.id}}]


async def test_readonly_shows_comments_but_refuses_edit_and_delete(sim: SimHarness) -> None:
    app = make_app(sim, readonly=True)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await run(pilot, "hosts", HostsScreen)
        await cursor_to(pilot, screen, "render-0016")
        await pilot.press("c")
        await settle(pilot, lambda: isinstance(app.screen, CommentsScreen))
        comments = app.screen
        await settle(pilot, lambda: comments.query_one(DataTable).row_count == 1)
        sim.clear_calls()
        for key in ("a", "e", "d"):
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is comments, key
        assert not any(c.path in (ADD, SAVE, DELETE) for c in sim.calls)
