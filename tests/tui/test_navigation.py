"""Screens render real data from the simulator; drill down and back; `:` and `?`."""

from __future__ import annotations

from tests.tui.conftest import goto_row, job_id, settle
from tests.tui.screen_text import said

from cuetui.screens.hosts import HostsScreen
from cuetui.screens.jobs import JobsScreen
from cuetui.screens.layers import LayersScreen
from cuetui.screens.shows import ShowsScreen


def crumbs(app) -> str:
    return str(app.screen.query_one("#crumbs-left").render())


def header(app) -> str:
    return str(app.screen.query_one("#header-left").render()) + str(
        app.screen.query_one("#header-right").render()
    )


async def test_shows_screen_renders_the_farm(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ShowsScreen)
        names = [s.name for s in app.screen.table.visible_items()]
        assert names == ["aurora", "pipeline", "testing"]
        assert "updated" in header(app)
        assert crumbs(app) == "shows"


async def test_drill_down_to_layers_and_back(make_app, sim) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await goto_row(pilot, next(s.id for s in app.screen.table.items() if s.name == "testing"))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, JobsScreen)
        assert crumbs(app) == "shows > testing"
        assert "show testing" in header(app)
        jobs = app.screen.table.items()
        assert jobs and all(j.show == "testing" for j in jobs)
        failing = job_id(sim, "failing")
        await goto_row(pilot, failing)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LayersScreen)
        assert [ly.name for ly in app.screen.table.items()] == ["sim"]
        assert crumbs(app) == "shows > testing > testing-sh010-jsmith_fx_sim_v012"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, JobsScreen)
        assert app.screen.table.cursor_key == failing
        await pilot.press("backspace")
        await settle(pilot)
        assert isinstance(app.screen, ShowsScreen)


async def test_default_show_opens_its_jobs_and_esc_goes_up_to_shows(make_app) -> None:
    app = make_app(show="pipeline")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, JobsScreen)
        assert {j.show for j in app.screen.table.items()} == {"pipeline"}
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ShowsScreen)


async def test_f_on_a_job_opens_its_frames(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await goto_row(pilot, job_id(sim, "failing"))
        await pilot.press("f")
        await settle(pilot)
        assert type(app.screen).__name__ == "FramesScreen"
        assert app.screen.job.id == job_id(sim, "failing")


async def test_command_line_jumps_between_views(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("colon", *"jobs all", "enter")
        await settle(pilot)
        assert isinstance(app.screen, JobsScreen) and app.screen.shows is None
        assert {j.show for j in app.screen.table.items()} == {"testing", "pipeline", "aurora"}
        assert len(app.screen_stack) == 3  # a jump goes on top of the path taken
        await goto_row(pilot, job_id(sim, "failing"))
        await pilot.press("colon", *"layers", "enter")
        await settle(pilot)
        assert isinstance(app.screen, LayersScreen)
        await pilot.press("colon", *"shows", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ShowsScreen) and len(app.screen_stack) == 5
        # Esc leads back along the path: layers, all jobs (cursor kept), one show's jobs.
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LayersScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, JobsScreen) and app.screen.shows is None
        assert app.screen.table.cursor_key == job_id(sim, "failing")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, JobsScreen) and app.screen.shows == ["testing"]


async def test_a_long_path_of_jumps_starts_again_past_its_bound(make_app, sim) -> None:
    from cuetui.app import JUMP_DEPTH

    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        depths = []
        for n in range(JUMP_DEPTH):
            await pilot.press("colon", *("hosts" if n % 2 else "shows"), "enter")
            await settle(pilot)
            depths.append(len(app.screen_stack))
        # The default screen, the first view, then one more per jump up to the bound; the jump
        # past it starts the path again from the view it opens.
        assert depths == [*range(3, JUMP_DEPTH + 2), 2]
        assert isinstance(app.screen, HostsScreen)


def test_every_entry_of_the_navigation_table_resolves() -> None:
    """The table is static: every screen, opener and completion it names can be imported."""
    from textual.screen import Screen

    from cuetui import navigation

    for name in navigation.SCREENS:
        assert issubclass(navigation.screen(name), Screen), name
    for view in navigation.VIEWS.values():
        assert callable(navigation._load(view.opener)), view.name
        if view.completions:
            assert callable(navigation._load(view.completions)), view.name
    assert navigation.find_view("J") is navigation.VIEWS["jobs"]


async def test_command_line_completes_and_reports_unknown_views(make_app) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("colon", "s", "h")
        await pilot.pause(0.2)
        await pilot.press("tab")
        line = app.screen.query_one("#command-line")
        assert line.value == "shows"
        await pilot.press("escape")
        await pilot.press("colon", *"nonsense", "enter")
        # The line is submitted, then run, then the toast posted: wait for it, not one pause.
        await said(pilot, "Unknown command :nonsense")
        await pilot.press("colon", *"quit", "enter")
        await pilot.pause()
        assert app.return_code == 0


async def test_help_lists_every_binding_of_the_screen(make_app) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        jobs = app.screen
        await pilot.press("question_mark")
        await pilot.pause()
        from cuetui.screens.help import HelpScreen, binding_rows

        assert isinstance(app.screen, HelpScreen)
        # A verb that asks first says so after its label ("Kill (asks first)").
        described = {d.split(" (")[0] for _, d in binding_rows(jobs)}
        for wanted in ("Pause", "Retry", "Eat", "Kill", "Comments", "Set priority",
                       "Set min cores", "Set max cores", "Frames", "Mark", "Refresh now",
                       "Freeze", "Sort column", "Invert sort", "Filter"):  # fmt: skip
            assert wanted in described
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is jobs


async def test_help_writes_every_key_the_same_way(make_app) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = "\n".join(s.text for s in app.screen._compositor.render_strips())
        assert "^r" in text and "^p" in text and "^q" in text
        assert "ctrl+" not in text
