"""--readonly removes every action key (footer, help, palette) and refuses them."""

from __future__ import annotations

from tests.tui.conftest import goto_row, job_id, settle
from textual.command import CommandPalette
from textual.widgets import Footer

from cuetui.commands import ScreenCommands
from cuetui.screens.help import binding_rows

VERBS = {"Pause", "Retry", "Eat", "Kill", "Set priority", "Set min cores", "Set max cores"}
LAYER_VERBS = {"Retry", "Eat", "Kill", "Tags", "Set min cores", "Set min memory"}


def footer_labels(app) -> set[str]:
    footer = app.screen.query_one(Footer)
    return {key.description for key in footer.query("FooterKey")}


async def palette_titles(app) -> set[str]:
    provider = ScreenCommands(app.screen)
    return {title for title, _, _ in provider._commands()}


async def test_readonly_hides_and_refuses_job_and_layer_verbs(make_app, sim) -> None:
    app = make_app(show="testing", readonly=True)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await goto_row(pilot, job_id(sim, "failing"))
        sim.clear_calls()
        assert not VERBS & footer_labels(app)
        assert not VERBS & {d for _, d in binding_rows(app.screen)}
        assert not VERBS & await palette_titles(app)
        assert {"Frames", "Comments", "Filter"} <= {d for _, d in binding_rows(app.screen)}
        for key in ("p", "r", "e", "ctrl+k", "P", "m", "M"):
            await pilot.press(key)
            await settle(pilot)
        assert app.screen is not None and type(app.screen).__name__ == "JobsScreen"
        # Refused by the screen itself too (the palette path goes through check_action).
        await app.screen.run_action("kill")
        await settle(pilot)
        await pilot.press("enter")  # layers
        await settle(pilot)
        assert not LAYER_VERBS & {d for _, d in binding_rows(app.screen)}
        for key in ("r", "e", "ctrl+k", "t", "m", "M"):
            await pilot.press(key)
            await settle(pilot)
        writes = [c.path for c in sim.calls if "/Get" not in c.path and "/Find" not in c.path]
        assert writes == []


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
