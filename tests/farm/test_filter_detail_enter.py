"""Enter on a filter's matchers and actions edits the one under the cursor (as E does); the
footer names it "Edit", and a read-only session has no Enter there at all."""

from __future__ import annotations

from farm_support import answer, bodies, choose, cursor_to, make_app, run, settle

from cuetui.screens.filter_detail import FilterDetailScreen
from cuetui.screens.filters import FiltersScreen
from cuetui.sim.harness import SimHarness
from cuetui.widgets.prompt import ChoiceModal, PromptModal


def footer(screen: FilterDetailScreen) -> set[str]:
    return {str(k.description) for k in screen.query("FooterKey")}


async def _detail(pilot, app) -> FilterDetailScreen:  # type: ignore[no-untyped-def]
    screen = await run(pilot, "filters testing", FiltersScreen)
    await cursor_to(pilot, screen, "hold sh9 shots")
    await pilot.press("enter")
    await settle(
        pilot, lambda: isinstance(app.screen, FilterDetailScreen) and app.screen.table.row_count
    )
    return app.screen


async def test_enter_edits_the_matcher_under_the_cursor(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 40)) as pilot:
        detail = await _detail(pilot, app)
        assert "Edit" in footer(detail) and "Open" not in footer(detail)
        shot = next(r for r in detail.table.items() if r.name == "shot: sh9")
        detail.table.move_to(shot.id)
        await pilot.pause()
        await pilot.press("enter")
        await choose(pilot, "shot")
        await choose(pilot, "begins with")
        await answer(pilot, "sh8")
        await settle(pilot, lambda: bodies(sim, "/filter.MatcherInterface/Commit"))
        assert bodies(sim, "/filter.MatcherInterface/Commit") == [
            {"matcher": {"id": shot.id, "subject": "SHOT", "type": "BEGINS_WITH", "input": "sh8"}}
        ]


async def test_readonly_has_no_enter_there(sim: SimHarness) -> None:
    app = make_app(sim, readonly=True)
    async with app.run_test(size=(120, 40)) as pilot:
        detail = await _detail(pilot, app)
        assert not {"Edit", "Open"} & footer(detail)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, (ChoiceModal, PromptModal))
        assert app.screen is detail
