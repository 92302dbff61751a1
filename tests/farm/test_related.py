"""Between related things: a frame's, a proc's host (`h`), a job's procs (`h`), `:layers JOB`,
names completed on the `:` line, and Esc back along the path taken."""

from __future__ import annotations

from typing import Any

from farm_support import bodies, cursor_to, make_app, messages, opened, run, settle

from cuetui.core.criteria import HostFilter
from cuetui.models import Proc
from cuetui.screens.frames import FramesScreen
from cuetui.screens.hosts import HostsScreen
from cuetui.screens.jobs import JobsScreen
from cuetui.screens.layers import LayersScreen
from cuetui.screens.log import LogScreen
from cuetui.screens.procs import ProcsScreen
from cuetui.sim.harness import SimHarness

GET_HOSTS = "/host.HostInterface/GetHosts"
HOST_PROCS = "/host.HostInterface/GetProcs"
GET_PROCS = "/host.ProcInterface/GetProcs"
FIND_JOB = "/job.JobInterface/FindJob"
GET_JOB_NAMES = "/job.JobInterface/GetJobNames"
FAILING = "testing-sh010-jsmith_fx_sim_v012"  # frames 8, 9 on render-0003, 10 on render-0004
OTHER_SHOW = "aurora-sh540-mchen_lighting_v025"


def crumbs(app: Any) -> str:
    return str(app.screen.query_one("#crumbs-left").render())


def proc_of(screen: ProcsScreen, frame: str) -> Proc:
    return next(p for p in screen.table.visible_items() if p.frame_name == frame)


async def back(pilot: Any, kind: type) -> Any:
    await pilot.press("escape")
    await settle(pilot, lambda: isinstance(pilot.app.screen, kind))
    return pilot.app.screen


async def jobs_view(pilot: Any, job: str = FAILING) -> JobsScreen:
    screen = await opened(pilot, JobsScreen)
    await cursor_to(pilot, screen, job)
    return screen


async def test_h_on_a_frame_shows_exactly_its_host_and_esc_comes_back(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await jobs_view(pilot)
        await pilot.press("f")
        frames = await opened(pilot, FramesScreen)
        frame = await cursor_to(pilot, frames, "0010-sim")
        sim.clear_calls()
        await pilot.press("h")
        hosts = await opened(pilot, HostsScreen)
        assert bodies(sim, GET_HOSTS) == [{"r": {"hosts": ["render-0004"]}}]
        assert [h.name for h in hosts.table.visible_items()] == ["render-0004"]
        assert hosts.criteria == HostFilter(host=("render-0004",))
        assert crumbs(app).endswith("> hosts host=render-0004")
        # Enter on it: the frames running there (its procs), and back the same way.
        await pilot.press("enter")
        procs = await opened(pilot, ProcsScreen)
        assert bodies(sim, HOST_PROCS) == [{"host": {"id": hosts.table.cursor_item.id}}]
        assert {p.host_name for p in procs.table.items()} == {"render-0004"}
        assert await back(pilot, HostsScreen) is hosts
        assert await back(pilot, FramesScreen) is frames
        assert frames.table.cursor_item.id == frame.id


async def test_h_on_a_frame_that_never_ran_says_so(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        frames = await run(pilot, "frames testing-sh030-arojas_comp_v002", FramesScreen)
        await cursor_to(pilot, frames, "0001-comp")  # DEPEND: never dispatched
        sim.clear_calls()
        await pilot.press("h")
        await settle(pilot)
        assert app.screen is frames and sim.calls_to(GET_HOSTS) == []
        assert "Frame 0001-comp has not run on a host" in messages(app)


async def test_h_on_a_proc_shows_its_host(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 30)) as pilot:
        procs = await run(pilot, f"procs job={FAILING}", ProcsScreen)
        procs.table.move_to(proc_of(procs, "0008-sim").id)
        await pilot.pause()
        sim.clear_calls()
        await pilot.press("h")
        hosts = await opened(pilot, HostsScreen)
        assert bodies(sim, GET_HOSTS) == [{"r": {"hosts": ["render-0003"]}}]
        assert [h.name for h in hosts.table.visible_items()] == ["render-0003"]


async def test_h_on_a_job_shows_its_procs_and_esc_retraces_the_path(sim: SimHarness) -> None:
    """jobs -> the job's procs -> a proc's host -> that host's procs, then Esc x3 back, each
    screen with its cursor where it was."""
    app = make_app(sim)
    async with app.run_test(size=(120, 30)) as pilot:
        jobs = await jobs_view(pilot)
        job = jobs.table.cursor_item
        sim.clear_calls()
        await pilot.press("h")
        procs = await opened(pilot, ProcsScreen)
        assert bodies(sim, GET_PROCS) == [{"r": {"jobs": [FAILING]}}]
        assert {p.job_name for p in procs.table.items()} == {FAILING}
        assert {p.frame_name for p in procs.table.items()} == {"0008-sim", "0009-sim", "0010-sim"}
        assert crumbs(app) == f"testing > {FAILING} procs"
        proc = proc_of(procs, "0010-sim")
        procs.table.move_to(proc.id)
        await pilot.pause()
        await pilot.press("h")
        hosts = await opened(pilot, HostsScreen)
        assert bodies(sim, GET_HOSTS) == [{"r": {"hosts": ["render-0004"]}}]
        await pilot.press("enter")
        host_procs = await opened(pilot, ProcsScreen)
        assert host_procs is not procs and host_procs.host is not None
        assert crumbs(app) == (
            f"testing > {FAILING} procs > hosts host=render-0004 > render-0004 procs"
        )
        assert await back(pilot, HostsScreen) is hosts
        assert hosts.table.cursor_item.name == "render-0004"
        assert await back(pilot, ProcsScreen) is procs
        assert procs.table.cursor_item.id == proc.id
        assert await back(pilot, JobsScreen) is jobs
        assert jobs.table.cursor_item.id == job.id


async def test_h_in_a_frames_log_shows_its_host_and_esc_returns_to_the_log(
    sim: SimHarness,
) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 30)) as pilot:
        await jobs_view(pilot)
        await pilot.press("f")
        frames = await opened(pilot, FramesScreen)
        await cursor_to(pilot, frames, "0008-sim")
        await pilot.press("l")
        await settle(pilot, lambda: isinstance(app.screen, LogScreen))
        log = app.screen
        sim.clear_calls()
        await pilot.press("h")
        hosts = await opened(pilot, HostsScreen)
        assert bodies(sim, GET_HOSTS) == [{"r": {"hosts": ["render-0003"]}}]
        assert [h.name for h in hosts.table.visible_items()] == ["render-0003"]
        assert await back(pilot, LogScreen) is log


