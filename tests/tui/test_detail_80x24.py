"""80x24 keeps what matters (issue #12, point 6): the detail strip under the table, names cut
in the middle, and `i`'s detail pane with every field and a copy of one through OSC 52."""

from __future__ import annotations

from typing import Any

from tests.tui.conftest import goto_row, job_id, refresh, settle
from tests.tui.screen_text import screen_text, toasts

from cuetui.models.format import cores
from cuetui.widgets.detail_pane import DetailPane
from cuetui.widgets.detail_strip import DetailStrip

FAILING = "testing-sh010-jsmith_fx_sim_v012"


def strip(app: Any) -> str:
    widget = app.screen.query_one(DetailStrip)
    return str(widget.render()) if widget.display else ""


async def jobs_at(pilot: Any, sim: Any, anchor: str) -> Any:
    await refresh(pilot)
    await goto_row(pilot, job_id(sim, anchor))
    await settle(pilot)
    return pilot.app.screen.table.cursor_item


async def test_the_strip_says_what_the_80_column_jobs_table_hides(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        job = await jobs_at(pilot, sim, "failing")
        shown = set(app.screen.table.columns)
        assert {"cores", "pri", "minmax", "user", "age"}.isdisjoint(shown)
        line = strip(app)
        # Most wanted first: cores, priority, min/max, user, age of the highlighted job.
        assert line.startswith(f"Cores {cores(job.job_stats.reserved_cores)}  Pri {job.priority}")
        assert f"Min/Max {cores(job.min_cores)}/{cores(job.max_cores)}" in line
        assert f"User {job.user}" in line and "Age " in line
        assert line[:70] in screen_text(app)  # one line: what does not fit is cut at its end

        # The cursor moves: the strip follows it.
        other = await jobs_at(pilot, sim, "depend")
        assert other.user != job.user
        assert f"User {other.user}" in strip(app)

        # A refresh with a new priority: the strip says it.
        sim.farm.jobs[other.id].msg.priority = 977
        await refresh(pilot)
        assert "Pri 977" in strip(app)


async def test_no_strip_when_every_column_fits(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(200, 40)) as pilot:
        await jobs_at(pilot, sim, "failing")
        assert app.screen.table.hidden_columns == []
        assert not app.screen.query_one(DetailStrip).display
        # Narrower: columns step aside and the strip comes.
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert strip(app).startswith("Cores ")


async def test_long_names_are_cut_in_the_middle(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        await jobs_at(pilot, sim, "failing")
        text = screen_text(app)
        width = app.screen.table.columns["name"].width
        assert len(FAILING) > width
        head = FAILING[: (width - 1) // 2]
        tail = FAILING[len(FAILING) - (width - 1 - (width - 1) // 2) :]
        assert tail.endswith("_v012")
        assert f"{head}…{tail}" in text


async def test_i_lists_every_field_of_the_job_and_copies_one(make_app, sim) -> None:
    app = make_app(show="testing")
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        job = await jobs_at(pilot, sim, "failing")
        await pilot.press("i")
        await settle(pilot)
        assert type(app.screen).__name__ == "DetailScreen"
        pane = app.screen.query_one(DetailPane)
        lines = {d.label: d.text for d in pane.lines}
        assert lines["Name"] == FAILING
        assert lines["Log directory"] == job.log_dir and job.log_dir
        assert lines["Group"] == job.group and job.group
        assert lines["OS"] == (job.os or "-")
        assert lines["Max retries"].startswith("-")
        assert lines["Dead frames"] == str(job.job_stats.dead_frames)
        assert lines["Facility"] == (job.facility or "-")

        assert pane.highlight_label("Log directory")
        await pilot.press("c")
        await settle(pilot)
        assert copied == [job.log_dir]
        assert any(t.startswith("Copied Log directory") for t in toasts(app))
        assert pane.highlight_label("Group")
        await pilot.press("enter")
        await settle(pilot)
        assert copied == [job.log_dir, job.group]

        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "JobsScreen"


async def test_i_works_on_hosts_frames_and_procs(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        await jobs_at(pilot, sim, "failing")
        await pilot.press("f")
        await settle(pilot)
        frame = app.screen.table.cursor_item
        await pilot.press("i")
        await settle(pilot)
        lines = {d.label: d.text for d in app.screen.query_one(DetailPane).lines}
        assert lines["Name"] == frame.name
        assert lines["Log file"].endswith(f"{FAILING}.{frame.name}.rqlog")
        await pilot.press("escape")
        for view, kind in (("hosts", "HostsScreen"), ("procs", "ProcsScreen")):
            await pilot.press("colon", *view, "enter")
            await settle(pilot)
            assert type(app.screen).__name__ == kind
            item = app.screen.table.cursor_item
            await pilot.press("i")
            await settle(pilot)
            lines = {d.label: d.text for d in app.screen.query_one(DetailPane).lines}
            assert lines["Name"] == item.name and "Id" in lines
            await pilot.press("escape")
            await settle(pilot)


async def test_no_strip_when_no_row_is_shown(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        await jobs_at(pilot, sim, "failing")
        assert strip(app)
        await pilot.press("slash", *"nosuchjob", "enter")
        await settle(pilot)
        assert app.screen.table.row_count == 0
        assert not app.screen.query_one(DetailStrip).display
        await pilot.press("escape")  # clears the filter: the strip is back
        await settle(pilot)
        assert strip(app).startswith("Cores ")
        await pilot.press("i")
        await settle(pilot)
        assert type(app.screen).__name__ == "DetailScreen"
