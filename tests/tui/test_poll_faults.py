"""Auto-refresh never stops silently, and old data never looks live (issue #10, points 1 and 9).

Each case drives the real app against the simulator, makes a refresh (ctrl+r, or the one
after an action) land while a poll is in flight, a call hang or answers go bad, and then
checks what was sent afterwards and what the header and the wall say.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from tests.tui.conftest import settle
from textual.pilot import Pilot

from cuetui.screens.dashboard import DashboardScreen
from cuetui.sim.harness import SimHarness

GET_JOBS = "/job.JobInterface/GetJobs"
DEADLINE = 30.0  # seconds: the test machines are shared and slow


def header(app: Any) -> str:
    return str(app.screen.query_one("#header-right").render()).strip()


async def until(pilot: Pilot[Any], condition: Callable[[], Any], what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"timed out waiting for {what}; header: {header(pilot.app)!r}")


def jobs_calls_after(sim: SimHarness, moment: float) -> int:
    return sum(1 for c in sim.calls_to(GET_JOBS) if c.time > moment)


async def keeps_polling(pilot: Pilot[Any], sim: SimHarness, polls: int = 2) -> None:
    """Timed polls go on: `polls` more GetJobs arrive and the header's time moves on."""
    moment = time.time()
    before = header(pilot.app)
    await until(pilot, lambda: jobs_calls_after(sim, moment) >= polls, f"{polls} timed polls")
    await until(pilot, lambda: "updated" in header(pilot.app), "a fresh header")
    await until(pilot, lambda: header(pilot.app) != before, "the header's time to advance")