async def test_layers_and_frames_take_a_job_name(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await opened(pilot, JobsScreen)
        await run(pilot, "hosts", HostsScreen)  # no job highlighted here
        sim.clear_calls()
        # A job the jobs view showed opens at once, without asking for it.
        layers = await run(pilot, f"layers {FAILING}", LayersScreen)
        assert layers.job.name == FAILING and sim.calls_to(FIND_JOB) == []
        # A job of another show is looked up by name (FindJob), then opened.
        frames = await run(pilot, f"frames {OTHER_SHOW}", FramesScreen)
        assert frames.job.name == OTHER_SHOW
        assert bodies(sim, FIND_JOB) == [{"name": OTHER_SHOW}]
        # A part of one known name is that job; a part of several says which.
        layers = await run(pilot, "layers sh010-jsmith", LayersScreen)
        assert layers.job.name == FAILING
        app.run_command("frames testing-sh0", app.screen.context())
        await settle(pilot)
        assert app.screen is layers
        assert any("testing-sh0 matches" in m and "Tab completes" in m for m in messages(app))
        sim.clear_calls()
        app.run_command("layers nosuch-sh000-nobody_v001", app.screen.context())
        await settle(pilot)
        assert app.screen is layers
        assert bodies(sim, FIND_JOB) == [{"name": "nosuch-sh000-nobody_v001"}]
        assert (
            ":layers nosuch-sh000-nobody_v001: no pending job has that name (finished, or a typo?)"
            in messages(app)
        )


async def completed(pilot: Any, text: str) -> str:
    """Open `:`, type `text`, wait for the names, and return what Tab makes of it."""
    line = pilot.app.screen.query_one("#command-line")
    await pilot.press("colon", *text)
    await settle(pilot)
    await pilot.press("tab")
    value = line.value
    await pilot.press("escape")
    return value


async def test_the_command_line_completes_job_and_host_names(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 30)) as pilot:
        await opened(pilot, JobsScreen)
        sim.clear_calls()
        # Jobs of the show on view, and (GetJobNames: names only) of every other show.
        assert await completed(pilot, "layers testing-sh01") == f"layers {FAILING}"
        assert bodies(sim, GET_JOB_NAMES) == [{"r": {"includeFinished": False}}]
        assert await completed(pilot, "frames aurora-sh54") == f"frames {OTHER_SHOW}"
        assert await completed(pilot, "procs job=aurora-sh54") == f"procs job={OTHER_SHOW}"
        assert len(sim.calls_to(GET_JOB_NAMES)) == 1  # read once, then kept a while
        # Hosts: read once (the hosts view was never opened), then completed.
        assert await completed(pilot, "hosts host=render-001") == "hosts host=render-0010"
        assert await completed(pilot, "procs host=render-00") == "procs host=render-0001"
        assert bodies(sim, GET_HOSTS) == [{"r": {}}]
        # The completed name runs: exactly that host.
        sim.clear_calls()
        await run(pilot, "hosts host=render-0003", HostsScreen)
        assert bodies(sim, GET_HOSTS) == [{"r": {"hosts": ["render-0003"]}}]


def test_host_criteria_name_hosts_exactly() -> None:
    f = HostFilter.parse("host=render-0003,render-0004 state=UP")
    assert f.client_args() == {"names": ["render-0003", "render-0004"], "states": ["UP"]}
    assert f.describe() == "host=render-0003,render-0004 state=UP"
    assert HostFilter.parse("h=ws-kwong").host == ("ws-kwong",)
