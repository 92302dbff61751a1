"""The wall-display dashboard: the farm's figures, outages ridden out, read-only, the CLI flag.

Every expected figure is computed here from the gateway's own answers (read with a separate
client) or from the farm, never written as a literal: the small preset changes over time.
"""

from __future__ import annotations

import io
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from rich.console import Console
from tests.tui.conftest import settle
from textual.pilot import Pilot
from textual.widgets import Digits

from cuetui import cli
from cuetui.client import GatewayClient
from cuetui.config import Settings
from cuetui.core.farm_summary import MAX_TRIAGE, host_counts, summarize
from cuetui.models.format import cores
from cuetui.screens.dashboard import DashboardScreen
from cuetui.screens.help import binding_rows
from cuetui.sim.harness import SimHarness
from cuetui.widgets.big_figures import BigFigure
from cuetui.widgets.dash_trends import TrendsPanel
from cuetui.widgets.dashboard import (
    AllocsPanel,
    BigNumbers,
    FarmTotals,
    ShowsPanel,
    TriagePanel,
)

DEADLINE = 30.0  # seconds: the test machines are shared and slow


def dashboard_app(make_app: Callable[..., Any], **settings: Any) -> Any:
    """An app started as `cuetui --dashboard` would start it, on the sim."""
    app = make_app(**settings)
    app.dashboard = True
    app.readonly = True
    return app


async def farm_answers(sim: SimHarness) -> dict[str, Any]:
    """What the gateway says now, read apart from the app (every host, not the filters)."""
    settings = Settings.for_gateway(sim.url, jwt_secret=sim.secret, user="checker")
    async with GatewayClient.from_settings(settings) as client:
        return {
            "shows": await client.get_shows(),
            "jobs": await client.get_jobs(),
            "allocs": await client.get_allocations(),
            "hosts": await client.get_hosts(),
            "subs": [
                sub
                for alloc in await client.get_allocations()
                for sub in await client.get_allocation_subscriptions(alloc)
            ],
        }


def text_of(widget: Any) -> str:
    """A panel's text as drawn at its size."""
    width = max(20, widget.content_size.width)
    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    console.print(widget.render())
    return console.export_text()


def banner(app: Any) -> str:
    return app.screen.banner_text().plain


async def until(pilot: Pilot[Any], condition: Callable[[], Any], what: str) -> None:
    """Pause until `condition()` holds (no fixed sleeps: timed polls run on their own)."""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"timed out waiting for {what}; banner: {banner(pilot.app)!r}")


def _row(text: str, name: str) -> list[str]:
    """The words of the line of `text` that starts with `name` (after a status dot)."""
    for line in text.splitlines():
        words = line.replace("●", " ").replace("○", " ").split()
        if words and words[0] == name:
            return words
    raise AssertionError(f"no row for {name} in:\n{text}")


