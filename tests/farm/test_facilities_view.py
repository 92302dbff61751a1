"""`:facilities` on the simulator: the facilities the allocations name, with their sums, and
Enter opening the facility's hosts."""

from __future__ import annotations

from farm_support import bodies, cursor_to, make_app, opened, run

from cuetui.screens.facilities import FacilitiesScreen
from cuetui.screens.hosts import HostsScreen
from cuetui.sim.harness import SimHarness

GET = "/facility.AllocationInterface/GetAll"


async def test_facilities_sum_their_allocations_and_open_their_hosts(sim: SimHarness) -> None:
    app = make_app(sim)
    allocs = list(sim.farm.allocs.values())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await run(pilot, "facilities", FacilitiesScreen)
        assert bodies(sim, GET)[-1] == {}
        rows = {f.name: f for f in screen.table.items()}
        assert set(rows) == {a.facility.msg.name for a in allocs}
        for name, row in rows.items():
            mine = [a for a in allocs if a.facility.msg.name == name]
            assert row.allocations == tuple(sorted(a.msg.name for a in mine))
        local = await cursor_to(pilot, screen, "local")
        hosts_of_local = {
            h.msg.name for h in sim.farm.hosts.values() if h.alloc.msg.name in local.allocations
        }
        await pilot.press("enter")
        hosts = await opened(pilot, HostsScreen)
        assert {h.name for h in hosts.table.items()} == hosts_of_local
