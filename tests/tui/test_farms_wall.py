"""The farms wall: several profiles side by side, each with its own poll and outage line."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from tests.tui.screen_text import screen_text

from cuetui.app import CuetuiApp
from cuetui.config import load_settings
from cuetui.screens.farms import FarmColumn, FarmsScreen
from cuetui.serve import app_command
from cuetui.sim.harness import SimHarness

SHOWS = "/show.ShowInterface/GetShows"


async def until(pilot: Any, condition: Any, what: str) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        await pilot.pause(0.05)
        if condition():
            return
    raise AssertionError(f"timed out waiting for {what}")


def config_for(tmp_path: Path, farms: dict[str, SimHarness]) -> Path:
    lines = ['default_profile = "day"', "refresh = 0.5"]
    for name, farm in farms.items():
        secret = tmp_path / f"{name}.secret"
        secret.write_text(farm.secret)
        secret.chmod(0o600)
        lines += [f"[profiles.{name}]", f'gateway = "{farm.url}"', f'secret_file = "{secret}"']
    path = tmp_path / "config.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def column(app: CuetuiApp, name: str) -> FarmColumn:
    return next(c for c in app.screen.query(FarmColumn) if c.farm_name == name)


async def test_each_farm_polls_on_its_own_and_one_outage_leaves_the_others_live(
    sim: SimHarness, tmp_path: Path
) -> None:
    with SimHarness(scenario="small", seed=11) as night:
        config = config_for(tmp_path, {"day": sim, "night": night})
        settings = load_settings({"config": str(config)})
        app = CuetuiApp(settings, farms=("day", "night", "nope"))
        async with app.run_test(size=(180, 40)) as pilot:
            assert isinstance(app.screen, FarmsScreen) and app.readonly
            day, dark, nope = column(app, "day"), column(app, "night"), column(app, "nope")
            await until(pilot, lambda: day.summary and dark.summary, "both farms' first data")
            assert sim.calls_to(SHOWS) and night.calls_to(SHOWS)
            # Each column shows its own farm's figures.
            assert day.summary.job_count == len([j for j in sim.farm.jobs.values()
                                                 if j.msg.state == 0])  # fmt: skip
            assert dark.summary.job_count == len([j for j in night.farm.jobs.values()
                                                  if j.msg.state == 0])  # fmt: skip
            assert "no profile 'nope'" in str(nope.state_text()) or "nope" in str(nope.state_text())
            assert nope.summary is None and nope.problem
            night.stop()
            try:
                await until(pilot, lambda: dark.level() == "stale", "night's outage line")
                assert "gateway unreachable since" in str(dark.state_text())
                seen = day.poller.updated_at
                await until(pilot, lambda: day.poller.updated_at != seen, "day still polling")
                assert day.level() == "live"
                await until(pilot, lambda: "1 of 3 farms live" in screen_text(app), "the header")
            finally:
                night.start()
            await until(pilot, lambda: dark.level() == "live", "night back by itself")


def test_cuetui_farms_flag_and_serve_pass_the_farms_on() -> None:
    assert app_command({"farms": "day,night"}).endswith("--farms day,night --readonly --dashboard")
