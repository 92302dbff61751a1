"""`:hosts` criteria give the same rows on today's Cuebot and on one before v1.8, whose
HostSearchCriteria has no `lockStates` (its gateway drops the field and every lock state
comes back): the body sent, the rows shown, and the rows poll by id."""

from __future__ import annotations

import httpx
import pytest
from farm_support import bodies, make_app, messages, run, settle

from cuetui.core.farm_reader import FarmReader
from cuetui.screens.hosts import HostsScreen
from cuetui.sim.harness import SimHarness

GET_HOSTS = "/host.HostInterface/GetHosts"
OLD_FARM = {"HostSearchCriteria.lock_states"}
FARMS = pytest.mark.parametrize("farm", ["current", "before-1.8"])

# (command, the criteria sent, the hosts shown)
CASES = [
    ("hosts lock=locked", {"lockStates": {"state": ["LOCKED"]}}, ["render-0015"]),
    ("hosts lock=nimby", {"lockStates": {"state": ["NIMBY_LOCKED"]}}, ["ws-kwong"]),
    (
        "hosts render-001",
        {"regex": ["render-001"]},
        [f"render-001{i}" for i in range(7)],
    ),
    (
        "hosts lock=locked render-001",
        {"regex": ["render-001"], "lockStates": {"state": ["LOCKED"]}},
        ["render-0015"],
    ),
    (
        "hosts ws- lock=open,nimby",
        {"regex": ["ws-"], "lockStates": {"state": ["OPEN", "NIMBY_LOCKED"]}},
        ["ws-arojas", "ws-jsmith", "ws-kwong", "ws-mchen"],
    ),
    (
        "hosts alloc=local.general state=up lock=locked,nimby",
        {
            "allocs": ["local.general"],
            "states": {"state": ["UP"]},
            "lockStates": {"state": ["LOCKED", "NIMBY_LOCKED"]},
        },
        ["render-0015"],
    ),
]


def shown(screen: HostsScreen) -> list[str]:
    return sorted(h.name for h in screen.table.visible_items())


def as_farm(sim: SimHarness, farm: str) -> None:
    if farm != "current":
        sim.faults.unknown_fields = set(OLD_FARM)


@FARMS
async def test_lock_and_name_criteria_show_the_same_rows(sim: SimHarness, farm: str) -> None:
    as_farm(sim, farm)
    app = make_app(sim)
    async with app.run_test(size=(100, 30)) as pilot:
        for command, sent, rows in CASES:
            screen = await run(pilot, command, HostsScreen)
            assert bodies(sim, GET_HOSTS)[-1] == {"r": sent}, command
            assert shown(screen) == rows, command
    # The older farm does answer every lock state to such a body: the client sorts them out.
    r = {"r": {"lockStates": {"state": ["LOCKED"]}, "regex": ["render-001"]}}
    answer = httpx.post(sim.url + GET_HOSTS, json=r, headers=sim.headers(), timeout=10).json()
    locks = {h["lockState"] for h in answer["hosts"]["hosts"]}
    assert locks == ({"LOCKED"} if farm == "current" else {"OPEN", "LOCKED"})


@FARMS
async def test_a_host_unlocked_leaves_the_locked_view_on_the_rows_poll(
    sim: SimHarness, farm: str
) -> None:
    as_farm(sim, farm)
    app = make_app(sim)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await run(pilot, "hosts lock=locked,nimby", HostsScreen)
        assert shown(screen) == ["render-0015", "ws-kwong"]
        on_view = screen.table.keys_on_view()
        screen.rows_poll.budget = 1.0  # every list is "big": the next poll asks by id
        locked = next(h for h in sim.farm.hosts.values() if h.msg.name == "render-0015")
        with sim.farm.lock:
            locked.msg.lock_state = 0  # OPEN: unlocked by another wrangler
        sim.clear_calls()
        screen.poll_now()
        await settle(pilot, lambda: bool(sim.calls_to(GET_HOSTS)))
        assert bodies(sim, GET_HOSTS) == [
            {"r": {"ids": on_view, "lockStates": {"state": ["LOCKED", "NIMBY_LOCKED"]}}}
        ]
        await settle(pilot, lambda: shown(screen) == ["ws-kwong"])
        assert shown(screen) == ["ws-kwong"]


async def test_a_name_pattern_the_database_would_refuse_is_refused_here(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        sim.clear_calls()
        app.run_command("hosts render[", app.screen.context())
        await settle(pilot)
        assert sim.calls_to(GET_HOSTS) == []
        text = " ".join(messages(app))
        assert "name pattern render[ is not a valid regex" in text


@FARMS
async def test_dashboard_counts_locked_hosts_on_either_farm(sim: SimHarness, farm: str) -> None:
    as_farm(sim, farm)
    app = make_app(sim)
    async with app.run_test(size=(100, 30)):
        summary = await FarmReader().read(app.client, 5.0)
    assert (summary.hosts.locked, summary.hosts.nimby) == (1, 1)
    locked_read = [b for b in bodies(sim, GET_HOSTS) if "lockStates" in b["r"]]
    assert locked_read == [{"r": {"lockStates": {"state": ["LOCKED", "NIMBY_LOCKED"]}}}]
