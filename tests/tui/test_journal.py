"""`:journal` in the app: actions sent from a screen are journaled and shown newest first,
filterable, with their body on Enter; readonly journals nothing; a broken journal warns once."""

from __future__ import annotations

import json
from pathlib import Path

from tests.tui.conftest import goto_row, job_id, settle
from tests.tui.screen_text import screen_text

from cuetui.core.journal_read import read_journal
from cuetui.screens.detail import DetailScreen
from cuetui.screens.journal import JournalScreen

PAUSE = "/job.JobInterface/Pause"
RESUME = "/job.JobInterface/Resume"


async def pause_twice(pilot, sim, jid: str) -> None:
    """Pause then resume the job: two actions, two journal entries."""
    await settle(pilot)
    await goto_row(pilot, jid)
    await pilot.press("p")
    await settle(pilot)
    await pilot.press("ctrl+r")
    await settle(pilot)
    await pilot.press("p")
    await settle(pilot)
    assert len(sim.calls_to(PAUSE)) == len(sim.calls_to(RESUME)) == 1


async def test_actions_show_newest_first_filter_and_open_with_their_body(
    make_app, sim, tmp_path: Path
) -> None:
    path = tmp_path / "journal.jsonl"
    app = make_app(show="pipeline", journal=path, profile="prod")
    jid = job_id(sim, "running")
    async with app.run_test(size=(160, 30)) as pilot:
        await pause_twice(pilot, sim, jid)
        name = app.screen.table.get_item(jid).name
        await pilot.press("colon", *"journal", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, JournalScreen)
        shown = screen.table.visible_items()
        assert [(e.verb, e.outcome) for e in shown] == [("Resume", "done"), ("Pause", "done")]
        text = screen_text(app)
        assert text.index("Resume") < text.index("Pause")
        assert name in text and "tester" in text
        await pilot.press("slash", *"pause", "enter")
        await pilot.pause()
        assert [e.verb for e in screen.table.visible_items()] == ["Pause"]
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, DetailScreen)
        lines = {(d.section, d.label): d.text for d in detail._lines}
        assert lines[("", "Body")] == json.dumps({"job": {"id": jid}}, separators=(",", ":"))
        assert lines[("Request body", "job.id")] == jid
        assert lines[("", "Outcome")] == "done" and lines[("", "Profile")] == "prod"
        assert lines[("Targets", name)] == jid
    assert [e.verb for e in read_journal(path)] == ["Resume", "Pause"]


async def test_the_view_picks_up_new_entries_on_refresh(make_app, sim, tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    app = make_app(show="pipeline", journal=path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        app.run_command("journal", app.screen.context())
        await settle(pilot)
        assert f"No action journaled yet in {path}" in screen_text(app)
        await app.client.pause_job(job_id(sim, "running"))  # from elsewhere in the app
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert [e.verb for e in app.screen.table.visible_items()] == ["Pause"]


async def test_readonly_journals_nothing(make_app, sim, tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    app = make_app(show="pipeline", journal=path, readonly=True)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert app.journal is None and app.client.action_observer is None
        await pilot.press("p")
        await settle(pilot)
        app.run_command("journal", app.screen.context())
        await settle(pilot)
        assert f"No action journaled yet in {path}" in screen_text(app)
    assert not sim.calls_to(PAUSE) and not path.exists()


async def test_a_journal_turned_off_says_so(make_app, sim) -> None:
    app = make_app(show="pipeline", journal=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert app.journal is None and app.client.action_observer is None
        app.run_command("journal", app.screen.context())
        await settle(pilot)
        assert "The action journal is off (journal = false in the config)" in screen_text(app)


async def test_an_unwritable_journal_warns_once_and_actions_go_on(
    make_app, sim, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    app = make_app(show="pipeline", journal=blocker / "journal.jsonl")
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await pause_twice(pilot, sim, job_id(sim, "running"))
        messages = [n.message for n in app._notifications]
        warnings = [m for m in messages if "cannot be written" in m]
        assert warnings == [
            f"The action journal {blocker / 'journal.jsonl'} cannot be written ({blocker} "
            "is not a folder): actions are still sent, but not journaled. Free the disk or set "
            "`journal` in the config."
        ]
        assert any(m.startswith("Paused ") for m in messages)
