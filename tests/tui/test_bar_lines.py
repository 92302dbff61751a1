"""The `/` and `:` lines show their prompt, and the footer shows the line's own keys."""

from __future__ import annotations

from typing import Any

from tests.tui.conftest import settle
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


def footer_keys(app: Any) -> list[str]:
    return [k.description for k in app.screen.query_one(Footer).query(FooterKey)]


def screen_line(app: Any, y: int) -> str:
    return app.screen._compositor.render_strips()[y].text.rstrip()


async def test_filter_line_has_a_prompt_and_its_keys_in_the_footer(make_app) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Filter" in footer_keys(app)
        await pilot.press("slash", *"jsmith")
        await settle(pilot)
        assert screen_line(app, 22) == " /jsmith"
        assert footer_keys(app) == ["Apply", "Clear"]
        await pilot.press("enter")
        await settle(pilot)
        assert "Filter" in footer_keys(app)


async def test_command_line_has_a_prompt_and_its_keys_in_the_footer(make_app) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("colon", *"sh")
        await settle(pilot)
        assert screen_line(app, 22) == " :shows"  # `ows` is the completion
        assert footer_keys(app) == ["Run", "Close", "Complete"]
        await pilot.press("escape")
        await settle(pilot)
        assert "Filter" in footer_keys(app)


async def test_filter_line_says_when_the_text_is_not_a_regex(make_app) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"[sh0")
        await settle(pilot)
        assert screen_line(app, 22).endswith("not a regex: matching as text")
        await pilot.press("ctrl+u", *"sh0")
        await settle(pilot)
        assert "regex" not in screen_line(app, 22)


async def test_command_line_placeholder_fits_80_columns(make_app) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("colon")
        await settle(pilot)
        assert screen_line(app, 22).startswith(" :shows")
        assert screen_line(app, 22).endswith("quit")
