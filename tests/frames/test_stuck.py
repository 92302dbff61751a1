"""`:stuck` on the real app against the simulator: the rows its hung and long-running frames
make, the thresholds line and its keys, the bounded reads, and the verbs from a row."""

from __future__ import annotations

from typing import Any

from frames_support import make_app, settle
from textual.pilot import Pilot

from cuetui.screens.hosts import HostsScreen
from cuetui.screens.log import LogScreen
from cuetui.screens.stuck import StuckScreen
from cuetui.sim import model as m
from cuetui.sim.harness import SimHarness
from cuetui.widgets.confirm import ConfirmModal
from cuetui.widgets.prompt import PromptModal

JOB = "/job.JobInterface/"
FRAME = "/job.FrameInterface/"
MIN = 60


def expected(sim: SimHarness, shows: set[str], llu_minutes: float = 30) -> set[str]:
    """`job/frame` of the sim's running frames out of line by the default thresholds."""
    farm, rows = sim.farm, set()
    with farm.lock:
        now = farm.now
        for frame in farm.running.values():
            f, stats = frame.msg, frame.layer.stats
            if frame.job.msg.show not in shows or f.state != m.RUNNING:
                continue
            avg = (
                stats.rendered_frame_sec // stats.rendered_frame_count
                if stats.rendered_frame_count
                else 0
            )
            runtime = now - f.start_time
            stale = now - max(f.llu_time, f.start_time) >= llu_minutes * MIN
            overrun = avg > 0 and runtime >= 600 and runtime > 3 * avg
            if stale or overrun:
                rows.add(f"{frame.job.msg.name}/{f.name}")
    return rows


def shown(screen: StuckScreen) -> set[str]:
    return {f"{r.job.name}/{r.frame.name}" for r in screen.table.visible_items()}


async def open_stuck(pilot: Pilot[Any], arg: str = "") -> StuckScreen:
    app = pilot.app
    await settle(pilot)
    await pilot.press("colon", *f"stuck {arg}".strip(), "enter")
    await settle(pilot, lambda: isinstance(app.screen, StuckScreen) and app.screen._loaded)
    screen = app.screen
    assert isinstance(screen, StuckScreen)
    return screen


def thresholds_line(screen: StuckScreen) -> str:
    return str(screen.query_one("#stuck-thresholds").render())


async def test_stuck_all_lists_the_hung_and_long_running_frames(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_stuck(pilot, "all")
        want = expected(sim, {"testing", "pipeline", "aurora"})
        assert len(want) >= 3  # the sim's two hung frames and its long runner
        assert shown(screen) == want
        assert thresholds_line(screen).startswith(
            "LLU ≥ 30 min  or  runtime > 3x layer avg (and ≥ 10 min)"
        )
        # The longest silence first; its LLU marked, its last line read from its log.
        top = screen.table.visible_items()[0]
        assert "LLU" in top.reasons(app.clock(), screen.thresholds)
        assert top.last_line is not None and "rendering bucket" in top.last_line


async def test_stuck_reads_the_shows_in_view_and_only_their_running_jobs(sim: SimHarness) -> None:
    app = make_app(sim)  # opens on the jobs of `testing`
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        sim.clear_calls()
        screen = await open_stuck(pilot)
        assert screen.shows == ["testing"]
        assert shown(screen) == expected(sim, {"testing"})
        assert [c.body for c in sim.calls_to(JOB + "GetJobs")] == [
            {"r": {"shows": ["testing"], "includeFinished": False}}
        ]
        with sim.farm.lock:
            testing = {j.msg.id for j in sim.farm.jobs.values() if j.msg.show == "testing"}
        asked = {c.body["job"]["id"] for c in sim.calls_to(JOB + "GetFrames")}
        assert asked and asked <= testing
        assert screen.finder is not None and len(asked) == screen.finder.jobs_asked
        assert all(
            c.body["req"]["states"] == {"frameStates": ["RUNNING"]}
            for c in sim.calls_to(JOB + "GetFrames")
        )


async def test_t_changes_the_llu_threshold_and_the_rows_follow(sim: SimHarness) -> None:
    app = make_app(sim, readonly=True)  # a view setting: read-only sessions may change it
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_stuck(pilot, "all")
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, PromptModal)
        await pilot.press("ctrl+u", *"abc", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PromptModal)  # refused under the field
        await pilot.press("ctrl+u", *"120", "enter")
        await settle(pilot)
        assert app.screen is screen
        assert thresholds_line(screen).startswith("LLU ≥ 120 min")
        assert shown(screen) == expected(sim, {"testing", "pipeline", "aurora"}, 120)
        # The hung frames (silent 30-90 min) are no longer there for their LLU.
        assert expected(sim, {"testing", "pipeline", "aurora"}) - shown(screen)
        for row in screen.table.visible_items():
            assert row.reasons(app.clock(), screen.thresholds) == ("runtime",)


