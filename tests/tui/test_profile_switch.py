"""`:profile NAME` switches the running app to another farm of the config file."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from cuetui.app import CuetuiApp
from cuetui.config import load_settings
from cuetui.sim.harness import SimHarness


def notes(app: CuetuiApp) -> list[str]:
    return [n.message for n in app._notifications]


async def until(pilot: Any, condition: Any, what: str) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        await pilot.pause(0.05)
        if condition():
            return
    raise AssertionError(f"timed out waiting for {what}")


def two_farms(tmp_path: Path, sim: SimHarness, other: SimHarness) -> Path:
    for name, farm in (("day", sim), ("night", other)):
        (tmp_path / f"{name}.secret").write_text(farm.secret)
        (tmp_path / f"{name}.secret").chmod(0o600)
    config = tmp_path / "config.toml"
    config.write_text(
        'default_profile = "day"\nrefresh = 3600\n'
        f'[profiles.day]\ngateway = "{sim.url}"\nsecret_file = "{tmp_path / "day.secret"}"\n'
        f'[profiles.night]\ngateway = "{other.url}"\nsecret_file = "{tmp_path / "night.secret"}"\n'
        'show = "aurora"\n'
    )
    return config


async def test_profile_switches_to_the_other_farm_and_back(sim: SimHarness, tmp_path: Path) -> None:
    with SimHarness(scenario="small", seed=11) as other:
        config = two_farms(tmp_path, sim, other)
        app = CuetuiApp(load_settings({"config": str(config)}))
        async with app.run_test(size=(100, 30)) as pilot:
            await until(pilot, lambda: sim.calls_to("/show.ShowInterface/GetShows"), "day's shows")
            assert not other.calls_to("/show.ShowInterface/GetShows")
            await pilot.press("colon", *"profile night", "enter")
            await until(pilot, lambda: other.calls_to("/job.JobInterface/GetJobs"), "night's jobs")
            assert app.settings.profile == "night" and app.source_label == "night"
            assert type(app.screen).__name__ == "JobsScreen"  # night opens on its show
            assert app.current_show == "aurora"
            assert len(app.screen_stack) == 2  # day's views are gone
            await until(pilot, lambda: "Profile night: night" in notes(app), "the toast")
            before = len(sim.calls)
            await pilot.press("ctrl+r")
            await until(pilot, lambda: len(other.calls_to("/job.JobInterface/GetJobs")) > 1, "")
            assert len(sim.calls) == before  # nothing more goes to the day farm
            await pilot.press("colon", *"profile day", "enter")
            await until(pilot, lambda: app.settings.profile == "day", "back on day")


async def test_a_bad_profile_changes_nothing_and_says_why(sim: SimHarness, tmp_path: Path) -> None:
    with SimHarness(scenario="small", seed=11) as other:
        config = two_farms(tmp_path, sim, other)
        app = CuetuiApp(load_settings({"config": str(config), "readonly": True}))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("colon", *"profile nope", "enter")
            await until(pilot, lambda: any("nope" in n for n in notes(app)), "the refusal")
            said = next(n for n in notes(app) if "nope" in n)
            assert "day, night" in said
            assert app.settings.profile == "day"
            await pilot.press("colon", *"profile", "enter")
            await until(pilot, lambda: any(n.startswith("Profile: day") for n in notes(app)), "")
            await pilot.press("colon", *"profile night", "enter")
            await until(pilot, lambda: app.settings.profile == "night", "night")
            assert app.readonly and app.settings.readonly  # readonly stays readonly
