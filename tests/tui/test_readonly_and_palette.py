"""The palette offers the screen's verbs and the views; the footer keeps the main verbs at 80
columns. (--readonly over every screen: test_readonly_verbs.py.)"""

from __future__ import annotations

from tests.tui.conftest import settle
from textual.command import CommandPalette
from textual.widgets import Footer

from cuetui.commands import ScreenCommands

VERBS = {"Pause", "Retry", "Eat", "Kill", "Set priority", "Set min cores", "Set max cores"}


def footer_labels(app) -> set[str]:
    footer = app.screen.query_one(Footer)
    return {key.description for key in footer.query("FooterKey")}


async def palette_titles(app) -> set[str]:
    provider = ScreenCommands(app.screen)
    return {title for title, _, _ in provider._commands()}


async def test_palette_offers_screen_actions_and_views(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        titles = await palette_titles(app)
        assert titles >= VERBS
        assert {"Go to :shows", "Go to :jobs", "Go to :hosts", "Mine only"} <= titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"set priority")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert type(app.screen).__name__ == "PromptModal"


async def test_footer_at_80_columns_shows_the_main_verbs(make_app) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert {"Layers", "Frames", "Pause", "Retry", "Eat", "Kill", "Help"} <= footer_labels(app)
