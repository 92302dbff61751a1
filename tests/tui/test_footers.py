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
