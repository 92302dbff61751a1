"""LogScreen driven by keys on real files: shows, follows, searches, pages, explains."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Static

from cuetui.screens.log import LogScreen
from cuetui.widgets.log_view import LogView


class Host(App[None]):
    def __init__(self, screen: LogScreen) -> None:
        super().__init__()
        self.log_screen = screen

    def on_mount(self) -> None:
        self.push_screen(self.log_screen)


@pytest.fixture(autouse=True)
def fast_poll(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LogScreen, "POLL_SECONDS", 0.2)


def text_of(screen: LogScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def settle(
    pilot: Pilot[Any],
    screen: LogScreen,
    until: Callable[[], Any] | None = None,
    timeout: float = 10.0,
) -> None:
    """Let the thread workers finish (and `until()` hold, when given).

    It used to give up silently after 50 short pauses (about a second): on a busy machine the
    file poll had not read the new lines yet, and the test failed later on a confusing
    assertion. Now it waits up to `timeout` and says what never happened.
    """
    deadline = time.monotonic() + timeout  # generous: the test machines are shared
    while True:
        await pilot.pause(0.02)
        busy = [w for w in screen.workers if w.is_running and w.group != "log-poll"]
        if not busy and (until is None or until()):
            break
        if time.monotonic() >= deadline:
            view = screen.query_one(LogView)
            raise AssertionError(
                f"the log screen did not settle: busy {[w.name for w in busy]}, "
                f"last lines {view.lines[-3:]}"
            )
    # Scrolling to the end waits for a refresh (the view may have just been laid out).
    await pilot.pause()
    await pilot.pause()


async def test_shows_the_end_and_follows_appended_lines(tmp_path: Path) -> None:
    log = tmp_path / "job.0001-render.rqlog"
    log.write_text("".join(f"line {i}\n" for i in range(200)))
    screen = LogScreen(log, title="job 0001-render", running=True)
    async with Host(screen).run_test(size=(80, 24)) as pilot:
        await settle(pilot, screen)
        view = screen.query_one(LogView)
        assert view.lines[-1] == "line 199"
        assert view.is_vertical_scroll_end
        assert str(log) in text_of(screen, "#log-title")
        assert "following" in text_of(screen, "#log-status")
        with open(log, "a") as f:
            f.write("line 200\nline 2")
        await settle(pilot, screen, until=lambda: view.lines[-1] == "line 2")
        assert view.lines[-2:] == ["line 200", "line 2"]
        with open(log, "a") as f:
            f.write("01\n")
        await settle(pilot, screen, until=lambda: view.lines[-1] == "line 201")
        assert view.lines[-2:] == ["line 200", "line 201"]
        assert view.is_vertical_scroll_end


async def test_search_highlights_and_steps_through_matches(tmp_path: Path) -> None:
    log = tmp_path / "a.rqlog"
    body = [f"step {i}" for i in range(100)]
    body[10] = "ERROR: texture missing"
    body[60] = "Error: out of memory"
    log.write_text("\n".join(body) + "\n")
    screen = LogScreen(log)
    async with Host(screen).run_test(size=(80, 24)) as pilot:
        await settle(pilot, screen)
        view = screen.query_one(LogView)
        await pilot.press("slash", *"error", "enter")
        await settle(pilot, screen)
        assert view.matches == [10, 60]
        assert view.current == 60  # the newest one first
        assert "match 2/2" in text_of(screen, "#log-status")
        await pilot.press("N")
        assert view.current == 10
        assert view.scroll_y <= 10 < view.scroll_y + view.size.height
        await pilot.press("n")
        assert view.current == 60
        # Escape leaves the search line before it leaves the screen.
        await pilot.press("slash", "escape")
        assert screen.is_current


async def test_missing_log_names_the_path_and_why(tmp_path: Path) -> None:
    missing = tmp_path / "job.0002-render.rqlog"
    screen = LogScreen(missing, title="job 0002-render")
    async with Host(screen).run_test(size=(80, 24)) as pilot:
        await settle(pilot, screen)
        message = text_of(screen, "#log-message")
        assert str(missing) in message
        assert "no such file" in message
        # It appears once the frame starts: the viewer opens it by itself.
        missing.write_text("started\n")
        view = screen.query_one(LogView)
        await settle(pilot, screen, until=lambda: view.lines == ["started"])
        assert view.lines == ["started"]


async def test_unmounted_log_dir_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "shots" / "logs" / "a.rqlog"
    screen = LogScreen(path)
    async with Host(screen).run_test(size=(80, 24)) as pilot:
        await settle(pilot, screen)
        message = text_of(screen, "#log-message")
        assert str(path) in message and "mounted" in message


async def test_brackets_cycle_attempts(tmp_path: Path) -> None:
    base = tmp_path / "j.0001-r.rqlog"
    (tmp_path / "j.0001-r.rqlog.1").write_text("attempt one\n")
    (tmp_path / "j.0001-r.rqlog.2").write_text("attempt two\n")
    base.write_text("attempt three\n")
    screen = LogScreen(base)
    async with Host(screen).run_test(size=(80, 24)) as pilot:
        await settle(pilot, screen)
        view = screen.query_one(LogView)
        assert view.lines == ["attempt three"]
        assert "attempt 3/3, latest" in text_of(screen, "#log-title")
        await pilot.press("left_square_bracket")
        await settle(pilot, screen)
        assert view.lines == ["attempt two"]
        await pilot.press("left_square_bracket")
        await settle(pilot, screen)
        assert view.lines == ["attempt one"] and "attempt 1/3" in text_of(screen, "#log-title")
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot, screen)
        assert view.lines == ["attempt three"]


async def test_large_log_opens_at_the_end_and_loads_on_demand(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(LogScreen, "CHUNK_BYTES", 8 * 1024)
    log = tmp_path / "big.rqlog"
    total = 50_000
    log.write_text("".join(f"frame output line {i:06d}\n" for i in range(total)))
    screen = LogScreen(log)
    async with Host(screen).run_test(size=(80, 24)) as pilot:
        await settle(pilot, screen)
        view = screen.query_one(LogView)
        assert view.lines[-1] == f"frame output line {total - 1:06d}"
        loaded = len(view.lines)
        assert loaded < 1000  # only the last chunk
        assert "loaded" in text_of(screen, "#log-status")
        # Scrolling to the top of what is loaded reads the chunk before it.
        await pilot.press("ctrl+home")
        view.scroll_to(y=0, animate=False)
        await pilot.pause()
        await settle(pilot, screen)
        assert len(view.lines) > loaded
        assert view.scroll_y > 0  # the same text stays on view
        # g opens the top of the file without reading the rest.
        await pilot.press("g")
        await settle(pilot, screen)
        assert view.lines[0] == "frame output line 000000"
        assert len(view.lines) < 1000
        await pilot.press("G")
        await settle(pilot, screen)
        assert view.lines[-1] == f"frame output line {total - 1:06d}"
        assert view.is_vertical_scroll_end


async def test_search_reads_earlier_chunks_to_find_a_match(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(LogScreen, "CHUNK_BYTES", 4 * 1024)
    log = tmp_path / "big.rqlog"
    lines = [f"progress {i:06d}" for i in range(20_000)]
    lines[5] = "Fatal: license server not reachable"
    log.write_text("\n".join(lines) + "\n")
    screen = LogScreen(log)
    async with Host(screen).run_test(size=(80, 24)) as pilot:
        await settle(pilot, screen)
        view = screen.query_one(LogView)
        assert "license" not in "".join(view.lines)
        await pilot.press("slash", *"license", "enter")
        await settle(pilot, screen)
        assert view.current is not None
        assert view.lines[view.current] == "Fatal: license server not reachable"
        assert view.scroll_y <= view.current < view.scroll_y + view.size.height


async def test_truncated_log_is_reloaded(tmp_path: Path) -> None:
    log = tmp_path / "a.rqlog"
    log.write_text("".join(f"old {i}\n" for i in range(50)))
    screen = LogScreen(log)
    async with Host(screen).run_test(size=(80, 24)) as pilot:
        await settle(pilot, screen)
        log.write_text("fresh start\n")
        view = screen.query_one(LogView)
        await settle(pilot, screen, until=lambda: view.lines == ["fresh start"])
        assert screen.query_one(LogView).lines == ["fresh start"]
        assert "truncated" in text_of(screen, "#log-status")


async def test_a_log_that_stops_growing_is_not_followed_until_it_grows(tmp_path: Path) -> None:
    log = tmp_path / "a.rqlog"
    log.write_text("done\n")
    screen = LogScreen(log)  # not known to be running: a finished frame's log
    async with Host(screen).run_test(size=(80, 24)) as pilot:
        await settle(pilot, screen)
        assert "end of log" in text_of(screen, "#log-status")
        assert "following" not in text_of(screen, "#log-status")
        with open(log, "a") as f:
            f.write("more\n")
        view = screen.query_one(LogView)
        await settle(pilot, screen, until=lambda: view.lines[-1] == "more")
        assert "following the end" in text_of(screen, "#log-status")
