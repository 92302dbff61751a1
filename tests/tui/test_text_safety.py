"""Text from the farm or the user is text, never markup: `[` neither crashes nor vanishes."""

from __future__ import annotations

from tests.tui.conftest import goto_row, job_id, settle
from tests.tui.screen_text import screen_text, toasts
from textual import events
from textual.widgets import DataTable

from cuetui.screens.comments import CommentsScreen
from cuetui.toasts import Markup
from cuetui.widgets.prompt import ChoiceModal

SUBJECT = "[/mnt/renders] full again"
MESSAGE = "layer [lighting] frame range"


async def test_a_command_with_brackets_is_answered_not_fatal(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press(":", "[", "/", "]", "enter")
        await settle(pilot)
        assert app.is_running
        (toast,) = toasts(app)
        assert toast.startswith("Unknown command :[/]. Try :")
        assert "Unknown command :[/]" in screen_text(app)


async def test_comment_subject_and_body_show_literally(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(pilot)
        jid = job_id(sim, "failing")
        await app.client.add_comment(jid, SUBJECT, MESSAGE)
        await goto_row(pilot, jid)
        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CommentsScreen)
        table = screen.query_one(DataTable)
        (key,) = [k for k, c in screen.comments.items() if c.subject == SUBJECT]
        table.move_cursor(row=table.get_row_index(key))
        await pilot.pause()
        assert [cell.plain for cell in table.get_row(key)][1:] == ["tester", SUBJECT]
        lines = [line.strip() for line in screen_text(app).splitlines()]
        assert any(line.endswith(f"tester      {SUBJECT}") for line in lines)  # the row
        assert SUBJECT in lines and MESSAGE in lines  # the body under the table


async def test_adding_a_bracketed_comment_sends_and_shows_it(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(pilot)
        jid = job_id(sim, "failing")
        await goto_row(pilot, jid)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*SUBJECT, "enter", *MESSAGE, "ctrl+s")
        await settle(pilot)
        (call,) = sim.calls_to("/job.JobInterface/AddComment")
        assert call.body["newComment"]["subject"] == SUBJECT
        assert call.body["newComment"]["message"] == MESSAGE
        assert SUBJECT in screen_text(app)


async def test_gateway_error_with_brackets_is_toasted_literally(make_app, sim) -> None:
    reason = "cannot write [/mnt/renders/testing]: layer [lighting] frame range"
    sim.faults.refuse_actions(500, reason)
    app = make_app(show="pipeline")
    async with app.run_test(size=(160, 30), notifications=True) as pilot:
        await settle(pilot)
        jid = job_id(sim, "running")
        await goto_row(pilot, jid)
        sim.clear_calls()
        await pilot.press("p")
        await settle(pilot)
        assert app.is_running
        assert [c.body for c in sim.calls_to("/job.JobInterface/Pause")] == [{"job": {"id": jid}}]
        (toast,) = toasts(app)
        assert toast.startswith("Pause failed for ")
        assert toast.endswith(reason)


async def test_choice_labels_are_text(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        app.push_screen(ChoiceModal("Layer", [("[lighting]", 1), ("[/]", 2)]))
        await pilot.pause()
        shown = screen_text(app)
        assert "[lighting]" in shown and "[/]" in shown


async def test_markup_is_opt_in(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(pilot)
        app.notify("[b]plain[/b] [/path]", markup=True)  # markup=True alone is not enough
        app.screen.notify(Markup("[b]bold[/b]"))
        await pilot.pause()
        assert sorted(toasts(app)) == ["[b]plain[/b] [/path]", "bold"]


async def test_textual_own_toasts_read_as_text(make_app, sim, tmp_path) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+c")  # Textual's "how to quit" hint, written as markup
        path = tmp_path / "[shot].svg"
        app.post_message(events.DeliveryComplete(key="k", path=path, name="screenshot"))
        await pilot.pause()
        assert sorted(toasts(app)) == [
            "Do you want to quit? Press ctrl+q to quit the app",
            f"Screenshot Saved screenshot to {path}",
        ]


async def test_a_bracketed_job_name_shows_whole_everywhere(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(160, 30), notifications=True) as pilot:
        await settle(pilot)
        jid = job_id(sim, "failing")
        odd = "sh[010]-[b]fx[/b]-[/]"
        sim.faults.alter(app.screen.table.get_item(jid).name, name=odd)
        await pilot.press("ctrl+r")
        await settle(pilot)
        await goto_row(pilot, jid)
        assert odd in screen_text(app)  # the table row
        await pilot.press("e")  # eat: a confirmation naming the job
        await pilot.pause()
        assert odd in screen_text(app)
        await pilot.press("escape")
        await pilot.press("p")
        await settle(pilot)
        assert toasts(app) == [f"Paused {odd}"]
        await pilot.press("enter")  # its layers: the crumbs name the job
        await settle(pilot)
        assert f"testing > {odd}" in screen_text(app)