async def test_dashboard_shows_the_farm_figures_at_80x24(make_app, sim) -> None:
    app = dashboard_app(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        farm = await farm_answers(sim)
        shows = [s for s in farm["shows"] if s.show_stats.pending_jobs]
        assert shows, "the preset has pending work"
        waiting = Counter()
        for job in farm["jobs"]:
            waiting[job.show] += job.job_stats.waiting_frames

        totals = text_of(screen.query_one(FarmTotals))
        first = totals.splitlines()[0].split()
        pending = sum(s.show_stats.pending_jobs for s in shows)
        running = sum(s.show_stats.running_frames for s in shows)
        dead = sum(s.show_stats.dead_frames for s in shows)
        # Labels shorten to fit 80 columns; the figures stay in order.
        assert [w for w in first if w.isdigit()] == [
            str(pending),
            str(running),
            str(dead),
            str(sum(waiting.values())),
        ]
        total_cores = sum(a.stats.cores for a in farm["allocs"])
        reserved = sum(s.show_stats.reserved_cores for s in shows)
        assert f"{cores(reserved)}/{cores(total_cores)}" in totals

        states = Counter(h.state for h in farm["hosts"])
        locks = Counter(h.lock_state for h in farm["hosts"])
        hosts_line = next(line for line in totals.splitlines() if "REPAIR" in line).split()
        figures = dict(zip(hosts_line[::2], hosts_line[1::2], strict=False))
        assert figures["UP"] == str(states["UP"] + states["REBOOT_WHEN_IDLE"])
        assert figures["DOWN"] == str(states["DOWN"] + states["REBOOTING"])
        assert figures["REPAIR"] == str(states["REPAIR"])
        assert figures["LOCKED"] == str(locks["LOCKED"])
        assert figures["NIMBY"] == str(locks["NIMBY_LOCKED"])

        shows_text = text_of(screen.query_one(ShowsPanel))
        for show in shows:
            st = show.show_stats
            size = sum(sub.size_cores for sub in farm["subs"] if sub.show_name == show.name)
            assert size > 0, "every show of the preset has subscriptions"
            assert _row(shows_text, show.name)[1:] == [
                str(st.pending_jobs),
                str(st.running_frames),
                str(st.dead_frames),
                str(waiting[show.name]),
                f"{cores(st.reserved_cores)}/{cores(size)}",  # cores in use / subscribed
            ]

        # The triage list: jobs with dead frames, most dead first, as many as fit.
        failing = sorted(
            (j for j in farm["jobs"] if j.job_stats.dead_frames),
            key=lambda j: (-j.job_stats.dead_frames, j.name),
        )
        assert failing, "the preset has a failing job"
        triage = text_of(screen.query_one(TriagePanel)).splitlines()
        worst = failing[0]
        name, dead_cell = triage[1].split()[:2]
        assert worst.name.startswith(name.rstrip("…"))  # cut to fit 80 columns
        assert dead_cell == str(worst.job_stats.dead_frames)
        assert screen.summary is not None and screen.summary.dead_jobs == len(failing)
        shown = [line for line in triage[1:] if line.strip() and not line.startswith("+")]
        assert len(shown) <= screen.query_one(TriagePanel).content_size.height - 1

        allocs_text = text_of(screen.query_one(AllocsPanel))
        for alloc in farm["allocs"][:2]:
            st = alloc.stats
            words = _row(allocs_text, alloc.name)
            assert f"{cores(st.running_cores)}/{cores(st.cores)}" in words
            assert words[-3:] == [str(st.hosts), str(st.down_hosts), str(st.locked_hosts)]

        assert "● live" in banner(app)
        digits = screen.query_one("#age-digits", Digits)
        assert digits.value == time.strftime("%H:%M:%S", time.localtime(screen.poller.updated_at))


async def test_the_figures_grow_with_the_terminal(make_app, sim) -> None:
    """None at 80x24, 3-row digits from 100x34, 4-row blocks from 150x45, 7-row from 200x60:
    always larger than the clock's 3 rows once the room is there."""
    app = dashboard_app(make_app)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.has_class("-huge")
        farm = await farm_answers(sim)
        dead = sum(s.show_stats.dead_frames for s in farm["shows"] if s.show_stats.pending_jobs)
        figure = screen.query_one("#big-dead", BigFigure)
        assert figure.value == str(dead)
        assert figure.has_class("-bad" if dead else "-good")
        assert figure.scale() == 1 and figure.content_size.height == 4
        for size, name, scale, rows in [
            ((240, 67), "-wall", 2, 7),
            ((110, 36), "-big", 0, 3),
        ]:
            await pilot.resize_terminal(*size)
            await pilot.pause(0.1)
            assert screen.has_class(name)
            assert figure.scale() == scale and figure.content_size.height == rows
            if scale:
                assert len(str(figure.render()).splitlines()) == {1: 4, 2: 7}[scale]
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not screen.has_class("-big-figures")
        assert not screen.query_one(BigNumbers).display


async def test_trends_follow_each_good_poll_and_skip_the_failed_ones(make_app, sim) -> None:
    app = dashboard_app(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        now = [float(sim.farm.now)]
        app.clock = screen.poller.clock = lambda: now[0]
        panel = screen.query_one(TrendsPanel)
        seen = []
        for _ in range(3):
            sim.tick(60)
            now[0] += 30  # the next trend bucket
            shown = screen.summary
            screen.poll_now(manual=True)
            # The poller has the data before the screen takes it: wait for the screen's.
            await until(pilot, lambda shown=shown: screen.summary is not shown, "the poll")
            seen.append(screen.summary.running)
        running = next(t for t in panel.trends if t.key == "running")
        assert [v for v in running.values if v is not None][-3:] == seen
        assert "Run" in text_of(panel) and str(seen[-1]) in text_of(panel)
        sim.faults.error_rate = 1.0  # a failed poll adds nothing
        before = panel.trends
        now[0] += 60
        screen.poll_now(manual=True)
        await until(pilot, lambda: screen.poller.stale_since is not None, "the failure")
        # The poller posted its outcome before the test could see stale_since; let the screen
        # handle it, or the trends are read before the screen did anything with the failure.
        await pilot.pause()
        assert panel.trends == before


async def test_outage_keeps_the_last_figures_marks_them_stale_and_recovers(make_app, sim) -> None:
    """Garbage bodies, then 5xx: old figures stay with their age; back to live by itself."""
    app = dashboard_app(make_app, refresh=0.5)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await until(pilot, lambda: screen.summary is not None, "the first data")
        before = screen.summary
        good_at = time.strftime("%H:%M:%S", time.localtime(screen.poller.updated_at))
        totals_before = text_of(screen.query_one(FarmTotals))

        sim.faults.garbage_rate = 1.0
        sim.tick(5)  # the farm moves on while the dashboard cannot see it
        # The poller fails (in its worker) before the screen has handled the outcome and
        # marked its banner: wait for the banner, not only for the poller's state.
        await until(
            pilot,
            lambda: (
                screen.level() == "stale" and screen.query_one("#dash-banner").has_class("-stale")
            ),
            "the stale banner",
        )
        text = banner(app)
        assert "gateway failing since" in text
        assert f"showing data from {good_at}" in text
        assert screen.summary == before
        assert text_of(screen.query_one(FarmTotals)) == totals_before
        assert screen.query_one("#dash-banner").has_class("-stale")
        assert screen.query_one("#dash-age").has_class("-stale")

        sim.faults.garbage_rate = 0.0
        sim.faults.error_rate = 1.0  # a proxy or gateway answering 503
        failures = screen.poller.failures
        await until(pilot, lambda: screen.poller.failures > failures, "a 5xx poll")
        assert screen.level() == "stale" and screen.summary == before

        sim.faults.reset()
        # The poller is live again (in its worker) before the screen has taken the new
        # summary: wait for both, or the figures below are read from the old one.
        await until(
            pilot,
            lambda: screen.level() == "live" and screen.summary is not before,
            "recovery and its new figures",
        )
        assert not screen.query_one("#dash-banner").has_class("-stale")
        farm = await farm_answers(sim)
        dead = sum(s.show_stats.dead_frames for s in farm["shows"] if s.show_stats.pending_jobs)
        assert screen.summary is not None and screen.summary.dead == dead
        assert "● live" in banner(app)
        # No toast storm (nor one toast): the banner says it all, and nobody dismisses toasts
        # on a wall.
        assert len(app._notifications) == 0
        # Timers do not pile up: the age ticker and at most one armed poll.
        assert len([t for t in screen._timers if t._active.is_set()]) <= 2


async def test_gateway_down_then_back(make_app, sim) -> None:
    """Connections refused: `gateway unreachable since`, data kept, live again on restart."""
    app = dashboard_app(make_app, refresh=0.5)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await until(pilot, lambda: screen.summary is not None, "the first data")
        before = screen.summary
        sim.stop()
        try:
            await until(pilot, lambda: screen.level() == "stale", "the stale banner")
            assert "gateway unreachable since" in banner(app)
            assert screen.summary == before
            assert app.screen is screen  # no modal, nothing waiting for a key
        finally:
            sim.start()
        await until(pilot, lambda: screen.level() == "live", "recovery after restart")
        assert "● live" in banner(app)


async def test_old_data_turns_the_banner_red(make_app, sim) -> None:
    now = [time.time()]
    app = dashboard_app(make_app)
    app.clock = lambda: now[0]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        sim.faults.error_rate = 1.0
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert screen.level() == "stale"
        now[0] += 600  # ten minutes without an answer
        screen._show_state()
        assert screen.level() == "old"
        assert screen.query_one("#dash-banner").has_class("-old")
        assert "(10m old)" in banner(app)


async def test_help_over_the_dashboard_keeps_it_live(make_app, sim) -> None:
    """A stray `?` on a wall keyboard must not freeze the wall."""
    app = dashboard_app(make_app, refresh=0.5)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await until(pilot, lambda: screen.summary is not None, "the first data")
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        seen = screen.poller.updated_at
        await until(pilot, lambda: screen.poller.updated_at != seen, "a poll under the help")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        seen = screen.poller.updated_at
        await until(pilot, lambda: screen.poller.updated_at != seen, "a poll after the help")


async def test_dashboard_is_read_only(make_app, sim) -> None:
    """No action on the dashboard; from it, every view is read-only and Esc leads home."""
    app = dashboard_app(make_app, show="testing")
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen) and app.readonly
        assert {d for _, d in binding_rows(screen)} <= {"Command", "Help", "Refresh now", "Back"}
        sim.clear_calls()
        for key in ("p", "r", "e", "ctrl+k", "L", "R", "enter", "space"):
            await pilot.press(key)
            await settle(pilot)
        assert app.screen is screen

        await pilot.press("colon", *"jobs testing", "enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "JobsScreen"
        assert not {"Pause", "Retry", "Eat", "Kill"} & {d for _, d in binding_rows(app.screen)}
        for key in ("p", "r", "e", "ctrl+k"):
            await pilot.press(key)
            await settle(pilot)
        writes = [c.path for c in sim.calls if "/Get" not in c.path and "/Find" not in c.path]
        assert writes == []

        await pilot.press("escape")  # jobs -> shows
        await settle(pilot)
        await pilot.press("escape")  # shows -> the dashboard, the wall's home
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


async def test_dash_command_opens_the_dashboard(make_app) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("colon", *"dash", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert not app.readonly  # a view like the others; only --dashboard implies read-only


async def test_a_wall_left_on_another_view_goes_back_to_the_dashboard(make_app) -> None:
    from cuetui.screens.help import HelpScreen
    from cuetui.screens.jobs import JobsScreen

    app = dashboard_app(make_app)
    # Keys 0.5 s apart for 4 s, past the 2.5 s idle time: only if each key restarts it does
    # the view stay. (1 s against 0.25 s apart failed when a loaded machine stalled a key.)
    app.idle_return = 2.5
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("colon", *"jobs testing", "enter")
        await until(pilot, lambda: isinstance(app.screen, JobsScreen), "the jobs view")
        for _ in range(8):  # someone is still at it: each key restarts the idle time
            await pilot.press("down")
            await pilot.pause(0.5)
            assert isinstance(app.screen, JobsScreen)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen), "the dashboard")
        assert len(app.screen_stack) == 2  # the help and the jobs view are gone, not hidden


async def test_an_app_not_started_as_a_wall_stays_where_it_is(make_app) -> None:
    from cuetui.screens.shows import ShowsScreen

    app = make_app()
    app.idle_return = 0.2
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("colon", *"shows", "enter")
        await pilot.pause(1.0)
        assert isinstance(app.screen, ShowsScreen)


async def test_the_dashboard_left_stops_polling(make_app, sim) -> None:
    app = make_app(refresh=0.5)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("colon", *"dash", "enter")
        screen = app.screen
        await until(pilot, lambda: screen.summary is not None, "the first data")
        await pilot.press("colon", *"shows", "enter")
        await settle(pilot)
        sim.clear_calls()
        await pilot.pause(1.5)  # three of the dashboard's intervals
        assert sim.calls_to("/job.JobInterface/GetJobs") == []  # only the dashboard reads jobs
        assert sim.calls_to("/show.ShowInterface/GetShows")  # the shows screen polls on


def test_cli_dashboard_flag_opens_the_dashboard_read_only(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "none"))
    seen: dict[str, Any] = {}

    def fake_run_app(
        settings: Settings, *, client: Any = None, dashboard: bool = False, farms: Any = None
    ) -> int:
        seen.update(settings=settings, dashboard=dashboard, farms=farms)
        return 0

    def fake_run_demo(**kwargs: Any) -> int:
        seen.update(demo=kwargs)
        return 0

    monkeypatch.setattr("cuetui.app.run_app", fake_run_app)
    monkeypatch.setattr("cuetui.demo.run_demo", fake_run_demo)
    assert cli.main(["--gateway", "http://farm:8448", "--dashboard"]) == 0
    assert seen["dashboard"] is True and seen["settings"].readonly is True
    seen.clear()
    assert cli.main(["--gateway", "http://farm:8448"]) == 0
    assert seen["dashboard"] is False and seen["settings"].readonly is False
    assert cli.main(["demo", "--dashboard"]) == 0
    assert seen["demo"]["dashboard"] is True
    assert cli.main(["--dashboard", "demo"]) == 0
    assert seen["demo"]["dashboard"] is True
    assert "--dashboard" in cli.build_parser().format_help()


async def test_app_started_as_dashboard_is_read_only(sim) -> None:
    from cuetui.app import CuetuiApp

    settings = Settings.for_gateway(sim.url, jwt_secret=sim.secret, refresh=600.0)
    app = CuetuiApp(settings, dashboard=True)
    assert app.readonly
    assert isinstance(app.first_screen(), DashboardScreen)


@pytest.mark.parametrize("extra", [0, 5])
def test_summary_is_bounded(extra: int) -> None:
    """However many jobs fail, the dashboard keeps MAX_TRIAGE rows, not the jobs."""
    from cuetui.models import Job

    jobs = [
        Job(id=f"j{i}", name=f"job{i:04d}", show="s", job_stats={"dead_frames": 1 + i % 7})
        for i in range(MAX_TRIAGE + extra)
    ]
    summary = summarize([], jobs, [], host_counts([], [], []))
    assert len(summary.triage) == min(MAX_TRIAGE, len(jobs))
    assert summary.dead_jobs == len(jobs)
    assert summary.triage[0].dead == max(j.job_stats.dead_frames for j in jobs)
