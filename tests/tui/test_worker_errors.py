"""Errors never vanish: a worker that raises is one toast for the user and a traceback in the
log file, the app goes on, and nothing secret is ever written to the log."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.tui.conftest import refresh, settle
from textual.pilot import Pilot
from textual.worker import WorkerFailed

from cuetui import applog
from cuetui.app import CuetuiApp
from cuetui.client import MintedToken
from cuetui.client import _paths as P
from cuetui.sim.harness import SimHarness


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    # Brackets in the folder: a toast drawn as markup would lose or choke on them.
    path = applog.setup(tmp_path / "logs[b]" / "cuetui.log")
    yield path
    applog.teardown()


async def settle_past_errors(pilot: Pilot[Any]) -> None:
    """`settle`, which re-raises a failed worker's error: here failing is what is tested."""
    for _ in range(10):
        try:
            await settle(pilot)
            return
        except WorkerFailed:
            await pilot.pause()  # the failed worker leaves the manager; wait for the rest
    raise AssertionError("workers kept failing")


def toasts(app: CuetuiApp) -> list[str]:
    return [n.message for n in app._notifications]


def drawn_toasts(app: CuetuiApp) -> str:
    return " ".join(str(t.render()) for t in app.screen.query("Toast"))


async def test_a_screen_worker_that_raises_is_a_toast_and_a_logged_traceback(
    make_app: Callable[..., CuetuiApp], sim: SimHarness, log_file: Path
) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(pilot)

        async def load_frames() -> None:
            raise KeyError("frameId")

        # A worker run by a screen, as every screen's poll and lookup is: Textual tells only
        # the screen, so this is the path that used to swallow the exception.
        app.screen.run_worker(load_frames(), name="_load_frames", exit_on_error=False)
        await settle_past_errors(pilot)

        expected = (
            f"internal error in load frames on the jobs screen (KeyError). "
            f"The details are in {log_file}"
        )
        assert toasts(app) == [expected]
        assert f"{log_file.parent.name}" in drawn_toasts(app)  # plain text: "[b]" kept
        # The app goes on: the jobs screen is on view and still polls the gateway.
        assert app.is_running and type(app.screen).__name__ == "JobsScreen"
        sim.clear_calls()
        await refresh(pilot)
        assert sim.calls_to(P.GET_JOBS)

    text = log_file.read_text()
    assert "ERROR cuetui.app: internal error in load frames on the jobs screen" in text
    assert "Traceback (most recent call last)" in text
    assert "in load_frames" in text and "KeyError: 'frameId'" in text


async def test_an_app_worker_that_raises_names_what_it_was_doing(
    make_app: Callable[..., CuetuiApp], log_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(show="testing")

    async def broken(*_: Any, **__: Any) -> Any:
        raise ValueError("a bug in reading the shows")

    monkeypatch.setattr(app.client, "get_shows", broken)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle_past_errors(pilot)  # the `:` completion names are read on start
        assert toasts(app) == [
            "internal error in show and allocation names (ValueError). "
            f"The details are in {log_file}"
        ]
        # The same failure again within a minute is logged, not toasted again.
        app.refresh_catalog()
        await settle_past_errors(pilot)
        assert len(toasts(app)) == 1
        assert app.is_running
    text = log_file.read_text()
    assert text.count("ValueError: a bug in reading the shows") == 2


async def test_no_secret_reaches_the_log_through_re_mints_retries_and_errors(
    make_app: Callable[..., CuetuiApp], sim: SimHarness, log_file: Path
) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(pilot)
        auth = app.client.auth
        assert isinstance(auth, MintedToken)
        first_token, minted = auth.token(), auth.minted
        sim.faults.queue("expired")  # a 401: the client mints a fresh token and resends
        await refresh(pilot)
        assert auth.minted == minted + 1
        second_token = auth.token()  # the same as the first when minted in the same second
        sim.faults.queue("error")  # a 503 to a read: retried
        await refresh(pilot)
        sim.faults.queue("garbage")  # an answer that is not JSON: the poll fails...
        await refresh(pilot)
        await refresh(pilot)  # ...and recovers

        async def send() -> None:
            # A bug that puts everything secret in its message.
            raise RuntimeError(
                f"headers={{'Authorization': 'Bearer {second_token}'}} secret={sim.secret} "
                f"token={first_token}"
            )

        app.run_worker(send(), name="send", exit_on_error=False)
        await settle_past_errors(pilot)
        assert any(t.startswith("internal error in send (RuntimeError)") for t in toasts(app))

    text = log_file.read_text()
    assert "401 on /job.JobInterface/GetJobs; minting a fresh token" in text
    assert "retry 1 in" in text
    assert "WARNING cuetui.core.polling: poll JobsScreen.fetch failed (1 in a row)" in text
    assert "poll JobsScreen.fetch back after 1 failures" in text
    assert "RuntimeError: headers={'Authorization': '**********'} secret=**********" in text
    for secret in (sim.secret, first_token, second_token, "eyJ"):
        assert secret not in text
