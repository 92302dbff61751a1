"""Polling: stale state when the gateway goes away and recovery when it returns; the policy."""

from __future__ import annotations

import asyncio

from tests.tui.conftest import refresh, settle

from cuetui.core.polling import Poller, hhmmss


def state_text(app) -> str:
    return str(app.screen.query_one("#header-right").render())


async def test_stale_when_the_gateway_stops_and_recovers(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        rows = app.screen.table.counts
        assert "updated" in state_text(app)
        sim.stop()
        await refresh(pilot)
        text = state_text(app)
        assert "stale since" in text and "—" in text
        assert app.screen.table.counts == rows  # the last data stays
        assert app.screen.poller.failures == 1
        sim.start()
        await refresh(pilot)
        assert "updated" in state_text(app) and "stale" not in state_text(app)


async def test_recovers_by_itself(make_app, sim) -> None:
    app = make_app(show="testing", refresh=0.3)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        sim.stop()
        for _ in range(100):
            await pilot.pause(0.1)
            if "stale" in state_text(app):
                break
        assert "stale" in state_text(app)
        sim.start()
        for _ in range(150):
            await pilot.pause(0.1)
            if "stale" not in state_text(app):
                break
        assert "updated" in state_text(app)


async def test_only_the_screen_on_view_polls(make_app, sim) -> None:
    app = make_app(show="testing", refresh=0.2)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # layers of the first job
        await settle(pilot)
        sim.clear_calls()
        await pilot.pause(1.0)
        paths = {c.path for c in sim.calls}
        assert paths == {"/job.JobInterface/GetLayers"}


async def test_freeze_stops_polling_and_shows_it(make_app, sim) -> None:
    app = make_app(show="testing", refresh=0.2)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        sim.clear_calls()
        await pilot.pause(0.8)
        assert sim.calls == []
        assert "FROZEN" in state_text(app)
        await pilot.press("z")
        await settle(pilot)
        assert "FROZEN" not in state_text(app)
        assert sim.calls


class _Clock:
    now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_poller_one_in_flight_and_backoff() -> None:
    gate = asyncio.Event()
    fail = False

    async def fetch() -> int:
        await gate.wait()
        if fail:
            raise ConnectionError("refused")
        return 1

    clock = _Clock()
    poller: Poller[int] = Poller(fetch, interval=3, max_backoff=30, clock=clock)
    first = asyncio.create_task(poller.run())
    await asyncio.sleep(0)
    assert poller.busy and await poller.run() is None  # never two at once
    gate.set()
    assert (await first).data == 1
    assert poller.status() == "updated " + hhmmss(1000.0)
    fail = True
    delays = []
    for _ in range(6):
        outcome = await poller.run()
        assert outcome is not None and not outcome.ok
        delays.append(poller.next_delay())
    assert delays == [6, 12, 24, 30, 30, 30]
    assert poller.stale and "ConnectionError: refused" in poller.status()
    fail = False
    await poller.run()
    assert not poller.stale and poller.next_delay() == 3


async def test_a_gateway_that_is_not_there_says_so_and_keeps_the_header_readable() -> None:
    from cuetui.app import CuetuiApp
    from cuetui.config import Settings

    settings = Settings.for_gateway("http://127.0.0.1:1", jwt_secret="s" * 32, show="testing")
    app = CuetuiApp(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            await pilot.pause(0.1)
            if "no data" in state_text(app):
                break
        text = state_text(app)
        assert text.strip().startswith("▲ no data — cannot reach the gat")  # toasted in full
        # The long reason is cut; the gateway and show on the left keep their room.
        left = str(app.screen.query_one("#header-left").render())
        assert left == "cuetui │ http://127.0.0.1:1 │ show testing"
        assert app.screen.query_one("#header-left").size.width >= len(left)


async def test_a_refused_token_is_told_in_full_once_per_outage(sim) -> None:
    from cuetui.app import CuetuiApp
    from cuetui.config import Settings

    settings = Settings.for_gateway(sim.url, jwt_secret="not-the-secret" * 3, refresh=0.2)
    app = CuetuiApp(settings)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        for _ in range(100):
            await pilot.pause(0.1)
            if app.screen.poller.failures >= 3:
                break
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1
        assert "Token validation error: token signature is invalid" in errors[0]


async def test_poller_malformed_answers_and_partial_answers_do_not_back_off() -> None:
    from cuetui.client.errors import BadResponse

    answers: list[object] = []

    async def fetch() -> int:
        item = answers.pop(0)
        if item == "half":  # the first call of the fetch answered, the second failed
            poller.note_answer()
            raise ConnectionError("reset")
        if isinstance(item, Exception):
            raise item
        return 1

    poller: Poller[int] = Poller(fetch, interval=3, max_backoff=30, clock=_Clock())
    answers[:] = [ConnectionError("refused")] * 2 + [BadResponse("not JSON")] * 3 + ["half"]
    delays = []
    for _ in range(6):
        await poller.run()
        delays.append(poller.next_delay())
    # Silence backs off; an answer, even a malformed one, means the gateway is up.
    assert delays == [6, 12, 3, 3, 3, 3]
    assert poller.failures == 6 and poller.stale  # still stale: no good data came


class _Host:
    """What a screen gives a PollDriver: a fetch started by hand, timers recorded."""

    def __init__(self, fetch) -> None:
        from cuetui.core.polling import PollDriver

        self.clock = _Clock()
        self.poller: Poller[int] = Poller(fetch, interval=3, clock=self.clock)
        self.started = 0
        self.wakes: list[float | None] = []
        self.outcomes: list[tuple[bool, bool]] = []
        self.runs: list[asyncio.Task[None]] = []
        self.driver = PollDriver(
            self.poller,
            start=self._start,
            wake=self.wakes.append,
            deliver=lambda o, manual: self.outcomes.append((o.ok, manual)),
            monotonic=lambda: self.clock.now,
        )

    def _start(self) -> None:
        self.started += 1
        self.runs.append(asyncio.create_task(self.driver.run()))

    async def finish(self) -> None:
        await asyncio.gather(*self.runs)
        self.runs.clear()


async def test_driver_refreshes_during_a_fetch_run_once_it_ends() -> None:
    gate = asyncio.Event()

    async def fetch() -> int:
        await gate.wait()
        return 1

    host = _Host(fetch)
    driver = host.driver
    driver.show()  # never fetched: due at once
    assert driver.due_in() == 0 and host.wakes[-1] == 0
    driver.check()
    assert host.started == 1 and driver.in_flight
    driver.refresh(manual=True)  # ctrl+r during the fetch: queued, not a second request
    driver.refresh(manual=True)
    driver.soon(1.0)  # an action's refresh during the fetch keeps its own time
    assert host.started == 1
    await asyncio.sleep(0)
    gate.set()
    await host.finish()
    assert host.outcomes == [(True, True)]
    # The queued refresh is due now: woken at once, never through a zero-delay timer.
    assert driver.due_in() == 0 and host.wakes[-1] == 0
    driver.check()
    assert host.started == 2
    await host.finish()
    # Then the timed schedule goes on at the interval.
    assert driver.due_at == host.clock.now + 3 and host.wakes[-1] == 3


async def test_driver_never_stays_unarmed_and_recovers_after_a_hung_call() -> None:
    gate = asyncio.Event()
    fail = True

    async def fetch() -> int:
        await gate.wait()
        if fail:
            raise TimeoutError("no answer within 15s")
        return 1

    host = _Host(fetch)
    driver = host.driver
    driver.show()
    driver.check()  # a fetch that hangs
    host.clock.now += 30
    assert driver.late() == 30 and driver.status() == (
        "no answer from the gateway since " + hhmmss(1000.0),
        True,
    )
    driver.refresh(manual=True)
    gate.set()
    await host.finish()  # the hung call times out: stale by the poller, then the queued refresh
    assert host.outcomes == [(False, True)] and driver.status()[1]
    driver.check()
    fail = False
    await host.finish()
    assert host.outcomes[-1] == (True, False)
    assert driver.status() == (host.poller.status(), False)
    # A timer that never fires: the once-a-second check starts the poll when it is due.
    host.clock.now += 3
    driver.check()
    assert host.started == 3
    await host.finish()
    # An unarmed schedule on view (a bug) is armed again by the check, not left dead.
    driver.due_at = None
    driver.check()
    assert driver.due_in() == 3


async def test_driver_off_view_and_frozen() -> None:
    async def fetch() -> int:
        return 1

    host = _Host(fetch)
    driver = host.driver
    driver.show()
    driver.check()
    await host.finish()
    driver.hide()
    assert driver.due_at is None and host.wakes[-1] is None
    driver.soon(1.0)  # an action while off view: fetched on return, at once
    host.clock.now += 100
    driver.check()
    assert host.started == 1
    driver.show()
    assert host.started == 2
    await host.finish()
    driver.freeze(True)
    host.clock.now += 100
    driver.check()
    assert host.started == 2 and driver.late() is None  # frozen data is old on purpose
    driver.freeze(False)
    assert host.started == 3
    await host.finish()


async def test_driver_untimed_still_runs_asked_refreshes() -> None:
    """A finished frame's state is read untimed; an action's refresh still reads it."""

    async def fetch() -> int:
        return 1

    host = _Host(fetch)
    driver = host.driver
    driver.show()
    driver.check()
    await host.finish()
    driver.timed(False)
    assert driver.due_at is None
    host.clock.now += 100
    driver.check()
    assert host.started == 1  # no timed read
    driver.soon(1.0)  # the action's refresh
    host.clock.now += 1
    driver.check()
    assert host.started == 2
    await host.finish()
    assert driver.due_at is None  # and nothing armed after it
    driver.soon(1.0)
    driver.hide()  # left before it ran: it runs on return
    driver.show()
    assert host.started == 3
    await host.finish()
    driver.timed(True)  # running again: timed reads resume at the interval
    assert driver.due_in() == 3
