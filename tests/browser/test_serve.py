"""`cuetui serve` in headless Chromium: the wall draws live figures, heals, and stays flat.

Chromium comes from Debian's `chromium` package (.ci/run installs it when missing); without it,
or without textual-serve (`cuetui[serve]`), these tests are skipped and say why.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from cdp import Browser, chromium_path, free_port

from cuetui.client import GatewayClient
from cuetui.config import Settings
from cuetui.sim.harness import SimHarness

try:
    import textual_serve  # noqa: F401

    HAVE_SERVE = True
except ModuleNotFoundError:
    HAVE_SERVE = False

CHROMIUM = chromium_path()
pytestmark = [
    pytest.mark.skipif(not HAVE_SERVE, reason="textual-serve is not installed (cuetui[serve])"),
    pytest.mark.skipif(
        CHROMIUM is None, reason="no Chromium here (Debian: apt-get install chromium)"
    ),
    pytest.mark.timeout(300),
]


class Served:
    """`cuetui serve` on the simulator, its app processes found by their own log file."""

    def __init__(self, sim: SimHarness, tmp: Path, port: int | None = None) -> None:
        self.port = port or free_port()
        self.log = tmp / "wall.log"
        config = tmp / "wall.toml"  # an empty config: the user's own must not apply
        config.write_text("")
        env = dict(os.environ, CUETUI_JWT_SECRET=sim.secret)
        env.pop("CUETUI_TOKEN", None)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "cuetui",
                "serve",
                "--gateway",
                sim.url,
                "--port",
                str(self.port),
                "--refresh",
                "1",
                "--config",
                str(config),
                "--log-file",
                str(self.log),
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.url = f"http://127.0.0.1:{self.port}/"
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(self.url, timeout=1).close()
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    out = self.process.stdout.read().decode() if self.process.stdout else ""
                    raise AssertionError(f"cuetui serve did not start:\n{out}") from None
                time.sleep(0.2)

    def app_pids(self) -> list[int]:
        """The cuetui app processes serving pages (not their `sh -c`)."""
        found = subprocess.run(
            ["pgrep", "-f", f"cuetui .*--log-file {self.log} --readonly"],
            capture_output=True,
            text=True,
        )
        pids = [int(p) for p in found.stdout.split()]
        return [p for p in pids if not _cmdline(p).startswith("/bin/sh")]

    def close(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@pytest.fixture
def served(sim: SimHarness, tmp_path: Path) -> Iterator[Served]:
    wall = Served(sim, tmp_path)
    yield wall
    wall.close()


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    assert CHROMIUM is not None
    chromium = Browser(CHROMIUM)
    await chromium.connect()
    await chromium.send("Page.enable")
    yield chromium
    await chromium.close()


async def wait_for(browser: Browser, expression: str, what: str, timeout: float = 45) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await browser.evaluate(expression):
            return
        await asyncio.sleep(0.25)
    shown = await browser.evaluate("(window.__cuetuiText || '').slice(-600)")
    raise AssertionError(f"{what}: not within {timeout:.0f} s. The page's last text: {shown!r}")


async def running_frames(sim: SimHarness) -> dict[str, int]:
    """Each show's running frames as the gateway says them (what the wall shows)."""
    settings = Settings.for_gateway(sim.url, jwt_secret=sim.secret, user="checker")
    async with GatewayClient.from_settings(settings) as client:
        return {s.name: s.show_stats.running_frames for s in await client.get_shows()}


SHOWS_DRAWN = "/testing/.test(window.__cuetuiText || '') && /pending/.test(window.__cuetuiText)"


async def open_wall(browser: Browser, wall: Served) -> None:
    await browser.send("Page.navigate", url=wall.url + "?probe=1")
    await wait_for(browser, SHOWS_DRAWN, "the dashboard's figures")


async def test_the_page_fetches_nothing_from_outside_and_is_readable_across_a_room(
    served: Served,
) -> None:
    page = urllib.request.urlopen(served.url, timeout=10).read().decode()
    assert 'data-font-size="20"' in page  # the default ?fontsize= is cuetui's, not 16
    for line in page.splitlines():
        if "http" in line and ("src=" in line or "href=" in line):
            assert "127.0.0.1" in line, f"fetched from outside the server: {line.strip()}"
    assert "googleapis" not in page


