"""A theme picked in the palette is saved in the config file, and the next start opens with
it (issue #10, convention 4); a file that cannot be written is said, not a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.tui.conftest import settle

from cuetui.config import load_settings


def _notes(app: Any) -> list[tuple[str, str]]:
    return [(n.message, n.severity) for n in app._notifications]


async def _pick_theme(pilot: Any, name: str) -> None:
    """ctrl+p, "theme", Enter, the theme's name, Enter: as a user picks one."""
    await pilot.press("ctrl+p")
    await pilot.pause(0.2)
    await pilot.press(*"theme")
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause(0.2)
    await pilot.press(*name)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()
    await settle(pilot)


async def test_a_theme_picked_in_the_palette_is_saved(make_app, sim, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f'# mine\n\n[profiles.farm]\ngateway = "{sim.url}"  # the sim\n')
    settings = load_settings({"config": str(path)}, {"CUETUI_JWT_SECRET": sim.secret})
    assert settings.prefs_path == path and settings.theme is None
    app = make_app(prefs_path=path, profile=settings.profile)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.theme == "cuetui"
        await _pick_theme(pilot, "nord")
        assert app.theme == "nord"
        assert (f"Theme nord saved in {path}", "information") in _notes(app)
    assert path.read_text() == (
        f'# mine\ntheme = "nord"\n\n[profiles.farm]\ngateway = "{sim.url}"  # the sim\n'
    )
    again = load_settings({"config": str(path)}, {"CUETUI_JWT_SECRET": sim.secret})
    app = make_app(theme=again.theme)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.theme == "nord"


async def test_a_theme_that_cannot_be_saved_says_why(make_app, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    path = blocker / "config.toml"
    app = make_app(prefs_path=path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await _pick_theme(pilot, "dracula")
        assert app.theme == "dracula"  # the pick holds for this run
        ((message, severity),) = [n for n in _notes(app) if n[0].startswith("Theme")]
    assert severity == "warning"
    assert message == f"Theme dracula not saved: cannot read {path}: Not a directory"


async def test_no_file_no_save(make_app) -> None:
    """Settings made in code (tests, embedding) have nowhere to save: nothing is written."""
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await _pick_theme(pilot, "nord")
        assert app.theme == "nord"
        assert not [n for n in _notes(app) if n[0].startswith("Theme")]
