"""Every screen's footer follows one rule: compact, the screen's own keys, no palette key."""

from __future__ import annotations

from typing import Any

from tests.tui.conftest import goto_row, job_id, settle
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


def footer_of(app: Any) -> tuple[bool, list[str]]:
    footer = app.screen.query_one(Footer)
    keys = [k for k in footer.query(FooterKey)]
    return footer.compact, [k.description for k in keys if "-command-palette" in k.classes]


async def test_table_log_and_comments_screens_have_the_same_footer(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        seen = {"jobs": footer_of(app)}
        await goto_row(pilot, job_id(sim, "failing"))
        await pilot.press("c")
        await settle(pilot)
        assert type(app.screen).__name__ == "CommentsScreen"
        seen["comments"] = footer_of(app)
        await pilot.press("escape", "f")
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert type(app.screen).__name__ == "LogScreen"
        seen["log"] = footer_of(app)
        assert seen == {name: (True, []) for name in seen}


def _keys(app: Any) -> dict[str, FooterKey]:
    return {k.action: k for k in app.screen.query_one(Footer).query(FooterKey)}


async def test_the_footer_is_rebuilt_only_when_what_it_shows_changes(make_app, sim) -> None:
    """The filter line's keys while it is open, the screen's again when it closes; moving
    the focus in ways that change no key keeps the very same keys (no rebuild)."""
    app = make_app(show="testing")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        before = _keys(app)
        assert not before["filter"].disabled
        app.screen.table.focus()
        app.screen.set_focus(None)
        app.screen.table.focus()
        await settle(pilot)
        same = _keys(app)
        assert all(same[a] is before[a] for a in before), "rebuilt for nothing"
        await pilot.press("slash")
        await settle(pilot)
        assert set(_keys(app)) == {"accept", "cancel"}
        await pilot.press("escape")
        await settle(pilot)
        after = _keys(app)
        assert set(after) == set(before) and not after["filter"].disabled
        assert after["filter"] is not before["filter"]