class Clock:
    """The app's wall clock, moved by the test (the schedule itself runs on real time)."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset


async def test_two_refreshes_a_few_ms_apart_keep_polling(make_app, sim) -> None:
    app = make_app(show="testing", refresh=1.0)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        sim.faults.latency = 0.3  # a healthy farm's answer takes a moment
        await pilot.press("ctrl+r", "ctrl+r")  # the second lands while the first is in flight
        sim.faults.latency = 0.0
        await keeps_polling(pilot, sim, polls=3)


async def test_an_action_refresh_during_a_slow_poll_keeps_polling(make_app, sim) -> None:
    app = make_app(show="testing", refresh=1.0)
    async with app.run_test(size=(120, 24), notifications=True) as pilot:
        await settle(pilot)
        sim.faults.latency = 2.0  # every call takes 2 s
        await pilot.press("p")  # the action's refresh comes 1 s after its answer...
        await pilot.pause(1.2)
        await pilot.press("ctrl+r")  # ...while this poll is still waiting for its own
        await until(pilot, lambda: app._notifications, "the action's answer")
        assert sim.calls_to("/job.JobInterface/Pause")
        await pilot.pause(2.5)
        sim.faults.latency = 0.0
        await keeps_polling(pilot, sim, polls=3)


async def test_a_refresh_during_a_hung_call_keeps_polling(make_app, sim) -> None:
    app = make_app(show="testing", refresh=1.0, read_timeout=2.0)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        moment = time.time()
        sim.faults.hang(GET_JOBS)
        await until(pilot, lambda: jobs_calls_after(sim, moment) >= 1, "a poll that hangs")
        await pilot.press("ctrl+r")
        await until(pilot, lambda: "stale since" in header(app), "the timeout to show")
        sim.faults.reset()
        await keeps_polling(pilot, sim, polls=2)


async def test_a_hung_poll_turns_the_header_stale_by_itself(make_app, sim) -> None:
    clock = Clock()
    app = make_app(show="testing", refresh=1.0, read_timeout=30.0)
    app.clock = clock
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        assert header(app).startswith("● updated")
        moment = time.time()
        sim.faults.latency = 4.0  # one poll takes long; nothing has failed yet
        await until(pilot, lambda: jobs_calls_after(sim, moment) >= 1, "a slow poll")
        last = app.screen.poller.updated_at
        clock.offset += 47  # the data on screen is now 47 s old
        await until(pilot, lambda: header(app).startswith("▲ stale"), "the header to turn stale")
        text = header(app)
        assert "data 47s old" in text or "data 48s old" in text
        assert f"no answer since {time.strftime('%H:%M:%S', time.localtime(last))}" in text
        sim.faults.latency = 0.0
        await until(pilot, lambda: header(app).startswith("● updated"), "recovery")


async def test_a_hung_poll_turns_the_wall_stale_by_itself(make_app, sim) -> None:
    clock = Clock()
    app = make_app(refresh=1.0, read_timeout=30.0)
    app.dashboard = app.readonly = True
    app.clock = clock
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        await until(pilot, lambda: screen.level() == "live", "the first data")
        moment = time.time()
        sim.faults.hang(GET_JOBS)
        await until(pilot, lambda: jobs_calls_after(sim, moment) >= 1, "a poll that hangs")
        clock.offset += 120
        await until(pilot, lambda: header(app).startswith("▲ stale"), "the header to turn stale")
        assert screen.level() == "old"  # two minutes old: red
        wall = str(screen.query_one("#dash-banner").render())
        assert wall.startswith("▲ stale — no answer since") and "data 2m old" in wall, wall
        assert screen.query_one("#dash-banner").has_class("-old")
        # The hung call times out after 30 s: ctrl+r cannot jump it (one request in flight);
        # shorten the wait by restarting the gateway, which drops the hung connection.
        sim.faults.reset()
        sim.stop()
        sim.start()
        await until(pilot, lambda: header(app).startswith("● updated"), "the wall to recover")
        assert screen.level() == "live"
        assert str(screen.query_one("#dash-banner").render()).startswith("● live")


async def test_malformed_answers_do_not_hold_back_recovery(make_app, sim) -> None:
    """Three garbage bodies used to back off to 8 intervals; the gateway answered, so no."""
    app = make_app(show="testing", refresh=1.0)
    async with app.run_test(size=(120, 24), notifications=True) as pilot:
        await settle(pilot)
        sim.faults.queue("garbage", 3)
        poller = app.screen.poller
        await until(pilot, lambda: poller.failures == 3, "three malformed answers")
        failed_at = time.monotonic()
        await until(pilot, lambda: not poller.stale, "recovery")
        assert time.monotonic() - failed_at < 3.0  # one interval, not eight
        # The poller recovers in its worker; the header follows once the screen has the data.
        await until(pilot, lambda: header(app).startswith("● updated"), "the header to recover")


async def test_the_wall_polls_on_when_one_call_fails_and_recovers_at_once(make_app, sim) -> None:
    """GetJobs answers 503 while shows and allocations answer: the gateway is up."""
    app = make_app(refresh=1.0)
    app.dashboard = app.readonly = True
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await until(pilot, lambda: screen.level() == "live", "the first data")
        sim.faults.paths = {GET_JOBS}
        sim.faults.error_rate = 1.0
        await until(pilot, lambda: screen.poller.failures >= 3, "three failed polls")
        assert screen.level() == "stale" and screen.polling.due_in() is not None
        assert screen.poller.next_delay() == 1.0  # no backoff: shows and allocations answered
        sim.faults.reset()
        cleared = time.monotonic()
        await until(pilot, lambda: screen.level() == "live", "recovery")
        assert time.monotonic() - cleared < 4.0
        # The poller is live in its worker; the banner follows once the screen has the data.
        await until(
            pilot,
            lambda: str(screen.query_one("#dash-banner").render()).startswith("● live"),
            "the wall's banner to say live",
        )


async def test_the_comments_are_read_again_on_their_own_and_go_stale_by_themselves(
    make_app, sim
) -> None:
    from cuetui.screens.comments import CommentsScreen

    comments = "/job.JobInterface/GetComments"
    clock = Clock()
    app = make_app(show="testing", refresh=0.3, read_timeout=30.0)
    app.clock = clock
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        job = app.screen.table.items()[0]
        moment = time.time()
        app.push_screen(CommentsScreen(job))
        # Read on open, then again every ten intervals (3 s here) with no key pressed.
        await until(pilot, lambda: len(sim.calls_to(comments)) >= 2, "a timed re-read")
        assert all(c.time > moment for c in sim.calls_to(comments))
        assert header(app).startswith("● updated")
        screen = app.screen
        await until(pilot, lambda: not screen.poller.busy, "no read in flight")
        sim.faults.hang(comments)  # the next read never answers...
        clock.offset += 60  # ...and the comments on screen are a minute old
        await until(pilot, lambda: header(app).startswith("▲ stale: data 1m old"), "stale")
        assert "— no answer since" in header(app)


async def test_a_restarted_gateway_shows_within_an_interval(make_app, sim) -> None:
    """A refused connection costs the gateway nothing: no backoff, so a restart shows at once."""
    app = make_app(show="testing", refresh=1.0)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        poller = app.screen.poller
        sim.stop()
        await until(pilot, lambda: poller.failures >= 3, "three refused polls")
        assert "connection refused" in (poller.error or "")
        assert poller.next_delay() == 1.0  # was 8 s after three failures
        assert header(app).startswith("▲ stale since")
        sim.start()
        restarted = time.monotonic()
        await until(pilot, lambda: not poller.stale, "recovery")
        assert time.monotonic() - restarted < 5.0
        # The poller recovers in its worker; the header follows once the screen has the data.
        await until(pilot, lambda: header(app).startswith("● updated"), "the header to recover")