async def test_the_wall_draws_farm_figures_that_change(
    served: Served, browser: Browser, sim: SimHarness, tmp_path: Path
) -> None:
    await open_wall(browser, served)
    [app] = served.app_pids()
    assert "--readonly" in _cmdline(app) and "--dashboard" in _cmdline(app)
    assert sim.secret not in _cmdline(app)  # the secret rides in the environment only
    before = await browser.evaluate("window.__cuetuiText.length")
    running = await running_frames(sim)
    sim.tick(120)
    after = await running_frames(sim)
    changed = [str(n) for name, n in after.items() if n != running.get(name)]
    assert changed, "two farm minutes moved no show's running frames"
    # The new figures arrive as new text after the tick (Textual sends only what changed).
    numbers = " || ".join(f"/\\b{n}\\b/.test(fresh)" for n in changed)
    await wait_for(
        browser,
        f"(() => {{ const fresh = window.__cuetuiText.slice({before}); return {numbers}; }})()",
        f"the new running-frame figures {changed}",
    )
    await browser.screenshot(tmp_path / "wall.png")
    assert (tmp_path / "wall.png").stat().st_size > 10_000  # a drawn page, not a blank one


async def test_killing_the_app_leads_back_to_a_working_wall_without_input(
    served: Served, browser: Browser
) -> None:
    await open_wall(browser, served)
    [first] = served.app_pids()
    os.kill(first, signal.SIGKILL)
    # The page sees its socket close, waits for the server and reloads: a new app, redrawn.
    await wait_for(browser, "document.body.classList.contains('-closed')", "the page noticed")
    deadline = time.monotonic() + 45
    while time.monotonic() < deadline:
        pids = [p for p in served.app_pids() if p != first]
        if pids:
            break
        await asyncio.sleep(0.25)
    else:
        raise AssertionError("no new app process after the first was killed")
    await wait_for(browser, SHOWS_DRAWN, "the dashboard drawn again after the reload")
    assert not await browser.evaluate("document.body.classList.contains('-closed')")


async def test_killing_the_server_then_restarting_it_heals_the_wall(
    sim: SimHarness, tmp_path: Path, browser: Browser
) -> None:
    wall = Served(sim, tmp_path)
    try:
        await open_wall(browser, wall)
    finally:
        wall.close()
    await wait_for(browser, "document.body.classList.contains('-closed')", "the page noticed")
    await asyncio.sleep(3)  # the page retries while nothing answers
    assert "does not answer" in await browser.evaluate(
        "document.getElementById('lost-status').textContent"
    )
    again = Served(sim, tmp_path, port=wall.port)  # the page knows only its own address
    try:
        await wait_for(browser, SHOWS_DRAWN, "the wall back once the server is", timeout=60)
    finally:
        again.close()


async def test_memory_stays_flat_while_the_wall_polls(
    served: Served, browser: Browser, sim: SimHarness
) -> None:
    await open_wall(browser, served)
    [app] = served.app_pids()
    samples: list[float] = []
    for second in range(75):
        if second % 5 == 0:
            sim.tick(30)
        await asyncio.sleep(1)
        if second >= 15:  # after start-up's own growth
            samples.append(rss_mb(app) + rss_mb(served.process.pid))
    grown = samples[-1] - min(samples[:5])
    assert grown < 12, f"server + app grew {grown:.1f} MB over a minute of polling: {samples}"


async def test_the_page_says_so_when_the_gateway_is_down_and_recovers_by_itself(
    served: Served, browser: Browser, sim: SimHarness
) -> None:
    await open_wall(browser, served)
    mark = await browser.evaluate("window.__cuetuiText.length")
    sim.stop()
    try:
        await wait_for(
            browser,
            f"window.__cuetuiText.slice({mark}).includes('gateway unreachable since')",
            "the outage line on the page",
        )
    finally:
        sim.start()
    mark = await browser.evaluate("window.__cuetuiText.length")
    await wait_for(browser, f"window.__cuetuiText.slice({mark}).includes('live')", "live again")