async def test_T_changes_the_runtime_factor(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_stuck(pilot, "all")
        await pilot.press("T")
        await pilot.pause()
        await pilot.press("ctrl+u", *"1000", "enter")
        await settle(pilot)
        assert "runtime > 1000x layer avg" in thresholds_line(screen)
        assert all("LLU" in r.reasons(app.clock(), screen.thresholds)
                   for r in screen.table.visible_items())  # fmt: skip


async def test_retry_from_a_row_sends_the_frames_retry(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_stuck(pilot, "all")
        row = screen.table.visible_items()[0]
        screen.table.move_to(row.id)
        sim.clear_calls()
        await pilot.press("r")
        await settle(pilot, lambda: bool(sim.calls_to(FRAME + "Retry")))
        sent = [(c.path, c.body) for c in sim.calls if c.path.startswith(FRAME)]
        assert sent == [(FRAME + "Retry", {"frame": {"id": row.frame.id}})]
        with sim.farm.lock:
            assert sim.farm.frames[row.frame.id].msg.state != m.RUNNING or (
                sim.farm.frames[row.frame.id].msg.start_time > row.frame.start_time
            )


async def test_kill_from_a_row_asks_then_kills_that_frame(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_stuck(pilot, "all")
        row = screen.table.visible_items()[0]
        screen.table.move_to(row.id)
        sim.clear_calls()
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("right", "enter")
        await settle(pilot, lambda: bool(sim.calls_to(FRAME + "Kill")))
        [kill] = sim.calls_to(FRAME + "Kill")
        assert kill.body["frame"] == {"id": row.frame.id}
        assert kill.body["reason"]


def footer_labels(screen: StuckScreen) -> set[str]:
    return {str(k.description) for k in screen.query("FooterKey")}


async def test_readonly_hides_retry_and_kill(sim: SimHarness) -> None:
    for readonly in (False, True):
        app = make_app(sim, readonly=readonly)
        async with app.run_test(size=(120, 30)) as pilot:
            screen = await open_stuck(pilot, "all")
            labels = footer_labels(screen)
            assert {"Log", "Host", "LLU limit"} <= labels
            assert ({"Retry", "Kill"} <= labels) is not readonly
            if readonly:
                sim.clear_calls()
                await pilot.press("r", "ctrl+k")
                await settle(pilot)
                assert app.screen is screen
                assert not [c for c in sim.calls if c.path.startswith(FRAME)]


async def test_enter_opens_the_log_and_h_the_host(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_stuck(pilot, "all")
        row = screen.table.visible_items()[0]
        screen.table.move_to(row.id)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LogScreen)
        assert str(app.screen.path) == row.frame.log_path(row.job)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("h")
        await settle(pilot)
        hosts = app.screen
        assert isinstance(hosts, HostsScreen)
        assert [h.name for h in hosts.table.visible_items()] == [row.frame.host_name]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


async def test_marked_rows_of_several_jobs_are_retried_each_under_its_own_job(
    sim: SimHarness,
) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_stuck(pilot, "all")
        rows = screen.table.visible_items()
        assert len({r.job.id for r in rows}) >= 2
        for row in rows:
            screen.table.move_to(row.id)
            await pilot.press("space")
        sim.clear_calls()
        await pilot.press("r")
        await settle(pilot, lambda: len([c for c in sim.calls if "Retry" in c.path]) >= len(rows))
        # One request per job, its criteria naming the job's marked frame (as CueGUI sends).
        sent = [(c.path, c.body) for c in sim.calls if "Retry" in c.path]
        want = [
            (JOB + "RetryFrames", {"job": {"id": r.job.id}, "req": {"frames": [r.frame.name]}})
            for r in rows
        ]
        assert sorted(sent, key=str) == sorted(want, key=str)
