"""Subscriptions from :subs: size and burst in cores (centcores on the wire), new, delete."""

from __future__ import annotations

from farm_support import answer, bodies, cursor_to, make_app, refreshed, run, said, settle

from cuetui.models import Subscription
from cuetui.screens.allocs import AllocsScreen
from cuetui.screens.subs import SubsScreen
from cuetui.sim.harness import SimHarness
from cuetui.widgets.confirm import ConfirmModal
from cuetui.widgets.prompt import PromptModal
from cuetui.widgets.sub_bar import use_bar

SUB = "/subscription.SubscriptionInterface/"
GET_SUBS = "/show.ShowInterface/GetSubscriptions"
CREATE = "/show.ShowInterface/CreateSubscription"


def row(screen: SubsScreen, alloc: str) -> Subscription:
    return next(s for s in screen.table.items() if s.allocation_name == alloc)


async def test_size_asks_cores_confirms_and_sends_centcores(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await run(pilot, "subs testing", SubsScreen)
        sub = await cursor_to(pilot, screen, "local.general.testing")
        await pilot.press("m")
        await settle(pilot, lambda: isinstance(app.screen, PromptModal))
        assert app.screen.query_one("Input").value == "128"  # cores, not 12800
        await answer(pilot, "nan")
        assert isinstance(app.screen, PromptModal)  # refused under the field, nothing sent
        await answer(pilot, "150.5")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("right", "enter")
        await settle(pilot, lambda: sim.calls_to(SUB + "SetSize"))
        assert bodies(sim, SUB + "SetSize") == [{"subscription": {"id": sub.id}, "newSize": 15050}]
        await said(pilot, "Set size 150.5 cores done for local.general.testing", exact=True)
        await refreshed(pilot, sim, GET_SUBS, screen)
        assert row(screen, "local.general").size == 15050


async def test_burst_is_one_prompt_on_every_marked_row(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await run(pilot, "subs testing", SubsScreen)
        await pilot.press("plus")  # mark every row
        await pilot.press("M")
        await answer(pilot, "300")
        await settle(pilot, lambda: len(sim.calls_to(SUB + "SetBurst")) == 3)
        assert {b["burst"] for b in bodies(sim, SUB + "SetBurst")} == {30000}
        await said(pilot, "Set burst 300 cores done for 3 subscriptions", exact=True)
        await refreshed(pilot, sim, GET_SUBS, screen)
        assert {s.burst for s in screen.table.items()} == {30000}


async def test_new_subscription_from_an_allocations_subs(sim: SimHarness) -> None:
    """From :allocs, u on local.desktop: n asks the show, size and burst; cores on the wire."""
    app = make_app(sim)
    async with app.run_test(size=(100, 30)) as pilot:
        allocs = await run(pilot, "allocs", AllocsScreen)
        desktop = await cursor_to(pilot, allocs, "local.desktop")
        await pilot.press("u")
        await settle(pilot, lambda: isinstance(app.screen, SubsScreen))
        subs = app.screen
        assert {s.show_name for s in subs.table.items()} == {"testing"}
        await pilot.press("n")
        await answer(pilot, "nosuch")
        assert isinstance(app.screen, PromptModal)  # not a show of this farm
        await answer(pilot, "pipeline")
        await answer(pilot, "12.5")
        await answer(pilot, "40")
        await settle(pilot, lambda: sim.calls_to(CREATE))
        (create,) = bodies(sim, CREATE)
        show_id = next(s.msg.id for s in sim.farm.shows.values() if s.msg.name == "pipeline")
        assert create == {
            "show": {"id": show_id},
            "allocationId": desktop.id,
            "size": 12.5,
            "burst": 40.0,
        }
        await said(pilot, "Created subscription local.desktop.pipeline", exact=True)
        await refreshed(pilot, sim, "/facility.AllocationInterface/GetSubscriptions", subs)
        new = next(s for s in subs.table.items() if s.show_name == "pipeline")
        assert (new.size, new.burst) == (1250, 4000)


async def test_a_second_subscription_is_refused_with_cuebots_words(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(100, 30)) as pilot:
        await run(pilot, "subs testing", SubsScreen)
        await pilot.press("n")
        await answer(pilot, "local.gpu")
        await answer(pilot, "1")
        await answer(pilot, "2")
        await settle(pilot, lambda: sim.calls_to(CREATE))
        text = await said(pilot, "Create subscription failed for local.gpu.testing")
        assert "duplicate key" in text


async def test_delete_asks_and_cuebot_refuses_one_with_running_cores(sim: SimHarness) -> None:
    sim.tick(3)
    app = make_app(sim)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await run(pilot, "subs testing", SubsScreen)
        busy = next(s for s in screen.table.items() if s.reserved_cores > 0)
        idle = next(s for s in screen.table.items() if s.reserved_cores == 0)
        await cursor_to(pilot, screen, busy.name)
        await pilot.press("d")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("right", "enter")
        await settle(pilot, lambda: sim.calls_to(SUB + "Delete"))
        assert "You cannot delete a subscription with running procs" in await said(pilot, "Delete")
        await cursor_to(pilot, screen, idle.name)
        await pilot.press("d")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("enter")  # Cancel is focused
        await settle(pilot)
        assert len(sim.calls_to(SUB + "Delete")) == 1
        await pilot.press("d")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("right", "enter")
        await settle(pilot, lambda: len(sim.calls_to(SUB + "Delete")) == 2)
        assert bodies(sim, SUB + "Delete")[-1] == {"subscription": {"id": idle.id}}
        await said(pilot, f"Deleted subscription {idle.name}", exact=True)
        await refreshed(pilot, sim, GET_SUBS, screen)
        assert idle.id not in {s.id for s in screen.table.items()}


async def test_readonly_hides_and_refuses_every_subscription_verb(sim: SimHarness) -> None:
    app = make_app(sim, readonly=True)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await run(pilot, "subs testing", SubsScreen)
        for verb in ("size", "burst", "create", "delete"):
            assert screen.check_action("verb", (verb,)) is False
            screen.action_verb(verb)
        await pilot.press("m", "M", "n", "d")
        await settle(pilot)
        assert app.screen is screen
        assert not [c for c in sim.calls if c.path.startswith(SUB) or c.path == CREATE]


def test_the_bar_marks_size_and_fills_to_the_use() -> None:
    # 10 cells over a burst of 100: used 30 -> 3 cells, the size mark at 50.
    assert use_bar((30, 50, 100), 10).plain == "███··│····"
    assert use_bar((0, 0, 0), 4).plain == "····"
    bursting = use_bar((80, 50, 100), 10)
    assert bursting.plain == "████████··"
    assert {s.style for s in bursting.spans[5:8]} == {"yellow"}
