"""Issue 12, point 7: an empty table says why, in the table, with the criteria in force; and
"not loaded yet" is not "empty"."""

from __future__ import annotations

from typing import Any

from tests.tui.conftest import QUIET_REFRESH, goto_row, job_id, settle
from tests.tui.screen_text import screen_text
from textual.pilot import Pilot

from cuetui.app import CuetuiApp
from cuetui.config import Settings
from cuetui.models.states import FRAME_STATES
from cuetui.sim.harness import SimHarness
from cuetui.sim.scenario import SMALL

SIZE = (120, 30)
GET_JOBS = "/job.JobInterface/GetJobs"


def table_line(app: Any) -> str:
    """The first body line of the table (under its header), as drawn."""
    table = app.screen.table
    y = table.region.y + 1
    return screen_text(app).splitlines()[y].strip()


async def command(pilot: Pilot[Any], text: str) -> None:
    await pilot.press("colon", *text, "enter")
    await settle(pilot)


async def test_a_filter_that_hides_everything_says_so(make_app) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        total = app.screen.table.row_count
        await pilot.press("slash", *"zzz", "enter")
        assert app.screen.table.row_count == 0
        assert table_line(app) == (f"No jobs match /zzz — {total} hidden; Esc clears the filter")
        await pilot.press("escape")
        assert app.screen.table.row_count == total
        assert "No jobs" not in screen_text(app)


async def test_my_jobs_with_none_names_the_user_and_the_show(make_app) -> None:
    app = make_app(show="testing")  # user "tester" launched nothing
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert app.screen.table.row_count == 0
        assert table_line(app) == "No pending jobs of user tester in show testing"


async def test_an_unknown_show_says_so_in_the_table(make_app) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await command(pilot, "jobs nosuch")
        line = table_line(app)
        assert line.startswith("Not loaded: show 'nosuch' is not on this farm"), line
        assert "Loading" not in line


async def test_an_empty_show_says_no_pending_jobs() -> None:
    scenario = SMALL.with_(shows=("testing", "pipeline", "aurora", "quiet"), random_jobs=0)
    with SimHarness(scenario=scenario, seed=7) as sim:
        settings = Settings.for_gateway(
            sim.url, jwt_secret=sim.secret, user="tester", refresh=QUIET_REFRESH, show="quiet"
        )
        app = CuetuiApp(settings)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert app.screen.KIND == "jobs"
            assert app.screen.table.row_count == 0
            assert table_line(app) == "No pending jobs in show quiet"


async def test_a_frames_state_filter_with_no_match_names_state_and_job(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto_row(pilot, job_id(sim, "failing"))
        job = app.screen.table.cursor_item
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("F")
        await pilot.pause()
        await pilot.press(*["down"] * (FRAME_STATES.index("EATEN") + 1), "enter")
        await settle(pilot)
        assert app.screen.table.row_count == 0
        assert table_line(app) == f"No frames in state EATEN of job {job.name}"


async def test_loading_is_not_empty_and_a_failed_first_load_says_why(make_app, sim) -> None:
    sim.faults.hang(GET_JOBS)
    app = make_app(show="testing", read_timeout=1.5)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.5)
        assert app.screen.KIND == "jobs"
        assert table_line(app) == "Loading…"
        for _ in range(40):
            await pilot.pause(0.1)
            if table_line(app).startswith("Not loaded:"):
                break
        assert table_line(app).startswith("Not loaded: "), table_line(app)
        sim.faults.reset()
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert app.screen.table.row_count > 0
        assert "Not loaded" not in screen_text(app)
