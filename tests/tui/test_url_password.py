"""A password in the gateway URL never reaches the screen, and the farm still answers."""

from __future__ import annotations

from tests.tui.conftest import QUIET_REFRESH, settle

from cuetui.app import CuetuiApp
from cuetui.config import Settings

PASSWORD = "hunter2-Zq9"


def _app(sim, **extra) -> CuetuiApp:
    scheme, rest = sim.url.split("://")
    url = f"{scheme}://bob:{PASSWORD}@{rest}"
    settings = Settings.for_gateway(
        url, jwt_secret=sim.secret, user="tester", refresh=QUIET_REFRESH, **extra
    )
    return CuetuiApp(settings)


async def test_header_masks_the_password_and_jobs_load(sim) -> None:
    app = _app(sim, show="testing")
    async with app.run_test(size=(160, 24)) as pilot:
        await settle(pilot)
        screen = app.export_screenshot()
        assert PASSWORD not in screen
        assert "bob:***@127.0.0.1" in screen  # the header shows the URL, masked
        assert app.screen.table.counts[1] > 0  # the bearer token went out, not Basic auth
        assert all(c.authorization.startswith("Bearer ") for c in sim.calls)


async def test_dashboard_never_shows_the_password(sim) -> None:
    sim.faults.hang("*")  # stays on "connecting to <gateway>…"; the harness ends the calls
    app = _app(sim)
    app.dashboard = True
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause(0.3)
        screen = app.export_screenshot()
        assert PASSWORD not in screen
        banner = app.screen.banner_text().plain
        assert banner == f"connecting to {sim.url.replace('://', '://bob:***@')}…"
