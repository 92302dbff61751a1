"""`:limits` on the simulator: each verb's exact request (by name, as ManageLimit reads it),
its toast, and the table after the next poll; the sim fails by-name misses as Cuebot does."""

from __future__ import annotations

from farm_support import answer, bodies, cursor_to, make_app, messages, refreshed, run, settle

from cuetui.screens.limits import LimitsScreen
from cuetui.sim.harness import SimHarness
from cuetui.widgets.confirm import ConfirmModal
from cuetui.widgets.prompt import PromptModal

L = "/limit.LimitInterface/"
GET = L + "GetAll"


def rows(screen: LimitsScreen) -> dict[str, int]:
    return {lim.name: lim.max_value for lim in screen.table.items()}


async def test_list_create_set_max_rename_delete(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await run(pilot, "limits", LimitsScreen)
        assert bodies(sim, GET)[-1] == {}
        assert rows(screen) == {"arnold": 400, "nuke": 60, "houdini": 80}
        await pilot.press("n")
        await answer(pilot, "nuke")  # taken: refused in the prompt, nothing sent
        assert isinstance(app.screen, PromptModal) and app.screen.title_text == "New limit"
        await answer(pilot, "katana")
        await answer(pilot, "25")
        await settle(pilot, lambda: bodies(sim, L + "Create"))
        assert bodies(sim, L + "Create") == [{"name": "katana", "maxValue": 25}]
        await refreshed(pilot, sim, GET, screen)
        assert rows(screen)["katana"] == 25
        assert any("katana" in m for m in messages(app))
        await cursor_to(pilot, screen, "nuke")
        await pilot.press("m")
        await answer(pilot, "120")
        await settle(pilot, lambda: bodies(sim, L + "SetMaxValue"))
        assert bodies(sim, L + "SetMaxValue") == [{"name": "nuke", "maxValue": 120}]
        await refreshed(pilot, sim, GET, screen)
        assert rows(screen)["nuke"] == 120
        await cursor_to(pilot, screen, "katana")
        await pilot.press("R")
        await answer(pilot, "katana-fx")
        await settle(pilot, lambda: bodies(sim, L + "Rename"))
        assert bodies(sim, L + "Rename") == [{"oldName": "katana", "newName": "katana-fx"}]
        await refreshed(pilot, sim, GET, screen)
        assert "katana" not in rows(screen) and rows(screen)["katana-fx"] == 25
        await cursor_to(pilot, screen, "katana-fx")
        await pilot.press("d")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert app.focused is not None and app.focused.id == "cancel"
        await pilot.press("escape")
        await pilot.pause()
        assert bodies(sim, L + "Delete") == []
        await pilot.press("d")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("right", "enter")
        await settle(pilot, lambda: bodies(sim, L + "Delete"))
        assert bodies(sim, L + "Delete") == [{"name": "katana-fx"}]
        await refreshed(pilot, sim, GET, screen)
        assert set(rows(screen)) == {"arnold", "nuke", "houdini"}


async def test_a_limit_gone_elsewhere_is_toasted_in_cuebots_words(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await run(pilot, "limits", LimitsScreen)
        await cursor_to(pilot, screen, "houdini")
        for lim in list(sim.farm.limits.values()):
            if lim.name == "houdini":
                lim.name = "houdini-old"  # renamed by another wrangler
        await pilot.press("m")
        await answer(pilot, "10")
        await settle(pilot, lambda: bodies(sim, L + "SetMaxValue"))
        await settle(pilot, lambda: any("expected 1, actual 0" in m for m in messages(app)))
        await refreshed(pilot, sim, GET, screen)
        assert rows(screen)["houdini-old"] == 80
