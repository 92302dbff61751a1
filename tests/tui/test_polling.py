"""Polling: stale state when the gateway goes away and recovery when it returns; the policy."""

from __future__ import annotations

import asyncio

from tests.tui.conftest import refresh, settle

from cuetui.polling import Poller


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
    assert poller.status() == "updated " + __import__("cuetui.polling").polling.hhmmss(1000.0)
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
        assert text.strip().startswith("▲ no data — cannot reach the gateway at http://127.0.0.1:1")
        # The long reason is cut; the gateway and show on the left keep their room.
        assert app.screen.query_one("#header-left").size.width >= 24
        assert app.screen.query_one("#header-right").size.width <= 56


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
