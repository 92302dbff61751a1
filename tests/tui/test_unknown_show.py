"""A show that does not exist is said to be unknown, not shown as an idle show.

GetJobs answers an empty list for a show that does not exist, exactly as for a show with no
pending jobs; the jobs view asks GetShows about a show that sent no jobs, once per real show.
"""

from __future__ import annotations

from tests.tui.conftest import refresh, settle

from cuetui.screens.jobs import JobsScreen

SHOWS = "/show.ShowInterface/GetShows"
GET_JOBS = "/job.JobInterface/GetJobs"
UNKNOWN = "show 'nosuch' is not on this farm (shows: aurora, pipeline, testing)"


def state(app) -> str:
    return str(app.screen.query_one("#header-right").render()).strip()


def toasts(app) -> list[tuple[str, str]]:
    return [(n.message, n.severity) for n in app._notifications]


async def test_show_flag_naming_no_show_says_so(make_app, sim) -> None:
    app = make_app(show="nosuch")
    async with app.run_test(size=(160, 24), notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, JobsScreen)
        assert state(app) == f"▲ no data — {UNKNOWN}"
        assert "updated" not in state(app) and app.screen.poller.stale
        assert (UNKNOWN, "error") in toasts(app)
        assert app.screen.table.counts == (0, 0)
        assert [c.body for c in sim.calls_to(GET_JOBS)] == [
            {"r": {"shows": ["nosuch"], "includeFinished": False}}
        ]
        assert sim.calls_to(SHOWS)  # the farm's show list was asked


async def test_jobs_command_with_an_unknown_show(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(160, 24), notifications=True) as pilot:
        await settle(pilot)
        assert app.screen.table.counts[1] > 0 and "● updated" in state(app)
        await pilot.press("colon", *"jobs nosuch", "enter")
        await settle(pilot)
        assert isinstance(app.screen, JobsScreen) and app.screen.shows == ["nosuch"]
        assert state(app) == f"▲ no data — {UNKNOWN}"
        assert app.screen.table.counts == (0, 0)


async def test_a_mistyped_show_gets_a_guess(make_app) -> None:
    app = make_app(show="Testing")
    async with app.run_test(size=(200, 24)) as pilot:
        await settle(pilot)
        assert state(app).endswith(
            "show 'Testing' is not on this farm (shows: aurora, pipeline, testing); "
            "did you mean 'testing'?"
        )


async def test_an_idle_real_show_is_updated_and_checked_once(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(160, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("u")  # only tester's jobs: none, so the show looks idle
        await settle(pilot)
        assert app.screen.table.counts == (0, 0)
        assert state(app).startswith("● updated")
        assert len(sim.calls_to(SHOWS)) >= 1
        sim.clear_calls()
        await refresh(pilot)
        assert state(app).startswith("● updated")
        assert sim.calls_to(SHOWS) == []  # a real show is not asked about again
        assert not [m for m, _ in toasts(app) if "not on this farm" in m]


async def test_one_unknown_show_among_several_is_named_once(make_app, sim) -> None:
    app = make_app()
    async with app.run_test(size=(160, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("colon", *"jobs testing,nosuch", "enter")
        await settle(pilot)
        assert isinstance(app.screen, JobsScreen)
        jobs = app.screen.table.items()
        assert jobs and {j.show for j in jobs} == {"testing"}
        assert state(app).startswith("● updated")
        warned = [t for t in toasts(app) if "not on this farm" in t[0]]
        assert warned == [(UNKNOWN, "warning")]
        await refresh(pilot)
        assert len([t for t in toasts(app) if "not on this farm" in t[0]]) == 1
