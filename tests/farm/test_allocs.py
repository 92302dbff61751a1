"""Allocations and subscriptions against the simulated gateway: render, drill, billable."""

from __future__ import annotations

from typing import Any

from farm_support import bodies, cursor_to, make_app, opened, refreshed, run, said, settle

from cuetui.models import Allocation
from cuetui.screens.allocs import AllocsScreen
from cuetui.screens.hosts import HostsScreen
from cuetui.screens.subs import SubsScreen
from cuetui.sim.harness import SimHarness
from cuetui.widgets.confirm import ConfirmModal

ALLOC = "/facility.AllocationInterface/"
GET_ALL = ALLOC + "GetAll"


def by_name(screen: AllocsScreen) -> dict[str, Allocation]:
    return {a.name: a for a in screen.table.visible_items()}


def billable_calls(sim: SimHarness) -> list[dict[str, Any]]:
    return bodies(sim, ALLOC + "SetBillable")


async def test_renders_allocations_with_their_counts(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await run(pilot, "allocs", AllocsScreen)
        allocs = by_name(screen)
        assert set(allocs) == {"local.general", "local.desktop", "local.gpu", "cloud.general"}
        general = allocs["local.general"].stats
        assert (general.hosts, general.cores) == (16, 256.0)
        assert general.locked_hosts == 1  # render-0015
        assert general.down_hosts >= 2  # render-0014 DOWN, render-0016 REPAIR
        # The app also reads allocation names once for `:` completion: same body.
        assert bodies(sim, GET_ALL) and all(b == {} for b in bodies(sim, GET_ALL))
        shown = {c.key for c in screen.table._shown}
        assert {"name", "billable", "cores", "idle", "run", "hosts", "locked", "down"} <= shown


async def test_find_down_hosts_lock_one_and_see_the_locked_count(sim: SimHarness) -> None:
    """The issue's walk: an allocation's DOWN hosts, lock one, the allocation counts it."""
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        allocs = await run(pilot, "allocs", AllocsScreen)
        before = by_name(allocs)["local.general"].stats.locked_hosts
        await cursor_to(pilot, allocs, "local.general")
        await pilot.press("enter")
        await opened(pilot, HostsScreen)
        hosts = app.screen
        assert bodies(sim, "/host.HostInterface/GetHosts")[-1] == {
            "r": {"allocs": ["local.general"]}
        }
        assert hosts.crumb() == "hosts alloc=local.general"
        await pilot.press("slash", *"DOWN", "enter")
        await pilot.pause()
        down = [h.name for h in hosts.table.visible_items()]
        assert "render-0014" in down
        assert all(h.state == "DOWN" for h in hosts.table.visible_items())
        host = await cursor_to(pilot, hosts, "render-0014")
        await pilot.press("L")
        await settle(pilot, lambda: sim.calls_to("/host.HostInterface/Lock"))
        assert bodies(sim, "/host.HostInterface/Lock") == [{"host": {"id": host.id}}]
        await pilot.press("escape", "escape")  # clear the filter, then back to allocations
        await settle(pilot, lambda: app.screen is allocs)
        await refreshed(pilot, sim, GET_ALL, allocs)
        assert by_name(allocs)["local.general"].stats.locked_hosts == before + 1


async def test_billable_toggles_after_confirming(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await run(pilot, "allocs", AllocsScreen)
        alloc = await cursor_to(pilot, screen, "local.gpu")
        assert not alloc.billable
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("enter")  # Cancel
        await settle(pilot)
        assert billable_calls(sim) == []
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("right", "enter")
        await settle(pilot, lambda: billable_calls(sim))
        # What ManageAllocation.setBillable looks up: "<facility>.<name>" (the id rides along).
        key = {"id": alloc.id, "name": "gpu", "facility": "local"}
        assert billable_calls(sim) == [{"allocation": key, "value": True}]
        await said(pilot, "Set billable done for local.gpu", exact=True)
        await refreshed(pilot, sim, GET_ALL, screen)
        assert screen.table.get_item(alloc.id).billable
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("right", "enter")
        await settle(pilot, lambda: len(billable_calls(sim)) == 2)
        assert billable_calls(sim)[-1] == {"allocation": key, "value": False}
        await refreshed(pilot, sim, GET_ALL, screen)
        assert not screen.table.get_item(alloc.id).billable


async def test_billable_of_an_allocation_renamed_since_the_read_fails_as_cuebot_does(
    sim: SimHarness,
) -> None:
    """Cuebot finds the allocation by facility + name: renamed meanwhile, it answers 500."""
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await run(pilot, "allocs", AllocsScreen)
        alloc = await cursor_to(pilot, screen, "local.gpu")
        sim.farm.allocs[alloc.id].msg.name = "local.gpu2"  # renamed in CueCommander
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("right", "enter")
        await settle(pilot, lambda: billable_calls(sim))
        text = await said(pilot, "Set billable failed for local.gpu")
        assert "Incorrect result size: expected 1, actual 0" in text
        assert not sim.farm.allocs[alloc.id].msg.billable


async def test_readonly_refuses_billable(sim: SimHarness) -> None:
    app = make_app(sim, readonly=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await run(pilot, "allocs", AllocsScreen)
        assert screen.check_action("verb", ("billable",)) is False
        await pilot.press("b")
        screen.action_verb("billable")
        await settle(pilot)
        assert app.screen is screen and billable_calls(sim) == []


async def test_subscriptions_of_an_allocation_in_cores(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        allocs = await run(pilot, "allocs", AllocsScreen)
        alloc = await cursor_to(pilot, allocs, "local.general")
        await pilot.press("u")
        await opened(pilot, SubsScreen)
        subs = app.screen
        assert bodies(sim, ALLOC + "GetSubscriptions") == [{"allocation": {"id": alloc.id}}]
        rows = {s.show_name: s for s in subs.table.visible_items()}
        assert set(rows) == {"testing", "pipeline", "aurora"}
        # 16 hosts x 16 cores: size is half (12800 hundredths), burst all of it.
        size = next(c for c in subs.table._cols if c.key == "size")
        burst = next(c for c in subs.table._cols if c.key == "burst")
        assert size.fmt(size.value(rows["testing"])) == "128"
        assert burst.fmt(burst.value(rows["testing"])) == "256"


async def test_subscriptions_of_a_show(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await run(pilot, "subs testing", SubsScreen)
        (find,) = bodies(sim, "/show.ShowInterface/FindShow")
        assert find == {"name": "testing"}
        show_id = sim.calls_to("/show.ShowInterface/GetSubscriptions")[0].body["show"]["id"]
        assert show_id
        rows = {s.allocation_name: s for s in screen.table.visible_items()}
        assert set(rows) == {"local.general", "local.gpu", "local.desktop"}
        used = next(c for c in screen.table._cols if c.key == "used")
        reserved = rows["local.general"].reserved_cores
        assert used.fmt(used.value(rows["local.general"])) == f"{reserved / 100:g}"
        await cursor_to(pilot, screen, "local.general.testing")
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, HostsScreen))
        assert app.screen.criteria.alloc == ("local.general",)
