"""ProcsScreen against the simulated gateway: a host's procs, `:procs` criteria, kill, unbook."""

from __future__ import annotations

from typing import Any

from farm_support import bodies, cursor_to, make_app, messages, opened, refreshed, run, settle

from cuetui.core.criteria import ProcFilter
from cuetui.models import Proc
from cuetui.screens.frames import FramesScreen
from cuetui.screens.hosts import HostsScreen
from cuetui.screens.jobs import JobsScreen
from cuetui.screens.procs import ProcsScreen
from cuetui.sim.harness import SimHarness
from cuetui.widgets.confirm import ConfirmModal

PROC = "/host.ProcInterface/"
GET_PROCS = PROC + "GetProcs"
HOST_PROCS = "/host.HostInterface/GetProcs"
FAILING = "testing-sh010-jsmith_fx_sim_v012"


def actions(sim: SimHarness) -> list[tuple[str, dict[str, Any]]]:
    return [(c.path, c.body) for c in sim.calls if c.path in (PROC + "Kill", PROC + "Unbook")]


async def host_procs(pilot: Any, host: str = "render-0003") -> ProcsScreen:
    app = pilot.app
    hosts = await run(pilot, "hosts", HostsScreen)
    await cursor_to(pilot, hosts, host)
    await pilot.press("enter")
    await opened(pilot, ProcsScreen)
    return app.screen


def frame_proc(screen: ProcsScreen, frame: str) -> Proc:
    return next(p for p in screen.table.visible_items() if p.frame_name == frame)


async def test_a_hosts_procs_show_job_frame_and_resources(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await host_procs(pilot)
        assert screen.crumb() == "render-0003 procs"
        procs = {p.frame_name: p for p in screen.table.visible_items()}
        assert {"0008-sim", "0009-sim"} <= set(procs)
        proc = procs["0008-sim"]
        assert proc.job_name == FAILING
        assert proc.reserved_cores > 0 and proc.reserved_memory > 0
        # The runtime column counts from dispatch on the app's (the farm's) clock.
        runtime = next(c for c in screen.table._cols if c.key == "runtime")
        assert runtime.value(proc) == sim.farm.now - proc.dispatch_time


async def test_procs_of_a_show_and_of_the_highlighted_job(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await run(pilot, "procs show=testing", ProcsScreen)
        assert bodies(sim, GET_PROCS) == [{"r": {"shows": ["testing"]}}]
        assert {p.show_name for p in screen.table.items()} == {"testing"}
        await run(pilot, "procs pipeline", ProcsScreen)
        assert bodies(sim, GET_PROCS)[-1] == {"r": {"shows": ["pipeline"]}}
        # Without criteria, `:procs` takes the job highlighted on the jobs screen.
        app.goto(JobsScreen(["testing"]))
        await opened(pilot, JobsScreen)
        await cursor_to(pilot, app.screen, FAILING)
        screen = await run(pilot, "procs", ProcsScreen)
        assert bodies(sim, GET_PROCS)[-1] == {"r": {"jobs": [FAILING]}}
        assert {p.job_name for p in screen.table.items()} == {FAILING}


def test_proc_criteria_parse() -> None:
    f = ProcFilter.parse("testing job=a,b host=render-0001 alloc=local.gpu")
    assert f.client_args() == {
        "shows": ["testing"],
        "jobs": ["a", "b"],
        "hosts": ["render-0001"],
        "allocs": ["local.gpu"],
    }
    assert not ProcFilter.parse("")


async def test_kill_confirms_and_cancel_sends_nothing(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await host_procs(pilot)
        proc = frame_proc(screen, "0008-sim")
        screen.table.move_to(proc.id)
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert "0008-sim of testing-sh010-jsmith_fx_sim_v012 on render-0003" in app.screen.lines
        await pilot.press("escape")
        await settle(pilot)
        assert actions(sim) == []
        await pilot.press("ctrl+k")
        await pilot.pause()
        await pilot.press("right", "enter")
        await settle(pilot, lambda: actions(sim))
        assert actions(sim) == [(PROC + "Kill", {"proc": {"id": proc.id}})]
        assert f"Kill requested for 0008-sim of {FAILING} on render-0003" in messages(app)
        await refreshed(pilot, sim, HOST_PROCS, screen)
        assert screen.table.get_item(proc.id) is None


async def test_unbook_with_and_without_kill(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await host_procs(pilot)
        first = frame_proc(screen, "0008-sim")
        screen.table.move_to(first.id)
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("right", "enter")
        await settle(pilot, lambda: actions(sim))
        assert actions(sim) == [(PROC + "Unbook", {"proc": {"id": first.id}, "kill": False})]
        await refreshed(pilot, sim, HOST_PROCS, screen)
        assert screen.table.get_item(first.id).unbooked
        second = frame_proc(screen, "0009-sim")
        screen.table.move_to(second.id)
        await pilot.press("U")
        await pilot.pause()
        await pilot.press("right", "enter")
        await settle(pilot, lambda: len(actions(sim)) == 2)
        assert actions(sim)[-1] == (PROC + "Unbook", {"proc": {"id": second.id}, "kill": True})
        await refreshed(pilot, sim, HOST_PROCS, screen)
        assert screen.table.get_item(second.id) is None


async def test_enter_opens_the_jobs_frames_on_the_procs_frame(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await host_procs(pilot)
        proc = frame_proc(screen, "0009-sim")
        screen.table.move_to(proc.id)
        await pilot.press("enter")
        await opened(pilot, FramesScreen)
        frames = app.screen
        assert bodies(sim, "/job.JobInterface/FindJob") == [{"name": FAILING}]
        assert frames.job.name == FAILING
        await settle(pilot, lambda: getattr(frames.table.cursor_item, "name", "") == "0009-sim")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_readonly_refuses_proc_actions(sim: SimHarness) -> None:
    app = make_app(sim, readonly=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await host_procs(pilot)
        for action in ("kill", "unbook", "unbook_kill"):
            assert screen.check_action("verb", (action,)) is False
        await pilot.press("ctrl+k", "u", "U")
        screen.action_verb("kill")
        await settle(pilot)
        assert app.screen is screen
        assert actions(sim) == []
